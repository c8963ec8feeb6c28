import type { OpenPeriod } from "../domain/accounting-policy.js";
import { parseIsoDate } from "../domain/jde-date.js";
import type { FinancialEvent } from "./collect-financial-events.js";
import { type MappingProblem, mappingProblem } from "./mapping-problem.js";

/**
 * The closed-period rule (DESIGN.md §2), applied to events about to post (adoption was decided on
 * their own date before this): an event dated before `firstOpenDate` posts on `firstOpenDate` —
 * its `localDate` is kept and the document records it in `originalGlDates`, so the audit says so;
 * an event dated after `lastOpenDate` parks the order (PERIOD_NOT_OPEN) until JDE opens the period.
 * No window (null/absent) means every date is open.
 */
export function applyOpenPeriod(
  events: readonly FinancialEvent[],
  openPeriod: OpenPeriod | null | undefined,
): { events: FinancialEvent[]; problems: MappingProblem[] } {
  if (!openPeriod) return { events: [...events], problems: [] };
  const windowProblem = checkOpenPeriod(openPeriod);
  if (windowProblem) return { events: [], problems: [windowProblem] };
  const { firstOpenDate, lastOpenDate } = openPeriod;
  const problems: MappingProblem[] = [];
  for (const event of events) {
    if (lastOpenDate !== null && event.glDate > lastOpenDate) {
      const message = `event ${event.id} is dated ${event.glDate}, after JDE's last open date ${lastOpenDate}`;
      problems.push(mappingProblem("PERIOD_NOT_OPEN", message, event.id));
    }
  }
  const rolled = events.map((event) =>
    event.glDate < firstOpenDate ? { ...event, glDate: firstOpenDate } : event,
  );
  return { events: rolled, problems };
}

/** A window the configuration layer should have refused; checked again because JDE would reject it. */
export function checkOpenPeriod({ firstOpenDate, lastOpenDate }: OpenPeriod): MappingProblem | null {
  try {
    parseIsoDate(firstOpenDate);
    if (lastOpenDate !== null) parseIsoDate(lastOpenDate);
  } catch (error) {
    return mappingProblem("INVALID_POLICY", `open period: ${(error as Error).message}`);
  }
  if (lastOpenDate !== null && lastOpenDate < firstOpenDate) {
    return mappingProblem(
      "INVALID_POLICY",
      `open period ends (${lastOpenDate}) before it starts (${firstOpenDate})`,
    );
  }
  return null;
}
