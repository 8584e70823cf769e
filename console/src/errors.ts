/** Turns what went wrong into words on the page. */
import type { ErrorCode } from "@agensium/shared";
import { ApiError } from "./api/client.js";
import { ERROR_SENTENCES, type Explanation } from "./error-sentences.js";

export type { Explanation };

/** A problem the page found itself (no file chosen, …): said as is. */
export class Problem extends Error {
  constructor(
    readonly what: string,
    readonly next = "",
    /** Shown as data-code, so tests and support can tell problems apart. */
    readonly code = "PROBLEM",
  ) {
    super(what);
    this.name = "Problem";
  }
}

export function explain(code: string): Explanation {
  return ERROR_SENTENCES[code as ErrorCode] ?? ERROR_SENTENCES.INTERNAL_ERROR;
}

/** What a caught error means to the person in front of the page. */
/** The specifics an error carries: which fields are wrong, how many credits are missing. */
function factsOf(details: Record<string, unknown>): string[] {
  const facts: string[] = [];
  const fields = details.fields as Record<string, string[]> | undefined;
  if (fields && typeof fields === "object")
    for (const [path, messages] of Object.entries(fields)) facts.push(`${path}: ${messages.join("; ")}`);
  if (typeof details.required === "number" && typeof details.available === "number")
    facts.push(`These agents cost ${details.required} credits; your wallet holds ${details.available}.`);
  if (typeof details.retry_after_seconds === "number") facts.push(`You can try again in ${details.retry_after_seconds} s.`);
  if (Array.isArray(details.missing))
    for (const file of details.missing as { role?: string; reason?: string }[])
      facts.push(`${file.role ?? "file"}: ${file.reason ?? "missing"}`);
  return facts;
}

export function describeError(err: unknown): Explanation & { code: string; detail?: string; requestId?: string; facts?: string[] } {
  if (err instanceof ApiError)
    return { ...explain(err.code), code: err.code, detail: err.message, requestId: err.requestId, facts: factsOf(err.details) };
  if (err instanceof Problem) return { what: err.what, next: err.next, code: err.code };
  if (err instanceof Error && err.name === "UploadError")
    return { ...ERROR_SENTENCES.NETWORK_ERROR, code: "UPLOAD_FAILED", detail: err.message };
  return { ...ERROR_SENTENCES.INTERNAL_ERROR, code: "INTERNAL_ERROR", detail: err instanceof Error ? err.message : String(err) };
}
