import Fastify, { type FastifyInstance } from "fastify";
import { serviceError } from "./ais-responses.js";
import { registerAuthRoutes } from "./auth-routes.js";
import { registerBusinessRoutes } from "./business-routes.js";
import { header, type ServerContext } from "./server-context.js";

const UNSUPPORTED_MEDIA = Symbol("unsupportedMedia");

/**
 * The AIS-like HTTP app (never listens by itself). Non-JSON POST bodies → 415, malformed JSON → 400,
 * everything else in `ServiceErrorResponse` form; while `context.down` every request gets 503.
 */
export function buildJdeServer(context: ServerContext): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, _body, done) => {
    done(null, { [UNSUPPORTED_MEDIA]: true });
  });
  app.addHook("onRequest", async (_request, reply) => {
    if (context.down) return reply.code(503).send(serviceError("Service Unavailable"));
  });
  app.addHook("preHandler", async (request, reply) => {
    const contentType = header(request, "content-type");
    const body = request.body as Record<symbol, unknown> | undefined;
    const unsupported = typeof body === "object" && body !== null && body[UNSUPPORTED_MEDIA] === true;
    if (
      request.method === "POST" &&
      (unsupported || (contentType && !contentType.includes("application/json")))
    ) {
      return reply.code(415).send(serviceError(`Unsupported Media Type: ${contentType ?? "none"}`));
    }
  });
  app.addHook("onResponse", async (_request, reply) => {
    const stats = context.stats;
    if (reply.statusCode === 403) stats.http403 += 1;
    if (reply.statusCode === 444) stats.http444 += 1;
    if (reply.statusCode >= 500) stats.http5xx += 1;
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    return reply
      .code(status)
      .send(serviceError(status === 400 ? `Invalid JSON: ${error.message}` : error.message));
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(serviceError(`Not Found: ${request.url}`)));
  registerAuthRoutes(app, context);
  registerBusinessRoutes(app, context);
  return app;
}
