import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCronSchedule } from "./cron-schedule.js";

const START_MS = Date.UTC(2026, 0, 1, 0, 0, 0, 500);

// Fake timers drive croner's setTimeout and Date, so the schedule runs in simulated seconds.
beforeEach(() => {
  vi.useFakeTimers({ now: START_MS });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createCronSchedule", () => {
  it("fires on its seconds-field expression and skips a tick while the previous run is still going", async () => {
    const startedAtMs: number[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const schedule = createCronSchedule({
      cron: "* * * * * *",
      task: async () => {
        startedAtMs.push(Date.now() - START_MS);
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        concurrent--;
      },
    });
    schedule.start();
    await vi.advanceTimersByTimeAsync(3300);
    // Ticks at +0.5 s, +1.5 s, +2.5 s: the first runs until +2.0 s, so the second is skipped.
    expect(startedAtMs).toEqual([500, 2500]);
    const stopped = schedule.stop();
    await vi.advanceTimersByTimeAsync(1500);
    await stopped;
    expect(concurrent).toBe(0);
    expect(maxConcurrent).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(startedAtMs).toHaveLength(2);
  });

  it("runNow shares a run in progress", async () => {
    let runs = 0;
    const schedule = createCronSchedule({ cron: "0 0 1 1 *", task: async () => void runs++ });
    await Promise.all([schedule.runNow(), schedule.runNow()]);
    expect(runs).toBe(1);
  });
});
