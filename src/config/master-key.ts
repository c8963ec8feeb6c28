import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import { ConnectorError } from "../lib/errors/connector-error.js";
import {
  createSecretBox,
  generateMasterKey,
  MASTER_KEY_BYTES,
  masterKeyId,
  type SecretBox,
} from "../lib/secret-box.js";
import type { KeyringSource } from "../lib/secret-vault.js";
import type { Config } from "./config-schema.js";

/** Beside the default SQLite store; used when `security` names neither a key nor a key file. */
export const DEFAULT_MASTER_KEY_FILE = "./data/master.key";

/**
 * The master keys, from `security.masterKey` (+ `previousMasterKeys`) — "env mode" — or from a key
 * file with one key per line, the last current — "file mode". Never logged, never in a message.
 */
export type MasterKeys =
  | (KeyringSource & { mode: "env" })
  | (KeyringSource & {
      mode: "file";
      /** Absolute path of the key file. */
      path: string;
      /** False until the key file exists: `current()` and `addKey()` then create it with a random key. */
      keyFileExists(): boolean;
      /** Appends a new random key (temp file + rename, 0600) and makes it current; returns its id. */
      addKey(): string;
    });

/**
 * Env mode parses the keys now (a malformed key fails at start). File mode touches the file only when
 * a secret is first sealed or opened, creating it with one random key (mode 0600) if it is missing,
 * and re-reads it when it changed or a record names a key id it lacks (another process rotated).
 * Before first use on a store, `assertMasterKeyFitsStore` refuses a missing file if the store already
 * holds secrets: the key made here would be this host's alone.
 */
export function openMasterKeys(security: Config["security"], options: { cwd?: string } = {}): MasterKeys {
  if (security?.masterKey !== undefined) {
    const box = envKeyring(security.masterKey, security.previousMasterKeys ?? []);
    return { mode: "env", current: () => box, reload: () => box };
  }
  const path = resolve(options.cwd ?? process.cwd(), security?.masterKeyFile ?? DEFAULT_MASTER_KEY_FILE);
  return fileKeys(path);
}

function envKeyring(current: string, previous: readonly string[]): SecretBox {
  const problems: string[] = [];
  const parse = (text: string, where: string): Buffer[] => {
    const parsed = parseMasterKey(text);
    if (parsed.ok) return [parsed.key];
    problems.push(`${where}: ${parsed.problem}`);
    return [];
  };
  const keys = [
    ...previous.flatMap((text, i) => parse(text, `security.previousMasterKeys.${i}`)),
    ...parse(current, "security.masterKey"),
  ];
  if (problems.length > 0) {
    throw new ConnectorError(
      "MLC_MASTER_KEY_INVALID",
      `invalid master key:\n  - ${problems.join("\n  - ")}`,
      {
        detail: { problems },
      },
    );
  }
  return createSecretBox(keys);
}

function fileKeys(path: string): MasterKeys {
  let loaded: { box: SecretBox; fingerprint: string } | undefined;
  return { mode: "file", path, keyFileExists: () => keyFileExists(path), current, reload, addKey };

  function current(): SecretBox {
    if (!loaded) {
      createIfMissing(path);
      return reload();
    }
    if (fingerprintOf(statKeyFile(path)) !== loaded.fingerprint) return reload();
    return loaded.box;
  }

  function reload(): SecretBox {
    const { keys, stats } = readKeyFile(path);
    loaded = { box: createSecretBox(keys), fingerprint: fingerprintOf(stats) };
    return loaded.box;
  }

  function addKey(): string {
    createIfMissing(path);
    const key = generateMasterKey();
    withLock(`${path}.lock`, () => {
      readKeyFile(path); // refuse to extend a file that is malformed or too open
      const text = readFileSync(path, "utf8").trimEnd();
      writeAtomically(path, `${text}\n${key.toString("base64")}\n`);
    });
    reload();
    return masterKeyId(key);
  }
}

/**
 * 32 bytes as hex (64 characters) or base64 / base64url (44 characters with `=`, 43 without).
 * The problem never quotes the text: it is, or nearly is, a key.
 */
export function parseMasterKey(text: string): { ok: true; key: Buffer } | { ok: false; problem: string } {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return { ok: true, key: Buffer.from(trimmed, "hex") };
  const expected = `expected ${MASTER_KEY_BYTES} bytes as base64 (44 characters) or hex (64 characters)`;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    return { ok: false, problem: `${expected}; it has other characters` };
  }
  const key = Buffer.from(trimmed, "base64");
  const canonical = key.toString("base64url");
  const given = trimmed.replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");
  if (key.length !== MASTER_KEY_BYTES || canonical !== given) {
    return { ok: false, problem: `${expected}; got ${trimmed.length} characters (${key.length} bytes)` };
  }
  return { ok: true, key };
}

/**
 * What to do when secrets are sealed under a key id the keyring lacks; names settings and commands,
 * never a key.
 */
export function missingMasterKeyHint(keys: MasterKeys): string {
  return keys.mode === "file"
    ? `the key file ${keys.path} lacks that key: copy the key file of an instance that opens these secrets (mode 0600), or restore it from its backup`
    : "security.masterKey and previousMasterKeys lack that key: add it to security.previousMasterKeys (or set security.masterKey, e.g. from the MLC_MASTER_KEY environment variable, to it)";
}

function keyFileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw keyFileError(path, error);
    return false;
  }
}

function createIfMissing(path: string): void {
  if (keyFileExists(path)) return;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${generateMasterKey().toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw keyFileError(path, error);
  }
}

function readKeyFile(path: string): { keys: Buffer[]; stats: Stats } {
  const stats = statKeyFile(path);
  if (!stats.isFile()) throw keyFileError(path, "is not a regular file");
  if (process.platform !== "win32" && (stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(4, "0");
    throw keyFileError(path, `is accessible by group or others (mode ${mode}); run chmod 600 ${path}`);
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw keyFileError(path, error);
  }
  const keys: Buffer[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const parsed = parseMasterKey(line);
    if (parsed.ok) keys.push(parsed.key);
    else problems.push(`line ${index + 1}: ${parsed.problem}`);
  });
  if (problems.length > 0) throw keyFileError(path, `has malformed keys (${problems.join("; ")})`);
  if (keys.length === 0) throw keyFileError(path, "holds no key");
  return { keys, stats };
}

function statKeyFile(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    throw keyFileError(path, error);
  }
}

function fingerprintOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** Two rotations at once would each append to the same old file and one key would be lost. */
function withLock(lockPath: string, work: () => void): void {
  let fd: number;
  try {
    fd = openSync(lockPath, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw keyFileError(lockPath, error);
    throw new ConnectorError(
      "MLC_MASTER_KEY_INVALID",
      `${lockPath} exists: another key rotation is running (if none is, delete the lock file)`,
    );
  }
  try {
    work();
  } finally {
    closeSync(fd);
    unlinkSync(lockPath);
  }
}

/** Temp file beside the target, fsync, rename: readers see the old file or the new one, never half. */
function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(temp, "wx", 0o600);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw keyFileError(path, error);
  }
  // Records are re-sealed under the new key right after this: the rename must survive a power loss.
  if (process.platform !== "win32") {
    const dir = openSync(dirname(path), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}

function keyFileError(path: string, problem: unknown): ConnectorError {
  const what =
    typeof problem === "string"
      ? problem
      : `cannot be used: ${(problem as NodeJS.ErrnoException).code ?? problem}`;
  return new ConnectorError("MLC_MASTER_KEY_INVALID", `master key file ${path} ${what}`, {
    ...(typeof problem === "string" ? {} : { cause: problem }),
  });
}
