import { type ConnectorError, coerceError } from "../lib/errors/connector-error.js";
import { networkCode } from "./checklist-hints.js";
import type { ChecklistItem, JdeChecklistInput, JdeConnectionFacts } from "./checklist-types.js";

const TITLES = {
  "ais-reachable": "AIS Server reachable",
  "tools-release": "Tools Release and capabilities",
  login: "Login (token request)",
  "session-valid": "Session token valid",
  "journal-orchestration": "Journal orchestration deployed",
  "customer-orchestration": "Customer orchestration deployed",
  "posting-path": "Posting path",
  "ztable-database": "F0911Z1 database access",
  company: "Company in F0010",
  currency: "Currency decimals in F0013",
  "business-units": "Business units belong to the company",
  accounts: "Configured accounts accept postings",
  "open-period": "Open G/L date window",
  logout: "Logout",
} as const;

export type ItemId = keyof typeof TITLES;

/** An item before it is named: what a check found. */
export type Outcome = Omit<ChecklistItem, "id" | "title">;

/** One `connect test` in progress: the input, what it learnt so far, and the items in order. */
export interface Run {
  input: JdeChecklistInput;
  facts: JdeConnectionFacts;
  items: ChecklistItem[];
  add(id: ItemId, outcome: Outcome): void;
  skip(ids: ItemId[], why: string): void;
}

export function startRun(input: JdeChecklistInput): Run {
  const items: ChecklistItem[] = [];
  const add = (id: ItemId, outcome: Outcome) => void items.push({ id, title: TITLES[id], ...outcome });
  return {
    input,
    facts: {},
    items,
    add,
    skip: (ids, why) => {
      for (const id of ids) add(id, skipped(`not run: ${why}`));
    },
  };
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: ConnectorError };

/** Runs one AIS call and returns its failure as a value, so each check can report it as an item. */
export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    // A diagnostic boundary: each failure is reported as an item with its code, never rethrown.
    return { ok: false, error: coerceError(error) };
  }
}

export function ok(detail: string): Outcome {
  return { status: "ok", detail };
}

export function warning(detail: string, hint: string): Outcome {
  return { status: "warning", detail, hint };
}

export function skipped(detail: string): Outcome {
  return { status: "skipped", detail };
}

/** A failed call: its message (with the network code when the message lacks it) and what to do. */
export function failed(error: ConnectorError, hint: string): Outcome {
  const code = networkCode(error);
  const detail = code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  return { status: "failed", detail: `${error.code}: ${detail}`, hint };
}
