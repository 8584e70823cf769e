/**
 * Starts the real local stack once per test run: a fresh database (dropped afterwards), the
 * PlanetScale HTTP server, the local B2 with strict SigV4, compute, and the edge worker in
 * Miniflare. Tests reach them over HTTP through the values provided here.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { freePort, LOCAL_CREDENTIALS, startStack } from "../../local/stack.js";
import { startWorker } from "../../local/worker.js";
import { startOpenAiServer } from "./openai-server.js";
import { startStripeServer } from "./stripe-server.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    edgeUrl: string;
    databaseUrl: string;
    planetscaleUrl: string;
    s3Endpoint: string;
    computeUrl: string;
    computeEnv: Record<string, string>;
    edgeVars: Record<string, string>;
    projectRoot: string;
    stripeUrl: string;
    /** The local OpenAI server's base URL (…/v1) and key, as compute and the worker are given them. */
    openaiUrl: string;
    openaiKey: string;
  }
}

/** Credit packs the tests' worker sells; billing tests read them back from edgeVars.CREDIT_PACKS. */
const TEST_CREDIT_PACKS = [
  { id: "starter", name: "Starter", credits: 500, price_cents: 1_000, currency: "usd" },
  { id: "bulk", name: "Bulk", credits: 2_500, price_cents: 4_000, currency: "eur" },
];

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const s3Directory = join(projectRoot, ".local", `test-s3-${runId}`);
  const quiet = process.env.TEST_VERBOSE ? (line: string) => console.log(line) : undefined;
  const openai = await startOpenAiServer();
  const openaiVars = { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url, OPENAI_MODEL: "gpt-test-mini" };
  const stack = await startStack({
    projectRoot,
    databaseName: `agensium_test_${runId}`,
    dropDatabaseOnClose: true,
    s3Directory,
    log: quiet,
    // Progress four times a second: the progress tests' multi-second jobs must report while an
    // agent is mid-way through its rows, and each cleaning agent now takes about a second.
    computeEnv: {
      ENVIRONMENT: "test",
      HEARTBEAT_INTERVAL_MS: "500",
      PROGRESS_INTERVAL_MS: "250",
      ...openaiVars,
      AI_SUMMARY_TIMEOUT_MS: "5000",
    },
  });
  const edgePort = await freePort();
  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  const stripe = await startStripeServer();
  const edgeVars = {
    ...stack.edgeVars,
    ENVIRONMENT: "development",
    PUBLIC_URL: edgeUrl,
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: `whsec_test_${runId}`,
    STRIPE_API_URL: stripe.url,
    CREDIT_PACKS: JSON.stringify(TEST_CREDIT_PACKS),
    ...openaiVars,
    CHAT_RATE_LIMIT_PER_MINUTE: "6",
    CHAT_TURN_CREDITS: "2",
    CHAT_TIMEOUT_MS: "5000",
  };
  const worker = await startWorker({ projectRoot, vars: edgeVars, port: edgePort, quiet: !process.env.TEST_VERBOSE });

  project.provide("edgeUrl", worker.url);
  project.provide("databaseUrl", stack.databaseUrl);
  project.provide("planetscaleUrl", stack.planetscaleUrl);
  project.provide("s3Endpoint", stack.s3Endpoint);
  project.provide("computeUrl", stack.computeUrl);
  project.provide("computeEnv", stack.computeEnv);
  project.provide("edgeVars", edgeVars);
  project.provide("projectRoot", projectRoot);
  project.provide("stripeUrl", stripe.url);
  project.provide("openaiUrl", openai.url);
  project.provide("openaiKey", openai.apiKey);

  return async () => {
    // Last resort: if closing hangs or a stray handle still holds the process after it, leave
    // anyway (with the exit code the run already set) instead of hanging CI.
    setTimeout(
      () => {
        console.error("test teardown: something kept the process alive; exiting");
        process.exit();
      },
      Number(process.env.TEARDOWN_EXIT_AFTER_MS ?? 60_000),
    ).unref();
    await worker.close();
    await stripe.close();
    await openai.close();
    await stack.close();
    rmSync(s3Directory, { recursive: true, force: true });
    rmSync(join(projectRoot, ".local", `edge-bundle-${process.pid}`), { recursive: true, force: true });
  };
}

export { LOCAL_CREDENTIALS };
