import type { JdeCustomerOutcome, JdeCustomerWrite } from "../../customers/jde-customer-port.js";
import type { ErrorCode } from "../../lib/errors/codes.js";

export type RowFailure = Extract<JdeCustomerOutcome, { ok: false }>;

const ADDRESS_NUMBER = /^\d{1,8}$/;

/**
 * What no JDE path can take, answered for the row alone so the others still go: a change needs the
 * record's address number; an add carries one only where the tenant pre-assigns numbers (the Z-table
 * path's range), since the orchestration reads a given AN8 as "change this record".
 */
export function checkWriteRow(
  row: JdeCustomerWrite,
  path: { preassignedNumbers: boolean },
): RowFailure | undefined {
  const number = row.addressNumber?.trim() ?? "";
  if (row.kind === "change" && number === "") {
    return rowFailure(row.ref, "MLC_JDE_FIELD_INVALID", "a change needs the record's address number (AN8)");
  }
  if (row.kind === "add" && number !== "" && !path.preassignedNumbers) {
    return rowFailure(
      row.ref,
      "MLC_JDE_FIELD_INVALID",
      `an add through the customer orchestration takes its AN8 from JDE Next Numbers; ${number} was given`,
    );
  }
  if (number !== "" && (!ADDRESS_NUMBER.test(number) || Number(number) === 0)) {
    return rowFailure(
      row.ref,
      "MLC_JDE_FIELD_INVALID",
      `AN8 ${JSON.stringify(number)} is not a JDE address number`,
    );
  }
  if (row.record.ALKY.trim() === "") {
    return rowFailure(row.ref, "MLC_JDE_FIELD_INVALID", "the cross-reference (ALKY) is blank");
  }
  return undefined;
}

export function rowFailure(ref: string, code: ErrorCode, description: string): RowFailure {
  return { ref, ok: false, errors: [{ code, description }] };
}
