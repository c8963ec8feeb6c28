import { describe, expect, it } from "vitest";
import { CUSTOMERS, parsedConfig, tenantConfig } from "../config/config-fixture.test-helper.js";
import { tenantSyncsCustomers } from "../config/syncs-customers.js";
import type { NewInboxEvent } from "../inbox/inbox-store.js";
import { createWebhookJobRouting } from "./webhook-job-routing.js";

const event = (topic: string, resourceGid: string | null, tenantId = "acme"): NewInboxEvent => ({
  tenantId,
  shopDomain: "acme.myshopify.com",
  topic,
  webhookId: "w-1",
  eventId: null,
  apiVersion: "2026-10",
  triggeredAt: null,
  receivedAt: new Date(0),
  body: new Uint8Array(),
  bodySha256: "",
  resourceGid,
});
const CUSTOMER = "gid://shopify/Customer/7011234567890";
const routing = createWebhookJobRouting({ syncsCustomers: (tenantId) => tenantId === "acme" });

describe("webhook → job", () => {
  it.each([
    ["orders/updated", "gid://shopify/Order/1", { kind: "order-sync", key: "gid://shopify/Order/1" }],
    ["customers/create", CUSTOMER, { kind: "customer-sync", key: CUSTOMER }],
    ["customers/update", CUSTOMER, { kind: "customer-sync", key: CUSTOMER }],
    ["customers/redact", CUSTOMER, { kind: "shop-event", key: "17", payload: { inboxId: "17" } }],
    ["app/uninstalled", null, { kind: "shop-event", key: "17" }],
  ])("%s makes a %j job", (topic, gid, job) => {
    expect(routing.jobFor(event(topic, gid), "17")).toMatchObject(job);
  });

  it("makes no customer job for a tenant that does not sync customers, and none for other topics", () => {
    expect(routing.jobFor(event("customers/update", CUSTOMER, "globex"), "17")).toBeNull();
    expect(routing.jobFor(event("products/update", null), "17")).toBeNull();
    expect(
      routing.makesJob({
        tenantId: "globex",
        topic: "customers/update",
        orderId: null,
        customerId: CUSTOMER,
      }),
    ).toBe(false);
    expect(
      routing.makesJob({ tenantId: "acme", topic: "customers/update", orderId: null, customerId: CUSTOMER }),
    ).toBe(true);
  });

  it("makes no customer job for a summary tenant: its daily summaries carry no customer", () => {
    const { tenants } = parsedConfig(
      tenantConfig("acme", CUSTOMERS),
      tenantConfig("globex", { ...CUSTOMERS, summary: "daily" }),
    );
    const configured = createWebhookJobRouting({ syncsCustomers: tenantSyncsCustomers(tenants) });
    for (const topic of ["customers/create", "customers/update"]) {
      expect(configured.jobFor(event(topic, CUSTOMER, "acme"), "17")).toMatchObject({
        kind: "customer-sync",
      });
      expect(configured.jobFor(event(topic, CUSTOMER, "globex"), "17")).toBeNull();
      expect(configured.makesJob({ tenantId: "globex", topic, orderId: null, customerId: CUSTOMER })).toBe(
        false,
      );
    }
    // Its orders and its privacy requests still make jobs.
    expect(configured.jobFor(event("orders/create", "gid://shopify/Order/1", "globex"), "17")).toMatchObject({
      kind: "order-sync",
    });
    expect(configured.jobFor(event("customers/redact", CUSTOMER, "globex"), "17")).toMatchObject({
      kind: "shop-event",
    });
  });
});
