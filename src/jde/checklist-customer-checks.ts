import { CUSTOMERS_UNUSED_IN_SUMMARY_MODE } from "../config/syncs-customers.js";
import { dataHint } from "./checklist-hints.js";
import {
  attempt,
  checklistItem,
  failed,
  type Outcome,
  ok,
  type Run,
  skipped,
  warning,
} from "./checklist-run.js";
import type { ChecklistItem } from "./checklist-types.js";
import { describeFailure } from "./checklist-ztable-checks.js";
import { CUSTOMER_Z_WRITTEN_COLUMNS, type CustomerZTable } from "./customers/customer-ztable-rows.js";
import { browseTable, text } from "./data-service.js";
import { assertWritableShape } from "./ztable/encode-row.js";

const CUSTOMER_Z_TABLES: readonly CustomerZTable[] = ["F0101Z2", "F03012Z1", "F01151Z1"];

/**
 * The `customers` item, for a tenant with a `customers` block (docs/customers.md): its write path —
 * the customer orchestration deployed (orchestration path), or F0101Z2, F03012Z1 and F01151Z1 with
 * every column the writer fills (Z-table path, from the catalogue) — and the generic customer's
 * address number in F0101. Reads only.
 */
export async function checkCustomers(run: Run): Promise<void> {
  const customers = run.input.customers;
  if (!customers) return;
  const path = run.facts.postingPath;
  if (!path) return run.add("customers", skipped("not run: the posting path is not known"));
  const writePath = path.method === "orchestration" ? orchestrationPath(run) : await zTablePath(run);
  if (writePath.status !== "ok") return run.add("customers", writePath);
  const generic = await genericCustomer(run, customers.genericAddressNumber);
  if (generic.status !== "ok") return run.add("customers", generic);
  run.add("customers", ok(`${writePath.detail}; ${generic.detail}`));
}

/**
 * The `customers` item of a tenant on `summary: daily`, whose checklist runs without its `customers`
 * block: its daily summaries carry no customer, so no customer is synced and nothing of the customer
 * write path is needed in JDE (docs/customers.md §1).
 */
export function customersNotSyncedInSummaryMode(): ChecklistItem {
  return checklistItem(
    "customers",
    warning(
      CUSTOMERS_UNUSED_IN_SUMMARY_MODE,
      "remove the tenant's customers block, or set summary: none to post each order on its customer's address number",
    ),
  );
}

function orchestrationPath(run: Run): Outcome {
  const name = run.input.posting.customerOrchestration;
  const deployed = run.facts.customerOrchestrationDeployed;
  if (deployed === undefined) {
    return skipped(`not run: whether ${name} is deployed is not known (see the customer orchestration item)`);
  }
  if (deployed) return ok(`customers are written through ${name}`);
  const { username, role } = run.input.connection;
  return {
    status: "failed",
    detail: `the tenant syncs customers, journals take the orchestration path, and ${name} is not deployed`,
    hint: `deploy ${name} (docs/customers.md §3) and share it with ${username} / role ${role}, or remove the tenant's customers block`,
  };
}

/** The three customer Z-tables exist and have every column the writer fills (catalogue reads only). */
async function zTablePath(run: Run): Promise<Outcome> {
  const zTable = run.input.zTable;
  if (!zTable) {
    return {
      status: "failed",
      detail: "customers go to F0101Z2, F03012Z1 and F01151Z1, but no `database` block is configured",
      hint: "add tenants[].jde.database for the JDE business-data database",
    };
  }
  const { database, owner } = zTable;
  for (const table of CUSTOMER_Z_TABLES) {
    const shape = await attempt(async () => {
      const read = await database.columns({ owner, name: table });
      assertWritableShape(read, CUSTOMER_Z_WRITTEN_COLUMNS[table]);
      return read;
    });
    if (!shape.ok) return describeFailure(run, shape, table);
  }
  return ok(
    `${owner}.F0101Z2, ${owner}.F03012Z1 and ${owner}.F01151Z1 have every column the writer fills (R01010Z, R03010Z and the e-mail upload must be scheduled)`,
  );
}

/** `customers.genericAddressNumber` names an F0101 record, of search type C. */
async function genericCustomer(run: Run, addressNumber: string): Promise<Outcome> {
  const { ais, connection } = run.input;
  const conditions = [{ column: "AN8", operator: "EQUAL" as const, values: [addressNumber] }];
  const result = await attempt(() =>
    browseTable(ais, { table: "F0101", columns: ["AN8", "ALPH", "AT1"], conditions }),
  );
  if (!result.ok) return failed(result.error, dataHint(result.error, connection));
  const row = result.value[0];
  if (!row) {
    return {
      status: "failed",
      detail: `the generic customer ${addressNumber} is not in F0101`,
      hint: "set customers.genericAddressNumber to the web customer's address number, or add it in P01012 (search type C)",
    };
  }
  const found = `generic customer ${addressNumber} ${text(row, "ALPH")}`;
  if (text(row, "AT1") !== "C") {
    return warning(
      `${found} has search type ${text(row, "AT1") || "(blank)"}, not C`,
      "orders of guests post their receivable on this address number: give it search type C (customer) in P01012",
    );
  }
  return ok(`${found} (search type C) is in F0101`);
}
