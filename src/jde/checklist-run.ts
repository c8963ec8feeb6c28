import { type ChecklistItem, type Outcome, skipped } from "../lib/checklist.js";
import type { JdeChecklistInput, JdeConnectionFacts } from "./checklist-types.js";

export { type Attempt, attempt, failed, type Outcome, ok, skipped, warning } from "../lib/checklist.js";

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
  customers: "Customers: write path and generic customer",
  logout: "Logout",
} as const;

export type ItemId = keyof typeof TITLES;

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
  const add = (id: ItemId, outcome: Outcome) => void items.push(checklistItem(id, outcome));
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

/** The item `id` with its title and `outcome`. */
export function checklistItem(id: ItemId, outcome: Outcome): ChecklistItem {
  return { id, title: TITLES[id], ...outcome };
}
