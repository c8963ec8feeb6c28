import { describe, expect, it } from "vitest";
import { bulkJsonlBatches } from "./bulk-jsonl.js";
import { planBulkQuery } from "./bulk-query-plan.js";
import { createOrderStore } from "./order-store.js";
import { createSchemaLoader } from "./schema-loader.js";
import type { SimShopConfig } from "./types.js";

const SHOP: SimShopConfig = {
  domain: "bulk.myshopify.com",
  accessToken: "t",
  apiSecret: "s",
  currency: "USD",
  timezone: "UTC",
  taxesIncluded: false,
};
const schema = createSchemaLoader().load("2026-10");
const ORDER_FIELDS =
  "id legacyResourceId name createdAt updatedAt processedAt cancelledAt test currencyCode taxesIncluded";
const LINE_FIELDS = "id sku name title variantTitle vendor quantity isGiftCard taxable requiresShipping";

function lines(query: string, compact: boolean): Record<string, unknown>[] {
  const store = createOrderStore({ shops: [SHOP], seed: 1, nowMs: () => 0 });
  const orders = store.generate(SHOP.domain, 30, { seed: 8, compact });
  const planned = planBulkQuery(schema, query);
  if (!planned.ok) throw new Error(planned.userErrors[0]!.message);
  const source = { plan: planned.plan, schema, orders, groupObjects: true, personalData: true };
  return [...bulkJsonlBatches(source)].flatMap((b) => b.lines.map((l) => JSON.parse(l)));
}

describe("bulk JSONL", () => {
  it.each([false, true])(
    "writes from the store exactly what the GraphQL views answer (compact: %s)",
    (compact) => {
      const direct = `{ orders { edges { node { ${ORDER_FIELDS} lineItems { edges { node { ${LINE_FIELDS} } } } } } } }`;
      const viaGraphql = `{ orders { edges { node { ${ORDER_FIELDS} displayFinancialStatus
      lineItems { edges { node { ${LINE_FIELDS} currentQuantity } } } } } } }`;
      const planned = planBulkQuery(schema, direct);
      expect(planned.ok && planned.plan.projection).toBeTruthy();
      const fast = lines(direct, compact);
      const slow = lines(viaGraphql, compact).map(
        ({ displayFinancialStatus, currentQuantity, ...rest }) => rest,
      );
      expect(fast.length).toBeGreaterThan(30);
      expect(fast).toEqual(slow);
    },
  );

  it("writes a nested connection's nodes after their parent and keeps plain lists inline", () => {
    const out = lines(
      "{ orders { edges { node { id transactions { kind } agreements { edges { node { id happenedAt } } } } } } }",
      false,
    );
    const ids = new Set<unknown>();
    for (const line of out) {
      if (line.__parentId !== undefined) expect(ids.has(line.__parentId)).toBe(true);
      ids.add(line.id);
    }
    expect(out[0]).toMatchObject({ transactions: expect.any(Array) });
    expect(out[1]).toMatchObject({ __parentId: out[0]!.id, happenedAt: expect.any(String) });
  });
});
