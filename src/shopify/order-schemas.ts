import { z } from "zod";

/**
 * zod schemas for the responses of `order-query.ts`, and the assembled `OrderGraph` that
 * `toOrderSnapshot` converts. Enum-like fields stay strings: a value Shopify adds later must not make
 * the whole order unreadable; the conversion maps unknown values to UNKNOWN/OTHER.
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/objects/MoneyBag
 */

const shopMoneyWithCurrency = z.object({
  shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }),
});
const shopMoney = z.object({ shopMoney: z.object({ amount: z.string() }) });

export const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

export const lineItemNodeSchema = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  name: z.string(),
  isGiftCard: z.boolean(),
  product: z.object({ productType: z.string() }).nullable(),
});

export const transactionNodeSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  gateway: z.string().nullable(),
  processedAt: z.string().nullable(),
  createdAt: z.string(),
  test: z.boolean(),
  amountSet: shopMoneyWithCurrency,
  amountRoundingSet: shopMoney.nullable().optional(),
});

export const fulfillmentLineNodeSchema = z.object({
  quantity: z.number().int().nullable(),
  lineItem: z.object({ id: z.string() }),
});

const fulfillmentLineItemsSchema = z.object({
  pageInfo: pageInfoSchema,
  nodes: z.array(fulfillmentLineNodeSchema),
});

/** `FulfillmentStatus` stays a string (SUCCESS, CANCELLED, ERROR, FAILURE, deprecated OPEN/PENDING…). */
const fulfillmentHeaderSchema = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  location: z.object({ name: z.string() }).nullable(),
});

export const fulfillmentNodeSchema = fulfillmentHeaderSchema.extend({
  fulfillmentLineItems: fulfillmentLineItemsSchema,
});

export const saleNodeSchema = z.object({
  __typename: z.string(),
  id: z.string(),
  lineType: z.string(),
  actionType: z.string(),
  quantity: z.number().int().nullable(),
  totalAmount: shopMoneyWithCurrency,
  totalTaxAmount: shopMoney,
  totalDiscountAmountBeforeTaxes: shopMoney,
  taxes: z.array(
    z.object({
      amount: shopMoney,
      taxLine: z.object({ title: z.string(), channelLiable: z.boolean().nullable() }),
    }),
  ),
  lineItem: z.object({ id: z.string() }).optional(),
});

const salesPageSchema = z.object({ pageInfo: pageInfoSchema, nodes: z.array(saleNodeSchema) });

/** `ORDER_ACCOUNTING_QUERY` → `data`. */
export const orderAccountingDataSchema = z.object({
  order: z
    .object({
      id: z.string(),
      legacyResourceId: z.string(),
      name: z.string(),
      createdAt: z.string(),
      processedAt: z.string(),
      updatedAt: z.string(),
      cancelledAt: z.string().nullable(),
      test: z.boolean(),
      currencyCode: z.string(),
      taxesIncluded: z.boolean(),
      sourceName: z.string().nullable(),
      tags: z.array(z.string()),
      retailLocation: z.object({ name: z.string() }).nullable(),
      shippingAddress: z.object({ countryCodeV2: z.string().nullable() }).nullable(),
      customer: z.object({ id: z.string(), updatedAt: z.string() }).nullable(),
      transactions: z.array(transactionNodeSchema),
      fulfillments: z.array(fulfillmentNodeSchema),
      lineItems: z.object({ pageInfo: pageInfoSchema, nodes: z.array(lineItemNodeSchema) }),
    })
    .nullable(),
});

/** `ORDER_LINE_ITEMS_QUERY` → `data`. */
export const orderLineItemsDataSchema = z.object({
  order: z
    .object({ lineItems: z.object({ pageInfo: pageInfoSchema, nodes: z.array(lineItemNodeSchema) }) })
    .nullable(),
});

export const agreementNodeSchema = z.object({
  __typename: z.string(),
  id: z.string(),
  happenedAt: z.string(),
  reason: z.string(),
  sales: salesPageSchema,
});

/** `ORDER_AGREEMENTS_QUERY` → `data`. */
export const orderAgreementsDataSchema = z.object({
  order: z
    .object({
      agreements: z.object({
        pageInfo: pageInfoSchema,
        edges: z.array(z.object({ cursor: z.string(), node: agreementNodeSchema })),
      }),
    })
    .nullable(),
});

/** `AGREEMENT_SALES_QUERY` → `data`. */
export const agreementSalesDataSchema = z.object({
  order: z
    .object({
      agreements: z.object({ nodes: z.array(z.object({ id: z.string(), sales: salesPageSchema })) }),
    })
    .nullable(),
});

/** `ORDER_TRANSACTIONS_QUERY` → `data`. */
export const orderTransactionsDataSchema = z.object({
  order: z.object({ transactions: z.array(transactionNodeSchema) }).nullable(),
});

/** `ORDER_FULFILLMENTS_QUERY` → `data`. */
export const orderFulfillmentsDataSchema = z.object({
  order: z
    .object({
      fulfillments: z.array(fulfillmentHeaderSchema),
    })
    .nullable(),
});

/** `FULFILLMENT_LINE_ITEMS_QUERY` → `data`. */
export const fulfillmentLineItemsDataSchema = z.object({
  node: z.object({ fulfillmentLineItems: fulfillmentLineItemsSchema.optional() }).nullable(),
});

/** `UPDATED_ORDERS_QUERY` → `data`. */
export const updatedOrdersDataSchema = z.object({
  orders: z.object({
    pageInfo: pageInfoSchema,
    nodes: z.array(z.object({ id: z.string(), updatedAt: z.string() })),
  }),
});

type OrderHeader = Omit<
  NonNullable<z.infer<typeof orderAccountingDataSchema>["order"]>,
  "transactions" | "fulfillments" | "lineItems"
>;

/** An order with every page fetched: what `toOrderSnapshot` converts. */
export interface OrderGraph extends OrderHeader {
  lineItems: z.infer<typeof lineItemNodeSchema>[];
  transactions: z.infer<typeof transactionNodeSchema>[];
  fulfillments: FulfillmentGraph[];
  agreements: (Omit<z.infer<typeof agreementNodeSchema>, "sales"> & { sales: SaleNode[] })[];
}

/** One fulfillment with every page of its lines; `quantity` null when Shopify did not say. */
export interface FulfillmentGraph {
  id: string;
  status: string;
  createdAt: string;
  locationName: string | null;
  lines: FulfillmentLineNode[];
}

export type FulfillmentLineNode = z.infer<typeof fulfillmentLineNodeSchema>;
export type SaleNode = z.infer<typeof saleNodeSchema>;
export type TransactionNode = z.infer<typeof transactionNodeSchema>;
export type FulfillmentNode = z.infer<typeof fulfillmentNodeSchema>;
export type LineItemNode = z.infer<typeof lineItemNodeSchema>;
