import { API_KEY_SCOPES, newId } from "@agensium/shared";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { generateApiKey } from "../../auth/api-keys.js";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import { countLiveApiKeys, insertApiKey, listApiKeys, MAX_LIVE_KEYS } from "../../db/api-keys.js";
import { ApiError } from "../../errors.js";
import { apiKeySchema, apiKeyView, errorResponses, jsonBody, jsonContent, keyRouteErrors } from "./schemas.js";

const createKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: "nightly orders check" }),
    scopes: z
      .array(z.enum(API_KEY_SCOPES))
      .min(1)
      .max(API_KEY_SCOPES.length)
      .refine((scopes) => new Set(scopes).size === scopes.length, "Each scope may appear once"),
  })
  .strict();

export const createApiKeyRoute = createRoute({
  method: "post",
  path: "/api-keys",
  tags: ["api-keys"],
  operationId: "createApiKey",
  summary: "Create an API key for a pipeline; the key is shown in this answer only",
  security: [{ bearerAuth: [] }],
  request: { body: jsonBody(createKeyBody) },
  responses: {
    201: jsonContent("The key (store it now: only its hash is kept) and its description", apiKeySchema.extend({ key: z.string() })),
    ...errorResponses({ ...keyRouteErrors, 400: "VALIDATION_ERROR", 409: `API_KEY_LIMIT_REACHED: at most ${MAX_LIVE_KEYS} live keys` }),
  },
});

export const createApiKeyHandler: RouteHandler<typeof createApiKeyRoute, AppEnv> = async (c) => {
  const user = await requireUser(c);
  const { db } = c.var;
  const body = c.req.valid("json");
  if ((await countLiveApiKeys(db, user.id)) >= MAX_LIVE_KEYS) {
    throw new ApiError("API_KEY_LIMIT_REACHED", `You have ${MAX_LIVE_KEYS} live API keys; revoke one first`, {
      max_live_keys: MAX_LIVE_KEYS,
    });
  }
  const id = newId("apiKey");
  const { key, prefix, keyHash } = await generateApiKey();
  await insertApiKey(db, { id, userId: user.id, name: body.name, prefix, keyHash, scopes: body.scopes });
  const stored = (await listApiKeys(db, user.id)).find((k) => k.id === id);
  if (!stored) throw new Error(`api key ${id} vanished after insert`);
  return c.json({ ...apiKeyView(stored), key }, 201);
};
