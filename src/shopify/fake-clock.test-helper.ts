import type { Clock } from "../lib/clock.js";

/** A clock whose sleep advances time instantly and records each wait (tests only). */
export function createFakeClock(startMs = Date.UTC(2026, 10, 27, 12, 0, 0)) {
  let nowMs = startMs;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => new Date(nowMs),
    sleep: async (ms) => {
      sleeps.push(ms);
      nowMs += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (nowMs += ms) };
}
