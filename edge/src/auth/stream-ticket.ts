/**
 * Stream tickets: what EventSource, which cannot send an Authorization header, puts in the URL
 * instead of the access token. A ticket names one user and one task, lives 60 seconds, and is
 * accepted only by GET /tasks/{id}/events, so a ticket that leaks into a log or a Referer opens
 * one task's progress for a minute and nothing else.
 *
 * Format: `st1.<payload>.<mac>`, both base64url; payload `{sub, tsk, exp, scp: "events"}`; mac =
 * HMAC-SHA256 over `st1.<payload>` with a key derived (HKDF) from JWT_SECRET for this purpose
 * alone, so no access token verifies as a ticket and no ticket as an access token.
 */
import { ApiError } from "../errors.js";
import { randomToken } from "./crypto.js";

export const STREAM_TICKET_TTL_SECONDS = 60;
const VERSION = "st1";
const SCOPE = "events";
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

interface TicketPayload {
  sub: string;
  tsk: string;
  exp: number;
  scp: string;
  /** Makes two tickets issued in the same second distinct. */
  nonce: string;
}

function ticketKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("agensium stream ticket v1") },
          base,
          { name: "HMAC", hash: "SHA-256", length: 256 },
          false,
          ["sign", "verify"],
        ),
      );
    keys.set(secret, key);
  }
  return key;
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

export async function issueStreamTicket(secret: string, userId: string, taskId: string, now = Date.now()) {
  const exp = Math.floor(now / 1000) + STREAM_TICKET_TTL_SECONDS;
  const payload: TicketPayload = { sub: userId, tsk: taskId, exp, scp: SCOPE, nonce: randomToken(9) };
  const signed = `${VERSION}.${base64url(encoder.encode(JSON.stringify(payload)))}`;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await ticketKey(secret), encoder.encode(signed)));
  return { ticket: `${signed}.${base64url(mac)}`, expiresAt: new Date(exp * 1000) };
}

const invalid = () => new ApiError("STREAM_TICKET_INVALID", "The stream ticket is not valid; ask for a new one");

/** The user id a ticket grants this task's events to; 401/403 with a stable code otherwise. */
export async function verifyStreamTicket(secret: string, ticket: string, taskId: string, now = Date.now()): Promise<string> {
  const parts = ticket.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) throw invalid();
  const mac = fromBase64url(parts[2]);
  const payloadBytes = fromBase64url(parts[1]);
  if (!mac || !payloadBytes) throw invalid();
  // crypto.subtle.verify compares in constant time; nothing in the payload is trusted before it.
  const valid = await crypto.subtle.verify("HMAC", await ticketKey(secret), mac, encoder.encode(`${parts[0]}.${parts[1]}`));
  if (!valid) throw invalid();
  let payload: TicketPayload;
  try {
    payload = JSON.parse(new TextDecoder().decode(payloadBytes)) as TicketPayload;
  } catch {
    throw invalid();
  }
  if (payload.scp !== SCOPE || typeof payload.sub !== "string" || typeof payload.exp !== "number") throw invalid();
  if (payload.tsk !== taskId) {
    throw new ApiError("STREAM_TICKET_WRONG_TASK", "This stream ticket was issued for another task", { ticket_task_id: payload.tsk });
  }
  if (payload.exp * 1000 <= now) {
    throw new ApiError("STREAM_TICKET_EXPIRED", "The stream ticket has expired; ask for a new one", {
      expired_at: new Date(payload.exp * 1000).toISOString(),
    });
  }
  return payload.sub;
}
