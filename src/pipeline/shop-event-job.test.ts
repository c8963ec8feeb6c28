import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CustomerLink } from "../customers/customer-links.js";
import type { InboxEvent, InboxStore } from "../inbox/inbox-store.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { PostingDocument } from "../posting/posting-store.js";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import type { ShopInstallation } from "./installation-store.js";
import type { LeasedJob } from "./job-queue.js";
import type { PrivacyRequest } from "./privacy-request-store.js";
import {
  createShopEventHandler,
  type JdeCustomerRecords,
  SHOP_EVENT,
  type ShopEventDeps,
} from "./shop-event-job.js";

const TENANT = "acme";
const SHOP = "acme.myshopify.com";
// Above 2^53: a JSON.parse would round them.
const ORDER_A = "9007199254740993123";
const ORDER_B = "9007199254740993124";
const ORDER_OTHER = "5934123456789";
const CUSTOMER = "7011111111111111111";
const EMAIL = "pat.lee@example.com";
const PHONE = "+16135550100";

const orderBody = (id: string, email = EMAIL) =>
  `{"id":${id},"admin_graphql_api_id":"gid://shopify/Order/${id}","email":"${email}","customer":{"id":${CUSTOMER},"email":"${email}","first_name":"Pat","last_name":"Lee"}}`;
const redactBody = `{"shop_id":954889,"shop_domain":"${SHOP}","customer":{"id":${CUSTOMER},"email":"${EMAIL}","phone":"${PHONE}"},"orders_to_redact":[${ORDER_A},${ORDER_B}]}`;
const dataRequestBody = `{"shop_id":954889,"shop_domain":"${SHOP}","orders_requested":[${ORDER_A}],"customer":{"id":${CUSTOMER},"email":"${EMAIL}","phone":"${PHONE}"},"data_request":{"id":9999}}`;

function setup(
  options: {
    installation?: Partial<ShopInstallation> | null;
    customerLinks?: ShopEventDeps["customerLinks"];
    jdeCustomers?: ShopEventDeps["jdeCustomers"];
  } = {},
) {
  const fake = createFakeClock(Date.UTC(2026, 10, 27, 12, 0, 0));
  const events: InboxEvent[] = [];
  const installations = new Map<string, ShopInstallation>();
  if (options.installation !== null)
    installations.set(TENANT, {
      tenantId: TENANT,
      shopDomain: SHOP,
      status: "installed",
      grantType: "authorization-code",
      scopes: ["read_orders"],
      accessExpiresAt: null,
      refreshExpiresAt: null,
      installedAt: new Date("2026-01-01T00:00:00Z"),
      uninstalledAt: null,
      ...options.installation,
    });
  const requests: PrivacyRequest[] = [];
  const forgotten: string[] = [];
  const documents: PostingDocument[] = [
    document(ORDER_A, "1001", "#1042"),
    document(ORDER_A, "1002", "#1042"),
  ];

  const matches = (
    e: InboxEvent,
    filter: { resourceGids?: readonly string[]; inboxIds?: readonly string[] },
  ) =>
    (filter.resourceGids === undefined && filter.inboxIds === undefined) ||
    (e.resourceGid !== null && (filter.resourceGids ?? []).includes(e.resourceGid)) ||
    (filter.inboxIds ?? []).includes(e.id);
  const inbox: Pick<InboxStore, "get" | "erasePayloads" | "countAbout"> = {
    get: async (id) => events.find((e) => e.id === id),
    erasePayloads: async (filter) => {
      let erased = 0;
      for (const e of events) {
        if (e.tenantId !== filter.tenantId || e.body.length === 0 || !matches(e, filter)) continue;
        e.body = new Uint8Array(0);
        erased += 1;
      }
      return erased;
    },
    countAbout: async (filter) => {
      const about = events.filter(
        (e) => e.tenantId === filter.tenantId && e.resourceGid && filter.resourceGids.includes(e.resourceGid),
      );
      return { events: about.length, withBody: about.filter((e) => e.body.length > 0).length };
    },
  };
  const handle = createShopEventHandler({
    inbox,
    installations: {
      get: async (id) => installations.get(id),
      save: async (installation) => {
        installations.set(installation.tenantId, installation);
      },
      markUninstalled: async (id, at) => {
        const current = installations.get(id);
        if (current) installations.set(id, { ...current, status: "uninstalled", uninstalledAt: at });
      },
    },
    privacyRequests: {
      record: async (request) => {
        requests.push({ ...request, id: String(requests.length + 1), completedAt: null, outcome: {} });
        return String(requests.length);
      },
      complete: async (id, completedAt, outcome) => {
        Object.assign(requests[Number(id) - 1]!, { completedAt, outcome });
      },
    },
    posting: {
      listDocuments: async ({ orderId }) => documents.filter((d) => d.orderId === orderId),
    },
    forgetShopAccess: async (id) => {
      forgotten.push(id);
    },
    clock: fake.clock,
    ...(options.customerLinks ? { customerLinks: options.customerLinks } : {}),
    ...(options.jdeCustomers ? { jdeCustomers: options.jdeCustomers } : {}),
  });

  function deliver(topic: string, body: string, resource: string | null, triggeredAt?: Date): LeasedJob {
    const id = String(events.length + 1);
    const bytes = Buffer.from(body);
    events.push({
      id,
      tenantId: TENANT,
      shopDomain: SHOP,
      topic,
      webhookId: `webhook-${id}`,
      eventId: null,
      eventKey: `webhook-${id}`,
      apiVersion: "2026-10",
      triggeredAt: triggeredAt ?? fake.clock.now(),
      receivedAt: fake.clock.now(),
      lastDeliveryAt: fake.clock.now(),
      body: bytes,
      bodySha256: createHash("sha256").update(bytes).digest("hex"),
      resourceGid: resource,
      deliveryCount: 1,
    });
    return job({ inboxId: id });
  }
  const bodyOf = (resource: string) =>
    events.filter((e) => e.resourceGid === resource).map((e) => Buffer.from(e.body).toString("utf8"));
  return { handle, deliver, events, installations, requests, forgotten, fake, bodyOf };
}

