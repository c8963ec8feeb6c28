import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditSchema } from "../config/audit-schema.js";
import { createLogger } from "../lib/logger.js";
import { deliver, orderWebhook } from "../pipeline/test-support/order-lineage.js";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { scheduleRetention } from "./retention-schedule.js";

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 27, 3, 41);
const daysAgo = (days: number) => new Date(NOW - days * DAY_MS);

/** A logger whose lines are kept, parsed. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: createLogger({ destination }), lines };
}

describe("the daily retention prune", () => {
  let store: Store;
  const fake = createFakeClock(NOW);
  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock: fake.clock });
    await store.migrate();
  });
  afterEach(async () => store.close());

  it("deletes lineage past its retention and empties webhook bodies past theirs, and logs what it did", async () => {
    for (const days of [400, 366, 364, 10, 0])
      await store.audit.append({ tenantId: "acme", step: `aged-${days}`, at: daysAgo(days) });
    const ids = await deliver(store, [
      orderWebhook("orders/create", daysAgo(31)),
      orderWebhook("orders/updated", daysAgo(29)),
    ]);
    const { log, lines } = capturingLogger();
    const retention = auditSchema.parse({ lineageRetentionDays: 365, payloadRetentionDays: 30 });

    await scheduleRetention({ retention, store, clock: fake.clock, log }).runNow();

    const left = await store.audit.query({ tenantId: "acme", limit: 10 });
    expect(left.map((e) => e.step)).toEqual(["aged-364", "aged-10", "aged-0"]);
    const bodies = await Promise.all(ids.map(async (id) => (await store.inbox.get(id))?.body.length));
    expect(bodies.map((length) => (length ?? 0) > 0)).toEqual([false, true]);
    expect((await store.inbox.get(ids[0]!))?.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(lines.find((line) => line.msg === "retention.pruned")).toMatchObject({
      auditEntriesDeleted: 2,
      payloadsEmptied: 1,
      lineageCutoff: daysAgo(365).toISOString(),
      payloadCutoff: daysAgo(30).toISOString(),
    });
  });

  it("keeps seven years of lineage and thirty days of bodies by default, daily at 03:41", () => {
    expect(auditSchema.parse(undefined)).toEqual({
      lineageRetentionDays: 2557,
      payloadRetentionDays: 30,
      pruneSchedule: "41 3 * * *",
    });
    expect(auditSchema.safeParse({ pruneSchedule: "every day" }).success).toBe(false);
    expect(auditSchema.safeParse({ lineageRetentionDays: 0 }).success).toBe(false);
  });

  it("logs a failed prune instead of throwing, so the schedule keeps running", async () => {
    const { log, lines } = capturingLogger();
    const failing = {
      audit: { ...store.audit, pruneBefore: async () => Promise.reject(new Error("database is locked")) },
      inbox: store.inbox,
    };
    const retention = auditSchema.parse({});
    await expect(
      scheduleRetention({ retention, store: failing, clock: fake.clock, log }).runNow(),
    ).resolves.toBeUndefined();
    expect(lines.find((line) => line.msg === "retention.prune_failed")).toMatchObject({
      err: { message: expect.stringContaining("database is locked") },
    });
  });
});
