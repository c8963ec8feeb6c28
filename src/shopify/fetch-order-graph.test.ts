import { describe, expect, it } from "vitest";
import { fetchOrderGraph } from "./fetch-order-graph.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import {
  AGREEMENT_SALES_QUERY,
  FULFILLMENT_LINE_ITEMS_QUERY,
  ORDER_ACCOUNTING_QUERY,
  ORDER_AGREEMENTS_QUERY,
  ORDER_FULFILLMENTS_QUERY,
  ORDER_TRANSACTIONS_QUERY,
} from "./order-query.js";

const ORDER_ID = "gid://shopify/Order/1";
const page = (hasNextPage: boolean, endCursor: string | null = null) => ({ hasNextPage, endCursor });
const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });
const sale = (id: string) => ({
  __typename: "ProductSale",
  id,
  lineType: "PRODUCT",
  actionType: "ORDER",
  quantity: 1,
  totalAmount: money("1.00"),
  totalTaxAmount: money("0"),
  totalDiscountAmountBeforeTaxes: money("0"),
  taxes: [],
  lineItem: { id: "li1" },
});
const transaction = (id: string) => ({
  id,
  kind: "SALE",
  status: "SUCCESS",
  gateway: "manual",
  processedAt: null,
  createdAt: "2026-11-27T00:00:00Z",
  test: false,
  amountSet: money("1.00"),
});
const header = {
  id: ORDER_ID,
  legacyResourceId: "1",
  name: "#1",
  createdAt: "2026-11-27T00:00:00Z",
  processedAt: "2026-11-27T00:00:00Z",
  updatedAt: "2026-11-27T00:00:00Z",
  cancelledAt: null,
  test: false,
  currencyCode: "USD",
  taxesIncluded: false,
  sourceName: "web",
  tags: [],
  retailLocation: null,
  shippingAddress: null,
  customer: null,
};

/** A client answering from a table keyed by document, recording every call. */
function scriptedClient(answer: (document: string, variables: Record<string, unknown>) => unknown) {
  const calls: { document: string; variables: Record<string, unknown> }[] = [];
  const client: ShopifyGraphqlClient = {
    async query(document, variables, schema) {
      calls.push({ document, variables });
      return { data: schema.parse(answer(document, variables)), cost: null };
    },
    close: async () => undefined,
  };
  return { client, calls };
}

