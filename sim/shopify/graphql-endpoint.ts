import {
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
  getOperationAST,
  parse,
  validate,
} from "graphql";
import { connection, type PageArgs } from "./connection.js";
import { guardRoot, type RequestAccess, staticAccess, visibleStore } from "./graphql-access.js";
import { shopifyValidationError } from "./graphql-errors.js";
import { customerView, orderView } from "./graphql-order-view.js";
import { gid, parseGid } from "./id-allocator.js";
import type { LeakyBucket } from "./leaky-bucket.js";
import { parseOrderQuery, sortOrders } from "./order-search.js";
import type { OrderStore } from "./order-store.js";
import { computeQueryCost } from "./query-cost.js";
import type { SchemaLoader } from "./schema-loader.js";
import { shopIdOf } from "./shop-identity.js";
import type { SimShopConfig } from "./types.js";

export const MAX_QUERY_COST = 1000;

export interface GraphqlRequest {
  shop: SimShopConfig;
  version: string;
  body: { query?: unknown; variables?: unknown; operationName?: unknown };
  /** the access token's scopes and the request time; default: the shop's configured scopes, now */
  access?: RequestAccess;
}

export interface GraphqlDeps {
  schemas: SchemaLoader;
  store: OrderStore;
  bucket: (shop: string) => LeakyBucket;
  stats: {
    graphqlRequests: number;
    throttled: number;
    maxCostExceeded: number;
    invalid: number;
    accessDenied: number;
  };
  /** more root fields for the request (webhook subscriptions, bulk operations), added after the access rules */
  extendRoot?: (root: Record<string, unknown>, req: GraphqlRequest) => Record<string, unknown>;
}

/** Source objects are plain data; a function property is called with the field's arguments. */
export const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  const value = (source as Record<string, unknown>)[info.fieldName];
  if (value === undefined) {
    throw new GraphQLError(`simulator does not implement ${info.parentType.name}.${info.fieldName}`, {
      extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" },
    });
  }
  return typeof value === "function" ? value(args, context, info) : value;
};

export const typeResolver: GraphQLTypeResolver<unknown, unknown> = (value) =>
  (value as { __typename?: string }).__typename;

/** One POST /admin/api/{version}/graphql.json: validate, price, throttle, execute. Always HTTP 200. */
export async function runGraphql(req: GraphqlRequest, deps: GraphqlDeps): Promise<Record<string, unknown>> {
  deps.stats.graphqlRequests++;
  const schema = deps.schemas.load(req.version);
  if (typeof req.body.query !== "string") {
    return { errors: [{ message: "No query string was present", extensions: { code: "BAD_REQUEST" } }] };
  }
  let document: DocumentNode;
  try {
    document = parse(req.body.query);
  } catch (e) {
    deps.stats.invalid++;
    const err = e as GraphQLError;
    return {
      errors: [{ message: err.message, locations: err.locations ?? [], extensions: { code: "PARSE_ERROR" } }],
    };
  }
  const validation = validate(schema, document);
  const operationName = typeof req.body.operationName === "string" ? req.body.operationName : undefined;
  const operation = getOperationAST(document, operationName);
  if (validation.length > 0 || !operation) {
    deps.stats.invalid++;
    const errors = validation.length
      ? validation.map(shopifyValidationError)
      : [{ message: "Operation not found" }];
    return { errors };
  }
  const variables = (req.body.variables ?? {}) as Record<string, unknown>;
  const cost = computeQueryCost(schema, document, operation, variables);
  const bucket = deps.bucket(req.shop.domain);
  const requested = cost.requestedQueryCost;
  const costExt = (actual: number | null) => ({
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() },
  });
  if (cost.problems.length > 0) {
    return {
      errors: cost.problems.map((message) => ({ message, extensions: { code: "BAD_REQUEST" } })),
      extensions: costExt(null),
    };
  }
  if (requested > MAX_QUERY_COST) {
    deps.stats.maxCostExceeded++;
    const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`;
    return {
      errors: [
        { message, extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST } },
      ],
      extensions: costExt(null),
    };
  }
  if (!bucket.tryReserve(requested)) {
    deps.stats.throttled++;
    const errors = [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ];
    return { errors, extensions: costExt(null) };
  }
  const result = await execute({
    schema,
    document,
    operationName,
    variableValues: variables,
    rootValue: deps.extendRoot
      ? deps.extendRoot(accessRoot(req, deps.store), req)
      : accessRoot(req, deps.store),
    fieldResolver,
    typeResolver,
  });
  const actual = Math.min(requested, countObjects(result.data));
  bucket.refund(requested - actual);
  const body: Record<string, unknown> = {};
  if (result.errors) body.errors = result.errors.map((e) => e.toJSON());
  if (result.errors?.some((e) => e.extensions?.code === "ACCESS_DENIED")) deps.stats.accessDenied++;
  body.data = result.data ?? null;
  body.extensions = costExt(actual);
  return body;
}

/** The root as the request's token sees it: scope checks, and no orders past 60 days without read_all_orders. */
function accessRoot(req: GraphqlRequest, store: OrderStore) {
  const access = req.access ?? staticAccess(req.shop, Date.now());
  return guardRoot(rootValue(req.shop, visibleStore(store, access)), { shop: req.shop, store, access });
}

function rootValue(shop: SimShopConfig, store: OrderStore) {
  const personalData = shop.protectedCustomerData !== false;
  const view = { personalData };
  const nodeById = (id: string) => {
    const parsed = parseGid(id);
    if (parsed?.kind === "Order") {
      const order = store.get(shop.domain, id);
      return order ? orderView(order, view) : null;
    }
    if (parsed?.kind === "Customer") {
      const customer = store.customers.get(shop.domain, parsed.id);
      return customer ? customerView(customer, view) : null;
    }
    if (parsed?.kind === "Fulfillment") {
      const order = store.list(shop.domain).find((o) => o.fulfillments.some((f) => f.id === parsed.id));
      if (!order) return null;
      const fulfillments = (
        orderView(order, view).fulfillments as (a: { first?: number }) => { id: string }[]
      )({});
      return fulfillments.find((f) => f.id === id) ?? null;
    }
    return null;
  };
  return {
    shop: {
      __typename: "Shop",
      id: gid("Shop", shopIdOf(shop)),
      name: shop.domain.replace(/\.myshopify\.com$/, ""),
      email: `owner@${shop.domain}`,
      currencyCode: shop.currency,
      ianaTimezone: shop.timezone,
      myshopifyDomain: shop.domain,
      taxesIncluded: shop.taxesIncluded,
      timezoneAbbreviation: "UTC",
    },
    order: (args: { id: string }) => (parseGid(args.id)?.kind === "Order" ? nodeById(args.id) : null),
    customer: (args: { id: string }) => (parseGid(args.id)?.kind === "Customer" ? nodeById(args.id) : null),
    node: (args: { id: string }) => nodeById(args.id),
    nodes: (args: { ids: string[] }) => args.ids.map(nodeById),
    orders: (args: PageArgs & { query?: string | null; sortKey?: string | null }) => {
      const matches = store.list(shop.domain).filter(parseOrderQuery(args.query));
      return connection(
        sortOrders(matches, args.sortKey),
        args,
        (o) => o.id,
        (o) => orderView(o, view),
      );
    },
  };
}

/** Actual cost ≈ the objects returned (connections' wrappers excluded). */
function countObjects(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((s, v) => s + countObjects(v), 0);
  if (value === null || typeof value !== "object") return 0;
  let n = 1;
  for (const [k, v] of Object.entries(value)) if (k !== "pageInfo") n += countObjects(v);
  return n;
}
