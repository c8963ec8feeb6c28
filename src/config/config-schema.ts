import { z } from "zod";
import { auditSchema } from "./audit-schema.js";
import { cronExpression } from "./cron-expression.js";
import { jdeDatabaseSchema, zTableSchema } from "./jde-database-schema.js";

/** `BU.OBJ[.SUB]` as written in the configuration. */
const accountKey = z
  .string()
  .regex(/^[^.\s]{1,12}\.[^.\s]{1,6}(\.[^.\s]{1,8})?$/, "expected BU.OBJ[.SUB], e.g. 100.4100");
const accountMap = z.record(z.string(), accountKey).refine((m) => "default" in m, "needs a `default` entry");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
const secretValue = z.string().min(1);

/** The Admin API scopes the connector asks for (reference/shopify.md §2.6). */
export const SHOPIFY_SCOPES = [
  "read_orders",
  "read_all_orders",
  "read_customers",
  "read_products",
  "read_locations",
  "read_shopify_payments_payouts",
] as const;

/**
 * How the connector obtains its Admin API token: `static` (an existing token of an older custom app),
 * `authorization-code` (OAuth install, expiring offline token + refresh-token rotation) or
 * `client-credentials` (an app of the merchant's own organization, token ~24 h).
 */
const shopifyAuthSchema = z.strictObject({
  grant: z.enum(["static", "authorization-code", "client-credentials"]).default("static"),
  clientId: z.string().min(1).optional(),
  /** authorization-code: ask for expiring offline tokens (mandatory for public apps from 2027-01-01). */
  expiringTokens: z.boolean().default(true),
  /** Refresh this long before the access token expires. */
  refreshBeforeExpirySeconds: z.coerce.number().int().min(0).max(3000).default(300),
  /** Where Shopify sends the merchant back; default `{server.publicUrl}/shopify/callback`. */
  redirectUrl: z.url().optional(),
});

const shopifySchema = z
  .strictObject({
    shop: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$/, "expected {name}.myshopify.com"),
    apiVersion: z
      .string()
      .regex(/^(\d{4}-\d{2}|unstable)$/)
      .default("2026-10"),
    adminUrl: z.url().optional(),
    /** Optional here: it may be a stored secret (`shopify.apiSecret`); resolveStoredSecrets enforces it. */
    apiSecret: secretValue.optional(),
    previousApiSecret: secretValue.optional(),
    /** Only for `auth.grant: static`; OAuth grants keep their tokens sealed in the store. */
    accessToken: secretValue.optional(),
    auth: shopifyAuthSchema.default(shopifyAuthSchema.parse({})),
    /**
     * Shop-specific subscriptions through the Admin API, checked on `schedule.subscriptions` and
     * re-created when Shopify deleted them; needs `server.publicUrl`. Off when only shopify.app.toml is used.
     */
    manageWebhooks: z.boolean().default(true),
    includeTestOrders: z.boolean().default(false),
    timezone: z.string().optional(),
  })
  .refine((shopify) => shopify.auth.grant === "static" || shopify.auth.clientId !== undefined, {
    message: "OAuth grants need the app's client id",
    path: ["auth", "clientId"],
  });

const scheduleSchema = z.strictObject({
  /** The order sweep that catches every webhook Shopify never delivered. */
  sweep: cronExpression.default("*/10 * * * *"),
  /** Each sweep re-reads this far behind the previous one's start (search-index lag, clock skew). */
  sweepOverlapMinutes: z.coerce.number().int().min(0).max(1440).default(15),
  /** Shop-specific webhook subscriptions are checked (and re-created) on this schedule. */
  subscriptions: cronExpression.default("17 * * * *"),
  reconcile: cronExpression.default("0 6 * * *"),
  postingWindows: z.array(z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/)).default([]),
});

const postingSchema = z.strictObject({
  method: z.enum(["auto", "orchestration", "ztable"]).default("auto"),
  orchestration: z.string().default("MLC_JournalEntryBatch"),
  orchestrationVersion: z.enum(["v3", "v2"]).optional(),
  customerOrchestration: z.string().default("MLC_CustomerUpsert"),
  batch: z
    .strictObject({
      maxDocuments: z.coerce.number().int().min(1).max(1000).default(100),
      maxWaitMs: z.coerce.number().int().min(0).default(2000),
    })
    .default({ maxDocuments: 100, maxWaitMs: 2000 }),
  confirmIntervalMs: z.coerce.number().int().min(10).default(1000),
});

