/** Integer minor-unit arithmetic and Shopify's decimal-string renderings. */

const THREE_DECIMALS = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);
const ZERO_DECIMALS = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
]);

export function currencyDecimals(currency: string): number {
  if (ZERO_DECIMALS.has(currency)) return 0;
  if (THREE_DECIMALS.has(currency)) return 3;
  return 2;
}

/** Fixed scale, as REST prints money: "10.00", "2000", "1.500". */
export function formatFixed(minor: number, decimals: number): string {
  const negative = minor < 0;
  const digits = Math.abs(minor)
    .toString()
    .padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? "-" : ""}${whole}${decimals > 0 ? `.${fraction}` : ""}`;
}

/** Variable scale, as GraphQL's Decimal prints: "10.0", "127.44", "127.4", "2000.0". */
export function formatDecimal(minor: number, decimals: number): string {
  const fixed = formatFixed(minor, decimals);
  if (decimals === 0) return `${fixed}.0`;
  const trimmed = fixed.replace(/0+$/, "");
  return trimmed.endsWith(".") ? `${trimmed}0` : trimmed;
}

/** round(a × b / c) half away from zero, exact in integers (operands stay below 2^53). */
export function mulDivRound(a: number, b: number, c: number): number {
  const product = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  const negative = product < 0n !== divisor < 0n;
  const abs = (product < 0n ? -product : product) * 2n + (divisor < 0n ? -divisor : divisor);
  const q = abs / (2n * (divisor < 0n ? -divisor : divisor));
  return Number(negative ? -q : q);
}

/** Tax on a tax-exclusive base, rounded per line. */
export function taxExclusive(baseMinor: number, ratePpm: number): number {
  return mulDivRound(baseMinor, ratePpm, 1_000_000);
}

/** Tax contained in a tax-inclusive amount: base × r / (1 + r). */
export function taxInclusive(grossMinor: number, ratePpm: number): number {
  return mulDivRound(grossMinor, ratePpm, 1_000_000 + ratePpm);
}

/**
 * Split `totalMinor` over `weights` pro rata; floors first, then hands the remaining units to the
 * largest fractional remainders (ties → lower index). Σ result = totalMinor exactly.
 */
export function allocate(totalMinor: number, weights: number[]): number[] {
  const weightSum = weights.reduce((s, w) => s + w, 0);
  if (weightSum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => {
    const exact = BigInt(totalMinor) * BigInt(w);
    return { floor: Number(exact / BigInt(weightSum)), rest: Number(exact % BigInt(weightSum)) };
  });
  let remaining = totalMinor - shares.reduce((s, x) => s + x.floor, 0);
  const order = shares.map((_, i) => i).sort((a, b) => shares[b]!.rest - shares[a]!.rest || a - b);
  const result = shares.map((s) => s.floor);
  for (const i of order) {
    if (remaining <= 0) break;
    result[i]! += 1;
    remaining -= 1;
  }
  return result;
}

/** Share of a line component for units [doneQty, doneQty+qty) of totalQty, telescoping so the last unit takes the rest. */
export function unitShare(componentMinor: number, doneQty: number, qty: number, totalQty: number): number {
  return (
    mulDivRound(componentMinor, doneQty + qty, totalQty) - mulDivRound(componentMinor, doneQty, totalQty)
  );
}

export function ppmToRate(ppm: number): number {
  return ppm / 1_000_000;
}
