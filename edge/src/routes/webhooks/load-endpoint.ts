import type { ApiKeyScope } from "@agensium/shared";
import type { Context } from "hono";
import { requireUser } from "../../auth/require-user.js";
import type { AppEnv } from "../../context.js";
import type { WebhookEndpoint } from "../../db/schema/index.js";
import { findUserWebhookEndpoint } from "../../db/webhooks.js";
import { ApiError } from "../../errors.js";
import { targetPolicy } from "../../services/webhooks/policy.js";
import { checkWebhookUrl } from "../../services/webhooks/target.js";

/** The caller's endpoint, or WEBHOOK_NOT_FOUND (another user's endpoint answers the same). */
export async function loadUserEndpoint(c: Context<AppEnv>, id: string, scope: ApiKeyScope): Promise<WebhookEndpoint> {
  const user = await requireUser(c, scope);
  const endpoint = await findUserWebhookEndpoint(c.var.db, user.id, id);
  if (!endpoint) throw new ApiError("WEBHOOK_NOT_FOUND", `No webhook endpoint ${id}`);
  return endpoint;
}

/** The URL as it will be stored (normalised by the URL parser), or the error naming why it is refused. */
export function acceptedWebhookUrl(c: Context<AppEnv>, text: string): string {
  const check = checkWebhookUrl(text, targetPolicy(c.var.config));
  if (!check.ok) throw new ApiError(check.code, `The webhook URL ${check.reason}`, { field: "url" });
  return check.url.toString();
}
