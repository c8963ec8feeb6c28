import { chunk } from "../../lib/chunk.js";
import { buildSelect } from "../ztable/dialects/sql-builders.js";
import { MAX_IN_LIST, type SqlDialect } from "../ztable/dialects/sql-dialect.js";
import type { SqlExecutor, TableShape } from "../ztable/jde-database-port.js";
import { readInteger, readText } from "../ztable/read-values.js";

/** F03012Z1 and F01151Z1 rows still waiting for their processor (blank `EDSP`), by address number. */
export interface PendingCustomerRows {
  /** `AN8|CO` of pending F03012Z1 adds. */
  customerMasterAdds: Set<string>;
  /** AN8s with a pending F01151Z1 row (an e-mail add or change). */
  emails: Set<string>;
}

/**
 * Rows an earlier write staged that the processors have not read yet: a second F03012Z1 add for the
 * same company would be refused (the first creates the row), and an e-mail that is being added must
 * be changed, not added again (the processors take adds before changes). Read inside the write's
 * transaction.
 */
export async function readPendingCustomerRows(
  tx: Pick<SqlExecutor, "query">,
  dialect: SqlDialect,
  shapes: { F03012Z1: TableShape; F01151Z1: TableShape },
  addressNumbers: readonly string[],
): Promise<PendingCustomerRows> {
  const pending: PendingCustomerRows = { customerMasterAdds: new Set(), emails: new Set() };
  const numbers = [...new Set(addressNumbers)].map(BigInt);
  for (const part of chunk(numbers, MAX_IN_LIST)) {
    const masters = buildSelect(
      dialect,
      shapes.F03012Z1,
      ["VOAN8", "VOCO", "VOTNAC"],
      [
        { column: "VOAN8", values: part },
        { column: "VOEDSP", values: [""] },
      ],
    );
    for (const row of await tx.query(masters.sql, masters.params)) {
      if (readText(row, "VOTNAC").trim() !== "A") continue;
      pending.customerMasterAdds.add(`${readInteger(row, "VOAN8")}|${readText(row, "VOCO").trim()}`);
    }
    const emails = buildSelect(
      dialect,
      shapes.F01151Z1,
      ["EBAN8"],
      [
        { column: "EBAN8", values: part },
        { column: "EBEDSP", values: [""] },
      ],
    );
    for (const row of await tx.query(emails.sql, emails.params)) {
      pending.emails.add(String(readInteger(row, "EBAN8")));
    }
  }
  return pending;
}
