import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { AuditLog } from "./audit-log.js";
import { ruleVersionOf, versionedPolicy } from "./rule-version.js";

export const RULES_VERSION_STEP = "rules.version";

/** How long a version found in the lineage is trusted before it is looked for again (see below). */
const RECHECK_MS = 86_400_000;
const PAGE = 500;

/**
 * Names the rules an order is mapped with, and makes sure the lineage can say what they were: the
 * first time a tenant's version is applied, a `rules.version` entry records the whole versioned
 * policy (accounts, rules, options; no secrets or personal data live there). A version found is
 * looked for again after a day, so the daily retention prune, which may delete the definition of a
 * version still in use years later, is followed by a fresh copy.
 */
export function createRuleVersionRecorder(deps: {
  audit: Pick<AuditLog, "append" | "query">;
  clock: { now(): Date };
}) {
  const checkedAt = new Map<string, number>();
  const inFlight = new Map<string, Promise<void>>();
  return { versionFor };

  async function versionFor(tenantId: string, policy: AccountingPolicy): Promise<string> {
    const version = ruleVersionOf(policy);
    const key = `${tenantId}|${version}`;
    const last = checkedAt.get(key);
    if (last !== undefined && deps.clock.now().getTime() - last < RECHECK_MS) return version;
    // Concurrent jobs of one tenant share the look-up, so a new version is recorded once.
    let pending = inFlight.get(key);
    if (!pending) {
      pending = ensureRecorded(tenantId, version, policy).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    await pending;
    return version;
  }

  async function ensureRecorded(tenantId: string, version: string, policy: AccountingPolicy) {
    if (!(await isRecorded(tenantId, version)))
      await deps.audit.append({
        tenantId,
        step: RULES_VERSION_STEP,
        at: deps.clock.now(),
        detail: { ruleVersion: version, policy: versionedPolicy(policy) },
      });
    checkedAt.set(`${tenantId}|${version}`, deps.clock.now().getTime());
  }

  async function isRecorded(tenantId: string, version: string): Promise<boolean> {
    let afterId: string | undefined;
    for (;;) {
      const page = await deps.audit.query({
        tenantId,
        step: RULES_VERSION_STEP,
        limit: PAGE,
        ...(afterId ? { afterId } : {}),
      });
      if (page.some((entry) => entry.detail.ruleVersion === version)) return true;
      if (page.length < PAGE) return false;
      afterId = page[page.length - 1]!.id;
    }
  }
}

export type RuleVersionRecorder = ReturnType<typeof createRuleVersionRecorder>;
