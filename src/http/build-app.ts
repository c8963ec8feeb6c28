import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { WebhookOutcome } from "../ingest/webhook-intake.js";
import type { Logger } from "../lib/logger.js";

export interface AppDeps {
  log: Logger;
  bodyLimitBytes: number;
  webhooks: {
    receive(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<WebhookOutcome>;
  };
  health: () => Promise<{ ok: boolean; detail: Record<string, unknown> }>;
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

/** The HTTP surface. Never calls listen(): main.ts does, tests use inject(). */
export function buildApp(deps: AppDeps): FastifyInstance {
  // Per-request info logs would cost the hot path; warnings and errors still reach the log.
  const httpLog = deps.log.child({ component: "http" }, { level: "warn" }) as FastifyBaseLogger;
  const app = Fastify({ loggerInstance: httpLog, bodyLimit: deps.bodyLimitBytes });

  // Webhooks are verified over the exact bytes, so no body is parsed before the intake.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.post("/webhooks/shopify", async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const outcome = await deps.webhooks.receive(request.headers, rawBody);
    return reply
      .code(outcome.status)
      .send(outcome.status === 400 ? { error: outcome.reason } : { result: outcome.result });
  });

  app.get("/healthz", async (_request, reply) => {
    const health = await deps.health();
    return reply.code(health.ok ? 200 : 503).send(health);
  });

  if (deps.metrics) {
    const metrics = deps.metrics;
    app.get("/metrics", async (_request, reply) => {
      const { contentType, body } = await metrics();
      return reply.type(contentType).send(body);
    });
  }

  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, "http.error");
    const message = error instanceof Error ? error.message : String(error);
    return reply.code(status).send({ error: status >= 500 ? "internal error" : message });
  });
  return app;
}
