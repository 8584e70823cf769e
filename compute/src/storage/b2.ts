/**
 * Backblaze B2 (S3 API) for compute: stream inputs down, stream outputs up. Large outputs go
 * as multipart uploads so memory holds one part at a time, whatever the file size.
 */
import { AwsClient } from "aws4fetch";

export interface B2Options {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export class B2Error extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "B2Error";
  }
}

/** S3's minimum part size is 5 MiB; 8 MiB keeps the part count low for multi-GB outputs. */
export const PART_SIZE = 8 * 1024 * 1024;

export class B2 {
  private readonly client: AwsClient;

  constructor(private readonly options: B2Options) {
    this.client = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      region: options.region,
      service: "s3",
      retries: 3,
    });
  }

  url(key: string, query?: Record<string, string>): string {
    const path = key.split("/").map(encodeURIComponent).join("/");
    const url = new URL(`${this.options.endpoint.replace(/\/$/, "")}/${this.options.bucket}/${path}`);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url.toString();
  }

  async head(key: string): Promise<{ size: number; contentType: string | null } | null> {
    const res = await this.client.fetch(this.url(key), { method: "HEAD" });
    if (res.status === 404) return null;
    if (!res.ok) throw new B2Error(`HEAD ${key} answered ${res.status}`, res.status);
    return { size: Number(res.headers.get("content-length") ?? 0), contentType: res.headers.get("content-type") };
  }

  /** The object's bytes as a stream; nothing is buffered beyond what the consumer reads. */
  async getStream(key: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const res = await this.client.fetch(this.url(key), { method: "GET", signal });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new B2Error(`GET ${key} answered ${res.status}`, res.status);
    }
    return res.body;
  }

  async getText(key: string): Promise<string | null> {
    const res = await this.client.fetch(this.url(key), { method: "GET" });
    if (res.status === 404) return null;
    if (!res.ok) throw new B2Error(`GET ${key} answered ${res.status}`, res.status);
    return res.text();
  }

  async putBytes(key: string, body: Uint8Array | string, contentType: string): Promise<number> {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const res = await this.client.fetch(this.url(key), {
      method: "PUT",
      body: bytes as Uint8Array<ArrayBuffer>,
      headers: { "content-type": contentType },
    });
    if (!res.ok) throw new B2Error(`PUT ${key} answered ${res.status}: ${await res.text()}`, res.status);
    await res.body?.cancel();
    return bytes.byteLength;
  }

  /**
   * Uploads a stream of chunks: one PUT when it fits in a part, else a multipart upload
   * (aborted on failure, so no half-written object is left). Returns the byte count.
   */
  async putStream(key: string, chunks: AsyncIterable<Uint8Array>, contentType: string): Promise<number> {
    let buffer = new Uint8Array(PART_SIZE);
    let filled = 0;
    let total = 0;
    let uploadId: string | undefined;
    const parts: { partNumber: number; etag: string }[] = [];

    const flushPart = async () => {
      uploadId ??= await this.createMultipart(key, contentType);
      const partNumber = parts.length + 1;
      parts.push({ partNumber, etag: await this.uploadPart(key, uploadId, partNumber, buffer.subarray(0, filled)) });
      buffer = new Uint8Array(PART_SIZE);
      filled = 0;
    };

    try {
      for await (const chunk of chunks) {
        let offset = 0;
        while (offset < chunk.byteLength) {
          const take = Math.min(chunk.byteLength - offset, PART_SIZE - filled);
          buffer.set(chunk.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
          total += take;
          if (filled === PART_SIZE) await flushPart();
        }
      }
      if (!uploadId) return await this.putBytes(key, buffer.subarray(0, filled), contentType);
      if (filled > 0) await flushPart();
      await this.completeMultipart(key, uploadId, parts);
      return total;
    } catch (err) {
      if (uploadId) await this.abortMultipart(key, uploadId).catch(() => undefined);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const res = await this.client.fetch(this.url(key), { method: "DELETE" });
    await res.body?.cancel();
    if (!res.ok && res.status !== 404) throw new B2Error(`DELETE ${key} answered ${res.status}`, res.status);
  }

  private async createMultipart(key: string, contentType: string): Promise<string> {
    const res = await this.client.fetch(this.url(key, { uploads: "" }), { method: "POST", headers: { "content-type": contentType } });
    const xml = await res.text();
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(xml)?.[1];
    if (!res.ok || !id) throw new B2Error(`create multipart ${key} answered ${res.status}: ${xml}`, res.status);
    return id;
  }

  private async uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string> {
    const res = await this.client.fetch(this.url(key, { partNumber: String(partNumber), uploadId }), {
      method: "PUT",
      body: body as Uint8Array<ArrayBuffer>,
    });
    await res.body?.cancel();
    const etag = res.headers.get("etag");
    if (!res.ok || !etag) throw new B2Error(`upload part ${partNumber} of ${key} answered ${res.status}`, res.status);
    return etag;
  }

  private async completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]) {
    const xml = `<CompleteMultipartUpload>${parts.map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${p.etag}</ETag></Part>`).join("")}</CompleteMultipartUpload>`;
    const res = await this.client.fetch(this.url(key, { uploadId }), {
      method: "POST",
      body: xml,
      headers: { "content-type": "application/xml" },
    });
    const text = await res.text();
    if (!res.ok || text.includes("<Error>")) throw new B2Error(`complete multipart ${key} answered ${res.status}: ${text}`, res.status);
  }

  private async abortMultipart(key: string, uploadId: string) {
    const res = await this.client.fetch(this.url(key, { uploadId }), { method: "DELETE" });
    await res.body?.cancel();
  }
}
