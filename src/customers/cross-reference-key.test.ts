import { describe, expect, it } from "vitest";
import { crossReferenceKey } from "./cross-reference-key.js";

describe("crossReferenceKey", () => {
  it.each([
    ["gid://shopify/Customer/7011234567890", "SH", "SH7011234567890"],
    ["gid://shopify/Customer/1234567890123456", "SHOP", "SHOP1234567890123456"],
    ["gid://shopify/Customer/1", "X", "X1"],
  ])("writes %s with prefix %s as %s", (gid, prefix, key) => {
    expect(crossReferenceKey(gid, prefix)).toBe(key);
  });

  it.each([
    ["a key longer than ALKY's 20 characters", "gid://shopify/Customer/12345678901234567", "SHOP"],
    ["another resource's GID", "gid://shopify/Order/7011234567890", "SH"],
    ["a GID with a query string", "gid://shopify/Customer/70?x=1", "SH"],
    ["a bare number", "7011234567890", "SH"],
    ["a zero-padded id", "gid://shopify/Customer/0701", "SH"],
  ])("gives no key for %s (never a cut one)", (_case, gid, prefix) => {
    expect(crossReferenceKey(gid, prefix)).toBeNull();
  });
});
