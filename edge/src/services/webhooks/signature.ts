/**
 * The signature a receiver checks, Stripe/Svix style: `Agensium-Signature: t=<unix seconds>,
 * v1=<hex HMAC-SHA256 keyed with the whole secret (whsec_…, as UTF-8) over "<t>.<raw body>">`.
 * The timestamp inside the MAC lets a receiver refuse old replays (docs/API.md: 5 minutes).
 */
import { WEBHOOK_EVENT_ID_HEADER, WEBHOOK_SIGNATURE_HEADER } from "@agensium/shared";
import { hmacSha256Hex } from "../../auth/crypto.js";

export async function signatureHeaderValue(secret: string, body: string, timestamp: number): Promise<string> {
  return `t=${timestamp},v1=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`;
}

export async function deliveryHeaders(secret: string, eventId: string, body: string, now = Date.now()): Promise<Record<string, string>> {
  return {
    "content-type": "application/json",
    "user-agent": "Agensium-Webhooks/1",
    [WEBHOOK_EVENT_ID_HEADER]: eventId,
    [WEBHOOK_SIGNATURE_HEADER]: await signatureHeaderValue(secret, body, Math.floor(now / 1000)),
  };
}
