/** One customer of an `MLC_CustomerUpsert` call in display form (keys REF, AN8, ALKY, ALPH, …, UPDATE). */
export type CustomerInputRow = Record<string, string>;

export type ParsedCustomers = { ok: true; rows: CustomerInputRow[] } | { ok: false; message: string };

const ARRAY_NAME = "Customers";

/**
 * The orchestration's input: Generic (v3) `{ "Customers": [ {...} ] }` (docs/customers.md §3), or JDE
 * Standard (v1/v2) `{ detailInputs: [{ name: "Customers", repeatingInputs: [{ inputs: [{name, value}] }] }] }`.
 * Numbers are accepted as values and read as their text.
 */
export function parseCustomerInput(body: unknown): ParsedCustomers {
  if (!isRecord(body)) return { ok: false, message: "Orchestration input must be a JSON object" };
  if (Array.isArray(body[ARRAY_NAME])) {
    const rows: CustomerInputRow[] = [];
    for (const item of body[ARRAY_NAME]) {
      if (!isRecord(item)) return { ok: false, message: `${ARRAY_NAME} entries must be objects` };
      rows.push(toStrings(Object.entries(item)));
    }
    return { ok: true, rows };
  }
  const detail = Array.isArray(body.detailInputs)
    ? body.detailInputs.find((d) => isRecord(d) && d.name === ARRAY_NAME)
    : undefined;
  if (!isRecord(detail) || !Array.isArray(detail.repeatingInputs)) {
    return { ok: false, message: `Orchestration input ${ARRAY_NAME} is missing or not an array` };
  }
  const rows: CustomerInputRow[] = [];
  for (const repeating of detail.repeatingInputs) {
    if (!isRecord(repeating) || !Array.isArray(repeating.inputs)) {
      return { ok: false, message: "each repeatingInputs entry needs an inputs array" };
    }
    rows.push(
      toStrings(repeating.inputs.filter(isRecord).map((i): [string, unknown] => [String(i.name), i.value])),
    );
  }
  return { ok: true, rows };
}

function toStrings(entries: [string, unknown][]): CustomerInputRow {
  const row: CustomerInputRow = {};
  for (const [key, value] of entries) {
    if (value === null || value === undefined) row[key] = "";
    else row[key] = typeof value === "string" ? value : String(value);
  }
  return row;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
