import { describe, expect, it } from "vitest";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { LeasedJob } from "./job-queue.js";
import { watchShopAccessRefusals } from "./watch-shop-access-refusals.js";

const job = { id: "1", tenantId: "acme", kind: "order-sync", key: "gid://shopify/Order/1" } as LeasedJob;

describe("watchShopAccessRefusals", () => {
  it.each([
    "MLC_SHOPIFY_UNAUTHORIZED",
    "MLC_SHOPIFY_UNINSTALLED",
    "MLC_SHOPIFY_NOT_CONNECTED",
    "MLC_SHOPIFY_OAUTH",
  ] as const)("tells the tenant, then lets the job fail, when Shopify refuses access (%s)", async (code) => {
    const told: string[] = [];
    const handler = watchShopAccessRefusals(
      async () => {
        throw new ConnectorError(code, "refused");
      },
      (tenantId) => told.push(tenantId),
    );
    await expect(handler(job)).rejects.toMatchObject({ code });
    expect(told).toEqual(["acme"]);
  });

  it("tells nobody about other failures or results", async () => {
    const told: string[] = [];
    const failing = watchShopAccessRefusals(
      async () => {
        throw new ConnectorError("MLC_SHOPIFY_HTTP", "503");
      },
      (tenantId) => told.push(tenantId),
    );
    await expect(failing(job)).rejects.toMatchObject({ code: "MLC_SHOPIFY_HTTP" });
    const parking = watchShopAccessRefusals(
      async () => ({ type: "park", code: "MLC_MAPPING_UNMAPPED_ACCOUNT", reason: "no account" }),
      (tenantId) => told.push(tenantId),
    );
    expect(await parking(job)).toMatchObject({ type: "park" });
    expect(told).toEqual([]);
  });
});
