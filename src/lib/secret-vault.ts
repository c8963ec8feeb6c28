import type { ErrorCode } from "./errors/codes.js";
import { ConnectorError } from "./errors/connector-error.js";
import type { SealedSecret, SecretBox } from "./secret-box.js";

/** Installation-wide secrets use this scope; every other scope is a tenant id. */
export const INSTALLATION_SCOPE = "*";

/** One stored secret as the store holds it: sealed, never in clear. */
export interface SecretRow extends SealedSecret {
  scope: string;
  name: string;
  updatedAt: Date;
}

/** A row as `seal` makes it and `SecretRows.put` writes it (the store stamps `updatedAt`). */
export type SealedSecretRow = Omit<SecretRow, "updatedAt">;

/** What `list` shows: everything but the sealed text. */
export type SecretListing = Omit<SecretRow, "sealed">;

/** Where a keyset page of `listOutsideKey` starts: after this (scope, name). */
export interface SecretCursor {
  scope: string;
  name: string;
}

/**
 * Port: the `secrets` table. Rows are keyed by (scope, name); the store never sees a clear value.
 * Implemented by `store/shared/kysely-secret-rows.ts` for SQLite and PostgreSQL.
 */
export interface SecretRows {
  get(scope: string, name: string): Promise<SecretRow | undefined>;
  /** Inserts or replaces the row of (scope, name). */
  put(row: SealedSecretRow): Promise<void>;
  /** True when a row was deleted. */
  delete(scope: string, name: string): Promise<boolean>;
  /** Deletes these names of the scope in one statement (all or none); returns how many existed. */
  deleteNames(scope: string, names: readonly string[]): Promise<number>;
  /** Deletes every row of the scope (uninstall, shop redact); returns how many. */
  deleteScope(scope: string): Promise<number>;
  /** Rows in (scope, name) order; one scope when given. */
  list(scope?: string): Promise<SecretListing[]>;
  /** Up to `limit` rows not sealed under `keyId`, in (scope, name) order, after `after`. */
  listOutsideKey(request: { keyId: string; limit: number; after?: SecretCursor }): Promise<SecretRow[]>;
  /** Rows per key id. */
  countByKeyId(): Promise<Array<{ keyId: string; rows: number }>>;
  /**
   * Replaces the sealed value only if the row still holds `expected` (key id and sealed text), so a
   * re-seal never overwrites a value written meanwhile. True when the row was replaced.
   */
  replaceSealed(request: {
    scope: string;
    name: string;
    expected: SealedSecret;
    next: SealedSecret;
  }): Promise<boolean>;
}

/**
 * Where the vault gets its keyring. `current()` may re-read a key file that changed; `reload()` is
 * called when a row names a key id the ring lacks (another process rotated the keys).
 */
export interface KeyringSource {
  current(): SecretBox;
  reload(): SecretBox;
}

export interface RotationResult {
  currentKeyId: string;
  /** Rows found under an older key. */
  examined: number;
  resealed: number;
  /** Rows that another writer changed or deleted while they were re-sealed; none was overwritten. */
  changedConcurrently: number;
  /** Rows rewritten under an older key on every attempt (a process still on the old key): rotate again. */
  stillUnderOlderKey: number;
  /** Rows that could not be opened (left as they are); names only. */
  unreadable: Array<{ scope: string; name: string; keyId: string; code: ErrorCode }>;
}

export interface VaultStatus {
  currentKeyId: string;
  keys: Array<{ keyId: string; rows: number; current: boolean; inKeyring: boolean }>;
}

export type SecretVault = ReturnType<typeof createSecretVault>;

const MAX_RESEAL_ATTEMPTS = 5;

/**
 * Stored secrets, sealed with AES-256-GCM under the current master key and bound to their scope and
 * name. `rotate` re-seals every row under an older key, a batch at a time, without locking writers out.
 */
