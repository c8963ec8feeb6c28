import { createHash } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FreshStore, freshStore } from "../../../test/support/store-backends.js";
import type { JournalLine } from "../../domain/journal.js";
import { createSecretBox } from "../../lib/secret-box.js";
import { createSecretVault } from "../../lib/secret-vault.js";
import type { NewPostingDocument } from "../../posting/posting-store.js";
import type { Store } from "../store.js";
import { COPIED_TABLE_NAMES } from "./copied-tables.js";
import { copyStore } from "./copy-store.js";

const t0 = new Date("2026-11-28T10:00:00.000Z");
const clock = { now: () => t0 };
const masterKey = Buffer.alloc(32, 7);
const keyring = () => {
  const box = createSecretBox([masterKey]);
  return { current: () => box, reload: () => box };
};
const ORDERS = ["gid://shopify/Order/1001", "gid://shopify/Order/1002", "gid://shopify/Order/1003"];

const line = (amountMinor: bigint, kind: JournalLine["kind"]): JournalLine => ({
  account: { businessUnit: "100", object: kind === "revenue" ? "4100" : "1210", subsidiary: "" },
  amountMinor,
  kind,
  explanation: "Shopify",
});
// Beyond 2^53: an amount that survives only if JSON is copied as text, not through a float.
const HUGE = 123_456_789_012_345_678n;
const document = (eventIds: string[], amountMinor: bigint): NewPostingDocument => ({
  glDate: "2026-11-27",
  currency: "USD",
  decimals: 2,
  lines: [line(amountMinor, "receivable"), line(-amountMinor, "revenue")],
  eventIds,
});
const recordOrder = (store: Store, orderId: string, documents: NewPostingDocument[]) =>
  store.posting.recordDocuments({
    tenantId: "acme",
    orderId,
    orderName: `#${orderId.split("/").at(-1)}`,
    documents,
    edtnForSequence: (sequence) => `S${orderId.split("/").at(-1)}A${sequence}`,
    now: t0,
  });

/** An installation in use: every table of the schema gets rows, written through the store's ports. */
async function fill(store: Store): Promise<void> {
  await recordOrder(store, ORDERS[0]!, [document(["1001-create", "1001-pay"], 12_744n)]);
  await recordOrder(store, ORDERS[1]!, [document(["1002-create"], HUGE), document(["1002-refund"], 500n)]);
  await store.summaries.recordContributions({
    tenantId: "acme",
    orderId: ORDERS[2]!,
    orderName: "#1003",
    contributions: [
      { ...document(["1003-create"], 999n), lines: [line(999n, "clearing"), line(-999n, "revenue")] },
    ],
    now: t0,
  });
  for (let n = 0; n < 25; n += 1) {
    await store.audit.append({
      tenantId: "acme",
      orderId: ORDERS[n % 3]!,
      orderName: `#100${(n % 3) + 1}`,
      step: "document.recorded",
      detail: { n, amountMinor: HUGE.toString(), note: "é ✓" },
      at: new Date(t0.getTime() + n * 1000),
    });
  }
  const body = Buffer.from([0, 255, 1, 128, 10, 13]);
  await store.inbox.appendMany([
    {
      tenantId: "acme",
      shopDomain: "acme.myshopify.com",
      topic: "orders/updated",
      webhookId: "webhook-1",
      eventId: "event-1",
      apiVersion: "2026-10",
      triggeredAt: new Date("2026-11-27T10:00:00.123Z"),
      receivedAt: new Date("2026-11-27T10:00:01.456Z"),
      body,
      bodySha256: createHash("sha256").update(body).digest("hex"),
      resourceGid: ORDERS[0]!,
    },
  ]);
  await store.jobs.enqueue({
    tenantId: "acme",
    kind: "order-sync",
    key: ORDERS[0]!,
    payload: { inboxId: "1" },
  });
  await createSecretVault({ rows: store.secrets, keyring: keyring() }).put(
    "acme",
    "jde.password",
    "s3cret ✓",
  );
  await store.installations.save({
    tenantId: "acme",
    shopDomain: "acme.myshopify.com",
    status: "installed",
    grantType: "authorization-code",
    scopes: ["read_orders", "read_customers"],
    accessExpiresAt: new Date("2026-11-28T11:00:00.000Z"),
    refreshExpiresAt: null,
    installedAt: t0,
    uninstalledAt: null,
  });
  await store.installations.saveState({
    nonce: "nonce-1",
    tenantId: "acme",
    shopDomain: "acme.myshopify.com",
    expiresAt: new Date("2026-11-28T10:10:00.000Z"),
  });
  await store.watermarks.advance("acme", "orders.sweep", new Date("2026-11-28T09:59:00.000Z"));
  await store.orderSyncMarks.mark("acme", ORDERS[0]!, new Date("2026-11-27T09:00:00.000Z"));
  const request = await store.privacyRequests.record({
    tenantId: "acme",
    shopDomain: "acme.myshopify.com",
    topic: "customers/redact",
    webhookId: "webhook-p1",
    customerId: "gid://shopify/Customer/9",
    receivedAt: t0,
  });
  await store.privacyRequests.complete(request, t0, { erasedPayloads: 1 });
  await store.customerLinks.upsert({
    tenantId: "acme",
    customerGid: "gid://shopify/Customer/9",
    state: "linked",
    addressNumber: "5009",
    source: "created",
  });
  await store.customerLinks.allocateNumbers("acme", 2, { from: 700_000, to: 700_099 });
}

