import { randomBytes } from "node:crypto";

/**
 * static: a legacy admin-created custom-app token from the shop config (never expires);
 * offline: a non-expiring OAuth token; offline-expiring: 60 min with a refresh token;
 * online: a per-user token; client-credentials: ~24 h, no refresh token.
 */
export type TokenKind = "static" | "offline" | "offline-expiring" | "online" | "client-credentials";

/** Lifetimes in seconds (reference §0, §2.3, §2.5); tests shrink them to make tokens expire mid-run. */
export interface TokenLifetimes {
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  /** how long a used refresh token stays usable while its replacement is unused (30 days) */
  refreshGraceSeconds: number;
  clientCredentialsSeconds: number;
  onlineTokenSeconds: number;
  authorizationCodeSeconds: number;
}

export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = {
  accessTokenSeconds: 3600,
  refreshTokenSeconds: 7_776_000,
  refreshGraceSeconds: 2_592_000,
  clientCredentialsSeconds: 86_399,
  onlineTokenSeconds: 86_399,
  authorizationCodeSeconds: 60,
};

export interface AccessToken {
  token: string;
  shop: string;
  kind: TokenKind;
  scopes: string[];
  issuedAtMs: number;
  /** null: never expires */
  expiresAtMs: number | null;
  revoked: boolean;
  firstUsedAtMs: number | null;
}

export interface RefreshToken {
  token: string;
  expiresAtMs: number;
}

export interface IssuedGrant {
  access: AccessToken;
  refresh: RefreshToken | null;
}

interface AccessRecord extends AccessToken {
  /** the refresh token this one was obtained with: our first use retires it */
  obtainedWith: RefreshRecord | null;
}

interface RefreshRecord extends RefreshToken {
  shop: string;
  scopes: string[];
  revoked: boolean;
  firstUsedAtMs: number | null;
  obtainedWith: RefreshRecord | null;
  /** the pair its latest use issued; the first use of either retires this token */
  successor: { access: AccessRecord; refresh: RefreshRecord } | null;
}

interface CodeRecord {
  shop: string;
  scopes: string[];
  perUser: boolean;
  expiresAtMs: number;
  used: boolean;
}

export type RefreshOutcome = { ok: true; grant: IssuedGrant } | { ok: false; reason: string };
export type CodeOutcome = { ok: true; scopes: string[]; perUser: boolean } | { ok: false; reason: string };

/**
 * Every access token, refresh token and authorization code the simulated shops issued, on the
 * simulator's clock. Refresh rotates (new access AND refresh token); a used refresh token keeps working
 * until its replacement is first used, for at most `refreshGraceSeconds` from its first use and never past
 * its own life (reference §2.3). A refresh leaves earlier access tokens valid until they expire.
 */
