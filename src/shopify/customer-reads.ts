import { z } from "zod";
import type { CustomerSnapshot, CustomerSource } from "../customers/customer-source.js";
import { coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import type { ShopifyRestClient } from "./rest-client.js";
import { withRestFallback } from "./rest-fallback-rule.js";

/** One customer: names, default e-mail and phone, default address (null without level-2 approval). */
export const CUSTOMER_QUERY = `query Customer($id: ID!) {
  customer(id: $id) {
    id firstName lastName taxExempt tags updatedAt
    defaultEmailAddress { emailAddress }
    defaultPhoneNumber { phoneNumber }
    defaultAddress { address1 address2 city province provinceCode country countryCodeV2 zip company phone }
  }
}`;

const text = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? null);

const graphqlSchema = z.object({
  customer: z
    .object({
      id: z.string(),
      firstName: text,
      lastName: text,
      taxExempt: z.boolean(),
      tags: z.array(z.string()),
      updatedAt: z.string(),
      defaultEmailAddress: z.object({ emailAddress: text }).nullable().optional(),
      defaultPhoneNumber: z.object({ phoneNumber: text }).nullable().optional(),
      defaultAddress: z
        .object({
          address1: text,
          address2: text,
          city: text,
          province: text,
          provinceCode: text,
          country: text,
          countryCodeV2: text,
          zip: text,
          company: text,
          phone: text,
        })
        .nullable()
        .optional(),
    })
    .nullable(),
});

const restSchema = z.object({
  customer: z.object({
    id: z.union([z.string(), z.number()]),
    first_name: text,
    last_name: text,
    email: text,
    phone: text,
    tax_exempt: z.boolean().optional().default(false),
    tags: z.string().optional().default(""),
    updated_at: z.string(),
    default_address: z
      .object({
        address1: text,
        address2: text,
        city: text,
        province: text,
        province_code: text,
        country: text,
        country_code: text,
        zip: text,
        company: text,
        phone: text,
      })
      .nullable()
      .optional(),
  }),
});

/**
 * Customer reads: GraphQL `customer(id:)`, and `GET customers/{id}.json` when GraphQL fails for a
 * reason other than throttling, access or the token. Both give the same snapshot (REST's
 * comma-separated tags split, its shop-local times made UTC, numeric ids kept exact as GIDs).
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/queries/customer
 * @see https://shopify.dev/docs/api/admin-rest/2026-10/resources/customer#get-customers-customer-id
 */
export function createCustomerSource(deps: {
  graphql: ShopifyGraphqlClient;
  rest: ShopifyRestClient;
  log: Logger;
}): CustomerSource {
  return {
    async fetchCustomer(customerId) {
      const gid = /^\d+$/.test(customerId) ? `gid://shopify/Customer/${customerId}` : customerId;
      return withRestFallback(
        deps.log,
        () => byGraphql(gid),
        () => byRest(gid),
      );
    },
  };

  async function byGraphql(gid: string): Promise<CustomerSnapshot | null> {
    const { data } = await deps.graphql.query(CUSTOMER_QUERY, { id: gid }, graphqlSchema);
    const c = data.customer;
    if (!c) return null;
    const a = c.defaultAddress;
    return {
      id: c.id,
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.defaultEmailAddress?.emailAddress ?? null,
      phone: c.defaultPhoneNumber?.phoneNumber ?? null,
      defaultAddress: a ? { ...withoutCountryCode(a), countryCode: a.countryCodeV2 } : null,
      taxExempt: c.taxExempt,
      tags: c.tags,
      updatedAt: new Date(c.updatedAt).toISOString(),
    };
  }

  async function byRest(gid: string): Promise<CustomerSnapshot | null> {
    const id = gid.replace(/^gid:\/\/shopify\/Customer\//, "");
    let page: { data: z.infer<typeof restSchema> };
    try {
      page = await deps.rest.get(`customers/${id}.json`, {}, restSchema);
    } catch (error) {
      if ((coerceError(error).detail as { status?: number } | undefined)?.status === 404) return null;
      throw error;
    }
    const c = page.data.customer;
    const a = c.default_address;
    return {
      id: `gid://shopify/Customer/${c.id}`,
      firstName: c.first_name,
      lastName: c.last_name,
      email: c.email,
      phone: c.phone,
      defaultAddress: a
        ? {
            address1: a.address1,
            address2: a.address2,
            city: a.city,
            province: a.province,
            provinceCode: a.province_code,
            country: a.country,
            countryCode: a.country_code,
            zip: a.zip,
            company: a.company,
            phone: a.phone,
          }
        : null,
      taxExempt: c.tax_exempt,
      tags: c.tags
        .split(",")
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ""),
      updatedAt: new Date(c.updated_at).toISOString(),
    };
  }
}

function withoutCountryCode<T extends { countryCodeV2: string | null }>(
  address: T,
): Omit<T, "countryCodeV2"> {
  const { countryCodeV2: _omit, ...rest } = address;
  return rest;
}
