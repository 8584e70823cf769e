/**
 * A second worker configured as production (every production setting given) with its mail
 * provider pointed at a small local HTTP server: mail goes out through the provider, and the
 * development outbox does not exist.
 */
import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../../local/stack.js";
import { type RunningWorker, startWorker } from "../../../local/worker.js";
import { outboxFor } from "../../../test/support/auth-flow.js";
import { randomEmail } from "../../../test/support/http.js";

interface ReceivedMail {
  authorization: string | undefined;
  contentType: string | undefined;
  body: { from: string; to: string; subject: string; text: string };
}

const MAIL_API_KEY = `mail-key-${crypto.randomUUID()}`;
const received: ReceivedMail[] = [];
let mailServer: Server;
let worker: RunningWorker;

/** Speaks the provider's side: accepts JSON mail with the bearer key; addresses starting "bounce" fail with 500. */
function startMailProvider(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      received.push({ authorization: req.headers.authorization, contentType: req.headers["content-type"], body });
      if (req.headers.authorization !== `Bearer ${MAIL_API_KEY}`) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(String(body.to).startsWith("bounce") ? 500 : 202, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: crypto.randomUUID() }));
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

async function production(method: string, path: string, body?: unknown) {
  const res = await fetch(`${worker.url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

const mailTo = (email: string) => received.filter((mail) => mail.body.to === email);

/** forgot-password mails after it answers: waits (briefly) until the provider got `count` mails for the address. */
async function mailsTo(email: string, count: number) {
  for (let i = 0; i < 100 && mailTo(email).length < count; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return mailTo(email);
}

beforeAll(async () => {
  const port = await freePort();
  mailServer = await startMailProvider(port);
  worker = await startWorker({
    projectRoot: inject("projectRoot"),
    quiet: true,
    vars: {
      ...inject("edgeVars"),
      ENVIRONMENT: "production",
      MAIL_API_URL: `http://127.0.0.1:${port}/v1/send`,
      MAIL_API_KEY,
      MAIL_FROM: "Agensium <no-reply@agensium.test>",
      STRIPE_SECRET_KEY: inject("edgeVars").STRIPE_SECRET_KEY ?? "sk_test_production_mail",
      STRIPE_WEBHOOK_SECRET: inject("edgeVars").STRIPE_WEBHOOK_SECRET ?? "whsec_production_mail",
    },
  });
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await new Promise((resolve) => mailServer?.close(resolve));
  rmSync(join(inject("projectRoot"), ".local", `edge-bundle-${process.pid}`), { recursive: true, force: true });
});

describe("ENVIRONMENT=production", () => {
  it("has no development outbox: GET /__dev/mail is 404 NOT_FOUND, with or without a query", async () => {
    for (const path of [`/__dev/mail?to=${encodeURIComponent(randomEmail())}`, "/__dev/mail", "/__dev/mail?to=bad"]) {
      const res = await production("GET", path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
  });

  it("mails the signup code through the provider with its key, and that code verifies the address", async () => {
    const email = randomEmail("prod");
    const signup = await production("POST", "/auth/signup", { email, password: "production passphrase", full_name: "Katherine Johnson" });
    expect(signup.status).toBe(201);

    const mails = mailTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0].authorization).toBe(`Bearer ${MAIL_API_KEY}`);
    expect(mails[0].contentType).toContain("application/json");
    expect(mails[0].body.from).toBe("Agensium <no-reply@agensium.test>");
    const code = /\b(\d{6})\b/.exec(mails[0].body.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    const verified = await production("POST", "/auth/verify-otp", { email, code });
    expect(verified.status).toBe(200);
    expect(verified.body.token_type).toBe("Bearer");

    // Nothing went to the development outbox (read through the development worker).
    expect(await outboxFor(email)).toHaveLength(0);
  });

  it("password reset codes go through the provider too", async () => {
    const email = randomEmail("prod-reset");
    await production("POST", "/auth/signup", { email, password: "production passphrase", full_name: "Dorothy Vaughan" });
    const forgot = await production("POST", "/auth/forgot-password", { email });
    expect(forgot.status).toBe(202);
    const mails = await mailsTo(email, 2);
    expect(mails).toHaveLength(2);
    expect(mails[1].body.subject).toContain("password reset");
  });

  it("503 SERVICE_UNAVAILABLE when the provider fails the signup mail; forgot-password still answers 202 (no enumeration)", async () => {
    const email = `bounce.${crypto.randomUUID().slice(0, 8)}@example.test`;
    const signup = await production("POST", "/auth/signup", { email, password: "production passphrase", full_name: "Mary Jackson" });
    expect(signup.status).toBe(503);
    expect(signup.body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(mailTo(email)).toHaveLength(1);

    const forgot = await production("POST", "/auth/forgot-password", { email });
    expect(forgot.status).toBe(202);
    expect(await mailsTo(email, 2)).toHaveLength(2);
  });
});
