import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { masterKeyId } from "../lib/secret-box.js";
import { DEFAULT_MASTER_KEY_FILE, openMasterKeys, parseMasterKey } from "./master-key.js";

const key = Buffer.alloc(32, 7);
const previous = Buffer.alloc(32, 9);
const tempDir = () => mkdtempSync(join(tmpdir(), "mlc-key-"));

function failure(fn: () => unknown): ConnectorError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error("expected a failure");
}

describe("master key from the configuration (env mode)", () => {
  it.each([
    ["base64", key.toString("base64")],
    ["base64 without padding", key.toString("base64").replace(/=$/, "")],
    ["base64url", Buffer.alloc(32, 0xfb).toString("base64url")],
    ["hex", key.toString("hex")],
    ["upper-case hex", key.toString("hex").toUpperCase()],
  ])("accepts 32 bytes as %s", (_format, text) => {
    const parsed = parseMasterKey(text);
    expect(parsed.ok && parsed.key.length).toBe(32);
  });

  it.each([
    ["16 bytes of base64", Buffer.alloc(16, 1).toString("base64")],
    ["48 bytes of base64", Buffer.alloc(48, 1).toString("base64")],
    ["31 bytes of hex", Buffer.alloc(31, 1).toString("hex")],
    ["a passphrase", "correct horse battery staple"],
    ["non-canonical base64", `${key.toString("base64").slice(0, 42)}B=`],
  ])("refuses %s", (_what, text) => {
    const parsed = parseMasterKey(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(/^expected 32 bytes/);
    expect(!parsed.ok && parsed.problem).not.toContain(text);
  });

  it("seals with masterKey and opens with previousMasterKeys, without touching any file", () => {
    const dir = tempDir();
    const keys = openMasterKeys(
      { masterKey: key.toString("hex"), previousMasterKeys: [previous.toString("base64")] },
      { cwd: dir },
    );
    expect(keys.mode).toBe("env");
    expect(keys.current().currentKeyId).toBe(masterKeyId(key));
    expect(keys.current().has(masterKeyId(previous))).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reports every malformed key at once, by setting, never with the key text", () => {
    const error = failure(() =>
      openMasterKeys({ masterKey: "too-short", previousMasterKeys: [key.toString("hex"), "also bad"] }),
    );
    expect(error.code).toBe("MLC_MASTER_KEY_INVALID");
    expect(error.detail?.problems).toEqual([
      expect.stringMatching(/^security\.previousMasterKeys\.1: expected 32 bytes/),
      expect.stringMatching(/^security\.masterKey: expected 32 bytes/),
    ]);
    expect(error.message).not.toContain("too-short");
    expect(error.message).not.toContain("also bad");
  });
});

describe("master key file (file mode)", () => {
  it("defaults to ./data/master.key, created on first use with mode 0600 and one random key", () => {
    const dir = tempDir();
    const keys = openMasterKeys(undefined, { cwd: dir });
    const path = join(dir, DEFAULT_MASTER_KEY_FILE);
    expect(keys.mode === "file" && keys.path).toBe(path);
    expect(existsSync(path)).toBe(false);
    const box = keys.current();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path, "utf8").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(box.currentKeyId).toBe(masterKeyId(Buffer.from(lines[0]!, "base64")));
    expect(openMasterKeys({ masterKeyFile: path }).current().currentKeyId).toBe(box.currentKeyId);
  });

  it.each([0o640, 0o604, 0o660])("refuses a key file with mode %o", (mode) => {
    const path = join(tempDir(), "master.key");
    writeFileSync(path, `${key.toString("base64")}\n`, { mode });
    chmodSync(path, mode);
    const error = failure(() => openMasterKeys({ masterKeyFile: path }).current());
    expect(error.code).toBe("MLC_MASTER_KEY_INVALID");
    expect(error.message).toContain("chmod 600");
    expect(error.message).not.toContain(key.toString("base64"));
  });

  it("takes the last line as current and the earlier ones as previous keys; names a bad line", () => {
    const path = join(tempDir(), "master.key");
    writeFileSync(path, `${previous.toString("base64")}\n\n${key.toString("base64")}\n`, { mode: 0o600 });
    const box = openMasterKeys({ masterKeyFile: path }).current();
    expect(box.keyIds).toEqual([masterKeyId(previous), masterKeyId(key)]);
    writeFileSync(path, `${key.toString("base64")}\nnot a key\n`);
    const error = failure(() => openMasterKeys({ masterKeyFile: path }).current());
    expect(error.message).toContain("line 2");
    expect(error.message).not.toContain(key.toString("base64"));
  });

  it("addKey appends a new current key atomically, keeps the old ones and the mode 0600", () => {
    const dir = tempDir();
    const path = join(dir, "master.key");
    writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600 });
    const keys = openMasterKeys({ masterKeyFile: path });
    if (keys.mode !== "file") throw new Error("expected file mode");
    const added = keys.addKey();
    expect(added).not.toBe(masterKeyId(key));
    expect(keys.current().keyIds).toEqual([masterKeyId(key), added]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(2);
    expect(readdirSync(dir)).toEqual(["master.key"]);
  });

  it("notices that another process rotated: the file changed, or a record names an unknown key id", () => {
    const path = join(tempDir(), "master.key");
    writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600 });
    const running = openMasterKeys({ masterKeyFile: path });
    expect(running.current().currentKeyId).toBe(masterKeyId(key));
    const rotator = openMasterKeys({ masterKeyFile: path });
    const added = rotator.mode === "file" ? rotator.addKey() : "";
    expect(running.current().currentKeyId).toBe(added);
    expect(running.current().has(masterKeyId(key))).toBe(true);
    expect(openMasterKeys({ masterKeyFile: path }).reload().currentKeyId).toBe(added);
  });

  it("refuses to rotate while another rotation holds the lock", () => {
    const path = join(tempDir(), "master.key");
    writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600 });
    writeFileSync(`${path}.lock`, "");
    const keys = openMasterKeys({ masterKeyFile: path });
    const error = failure(() => (keys.mode === "file" ? keys.addKey() : undefined));
    expect(error.message).toContain("another key rotation");
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(1);
  });
});
