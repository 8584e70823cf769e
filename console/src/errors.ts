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
export function describeError(err: unknown): Explanation & { code: string; detail?: string; requestId?: string } {
  if (err instanceof ApiError) return { ...explain(err.code), code: err.code, detail: err.message, requestId: err.requestId };
  if (err instanceof Problem) return { what: err.what, next: err.next, code: err.code };
  if (err instanceof Error && err.name === "UploadError")
    return { ...ERROR_SENTENCES.NETWORK_ERROR, code: "UPLOAD_FAILED", detail: err.message };
  return { ...ERROR_SENTENCES.INTERNAL_ERROR, code: "INTERNAL_ERROR", detail: err instanceof Error ? err.message : String(err) };
}
