import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, parse, validate } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { KNOWN_SALE_ACTION_TYPES, KNOWN_SALE_LINE_TYPES } from "../domain/order.js";
import { ALL_ORDER_DOCUMENTS } from "./order-query.js";
import { estimateQueryCost } from "./query-cost.js";

const SCHEMA_PATH = fileURLToPath(
  new URL("../../.cache/shopify-schema/admin_2026-10.json.gz", import.meta.url),
);

let schema: GraphQLSchema;
beforeAll(() => {
  const json = JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8"));
  schema = buildClientSchema(json.data);
});

const documents = Object.entries(ALL_ORDER_DOCUMENTS);

describe("order query documents against Shopify's Admin 2026-10 schema", () => {
  it.each(documents)("%s validates", (_name, document) => {
    const errors = validate(schema, parse(document));
    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it.each(documents)("%s stays well below the 1000-point single-query ceiling", (_name, document) => {
    const cost = estimateQueryCost(document, { first: 250 });
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeLessThan(950);
  });

  it("uses enum values the schema really has", () => {
    const enumValues = (name: string) => {
      const type = schema.getType(name);
      return type && "getValues" in type ? type.getValues().map((value) => value.name) : [];
    };
    expect(enumValues("OrderActionType")).toEqual(
      expect.arrayContaining(["ORDER", "ORDER_EDIT", "REFUND", "RETURN"]),
    );
    expect(enumValues("OrderTransactionKind")).toEqual(
      expect.arrayContaining(["SALE", "CAPTURE", "REFUND", "AUTHORIZATION", "VOID"]),
    );
    expect(enumValues("OrderTransactionStatus")).toContain("SUCCESS");
    expect(enumValues("SaleLineType")).toEqual(expect.arrayContaining([...KNOWN_SALE_LINE_TYPES]));
    expect(enumValues("SaleActionType")).toEqual(expect.arrayContaining([...KNOWN_SALE_ACTION_TYPES]));
    expect(enumValues("FulfillmentStatus")).toEqual(
      expect.arrayContaining(["SUCCESS", "CANCELLED", "ERROR", "FAILURE"]),
    );
  });

  it("reads each fulfillment's status, createdAt, location and per-line quantities", () => {
    const fulfillment = schema.getType("Fulfillment");
    const fields = fulfillment && "getFields" in fulfillment ? fulfillment.getFields() : {};
    // createdAt is always there; deliveredAt/inTransitAt are nullable and carrier-dependent.
    expect(String(fields.createdAt?.type)).toBe("DateTime!");
    expect(String(fields.deliveredAt?.type)).toBe("DateTime");
    expect(String(fields.status?.type)).toBe("FulfillmentStatus!");
    const first = ALL_ORDER_DOCUMENTS.ORDER_ACCOUNTING_QUERY;
    expect(first).toContain("id status createdAt location { name }");
    expect(first).toContain("nodes { quantity lineItem { id } }");
    expect(ALL_ORDER_DOCUMENTS.ORDER_FULFILLMENTS_QUERY).toContain("id status createdAt location { name }");
    expect(ALL_ORDER_DOCUMENTS.FULFILLMENT_LINE_ITEMS_QUERY).toContain("nodes { quantity lineItem { id } }");
  });

  it("keeps the first read at its reserved cost", () => {
    expect(estimateQueryCost(ALL_ORDER_DOCUMENTS.ORDER_ACCOUNTING_QUERY)).toBe(776);
    expect(estimateQueryCost(ALL_ORDER_DOCUMENTS.ORDER_FULFILLMENTS_QUERY)).toBe(501);
    expect(estimateQueryCost(ALL_ORDER_DOCUMENTS.FULFILLMENT_LINE_ITEMS_QUERY)).toBe(503);
  });

  it("rejects a document with a field the schema does not have (the check has teeth)", () => {
    const errors = validate(schema, parse('query { order(id: "x") { id physicalLocationName } }'));
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe("estimateQueryCost", () => {
  it.each([
    ["an object with scalars", "query { shop { id name } }", 1],
    [
      "a connection",
      "query { orders(first: 10) { pageInfo { hasNextPage } nodes { id customer { id } } } }",
      2 + 10 * 2,
    ],
    [
      "a list with first",
      'query { order(id: "1") { transactions(first: 5) { id amountSet { shopMoney { amount } } } } }',
      1 + 5 * 3,
    ],
    ["a variable page size", "query Q($n: Int!) { orders(first: $n) { nodes { id } } }", 2 + 7 * 1],
  ])("prices %s", (_label, document, expected) => {
    expect(estimateQueryCost(document, { n: 7 })).toBe(expected);
  });
});
