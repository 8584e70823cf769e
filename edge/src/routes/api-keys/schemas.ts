/** Shapes the API key routes share. */
import { API_KEY_SCOPES } from "@agensium/shared";
import { z } from "@hono/zod-openapi";
import type { ApiKey } from "../../db/schema/index.js";

import { sessionOnlyErrors } from "../openapi.js";

export { errorResponses, jsonBody, jsonContent } from "../openapi.js";

export const apiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_01JD5Z8Q2W3E4R5T6Y7U8I9O0P" }),
    name: z.string(),
    prefix: z.string().openapi({ description: "The key's first characters, to tell keys apart", example: "agk_live_Xy3k9Q" }),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    created_at: z.string(),
    last_used_at: z.string().nullable().openapi({ description: "Within a minute" }),
    revoked_at: z.string().nullable(),
  })
  .openapi("ApiKey");

export function apiKeyView(key: ApiKey): z.infer<typeof apiKeySchema> {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
    revoked_at: key.revokedAt ? key.revokedAt.toISOString() : null,
  };
}

/** Managing keys takes a signed-in person: a key can never mint or revoke keys. */
export const keyRouteErrors = sessionOnlyErrors;
