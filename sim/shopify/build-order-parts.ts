import { saleTotalMinor } from "./build-sales.js";
import { type IdAllocator, parseGid } from "./id-allocator.js";
import type { SimOrderInput } from "./sim-order-input.js";
import type {
  SimAddress,
  SimCustomer,
  SimFulfillment,
  SimLineItem,
  SimOrder,
  SimTransaction,
} from "./types.js";

/** Checkout payments, the customer and initial fulfillments of a built order. */
export function buildPayments(input: SimOrderInput, order: SimOrder, ids: IdAllocator): SimTransaction[] {
  const total = order.agreements[0]!.sales.reduce((s, sale) => s + saleTotalMinor(sale), 0);
  const payments = input.payments ?? [{ gateway: "shopify_payments" }];
  const pending = input.financialStatus === "pending";
  const transactions: SimTransaction[] = [];
  let remaining = total;
  payments.forEach((p, i) => {
    const isLast = i === payments.length - 1;
    const amount = Math.min(remaining, p.amountMinor ?? remaining);
    if (amount <= 0 || (pending && isLast)) return;
    remaining -= amount;
    const base = { gateway: p.gateway, formattedGateway: formatGateway(p.gateway), amountMinor: amount };
    const at = order.processedAtMs;
    const test = order.test;
    if (p.flow === "authorize_capture") {
      const auth = ids.next("OrderTransaction");
      transactions.push({
        ...base,
        id: auth,
        kind: "AUTHORIZATION",
        status: "SUCCESS",
        processedAtMs: at,
        parentId: null,
        test,
      });
      const capture = {
        id: ids.next("OrderTransaction"),
        kind: "CAPTURE" as const,
        status: "SUCCESS" as const,
      };
      transactions.push({ ...base, ...capture, processedAtMs: at + 1000, parentId: auth, test });
    } else {
      const sale = { id: ids.next("OrderTransaction"), kind: "SALE" as const, status: "SUCCESS" as const };
      transactions.push({ ...base, ...sale, processedAtMs: at, parentId: null, test });
    }
  });
  return transactions;
}

export function formatGateway(gateway: string): string {
  const names: Record<string, string> = {
    shopify_payments: "Shopify Payments",
    gift_card: "Gift card",
    paypal: "PayPal Express Checkout",
    manual: "Manual",
    cash: "Cash",
    bogus: "Bogus",
  };
  return names[gateway] ?? gateway;
}

/** How an order being built finds and registers its customer: the shop's customer registry. */
export interface OrderCustomers {
  /** the registered customer with this numeric id, if any */
  find(id: string): SimCustomer | undefined;
  /** registers a customer first seen on an order and answers the registered record */
  adopt(customer: SimCustomer): SimCustomer;
}

/**
 * The order's customer: an existing one by `customerId` (or by the id of an inline `customer`), else a new
 * one built from the inline description and registered. Without a registry the inline one is used as is.
 */
export function orderCustomer(
  input: SimOrderInput,
  ctx: { ids: IdAllocator; customers?: OrderCustomers | undefined },
  createdAtMs: number,
): SimCustomer | null {
  if (input.customerId !== undefined) {
    if (input.customer) throw new Error("simulator: an order takes customerId or customer, not both");
    const id = customerIdOf(input.customerId);
    const found = ctx.customers?.find(id);
    if (!found) throw new Error(`simulator: the shop has no customer ${input.customerId}`);
    return found;
  }
  if (!input.customer) return null;
  const known = input.customer.id === undefined ? undefined : ctx.customers?.find(input.customer.id);
  if (known) return known;
  const built = buildCustomer(input.customer, ctx.ids, createdAtMs);
  return ctx.customers ? ctx.customers.adopt(built) : built;
}

/** What the checkout recorded: e-mail, phone and a copy of the address, as they were when it was placed. */
export function checkoutContact(
  input: SimOrderInput,
  customer: SimCustomer | null,
): Pick<SimOrder, "email" | "phone" | "address"> {
  return {
    email: input.email !== undefined ? input.email : (customer?.email ?? null),
    phone: customer?.phone ?? null,
    address: customer ? addressOf(customer) : null,
  };
}

/** The address part of a customer, copied. */
export function addressOf(c: SimAddress): SimAddress {
  const { firstName, lastName, company, address1, address2, city, provinceCode, countryCode, zip, phone } = c;
  return { firstName, lastName, company, address1, address2, city, provinceCode, countryCode, zip, phone };
}

/** "7011…" or "gid://shopify/Customer/7011…" → "7011…" */
export function customerIdOf(value: string): string {
  if (/^\d+$/.test(value)) return value;
  const parsed = parseGid(value);
  if (parsed?.kind !== "Customer") throw new Error(`simulator: not a customer id: ${value}`);
  return parsed.id;
}

export function buildCustomer(
  c: NonNullable<SimOrderInput["customer"]>,
  ids: IdAllocator,
  atMs: number,
): SimCustomer {
  const createdAtMs = atMs - 86_400_000;
  return {
    id: c.id ?? ids.next("Customer"),
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phone: c.phone ?? null,
    company: c.company ?? null,
    address1: c.address1 ?? "1 Main St",
    address2: c.address2 ?? null,
    city: c.city ?? "Springfield",
    provinceCode: c.provinceCode ?? "CA",
    countryCode: c.countryCode ?? "US",
    zip: c.zip ?? "94107",
    createdAtMs,
    updatedAtMs: createdAtMs,
  };
}

export function buildFulfillments(lines: SimLineItem[], ids: IdAllocator, atMs: number): SimFulfillment[] {
  const byLocation = new Map<string, SimLineItem[]>();
  for (const l of lines) {
    if (!l.requiresShipping || !l.location) continue;
    byLocation.set(l.location, [...(byLocation.get(l.location) ?? []), l]);
  }
  return [...byLocation].map(([location, items], i) => ({
    id: ids.next("Fulfillment"),
    status: "SUCCESS" as const,
    location,
    createdAtMs: atMs + 3_600_000 + i * 1000,
    lineItems: items.map((l) => ({
      id: ids.next("FulfillmentLineItem"),
      lineItemId: l.id,
      quantity: l.quantity,
    })),
  }));
}
