import type { SealedSecretRow } from "../lib/secret-vault.js";

/** How the connector holds a shop's Admin API access: which grant, which scopes, until when. */
export type ShopGrantType = "authorization-code" | "client-credentials" | "static";

/** One tenant's installation in its shop. The tokens themselves are sealed secrets, not kept here. */
export interface ShopInstallation {
  tenantId: string;
  shopDomain: string;
  status: "installed" | "uninstalled";
  grantType: ShopGrantType;
  /** As Shopify granted them (the merchant may grant fewer than asked). */
  scopes: string[];
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  installedAt: Date;
  uninstalledAt: Date | null;
}

/**
 * Changes to an installation's own secrets (its tokens), all under its tenant's scope, written in the
 * same transaction as its row.
 */
export interface InstallationSecretChanges {
  /** Rows to insert or replace, sealed by `SecretVault.seal`. */
  put: SealedSecretRow[];
  /** Names to delete; a name not stored is no error. */
  delete: string[];
}

/** Port: installations and the one-time OAuth state nonces of the install flow. */
export interface InstallationStore {
  get(tenantId: string): Promise<ShopInstallation | undefined>;
  /** Inserts or replaces the tenant's installation. */
  save(installation: ShopInstallation): Promise<void>;
  /**
   * Inserts or replaces the tenant's installation and applies `secrets` in ONE transaction: after a
   * crash or a failed write either all of it is stored or none, so a token rotation is never half-stored.
   * Every put row must be under the installation's tenant scope.
   */
  saveWithSecrets(installation: ShopInstallation, secrets: InstallationSecretChanges): Promise<void>;
  /** `app/uninstalled`: the tenant's work stops until the app is installed again. */
  markUninstalled(tenantId: string, at: Date): Promise<void>;
  saveState(state: { nonce: string; tenantId: string; shopDomain: string; expiresAt: Date }): Promise<void>;
  /** Deletes the nonce and returns what it was issued for, unless it is unknown or expired. */
  takeState(nonce: string, now: Date): Promise<{ tenantId: string; shopDomain: string } | undefined>;
}
