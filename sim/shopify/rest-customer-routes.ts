import type { OrderStore } from "./order-store.js";
import { restCustomer } from "./rest-customer-payload.js";
import {
  compareKeys,
  linkHeader,
  pageOf,
  parseListRequest,
  pickFields,
  type SortKey,
} from "./rest-list-page.js";
import { NOT_FOUND, type RestAnswer, type RestContext, type RestRoute } from "./rest-route-kit.js";
import type { SimCustomer } from "./types.js";

const CUSTOMER_FILTERS = [
  "ids",
  "since_id",
  "created_at_min",
  "created_at_max",
  "updated_at_min",
  "updated_at_max",
];

const customerKey = (c: SimCustomer): SortKey => ({ value: c.createdAtMs, id: c.id });

/** REST customers (reference §4.2): `customers.json` (newest first, paginated like orders) and `customers/{id}.json`. */
export function registerRestCustomerRoutes(route: RestRoute, store: OrderStore) {
  const base = "/admin/api/:version";
  route(`${base}/customers.json`, "read_customers", listCustomerPage);
  route(`${base}/customers/:id.json`, "read_customers", (ctx) => {
    const id = ctx.req.params.id ?? "";
    const customer = /^\d+$/.test(id) ? store.customers.get(ctx.auth.shop.domain, id) : undefined;
    if (!customer) return NOT_FOUND;
    const fields = typeof ctx.req.query.fields === "string" ? ctx.req.query.fields.split(",") : null;
    return { body: { customer: pickFields(customerBody(ctx, customer), fields) } };
  });

  function listCustomerPage(ctx: RestContext): RestAnswer {
    const parsed = parseListRequest(ctx.req.query, CUSTOMER_FILTERS);
    if (!parsed.ok) return { status: 400, body: { errors: parsed.errors } };
    const request = parsed.request;
    const matches = customerFilter(request.filters);
    if (!matches.ok) return { status: 400, body: { errors: matches.errors } };
    const sorted = store.customers
      .list(ctx.auth.shop.domain)
      .filter(matches.test)
      .sort((a, b) => compareKeys(customerKey(a), customerKey(b)));
    const page = pageOf(sorted, customerKey, request);
    const customers = page.items.map((e) => pickFields(customerBody(ctx, e), request.fields));
    return { body: { customers }, link: linkHeader(ctx.url, request, page) };
  }
}

function customerBody(ctx: RestContext, c: SimCustomer) {
  const shop = ctx.auth.shop;
  return restCustomer(c, {
    currency: shop.currency,
    timeZone: shop.timezone,
    personalData: shop.protectedCustomerData !== false,
  });
}

type CustomerTest = (c: SimCustomer) => boolean;

function customerFilter(
  filters: Record<string, string>,
): { ok: true; test: CustomerTest } | { ok: false; errors: Record<string, string> } {
  const tests: CustomerTest[] = [];
  const errors: Record<string, string> = {};
  const bounds: Record<string, [(c: SimCustomer) => number, boolean]> = {
    created_at_min: [(c) => c.createdAtMs, true],
    created_at_max: [(c) => c.createdAtMs, false],
    updated_at_min: [(c) => c.updatedAtMs, true],
    updated_at_max: [(c) => c.updatedAtMs, false],
  };
  for (const [name, [of, min]] of Object.entries(bounds)) {
    const text = filters[name];
    if (text === undefined) continue;
    const at = Date.parse(text);
    if (Number.isNaN(at)) errors[name] = `${name} is not an ISO 8601 timestamp`;
    else tests.push(min ? (e) => of(e) >= at : (e) => of(e) <= at);
  }
  if (filters.ids !== undefined) {
    const ids = new Set(filters.ids.split(",").map((s) => s.trim()));
    tests.push((c) => ids.has(c.id));
  }
  if (filters.since_id !== undefined) {
    if (!/^\d+$/.test(filters.since_id)) errors.since_id = "since_id must be a customer id";
    else {
      const since = BigInt(filters.since_id);
      tests.push((c) => BigInt(c.id) > since);
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, test: (c) => tests.every((t) => t(c)) };
}
