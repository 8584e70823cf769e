/**
 * Webhook signing secrets at rest. Unlike API keys (hashed: we only ever compare them), the edge
 * must compute an HMAC with the secret on every delivery, so it has to be recoverable: it is
 * encrypted with AES-256-GCM under a key derived from WEBHOOK_SECRETS_KEY (a Worker secret the
 * database never sees), with the endpoint id as additional data, so a database dump alone yields
 * no secret and a ciphertext copied onto another endpoint's row does not decrypt.
 */
import { WEBHOOK_SECRET_PREFIX } from "@agensium/shared";
import { fromBase64, randomBytes, randomToken, toBase64 } from "../../auth/crypto.js";

const VERSION = "v1";
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function aesKey(configured: string): Promise<CryptoKey> {
  let key = keys.get(configured);
  if (!key) {
    key = crypto.subtle
      .digest("SHA-256", encoder.encode(`agensium webhook secrets\n${configured}`))
      .then((raw) => crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]));
    keys.set(configured, key);
  }
  return key;
}

/** A new signing secret, `whsec_` and 32 random bytes (base64url). */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomToken(32)}`;
}

export async function sealSecret(configuredKey: string, endpointId: string, secret: string): Promise<string> {
  const iv = randomBytes(12);
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(endpointId) },
    await aesKey(configuredKey),
    encoder.encode(secret),
  );
  return `${VERSION}.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

export async function openSecret(configuredKey: string, endpointId: string, stored: string): Promise<string> {
  const [version, iv, sealed] = stored.split(".");
  if (version !== VERSION || !iv || !sealed) throw new Error(`webhook secret of ${endpointId} is in an unknown form`);
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(iv), additionalData: encoder.encode(endpointId) },
    await aesKey(configuredKey),
    fromBase64(sealed),
  );
  return new TextDecoder().decode(plain);
}
