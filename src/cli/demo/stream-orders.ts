import type { ShopifySimulator } from "../../../sim/shopify/index.js";

/**
 * Streams `count` generated orders into the Shopify simulator in small waves, so webhooks arrive while
 * earlier orders are being posted; unpaid orders (bank deposit, COD) receive their payment a little
 * later, as a second dated event. Returns the order GIDs.
 */
export async function streamOrders(input: {
  shopify: ShopifySimulator;
  shop: string;
  count: number;
  seed: number;
}): Promise<string[]> {
  const ids: string[] = [];
  const waveSize = Math.max(1, Math.min(50, Math.ceil(input.count / 20)));
  const unpaid: string[] = [];
  for (let made = 0; made < input.count; made += waveSize) {
    const wave = input.shopify.orders.generate(input.shop, Math.min(waveSize, input.count - made), {
      seed: input.seed + made,
    });
    for (const order of wave) {
      ids.push(order.gid);
      if (input.shopify.expected.orderTotals(input.shop, order.gid).outstanding > 0) unpaid.push(order.gid);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const gid of unpaid) input.shopify.orders.markPaid(input.shop, gid);
  return ids;
}
