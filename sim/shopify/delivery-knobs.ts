import { createSeededRandom, type SeededRandom } from "./seeded-random.js";

/** Knobs for one `webhooks.emit(...)`: each one forces its effect on every delivery of that action. */
export interface WebhookKnobs {
  /** the same delivery (same Webhook-Id and Event-Id) is sent twice */
  duplicate?: boolean;
  /** a second delivery of the same action with a new Webhook-Id but the same Event-Id */
  redeliver?: boolean;
  /** signed with a secret that is not the app's, on every attempt */
  wrongSecret?: boolean;
  /** one byte changes after signing */
  tamperBody?: boolean;
  /** wait before the first attempt */
  delayMs?: number;
  /** never sent (a lost webhook; the sweep must find the change) */
  drop?: boolean;
  /** payload `updated_at` older than the order's current one */
  staleUpdatedAt?: boolean;
  /** force the X-Shopify-Event-Id (default: one per merchant action) */
  eventId?: string;
}

/**
 * Simulator-wide delivery faults, rolled per delivery from a seeded generator so a run is reproducible
 * (reference §7.2 item 1). Percentages are 0–100. A per-emit knob overrides the roll.
 */
export interface DeliveryKnobs {
  /** default 1; setting knobs restarts the sequence */
  seed?: number;
  /** never sent */
  dropPercent?: number;
  /** sent twice with the same Webhook-Id and Event-Id */
  duplicatePercent?: number;
  /** sent again with a new Webhook-Id and the same Event-Id */
  redeliverPercent?: number;
  /** held until `size` deliveries are waiting or `maxWaitMs` passed, then sent one by one in seeded random order */
  reorderWindow?: { size: number; maxWaitMs: number } | null;
  /** fixed wait before the first attempt */
  delayMs?: number;
  /** plus a random wait of 0..this many ms */
  randomDelayMaxMs?: number;
  /** first attempt signed with a wrong secret (the connector answers 401 and Shopify retries) */
  wrongSignaturePercent?: number;
  /** a wrongly signed delivery stays wrong on every retry */
  wrongSignatureAlways?: boolean;
  /** order payloads carry an `updated_at` older than the order's */
  staleUpdatedAtPercent?: number;
}

export type SignatureMode = "right" | "wrong-first" | "wrong-always";

export interface DeliveryPlan {
  drop: boolean;
  duplicate: boolean;
  redeliver: boolean;
  delayMs: number;
  /** a duplicate or redelivery travels on its own and waits its own random time */
  duplicateDelayMs: number;
  redeliveryDelayMs: number;
  signature: SignatureMode;
}

/** Rolls the knobs. Every plan draws the same number of values, so one knob's outcomes do not shift when another is turned on. */
export function createDeliveryPlanner(initial: DeliveryKnobs = {}) {
  let knobs: DeliveryKnobs = {};
  let faults: SeededRandom = createSeededRandom(1);
  let order: SeededRandom = createSeededRandom(2);
  let stale: SeededRandom = createSeededRandom(3);
  set(initial);

  return { set, get: () => ({ ...knobs }), plan, rollStale, shuffle };

  function set(next: DeliveryKnobs): void {
    knobs = { ...next };
    const seed = next.seed ?? 1;
    faults = createSeededRandom(seed);
    order = createSeededRandom(seed ^ 0x5bd1e995);
    stale = createSeededRandom(seed ^ 0x27d4eb2f);
  }

  function percent(random: SeededRandom, value: number | undefined): boolean {
    const roll = random.next() * 100;
    return value !== undefined && roll < value;
  }

  function plan(emit: WebhookKnobs = {}): DeliveryPlan {
    const drop = percent(faults, knobs.dropPercent);
    const duplicate = percent(faults, knobs.duplicatePercent);
    const redeliver = percent(faults, knobs.redeliverPercent);
    const wrong = percent(faults, knobs.wrongSignaturePercent);
    const delays = [randomDelay(), randomDelay(), randomDelay()] as const;
    const signature: SignatureMode = emit.wrongSecret
      ? "wrong-always"
      : wrong
        ? knobs.wrongSignatureAlways
          ? "wrong-always"
          : "wrong-first"
        : "right";
    return {
      drop: emit.drop ?? drop,
      duplicate: emit.duplicate ?? duplicate,
      redeliver: emit.redeliver ?? redeliver,
      delayMs: emit.delayMs ?? delays[0],
      duplicateDelayMs: emit.delayMs ?? delays[1],
      redeliveryDelayMs: emit.delayMs ?? delays[2],
      signature,
    };
  }

  function randomDelay(): number {
    const jitter = faults.next();
    return (knobs.delayMs ?? 0) + Math.floor(jitter * ((knobs.randomDelayMaxMs ?? 0) + 1));
  }

  function rollStale(): boolean {
    return percent(stale, knobs.staleUpdatedAtPercent);
  }

  /** Fisher–Yates with its own seeded stream (release timing must not disturb the fault rolls). */
  function shuffle<T>(items: T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(order.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

export type DeliveryPlanner = ReturnType<typeof createDeliveryPlanner>;
