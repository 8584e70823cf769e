/** POST /jobs: a signed job from the edge is verified, admitted to the pool and answered 202. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { JOB_ID_HEADER, jobSchema, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequest } from "@agensium/shared";
import type { JobPool } from "./pool.js";

const MAX_JOB_BYTES = 256 * 1024;

async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const error = (code: string, message: string, details?: Record<string, unknown>) => ({
  error: { code, message, ...(details ? { details } : {}) },
});

export async function handleJobRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { secret: string; pool: JobPool; busyRetryAfterSeconds?: number },
) {
  const body = await readBody(req, MAX_JOB_BYTES);
  if (body === undefined) return sendJson(res, 413, error("PAYLOAD_TOO_LARGE", `Jobs are limited to ${MAX_JOB_BYTES} bytes`));
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const jobId = header(JOB_ID_HEADER);
  const path = new URL(req.url ?? "/", "http://compute").pathname;
  const check = await verifyRequest(
    deps.secret,
    { method: req.method ?? "", path, jobId, body },
    header(TIMESTAMP_HEADER),
    header(SIGNATURE_HEADER),
  );
  if (!check.ok) return sendJson(res, 401, error("CALLBACK_UNAUTHORIZED", `The job signature is ${check.reason}`));
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return sendJson(res, 400, error("VALIDATION_ERROR", "The job is not JSON"));
  }
  const parsed = jobSchema.safeParse(json);
  if (!parsed.success) {
    return sendJson(
      res,
      400,
      error("VALIDATION_ERROR", "The job is invalid", {
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      }),
    );
  }
  // The signature vouches for the header's job id; the body must name the same job.
  if (parsed.data.job_id !== jobId) return sendJson(res, 401, error("CALLBACK_UNAUTHORIZED", "The job id does not match the signed one"));
  const admission = deps.pool.admit(parsed.data);
  if (admission === "full") {
    // The edge waits this long before offering the job again, without counting it as a failure.
    res.setHeader("retry-after", String(deps.busyRetryAfterSeconds ?? 5));
    return sendJson(res, 429, error("COMPUTE_BUSY", "Every job slot is taken; retry later"));
  }
  sendJson(res, 202, { job_id: parsed.data.job_id, task_id: parsed.data.task_id, status: admission });
}
