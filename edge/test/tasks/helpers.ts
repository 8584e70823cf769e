/** Steps of the task lifecycle as a client performs them, over real HTTP. */
import { type CallbackEvent, newId, signRequest } from "@agensium/shared";
import { AwsClient } from "aws4fetch";
import { expect, inject } from "vitest";
import { LOCAL_CREDENTIALS } from "../../../local/stack.js";
import { api } from "../../../test/support/http.js";
import { type TestUser, testDb } from "../../../test/support/users.js";

export const CSV = "id,name,amount\n1,Ada,10\n2,Grace,20\n3,Linus,30\n";

export async function createTask(user: TestUser, body: Record<string, unknown> = { tool_id: "profile-my-data" }, base?: string) {
  const res = await call(base, "POST", "/tasks", { token: user.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { task_id: string; status: string; agents: string[] };
}

/** Calls the main edge or, given `base`, a dedicated worker. */
export async function call(base: string | undefined, method: string, path: string, options: Parameters<typeof api>[2] = {}) {
  if (!base) return api(method, path, options);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body };
}

export interface UploadOptions {
  content?: string | Uint8Array<ArrayBuffer>;
  filename?: string;
  contentType?: string;
  parameters?: unknown;
  base?: string;
}

/** Asks for upload URLs and PUTs the file (in parts above the multipart threshold) and parameters.json to them with fetch, as a browser would. */
export async function uploadInputs(user: TestUser, taskId: string, options: UploadOptions = {}) {
  const content = options.content ?? CSV;
  const bytes: Uint8Array<ArrayBuffer> = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const contentType = options.contentType ?? "text/csv";
  const res = await call(options.base, "POST", `/tasks/${taskId}/upload-urls`, {
    token: user.token,
    body: {
      files: [{ role: "primary", filename: options.filename ?? "customers.csv", content_type: contentType, size_bytes: bytes.length }],
      has_parameters: options.parameters !== undefined,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const primary = res.body.uploads.primary;
  if (primary.multipart) {
    // Above the multipart threshold: every part to its own URL, then the upload completed with their ETags.
    const { multipart } = primary;
    const parts = [];
    for (const part of multipart.parts) {
      const start = (part.part_number - 1) * multipart.part_size;
      const put = await fetch(part.url, { method: "PUT", body: bytes.slice(start, start + multipart.part_size) });
      expect(put.status, await put.text()).toBe(200);
      parts.push({ part_number: part.part_number, etag: put.headers.get("etag") as string });
    }
    const done = await call(options.base, "POST", `/tasks/${taskId}/uploads/primary/complete`, { token: user.token, body: { parts } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  } else {
    const put = await fetch(primary.url, { method: "PUT", headers: primary.headers, body: bytes });
    expect(put.status, await put.text()).toBe(200);
  }
  if (options.parameters !== undefined) {
    const params = res.body.uploads.parameters;
    const stored = await fetch(params.url, { method: "PUT", headers: params.headers, body: JSON.stringify(options.parameters) });
    expect(stored.status).toBe(200);
  }
  return res.body;
}

export async function getTask(user: TestUser, taskId: string, base?: string) {
  const res = await call(base, "GET", `/tasks/${taskId}`, { token: user.token });
  expect(res.status).toBe(200);
  return res.body;
}

/** Polls the task until it reaches one of `statuses` (the service is asynchronous by design). */
export async function waitForStatus(
  user: TestUser,
  taskId: string,
  statuses: string[],
  options: { base?: string; timeoutMs?: number } = {},
) {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let task: any;
  while (Date.now() < deadline) {
    task = await getTask(user, taskId, options.base);
    if (statuses.includes(task.status)) return task;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`task ${taskId} stayed ${task?.status}; expected ${statuses.join("/")}`);
}

/**
 * The job id of the task's current attempt. A task put in QUEUED straight in the database (no
 * dispatch ran) is given one here, as queueing it would have.
 */
export async function currentJobId(taskId: string): Promise<string> {
  await testDb().query("UPDATE tasks SET job_id = ? WHERE task_id = ? AND job_id IS NULL", [newId("job"), taskId]);
  const [rows] = await testDb().query<any>("SELECT job_id FROM tasks WHERE task_id = ?", [taskId]);
  return rows[0]?.job_id ?? newId("job");
}

/**
 * A callback as compute sends it: HMAC over timestamp, method, path, job id and body with the
 * shared secret. `signedFor` signs it as if for another task's URL and job (the replay attack).
 */
export async function sendCallback(
  taskId: string,
  event: CallbackEvent,
  options: { secret?: string; timestamp?: number; base?: string; jobId?: string; signedFor?: { taskId: string; jobId: string } } = {},
) {
  const body = JSON.stringify(event);
  const secret = options.secret ?? inject("edgeVars").COMPUTE_SHARED_SECRET;
  const path = `/internal/tasks/${options.signedFor?.taskId ?? taskId}/callbacks`;
  const jobId = options.signedFor?.jobId ?? options.jobId ?? (await currentJobId(taskId));
  const headers = {
    "content-type": "application/json",
    ...(await signRequest(secret, { method: "POST", path, jobId, body }, options.timestamp)),
  };
  const res = await fetch(`${options.base ?? inject("edgeUrl")}/internal/tasks/${taskId}/callbacks`, { method: "POST", headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export function eventId(label: string) {
  return `${label}-${crypto.randomUUID()}`;
}

/** Keys stored under a prefix, listed straight from the local B2 (ListObjectsV2). */
export async function storedKeys(prefix: string): Promise<string[]> {
  const client = new AwsClient({
    accessKeyId: LOCAL_CREDENTIALS.b2KeyId,
    secretAccessKey: LOCAL_CREDENTIALS.b2Secret,
    region: LOCAL_CREDENTIALS.b2Region,
    service: "s3",
  });
  const url = new URL(`${inject("s3Endpoint")}/${LOCAL_CREDENTIALS.bucket}`);
  url.searchParams.set("list-type", "2");
  url.searchParams.set("prefix", prefix);
  const res = await client.fetch(url.toString());
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
}
