import type { CustomerBatchTable } from "./jde-database-tables.js";
import type { JdeTables, NextNumbers } from "./jde-tables.js";
import type { JournalError } from "./journal-errors.js";

/** Mutable state shared by the simulator's services (one instance per simulator). */
export interface SimState {
  tables: JdeTables;
  nextNumbers: NextNumbers;
  managerApprovalOfInput: boolean;
  /** Apply the PBCO/PACO/PYEB G/L date window (current and next period of the company). */
  enforceGlDateWindow: boolean;
  /** P0911Z1-like error list: key `EDUS|EDBT|EDTN` → errors of the last processor attempt. */
  stagingErrors: Map<string, JournalError[]>;
  /** EDTNs the processor will reject once (simulates an MBF edit failing only at processing time). */
  rejectOnProcess: Set<string>;
  /** `control.customers.rejectWhere`: customers the Address Book MBF refuses (orchestration and R01010Z). */
  customerRejections: CustomerRejection[];
  /** `control.customers.rejectBatchRows`: customer batch rows the processors refuse, by table and AN8. */
  customerBatchRejections: CustomerBatchRejection[];
  /** Errors of customer batch rows the processors set to EDSP 'N', by {@link customerBatchKey}. */
  customerBatchErrors: Map<string, JournalError[]>;
  nowMs(): number;
}

export interface CustomerRejection {
  /** Every given field must equal the customer's (alpha name ALPH, cross-reference ALKY). */
  match: { alphaName?: string; alky?: string };
  error: JournalError;
}

export interface CustomerBatchRejection {
  /** Rows of this batch table for this address number (and this `TNAC`, when given). */
  match: { table: CustomerBatchTable; addressNumber: number; action?: "A" | "C" };
  error: JournalError;
}

/** `TABLE|EDUS|EDBT|EDTN|EDLN` of a customer batch row. */
export function customerBatchKey(
  table: string,
  row: { EDUS: string; EDBT: string; EDTN: string; EDLN: number },
): string {
  return [table, row.EDUS, row.EDBT, row.EDTN, row.EDLN].join("|");
}

export function stagingKey(row: { VNEDUS: string; VNEDBT: string; VNEDTN: string }): string {
  return `${row.VNEDUS}|${row.VNEDBT}|${row.VNEDTN}`;
}

/** Allocates the next number of a Next Numbers counter. */
export function takeNextNumber(state: SimState, counter: keyof NextNumbers): number {
  const value = state.nextNumbers[counter];
  state.nextNumbers[counter] = value + 1;
  return value;
}
