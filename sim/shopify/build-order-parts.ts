import { saleTotalMinor } from "./build-sales.js";
import type { IdAllocator } from "./id-allocator.js";
import type { SimOrderInput } from "./sim-order-input.js";
import type { SimCustomer, SimFulfillment, SimLineItem, SimOrder, SimTransaction } from "./types.js";

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

export function buildCustomer(
  c: NonNullable<SimOrderInput["customer"]>,
  ids: IdAllocator,
  atMs: number,
): SimCustomer {
  return {
    id: c.id ?? ids.next("Customer"),
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phone: c.phone ?? null,
    address1: c.address1 ?? "1 Main St",
    city: c.city ?? "Springfield",
    provinceCode: c.provinceCode ?? "CA",
    countryCode: c.countryCode ?? "US",
    zip: c.zip ?? "94107",
    createdAtMs: atMs - 86_400_000,
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
