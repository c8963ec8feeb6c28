import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { ConnectorError } from "./errors/connector-error.js";

/** A value sealed with AES-256-GCM, and the id of the master key that sealed it. */
export interface SealedSecret {
  keyId: string;
  /** `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
  sealed: string;
}

/**
 * A keyring of master keys: seals with the current (last) key, opens with whichever key sealed the
 * value. Pure apart from the random IV; the keys never leave it.
 */
export interface SecretBox {
  currentKeyId: string;
  /** Every key id of the ring, oldest first; the last is the current one. */
  keyIds: readonly string[];
  has(keyId: string): boolean;
  /** `aad` binds the value to its record (scope and name): opened under another `aad`, it fails. */
  seal(plaintext: string, aad: string): SealedSecret;
  open(secret: SealedSecret, aad: string): string;
  /**
   * A 32-byte key for one purpose (HKDF-SHA256 of the current key): one-way, so the master key never
   * leaves the ring, and another purpose (or another master key) gives an unrelated key.
   */
  deriveKey(purpose: string): Buffer;
}

export const MASTER_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = "v1";
// Ids are derived under a label of their own, so a key id is never a hash of the bare key material.
const KEY_ID_LABEL = "ml-connector master key id v1\0";
const DERIVED_KEY_LABEL = "ml-connector derived key v1\0";

/** 16 hex characters of SHA-256 over a fixed label and the key: names a key without revealing it. */
export function masterKeyId(key: Uint8Array): string {
  return createHash("sha256").update(KEY_ID_LABEL).update(key).digest("hex").slice(0, 16);
}

/** A new random 32-byte master key. */
export function generateMasterKey(): Buffer {
  return randomBytes(MASTER_KEY_BYTES);
}

/** Builds the ring from keys oldest first; the last key seals. Duplicates are kept once. */
export function createSecretBox(keys: readonly Uint8Array[]): SecretBox {
  if (keys.length === 0) throw new ConnectorError("MLC_MASTER_KEY_INVALID", "the keyring has no master key");
  const ring = new Map<string, Buffer>();
  for (const key of keys) {
    if (key.length !== MASTER_KEY_BYTES) {
      throw new ConnectorError(
        "MLC_MASTER_KEY_INVALID",
        `a master key must be ${MASTER_KEY_BYTES} bytes, got ${key.length}`,
      );
    }
    const id = masterKeyId(key);
    ring.delete(id);
    ring.set(id, Buffer.from(key));
  }
  const currentKeyId = masterKeyId(keys[keys.length - 1]!);
  const current = ring.get(currentKeyId)!;
  const keyIds = [...ring.keys()].filter((id) => id !== currentKeyId).concat(currentKeyId);
  return { currentKeyId, keyIds, has: (keyId) => ring.has(keyId), seal, open, deriveKey };

  function deriveKey(purpose: string): Buffer {
    const info = Buffer.from(`${DERIVED_KEY_LABEL}${purpose}`, "utf8");
    return Buffer.from(hkdfSync("sha256", current, Buffer.alloc(0), info, MASTER_KEY_BYTES));
  }

  function seal(plaintext: string, aad: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", current, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"));
    return { keyId: currentKeyId, sealed: [FORMAT, ...parts].join(".") };
  }

  function open(secret: SealedSecret, aad: string): string {
    const key = ring.get(secret.keyId);
    if (!key) {
      throw new ConnectorError(
        "MLC_SECRET_KEY_UNKNOWN",
        `sealed under master key ${secret.keyId}, which is not in the keyring (${keyIds.join(", ")})`,
      );
    }
    const { iv, tag, ciphertext } = parseSealed(secret.sealed);
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(aad));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    } catch (error) {
      throw new ConnectorError(
        "MLC_SECRET_UNREADABLE",
        `authentication failed under master key ${secret.keyId}: the sealed value was altered or belongs to another record`,
        { cause: error },
      );
    }
  }
}

function additionalData(aad: string): Buffer {
  return Buffer.from(`${FORMAT}\0${aad}`, "utf8");
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function parseSealed(sealed: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = sealed.split(".");
  const encoded = parts.slice(1);
  if (parts.length !== 4 || parts[0] !== FORMAT || !encoded.every((part) => BASE64URL.test(part))) {
    throw new ConnectorError("MLC_SECRET_UNREADABLE", `the sealed value is not in the ${FORMAT} format`);
  }
  const [iv, tag, ciphertext] = encoded.map((part) => Buffer.from(part, "base64url")) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new ConnectorError("MLC_SECRET_UNREADABLE", "the sealed value has a malformed IV or tag");
  }
  return { iv, tag, ciphertext };
}
