import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { AppInstallations } from "./app-installations.js";
import { customersDataRequestBody, customersRedactBody, shopRedactBody } from "./compliance-payloads.js";
import { parseGid } from "./id-allocator.js";
import type { OrderStore } from "./order-store.js";
import { toShopifyJson } from "./rest-json.js";
import { restShop } from "./rest-shop-payload.js";
import type { SimCustomer, SimShopConfig } from "./types.js";
import type { WebhookSender } from "./webhook-sender.js";

export interface UninstallResult {
  /** false when the app was not installed (nothing happened) */
  uninstalled: boolean;
  accessTokens: number;
  refreshTokens: number;
  /** shop-specific (API-created) subscriptions Shopify deleted with the installation */
  subscriptionsDeleted: number;
}

/** `sim.app`: the merchant's side of the app's installation. */
export interface AppKnobs {
  /**
   * The merchant uninstalls the app: `app/uninstalled` (the REST Shop resource) goes to its
   * subscribers, every token of the shop is revoked, the shop-specific subscriptions are deleted, and
   * only compliance webhooks are sent until an OAuth install.
   */
  uninstall(shop: string): UninstallResult;
  isInstalled(shop: string): boolean;
}

/** Whom a customer privacy request is about; `orderGids` default to all of the customer's orders. */
export interface CustomerPrivacyRequest {
  customerGid: string;
  orderGids?: string[];
}

/**
 * `sim.privacy`: the mandatory compliance webhooks, sent to the subscriptions of their topics (the
 * app's compliance subscription), installed or not. Each returns the exact body it sent.
 */
export interface PrivacyKnobs {
  customerRedact(shop: string, request: CustomerPrivacyRequest): string;
  customersDataRequest(shop: string, request: CustomerPrivacyRequest & { dataRequestId?: string }): string;
  shopRedact(shop: string): string;
}

/** The app's lifecycle and the compliance webhooks, with their `/_sim` control routes. */
export function createAppLifecycle(deps: {
  shopConfig: (shop: string) => SimShopConfig;
  installations: AppInstallations;
  revokeAll: (shop: string) => { accessTokens: number; refreshTokens: number };
  sender: Pick<WebhookSender, "send" | "registry">;
  store: OrderStore;
  nowMs: () => number;
}) {
  let nextDataRequestId = 9_000_000_001;
  const app: AppKnobs = {
    uninstall(shop) {
      const config = deps.shopConfig(shop);
      if (!deps.installations.markUninstalled(config.domain))
        return { uninstalled: false, accessTokens: 0, refreshTokens: 0, subscriptionsDeleted: 0 };
      // Queued first: the delivery keeps the address of a shop-specific subscription deleted below.
      deps.sender.send(
        config.domain,
        "app/uninstalled",
        toShopifyJson(restShop(config, deps.nowMs())),
        randomUUID(),
      );
      const revoked = deps.revokeAll(config.domain);
      const subscriptionsDeleted = deps.sender.registry.removeAll(config.domain, "shop");
      return { uninstalled: true, ...revoked, subscriptionsDeleted };
    },
    isInstalled: (shop) => deps.installations.isInstalled(deps.shopConfig(shop).domain),
  };

  const privacy: PrivacyKnobs = {
    customerRedact(shop, request) {
      const config = deps.shopConfig(shop);
      const { customer, orderIds } = subject(config, request);
      return send(config, "customers/redact", customersRedactBody(config, customer, orderIds));
    },
    customersDataRequest(shop, request) {
      const config = deps.shopConfig(shop);
      const { customer, orderIds } = subject(config, request);
      const id = request.dataRequestId ?? String(nextDataRequestId++);
      return send(config, "customers/data_request", customersDataRequestBody(config, customer, orderIds, id));
    },
    shopRedact(shop) {
      const config = deps.shopConfig(shop);
      return send(config, "shop/redact", shopRedactBody(config));
    },
  };

  return { app, privacy, registerRoutes };

  function send(shop: SimShopConfig, topic: string, body: string): string {
    deps.sender.send(shop.domain, topic, body, randomUUID());
    return body;
  }

  function subject(
    shop: SimShopConfig,
    request: CustomerPrivacyRequest,
  ): { customer: SimCustomer; orderIds: string[] } {
    const parsed = parseGid(request.customerGid);
    const customer =
      parsed?.kind === "Customer" ? deps.store.customers.get(shop.domain, parsed.id) : undefined;
    if (!customer) throw new Error(`simulator: shop ${shop.domain} has no customer ${request.customerGid}`);
    const orderGids =
      request.orderGids ??
      deps.store
        .list(shop.domain)
        .filter((o) => o.customer?.id === customer.id)
        .map((o) => o.gid);
    const orderIds = orderGids.map((orderGid) => {
      const order = parseGid(orderGid);
      if (order?.kind !== "Order") throw new Error(`simulator: not an order GID: ${orderGid}`);
      return order.id;
    });
    return { customer, orderIds };
  }

  /** `/_sim/app/uninstall` and `/_sim/privacy/*`: the same actions over HTTP (no personal data answered). */
  function registerRoutes(http: FastifyInstance): void {
    const run = async (reply: FastifyReply, action: () => unknown) => {
      try {
        return { ok: true, ...(action() as object) };
      } catch (error) {
        return reply.code(404).send({ error: (error as Error).message });
      }
    };
    type ShopBody = { shop: string };
    type CustomerBody = ShopBody & CustomerPrivacyRequest & { dataRequestId?: string };
    http.post<{ Body: ShopBody }>("/_sim/app/uninstall", (req, reply) =>
      run(reply, () => app.uninstall(req.body.shop)),
    );
    http.post<{ Body: CustomerBody }>("/_sim/privacy/customers-redact", (req, reply) =>
      run(reply, () => {
        privacy.customerRedact(req.body.shop, customerRequest(req.body));
        return { topic: "customers/redact" };
      }),
    );
    http.post<{ Body: CustomerBody }>("/_sim/privacy/customers-data-request", (req, reply) =>
      run(reply, () => {
        privacy.customersDataRequest(req.body.shop, {
          ...customerRequest(req.body),
          ...(req.body.dataRequestId ? { dataRequestId: String(req.body.dataRequestId) } : {}),
        });
        return { topic: "customers/data_request" };
      }),
    );
    http.post<{ Body: ShopBody }>("/_sim/privacy/shop-redact", (req, reply) =>
      run(reply, () => {
        privacy.shopRedact(req.body.shop);
        return { topic: "shop/redact" };
      }),
    );
  }
}

function customerRequest(body: CustomerPrivacyRequest): CustomerPrivacyRequest {
  return {
    customerGid: body.customerGid,
    ...(Array.isArray(body.orderGids) ? { orderGids: body.orderGids } : {}),
  };
}
