import { loadConfig } from "../config/load-config.js";
import {
  type ChecklistItem,
  type ChecklistStatus,
  type ConnectionReport,
  type ShopifyConnectionFacts,
  type TenantConnectionReport,
  testConnections,
} from "../connect.js";
import { systemClock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createSilentLogger } from "../lib/logger.js";

export interface ConnectTestOptions {
  config: string;
  tenant?: string;
  json: boolean;
}

/**
 * `ml-connector connect test`: each tenant's JDE and Shopify checklists, as text or one JSON document
 * (no token or password in either). Exit code 0 when no item failed, 1 otherwise (also for an
 * unreadable configuration or an unknown tenant).
 */
export async function runConnectTestCommand(options: ConnectTestOptions): Promise<void> {
  let report: ConnectionReport;
  try {
    // The checklists report every AIS and Shopify outcome themselves; client logs would only interleave.
    report = await testConnections({
      config: loadConfig(options.config),
      tenantId: options.tenant,
      log: createSilentLogger(),
      clock: systemClock,
    });
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    console.error(`ml-connector: ${error.code}: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
  process.exitCode = report.ok ? 0 : 1;
}

const MARKS: Record<ChecklistStatus, string> = { ok: "✓", failed: "✗", skipped: "–", warning: "!" };

/** The store's lines, then per tenant one line per item, the hint indented under it, JDE then Shopify. */
export function formatReport(report: ConnectionReport): string {
  const store = [`Store — ${report.store.location}`, ...report.store.items.flatMap(formatItem)].join("\n");
  return [store, ...report.tenants.map(formatTenant)].join("\n\n");
}

function formatTenant(tenant: TenantConnectionReport): string {
  const c = tenant.jde.connection;
  const s = tenant.shopify.connection;
  const items = [...tenant.jde.items, ...tenant.shopify.items];
  const lines = [
    `Tenant ${tenant.tenant} — JD Edwards`,
    `  ${c.aisUrl} · user ${c.username} · environment ${c.environment} · role ${c.role} · company ${c.company}`,
    ...tenant.jde.items.flatMap(formatItem),
    `Tenant ${tenant.tenant} — Shopify`,
    `  ${s.shop} · ${s.adminUrl} · API ${s.apiVersion} · grant ${s.grant}${shopFacts(tenant.shopify.facts)}`,
    ...tenant.shopify.items.flatMap(formatItem),
  ];
  const count = (status: ChecklistStatus) => items.filter((item) => item.status === status).length;
  const warnings = count("warning");
  const summary = `${count("ok")} ok, ${warnings} warning${warnings === 1 ? "" : "s"}, ${count("failed")} failed, ${count("skipped")} skipped`;
  lines.push(`  ${tenant.ok ? "PASSED" : "FAILED"}: ${summary}`);
  return lines.join("\n");
}

/** What the shop told about itself, when it answered. */
function shopFacts(facts: ShopifyConnectionFacts): string {
  const known = [
    facts.currency && `currency ${facts.currency}`,
    facts.timezone && `timezone ${facts.timezone}`,
  ].filter(Boolean);
  return known.length > 0 ? ` · ${known.join(" · ")}` : "";
}

function formatItem(item: ChecklistItem): string[] {
  const line = `  ${MARKS[item.status]} ${item.title}: ${item.detail}`;
  return item.hint && item.status !== "ok" ? [line, `      → ${item.hint}`] : [line];
}
