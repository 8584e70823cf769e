/**
 * The local B2 must refuse what Backblaze refuses. Requests are signed by aws4fetch (the
 * client the edge and compute use) and sent with fetch, then tampered with one way each.
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
const wrongSecret = new AwsClient({
  accessKeyId: LOCAL_CREDENTIALS.b2KeyId,
  secretAccessKey: "not-the-secret",
  region: LOCAL_CREDENTIALS.b2Region,
  service: "s3",
});

function objectUrl(key: string) {
  return `${endpoint}/${LOCAL_CREDENTIALS.bucket}/${key}`;
}

async function presign(c: AwsClient, method: string, key: string, headers: Record<string, string> = {}, expires = 900) {
  const url = new URL(objectUrl(key));
  url.searchParams.set("X-Amz-Expires", String(expires));
  const signed = await c.sign(url.toString(), { method, headers, aws: { signQuery: true, allHeaders: true } });
  return signed.url;
}

const body = "id,name\n1,Ada\n2,Grace\n";
const putHeaders = { "content-type": "text/csv", "content-length": String(Buffer.byteLength(body)) };

async function presignedPut(key: string) {
  return presign(client, "PUT", key, putHeaders);
}

async function errorCode(res: Response) {
  return /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];
}

const key = () => `tests/sigv4/${crypto.randomUUID()}.csv`;

describe("local B2 SigV4 check", () => {
  it("accepts a valid presigned PUT and a valid presigned GET of the same object", async () => {
    const k = key();
    const put = await fetch(await presignedPut(k), { method: "PUT", body, headers: { "content-type": "text/csv" } });
    expect(put.status).toBe(200);
    const get = await fetch(await presign(client, "GET", k));
    expect(get.status).toBe(200);
    expect(await get.text()).toBe(body);
  });

  it("accepts a header-signed request", async () => {
    const k = key();
    const put = await client.fetch(objectUrl(k), { method: "PUT", body, headers: { "content-type": "text/csv" } });
    expect(put.status).toBe(200);
    const head = await client.fetch(objectUrl(k), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
  });

  it("rejects a tampered signature", async () => {
    const url = new URL(await presignedPut(key()));
    const sig = url.searchParams.get("X-Amz-Signature") ?? "";
    url.searchParams.set("X-Amz-Signature", (sig[0] === "a" ? "b" : "a") + sig.slice(1));
    const res = await fetch(url, { method: "PUT", body, headers: { "content-type": "text/csv" } });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
  });

  it("rejects a URL signed with the wrong secret", async () => {
    const url = await presign(wrongSecret, "PUT", key(), putHeaders);
    const res = await fetch(url, { method: "PUT", body, headers: { "content-type": "text/csv" } });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
  });

  it("rejects a URL moved to another key", async () => {
    const signedFor = key();
    const url = (await presignedPut(signedFor)).replace(signedFor, key());
    const res = await fetch(url, { method: "PUT", body, headers: { "content-type": "text/csv" } });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
  });

  it("rejects a URL used with another method", async () => {
    const k = key();
    await fetch(await presignedPut(k), { method: "PUT", body, headers: { "content-type": "text/csv" } });
    const getUrl = await presign(client, "GET", k);
    const res = await fetch(getUrl, { method: "DELETE" });
    expect(res.status).toBe(403);
    expect((await fetch(getUrl)).status).toBe(200);
  });

  it("rejects an edited expiry", async () => {
    const url = new URL(await presignedPut(key()));
    url.searchParams.set("X-Amz-Expires", "604800");
    const res = await fetch(url, { method: "PUT", body, headers: { "content-type": "text/csv" } });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
  });

  it("rejects an expired URL", async () => {
    const url = new URL(objectUrl(key()));
    url.searchParams.set("X-Amz-Expires", "1");
    const past = new Date(Date.now() - 10 * 60_000);
    const signed = await client.sign(url.toString(), {
      method: "GET",
      aws: { signQuery: true, datetime: past.toISOString().replace(/[:-]|\.\d{3}/g, "") },
    });
    const res = await fetch(signed.url);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("RequestExpired");
  });

  it("rejects an unsigned request", async () => {
    const res = await fetch(objectUrl(key()), { method: "PUT", body, headers: { "content-type": "text/csv" } });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("AccessDenied");
  });

  it("rejects a body whose Content-Type differs from the signed one", async () => {
    const res = await fetch(await presignedPut(key()), { method: "PUT", body, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
  });

  it("rejects a body whose Content-Length differs from the signed one", async () => {
    const k = key();
    const res = await fetch(await presignedPut(k), { method: "PUT", body: `${body}3,Linus\n`, headers: { "content-type": "text/csv" } });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
    const head = await client.fetch(objectUrl(k), { method: "HEAD" });
    expect(head.status).toBe(404);
  });

  it("answers a browser preflight with CORS headers", async () => {
    const res = await fetch(objectUrl(key()), {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("access-control-allow-methods")).toContain("PUT");
  });
});
