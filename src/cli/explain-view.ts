import type { AuditEntry } from "../audit/audit-log.js";
import type { OrderCandidate, OrderStory } from "../compose/order-story.js";
import { formatAccount } from "../domain/journal.js";
import { formatMinor } from "../domain/money.js";
import type { Job } from "../pipeline/job-queue.js";
import type { PostingDocument, RecordedEvent } from "../posting/posting-store.js";

const FOUND_BY: Record<OrderStory["foundBy"], string> = {
  "document-number": "JDE document number",
  "order-name": "order name",
  "order-id": "order id",
};

/** `ml-connector explain` as text: the order, its events, documents, job and audit trail. */
export function explainLines(story: OrderStory): string[] {
  return [
    `${story.orderName ?? "(unnamed order)"}  ${story.orderId}  tenant ${story.tenantId}  (found by ${FOUND_BY[story.foundBy]})`,
    `customer AN8: ${story.addressNumber ?? "none"}`,
    "",
    `Financial events (${story.events.length})`,
    ...eventLines(story.events, story.documents),
    "",
    `Documents (${story.documents.length})`,
    ...story.documents.flatMap(documentLines),
    "",
    jobLine(story.job, story.jobsDone),
    "",
    `Audit trail (${story.audit.length})`,
    ...story.audit.map(auditLine),
  ];
}

/** Several orders matched: one line each, and how to pick one. */
export function candidateLines(argument: string, candidates: OrderCandidate[]): string[] {
  return [
    `${candidates.length} orders match ${argument}; pick one with --order-id (and --tenant):`,
    ...candidates.map((c) => `  ${c.orderId}  ${c.orderName ?? "(unnamed)"}  tenant ${c.tenantId}`),
  ];
}

function eventLines(events: RecordedEvent[], documents: PostingDocument[]): string[] {
  if (events.length === 0) return ["  none recorded"];
  const edtnOf = new Map(documents.map((d) => [d.key, d.edtn]));
  const width = Math.max(...events.map((e) => shortGid(e.eventId).length));
  return events.map((event) => {
    const where =
      event.status === "adopted"
        ? "booked before the accounting start date; never sent"
        : event.documentKey
          ? `in ${edtnOf.get(event.documentKey) ?? event.documentKey}`
          : "in the day's summary, not closed yet";
    return `  ${event.status.padEnd(10)} ${shortGid(event.eventId).padEnd(width)}  ${where}  ${event.recordedAt.toISOString()}`;
  });
}

function documentLines(document: PostingDocument): string[] {
  const jde = [
    document.documentNumber ? `DOC ${document.documentNumber}` : null,
    document.batchNumber ? `ICU ${document.batchNumber}` : null,
    document.batchId ? `batch ${document.batchId}` : null,
  ].filter((part) => part !== null);
  const header = [
    `  ${document.sequence}. ${document.kind}`,
    `EDTN ${document.edtn}`,
    `GL ${document.glDate}`,
    document.status,
    ...jde,
  ].join("  ");
  return [
    header,
    ...(document.kind === "correction"
      ? [`     reason: ${document.reason ?? "-"} (requested by ${document.requestedBy ?? "-"})`]
      : []),
    ...document.errors.map((error) => `     error ${error.code}: ${error.description}`),
    ...lineTable(document),
  ];
}

/** One row per line, debits and credits in their own columns, then the totals (equal when balanced). */
function lineTable(document: PostingDocument): string[] {
  const money = (minor: bigint) => (minor === 0n ? "" : formatMinor(minor, document.decimals));
  let debits = 0n;
  let credits = 0n;
  const rows = document.lines.map((line) => {
    const debit = line.amountMinor > 0n ? line.amountMinor : 0n;
    const credit = line.amountMinor < 0n ? -line.amountMinor : 0n;
    debits += debit;
    credits += credit;
    const account = formatAccount(line.account) + (line.addressNumber ? ` AN8 ${line.addressNumber}` : "");
    return [account, money(debit), money(credit), line.kind];
  });
  const total = debits - credits;
  const balance = total === 0n ? "total = 0" : `OUT OF BALANCE by ${formatMinor(total, document.decimals)}`;
  const totals = [
    `total ${document.currency}`,
    formatMinor(debits, document.decimals),
    formatMinor(credits, document.decimals),
    balance,
  ];
  const table = [["account", "debit", "credit", "kind"], ...rows, totals];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => (row[column] ?? "").length)));
  return table.map(
    ([account = "", debit = "", credit = "", kind = ""]) =>
      `     ${account.padEnd(widths[0] ?? 0)}  ${debit.padStart(widths[1] ?? 0)}  ${credit.padStart(widths[2] ?? 0)}  ${kind}`,
  );
}

function jobLine(job: Job | null, jobsDone: number): string {
  const done = `${jobsDone} run${jobsDone === 1 ? "" : "s"} done`;
  if (!job) return `Order-sync job: none waiting (${done})`;
  const parts = [`Order-sync job: ${job.status}`, `attempts ${job.attempts}`];
  if (job.status === "parked") parts.push(`park ${job.parkCode ?? "-"}: ${job.parkReason ?? "-"}`);
  else parts.push(`runs at ${job.runAt.toISOString()}`);
  if (job.lastError) parts.push(`last error: ${job.lastError}`);
  return `${parts.join("  ")}  (${done})`;
}

function auditLine(entry: AuditEntry): string {
  const summary = summarizeDetail(entry.detail);
  return `  ${entry.at.toISOString()}  ${entry.step.padEnd(20)}${summary ? ` ${summary}` : ""}`;
}

/**
 * One line of an audit entry's detail: `key=value`, lists of scalars joined with commas, lists of
 * records as their count (`lines=[4]`), records as `{key:value,…}`, GIDs shortened to `Type/id`, cut
 * at `maxLength` characters.
 */
export function summarizeDetail(detail: Record<string, unknown>, maxLength = 110): string {
  const text = Object.entries(detail)
    .map(([key, value]) => `${key}=${showValue(value)}`)
    .join(" ");
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function showValue(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "string") return shortGid(value);
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value))
    return value.length === 0
      ? "[]"
      : value.every((v) => typeof v !== "object" || v === null)
        ? value.map(showValue).join(",")
        : `[${value.length}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, inner]) => `${key}:${showValue(inner)}`).join(",")}}`;
}

/** `gid://shopify/OrderTransaction/7` → `OrderTransaction/7`; anything else as it is. */
function shortGid(value: string): string {
  return value.startsWith("gid://shopify/") ? value.slice("gid://shopify/".length) : value;
}

/** `ml-connector explain --json`: the story as one JSON value, amounts as strings (exact). */
export function explainJson(story: OrderStory): string {
  const documents = story.documents.map((document) => ({
    ...document,
    lines: document.lines.map((line) => ({
      ...line,
      account: formatAccount(line.account),
      amount: formatMinor(line.amountMinor, document.decimals),
    })),
    totalMinor: document.lines.reduce((sum, line) => sum + line.amountMinor, 0n),
  }));
  return JSON.stringify({ ...story, documents }, (_key, value) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}
