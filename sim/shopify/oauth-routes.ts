import type { FastifyInstance } from "fastify";
import type { AdminAccess } from "./admin-access.js";
import type { AuthorizeQuery } from "./oauth-authorize.js";

/**
 * Shopify's OAuth endpoints (reference §2.2–2.5): `GET /admin/oauth/authorize` (consent is immediate,
 * then a 302 to the app) and `POST /admin/oauth/access_token` with a JSON or form body (query
 * parameters are read too). Registered in their own scope for the form-body parser.
 */
export function registerOauthRoutes(app: FastifyInstance, access: AdminAccess): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.get("/admin/oauth/authorize", async (req, reply) => {
      const answer = access.authorize(req.query as AuthorizeQuery, req.headers.host);
      if ("location" in answer) return reply.code(302).header("location", answer.location).send();
      return reply.code(answer.status).send(answer.body);
    });
    scope.post("/admin/oauth/access_token", async (req, reply) => {
      const body = isRecord(req.body) ? req.body : {};
      const query = isRecord(req.query) ? req.query : {};
      const answer = access.exchange({ ...query, ...body }, req.headers.host);
      return reply.code(answer.status).header("cache-control", "no-store").send(answer.body);
    });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
