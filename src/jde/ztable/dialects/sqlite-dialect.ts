import type { SqlDialect } from "./sql-dialect.js";
import { doubleQuote } from "./sql-dialect.js";

/**
 * SQLite, for the simulator's stand-in tables. No owners: tables are unqualified. `pragma_table_info`
 * gives the declared type (`CHAR(10)`, `NUMERIC`), from which the width is read.
 * https://www.sqlite.org/pragma.html#pragma_table_info
 */
export const sqliteDialect: SqlDialect = {
  name: "sqlite",
  placeholder: () => "?",
  quoteIdentifier: doubleQuote,
  tableName: ({ table }) => doubleQuote(table),
  columnsQuery: ({ name }) => ({
    sql:
      "SELECT '' AS TABLE_OWNER, ? AS TABLE_NAME, name AS COLUMN_NAME, type AS DATA_TYPE, NULL AS CHAR_LENGTH, " +
      "CASE \"notnull\" WHEN 1 THEN 'N' ELSE 'Y' END AS IS_NULLABLE FROM pragma_table_info(?) ORDER BY cid",
    params: [name, name],
  }),
  classify: ({ dataType }) => {
    const char = /^\s*N?(?:VAR)?CHAR(?:ACTER)?\s*\(\s*(\d+)\s*\)/i.exec(dataType);
    if (char) return { kind: "char", length: Number(char[1]) };
    if (/INT|NUM|DEC|REAL|FLOA|DOUB/i.test(dataType)) return { kind: "number", length: undefined };
    return { kind: "other", length: undefined };
  },
  textLength: "codepoints",
  maxParameters: 32_766,
  maxRowsPerInsert: 1_000,
};