/** Everything the ports give back about the installation, for comparing source and target. */
async function readAll(store: Store) {
  return {
    documents: await store.posting.listDocuments({ tenantId: "acme" }),
    posted: await Promise.all(ORDERS.map((order) => store.posting.postedEventIds("acme", order))),
    contributions: await store.summaries.listContributions({ tenantId: "acme" }),
    audit: await store.audit.query({ tenantId: "acme", limit: 1000 }),
    inbox: await store.inbox.get("1"),
    jobs: await store.jobs.list(),
    secrets: await store.secrets.list(),
    installation: await store.installations.get("acme"),
    watermark: await store.watermarks.get("acme", "orders.sweep"),
    marks: await store.orderSyncMarks.get("acme", ORDERS),
    privacy: await store.privacyRequests.list(),
    link: await store.customerLinks.get("acme", "gid://shopify/Customer/9"),
  };
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of COPIED_TABLE_NAMES) {
      const { rows } = await client.query<{ count: string }>(`select count(*) as count from ${table}`);
      counts[table] = Number(rows[0]?.count);
    }
    return counts;
  } finally {
    await client.end();
  }
}

const allZero = Object.fromEntries(COPIED_TABLE_NAMES.map((table) => [table, 0]));

describe("copyStore from SQLite to PostgreSQL", () => {
  let source: FreshStore;
  let target: FreshStore;
  let result: Awaited<ReturnType<typeof copyStore>>;
  beforeAll(async () => {
    source = await freshStore("sqlite", { clock });
    target = await freshStore("postgres", { clock, migrate: false });
    await fill(source.store);
    result = await copyStore({ from: source.url, to: target.url, batchSize: 7, clock });
  });
  afterAll(async () => {
    await source?.dispose();
    await target?.dispose();
  });

  it("copies every table and reports equal counts on both sides", () => {
    if (!result.ok) throw new Error(`refused: ${result.refusal}`);
    expect(result.tables.map((count) => count.table).sort()).toEqual([...COPIED_TABLE_NAMES].sort());
    for (const count of result.tables) expect(count.target).toBe(count.source);
    const counts = Object.fromEntries(result.tables.map((count) => [count.table, count.source]));
    expect(counts).toMatchObject({
      posting_documents: 3,
      posted_events: 5,
      summary_contributions: 1,
      audit_log: 25,
      inbox_events: 1,
      jobs: 1,
      secrets: 1,
      shop_installations: 1,
      oauth_states: 1,
      sync_watermarks: 1,
      order_sync_marks: 1,
      privacy_requests: 1,
      customer_links: 1,
      customer_number_ranges: 1,
    });
    expect(Object.values(counts).every((count) => count > 0)).toBe(true);
  });

  it("gives back through the ports exactly what the source held: documents, amounts, dates, audit, links", async () => {
    const copied = await readAll(target.store);
    expect(copied).toEqual(await readAll(source.store));
    expect(copied.documents.find((d) => d.orderId === ORDERS[1])?.lines[0]?.amountMinor).toBe(HUGE);
    expect(copied.audit).toHaveLength(25);
    expect(copied.inbox?.body).toEqual(new Uint8Array([0, 255, 1, 128, 10, 13]));
  });

  it("keeps the posted-event ledger: recording the same events again is already-posted", async () => {
    expect(await target.store.posting.postedEventIds("acme", ORDERS[0]!)).toEqual(
      new Set(["1001-create", "1001-pay"]),
    );
    const again = await recordOrder(target.store, ORDERS[0]!, [
      document(["1001-create", "1001-pay"], 12_744n),
    ]);
    expect(again).toEqual({
      recorded: [],
      skipped: [{ eventIds: ["1001-create", "1001-pay"], reason: "already-posted" }],
    });
    const summaryAgain = await target.store.summaries.recordContributions({
      tenantId: "acme",
      orderId: ORDERS[2]!,
      orderName: "#1003",
      contributions: [document(["1003-create"], 999n)],
      now: t0,
    });
    expect(summaryAgain.skipped).toEqual([{ eventIds: ["1003-create"], reason: "already-posted" }]);
  });

  it("continues the ids after the copied ones, and takes new jobs, inbox events and secrets", async () => {
    const before = await source.store.audit.query({ tenantId: "acme", limit: 1000 });
    const maxCopied = Math.max(...before.map((entry) => Number(entry.id)));
    const appended = await target.store.audit.append({ tenantId: "acme", step: "store.migrated", at: t0 });
    expect(Number(appended.id)).toBe(maxCopied + 1);
    const enqueued = await target.store.jobs.enqueue({
      tenantId: "acme",
      kind: "order-sync",
      key: ORDERS[1]!,
    });
    expect(enqueued.outcome).toBe("created");
    const coalesced = await target.store.jobs.enqueue({
      tenantId: "acme",
      kind: "order-sync",
      key: ORDERS[0]!,
    });
    expect(coalesced.outcome).toBe("coalesced");
    const request = await target.store.privacyRequests.record({
      tenantId: "acme",
      shopDomain: "acme.myshopify.com",
      topic: "shop/redact",
      webhookId: "webhook-p2",
      customerId: null,
      receivedAt: t0,
    });
    expect(request).toBe("2");
    expect(
      await target.store.customerLinks.allocateNumbers("acme", 1, { from: 700_000, to: 700_099 }),
    ).toEqual({
      ok: true,
      addressNumbers: ["700002"],
    });
  });

  it("copies secrets sealed, and they open with the same master key", async () => {
    const [sourceRow, targetRow] = await Promise.all([
      source.store.secrets.get("acme", "jde.password"),
      target.store.secrets.get("acme", "jde.password"),
    ]);
    expect(targetRow?.sealed).toBe(sourceRow?.sealed);
    const vault = createSecretVault({ rows: target.store.secrets, keyring: keyring() });
    expect(await vault.get("acme", "jde.password")).toBe("s3cret ✓");
  });

  it("refuses a second copy into the now non-empty target and changes nothing", async () => {
    const counts = await rowCounts(target.url);
    const again = await copyStore({ from: source.url, to: target.url, clock });
    expect(again).toMatchObject({ ok: false, refusal: "target-not-empty" });
    if (again.ok || again.refusal !== "target-not-empty") throw new Error("expected a refusal");
    expect(again.nonEmpty).toContainEqual({ table: "posted_events", rows: 5 });
    expect(await rowCounts(target.url)).toEqual(counts);
  });
});

