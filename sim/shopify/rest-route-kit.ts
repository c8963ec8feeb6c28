import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { hasScope, restScopeError } from "./access-scopes.js";
import type { AdminAccess, AuthenticatedRequest } from "./admin-access.js";
import { toShopifyJson } from "./rest-json.js";

export const INVALID_TOKEN_BODY = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

export interface RestContext {
  req: FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | string[]> }>;
  auth: AuthenticatedRequest;
  /** this request's URL as the client sent it (for `Link` headers) */
  url: string;
}

export interface RestAnswer {
  status?: number;
  /** serialised with Shopify's JSON writer (ids above 2^53 stay exact) */
  body: unknown;
  link?: string;
}

/**
 * Registers one REST Admin GET route with Shopify's gatekeeping, in order: token (401), call-limit bucket
 * (`X-Shopify-Shop-Api-Call-Limit` on every answer, 429 + `Retry-After: 2.0` when full), then the scope
 * (403). Reference §4.3.
 */
export function createRestRoute(
  app: FastifyInstance,
  deps: { access: AdminAccess; resolveVersion: (requested: string) => string },
) {
  return (path: string, scope: string | null, handle: (ctx: RestContext) => RestAnswer) =>
    app.get(path, async (request, reply) => {
      const req = request as RestContext["req"];
      const auth = deps.access.authenticate(req);
      if (!auth) return reply.code(401).send(INVALID_TOKEN_BODY);
      deps.access.counts.restRequests++;
      const bucket = deps.access.restBucket(auth.shop);
      const admitted = bucket.tryAdd();
      reply.header("X-Shopify-Shop-Api-Call-Limit", bucket.header());
      reply.header("X-Request-Id", randomUUID());
      if (req.params.version) reply.header("X-Shopify-API-Version", deps.resolveVersion(req.params.version));
      if (!admitted) {
        deps.access.counts.restThrottled++;
        const errors = `Exceeded ${bucket.limits().leakPerSecond} calls per second for api client. Reduce request rates to resume uninterrupted service.`;
        return reply.code(429).header("Retry-After", "2.0").send({ errors });
      }
      if (scope && !hasScope(auth.access.scopes, scope)) return reply.code(403).send(restScopeError(scope));
      const url = `${req.protocol}://${req.headers.host ?? "localhost"}${req.url}`;
      const answer = handle({ req, auth, url });
      if (answer.link) reply.header("Link", answer.link);
      return reply
        .code(answer.status ?? 200)
        .type("application/json; charset=utf-8")
        .send(toShopifyJson(answer.body));
    });
}

export type RestRoute = ReturnType<typeof createRestRoute>;

export const NOT_FOUND: RestAnswer = { status: 404, body: { errors: "Not Found" } };
