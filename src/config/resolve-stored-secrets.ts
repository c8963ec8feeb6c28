import { ConnectorError } from "../lib/errors/connector-error.js";
import type { SecretVault } from "../lib/secret-vault.js";
import type { Config, TenantConfig } from "./config-schema.js";
import type { ResolvedJdeDatabaseConfig } from "./jde-database-schema.js";
import { deepFreeze } from "./load-config.js";

/** The secret names the connector reads or writes; scope is the tenant id. */
export const STORED_SECRET_NAMES = [
  "jde.password",
  "jde.database.password",
  "shopify.apiSecret",
  "shopify.accessToken",
  "shopify.refreshToken",
] as const;
export type StoredSecretName = (typeof STORED_SECRET_NAMES)[number];

/** A tenant whose JDE password, app secret and database password are known (config or vault). */
export type ResolvedTenantConfig = Omit<TenantConfig, "shopify" | "jde"> & {
  shopify: Omit<TenantConfig["shopify"], "apiSecret"> & { apiSecret: string };
  jde: Omit<TenantConfig["jde"], "password" | "database"> & {
    password: string;
    database?: ResolvedJdeDatabaseConfig | undefined;
  };
};
export type ResolvedConfig = Omit<Config, "tenants"> & { tenants: ResolvedTenantConfig[] };

/** A config field that may instead be a stored secret of the tenant. */
interface SecretField {
  name: StoredSecretName;
  /** Where it sits in the tenant block, for messages. */
  path: string;
  /** Whether the tenant uses this field at all (an OAuth grant keeps its token in the store itself). */
  applies(tenant: TenantConfig): boolean;
  /** Whether the tenant cannot run without it. */
  required(tenant: TenantConfig): boolean;
  read(tenant: TenantConfig): string | undefined;
  write(tenant: MutableTenant, value: string): void;
}

type MutableTenant = {
  shopify: Record<string, unknown>;
  jde: Record<string, unknown> & { database?: Record<string, unknown> };
};

const hasPasswordDatabase = (t: TenantConfig) =>
  t.jde.database !== undefined && t.jde.database.dialect !== "sqlite";

const FIELDS: SecretField[] = [
  {
    name: "jde.password",
    path: "jde.password",
    applies: () => true,
    required: () => true,
    read: (t) => t.jde.password,
    write: (t, value) => {
      t.jde.password = value;
    },
  },
  {
    name: "shopify.apiSecret",
    path: "shopify.apiSecret",
    applies: () => true,
    required: () => true,
    read: (t) => t.shopify.apiSecret,
    write: (t, value) => {
      t.shopify.apiSecret = value;
    },
  },
  {
    name: "shopify.accessToken",
    path: "shopify.accessToken",
    applies: (t) => t.shopify.auth.grant === "static",
    // Missing (never connected, or deleted by app/uninstalled) leaves the tenant not ready at run
    // time with MLC_SHOPIFY_NOT_CONNECTED; it must not stop every other tenant from starting.
    required: () => false,
    read: (t) => t.shopify.accessToken,
    write: (t, value) => {
      t.shopify.accessToken = value;
    },
  },
  {
    name: "jde.database.password",
    path: "jde.database.password",
    applies: hasPasswordDatabase,
    // The PostgreSQL stand-in may authenticate without one (trust, or a password in its URL).
    required: (t) => t.jde.database?.dialect === "oracle" || t.jde.database?.dialect === "sqlserver",
    read: (t) => (t.jde.database && "password" in t.jde.database ? t.jde.database.password : undefined),
    write: (t, value) => {
      if (t.jde.database) t.jde.database.password = value;
    },
  },
];

/**
 * Fills every secret the configuration leaves out from the vault (scope: the tenant id), and reports
 * every one found in neither place at once (MLC_CONFIG_INVALID). A value in the configuration wins.
 * Returns a new frozen configuration; the values never appear in a message.
 */
export async function resolveStoredSecrets(
  config: Readonly<Config>,
  vault: Pick<SecretVault, "get">,
): Promise<Readonly<ResolvedConfig>> {
  const problems: string[] = [];
  const tenants = structuredClone(config.tenants) as unknown as (TenantConfig & MutableTenant)[];
  for (const [index, tenant] of tenants.entries()) {
    for (const field of FIELDS) {
      if (!field.applies(tenant) || field.read(tenant) !== undefined) continue;
      const stored = await vault.get(tenant.id, field.name);
      if (stored !== undefined) field.write(tenant, stored);
      else if (field.required(tenant)) problems.push(missing(index, tenant.id, field));
    }
  }
  if (problems.length > 0) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `secrets are missing:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      { detail: { problems } },
    );
  }
  return deepFreeze({ ...config, tenants } as ResolvedConfig);
}

function missing(index: number, tenantId: string, field: SecretField): string {
  return (
    `tenants.${index}.${field.path}: not in the configuration and no stored secret ${field.name} ` +
    `for tenant ${tenantId} (ml-connector secrets set --tenant ${tenantId} ${field.name})`
  );
}