const jdeSchema = z
  .strictObject({
    aisUrl: z.url(),
    username: z.string().min(1),
    /** Optional here: it may be a stored secret (`jde.password`); resolveStoredSecrets enforces it. */
    password: secretValue.optional(),
    environment: z.string().min(1),
    role: z.string().default("*ALL"),
    deviceName: z.string().min(1).max(50),
    company: z.string().regex(/^\d{5}$/, "expected a 5-digit company, e.g. 00100"),
    ediUser: z.string().min(1).max(10).default("SHOPIFY"),
    documentType: z.string().length(2).default("JE"),
    dateFormat: z.enum(["MM/dd/yyyy", "dd/MM/yyyy", "yyyy-MM-dd"]).default("MM/dd/yyyy"),
    referenceField: z.enum(["VINV"]).default("VINV"),
    timeoutMs: z.coerce.number().int().min(100).default(30_000),
    livenessIntervalMs: z.coerce.number().int().min(50).default(30_000),
    /** Accounts, business units and the open G/L window are read again this often (default 15 min). */
    referenceRefreshMs: z.coerce.number().int().min(1000).default(900_000),
    circuitBreaker: z
      .strictObject({
        failures: z.coerce.number().int().min(1).default(3),
        maxOpenMs: z.coerce.number().int().min(1000).default(60_000),
      })
      .default({ failures: 3, maxOpenMs: 60_000 }),
    posting: postingSchema.default(postingSchema.parse({})),
    /** The JDE business-data database, for the F0911Z1 direct insert (`posting.method: ztable` or auto). */
    database: jdeDatabaseSchema.optional(),
    ztable: zTableSchema.default(zTableSchema.parse({})),
  })
  .refine((jde) => jde.posting.method !== "ztable" || jde.database !== undefined, {
    message: "posting.method ztable needs a `database` block",
    path: ["database"],
  });

const accountsSchema = z.strictObject({
  receivable: accountKey,
  clearing: accountMap,
  revenue: accountKey,
  discounts: accountKey,
  returns: accountKey,
  refundAdjustments: accountKey,
  shipping: accountKey,
  fees: accountKey,
  taxPayable: accountMap,
  channelTax: accountKey,
  giftCardLiability: accountKey,
  storeCredit: accountKey,
  tips: accountKey,
  duties: accountKey,
  deferredRevenue: accountKey,
  rounding: accountKey,
});

const ruleSchema = z.strictObject({
  match: z
    .strictObject({
      location: z.string().optional(),
      productType: z.string().optional(),
      skuPrefix: z.string().optional(),
      salesChannel: z.string().optional(),
      tag: z.string().optional(),
      shippingCountry: z.string().optional(),
    })
    .refine((m) => Object.keys(m).length > 0, "a rule needs at least one match condition"),
  costCenter: z.string().min(1).max(12).optional(),
  revenueAccount: z
    .string()
    .regex(/^[^.\s]{1,6}(\.[^.\s]{1,8})?$/, "expected OBJ[.SUB]")
    .optional(),
  effectiveFrom: isoDate.optional(),
  effectiveTo: isoDate.optional(),
});

/** A JDE address number (AN8): at most 8 digits, not 0. */
const addressNumberText = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? "required: the generic (web) customer's address number"
        : "expected an address number of at most 8 digits",
  })
  .regex(/^\d{1,8}$/, { message: "expected an address number of at most 8 digits", abort: true })
  .refine((an8) => Number(an8) > 0, "an address number is never 0")
  .transform((an8) => String(Number(an8)));
const addressNumber = z.coerce
  .number({ error: "expected an address number of at most 8 digits" })
  .int("expected an address number of at most 8 digits")
  .min(1, "an address number is never 0")
  .max(99_999_999, "an address number has at most 8 digits");
/** A JDE code written as configured; blank lets JDE apply its own default. */
const jdeCode = (field: string, width: number) =>
  z.string().max(width, `${field} is at most ${width} characters`).default("");
const CUSTOMER_FIELD_GROUPS = ["name", "address", "email", "phone"] as const;
/** ALKY is 20 characters; a Shopify customer id has up to 16 digits (docs/customers.md §1 rule 3). */
const CROSS_REFERENCE_WIDTH = 20;
const CUSTOMER_ID_DIGITS = 16;

const customerAddressNumbersSchema = z
  .discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("link-later") }),
    z.strictObject({ mode: z.literal("range"), from: addressNumber, to: addressNumber }),
  ])
  .refine((numbers) => numbers.mode !== "range" || numbers.from <= numbers.to, {
    message: "the range's `from` must not be above its `to`",
    path: ["to"],
  });

/**
 * Customers in JDE (docs/customers.md). Optional: without this block no order line carries an
 * address number, as before issue 6.
 */
