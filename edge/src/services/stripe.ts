/**
 * Stripe from the Worker: the official client over fetch (no Node http in workerd), pointed at
 * STRIPE_API_URL when set (a local server in development and tests), and webhook verification
 * with Web Crypto. Without keys billing answers 503 BILLING_UNAVAILABLE; granted credits still work.
 */
import Stripe from "stripe";
import type { Config } from "../env.js";
import { ApiError } from "../errors.js";

export type StripeClient = Stripe;
export type StripeEvent = Stripe.Event;
export type StripeCheckoutSession = Stripe.Checkout.Session;
export type StripeCharge = Stripe.Charge;

const REQUEST_TIMEOUT_MS = 15_000;

function endpointOptions(apiUrl: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

export function createStripeClient(config: Config): StripeClient {
  if (!config.STRIPE_SECRET_KEY) throw new ApiError("BILLING_UNAVAILABLE", "Buying credits is not available: payments are not configured");
  return new Stripe(config.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
    timeout: REQUEST_TIMEOUT_MS,
    maxNetworkRetries: 2,
    ...endpointOptions(config.STRIPE_API_URL),
  });
}

const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** The event, if the Stripe-Signature header proves Stripe sent exactly this body recently; else 400. */
export async function verifyWebhookEvent(config: Config, rawBody: string, signature: string | undefined): Promise<StripeEvent> {
  if (!config.STRIPE_WEBHOOK_SECRET) throw new ApiError("BILLING_UNAVAILABLE", "Stripe webhooks are not configured");
  if (!signature) throw new ApiError("BILLING_WEBHOOK_INVALID", "The Stripe-Signature header is missing");
  try {
    return await Stripe.webhooks.constructEventAsync(rawBody, signature, config.STRIPE_WEBHOOK_SECRET, undefined, cryptoProvider);
  } catch (err) {
    throw new ApiError("BILLING_WEBHOOK_INVALID", "The Stripe signature does not match this payload", {
      reason: (err as Error).message.split("\n")[0],
    });
  }
}

/** Stripe's own refusals and outages become 503 BILLING_UNAVAILABLE; anything else is ours and rethrown. */
export function stripeFailure(err: unknown, requestId: string): never {
  if (err instanceof Stripe.errors.StripeError) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "stripe request failed",
        request_id: requestId,
        stripe_type: err.type,
        stripe_code: err.code,
        stripe_status: err.statusCode,
        stripe_request_id: err.requestId,
        error: err.message,
      }),
    );
    throw new ApiError("BILLING_UNAVAILABLE", "The payment provider could not start a checkout; try again shortly");
  }
  throw err;
}
