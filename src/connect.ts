import type { TenantConfig } from "./config/config-schema.js";
import type { ResolvedConfig, ResolvedTenantConfig } from "./config/resolve-stored-secrets.js";
import { parseAccountKey } from "./domain/account-key.js";
import { localDate } from "./domain/jde-date.js";
import { formatAccount } from "./domain/journal.js";
import { createAisClient } from "./jde/ais-client.js";
import {
  type ChecklistItem,
  type ConfiguredAccount,
  type JdeConnectionFacts,
  runJdeChecklist,
} from "./jde/connection-checklist.js";
import { openJdeDatabasePort } from "./jde/ztable/open-jde-database-port.js";
import type { Clock } from "./lib/clock.js";
import { ConnectorError } from "./lib/errors/connector-error.js";
import type { Logger } from "./lib/logger.js";

export type { ChecklistItem, ChecklistStatus, JdeConnectionFacts } from "./jde/connection-checklist.js";

/** `connect test` for one tenant. A `shopify` section can join `jde` later. */
export interface TenantConnectionReport {
  tenant: string;
  ok: boolean;
  jde: {
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
  };
}

export interface ConnectionReport {
  /** No item of any tenant failed (warnings and skipped items allowed). */
  ok: boolean;
  tenants: TenantConnectionReport[];
}

/**
 * `ml-connector connect test`: builds each selected tenant's AIS client as main.ts does and runs the
 * JDE checklist against it. Reads only; nothing is posted or written to JDE. A composition root
 * beside main.ts (the only other file allowed to build adapters).
 */
export async function testConnections(deps: {
  /** With stored secrets filled in (main.ts `loadStoredSecrets`). */
  config: Readonly<ResolvedConfig>;
  /** One tenant; all when absent. */
  tenantId?: string | undefined;
  log: Logger;
  clock: Clock;
}): Promise<ConnectionReport> {
  const { config, tenantId } = deps;
  const tenants = tenantId === undefined ? config.tenants : config.tenants.filter((t) => t.id === tenantId);
  if (tenants.length === 0) {
    throw new ConnectorError("MLC_CONFIG_INVALID", `tenant ${tenantId} is not configured`);
  }
  const reports = await Promise.all(tenants.map((tenant) => testTenant(tenant, deps)));
  return { ok: reports.every((report) => report.ok), tenants: reports };
}

async function testTenant(
  tenant: ResolvedTenantConfig,
  deps: { log: Logger; clock: Clock },
): Promise<TenantConnectionReport> {
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
    log: deps.log.child({ tenant: tenant.id }),
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
    const checklist = await runJdeChecklist({
      ais,
      connection,
      company: jde.company,
      posting: jde.posting,
      accounts: collectConfiguredAccounts(tenant),
      ...(database && jde.database ? { zTable: { database, owner: jde.database.owner } } : {}),
      today: localDate(deps.clock.now().toISOString(), tenant.shopify.timezone ?? systemTimeZone()),
    });
    return {
      tenant: tenant.id,
      ok: checklist.items.every((item) => item.status !== "failed"),
      jde: {
        connection: { aisUrl: withoutCredentials(jde.aisUrl), ...connection, company: jde.company },
        ...checklist,
      },
    };
  } finally {
    await ais.close();
    await database?.close();
  }
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

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.toString().replace(/\/$/, "");
}

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
