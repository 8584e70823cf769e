/**
 * Uploads straight to storage through the presigned URLs the edge hands out. XMLHttpRequest,
 * because fetch reports no upload progress. Above the edge's threshold a file goes in parts: each
 * part is retried a few times, and the parts already stored are kept, so after a failure the
 * upload resumes where it stopped instead of starting over.
 */
import type { MultipartTarget, PresignedPut, UploadTarget } from "./api/contract.js";

export type OnProgress = (sentBytes: number, totalBytes: number) => void;

/** Headers a page may not set itself (the browser sets them from the body). */
const FORBIDDEN = new Set(["content-length", "host"]);

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

/** One PUT of a blob, reporting bytes sent; resolves with the stored object's ETag. */
export function putBlob(
  url: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress: (sent: number) => void,
): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) if (!FORBIDDEN.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader("ETag"));
      else reject(new UploadError(`Storage answered ${xhr.status}`, xhr.status));
    };
    xhr.onerror = () => reject(new UploadError("The connection to storage broke", 0));
    xhr.onabort = () => reject(new UploadError("The upload was stopped", 0));
    xhr.send(body);
  });
}

/** A part that failed every attempt; the upload can resume from the parts already stored. */
export class PartFailed extends Error {
  constructor(
    readonly partNumber: number,
    readonly storedParts: number,
    readonly totalParts: number,
    readonly cause: Error,
  ) {
    super(`Part ${partNumber} of ${totalParts} failed: ${cause.message}`);
    this.name = "PartFailed";
  }
}

const PART_ATTEMPTS = 3;
const PARALLEL_PARTS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A multipart upload in progress: survives a failed attempt so it can resume. */
export class MultipartUpload {
  /** ETags of the parts already stored, by part number. */
  readonly stored = new Map<number, string>();
  private readonly inFlight = new Map<number, number>();

  constructor(
    readonly target: MultipartTarget,
    readonly file: Blob,
  ) {}

  private partBlob(partNumber: number): Blob {
    const size = this.target.multipart.part_size;
    return this.file.slice((partNumber - 1) * size, Math.min(partNumber * size, this.file.size));
  }

  private sent(): number {
    let total = 0;
    for (const partNumber of this.stored.keys()) total += this.partBlob(partNumber).size;
    for (const bytes of this.inFlight.values()) total += bytes;
    return total;
  }

  /** Sends every part not yet stored; throws after a part failed PART_ATTEMPTS times. */
  async send(
    onProgress: OnProgress,
    onRetry?: (partNumber: number, attempt: number) => void,
  ): Promise<{ part_number: number; etag: string }[]> {
    const pending = this.target.multipart.parts.filter((p) => !this.stored.has(p.part_number));
    const worker = async () => {
      for (let next = pending.shift(); next; next = pending.shift()) {
        const part = next;
        for (let attempt = 1; ; attempt++) {
          try {
            const etag = await putBlob(part.url, this.partBlob(part.part_number), {}, (bytes) => {
              this.inFlight.set(part.part_number, bytes);
              onProgress(this.sent(), this.file.size);
            });
            if (!etag) throw new UploadError("Storage did not return the part's ETag (is ETag exposed by the bucket's CORS rules?)", 0);
            this.inFlight.delete(part.part_number);
            this.stored.set(part.part_number, etag);
            onProgress(this.sent(), this.file.size);
            break;
          } catch (err) {
            this.inFlight.delete(part.part_number);
            if (attempt >= PART_ATTEMPTS) {
              pending.length = 0;
              throw new PartFailed(part.part_number, this.stored.size, this.target.multipart.parts.length, err as Error);
            }
            onRetry?.(part.part_number, attempt);
            await sleep(500 * 2 ** (attempt - 1));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_PARTS }, worker));
    return [...this.stored].sort(([a], [b]) => a - b).map(([part_number, etag]) => ({ part_number, etag }));
  }
}

export function isMultipart(target: UploadTarget): target is MultipartTarget {
  return "multipart" in target;
}

export async function putSingle(target: PresignedPut, file: Blob, onProgress: OnProgress): Promise<void> {
  await putBlob(target.url, file, target.headers, (sent) => onProgress(sent, file.size));
  onProgress(file.size, file.size);
}
