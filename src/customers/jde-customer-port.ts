import type { JdeCustomerCandidate } from "./choose-customer.js";
import type { JdeCustomerRecord } from "./jde-customer-record.js";

/** One customer to write in a batch (docs/customers.md §3 and §4). */
export interface JdeCustomerWrite {
  /** The row's number in the batch, echoed in the outcome. */
  ref: string;
  /**
   * `add`: a new Address Book record (AN8 from JDE Next Numbers, or `addressNumber` when the tenant
   * pre-assigns from its range on the Z-table path). `change`: the record `addressNumber`, only the
   * groups in `update` changed; F03012 for the company is added when missing, never changed.
   */
  kind: "add" | "change";
  addressNumber: string | null;
  record: JdeCustomerRecord;
  /** The `UPDATE` list of §3, e.g. `ALPH,MLNM,ADD,EMAL,PH,ALKY`; ignored for `add`. */
  update: string;
}

export type JdeCustomerOutcome =
  | {
      ref: string;
      ok: true;
      /** `null` on the Z-table path without a pre-assigned number: JDE assigns it when R01010Z runs. */
      addressNumber: string | null;
      action: "created" | "updated" | "staged";
    }
  | { ref: string; ok: false; errors: Array<{ code: string; description: string }> };

/**
 * Port: the customer's JDE Address Book and Customer Master, through the customer orchestration or the
 * Z-tables. Every method takes a whole batch: one AIS call (or one database transaction) per call.
 */
export interface JdeCustomerPort {
  /** Which path writes: the orchestration answers AN8s at once; the Z-tables after R01010Z. */
  readonly path: "orchestration" | "ztable";
  /** F0101 records (any search type) whose `ALKY` is one of `keys`. */
  findByCrossReference(keys: readonly string[]): Promise<Map<string, JdeCustomerCandidate[]>>;
  /** F0101 records whose F01151 e-mail (type `E`) is one of `emails` (lower-cased, trimmed). */
  findByEmail(emails: readonly string[]): Promise<Map<string, JdeCustomerCandidate[]>>;
  /** Writes the batch; a row's failure does not fail the others. */
  write(rows: readonly JdeCustomerWrite[]): Promise<JdeCustomerOutcome[]>;
  /**
   * Which of these address numbers F0101 holds (any search type): a range number someone keyed by
   * hand is not used, and a link whose record JDE merged or deleted can be told apart.
   */
  existingAddressNumbers(addressNumbers: readonly string[]): Promise<Set<string>>;
  /**
   * Z-table path only: what R01010Z made of the latest staged add of each cross-reference — still
   * waiting (blank `EDSP`), done (`Y`, with the AN8 JDE assigned) or refused (`N`).
   */
  stagedAdds?(keys: readonly string[]): Promise<Map<string, StagedAdd>>;
  /**
   * Z-table path only: the connector's change rows stamped since `since` that a processor refused
   * (`EDSP` 'N') and that are still the latest row of their kind for their AN8 (F0101Z2 changes,
   * F03012Z1, F01151Z1): JDE does not hold what the connector believes it sent.
   */
  refusedUpdates?(since: Date): Promise<RefusedUpdate[]>;
}

/** The F0101Z2 row a staged add is: its transaction and batch name it in JDE's Work Center. */
export interface StagedTransaction {
  transactionNumber: string; // EDTN
  batchId: string; // EDBT
}

export type StagedAdd =
  /** `addressNumber`: the range number the add carries (`SZAN8`), `null` for JDE Next Numbers. */
  | { state: "waiting"; stagedAt: Date; addressNumber: string | null }
  | { state: "done"; addressNumber: string }
  | ({ state: "refused"; errors: string[] } & StagedTransaction);

/** A refused change row, by its keys (never its values). */
export interface RefusedUpdate extends StagedTransaction {
  table: "F0101Z2" | "F03012Z1" | "F01151Z1";
  addressNumber: string;
  /** The row's audit stamp (`UPMJ`/`UPMT`): when the connector wrote it. */
  stampedAt: Date;
}
