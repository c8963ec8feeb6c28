import { type ConnectorError, coerceError } from "./errors/connector-error.js";
import type { Logger } from "./logger.js";
import { createWakeableSleep } from "./wakeable-sleep.js";

export interface RefreshLoop<T> {
  /** The last value loaded, or undefined until the first load succeeded. */
  current(): T | undefined;
  /** Why the latest load failed; undefined once one succeeds. */
  lastFailure(): ConnectorError | undefined;
  /** Loads now; on success the value replaces the current one. Errors are thrown to the caller. */
  refreshOnce(): Promise<T>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Keeps a value fresh: reloads every `intervalMs`; after a failure it keeps the last good value and
 * tries again sooner (`retryMs`, doubling up to the interval), so a value that never loaded (the far
 * side was down at start) arrives as soon as it can.
 */
export function createRefreshLoop<T>(deps: {
  name: string;
  load: () => Promise<T>;
  intervalMs: number;
  retryMs: number;
  log: Logger;
  onLoaded?: (value: T) => void;
}): RefreshLoop<T> {
  const idle = createWakeableSleep();
  let value: T | undefined;
  let failure: ConnectorError | undefined;
  let running = false;
  let loop: Promise<void> | undefined;

  return { current: () => value, lastFailure: () => failure, refreshOnce, start, stop };

  async function refreshOnce(): Promise<T> {
    try {
      const loaded = await deps.load();
      value = loaded;
      deps.onLoaded?.(loaded);
      failure = undefined;
      return loaded;
    } catch (error) {
      failure = coerceError(error);
      throw error;
    }
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
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      const waitMs =
        value === undefined || failures > 0
          ? Math.min(deps.intervalMs, deps.retryMs * 2 ** Math.max(0, failures - 1))
          : deps.intervalMs;
      await idle.sleep(value === undefined && failures === 0 ? 0 : waitMs);
      if (!running) return;
      try {
        await refreshOnce();
        if (failures > 0) deps.log.info({ event: "refresh.recovered", name: deps.name }, "refresh.recovered");
        failures = 0;
      } catch (error) {
        failures += 1;
        const err = coerceError(error);
        deps.log.warn(
          {
            event: "refresh.failed",
            name: deps.name,
            code: err.code,
            failures,
            keptPrevious: value !== undefined,
          },
          "refresh.failed",
        );
      }
    }
  }
}
