import type { SqlDialect } from "./sql-dialect.js";
import { doubleQuote } from "./sql-dialect.js";

/**
 * Oracle Database. JDE creates its tables unquoted, so the catalogue stores `PRODDTA`/`F0911Z1` in
 * upper case; we quote the stored names exactly. Character columns are NCHAR on Unicode installs,
 * whose length counts UTF-16 code units. Oracle has no multi-row VALUES: rows go by array DML.
 * ALL_TAB_COLUMNS: https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_TAB_COLUMNS.html
 */
export const oracleDialect: SqlDialect = {
  name: "oracle",
  placeholder: (position) => `:${position}`,
  quoteIdentifier: doubleQuote,
  tableName: ({ owner, table }) => `${doubleQuote(owner)}.${doubleQuote(table)}`,
  columnsQuery: ({ owner, name }) => ({
    sql:
      "SELECT OWNER AS TABLE_OWNER, TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHAR_LENGTH, NULLABLE AS IS_NULLABLE " +
      "FROM ALL_TAB_COLUMNS WHERE OWNER = :1 AND TABLE_NAME = :2 ORDER BY COLUMN_ID",
    params: [owner.toUpperCase(), name.toUpperCase()],
  }),
  classify: ({ dataType, charLength }) => {
    const type = dataType.toUpperCase();
    if (["CHAR", "NCHAR", "VARCHAR2", "NVARCHAR2"].includes(type))
      return { kind: "char", length: charLength };
    if (["NUMBER", "FLOAT", "INTEGER", "BINARY_DOUBLE", "BINARY_FLOAT"].includes(type))
      return { kind: "number", length: undefined };
    return { kind: "other", length: undefined };
  },
  textLength: "utf16",
  maxParameters: 65_535,
  maxRowsPerInsert: 1,
};
