/**
 * The local B2: s3rver (an S3 emulator that checks no signatures) behind a proxy that
 * verifies every request with strict SigV4 and answers browser CORS, so presigned uploads
 * and downloads behave as they will against Backblaze. Until the bucket is given CORS rules
 * (PutBucketCors, e.g. `npm run b2:cors`) the proxy allows `corsOrigins`; from then on it
 * answers exactly what the stored rules allow, as B2 does.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import S3rver from "s3rver";
import { isHexPayloadHash, type SigV4Credentials, sha256Hex, verifySigV4 } from "./sigv4.js";

export interface LocalS3Options extends SigV4Credentials {
  bucket: string;
  directory: string;
  port?: number;
  host?: string;
  /** Origins allowed to call from a browser; `*` for any. */
  corsOrigins?: string[];
}

export interface RunningLocalS3 {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** Bodies whose SHA-256 was signed are checked before they reach the store; 64 MiB is plenty for those. */
const MAX_HASHED_BODY = 64 * 1024 * 1024;

function xmlError(res: ServerResponse, status: number, code: string, message: string, cors: Record<string, string>) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/[<>&]/g, "")}</Message></Error>`;
  res.writeHead(status, { "content-type": "application/xml", "content-length": Buffer.byteLength(body), ...cors });
  res.end(body);
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  return out;
}

/** s3rver's own parser and matcher for stored CORS configurations (S3's first-matching-rule semantics). */
interface CorsRule {
  hasWildcardOrigin: boolean;
  allowedMethods: string[];
  allowedHeaders: RegExp[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}
interface CorsConfiguration {
  matchRule(origin: string, method: string): CorsRule | undefined;
}
const { S3CorsConfiguration } = createRequire(import.meta.url)("s3rver/lib/models/config") as {
  S3CorsConfiguration: new (xml: string) => CorsConfiguration;
};

/** Headers for a request under stored rules; undefined when no rule allows it. */
function ruleHeaders(req: IncomingMessage, rules: CorsConfiguration): Record<string, string> | undefined {
  const origin = req.headers.origin;
  if (!origin) return undefined;
  const preflight = req.method === "OPTIONS";
  const method = preflight ? String(req.headers["access-control-request-method"] ?? "") : (req.method ?? "GET");
  const rule = rules.matchRule(origin, method);
  if (!rule) return undefined;
  const headers: Record<string, string> = {
    "access-control-allow-origin": rule.hasWildcardOrigin ? "*" : origin,
    vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
  };
  if (!preflight) {
    if (rule.exposeHeaders.length > 0) headers["access-control-expose-headers"] = rule.exposeHeaders.join(", ");
    return headers;
  }
  const requested = String(req.headers["access-control-request-headers"] ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (!requested.every((h) => rule.allowedHeaders.some((pattern) => pattern.test(h)))) return undefined;
  headers["access-control-allow-methods"] = rule.allowedMethods.join(", ");
  if (requested.length > 0) headers["access-control-allow-headers"] = requested.join(", ");
  if (rule.maxAgeSeconds != null) headers["access-control-max-age"] = String(rule.maxAgeSeconds);
  return headers;
}

function corsHeaders(req: IncomingMessage, allowed: string[]): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  if (!allowed.includes("*") && !allowed.includes(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": "ETag, x-amz-request-id, Content-Length, Content-Type",
    vary: "Origin",
  };
}

async function readAll(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A CompleteMultipartUpload body is a short XML list of parts. */
const MAX_COMPLETE_BODY = 1024 * 1024;

/**
 * Checks a CompleteMultipartUpload against the parts s3rver holds, as S3 does. s3rver opens each
 * named part without checking it exists, and the failed read is thrown outside any handler:
 * one `complete` naming a part never uploaded took the whole process (and the local database
 * server beside it) down. Returns the S3 error to answer, or null when every part is there.
 */
function multipartCompleteError(
  directory: string,
  rawPath: string,
  uploadId: string,
  body: Buffer,
): { status: number; code: string; message: string } | null {
  const bucket = decodeURIComponent(rawPath.split("/")[1] ?? "");
  if (!/^[\w.-]+$/.test(bucket) || !/^[\w.-]+$/.test(uploadId))
    return { status: 404, code: "NoSuchUpload", message: "The specified upload does not exist" };
  // s3rver's filesystem layout: <directory>/<bucket>/._S3rver_uploads/<uploadId>/<part number> (+ .md5).
  const uploadDir = join(directory, bucket, "._S3rver_uploads", uploadId);
  if (!existsSync(join(uploadDir, "key"))) return { status: 404, code: "NoSuchUpload", message: "The specified upload does not exist" };
  const parts = [...body.toString("utf8").matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
    number: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1])?.[1] ?? Number.NaN),
    etag: (/<ETag>([\s\S]*?)<\/ETag>/.exec(m[1])?.[1] ?? "").replace(/&quot;|"/g, "").trim(),
  }));
  if (parts.length === 0 || parts.some((p) => !Number.isInteger(p.number) || p.number < 1 || p.number > 10_000)) {
    return {
      status: 400,
      code: "MalformedXML",
      message: "The XML you provided was not well-formed or did not validate against our published schema",
    };
  }
  for (let i = 1; i < parts.length; i++) {
    if (parts[i].number <= parts[i - 1].number) {
      return { status: 400, code: "InvalidPartOrder", message: "The list of parts was not in ascending order" };
    }
  }
  for (const part of parts) {
    const md5Path = join(uploadDir, `${part.number}.md5`);
    const stored = existsSync(join(uploadDir, String(part.number))) && existsSync(md5Path) ? readFileSync(md5Path, "utf8").trim() : null;
    if (stored === null || stored !== part.etag) {
      return {
        status: 400,
        code: "InvalidPart",
        message: `One or more of the specified parts could not be found (part ${part.number}): it was not uploaded, or its entity tag does not match`,
      };
    }
  }
  return null;
}

/** Query without the signature parameters: s3rver is reached anonymously once we have verified. */
function stripSignatureParams(rawQuery: string): string {
  return rawQuery
    .split("&")
    .filter((pair) => pair && !/^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)=/i.test(pair))
    .join("&");
}

const RESPONSE_OVERRIDES: Record<string, string> = {
  "response-content-disposition": "content-disposition",
  "response-content-type": "content-type",
  "response-cache-control": "cache-control",
  "response-content-language": "content-language",
  "response-expires": "expires",
  "response-content-encoding": "content-encoding",
};

function responseOverrides(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    const header = RESPONSE_OVERRIDES[name.toLowerCase()];
    if (header) out[header] = value;
  }
  return out;
}

function stripResponseParams(query: string): string {
  return query
    .split("&")
    .filter((pair) => pair && !(pair.split("=")[0].toLowerCase() in RESPONSE_OVERRIDES))
    .join("&");
}

export async function startLocalS3(options: LocalS3Options): Promise<RunningLocalS3> {
  mkdirSync(options.directory, { recursive: true });
  const host = options.host ?? "127.0.0.1";
  const store = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: options.directory,
    configureBuckets: [{ name: options.bucket, configs: [] }],
    vhostBuckets: false,
  });
  const storeAddress = (await store.run()) as AddressInfo;
  const allowedOrigins = options.corsOrigins ?? ["*"];
  // Our own agent, so close() can cut every connection to the store (an abandoned upload would
  // otherwise keep s3rver, and whoever waits for it to close, waiting forever).
  const upstreamAgent = new Agent({ keepAlive: false });

  let bucketCors: CorsConfiguration | null = null;
  // Reads the stored rules back from the store, as B2 would apply them to the next request.
  const loadBucketCors = () =>
    new Promise<void>((resolve) => {
      const get = httpRequest(
        { host: "127.0.0.1", port: storeAddress.port, path: `/${options.bucket}?cors`, agent: upstreamAgent },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => chunks.push(chunk));
          answer.on("end", () => {
            bucketCors = answer.statusCode === 200 ? new S3CorsConfiguration(Buffer.concat(chunks).toString("utf8")) : null;
            resolve();
          });
        },
      );
      get.on("error", () => resolve());
      get.end();
    });
  await loadBucketCors();
  const isCorsWrite = (method: string | undefined, rawPath: string, rawQuery: string) =>
    (method === "PUT" || method === "DELETE") &&
    rawPath.replace(/\/$/, "") === `/${options.bucket}` &&
    new URLSearchParams(rawQuery).has("cors");
  const corsFor = (req: IncomingMessage): Record<string, string> | undefined =>
    bucketCors ? ruleHeaders(req, bucketCors) : corsHeaders(req, allowedOrigins);

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    rawPath: string,
    rawQuery: string,
    body: Buffer | undefined,
    cors: Record<string, string>,
  ) {
    const headers = { ...req.headers };
    delete headers.authorization;
    headers.host = `127.0.0.1:${storeAddress.port}`;
    // s3rver refuses response-* overrides on the anonymous requests it gets from us; we verified
    // the signature (which covers them), so apply them to the answer ourselves as S3 does.
    const overrides = responseOverrides(rawQuery);
    const query = stripResponseParams(stripSignatureParams(rawQuery));
    const upstream = httpRequest(
      {
        host: "127.0.0.1",
        port: storeAddress.port,
        method: req.method,
        path: query ? `${rawPath}?${query}` : rawPath,
        headers,
        agent: upstreamAgent,
      },
      (upstreamRes) => {
        const ok = (upstreamRes.statusCode ?? 502) < 300;
        const send = () => {
          res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, ...(ok ? overrides : {}), ...cors });
          upstreamRes.pipe(res);
        };
        // New bucket rules apply from the answer on, so a GetBucketCors or preflight right after sees them.
        if (ok && isCorsWrite(req.method, rawPath, rawQuery)) void loadBucketCors().then(send);
        else send();
      },
    );
    upstream.on("error", (err) => {
      if (!res.headersSent) xmlError(res, 502, "InternalError", err.message, cors);
      else res.destroy(err);
    });
    // A client that goes away mid-request must not leave the store waiting for the rest of a body.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const allowedCors = corsFor(req);
    const cors = allowedCors ?? {};
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);

    if (req.method === "OPTIONS") {
      if (!allowedCors || Object.keys(allowedCors).length === 0)
        return xmlError(res, 403, "AccessForbidden", "CORS origin not allowed", {});
      res.writeHead(
        204,
        bucketCors
          ? allowedCors
          : {
              ...allowedCors,
              "access-control-allow-methods": "GET, PUT, POST, HEAD, DELETE",
              "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
              "access-control-max-age": "3600",
            },
      );
      return res.end();
    }

    const result = verifySigV4({ method: req.method ?? "GET", rawPath, rawQuery, headers: flatHeaders(req) }, options);
    if (!result.ok) {
      req.resume();
      return xmlError(res, 403, result.code, result.message, cors);
    }
    let body: Buffer | undefined;
    const params = new URLSearchParams(rawQuery);
    const uploadId = params.get("uploadId");
    if (req.method === "POST" && uploadId !== null && !params.has("partNumber")) {
      body = await readAll(req, MAX_COMPLETE_BODY);
      if (!body) return xmlError(res, 400, "MalformedXML", "The CompleteMultipartUpload body is too large", cors);
      if (isHexPayloadHash(result.payloadHash) && sha256Hex(body) !== result.payloadHash) {
        return xmlError(res, 400, "XAmzContentSHA256Mismatch", "The body does not match x-amz-content-sha256", cors);
      }
      const invalid = multipartCompleteError(options.directory, rawPath, uploadId, body);
      if (invalid) return xmlError(res, invalid.status, invalid.code, invalid.message, cors);
      return forward(req, res, rawPath, rawQuery, body, cors);
    }
    if (isHexPayloadHash(result.payloadHash)) {
      body = await readAll(req, MAX_HASHED_BODY);
      if (!body) return xmlError(res, 400, "EntityTooLarge", "Signed-payload bodies are limited to 64 MiB; use UNSIGNED-PAYLOAD", cors);
      if (sha256Hex(body) !== result.payloadHash) {
        return xmlError(res, 400, "XAmzContentSHA256Mismatch", "The body does not match x-amz-content-sha256", cors);
      }
    }
    forward(req, res, rawPath, rawQuery, body, cors);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) xmlError(res, 500, "InternalError", String(err), {});
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      upstreamAgent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
