/**
 * A local HTTP server that speaks the parts of Stripe's API the edge calls: POST /v1/customers
 * and POST /v1/checkout/sessions (form-encoded bodies with Stripe's bracket notation, Bearer
 * secret key, Idempotency-Key replays, Stripe-shaped objects and errors), plus
 * GET /v1/checkout/sessions/:id. The real `stripe` package is pointed at it through its
 * host/port/protocol options. Tests read what it received from GET /__requests.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningStripeServer {
  url: string;
  secretKey: string;
  close(): Promise<void>;
}

export interface ReceivedStripeRequest {
  method: string;
  path: string;
  idempotency_key: string | null;
  params: Record<string, unknown>;
}

type Json = Record<string, unknown>;

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message);
  }
}

/** `a[b][0][c]=1` → `{a: {b: [{c: "1"}]}}`, as Stripe decodes its form bodies. */
export function decodeStripeForm(text: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const container = node as Record<string, unknown>;
      if (last) {
        container[segment] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1]);
      container[segment] ??= nextIsIndex ? [] : {};
      node = container[segment] as Record<string, unknown>;
    });
  }
  return root;
}

function stripeId(prefix: string): string {
  return `${prefix}_test_${randomBytes(12).toString("hex")}`;
}

function requireParam(params: Json, path: string): unknown {
  const value = path.split(".").reduce<unknown>((node, key) => (node as Json | undefined)?.[key], params);
  if (value === undefined || value === "") {
    throw new StripeApiError(400, {
      type: "invalid_request_error",
      code: "parameter_missing",
      param: path.replace(/\.(\w+)/g, "[$1]"),
      message: `Missing required param: ${path}.`,
    });
  }
  return value;
}

export async function startStripeServer(options: { port?: number } = {}): Promise<RunningStripeServer> {
  const secretKey = `sk_test_${randomBytes(16).toString("hex")}`;
  const customers = new Map<string, Json>();
  const sessions = new Map<string, Json>();
  const replays = new Map<string, { status: number; body: unknown }>();
  const received: ReceivedStripeRequest[] = [];

  function createCustomer(params: Json): Json {
    const customer = {
      id: stripeId("cus"),
      object: "customer",
      created: Math.floor(Date.now() / 1000),
      email: params.email ?? null,
      name: params.name ?? null,
      metadata: params.metadata ?? {},
      livemode: false,
    };
    customers.set(customer.id, customer);
    return customer;
  }

  function createCheckoutSession(params: Json): Json {
    const mode = requireParam(params, "mode");
    requireParam(params, "success_url");
    const lineItems = requireParam(params, "line_items") as Json[];
    const customer = params.customer as string | undefined;
    if (customer && !customers.has(customer)) {
      throw new StripeApiError(400, {
        type: "invalid_request_error",
        code: "resource_missing",
        param: "customer",
        message: `No such customer: '${customer}'`,
      });
    }
    let amountTotal = 0;
    let currency: string | undefined;
    for (const [i, item] of lineItems.entries()) {
      const unitAmount = Number(requireParam(params, `line_items.${i}.price_data.unit_amount`));
      currency = String(requireParam(params, `line_items.${i}.price_data.currency`));
      requireParam(params, `line_items.${i}.price_data.product_data.name`);
      amountTotal += unitAmount * Number(item.quantity ?? 1);
    }
    const id = stripeId("cs");
    const session = {
      id,
      object: "checkout.session",
      mode,
      status: "open",
      payment_status: "unpaid",
      url: `https://checkout.stripe.test/c/pay/${id}`,
      customer: customer ?? null,
      client_reference_id: params.client_reference_id ?? null,
      metadata: params.metadata ?? {},
      amount_total: amountTotal,
      currency,
      payment_intent: null,
      success_url: params.success_url,
      cancel_url: params.cancel_url ?? null,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
    };
    sessions.set(id, session);
    return session;
  }

  function route(method: string, path: string, params: Json): { status: number; body: unknown } {
    if (method === "POST" && path === "/v1/customers") return { status: 200, body: createCustomer(params) };
    if (method === "POST" && path === "/v1/checkout/sessions") return { status: 200, body: createCheckoutSession(params) };
    const session = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === "GET" && session) {
      const found = sessions.get(session[1]);
      if (found) return { status: 200, body: found };
      throw new StripeApiError(404, {
        type: "invalid_request_error",
        code: "resource_missing",
        message: `No such checkout.session: '${session[1]}'`,
      });
    }
    throw new StripeApiError(404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://stripe.local");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, body: unknown) => {
      const json = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "request-id": `req_${randomBytes(7).toString("hex")}` });
      res.end(json);
    };

    if (url.pathname === "/__requests") return send(200, received);

    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(401, {
        error: { type: "invalid_request_error", message: "Invalid API Key provided: the key is not one this account issued." },
      });
    }
    const params = req.method === "GET" ? decodeStripeForm(url.search.slice(1)) : decodeStripeForm(text);
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    received.push({ method: req.method ?? "GET", path: url.pathname, idempotency_key: idempotencyKey, params });

    const replayKey = idempotencyKey ? `${req.method} ${url.pathname} ${idempotencyKey}` : undefined;
    const replay = replayKey ? replays.get(replayKey) : undefined;
    if (replay) return send(replay.status, replay.body);
    let outcome: { status: number; body: unknown };
    try {
      outcome = route(req.method ?? "GET", url.pathname, params);
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      outcome = { status: err.status, body: { error: err.body } };
    }
    if (replayKey && req.method === "POST") replays.set(replayKey, outcome);
    send(outcome.status, outcome.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "api_error", message: String(err) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
