import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
} from "cockatiel";
import type { Clock } from "./clock.js";
import type { ErrorCode } from "./errors/codes.js";
import { ConnectorError } from "./errors/connector-error.js";
import type { Logger } from "./logger.js";

export type CircuitStatus = "closed" | "open" | "half-open";

export interface CircuitBreaker {
  /** Runs `work` unless the circuit is open; then throws {@link CircuitOpenError} without calling out. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** "open" until a call after the wait is let through as the trial (the state moves lazily). */
  status(): CircuitStatus;
  /** When the circuit last opened (for health and logs), undefined while closed. */
  openedAt(): Date | undefined;
}

/** Retryable: the work waits where it is stored and runs once the far side is back. */
export class CircuitOpenError extends ConnectorError {
  constructor(code: ErrorCode, circuit: string, openedAt: Date | undefined) {
    super(code, `${circuit} is down (circuit open since ${openedAt?.toISOString() ?? "now"}); waiting`, {
      retryable: true,
      detail: { circuit },
    });
    this.name = "CircuitOpenError";
  }
}

/**
 * A consecutive-failure circuit breaker (cockatiel): after `failures` outages in a row the far side is
 * taken as down and nothing is sent to it; after a backoff (1 s doubling to `maxOpenMs`) one trial call
 * is let through, and its success closes the circuit. Only outages count (`isOutage`): a document JDE
 * refused is an answer, not an outage. Work does not wait here: the caller leaves it where it is stored.
 */
export function createCircuitBreaker(deps: {
  name: string;
  /** The code of the error thrown while open (e.g. MLC_AIS_UNAVAILABLE). */
  code: ErrorCode;
  failures: number;
  /** First wait before a trial call (default 1 s); doubles up to `maxOpenMs` while trials fail. */
  firstTrialAfterMs?: number;
  maxOpenMs: number;
  isOutage: (error: unknown) => boolean;
  clock: Clock;
  log: Logger;
}): CircuitBreaker {
  const policy = circuitBreaker(handleWhen(deps.isOutage), {
    halfOpenAfter: new ExponentialBackoff({
      initialDelay: deps.firstTrialAfterMs ?? 1000,
      maxDelay: deps.maxOpenMs,
    }),
    breaker: new ConsecutiveBreaker(deps.failures),
  });
  let opened: Date | undefined;
  policy.onBreak(() => {
    opened ??= deps.clock.now();
    deps.log.warn({ event: "circuit.open", circuit: deps.name }, "circuit.open");
  });
  policy.onReset(() => {
    const downMs = opened ? deps.clock.now().getTime() - opened.getTime() : 0;
    opened = undefined;
    deps.log.info({ event: "circuit.closed", circuit: deps.name, downMs }, "circuit.closed");
  });

  return {
    async run(work) {
      try {
        return await policy.execute(() => work());
      } catch (error) {
        if (error instanceof BrokenCircuitError) throw new CircuitOpenError(deps.code, deps.name, opened);
        throw error;
      }
    },
    status: () => STATUS[policy.state],
    openedAt: () => opened,
  };
}

const STATUS: Record<CircuitState, CircuitStatus> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "open",
};
