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
  /** Retry-After of a 429: how long the edge's queue holds the task before offering it again. */
  BUSY_RETRY_AFTER_SECONDS: int(5),
  MAX_INPUT_BYTES: int(5 * 1024 * 1024 * 1024),
  /** Rows per batch: 16,384 holds less in flight in every thread than 65,536 (−24 MiB single-threaded, −68 MiB on two) for the same CPU. */
  BATCH_ROWS: int(16_384),
  /** A batch is also cut at this many bytes (cell text + offsets), so wide files get fewer rows per batch. */
  BATCH_BYTES: int(32 * 1024 * 1024),
  /** Inputs with more columns are refused with INPUT_TOO_WIDE before anything is allocated for them. */
  MAX_COLUMNS: int(4_096),
  SPILL_DIR: z.string().default(""),
  HEARTBEAT_INTERVAL_MS: int(15_000),
  // The report's AI summary: without a key it is built from the findings, without a model.
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  /** The whole summary step (both attempts) gives up after this long and falls back. */
  AI_SUMMARY_TIMEOUT_MS: int(20_000),
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
