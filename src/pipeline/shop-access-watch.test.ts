import { describe, expect, it } from "vitest";
import { systemClock } from "../lib/clock.js";
import type { ErrorCode } from "../lib/errors/codes.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createLogger } from "../lib/logger.js";
import { createShopAccessWatch } from "./shop-access-watch.js";

const log = createLogger({ level: "silent" });
const until = async (check: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

type Outcome = "ok" | ErrorCode;

/** A watch over a shop whose reads answer `outcomes` in turn (the last one repeats). */
function watchOver(outcomes: Outcome[], options: { intervalMs?: number; retryMs?: number } = {}) {
  const reads: number[] = [];
  const restoredAfter: number[] = [];
  let failRestore = false;
  const watch = createShopAccessWatch({
    read: async () => {
      const n = reads.length;
      reads.push(n);
      const outcome = outcomes[Math.min(n, outcomes.length - 1)]!;
      if (outcome !== "ok") throw new ConnectorError(outcome, `read ${n} refused`);
      return { currency: "USD", read: n };
    },
    onAccessRestored: async () => {
      if (failRestore) throw new Error("store down");
      restoredAfter.push(reads.length - 1);
    },
    intervalMs: options.intervalMs ?? 60_000,
    retryMs: options.retryMs ?? 60_000,
    clock: systemClock,
    log,
  });
  return {
    watch,
    reads,
    restoredAfter,
    failRestoreWith: (fail: boolean) => {
      failRestore = fail;
    },
  };
}

describe("shop access watch", () => {
  it.each<{ when: string; outcomes: Outcome[]; restoredAfter: number[] }>([
    { when: "the first read succeeds (a restart)", outcomes: ["ok", "ok", "ok"], restoredAfter: [0] },
    {
      when: "the token is refused, then accepted again",
      outcomes: ["ok", "MLC_SHOPIFY_UNAUTHORIZED", "MLC_SHOPIFY_UNAUTHORIZED", "ok", "ok"],
      restoredAfter: [0, 3],
    },
    {
      when: "the app is uninstalled, Shopify is down a while, then it reads",
      outcomes: ["ok", "MLC_SHOPIFY_UNINSTALLED", "MLC_SHOPIFY_HTTP", "ok"],
      restoredAfter: [0, 3],
    },
    {
      when: "not connected at start, then connected",
      outcomes: ["MLC_SHOPIFY_NOT_CONNECTED", "MLC_SHOPIFY_OAUTH", "ok", "ok"],
      restoredAfter: [2],
    },
    {
      when: "only Shopify is down (access was never lost)",
      outcomes: ["ok", "MLC_SHOPIFY_HTTP", "ok"],
      restoredAfter: [0],
    },
    {
      when: "access stays refused",
      outcomes: ["MLC_SHOPIFY_UNAUTHORIZED", "MLC_SHOPIFY_UNAUTHORIZED", "MLC_SHOPIFY_UNAUTHORIZED"],
      restoredAfter: [],
    },
  ])("resumes once per return of access: $when", async ({ outcomes, restoredAfter }) => {
    const shop = watchOver(outcomes);
    for (const _ of outcomes) await shop.watch.readNow();
    expect(shop.restoredAfter).toEqual(restoredAfter);
  });

  it("reports the latest failure and keeps the last good facts while reads fail", async () => {
    const shop = watchOver(["ok", "MLC_SHOPIFY_UNAUTHORIZED", "ok"]);
    await shop.watch.readNow();
    expect(shop.watch.problem()).toBeUndefined();
    await shop.watch.readNow();
    expect(shop.watch.problem()?.code).toBe("MLC_SHOPIFY_UNAUTHORIZED");
    expect(shop.watch.facts()).toEqual({ currency: "USD", read: 0 });
    await shop.watch.readNow();
    expect(shop.watch.problem()).toBeUndefined();
    expect(shop.watch.facts()).toEqual({ currency: "USD", read: 2 });
  });

  it("resumes after a new install even when the shop was reading well", async () => {
    const shop = watchOver(["ok"]);
    await shop.watch.readNow();
    await shop.watch.readNow();
    await shop.watch.accessGranted();
    expect(shop.restoredAfter).toEqual([0, 2]);
  });

  it("tries the resume again on the next good read when it failed", async () => {
    const shop = watchOver(["MLC_SHOPIFY_UNINSTALLED", "ok"]);
    await shop.watch.readNow();
    shop.failRestoreWith(true);
    await shop.watch.readNow();
    shop.failRestoreWith(false);
    await shop.watch.readNow();
    await shop.watch.readNow();
    expect(shop.restoredAfter).toEqual([2]);
  });

  it("runs one read at a time; callers arriving while one waits share it", async () => {
    let inFlight = 0;
    let most = 0;
    let reads = 0;
    let release: () => void = () => undefined;
    const watch = createShopAccessWatch({
      read: async () => {
        reads += 1;
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        inFlight -= 1;
        return reads;
      },
      onAccessRestored: async () => undefined,
      intervalMs: 60_000,
      retryMs: 60_000,
      clock: systemClock,
      log,
    });
    const first = watch.readNow();
    await until(() => reads === 1);
    // A token was stored after the first read began: a read must follow it, one for both callers.
    const [second, third] = [watch.readNow(), watch.readNow()];
    expect(second).toBe(third);
    release();
    await first;
    await until(() => reads === 2);
    release();
    await second;
    expect({ reads, most, facts: watch.facts() }).toEqual({ reads: 2, most: 1, facts: 2 });
  });

  it("reads again on its interval, and sooner while reads fail", async () => {
    const healthy = watchOver(["ok"], { intervalMs: 20, retryMs: 5 });
    healthy.watch.start();
    await until(() => healthy.reads.length >= 3);
    await healthy.watch.stop();

    const refused = watchOver(["MLC_SHOPIFY_UNAUTHORIZED"], { intervalMs: 60_000, retryMs: 5 });
    refused.watch.start();
    // 5, 10, 20, 40 ms after one another: far below the interval.
    await until(() => refused.reads.length >= 4);
    await refused.watch.stop();
    expect(refused.restoredAfter).toEqual([]);
  });

  it("retries soon after a read asked for from outside fails, though its interval is long", async () => {
    const shop = watchOver(["ok", "MLC_SHOPIFY_UNAUTHORIZED", "ok"], { intervalMs: 60_000, retryMs: 5 });
    shop.watch.start();
    await until(() => shop.reads.length === 1);
    await shop.watch.readNow(); // a job was refused: refused here too
    await until(() => shop.reads.length >= 3);
    await shop.watch.stop();
    expect(shop.watch.problem()).toBeUndefined();
    expect(shop.restoredAfter).toEqual([0, 2]);
  });
});
