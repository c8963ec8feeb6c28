import { type Dispatcher, Pool, request } from "undici";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { describeServiceError } from "./ais-responses.js";

export type HttpMethod = "GET" | "POST";

export interface RawResponse {
  status: number;
  body: unknown;
}

export interface SendOptions {
  token?: string;
  /** Safe to send twice; only such requests are repeated after a stale keep-alive socket. */
  idempotent: boolean;
}

export interface AisTransport {
  send(method: HttpMethod, path: string, body: unknown, options: SendOptions): Promise<RawResponse>;
  /** A fresh connection pool (after an AIS restart); the old one finishes its requests and closes. */
  replacePool(): Promise<void>;
  close(): Promise<void>;
}

/**
 * HTTP to one AIS host: a keep-alive undici `Pool` (or an injected dispatcher), JSON bodies, the
 * token in `jde-AIS-Auth` + `jde-AIS-Auth-Device` (reference/jde-ais.md §1.3), and a timeout on
 * every request (AbortSignal plus the pool's connect/headers/body timeouts).
 */
export function createAisTransport(deps: {
  baseUrl: string;
  deviceName: string;
  timeoutMs?: number;
  log: Logger;
  dispatcher?: Dispatcher;
}): AisTransport {
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const base = deps.baseUrl.replace(/\/+$/, "");
  let pool: Dispatcher = deps.dispatcher ?? makePool();

  return { send, replacePool, close };

  function makePool(): Pool {
    return new Pool(new URL(base).origin, {
      connections: 8,
      keepAliveTimeout: 30_000,
      connectTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  /**
   * One exchange; connection failures and timeouts become MLC_AIS_UNAVAILABLE. An idempotent request
   * is sent once more when a kept-alive socket turns out closed (AIS restarted or dropped the idle
   * connection): that request never reached a live server.
   */
  async function send(
    method: HttpMethod,
    path: string,
    body: unknown,
    options: SendOptions,
  ): Promise<RawResponse> {
    try {
      return await sendOnce(method, path, body, options.token);
    } catch (error) {
      if (!options.idempotent || !isStaleSocket(error)) throw unavailable(method, path, error);
      deps.log.debug({ event: "ais.socket.retry", path }, "ais.socket.retry");
      try {
        return await sendOnce(method, path, body, options.token);
      } catch (second) {
        throw unavailable(method, path, second);
      }
    }
  }

  async function sendOnce(
    method: HttpMethod,
    path: string,
    body: unknown,
    token?: string,
  ): Promise<RawResponse> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token !== undefined) {
      headers["jde-AIS-Auth"] = token;
      headers["jde-AIS-Auth-Device"] = deps.deviceName;
    }
    const response = await request(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: pool,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: parseJson(text) };
  }

  async function replacePool(): Promise<void> {
    if (deps.dispatcher) return;
    const old = pool;
    pool = makePool();
    // Graceful: a request already in flight finishes (or times out) rather than losing its answer.
    await old.close().catch(() => undefined);
  }

  async function close(): Promise<void> {
    if (!deps.dispatcher) await pool.close();
  }
}

/** Maps a non-2xx status to an error: 5xx retryable (unavailable), other 4xx a refused request. */
export function throwForStatus(response: RawResponse, path: string): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  const detail = { path, status, error: describeServiceError(response.body) };
  if (status >= 500) {
    throw new ConnectorError("MLC_AIS_UNAVAILABLE", `AIS answered ${status} to ${path}`, { detail });
  }
  throw new ConnectorError("MLC_AIS_REQUEST_FAILED", `AIS answered ${status} to ${path}`, { detail });
}

function unavailable(method: HttpMethod, path: string, error: unknown): ConnectorError {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ConnectorError("MLC_AIS_UNAVAILABLE", `AIS ${method} ${path} failed: ${reason}`, {
    cause: error,
    // `sent: false` when no connection was made: AIS cannot be working on the request.
    detail: { path, sent: !neverConnected(error) },
  });
}

function neverConnected(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === "ECONNREFUSED" ||
    code === "UND_ERR_CONNECT_TIMEOUT" ||
    code === "ENOTFOUND" ||
    code === "EHOSTUNREACH" ||
    code === "EAI_AGAIN"
  );
}

/** undici's "other side closed" / a reset on a reused keep-alive socket. */
function isStaleSocket(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "UND_ERR_SOCKET" || code === "ECONNRESET" || code === "EPIPE";
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
