/** Response pieces the billing routes share. */
export { errorResponses } from "../openapi.js";

/** Every authenticated billing route can answer these. */
export const authErrors = {
  401: "No, invalid or expired access token or API key",
  403: "Account disabled or not verified; AUTH_SCOPE_FORBIDDEN for an API key without billing:read",
  429: "RATE_LIMITED: the API key's per-minute limit (Retry-After)",
};
