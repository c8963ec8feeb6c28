import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { compareRelease, defaultConfig, serviceError, tokenResponse } from "./ais-responses.js";
import { credentialsOf, deviceOf, findUser } from "./request-auth.js";
import { bodyRecord, countCall, header, type ServerContext } from "./server-context.js";

const V2_RELEASE = "9.2.1.2";
const V3_RELEASE = "9.2.3.3";

/** Login, session validation, logout and discovery routes (reference/jde-ais.md §1.2–§1.4, §2). */
export function registerAuthRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post("/jderest/v2/tokenrequest", tokenRequest);
  app.get("/jderest/v2/tokenrequest", tokenRequest);
  app.post("/jderest/v2/tokenrequest/validate", async (request, reply) => {
    countCall(context, "v2/tokenrequest/validate");
    context.stats.validateRequests += 1;
    const body = bodyRecord(request);
    return validateSession(
      request,
      reply,
      typeof body.token === "string" ? body.token : "",
      body.touch === true,
    );
  });
  app.post("/jderest/v2/tokenrequest/logout", async (request, reply) => {
    countCall(context, "v2/tokenrequest/logout");
    context.stats.logoutRequests += 1;
    const token = String(bodyRecord(request).token ?? header(request, "jde-AIS-Auth") ?? "");
    if (!context.sessions.remove(token)) return reply.code(444).send(serviceError("Invalid Token"));
    return { message: "Logout successful" };
  });
  for (const version of ["v2", "v3"] as const) {
    app.route({
      method: version === "v2" ? ["POST"] : ["GET", "POST"],
      url: `/jderest/${version}/orchestrator/jde-validate-session`,
      handler: async (request, reply) => {
        if (!supports(version)) return reply.code(404).send(serviceError("Not Found"));
        countCall(context, `${version}/orchestrator/jde-validate-session`);
        context.stats.validateRequests += 1;
        const token = header(request, "jde-AIS-Auth") ?? String(bodyRecord(request).token ?? "");
        return validateSession(request, reply, token, false);
      },
    });
  }
  for (const path of ["/jderest/defaultconfig", "/jderest/v2/defaultconfig"]) {
    app.route({
      method: ["GET", "POST"],
      url: path,
      handler: async (request, reply) => {
        if (path.includes("/v2/") && !supports("v2")) return reply.code(404).send(serviceError("Not Found"));
        countCall(context, path.replace("/jderest/", ""));
        const query = request.query as Record<string, string | undefined>;
        return defaultConfig({
          toolsRelease: context.toolsRelease,
          environment: context.defaultEnvironment,
          role: context.defaultRole,
          jasServer: context.jasServer,
          capabilities: context.capabilities,
          requiredCapabilities: query.requiredCapabilities,
        });
      },
    });
  }

  async function tokenRequest(request: FastifyRequest, reply: FastifyReply) {
    countCall(context, "v2/tokenrequest");
    context.stats.tokenRequests += 1;
    const credentials = credentialsOf(request);
    const user = credentials && findUser(context, credentials.username, credentials.password);
    if (!user)
      return reply.code(403).send(serviceError("Authorization Failure", { errorText: "Invalid user" }));
    const body = bodyRecord(request);
    const environment = stringOf(body.environment) ?? header(request, "jde-AIS-Auth-Environment");
    const role = stringOf(body.role) ?? header(request, "jde-AIS-Auth-Role");
    const userEnvironment = user.environment ?? context.defaultEnvironment;
    const userRole = user.role ?? context.defaultRole;
    if (environment && environment !== userEnvironment) {
      return reply
        .code(403)
        .send(serviceError(`Authorization Failure: environment ${environment} not allowed`));
    }
    if (role && userRole !== "*ALL" && role !== userRole) {
      return reply.code(403).send(serviceError(`Authorization Failure: role ${role} not allowed`));
    }
    const session = context.sessions.create({
      username: user.username.toUpperCase(),
      environment: environment ?? userEnvironment,
      role: role ?? userRole,
      device: deviceOf(request),
    });
    return tokenResponse(session, user, context.jasServer);
  }

  function validateSession(request: FastifyRequest, reply: FastifyReply, token: string, touch: boolean) {
    const checked = context.sessions.check(token, deviceOf(request));
    if (!checked.ok) return reply.code(444).send(serviceError("Invalid Token"));
    if (touch) context.sessions.touch(checked.session);
    return { isValidSession: true };
  }

  function supports(version: "v2" | "v3"): boolean {
    if (version === "v3" && context.v3Hidden) return false;
    return compareRelease(context.toolsRelease, version === "v2" ? V2_RELEASE : V3_RELEASE) >= 0;
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
