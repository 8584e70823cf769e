/**
 * Compute configuration from the environment, parsed once at start-up. Development has
 * working defaults; in production a missing secret stops the process with its name.
 */
import { z } from "zod";

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  ENVIRONMENT: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8788),
  HOST: z.string().default("127.0.0.1"),
  APP_VERSION: z.string().default("2.1.0"),
  COMPUTE_SHARED_SECRET: z.string().min(16).default("development-only-compute-secret"),
  B2_ENDPOINT: z.string().url().default("http://127.0.0.1:9000"),
  B2_REGION: z.string().min(1).default("us-east-1"),
  B2_BUCKET: z.string().min(1).default("agensium-files"),
  B2_KEY_ID: z.string().min(1).default("agensiumlocal"),
  B2_APPLICATION_KEY: z.string().min(1).default("agensiumlocalsecret"),
  MAX_CONCURRENT_JOBS: int(2),
  MAX_INPUT_BYTES: int(5 * 1024 * 1024 * 1024),
  BATCH_ROWS: int(65_536),
  SPILL_DIR: z.string().default(""),
  HEARTBEAT_INTERVAL_MS: int(15_000),
  /** How often a working job sends live progress (at least every two of these while it works). */
  PROGRESS_INTERVAL_MS: int(1_000),
});

export type ComputeConfig = z.output<typeof schema>;

const REQUIRED_IN_PRODUCTION = ["COMPUTE_SHARED_SECRET", "B2_ENDPOINT", "B2_REGION", "B2_BUCKET", "B2_KEY_ID", "B2_APPLICATION_KEY"];

export function loadComputeConfig(env: NodeJS.ProcessEnv = process.env): ComputeConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  if (raw.ENVIRONMENT === "production") {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !raw[name]);
    if (missing.length > 0) throw new Error(`Missing required production setting(s): ${missing.join(", ")}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
