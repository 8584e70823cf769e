/**
 * The console's build: static files under dist/console/, which wrangler.toml's [assets] serves at
 * /console/. Relative asset URLs (base "./") let the same build run from any path or origin.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: {
    outDir: "dist/console",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
  },
});
