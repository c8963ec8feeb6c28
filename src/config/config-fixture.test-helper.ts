import { parseConfig } from "./load-config.js";

/** A complete `accounts` block. */
export const ACCOUNTS = {
  receivable: "100.1130",
  clearing: { default: "100.1118" },
  revenue: "100.4100",
  discounts: "100.4150",
  returns: "100.4160",
  refundAdjustments: "100.4170",
  shipping: "100.4300",
  fees: "100.4500",
  taxPayable: { default: "100.2110" },
  channelTax: "100.2115",
  giftCardLiability: "100.2400",
  storeCredit: "100.2410",
  tips: "100.2450",
  duties: "100.2460",
  deferredRevenue: "100.2480",
  rounding: "100.7990",
};

/** A valid tenant with literal secrets, plus `extra` settings. */
export const tenantConfig = (id: string, extra: object) => ({
  id,
  shopify: { shop: `${id}.myshopify.com`, apiSecret: "shh", accessToken: "shpat_x" },
  jde: {
    aisUrl: "https://ais.example.local:9300",
    username: "SVC_SHOP",
    password: "s3cret",
    environment: "JPD920",
    deviceName: `ml-connector-${id}`,
    company: "00100",
  },
  accounts: ACCOUNTS,
  ...extra,
});

/** The smallest customers block. */
export const CUSTOMERS = { customers: { genericAddressNumber: "4242" } };

/** Each tenant as the schema reads it, with its defaults. */
export const parsedConfig = (...tenants: object[]) => parseConfig({ tenants }, {});
