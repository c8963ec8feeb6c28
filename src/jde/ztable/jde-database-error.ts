import type { ErrorCode } from "../../lib/errors/codes.js";
import { ConnectorError } from "../../lib/errors/connector-error.js";

/**
 * Why a database call failed, as far as the writer cares:
 * - `unavailable`: connection, timeout, deadlock; nothing of an uncommitted transaction was kept;
 * - `duplicate-key`: a primary-key or unique violation (rows with this key already exist);
 * - `refused`: the database rejected the statement (grants, missing table, bad value).
 */
export type DatabaseFailure = "unavailable" | "duplicate-key" | "refused";

const CODES: Record<DatabaseFailure, ErrorCode> = {
  unavailable: "MLC_JDE_DATABASE_UNAVAILABLE",
  "duplicate-key": "MLC_JDE_DATABASE_REFUSED",
  refused: "MLC_JDE_DATABASE_REFUSED",
};

/** A JDE database failure. Its message and cause are scrubbed of the password and URL credentials. */
export class JdeDatabaseError extends ConnectorError {
  readonly failure: DatabaseFailure;

  constructor(
    failure: DatabaseFailure,
    message: string,
    options: { cause?: unknown; detail?: Record<string, unknown> } = {},
  ) {
    super(CODES[failure], message, options);
    this.name = "JdeDatabaseError";
    this.failure = failure;
  }
}

/**
 * Wraps a driver error: the message keeps the driver's text and code with every secret replaced, and
 * the cause is a scrubbed copy, because pino serialises causes and drivers may echo connect strings.
 */
export function toJdeDatabaseError(
  failure: DatabaseFailure,
  error: unknown,
  context: { operation: string; secrets: readonly string[] },
): JdeDatabaseError {
  if (error instanceof JdeDatabaseError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const code = driverCode(error);
  const text = scrubSecrets(raw, context.secrets);
  const cause = new Error(text);
  cause.name = error instanceof Error ? error.name : "Error";
  const prefix = code && !text.startsWith(code) ? `${code} ` : "";
  return new JdeDatabaseError(failure, `${context.operation}: ${prefix}${text}`, {
    cause,
    detail: { operation: context.operation, ...(code ? { driverCode: code } : {}) },
  });
}

/** Replaces each secret (and its URL-encoded form) by `[redacted]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)]))
      out = out.split(form).join("[redacted]");
  }
  return out.replace(/(\/\/[^:/@\s]+):[^@\s]+@/g, "$1:[redacted]@");
}

/** The driver's own code: SQLSTATE (pg), `ORA-nnnnn`/`NJS-nnn` (oracledb), error number (tedious). */
export function driverCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, number } = error as { code?: unknown; number?: unknown };
  if (typeof code === "string" && code !== "") return code;
  if (typeof number === "number") return `MSSQL-${number}`;
  return undefined;
}
