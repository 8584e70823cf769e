/**
 * Upload URLs for one input: a single presigned PUT that signs the exact type and length, or,
 * above MULTIPART_THRESHOLD_BYTES, a multipart upload with one presigned URL per part.
 */
import type { InputRole } from "@agensium/shared";
import type { DeclaredInput } from "../db/schema/index.js";
import type { Config } from "../env.js";
import type { Storage } from "./storage.js";

export const UPLOAD_URL_SECONDS = 15 * 60;
/** B2 and S3 refuse parts under 5 MiB (except the last) and uploads over 10,000 parts. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

export function partSizeFor(sizeBytes: number): number {
  return Math.max(MIN_PART_BYTES, Math.ceil(sizeBytes / MAX_PARTS));
}

export async function presignInputUpload(options: {
  config: Config;
  storage: Storage;
  taskId: string;
  role: InputRole;
  /** Gains upload_id when a multipart upload is started. */
  input: DeclaredInput;
}) {
  const { config, storage, input } = options;
  if (input.size_bytes <= config.MULTIPART_THRESHOLD_BYTES) {
    const signed = await storage.presignPut(input.key, input.content_type, input.size_bytes, UPLOAD_URL_SECONDS);
    return { method: "PUT" as const, url: signed.url, headers: signed.headers, key: input.key, expires_at: signed.expires_at };
  }
  const uploadId = await storage.createMultipartUpload(input.key, input.content_type);
  input.upload_id = uploadId;
  input.completed = false;
  const partSize = partSizeFor(input.size_bytes);
  const count = Math.ceil(input.size_bytes / partSize);
  const parts = [];
  for (let partNumber = 1; partNumber <= count; partNumber++) {
    parts.push({ part_number: partNumber, url: await storage.presignUploadPart(input.key, uploadId, partNumber, UPLOAD_URL_SECONDS) });
  }
  return {
    multipart: {
      upload_id: uploadId,
      part_size: partSize,
      parts,
      complete_url: new URL(`/tasks/${options.taskId}/uploads/${options.role}/complete`, config.PUBLIC_URL).toString(),
    },
    key: input.key,
    expires_at: new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}
