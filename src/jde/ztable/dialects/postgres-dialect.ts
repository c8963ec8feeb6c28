import type { SqlDialect } from "./sql-dialect.js";
import { doubleQuote } from "./sql-dialect.js";

const NUMBER_TYPES = ["numeric", "integer", "bigint", "smallint", "double precision", "real"];

/**
 * PostgreSQL, for the simulator's stand-in tables (JDE itself does not run on PostgreSQL). A stand-in
 * created with plain identifiers is folded to lower case (`proddta.f0911z1.vnedus`); one created
 * quoted keeps upper case (the simulator's does). The catalogue is searched case-insensitively and
 * the stored names are quoted exactly, so the same writer works either way.
 */
export const postgresDialect: SqlDialect = {
  name: "postgres",
  placeholder: (position) => `$${position}`,
  quoteIdentifier: doubleQuote,
  tableName: ({ owner, table }) => `${doubleQuote(owner)}.${doubleQuote(table)}`,
  columnsQuery: ({ owner, name }) => ({
    sql:
      "SELECT table_schema AS table_owner, table_name, column_name, data_type, " +
      "character_maximum_length AS char_length, CASE is_nullable WHEN 'YES' THEN 'Y' ELSE 'N' END AS is_nullable " +
      "FROM information_schema.columns WHERE lower(table_schema) = lower($1) AND lower(table_name) = lower($2) " +
      "ORDER BY table_schema, table_name, ordinal_position",
    params: [owner, name],
  }),
  classify: ({ dataType, charLength }) => {
    const type = dataType.toLowerCase();
    if (type === "character" || type === "character varying") return { kind: "char", length: charLength };
    if (NUMBER_TYPES.includes(type)) return { kind: "number", length: undefined };
    return { kind: "other", length: undefined };
  },
  textLength: "codepoints",
  maxParameters: 65_535,
  maxRowsPerInsert: 1_000,
};