export function createTokenRegistry(deps: { nowMs: () => number; lifetimes?: Partial<TokenLifetimes> }) {
  const lifetimes: TokenLifetimes = { ...DEFAULT_TOKEN_LIFETIMES, ...deps.lifetimes };
  const accessTokens = new Map<string, AccessRecord>();
  const refreshTokens = new Map<string, RefreshRecord>();
  const codes = new Map<string, CodeRecord>();

  return {
    lifetimes,
    addStatic,
    issue,
    authenticate,
    peek,
    refresh,
    revoke,
    revokeAll,
    expireAccessTokens,
    issueCode,
    redeemCode,
    list,
    listRefreshTokens,
    rescopeStatic,
  };

  /** The merchant edits the admin-created app's scopes: its static token reads accordingly from now on. */
  function rescopeStatic(shop: string, scopes: string[]): void {
    for (const record of accessTokens.values())
      if (record.shop === shop && record.kind === "static") record.scopes = [...scopes];
  }

  function addStatic(shop: string, token: string, scopes: string[]): void {
    addAccess({ shop, kind: "static", scopes, token });
  }

  /** A new token of `kind`; `offline-expiring` comes with a refresh token. */
  function issue(shop: string, kind: Exclude<TokenKind, "static">, scopes: string[]): IssuedGrant {
    const access = addAccess({ shop, kind, scopes });
    const refresh = kind === "offline-expiring" ? newRefresh(shop, scopes, null) : null;
    return { access: publicView(access), refresh: refresh && refreshView(refresh) };
  }

  /** The token if it is valid now (counts as its use), else undefined. */
  function authenticate(token: string): AccessToken | undefined {
    const record = accessTokens.get(token);
    if (!record || !isValid(record)) return undefined;
    if (record.firstUsedAtMs === null) {
      record.firstUsedAtMs = deps.nowMs();
      if (record.obtainedWith) record.obtainedWith.revoked = true;
    }
    return publicView(record);
  }

  /** The token if it is valid now, without counting a use. */
  function peek(token: string): AccessToken | undefined {
    const record = accessTokens.get(token);
    return record && isValid(record) ? publicView(record) : undefined;
  }

  function refresh(shop: string, token: string): RefreshOutcome {
    const record = refreshTokens.get(token);
    const now = deps.nowMs();
    if (!record || record.shop !== shop) return { ok: false, reason: "refresh token is unknown" };
    if (record.revoked) return { ok: false, reason: "refresh token was revoked or already replaced" };
    const graceEndMs =
      record.firstUsedAtMs === null ? Infinity : record.firstUsedAtMs + lifetimes.refreshGraceSeconds * 1000;
    if (now >= Math.min(record.expiresAtMs, graceEndMs))
      return { ok: false, reason: "refresh token has expired" };
    if (record.successor) {
      // used again before its replacement was: that replacement never reached the app, retire it
      record.successor.access.revoked = true;
      record.successor.refresh.revoked = true;
    }
    if (record.firstUsedAtMs === null) {
      record.firstUsedAtMs = now;
      if (record.obtainedWith) record.obtainedWith.revoked = true;
    }
    const access = addAccess({ shop, kind: "offline-expiring", scopes: record.scopes, obtainedWith: record });
    const next = newRefresh(shop, record.scopes, record);
    record.successor = { access, refresh: next };
    return { ok: true, grant: { access: publicView(access), refresh: refreshView(next) } };
  }

  function revoke(token: string): void {
    const record = accessTokens.get(token);
    if (record) record.revoked = true;
  }

  /** Uninstall: every access token (the static one too), refresh token and pending code of the shop. */
  function revokeAll(shop: string): { accessTokens: number; refreshTokens: number } {
    let access = 0;
    let refreshCount = 0;
    for (const r of accessTokens.values())
      if (r.shop === shop && !r.revoked) {
        r.revoked = true;
        access++;
      }
    for (const r of refreshTokens.values())
      if (r.shop === shop && !r.revoked) {
        r.revoked = true;
        refreshCount++;
      }
    for (const c of codes.values()) if (c.shop === shop) c.used = true;
    return { accessTokens: access, refreshTokens: refreshCount };
  }

  /** Every unexpired access token of the shop that has a lifetime expires now; returns how many. */
  function expireAccessTokens(shop: string): number {
    const now = deps.nowMs();
    let n = 0;
    for (const r of accessTokens.values()) {
      if (r.shop !== shop || r.expiresAtMs === null || !isValid(r)) continue;
      r.expiresAtMs = now;
      n++;
    }
    return n;
  }

  function issueCode(shop: string, scopes: string[], perUser: boolean): string {
    const code = randomBytes(16).toString("hex");
    const expiresAtMs = deps.nowMs() + lifetimes.authorizationCodeSeconds * 1000;
    codes.set(code, { shop, scopes, perUser, expiresAtMs, used: false });
    return code;
  }

  /** Single use: a second redemption fails even while the first one's tokens live. */
  function redeemCode(shop: string, code: string): CodeOutcome {
    const record = codes.get(code);
    if (!record || record.shop !== shop) return { ok: false, reason: "authorization code is unknown" };
    if (record.used) return { ok: false, reason: "authorization code was already used" };
    if (deps.nowMs() >= record.expiresAtMs) return { ok: false, reason: "authorization code has expired" };
    record.used = true;
    return { ok: true, scopes: record.scopes, perUser: record.perUser };
  }

  /** Every refresh token ever issued for the shop (tests look for them where they must not be). */
  function listRefreshTokens(shop: string): RefreshToken[] {
    return [...refreshTokens.values()]
      .filter((r) => r.shop === shop)
      .map((r) => ({ token: r.token, expiresAtMs: r.expiresAtMs }));
  }

  function list(shop: string): AccessToken[] {
    return [...accessTokens.values()].filter((r) => r.shop === shop).map(publicView);
  }

  function isValid(r: AccessRecord): boolean {
    return !r.revoked && (r.expiresAtMs === null || deps.nowMs() < r.expiresAtMs);
  }

  function ttlOf(kind: TokenKind): number | null {
    if (kind === "offline-expiring") return lifetimes.accessTokenSeconds;
    if (kind === "client-credentials") return lifetimes.clientCredentialsSeconds;
    if (kind === "online") return lifetimes.onlineTokenSeconds;
    return null;
  }

  /** Records a new access token; its lifetime follows from its kind. */
  function addAccess(p: {
    shop: string;
    kind: TokenKind;
    scopes: string[];
    token?: string;
    obtainedWith?: RefreshRecord;
  }): AccessRecord {
    const now = deps.nowMs();
    const ttlSeconds = ttlOf(p.kind);
    const record: AccessRecord = {
      token: p.token ?? randomToken(prefixOf(p.kind)),
      shop: p.shop,
      kind: p.kind,
      scopes: p.scopes,
      issuedAtMs: now,
      expiresAtMs: ttlSeconds === null ? null : now + ttlSeconds * 1000,
      revoked: false,
      firstUsedAtMs: null,
      obtainedWith: p.obtainedWith ?? null,
    };
    accessTokens.set(record.token, record);
    return record;
  }

  function newRefresh(shop: string, scopes: string[], obtainedWith: RefreshRecord | null): RefreshRecord {
    const record: RefreshRecord = {
      token: randomToken("shprt_"),
      expiresAtMs: deps.nowMs() + lifetimes.refreshTokenSeconds * 1000,
      shop,
      scopes,
      revoked: false,
      firstUsedAtMs: null,
      obtainedWith,
      successor: null,
    };
    refreshTokens.set(record.token, record);
    return record;
  }
}

function publicView(r: AccessRecord): AccessToken {
  const { obtainedWith: _, ...view } = r;
  return { ...view, scopes: [...view.scopes] };
}

function refreshView(r: RefreshRecord): RefreshToken {
  return { token: r.token, expiresAtMs: r.expiresAtMs };
}

function prefixOf(kind: TokenKind): string {
  return kind === "online" ? "shpua_" : kind === "client-credentials" ? "shpca_" : "shpat_";
}

function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

export type TokenRegistry = ReturnType<typeof createTokenRegistry>;
