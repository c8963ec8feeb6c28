import { openStoreForCheck } from "./compose/open-store-for-check.js";
import { type ShopifyConnectionTest, testShopifyConnection } from "./compose/shopify-connection-test.js";
import type { Config, TenantConfig } from "./config/config-schema.js";
import type { ResolvedConfig, ResolvedTenantConfig } from "./config/resolve-stored-secrets.js";
import { customersUnusedInSummaryMode } from "./config/syncs-customers.js";
import { parseAccountKey } from "./domain/account-key.js";
import { localDate } from "./domain/jde-date.js";
import { formatAccount } from "./domain/journal.js";
import { createAisClient } from "./jde/ais-client.js";
import { customersNotSyncedInSummaryMode } from "./jde/checklist-customer-checks.js";
import {
  type ConfiguredAccount,
  type JdeChecklist,
  type JdeChecklistInput,
  type JdeConnectionFacts,
  runJdeChecklist,
} from "./jde/connection-checklist.js";
import { openJdeDatabasePort } from "./jde/ztable/open-jde-database-port.js";
import type { ChecklistItem } from "./lib/checklist.js";
import type { Clock } from "./lib/clock.js";
import { ConnectorError } from "./lib/errors/connector-error.js";
import type { Logger } from "./lib/logger.js";
import type { SecretVault } from "./lib/secret-vault.js";
import { withoutCredentials } from "./lib/without-credentials.js";
import type { Store } from "./store/store.js";

export type { ShopifyConnectionTest } from "./compose/shopify-connection-test.js";
export type { JdeConnectionFacts } from "./jde/connection-checklist.js";
export type { ChecklistItem, ChecklistStatus } from "./lib/checklist.js";
export type { ShopifyConnectionFacts } from "./shopify/shopify-checklist.js";

/** `connect test` for one tenant: its JD Edwards and its Shopify checklist. */
export interface TenantConnectionReport {
  tenant: string;
  /** No item of either checklist failed. */
  ok: boolean;
  jde: JdeConnectionTest;
  shopify: ShopifyConnectionTest;
}

export interface JdeConnectionTest {
  /** Without credentials; the password is never part of a report. */
  connection: {
    aisUrl: string;
    username: string;
    environment: string;
    role: string;
    deviceName: string;
    company: string;
  };
  items: ChecklistItem[];
  facts: JdeConnectionFacts;
}

export interface ConnectionReport {
  /** No item of the store or of any tenant failed (warnings and skipped items allowed). */
  ok: boolean;
  /** The store the tenants' installations and secrets are read from; its schema is never migrated here. */
  store: { location: string; items: ChecklistItem[] };
  tenants: TenantConnectionReport[];
}

/**
 * `ml-connector connect test`: builds each selected tenant's AIS client and Shopify clients as main.ts
 * does and runs the JDE and the Shopify checklist side by side. Reads only; nothing is posted or
 * written to JDE or Shopify (a due Shopify token is renewed and stored, as the service would), and the
 * store is neither created nor migrated (compose/open-store-for-check.ts). A composition root beside
 * main.ts (the only other file allowed to build adapters).
 */
export async function testConnections(deps: {
  /** As loaded; the secrets it leaves out are read from the store's vault. */
  config: Readonly<Config>;
  /** One tenant; all when absent. */
  tenantId?: string | undefined;
  log: Logger;
  clock: Clock;
}): Promise<ConnectionReport> {
  const { tenantId } = deps;
  const selected = deps.config.tenants.filter((t) => tenantId === undefined || t.id === tenantId);
  if (selected.length === 0) {
    throw new ConnectorError("MLC_CONFIG_INVALID", `tenant ${tenantId} is not configured`);
  }
  // Shopify tokens live sealed in the store, and a stored installation wins over a configured token.
  // Only the checked tenants' secrets are needed: another tenant's missing one must not stop the check.
  const opened = await openStoreForCheck({ ...deps.config, tenants: selected }, deps.clock);
  try {
    const reports = await Promise.all(
      opened.config.tenants.map((tenant) => testTenant(tenant, { ...deps, ...opened })),
    );
    const store = { location: opened.location, items: [opened.item] };
    const ok = store.items.every((item) => item.status !== "failed") && reports.every((report) => report.ok);
    return { ok, store, tenants: reports };
  } finally {
    await opened.close();
  }
}

