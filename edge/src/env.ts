/**
 * Configuration. Every setting comes from the Worker environment (wrangler.toml vars in
 * development, secrets in production) and is parsed once per isolate into a typed Config.
 * Development has working defaults for everything; in production a missing secret stops the
 * worker with a message naming it.
 */
import { z } from "zod";

export interface Env {
  ENVIRONMENT?: string;
  APP_VERSION?: string;
  PUBLIC_URL?: string;
  DATABASE_URL?: string;
  B2_ENDPOINT?: string;
  B2_REGION?: string;
  B2_BUCKET?: string;
  B2_KEY_ID?: string;
  B2_APPLICATION_KEY?: string;
  JWT_SECRET?: string;
  ACCESS_TOKEN_TTL_SECONDS?: string;
  REFRESH_TOKEN_TTL_DAYS?: string;
  COMPUTE_URL?: string;
  COMPUTE_SHARED_SECRET?: string;
  MAIL_API_URL?: string;
  MAIL_API_KEY?: string;
  MAIL_FROM?: string;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_API_URL?: string;
  CHECKOUT_SUCCESS_URL?: string;
  CHECKOUT_CANCEL_URL?: string;
  CREDIT_PACKS?: string;
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_MODEL?: string;
  CHAT_TURN_CREDITS?: string;
  CHAT_RATE_LIMIT_PER_MINUTE?: string;
  CHAT_CONTEXT_TOKENS?: string;
  CHAT_TIMEOUT_MS?: string;
  SIGNUP_GRANT_CREDITS?: string;
  MULTIPART_THRESHOLD_BYTES?: string;
  MAX_FILE_BYTES?: string;
  RETENTION_DAYS?: string;
  QUEUE_RETRY_BASE_SECONDS?: string;
  QUEUE_RETRY_MAX_SECONDS?: string;
  JOB_DEADLINE_MINUTES?: string;
  QUEUE_MAX_WAIT_MINUTES?: string;
  DATABASE_QUERY_TIMEOUT_MS?: string;
  CORS_ORIGINS?: string;
  API_KEY_RATE_LIMIT_PER_MINUTE?: string;
  ANALYZE_MAX_BODY_BYTES?: string;
  ANALYZE_WAIT_SECONDS?: string;
  ANALYZE_SUNSET?: string;
  WEBHOOK_SECRETS_KEY?: string;
  WEBHOOK_MAX_ENDPOINTS?: string;
  WEBHOOK_TIMEOUT_MS?: string;
  WEBHOOK_MAX_ATTEMPTS?: string;
  WEBHOOK_RETRY_BASE_SECONDS?: string;
  WEBHOOK_RETRY_MAX_SECONDS?: string;
  WEBHOOK_ALLOW_PRIVATE_URLS?: string;
  TASK_QUEUE?: Queue<unknown>;
}

const creditPack = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  credits: z.number().int().positive(),
  price_cents: z.number().int().positive(),
  currency: z.string().length(3),
});
export type CreditPack = z.infer<typeof creditPack>;

const DEFAULT_PACKS: CreditPack[] = [
  { id: "starter", name: "Starter", credits: 500, price_cents: 1_000, currency: "usd" },
  { id: "team", name: "Team", credits: 3_000, price_cents: 5_000, currency: "usd" },
  { id: "scale", name: "Scale", credits: 10_000, price_cents: 15_000, currency: "usd" },
];

