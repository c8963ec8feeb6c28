import type { ChecklistItem } from "../lib/checklist.js";
import type { ShopGrantType } from "../pipeline/installation-store.js";
import type { AdminApiProbe } from "./admin-api-probe.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";

/** How the tenant's token is held, as the store records it; never the token itself. */
export interface ShopTokenState {
  grant: ShopGrantType;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  hasRefreshToken: boolean;
  /** An OAuth client (`shopify.auth.clientId`) is configured, so a due token can be renewed. */
  canRenew: boolean;
  /** `shopify.auth.refreshBeforeExpirySeconds` */
  refreshBeforeSeconds: number;
}

export interface ShopifyChecklistInput {
  tenantId: string;
  /** `shopify.shop` */
  shop: string;
  adminUrl: string;
  /** `shopify.apiVersion` */
  apiVersion: string;
  client: ShopifyGraphqlClient;
  /** The grant's token provider (renews a due token). Its value only goes into the probe's header. */
  accessToken: () => Promise<string>;
  /** One answer of the GraphQL endpoint (admin-api-probe.ts), with the token when there is one. */
  probe: (accessToken: string | undefined) => Promise<AdminApiProbe>;
  tokenState: () => Promise<ShopTokenState>;
  /** Shop-specific subscriptions, when the connector manages them (`shopify.manageWebhooks`). */
  webhooks: { managed: true; publicUrl: string; schedule: string } | { managed: false; reason: string };
  /** `jde.company` */
  jdeCompany: string;
  /** The JDE company's currency once the JDE checklist read it; undefined when it could not. */
  jdeCurrency: () => Promise<string | undefined>;
  now: Date;
}

/** What the checklist learnt, for `--json` readers. */
export interface ShopifyConnectionFacts {
  shopDomain?: string;
  currency?: string;
  timezone?: string;
  /** The app's GraphQL cost bucket on the shop (standard 2000/100, Plus 20000/1000 points, per s). */
  bucket?: { maximumAvailable: number; restoreRate: number };
  grantedScopes?: string[];
  missingScopes?: string[];
  token?: { grant: ShopGrantType; expiresAt: string | null; refreshTokenExpiresAt: string | null };
  apiVersion: { configured: string; served?: string; supported: string[] };
  webhookSubscriptions?: { uri: string; missing: string[] };
}

export interface ShopifyChecklist {
  items: ChecklistItem[];
  facts: ShopifyConnectionFacts;
}
