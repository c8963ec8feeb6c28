import {
  AUDIT_STATUS_FILTERS,
  type AuditEntry,
  type AuditQuery,
  type AuditStatusFilter,
} from "../audit/audit-log.js";
import { openAuditTrail } from "../compose/audit-trail.js";
import { systemClock } from "../lib/clock.js";
import { fail, failWith, loadTenantConfig } from "./cli-exit.js";

export interface AuditCommandOptions {
  config: string;
  tenant?: string;
  order?: string;
  orderId?: string;
  document?: string;
  batch?: string;
  since?: string;
  until?: string;
  step?: string;
  status?: string;
  limit: number;
  json: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `ml-connector audit`: an order's (or a document's, a batch's, a day's) audit trail, oldest first,
 * one line per entry or JSON lines. The trail holds references and hashes only, so it is printed as
 * it is. Reads the store without migrating it.
 */
export async function runAuditCommand(options: AuditCommandOptions): Promise<void> {
  const usage = usageProblem(options);
  if (usage) return fail(usage, 2);
  const loaded = loadTenantConfig(options);
  if (!loaded) return;
  const { config, tenantId } = loaded;
  const view = await openAuditTrail({ config, clock: systemClock });
  if (!view.found) return fail(`${view.why} (\`ml-connector serve\` creates it)`, 1);
  try {
    // One more than asked: tells whether the listing was cut.
    const entries = await view.audit.query({ ...filterOf(options, tenantId), limit: options.limit + 1 });
    print(entries.slice(0, options.limit), options.json);
    if (entries.length > options.limit)
      console.error(`(the first ${options.limit} entries; raise --limit or narrow the filters for the rest)`);
  } catch (error) {
    failWith(error);
  } finally {
    await view.close();
  }
}

function usageProblem(options: AuditCommandOptions): string | undefined {
  for (const [flag, value] of [
    ["--since", options.since],
    ["--until", options.until],
  ] as const)
    if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))))
      return `${flag} expects a date YYYY-MM-DD, got ${value}`;
  if (options.status !== undefined && !(AUDIT_STATUS_FILTERS as readonly string[]).includes(options.status))
    return `--status expects one of ${AUDIT_STATUS_FILTERS.join(", ")}, got ${options.status}`;
  return undefined;
}

/** `--until` is exclusive, like backfill's: entries before 00:00 UTC of that day. */
function filterOf(options: AuditCommandOptions, tenantId: string): Omit<AuditQuery, "limit"> {
  const order = options.order?.trim();
  const orderId = options.orderId?.trim();
  return {
    tenantId,
    ...(order ? { orderName: order.startsWith("#") ? order : `#${order}` } : {}),
    ...(orderId ? { orderId: /^\d+$/.test(orderId) ? `gid://shopify/Order/${orderId}` : orderId } : {}),
    ...(options.document ? { documentNumber: options.document } : {}),
    ...(options.batch ? { batchNumber: options.batch } : {}),
    ...(options.since ? { from: new Date(`${options.since}T00:00:00Z`) } : {}),
    ...(options.until ? { to: new Date(`${options.until}T00:00:00Z`) } : {}),
    ...(options.step ? { step: options.step } : {}),
    ...(options.status ? { status: options.status as AuditStatusFilter } : {}),
  };
}

function print(entries: AuditEntry[], json: boolean): void {
  if (json) {
    for (const entry of entries) console.log(JSON.stringify({ ...entry, at: entry.at.toISOString() }));
    return;
  }
  if (entries.length === 0) console.log("no audit entries match");
  for (const entry of entries) console.log(formatEntry(entry));
}

/** `time  step  order  document/batch  detail`: one line, for a terminal. */
export function formatEntry(entry: AuditEntry): string {
  const document = entry.documentKey ? entry.documentKey.slice(entry.documentKey.indexOf("/") + 1) : "-";
  return [
    entry.at.toISOString(),
    entry.step.padEnd(20),
    (entry.orderName ?? entry.orderId ?? "-").padEnd(8),
    `${document}/${entry.batchId ?? "-"}`.padEnd(24),
    summarize(entry.detail),
  ].join("  ");
}

/** Scalars as they are (hashes cut to 12 characters), lists by their length, objects left out. */
export function summarize(detail: Record<string, unknown>): string {
  const text = Object.entries(detail)
    .flatMap(([key, value]) => {
      if (Array.isArray(value)) return [`${key}=${value.length}`];
      if (value === null || typeof value === "object") return [];
      const shown =
        typeof value === "string" && /^[0-9a-f]{64}$/.test(value) ? `${value.slice(0, 12)}…` : value;
      return [`${key}=${String(shown)}`];
    })
    .join(" ");
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
