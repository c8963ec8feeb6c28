import { ERROR_CODES, type ErrorCode } from "./codes.js";

/** A failure with a stable code. Retry logic reads `retryable` and `code`, never the message. */
export class ConnectorError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly detail: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean; detail?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ConnectorError";
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.detail = options.detail;
  }
}

/** Normalises anything thrown into a ConnectorError, at the boundaries that catch. */
export function coerceError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectorError("MLC_INTERNAL", message, { cause: error });
}
