import type { JdeCustomerCandidate } from "../choose-customer.js";
import type {
  JdeCustomerOutcome,
  JdeCustomerPort,
  JdeCustomerWrite,
  StagedAdd,
} from "../jde-customer-port.js";
import type { JdeCustomerRecord } from "../jde-customer-record.js";

/** An Address Book record as the double keeps it: F0101, F01151 (type E) and the F03012 companies. */
export interface MemoryJdeCustomer {
  addressNumber: string;
  searchType: string;
  crossReference: string;
  /** F01151 e-mail, "" when the record has none. */
  email: string;
  /** The values last written (F0101, F0116, F0115). */
  fields: Partial<JdeCustomerRecord>;
  /** Companies with an F03012 row. */
  companies: Set<string>;
}

type Errors = Array<{ code: string; description: string }>;

/** docs/customers.md §3: the fields each `UPDATE` group changes. */
const UPDATE_FIELDS: Record<string, readonly (keyof JdeCustomerRecord)[]> = {
  ALPH: ["ALPH"],
  MLNM: ["MLNM"],
  ADD: ["ADD1", "ADD2", "CTY1", "ADDS", "ADDZ", "CTR"],
  EMAL: ["EMAL"],
  PH: ["AR1", "PH1", "PHTP"],
  ALKY: ["ALKY"],
};

/**
 * A small in-memory JDE behind JdeCustomerPort, faithful to docs/customers.md §3–§4. Orchestration:
 * each row applied (or refused) at once, AN8 from Next Numbers. Z-table: the batch is staged, nothing
 * is in F0101 until `runProcessor()` (R01010Z); a link-later add gets its AN8 then, without F01151 or
 * F03012 (they need the AN8); a range add brings both. Counts every call.
 */
export function createMemoryJdeCustomers(
  options: {
    path?: "orchestration" | "ztable";
    firstAddressNumber?: number;
    /** JDE's edits: errors for a row it refuses, else null. */
    refuse?: (row: JdeCustomerWrite) => Errors | null;
  } = {},
) {
  const path = options.path ?? "orchestration";
  const records = new Map<string, MemoryJdeCustomer>();
  const staged: Array<{ row: JdeCustomerWrite; state: StagedAdd | { state: "applied" } }> = [];
  const calls = { findByCrossReference: 0, findByEmail: 0, write: 0, stagedAdds: 0 };
  const writes: JdeCustomerWrite[][] = [];
  let nextNumber = options.firstAddressNumber ?? 9001;
  let failure: Error | undefined;

  const port: JdeCustomerPort = {
    path,
    async findByCrossReference(keys) {
      enter("findByCrossReference");
      return group(keys, (record) => record.crossReference);
    },
    async findByEmail(emails) {
      enter("findByEmail");
      return group(emails, (record) => record.email);
    },
    async write(rows) {
      enter("write");
      writes.push(rows.map((row) => ({ ...row })));
      return rows.map((row) => (path === "orchestration" ? upsert(row) : stage(row)));
    },
    ...(path === "ztable"
      ? {
          async stagedAdds(keys: readonly string[]) {
            enter("stagedAdds");
            const found = new Map<string, StagedAdd>();
            for (const { row, state } of staged) {
              if (row.kind === "add" && keys.includes(row.record.ALKY) && state.state !== "applied")
                found.set(row.record.ALKY, state);
            }
            return found;
          },
        }
      : {}),
  };

  return {
    port,
    calls,
    /** Every batch written, in order. */
    writes,
    record: (addressNumber: string) => records.get(addressNumber),
    records: () => [...records.values()],
    /** A record that exists in JDE before the test (another system's, or this connector's earlier). */
    seed(record: Omit<MemoryJdeCustomer, "companies" | "fields"> & Partial<MemoryJdeCustomer>) {
      records.set(record.addressNumber, { fields: {}, companies: new Set(), ...record });
    },
    /** The next call throws this (AIS down). */
    failNextCall(error: Error) {
      failure = error;
    },
    /** R01010Z (and R03010Z): processes every staged row. */
    runProcessor() {
      for (const entry of staged) {
        if (entry.state.state !== "waiting") continue;
        const refused = options.refuse?.(entry.row);
        if (refused) {
          entry.state = { state: "refused", errors: refused.map((e) => `${e.code} ${e.description}`) };
          continue;
        }
        const linkLater = entry.row.kind === "add" && entry.row.addressNumber === null;
        const addressNumber = apply(entry.row, { withEmailAndMaster: !linkLater });
        entry.state = entry.row.kind === "add" ? { state: "done", addressNumber } : { state: "applied" };
      }
    },
  };

  function enter(method: keyof typeof calls): void {
    calls[method] += 1;
    const error = failure;
    failure = undefined;
    if (error) throw error;
  }

  function group(keys: readonly string[], by: (record: MemoryJdeCustomer) => string) {
    const found = new Map<string, JdeCustomerCandidate[]>();
    for (const record of records.values()) {
      const key = by(record);
      if (key === "" || !keys.includes(key)) continue;
      const { addressNumber, searchType, crossReference } = record;
      found.set(key, [...(found.get(key) ?? []), { addressNumber, searchType, crossReference }]);
    }
    return found;
  }

  function upsert(row: JdeCustomerWrite): JdeCustomerOutcome {
    const errors = options.refuse?.(row) ?? invalidAddressNumber(row);
    if (errors) return { ref: row.ref, ok: false, errors };
    const addressNumber = apply(row, { withEmailAndMaster: true });
    return { ref: row.ref, ok: true, addressNumber, action: row.kind === "add" ? "created" : "updated" };
  }

  function stage(row: JdeCustomerWrite): JdeCustomerOutcome {
    staged.push({ row, state: { state: "waiting", stagedAt: new Date(0) } });
    return { ref: row.ref, ok: true, addressNumber: row.addressNumber, action: "staged" };
  }

  function invalidAddressNumber(row: JdeCustomerWrite): Errors | null {
    if (row.kind === "add" || records.has(row.addressNumber ?? "")) return null;
    return [{ code: "0002", description: `Address Number ${row.addressNumber} invalid` }];
  }

  /** Adds a record (Next Numbers unless the AN8 is given) or changes the UPDATE groups of one. */
  function apply(row: JdeCustomerWrite, how: { withEmailAndMaster: boolean }): string {
    const { record } = row;
    if (row.kind === "add") {
      const addressNumber = row.addressNumber ?? String(nextNumber++);
      records.set(addressNumber, {
        addressNumber,
        searchType: record.AT1,
        crossReference: record.ALKY,
        email: how.withEmailAndMaster ? record.EMAL : "",
        fields: { ...record, ...(how.withEmailAndMaster ? {} : { EMAL: "" }) },
        companies: new Set(how.withEmailAndMaster ? [record.CO] : []),
      });
      return addressNumber;
    }
    const target = records.get(row.addressNumber ?? "");
    if (!target) return row.addressNumber ?? "";
    for (const group of row.update.split(",").filter((name) => name !== "")) {
      for (const field of UPDATE_FIELDS[group] ?? []) target.fields[field] = record[field];
      if (group === "EMAL") target.email = record.EMAL;
      if (group === "ALKY") target.crossReference = record.ALKY;
    }
    target.companies.add(record.CO);
    return target.addressNumber;
  }
}
