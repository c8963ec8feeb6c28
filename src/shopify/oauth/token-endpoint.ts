import { type Dispatcher, request } from "undici";
import { z } from "zod";
import { ConnectorError } from "../../lib/errors/connector-error.js";

/** A token Shopify granted, with absolute expiry times (null: it does not expire). */
export interface GrantedToken {
  accessToken: string;
  scopes: string[];
  expiresAt: Date | null;
  refreshToken: string | null;
  refreshExpiresAt: Date | null;
}

const grantSchema = z.looseObject({
  access_token: z.string().min(1),
  scope: z.string().default(""),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.coerce.number().positive().optional(),
});

const oauthErrorSchema = z.looseObject({
  error: z.string().optional(),
  error_description: z.string().optional(),
});

export interface TokenEndpoint {
  /** Authorization-code grant: the code from the callback, for an expiring offline token or not. */
  exchangeCode(code: string, options: { expiring: boolean }): Promise<GrantedToken>;
  /** Rotates: a new access token AND a new refresh token; the caller stores both before using either. */
  refresh(refreshToken: string): Promise<GrantedToken>;
  clientCredentials(): Promise<GrantedToken>;
  /** Token exchange of a non-expiring offline token for an expiring one (the old one is revoked). */
  migrateToExpiring(offlineToken: string): Promise<GrantedToken>;
}

/**
 * The shop's `POST /admin/oauth/access_token`, for every grant the connector uses. OAuth refusals
 * (4xx with `error`) are not retryable; transport failures and 5xx are.
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
 */
export function createTokenEndpoint(deps: {
  /** `https://acme.myshopify.com`, or a simulator URL. */
  adminUrl: string;
  clientId: string;
  clientSecret: string;
  now: () => Date;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}): TokenEndpoint {
  const url = `${deps.adminUrl.replace(/\/+$/, "")}/admin/oauth/access_token`;
  const client = { client_id: deps.clientId, client_secret: deps.clientSecret };
  return {
    exchangeCode: (code, { expiring }) =>
      post("authorization code", { ...client, code, expiring: expiring ? "1" : "0" }),
    refresh: (refreshToken) =>
      post("refresh", { ...client, grant_type: "refresh_token", refresh_token: refreshToken }),
    clientCredentials: () => post("client credentials", { ...client, grant_type: "client_credentials" }),
    migrateToExpiring: (offlineToken) =>
      post("token exchange", {
        ...client,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: offlineToken,
        subject_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        expiring: "1",
      }),
  };

  async function post(grant: string, body: Record<string, string>): Promise<GrantedToken> {
    const requestedAt = deps.now();
    let status: number;
    let text: string;
    try {
      const response = await request(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000),
        ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new ConnectorError("MLC_SHOPIFY_HTTP", `Shopify OAuth ${grant} request failed: ${message}`);
    }
    if (status >= 500 || status === 429)
      throw new ConnectorError("MLC_SHOPIFY_HTTP", `Shopify OAuth ${grant} answered ${status}`, {
        detail: { status },
      });
    const json = parseJson(text);
    if (status !== 200) {
      // Only Shopify's error code and description: the request body holds the secrets.
      const refusal = oauthErrorSchema.safeParse(json);
      const code = refusal.success ? (refusal.data.error ?? `HTTP ${status}`) : `HTTP ${status}`;
      const why =
        refusal.success && refusal.data.error_description ? `: ${refusal.data.error_description}` : "";
      throw new ConnectorError("MLC_SHOPIFY_OAUTH", `Shopify refused the ${grant} grant (${code}${why})`, {
        detail: { status, oauthError: code },
      });
    }
    const parsed = grantSchema.safeParse(json);
    if (!parsed.success)
      throw new ConnectorError(
        "MLC_SHOPIFY_RESPONSE_INVALID",
        `Shopify's ${grant} answer had no access token`,
        {
          retryable: false,
        },
      );
    const at = (seconds: number | undefined) =>
      seconds === undefined ? null : new Date(requestedAt.getTime() + seconds * 1000);
    return {
      accessToken: parsed.data.access_token,
      scopes: parsed.data.scope
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
      expiresAt: at(parsed.data.expires_in),
      refreshToken: parsed.data.refresh_token ?? null,
      refreshExpiresAt: at(parsed.data.refresh_token_expires_in),
    };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
