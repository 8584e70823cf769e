/**
 * Sends signed callbacks to the edge. Network errors, 429 and 5xx are retried with backoff
 * (the event id stays the same, so a retry the edge already applied is a harmless replay);
 * 402 and 409 mean "stop this job"; 404 means the task is gone, which also stops it.
 */
import { type CallbackEvent, signRequest } from "@agensium/shared";

export type CallbackAnswer = "ok" | "no_credits" | "stop" | "rejected";

export interface CallbackClientOptions {
  url: string;
  secret: string;
  /** The job these callbacks belong to; signed with the path, so the edge can tie each event to its task and attempt. */
  jobId: string;
  retries?: number;
  /** First retry delay; doubles each time. */
  backoffMs?: number;
  timeoutMs?: number;
  log?: (fields: Record<string, unknown>) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class CallbackClient {
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: CallbackClientOptions) {
    this.retries = options.retries ?? 5;
    this.backoffMs = options.backoffMs ?? 500;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async send(event: CallbackEvent): Promise<CallbackAnswer> {
    const body = JSON.stringify(event);
    const signed = { method: "POST", path: new URL(this.options.url).pathname, jobId: this.options.jobId, body };
    let lastError = "";
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1));
      try {
        const res = await fetch(this.options.url, {
          method: "POST",
          // Signed per try: a retry minutes later must still fall inside the edge's 5-minute window.
          headers: { "content-type": "application/json", ...(await signRequest(this.options.secret, signed)) },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const text = await res.text();
        if (res.ok) return "ok";
        if (res.status === 402) return "no_credits";
        if (res.status === 409 || res.status === 404) return "stop";
        if (res.status === 429 || res.status >= 500) {
          lastError = `edge answered ${res.status}`;
          continue;
        }
        this.options.log?.({ level: "error", msg: "callback rejected", type: event.type, status: res.status, body: text.slice(0, 500) });
        return "rejected";
      } catch (err) {
        lastError = (err as Error).message;
      }
    }
    throw new Error(`callback ${event.type} failed after ${this.retries + 1} tries: ${lastError}`);
  }
}
