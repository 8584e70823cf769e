/**
 * Sends a file straight to storage through the presigned URLs the service handed out: one PUT
 * with the signed headers, or one PUT per part for a multipart upload, each part retried on its
 * own so a failed part does not restart the file. node:http(s) rather than fetch: the signed
 * Content-Length must go out as is and the body must stream from disk with progress.
 */
import { createReadStream } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Transform } from "node:stream";
import type { ApiClient } from "./api-client.js";
import { CliError } from "./cli-error.js";

export interface PresignedPut {
  method: "PUT";
  url: string;
  headers: Record<string, string>;
}

export interface MultipartUpload {
  multipart: { upload_id: string; part_size: number; parts: { part_number: number; url: string }[]; complete_url: string };
}

export type UploadTarget = PresignedPut | MultipartUpload;

const PART_ATTEMPTS = 3;

/** Uploads `path` (size bytes) to the target, reporting bytes sent through onProgress. */
export async function uploadFile(options: {
  client: ApiClient;
  target: UploadTarget;
  path: string;
  size: number;
  onProgress: (sent: number) => void;
}): Promise<void> {
  const { target, path, size, onProgress } = options;
  if ("method" in target) {
    await put(target.url, target.headers, () => createReadStream(path), size, onProgress);
    return;
  }
  const { part_size: partSize, parts, complete_url: completeUrl } = target.multipart;
  const etags: { part_number: number; etag: string }[] = [];
  let before = 0;
  for (const part of parts) {
    const start = (part.part_number - 1) * partSize;
    const end = Math.min(size, start + partSize);
    const partBytes = end - start;
    const base = before;
    let lastError: unknown;
    for (let attempt = 1; attempt <= PART_ATTEMPTS; attempt++) {
      try {
        const etag = await put(
          part.url,
          { "content-length": String(partBytes) },
          () => createReadStream(path, { start, end: end - 1 }),
          partBytes,
          (sent) => onProgress(base + sent),
        );
        etags.push({ part_number: part.part_number, etag });
        lastError = undefined;
        break;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
    if (lastError) throw new CliError(`Part ${part.part_number} of ${path} failed ${PART_ATTEMPTS} times: ${(lastError as Error).message}`);
    before += partBytes;
  }
  await options.client.json("POST", new URL(completeUrl).pathname, { body: { parts: etags } });
}

/** One PUT; resolves to the ETag the store answered with. */
function put(
  url: string,
  headers: Record<string, string>,
  body: () => NodeJS.ReadableStream,
  size: number,
  onProgress: (sent: number) => void,
): Promise<string> {
  const target = new URL(url);
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: "PUT", headers: { ...headers, "content-length": String(size) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(String(res.headers.etag ?? ""));
        else reject(new CliError(`The store refused the upload (HTTP ${status}): ${Buffer.concat(chunks).toString().slice(0, 300)}`));
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        onProgress(sent);
        done(null, chunk);
      },
    });
    const source = body();
    source.on("error", reject);
    source.pipe(counter).pipe(req);
  });
}
