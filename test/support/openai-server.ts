/**
 * A local HTTP server that speaks the parts of OpenAI's Chat Completions API the service uses:
 * POST /v1/chat/completions with a Bearer key, plain and streamed (SSE chunks ending in
 * `data: [DONE]`) replies, and structured output (`response_format: json_schema`). The real
 * `openai` client is pointed at it through OPENAI_BASE_URL.
 *
 * Tests steer it over HTTP, since they run in other processes than the global setup:
 * POST /__control/behaviours `{contains, replies}` makes requests whose body contains the
 * marker get the listed replies in turn (then the default), and GET /__control/requests
 * ?contains=… answers what such requests sent. Without a behaviour a structured-output
 * request gets an instance of its schema, and a plain one a short text.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningOpenAiServer {
  /** The base URL the client takes (ends in /v1). */
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

/** One scripted answer. */
export interface OpenAiReply {
  /** The assistant's text. */
  content?: string;
  /** The assistant's text as JSON (a structured-output reply). */
  json?: unknown;
  /** Wait this long before answering (a model that does not answer in time). */
  delay_ms?: number;
  /** Answer this HTTP status with an OpenAI error body instead. */
  status?: number;
  /** Streaming only: cut the connection after this many content chunks. */
  break_stream_after?: number;
}

export interface ReceivedCompletion {
  authorization: string | null;
  body: {
    model: string;
    stream?: boolean;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: JsonSchema } };
    [key: string]: unknown;
  };
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
}

/** The smallest value that satisfies a schema (strict mode: required properties only). */
function instanceOf(schema: JsonSchema): unknown {
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case "object":
      return Object.fromEntries(
        (schema.required ?? Object.keys(schema.properties ?? {})).map((k) => [k, instanceOf(schema.properties?.[k] ?? {})]),
      );
    case "array":
      return [];
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    default:
      return "Written by the local model.";
  }
}

/** Splits text into a few pieces on word boundaries, so a stream has more than one chunk. */
function pieces(text: string): string[] {
  const words = text.split(/(?<=\s)/);
  const size = Math.max(1, Math.ceil(words.length / 4));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(""));
  return out.length ? out : [""];
}

export async function startOpenAiServer(options: { port?: number } = {}): Promise<RunningOpenAiServer> {
  const apiKey = `sk-test-${randomBytes(16).toString("hex")}`;
  const received: { text: string; completion: ReceivedCompletion }[] = [];
  const behaviours: { contains: string; replies: OpenAiReply[] }[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const sendJson = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_${randomBytes(6).toString("hex")}` });
    res.end(JSON.stringify(body));
  };

  function nextReply(text: string): OpenAiReply | undefined {
    for (const b of behaviours) if (b.replies.length && text.includes(b.contains)) return b.replies.shift();
    return undefined;
  }

  async function completions(req: IncomingMessage, res: ServerResponse, text: string) {
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(res, 401, {
        error: { message: "Incorrect API key provided.", type: "invalid_request_error", param: null, code: "invalid_api_key" },
      });
    }
    const body = JSON.parse(text) as ReceivedCompletion["body"];
    if (typeof body.model !== "string" || !Array.isArray(body.messages) || body.messages.length === 0) {
      return sendJson(res, 400, {
        error: { message: "model and messages are required", type: "invalid_request_error", param: null, code: null },
      });
    }
    received.push({ text, completion: { authorization: req.headers.authorization ?? null, body } });
    const reply = nextReply(text) ?? {};
    if (reply.delay_ms) await sleep(reply.delay_ms);
    if (res.destroyed) return;
    if (reply.status) {
      return sendJson(res, reply.status, {
        error: { message: `The local model answered ${reply.status}`, type: "server_error", param: null, code: null },
      });
    }
    const schema = body.response_format?.type === "json_schema" ? body.response_format.json_schema?.schema : undefined;
    const content =
      reply.json !== undefined
        ? JSON.stringify(reply.json)
        : (reply.content ??
          (schema ? JSON.stringify(instanceOf(schema)) : `Answer from the local model to ${body.messages.length} messages.`));
    const id = `chatcmpl-${randomBytes(8).toString("hex")}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = { prompt_tokens: Math.ceil(text.length / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: 0 };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;

    if (!body.stream) {
      return sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
        usage,
      });
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: "assistant", content: "" }, null));
    for (const [i, piece] of pieces(content).entries()) {
      if (reply.break_stream_after !== undefined && i >= reply.break_stream_after) {
        res.destroy();
        return;
      }
      res.write(chunk({ content: piece }, null));
      await sleep(5);
      if (res.destroyed) return;
    }
    res.write(chunk({}, "stop"));
    res.end("data: [DONE]\n\n");
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://openai.local");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");

    if (url.pathname === "/__control/requests") {
      const contains = url.searchParams.get("contains") ?? "";
      return sendJson(
        res,
        200,
        received.filter((r) => r.text.includes(contains)).map((r) => r.completion),
      );
    }
    if (url.pathname === "/__control/behaviours" && req.method === "POST") {
      const { contains, replies } = JSON.parse(text) as { contains: string; replies: OpenAiReply[] };
      if (!contains) return sendJson(res, 400, { error: { message: "contains is required" } });
      behaviours.unshift({ contains, replies: [...replies] });
      return sendJson(res, 201, { contains, replies: replies.length });
    }
    if (url.pathname === "/v1/chat/completions" && req.method === "POST") return completions(req, res, text);
    sendJson(res, 404, {
      error: {
        message: `Unknown request URL: ${req.method} ${url.pathname}`,
        type: "invalid_request_error",
        param: null,
        code: "unknown_url",
      },
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: "server_error", param: null, code: null } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
