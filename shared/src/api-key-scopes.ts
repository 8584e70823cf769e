/**
 * What an API key may do. A key carries a subset of these; a route that takes keys names the
 * scope it needs. Signing in, account changes and buying credits never take a key.
 * `webhooks:read` lists endpoints and their deliveries; `webhooks:write` registers, changes,
 * deletes them and rotates their secrets (a pipeline that provisions its own receiver).
 */
export const API_KEY_SCOPES = ["tasks:read", "tasks:write", "billing:read", "webhooks:read", "webhooks:write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Every key starts with this, so a bearer value tells at once whether it is a key or a session token. */
export const API_KEY_PREFIX = "agk_live_";
