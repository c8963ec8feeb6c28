import { type ConnectorError, coerceError } from "./errors/connector-error.js";
import { networkCode } from "./errors/network-code.js";

/** The shared shape of `connect test` checklists (JD Edwards, Shopify). */
export type ChecklistStatus = "ok" | "failed" | "skipped" | "warning";

/** One line of `connect test`. A failure's `hint` tells the administrator what to do. */
export interface ChecklistItem {
  id: string;
  title: string;
  status: ChecklistStatus;
  detail: string;
  hint?: string;
}

/** An item before it is named: what a check found. */
export type Outcome = Omit<ChecklistItem, "id" | "title">;

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: ConnectorError };

/** Runs one remote call and returns its failure as a value, so each check can report it as an item. */
export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    // A diagnostic boundary: each failure is reported as an item with its code, never rethrown.
    return { ok: false, error: coerceError(error) };
  }
}

export function ok(detail: string): Outcome {
  return { status: "ok", detail };
}

export function warning(detail: string, hint: string): Outcome {
  return { status: "warning", detail, hint };
}

export function skipped(detail: string): Outcome {
  return { status: "skipped", detail };
}

/** A failed call: its message (with the network code when the message lacks it) and what to do. */
export function failed(error: ConnectorError, hint: string): Outcome {
  const code = networkCode(error);
  const detail = code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  return { status: "failed", detail: `${error.code}: ${detail}`, hint };
}
