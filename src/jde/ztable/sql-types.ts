/** Values and catalogue shapes shared by the port, the dialects and the writer. */

/**
 * A bind value. Text is bound as given (already blank-padded by the writer); every JDE numeric column
 * (Julian dates, implied-decimal amounts, line numbers) is an integer, carried as `bigint` so no value
 * ever passes through a float on our side. `NULL` does not exist here: JDE columns are NOT NULL.
 */
export type SqlValue = string | bigint;

/** A result row; adapters upper-case the column names (PostgreSQL folds unquoted names to lower case). */
export type SqlRow = Record<string, unknown>;

export interface SqlStatement {
  sql: string;
  params: SqlValue[];
}

/** A JDE table: `owner` is the Oracle owner / SQL Server or PostgreSQL schema (ignored on SQLite). */
export interface TableRef {
  owner: string;
  name: string;
}

/** One column of the customer's table, as its catalogue describes it. */
export interface TableColumn {
  /** As stored in the catalogue (`VNEDUS` on Oracle, `vnedus` for a PostgreSQL stand-in). */
  name: string;
  kind: "char" | "number" | "other";
  /** Characters, for `char` columns whose catalogue states a length. */
  length: number | undefined;
  dataType: string;
  nullable: boolean;
}

/** A table as found in the catalogue: its stored owner and name, and every column in order. */
export interface TableShape {
  owner: string;
  table: string;
  columns: TableColumn[];
}
