import type { FastifyInstance } from "fastify";
import { BULK_RESULTS_PATH, bulkOperationView } from "./bulk-operation-views.js";
import type { BulkOperations } from "./bulk-operations.js";
import type { DeliveryKnobs } from "./delivery-knobs.js";
import type { SubscriptionKind } from "./subscription-registry.js";
import type { WebhookSender } from "./webhook-sender.js";

/**
 * Bulk result files at the URLs `BulkOperation.url` names (no token, like Shopify's signed storage
 * links), streamed as they are generated; and `/_sim` controls for delivery knobs, subscriptions,
 * deliveries and bulk operations.
 */
export function registerWebhookAndBulkRoutes(
  app: FastifyInstance,
  deps: { sender: WebhookSender; bulk: BulkOperations; baseUrl: () => string },
): void {
  const { sender, bulk } = deps;

  app.get<{ Params: { file: string } }>(`${BULK_RESULTS_PATH}/:file`, async (req, reply) => {
    const match = /^(\d+)(-partial)?\.jsonl$/.exec(req.params.file);
    const stream = match ? bulk.openResult(match[1]!, match[2] !== undefined) : undefined;
    if (!stream) return reply.code(404).type("text/plain").send("Not Found");
    return reply.type("application/jsonl").send(stream);
  });

  app.get("/_sim/webhooks/knobs", async () => sender.knobs());
  app.post<{ Body: DeliveryKnobs }>("/_sim/webhooks/knobs", async (req) => {
    sender.setKnobs(req.body ?? {});
    return sender.knobs();
  });
  app.get<{ Querystring: { shop?: string } }>("/_sim/webhooks/subscriptions", async (req) =>
    sender.registry.list(req.query.shop),
  );
  app.delete<{ Querystring: { shop: string; kind?: SubscriptionKind | "all" } }>(
    "/_sim/webhooks/subscriptions",
    async (req) => ({ deleted: sender.registry.removeAll(req.query.shop, req.query.kind ?? "shop") }),
  );
  app.get("/_sim/webhooks/deliveries", async () => sender.deliveries());
  app.get<{ Querystring: { shop: string } }>("/_sim/bulk/current", async (req, reply) => {
    const op = bulk.current(req.query.shop);
    if (!op) return reply.code(404).send({ error: "no bulk operation" });
    return { ...bulkOperationView(op, bulk.statusOf(op), deps.baseUrl()), simulatorError: op.simulatorError };
  });
}
