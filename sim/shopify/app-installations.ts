import { isComplianceTopic } from "./webhook-topics.js";

/**
 * Whether the app is installed on each shop. An uninstall stops every webhook of the shop except
 * `app/uninstalled` itself and the compliance topics, which Shopify sends after the uninstall too
 * (`shop/redact` about 48 h later); an OAuth install (authorization code or token exchange) installs
 * it again. Deliveries already queued are not recalled: Shopify retries them with their original payload.
 */
export function createAppInstallations() {
  const uninstalled = new Set<string>();
  return {
    isInstalled: (shop: string) => !uninstalled.has(shop),
    /** false when it was not installed */
    markUninstalled(shop: string): boolean {
      if (uninstalled.has(shop)) return false;
      uninstalled.add(shop);
      return true;
    },
    markInstalled(shop: string): void {
      uninstalled.delete(shop);
    },
    /** Whether Shopify would send `topic` to the app for `shop` now. */
    delivers(shop: string, topic: string): boolean {
      return !uninstalled.has(shop) || topic === "app/uninstalled" || isComplianceTopic(topic);
    },
  };
}

export type AppInstallations = ReturnType<typeof createAppInstallations>;
