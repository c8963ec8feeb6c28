/** A customer as Shopify holds it now; personal fields are null without protected-data approval. */
export interface CustomerSnapshot {
  /** gid://shopify/Customer/… */
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  defaultAddress: CustomerAddress | null;
  taxExempt: boolean;
  tags: string[];
  updatedAt: string;
}

export interface CustomerAddress {
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  company: string | null;
  phone: string | null;
}

/** Reads customers from Shopify (GraphQL Admin API, REST as fallback). */
export interface CustomerSource {
  /** The customer as it is now; `null` when Shopify says it does not exist. */
  fetchCustomer(customerId: string): Promise<CustomerSnapshot | null>;
}
