import { formatAccount } from "../domain/journal.js";
import { formatMinor } from "../domain/money.js";
import type { ReconcileCell, Variance } from "./reconciliation.js";

/**
 * The reconciliation as two CSV files a controller opens in a spreadsheet: one row per G/L date and
 * account with the three sides, and one row per variance and account. RFC 4180 quoting; amounts are
 * exact decimals in the company currency (never floats), debits positive.
 */
export function cellsCsv(cells: readonly ReconcileCell[], decimals: number): string {
  const header = [
    "gl_date",
    "cost_center",
    "account",
    "shopify",
    "connector",
    "jde",
    "jde_unposted",
    "connector_minus_shopify",
    "jde_minus_connector",
  ];
  const rows = cells.map((cell) => [
    cell.glDate,
    cell.account.businessUnit,
    formatAccount(cell.account),
    formatMinor(cell.shopifyMinor, decimals),
    formatMinor(cell.connectorMinor, decimals),
    formatMinor(cell.jdeMinor, decimals),
    formatMinor(cell.jdeUnpostedMinor, decimals),
    formatMinor(cell.connectorMinor - cell.shopifyMinor, decimals),
    formatMinor(cell.jdeMinor - cell.connectorMinor, decimals),
  ]);
  return toCsv([header, ...rows]);
}

/** One row per variance line (a variance without lines, e.g. an awaiting document, gets one row). */
export function variancesCsv(variances: readonly Variance[], decimals: number): string {
  const header = [
    "type",
    "gl_date",
    "cost_center",
    "account",
    "amount",
    "orders",
    "connector_documents",
    "jde_documents",
    "explanation",
  ];
  const rows: string[][] = [];
  for (const variance of variances) {
    const common = {
      orders: variance.orders.map((order) => order.orderName).join(" "),
      connector: variance.connectorDocuments.join(" "),
      jde: variance.jdeDocuments.join(" "),
    };
    const lines = variance.lines.length > 0 ? variance.lines : [undefined];
    for (const line of lines) {
      rows.push([
        variance.type,
        variance.glDate,
        line?.account.businessUnit ?? "",
        line ? formatAccount(line.account) : "",
        line ? formatMinor(line.amountMinor, decimals) : "",
        common.orders,
        common.connector,
        common.jde,
        variance.explanation,
      ]);
    }
  }
  return toCsv([header, ...rows]);
}

function toCsv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/** Quotes a field when it holds a comma, quote or line break; text starting =, + or @ is
 * prefixed with a quote so a spreadsheet never runs it as a formula (amounts start with - and stay numbers). */
function csvField(value: string): string {
  const guarded = /^[=+@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
