import { expect, it } from "vitest";
import { startE2E } from "../support/e2e-harness.js";
it.each(["sync", "staged"] as const)("scratch %s", async (processing) => {
  const e2e = await startE2E({ processing });
  const b = e2e.jde.stats().calls;
  const orders = e2e.shopify.orders.generate(e2e.shop, 5, { seed: 21, refundRate: 0 }).map((o) => o.gid);
  await e2e.waitForPosting(orders);
  console.log(processing, "before", JSON.stringify(b), "after", JSON.stringify(e2e.jde.stats()));
  await e2e.stop();
  expect(1).toBe(1);
});
