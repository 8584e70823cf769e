/**
 * Builds what the worker serves as static assets (wrangler.toml [assets] → console/dist):
 * the console (Vite) at /console/ and the API reference's Swagger UI files at /docs/assets/.
 * The global test setup and `npm run dev` call this before the worker starts; it skips the
 * work when nothing changed since the last build, and `npm run build:console` forces it.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The Swagger UI files /docs loads (swagger-ui-dist, pinned in package.json). */
const SWAGGER_FILES = ["swagger-ui.css", "swagger-ui-bundle.js"];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export async function buildConsole(projectRoot: string, options: { force?: boolean } = {}): Promise<string> {
  const consoleDir = join(projectRoot, "console");
  const dist = join(consoleDir, "dist");
  const stamp = join(dist, "console", "index.html");
  const sources = [
    join(consoleDir, "src"),
    join(consoleDir, "index.html"),
    join(consoleDir, "vite.config.ts"),
    join(projectRoot, "package-lock.json"),
  ];
  const upToDate =
    !options.force &&
    existsSync(stamp) &&
    SWAGGER_FILES.every((f) => existsSync(join(dist, "docs", "assets", f))) &&
    newestMtime(stamp) >= Math.max(...sources.map(newestMtime));
  if (upToDate) return dist;

  const { build } = await import("vite");
  await build({ configFile: join(consoleDir, "vite.config.ts"), logLevel: "warn" });

  const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  mkdirSync(join(dist, "docs", "assets"), { recursive: true });
  for (const file of SWAGGER_FILES) copyFileSync(join(swaggerDir, file), join(dist, "docs", "assets", file));
  return dist;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  buildConsole(root, { force: true })
    .then((dist) => console.log(`console and API reference assets built into ${dist}`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