async function testTenant(
  tenant: ResolvedTenantConfig,
  deps: { config: Readonly<ResolvedConfig>; store: Store; secrets: SecretVault; log: Logger; clock: Clock },
): Promise<TenantConnectionReport> {
  const log = deps.log.child({ tenant: tenant.id });
  const jdeTest = testJde(tenant, { log, clock: deps.clock });
  const shopifyTest = testShopifyConnection(tenant, {
    config: deps.config,
    installations: deps.store.installations,
    secrets: deps.secrets,
    jdeCurrency: async () => (await jdeTest).facts.currency,
    clock: deps.clock,
    log,
  });
  const [jde, shopify] = await Promise.all([jdeTest, shopifyTest]);
  const items = [...jde.items, ...shopify.items];
  return { tenant: tenant.id, ok: items.every((item) => item.status !== "failed"), jde, shopify };
}

async function testJde(
  tenant: ResolvedTenantConfig,
  deps: { log: Logger; clock: Clock },
): Promise<JdeConnectionTest> {
  const { jde } = tenant;
  const ais = createAisClient({
    baseUrl: jde.aisUrl,
    username: jde.username,
    password: jde.password,
    environment: jde.environment,
    role: jde.role,
    deviceName: jde.deviceName,
    timeoutMs: jde.timeoutMs,
    clock: deps.clock,
    log: deps.log,
  });
  const connection = {
    username: jde.username,
    environment: jde.environment,
    role: jde.role,
    deviceName: jde.deviceName,
  };
  // Opening makes no connection yet: an unreachable database shows up as a checklist item.
  const database = jde.database ? await openJdeDatabasePort(jde.database) : undefined;
  try {
    const input: JdeChecklistInput = {
      ais,
      connection,
      company: jde.company,
      posting: jde.posting,
      accounts: collectConfiguredAccounts(tenant),
      // A summary tenant syncs no customer: its customer write path is not checked (see below).
      ...(tenant.customers && !customersUnusedInSummaryMode(tenant) ? { customers: tenant.customers } : {}),
      ...(database && jde.database ? { zTable: { database, owner: jde.database.owner } } : {}),
      today: localDate(deps.clock.now().toISOString(), tenant.shopify.timezone ?? systemTimeZone()),
    };
    const checklist = await runJdeChecklist(input);
    if (customersUnusedInSummaryMode(tenant)) beforeLogout(checklist, customersNotSyncedInSummaryMode());
    return {
      connection: { aisUrl: withoutCredentials(jde.aisUrl), ...connection, company: jde.company },
      ...checklist,
    };
  } finally {
    await ais.close();
    await database?.close();
  }
}

/** Adds an item where the checklist's own items end: the logout is always the last line. */
function beforeLogout(checklist: JdeChecklist, item: ChecklistItem): void {
  const logout = checklist.items.findIndex((existing) => existing.id === "logout");
  checklist.items.splice(logout === -1 ? checklist.items.length : logout, 0, item);
}

/**
 * Every account a tenant's journals can name: the `accounts` section, and for each revenue rule the
 * revenue-side accounts it produces (resolve-revenue-account.ts: `costCenter` replaces their BU,
 * `revenueAccount` the revenue OBJ.SUB). One entry per account, with every place that names it.
 */
export function collectConfiguredAccounts(tenant: TenantConfig): ConfiguredAccount[] {
  const found = new Map<string, ConfiguredAccount>();
  const add = (key: string, usedBy: string) => {
    const account = parseAccountKey(key);
    const name = formatAccount(account);
    const entry = found.get(name) ?? { account, usedBy: [] };
    entry.usedBy.push(usedBy);
    found.set(name, entry);
  };
  for (const [name, value] of Object.entries(tenant.accounts)) {
    if (typeof value === "string") add(value, `accounts.${name}`);
    else for (const [key, mapped] of Object.entries(value)) add(mapped, `accounts.${name}.${key}`);
  }
  const a = tenant.accounts;
  tenant.rules.forEach((rule, index) => {
    const withUnit = (key: string) => (rule.costCenter ? `${rule.costCenter}.${afterUnit(key)}` : key);
    const revenue = rule.revenueAccount ? `${unitOf(a.revenue)}.${rule.revenueAccount}` : a.revenue;
    if (rule.costCenter || rule.revenueAccount) add(withUnit(revenue), `rules[${index}] revenue`);
    if (!rule.costCenter) return;
    for (const name of ["discounts", "returns", "shipping", "refundAdjustments"] as const) {
      add(withUnit(a[name]), `rules[${index}] ${name}`);
    }
  });
  return [...found.values()];
}

function unitOf(key: string): string {
  return key.split(".")[0] ?? "";
}

function afterUnit(key: string): string {
  return key.split(".").slice(1).join(".");
}

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
