/** Exact decimal-string ↔ integer-minor-unit conversion. Never binary floating point. */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Parses Shopify's `Decimal` (`"10.0"`, `"127.44"`, `"20"`, `"-3.00"`) into minor units of a currency
 * with `decimals` digits. Refuses a value that has non-zero digits beyond the currency's precision:
 * that would be a silent rounding.
 */
export function parseDecimalToMinor(amount: string, decimals: number): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, fraction = ""] = match;
  const kept = fraction.slice(0, decimals).padEnd(decimals, "0");
  if (/[1-9]/.test(fraction.slice(decimals))) {
    throw new Error(`amount ${amount} has more than ${decimals} decimals`);
  }
  const minor = BigInt(`${whole}${kept}`);
  return sign === "-" ? -minor : minor;
}

/** Formats minor units as a plain signed decimal string (`-12.50`), as AIS expects in display form. */
export function formatMinor(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** ISO 4217 minor-unit exponents for currencies whose decimals differ from 2. */
const NON_TWO_DECIMALS: Record<string, number> = {
  BHD: 3,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

/** The ISO 4217 exponent; JDE's own value (F0013.CVCDEC) overrides it once loaded. */
export function isoCurrencyDecimals(currency: string): number {
  return NON_TWO_DECIMALS[currency.toUpperCase()] ?? 2;
}