const customersSchema = z.strictObject({
  sync: z.enum(["all", "none"]).default("all"),
  /** The "web customer": guests, `sync: none`, excluded tags, withheld names. Always required. */
  genericAddressNumber: addressNumberText,
  /** A customer carrying any of these tags (compared trimmed, ignoring case) is posted generic. */
  excludeTags: z.array(z.string().trim().min(1)).default([]),
  crossReference: z
    .strictObject({
      field: z.enum(["ALKY"]).default("ALKY"),
      prefix: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/, "expected letters, digits, - or _")
        .max(
          CROSS_REFERENCE_WIDTH - CUSTOMER_ID_DIGITS,
          `the prefix and a ${CUSTOMER_ID_DIGITS}-digit customer id must fit ALKY's ${CROSS_REFERENCE_WIDTH} characters: at most ${CROSS_REFERENCE_WIDTH - CUSTOMER_ID_DIGITS} characters`,
        )
        .default("SH"),
    })
    .default({ field: "ALKY", prefix: "SH" }),
  ownedFields: z
    .array(z.enum(CUSTOMER_FIELD_GROUPS))
    .refine((groups) => new Set(groups).size === groups.length, "a field group is listed twice")
    .default([...CUSTOMER_FIELD_GROUPS]),
  defaults: z
    .strictObject({
      businessUnit: jdeCode("businessUnit (MCU)", 12),
      paymentTerms: jdeCode("paymentTerms (TRAR)", 3),
      arClass: jdeCode("arClass (ARC)", 4),
      taxArea: jdeCode("taxArea (TXA1)", 10),
      creditLimit: z.coerce
        .number()
        .int("expected a whole credit limit")
        .min(0)
        .max(999_999_999_999_999, "creditLimit (ACL) has at most 15 digits")
        // Absent: ACL is sent blank and JDE applies its own default (a 0 would set "no credit").
        .optional(),
    })
    .default({ businessUnit: "", paymentTerms: "", arClass: "", taxArea: "" }),
  batch: z
    .strictObject({
      maxCustomers: z.coerce.number().int().min(1).max(500).default(50),
      maxWaitMs: z.coerce.number().int().min(0).default(200),
    })
    .default({ maxCustomers: 50, maxWaitMs: 200 }),
  ztable: z
    .strictObject({ addressNumbers: customerAddressNumbersSchema.default({ mode: "link-later" }) })
    .default({ addressNumbers: { mode: "link-later" } }),
});

const tenantSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "lower-case letters, digits, - and _"),
  accountingStartDate: isoDate.optional(),
  shopify: shopifySchema,
  jde: jdeSchema,
  accounts: accountsSchema,
  discounts: z.enum(["gross", "net"]).default("gross"),
  recognition: z.enum(["order", "fulfillment"]).default("order"),
  summary: z.enum(["none", "daily"]).default("none"),
  /** Summary mode: a day closes at this shop-local time on the next day ("00:00" = its end)… */
  summaryCutoff: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM, e.g. 00:00")
    .default("00:00"),
  /** …plus this grace, for late webhooks and the sweep. */
  summaryGraceMinutes: z.coerce.number().int().min(0).max(10_080).default(60),
  rules: z.array(ruleSchema).default([]),
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
  customers: customersSchema.optional(),
});

export const configSchema = z
  .strictObject({
    server: z
      .strictObject({
        port: z.coerce.number().int().min(0).max(65535).default(8080),
        host: z.string().default("0.0.0.0"),
        publicUrl: z.url().optional(),
        bodyLimitBytes: z.coerce.number().int().min(1024).default(20_971_520),
      })
      .default({ port: 8080, host: "0.0.0.0", bodyLimitBytes: 20_971_520 }),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    store: z.strictObject({ url: z.string().default("sqlite:./data/ml-connector.db") }).default({
      url: "sqlite:./data/ml-connector.db",
    }),
    security: z
      .strictObject({
        /** 32 bytes, base64 or hex, normally `${env:MLC_MASTER_KEY}` (config/master-key.ts). */
        masterKey: secretValue.optional(),
        /** One base64 key per line, the last current; default `./data/master.key`, created 0600. */
        masterKeyFile: z.string().min(1).optional(),
        /** With `masterKey`: the keys it replaced, still needed to open records until `keys rotate`. */
        previousMasterKeys: z.array(secretValue).optional(),
      })
      .refine((s) => s.masterKey === undefined || s.masterKeyFile === undefined, {
        message: "set either masterKey or masterKeyFile, not both",
      })
      .refine((s) => s.previousMasterKeys === undefined || s.masterKey !== undefined, {
        message: "previousMasterKeys needs masterKey (a key file lists its previous keys itself)",
        path: ["previousMasterKeys"],
      })
      .optional(),
    worker: z
      .strictObject({
        concurrency: z.coerce.number().int().min(1).max(64).default(8),
        leaseMs: z.coerce.number().int().min(50).default(60_000),
        pollIntervalMs: z.coerce.number().int().min(5).default(250),
      })
      .default({ concurrency: 8, leaseMs: 60_000, pollIntervalMs: 250 }),
    /** Retention of the audit lineage and of raw webhook bodies (config/audit-schema.ts). */
    audit: auditSchema,
    tenants: z.array(tenantSchema).min(1, "configure at least one tenant"),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.tenants.forEach((tenant, index) => {
      const previous = seen.get(tenant.shopify.shop);
      if (previous !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["tenants", index, "shopify", "shop"],
          message: `shop also used by tenant ${previous}`,
        });
      }
      seen.set(tenant.shopify.shop, index);
    });
  });

export type Config = z.infer<typeof configSchema>;
export type TenantConfig = Config["tenants"][number];
