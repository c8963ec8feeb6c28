import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LeasedJob } from "../pipeline/job-queue.js";
import type { JdeCustomerRecords } from "../pipeline/shop-event-job.js";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { createJobHandlers } from "./job-handlers.js";
import type { RunningTenant } from "./running-tenant.js";

const CUSTOMER = "gid://shopify/Customer/7011234567890";

describe("the job handlers the connector composes", () => {
  let store: Store;
  const fake = createFakeClock(Date.UTC(2026, 10, 27, 12));
  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock: fake.clock });
    await store.migrate();
  });
  afterEach(async () => store.close());

  /**
   * Tenants "acme" (syncs customers) and "globex" (summary: daily), as startRunningTenant gives them
   * (running-tenant.test.ts): only acme has a directory; both have JDE customer records.
   */
  function setup(records: JdeCustomerRecords) {
    const synced: string[] = [];
    const tenant = (id: string) =>
      ({
        customers:
          id === "acme"
            ? {
                syncCustomer: async (gid: string) => {
                  synced.push(`${id} ${gid}`);
                  return { kind: "linked", addressNumber: "9001" };
                },
              }
            : undefined,
        customerRecords: records,
      }) as unknown as RunningTenant;
    const handlers = createJobHandlers({
      store,
      tenant,
      syncTenant: () => undefined,
      clock: fake.clock,
    });
    return { handlers, synced };
  }

  const job = (tenantId: string, kind: string, key: string, payload: unknown) =>
    ({ id: "1", tenantId, kind, key, payload, attempts: 0 }) as LeasedJob;

  it("drops a queued customer-sync job of a tenant that no longer syncs customers (moved to summary mode)", async () => {
    const t = setup({ addressNumbersOf: async () => [], writePath: () => "orchestration" });
    const payload = { topic: "customers/update", webhookId: "w-1" };
    expect(await t.handlers["customer-sync"]!(job("globex", "customer-sync", CUSTOMER, payload))).toEqual({
      type: "done",
    });
    expect(t.synced).toEqual([]);
    await t.handlers["customer-sync"]!(job("acme", "customer-sync", CUSTOMER, payload));
    expect(t.synced).toEqual([`acme ${CUSTOMER}`]);
  });

  it("customers/redact lists the tenant's JDE records, a summary tenant's too", async () => {
    const t = setup({ addressNumbersOf: async () => ["12", "9001"], writePath: () => "ztable" });
    const body = Buffer.from(`{"shop_id":1,"customer":{"id":7011234567890},"orders_to_redact":[]}`);
    let inboxId = "";
    await store.inbox.appendMany(
      [
        {
          tenantId: "globex",
          shopDomain: "globex.myshopify.com",
          topic: "customers/redact",
          webhookId: "w-redact",
          eventId: null,
          apiVersion: "2026-10",
          triggeredAt: fake.clock.now(),
          receivedAt: fake.clock.now(),
          body,
          bodySha256: createHash("sha256").update(body).digest("hex"),
          resourceGid: CUSTOMER,
        },
      ],
      {
        onStored: (_event, id) => {
          inboxId = id;
          return null;
        },
      },
    );
    expect(await t.handlers["shop-event"]!(job("globex", "shop-event", inboxId, { inboxId }))).toEqual({
      type: "done",
    });
    const [request] = await store.privacyRequests.list("globex");
    expect(request?.outcome).toMatchObject({
      jdeAddressNumbers: ["12", "9001"],
      jdeListing: "complete",
      jdeStagingRows: expect.stringContaining("F0101Z2"),
    });
  });
});
