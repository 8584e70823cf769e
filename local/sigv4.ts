/**
 * Strict AWS Signature Version 4 verification for S3 requests, header-signed or presigned.
 * s3rver verifies no signatures, so the local B2 runs every request through this first:
 * whatever the real store would refuse (wrong secret, tampered URL, other method or key,
 * edited expiry, a body whose Content-Type or Content-Length differs from the signed one),
 * this refuses too.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface IncomingS3Request {
  method: string;
  /** Path exactly as sent (still percent-encoded), without the query string. */
  rawPath: string;
  /** Raw query string without the leading `?`. */
  rawQuery: string;
  /** Header names lower-cased; repeated headers joined with `,`. */
  headers: Record<string, string | undefined>;
}

export type SigV4Result =
  | { ok: true; payloadHash: string; signedHeaders: string[] }
  | {
      ok: false;
      code:
        | "AccessDenied"
        | "SignatureDoesNotMatch"
        | "InvalidAccessKeyId"
        | "AuthorizationQueryParametersError"
        | "RequestExpired"
        | "RequestTimeTooSkewed";
      message: string;
    };

const ALGORITHM = "AWS4-HMAC-SHA256";
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept). */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, "%20"));
  } catch {
    return value;
  }
}

/** S3 canonical URI: each segment decoded then encoded once (S3 does not double-encode). */
function canonicalUri(rawPath: string): string {
  return rawPath
    .split("/")
    .map((segment) => encodeRfc3986(safeDecode(segment)))
    .join("/");
}

function parseQuery(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split("&")
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq < 0 ? [safeDecode(pair), ""] : [safeDecode(pair.slice(0, eq)), safeDecode(pair.slice(eq + 1))];
    });
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .filter(([name]) => name !== "X-Amz-Signature")
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** `20261123T185351Z` → epoch ms, or NaN. */
function parseAmzDate(value: string | undefined): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  if (!m) return Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

interface SignatureParts {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  payloadHash: string;
  presigned: boolean;
  expiresSeconds?: number;
}

function fail(code: Extract<SigV4Result, { ok: false }>["code"], message: string): SigV4Result {
  return { ok: false, code, message };
}

function parseCredential(credential: string) {
  const parts = credential.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") return undefined;
  const [accessKeyId, scopeDate, region, service] = parts;
  return { accessKeyId, scopeDate, region, service };
}

function extractSignature(req: IncomingS3Request, query: [string, string][]): SignatureParts | SigV4Result {
  const auth = req.headers.authorization;
  const q = new Map(query);
  if (auth) {
    if (!auth.startsWith(`${ALGORITHM} `)) return fail("AccessDenied", "Only AWS4-HMAC-SHA256 is accepted");
    const fields = new Map(
      auth
        .slice(ALGORITHM.length + 1)
        .split(",")
        .map((part) => {
          const [k, ...rest] = part.trim().split("=");
          return [k, rest.join("=")] as const;
        }),
    );
    const credential = parseCredential(fields.get("Credential") ?? "");
    const signedHeaders = fields.get("SignedHeaders");
    const signature = fields.get("Signature");
    if (!credential || !signedHeaders || !signature) return fail("AccessDenied", "Malformed Authorization header");
    return {
      ...credential,
      signedHeaders: signedHeaders.split(";"),
      signature,
      amzDate: req.headers["x-amz-date"] ?? "",
      payloadHash: req.headers["x-amz-content-sha256"] ?? "",
      presigned: false,
    };
  }
  if (q.has("X-Amz-Signature")) {
    if (q.get("X-Amz-Algorithm") !== ALGORITHM) {
      return fail("AuthorizationQueryParametersError", "X-Amz-Algorithm must be AWS4-HMAC-SHA256");
    }
    const credential = parseCredential(q.get("X-Amz-Credential") ?? "");
    const expires = Number(q.get("X-Amz-Expires"));
    if (!credential || !q.get("X-Amz-SignedHeaders") || !Number.isInteger(expires)) {
      return fail("AuthorizationQueryParametersError", "Incomplete presigned query");
    }
    if (expires < 1 || expires > MAX_PRESIGN_SECONDS) {
      return fail("AuthorizationQueryParametersError", "X-Amz-Expires must be between 1 and 604800 seconds");
    }
    return {
      ...credential,
      signedHeaders: (q.get("X-Amz-SignedHeaders") ?? "").split(";"),
      signature: q.get("X-Amz-Signature") ?? "",
      amzDate: q.get("X-Amz-Date") ?? "",
      payloadHash: req.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD",
      presigned: true,
      expiresSeconds: expires,
    };
  }
  return fail("AccessDenied", "Anonymous requests are refused: sign the request or use a presigned URL");
}

export function verifySigV4(req: IncomingS3Request, credentials: SigV4Credentials, now = Date.now()): SigV4Result {
  const query = parseQuery(req.rawQuery);
  const parts = extractSignature(req, query);
  if ("ok" in parts) return parts;

  if (parts.accessKeyId !== credentials.accessKeyId) {
    return fail("InvalidAccessKeyId", "The access key id does not exist");
  }
  if (parts.region !== credentials.region || parts.service !== "s3") {
    return fail("SignatureDoesNotMatch", "Credential scope names another region or service");
  }
  const signedAt = parseAmzDate(parts.amzDate);
  if (Number.isNaN(signedAt) || !parts.amzDate.startsWith(parts.scopeDate)) {
    return fail("AccessDenied", "Missing or malformed X-Amz-Date");
  }
  if (!parts.signedHeaders.includes("host")) return fail("AccessDenied", "The host header must be signed");
  if (parts.presigned) {
    if (now > signedAt + (parts.expiresSeconds ?? 0) * 1000) return fail("RequestExpired", "Request has expired");
    if (signedAt - now > MAX_CLOCK_SKEW_MS) return fail("RequestTimeTooSkewed", "Signed in the future");
  } else if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) {
    return fail("RequestTimeTooSkewed", "The difference between the request time and the server's time is too large");
  }
  if (!parts.presigned && !parts.payloadHash) return fail("AccessDenied", "Missing x-amz-content-sha256");

  // A signed header that the request lacks canonicalises to an empty value, so the signature fails.
  const canonicalHeaders = parts.signedHeaders.map((name) => `${name}:${(req.headers[name] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(req.rawPath),
    canonicalQuery(query),
    canonicalHeaders,
    parts.signedHeaders.join(";"),
    parts.payloadHash,
  ].join("\n");
  const scope = `${parts.scopeDate}/${parts.region}/${parts.service}/aws4_request`;
  const stringToSign = [ALGORITHM, parts.amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const kDate = hmac(`AWS4${credentials.secretAccessKey}`, parts.scopeDate);
  const kSigning = hmac(hmac(hmac(kDate, parts.region), parts.service), "aws4_request");
  const expected = createHmac("sha256", kSigning).update(stringToSign).digest();
  const given = Buffer.from(parts.signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided");
  }
  return { ok: true, payloadHash: parts.payloadHash, signedHeaders: parts.signedHeaders };
}

export function isHexPayloadHash(hash: string): boolean {
  return /^[0-9a-f]{64}$/.test(hash);
}

export { sha256Hex };
