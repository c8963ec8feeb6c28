import type { Dispatcher } from "undici";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import {
  defaultConfigSchema,
  describeServiceError,
  isWholeCallError,
  tokenResponseSchema,
  validateResponseSchema,
} from "./ais-responses.js";
import { createAisTransport, type HttpMethod, type RawResponse, throwForStatus } from "./ais-transport.js";

export interface AisClientDeps {
  baseUrl: string;
  username: string;
  password: string;
  environment: string;
  role: string;
  deviceName: string;
  timeoutMs?: number;
  clock: Clock;
  log: Logger;
  /**
   * After AIS refused the service account (403 on login), further logins are refused here, without
   * calling AIS, for this long (default 15 min): retrying a wrong password locks the JDE account.
   */
  loginRefusalPauseMs?: number;
  /** Injected dispatcher (tests); when absent the client owns one keep-alive `Pool` per AIS host. */
  dispatcher?: Dispatcher;
}

export type { HttpMethod };

export interface AisDefaultConfig {
  aisVersion: string;
  /** Tools Release parsed from `aisVersion` (`9.2.5.4`), if it carries a dotted quad. */
  toolsRelease: string | undefined;
  capabilities: string[];
}

export interface CallOptions {
  /** Safe to send twice (reads). Default: GET only. An orchestration POST is never resent here. */
  idempotent?: boolean;
}

export interface AisClientStats {
  logins: number;
  calls: number;
  reauths: number;
  validations: number;
}

export interface AisClient {
  login(): Promise<void>;
  validateSession(): Promise<boolean>;
  ensureSession(): Promise<void>;
  call(method: HttpMethod, path: string, body?: unknown, options?: CallOptions): Promise<unknown>;
  logout(): Promise<void>;
  defaultConfig(): Promise<AisDefaultConfig>;
  /** Forgets the token and replaces the connection pool (after an AIS restart). */
  reset(): Promise<void>;
  close(): Promise<void>;
  hasSession(): boolean;
  stats(): AisClientStats;
}

interface Session {
  token: string;
  obtainedAt: Date;
}

const TOOLS_RELEASE = /(\d+\.\d+\.\d+\.\d+)/;
const TOKEN_PATH = "/jderest/v2/tokenrequest";

/**
 * AIS Server client: one session per tenant, token in `jde-AIS-Auth` + `jde-AIS-Auth-Device`,
 * single-flight re-login on HTTP 444, a timeout on every call.
 * Implements reference/jde-ais.md §1.2–§1.5 and "Implications" 1–4; DESIGN.md §3 "AIS session".
 * Oracle: https://docs.oracle.com/en/applications/jd-edwards/cross-product/9.2/rest-api/op-v2-tokenrequest-post.html
 */
