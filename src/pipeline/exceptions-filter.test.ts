import { describe, expect, it } from "vitest";
import type { ExceptionRecord } from "./exceptions.js";
import {
  groupByCause,
  narrowsSelection,
  parseExceptionFilter,
  selectExceptions,
} from "./exceptions-filter.js";

function record(overrides: Partial<ExceptionRecord>): ExceptionRecord {
  return {
    tenantId: "acme",
    status: "parked",
    cause: "unmapped_account",
    orderId: "gid://shopify/Order/1001",
    orderName: "#1001",
    since: new Date("2026-11-20T10:00:00Z"),
    code: "MLC_JDE_ACCOUNT_INVALID",
    reason: "account 100.4999 does not exist",
    action: "unpark",
    source: { type: "job", jobId: "1", attempts: 0 },
    ...overrides,
  };
}

const parked = record({});
const rejected = record({
  status: "rejected",
  cause: "jde_edit_error",
  orderId: "gid://shopify/Order/1002",
  orderName: "#1002",
  since: new Date("2026-11-30T23:59:59Z"),
  code: "0099",
  action: "look-up",
  source: { type: "document", documentKey: "acme/S1-1", edtn: "S1-1", glDate: "2026-11-30", kind: "order" },
});
const unnamed = record({
  orderId: "gid://shopify/Order/1003",
  orderName: null,
  status: "retrying",
  cause: "ais_unavailable",
  since: new Date("2026-12-01T00:00:00Z"),
  action: "retry-now",
});
const all = [parked, rejected, unnamed];

describe("selecting exceptions", () => {
  it.each([
    ["a cause", { cause: "jde_edit_error" as const }, [rejected]],
    ["a status", { status: "retrying" as const }, [unnamed]],
    ["an order name with #", { orders: ["#1002"] }, [rejected]],
    ["an order name without #", { orders: ["1001"] }, [parked]],
    ["a numeric order id (an order without a name)", { orders: ["1003"] }, [unnamed]],
    ["an order GID", { orders: ["gid://shopify/Order/1002"] }, [rejected]],
    ["several orders", { orders: ["1001", "#1002"] }, [parked, rejected]],
    ["an unknown order", { orders: ["#9999"] }, []],
    [
      "a date range (from inclusive, until exclusive)",
      { from: new Date("2026-11-30T00:00:00Z"), until: new Date("2026-12-01T00:00:00Z") },
      [rejected],
    ],
    [
      "a cause and a status together (AND)",
      { cause: "unmapped_account" as const, status: "retrying" as const },
      [],
    ],
    ["nothing: everything", {}, all],
  ])("by %s", (_what, filter, expected) => {
    expect(selectExceptions(all, filter)).toEqual(expected);
  });

  it("tells an empty selector from a narrowing one", () => {
    expect(narrowsSelection({})).toBe(false);
    expect(narrowsSelection({ orders: [" ", ""] })).toBe(false);
    expect(narrowsSelection({ orders: ["#1001"] })).toBe(true);
    expect(narrowsSelection({ cause: "other" })).toBe(true);
    expect(narrowsSelection({ status: "parked" })).toBe(true);
    expect(narrowsSelection({ until: new Date() })).toBe(true);
  });

  it("groups by cause in the fixed order of causes, empty causes left out", () => {
    const groups = groupByCause([unnamed, rejected, parked, record({ orderId: "x" })]);
    expect(groups.map((g) => [g.cause, g.records.length])).toEqual([
      ["unmapped_account", 2],
      ["jde_edit_error", 1],
      ["ais_unavailable", 1],
    ]);
  });
});

describe("parsing a filter as typed", () => {
  it("reads causes, statuses, orders and whole UTC days (to = through the end of that day)", () => {
    expect(
      parseExceptionFilter({
        cause: "closed_period",
        status: "parked",
        orders: [" #1001 ", ""],
        from: "2026-11-01",
        to: "2026-11-30",
      }),
    ).toEqual({
      ok: true,
      filter: {
        cause: "closed_period",
        status: "parked",
        orders: ["#1001"],
        from: new Date("2026-11-01T00:00:00Z"),
        until: new Date("2026-12-01T00:00:00Z"),
      },
    });
    expect(parseExceptionFilter({})).toEqual({ ok: true, filter: {} });
  });

  it("reports every problem at once", () => {
    const parsed = parseExceptionFilter({
      cause: "typo",
      status: "done",
      from: "2026-02-30",
      to: "30.11.2026",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toContain("--cause expects one of unmapped_account, closed_period");
    expect(parsed.problem).toContain("--status expects one of parked, rejected, unknown, retrying, got done");
    expect(parsed.problem).toContain("--from expects a date YYYY-MM-DD, got 2026-02-30");
    expect(parsed.problem).toContain("--to expects a date YYYY-MM-DD, got 30.11.2026");
  });

  it("refuses a range that ends before it starts", () => {
    expect(parseExceptionFilter({ from: "2026-12-01", to: "2026-11-30" })).toEqual({
      ok: false,
      problem: "--from 2026-12-01 is after --to 2026-11-30",
    });
  });
});
