import { describe, expect, it } from "vitest";
import type { NewAuditEntry } from "../audit/audit-log.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { dropGoneLinks } from "./drop-gone-links.js";

const at = new Date("2026-11-27T10:00:00.000Z");
const links = [
  { customerId: "gid://shopify/Customer/1", addressNumber: "9001" },
  { customerId: "gid://shopify/Customer/2", addressNumber: "9002" },
];

/** F0101 holding `existing` (or failing with it), and the links and audit entries the call touched. */
function setup(existing: string[] | Error) {
  const removed: string[] = [];
  const audited: NewAuditEntry[] = [];
  const run = () =>
    dropGoneLinks({
      deps: {
        tenantId: "acme",
        clock: { now: () => at, sleep: async () => {} },
        links: { remove: async (_tenantId, customerGid) => removed.push(customerGid) > 0 },
        audit: {
          append: async (entry) => {
            audited.push(entry);
            const none = {
              orderId: null,
              orderName: null,
              webhookId: null,
              documentKey: null,
              batchId: null,
            };
            return { id: String(audited.length), ...none, detail: {}, ...entry };
          },
        },
      },
      port: {
        existingAddressNumbers: async () => {
          if (existing instanceof Error) throw existing;
          return new Set(existing);
        },
      },
      links,
    });
  return { run, removed, audited };
}

describe("dropGoneLinks", () => {
  it("drops and audits the links whose record F0101 no longer holds, each answering MLC_JDE_CUSTOMER_GONE", async () => {
    const t = setup(["9001"]);
    const dropped = await t.run();
    expect([...dropped.keys()]).toEqual(["gid://shopify/Customer/2"]);
    expect(dropped.get("gid://shopify/Customer/2")).toMatchObject({
      code: "MLC_JDE_CUSTOMER_GONE",
      retryable: true,
    });
    expect(t.removed).toEqual(["gid://shopify/Customer/2"]);
    expect(t.audited).toEqual([
      {
        tenantId: "acme",
        step: "customer.link_dropped",
        at,
        detail: { customerId: "gid://shopify/Customer/2", addressNumber: "9002", why: "not in F0101" },
      },
    ]);
  });

  it("drops nothing when JDE cannot be asked for now (a retryable failure)", async () => {
    const t = setup(new ConnectorError("MLC_AIS_UNAVAILABLE", "AIS answered 503"));
    expect((await t.run()).size).toBe(0);
    expect(t.removed).toEqual([]);
    expect(t.audited).toEqual([]);
  });

  it.each([
    [
      "a failure waiting will not cure",
      new ConnectorError("MLC_AIS_UNAVAILABLE", "no", { retryable: false }),
    ],
    ["a programming error", new TypeError("Cannot read properties of undefined")],
  ])("throws %s instead of swallowing it", async (_, error) => {
    const t = setup(error);
    await expect(t.run()).rejects.toBe(error);
    expect(t.removed).toEqual([]);
  });
});
