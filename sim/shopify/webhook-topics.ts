/**
 * Topic strings (`X-Shopify-Topic`, e.g. `orders/create`) and GraphQL `WebhookSubscriptionTopic` values
 * (`ORDERS_CREATE`). Reference §1.7: the enum is the topic upper-cased with `/` and `.` replaced by `_`
 * (shopify-api `topicForStorage`). The reverse is ambiguous (`ORDERS_PARTIALLY_FULFILLED`), so known
 * topics come from this table and any other value splits at its last `_`.
 */
const KNOWN_TOPICS = [
  "app/uninstalled",
  "bulk_operations/finish",
  "customers/create",
  "customers/delete",
  "customers/update",
  "disputes/create",
  "disputes/update",
  "fulfillments/create",
  "fulfillments/update",
  "order_transactions/create",
  "orders/cancelled",
  "orders/create",
  "orders/delete",
  "orders/edited",
  "orders/fulfilled",
  "orders/paid",
  "orders/partially_fulfilled",
  "orders/updated",
  "refunds/create",
  "shop/update",
];

/** Mandatory privacy topics: configured in the app configuration only, never through the Admin API. */
export const COMPLIANCE_TOPICS: readonly string[] = [
  "customers/data_request",
  "customers/redact",
  "shop/redact",
];

const BY_ENUM = new Map([...KNOWN_TOPICS, ...COMPLIANCE_TOPICS].map((t) => [topicToEnum(t), t]));

/** `orders/create` → `ORDERS_CREATE` */
export function topicToEnum(topic: string): string {
  return topic.toUpperCase().replace(/[/.]/g, "_");
}

/** `ORDERS_CREATE` → `orders/create` */
export function enumToTopic(value: string): string {
  const known = BY_ENUM.get(value);
  if (known) return known;
  const cut = value.lastIndexOf("_");
  const lower = value.toLowerCase();
  return cut < 0 ? lower : `${lower.slice(0, cut)}/${lower.slice(cut + 1)}`;
}

export function isComplianceTopic(topic: string): boolean {
  return COMPLIANCE_TOPICS.includes(topic);
}
