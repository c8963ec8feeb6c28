import { Agent, type Dispatcher, request } from "undici";
import { z } from "zod";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { withoutCredentials } from "../lib/without-credentials.js";
import { costSchema } from "./retry-policy.js";

export const PROBE_QUERY = "query Probe { shop { id } }";

/** What one answer of the GraphQL endpoint showed, whatever its status. */
export interface AdminApiProbe {
  /** The HTTP status (401 without a valid token: the shop still answered). */
  status: number;
  /** `X-Shopify-API-Version`: the version Shopify served, when the answer named one. */
  servedVersion: string | undefined;
  /** The app's GraphQL cost bucket on this shop, when the answer carried `extensions.cost`. */
  bucket: { maximumAvailable: number; restoreRate: number } | undefined;
}

const envelopeSchema = z.object({ extensions: z.object({ cost: costSchema }) });

/**
 * One `POST {adminUrl}/admin/api/{version}/graphql.json` of `{ shop { id } }` (cost 1), without
 * retries: whether the shop's admin URL answers at all, which version Shopify serves for the requested
 * one, and the app's cost bucket. A transport failure (refused, DNS, TLS, timeout) throws
 * MLC_SHOPIFY_HTTP; any HTTP answer is a result. The token is sent only as the header, never logged.
 * @see https://shopify.dev/docs/api/admin-graphql#endpoints
 * @see https://shopify.dev/docs/api/usage/versioning
 */
export async function probeAdminApi(input: {
  adminUrl: string;
  apiVersion: string;
  /** Without one Shopify answers 401, which still proves the shop reachable. */
  accessToken: string | undefined;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}): Promise<AdminApiProbe> {
  const url = `${input.adminUrl.replace(/\/+$/, "")}/admin/api/${input.apiVersion}/graphql.json`;
  const ownAgent = input.dispatcher ? undefined : new Agent({ connections: 1 });
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (input.accessToken) headers["x-shopify-access-token"] = input.accessToken;
  try {
    const response = await request(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: PROBE_QUERY, variables: {} }),
      dispatcher: input.dispatcher ?? (ownAgent as Agent),
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    const text = await response.body.text();
    const served = response.headers["x-shopify-api-version"];
    return {
      status: response.statusCode,
      servedVersion: typeof served === "string" && served !== "" ? served : undefined,
      bucket: bucketOf(text),
    };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const shown = withoutCredentials(url);
    throw new ConnectorError("MLC_SHOPIFY_HTTP", `no answer from ${shown}: ${message}`, {
      cause,
      detail: { url: shown },
    });
  } finally {
    await ownAgent?.close();
  }
}

function bucketOf(text: string): AdminApiProbe["bucket"] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined; // an HTML error page or an empty body: the status says enough
  }
  const throttle = envelopeSchema.safeParse(json).data?.extensions.cost.throttleStatus;
  return throttle
    ? { maximumAvailable: throttle.maximumAvailable, restoreRate: throttle.restoreRate }
    : undefined;
}
