/** A webhook delivery on the task queue, told apart from a task message by its `kind`. */
export interface WebhookDeliveryMessage {
  kind: "webhook_delivery";
  event_id: string;
  endpoint_id: string;
  /** 1-based; each retry is a new message with the next number. */
  attempt: number;
}

export function webhookDeliveryMessage(eventId: string, endpointId: string, attempt: number): WebhookDeliveryMessage {
  return { kind: "webhook_delivery", event_id: eventId, endpoint_id: endpointId, attempt };
}

export function isWebhookDeliveryMessage(value: unknown): value is WebhookDeliveryMessage {
  const v = value as WebhookDeliveryMessage;
  return (
    typeof v === "object" &&
    v !== null &&
    v.kind === "webhook_delivery" &&
    typeof v.event_id === "string" &&
    typeof v.endpoint_id === "string" &&
    Number.isInteger(v.attempt) &&
    v.attempt >= 1
  );
}
