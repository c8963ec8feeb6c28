import type { ConnectorDocument, ExpectedOrder } from "./reconciliation.js";

type ExpectedDocument = ExpectedOrder["documents"][number];

/**
 * Event ids the connector has posted: those of every document JDE did not reject, whatever its date or
 * status (a queued document has taken its events; a rejected one must be sent again).
 */
export function postedEventIds(connector: readonly ConnectorDocument[]): Set<string> {
  const posted = new Set<string>();
  for (const doc of connector) {
    if (doc.status === "rejected") continue;
    for (const eventId of doc.eventIds) posted.add(eventId);
  }
  return posted;
}

/** Expected documents holding an event the connector has not posted, in input order. */
export function documentsWithUnpostedEvents<T extends Pick<ExpectedDocument, "eventIds">>(
  documents: readonly T[],
  posted: ReadonlySet<string>,
): T[] {
  return documents.filter((doc) => doc.eventIds.some((eventId) => !posted.has(eventId)));
}

export function countUnpostedEvents(
  documents: readonly ExpectedDocument[],
  posted: ReadonlySet<string>,
): number {
  return documents.reduce((sum, doc) => sum + doc.eventIds.filter((id) => !posted.has(id)).length, 0);
}

/**
 * "The mapping cannot map #1042 today (…), so its expected lines are unknown." — why an order's
 * expected side is empty (`expectedOrder` maps none of an order it cannot map whole).
 */
export function problemsSentence(order: Pick<ExpectedOrder, "orderName" | "problems">): string {
  return `The mapping cannot map ${order.orderName} today (${order.problems.join("; ")}), so its expected lines are unknown`;
}

/** The earliest of some dates; `fallback` when there are none. */
export function earliestDate(dates: readonly string[], fallback: string): string {
  // ISO dates order as text; Math.min (which the linter suggests) would turn them into NaN.
  let earliest = dates[0] ?? fallback;
  for (const date of dates) if (date < earliest) earliest = date;
  return earliest;
}
