/**
 * `npm run b2:cors` against a local B2 of its own (so the shared test bucket keeps its rules):
 * the command applies the rules through PutBucketCors with SigV4, GetBucketCors reads them
 * back, and from then on the store answers browsers exactly as the rules say.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsClient } from "aws4fetch";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startLocalS3 } from "../s3.js";

const credentials = { accessKeyId: "corskey", secretAccessKey: "cors-test-secret", region: "us-east-1" };
const bucket = "cors-bucket";
const APP = "https://app.example.com";
const DEV = "http://localhost:5173";
let s3: Awaited<ReturnType<typeof startLocalS3>>;
let directory: string;
const aws = new AwsClient({ ...credentials, service: "s3" });

function runB2Cors(env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(inject("projectRoot"), "local/b2-cors.ts")],
      {
        env: {
          PATH: process.env.PATH,
          B2_ENDPOINT: s3.endpoint,
          B2_REGION: credentials.region,
          B2_BUCKET: bucket,
          B2_KEY_ID: credentials.accessKeyId,
          B2_APPLICATION_KEY: credentials.secretAccessKey,
          ...env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const preflight = (origin: string, method: string, headers = "content-type") =>
  fetch(`${s3.endpoint}/${bucket}/uploads/file.csv`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
  });

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "agensium-b2-cors-"));
  s3 = await startLocalS3({ ...credentials, bucket, directory });
});

afterAll(async () => {
  await s3?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("npm run b2:cors", () => {
  it("refuses * in production and an entry that is not an origin, changing nothing", async () => {
    const star = await runB2Cors({ ENVIRONMENT: "production", CORS_ORIGINS: `${APP},*` });
    expect(star.code).not.toBe(0);
    expect(star.stderr).toContain("CORS_ORIGINS may not be *");
    const path = await runB2Cors({ CORS_ORIGINS: `${APP}/console` });
    expect(path.code).not.toBe(0);
    expect(path.stderr).toContain("is not an origin");
    const stored = await aws.fetch(`${s3.endpoint}/${bucket}?cors`);
    expect(stored.status).toBe(404);
    expect(await stored.text()).toContain("NoSuchCORSConfiguration");
  });

  it("applies the rules with PutBucketCors; GetBucketCors answers them", async () => {
    const run = await runB2Cors({ CORS_ORIGINS: `${APP}, ${DEV}` });
    expect(run.code, run.stderr).toBe(0);
    const res = await aws.fetch(`${s3.endpoint}/${bucket}?cors`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    const values = (tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => m[1]);
    expect(values("AllowedOrigin")).toEqual([APP, DEV]);
    expect(values("AllowedMethod")).toEqual(["GET", "HEAD", "PUT"]);
    expect(values("AllowedHeader")).toEqual(["content-type"]);
    expect(values("ExposeHeader")).toContain("ETag");
    expect(values("MaxAgeSeconds")).toEqual(["3600"]);
    expect(run.stdout).toContain(APP);
  });

  it("from then on the store answers browsers as the rules say", async () => {
    const allowed = await preflight(APP, "PUT");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(APP);
    expect(allowed.headers.get("access-control-allow-methods")?.split(", ")).toEqual(["GET", "HEAD", "PUT"]);
    expect(allowed.headers.get("access-control-max-age")).toBe("3600");

    for (const refused of [
      preflight("https://evil.example", "PUT"),
      preflight(APP, "DELETE"),
      preflight(DEV, "PUT", "content-type, x-custom"),
    ]) {
      const res = await refused;
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }

    // A presigned PUT and GET as the browser makes them: allowed origin reads ETag; another gets no CORS headers.
    const body = "id,name\n1,Ada\n";
    const key = `${s3.endpoint}/${bucket}/uploads/file.csv`;
    const signedPut = await aws.sign(key, {
      method: "PUT",
      headers: { "content-type": "text/csv", "content-length": String(body.length) },
      aws: { signQuery: true },
    });
    const put = await fetch(signedPut.url, { method: "PUT", headers: { "content-type": "text/csv", origin: APP }, body });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(put.headers.get("access-control-allow-origin")).toBe(APP);
    expect(put.headers.get("access-control-expose-headers")).toContain("ETag");
    expect(put.headers.get("etag")).toBeTruthy();

    const signedGet = await aws.sign(key, { method: "GET", aws: { signQuery: true } });
    const stranger = await fetch(signedGet.url, { headers: { origin: "https://evil.example" } });
    expect(stranger.status).toBe(200);
    expect(await stranger.text()).toBe(body);
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });
});
