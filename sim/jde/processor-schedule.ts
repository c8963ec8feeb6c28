/**
 * When the batch processors (R01010Z, R03010Z, R09110Z) run: every `intervalMs` unless paused (the
 * customer's job scheduler not running them), or on demand. Runs never overlap: a tick while one runs
 * is skipped, an on-demand run waits for the running one and then starts its own. `runNow(cycle)`
 * runs another cycle (e.g. only the customer programs) under the same rule.
 */
export function createProcessorSchedule(deps: {
  /** Undefined: only on demand. */
  intervalMs: number | undefined;
  runCycle(): Promise<void>;
  onPausedTick(): void;
}) {
  let paused = false;
  let stopped = false;
  let running = false;
  let last: Promise<void> = Promise.resolve();
  const timer = deps.intervalMs === undefined ? undefined : setInterval(tick, deps.intervalMs);
  timer?.unref();
  return {
    runNow,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    stop,
  };

  function tick(): void {
    if (paused) deps.onPausedTick();
    // A failed scheduled cycle is counted by runCycle's owner and retried on the next tick.
    else if (!running) runNow(deps.runCycle).catch(() => undefined);
  }

  function runNow(cycle: () => Promise<void> = deps.runCycle): Promise<void> {
    const next = last.then(async () => {
      if (stopped) return;
      running = true;
      try {
        await cycle();
      } finally {
        running = false;
      }
    });
    last = next.catch(() => undefined);
    return next;
  }

  /** Stops the timer and waits for a running cycle (so its database connection can close). */
  async function stop(): Promise<void> {
    stopped = true;
    if (timer) clearInterval(timer);
    await last;
  }
}

export type ProcessorSchedule = ReturnType<typeof createProcessorSchedule>;
