import type { Clock } from "../lib/clock.js";
import { type ConnectorError, coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { createWakeableSleep } from "../lib/wakeable-sleep.js";
import { isShopAccessLoss } from "./resume-shop-jobs.js";

export interface ShopAccessWatch<T> {
  /** What the last good read returned; kept while later reads fail (recorded documents still go to JDE). */
  facts(): T | undefined;
  /** Why the latest read failed (not connected, uninstalled, token refused, Shopify down); undefined once one succeeds. */
  problem(): ConnectorError | undefined;
  /** Reads now, after the read in flight if any; callers arriving while a read waits share it. Never throws. */
  readNow(): Promise<void>;
  /** A new token was stored (OAuth install): read now, and call `onAccessRestored` once a read succeeds. */
  accessGranted(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Reads the shop (a read that succeeds proves the token works) when asked, every `intervalMs`, and
 * sooner while it fails (`retryMs`, doubling up to the interval). The first read that succeeds after
 * access was lost calls `onAccessRestored` once, however access came back: the OAuth callback,
 * `shopify connect` run in another process, a renewed token, a restart. Reads that keep failing call
 * nothing, so jobs parked for want of access stay parked until one succeeds.
 */
export function createShopAccessWatch<T>(deps: {
  read: () => Promise<T>;
  /** Told each good read's facts; a throw counts as a failed read. */
  onRead?: (facts: T) => void;
  /** Access is back: resume what waited for it. A throw is logged and the next good read tries again. */
  onAccessRestored: () => Promise<void>;
  intervalMs: number;
  retryMs: number;
  clock: Clock;
  log: Logger;
}): ShopAccessWatch<T> {
  const idle = createWakeableSleep();
  let facts: T | undefined;
  let problem: ConnectorError | undefined;
  let failures = 0;
  // Unknown counts as lost: jobs parked before a restart resume after its first good read.
  let accessLost = true;
  let nextReadAtMs = 0;
  // Reads run one after another, so the latest to start is the one `problem()` reports.
  let tail: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | undefined;
  let running = false;
  let loop: Promise<void> | undefined;

  return { facts: () => facts, problem: () => problem, readNow, accessGranted, start, stop };

  function readNow(): Promise<void> {
    if (waiting) return waiting;
    const next = tail.then(() => {
      waiting = undefined;
      return readOnce();
    });
    waiting = next;
    tail = next;
    return next;
  }

  function accessGranted(): Promise<void> {
    accessLost = true;
    return readNow();
  }

  /** Never rejects: a failure is recorded as the problem. */
  async function readOnce(): Promise<void> {
    try {
      const read = await deps.read();
      facts = read;
      deps.onRead?.(read);
      if (failures > 0) deps.log.info({ failures }, "shopify.shop_read_recovered");
      problem = undefined;
      failures = 0;
    } catch (error) {
      problem = coerceError(error);
      failures += 1;
      if (isShopAccessLoss(problem.code)) accessLost = true;
      deps.log.warn({ code: problem.code, failures }, "shopify.shop_read_failed");
    }
    nextReadAtMs = deps.clock.now().getTime() + nextDelayMs();
    idle.wake(); // the loop plans from this read, whoever asked for it
    if (!problem && accessLost) await restored();
  }

  async function restored(): Promise<void> {
    accessLost = false;
    try {
      await deps.onAccessRestored();
    } catch (error) {
      accessLost = true;
      deps.log.warn({ err: coerceError(error) }, "shopify.access_restored_failed");
    }
  }

  function nextDelayMs(): number {
    if (failures === 0) return deps.intervalMs;
    return Math.min(deps.intervalMs, deps.retryMs * 2 ** (failures - 1));
  }

  function start(): void {
    if (running) return;
    running = true;
    loop = run();
  }

  async function stop(): Promise<void> {
    running = false;
    idle.wake();
    await loop;
    await tail; // a read in flight must not resume jobs after the store closed
  }

  async function run(): Promise<void> {
    while (running) {
      const waitMs = nextReadAtMs - deps.clock.now().getTime();
      if (waitMs > 0) await idle.sleep(waitMs);
      else await readNow();
    }
  }
}