describe("fetchOrderGraph", () => {
  it("returns null when the order does not exist", async () => {
    const { client } = scriptedClient(() => ({ order: null }));
    await expect(fetchOrderGraph(client, ORDER_ID)).resolves.toBeNull();
  });

  it("follows agreement pages and pages one agreement's sales through the cursor before it", async () => {
    const { client, calls } = scriptedClient((document, variables) => {
      if (document === ORDER_ACCOUNTING_QUERY) {
        return {
          order: {
            ...header,
            transactions: [],
            fulfillments: [],
            lineItems: { pageInfo: page(false), nodes: [] },
          },
        };
      }
      if (document === ORDER_AGREEMENTS_QUERY && variables.after === null) {
        const agreement = (id: string, sales: unknown[], more: boolean) => ({
          __typename: "OrderAgreement",
          id,
          happenedAt: "2026-11-27T00:00:00Z",
          reason: "ORDER",
          sales: { pageInfo: page(more, `${id}-s`), nodes: sales },
        });
        return {
          order: {
            agreements: {
              pageInfo: page(true, "c2"),
              edges: [
                { cursor: "c1", node: agreement("a1", [sale("s1")], false) },
                { cursor: "c2", node: agreement("a2", [sale("s2")], true) },
              ],
            },
          },
        };
      }
      if (document === ORDER_AGREEMENTS_QUERY)
        return { order: { agreements: { pageInfo: page(false), edges: [] } } };
      if (document === AGREEMENT_SALES_QUERY) {
        expect(variables).toEqual({ id: ORDER_ID, agreementAfter: "c1", after: "a2-s" });
        return {
          order: {
            agreements: { nodes: [{ id: "a2", sales: { pageInfo: page(false), nodes: [sale("s3")] } }] },
          },
        };
      }
      throw new Error(`unexpected ${document.slice(0, 30)}`);
    });
    const graph = await fetchOrderGraph(client, ORDER_ID);
    expect(graph?.agreements.map((agreement) => agreement.sales.map((s) => s.id))).toEqual([
      ["s1"],
      ["s2", "s3"],
    ]);
    expect(
      calls.filter((call) => call.document === ORDER_AGREEMENTS_QUERY).map((call) => call.variables.after),
    ).toEqual([null, "c2"]);
  });

  it("re-reads transactions and fulfillments when the first read is full", async () => {
    const { client } = scriptedClient((document) => {
      if (document === ORDER_ACCOUNTING_QUERY) {
        const fulfillment = {
          id: "f",
          status: "SUCCESS",
          createdAt: "2026-11-27T00:00:00Z",
          location: null,
          fulfillmentLineItems: { pageInfo: page(false), nodes: [] },
        };
        return {
          order: {
            ...header,
            transactions: Array.from({ length: 100 }, (_, index) => transaction(`t${index}`)),
            fulfillments: Array.from({ length: 5 }, () => fulfillment),
            lineItems: { pageInfo: page(false), nodes: [] },
          },
        };
      }
      if (document === ORDER_TRANSACTIONS_QUERY) {
        return {
          order: { transactions: Array.from({ length: 120 }, (_, index) => transaction(`t${index}`)) },
        };
      }
      if (document === ORDER_FULFILLMENTS_QUERY) {
        const fulfillments = Array.from({ length: 7 }, (_, index) => ({
          id: `f${index}`,
          status: "SUCCESS",
          createdAt: `2026-11-2${index}T00:00:00Z`,
          location: { name: "Reno DC" },
        }));
        return { order: { fulfillments } };
      }
      if (document === FULFILLMENT_LINE_ITEMS_QUERY) {
        return {
          node: {
            fulfillmentLineItems: {
              pageInfo: page(false),
              nodes: [{ quantity: 2, lineItem: { id: "li1" } }],
            },
          },
        };
      }
      return { order: { agreements: { pageInfo: page(false), edges: [] } } };
    });
    const graph = await fetchOrderGraph(client, ORDER_ID);
    expect(graph?.transactions).toHaveLength(120);
    expect(graph?.fulfillments).toHaveLength(7);
    expect(graph?.fulfillments[6]).toEqual({
      id: "f6",
      status: "SUCCESS",
      createdAt: "2026-11-26T00:00:00Z",
      locationName: "Reno DC",
      lines: [{ quantity: 2, lineItem: { id: "li1" } }],
    });
  });

  it("pages one fulfillment's lines through node(id:) and keeps their quantities", async () => {
    const { client, calls } = scriptedClient((document, variables) => {
      if (document === ORDER_ACCOUNTING_QUERY) {
        const fulfillment = {
          id: "f1",
          status: "SUCCESS",
          createdAt: "2026-11-28T00:00:00Z",
          location: { name: "Reno DC" },
          fulfillmentLineItems: {
            pageInfo: page(true, "l40"),
            nodes: [{ quantity: 3, lineItem: { id: "li1" } }],
          },
        };
        return {
          order: {
            ...header,
            transactions: [],
            fulfillments: [fulfillment],
            lineItems: { pageInfo: page(false), nodes: [] },
          },
        };
      }
      if (document === FULFILLMENT_LINE_ITEMS_QUERY) {
        expect(variables).toEqual({ id: "f1", after: "l40" });
        const nodes = [{ quantity: 1, lineItem: { id: "li2" } }];
        return { node: { fulfillmentLineItems: { pageInfo: page(false), nodes } } };
      }
      return { order: { agreements: { pageInfo: page(false), edges: [] } } };
    });
    const graph = await fetchOrderGraph(client, ORDER_ID);
    expect(graph?.fulfillments[0]?.lines.map((line) => [line.lineItem.id, line.quantity])).toEqual([
      ["li1", 3],
      ["li2", 1],
    ]);
    expect(calls.filter((call) => call.document === FULFILLMENT_LINE_ITEMS_QUERY)).toHaveLength(1);
  });
});
