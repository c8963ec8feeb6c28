import type { FastifyRequest } from "fastify";
import { bodyRecord, header, type ServerContext } from "./server-context.js";
import type { Session, SimUser } from "./session-store.js";

export type AuthResult =
  | { ok: true; username: string; session?: Session }
  | { ok: false; status: 403 | 444; message: string };

/** Basic auth header or body username/password → credentials, if present. */
export function credentialsOf(request: FastifyRequest): { username: string; password: string } | undefined {
  const authorization = header(request, "authorization");
  if (authorization?.startsWith("Basic ")) {
    const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  const body = bodyRecord(request);
  if (typeof body.username === "string" && typeof body.password === "string") {
    return { username: body.username, password: body.password };
  }
  return undefined;
}

export function findUser(context: ServerContext, username: string, password: string): SimUser | undefined {
  return context.users.find(
    (u) => u.username.toUpperCase() === username.toUpperCase() && u.password === password,
  );
}

/** The device a token is bound to: the explicit deviceName, else the client IP (§1.3). */
export function deviceOf(request: FastifyRequest): string {
  const fromHeader = header(request, "jde-AIS-Auth-Device");
  const fromBody = bodyRecord(request).deviceName;
  return fromHeader || (typeof fromBody === "string" && fromBody ? fromBody : request.ip);
}

/**
 * Authenticates a business call: token in `jde-AIS-Auth` (+ `jde-AIS-Auth-Device`) or body
 * `token` + `deviceName` (bad token → 444); else stateless Basic / username+password (bad → 403);
 * nothing → 403.
 */
export function authenticate(context: ServerContext, request: FastifyRequest): AuthResult {
  const body = bodyRecord(request);
  const token = header(request, "jde-AIS-Auth") || (typeof body.token === "string" ? body.token : undefined);
  if (token) {
    const checked = context.sessions.check(token, deviceOf(request));
    if (!checked.ok) return { ok: false, status: 444, message: "Invalid Token" };
    context.sessions.touch(checked.session);
    return { ok: true, username: checked.session.username, session: checked.session };
  }
  const credentials = credentialsOf(request);
  if (!credentials)
    return { ok: false, status: 403, message: "Authorization Failure: no token or credentials" };
  const user = findUser(context, credentials.username, credentials.password);
  if (!user)
    return { ok: false, status: 403, message: "Authorization Failure: invalid username or password" };
  context.stats.statelessLogins += 1;
  return { ok: true, username: user.username.toUpperCase() };
}
