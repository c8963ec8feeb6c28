import { isOrderVisible } from "./graphql-access.js";
import type { OrderStore } from "./order-store.js";
import {
  compareKeys,
  linkHeader,
  pageOf,
  parseListRequest,
  pickFields,
  type SortKey,
} from "./rest-list-page.js";
import { ORDER_FILTERS, orderFilter } from "./rest-order-filters.js";
import { restOrder, restRefund, restTransaction } from "./rest-order-payload.js";
import { NOT_FOUND, type RestAnswer, type RestContext, type RestRoute } from "./rest-route-kit.js";
import type { SimOrder } from "./types.js";

const orderKey = (o: SimOrder): SortKey => ({ value: o.createdAtMs, id: o.id });

/**
 * REST orders (reference §4.2), newest first, in the shapes the webhooks use: `orders.json` with
 * `status` (default open), time bounds, `ids`, `since_id`, `fields` and `Link`/`page_info` pagination;
 * `orders/count.json`; `orders/{id}.json` and its `transactions.json` and `refunds.json`.
 * Orders older than 60 days are absent without read_all_orders.
 */
export function registerRestOrderRoutes(route: RestRoute, store: OrderStore) {
  const base = "/admin/api/:version";
  route(`${base}/orders.json`, "read_orders", listOrders);
  route(`${base}/orders/count.json`, "read_orders", countOrders);
  route(`${base}/orders/:id.json`, "read_orders", (ctx) =>
    withOrder(ctx, (o, fields) => ({ body: { order: pickFields(orderBody(ctx, o), fields) } })),
  );
  route(`${base}/orders/:id/transactions.json`, "read_orders", (ctx) =>
    withOrder(ctx, (o) => ({
      body: { transactions: o.transactions.map((t) => restTransaction(o, t, ctx.auth.shop.timezone)) },
    })),
  );
  route(`${base}/orders/:id/refunds.json`, "read_orders", (ctx) =>
    withOrder(ctx, (o) => ({
      body: { refunds: o.refunds.map((r) => restRefund(o, r, ctx.auth.shop.timezone)) },
    })),
  );

  function listOrders(ctx: RestContext): RestAnswer {
    const parsed = parseListRequest(ctx.req.query, ORDER_FILTERS);
    if (!parsed.ok) return { status: 400, body: { errors: parsed.errors } };
    const request = parsed.request;
    const matching = filtered(ctx, request.filters);
    if (!matching.ok) return matching.answer;
    const sorted = matching.orders.sort((a, b) => compareKeys(orderKey(a), orderKey(b)));
    const page = pageOf(sorted, orderKey, request);
    const orders = page.items.map((o) => pickFields(orderBody(ctx, o), request.fields));
    return { body: { orders }, link: linkHeader(ctx.url, request, page) };
  }

  function countOrders(ctx: RestContext): RestAnswer {
    const filters: Record<string, string> = {};
    for (const name of ORDER_FILTERS) {
      const value = ctx.req.query[name];
      if (typeof value === "string" && value !== "") filters[name] = value;
    }
    const matching = filtered(ctx, filters);
    return matching.ok ? { body: { count: matching.orders.length } } : matching.answer;
  }

  function filtered(ctx: RestContext, filters: Record<string, string>) {
    const filter = orderFilter(filters);
    if (!filter.ok) return { ok: false as const, answer: { status: 400, body: { errors: filter.errors } } };
    const orders = store
      .list(ctx.auth.shop.domain)
      .filter((o) => isOrderVisible(o, ctx.auth.access) && filter.matches(o));
    return { ok: true as const, orders };
  }

  function withOrder(
    ctx: RestContext,
    answer: (o: SimOrder, fields: string[] | null) => RestAnswer,
  ): RestAnswer {
    const id = ctx.req.params.id ?? "";
    const order = /^\d+$/.test(id) ? store.get(ctx.auth.shop.domain, `gid://shopify/Order/${id}`) : undefined;
    if (!order || !isOrderVisible(order, ctx.auth.access)) return NOT_FOUND;
    const fields = typeof ctx.req.query.fields === "string" ? ctx.req.query.fields.split(",") : null;
    return answer(order, fields);
  }
}

function orderBody(ctx: RestContext, o: SimOrder) {
  const shop = ctx.auth.shop;
  return restOrder(o, shop.timezone, { personalData: shop.protectedCustomerData !== false });
}
