import { SHOPIFY_SCOPES } from "../config/config-schema.js";
import { type Attempt, attempt, failed, ok, warning } from "../lib/checklist.js";
import type { AdminApiProbe } from "./admin-api-probe.js";
import { assessApiVersion } from "./api-version-support.js";
import { fetchGrantedScopes } from "./granted-scopes-query.js";
import { missingScopes, scopeConsequence } from "./oauth/granted-scopes.js";
import { fetchShopFacts } from "./shop-facts.js";
import {
  answerProblem,
  describeToken,
  reachabilityHint,
  scopeHint,
  tokenHint,
} from "./shopify-checklist-hints.js";
import type { ShopifyRun } from "./shopify-checklist-run.js";
import type { ShopTokenState } from "./shopify-checklist-types.js";
import { CORE_WEBHOOK_TOPICS, ensureWebhookSubscriptions, webhookUri } from "./webhook-subscriptions.js";

/** One answer of the GraphQL endpoint; undefined when there was none or it rules the shop out. */
export async function checkReachable(
  run: ShopifyRun,
  token: string | undefined,
): Promise<AdminApiProbe | undefined> {
  const result = await attempt(() => run.input.probe(token));
  if (!result.ok)
    return void run.add("shop-reachable", failed(result.error, reachabilityHint(result.error, run.input)));
  const { status, bucket } = result.value;
  const problem = answerProblem(status, run.input);
  if (problem) {
    run.add("shop-reachable", problem);
    return problem.status === "failed" ? undefined : result.value;
  }
  if (bucket) run.facts.bucket = bucket;
  const cost = bucket
    ? `; cost bucket ${bucket.maximumAvailable} points, ${bucket.restoreRate} restored per s`
    : "";
  run.add("shop-reachable", ok(`${run.input.adminUrl} answered HTTP ${status}${cost}`));
  return result.value;
}

/**
 * A GraphQL read of the shop through the connector's own client (so a refused token is replaced once,
 * as in service), then the token's kind and lifetime from the store. `before` is the state read
 * before the token was asked for: a different expiry afterwards means it was renewed meanwhile.
 */
export async function checkToken(
  run: ShopifyRun,
  token: Attempt<string>,
  before: ShopTokenState | undefined,
): Promise<boolean> {
  const grant = before?.grant;
  const facts = token.ok ? await attempt(() => fetchShopFacts(run.input.client)) : token;
  if (!facts.ok) {
    run.add("token-valid", failed(facts.error, tokenHint(facts.error, run.input, grant)));
    return false;
  }
  const { domain, currency, timezone } = facts.value;
  Object.assign(run.facts, { shopDomain: domain, currency, timezone });
  if (domain.toLowerCase() !== run.input.shop.toLowerCase()) {
    const hint = "check shopify.shop, shopify.adminUrl and which shop the token was issued for";
    const detail = `the token belongs to ${domain}, not to ${run.input.shop}`;
    run.add("token-valid", { status: "failed", detail, hint });
    return false;
  }
  const after = await attempt(run.input.tokenState);
  if (!after.ok) {
    run.add(
      "token-valid",
      ok(`the shop answered as ${domain}; the token's lifetime is unknown (${after.error.message})`),
    );
    return true;
  }
  const state = after.value;
  run.facts.token = {
    grant: state.grant,
    expiresAt: state.accessExpiresAt?.toISOString() ?? null,
    refreshTokenExpiresAt: state.refreshExpiresAt?.toISOString() ?? null,
  };
  const renewed =
    before !== undefined && before.accessExpiresAt?.getTime() !== state.accessExpiresAt?.getTime();
  const outcome = describeToken(run.input, state, renewed);
  run.add("token-valid", { ...outcome, detail: `the shop answered as ${domain}; ${outcome.detail}` });
  return true;
}

