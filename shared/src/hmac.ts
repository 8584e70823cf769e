/**
 * HMAC-SHA256 signing for edge↔compute traffic (jobs one way, callbacks the other).
 *
 * The signature covers the timestamp, the method, the path and the job id as well as the body,
 * one per line: a captured request cannot be replayed later (the timestamp), against another
 * task (the path names it) or on behalf of another job (the job id, which the receiver checks
 * against the task's current job). Whatever the body holds, every event type is covered alike.
 * Web Crypto only: runs in Workers and Node alike.
 */
export const SIGNATURE_HEADER = "x-agensium-signature";
export const TIMESTAMP_HEADER = "x-agensium-timestamp";
export const JOB_ID_HEADER = "x-agensium-job-id";
export const SIGNATURE_MAX_AGE_SECONDS = 300;

/** What a signature binds together. `path` is the URL's pathname, without query. */
export interface SignedRequest {
  method: string;
  path: string;
  jobId: string;
  body: string;
}

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[0-9a-f]*$/i.test(hex) || hex.length % 2 !== 0) return undefined;
  const out = new Uint8Array(new ArrayBuffer(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

// Neither the method, the path nor a job id can hold a newline, so the fields cannot be shifted into one another.
function signedText(timestamp: number, request: SignedRequest): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${timestamp}\n${request.method.toUpperCase()}\n${request.path}\n${request.jobId}\n${request.body}`);
}

const SINGLE_LINE = /^[^\r\n]*$/;

/** The headers that sign `request`: timestamp, job id and signature. */
export async function signRequest(secret: string, request: SignedRequest, timestamp = Math.floor(Date.now() / 1000)) {
  if (!SINGLE_LINE.test(request.path) || !SINGLE_LINE.test(request.jobId) || !SINGLE_LINE.test(request.method)) {
    throw new Error("method, path and job id must be single lines");
  }
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), signedText(timestamp, request));
  return { [TIMESTAMP_HEADER]: String(timestamp), [JOB_ID_HEADER]: request.jobId, [SIGNATURE_HEADER]: toHex(mac) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

/**
 * Constant-time verification (crypto.subtle.verify), with the age window checked first. The
 * caller passes the method and path it was reached at and the job id header as received.
 */
export async function verifyRequest(
  secret: string,
  request: { method: string; path: string; jobId: string | null | undefined; body: string },
  timestampHeader: string | null | undefined,
  signatureHeader: string | null | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<SignatureCheck> {
  if (!timestampHeader || !signatureHeader || !request.jobId) return { ok: false, reason: "missing" };
  const timestamp = Number(timestampHeader);
  if (!Number.isInteger(timestamp)) return { ok: false, reason: "missing" };
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_MAX_AGE_SECONDS) return { ok: false, reason: "stale" };
  const mac = fromHex(signatureHeader);
  if (!mac || !SINGLE_LINE.test(request.jobId)) return { ok: false, reason: "mismatch" };
  const text = signedText(timestamp, { ...request, jobId: request.jobId });
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, text);
  return valid ? { ok: true } : { ok: false, reason: "mismatch" };
}
