import { z } from "zod";

/**
 * Resolved from `${env:NAME}` / `${file:PATH}` before validation (load-config.ts); never logged. A
 * password left out may be a stored secret (`jde.database.password`): resolveStoredSecrets enforces it.
 */
const secretValue = z.string().min(1);
const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);
const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_$#]{0,127}$/, "expected a table owner, e.g. PRODDTA");

/**
 * Settings every dialect shares. `owner` is the JDE business-data owner (Oracle) or schema (SQL
 * Server: PRODDTA in the environment's database), usually PRODDTA in production and CRPDTA in CRP.
 */
const common = {
  owner: identifier.default("PRODDTA"),
  timeoutMs: z.coerce.number().int().min(100).default(30_000),
};

const oracleSchema = z.strictObject({
  dialect: z.literal("oracle"),
  host: z.string().min(1),
  port: port(1521),
  serviceName: z.string().min(1),
  user: z.string().min(1),
  password: secretValue.optional(),
  ...common,
});

const sqlServerSchema = z.strictObject({
  dialect: z.literal("sqlserver"),
  host: z.string().min(1),
  port: port(1433),
  /** The JDE environment's database, e.g. JDE_PRODUCTION. */
  database: z.string().min(1),
  encrypt: z.boolean().default(true),
  trustServerCertificate: z.boolean().default(false),
  user: z.string().min(1),
  password: secretValue.optional(),
  ...common,
});

/** PostgreSQL and SQLite hold the simulator's stand-in tables (demo, tests); JDE runs on neither. */
const postgresSchema = z.strictObject({
  dialect: z.literal("postgres"),
  url: z.string().regex(/^postgres(ql)?:\/\//, "expected postgres://…"),
  user: z.string().min(1).optional(),
  password: secretValue.optional(),
  ...common,
});

const sqliteSchema = z.strictObject({
  dialect: z.literal("sqlite"),
  file: z.string().min(1),
  ...common,
});

/** The `database` block of the Z-table path (DESIGN.md §3 "Direct table insert"). */
export const jdeDatabaseSchema = z.discriminatedUnion("dialect", [
  oracleSchema,
  sqlServerSchema,
  postgresSchema,
  sqliteSchema,
]);

/**
 * The `ztable` block: the customer's R09110Z schedule. A document whose rows are still unprocessed
 * after `failAfterCycles` × `processorIntervalMs` is reported rejected (MLC_JDE_BATCH_UNPROCESSED).
 */
export const zTableSchema = z.strictObject({
  // Milliseconds; R09110Z is scheduled in minutes, so anything below 10 s is a unit mistake.
  processorIntervalMs: z.coerce.number().int().min(10_000).default(300_000),
  failAfterCycles: z.coerce.number().int().min(1).default(3),
});

/** As parsed: a password may still be missing (left to the secret vault). */
export type JdeDatabaseConfig = z.infer<typeof jdeDatabaseSchema>;
/** After resolveStoredSecrets: Oracle and SQL Server have their password. */
export type ResolvedJdeDatabaseConfig = JdeDatabaseConfig extends infer D
  ? D extends { dialect: "oracle" | "sqlserver" }
    ? Omit<D, "password"> & { password: string }
    : D
  : never;
export type ZTableConfig = z.infer<typeof zTableSchema>;
