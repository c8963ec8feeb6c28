import { type Attempt, attempt, failed, type Outcome, ok, type Run } from "./checklist-run.js";
import { assertWritableShape } from "./ztable/encode-row.js";
import { F0911Z1_WRITTEN_COLUMNS } from "./ztable/f0911z1-rows.js";
import type { TableShape } from "./ztable/jde-database-port.js";

/**
 * The Z-table path's database: F0911Z1 exists and has every column the writer fills (read from the
 * catalogue, as the writer does), and F0911 and F0011 are visible for the read-back. Reads only.
 */
export async function checkZTableDatabase(run: Run): Promise<void> {
  const zTable = run.input.zTable;
  if (!zTable) {
    run.add("ztable-database", {
      status: "failed",
      detail: "the posting path is the F0911Z1 direct insert, but no `database` block is configured",
      hint: "add tenants[].jde.database (dialect, host, service or database, user, password, owner) for the JDE business-data database",
    });
    return;
  }
  const { database, owner } = zTable;
  const staging = await attempt(async () => {
    const shape = await database.columns({ owner, name: "F0911Z1" });
    assertWritableShape(shape, F0911Z1_WRITTEN_COLUMNS);
    return shape;
  });
  if (!staging.ok) return run.add("ztable-database", describeFailure(run, staging, "F0911Z1"));
  for (const table of ["F0911", "F0011"] as const) {
    const readable = await attempt(() => database.columns({ owner, name: table }));
    if (!readable.ok) return run.add("ztable-database", describeFailure(run, readable, table));
  }
  run.add(
    "ztable-database",
    ok(
      `${database.dialect.name} ${owner}.F0911Z1 has ${staging.value.columns.length} columns, every one the writer fills; ${owner}.F0911 and ${owner}.F0011 are readable`,
    ),
  );
}

/** A failed catalogue read or shape check of `table`, with what to grant or configure. */
export function describeFailure(run: Run, result: Attempt<TableShape>, table: string): Outcome {
  if (result.ok) throw new Error("not a failure");
  const owner = run.input.zTable?.owner ?? "";
  const error = result.error;
  if (error.code === "MLC_JDE_DATABASE_UNAVAILABLE") {
    return failed(
      error,
      "the JDE database did not answer: check database.host/port (or url), the service or database name, the firewall, and that the listener runs",
    );
  }
  if (error.code === "MLC_JDE_TABLE_UNSUPPORTED") {
    return failed(
      error,
      `${owner}.${table} is missing or lacks columns the writer fills: check database.owner (PRODDTA in production, CRPDTA in CRP) and the table's release level`,
    );
  }
  return failed(
    error,
    `grant the database user SELECT on ${owner}.${table}${/Z\d$/.test(table) ? " and INSERT on it" : ""}, and read access to the catalogue (ALL_TAB_COLUMNS / INFORMATION_SCHEMA.COLUMNS)`,
  );
}
