import type { JdeCustomerCandidate } from "../../customers/choose-customer.js";
import { chunk } from "../../lib/chunk.js";
import type { AisClient } from "../ais-client.js";
import { type BrowseCondition, type BrowseRow, browseTable, text } from "../data-service.js";

/** Values per data-service LIST: one BROWSE answers a whole batch of 50–100 customers. */
export const LOOKUP_LIST_SIZE = 100;

/** The e-mail type, who's-who line and sequence the connector's e-mail lives at (docs/customers.md §2). */
export const EMAIL_TYPE = "E";

export interface CustomerLookupOptions {
  /** `maxPageSize` of each BROWSE (default 1000); a larger answer is read with `moreRecords`. */
  pageSize?: number;
}

/** The F03012 and F01151 rows a change needs to know about, by address number. */
export interface CustomerMasterFacts {
  /** Address numbers with an F03012 row for the company. */
  withCompany: Set<string>;
  /** Address numbers with an F01151 row at who's-who line 0, sequence 1. */
  withEmail: Set<string>;
}

/**
 * The customer look-ups of docs/customers.md §3 through the AIS data service (reference/jde-ais.md §4):
 * BROWSE with a `LIST` condition of at most {@link LOOKUP_LIST_SIZE} literals, so a batch costs one
 * call per table per 100 keys (more only when a page overflows). Both customer paths use them: the
 * Z-table tenant reads its reference data through AIS too, and the simulator's database stand-in
 * holds only what R01010Z wrote, not the seeded or orchestration-made records.
 */
export function createCustomerLookups(ais: Pick<AisClient, "call">, options: CustomerLookupOptions = {}) {
  const pageSize = options.pageSize ?? 1000;
  return { findByCrossReference, findByEmail, existingAddressNumbers, customerMasterFacts };

  /** F0101 by `ALKY` (exact): every record carrying one of `keys`, whatever its search type. */
  async function findByCrossReference(keys: readonly string[]): Promise<Map<string, JdeCustomerCandidate[]>> {
    const wanted = distinct(keys);
    const rows = await browseInLists("F0101", ["AN8", "ALKY", "AT1"], "ALKY", wanted);
    return groupBy(wanted, rows, (row) => text(row, "ALKY"), toCandidate);
  }

  /**
   * F01151 by `EMAL` (exact, case-sensitive: the connector lower-cases) with `ETP` `E`, then the F0101
   * records of the address numbers found, for their search type and cross-reference.
   */
  async function findByEmail(emails: readonly string[]): Promise<Map<string, JdeCustomerCandidate[]>> {
    const wanted = distinct(emails);
    const equalType: BrowseCondition = { column: "ETP", operator: "EQUAL", values: [EMAIL_TYPE] };
    const emailRows = await browseInLists("F01151", ["AN8", "EMAL", "ETP"], "EMAL", wanted, [equalType]);
    const addressNumbers = distinct(emailRows.map((row) => addressNumberOf(row)).filter(isNumber));
    const records = await browseInLists("F0101", ["AN8", "ALKY", "AT1"], "AN8", addressNumbers);
    const byAddressNumber = new Map(records.map((row) => [addressNumberOf(row), toCandidate(row)]));
    return groupBy(
      wanted,
      emailRows,
      (row) => text(row, "EMAL"),
      (row) => byAddressNumber.get(addressNumberOf(row)),
    );
  }

  /** F0101 by `AN8`: which of these address numbers have a record (any search type). */
  async function existingAddressNumbers(addressNumbers: readonly string[]): Promise<Set<string>> {
    const wanted = distinct(addressNumbers.map(asAddressNumber)).filter(isNumber);
    const asked = new Set(wanted);
    const rows = await browseInLists("F0101", ["AN8"], "AN8", wanted);
    return new Set(rows.map(addressNumberOf).filter((found) => asked.has(found)));
  }

  /**
   * For changes on the Z-table path: which address numbers already have the company's F03012 row, and
   * which have the e-mail row in F01151 (`emailsOf`: only those whose e-mail is to be written).
   */
  async function customerMasterFacts(input: {
    company: string;
    addressNumbers: readonly string[];
    emailsOf: readonly string[];
  }): Promise<CustomerMasterFacts> {
    const company: BrowseCondition = { column: "CO", operator: "EQUAL", values: [input.company] };
    const masters = await browseInLists("F03012", ["AN8", "CO"], "AN8", distinct(input.addressNumbers), [
      company,
    ]);
    const line = [
      { column: "IDLN", operator: "EQUAL", values: ["0"] },
      { column: "RCK7", operator: "EQUAL", values: ["1"] },
    ] satisfies BrowseCondition[];
    const emails = await browseInLists(
      "F01151",
      ["AN8", "IDLN", "RCK7"],
      "AN8",
      distinct(input.emailsOf),
      line,
    );
    return {
      withCompany: new Set(masters.map(addressNumberOf)),
      withEmail: new Set(emails.map(addressNumberOf)),
    };
  }

  /** One BROWSE per {@link LOOKUP_LIST_SIZE} values; none when there is nothing to look for. */
  async function browseInLists(
    table: string,
    columns: string[],
    listColumn: string,
    values: string[],
    extra: BrowseCondition[] = [],
  ): Promise<BrowseRow[]> {
    const rows: BrowseRow[] = [];
    for (const part of chunk(values, LOOKUP_LIST_SIZE)) {
      const list: BrowseCondition = { column: listColumn, operator: "LIST", values: part };
      rows.push(...(await browseTable(ais, { table, columns, conditions: [list, ...extra], pageSize })));
    }
    return rows;
  }
}

export type CustomerLookups = ReturnType<typeof createCustomerLookups>;

function toCandidate(row: BrowseRow): JdeCustomerCandidate {
  return {
    addressNumber: addressNumberOf(row),
    searchType: text(row, "AT1"),
    crossReference: text(row, "ALKY"),
  };
}

/** AN8 as the connector keeps it: digits without leading zeros ("" when absent). */
function addressNumberOf(row: BrowseRow): string {
  return asAddressNumber(text(row, "AN8"));
}

/** "00123" and " 123" ask for record 123, as the connector keeps it. */
function asAddressNumber(value: string): string {
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) ? String(Number(trimmed)) : trimmed;
}

function isNumber(value: string): boolean {
  return /^[1-9]\d*$/.test(value);
}

/** Every asked key gets an entry (possibly empty); a row only counts under a key it equals exactly. */
function groupBy(
  wanted: string[],
  rows: BrowseRow[],
  keyOf: (row: BrowseRow) => string,
  candidateOf: (row: BrowseRow) => JdeCustomerCandidate | undefined,
): Map<string, JdeCustomerCandidate[]> {
  const found = new Map<string, JdeCustomerCandidate[]>(wanted.map((key) => [key, []]));
  for (const row of rows) {
    const list = found.get(keyOf(row));
    const candidate = candidateOf(row);
    if (!list || !candidate) continue;
    if (!list.some((known) => known.addressNumber === candidate.addressNumber)) list.push(candidate);
  }
  return found;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value.trim() !== ""))];
}
