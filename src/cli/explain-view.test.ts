import { describe, expect, it } from "vitest";
import type { OrderStory } from "../compose/order-story.js";
import type { JournalLine } from "../domain/journal.js";
import type { Job } from "../pipeline/job-queue.js";
import type { PostingDocument } from "../posting/posting-store.js";
import { candidateLines, explainJson, explainLines, summarizeDetail } from "./explain-view.js";

const at = new Date("2026-11-27T17:05:12.000Z");
const ORDER = "gid://shopify/Order/1042";

function line(
  object: string,
  amountMinor: bigint,
  kind: JournalLine["kind"],
  addressNumber?: string,
): JournalLine {
  return {
    account: { businessUnit: "100", object, subsidiary: "" },
    amountMinor,
    kind,
    explanation: "Shopify #1042",
    ...(addressNumber ? { addressNumber } : {}),
  };
}

function makeDocument(overrides: Partial<PostingDocument> = {}): PostingDocument {
  return {
    key: "acme/S1042-1",
    tenantId: "acme",
    orderId: ORDER,
    orderName: "#1042",
    sequence: 1,
    edtn: "S1042-1",
    kind: "order",
    reason: null,
    requestedBy: null,
    glDate: "2026-11-27",
    currency: "USD",
    decimals: 2,
    lines: [
      line("1130", 12_744n, "receivable", "4242"),
      line("1130", -12_744n, "receivable", "4242"),
      line("1115", 12_744n, "clearing"),
      line("4100", -11_800n, "revenue"),
      line("2110", -944n, "tax"),
    ],
    eventIds: ["gid://shopify/OrderAgreement/1", "gid://shopify/OrderTransaction/2"],
    status: "confirmed",
    batchId: "BM3X0001",
    documentNumber: "26000001",
    batchNumber: "70001",
    errors: [],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

function makeStory(overrides: Partial<OrderStory> = {}): OrderStory {
  const first = makeDocument();
  return {
    tenantId: "acme",
    orderId: ORDER,
    orderName: "#1042",
    foundBy: "order-name",
    addressNumber: "4242",
    events: [
      { eventId: "gid://shopify/OrderAgreement/1", status: "posted", documentKey: first.key, recordedAt: at },
      {
        eventId: "gid://shopify/OrderTransaction/2",
        status: "posted",
        documentKey: first.key,
        recordedAt: at,
      },
      { eventId: "gid://shopify/OrderAgreement/0", status: "adopted", documentKey: null, recordedAt: at },
    ],
    documents: [first],
    job: null,
    jobsDone: 2,
    audit: [
      {
        id: "1",
        tenantId: "acme",
        orderId: ORDER,
        orderName: "#1042",
        step: "order.read",
        webhookId: null,
        documentKey: null,
        batchId: null,
        detail: { trigger: "orders/create", salesEvents: ["gid://shopify/OrderAgreement/1"] },
        at,
      },
    ],
    ...overrides,
  };
}

describe("explainLines", () => {
  it("tells the order's story: header, events with their document, lines in debit and credit columns", () => {
    const lines = explainLines(makeStory());
    expect(lines.slice(0, 2)).toEqual([
      "#1042  gid://shopify/Order/1042  tenant acme  (found by order name)",
      "customer AN8: 4242",
    ]);
    expect(lines).toContain("Financial events (3)");
    expect(lines.find((l) => l.includes("OrderTransaction/2"))).toMatch(
      /^ {2}posted +OrderTransaction\/2 +in S1042-1 {2}2026-11-27T17:05:12.000Z$/,
    );
    expect(lines.find((l) => l.includes("OrderAgreement/0"))).toMatch(/adopted .*never sent/);
    expect(lines).toContain(
      "  1. order  EDTN S1042-1  GL 2026-11-27  confirmed  DOC 26000001  ICU 70001  batch BM3X0001",
    );
    const table = lines.slice(
      lines.indexOf(
        "  1. order  EDTN S1042-1  GL 2026-11-27  confirmed  DOC 26000001  ICU 70001  batch BM3X0001",
      ) + 1,
    );
    expect(table.slice(0, 7)).toEqual([
      "     account             debit  credit  kind",
      "     100.1130 AN8 4242  127.44          receivable",
      "     100.1130 AN8 4242          127.44  receivable",
      "     100.1115           127.44          clearing",
      "     100.4100                   118.00  revenue",
      "     100.2110                     9.44  tax",
      "     total USD          254.88  254.88  total = 0",
    ]);
    expect(lines).toContain("Order-sync job: none waiting (2 runs done)");
    expect(lines.at(-1)).toBe(
      "  2026-11-27T17:05:12.000Z  order.read           trigger=orders/create salesEvents=OrderAgreement/1",
    );
  });

  it("shows a correction's reason and requester, and a rejected document's errors", () => {
    const correction = makeDocument({
      key: "acme/S1042-2",
      sequence: 2,
      edtn: "S1042-2",
      kind: "correction",
      reason: "Reno DC is BU 140",
      requestedBy: "ops",
      status: "rejected",
      documentNumber: null,
      batchNumber: null,
      errors: [{ code: "0019", description: "Document Out Of Balance" }],
      lines: [line("4100", 11_800n, "revenue"), line("4120", -11_800n, "revenue")],
    });
    const lines = explainLines(makeStory({ documents: [makeDocument(), correction] }));
    const start = lines.indexOf("  2. correction  EDTN S1042-2  GL 2026-11-27  rejected  batch BM3X0001");
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 3)).toEqual([
      "     reason: Reno DC is BU 140 (requested by ops)",
      "     error 0019: Document Out Of Balance",
    ]);
  });

  it.each([
    ["JPY", 0, 12_744n, "12744"],
    ["KWD", 3, 12_744n, "12.744"],
    ["USD", 2, 5n, "0.05"],
  ])("prints %s amounts with the document's %i decimals", (currency, decimals, amountMinor, shown) => {
    const document = makeDocument({
      currency,
      decimals,
      lines: [line("1115", amountMinor, "clearing"), line("4100", -amountMinor, "revenue")],
    });
    const lines = explainLines(makeStory({ documents: [document] }));
    const header = lines.find((l) => l.trim().startsWith("account")) ?? "";
    const endOf = (text: string, part: string) => text.indexOf(part) + part.length;
    const debitRow = lines.find((l) => l.includes("100.1115")) ?? "";
    const creditRow = lines.find((l) => l.includes("100.4100")) ?? "";
    expect(debitRow).toMatch(new RegExp(`^ {5}100\\.1115 +${shown.replace(".", "\\.")} +clearing$`));
    expect(endOf(debitRow, shown)).toBe(endOf(header, "debit"));
    expect(endOf(creditRow, shown)).toBe(endOf(header, "credit"));
    expect(lines.find((l) => l.includes(`total ${currency}`))).toMatch(/ total = 0$/);
  });

  it("flags a document whose lines do not net to zero", () => {
    const document = makeDocument({
      lines: [line("1115", 1_000n, "clearing"), line("4100", -999n, "revenue")],
    });
    expect(explainLines(makeStory({ documents: [document] })).find((l) => l.includes("total USD"))).toMatch(
      /10\.00 +9\.99 {2}OUT OF BALANCE by 0\.01$/,
    );
  });

  it("shows a parked order-sync job with its code, reason and last error", () => {
    const job: Job = {
      id: "j1",
      tenantId: "acme",
      kind: "order-sync",
      key: ORDER,
      payload: {},
      status: "parked",
      runAt: at,
      attempts: 3,
      lastError: "MLC_JDE_ACCOUNT_INVALID",
      parkCode: "MLC_JDE_ACCOUNT_INVALID",
      parkReason: "account 100.4999 does not exist in JDE company 00100",
      rerun: false,
      leaseOwner: null,
      leaseExpiresAt: null,
      createdAt: at,
      updatedAt: at,
    };
    const lines = explainLines(makeStory({ job, jobsDone: 0, documents: [], events: [] }));
    expect(lines).toContain(
      "Order-sync job: parked  attempts 3  park MLC_JDE_ACCOUNT_INVALID: account 100.4999 does not exist in JDE company 00100  last error: MLC_JDE_ACCOUNT_INVALID  (0 runs done)",
    );
    expect(lines).toContain("  none recorded");
    expect(lines).toContain("Documents (0)");
  });
});

