import { checkCustomers } from "./checklist-customer-checks.js";
import { checkOrchestrations } from "./checklist-posting-checks.js";
import { checkReferenceData, REFERENCE_ITEMS } from "./checklist-reference-checks.js";
import { type ItemId, ok, type Run, skipped, startRun } from "./checklist-run.js";
import {
  checkLogin,
  checkReachable,
  checkSession,
  describeToolsRelease,
} from "./checklist-session-checks.js";
import type { JdeChecklist, JdeChecklistInput } from "./checklist-types.js";

export type {
  ChecklistItem,
  ChecklistStatus,
  ConfiguredAccount,
  JdeChecklist,
  JdeChecklistInput,
  JdeConnectionFacts,
} from "./checklist-types.js";

const SESSION_ITEMS: ItemId[] = [
  "journal-orchestration",
  "customer-orchestration",
  "posting-path",
  ...REFERENCE_ITEMS,
];

/**
 * `connect test` for JDE: each step of DESIGN.md §3 ("Path choice", "AIS session") in the order the
 * connector takes it at start-up. Reads only — defaultconfig, token, discover, data-service BROWSE;
 * nothing is posted or written. A step that cannot run after an earlier failure is `skipped`; the
 * session is logged out whenever one was opened. Every AIS error becomes an item, never a throw.
 */
export async function runJdeChecklist(input: JdeChecklistInput): Promise<JdeChecklist> {
  const run = startRun(input);
  try {
    await checkAll(run);
  } finally {
    if (input.ais.hasSession()) {
      await input.ais.logout(); // best effort inside the client: it never throws
      run.add("logout", ok("POST /jderest/v2/tokenrequest/logout sent; the token is discarded"));
    } else {
      run.add("logout", skipped("no session was opened"));
    }
  }
  return { items: run.items, facts: run.facts };
}

async function checkAll(run: Run): Promise<void> {
  // The customers item exists only for a tenant with a `customers` block.
  const sessionItems: ItemId[] = run.input.customers ? [...SESSION_ITEMS, "customers"] : SESSION_ITEMS;
  const config = await checkReachable(run);
  if (!config)
    return run.skip(["tools-release", "login", "session-valid", ...sessionItems], "AIS is not reachable");
  run.add("tools-release", describeToolsRelease(run, config));
  if (!(await checkLogin(run))) return run.skip(["session-valid", ...sessionItems], "the login failed");
  if (!(await checkSession(run))) return run.skip(sessionItems, "AIS does not accept the token it issued");
  await checkOrchestrations(run, config);
  await checkReferenceData(run);
  await checkCustomers(run);
}
