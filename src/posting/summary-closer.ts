import type { AuditLog } from "../audit/audit-log.js";
import type { Clock } from "../lib/clock.js";
import { buildSummaryLines } from "./build-summary-lines.js";
import type { PostingDocument } from "./posting-store.js";
import {
  type SummaryDayRule,
  summaryCloseTime,
  summaryReference,
  summaryTransactionNumber,
} from "./summary-day.js";
import type { SummaryContribution, SummaryStore } from "./summary-store.js";

export interface SummaryCloserDeps {
  tenantId: string;
  rule: SummaryDayRule;
  summaries: SummaryStore;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Closes summary days (DESIGN.md §2 "Summary mode"): every day whose cut-off plus grace has passed gets
 * one document per currency from its open contributions. A contribution that arrives after its day was
 * closed is open again by definition, so the next pass posts it as the day's supplement (`-2`, `-3`…).
 */
export function createSummaryCloser(deps: SummaryCloserDeps) {
  return { closeDueDays };

  /** One pass; returns the documents recorded (for the batcher to send). */
  async function closeDueDays(): Promise<PostingDocument[]> {
    const now = deps.clock.now();
    const open = await deps.summaries.openContributions(deps.tenantId);
    const recorded: PostingDocument[] = [];
    for (const group of groupByDayAndCurrency(open)) {
      const [first] = group as [SummaryContribution];
      if (now < summaryCloseTime(first.glDate, deps.rule)) continue;
      const document = await closeDay(group, first, now);
      if (document) recorded.push(document);
    }
    return recorded;
  }

  async function closeDay(
    group: SummaryContribution[],
    first: SummaryContribution,
    now: Date,
  ): Promise<PostingDocument | null> {
    const reference = summaryReference(first.glDate);
    const result = await deps.summaries.closeSummary({
      tenantId: deps.tenantId,
      glDate: first.glDate,
      currency: first.currency,
      decimals: first.decimals,
      lines: buildSummaryLines(group, reference),
      contributionIds: group.map((c) => c.id),
      reference,
      edtnForSequence: (sequence) => summaryTransactionNumber(deps.tenantId, first.glDate, sequence),
      now,
    });
    if (!result.ok) return null; // another closer took them; its document stands
    const document = result.document;
    await deps.audit.append({
      tenantId: deps.tenantId,
      step: document ? "summary.closed" : "summary.closed_empty",
      ...(document ? { documentKey: document.key } : {}),
      at: now,
      detail: {
        glDate: first.glDate,
        edtn: document?.edtn ?? null,
        supplement: document ? document.sequence > 1 : null,
        contributions: group.length,
        orders: [...new Set(group.map((c) => c.orderId))],
      },
    });
    // The lineage: each order's trail names the summary document that carries its events.
    for (const contribution of group)
      await deps.audit.append({
        tenantId: deps.tenantId,
        orderId: contribution.orderId,
        orderName: contribution.orderName,
        step: "summary.included",
        ...(document ? { documentKey: document.key } : {}),
        at: now,
        detail: { glDate: first.glDate, edtn: document?.edtn ?? null, eventIds: contribution.eventIds },
      });
    return document;
  }
}

function groupByDayAndCurrency(contributions: SummaryContribution[]): SummaryContribution[][] {
  const groups = new Map<string, SummaryContribution[]>();
  for (const contribution of contributions) {
    const key = `${contribution.glDate}|${contribution.currency}`;
    const group = groups.get(key);
    if (group) group.push(contribution);
    else groups.set(key, [contribution]);
  }
  return [...groups.values()];
}
