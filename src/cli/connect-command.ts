import { loadConfig } from "../config/load-config.js";
import {
  type ChecklistItem,
  type ChecklistStatus,
  type ConnectionReport,
  type TenantConnectionReport,
  testConnections,
} from "../connect.js";
import { systemClock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createSilentLogger } from "../lib/logger.js";
import { loadStoredSecrets } from "../main.js";

export interface ConnectTestOptions {
  config: string;
  tenant?: string;
  json: boolean;
}

/**
 * `ml-connector connect test`: each tenant's JDE checklist, as text or one JSON document. Exit code 0
 * when no item failed, 1 otherwise (also for an unreadable configuration or an unknown tenant).
 */
export async function runConnectTestCommand(options: ConnectTestOptions): Promise<void> {
  let report: ConnectionReport;
  try {
    const loaded = loadConfig(options.config);
    // Only the checked tenants' secrets are needed; another tenant's missing one must not stop the check.
    const tenants = loaded.tenants.filter((t) => options.tenant === undefined || t.id === options.tenant);
    const config = await loadStoredSecrets({ config: { ...loaded, tenants }, clock: systemClock });
    // The checklist reports every AIS outcome itself; client logs would only interleave with it.
    report = await testConnections({
      config,
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

/** One line per item, the hint indented under it, a count per tenant. */
export function formatReport(report: ConnectionReport): string {
  return report.tenants.map(formatTenant).join("\n\n");
}

function formatTenant(tenant: TenantConnectionReport): string {
  const c = tenant.jde.connection;
  const lines = [
    `Tenant ${tenant.tenant} — JD Edwards`,
    `  ${c.aisUrl} · user ${c.username} · environment ${c.environment} · role ${c.role} · company ${c.company}`,
    ...tenant.jde.items.flatMap(formatItem),
  ];
  const count = (status: ChecklistStatus) => tenant.jde.items.filter((item) => item.status === status).length;
  const warnings = count("warning");
  const summary = `${count("ok")} ok, ${warnings} warning${warnings === 1 ? "" : "s"}, ${count("failed")} failed, ${count("skipped")} skipped`;
  lines.push(`  ${tenant.ok ? "PASSED" : "FAILED"}: ${summary}`);
  return lines.join("\n");
}

function formatItem(item: ChecklistItem): string[] {
  const line = `  ${MARKS[item.status]} ${item.title}: ${item.detail}`;
  return item.hint && item.status !== "ok" ? [line, `      → ${item.hint}`] : [line];
}
