/**
 * HMAC-SHA256 signing for edge↔compute traffic (jobs one way, callbacks the other).
 * The signed string is `${timestamp}.${body}` so a captured body cannot be replayed with a
 * fresh timestamp. Web Crypto only: runs in Workers and Node alike.
 */
export const SIGNATURE_HEADER = "x-agensium-signature";
export const TIMESTAMP_HEADER = "x-agensium-timestamp";
export const SIGNATURE_MAX_AGE_SECONDS = 300;

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

export async function signBody(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const key = await hmacKey(secret);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}.${body}`));
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: toHex(mac) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

/** Constant-time verification (crypto.subtle.verify), with the age window checked first. */
export async function verifyBody(
  secret: string,
  body: string,
  timestampHeader: string | null | undefined,
  signatureHeader: string | null | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<SignatureCheck> {
  if (!timestampHeader || !signatureHeader) return { ok: false, reason: "missing" };
  const timestamp = Number(timestampHeader);
  if (!Number.isInteger(timestamp)) return { ok: false, reason: "missing" };
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_MAX_AGE_SECONDS) return { ok: false, reason: "stale" };
  const mac = fromHex(signatureHeader);
  if (!mac) return { ok: false, reason: "mismatch" };
  const key = await hmacKey(secret);
  const valid = await crypto.subtle.verify("HMAC", key, mac, encoder.encode(`${timestamp}.${body}`));
  return valid ? { ok: true } : { ok: false, reason: "mismatch" };
}
