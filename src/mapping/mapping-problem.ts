import type { JournalLine } from "../domain/journal.js";

/** Why an order cannot be mapped. The order is parked with every problem at once, never half-posted. */
export type MappingProblemCode =
  | "UNMAPPED_ACCOUNT" // a gateway, tax title… has no account and the map has no `default`
  | "UNKNOWN_SALE_TYPE" // a Sale whose lineType the connector does not know
  | "CURRENCY_MISMATCH" // shop currency ≠ JDE company currency
  | "UNBALANCED" // a document does not net to zero (a bug guard; never expected)
  | "INCONSISTENT_SALE" // a Sale's parts disagree (tax lines ≠ total tax)
  | "UNKNOWN_LINE_ITEM" // a product Sale names a line item the snapshot does not have
  | "INVALID_DATE" // an event time that is not an ISO-8601 instant
  | "INVALID_POLICY" // unknown timezone, bad rule, unsupported option
  | "PERIOD_NOT_OPEN" // an event dated after JDE's last open date
  | "UNSUPPORTED_POLICY"; // an option this version does not implement yet

export interface MappingProblem {
  code: MappingProblemCode;
  message: string; // for the operator: names the value and what is missing
  eventId?: string;
}

/** What a component mapper returns: lines for one sale or payment, or the problems that stop it. */
export interface MappedLines {
  lines: JournalLine[];
  problems: MappingProblem[];
}

export function mappingProblem(code: MappingProblemCode, message: string, eventId?: string): MappingProblem {
  return eventId === undefined ? { code, message } : { code, message, eventId };
}

export function combineMapped(parts: readonly MappedLines[]): MappedLines {
  return {
    lines: parts.flatMap((part) => part.lines),
    problems: parts.flatMap((part) => part.problems),
  };
}
