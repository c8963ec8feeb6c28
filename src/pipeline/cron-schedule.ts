import { Cron } from "croner";

export interface CronSchedule {
  start(): void;
  /** Stops firing and waits for a run in progress. */
  stop(): Promise<void>;
  /** Runs now (unless a run is in progress, which is awaited instead). */
  runNow(): Promise<void>;
}

/**
 * Runs `task` on a cron expression (croner: 5 or 6 fields, optional IANA time zone). Runs never
 * overlap: a tick that finds the previous run still going is skipped. `task` handles its own errors.
 */
export function createCronSchedule(input: {
  cron: string;
  timezone?: string;
  task: () => Promise<void>;
}): CronSchedule {
  let job: Cron | undefined;
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= input.task().finally(() => {
      running = undefined;
    });
    return running;
  };
  return {
    start() {
      job ??= new Cron(input.cron, { ...(input.timezone ? { timezone: input.timezone } : {}) }, () => {
        if (!running) void runOnce();
      });
    },
    async stop() {
      job?.stop();
      job = undefined;
      await running;
    },
    runNow: runOnce,
  };
}
