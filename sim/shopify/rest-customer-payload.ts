import { rawNumber } from "./rest-json.js";
import { shopLocalTime } from "./time-format.js";
import type { SimAddress, SimCustomer } from "./types.js";

export interface RestCustomerOptions {
  currency: string;
  timeZone: string;
  /** default the customer's own; a stale webhook retry carries an older one */
  updatedAtMs?: number;
  /** false: protected customer data not approved → name, email, phone and addresses are null */
  personalData: boolean;
}

/** A REST mailing address (order `billing_address`/`shipping_address`), or null without personal data. */
export function restAddress(c: SimAddress, personalData: boolean) {
  if (!personalData) return null;
  return {
    first_name: c.firstName,
    last_name: c.lastName,
    name: `${c.firstName} ${c.lastName}`,
    company: c.company,
    address1: c.address1,
    address2: c.address2,
    city: c.city,
    province: c.provinceCode,
    province_code: c.provinceCode,
    country: c.countryCode,
    country_code: c.countryCode,
    zip: c.zip,
    phone: c.phone,
  };
}

/**
 * REST Customer (`/customers/{id}.json`, an order's `customer`, the `customers/*` webhook body), reference
 * §1.9: the registry's record as it is now.
 */
export function restCustomer(c: SimCustomer, o: RestCustomerOptions) {
  const p = o.personalData;
  const address = restAddress(c, p);
  const defaultAddress = address && {
    id: rawNumber(`${c.id}1`),
    customer_id: rawNumber(c.id),
    ...address,
    default: true,
  };
  return {
    id: rawNumber(c.id),
    admin_graphql_api_id: `gid://shopify/Customer/${c.id}`,
    email: p ? c.email : null,
    first_name: p ? c.firstName : null,
    last_name: p ? c.lastName : null,
    phone: p ? c.phone : null,
    created_at: shopLocalTime(c.createdAtMs, o.timeZone),
    updated_at: shopLocalTime(Math.max(c.createdAtMs, o.updatedAtMs ?? c.updatedAtMs), o.timeZone),
    currency: o.currency,
    tax_exempt: false,
    tax_exemptions: [],
    state: "enabled",
    tags: "",
    note: null,
    verified_email: true,
    default_address: defaultAddress,
    addresses: defaultAddress ? [defaultAddress] : [],
  };
}
