import type { AuditLog } from "../audit/audit-log.js";
import type { OrderSnapshot } from "../domain/order.js";
import type { InboxDelivery, InboxStore } from "../inbox/inbox-store.js";

export const WEBHOOK_RECEIVED = "webhook.received";

/** Deliveries per look-up; an order rarely has more than one page. */
const DELIVERIES_PAGE = 200;

/**
 * Writes a `webhook.received` entry on the order for each inbox delivery about it that its lineage
 * does not hold yet: ids, topic and the body's SHA-256, never the body. Deliveries are coalesced into
 * one order-sync job, so the job's own payload names only the first; the inbox names them all. The
 * lineage keeps them after the body's shorter retention (or a redaction) has emptied it.
 */
export async function recordDeliveries(
  deps: { inbox?: Pick<InboxStore, "deliveriesAbout">; audit: Pick<AuditLog, "append" | "query"> },
  input: { tenantId: string; orderId: string; orderName: string | undefined; at: Date },
): Promise<void> {
  if (!deps.inbox) return; // a caller without an inbox (tests, tools) records no deliveries
  const { tenantId, orderId } = input;
  const recorded = await deps.audit.query({ tenantId, orderId, step: WEBHOOK_RECEIVED, limit: 10_000 });
  // By set, not by the highest id: on PostgreSQL ids are taken before commit, so a delivery may become
  // visible after one with a higher id was recorded.
  const seen = new Set(recorded.map((entry) => String(entry.detail.inboxId)));
  let afterId: string | undefined;
  for (;;) {
    const deliveries = await deps.inbox.deliveriesAbout({
      tenantId,
      resourceGid: orderId,
      limit: DELIVERIES_PAGE,
      ...(afterId ? { afterId } : {}),
    });
    for (const delivery of deliveries)
      if (!seen.has(delivery.id)) await appendDelivery(deps.audit, input, delivery);
    if (deliveries.length < DELIVERIES_PAGE) return;
    afterId = deliveries.at(-1)!.id;
  }
}

function appendDelivery(
  audit: Pick<AuditLog, "append">,
  input: { tenantId: string; orderId: string; orderName: string | undefined; at: Date },
  delivery: InboxDelivery,
) {
  return audit.append({
    tenantId: input.tenantId,
    orderId: input.orderId,
    ...(input.orderName ? { orderName: input.orderName } : {}),
    step: WEBHOOK_RECEIVED,
    webhookId: delivery.webhookId,
    at: input.at,
    detail: {
      inboxId: delivery.id,
      topic: delivery.topic,
      eventId: delivery.eventId,
      bodySha256: delivery.bodySha256,
      apiVersion: delivery.apiVersion,
      receivedAt: delivery.receivedAt.toISOString(),
      triggeredAt: delivery.triggeredAt?.toISOString() ?? null,
      deliveryCount: delivery.deliveryCount,
    },
  });
}

/**
 * The financial events an order read found: ids, kinds and dates (and payment amounts and gateways),
 * which is what the mapping works from. No names or addresses: the snapshot holds none of the
 * customer's, and line-item titles are left out with the rest of the catalogue.
 */
export function eventsFound(order: OrderSnapshot) {
  return {
    sales: order.salesEvents.map((event) => ({
      id: event.id,
      reason: event.reason,
      happenedAt: event.happenedAt,
      sales: event.sales.length,
    })),
    payments: order.paymentEvents.map((event) => ({
      id: event.id,
      kind: event.kind,
      gateway: event.gateway,
      processedAt: event.processedAt,
      amountMinor: event.amountMinor.toString(),
    })),
    fulfillments: order.fulfillmentEvents.map((event) => ({
      id: event.id,
      happenedAt: event.happenedAt,
      location: event.locationName,
      lines: event.lines.length,
    })),
  };
}
