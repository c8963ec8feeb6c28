import { existsSync, readFileSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimCustomerInput } from "../../sim/shopify/index.js";
import type { PrivacyRequest } from "../../src/pipeline/privacy-request-store.js";
import { signOAuthQuery } from "../../src/shopify/oauth/oauth-query-hmac.js";
import { type E2E, startE2E } from "../support/e2e-harness.js";
import { makeSimOrder } from "../support/e2e-orders.js";
import { tenantHealth as health, until, writeConfigFile } from "../support/e2e-steps.js";
import { sleep } from "../support/exactly-once.js";
import { runCli } from "../support/run-cli.js";

const CLIENT_ID = "e2e-lifecycle-client";
const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"];
// Customer ids above 2^53: the connector must read them from the raw JSON, not through a JS number.
const PAT: SimCustomerInput & { id: string; phone: string } = {
  id: "7011111111111111111",
  firstName: "Quillon",
  lastName: "Vasquez-Thorne",
  email: "quillon.vt@privacy-e2e.test",
  phone: "+15555550123",
  address1: "77 Wisteria Lane",
};
const KIM: SimCustomerInput & { id: string; phone: string } = {
  id: "7022222222222222222",
  firstName: "Marisol",
  lastName: "Okonkwo",
  email: "marisol.ok@privacy-e2e.test",
  phone: "+15555550199",
  address1: "12 Juniper Court",
};
const personalData = (c: typeof PAT) => [c.email, c.firstName, c.lastName, c.phone, c.address1!];
const customerGid = (c: typeof PAT) => `gid://shopify/Customer/${c.id}`;

/** The merchant opens the app from the admin (a signed app URL), approves, and lands on the callback. */
async function installApp(e2e: E2E): Promise<void> {
  const query = { shop: e2e.shop, timestamp: String(Math.floor(Date.now() / 1000)) };
  const hmac = signOAuthQuery(query, e2e.secret);
  const opened = await fetch(`${e2e.url}/shopify/install?${new URLSearchParams({ ...query, hmac })}`, {
    redirect: "manual",
  });
  expect(opened.status).toBe(302);
  const authorize = await fetch(opened.headers.get("location")!, { redirect: "manual" });
  expect(authorize.status).toBe(302);
  const installed = await fetch(authorize.headers.get("location")!);
  expect(installed.status, await installed.clone().text()).toBe(200);
}