export function createSecretVault(deps: { rows: SecretRows; keyring: KeyringSource }) {
  const { rows, keyring } = deps;
  return { seal, put, get, delete: remove, deleteNames, deleteScope, list, rotate, status, deriveKey };

  /** A key for one purpose, derived from the current master key (SecretBox.deriveKey). */
  function deriveKey(purpose: string): Buffer {
    return keyring.current().deriveKey(purpose);
  }

  /**
   * Seals under the current key, bound to (scope, name), and writes nothing: for a caller that stores
   * the row in a transaction of its own (an installation with its tokens). Opens with `get` once written
   * at that address, and nowhere else.
   */
  function seal(scope: string, name: string, value: string): SealedSecretRow {
    assertAddress(scope, name);
    if (value === "") throw new ConnectorError("MLC_CONFIG_INVALID", `secret ${scope}/${name}: empty value`);
    return { scope, name, ...keyring.current().seal(value, aadOf(scope, name)) };
  }

  /** Seals under the current key; returns that key's id. */
  async function put(scope: string, name: string, value: string): Promise<{ keyId: string }> {
    const row = seal(scope, name, value);
    await rows.put(row);
    return { keyId: row.keyId };
  }

  async function get(scope: string, name: string): Promise<string | undefined> {
    const row = await rows.get(scope, name);
    return row === undefined ? undefined : openRow(row);
  }

  function remove(scope: string, name: string): Promise<boolean> {
    return rows.delete(scope, name);
  }

  /** Deletes these names of the scope together: either all are gone afterwards or none was deleted. */
  function deleteNames(scope: string, names: readonly string[]): Promise<number> {
    return rows.deleteNames(scope, names);
  }

  function deleteScope(scope: string): Promise<number> {
    return rows.deleteScope(scope);
  }

  function list(scope?: string): Promise<SecretListing[]> {
    return rows.list(scope);
  }

  /** Re-seals every row not under the current key; a row that cannot be opened is reported, not lost. */
  async function rotate(options: { batchSize?: number } = {}): Promise<RotationResult> {
    const batchSize = options.batchSize ?? 100;
    const box = keyring.current();
    const result: RotationResult = {
      currentKeyId: box.currentKeyId,
      examined: 0,
      resealed: 0,
      changedConcurrently: 0,
      stillUnderOlderKey: 0,
      unreadable: [],
    };
    let after: SecretCursor | undefined;
    for (;;) {
      const page = await rows.listOutsideKey({ keyId: box.currentKeyId, limit: batchSize, after });
      for (const row of page) {
        result.examined += 1;
        await resealRow(row, box, result);
      }
      if (page.length < batchSize) return result;
      const last = page[page.length - 1]!;
      after = { scope: last.scope, name: last.name };
    }
  }

  async function resealRow(first: SecretRow, box: SecretBox, result: RotationResult): Promise<void> {
    let row: SecretRow | undefined = first;
    for (let attempt = 0; attempt < MAX_RESEAL_ATTEMPTS; attempt++) {
      let next: SealedSecret;
      try {
        next = box.seal(openRow(row), aadOf(row.scope, row.name));
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        result.unreadable.push({ scope: row.scope, name: row.name, keyId: row.keyId, code: error.code });
        return;
      }
      const expected = { keyId: row.keyId, sealed: row.sealed };
      if (await rows.replaceSealed({ scope: row.scope, name: row.name, expected, next })) {
        result.resealed += 1;
        return;
      }
      // Written or deleted meanwhile: the new value wins; re-seal it only if it is still under an old key.
      row = await rows.get(row.scope, row.name);
      if (row === undefined || row.keyId === box.currentKeyId) {
        result.changedConcurrently += 1;
        return;
      }
    }
    result.stillUnderOlderKey += 1;
  }

  async function status(): Promise<VaultStatus> {
    const box = keyring.current();
    const counts = new Map((await rows.countByKeyId()).map((c) => [c.keyId, c.rows]));
    const ids = [...box.keyIds, ...[...counts.keys()].filter((id) => !box.has(id)).sort()];
    return {
      currentKeyId: box.currentKeyId,
      keys: ids.map((keyId) => ({
        keyId,
        rows: counts.get(keyId) ?? 0,
        current: keyId === box.currentKeyId,
        inKeyring: box.has(keyId),
      })),
    };
  }

  /** Opens with the ring, re-reading it once when the row names a key it lacks. */
  function openRow(row: SecretRow): string {
    let box = keyring.current();
    if (!box.has(row.keyId)) box = keyring.reload();
    try {
      return box.open(row, aadOf(row.scope, row.name));
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      throw new ConnectorError(error.code, `secret ${row.scope}/${row.name}: ${error.message}`, {
        cause: error,
      });
    }
  }
}

/** The record's address, bound into the GCM tag: a sealed value copied to another row does not open. */
function aadOf(scope: string, name: string): string {
  return `mlc-secret\0${scope}\0${name}`;
}

const SCOPE = /^(\*|[a-z0-9][a-z0-9_-]{0,39})$/;
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

function assertAddress(scope: string, name: string): void {
  if (!SCOPE.test(scope)) {
    throw new ConnectorError("MLC_CONFIG_INVALID", `secret scope must be a tenant id or "*" (got ${scope})`);
  }
  if (!NAME.test(name)) {
    throw new ConnectorError("MLC_CONFIG_INVALID", `secret name must look like jde.password (got ${name})`);
  }
}
