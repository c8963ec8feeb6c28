import { EXCEPTION_STATUSES, type ExceptionRecord, type ExceptionStatus } from "./exceptions.js";
import { EXCEPTION_CAUSES, type ExceptionCause } from "./exceptions-cause.js";

/** Filters of `exceptions` and selectors of `replay`, combined with AND; an absent one matches all. */
export interface ExceptionFilter {
  cause?: ExceptionCause;
  status?: ExceptionStatus;
  /** Order names ("#1042", "1042") or ids (a GID or its numeric id); a record matching any is kept. */
  orders?: string[];
  /** When the exception arose: at or after `from`, before `until`. */
  from?: Date;
  until?: Date;
}

/** The records `filter` keeps, in their order. */
export function selectExceptions(
  records: readonly ExceptionRecord[],
  filter: ExceptionFilter,
): ExceptionRecord[] {
  const orders = filter.orders?.map((order) => order.trim()).filter((order) => order !== "");
  return records.filter(
    (record) =>
      (filter.cause === undefined || record.cause === filter.cause) &&
      (filter.status === undefined || record.status === filter.status) &&
      (filter.from === undefined || record.since >= filter.from) &&
      (filter.until === undefined || record.since < filter.until) &&
      (orders === undefined || orders.length === 0 || orders.some((order) => isOrder(record, order))),
  );
}

/** True when the filter selects something narrower than "everything" (replay refuses an empty one). */
export function narrowsSelection(filter: ExceptionFilter): boolean {
  return (
    filter.cause !== undefined ||
    filter.status !== undefined ||
    (filter.orders?.some((order) => order.trim() !== "") ?? false) ||
    filter.from !== undefined ||
    filter.until !== undefined
  );
}

/** An order by name as given or with "#" ("1042" → "#1042"), or by GID or numeric id. */
function isOrder(record: ExceptionRecord, order: string): boolean {
  if (record.orderName !== null && (record.orderName === order || record.orderName === `#${order}`))
    return true;
  return record.orderId === (/^\d+$/.test(order) ? `gid://shopify/Order/${order}` : order);
}

export interface CauseGroup {
  cause: ExceptionCause;
  records: ExceptionRecord[];
}

/** The records per cause, causes in their fixed order, only those that have records. */
export function groupByCause(records: readonly ExceptionRecord[]): CauseGroup[] {
  return EXCEPTION_CAUSES.map((cause) => ({
    cause,
    records: records.filter((r) => r.cause === cause),
  })).filter((group) => group.records.length > 0);
}

/** A filter as an operator types it (CLI options, admin API query). */
export interface ExceptionFilterInput {
  cause?: string | undefined;
  status?: string | undefined;
  orders?: string[] | undefined;
  /** YYYY-MM-DD: from 00:00 UTC of this day. */
  from?: string | undefined;
  /** YYYY-MM-DD: through the end (UTC) of this day. */
  to?: string | undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The typed filter, or what is wrong with the input (every problem, in one message). */
export function parseExceptionFilter(
  input: ExceptionFilterInput,
): { ok: true; filter: ExceptionFilter } | { ok: false; problem: string } {
  const problems: string[] = [];
  const filter: ExceptionFilter = {};
  if (input.cause !== undefined) {
    if (isOneOf(EXCEPTION_CAUSES, input.cause)) filter.cause = input.cause;
    else problems.push(`--cause expects one of ${EXCEPTION_CAUSES.join(", ")}, got ${input.cause}`);
  }
  if (input.status !== undefined) {
    if (isOneOf(EXCEPTION_STATUSES, input.status)) filter.status = input.status;
    else problems.push(`--status expects one of ${EXCEPTION_STATUSES.join(", ")}, got ${input.status}`);
  }
  const orders = input.orders?.map((order) => order.trim()).filter((order) => order !== "");
  if (orders?.length) filter.orders = orders;
  const from = input.from === undefined ? undefined : utcDay(input.from);
  const to = input.to === undefined ? undefined : utcDay(input.to);
  if (from === null) problems.push(`--from expects a date YYYY-MM-DD, got ${input.from}`);
  else if (from) filter.from = from;
  if (to === null) problems.push(`--to expects a date YYYY-MM-DD, got ${input.to}`);
  else if (to) filter.until = new Date(to.getTime() + DAY_MS);
  if (from && to && from > to) problems.push(`--from ${input.from} is after --to ${input.to}`);
  return problems.length > 0 ? { ok: false, problem: problems.join("; ") } : { ok: true, filter };
}

function utcDay(value: string): Date | null {
  if (!DAY.test(value)) return null;
  const day = new Date(`${value}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March: the day must read back as given.
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value ? null : day;
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
