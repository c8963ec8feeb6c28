import type { AisDefaultConfig } from "./ais-client.js";
import { reachabilityHint } from "./checklist-hints.js";
import { type Attempt, attempt, failed, type Outcome, ok, type Run, skipped } from "./checklist-run.js";
import { checkZTableDatabase } from "./checklist-ztable-checks.js";
import {
  choosePostingPath,
  orchestrationExists,
  type PostingPath,
  v3ServicesAvailable,
} from "./describe-posting-path.js";

/** `GET /jderest/discover` (§3.1) for both orchestrations, then the path choice. */
export async function checkOrchestrations(run: Run, config: AisDefaultConfig): Promise<void> {
  const { posting } = run.input;
  let journalExists: boolean | undefined;
  if (posting.method === "ztable") {
    run.add("journal-orchestration", skipped("posting.method is ztable: journals use no orchestration"));
  } else {
    const journal = await attempt(() => orchestrationExists(run.input.ais, posting.orchestration));
    journalExists = journal.ok ? journal.value : undefined;
    const missing = posting.method === "orchestration" ? "failed" : "warning";
    run.add("journal-orchestration", describeDeployed(run, posting.orchestration, journal, missing));
  }
  const customer = await attempt(() => orchestrationExists(run.input.ais, posting.customerOrchestration));
  if (customer.ok) run.facts.customerOrchestrationDeployed = customer.value;
  run.add(
    "customer-orchestration",
    describeDeployed(run, posting.customerOrchestration, customer, "warning"),
  );
  const v3 =
    journalExists === undefined ? undefined : await attempt(() => v3ServicesAvailable(run.input.ais));
  const discovered =
    journalExists === undefined
      ? undefined
      : { config, orchestrationExists: journalExists, v3Available: v3?.ok ? v3.value : true };
  const path = choosePostingPath(run.input.posting, discovered);
  if (!path) return run.add("posting-path", skipped("needs the list of deployed orchestrations"));
  run.facts.postingPath = path;
  run.add("posting-path", describePath(run, path));
  if (path.method === "ztable") await checkZTableDatabase(run);
}

function describeDeployed(
  run: Run,
  name: string,
  result: Attempt<boolean>,
  whenMissing: "failed" | "warning",
): Outcome {
  const { username, role } = run.input.connection;
  if (!result.ok) {
    const refused = result.error.code === "MLC_AIS_CREDENTIALS";
    const hint = `${username} may not use GET /jderest/discover: allow it for role ${role} in Security Workbench (P00950)`;
    return failed(result.error, refused ? hint : reachabilityHint(result.error));
  }
  if (result.value) return ok(`${name} is deployed`);
  const why =
    name === run.input.posting.orchestration
      ? whenMissing === "failed"
        ? "posting.method is orchestration"
        : "posting falls back to the F0911Z1 direct insert"
      : "customers cannot be synced to the Address Book";
  return {
    status: whenMissing,
    detail: `${name} is not deployed: ${why}`,
    hint: `deploy ${name} (Orchestrator Studio) and share it with ${username} / role ${role}; discover lists only what this user may run`,
  };
}

function describePath(run: Run, path: PostingPath): Outcome {
  const posting = run.input.posting;
  if (path.method === "orchestration") return ok(path.reason);
  if (posting.method !== "orchestration") return ok(path.reason);
  return {
    status: "failed",
    detail: `posting.method is orchestration, but ${path.reason}`,
    hint: `deploy ${posting.orchestration}, or set posting.orchestrationVersion when aisVersion carries no Tools Release`,
  };
}
