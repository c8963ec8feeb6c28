import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { documentTotalMinor, isBalanced, type JournalDocument, type JournalLine } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import type { FinancialEvent } from "./collect-financial-events.js";
import { type MappingProblem, mappingProblem } from "./mapping-problem.js";
import { mergeJournalLines } from "./merge-journal-lines.js";

export interface MappedEvent {
  event: FinancialEvent;
  lines: JournalLine[];
}

export interface BuiltDocuments {
  documents: JournalDocument[];
  skipped: { eventId: string; reason: string }[];
  problems: MappingProblem[];
}

/**
 * One document per GL date (ascending), holding that date's events in posting order with their lines
 * merged. A date whose lines all come to zero yields no document; its events are reported skipped.
 */
export function buildJournalDocuments(
  order: OrderSnapshot,
  policy: AccountingPolicy,
  mapped: readonly MappedEvent[],
): BuiltDocuments {
  const result: BuiltDocuments = { documents: [], skipped: [], problems: [] };
  for (const [glDate, group] of groupByGlDate(mapped)) {
    const lines = mergeJournalLines(group.flatMap((item) => item.lines));
    const eventIds = group.map((item) => item.event.id);
    if (lines.length === 0) {
      for (const eventId of eventIds)
        result.skipped.push({ eventId, reason: "amounts net to zero; nothing to post" });
      continue;
    }
    const rolled = group.filter((item) => item.event.localDate !== glDate);
    const document: JournalDocument = {
      tenantId: policy.tenantId,
      orderId: order.id,
      orderName: order.name,
      glDate,
      currency: policy.currency,
      decimals: policy.decimals,
      eventIds,
      lines,
      ...(rolled.length > 0
        ? { originalGlDates: Object.fromEntries(rolled.map(({ event }) => [event.id, event.localDate])) }
        : {}),
    };
    if (isBalanced(document)) {
      result.documents.push(document);
    } else {
      const message = `document of ${order.name} on ${glDate} is off by ${documentTotalMinor(document)} minor units`;
      result.problems.push(mappingProblem("UNBALANCED", message));
    }
  }
  return result;
}

function groupByGlDate(mapped: readonly MappedEvent[]): [string, MappedEvent[]][] {
  const groups = new Map<string, MappedEvent[]>();
  for (const item of mapped) {
    const group = groups.get(item.event.glDate) ?? [];
    group.push(item);
    groups.set(item.event.glDate, group);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