export function createAisClient(deps: AisClientDeps): AisClient {
  const transport = createAisTransport(deps);
  const send = transport.send;
  const counters: AisClientStats = { logins: 0, calls: 0, reauths: 0, validations: 0 };
  let session: Session | undefined;
  let pendingLogin: Promise<Session> | undefined;
  let refusedAt: Date | undefined;
  const refusalPauseMs = deps.loginRefusalPauseMs ?? 15 * 60_000;

  return {
    login: async () => void (await startLogin(false)),
    validateSession,
    ensureSession,
    call,
    logout,
    defaultConfig,
    reset,
    close,
    hasSession: () => session !== undefined,
    stats: () => ({ ...counters }),
  };

  /**
   * Starts a login, or joins the one in flight: every concurrent caller shares one token request.
   * `afterExpiry` counts it as a re-authentication.
   */
  function startLogin(afterExpiry: boolean): Promise<Session> {
    if (pendingLogin) return pendingLogin;
    if (afterExpiry) {
      counters.reauths += 1;
      deps.log.warn({ event: "ais.reauth" }, "ais.reauth");
    }
    pendingLogin = requestToken().finally(() => {
      pendingLogin = undefined;
    });
    return pendingLogin;
  }

  /** `POST /jderest/v2/tokenrequest` (§1.2). 403 is a credentials problem, never retried here. */
  async function requestToken(): Promise<Session> {
    session = undefined;
    const { username, password, deviceName, environment, role } = deps;
    if (refusedAt && deps.clock.now().getTime() - refusedAt.getTime() < refusalPauseMs) {
      const retryAt = new Date(refusedAt.getTime() + refusalPauseMs).toISOString();
      throw new ConnectorError(
        "MLC_AIS_CREDENTIALS",
        `AIS refused the login of ${username} at ${refusedAt.toISOString()}; not tried again before ${retryAt} so the JDE account is not locked`,
      );
    }
    counters.logins += 1;
    const loginBody = { username, password, deviceName, environment, role };
    const response = await send("POST", TOKEN_PATH, loginBody, { idempotent: true });
    if (response.status === 403) {
      refusedAt = deps.clock.now();
      deps.log.error({ event: "ais.login.refused", username }, "ais.login.refused");
      throw new ConnectorError("MLC_AIS_CREDENTIALS", `AIS refused the login of ${username} (HTTP 403)`);
    }
    throwForStatus(response, TOKEN_PATH);
    const parsed = tokenResponseSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new ConnectorError("MLC_AIS_RESPONSE_INVALID", "AIS token response has no userInfo.token");
    }
    refusedAt = undefined;
    session = { token: parsed.data.userInfo.token, obtainedAt: deps.clock.now() };
    deps.log.info({ event: "ais.login", username, environment }, "ais.login");
    return session;
  }

  /** A fresh session after `stale` failed; joins a re-login already started by another caller. */
  function renewAfter(stale: Session): Promise<Session> {
    if (session !== undefined && session !== stale) return Promise.resolve(session);
    if (session === stale) session = undefined;
    return startLogin(true);
  }

  /**
   * `POST /jderest/v2/tokenrequest/validate` with `touch: true` (§1.4). Oracle: any non-200 means the
   * token is invalid. Returns false when there is no token.
   */
  async function validateSession(): Promise<boolean> {
    const current = session;
    if (!current) return false;
    counters.validations += 1;
    const body = { token: current.token, deviceName: deps.deviceName, touch: true };
    const response = await send("POST", `${TOKEN_PATH}/validate`, body, {
      token: current.token,
      idempotent: true,
    });
    if (response.status !== 200) return false;
    const parsed = validateResponseSchema.safeParse(response.body);
    return parsed.success && parsed.data.isValidSession;
  }

  /** Before each batch: validate an existing token (one cheap call), log in when there is none or it died. */
  async function ensureSession(): Promise<void> {
    const current = session;
    if (!current) {
      await startLogin(false);
      return;
    }
    if (await validateSession()) return;
    await renewAfter(current);
  }

  /**
   * A business call with the session token. On 444 (token unknown to AIS) one shared re-login and one
   * retry; a second 444 is MLC_AIS_SESSION_EXPIRED. Returns the parsed JSON body of a 2xx answer.
   */
  async function call(
    method: HttpMethod,
    path: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<unknown> {
    const idempotent = options.idempotent ?? method === "GET";
    const first = session ?? (await startLogin(false));
    const firstTry = await sendWithToken(method, path, body, first, idempotent);
    if (firstTry.status !== 444) return checked(firstTry, path, false);
    const fresh = await renewAfter(first);
    const secondTry = await sendWithToken(method, path, body, fresh, idempotent);
    if (secondTry.status === 444) {
      throw new ConnectorError(
        "MLC_AIS_SESSION_EXPIRED",
        `AIS answered 444 to ${path} right after a new login`,
      );
    }
    return checked(secondTry, path, true);
  }

  function sendWithToken(
    method: HttpMethod,
    path: string,
    body: unknown,
    current: Session,
    idempotent: boolean,
  ) {
    counters.calls += 1;
    return send(method, path, body, { token: current.token, idempotent });
  }

  function checked(response: RawResponse, path: string, afterFreshLogin: boolean): unknown {
    if (response.status === 403) {
      const when = afterFreshLogin ? "right after a fresh login" : "on a business call";
      deps.log.error({ event: "ais.forbidden", path }, "ais.forbidden");
      throw new ConnectorError("MLC_AIS_CREDENTIALS", `AIS answered 403 to ${path} ${when}`, {
        detail: { path, afterFreshLogin },
      });
    }
    throwForStatus(response, path);
    if (isWholeCallError(response.body)) {
      throw new ConnectorError(
        "MLC_AIS_REQUEST_FAILED",
        `AIS ${path}: ${describeServiceError(response.body)}`,
        {
          detail: { path, status: response.status },
        },
      );
    }
    return response.body;
  }

  /** `POST /jderest/v2/tokenrequest/logout` (§1.4); best effort, the token is forgotten either way. */
  async function logout(): Promise<void> {
    const current = session;
    session = undefined;
    if (!current) return;
    try {
      await send(
        "POST",
        `${TOKEN_PATH}/logout`,
        { token: current.token },
        { token: current.token, idempotent: true },
      );
      deps.log.info({ event: "ais.logout" }, "ais.logout");
    } catch (error) {
      const code = error instanceof ConnectorError ? error.code : "MLC_INTERNAL";
      deps.log.warn({ event: "ais.logout.failed", code }, "ais.logout.failed");
    }
  }

  /** `GET /jderest/v2/defaultconfig`, no session (§2): liveness, Tools Release, capabilities. */
  async function defaultConfig(): Promise<AisDefaultConfig> {
    const path = "/jderest/v2/defaultconfig";
    const response = await send("GET", path, undefined, { idempotent: true });
    throwForStatus(response, path);
    const parsed = defaultConfigSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new ConnectorError("MLC_AIS_RESPONSE_INVALID", "AIS defaultconfig has no aisVersion");
    }
    const { aisVersion, capabilityList } = parsed.data;
    const toolsRelease = TOOLS_RELEASE.exec(aisVersion)?.[1];
    return { aisVersion, toolsRelease, capabilities: capabilityList.map((entry) => entry.name) };
  }

  async function reset(): Promise<void> {
    session = undefined;
    await transport.replacePool();
  }

  async function close(): Promise<void> {
    session = undefined;
    await transport.close();
  }
}
