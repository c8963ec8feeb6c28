import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import { createRefreshLoop } from "./refresh-loop.js";

const log = createLogger({ level: "silent" });
const until = async (check: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe("refresh loop", () => {
  it("reloads on its interval and hands every new value to onLoaded", async () => {
    let version = 0;
    const seen: number[] = [];
    const loop = createRefreshLoop({
      name: "t",
      load: async () => (version += 1),
      intervalMs: 20,
      retryMs: 5,
      log,
      onLoaded: (v) => seen.push(v),
    });
    expect(loop.current()).toBeUndefined();
    await loop.refreshOnce();
    loop.start();
    await until(() => seen.length >= 3);
    await loop.stop();
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    expect(loop.current()).toBe(seen.at(-1));
  });

  it("keeps the last good value through failures and retries sooner until the load succeeds", async () => {
    let calls = 0;
    let failing = false;
    const loop = createRefreshLoop({
      name: "t",
      load: async () => {
        calls += 1;
        if (failing) throw new Error("AIS down");
        return calls;
      },
      intervalMs: 10_000,
      retryMs: 5,
      log,
    });
    await loop.refreshOnce();
    failing = true;
    await expect(loop.refreshOnce()).rejects.toThrow("AIS down");
    expect(loop.current()).toBe(1);
    await loop.stop();
  });

  it("loads in the background when the first load at start failed", async () => {
    let calls = 0;
    const loop = createRefreshLoop({
      name: "t",
      load: async () => {
        calls += 1;
        if (calls < 4) throw new Error("AIS down");
        return "facts";
      },
      intervalMs: 60_000,
      retryMs: 2,
      log,
    });
    await loop.refreshOnce().catch(() => undefined);
    loop.start();
    await until(() => loop.current() === "facts");
    await loop.stop();
    expect(calls).toBe(4);
  });
});
