import { randomUUID } from "node:crypto";
import type { SimCustomerCreateInput, SimCustomerPatch } from "./customer-registry.js";
import type { OrderStore } from "./order-store.js";
import type { SimCustomer, SimShopConfig } from "./types.js";
import { customerWebhookBody } from "./webhook-payloads.js";
import type { WebhookKnobs, WebhookSender } from "./webhook-sender.js";

/** `emit` (default true): send the webhook to the shop's subscribers; `knobs`: this delivery's faults. */
export interface CustomerWriteOptions {
  emit?: boolean;
  knobs?: WebhookKnobs;
}

/**
 * `sim.customers`: the shop's customer registry, as the merchant (or an app with `write_customers`) changes
 * it. Records come back as copies; orders read the live record. E-mail and phone are unique per shop:
 * `create` and `update` throw `CustomerRefusedError` (Shopify's `userErrors`, `TAKEN`) for a taken one.
 */
export interface CustomerControls {
  /** `customerCreate`: seeded defaults for what `input` leaves out; sends `customers/create` */
  create(shop: string, input?: SimCustomerCreateInput, opts?: CustomerWriteOptions): SimCustomer;
  /**
   * `customerUpdate`: changes e-mail, names, phone or the default address, moves `updatedAt` (to `at`,
   * default now, always at least a second later) and sends `customers/update`; a patch that changes
   * nothing sends nothing
   */
  update(
    shop: string,
    customerId: string,
    patch: SimCustomerPatch,
    opts?: CustomerWriteOptions & { at?: Date },
  ): SimCustomer;
  /** by numeric id or GID */
  get(shop: string, customerId: string): SimCustomer | undefined;
  /** by ascending id: created ones and every order's customer */
  list(shop: string): SimCustomer[];
}

/** The customer controls, sending their webhooks through the simulator's sender (knobs, HMAC, headers). */
export function createCustomerControls(deps: {
  store: OrderStore;
  sender: Pick<WebhookSender, "send" | "subscriptions" | "rollStale">;
  shopConfig: (shop: string) => SimShopConfig;
}): CustomerControls {
  const { store } = deps;
  return {
    create(shop, input, opts = {}) {
      const customer = store.customers.create(shop, input);
      if (opts.emit !== false) emit(shop, "customers/create", customer, opts.knobs);
      return { ...customer };
    },
    update(shop, customerId, patch, opts = {}) {
      deps.shopConfig(shop);
      const { customer, changed } = store.customers.update(shop, customerId, patch, opts.at);
      if (changed && opts.emit !== false) emit(shop, "customers/update", customer, opts.knobs);
      return { ...customer };
    },
    get(shop, customerId) {
      const customer = store.customers.get(shop, customerId);
      return customer && { ...customer };
    },
    list: (shop) => store.customers.list(shop).map((c) => ({ ...c })),
  };

  function emit(shop: string, topic: string, customer: SimCustomer, knobs: WebhookKnobs = {}) {
    const subscribed = deps.sender.subscriptions().some((s) => s.shop === shop && s.topics.includes(topic));
    if (!subscribed) return;
    const stale = knobs.staleUpdatedAt ?? deps.sender.rollStale();
    const body = customerWebhookBody(customer, deps.shopConfig(shop), { stale });
    deps.sender.send(shop, topic, body, knobs.eventId ?? randomUUID(), knobs);
  }
}
