/**
 * `npm run dev`: the whole stack on one machine, no cloud account.
 *   database (DATABASE_URL, else 127.0.0.1:3306, else a private mariadbd) — migrated, seeded
 *   PlanetScale HTTP server   127.0.0.1:3900  (PS_HTTP_PORT)
 *   local B2 (s3rver + SigV4) 127.0.0.1:9000  (S3_PORT)
 *   compute                   127.0.0.1:8788  (COMPUTE_PORT)
 *   edge (wrangler dev)       127.0.0.1:8787  (EDGE_PORT), with its queue and a minute cron
 * Ctrl-C stops every child.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildConsole } from "./console-build.js";
import { databaseName } from "./database.js";
import { startStack, stopChild } from "./stack.js";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main() {
  const edgePort = port("EDGE_PORT", 8787);
  // wrangler dev serves console/dist as the worker's static assets (the console, /docs' files).
  await buildConsole(projectRoot);
  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  const stack = await startStack({
    projectRoot,
    databaseName: databaseName("agensium"),
    planetscalePort: port("PS_HTTP_PORT", 3900),
    s3Port: port("S3_PORT", 9000),
    computePort: port("COMPUTE_PORT", 8788),
    s3Directory: join(projectRoot, ".local", "s3"),
    edgeUrl,
    restartCompute: true,
    log: (line) => console.log(line),
  });

  const devVars = join(projectRoot, ".local", "dev.vars");
  const vars = { ...stack.edgeVars, PUBLIC_URL: edgeUrl, ENVIRONMENT: "development" };
  writeFileSync(
    devVars,
    `${Object.entries(vars)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n")}\n`,
  );
  const wrangler: ChildProcess = spawn(
    process.execPath,
    [
      join(projectRoot, "node_modules/wrangler/bin/wrangler.js"),
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(edgePort),
      "--env-file",
      devVars,
      "--test-scheduled",
      "--show-interactive-dev-session=false",
      "--persist-to",
      join(projectRoot, ".local", "wrangler"),
    ],
    { cwd: projectRoot, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );

  console.log(
    [
      "",
      "Agensium local stack",
      `  database             ${stack.databaseUrl.replace(/\/\/[^@]*@/, "//")} (${stack.databaseSource})`,
      `  PlanetScale HTTP     ${stack.planetscaleUrl.replace(/\/\/[^@]*@/, "//")}`,
      `  B2 (S3 + SigV4)      ${stack.s3Endpoint}  bucket ${stack.edgeVars.B2_BUCKET}`,
      `  compute              ${stack.computeUrl}`,
      `  edge                 ${edgeUrl}  (cron: POST ${edgeUrl}/__dev/scheduled, API docs: ${edgeUrl}/docs)`,
      `  console              ${edgeUrl}/console/`,
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopChild(wrangler);
    await stack.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  wrangler.on("exit", (code) => void shutdown(code ?? 1));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