function readDb<T>(e2e: E2E, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(e2e.databaseFile, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The raw bytes of the database file and its WAL: what a copy of the disk would show. */
function filesContain(e2e: E2E, text: string): boolean {
  const needle = Buffer.from(text, "utf8");
  return [e2e.databaseFile, `${e2e.databaseFile}-wal`].some(
    (path) => existsSync(path) && readFileSync(path).includes(needle),
  );
}

/** Every row of every table but the webhook inbox, as JSON text (the lineage and the bookkeeping). */
function everyRowButTheInbox(e2e: E2E): Record<string, string> {
  return readDb(e2e, (db) => {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .all() as { name: string }[];
    return Object.fromEntries(
      tables
        .filter((t) => t.name !== "inbox_events")
        .map((t) => [t.name, JSON.stringify(db.prepare(`select * from "${t.name}"`).all())]),
    );
  });
}

function bodyLengths(e2e: E2E, resourceGids: string[]): number[] {
  return readDb(e2e, (db) =>
    (
      db
        .prepare(
          `select length(body) as n from inbox_events where resource_gid in (${resourceGids.map(() => "?").join(",")}) order by id`,
        )
        .all(...resourceGids) as { n: number }[]
    ).map((r) => r.n),
  );
}

async function completedRequest(e2e: E2E, topic: PrivacyRequest["topic"]): Promise<PrivacyRequest> {
  let found: PrivacyRequest | undefined;
  await until(
    async () => {
      const all = await e2e.connector.store.privacyRequests.list(e2e.tenantId);
      found = all.find((r) => r.topic === topic && r.completedAt !== null);
      return found !== undefined;
    },
    20_000,
    `the ${topic} request to be completed`,
  );
  return found!;
}

/** Every call the connector made to the simulated Shopify (answered or refused). */
function shopifyCalls(e2e: E2E): number {
  const s = e2e.shopify.stats();
  const tokenRequests = Object.values(s.tokenRequests).reduce((a, b) => a + b, 0);
  return s.graphqlRequests + s.restRequests + s.unauthorized + tokenRequests;
}

describe("app lifecycle and privacy topics (e2e)", { timeout: 240_000 }, () => {
  let e2e: E2E;
  const patOrders: string[] = [];
  const kimOrders: string[] = [];
  const addOrder = (customer: typeof PAT, options: { emit?: boolean } = {}) =>
    e2e.shopify.orders.add(e2e.shop, makeSimOrder({ customer }), options).gid;

  beforeAll(async () => {
    e2e = await startE2E({
      shop: { clientId: CLIENT_ID },
      shopifyConfig: { auth: { grant: "authorization-code", clientId: CLIENT_ID } },
      subscribeTopics: [
        "orders/create",
        "orders/updated",
        "orders/paid",
        "refunds/create",
        "app/uninstalled",
      ],
      tenantConfig: { schedule: { sweep: "*/2 * * * * *", sweepOverlapMinutes: 1 } },
      jdeConfig: { circuitBreaker: { failures: 2, maxOpenMs: 1000 }, livenessIntervalMs: 200 },
    });
    // The app's compliance subscription (shopify.app.toml `compliance_topics`).
    e2e.shopify.webhooks.subscribe({
      shop: e2e.shop,
      topics: [],
      complianceTopics: COMPLIANCE_TOPICS,
      uri: `${e2e.url}/webhooks/shopify`,
    });
    await installApp(e2e);
    await until(async () => (await health(e2e)).ready, 30_000, "the tenant to become ready");
  });
  afterAll(async () => {
    await e2e?.stop();
  });

  it("posts the orders of two customers; nothing but the webhook inbox holds their personal data", async () => {
    patOrders.push(addOrder(PAT), addOrder(PAT));
    kimOrders.push(addOrder(KIM), addOrder(KIM));
    await e2e.waitForPosting([...patOrders, ...kimOrders], 60_000);

    // The inbox keeps Shopify's bodies as signed (and the search below can find them)...
    for (const text of [...personalData(PAT), ...personalData(KIM)])
      expect(filesContain(e2e, text)).toBe(true);
    // ...but the lineage (audit_log, posting_documents, posted_events) and every other table do not.
    const rows = everyRowButTheInbox(e2e);
    expect(Object.keys(rows)).toEqual(
      expect.arrayContaining(["audit_log", "posting_documents", "posted_events"]),
    );
    for (const [table, text] of Object.entries(rows))
      for (const personal of [...personalData(PAT), ...personalData(KIM)])
        expect(text.includes(personal), `${table} holds ${personal}`).toBe(false);
  });

  it("customers/data_request: records what is held, with the orders' JDE document numbers", async () => {
    e2e.shopify.privacy.customersDataRequest(e2e.shop, { customerGid: customerGid(PAT) });
    const request = await completedRequest(e2e, "customers/data_request");
    expect(request.customerId).toBe(customerGid(PAT));

    const documents = (await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId })).filter(
      (d) => patOrders.includes(d.orderId),
    );
    expect(documents.length).toBeGreaterThanOrEqual(2);
    expect(documents.every((d) => d.documentNumber !== null)).toBe(true);
    const listed = request.outcome.journalDocuments as { orderId: string; jdeDocument: string }[];
    expect(listed.map((d) => d.jdeDocument).sort()).toEqual(documents.map((d) => d.documentNumber).sort());
    const inJde = new Set(e2e.jde.ledger.documents().map((d) => String(d.doc)));
    for (const d of listed) expect(inJde.has(String(Number(d.jdeDocument)))).toBe(true);
    // The two orders' bodies and the request's own (erased right after the answer is recorded).
    expect(request.outcome).toMatchObject({ orders: 2, webhookBodiesHeld: 3, requestBodyErased: true });
    const recorded = JSON.stringify(request);
    for (const personal of personalData(PAT)) expect(recorded).not.toContain(personal);
  });

  it("customers/redact: empties the customer's bodies; no trace of them is left in the database files", async () => {
    e2e.shopify.privacy.customerRedact(e2e.shop, { customerGid: customerGid(PAT), orderGids: patOrders });
    const request = await completedRequest(e2e, "customers/redact");
    expect(request.customerId).toBe(customerGid(PAT));
    expect(request.outcome).toMatchObject({
      orders: 2,
      keptWithoutPersonalData: ["ledger", "documents", "audit"],
    });
    expect(request.outcome.bodiesErased).toBeGreaterThanOrEqual(3);

    const patBodies = bodyLengths(e2e, [...patOrders, customerGid(PAT)]);
    expect(patBodies.length).toBeGreaterThanOrEqual(4);
    expect(patBodies.every((n) => n === 0)).toBe(true);
    expect(bodyLengths(e2e, kimOrders).every((n) => n > 0)).toBe(true);

    for (const personal of personalData(PAT)) expect(filesContain(e2e, personal), personal).toBe(false);
    expect(filesContain(e2e, KIM.email)).toBe(true);
    // The order-to-journal trail stays.
    expect(
      (await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId })).filter((d) =>
        patOrders.includes(d.orderId),
      ).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("app/uninstalled: tokens deleted, Shopify work stops, late orders park, recorded documents still go to JDE", async () => {
    // While installed, the sweep reads Shopify on its cron, and the OAuth tokens are stored sealed.
    const beforeSweep = shopifyCalls(e2e);
    await until(() => shopifyCalls(e2e) > beforeSweep, 10_000, "a sweep to call Shopify");
    const secretNames = () =>
      readDb(e2e, (db) =>
        (
          db.prepare("select name from secrets where scope = ? order by name").all(e2e.tenantId) as {
            name: string;
          }[]
        ).map((r) => r.name),
      );
    expect(secretNames()).toEqual(["shopify.accessToken", "shopify.refreshToken"]);

    // Documents recorded while JDE is down wait in the store when the merchant uninstalls.
    await e2e.jde.control.setDown(true, "503");
    const waiting = addOrder(KIM);
    await until(
      async () =>
        (await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId, orderId: waiting }))
          .length > 0,
      20_000,
      "the waiting order's document",
    );
    kimOrders.push(waiting);
    // Orders placed just before the uninstall, whose webhooks Shopify delivers after it.
    const late = [addOrder(KIM, { emit: false }), addOrder(KIM, { emit: false })];
    for (const gid of late) e2e.shopify.webhooks.emit(e2e.shop, "orders/create", gid, { delayMs: 2_000 });
    kimOrders.push(...late);

    expect(e2e.shopify.app.uninstall(e2e.shop)).toMatchObject({ uninstalled: true });
    await until(
      async () => (await e2e.connector.store.installations.get(e2e.tenantId))?.status === "uninstalled",
      20_000,
      "the installation to be marked uninstalled",
    );
    expect(secretNames()).toEqual([]);
    await until(
      async () => /MLC_SHOPIFY_UNINSTALLED/.test((await health(e2e)).shopifyProblem ?? ""),
      20_000,
      "/healthz to show the uninstall",
    );
    await until(
      async () => {
        const parked = await e2e.connector.store.jobs.list({ status: "parked", tenantId: e2e.tenantId });
        return late.every((gid) =>
          parked.some((j) => j.key === gid && j.parkCode === "MLC_SHOPIFY_UNINSTALLED"),
        );
      },
      20_000,
      "the late orders' jobs to park with MLC_SHOPIFY_UNINSTALLED",
    );

    await e2e.jde.control.setDown(false, "503");
    await until(
      async () => {
        const [document] = await e2e.connector.store.posting.listDocuments({
          tenantId: e2e.tenantId,
          orderId: waiting,
        });
        return document?.status === "confirmed";
      },
      30_000,
      "the waiting document to reach JDE",
    );

    // Several sweep ticks (every 2 s) go by without a call to Shopify.
    const calls = shopifyCalls(e2e);
    await sleep(4_500);
    expect(shopifyCalls(e2e)).toBe(calls);
  });

  it("shop/redact after the uninstall is accepted and empties every stored body", async () => {
    e2e.shopify.privacy.shopRedact(e2e.shop);
    await e2e.shopify.webhooks.idle();
    const delivery = e2e.shopify.webhooks.deliveries().find((d) => d.topic === "shop/redact");
    expect(delivery).toMatchObject({ status: "delivered", lastStatusCode: 200, attempts: 1 });
    const request = await completedRequest(e2e, "shop/redact");
    expect(request.outcome).toMatchObject({ shopifyAccess: "tokens deleted" });
    expect(
      readDb(e2e, (db) => db.prepare("select count(*) as n from inbox_events where length(body) > 0").get()),
    ).toEqual({
      n: 0,
    });
    for (const personal of [...personalData(PAT), ...personalData(KIM)])
      expect(filesContain(e2e, personal), personal).toBe(false);
  });

  it("`privacy list` shows each request and what was done", async () => {
    const file = writeConfigFile(e2e);
    const json = await runCli(["privacy", "list", "--json", "-c", file], { timeoutMs: 60_000 });
    expect(json.code, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout.trim()) as { topic: string; completedAt: string | null }[];
    expect(listed.map((r) => r.topic)).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
    expect(listed.every((r) => r.completedAt !== null)).toBe(true);
    const text = await runCli(["privacy", "list", "--tenant", e2e.tenantId, "-c", file], {
      timeoutMs: 60_000,
    });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/customers\/redact .*bodiesErased=\d+/);
    for (const personal of [...personalData(PAT), ...personalData(KIM)]) {
      expect(json.stdout).not.toContain(personal);
      expect(text.stdout).not.toContain(personal);
    }
  });

  it("a new install resumes the parked orders and posts them", async () => {
    await installApp(e2e);
    await until(
      async () => (await health(e2e)).shopifyProblem === null,
      20_000,
      "/healthz to clear the problem",
    );
    await e2e.waitForPosting([...patOrders, ...kimOrders], 60_000);
  });
});
