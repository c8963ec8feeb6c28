import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConnectorError } from "./errors/connector-error.js";
import { createSecretBox, generateMasterKey, masterKeyId } from "./secret-box.js";

const keyA = Buffer.alloc(32, 0xa1);
const keyB = Buffer.alloc(32, 0xb2);
const AAD = "mlc-secret\0acme\0jde.password";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return (error as ConnectorError).code;
  }
  throw new Error("expected a failure");
}

describe("secret box", () => {
  it("opens what it sealed, under the current key, in the v1 format with a 12-byte IV", () => {
    const box = createSecretBox([keyA]);
    const sealed = box.seal("s3cret pässword", AAD);
    expect(sealed.keyId).toBe(masterKeyId(keyA));
    expect(sealed.sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(box.open(sealed, AAD)).toBe("s3cret pässword");
  });

  it("uses a fresh IV each time, so the same value never seals to the same text", () => {
    const box = createSecretBox([keyA]);
    expect(box.seal("same", AAD).sealed).not.toBe(box.seal("same", AAD).sealed);
  });

  it("seals with the last key and still opens values sealed under an earlier one", () => {
    const old = createSecretBox([keyA]).seal("old value", AAD);
    const ring = createSecretBox([keyA, keyB]);
    expect(ring.currentKeyId).toBe(masterKeyId(keyB));
    expect(ring.keyIds).toEqual([masterKeyId(keyA), masterKeyId(keyB)]);
    expect(ring.seal("new", AAD).keyId).toBe(masterKeyId(keyB));
    expect(ring.open(old, AAD)).toBe("old value");
  });

  it("refuses a value moved to another record (different AAD)", () => {
    const box = createSecretBox([keyA]);
    const sealed = box.seal("s3cret", AAD);
    expect(codeOf(() => box.open(sealed, "mlc-secret\0beta\0jde.password"))).toBe("MLC_SECRET_UNREADABLE");
  });

  it.each([
    ["ciphertext", 3],
    ["tag", 2],
    ["iv", 1],
  ])("refuses a sealed value whose %s was altered", (_part, index) => {
    const box = createSecretBox([keyA]);
    const sealed = box.seal("s3cret", AAD);
    const parts = sealed.sealed.split(".");
    const bytes = Buffer.from(parts[index]!, "base64url");
    bytes[0] = bytes[0]! ^ 0x01;
    parts[index] = bytes.toString("base64url");
    expect(codeOf(() => box.open({ ...sealed, sealed: parts.join(".") }, AAD))).toBe("MLC_SECRET_UNREADABLE");
  });

  it.each([
    ["another format", (s: string) => s.replace(/^v1/, "v2")],
    [
      "a truncated tag",
      (s: string) =>
        s
          .split(".")
          .map((p, i) => (i === 2 ? p.slice(0, 8) : p))
          .join("."),
    ],
    ["missing parts", (s: string) => s.split(".").slice(0, 3).join(".")],
    ["non-base64url characters", (s: string) => `${s}!`],
  ])("refuses %s", (_what, alter) => {
    const box = createSecretBox([keyA]);
    const sealed = box.seal("s3cret", AAD);
    expect(codeOf(() => box.open({ ...sealed, sealed: alter(sealed.sealed) }, AAD))).toBe(
      "MLC_SECRET_UNREADABLE",
    );
  });

  it("names an unknown key id without revealing any key or the value", () => {
    const sealed = createSecretBox([keyB]).seal("s3cret", AAD);
    const box = createSecretBox([keyA]);
    let message = "";
    expect(
      codeOf(() => {
        try {
          box.open(sealed, AAD);
        } catch (error) {
          message = (error as Error).message;
          throw error;
        }
      }),
    ).toBe("MLC_SECRET_KEY_UNKNOWN");
    expect(message).toContain(masterKeyId(keyB));
    for (const hidden of ["s3cret", keyA.toString("hex"), keyA.toString("base64"), keyB.toString("base64")]) {
      expect(message).not.toContain(hidden);
    }
  });

  it("derives a stable 16-hex key id that is not the key nor its bare hash", () => {
    const key = generateMasterKey();
    const id = masterKeyId(key);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyId(Buffer.from(key))).toBe(id);
    expect(masterKeyId(keyA)).toBe(masterKeyId(Buffer.alloc(32, 0xa1)));
    expect(key.toString("hex")).not.toContain(id);
    expect(createHash("sha256").update(key).digest("hex")).not.toContain(id);
    expect(masterKeyId(keyB)).not.toBe(masterKeyId(keyA));
  });

  it("refuses a key that is not 32 bytes, and an empty ring", () => {
    expect(codeOf(() => createSecretBox([Buffer.alloc(16)]))).toBe("MLC_MASTER_KEY_INVALID");
    expect(codeOf(() => createSecretBox([]))).toBe("MLC_MASTER_KEY_INVALID");
  });

  it("derives a stable 32-byte key per purpose from the current key, never the key itself", () => {
    const box = createSecretBox([keyA]);
    const derived = box.deriveKey("customer-fingerprint/acme");
    expect(derived).toHaveLength(32);
    expect(createSecretBox([keyA]).deriveKey("customer-fingerprint/acme").equals(derived)).toBe(true);
    expect(derived.equals(keyA)).toBe(false);
    expect(box.deriveKey("customer-fingerprint/other").equals(derived)).toBe(false);
    // The current key derives: a rotated ring gives new keys.
    expect(createSecretBox([keyA, keyB]).deriveKey("customer-fingerprint/acme").equals(derived)).toBe(false);
  });
});
