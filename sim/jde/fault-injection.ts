export type FailureTiming = "beforeWork" | "afterWork";

/** `control.failNext`: the next `remaining` business calls answer `status`. */
export interface FailurePlan {
  remaining: number;
  status: number;
  when: FailureTiming;
}

/** The parts of the server context the fault draws use. */
interface FaultState {
  failures: FailurePlan[];
  faults: FaultSettings;
}

/** Random faults of business calls; changed at runtime by the control API. */
export interface FaultSettings {
  /** Probability (0–1) that a call fails with `status`, before or after doing its work. */
  errorRate: { rate: number; status: number; when: FailureTiming };
  /** Probability that a call does its work, then holds the response for `ms` (client timeout). */
  hangAfterWork: { rate: number; ms: number };
  /** Seeded, so a run's failures repeat with the same seed and call order. */
  random(): number;
  /** Releases of held responses; close() answers them at once instead of waiting. */
  heldResponses: Set<() => void>;
}

export function createFaultSettings(options: {
  seed: number;
  errorRate?: number;
  hangAfterWork?: { rate: number; ms: number };
}): FaultSettings {
  return {
    errorRate: { rate: checkedRate(options.errorRate ?? 0), status: 500, when: "beforeWork" },
    hangAfterWork: { ...(options.hangAfterWork ?? { rate: 0, ms: 0 }) },
    random: createRandom(options.seed),
    heldResponses: new Set(),
  };
}

/** The failure this call gets: a `failNext` plan first, else a draw against the error rate. */
export function takeInjectedFailure(
  context: FaultState,
): { status: number; when: FailureTiming } | undefined {
  const planned = context.failures[0];
  if (planned) {
    planned.remaining -= 1;
    if (planned.remaining <= 0) context.failures.shift();
    return planned;
  }
  const { errorRate, random } = context.faults;
  return errorRate.rate > 0 && random() < errorRate.rate ? errorRate : undefined;
}

/** How long to hold this call's response (0 = answer now). */
export function drawHoldMs(context: FaultState): number {
  const { hangAfterWork, random } = context.faults;
  return hangAfterWork.rate > 0 && random() < hangAfterWork.rate ? hangAfterWork.ms : 0;
}

/** Waits `ms`, or less if the simulator closes meanwhile. */
export function holdResponse(faults: FaultSettings, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const release = () => {
      clearTimeout(timer);
      faults.heldResponses.delete(release);
      resolve();
    };
    const timer = setTimeout(release, ms);
    faults.heldResponses.add(release);
  });
}

export function checkedRate(rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rate must be between 0 and 1, got ${rate}`);
  return rate;
}

/** mulberry32: small, fast, good enough for fault draws (not for anything secret). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