/** `currentAppInstallation { accessScopes }`: read_orders missing fails, any other scope warns. */
export async function checkScopes(run: ShopifyRun): Promise<void> {
  const grant = run.facts.token?.grant;
  const result = await attempt(() => fetchGrantedScopes(run.input.client));
  if (!result.ok)
    return run.add("scopes-granted", failed(result.error, tokenHint(result.error, run.input, grant)));
  const granted = result.value;
  const missing = missingScopes(granted);
  run.facts.grantedScopes = granted;
  run.facts.missingScopes = missing;
  if (missing.length === 0)
    return run.add(
      "scopes-granted",
      ok(`all ${SHOPIFY_SCOPES.length} the connector asks for: ${SHOPIFY_SCOPES.join(", ")}`),
    );
  const lacking = missing.map((scope) => `${scope} (${scopeConsequence(scope)})`).join("; ");
  run.add("scopes-granted", {
    status: missing.includes("read_orders") ? "failed" : "warning",
    detail: `not granted: ${lacking}; granted: ${granted.join(", ") || "none"}`,
    hint: scopeHint(run.input, grant, missing),
  });
}

/** The configured version against today's supported ones, and against the served one when seen. */
export function checkApiVersion(run: ShopifyRun, probe: AdminApiProbe | undefined): void {
  // Only an authorised answer is known to name the served version (a 401 may come from a proxy).
  const served = probe?.status === 200 ? probe.servedVersion : undefined;
  if (served !== undefined) run.facts.apiVersion.served = served;
  run.add("api-version", assessApiVersion({ configured: run.input.apiVersion, served, now: run.input.now }));
}

/**
 * Lists (never creates) the shop-specific subscriptions for `{publicUrl}/webhooks/shopify`. Shopify
 * deletes them after a failed retry cycle; the running service re-creates them on its schedule.
 */
export async function checkSubscriptions(run: ShopifyRun): Promise<void> {
  const { webhooks } = run.input;
  if (!webhooks.managed)
    return run.add("webhook-subscriptions", {
      status: "skipped",
      detail: `not managed by the connector (${webhooks.reason}): shopify.app.toml declares the subscriptions`,
    });
  const uri = await attempt(async () => webhookUri(webhooks.publicUrl));
  if (!uri.ok)
    return run.add(
      "webhook-subscriptions",
      failed(uri.error, "set server.publicUrl to the connector's public https:// address"),
    );
  const client = run.input.client;
  const topics = CORE_WEBHOOK_TOPICS;
  const result = await attempt(() =>
    ensureWebhookSubscriptions(client, { uri: uri.value, topics, create: false }),
  );
  if (!result.ok)
    return run.add(
      "webhook-subscriptions",
      failed(result.error, tokenHint(result.error, run.input, run.facts.token?.grant)),
    );
  const missing = result.value.failed.map((failure) => failure.topic);
  run.facts.webhookSubscriptions = { uri: uri.value, missing };
  if (missing.length === 0)
    return run.add("webhook-subscriptions", ok(`all ${topics.length} topics are subscribed at ${uri.value}`));
  run.add(
    "webhook-subscriptions",
    warning(
      `${missing.length} of ${topics.length} topics are not subscribed at ${uri.value}: ${missing.join(", ")}`,
      `the running service re-creates them at start and on its schedule (schedule.subscriptions "${webhooks.schedule}"); if they disappear again, Shopify deleted them after failed deliveries: check that ${uri.value} is reachable from the internet`,
    ),
  );
}

/** The connector posts shop-currency amounts; JDE must keep the company's books in that currency. */
export async function checkCurrency(run: ShopifyRun): Promise<void> {
  const { jdeCompany } = run.input;
  const shopCurrency = run.facts.currency;
  const jdeCurrency = await run.input.jdeCurrency();
  if (shopCurrency === undefined || jdeCurrency === undefined)
    return run.add("shop-currency", {
      status: "skipped",
      detail: `not run: JDE company ${jdeCompany}'s currency is unknown (see the JD Edwards checklist)`,
    });
  if (shopCurrency === jdeCurrency)
    return run.add("shop-currency", ok(`${shopCurrency}: the shop's and JDE company ${jdeCompany}'s`));
  run.add("shop-currency", {
    status: "failed",
    detail: `the shop sells in ${shopCurrency}, JDE company ${jdeCompany} keeps its books in ${jdeCurrency}`,
    hint: `the service refuses to post (MLC_CURRENCY_MISMATCH): set jde.company to a company whose currency is ${shopCurrency} (P0010), or connect the shop that sells in ${jdeCurrency}`,
  });
}
