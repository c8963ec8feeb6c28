import type { CustomerSettings } from "../customer-settings.js";
import type { CustomerSnapshot } from "../customer-source.js";

/** A Shopify customer with every personal field present (protected data approved). */
export function makeCustomer(overrides: Partial<CustomerSnapshot> = {}): CustomerSnapshot {
  return {
    id: "gid://shopify/Customer/7011234567890",
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    phone: "+442079460000",
    defaultAddress: {
      address1: "12 St James's Sq",
      address2: null,
      city: "London",
      province: null,
      provinceCode: null,
      country: "United Kingdom",
      countryCode: "GB",
      zip: "SW1Y 4JH",
      company: null,
      phone: null,
    },
    taxExempt: false,
    tags: [],
    updatedAt: "2026-11-27T10:00:00Z",
    ...overrides,
  };
}

/** The same customer as Shopify returns it without protected-data approval. */
export function makeWithheldCustomer(overrides: Partial<CustomerSnapshot> = {}): CustomerSnapshot {
  return makeCustomer({
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    defaultAddress: null,
    ...overrides,
  });
}

/** The defaults of the `customers` block, with the generic customer 4242. */
export function makeCustomerSettings(overrides: Partial<CustomerSettings> = {}): CustomerSettings {
  return {
    sync: "all",
    genericAddressNumber: "4242",
    excludeTags: [],
    crossReference: { field: "ALKY", prefix: "SH" },
    ownedFields: ["name", "address", "email", "phone"],
    // No creditLimit: ACL stays blank, so JDE's default applies (docs/customers.md §3).
    defaults: { businessUnit: "", paymentTerms: "N30", arClass: "", taxArea: "" },
    batch: { maxCustomers: 50, maxWaitMs: 200 },
    ztable: { addressNumbers: { mode: "link-later" } },
    ...overrides,
  };
}
