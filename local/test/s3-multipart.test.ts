/**
 * The local B2 answers a CompleteMultipartUpload naming a part that was never uploaded (or with
 * the wrong ETag) with S3's 400 InvalidPart, and keeps serving; the emulator behind it used to
 * throw outside any handler and take the whole local stack down.
 */
import { AwsClient } from "aws4fetch";
import { describe, expect, inject, it } from "vitest";
import { LOCAL_CREDENTIALS } from "../stack.js";

const endpoint = inject("s3Endpoint");
const client = new AwsClient({
  accessKeyId: LOCAL_CREDENTIALS.b2KeyId,
  secretAccessKey: LOCAL_CREDENTIALS.b2Secret,
  region: LOCAL_CREDENTIALS.b2Region,
  service: "s3",
});

const objectUrl = (key: string, query = "") => `${endpoint}/${LOCAL_CREDENTIALS.bucket}/${key}${query}`;

function completeBody(parts: { number: number; etag: string }[]): string {
  const items = parts.map((p) => `<Part><PartNumber>${p.number}</PartNumber><ETag>${p.etag}</ETag></Part>`).join("");
  return `<CompleteMultipartUpload>${items}</CompleteMultipartUpload>`;
}

async function startUpload(key: string): Promise<string> {
  const res = await client.fetch(objectUrl(key, "?uploads"), { method: "POST" });
  expect(res.status).toBe(200);
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await res.text())?.[1];
  expect(uploadId).toBeTruthy();
  return uploadId as string;
}

async function complete(key: string, uploadId: string, parts: { number: number; etag: string }[]) {
  const res = await client.fetch(objectUrl(key, `?uploadId=${encodeURIComponent(uploadId)}`), {
    method: "POST",
    body: completeBody(parts),
  });
  return { status: res.status, text: await res.text() };
}

describe("local B2 multipart complete", () => {
  it("answers InvalidPart for a part never uploaded or a wrong ETag, NoSuchUpload for an unknown upload, and keeps serving", async () => {
    const key = `tests/multipart-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.txt`;
    const uploadId = await startUpload(key);
    const body = "part one of the object\n";
    const put = await client.fetch(objectUrl(key, `?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`), { method: "PUT", body });
    expect(put.status).toBe(200);
    const etag = put.headers.get("etag") as string;

    const missing = await complete(key, uploadId, [
      { number: 1, etag },
      { number: 2, etag },
    ]);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("<Code>InvalidPart</Code>");
    const wrongTag = await complete(key, uploadId, [{ number: 1, etag: '"0123456789abcdef0123456789abcdef"' }]);
    expect(wrongTag.status).toBe(400);
    expect(wrongTag.text).toContain("<Code>InvalidPart</Code>");
    const unordered = await complete(key, uploadId, [
      { number: 1, etag },
      { number: 1, etag },
    ]);
    expect(unordered.text).toContain("<Code>InvalidPartOrder</Code>");
    const unknown = await complete(key, "no-such-upload-id", [{ number: 1, etag }]);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("<Code>NoSuchUpload</Code>");

    // The server is still up: the upload completes with its real part and reads back.
    const done = await complete(key, uploadId, [{ number: 1, etag }]);
    expect(done.status).toBe(200);
    const read = await client.fetch(objectUrl(key));
    expect(await read.text()).toBe(body);
  });
});
