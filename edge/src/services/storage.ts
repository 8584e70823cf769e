/**
 * Backblaze B2 through its S3 API, signed with aws4fetch. Files never pass through the edge:
 * browsers and compute get presigned URLs; the edge only HEADs, reads small JSON and deletes.
 */
import { AwsClient } from "aws4fetch";

export interface StorageOptions {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface PresignedRequest {
  method: "PUT" | "GET";
  url: string;
  headers: Record<string, string>;
  expires_at: string;
}

export interface ObjectHead {
  size: number;
  contentType: string | null;
  etag: string | null;
}

export class StorageError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "StorageError";
  }
}

export class Storage {
  private readonly client: AwsClient;

  constructor(private readonly options: StorageOptions) {
    this.client = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      region: options.region,
      service: "s3",
    });
  }

  /** Path-style URL of a key; each segment is encoded so keys with odd characters stay one object. */
  objectUrl(key: string): URL {
    const base = this.options.endpoint.replace(/\/$/, "");
    const path = key.split("/").map(encodeURIComponent).join("/");
    return new URL(`${base}/${this.options.bucket}/${path}`);
  }

  private bucketUrl(): URL {
    return new URL(`${this.options.endpoint.replace(/\/$/, "")}/${this.options.bucket}`);
  }

  /**
   * A PUT URL that only accepts a body of exactly this type and length: both headers are
   * signed, so the store rejects anything else.
   */
  async presignPut(key: string, contentType: string, contentLength: number, expiresSeconds = 900): Promise<PresignedRequest> {
    const url = this.objectUrl(key);
    url.searchParams.set("X-Amz-Expires", String(expiresSeconds));
    const headers = { "content-type": contentType, "content-length": String(contentLength) };
    const signed = await this.client.sign(url.toString(), {
      method: "PUT",
      headers,
      aws: { signQuery: true, allHeaders: true },
    });
    return { method: "PUT", url: signed.url, headers: { "Content-Type": contentType }, expires_at: expiresAt(expiresSeconds) };
  }

  /**
   * A PUT URL for a small file whose exact size is not known in advance (parameters.json):
   * only the Content-Type is signed; the reader checks the size with HEAD before using it.
   */
  async presignPutAnySize(key: string, contentType: string, expiresSeconds = 900): Promise<PresignedRequest> {
    const url = this.objectUrl(key);
    url.searchParams.set("X-Amz-Expires", String(expiresSeconds));
    const signed = await this.client.sign(url.toString(), {
      method: "PUT",
      headers: { "content-type": contentType },
      aws: { signQuery: true, allHeaders: true },
    });
    return { method: "PUT", url: signed.url, headers: { "Content-Type": contentType }, expires_at: expiresAt(expiresSeconds) };
  }

  /** Starts a multipart upload (S3 CreateMultipartUpload) and returns its upload id. */
  async createMultipartUpload(key: string, contentType: string): Promise<string> {
    const url = this.objectUrl(key);
    url.searchParams.set("uploads", "");
    const res = await this.client.fetch(url.toString(), { method: "POST", headers: { "content-type": contentType } });
    const xml = await res.text();
    if (!res.ok) throw new StorageError(`CreateMultipartUpload ${key} answered ${res.status}: ${xml}`, res.status);
    const match = /<UploadId>([^<]+)<\/UploadId>/.exec(xml);
    if (!match) throw new StorageError(`CreateMultipartUpload ${key} returned no UploadId`, 502);
    return decodeXml(match[1]);
  }

  /** A PUT URL for one part of a multipart upload. */
  async presignUploadPart(key: string, uploadId: string, partNumber: number, expiresSeconds = 900): Promise<string> {
    const url = this.objectUrl(key);
    url.searchParams.set("partNumber", String(partNumber));
    url.searchParams.set("uploadId", uploadId);
    url.searchParams.set("X-Amz-Expires", String(expiresSeconds));
    const signed = await this.client.sign(url.toString(), { method: "PUT", aws: { signQuery: true } });
    return signed.url;
  }

  /** Joins the uploaded parts into the object (S3 CompleteMultipartUpload). */
  async completeMultipartUpload(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void> {
    const url = this.objectUrl(key);
    url.searchParams.set("uploadId", uploadId);
    const body = `<CompleteMultipartUpload>${[...parts]
      .sort((a, b) => a.partNumber - b.partNumber)
      .map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`)
      .join("")}</CompleteMultipartUpload>`;
    const res = await this.client.fetch(url.toString(), { method: "POST", body, headers: { "content-type": "application/xml" } });
    const text = await res.text();
    // S3 may answer 200 with an <Error> body when the completion fails late.
    if (!res.ok || /<Error>/.test(text))
      throw new StorageError(`CompleteMultipartUpload ${key} answered ${res.status}: ${text}`, res.ok ? 400 : res.status);
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    const url = this.objectUrl(key);
    url.searchParams.set("uploadId", uploadId);
    const res = await this.client.fetch(url.toString(), { method: "DELETE" });
    await res.body?.cancel();
  }

  /** A GET URL that downloads as an attachment under a friendly file name. */
  async presignGet(key: string, fileName: string, expiresSeconds = 3600): Promise<PresignedRequest> {
    const url = this.objectUrl(key);
    url.searchParams.set("X-Amz-Expires", String(expiresSeconds));
    url.searchParams.set("response-content-disposition", `attachment; filename="${fileName.replace(/["\\\r\n]/g, "_")}"`);
    const signed = await this.client.sign(url.toString(), { method: "GET", aws: { signQuery: true } });
    return { method: "GET", url: signed.url, headers: {}, expires_at: expiresAt(expiresSeconds) };
  }

  async head(key: string): Promise<ObjectHead | null> {
    const res = await this.client.fetch(this.objectUrl(key).toString(), { method: "HEAD" });
    if (res.status === 404) return null;
    if (!res.ok) throw new StorageError(`HEAD ${key} answered ${res.status}`, res.status);
    return {
      size: Number(res.headers.get("content-length") ?? 0),
      contentType: res.headers.get("content-type"),
      etag: res.headers.get("etag"),
    };
  }

  /** The object's body as a stream, or null when it does not exist. */
  async get(key: string): Promise<Response | null> {
    const res = await this.client.fetch(this.objectUrl(key).toString(), { method: "GET" });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) throw new StorageError(`GET ${key} answered ${res.status}`, res.status);
    return res;
  }

  /** Stores bytes the Worker already holds (POST /analyze's form files). */
  async putBytes(key: string, body: ArrayBuffer, contentType: string): Promise<void> {
    const res = await this.client.fetch(this.objectUrl(key).toString(), {
      method: "PUT",
      body,
      headers: { "content-type": contentType },
    });
    if (!res.ok) throw new StorageError(`PUT ${key} answered ${res.status}: ${await res.text()}`, res.status);
  }

  async putText(key: string, body: string, contentType: string): Promise<void> {
    const res = await this.client.fetch(this.objectUrl(key).toString(), {
      method: "PUT",
      body,
      headers: { "content-type": contentType },
    });
    if (!res.ok) throw new StorageError(`PUT ${key} answered ${res.status}: ${await res.text()}`, res.status);
  }

  /** Every key under a prefix (ListObjectsV2, paged). */
  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const url = this.bucketUrl();
      url.searchParams.set("list-type", "2");
      url.searchParams.set("prefix", prefix);
      if (token) url.searchParams.set("continuation-token", token);
      const res = await this.client.fetch(url.toString(), { method: "GET" });
      if (!res.ok) throw new StorageError(`LIST ${prefix} answered ${res.status}`, res.status);
      const xml = await res.text();
      for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(decodeXml(m[1]));
      const next = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml);
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) && next ? decodeXml(next[1]) : undefined;
    } while (token);
    return keys;
  }

  async delete(key: string): Promise<void> {
    const res = await this.client.fetch(this.objectUrl(key).toString(), { method: "DELETE" });
    if (!res.ok && res.status !== 404) throw new StorageError(`DELETE ${key} answered ${res.status}`, res.status);
  }

  /** Deletes everything under a prefix; returns how many objects went. */
  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(prefix);
    for (const key of keys) await this.delete(key);
    return keys.length;
  }

  /** Reachability of the bucket, for /health?deep=1. */
  async checkBucket(): Promise<void> {
    const res = await this.client.fetch(this.bucketUrl().toString(), { method: "HEAD" });
    if (!res.ok) throw new StorageError(`bucket ${this.options.bucket} answered ${res.status}`, res.status);
  }
}

function expiresAt(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
