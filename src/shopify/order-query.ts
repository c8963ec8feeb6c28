/**
 * GraphQL documents for the accounting read of an order, sized so each stays well below Shopify's
 * 1000-point single-query ceiling (see `order-query.test.ts`, which validates every document against the
 * real Admin schema and checks its estimated cost). Page sizes are fixed in the documents: the query
 * cost is then a constant the limiter can reserve.
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/objects/Order
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/interfaces/SalesAgreement
 */

const PAGE_INFO = "pageInfo { hasNextPage endCursor }";

const LINE_ITEM_FIELDS = `fragment LineItemFields on LineItem {
  id sku name isGiftCard product { productType }
}`;

const TRANSACTION_FIELDS = `fragment TransactionFields on OrderTransaction {
  id kind status gateway processedAt createdAt test
  amountSet { shopMoney { amount currencyCode } }
  amountRoundingSet { shopMoney { amount } }
}`;

const SALE_FIELDS = `fragment SaleFields on Sale {
  __typename id lineType actionType quantity
  totalAmount { shopMoney { amount currencyCode } }
  totalTaxAmount { shopMoney { amount } }
  totalDiscountAmountBeforeTaxes { shopMoney { amount } }
  taxes { amount { shopMoney { amount } } taxLine { title channelLiable } }
  ... on ProductSale { lineItem { id } }
}`;

/** Line items per page in the first read; more are fetched with `ORDER_LINE_ITEMS_QUERY`. */
export const FIRST_READ_LINE_ITEMS = 50;
/** Transactions in the first read; a full first read means `ORDER_TRANSACTIONS_QUERY` is needed. */
export const FIRST_READ_TRANSACTIONS = 50;
/** Fulfillments in the first read; a full first read means `ORDER_FULFILLMENTS_QUERY` is needed. */
export const FIRST_READ_FULFILLMENTS = 5;
/** The most transactions one order can be read with (`Order.transactions` is a list, not a connection). */
export const MAX_TRANSACTIONS = 180;

/**
 * A fulfillment's own fields. `createdAt` is when the fulfillment was recorded, i.e. when the goods left the
 * location — the revenue date under shipping-point recognition. `deliveredAt`/`inTransitAt` would be
 * worse: nullable, filled only with carrier tracking, and set long after the shipment; `updatedAt` moves
 * with every tracking update. `status` lets the conversion keep only SUCCESS fulfillments. All scalars:
 * they add nothing to the requested cost.
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/objects/Fulfillment
 */
const FULFILLMENT_HEADER = "id status createdAt location { name }";
/** Per fulfilled line: the order line and how many units of it shipped (`quantity` is nullable Int). */
const FULFILLMENT_LINE = "quantity lineItem { id }";

/** The order's header, payments, fulfillments and first line items. Requested cost ≈ 826. */
export const ORDER_ACCOUNTING_QUERY = `query OrderForAccounting($id: ID!) {
  order(id: $id) {
    id legacyResourceId name createdAt processedAt updatedAt cancelledAt test
    currencyCode taxesIncluded sourceName tags
    retailLocation { name }
    shippingAddress { countryCodeV2 }
    customer { id updatedAt }
    transactions(first: ${FIRST_READ_TRANSACTIONS}) { ...TransactionFields }
    fulfillments(first: ${FIRST_READ_FULFILLMENTS}) {
      ${FULFILLMENT_HEADER}
      fulfillmentLineItems(first: 40) { ${PAGE_INFO} nodes { ${FULFILLMENT_LINE} } }
    }
    lineItems(first: ${FIRST_READ_LINE_ITEMS}) { ${PAGE_INFO} nodes { ...LineItemFields } }
  }
}
${TRANSACTION_FIELDS}
${LINE_ITEM_FIELDS}`;

/** Further line items of a large order (a 500-line order needs two of these). Requested cost ≈ 503. */
export const ORDER_LINE_ITEMS_QUERY = `query OrderLineItems($id: ID!, $after: String) {
  order(id: $id) {
    id
    lineItems(first: 250, after: $after) { ${PAGE_INFO} nodes { ...LineItemFields } }
  }
}
${LINE_ITEM_FIELDS}`;

/**
 * One page of sales agreements with their first sales. `edges.cursor` lets a follow-up reach one
 * agreement again (agreements are not `Node`s, so `node(id:)` cannot). Requested cost ≈ 738.
 */
export const ORDER_AGREEMENTS_QUERY = `query OrderAgreements($id: ID!, $after: String) {
  order(id: $id) {
    id
    agreements(first: 5, after: $after) {
      ${PAGE_INFO}
      edges {
        cursor
        node {
          __typename id happenedAt reason
          sales(first: 12) { ${PAGE_INFO} nodes { ...SaleFields } }
        }
      }
    }
  }
}
${SALE_FIELDS}`;

/**
 * Further sales of one agreement: the agreement is the one right after `$agreementAfter` (null for the
 * first agreement). Requested cost ≈ 846.
 */
export const AGREEMENT_SALES_QUERY = `query AgreementSales($id: ID!, $agreementAfter: String, $after: String) {
  order(id: $id) {
    id
    agreements(first: 1, after: $agreementAfter) {
      nodes { id sales(first: 70, after: $after) { ${PAGE_INFO} nodes { ...SaleFields } } }
    }
  }
}
${SALE_FIELDS}`;

/** All payments of an order with more than `FIRST_READ_TRANSACTIONS` of them. Requested cost ≈ 751. */
export const ORDER_TRANSACTIONS_QUERY = `query OrderTransactions($id: ID!) {
  order(id: $id) { id transactions(first: ${MAX_TRANSACTIONS}) { ...TransactionFields } }
}
${TRANSACTION_FIELDS}`;

/** All fulfillments (ids, status, dates, locations) of an order with many of them. Requested cost ≈ 501. */
export const ORDER_FULFILLMENTS_QUERY = `query OrderFulfillments($id: ID!) {
  order(id: $id) { id fulfillments(first: 250) { ${FULFILLMENT_HEADER} } }
}`;

/** Further fulfilled line items of one fulfillment (`Fulfillment` is a `Node`). Requested cost ≈ 503. */
export const FULFILLMENT_LINE_ITEMS_QUERY = `query FulfillmentLineItems($id: ID!, $after: String) {
  node(id: $id) {
    ... on Fulfillment { id fulfillmentLineItems(first: 250, after: $after) { ${PAGE_INFO} nodes { ${FULFILLMENT_LINE} } } }
  }
}`;

/**
 * The sweep: ids of orders updated at or after a time, oldest first. `$first` ≤ 250; requested cost
 * 2 + $first.
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/queries/orders
 */
export const UPDATED_ORDERS_QUERY = `query UpdatedOrders($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    ${PAGE_INFO}
    nodes { id updatedAt }
  }
}`;

/** Every document, for schema validation and cost checks. */
export const ALL_ORDER_DOCUMENTS = {
  ORDER_ACCOUNTING_QUERY,
  ORDER_LINE_ITEMS_QUERY,
  ORDER_AGREEMENTS_QUERY,
  AGREEMENT_SALES_QUERY,
  ORDER_TRANSACTIONS_QUERY,
  ORDER_FULFILLMENTS_QUERY,
  FULFILLMENT_LINE_ITEMS_QUERY,
  UPDATED_ORDERS_QUERY,
} as const;
