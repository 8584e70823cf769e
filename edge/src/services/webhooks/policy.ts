import type { Config } from "../../env.js";
import type { TargetPolicy } from "./target.js";

/** Production: https only and never a private address. Elsewhere a local receiver is fine unless WEBHOOK_ALLOW_PRIVATE_URLS=false. */
export function targetPolicy(config: Config): TargetPolicy {
  const production = config.ENVIRONMENT === "production";
  return { requireHttps: production, allowPrivate: !production && config.WEBHOOK_ALLOW_PRIVATE_URLS !== "false" };
}

/** The wait before attempt `attempt + 1`: base·2^(attempt-1) seconds, capped. */
export function webhookRetryDelaySeconds(config: Config, attempt: number): number {
  return Math.min(config.WEBHOOK_RETRY_BASE_SECONDS * 2 ** Math.max(0, attempt - 1), config.WEBHOOK_RETRY_MAX_SECONDS);
}
