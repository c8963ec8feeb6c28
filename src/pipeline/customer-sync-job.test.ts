import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDirectoryHarness } from "../customers/test-support/directory-harness.js";
import { makeCustomer } from "../customers/test-support/make-customer.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { CUSTOMER_SYNC, createCustomerSyncHandler } from "./customer-sync-job.js";
import type { LeasedJob } from "./job-queue.js";

const ADA = makeCustomer();
const job = (key: string, payload: unknown = { topic: "customers/update", webhookId: "w-1" }) =>
  ({ tenantId: "acme", kind: CUSTOMER_SYNC, key, payload }) as LeasedJob;

describe("customer-sync job", () => {
  let store: Store;
  const fake = createFakeClock();
  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock: fake.clock });
    await store.migrate();
  });
  afterEach(async () => store.close());

  const setup = (withDirectory = true, refuse = false) => {
    const customers = createDirectoryHarness(store, {
      customers: [ADA],
      ...(refuse ? { jde: { refuse: () => [{ code: "0730", description: "Business Unit invalid" }] } } : {}),
    });
    const handle = createCustomerSyncHandler({
      directory: () => (withDirectory ? customers.directory : undefined),
      audit: customers.audit,
      clock: fake.clock,
    });
    return { customers, handle };
  };

  it("reads the customer from Shopify and creates its JDE record", async () => {
    const t = setup();
    expect(await t.handle(job(ADA.id))).toEqual({ type: "done" });
    expect(t.customers.jde.writes.flat()).toEqual([expect.objectContaining({ kind: "add" })]);
    expect(t.customers.steps("customer.synced")).toEqual([
      {
        customerId: ADA.id,
        trigger: "customers/update",
        addressNumber: "9001",
        reason: "customer.linked",
        source: "created",
      },
    ]);
  });

  it("does nothing for a tenant that does not sync customers", async () => {
    const t = setup(false);
    expect(await t.handle(job(ADA.id))).toEqual({ type: "done" });
    expect(t.customers.shopify.reads()).toBe(0);
  });

  it("throws JDE's refusal (the runner parks it) and AIS being down (the runner retries)", async () => {
    const t = setup();
    t.customers.jde.failNextCall(new ConnectorError("MLC_AIS_UNAVAILABLE", "AIS answered 503"));
    await expect(t.handle(job(ADA.id))).rejects.toMatchObject({
      code: "MLC_AIS_UNAVAILABLE",
      retryable: true,
    });
    const refused = setup(true, true);
    await expect(refused.handle(job(ADA.id))).rejects.toMatchObject({
      code: "MLC_JDE_CUSTOMER_REJECTED",
      retryable: false,
      message: expect.stringContaining("0730 Business Unit invalid"),
    });
  });
});
