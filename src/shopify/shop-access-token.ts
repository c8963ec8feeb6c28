import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import type { ShopGrantType, ShopInstallation } from "../pipeline/installation-store.js";
import type { GrantedToken, TokenEndpoint } from "./oauth/token-endpoint.js";
import type { ShopTokenStore, ShopTokens } from "./shop-token-store.js";

export interface ShopAccessToken {
  /** A token valid for at least the refresh margin; refreshes (once, for all callers) when due. */
  current(): Promise<string>;
  /**
   * Shopify answered 401 to `rejected`. Reloads (another instance may have refreshed) or refreshes.
   * True when a different token is now available, so the caller retries once.
   */
  replaceRejected(rejected: string): Promise<boolean>;
  /** Stores a token just granted (install callback, `shopify connect`). */
  install(grant: GrantedToken, grantType: ShopGrantType): Promise<ShopInstallation>;
  /** Drops the token held in memory (uninstall): the next call reads the store again. */
  forget(): void;
}

interface Held {
  installation: ShopInstallation;
  tokens: ShopTokens;
}

/**
 * One tenant's Admin API token, whatever the grant: a static token of an older custom app; an
 * authorization-code offline token, expiring with refresh-token rotation (refreshed ahead of expiry,
 * both new tokens stored before either is used); or a client-credentials token (~24 h), fetched
 * again ahead of expiry. Tokens live sealed in the store, so every instance sees a refresh.
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens
 */
export function createShopAccessToken(deps: {
  tenantId: string;
  shopDomain: string;
  grantType: ShopGrantType;
  /** `static` grant from the configuration; a stored installation wins over it. */
  configuredToken: string | undefined;
  store: ShopTokenStore;
  /** Absent for the static grant. */
  endpoint: TokenEndpoint | undefined;
  refreshBeforeMs: number;
  clock: Clock;
  log: Logger;
}): ShopAccessToken {
  let held: Held | undefined;
  let renewing: Promise<Held> | undefined;
  return {
    current,
    replaceRejected,
    install,
    forget: () => {
      held = undefined;
    },
  };

  async function current(): Promise<string> {
    held ??= await load();
    if (isDue(held)) held = await renewOnce(held);
    return held.tokens.accessToken;
  }

  async function replaceRejected(rejected: string): Promise<boolean> {
    const stored = await load().catch(() => undefined);
    if (stored && stored.tokens.accessToken !== rejected) {
      held = stored;
      return true;
    }
    if (!stored || !canRenew(stored)) return false;
    held = await renewOnce(stored);
    return held.tokens.accessToken !== rejected;
  }

  async function install(grant: GrantedToken, grantType: ShopGrantType): Promise<ShopInstallation> {
    const installation: ShopInstallation = {
      tenantId: deps.tenantId,
      shopDomain: deps.shopDomain,
      status: "installed",
      grantType,
      scopes: grant.scopes,
      accessExpiresAt: grant.expiresAt,
      refreshExpiresAt: grant.refreshExpiresAt,
      installedAt: deps.clock.now(),
      uninstalledAt: null,
    };
    const tokens = { accessToken: grant.accessToken, refreshToken: grant.refreshToken };
    await deps.store.save(installation, tokens);
    held = { installation, tokens };
    return installation;
  }

  async function load(): Promise<Held> {
    const stored = await deps.store.load();
    if (stored?.installation.status === "uninstalled") {
      throw new ConnectorError(
        "MLC_SHOPIFY_UNINSTALLED",
        `tenant ${deps.tenantId}: the app was uninstalled from ${deps.shopDomain}`,
      );
    }
    if (stored) return stored;
    if (deps.grantType === "static" && deps.configuredToken)
      return {
        installation: staticInstallation(),
        tokens: { accessToken: deps.configuredToken, refreshToken: null },
      };
    if (deps.grantType === "client-credentials") return renewOnce(undefined);
    throw new ConnectorError(
      "MLC_SHOPIFY_NOT_CONNECTED",
      `tenant ${deps.tenantId} has no Shopify token: run \`ml-connector shopify connect --tenant ${deps.tenantId}\``,
    );
  }

  function isDue(current: Held): boolean {
    const expiresAt = current.installation.accessExpiresAt;
    if (!expiresAt || !canRenew(current)) return false;
    return expiresAt.getTime() - deps.refreshBeforeMs <= deps.clock.now().getTime();
  }

  function canRenew(current: Held): boolean {
    if (current.installation.grantType === "client-credentials") return deps.endpoint !== undefined;
    return current.tokens.refreshToken !== null && deps.endpoint !== undefined;
  }

  /** Single flight: concurrent callers share one refresh, so a rotation is never raced. */
  function renewOnce(from: Held | undefined): Promise<Held> {
    renewing ??= renew(from).finally(() => {
      renewing = undefined;
    });
    return renewing;
  }

  async function renew(from: Held | undefined): Promise<Held> {
    const endpoint = deps.endpoint;
    if (!endpoint)
      throw new ConnectorError("MLC_SHOPIFY_NOT_CONNECTED", `tenant ${deps.tenantId}: no OAuth client`);
    const grantType = from?.installation.grantType ?? deps.grantType;
    let grant: GrantedToken;
    if (grantType === "client-credentials") {
      grant = await endpoint.clientCredentials();
    } else {
      // Another instance may have rotated the pair since we loaded it: its result wins, because a
      // second refresh with the same refresh token would retire the pair it stored.
      const stored = await deps.store.load();
      if (stored && stored.tokens.refreshToken !== from?.tokens.refreshToken && !isDue(stored)) return stored;
      const refreshToken = from?.tokens.refreshToken;
      if (!refreshToken)
        throw new ConnectorError("MLC_SHOPIFY_NOT_CONNECTED", `tenant ${deps.tenantId}: no refresh token`);
      try {
        grant = await endpoint.refresh(refreshToken);
      } catch (error) {
        if (error instanceof ConnectorError && error.code === "MLC_SHOPIFY_OAUTH") {
          // Another instance may have rotated it a moment ago: its result is in the store.
          const stored = await deps.store.load();
          if (stored && stored.tokens.refreshToken !== refreshToken) return stored;
          throw new ConnectorError(
            "MLC_SHOPIFY_OAUTH",
            `tenant ${deps.tenantId}: ${error.message}; run \`ml-connector shopify connect --tenant ${deps.tenantId}\` to authorize again`,
            { cause: error },
          );
        }
        throw error;
      }
    }
    const installation: ShopInstallation = {
      ...(from?.installation ?? staticInstallation()),
      grantType,
      status: "installed",
      scopes: grant.scopes.length > 0 ? grant.scopes : (from?.installation.scopes ?? []),
      accessExpiresAt: grant.expiresAt,
      refreshExpiresAt: grant.refreshExpiresAt ?? from?.installation.refreshExpiresAt ?? null,
    };
    const tokens = {
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken ?? from?.tokens.refreshToken ?? null,
    };
    await deps.store.save(installation, tokens);
    deps.log.info(
      { grant: grantType, expiresAt: grant.expiresAt?.toISOString() ?? null },
      "shopify.token_renewed",
    );
    return { installation, tokens };
  }

  function staticInstallation(): ShopInstallation {
    return {
      tenantId: deps.tenantId,
      shopDomain: deps.shopDomain,
      status: "installed",
      grantType: deps.grantType,
      scopes: [],
      accessExpiresAt: null,
      refreshExpiresAt: null,
      installedAt: deps.clock.now(),
      uninstalledAt: null,
    };
  }
}
