/** Response pieces the billing routes share. */
export { errorResponses, sessionOnlyErrors } from "../openapi.js";

/** Every authenticated billing route can answer these. */
export const authErrors = {
  401: "AUTH_REQUIRED, AUTH_INVALID_TOKEN or AUTH_TOKEN_EXPIRED: no, an invalid or an expired access token or API key",
  403: "AUTH_SCOPE_FORBIDDEN (an API key without billing:read), AUTH_NOT_VERIFIED or AUTH_ACCOUNT_DISABLED",
  429: "RATE_LIMITED: the API key's per-minute limit (Retry-After)",
};
