import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSilentLogger } from "../lib/logger.js";
import { createBatchSender } from "../posting/batch-sender.js";
import type { JournalPoster } from "../posting/journal-poster.js";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import type { LeasedJob } from "./job-queue.js";
import { createShopEventHandler } from "./shop-event-job.js";
import {
  CUSTOMER_ID,
  deliver,
  lineageSync,
  ORDER_ID,
  orderWebhook,
  PERSONAL,
} from "./test-support/order-lineage.js";

const poster: JournalPoster = {
  description: "test",
  postBatch: async (batch) =>
    batch.documents.map((d) => ({
      transactionNumber: d.transactionNumber,
      status: "accepted",
      documentNumber: 9001,
      batchNumber: 77,
    })),
  lookup: async () => [],
  batchStates: async () => [],
};

/** `customers/redact` as Shopify sends it, naming the customer and the order to redact. */
function redactRequest(receivedAt: Date) {
  const body = Buffer.from(
    JSON.stringify({
      shop_id: 954889,
      shop_domain: "acme.myshopify.com",
      customer: { id: 7011111111111, email: PERSONAL.email, phone: PERSONAL.phone },
      orders_to_redact: [5934123456789],
    }),
  );
  return {
    ...orderWebhook("customers/redact", receivedAt, CUSTOMER_ID),
    body,
    bodySha256: createHash("sha256").update(body).digest("hex"),
  };
}

describe("customers/redact and the audit lineage", () => {
  let store: Store;
  const fake = createFakeClock(Date.UTC(2026, 10, 27, 16));
  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock: fake.clock });
    await store.migrate();
  });
  afterEach(async () => store.close());

  it("leaves every audit entry of the order as it was, none naming the customer", async () => {
    const webhooks = await deliver(store, [
      orderWebhook("orders/create", new Date(Date.UTC(2026, 10, 27, 15))),
      orderWebhook("orders/paid", new Date(Date.UTC(2026, 10, 27, 15, 1))),
    ]);
    await lineageSync(store, fake.clock)();
    await createBatchSender({
      tenantId: "acme",
      header: { ediUser: "SHOPIFY", company: "00100", documentType: "JE" },
      posting: store.posting,
      poster,
      audit: store.audit,
      clock: fake.clock,
      log: createSilentLogger(),
      maxDocuments: 10,
      maxWaitMs: 0,
      confirmIntervalMs: 10,
    }).sendOnce();
    const before = await store.audit.query({ tenantId: "acme", limit: 1000 });
    expect(before.filter((e) => e.orderId === ORDER_ID).map((e) => e.step)).toEqual([
      "webhook.received",
      "webhook.received",
      "order.read",
      "document.recorded",
      "document.sent",
      "document.accepted",
    ]);

    fake.advance(3_600_000);
    const [requestId] = await deliver(store, [redactRequest(fake.clock.now())]);
    const handle = createShopEventHandler({
      inbox: store.inbox,
      installations: store.installations,
      privacyRequests: store.privacyRequests,
      posting: store.posting,
      customerLinks: store.customerLinks,
      forgetShopAccess: async () => {},
      clock: fake.clock,
    });
    const job = {
      id: "1",
      tenantId: "acme",
      kind: "shop-event",
      key: requestId,
      payload: { inboxId: requestId },
    };
    expect(await handle(job as LeasedJob)).toEqual({ type: "done" });

    // The redaction happened: the order's webhook bodies are gone, their ids and hashes stay.
    const [request] = await store.privacyRequests.list("acme");
    expect(request?.completedAt).not.toBeNull();
    for (const id of webhooks) expect((await store.inbox.get(id))?.body.length).toBe(0);
    // ...and the lineage did not need it: every entry is still there, unchanged, naming no one.
    const after = await store.audit.query({ tenantId: "acme", limit: 1000 });
    expect(after).toEqual(before);
    const received = after.filter((e) => e.step === "webhook.received");
    for (const [index, id] of webhooks.entries())
      expect(received[index]?.detail).toMatchObject({
        inboxId: id,
        bodySha256: (await store.inbox.get(id))?.bodySha256,
      });
    const text = JSON.stringify(after);
    for (const value of Object.values(PERSONAL)) expect(text).not.toContain(value);
  });
});
