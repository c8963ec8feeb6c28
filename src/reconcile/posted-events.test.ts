import { describe, expect, it } from "vitest";
import { documentsWithUnpostedEvents, earliestDate, postedEventIds } from "./posted-events.js";
import { makeConnectorDocument } from "./test-support/reconcile-builders.js";

describe("postedEventIds", () => {
  it("holds the events of every document JDE did not reject, queued ones included", () => {
    const posted = postedEventIds([
      makeConnectorDocument(1, { status: "pending" }),
      makeConnectorDocument(2, { status: "rejected" }),
      makeConnectorDocument(3, { glDate: "2026-12-04" }),
    ]);
    expect([...posted].sort()).toEqual(["evt-1-1", "evt-3-1"]);
  });
});

describe("documentsWithUnpostedEvents", () => {
  it("keeps the documents with at least one event no connector document holds", () => {
    const documents = [
      { glDate: "2026-11-02", eventIds: ["a", "b"] },
      { glDate: "2026-11-03", eventIds: ["c"] },
    ];
    expect(documentsWithUnpostedEvents(documents, new Set(["a", "c"]))).toEqual([documents[0]]);
  });
});

describe("earliestDate", () => {
  it.each([
    [["2026-11-20", "2026-11-03", "2026-11-30"], "2026-11-03"],
    [[], "2026-11-01"],
  ])("of %j is %s (the fallback when there is none)", (dates, earliest) => {
    expect(earliestDate(dates, "2026-11-01")).toBe(earliest);
  });
});
