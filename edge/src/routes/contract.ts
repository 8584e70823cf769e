/**
 * What the OpenAPI document says beyond each route's own entry: the security schemes, the
 * schemas of bodies read raw (signed bytes), the servers, and the errors the shared middleware
 * can answer on any route. A route file lists what its handler decides; the answers of the body
 * limit, the media-type check, the validators, the auth check and a database outage are added
 * here from the route's own declaration, so no route can forget them.
 */
import { callbackEventSchema, SIGNATURE_HEADER } from "@agensium/shared";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../context.js";
import { MAX_JSON_BODY_BYTES } from "../middleware/json-body-limit.js";
import { stripeEventSchema } from "./billing/stripe-event.js";
import { errorBodySchema } from "./openapi.js";

type Registry = OpenAPIHono<AppEnv>["openAPIRegistry"];
type RouteConfig = Extract<Registry["definitions"][number], { type: "route" }>["route"];
type ResponseEntry = { description: string; content?: Record<string, { schema: unknown }> };

/** Where `npm run dev` serves the worker. */
const LOCAL_DEVELOPMENT_URL = "http://127.0.0.1:8787";

export const COMPUTE_CALLBACK_EVENT = "ComputeCallbackEvent";
export const STRIPE_EVENT = "StripeEvent";

/** A request body the handler reads as raw bytes (to check a signature), documented but not validated by the router. */
export function rawJsonBody(schemaName: string, description: string) {
  return {
    required: true,
    description,
    content: { "application/json": { schema: { $ref: `#/components/schemas/${schemaName}` } } },
  };
}

function registerSecuritySchemes(registry: Registry): void {
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "`Authorization: Bearer <token>`: an access token from POST /auth/login or POST /auth/verify-otp (a JWT, about an hour), " +
      "or an API key (`agk_…`) from POST /api-keys sent the same way. A key is accepted only by routes that name the scope it needs " +
      "(task and billing reads); elsewhere it answers 403 AUTH_API_KEY_NOT_ALLOWED.",
  });
  registry.registerComponent("securitySchemes", "streamTicket", {
    type: "apiKey",
    in: "query",
    name: "ticket",
    description: "A 60-second ticket from POST /tasks/{id}/events/ticket; accepted only by GET /tasks/{id}/events",
  });
  registry.registerComponent("securitySchemes", "computeSignature", {
    type: "apiKey",
    in: "header",
    name: SIGNATURE_HEADER,
    description:
      "Compute's HMAC-SHA256 (hex) over the timestamp, method, path, job id and body with the shared secret, " +
      "sent with x-agensium-timestamp and x-agensium-job-id; refused when older than 5 minutes",
  });
  registry.registerComponent("securitySchemes", "stripeSignature", {
    type: "apiKey",
    in: "header",
    name: "Stripe-Signature",
    description: "Stripe's signature of the raw body with the webhook's signing secret (STRIPE_WEBHOOK_SECRET)",
  });
}

const hasZodJsonBody = (route: RouteConfig) => {
  const content = route.request?.body?.content as Record<string, { schema?: unknown }> | undefined;
  const schema = content?.["application/json"]?.schema as { $ref?: string } | undefined;
  return schema !== undefined && schema.$ref === undefined;
};

/** The errors a route can meet before or around its handler, from what the route declares. */
function sharedErrors(route: RouteConfig): Record<number, string> {
  const request = route.request ?? {};
  const errors: Record<number, string> = {};
  if (request.params || request.query || request.headers || request.body) {
    errors[400] = "VALIDATION_ERROR: the request's path, query, headers or body do not match this operation";
  }
  const security = (route.security ?? []) as Record<string, string[]>[];
  if (security.some((requirement) => "bearerAuth" in requirement)) {
    errors[401] = "AUTH_REQUIRED, AUTH_INVALID_TOKEN or AUTH_TOKEN_EXPIRED";
    errors[403] = "AUTH_NOT_VERIFIED or AUTH_ACCOUNT_DISABLED";
  }
  if (request.body && route.path !== "/analyze") {
    errors[413] = `PAYLOAD_TOO_LARGE: bodies are limited to ${MAX_JSON_BODY_BYTES / 1024} KiB`;
  }
  if (hasZodJsonBody(route)) errors[415] = "UNSUPPORTED_MEDIA_TYPE: send the body as JSON with Content-Type: application/json";
  errors[500] = "INTERNAL_ERROR: something failed on the service's side; the request id identifies it";
  errors[503] = "SERVICE_UNAVAILABLE: the service is misconfigured or its database is briefly out of reach (Retry-After)";
  return errors;
}

/** Adds the shared errors to every route's responses; a status the route lists keeps its entry and gains the missing code. */
function addSharedErrors(registry: Registry): void {
  for (const definition of registry.definitions) {
    if (definition.type !== "route") continue;
    const responses = definition.route.responses as Record<string, ResponseEntry>;
    for (const [status, description] of Object.entries(sharedErrors(definition.route))) {
      const existing = responses[status];
      const code = description.split(/[:,\s]/)[0];
      if (!existing) {
        responses[status] = { description, content: { "application/json": { schema: errorBodySchema } } };
      } else if (!existing.description.includes(code)) {
        existing.description = `${existing.description}; ${description}`;
      }
    }
  }
}

/** Everything the document carries besides the routes; call once every route is registered. */
export function completeContract(registry: Registry): void {
  registerSecuritySchemes(registry);
  registry.register(COMPUTE_CALLBACK_EVENT, callbackEventSchema);
  registry.register(STRIPE_EVENT, stripeEventSchema);
  addSharedErrors(registry);
}

/** The document's header: this server first (as the client reached it), then the public and local addresses. */
export function documentHeader(c: Context<AppEnv>) {
  const here = new URL(c.req.url).origin;
  const candidates = [
    { url: here, description: "This server" },
    { url: c.var.config.PUBLIC_URL.replace(/\/+$/, ""), description: "The service's public address (PUBLIC_URL)" },
    { url: LOCAL_DEVELOPMENT_URL, description: "Local development (npm run dev)" },
  ];
  const servers = candidates.filter((server, i) => candidates.findIndex((other) => other.url === server.url) === i);
  return {
    openapi: "3.1.0",
    info: { title: "Agensium API", version: c.var.config.APP_VERSION, description: "Profile, clean and master data files." },
    servers,
  };
}
