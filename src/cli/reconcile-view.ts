import { type AccountRef, formatAccount } from "../domain/journal.js";
import { formatMinor } from "../domain/money.js";
import type { PeriodReconciliation } from "../pipeline/reconcile-period.js";
import { FIGURE_LINE_TYPES } from "../reconcile/shopify-figures.js";

/** Variances printed on the terminal; the CSV and JSON always hold all of them. */
const VARIANCES_SHOWN = 40;

interface AccountRow {
  account: AccountRef;
  shopify: bigint;
  connector: bigint;
  jde: bigint;
  jdeUnposted: bigint;
}

/**
 * The reconciliation on one screen: Shopify's own figures, each side's column totals, the period per
 * account with its differences, and the variances with the orders behind them. Per day and account
 * detail is in the cells CSV.
 */
export function reconcileLines(report: PeriodReconciliation): string[] {
  const money = (minor: bigint) => formatMinor(minor, report.decimals);
  const { figures } = report;
  const lines = [
    `Reconciliation  tenant ${report.tenantId}  period ${report.period.label} (${report.period.firstDate} … ${report.period.lastDate})  ${report.currency}  shop days in ${report.timeZone}`,
    "",
    `Shopify: ${figures.totals.orders} orders, ${figures.totals.events} financial events in the period${figures.testOrdersExcluded ? ` (${figures.testOrdersExcluded} test orders left out)` : ""}`,
    `  sales ${
      FIGURE_LINE_TYPES.filter((t) => figures.totals.salesByLineType[t] !== 0n)
        .map((t) => `${t.toLowerCase()} ${money(figures.totals.salesByLineType[t])}`)
        .join(", ") || "0"
    }; discounts ${money(figures.totals.discountsMinor)}; refunds ${money(figures.totals.refundsMinor)}; taxes ${money(figures.totals.taxesMinor)}; total sales ${money(figures.totals.totalSalesMinor)}`,
    `  payments ${
      Object.entries(figures.totals.paymentsByGateway)
        .map(([gateway, amount]) => `${gateway} ${money(amount)}`)
        .join(", ") || "none"
    }`,
  ];
  if (figures.adoptedTotals.events > 0)
    lines.push(
      `  of which before the accounting start date (booked by the old process): total sales ${money(figures.adoptedTotals.totalSalesMinor)}`,
    );
  lines.push(
    "",
    `Read: ${report.counts.shopifyOrders} Shopify orders, ${report.counts.connectorDocuments} connector documents, ${report.counts.jdeDocuments} JDE documents (${report.otherJdeDocuments} other JDE entries of the document type not the connector's)`,
    "",
    ...table(
      ["", "Shopify", "Connector", "JDE", "JDE unposted"],
      [
        ["debits", ...sides(report, "debitMinor").map(money)],
        ["credits", ...sides(report, "creditMinor").map(money)],
      ],
    ),
    "",
    ...table(
      ["account", "Shopify", "Connector", "JDE", "Connector−Shopify", "JDE−Connector", "JDE unposted"],
      accountRows(report)
        .filter(
          (row) => row.shopify !== 0n || row.connector !== 0n || row.jde !== 0n || row.jdeUnposted !== 0n,
        )
        .map((row) => [
          formatAccount(row.account),
          money(row.shopify),
          money(row.connector),
          money(row.jde),
          money(row.connector - row.shopify),
          money(row.jde - row.connector),
          money(row.jdeUnposted),
        ]),
    ),
    "",
  );
  if (report.reconciled) {
    lines.push(
      "No variance: Shopify, the connector and JDE agree to the minor unit on every day and account.",
    );
    return lines;
  }
  const counts = Object.entries(report.summary).filter(([, n]) => n > 0);
  lines.push(
    `Variances (${report.variances.length}): ${counts.map(([type, n]) => `${type} ${n}`).join(", ")}`,
  );
  for (const variance of report.variances.slice(0, VARIANCES_SHOWN)) {
    const orders = variance.orders.map((o) => o.orderName).join(" ") || "-";
    const amounts = variance.lines
      .map((l) => `${formatAccount(l.account)} ${money(l.amountMinor)}`)
      .join(", ");
    lines.push(`  ${variance.glDate}  ${variance.type}  ${orders}${amounts ? `  ${amounts}` : ""}`);
    lines.push(`      ${variance.explanation}`);
  }
  if (report.variances.length > VARIANCES_SHOWN)
    lines.push(`  … ${report.variances.length - VARIANCES_SHOWN} more in the variances CSV`);
  return lines;
}

/** The report as JSON: amounts as strings of minor units (exact), account references as text. */
export function reconcileJson(report: PeriodReconciliation): string {
  return JSON.stringify(report, (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

function sides(report: PeriodReconciliation, side: "debitMinor" | "creditMinor"): bigint[] {
  const { shopify, connector, jde, jdeUnposted } = report.totals;
  return [shopify[side], connector[side], jde[side], jdeUnposted[side]];
}

/** The period per account (the cells summed over the days), in account order. */
function accountRows(report: PeriodReconciliation): AccountRow[] {
  const rows = new Map<string, AccountRow>();
  for (const cell of report.cells) {
    const key = formatAccount(cell.account);
    const row = rows.get(key) ?? {
      account: cell.account,
      shopify: 0n,
      connector: 0n,
      jde: 0n,
      jdeUnposted: 0n,
    };
    row.shopify += cell.shopifyMinor;
    row.connector += cell.connectorMinor;
    row.jde += cell.jdeMinor;
    row.jdeUnposted += cell.jdeUnpostedMinor;
    rows.set(key, row);
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** Columns padded to their widest value; the first left-aligned, amounts right-aligned. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (row: string[]) =>
    row
      .map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [format(header), ...rows.map(format)];
}
