import { describe, expect, it } from "vitest";
import type { Job, JobFilter } from "./job-queue.js";
import { isShopAccessLoss, resumeShopJobs } from "./resume-shop-jobs.js";

function parked(id: string, tenantId: string, parkCode: string): Job {
  const at = new Date("2026-11-27T12:00:00Z");
  return {
    id,
    tenantId,
    kind: "order-sync",
    key: `gid://shopify/Order/${id}`,
    payload: {},
    status: "parked",
    runAt: at,
    attempts: 1,
    lastError: null,
    parkCode,
    parkReason: "why",
    rerun: false,
    leaseOwner: null,
    leaseExpiresAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

describe("isShopAccessLoss", () => {
  it.each([
    ["MLC_SHOPIFY_UNINSTALLED", true],
    ["MLC_SHOPIFY_NOT_CONNECTED", true],
    ["MLC_SHOPIFY_UNAUTHORIZED", true],
    ["MLC_SHOPIFY_OAUTH", true],
    ["MLC_SHOPIFY_HTTP", false],
    ["MLC_SHOPIFY_ACCESS_DENIED", false],
    ["MLC_AIS_UNAVAILABLE", false],
  ])("%s means the shop's access is lost: %s", (code, lost) => {
    expect(isShopAccessLoss(code)).toBe(lost);
  });
});

describe("resumeShopJobs", () => {
  it("unparks the tenant's jobs that stopped for want of Shopify access, and no others", async () => {
    const jobs = [
      parked("1", "acme", "MLC_SHOPIFY_UNINSTALLED"),
      parked("2", "acme", "MLC_SHOPIFY_UNAUTHORIZED"),
      parked("3", "acme", "MLC_SHOPIFY_NOT_CONNECTED"),
      parked("6", "acme", "MLC_SHOPIFY_OAUTH"),
      parked("4", "acme", "MLC_MAPPING_UNMAPPED_ACCOUNT"),
      parked("5", "other", "MLC_SHOPIFY_UNINSTALLED"),
    ];
    const unparked: string[] = [];
    const now = new Date("2026-11-28T08:00:00Z");
    const resumed = await resumeShopJobs(
      {
        jobs: {
          list: async (filter?: JobFilter) =>
            jobs.filter((j) => j.status === filter?.status && j.tenantId === filter?.tenantId),
          unpark: async (id, options) => {
            expect(options?.now).toEqual(now);
            unparked.push(id);
            return true;
          },
        },
      },
      "acme",
      now,
    );
    expect(resumed).toBe(4);
    expect(unparked).toEqual(["1", "2", "3", "6"]);
  });
});