const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const schema = z.object({
  ENVIRONMENT: z.enum(["development", "test", "production"]).default("development"),
  APP_VERSION: z.string().default("2.1.0"),
  PUBLIC_URL: z.string().url().default("http://127.0.0.1:8787"),
  DATABASE_URL: z.string().url().default("http://agensium:agensium@127.0.0.1:3900"),
  B2_ENDPOINT: z.string().url().default("http://127.0.0.1:9000"),
  B2_REGION: z.string().min(1).default("us-east-1"),
  B2_BUCKET: z.string().min(1).default("agensium-files"),
  B2_KEY_ID: z.string().min(1).default("agensiumlocal"),
  B2_APPLICATION_KEY: z.string().min(1).default("agensiumlocalsecret"),
  JWT_SECRET: z.string().min(32).default("development-only-jwt-secret-0123456789"),
  ACCESS_TOKEN_TTL_SECONDS: int(3_600),
  REFRESH_TOKEN_TTL_DAYS: int(30),
  COMPUTE_URL: z.string().url().default("http://127.0.0.1:8788"),
  COMPUTE_SHARED_SECRET: z.string().min(16).default("development-only-compute-secret"),
  MAIL_API_URL: z.string().url().optional(),
  MAIL_API_KEY: z.string().optional(),
  MAIL_FROM: z.string().default("Agensium <no-reply@agensium.local>"),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_URL: z.string().url().optional(),
  CHECKOUT_SUCCESS_URL: z.string().url().default("http://127.0.0.1:5173/billing/success"),
  CHECKOUT_CANCEL_URL: z.string().url().default("http://127.0.0.1:5173/billing/cancel"),
  CREDIT_PACKS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return DEFAULT_PACKS;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const parsed = z.array(creditPack).min(1).safeParse(json);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: "CREDIT_PACKS must be a JSON array of packs" });
        return z.NEVER;
      }
      return parsed.data;
    }),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  /** POST /chat: credits one turn costs (0 = free), turns per user a minute, report budget, model timeout. */
  CHAT_TURN_CREDITS: int(1),
  CHAT_RATE_LIMIT_PER_MINUTE: int(20),
  CHAT_CONTEXT_TOKENS: int(6_000),
  CHAT_TIMEOUT_MS: int(30_000),
  SIGNUP_GRANT_CREDITS: int(100),
  MULTIPART_THRESHOLD_BYTES: int(100 * 1024 * 1024),
  MAX_FILE_BYTES: int(5 * 1024 * 1024 * 1024),
  RETENTION_DAYS: int(30),
  /** Dispatch retries wait base·2^(attempt-1) seconds, capped at the max. */
  QUEUE_RETRY_BASE_SECONDS: int(10),
  QUEUE_RETRY_MAX_SECONDS: int(300),
  /** How long compute may work on one job before it gives up. */
  JOB_DEADLINE_MINUTES: int(60),
  /** How long a queued task may wait for a free compute slot (compute answering 429) before it fails. */
  QUEUE_MAX_WAIT_MINUTES: int(60),
  /** Every database query is abandoned after this long and the request answers 503. */
  DATABASE_QUERY_TIMEOUT_MS: int(5_000),
  /** Browser origins allowed to call the API, comma-separated; unset = localhost in development, none in production. */
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      const origins = text
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean);
      for (const origin of origins) {
        if (origin !== "*" && !isOrigin(origin)) {
          ctx.addIssue({ code: "custom", message: `"${origin}" is not an origin (scheme://host[:port], no path)` });
          return z.NEVER;
        }
      }
      return origins;
    }),
  /** Requests one API key may make per minute (each key counted on its own). */
  API_KEY_RATE_LIMIT_PER_MINUTE: int(600),
  /**
   * POST /analyze (V1) holds the whole form in the Worker's memory (128 MB per isolate) while it
   * stores the files, so its bodies are capped well below the platform's 100 MB request limit.
   */
  ANALYZE_MAX_BODY_BYTES: int(32 * 1024 * 1024),
  /** How long POST /analyze waits for the task before answering 202 with its Location. */
  ANALYZE_WAIT_SECONDS: int(25),
  /** The Sunset date (RFC 8594) POST /analyze announces. */
  ANALYZE_SUNSET: z.string().default("Wed, 30 Jun 2027 00:00:00 GMT"),
  /** Encrypts webhook signing secrets at rest (services/webhooks/secret-box.ts); at least 32 characters. */
  WEBHOOK_SECRETS_KEY: z.string().min(32).default("development-only-webhook-secrets-key-0123"),
  /** Endpoints one user may register. */
  WEBHOOK_MAX_ENDPOINTS: int(10),
  /** One delivery attempt gives up after this long (no answer counts as a failure and is retried). */
  WEBHOOK_TIMEOUT_MS: int(10_000),
  /**
   * Attempts per event and endpoint; attempt n+1 waits base·2^(n-1) seconds, capped at the max:
   * with 12 attempts, 60 s and 8 h the last one is about 24.5 hours after the first.
   */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(12),
  WEBHOOK_RETRY_BASE_SECONDS: int(60),
  /** Cloudflare Queues delay a message by at most 12 hours. */
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(43_200).default(28_800),
  /** Loopback and private receivers (a local test receiver); never in production. Unset = allowed outside production. */
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(["true", "false"]).optional(),
});

/** `https://app.example.com` or `http://localhost:5173`: scheme, host and port only, as browsers send Origin. */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text;
  } catch {
    return false;
  }
}

export type Config = z.output<typeof schema> & { TASK_QUEUE?: Queue<unknown> };

/** Settings production must be given explicitly: a default here would be a leaked secret or a wrong endpoint. */
const REQUIRED_IN_PRODUCTION = [
  "PUBLIC_URL",
  "DATABASE_URL",
  "B2_ENDPOINT",
  "B2_REGION",
  "B2_BUCKET",
  "B2_KEY_ID",
  "B2_APPLICATION_KEY",
  "JWT_SECRET",
  "COMPUTE_URL",
  "COMPUTE_SHARED_SECRET",
  "MAIL_API_URL",
  "MAIL_API_KEY",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "WEBHOOK_SECRETS_KEY",
] as const;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const cache = new WeakMap<object, Config>();

export function loadConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === "string" && v !== ""));
  if (raw.ENVIRONMENT === "production") {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !raw[name]);
    if (missing.length > 0) throw new ConfigError(`Missing required production setting(s): ${missing.join(", ")}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  if (parsed.data.ENVIRONMENT === "production" && parsed.data.CORS_ORIGINS?.includes("*")) {
    throw new ConfigError("CORS_ORIGINS may not be * in production: list the frontend origins, comma-separated");
  }
  if (parsed.data.ENVIRONMENT === "production" && parsed.data.WEBHOOK_ALLOW_PRIVATE_URLS === "true") {
    throw new ConfigError("WEBHOOK_ALLOW_PRIVATE_URLS may not be true in production: webhooks never go to private addresses there");
  }
  const config: Config = { ...parsed.data, TASK_QUEUE: env.TASK_QUEUE };
  cache.set(env, config);
  // Once per isolate: a second line from the same isolate means the cache above stopped working.
  console.log(JSON.stringify({ level: "info", msg: "configuration parsed", environment: config.ENVIRONMENT, version: config.APP_VERSION }));
  return config;
}
