import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { compareRelease, serviceError } from "./ais-responses.js";
import { runDataService } from "./data-service.js";
import { drawHoldMs, holdResponse, takeInjectedFailure } from "./fault-injection.js";
import { authenticate } from "./request-auth.js";
import { runOrchestration } from "./run-orchestration.js";
import { bodyRecord, countCall, type ServerContext } from "./server-context.js";

type Work = (username: string) => { status: number; body: unknown };

const MIN_RELEASE = { v1: "9.1.4.4", v2: "9.2.1.2", v3: "9.2.3.3" } as const;

/** Orchestrator, data service and discover routes; each counts as a business call. */
export function registerBusinessRoutes(app: FastifyInstance, context: ServerContext): void {
  const prefixes = { v1: "/jderest", v2: "/jderest/v2", v3: "/jderest/v3" } as const;
  for (const version of ["v1", "v2", "v3"] as const) {
    app.post<{ Params: { name: string } }>(
      `${prefixes[version]}/orchestrator/:name`,
      async (request, reply) => {
        const hidden = version === "v3" && context.v3Hidden;
        if (hidden || compareRelease(context.toolsRelease, MIN_RELEASE[version]) < 0) {
          return reply.code(404).send(serviceError("Not Found"));
        }
        const name = request.params.name;
        return businessCall(request, reply, `${version}/orchestrator/${name}`, (username) =>
          runOrchestration(context, { version, name, body: request.body, username }),
        );
      },
    );
  }
  app.post("/jderest/v2/dataservice", async (request, reply) => {
    const body = bodyRecord(request);
    const byTable = context.stats.dataServiceByTable;
    const table = String(body.targetName ?? "");
    byTable[table] = (byTable[table] ?? 0) + 1;
    return businessCall(request, reply, "v2/dataservice", () => {
      const result = runDataService(context.state.tables, body);
      return result.status === 200 ? result : { status: result.status, body: serviceError(result.message) };
    });
  });
  app.get("/jderest/discover", async (request, reply) =>
    businessCall(request, reply, "discover", () => ({
      status: 200,
      body: context.orchestrations.map((name) => ({
        name,
        omwObjectName: name,
        description: `${name} (simulated)`,
        inputFormat: "Generic",
        version: "v3",
        containsContinueOnError: false,
      })),
    })),
  );

  /**
   * Auth, injected latency and failures around a unit of work (`control.failNext`, `setErrorRate`),
   * and a response held after the work (`control.hangAfterWork`): the client times out although
   * JDE did the work.
   */
  async function businessCall(request: FastifyRequest, reply: FastifyReply, label: string, work: Work) {
    countCall(context, label);
    context.stats.businessCalls += 1;
    const auth = authenticate(context, request);
    if (!auth.ok) return reply.code(auth.status).send(serviceError(auth.message));
    if (context.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, context.latencyMs));
    const failure = takeInjectedFailure(context);
    if (failure) {
      context.stats.injectedFailures += 1;
      if (failure.when === "afterWork") work(auth.username);
      return reply.code(failure.status).send(serviceError("Server Failed to Process Request (injected)"));
    }
    const result = work(auth.username);
    const holdMs = drawHoldMs(context);
    if (holdMs > 0) {
      context.stats.hungResponses += 1;
      await holdResponse(context.faults, holdMs);
    }
    return reply.code(result.status).send(result.body);
  }
}
