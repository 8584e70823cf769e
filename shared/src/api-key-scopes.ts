/**
 * What an API key may do. A key carries a subset of these; a route that takes keys names the
 * scope it needs. Signing in, account changes and buying credits never take a key.
 */
export const API_KEY_SCOPES = ["tasks:read", "tasks:write", "billing:read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Every key starts with this, so a bearer value tells at once whether it is a key or a session token. */
export const API_KEY_PREFIX = "agk_live_";