describe("summarizeDetail", () => {
  it("keeps one line: scalars as they are, records counted, GIDs shortened, long text cut", () => {
    expect(
      summarizeDetail(
        {
          edtn: "S1042-1",
          eventIds: ["gid://shopify/OrderAgreement/1", "gid://shopify/OrderTransaction/2"],
          lines: [{ account: {} }, { account: {} }],
          events: { sales: [{ id: 1 }], payments: [] },
          documentNumber: null,
          lineCount: 2,
        },
        200,
      ),
    ).toBe(
      "edtn=S1042-1 eventIds=OrderAgreement/1,OrderTransaction/2 lines=[2] events={sales:[1],payments:[]} documentNumber=- lineCount=2",
    );
    const long = summarizeDetail({ reason: "x".repeat(300) }, 40);
    expect(long).toHaveLength(40);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("explainJson", () => {
  it("prints one JSON document with exact amounts as strings and each document's total", () => {
    const huge = 2n ** 63n - 1n;
    const document = makeDocument({
      lines: [line("1115", huge, "clearing"), line("4100", -huge, "revenue")],
    });
    const parsed = JSON.parse(explainJson(makeStory({ documents: [document] })));
    expect(parsed.documents[0].lines[0]).toMatchObject({
      account: "100.1115",
      amountMinor: "9223372036854775807",
      amount: "92233720368547758.07",
    });
    expect(parsed.documents[0].totalMinor).toBe("0");
    expect(parsed).toMatchObject({
      tenantId: "acme",
      orderName: "#1042",
      addressNumber: "4242",
      jobsDone: 2,
    });
    expect(parsed.events[2]).toEqual({
      eventId: "gid://shopify/OrderAgreement/0",
      status: "adopted",
      documentKey: null,
      recordedAt: "2026-11-27T17:05:12.000Z",
    });
  });
});

describe("candidateLines", () => {
  it("lists every matching order with its tenant and says how to pick one", () => {
    expect(
      candidateLines("#1042", [
        { tenantId: "acme", orderId: ORDER, orderName: "#1042" },
        { tenantId: "beta", orderId: "gid://shopify/Order/77", orderName: "#1042" },
      ]),
    ).toEqual([
      "2 orders match #1042; pick one with --order-id (and --tenant):",
      "  gid://shopify/Order/1042  #1042  tenant acme",
      "  gid://shopify/Order/77  #1042  tenant beta",
    ]);
  });
});
