/**
 * A receiver of webhook deliveries on a free local port, as a customer would run one. It checks
 * each request's signature with its own HMAC (node:crypto, nothing from the edge's code) and
 * answers, per path, the statuses it was told to (then 200).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import { freePort } from "../../local/stack.js";

export interface ReceivedDelivery {
  path: string;
  eventId: string | undefined;
  signature: string | undefined;
  rawBody: string;
  body: any;
  answered: number;
}

export interface WebhookReceiver {
  url(path: string): string;
  port: number;
  received: ReceivedDelivery[];
  /** The next answers for `path` (each used once), before the default 200. */
  answer(path: string, statuses: number[]): void;
  /** Waits (polling) until `path` got `count` requests; returns them. */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

/** Stripe/Svix-style check: `t=<unix>,v1=<hex hmac-sha256(secret, t + "." + body)>`, within the tolerance. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  toleranceSeconds = 300,
  now = Date.now(),
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const port = await freePort();
  const received: ReceivedDelivery[] = [];
  const planned = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const status = planned.get(path)?.shift() ?? 200;
      let body: unknown = null;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
      received.push({
        path,
        eventId: req.headers["agensium-event-id"] as string | undefined,
        signature: req.headers["agensium-signature"] as string | undefined,
        rawBody,
        body,
        answered: status,
      });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "receiver failed on purpose");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    port,
    received,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    answer(path, statuses) {
      planned.set(path, [...statuses]);
    },
    async waitFor(path, count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const at = () => received.filter((r) => r.path === path);
      while (at().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (at().length < count) throw new Error(`${path} got ${at().length} deliveries; expected ${count}`);
      return at();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
