import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customerFingerprint, FIELDS_OF_GROUP } from "./customer-fingerprint.js";
import { CUSTOMER_FIELD_GROUPS, type CustomerFieldGroup } from "./customer-settings.js";
import { type JdeCustomerRecord, toJdeCustomerRecord } from "./jde-customer-record.js";
import { makeCustomer, makeCustomerSettings } from "./test-support/make-customer.js";

function recordOf(customer = makeCustomer()): JdeCustomerRecord {
  const result = toJdeCustomerRecord({
    customer,
    settings: makeCustomerSettings(),
    company: "00100",
    currency: "GBP",
  });
  if (!result.ok) throw new Error(result.reason);
  return result.record;
}

/** The tenant's fingerprint key (derived from the master key in the service). */
const KEY = Buffer.alloc(32, 7);
const ALL = CUSTOMER_FIELD_GROUPS;
const ownedFields = fc.subarray([...ALL]);
const groupField = fc
  .constantFrom(...ALL)
  .chain((group) =>
    fc.record({ group: fc.constant(group), field: fc.constantFrom(...FIELDS_OF_GROUP[group]) }),
  );

describe("customerFingerprint", () => {
  it("hashes each owned group, and only those", () => {
    const fingerprint = customerFingerprint(recordOf(), ["name", "email"], KEY);
    expect(Object.keys(fingerprint)).toEqual(["name", "email"]);
    for (const hash of Object.values(fingerprint)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is the same value across runs (a stored fingerprint stays valid after a restart or upgrade)", () => {
    expect(customerFingerprint(recordOf(), ALL, KEY)).toEqual({
      name: expect.any(String),
      address: expect.any(String),
      email: expect.any(String),
      phone: expect.any(String),
    });
    // Pinned: changing the hashed form must be a deliberate version bump, not an accident.
    expect(customerFingerprint(recordOf(), ["email"], KEY).email).toBe(PINNED_EMAIL_HASH);
  });

  it("holds no value of the customer", () => {
    const text = JSON.stringify(customerFingerprint(recordOf(), ALL, KEY));
    for (const value of ["Ada", "Lovelace", "ada@example.com", "+442079460000", "London", "SW1Y 4JH"]) {
      expect(text).not.toContain(value);
    }
  });

  it("cannot be recomputed without the key: another key gives another hash of the same values", () => {
    const record = recordOf();
    const other = customerFingerprint(record, ALL, Buffer.alloc(32, 8));
    const ours = customerFingerprint(record, ALL, KEY);
    for (const group of ALL) expect(other[group]).not.toBe(ours[group]);
  });

  it("differs between two customers with the same values (the cross-reference is hashed with them)", () => {
    const other = recordOf(makeCustomer({ id: "gid://shopify/Customer/7019999999999" }));
    expect(customerFingerprint(other, ["email"], KEY).email).not.toBe(
      customerFingerprint(recordOf(), ["email"], KEY).email,
    );
  });

  it("ignores fields outside the owned groups (F03012 attributes, search type)", () => {
    const record = recordOf();
    expect(
      customerFingerprint({ ...record, TRAR: "N60", TXA1: "X", ACL: "99", MCU: "200" }, ALL, KEY),
    ).toEqual(customerFingerprint(record, ALL, KEY));
  });

  it("is deterministic, and changes in exactly the group of any owned field that changes", () => {
    fc.assert(
      fc.property(ownedFields, groupField, fc.string({ maxLength: 40 }), (owned, { group, field }, value) => {
        const record = recordOf();
        const before = customerFingerprint(record, owned, KEY);
        expect(customerFingerprint({ ...record }, owned, KEY)).toEqual(before);
        const after = customerFingerprint({ ...record, [field]: value }, owned, KEY);
        for (const other of owned as CustomerFieldGroup[]) {
          const changed = other === group && value !== record[field];
          expect(after[other] !== before[other], `${other} after ${field} changed`).toBe(changed);
        }
      }),
    );
  });

  it("does not confuse a value moving between two fields of a group", () => {
    const record = recordOf();
    const moved = { ...record, ADD1: "", ADD2: record.ADD1 };
    expect(customerFingerprint(moved, ["address"], KEY)).not.toEqual(
      customerFingerprint(record, ["address"], KEY),
    );
  });
});

/** HMAC-SHA256(32 × 0x07, JSON ["mlc-customer-fingerprint/2","email","SH7011234567890",[["EMAL","ada@example.com"]]]). */
const PINNED_EMAIL_HASH = "1fefb03cd85ea342b38c2a331cdecc3bc74208397d40af61f8e3d7b7be789a40";
