import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";

const at = new Date("2026-11-27T10:00:00.000Z");

describe.each(backends)("AuditLog on %s", (backend) => {
  let fresh: FreshStore;
  beforeAll(async () => {
    fresh = await freshStore(backend);
  });
  beforeEach(async () => {
    await fresh.reset();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("lists an order's and a document's trail in the order it was written", async () => {
    const { audit } = fresh.store;
    const base = { tenantId: "acme", orderId: "gid://shopify/Order/1", orderName: "#1", at };
    await audit.append({ ...base, step: "webhook.stored", webhookId: "w-1" });
    await audit.append({
      ...base,
      step: "document.recorded",
      documentKey: "acme/S1A1",
      detail: { totalMinor: 2n ** 60n },
    });
    await audit.append({ ...base, step: "batch.sent", documentKey: "acme/S1A1", batchId: "M1" });
    await audit.append({ ...base, orderId: "gid://shopify/Order/2", step: "webhook.stored" });
    const trail = await audit.listByOrder("acme", "gid://shopify/Order/1");
    expect(trail.map((entry) => entry.step)).toEqual(["webhook.stored", "document.recorded", "batch.sent"]);
    expect(trail[1]).toMatchObject({ detail: { totalMinor: "1152921504606846976" }, at, webhookId: null });
    expect((await audit.listByDocument("acme/S1A1")).map((entry) => entry.batchId)).toEqual([null, "M1"]);
  });
});
