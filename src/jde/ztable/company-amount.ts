import { ConnectorError } from "../../lib/errors/connector-error.js";

/** JDE `AA` is N15: at most 15 digits with the implied decimals included. */
export const MAX_AMOUNT = 999_999_999_999_999n;

/**
 * Re-scales minor units from the document's decimals to the company currency's (F0013.CVCDEC), in
 * integers: 12.34 USD at 2 decimals is 1234, at 3 it is 12340. Refuses a value that would lose digits.
 */
export function toCompanyAmount(amountMinor: bigint, fromDecimals: number, toDecimals: number): bigint {
  const shift = toDecimals - fromDecimals;
  const scaled =
    shift >= 0
      ? amountMinor * 10n ** BigInt(shift)
      : exactDivide(amountMinor, 10n ** BigInt(-shift), toDecimals);
  if (scaled > MAX_AMOUNT || scaled < -MAX_AMOUNT) {
    throw new ConnectorError("MLC_JDE_FIELD_INVALID", `amount ${scaled} exceeds JDE's 15-digit AA`, {
      detail: { amountMinor: String(amountMinor) },
    });
  }
  return scaled;
}

function exactDivide(amount: bigint, divisor: bigint, toDecimals: number): bigint {
  if (amount % divisor !== 0n) {
    throw new ConnectorError(
      "MLC_CURRENCY_MISMATCH",
      `amount ${amount} cannot be written with the company currency's ${toDecimals} decimals without rounding`,
      { detail: { amountMinor: String(amount), decimals: toDecimals } },
    );
  }
  return amount / divisor;
}
