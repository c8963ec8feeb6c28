/**
 * A sleep that `wake()` cuts short, so a worker loop idles cheaply yet reacts at once to new work.
 * One sleeper at a time; a wake with nobody asleep is a no-op (the loop re-checks before sleeping).
 */
export function createWakeableSleep() {
  let wakeUp: (() => void) | null = null;
  return {
    sleep(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        wakeUp = done;
        function done() {
          clearTimeout(timer);
          wakeUp = null;
          resolve();
        }
      });
    },
    wake(): void {
      wakeUp?.();
    },
  };
}
