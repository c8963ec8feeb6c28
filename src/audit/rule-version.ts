import { createHash } from "node:crypto";
import type { AccountingPolicy } from "../domain/accounting-policy.js";

/**
 * The policy as versioned: everything the mapping applies from the tenant's configuration. The open
 * G/L window is left out: it is JDE reference data refreshed every few minutes, not a rule, and a
 * document that was moved out of a closed period says so itself (`originalGlDates`).
 */
export function versionedPolicy(policy: AccountingPolicy): Omit<AccountingPolicy, "openPeriod"> {
  const { openPeriod: _openPeriod, ...rules } = policy;
  return rules;
}

const versions = new WeakMap<AccountingPolicy, string>();

/**
 * A stable name of the rules an order was mapped with: SHA-256 (hex) of the canonical JSON of
 * `versionedPolicy` — keys sorted at every level, so the same rules always give the same version
 * however the configuration was written or loaded. Memoised per policy object (a tenant keeps one
 * until its reference data is refreshed).
 */
export function ruleVersionOf(policy: AccountingPolicy): string {
  let version = versions.get(policy);
  if (version === undefined) {
    version = createHash("sha256")
      .update(canonicalJson(versionedPolicy(policy)))
      .digest("hex");
    versions.set(policy, version);
  }
  return version;
}

/**
 * JSON with object keys sorted, `undefined` members dropped (as JSON.stringify does) and bigint as
 * decimal strings. Array order is kept: rule order matters (first match wins).
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  const members = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${members.join(",")}}`;
}
