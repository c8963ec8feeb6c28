import { describe, expect, it } from "vitest";
import { createCronSchedule } from "./cron-schedule.js";

describe("createCronSchedule", () => {
  it("fires on its seconds-field expression and never overlaps runs", async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const schedule = createCronSchedule({
      cron: "* * * * * *",
      task: async () => {
        runs++;
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        concurrent--;
      },
    });
    schedule.start();
    await new Promise((resolve) => setTimeout(resolve, 3300));
    await schedule.stop();
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(2);
    expect(maxConcurrent).toBe(1);
  });

  it("runNow shares a run in progress", async () => {
    let runs = 0;
    const schedule = createCronSchedule({ cron: "0 0 1 1 *", task: async () => void runs++ });
    await Promise.all([schedule.runNow(), schedule.runNow()]);
    expect(runs).toBe(1);
  });
});
