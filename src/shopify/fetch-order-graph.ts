import type { z } from "zod";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import {
  AGREEMENT_SALES_QUERY,
  FIRST_READ_FULFILLMENTS,
  FIRST_READ_TRANSACTIONS,
  FULFILLMENT_LINE_ITEMS_QUERY,
  MAX_TRANSACTIONS,
  ORDER_ACCOUNTING_QUERY,
  ORDER_AGREEMENTS_QUERY,
  ORDER_FULFILLMENTS_QUERY,
  ORDER_LINE_ITEMS_QUERY,
  ORDER_TRANSACTIONS_QUERY,
} from "./order-query.js";
import {
  agreementSalesDataSchema,
  type FulfillmentLineNode,
  type FulfillmentNode,
  fulfillmentLineItemsDataSchema,
  type LineItemNode,
  type OrderGraph,
  orderAccountingDataSchema,
  orderAgreementsDataSchema,
  orderFulfillmentsDataSchema,
  orderLineItemsDataSchema,
  orderTransactionsDataSchema,
  type pageInfoSchema,
  type SaleNode,
  type TransactionNode,
} from "./order-schemas.js";

type PageInfo = z.infer<typeof pageInfoSchema>;
type Fulfillments = OrderGraph["fulfillments"];
type Agreements = OrderGraph["agreements"];

/**
 * Reads one order with every page of line items, fulfillments, transactions, agreements and sales;
 * `null` when Shopify says the order does not exist. An order that vanishes between pages is reported
 * as `MLC_SHOPIFY_ORDER_NOT_FOUND` (retryable: the next read settles it).
 * @see https://shopify.dev/docs/api/usage/pagination-graphql
 */
export async function fetchOrderGraph(
  client: ShopifyGraphqlClient,
  orderId: string,
): Promise<OrderGraph | null> {
  const { data } = await client.query(ORDER_ACCOUNTING_QUERY, { id: orderId }, orderAccountingDataSchema);
  const first = data.order;
  if (!first) return null;
  const { transactions, fulfillments, lineItems, ...header } = first;
  const reader = { client, orderId };
  return {
    ...header,
    lineItems: [...lineItems.nodes, ...(await readMoreLineItems(reader, lineItems.pageInfo))],
    transactions: await readAllTransactions(reader, transactions),
    fulfillments: await readAllFulfillments(reader, fulfillments),
    agreements: await readAllAgreements(reader),
  };
}

interface Reader {
  client: ShopifyGraphqlClient;
  orderId: string;
}

async function readMoreLineItems(reader: Reader, pageInfo: PageInfo): Promise<LineItemNode[]> {
  const items: LineItemNode[] = [];
  let page = pageInfo;
  while (page.hasNextPage) {
    const variables = { id: reader.orderId, after: page.endCursor };
    const { data } = await reader.client.query(ORDER_LINE_ITEMS_QUERY, variables, orderLineItemsDataSchema);
    const order = orderOrVanished(data.order, reader);
    items.push(...order.lineItems.nodes);
    page = order.lineItems.pageInfo;
  }
  return items;
}

/** `Order.transactions` is a plain list: a full first read is re-read at the maximum size. */
async function readAllTransactions(reader: Reader, firstRead: TransactionNode[]): Promise<TransactionNode[]> {
  if (firstRead.length < FIRST_READ_TRANSACTIONS) return firstRead;
  const variables = { id: reader.orderId };
  const { data } = await reader.client.query(
    ORDER_TRANSACTIONS_QUERY,
    variables,
    orderTransactionsDataSchema,
  );
  const all = orderOrVanished(data.order, reader).transactions;
  if (all.length >= MAX_TRANSACTIONS) {
    // Cannot tell whether there are more, and a missing payment would post a wrong ledger: refuse.
    const message = `order has ${MAX_TRANSACTIONS}+ transactions; cannot read them all`;
    throw new ConnectorError("MLC_SHOPIFY_RESPONSE_INVALID", message, {
      retryable: false,
      detail: { orderId: reader.orderId },
    });
  }
  return all;
}

async function readAllFulfillments(reader: Reader, firstRead: FulfillmentNode[]): Promise<Fulfillments> {
  if (firstRead.length >= FIRST_READ_FULFILLMENTS) {
    return readManyFulfillments(reader);
  }
  const result: Fulfillments = [];
  for (const { fulfillmentLineItems, ...fulfillment } of firstRead) {
    const lines = [
      ...fulfillmentLineItems.nodes,
      ...(await readFulfilledLines(reader, fulfillment.id, fulfillmentLineItems.pageInfo)),
    ];
    result.push(toFulfillmentGraph(fulfillment, lines));
  }
  return result;
}

