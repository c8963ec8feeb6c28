import { describe, expect, it } from "vitest";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { makePolicy } from "../mapping/test-support/make-policy.js";
import type { AuditEntry, AuditLog, NewAuditEntry } from "./audit-log.js";
import { canonicalJson, ruleVersionOf } from "./rule-version.js";
import { createRuleVersionRecorder } from "./rule-version-recorder.js";

/** The same object with its keys in reverse order at every level, as another config loader might build it. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .reverse()
      .map(([key, inner]) => [key, reversedKeys(inner)]),
  ) as T;
}

describe("rule version", () => {
  const policy = makePolicy({ rules: [{ match: { location: "Reno DC" }, costCenter: "140" }] });

  it("is the SHA-256 of the policy's canonical JSON, whatever the key order", () => {
    expect(ruleVersionOf(policy)).toMatch(/^[0-9a-f]{64}$/);
    expect(ruleVersionOf(reversedKeys(policy))).toBe(ruleVersionOf(policy));
    expect(canonicalJson({ b: 1n, a: [{ d: undefined, c: null }] })).toBe('{"a":[{"c":null}],"b":"1"}');
  });

  it.each<[string, Partial<AccountingPolicy>]>([
    ["a rule's cost center", { rules: [{ match: { location: "Reno DC" }, costCenter: "150" }] }],
    ["the rules' order", { rules: [{ match: { tag: "b2b" } }, ...policy.rules] }],
    [
      "an account",
      { accounts: { ...policy.accounts, shipping: { businessUnit: "100", object: "4310", subsidiary: "" } } },
    ],
    ["the discount treatment", { discounts: "net" }],
  ])("changes with %s", (_what, change) => {
    expect(ruleVersionOf({ ...policy, ...change })).not.toBe(ruleVersionOf(policy));
  });

  it("stays the same when only JDE's open G/L window moves (reference data, not rules)", () => {
    const open = { ...policy, openPeriod: { firstOpenDate: "2026-11-01", lastOpenDate: null } };
    expect(ruleVersionOf(open)).toBe(ruleVersionOf(policy));
  });
});

describe("rule version recorder", () => {
  /** An in-memory audit log with the two methods the recorder uses. */
  function memoryAudit() {
    const entries: AuditEntry[] = [];
    const audit: Pick<AuditLog, "append" | "query"> = {
      append: async (entry: NewAuditEntry) => {
        const stored = {
          id: String(entries.length + 1),
          orderId: null,
          orderName: null,
          webhookId: null,
          documentKey: null,
          batchId: null,
          detail: {},
          ...entry,
        };
        entries.push(stored);
        return stored;
      },
      query: async (filter) =>
        entries
          .filter(
            (e) =>
              e.tenantId === filter.tenantId &&
              e.step === filter.step &&
              Number(e.id) > Number(filter.afterId ?? 0),
          )
          .slice(0, filter.limit),
    };
    return { audit, entries };
  }

  it("records a version's policy once, and again a day after the lineage lost it", async () => {
    let nowMs = Date.UTC(2026, 10, 27);
    const { audit, entries } = memoryAudit();
    const recorder = createRuleVersionRecorder({ audit, clock: { now: () => new Date(nowMs) } });
    const policy = makePolicy();
    await Promise.all([recorder.versionFor("acme", policy), recorder.versionFor("acme", policy)]);
    await recorder.versionFor("acme", policy);
    await recorder.versionFor("globex", policy);
    expect(entries.map((e) => [e.tenantId, e.step, e.detail.ruleVersion])).toEqual([
      ["acme", "rules.version", ruleVersionOf(policy)],
      ["globex", "rules.version", ruleVersionOf(policy)],
    ]);
    expect(entries[0]?.detail.policy).not.toHaveProperty("openPeriod");

    entries.splice(0); // a retention prune deleted the definitions
    await recorder.versionFor("acme", policy);
    expect(entries).toHaveLength(0);
    nowMs += 86_400_000;
    await recorder.versionFor("acme", policy);
    expect(entries.map((e) => e.detail.ruleVersion)).toEqual([ruleVersionOf(policy)]);
  });
});
