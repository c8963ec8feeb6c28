import { describe, expect, it } from "vitest";
import { CUSTOMERS, parsedConfig, tenantConfig } from "./config-fixture.test-helper.js";
import { customersUnusedInSummaryMode, syncsCustomers } from "./syncs-customers.js";

describe("which tenants sync customers", () => {
  it.each([
    ["a customers block, per-order posting", { ...CUSTOMERS }, true],
    ["a customers block, summary: none", { ...CUSTOMERS, summary: "none" }, true],
    ["a customers block, summary: daily", { ...CUSTOMERS, summary: "daily" }, false],
    [
      "a customers block with sync: none",
      { customers: { genericAddressNumber: "4242", sync: "none" } },
      false,
    ],
    ["no customers block", {}, false],
  ])("%s → syncs customers: %s", (_name, extra, expected) => {
    const [configured] = parsedConfig(tenantConfig("acme", extra)).tenants;
    expect(syncsCustomers(configured!)).toBe(expected);
  });

  it.each([
    ["a customers block, summary: daily", { ...CUSTOMERS, summary: "daily" }, true],
    [
      "a customers block with sync: none, summary: daily",
      { customers: { genericAddressNumber: "4242", sync: "none" }, summary: "daily" },
      true,
    ],
    ["a customers block, per-order posting", { ...CUSTOMERS }, false],
    ["no customers block, summary: daily", { summary: "daily" }, false],
  ])("%s → customers block unused: %s", (_name, extra, expected) => {
    const [configured] = parsedConfig(tenantConfig("acme", extra)).tenants;
    expect(customersUnusedInSummaryMode(configured!)).toBe(expected);
  });
});
