import { parseDecimalToMinor } from "../domain/money.js";
import type { AisDateFormat } from "./orchestration-input.js";

/** A double holds 15 significant decimal digits exactly; F0911 amounts fit in that. */
const EXACT_DIGITS = 10n ** 15n;

/**
 * An amount as the data service returns it (real decimals, as a JSON number or a string) in minor
 * units, or undefined when it is not an exact decimal with at most `decimals` places. Never rounds:
 * an amount with more decimals than the company currency means the decimals are wrong, and rounding
 * it would hide that.
 */
export function amountToMinor(value: unknown, decimals: number): bigint | undefined {
  // String() of a number is its shortest round-trip form, i.e. the decimal AIS wrote.
  const textValue = typeof value === "number" ? String(value) : typeof value === "string" ? value : undefined;
  if (textValue === undefined) return undefined;
  let minor: bigint;
  try {
    minor = parseDecimalToMinor(textValue, decimals);
  } catch {
    return undefined;
  }
  if (typeof value === "number" && (minor < 0n ? -minor : minor) >= EXACT_DIGITS) return undefined;
  return minor;
}

/**
 * A date column as the data service returns it, as ISO `yyyy-MM-dd`, or undefined when unreadable.
 * AIS has been seen returning `yyyyMMdd` (reference/jde-ais.md §4, the simulator does too); whether
 * it follows the user's display format instead is Unconfirmed, so that form is read when given.
 */
export function aisDateToIso(value: unknown, dateFormat?: AisDateFormat): string | undefined {
  const trimmed = typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
  const compact = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(trimmed);
  if (compact) return validIso(compact[1]!, compact[2]!, compact[3]!);
  const display = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(trimmed);
  if (!display) return undefined;
  if (dateFormat === "MM/dd/yyyy") return validIso(display[3]!, display[1]!, display[2]!);
  if (dateFormat === "dd/MM/yyyy") return validIso(display[3]!, display[2]!, display[1]!);
  return undefined;
}

function validIso(year: string, month: string, day: string): string | undefined {
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}
