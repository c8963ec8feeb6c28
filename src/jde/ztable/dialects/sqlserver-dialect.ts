import type { SqlDialect } from "./sql-dialect.js";

const bracket = (name: string) => `[${name.replaceAll("]", "]]")}]`;
const CHAR_TYPES = ["char", "nchar", "varchar", "nvarchar"];
/** JDE on SQL Server stores its numeric columns as `float`; the others are listed for stand-ins. */
const NUMBER_TYPES = ["float", "real", "numeric", "decimal", "bigint", "int", "smallint", "tinyint"];

/**
 * Microsoft SQL Server. JDE's business data lives in a schema (`PRODDTA`, `CRPDTA`) of the
 * environment's database. A request carries at most 2,100 parameters and a VALUES list 1,000 rows.
 * INFORMATION_SCHEMA.COLUMNS: https://learn.microsoft.com/en-us/sql/relational-databases/system-information-schema-views/columns-transact-sql
 */
export const sqlServerDialect: SqlDialect = {
  name: "sqlserver",
  placeholder: (position) => `@p${position}`,
  quoteIdentifier: bracket,
  tableName: ({ owner, table }) => `${bracket(owner)}.${bracket(table)}`,
  columnsQuery: ({ owner, name }) => ({
    sql:
      "SELECT TABLE_SCHEMA AS TABLE_OWNER, TABLE_NAME, COLUMN_NAME, DATA_TYPE, " +
      "CHARACTER_MAXIMUM_LENGTH AS CHAR_LENGTH, CASE IS_NULLABLE WHEN 'YES' THEN 'Y' ELSE 'N' END AS IS_NULLABLE " +
      "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @p1 AND TABLE_NAME = @p2 ORDER BY ORDINAL_POSITION",
    params: [owner, name],
  }),
  classify: ({ dataType, charLength }) => {
    const type = dataType.toLowerCase();
    // -1 is (n)varchar(max): no width to pad to.
    if (CHAR_TYPES.includes(type))
      return { kind: "char", length: charLength !== undefined && charLength > 0 ? charLength : undefined };
    if (NUMBER_TYPES.includes(type)) return { kind: "number", length: undefined };
    return { kind: "other", length: undefined };
  },
  textLength: "utf16",
  // 2,100 per request, two of which sp_executesql itself takes.
  maxParameters: 2_098,
  maxRowsPerInsert: 1_000,
};
