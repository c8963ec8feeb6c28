import type { ErrorCode } from "../lib/errors/codes.js";

/** Why a record stopped, as an operator closing the month groups them (`ml-connector exceptions`). */
export const EXCEPTION_CAUSES = [
  "unmapped_account",
  "closed_period",
  "jde_edit_error",
  "ais_unavailable",
  "shopify_access_denied",
  "currency_mismatch",
  "other",
] as const;
export type ExceptionCause = (typeof EXCEPTION_CAUSES)[number];

/** The connector's own codes that name a cause; any other MLC_ code is `other`. */
const CAUSE_OF_CODE: Partial<Record<ErrorCode, ExceptionCause>> = {
  MLC_MAPPING_UNMAPPED_ACCOUNT: "unmapped_account",
  // The rule names an account JDE lacks or closed to postings: the mapping has no usable account.
  MLC_JDE_ACCOUNT_INVALID: "unmapped_account",
  MLC_PERIOD_NOT_OPEN: "closed_period",
  MLC_CURRENCY_MISMATCH: "currency_mismatch",
  MLC_SHOPIFY_ACCESS_DENIED: "shopify_access_denied",
  MLC_SHOPIFY_UNAUTHORIZED: "shopify_access_denied",
  MLC_SHOPIFY_NOT_CONNECTED: "shopify_access_denied",
  MLC_SHOPIFY_UNINSTALLED: "shopify_access_denied",
  MLC_SHOPIFY_OAUTH: "shopify_access_denied",
  MLC_AIS_UNAVAILABLE: "ais_unavailable",
  MLC_AIS_SESSION_EXPIRED: "ais_unavailable",
  MLC_AIS_RESPONSE_INVALID: "ais_unavailable",
  MLC_AIS_CREDENTIALS: "ais_unavailable",
  MLC_JDE_DATABASE_UNAVAILABLE: "ais_unavailable",
  MLC_AIS_REQUEST_FAILED: "jde_edit_error",
  MLC_AIS_ORCHESTRATION_ERROR: "jde_edit_error",
  MLC_AIS_CUSTOMER_ORCHESTRATION_ERROR: "jde_edit_error",
  MLC_JDE_FIELD_INVALID: "jde_edit_error",
  MLC_JDE_BATCH_UNPROCESSED: "jde_edit_error",
  MLC_JDE_CUSTOMER_REJECTED: "jde_edit_error",
};

/**
 * JDE's G/L date errors (reference/jde-ais.md §8): the date is before or after the open periods. These
 * three are stable JDE codes; JDE's other error ids vary by release, so they are all `jde_edit_error`.
 */
const JDE_PERIOD_CODES = new Set(["PBCO", "PACO", "PYEB"]);

/** When codes of one record point at several causes, the first of these wins (the one to fix first). */
const PRECEDENCE: readonly ExceptionCause[] = [
  "currency_mismatch",
  "closed_period",
  "unmapped_account",
  "shopify_access_denied",
  "ais_unavailable",
  "jde_edit_error",
  "other",
];

/**
 * The cause of a parked job (its park code), a retrying job (the code of its last error) or a rejected
 * document (JDE's error codes): a code of the connector's own by the table above, a JDE code (any code
 * not starting with `MLC_`) as a JDE edit error unless it is a G/L period code. No code: `other`.
 */
export function causeOf(codes: readonly string[]): ExceptionCause {
  const causes = new Set(codes.filter((code) => code.trim() !== "").map((code) => causeOfCode(code.trim())));
  return PRECEDENCE.find((cause) => causes.has(cause)) ?? "other";
}

function causeOfCode(code: string): ExceptionCause {
  if (JDE_PERIOD_CODES.has(code)) return "closed_period";
  if (!code.startsWith("MLC_")) return "jde_edit_error";
  return CAUSE_OF_CODE[code as ErrorCode] ?? "other";
}

/** The code a job's `lastError` starts with (the runner writes `CODE: message`), else null. */
export function codeOfError(lastError: string | null): string | null {
  return /^(MLC_[A-Z0-9_]+):/.exec(lastError ?? "")?.[1] ?? null;
}
