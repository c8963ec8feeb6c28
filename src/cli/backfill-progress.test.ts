import { describe, expect, it } from "vitest";
import type { BackfillProgress } from "../pipeline/backfill.js";
import { parseDay } from "./backfill-command.js";
import { createBackfillProgress, describeProgress, progressBar } from "./backfill-progress.js";

const running = (objectCount: number): BackfillProgress => ({
  status: "RUNNING",
  objectCount,
  read: 0,
  queued: 0,
});
const reading = (read: number, queued = read): BackfillProgress => ({
  status: "COMPLETED",
  objectCount: 1000,
  read,
  queued,
});

function setup(tty: boolean) {
  let nowMs = 0;
  const written: string[] = [];
  const progress = createBackfillProgress({
    write: (text) => written.push(text),
    tty,
    now: () => nowMs,
    verb: "queued",
    plainIntervalMs: 5000,
  });
  return { progress, written, advance: (ms: number) => (nowMs += ms) };
}

describe("backfill progress", () => {
  it("describes the bulk operation, then the orders read and queued", () => {
    expect(describeProgress(running(12_000), "queued")).toBe("bulk RUNNING · 12,000 objects");
    expect(describeProgress({ ...reading(450, 400), objectCount: 100_000 }, "previewed")).toBe(
      "bulk COMPLETED · 450/100,000 read · 400 previewed",
    );
  });

  it("draws a bar only once the total is known", () => {
    expect(progressBar(running(500))).toBe("");
    expect(progressBar(reading(500))).toBe(`[${"#".repeat(12)}${"-".repeat(12)}]  50% `);
    expect(progressBar(reading(1000))).toBe(`[${"#".repeat(24)}] 100% `);
  });

  it("redraws one terminal line at most every 100 ms, at once when the status changes", () => {
    const { progress, written, advance } = setup(true);
    progress.update(running(0));
    progress.update(running(2000));
    advance(50);
    progress.update(running(4000));
    progress.update(reading(0));
    for (let i = 1; i <= 100; i++) {
      advance(5);
      progress.update(reading(i * 10));
    }
    progress.finish();
    expect(written.every((w) => w === "\n" || w.startsWith("\r\x1b[2K"))).toBe(true);
    // first draw, the status change, one per 100 ms of the 500 ms of reading (the last is final), newline
    expect(written).toHaveLength(1 + 1 + 5 + 1);
    expect(written.at(-2)).toContain("1,000/1,000 read · 1,000 queued");
    expect(written.at(-1)).toBe("\n");
  });

  it("writes plain lines elsewhere: on status changes, every interval, and at the end", () => {
    const { progress, written, advance } = setup(false);
    progress.update(running(0));
    progress.update(reading(0));
    for (let i = 1; i <= 1000; i++) {
      advance(10);
      progress.update(reading(i));
    }
    progress.finish();
    expect(written).toEqual([
      "backfill: bulk RUNNING · 0 objects\n",
      "backfill: bulk COMPLETED · 0/1,000 read · 0 queued\n",
      "backfill: bulk COMPLETED · 500/1,000 read · 500 queued\n",
      "backfill: bulk COMPLETED · 1,000/1,000 read · 1,000 queued\n",
    ]);
    progress.update(reading(1000));
    progress.finish();
    expect(written).toHaveLength(4);
  });
});

describe("backfill dates", () => {
  it.each([
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
  ])("reads %s as 00:00 UTC", (text, iso) => {
    expect(parseDay(text)?.toISOString()).toBe(iso);
  });

  it.each(["2026-02-30", "2026-13-01", "2026-1-1", "yesterday", "2026-11-01T10:00:00Z"])(
    "refuses %s",
    (text) => {
      expect(parseDay(text)).toBeNull();
    },
  );
});
