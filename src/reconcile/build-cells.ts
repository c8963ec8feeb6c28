import { formatAccount } from "../domain/journal.js";
import { compareAccounts, compareText, isInPeriod } from "./ledger-lines.js";
import type {
  ConnectorDocument,
  ExpectedOrder,
  JdeDocument,
  ReconcileCell,
  ReconcileLine,
  ReconcilePeriod,
} from "./reconciliation.js";

export interface CellsInput {
  period: ReconcilePeriod;
  expected: readonly ExpectedOrder[];
  connector: readonly ConnectorDocument[];
  /** The JDE documents tied to the connector's orders (matched or surplus), any date. */
  jde: readonly JdeDocument[];
}

type Side = "shopifyMinor" | "connectorMinor" | "jdeMinor" | "jdeUnpostedMinor";

const ZERO = { shopifyMinor: 0n, connectorMinor: 0n, jdeMinor: 0n, jdeUnpostedMinor: 0n } as const;

/**
 * Rule 1: per G/L date of the period and account, what each side holds. Rejected connector documents
 * are left out (JDE holds none of them); unposted JDE lines count in `jdeMinor` and again, apart, in
 * `jdeUnpostedMinor`. Cells where every side is zero are dropped. Sorted by date, then account.
 */
export function buildCells(input: CellsInput): ReconcileCell[] {
  // Date → account → cell: two short keys instead of one concatenated per line.
  const days = new Map<string, Map<string, ReconcileCell>>();
  const add = (glDate: string, lines: readonly ReconcileLine[], side: Side): void => {
    if (!isInPeriod(glDate, input.period)) return;
    let day = days.get(glDate);
    if (!day) {
      day = new Map();
      days.set(glDate, day);
    }
    for (const line of lines) {
      const key = formatAccount(line.account);
      let cell = day.get(key);
      if (!cell) {
        cell = { glDate, account: line.account, ...ZERO };
        day.set(key, cell);
      }
      cell[side] += line.amountMinor;
    }
  };
  for (const order of input.expected)
    for (const doc of order.documents) add(doc.glDate, doc.lines, "shopifyMinor");
  for (const doc of input.connector)
    if (doc.status !== "rejected") add(doc.glDate, doc.lines, "connectorMinor");
  for (const doc of input.jde) {
    add(doc.glDate, doc.lines, "jdeMinor");
    if (!doc.posted) add(doc.glDate, doc.lines, "jdeUnpostedMinor");
  }
  return [...days.values()]
    .flatMap((day) => [...day.values()])
    .filter(isNonZero)
    .sort(compareCells);
}

function isNonZero(cell: ReconcileCell): boolean {
  return (
    cell.shopifyMinor !== 0n ||
    cell.connectorMinor !== 0n ||
    cell.jdeMinor !== 0n ||
    cell.jdeUnpostedMinor !== 0n
  );
}

function compareCells(a: ReconcileCell, b: ReconcileCell): number {
  return compareText(a.glDate, b.glDate) || compareAccounts(a.account, b.account);
}