function toFulfillmentGraph(
  header: Omit<FulfillmentNode, "fulfillmentLineItems">,
  lines: FulfillmentLineNode[],
): Fulfillments[number] {
  return {
    id: header.id,
    status: header.status,
    createdAt: header.createdAt,
    locationName: header.location?.name ?? null,
    lines,
  };
}

/** More fulfillments than the first read holds: list them all, then page each one's line items. */
async function readManyFulfillments(reader: Reader): Promise<Fulfillments> {
  const { data } = await reader.client.query(
    ORDER_FULFILLMENTS_QUERY,
    { id: reader.orderId },
    orderFulfillmentsDataSchema,
  );
  const result: Fulfillments = [];
  for (const fulfillment of orderOrVanished(data.order, reader).fulfillments) {
    const lines = await readFulfilledLines(reader, fulfillment.id, { hasNextPage: true, endCursor: null });
    result.push(toFulfillmentGraph(fulfillment, lines));
  }
  return result;
}

async function readFulfilledLines(
  reader: Reader,
  fulfillmentId: string,
  pageInfo: PageInfo,
): Promise<FulfillmentLineNode[]> {
  const lines: FulfillmentLineNode[] = [];
  let page = pageInfo;
  while (page.hasNextPage) {
    const variables = { id: fulfillmentId, after: page.endCursor };
    const { data } = await reader.client.query(
      FULFILLMENT_LINE_ITEMS_QUERY,
      variables,
      fulfillmentLineItemsDataSchema,
    );
    const connection = data.node?.fulfillmentLineItems;
    if (!connection) throw vanished(reader);
    lines.push(...connection.nodes);
    page = connection.pageInfo;
  }
  return lines;
}

async function readAllAgreements(reader: Reader): Promise<Agreements> {
  const agreements: Agreements = [];
  let after: string | null = null;
  for (;;) {
    const variables: Record<string, unknown> = { id: reader.orderId, after };
    const { data } = await reader.client.query(ORDER_AGREEMENTS_QUERY, variables, orderAgreementsDataSchema);
    const connection = orderOrVanished(data.order, reader).agreements;
    let cursorBefore = after;
    for (const edge of connection.edges) {
      const { sales, ...agreement } = edge.node;
      const more = await readMoreSales(reader, {
        agreementId: agreement.id,
        cursorBefore,
        pageInfo: sales.pageInfo,
      });
      agreements.push({ ...agreement, sales: [...sales.nodes, ...more] });
      cursorBefore = edge.cursor;
    }
    if (!connection.pageInfo.hasNextPage) return agreements;
    after = connection.pageInfo.endCursor;
  }
}

async function readMoreSales(
  reader: Reader,
  input: { agreementId: string; cursorBefore: string | null; pageInfo: PageInfo },
): Promise<SaleNode[]> {
  const sales: SaleNode[] = [];
  let page = input.pageInfo;
  while (page.hasNextPage) {
    const variables = { id: reader.orderId, agreementAfter: input.cursorBefore, after: page.endCursor };
    const { data } = await reader.client.query(AGREEMENT_SALES_QUERY, variables, agreementSalesDataSchema);
    const agreement = orderOrVanished(data.order, reader).agreements.nodes[0];
    if (agreement?.id !== input.agreementId) {
      // Agreements are append-only, so the one after a cursor does not change; if it did, read again later.
      throw new ConnectorError("MLC_SHOPIFY_RESPONSE_INVALID", "agreement moved while its sales were paged", {
        retryable: true,
        detail: { orderId: reader.orderId, expected: input.agreementId, got: agreement?.id ?? null },
      });
    }
    sales.push(...agreement.sales.nodes);
    page = agreement.sales.pageInfo;
  }
  return sales;
}

function orderOrVanished<T>(order: T | null, reader: Reader): T {
  if (order === null) throw vanished(reader);
  return order;
}

function vanished(reader: Reader): ConnectorError {
  return new ConnectorError("MLC_SHOPIFY_ORDER_NOT_FOUND", "the order disappeared while it was being read", {
    retryable: true,
    detail: { orderId: reader.orderId },
  });
}
