import { describe, expect, it } from "vitest";
import { mapOrderToJournalDocuments } from "./map-order-to-journal-documents.js";
import { lineTable } from "./test-support/line-table.js";
import { makePayment } from "./test-support/make-order.js";
import { makePolicy } from "./test-support/make-policy.js";
import { mapToDocuments } from "./test-support/map-to-documents.js";
import { makeOrder1042, minor } from "./test-support/reference-orders.js";

const AGREEMENT = "gid://shopify/OrderAgreement/1042";
const PAYMENTS = ["gid://shopify/OrderTransaction/9001", "gid://shopify/OrderTransaction/9002"];

/** #1042 (sold and paid 2026-03-14) with a 5.00 refund on 2026-04-02. */
function withAprilRefund() {
  const base = makeOrder1042();
  const refund = makePayment({
    id: "gid://shopify/OrderTransaction/9010",
    kind: "REFUND",
    amountMinor: minor("5.00"),
    processedAt: "2026-04-02T15:00:00Z",
  });
  return { ...base, paymentEvents: [...base.paymentEvents, refund] };
}

describe("closed periods (policy.openPeriod)", () => {
  it("posts an event of a closed period on the first open date and records its own date", () => {
    const policy = makePolicy({ openPeriod: { firstOpenDate: "2026-04-01", lastOpenDate: null } });
    const documents = mapToDocuments(withAprilRefund(), policy);
    expect(documents.map((d) => [d.glDate, d.eventIds, d.originalGlDates])).toEqual([
      [
        "2026-04-01",
        [AGREEMENT, ...PAYMENTS],
        { [AGREEMENT]: "2026-03-14", [PAYMENTS[0]!]: "2026-03-14", [PAYMENTS[1]!]: "2026-03-14" },
      ],
      ["2026-04-02", ["gid://shopify/OrderTransaction/9010"], undefined],
    ]);
    expect(lineTable(documents[0]!)).toContain("100.4100 Cr 130.00 revenue");
  });

  it("leaves dates inside the window alone and adds no originalGlDates", () => {
    const policy = makePolicy({ openPeriod: { firstOpenDate: "2026-03-01", lastOpenDate: "2026-04-30" } });
    const documents = mapToDocuments(withAprilRefund(), policy);
    expect(documents.map((d) => [d.glDate, "originalGlDates" in d])).toEqual([
      ["2026-03-14", false],
      ["2026-04-02", false],
    ]);
  });

  it("parks the order when an event is dated after the last open date, naming the date", () => {
    const policy = makePolicy({ openPeriod: { firstOpenDate: "2026-03-01", lastOpenDate: "2026-03-31" } });
    const result = mapOrderToJournalDocuments({ order: withAprilRefund(), policy, alreadyPosted: new Set() });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          code: "PERIOD_NOT_OPEN",
          message:
            "event gid://shopify/OrderTransaction/9010 is dated 2026-04-02, after JDE's last open date 2026-03-31",
          eventId: "gid://shopify/OrderTransaction/9010",
        },
      ],
    });
  });

  it("decides adoption on the event's own date, before any roll", () => {
    const policy = makePolicy({
      accountingStartDate: "2026-03-20",
      openPeriod: { firstOpenDate: "2026-04-01", lastOpenDate: null },
    });
    const result = mapOrderToJournalDocuments({ order: withAprilRefund(), policy, alreadyPosted: new Set() });
    expect(result.ok && result.adoptedEventIds).toEqual([AGREEMENT, ...PAYMENTS]);
    expect(result.ok && result.documents.map((d) => d.glDate)).toEqual(["2026-04-02"]);
  });

  it("reads effective-dated rules on the event's own date, not the rolled one", () => {
    const policy = makePolicy({
      openPeriod: { firstOpenDate: "2026-04-01", lastOpenDate: null },
      rules: [{ match: {}, costCenter: "150", effectiveFrom: "2026-04-01" }],
    });
    const [document] = mapToDocuments(makeOrder1042(), policy);
    expect(lineTable(document!)).toContain("100.4100 Cr 130.00 revenue");
  });

  it.each([
    ["a malformed first open date", { firstOpenDate: "2026-13-01", lastOpenDate: null }],
    ["a window that ends before it starts", { firstOpenDate: "2026-04-01", lastOpenDate: "2026-03-31" }],
  ])("refuses %s", (_name, openPeriod) => {
    const result = mapOrderToJournalDocuments({
      order: makeOrder1042(),
      policy: makePolicy({ openPeriod }),
      alreadyPosted: new Set(),
    });
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(["INVALID_POLICY"]);
  });
});
