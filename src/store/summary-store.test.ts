import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { JournalLine } from "../domain/journal.js";
import type { PostingStore } from "../posting/posting-store.js";
import type { NewContribution, SummaryStore } from "../posting/summary-store.js";

const t0 = new Date("2026-11-28T10:00:00.000Z");
const line = (object: string, amountMinor: bigint, kind: JournalLine["kind"]): JournalLine => ({
  account: { businessUnit: "100", object, subsidiary: "" },
  amountMinor,
  kind,
  explanation: kind,
  addressNumber: "4711",
});
const contribution = (eventIds: string[], amount = 1_000n, glDate = "2026-11-27"): NewContribution => ({
  glDate,
  currency: "USD",
  decimals: 2,
  lines: [line("1115", amount, "clearing"), line("4100", -amount, "revenue")],
  eventIds,
});
const contribute = (summaries: SummaryStore, order: number, contributions: NewContribution[]) =>
  summaries.recordContributions({
    tenantId: "acme",
    orderId: `gid://shopify/Order/${order}`,
    orderName: `#${order}`,
    contributions,
    now: t0,
  });

describe.each(backends)("SummaryStore on %s", (backend) => {
  let fresh: FreshStore;
  let summaries: SummaryStore;
  let posting: PostingStore;
  beforeAll(async () => {
    fresh = await freshStore(backend, { clock: { now: () => t0 } });
    summaries = fresh.store.summaries;
    posting = fresh.store.posting;
  });
  beforeEach(async () => {
    await fresh.reset();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("records a contribution's events once, in the same ledger as documents", async () => {
    const first = await contribute(summaries, 1, [contribution(["a-1", "p-1"])]);
    expect(first.recorded).toMatchObject([{ orderName: "#1", glDate: "2026-11-27", documentKey: null }]);
    expect(first.recorded[0]?.lines[0]?.amountMinor).toBe(1_000n);
    const again = await contribute(summaries, 1, [
      contribution(["a-1", "p-1"]),
      contribution(["p-1", "r-1"]),
    ]);
    expect(again).toEqual({
      recorded: [],
      skipped: [
        { eventIds: ["a-1", "p-1"], reason: "already-posted" },
        { eventIds: ["p-1", "r-1"], reason: "partially-posted" },
      ],
    });
    expect(await posting.postedEventIds("acme", "gid://shopify/Order/1")).toEqual(new Set(["a-1", "p-1"]));
    expect(await summaries.openContributions("acme")).toHaveLength(1);
  });

  it("closes a day into one document its events point to, then a supplement for a late one", async () => {
    const a = await contribute(summaries, 1, [contribution(["a-1"])]);
    const b = await contribute(summaries, 2, [contribution(["a-2"], 500n)]);
    const ids = [...a.recorded, ...b.recorded].map((c) => c.id);
    const close = (contributionIds: string[]) =>
      summaries.closeSummary({
        tenantId: "acme",
        glDate: "2026-11-27",
        currency: "USD",
        decimals: 2,
        lines: [line("1115", 1_500n, "clearing"), line("4100", -1_500n, "revenue")],
        contributionIds,
        reference: "Shopify 2026-11-27",
        edtnForSequence: (n) => `D261127-${n}`,
        now: t0,
      });
    const closed = await close(ids);
    expect(closed).toMatchObject({
      ok: true,
      document: { key: "acme/D261127-1", kind: "summary", orderName: "Shopify 2026-11-27", sequence: 1 },
    });
    expect(closed.ok && closed.document?.eventIds.sort()).toEqual(["a-1", "a-2"]);
    expect(await close(ids)).toEqual({ ok: false, reason: "already-closed" });
    expect(await summaries.openContributions("acme")).toEqual([]);
    expect(
      await summaries.listContributions({ tenantId: "acme", orderId: "gid://shopify/Order/2" }),
    ).toMatchObject([{ documentKey: "acme/D261127-1" }]);
    const late = await contribute(summaries, 3, [contribution(["a-3"])]);
    expect(await close(late.recorded.map((c) => c.id))).toMatchObject({
      document: { edtn: "D261127-2", sequence: 2 },
    });
    expect((await posting.getDocument("acme/D261127-2"))?.kind).toBe("summary");
  });

  it("closes contributions that net to zero without a document", async () => {
    const [netZero] = (await contribute(summaries, 4, [contribution(["a-4"])])).recorded;
    const result = await summaries.closeSummary({
      tenantId: "acme",
      glDate: "2026-11-27",
      currency: "USD",
      decimals: 2,
      lines: [],
      contributionIds: [netZero?.id ?? ""],
      reference: "Shopify 2026-11-27",
      edtnForSequence: (n) => `D261127-${n}`,
    });
    expect(result).toEqual({ ok: true, document: null });
    expect(await summaries.openContributions("acme")).toEqual([]);
    expect(await posting.listDocuments({ tenantId: "acme" })).toEqual([]);
  });
});
