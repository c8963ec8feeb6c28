import type { FastifyInstance, FastifyReply } from "fastify";
import type { AdminAccess } from "./admin-access.js";
import type { LeakyBucket } from "./leaky-bucket.js";
import type { MerchantDecision } from "./oauth-authorize.js";
import type { RestPlan, ShopPlan, SimShopConfig } from "./types.js";

interface ShopBody {
  shop: string;
}

/**
 * `/_sim` knobs for tokens, faults and throttling, for `ml-connector sim shopify` users (tests use
 * `sim.oauth`, `sim.faults` and `sim.throttle` directly). Unknown shop → 404.
 */
export function registerAccessControlRoutes(
  app: FastifyInstance,
  deps: { access: AdminAccess; graphqlBucket: (shop: string) => LeakyBucket },
): void {
  const { access } = deps;
  const withShop = <B extends ShopBody>(path: string, handle: (shop: SimShopConfig, body: B) => unknown) =>
    app.post(path, async (req, reply) => {
      const body = (req.body ?? {}) as B;
      const shop = access.shops.find((s) => s.domain === body.shop);
      return shop ? handle(shop, body) : unknownShop(reply);
    });

  withShop<ShopBody & { decision: MerchantDecision }>("/_sim/oauth/decision", (shop, body) => {
    access.setDecision(shop.domain, body.decision);
    return { ok: true };
  });
  withShop("/_sim/oauth/expire-access-tokens", (shop) => ({
    expired: access.tokens.expireAccessTokens(shop.domain),
  }));
  withShop("/_sim/oauth/revoke-all", (shop) => access.tokens.revokeAll(shop.domain));
  withShop<ShopBody & { status?: number; count?: number }>("/_sim/faults/graphql", (shop, body) => {
    access.faults.set(shop.domain, { status: body.status, count: body.count });
    return { ok: true };
  });
  withShop("/_sim/faults/graphql/clear", (shop) => {
    access.faults.clear(shop.domain);
    return { ok: true };
  });
  withShop<ShopBody & { drain?: boolean; plan?: ShopPlan; maximumAvailable?: number; restoreRate?: number }>(
    "/_sim/throttle/graphql",
    (shop, body) => {
      const bucket = deps.graphqlBucket(shop.domain);
      if (body.plan) bucket.setPlan(body.plan);
      if (body.maximumAvailable !== undefined && body.restoreRate !== undefined)
        bucket.setLimits({ maximumAvailable: body.maximumAvailable, restoreRate: body.restoreRate });
      if (body.drain) bucket.drain();
      return bucket.status();
    },
  );
  withShop<ShopBody & { fill?: boolean; plan?: RestPlan }>("/_sim/throttle/rest", (shop, body) => {
    const bucket = access.restBucket(shop);
    if (body.plan) bucket.setPlan(body.plan);
    if (body.fill) bucket.fill();
    return { callLimit: bucket.header() };
  });
}

function unknownShop(reply: FastifyReply) {
  return reply.code(404).send({ error: "unknown shop" });
}
