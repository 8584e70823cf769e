/** Response pieces the billing routes share. */
export { errorResponses } from "../openapi.js";

/** Every authenticated billing route can answer these. */
export const authErrors = { 401: "No, invalid or expired access token", 403: "Account disabled or not verified" };
