import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountRef } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import type { Clock } from "../lib/clock.js";
import { makeOrder, makePayment, makeSale, makeSalesEvent } from "../mapping/test-support/make-order.js";
import { makePolicy } from "../mapping/test-support/make-policy.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import type { LeasedJob } from "./job-queue.js";
import { createOrderSyncHandler, invalidAccounts } from "./order-sync-job.js";

const order: OrderSnapshot = makeOrder({
  id: "gid://shopify/Order/1",
  name: "#1",
  salesEvents: [
    makeSalesEvent({
      id: "gid://shopify/OrderAgreement/1",
      happenedAt: "2026-11-27T15:00:00Z",
      sales: [makeSale({ totalAmountMinor: 10_000n })],
    }),
  ],
  paymentEvents: [
    makePayment({
      id: "gid://shopify/OrderTransaction/1",
      processedAt: "2026-11-27T15:00:00Z",
      amountMinor: 10_000n,
    }),
  ],
});

const name = (a: AccountRef) => [a.businessUnit, a.object, a.subsidiary].filter(Boolean).join(".");

describe("order sync: JDE account check", () => {
  let store: Store;
  const clock: Clock = { now: () => new Date("2026-11-27T23:00:00Z"), sleep: async () => {} };
  const policy = makePolicy({ timezone: "America/New_York" });
  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock });
    await store.migrate();
  });
  afterEach(async () => store.close());

  const sync = (accountCheck?: (a: AccountRef) => string | null) => {
    let woken = 0;
    const run = createOrderSyncHandler({
      tenant: () => ({
        policy,
        orders: {
          fetchOrder: async () => order,
          listUpdatedOrderIds: async () => ({ orderIds: [], nextCursor: null }),
        },
        ...(accountCheck ? { accountCheck } : {}),
      }),
      posting: store.posting,
      audit: store.audit,
      clock,
      onDocumentsRecorded: () => {
        woken += 1;
      },
    })({ tenantId: "acme", key: order.id, payload: {} } as LeasedJob);
    return run.then((result) => ({ result, woken }));
  };

  it("parks with MLC_JDE_ACCOUNT_INVALID and records nothing when JDE lacks an account", async () => {
    const revenue = name(policy.accounts.revenue);
    const { result, woken } = await sync((a) =>
      name(a) === revenue ? `account ${revenue} does not exist in JDE company 00100` : null,
    );
    expect(result).toEqual({
      type: "park",
      code: "MLC_JDE_ACCOUNT_INVALID",
      reason: `account ${revenue} does not exist in JDE company 00100`,
    });
    expect(woken).toBe(0);
    expect(await store.posting.listDocuments({ tenantId: "acme" })).toEqual([]);
  });

  it("records the documents when every account passes", async () => {
    const { result, woken } = await sync(() => null);
    expect(result).toEqual({ type: "done" });
    expect(woken).toBe(1);
    expect((await store.posting.listDocuments({ tenantId: "acme" })).length).toBeGreaterThan(0);
  });

  it("invalidAccounts reports each refused account once, in line order", () => {
    const line = (businessUnit: string, object: string) => ({
      account: { businessUnit, object, subsidiary: "" },
      amountMinor: 1n,
      kind: "revenue" as const,
      explanation: "x",
    });
    const doc = {
      lines: [line("100", "4999"), line("100", "4100"), line("100", "4999"), line("190", "4100")],
    };
    const problems = invalidAccounts([doc] as never, (a) =>
      a.object === "4100" && a.businessUnit === "100" ? null : name(a),
    );
    expect(problems).toEqual(["100.4999", "190.4100"]);
  });
});
