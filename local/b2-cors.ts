/**
 * `npm run b2:cors`: gives the bucket the CORS rules browsers need to PUT uploads and GET
 * downloads through the presigned URLs, through the S3 API (PutBucketCors, SigV4 via
 * aws4fetch, as the edge signs), then reads them back (GetBucketCors) and prints them.
 * Origins come from CORS_ORIGINS, as for the edge; `*` is refused in production.
 *
 *   B2_ENDPOINT=https://s3.<region>.backblazeb2.com B2_REGION=<region> B2_BUCKET=… B2_KEY_ID=… \
 *   B2_APPLICATION_KEY=… CORS_ORIGINS=https://app.example.com ENVIRONMENT=production npm run b2:cors
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { AwsClient } from "aws4fetch";

export interface BucketCorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

export interface BucketTarget {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * One rule: browsers PUT inputs (single or multipart parts) with the signed Content-Type and GET
 * or HEAD outputs; they read ETag (to complete a multipart upload) and the length and type.
 */
export function bucketCorsRules(origins: string[]): BucketCorsRule[] {
  return [
    {
      allowedOrigins: origins,
      allowedMethods: ["GET", "HEAD", "PUT"],
      allowedHeaders: ["content-type"],
      exposeHeaders: ["ETag", "Content-Length", "Content-Type", "Content-Disposition", "x-amz-request-id"],
      maxAgeSeconds: 3600,
    },
  ];
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function corsConfigurationXml(rules: BucketCorsRule[]): string {
  const element = (name: string, values: string[]) => values.map((v) => `<${name}>${escapeXml(v)}</${name}>`).join("");
  const body = rules
    .map(
      (rule) =>
        `<CORSRule>${element("AllowedOrigin", rule.allowedOrigins)}${element("AllowedMethod", rule.allowedMethods)}` +
        `${element("AllowedHeader", rule.allowedHeaders)}${element("ExposeHeader", rule.exposeHeaders)}` +
        `<MaxAgeSeconds>${rule.maxAgeSeconds}</MaxAgeSeconds></CORSRule>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</CORSConfiguration>`;
}

function client(target: BucketTarget) {
  const aws = new AwsClient({
    accessKeyId: target.accessKeyId,
    secretAccessKey: target.secretAccessKey,
    region: target.region,
    service: "s3",
  });
  const url = `${target.endpoint.replace(/\/$/, "")}/${encodeURIComponent(target.bucket)}?cors`;
  return { aws, url };
}

async function expectOk(res: Response, what: string): Promise<string> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${text.slice(0, 500)}`);
  return text;
}

export async function putBucketCors(target: BucketTarget, rules: BucketCorsRule[]): Promise<void> {
  const { aws, url } = client(target);
  const body = corsConfigurationXml(rules);
  // S3 requires Content-MD5 on PutBucketCors; B2 accepts it.
  const md5 = createHash("md5").update(body).digest("base64");
  await expectOk(
    await aws.fetch(url, { method: "PUT", body, headers: { "content-type": "application/xml", "content-md5": md5 } }),
    "PutBucketCors",
  );
}

/** The bucket's CORS configuration as the store answers it (XML). */
export async function getBucketCors(target: BucketTarget): Promise<string> {
  const { aws, url } = client(target);
  return expectOk(await aws.fetch(url), "GetBucketCors");
}

/** CORS_ORIGINS as a list; refuses an empty list, a non-origin, and `*` in production. */
export function originsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const origins = (env.CORS_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length === 0) throw new Error("CORS_ORIGINS is empty: name the frontend origins, comma-separated");
  for (const origin of origins) {
    if (origin === "*") {
      if (env.ENVIRONMENT === "production") throw new Error("CORS_ORIGINS may not be * in production: list the frontend origins");
      continue;
    }
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) throw new Error(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port])`);
  }
  return origins;
}

async function main() {
  const env = process.env;
  const missing = ["B2_ENDPOINT", "B2_REGION", "B2_BUCKET", "B2_KEY_ID", "B2_APPLICATION_KEY"].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Missing setting(s): ${missing.join(", ")}`);
  const target: BucketTarget = {
    endpoint: env.B2_ENDPOINT as string,
    region: env.B2_REGION as string,
    bucket: env.B2_BUCKET as string,
    accessKeyId: env.B2_KEY_ID as string,
    secretAccessKey: env.B2_APPLICATION_KEY as string,
  };
  const rules = bucketCorsRules(originsFromEnv(env));
  await putBucketCors(target, rules);
  console.log(`CORS rules applied to ${target.bucket}; the bucket now answers:\n${await getBucketCors(target)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    console.error((err as Error).message);
    process.exit(1);
  });
}
