import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";
import type { WebhookOutcome } from "../ingest/webhook-intake.js";
import type { Logger } from "../lib/logger.js";

export interface AppDeps {
  log: Logger;
  bodyLimitBytes: number;
  webhooks: {
    receive(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<WebhookOutcome>;
  };
  health: () => Promise<{ ok: boolean; detail: Record<string, unknown> }>;
  /** The OAuth install routes, when a tenant uses the authorization-code grant. */
  shopifyInstall?: ShopifyInstallRoutes;
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

type Query = Record<string, string | string[] | undefined>;
type InstallAnswer =
  | { kind: "redirect"; url: string }
  | { kind: "installed"; shopDomain: string; missingScopes: string[] }
  | { kind: "refused"; status: number; reason: string };

export interface ShopifyInstallRoutes {
  /** Shopify opens the app URL (`shop`, `timestamp`, `hmac`). */
  appOpened(query: Query): Promise<InstallAnswer>;
  /** Shopify sends the merchant back with `code`, `state`, `hmac`. */
  callback(query: Query): Promise<InstallAnswer>;
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

  if (deps.shopifyInstall) {
    const install = deps.shopifyInstall;
    const answer = (reply: FastifyReply, outcome: InstallAnswer) => {
      if (outcome.kind === "redirect") return reply.redirect(outcome.url, 302);
      if (outcome.kind === "refused")
        return reply.code(outcome.status).type("text/plain").send(outcome.reason);
      const note = outcome.missingScopes.length
        ? ` Scopes not granted: ${outcome.missingScopes.join(", ")}.`
        : "";
      return reply.type("text/plain").send(`ml-connector is connected to ${outcome.shopDomain}.${note}`);
    };
    // The query carries a one-time code and state: a failure is answered here, never logged with the URL.
    const guarded = async (reply: FastifyReply, run: () => Promise<InstallAnswer>) => {
      try {
        return answer(reply, await run());
      } catch (error) {
        httpLog.error({ code: (error as { code?: string }).code ?? "unknown" }, "shopify.install_error");
        return reply.code(500).type("text/plain").send("the installation could not be completed; try again");
      }
    };
    app.get("/shopify/install", (request, reply) =>
      guarded(reply, () => install.appOpened(request.query as Query)),
    );
    app.get("/shopify/callback", (request, reply) =>
      guarded(reply, () => install.callback(request.query as Query)),
    );
  }

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
