import { randomBytes } from "node:crypto";

export interface SimUser {
  username: string;
  password: string;
  environment?: string;
  role?: string;
}

export interface Session {
  token: string;
  username: string;
  environment: string;
  role: string;
  /** deviceName given at login, else the client IP (reference/jde-ais.md §1.3). */
  device: string;
  createdMs: number;
  lastUsedMs: number;
  expired: boolean;
}

export type SessionCheck =
  | { ok: true; session: Session }
  | { ok: false; reason: "unknown" | "expired" | "device" };

/**
 * AIS server-side sessions held in memory: a token is bound to its device, expires after `ttlMs`
 * idle time, and every accepted use (or validate with touch) extends it; `maxAgeMs`, when set, ends
 * it that long after login whatever the use. A restart drops them all.
 */
export function createSessionStore(deps: { ttlMs: number; maxAgeMs?: number; nowMs(): number }) {
  const sessions = new Map<string, Session>();
  return { create, check, touch, remove, expireAll, clear, size: () => sessions.size };

  function create(input: Omit<Session, "token" | "createdMs" | "lastUsedMs" | "expired">): Session {
    const token = `044${randomBytes(24).toString("base64")}=MDE5${randomBytes(12).toString("hex")}`;
    const nowMs = deps.nowMs();
    const session: Session = { ...input, token, createdMs: nowMs, lastUsedMs: nowMs, expired: false };
    sessions.set(token, session);
    return session;
  }

  /** Checks a token for a device without extending it. */
  function check(token: string, device: string): SessionCheck {
    const session = sessions.get(token);
    if (!session) return { ok: false, reason: "unknown" };
    const nowMs = deps.nowMs();
    const tooOld = deps.maxAgeMs !== undefined && nowMs - session.createdMs > deps.maxAgeMs;
    if (session.expired || tooOld || nowMs - session.lastUsedMs > deps.ttlMs) {
      session.expired = true;
      return { ok: false, reason: "expired" };
    }
    if (session.device !== device) return { ok: false, reason: "device" };
    return { ok: true, session };
  }

  function touch(session: Session): void {
    session.lastUsedMs = deps.nowMs();
  }

  function remove(token: string): boolean {
    return sessions.delete(token);
  }

  function expireAll(): void {
    for (const session of sessions.values()) session.expired = true;
  }

  function clear(): void {
    sessions.clear();
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>;
