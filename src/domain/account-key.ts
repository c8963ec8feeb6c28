import type { AccountRef } from "./journal.js";

/** JDE field widths: MCU (business unit) 12, OBJ 6, SUB 8. */
export const ACCOUNT_KEY_LIMITS = { businessUnit: 12, object: 6, subsidiary: 8 } as const;

export type AccountKeyResult = { ok: true; account: AccountRef } | { ok: false; reason: string };

/**
 * Parses a JDE account key `BU.OBJ[.SUB]` (`"100.4100"`, `"100.1110.BEAR"`) as the configuration
 * writes it. The business unit is kept unpadded; JDE's right-justified 12-char form is an adapter detail.
 */
export function tryParseAccountKey(key: string): AccountKeyResult {
  const parts = key.trim().split(".");
  if (parts.length < 2 || parts.length > 3) {
    return { ok: false, reason: `account key '${key}' is not BU.OBJ[.SUB]` };
  }
  const [businessUnit = "", object = "", subsidiary] = parts;
  const problem =
    checkSegment("business unit", businessUnit, ACCOUNT_KEY_LIMITS.businessUnit, key) ??
    checkSegment("object", object, ACCOUNT_KEY_LIMITS.object, key) ??
    (subsidiary === undefined
      ? undefined
      : checkSegment("subsidiary", subsidiary, ACCOUNT_KEY_LIMITS.subsidiary, key));
  if (problem) return { ok: false, reason: problem };
  return { ok: true, account: { businessUnit, object, subsidiary: subsidiary ?? "" } };
}

/** Like {@link tryParseAccountKey}, for keys already validated (fixtures, checked configuration); throws otherwise. */
export function parseAccountKey(key: string): AccountRef {
  const result = tryParseAccountKey(key);
  if (!result.ok) throw new RangeError(result.reason);
  return result.account;
}

/** Parses a rule's revenue account `OBJ[.SUB]` (`"4120"`, `"4120.BEAR"`); the BU comes from elsewhere. */
export function parseObjectKey(key: string): { object: string; subsidiary: string } {
  const { object, subsidiary } = parseAccountKey(`X.${key}`);
  return { object, subsidiary };
}

function checkSegment(name: string, value: string, maxLength: number, key: string): string | undefined {
  if (value.length === 0) return `account key '${key}' has an empty ${name}`;
  if (value.length > maxLength) {
    return `account key '${key}': ${name} '${value}' is longer than ${maxLength} characters`;
  }
  if (/\s/.test(value)) return `account key '${key}': ${name} '${value}' contains a space`;
  return undefined;
}
