import type { TenantConfig } from "./config-schema.js";
import { CUSTOMERS_UNUSED_IN_SUMMARY_MODE, customersUnusedInSummaryMode } from "./syncs-customers.js";

/** A valid setting that has no effect, reported once when the service starts (`config.warning`). */
export interface ConfigWarning {
  tenant: string;
  /** The setting, as in the configuration file: `tenants[0].customers`. */
  setting: string;
  message: string;
}

/**
 * Settings the schema accepts but the tenant will not act on. Not errors: a merchant moving a tenant
 * between per-order and summary posting keeps its `customers` block for when it moves back.
 */
export function configWarnings(config: {
  tenants: ReadonlyArray<Pick<TenantConfig, "id" | "customers" | "summary">>;
}): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  config.tenants.forEach((tenant, index) => {
    if (customersUnusedInSummaryMode(tenant)) {
      warnings.push({
        tenant: tenant.id,
        setting: `tenants[${index}].customers`,
        message: CUSTOMERS_UNUSED_IN_SUMMARY_MODE,
      });
    }
  });
  return warnings;
}
