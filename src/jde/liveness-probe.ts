import type { Logger } from "../lib/logger.js";
import type { AisClient } from "./ais-client.js";

export type RestartReason = "recovered" | "version-changed";

export interface ProbeObservation {
  up: boolean;
  aisVersion: string | undefined;
  /** Set when this observation is a restart (down → up, or a new `aisVersion`). */
  restart: RestartReason | undefined;
}

export interface LivenessProbeDeps {
  ais: Pick<AisClient, "defaultConfig">;
  /** Drops the token and the connection pool; called once per detected restart. */
  onRestart: (reason: RestartReason) => Promise<void> | void;
  log: Logger;
  intervalMs: number;
  /** Timer seam for tests; defaults to setInterval/clearInterval. */
  schedule?: (tick: () => void, intervalMs: number) => { cancel(): void };
}

export interface LivenessProbe {
  probeOnce(): Promise<ProbeObservation>;
  start(): void;
  stop(): void;
}

/**
 * Polls `GET /jderest/v2/defaultconfig` (no session) and notices AIS restarts: there is no restart
 * signal, so a down → up transition or a changed `aisVersion` is taken as one and `onRestart`
 * drops what the old instance issued (reference/jde-ais.md §2 "Detecting an AIS restart",
 * "Implications" 4; DESIGN.md §3 "AIS session").
 */
export function createLivenessProbe(deps: LivenessProbeDeps): LivenessProbe {
  let lastUp: boolean | undefined;
  let lastVersion: string | undefined;
  let timer: { cancel(): void } | undefined;
  let running: Promise<ProbeObservation> | undefined;
  const schedule = deps.schedule ?? defaultSchedule;

  return { probeOnce, start, stop };

  /** One probe; concurrent callers share it so one restart triggers one `onRestart`. */
  function probeOnce(): Promise<ProbeObservation> {
    running ??= observe().finally(() => {
      running = undefined;
    });
    return running;
  }

  async function observe(): Promise<ProbeObservation> {
    const aisVersion = await readVersion();
    const up = aisVersion !== undefined;
    const restart = restartReason(up, aisVersion);
    if (up !== lastUp)
      deps.log.info({ event: up ? "ais.up" : "ais.down", aisVersion }, up ? "ais.up" : "ais.down");
    lastUp = up;
    if (up) lastVersion = aisVersion;
    if (restart) {
      deps.log.warn({ event: "ais.restart", reason: restart, aisVersion }, "ais.restart");
      await deps.onRestart(restart);
    }
    return { up, aisVersion, restart };
  }

  function restartReason(up: boolean, aisVersion: string | undefined): RestartReason | undefined {
    if (!up) return undefined;
    if (lastUp === false) return "recovered";
    if (lastVersion !== undefined && aisVersion !== lastVersion) return "version-changed";
    return undefined;
  }

  async function readVersion(): Promise<string | undefined> {
    try {
      return (await deps.ais.defaultConfig()).aisVersion;
    } catch {
      return undefined;
    }
  }

  function start(): void {
    if (timer) return;
    timer = schedule(() => void probeOnce(), deps.intervalMs);
  }

  function stop(): void {
    timer?.cancel();
    timer = undefined;
  }
}

function defaultSchedule(tick: () => void, intervalMs: number): { cancel(): void } {
  const handle = setInterval(tick, intervalMs);
  handle.unref();
  return { cancel: () => clearInterval(handle) };
}
