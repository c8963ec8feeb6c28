import { customerIdOf, type OrderCustomers } from "./build-order-parts.js";
import { ADDRESSES, COMPANIES, FIRST_NAMES, LAST_NAMES } from "./catalog.js";
import { compareIds, createIdAllocator } from "./id-allocator.js";
import { createSeededRandom, type SeededRandom } from "./seeded-random.js";
import type { SimAddress, SimCustomer } from "./types.js";

/** `customers.create`: every field optional; what is left out gets a seeded default. */
export interface SimCustomerCreateInput extends Partial<SimAddress> {
  email?: string;
  /** default: the simulator's clock */
  createdAt?: Date;
}

/** `customers.update`: the fields to change (e-mail, names, phone, default address). */
export type SimCustomerPatch = Partial<SimAddress> & { email?: string };

/** One entry of the `userErrors` Shopify answers `customerCreate`/`customerUpdate` with. */
export interface CustomerUserError {
  field: string[];
  message: string;
  code: "TAKEN";
}

/**
 * Shopify refused the customer: e-mail and phone are unique per shop ("The unique email address of the
 * customer", `CustomerInput.email` in the Admin schema; REST answers 422 `has already been taken`).
 */
export class CustomerRefusedError extends Error {
  constructor(readonly userErrors: CustomerUserError[]) {
    super(`simulator: Shopify refuses the customer: ${userErrors.map((e) => e.message).join("; ")}`);
    this.name = "CustomerRefusedError";
  }
}

const PATCH_FIELDS = [
  "email",
  "firstName",
  "lastName",
  "phone",
  "company",
  "address1",
  "address2",
  "city",
  "provinceCode",
  "countryCode",
  "zip",
] as const;

/**
 * The shops' customers: one record per id, created through the Admin API (`create`, uniqueness checked)
 * or first seen on an order (`forShop(shop).adopt`, taken as it is: the order path never refused). Orders
 * hold the registry's record itself, so every read sees the customer as it is now. `updatedAtMs` moves
 * only when the customer changes: no source we hold says an order bumps the customer's `updated_at`.
 */
export function createCustomerRegistry(deps: { seed: number; taken: Set<string>; nowMs: () => number }) {
  const byShop = new Map<string, Map<string, SimCustomer>>();
  // its own stream: creating customers does not move the ids of later orders
  const random = createSeededRandom((deps.seed ^ 0x7011) >>> 0);
  const ids = createIdAllocator(random, deps.taken);

  return { create, update, get, list, forShop };

  function customers(shop: string): Map<string, SimCustomer> {
    let map = byShop.get(shop);
    if (!map) {
      map = new Map();
      byShop.set(shop, map);
    }
    return map;
  }

  function forShop(shop: string): OrderCustomers {
    return {
      find: (id) => customers(shop).get(id),
      adopt(customer) {
        const known = customers(shop).get(customer.id);
        if (known) return known;
        deps.taken.add(customer.id);
        customers(shop).set(customer.id, customer);
        return customer;
      },
    };
  }

  /** A new customer, as `customerCreate` makes it; throws CustomerRefusedError for a taken e-mail or phone. */
  function create(shop: string, input: SimCustomerCreateInput = {}): SimCustomer {
    const defaults = seededDefaults(shop, random);
    const { createdAt, ...fields } = input;
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const candidate = { ...defaults, ...given };
    refuseTaken(shop, candidate, null);
    const createdAtMs = createdAt?.getTime() ?? deps.nowMs();
    const customer: SimCustomer = {
      ...candidate,
      id: ids.next("Customer"),
      createdAtMs,
      updatedAtMs: createdAtMs,
    };
    customers(shop).set(customer.id, customer);
    return customer;
  }

  /**
   * Changes the customer in place (its orders see it at once) and moves `updatedAtMs` to `at` (default
   * now), at least one second past the previous value so `updated_at` always changes. A patch that changes
   * nothing changes nothing. Throws CustomerRefusedError when the new e-mail or phone is another's.
   */
  function update(
    shop: string,
    customerId: string,
    patch: SimCustomerPatch,
    at?: Date,
  ): { customer: SimCustomer; changed: boolean } {
    const customer = mustGet(shop, customerId);
    const changes = PATCH_FIELDS.filter((f) => patch[f] !== undefined && patch[f] !== customer[f]);
    if (changes.length === 0) return { customer, changed: false };
    refuseTaken(shop, { ...customer, ...patch }, customer.id);
    for (const field of changes) Object.assign(customer, { [field]: patch[field] });
    const nextSecond = Math.floor(customer.updatedAtMs / 1000) * 1000 + 1000;
    customer.updatedAtMs = Math.max(at?.getTime() ?? deps.nowMs(), nextSecond);
    return { customer, changed: true };
  }

  function get(shop: string, customerId: string): SimCustomer | undefined {
    return customers(shop).get(customerIdOf(customerId));
  }

  function mustGet(shop: string, customerId: string): SimCustomer {
    const customer = get(shop, customerId);
    if (!customer) throw new Error(`simulator: shop ${shop} has no customer ${customerId}`);
    return customer;
  }

  /** The shop's customers by ascending id. */
  function list(shop: string): SimCustomer[] {
    return [...customers(shop).values()].sort((a, b) => compareIds(a.id, b.id));
  }

  function refuseTaken(shop: string, c: { email: string; phone: string | null }, self: string | null) {
    const others = [...customers(shop).values()].filter((o) => o.id !== self);
    const errors: CustomerUserError[] = [];
    const email = normalEmail(c.email);
    if (email !== "" && others.some((o) => normalEmail(o.email) === email))
      errors.push({ field: ["email"], message: "Email has already been taken", code: "TAKEN" });
    if (c.phone && others.some((o) => o.phone === c.phone))
      errors.push({ field: ["phone"], message: "Phone has already been taken", code: "TAKEN" });
    if (errors.length > 0) throw new CustomerRefusedError(errors);
  }

  /** Like the order generator's customers, with an e-mail and phone no other customer of the shop has. */
  function seededDefaults(shop: string, r: SeededRandom): SimAddress & { email: string } {
    const firstName = r.pick(FIRST_NAMES);
    const lastName = r.pick(LAST_NAMES);
    const place = r.pick(ADDRESSES);
    const company = r.chance(0.3) ? r.pick(COMPANIES) : null;
    const withPhone = r.chance(0.5);
    const existing = [...customers(shop).values()];
    for (;;) {
      const n = r.int(1, 99_999);
      const email = `${firstName}.${n}@example.com`.toLowerCase();
      const phone = withPhone ? `+1415${String(n).padStart(7, "0")}` : null;
      if (existing.some((o) => normalEmail(o.email) === email || (phone && o.phone === phone))) continue;
      return { firstName, lastName, email, phone, company, address2: null, ...place };
    }
  }
}

function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type CustomerRegistry = ReturnType<typeof createCustomerRegistry>;