describe("copyStore refusals and failures", () => {
  const opened: FreshStore[] = [];
  const pair = async () => {
    const source = await freshStore("sqlite", { clock });
    const target = await freshStore("postgres", { clock, migrate: false });
    opened.push(source, target);
    await fill(source.store);
    return { source, target };
  };
  afterAll(async () => {
    await Promise.all(opened.map((fresh) => fresh.dispose()));
  });

  it("leaves the target empty when a row of the last table fails on the target", async () => {
    const { source, target } = await pair();
    const file = new BetterSqlite3(source.url.slice("sqlite:".length));
    // PostgreSQL refuses a NUL character in text; SQLite keeps it. customer_number_ranges is copied last.
    file
      .prepare("insert into customer_number_ranges (tenant_id, next_number) values (?, ?)")
      .run("bad\u0000", 1);
    file.close();
    await expect(copyStore({ from: source.url, to: target.url, clock })).rejects.toThrow(/0x00/);
    expect(await rowCounts(target.url)).toEqual(allZero);
    expect(await target.store.posting.postedEventIds("acme", ORDERS[0]!)).toEqual(new Set());
  });

  it("refuses while a worker holds a job lease on the source, and writes nothing", async () => {
    const { source, target } = await pair();
    await source.store.jobs.claim({ workerId: "serve-1", limit: 1, leaseMs: 60_000, now: t0 });
    const refused = await copyStore({ from: source.url, to: target.url, clock });
    expect(refused).toEqual({
      ok: false,
      refusal: "source-in-use",
      leasedJobs: 1,
      leaseExpiresAt: new Date(t0.getTime() + 60_000),
    });
    expect(await rowCounts(target.url)).toEqual(allZero);
  });

  it("refuses when another process commits to the source during the copy (a running serve)", async () => {
    const { source, target } = await pair();
    const file = new BetterSqlite3(source.url.slice("sqlite:".length));
    let writes = 0;
    // The clock is read once the copy has started: a commit from another connection at that moment.
    const writingClock = {
      now: () => {
        writes += 1;
        file
          .prepare("insert into oauth_states (nonce, tenant_id, shop_domain, expires_at) values (?, ?, ?, ?)")
          .run(`nonce-late-${writes}`, "acme", "acme.myshopify.com", t0.toISOString());
        return t0;
      },
    };
    try {
      expect(await copyStore({ from: source.url, to: target.url, clock: writingClock })).toEqual({
        ok: false,
        refusal: "source-changed",
      });
    } finally {
      file.close();
    }
    expect(writes).toBe(1);
    expect(await rowCounts(target.url)).toEqual(allZero);
  });

  it("fails loudly on a table it does not know, before writing anything", async () => {
    const { source, target } = await pair();
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    await client.query("create table stray_notes (id integer primary key)");
    await client.end();
    await expect(copyStore({ from: source.url, to: target.url, clock })).rejects.toThrow(
      /unknown: stray_notes/,
    );
    expect(await rowCounts(target.url)).toEqual(allZero);
  });

  it("reports a missing SQLite file instead of creating it", async () => {
    const target = await freshStore("postgres", { clock, migrate: false });
    opened.push(target);
    const result = await copyStore({ from: "sqlite:/nonexistent-dir/none.db", to: target.url, clock });
    expect(result).toEqual({ ok: false, refusal: "source-missing", path: "/nonexistent-dir/none.db" });
  });
});
