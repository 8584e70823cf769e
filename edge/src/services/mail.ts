/**
 * Outgoing mail. Production posts each message as JSON to MAIL_API_URL with MAIL_API_KEY as a
 * bearer token. In development without a provider, messages go to the development outbox
 * (read back at GET /__dev/mail); no other configuration ever writes there.
 */
import type { Database } from "../db/client.js";
import { appendDevMail } from "../db/dev-mail-outbox.js";
import { type Config, ConfigError } from "../env.js";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export class MailDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MailDeliveryError";
  }
}

const PROVIDER_TIMEOUT_MS = 10_000;

/** The production provider: `POST {from, to, subject, text}` with `Authorization: Bearer <key>`. */
export class HttpMailer implements Mailer {
  constructor(
    private readonly endpoint: string,
    private readonly apiKey: string,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.apiKey}` },
        body: JSON.stringify({ from: this.from, to: message.to, subject: message.subject, text: message.text }),
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
    } catch (err) {
      throw new MailDeliveryError(`mail provider unreachable: ${(err as Error).message}`);
    }
    await res.body?.cancel();
    if (!res.ok) throw new MailDeliveryError(`mail provider answered ${res.status}`);
  }
}

/** Development only: keeps each message in the database so any isolate can read it back. */
export class DevOutboxMailer implements Mailer {
  constructor(private readonly db: Database) {}

  async send(message: MailMessage): Promise<void> {
    await appendDevMail(this.db, { recipient: message.to, subject: message.subject, body: message.text });
    console.log(JSON.stringify({ level: "info", msg: "development mail kept in the outbox", to: message.to, subject: message.subject }));
  }
}

export function createMailer(config: Config, db: Database): Mailer {
  if (config.MAIL_API_URL) {
    if (!config.MAIL_API_KEY) throw new ConfigError("MAIL_API_KEY must be set together with MAIL_API_URL");
    return new HttpMailer(config.MAIL_API_URL, config.MAIL_API_KEY, config.MAIL_FROM);
  }
  if (config.ENVIRONMENT === "development") return new DevOutboxMailer(db);
  throw new ConfigError("Mail is not configured: set MAIL_API_URL and MAIL_API_KEY");
}
