import { describe, expect, it } from "vitest";
import type { ExceptionRecord } from "../pipeline/exceptions.js";
import type { ReplayReport } from "../pipeline/replay.js";
import type { PostingDocument } from "../posting/posting-store.js";
import { replayJson, replayLines } from "./replay-command.js";

const account = (object: string) => ({ businessUnit: "100", object, subsidiary: "" });

const parked: ExceptionRecord = {
  tenantId: "acme",
  status: "parked",
  cause: "unmapped_account",
  orderId: "gid://shopify/Order/1001",
  orderName: "#1001",
  since: new Date("2026-11-27T10:00:00Z"),
  code: "MLC_JDE_ACCOUNT_INVALID",
  reason: "account 100.4999 does not exist",
  action: "unpark",
  source: { type: "job", jobId: "7", attempts: 0 },
};
const rejected: ExceptionRecord = {
  ...parked,
  status: "rejected",
  cause: "jde_edit_error",
  orderId: "gid://shopify/Order/1002",
  orderName: "#1002",
  code: "0099",
  action: "look-up",
  source: { type: "document", documentKey: "acme/S2-1", edtn: "S2-1", glDate: "2026-11-26", kind: "order" },
};
const outstanding: ExceptionRecord = { ...rejected, status: "unknown", code: null, action: "none" };

const document = {
  edtn: "S2-1",
  glDate: "2026-11-26",
  currency: "USD",
  decimals: 2,
  eventIds: ["gid://shopify/OrderAgreement/2"],
  lines: [
    { account: account("1115"), amountMinor: 3_240n, kind: "clearing", explanation: "x" },
    { account: account("4100"), amountMinor: -3_000n, kind: "revenue", explanation: "x" },
    { account: account("2110"), amountMinor: -240n, kind: "tax", explanation: "x" },
  ],
} as unknown as PostingDocument;

const dryRun: ReplayReport = {
  dryRun: true,
  selected: 3,
  replayed: [
    { record: parked, result: "unparked" },
    { record: rejected, result: "look-up" },
  ],
  skipped: [{ record: outstanding, why: "JDE's answer is outstanding" }],
  previews: [
    {
      type: "order",
      orderId: parked.orderId,
      orderName: "#1001",
      preview: {
        orderId: parked.orderId,
        orderName: "#1001",
        outcome: "post",
        documents: [
          {
            glDate: "2026-11-27",
            currency: "USD",
            decimals: 2,
            eventIds: ["gid://shopify/OrderAgreement/1"],
            accounts: [
              { account: "100.1130", debitMinor: 2_500n, creditMinor: 0n },
              { account: "100.4999", debitMinor: 0n, creditMinor: 2_500n },
            ],
          },
        ],
        adoptedEventIds: [],
        alreadyPostedEventIds: ["gid://shopify/OrderTransaction/9"],
        skipped: [],
        parkCode: null,
        problems: [],
      },
    },
    { type: "document", record: rejected, document },
  ],
};

describe("the replay report", () => {
  it("dry run: each order's documents with GL date and debits/credits per account, skipped events, then the plan", () => {
    expect(replayLines("acme", dryRun)).toEqual([
      "Dry run: 3 exception(s) of tenant acme selected; nothing is written.",
      "",
      "#1001  gid://shopify/Order/1001 → its order-sync job would record 1 document(s):",
      "  document 1  GL 2026-11-27  USD  events OrderAgreement/1",
      "    account    debit  credit",
      "    100.1130   25.00",
      "    100.4999           25.00",
      "    total USD  25.00   25.00",
      "  already posted, skipped: OrderTransaction/9",
      "",
      "#1002  rejected S2-1 0099 → the document would be looked up in JDE and re-sent as recorded only if JDE holds none of it:",
      "  document S2-1  GL 2026-11-26  USD  events OrderAgreement/2",
      "    account    debit  credit",
      "    100.1115   32.40",
      "    100.4100           30.00",
      "    100.2110            2.40",
      "    total USD  32.40   32.40",
      "",
      "Would replay 2 of 3:",
      "  #1001  parked MLC_JDE_ACCOUNT_INVALID  → its order-sync job would run again",
      "  #1002  rejected S2-1 0099  → the document would be looked up in JDE and re-sent as recorded only if JDE holds none of it",
      "Skipped 1:",
      "  #1002  unknown S2-1 -  — JDE's answer is outstanding",
    ]);
  });

  it("a real run: what was replayed, and who does the work", () => {
    const lines = replayLines("acme", { ...dryRun, dryRun: false, previews: [] });
    expect(lines[0]).toBe("Replayed 2 of 3:");
    expect(lines[1]).toBe("  #1001  parked MLC_JDE_ACCOUNT_INVALID  → order-sync job unparked");
    expect(lines.at(-1)).toContain("The running service (`ml-connector serve`) does the work");
  });

  it("says when nothing matches", () => {
    const none = { dryRun: false, selected: 0, replayed: [], skipped: [], previews: [] };
    expect(replayLines("acme", none)).toEqual(["No exception of tenant acme matches: nothing to replay."]);
  });

  it("JSON: one document, amounts as strings", () => {
    const json = JSON.parse(replayJson("acme", dryRun));
    expect(json).toMatchObject({ tenant: "acme", dryRun: true, selected: 3 });
    expect(json.previews[0].preview.documents[0].accounts[1]).toEqual({
      account: "100.4999",
      debitMinor: "0",
      creditMinor: "2500",
    });
    expect(json.previews[1].document.lines[0].amountMinor).toBe("3240");
  });
});
