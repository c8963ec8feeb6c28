import type { JdeCustomerWrite } from "../../customers/jde-customer-port.js";
import type { JdeCustomerField } from "../../customers/jde-customer-record.js";

/** One `MLC_CustomerUpsert` customer in display form (docs/customers.md §3). */
export type CustomerInputRow = Record<string, string>;

/** The orchestration's grid name, in both input formats. */
export const CUSTOMERS_INPUT = "Customers";

/** The record's fields in §3's order; nothing else of the record object is sent. */
const FIELDS: readonly JdeCustomerField[] = [
  "ALKY",
  "AT1",
  "MCU",
  "CO",
  "ALPH",
  "MLNM",
  "ADD1",
  "ADD2",
  "CTY1",
  "ADDS",
  "ADDZ",
  "CTR",
  "EMAL",
  "AR1",
  "PH1",
  "PHTP",
  "CRCD",
  "TRAR",
  "ARC",
  "TXA1",
  "EXR1",
  "ACL",
];

/**
 * The §3 row of a write: `REF` the row's number in this call (1, 2, …), `AN8` blank for an add and
 * the record's number for a change, every field of the record, and `UPDATE` (blank for an add).
 */
export function toCustomerInputRow(write: JdeCustomerWrite, ref: string): CustomerInputRow {
  const adding = write.kind === "add";
  return {
    REF: ref,
    AN8: adding ? "" : String(Number(write.addressNumber)),
    ...Object.fromEntries(FIELDS.map((field) => [field, write.record[field]])),
    UPDATE: adding ? "" : write.update,
  };
}

/** v3 Generic input: `{ "Customers": [ {…} ] }` (reference/jde-ais.md §3.2). */
export function toGenericCustomerInput(rows: CustomerInputRow[]): Record<string, unknown> {
  return { [CUSTOMERS_INPUT]: rows };
}

/**
 * v1/v2 JDE Standard input: the same rows as `detailInputs` named `Customers` with `repeatingInputs`
 * (§3.2), as orchestration-input.ts sends the journal's `GridData`, without header inputs.
 */
export function toStandardCustomerInput(rows: CustomerInputRow[]): Record<string, unknown> {
  return {
    detailInputs: [
      {
        name: CUSTOMERS_INPUT,
        repeatingInputs: rows.map((row) => ({
          inputs: Object.entries(row).map(([name, value]) => ({ name, value })),
        })),
      },
    ],
  };
}
