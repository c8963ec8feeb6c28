import { randomUUID } from "node:crypto";

/**
 * A failure the GraphQL endpoint answers instead of executing: an HTTP 5xx from Shopify's edge, or
 * `status: 200` with an INTERNAL_SERVER_ERROR error (a 200 that carries an error body).
 */
export interface GraphqlFaultSpec {
  /** default 503 */
  status?: number;
  /** how many requests fail; default: every one until cleared */
  count?: number;
}

export interface FaultAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Per-shop GraphQL failures for non-throttle reasons, so a client's REST fallback can be exercised. */
export function createGraphqlFaults() {
  const byShop = new Map<string, { status: number; remaining: number }>();
  const counts = { graphqlFaultsInjected: 0 };
  return { set, clear, take, counts };

  function set(shop: string, spec: GraphqlFaultSpec = {}): void {
    const remaining = spec.count ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) byShop.delete(shop);
    else byShop.set(shop, { status: spec.status ?? 503, remaining });
  }

  function clear(shop: string): void {
    byShop.delete(shop);
  }

  /** The failure this request gets, if one is armed for the shop (uses one of its count). */
  function take(shop: string): FaultAnswer | undefined {
    const fault = byShop.get(shop);
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) byShop.delete(shop);
    counts.graphqlFaultsInjected++;
    return fault.status === 200 ? internalError() : edgeError(fault.status);
  }
}

function internalError(): FaultAnswer {
  const requestId = randomUUID();
  const body = {
    errors: [
      {
        message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
      },
    ],
  };
  return { status: 200, contentType: "application/json; charset=utf-8", body: JSON.stringify(body) };
}

function edgeError(status: number): FaultAnswer {
  const title =
    status === 502
      ? "502 Bad Gateway"
      : status === 504
        ? "504 Gateway Timeout"
        : `${status} Service Unavailable`;
  return {
    status,
    contentType: "text/html; charset=utf-8",
    body: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
  };
}

export type GraphqlFaults = ReturnType<typeof createGraphqlFaults>;
