import { describe, expect, it } from "vitest";
import type { JournalLine, JournalLineKind } from "../domain/journal.js";
import { orderAddressNumberOf } from "./order-address-number-of.js";
import type { DocumentKind } from "./posting-store.js";

const line = (kind: JournalLineKind, amountMinor: bigint, addressNumber?: string): JournalLine => ({
  account: { businessUnit: "100", object: kind === "receivable" ? "1130" : "4100", subsidiary: "" },
  amountMinor,
  kind,
  explanation: kind,
  ...(addressNumber === undefined ? {} : { addressNumber }),
});
/** A document whose receivable carries `addressNumber` (none when undefined). */
const document = (sequence: number, addressNumber?: string, kind: DocumentKind = "order") => ({
  kind,
  sequence,
  lines: [line("receivable", 1_000n, addressNumber), line("revenue", -1_000n)],
});

describe("orderAddressNumberOf", () => {
  it.each([
    { name: "no documents", documents: [], expected: null },
    { name: "documents recorded before customers were configured", documents: [document(1)], expected: null },
    { name: "the only AN8", documents: [document(1, "4242")], expected: "4242" },
    {
      name: "the earliest document carrying one, not a document without one",
      documents: [document(1), document(2, "9001"), document(3, "7000")],
      expected: "9001",
    },
    {
      name: "the earliest by sequence, whatever order they are given in",
      documents: [document(3, "7000"), document(2, "9001")],
      expected: "9001",
    },
    { name: "a correction's", documents: [document(1), document(2, "6100", "correction")], expected: "6100" },
    { name: "never a summary's", documents: [document(1, "5000", "summary")], expected: null },
  ])("answers $name", ({ documents, expected }) => {
    expect(orderAddressNumberOf(documents)).toBe(expected);
  });

  it("reads the receivable lines only", () => {
    const lines = [line("revenue", -1_000n, "8000"), line("receivable", 1_000n, "4242")];
    expect(orderAddressNumberOf([{ kind: "order", sequence: 1, lines }])).toBe("4242");
  });
});
