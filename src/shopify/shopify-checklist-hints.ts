import type { Outcome } from "../lib/checklist.js";
import type { ConnectorError } from "../lib/errors/connector-error.js";
import { networkCode } from "../lib/errors/network-code.js";
import type { ShopGrantType } from "../pipeline/installation-store.js";
import type { ShopifyChecklistInput, ShopTokenState } from "./shopify-checklist-types.js";

/** `ml-connector shopify connect` for the tenant, with `--token-stdin` for the static grant. */
export function connectCommand(tenantId: string, grant: ShopGrantType | undefined): string {
  const stdin = grant === "static" ? " --token-stdin" : "";
  return `\`ml-connector shopify connect --tenant ${tenantId}${stdin}\``;
}

/** What to check when the admin URL gives no HTTP answer: DNS, firewall, proxy, TLS. */
export function reachabilityHint(error: ConnectorError, input: ShopifyChecklistInput): string {
  const code = networkCode(error) ?? "";
  const host = new URL(input.adminUrl).host;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return `${host} does not resolve: check shopify.shop (${input.shop}), shopify.adminUrl and this host's DNS`;
  if (code === "ECONNREFUSED")
    return `nothing accepts connections at ${input.adminUrl}: check shopify.adminUrl (unset, it is https://${input.shop})`;
  if (code.includes("TIMEOUT"))
    return `no answer in time: a firewall or proxy may block outbound HTTPS to ${host}`;
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO/.test(code))
    return "the certificate is not trusted: a TLS-inspecting proxy needs its CA given to Node (NODE_EXTRA_CA_CERTS)";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET")
    return `the connection was dropped: check any proxy between this host and ${host}`;
  return `check outbound HTTPS from this host to ${host}`;
}

/** An HTTP answer that still means the shop cannot be used (reference/shopify.md §3.1). */
export function answerProblem(status: number, input: ShopifyChecklistInput): Outcome | undefined {
  const answered = `${input.adminUrl} answered HTTP ${status}`;
  if (status === 404)
    return {
      status: "failed",
      detail: `${answered}: no shop there`,
      hint: `check shopify.shop (${input.shop}) and shopify.adminUrl`,
    };
  if (status === 402)
    return {
      status: "failed",
      detail: `${answered}: the shop is frozen`,
      hint: "the merchant must settle the shop's Shopify bill; the API answers again afterwards",
    };
  if (status === 423)
    return {
      status: "failed",
      detail: `${answered}: the shop is locked`,
      hint: "the merchant must resolve the lock with Shopify support",
    };
  if (status >= 500)
    return {
      status: "warning",
      detail: `${answered}: Shopify is failing`,
      hint: "check https://www.shopifystatus.com and run the test again later",
    };
  return undefined;
}

/** A token that is missing, refused or cannot be renewed: how to obtain a working one. */
export function tokenHint(
  error: ConnectorError,
  input: ShopifyChecklistInput,
  grant: ShopGrantType | undefined,
): string {
  const connect = connectCommand(input.tenantId, grant);
  switch (error.code) {
    case "MLC_SHOPIFY_NOT_CONNECTED":
      return grant === "static"
        ? `set shopify.accessToken, or store the token with ${connect}`
        : `connect the shop: run ${connect}`;
    case "MLC_SHOPIFY_UNINSTALLED":
      return `the app was uninstalled from ${input.shop}: install it again with ${connect}`;
    case "MLC_SHOPIFY_UNAUTHORIZED":
      return `Shopify refused the token (revoked, the app uninstalled, or a wrong token): run ${connect}`;
    case "MLC_SHOPIFY_OAUTH":
      return `Shopify refused to renew the token: authorize again with ${connect}`;
    case "MLC_SHOPIFY_ACCESS_DENIED":
      return "the token may not read the shop: check the app's access scopes";
    default:
      return `check that ${input.adminUrl} is the shop's admin URL, then run the test again`;
  }
}

/** How the scopes the connector lacks are obtained, by grant (reference/shopify.md §2.6). */
export function scopeHint(
  input: ShopifyChecklistInput,
  grant: ShopGrantType | undefined,
  missing: string[],
): string {
  const connect = connectCommand(input.tenantId, grant);
  const approval = missing.includes("read_all_orders")
    ? "; a public app needs Shopify's approval for read_all_orders (Partner Dashboard)"
    : "";
  if (grant === "static")
    return `add the scopes to the custom app's Admin API configuration in the shop admin, reinstall it and store its new token with ${connect}${approval}`;
  if (grant === "client-credentials")
    return `add the scopes to the app's access_scopes (shopify.app.toml), release the app version, then run ${connect}${approval}`;
  return `request them in the app's access_scopes (shopify.app.toml) and have the merchant approve them: run ${connect}${approval}`;
}

/** The token's kind and lifetime, and whether it can be renewed before it expires. */
export function describeToken(
  input: ShopifyChecklistInput,
  state: ShopTokenState,
  renewedDuringTest: boolean,
): Outcome {
  const label = GRANT_LABELS[state.grant];
  const expiresAt = state.accessExpiresAt;
  if (expiresAt === null) return { status: "ok", detail: `${label}, does not expire` };
  const lifetime = `${label}, expires ${expiresAt.toISOString()} (${untilText(expiresAt, input.now)})`;
  const renewed = renewedDuringTest ? "; a new one was obtained during this test, so renewal works" : "";
  const connect = connectCommand(input.tenantId, state.grant);
  if (!state.canRenew)
    return {
      status: "warning",
      detail: `${lifetime}; it cannot be renewed: no OAuth client id is configured`,
      hint: `set shopify.auth.clientId, or run ${connect} before it expires`,
    };
  const margin = `renewed ${state.refreshBeforeSeconds} s before it expires`;
  if (state.grant === "client-credentials")
    return { status: "ok", detail: `${lifetime}; ${margin} with the client credentials${renewed}` };
  if (!state.hasRefreshToken)
    return {
      status: "warning",
      detail: `${lifetime}; it cannot be renewed: no refresh token is stored`,
      hint: `run ${connect} before ${expiresAt.toISOString()}`,
    };
  const refreshExpiresAt = state.refreshExpiresAt;
  if (refreshExpiresAt !== null && refreshExpiresAt <= expiresAt)
    return {
      status: "warning",
      detail: `${lifetime}; the refresh token expires ${refreshExpiresAt.toISOString()}, so it cannot be renewed after that`,
      hint: `authorize again with ${connect} before ${refreshExpiresAt.toISOString()}`,
    };
  const refreshUntil = refreshExpiresAt ? ` (valid until ${refreshExpiresAt.toISOString()})` : "";
  return {
    status: "ok",
    detail: `${lifetime}; ${margin} with the stored refresh token${refreshUntil}${renewed}`,
  };
}

const GRANT_LABELS: Record<ShopGrantType, string> = {
  static: "static token of a custom app",
  "authorization-code": "offline token (authorization code)",
  "client-credentials": "client-credentials token",
};

function untilText(at: Date, now: Date): string {
  const minutes = Math.round((at.getTime() - now.getTime()) / 60_000);
  if (minutes < 0) return `${-minutes} min ago`;
  if (minutes < 120) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `in ${hours} h` : `in ${Math.round(hours / 24)} days`;
}
