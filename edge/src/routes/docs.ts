/**
 * GET /docs: the API reference, Swagger UI reading /openapi.json. Its script and stylesheet come
 * from the pinned swagger-ui-dist package, copied into the worker's static assets at build time
 * (local/console-build.ts → /docs/assets/), so the page loads nothing from any other host.
 */
import type { Context } from "hono";
import type { AppEnv } from "../context.js";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agensium API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<style>body{margin:0} .topbar{display:none}</style>
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: true });
</script>
</body>
</html>
`;

export function docsHandler(c: Context<AppEnv>) {
  return c.html(PAGE);
}
