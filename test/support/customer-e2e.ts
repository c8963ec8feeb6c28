import BetterSqlite3 from "better-sqlite3";
import type { CustomerRecordView } from "../../sim/jde/index.js";
import type { SimCustomer, SimOrder } from "../../sim/shopify/index.js";
import { DEMO_ACCOUNTS } from "../../src/cli/demo/expected-ledger.js";
import type { E2E } from "./e2e-harness.js";
import { makeSimOrder } from "./e2e-orders.js";

/** The "web customer" seeded in sim/jde/default-seed.ts. */
export const GENERIC_AN8 = 4242;

/**
 * The cross-reference prefix the connector uses when the tenant names none (`customers.crossReference`):
 * the e2e tests run on the default, with the simulator's 13-digit customer ids as real Shopify has them.
 */
const CROSS_REFERENCE_PREFIX = "SH";

/** The tenant's `customers` block for the e2e tests: generic 4242, default cross-reference, `overrides` merged. */
export function customersConfig(overrides: Record<string, unknown> = {}): {
  customers: Record<string, unknown>;
} {
  return {
    customers: {
      genericAddressNumber: String(GENERIC_AN8),
      ...overrides,
    },
  };
}

/** The ALKY the connector writes for a simulated customer (numeric id or GID). */
export function crossReferenceOf(customer: Pick<SimCustomer, "id"> | string): string {
  const id = typeof customer === "string" ? customer : customer.id;
  return `${CROSS_REFERENCE_PREFIX}${id.replace(/^gid:\/\/shopify\/Customer\//, "")}`;
}

/** The customer's GID as the connector keys it (jobs, links, audit). */
export function customerGid(customer: Pick<SimCustomer, "id">): string {
  return `gid://shopify/Customer/${customer.id}`;
}

/** JDE's Address Book records carrying a cross-reference the connector writes (prefix and digits). */
export function connectorRecords(e2e: E2E): CustomerRecordView[] {
  const key = new RegExp(`^${CROSS_REFERENCE_PREFIX}\\d+$`);
  return e2e.jde.customers.list().filter((record) => key.test(record.alky.trim()));
}

/** JDE's Address Book records carrying this customer's cross-reference. */
export function recordsOf(e2e: E2E, customer: Pick<SimCustomer, "id">): CustomerRecordView[] {
  return e2e.jde.customers.findByAlky(crossReferenceOf(customer));
}

/** The e-mail JDE holds for a record (F01151, type E, who's-who line 0), or undefined. */
export function emailOf(record: CustomerRecordView | undefined): string | undefined {
  return record?.electronicAddresses.find((e) => e.EAETP.trim() === "E" && e.EAIDLN === 0)?.EAEMAL;
}

/**
 * An order left unpaid (manual gateway): its receivable stays open, so its F0911 receivable line exists
 * and carries the customer's AN8 (a paid-at-checkout order's receivable nets to zero and is dropped).
 */
export function addUnpaidOrder(e2e: E2E, customerId: string | null): SimOrder {
  return e2e.shopify.orders.add(
    e2e.shop,
    makeSimOrder({
      ...(customerId === null ? { customer: null, email: null } : { customerId }),
      payments: [{ gateway: "manual" }],
      financialStatus: "pending",
    }),
  );
}

/** Distinct AN8s on the order's F0911 receivable lines (GLAN8, 0 = none), ascending. */
export function receivableAddressNumbers(e2e: E2E, orderName: string): number[] {
  return receivableAddressNumbersByOrder(e2e).get(orderName) ?? [];
}

/** {@link receivableAddressNumbers} of every order, by order name, in one pass over F0911. */
export function receivableAddressNumbersByOrder(e2e: E2E): Map<string, number[]> {
  const byOrder = new Map<string, Set<number>>();
  for (const document of e2e.jde.ledger.documents()) {
    const receivables = document.lines.filter((line) => line.account === DEMO_ACCOUNTS.receivable);
    if (receivables.length === 0) continue;
    const an8s = byOrder.get(document.vinv.trim()) ?? new Set<number>();
    for (const line of receivables) an8s.add(line.an8);
    byOrder.set(document.vinv.trim(), an8s);
  }
  return new Map([...byOrder].map(([order, an8s]) => [order, [...an8s].sort((a, b) => a - b)]));
}

export interface StoredAuditEntry {
  orderId: string | null;
  orderName: string | null;
  step: string;
  detail: Record<string, unknown>;
  at: Date;
}

/**
 * The connector's audit entries of these steps, oldest first, read through a separate read-only
 * connection (customer steps belong to no order, so AuditLog.listByOrder does not show them).
 */
export function auditEntries(e2e: E2E, ...steps: string[]): StoredAuditEntry[] {
  const db = new BetterSqlite3(e2e.databaseFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT order_id AS orderId, order_name AS orderName, step, detail, at FROM audit_log
         WHERE tenant_id = ? AND step IN (${steps.map(() => "?").join(", ")}) ORDER BY id`,
      )
      .all(e2e.tenantId, ...steps) as (Omit<StoredAuditEntry, "detail" | "at"> & {
      detail: string;
      at: string;
    })[];
    return rows.map((row) => ({
      ...row,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
      at: new Date(row.at),
    }));
  } finally {
    db.close();
  }
}

/** The AN8 the connector chose for an order (`order.customer` audit), with its reason; the last one wins. */
export function chosenCustomer(
  e2e: E2E,
  orderGid: string,
): { addressNumber: string; reason: string; customerId: string | null } | undefined {
  const entries = auditEntries(e2e, "order.customer").filter((entry) => entry.orderId === orderGid);
  return entries.at(-1)?.detail as
    | { addressNumber: string; reason: string; customerId: string | null }
    | undefined;
}