function job(payload: unknown): LeasedJob {
  const at = new Date("2026-11-27T12:00:00Z");
  return {
    id: "1",
    tenantId: TENANT,
    kind: SHOP_EVENT,
    key: "1",
    payload,
    status: "running",
    runAt: at,
    attempts: 0,
    lastError: null,
    parkCode: null,
    parkReason: null,
    rerun: false,
    leaseOwner: "worker",
    leaseToken: "lease",
    leaseExpiresAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

function document(orderId: string, documentNumber: string, orderName: string): PostingDocument {
  const at = new Date("2026-11-27T10:00:00Z");
  return {
    key: `${TENANT}/${documentNumber}`,
    tenantId: TENANT,
    orderId: `gid://shopify/Order/${orderId}`,
    orderName,
    sequence: 1,
    edtn: documentNumber,
    kind: "order",
    reason: null,
    requestedBy: null,
    glDate: "2026-11-27",
    currency: "USD",
    decimals: 2,
    lines: [],
    eventIds: [],
    status: "confirmed",
    batchId: "b1",
    documentNumber,
    batchNumber: "5001",
    errors: [],
    createdAt: at,
    updatedAt: at,
  };
}

const gidOrder = (id: string) => `gid://shopify/Order/${id}`;
const gidCustomer = `gid://shopify/Customer/${CUSTOMER}`;

describe("shop events: app/uninstalled", () => {
  it("marks the installation uninstalled and forgets the shop's access", async () => {
    const t = setup();
    expect(
      await t.handle(t.deliver("app/uninstalled", `{"id":954889,"myshopify_domain":"${SHOP}"}`, null)),
    ).toEqual({ type: "done" });
    expect(t.installations.get(TENANT)).toMatchObject({
      status: "uninstalled",
      uninstalledAt: t.fake.clock.now(),
    });
    expect(t.forgotten).toEqual([TENANT]);
  });

  it("records an uninstalled installation for a tenant that never had one (static token)", async () => {
    const t = setup({ installation: null });
    await t.handle(t.deliver("app/uninstalled", "{}", null));
    expect(t.installations.get(TENANT)).toMatchObject({
      status: "uninstalled",
      grantType: "static",
      shopDomain: SHOP,
    });
    expect(t.forgotten).toEqual([TENANT]);
  });

  it("ignores a late uninstall of an installation made after it (a quick reinstall)", async () => {
    const t = setup({ installation: { installedAt: new Date("2026-11-27T12:30:00Z") } });
    const late = t.deliver("app/uninstalled", "{}", null); // sent at 12:00, handled after the reinstall
    await t.handle(late);
    expect(t.installations.get(TENANT)).toMatchObject({ status: "installed", uninstalledAt: null });
    expect(t.forgotten).toEqual([]);
  });

  it("keeps the first uninstall time when the topic is delivered again", async () => {
    const first = new Date("2026-11-20T00:00:00Z");
    const t = setup({ installation: { status: "uninstalled", uninstalledAt: first } });
    await t.handle(t.deliver("app/uninstalled", "{}", null));
    expect(t.installations.get(TENANT)?.uninstalledAt).toEqual(first);
    expect(t.forgotten).toEqual([TENANT]);
  });
});

describe("shop events: privacy requests", () => {
  it("customers/redact empties the bodies about the listed orders and the customer, and records it", async () => {
    const t = setup();
    t.deliver("orders/create", orderBody(ORDER_A), gidOrder(ORDER_A));
    t.deliver("orders/updated", orderBody(ORDER_A), gidOrder(ORDER_A));
    t.deliver("refunds/create", `{"id":1,"order_id":${ORDER_B}}`, gidOrder(ORDER_B));
    t.deliver("customers/update", `{"id":${CUSTOMER},"email":"${EMAIL}"}`, gidCustomer);
    t.deliver("orders/create", orderBody(ORDER_OTHER, "kim@example.com"), gidOrder(ORDER_OTHER));
    await t.handle(t.deliver("customers/redact", redactBody, gidCustomer));

    expect(t.bodyOf(gidOrder(ORDER_A))).toEqual(["", ""]);
    expect(t.bodyOf(gidOrder(ORDER_B))).toEqual([""]);
    // The customer's deliveries, the redaction request itself included.
    expect(t.bodyOf(gidCustomer)).toEqual(["", ""]);
    expect(t.bodyOf(gidOrder(ORDER_OTHER))).toEqual([orderBody(ORDER_OTHER, "kim@example.com")]);
    expect(t.requests).toEqual([
      expect.objectContaining({
        topic: "customers/redact",
        customerId: gidCustomer,
        webhookId: "webhook-6",
        completedAt: t.fake.clock.now(),
        outcome: { orders: 2, bodiesErased: 5, keptWithoutPersonalData: ["ledger", "documents", "audit"] },
      }),
    ]);
    expect(t.forgotten).toEqual([]);
  });

  it("customers/redact erases the hash of what was sent to JDE and lists the AN8s that keep the data", async () => {
    const fingerprints = new Map([[gidCustomer, { name: "a".repeat(64) }]]);
    const t = setup({
      customerLinks: {
        get: async (_tenant, gid) => ({
          tenantId: TENANT,
          customerGid: gid,
          addressNumber: "9001",
          state: "linked",
          source: "created",
          fingerprint: fingerprints.get(gid) ?? null,
          customerUpdatedAt: null,
          createdAt: new Date(0),
          updatedAt: new Date(0),
          reservedAddressNumber: null,
        }),
        eraseFingerprint: async (_tenant, gid) => fingerprints.delete(gid),
        eraseAllFingerprints: async () => 0,
      },
    });
    await t.handle(t.deliver("customers/redact", redactBody, gidCustomer));
    expect(fingerprints.size).toBe(0);
    expect(t.requests[0]?.outcome).toMatchObject({
      customerLinkHashErased: true,
      jdeAddressNumbers: ["9001"],
      jdeNote: "held in JDE for the merchant's own retention process",
    });
  });

  describe("customers/redact lists every JDE record that may hold the customer's data", () => {
    /** The connector's link of the customer (none when `addressNumber` is undefined), and its hash. */
    function links(
      addressNumber: string | undefined,
      state: CustomerLink["state"] = "linked",
      reservedAddressNumber: string | null = null,
    ) {
      const fingerprints = new Map([[gidCustomer, { name: "a".repeat(64) }]]);
      const customerLinks: ShopEventDeps["customerLinks"] = {
        get: async (_tenant, gid) =>
          addressNumber === undefined
            ? undefined
            : {
                tenantId: TENANT,
                customerGid: gid,
                addressNumber: addressNumber || null,
                state,
                source: "created",
                fingerprint: fingerprints.get(gid) ?? null,
                customerUpdatedAt: null,
                createdAt: new Date(0),
                updatedAt: new Date(0),
                reservedAddressNumber,
              },
        eraseFingerprint: async (_tenant, gid) => fingerprints.delete(gid),
        eraseAllFingerprints: async () => 0,
      };
      return { customerLinks, fingerprints };
    }
    /** F0101 by ALKY answers `found`, or fails as JDE down does. */
    function jde(found: string[] | ConnectorError, writePath: ReturnType<JdeCustomerRecords["writePath"]>) {
      const asked: Array<{ tenantId: string; customerGid: string }> = [];
      const jdeCustomers = (tenantId: string): JdeCustomerRecords => ({
        addressNumbersOf: async (customerGid) => {
          asked.push({ tenantId, customerGid });
          if (found instanceof ConnectorError) throw found;
          return found;
        },
        writePath: () => writePath,
      });
      return { jdeCustomers, asked };
    }

    it("adds the records carrying the customer's cross-reference (hand-keyed, an earlier install) to the linked AN8", async () => {
      const { customerLinks, fingerprints } = links("9001");
      const { jdeCustomers, asked } = jde(["9001", "12", "30555"], "orchestration");
      const t = setup({ customerLinks, jdeCustomers });
      await t.handle(t.deliver("customers/redact", redactBody, gidCustomer));
      expect(asked).toEqual([{ tenantId: TENANT, customerGid: gidCustomer }]);
      expect(fingerprints.size).toBe(0);
      expect(t.requests[0]?.outcome).toEqual({
        orders: 2,
        bodiesErased: 1,
        keptWithoutPersonalData: ["ledger", "documents", "audit"],
        customerLinkHashErased: true,
        jdeAddressNumbers: ["12", "9001", "30555"],
        jdeListing: "complete",
        jdeNote: "held in JDE for the merchant's own retention process",
      });
    });

    it("lists the records carrying the cross-reference when the connector holds no link (its table was lost)", async () => {
      const { jdeCustomers } = jde(["4711"], "orchestration");
      const t = setup({ customerLinks: links(undefined).customerLinks, jdeCustomers });
      await t.handle(t.deliver("customers/redact", redactBody, gidCustomer));
      expect(t.requests[0]?.outcome).toMatchObject({ jdeAddressNumbers: ["4711"], jdeListing: "complete" });
      expect(t.requests[0]?.outcome).not.toHaveProperty("customerLinkHashErased");
    });

    it("on the Z-table path names the staging tables and the columns to purge by, with no values", async () => {
      // A range number reserved for a re-staged add is in F0101Z2 before R01010Z puts it in F0101.
      const { customerLinks } = links("", "pending", "9100");
      const t = setup({ customerLinks, jdeCustomers: jde([], "ztable").jdeCustomers });
      await t.handle(t.deliver("customers/redact", redactBody, gidCustomer));
      const outcome = t.requests[0]?.outcome;
      expect(outcome).toMatchObject({
        jdeAddressNumbers: ["9100"],
        jdeListing: "complete",
        jdeNote: expect.stringContaining("staged in F0101Z2 (not processed yet)"),
      });
      const staging = String(outcome?.jdeStagingRows);
      for (const named of [
        "F0101Z2",
        "SZALKY",
        "SZAN8",
        "F03012Z1",
        "VOAN8",
        "F01151Z1",
        "EBAN8",
        "retention",
      ])
        expect(staging).toContain(named);
      const recorded = JSON.stringify(t.requests);
      for (const personal of [EMAIL, PHONE, "Pat", "Lee", "SH7011111111111111111"])
        expect(recorded).not.toContain(personal);
    });

    it.each([
      ["the orchestration", "orchestration" as const, false],
      ["not known yet", undefined, true],
    ])("with the posting path %s, the staging rows are %s", async (_name, writePath, named) => {
      const t = setup({
        customerLinks: links("9001").customerLinks,
        jdeCustomers: jde([], writePath).jdeCustomers,
      });
      await t.handle(t.deliver("customers/redact", redactBody, gidCustomer));
      const staging = t.requests[0]?.outcome.jdeStagingRows;
      if (named)
        expect(staging).toMatch(
          /^the posting path is not known yet; if the tenant writes customers through the Z-tables, .*F0101Z2/,
        );
      else expect(staging).toBeUndefined();
    });

    it("completes the erasure when JDE cannot be reached and records that the listing is incomplete, and why", async () => {
      const { customerLinks, fingerprints } = links("9001");
      const down = new ConnectorError("MLC_AIS_UNAVAILABLE", "AIS did not answer within 30000 ms", {
        retryable: true,
      });
      const t = setup({ customerLinks, jdeCustomers: jde(down, "orchestration").jdeCustomers });
      t.deliver("orders/create", orderBody(ORDER_A), gidOrder(ORDER_A));
      expect(await t.handle(t.deliver("customers/redact", redactBody, gidCustomer))).toEqual({
        type: "done",
      });

      expect(t.bodyOf(gidOrder(ORDER_A))).toEqual([""]);
      expect(t.bodyOf(gidCustomer)).toEqual([""]);
      expect(fingerprints.size).toBe(0);
      expect(t.requests[0]).toMatchObject({
        completedAt: t.fake.clock.now(),
        outcome: {
          bodiesErased: 2,
          customerLinkHashErased: true,
          jdeAddressNumbers: ["9001"],
          jdeListing: "incomplete",
          jdeListingProblem: expect.stringContaining(
            "(MLC_AIS_UNAVAILABLE: AIS did not answer within 30000 ms); only the connector's own link is listed",
          ),
        },
      });
    });

    it("still lists the JDE records of a request whose body a shop/redact already emptied", async () => {
      const t = setup({
        customerLinks: links("9001").customerLinks,
        jdeCustomers: jde(["77"], "orchestration").jdeCustomers,
      });
      const redact = t.deliver("customers/redact", redactBody, gidCustomer);
      await t.handle(t.deliver("shop/redact", `{"shop_id":954889,"shop_domain":"${SHOP}"}`, null));
      await t.handle(redact);
      expect(t.requests[1]?.outcome).toMatchObject({
        requestBodyErased: true,
        jdeAddressNumbers: ["77", "9001"],
        jdeListing: "complete",
      });
    });
  });

  it("customers/data_request records ids, counts and JDE document numbers, never the personal data", async () => {
    const t = setup();
    t.deliver("orders/create", orderBody(ORDER_A), gidOrder(ORDER_A));
    t.deliver("orders/paid", orderBody(ORDER_A), gidOrder(ORDER_A));
    await t.handle(t.deliver("customers/data_request", dataRequestBody, gidCustomer));

    const [request] = t.requests;
    expect(request).toMatchObject({ topic: "customers/data_request", customerId: gidCustomer });
    expect(request?.outcome).toEqual({
      orders: 1,
      webhookDeliveriesRecorded: 3,
      webhookBodiesHeld: 3, // the request's own body too, erased once the answer is recorded
      journalDocuments: [
        {
          orderId: gidOrder(ORDER_A),
          orderName: "#1042",
          kind: "order",
          status: "confirmed",
          jdeDocument: "1001",
          jdeBatch: "5001",
        },
        {
          orderId: gidOrder(ORDER_A),
          orderName: "#1042",
          kind: "order",
          status: "confirmed",
          jdeDocument: "1002",
          jdeBatch: "5001",
        },
      ],
      requestBodyErased: true,
      note: expect.any(String),
    });
    const recorded = JSON.stringify(t.requests);
    for (const personal of [EMAIL, PHONE, "Pat", "Lee"]) expect(recorded).not.toContain(personal);
    // The request's own body named the customer's e-mail and phone; the orders' bodies stay.
    expect(t.bodyOf(gidCustomer)).toEqual([""]);
    expect(t.bodyOf(gidOrder(ORDER_A))).toEqual([orderBody(ORDER_A), orderBody(ORDER_A)]);
  });

  it.each([
    [
      "uninstalled",
      { status: "uninstalled" as const, uninstalledAt: new Date("2026-11-25T12:00:00Z") },
      "tokens deleted",
    ],
    // app/uninstalled was lost: the shop is gone all the same.
    ["still marked installed from before the uninstall", { status: "installed" as const }, "tokens deleted"],
    [
      "installed again since the uninstall",
      { status: "installed" as const, installedAt: new Date("2026-11-26T12:00:00Z") },
      "kept: installed again since the uninstall",
    ],
  ])("shop/redact empties every body of the shop (installation %s)", async (_name, installation, access) => {
    const t = setup({ installation });
    t.deliver("app/uninstalled", `{"id":954889,"email":"owner@${SHOP}"}`, null);
    t.deliver("orders/create", orderBody(ORDER_A), gidOrder(ORDER_A));
    t.deliver("orders/create", orderBody(ORDER_OTHER), gidOrder(ORDER_OTHER));
    await t.handle(t.deliver("shop/redact", `{"shop_id":954889,"shop_domain":"${SHOP}"}`, null));

    expect(t.events.map((e) => e.body.length)).toEqual([0, 0, 0, 0]);
    expect(t.events.map((e) => e.bodySha256)).toHaveLength(4);
    expect(t.requests[0]).toMatchObject({
      topic: "shop/redact",
      customerId: null,
      outcome: { bodiesErased: 4, shopifyAccess: access },
    });
    const kept = access.startsWith("kept");
    expect(t.forgotten).toEqual(kept ? [] : [TENANT]);
    expect(t.installations.get(TENANT)?.status).toBe(kept ? "installed" : "uninstalled");
  });

  it("shop/redact erases the hash of every customer of the tenant and records how many", async () => {
    const erasedFor: string[] = [];
    const t = setup({
      customerLinks: {
        get: async () => undefined,
        eraseFingerprint: async () => false,
        eraseAllFingerprints: async (tenantId) => {
          erasedFor.push(tenantId);
          return 3;
        },
      },
    });
    await t.handle(t.deliver("shop/redact", `{"shop_id":954889,"shop_domain":"${SHOP}"}`, null));
    expect(erasedFor).toEqual([TENANT]);
    expect(t.requests[0]?.outcome).toMatchObject({ customerHashesErased: 3 });
  });

  it("records a request whose body a shop/redact already emptied", async () => {
    const t = setup();
    const redact = t.deliver("customers/redact", redactBody, gidCustomer);
    await t.handle(t.deliver("shop/redact", `{"shop_id":954889,"shop_domain":"${SHOP}"}`, null));
    await t.handle(redact);
    expect(t.requests[1]).toMatchObject({
      topic: "customers/redact",
      customerId: null,
      outcome: { requestBodyErased: true },
    });
  });

  it.each([[{}], [{ inboxId: "404" }], [null]])(
    "parks a job whose inbox row is missing (%j)",
    async (payload) => {
      const t = setup();
      expect(await t.handle(job(payload))).toMatchObject({ type: "park", code: "MLC_CONFIG_INVALID" });
    },
  );

  it("ignores a topic that is not a shop event", async () => {
    const t = setup();
    expect(await t.handle(t.deliver("shop/update", "{}", null))).toEqual({ type: "done" });
    expect(t.requests).toEqual([]);
    expect(t.forgotten).toEqual([]);
  });
});
