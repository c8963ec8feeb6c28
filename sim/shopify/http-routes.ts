import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { AdminAccess } from "./admin-access.js";
import { registerAdminAccessRoutes } from "./admin-access-routes.js";
import { type GraphqlDeps, runGraphql } from "./graphql-endpoint.js";
import type { SimShopConfig } from "./types.js";

const INVALID_TOKEN = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

export interface ControlHandlers {
  generate(shop: string, count: number, seed?: number): { orders: string[] };
  expected(orderGid: string): unknown;
  subscribe(body: { shop: string; topics: string[]; uri: string; apiVersion?: string }): void;
  stats(): unknown;
}

/**
 * The simulator's HTTP surface: Shopify's GraphQL endpoint (shop from the Host header when it names a
 * configured shop, else from the access token) and the `/_sim` control routes.
 */
export function buildHttpApp(deps: {
  shops: SimShopConfig[];
  graphql: GraphqlDeps;
  control: ControlHandlers;
  /** tokens (static and OAuth-issued), OAuth and REST routes, GraphQL faults */
  access: AdminAccess;
  /** further route groups (bulk result files, webhook and bulk controls) */
  routes?: ((app: FastifyInstance) => void)[];
}): FastifyInstance {
  const app = Fastify({ bodyLimit: 50 * 1024 * 1024 });
  app.addContentTypeParser("application/graphql", { parseAs: "string" }, (_req, body, done) =>
    done(null, { query: body }),
  );

  /** A token valid now, of the Host header's shop when it names one (expired/revoked/unknown → 401). */
  const resolveShop = (req: FastifyRequest) => deps.access.authenticate(req);

  app.post<{ Params: { version: string } }>("/admin/api/:version/graphql.json", async (req, reply) => {
    const auth = resolveShop(req);
    if (!auth) return reply.code(401).send(INVALID_TOKEN);
    const shop = auth.shop;
    const version = deps.graphql.schemas.resolveVersion(req.params.version);
    reply.header("X-Shopify-API-Version", version);
    reply.header("X-Request-Id", crypto.randomUUID());
    const fault = deps.access.faults.take(shop.domain);
    if (fault) return reply.code(fault.status).type(fault.contentType).send(fault.body);
    const body = (req.body ?? {}) as Record<string, unknown>;
    return reply.code(200).send(await runGraphql({ shop, version, body, access: auth.access }, deps.graphql));
  });

  app.post<{ Body: { shop: string; count: number; seed?: number } }>("/_sim/orders/generate", async (req) =>
    deps.control.generate(req.body.shop, req.body.count, req.body.seed),
  );
  app.get<{ Params: { gid: string } }>("/_sim/orders/:gid/expected", async (req, reply) => {
    const totals = deps.control.expected(decodeURIComponent(req.params.gid));
    return totals ? totals : reply.code(404).send({ error: "unknown order" });
  });
  app.post<{ Body: { shop: string; topics: string[]; uri: string; apiVersion?: string } }>(
    "/_sim/webhooks/subscribe",
    async (req) => {
      deps.control.subscribe(req.body);
      return { ok: true };
    },
  );
  app.get("/_sim/stats", async () => deps.control.stats());
  registerAdminAccessRoutes(app, { access: deps.access, graphql: deps.graphql });
  for (const register of deps.routes ?? []) register(app);
  return app;
}
