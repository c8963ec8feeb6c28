import type { ResolvedJdeDatabaseConfig } from "../../config/jde-database-schema.js";
import type { JdeCustomerPort } from "../../customers/jde-customer-port.js";
import type { Clock } from "../../lib/clock.js";
import { ConnectorError } from "../../lib/errors/connector-error.js";
import type { Logger } from "../../lib/logger.js";
import type { AisClient } from "../ais-client.js";
import type { PostingPath } from "../describe-posting-path.js";
import type { JdeDatabasePort } from "../ztable/jde-database-port.js";
import { openJdeDatabasePort } from "../ztable/open-jde-database-port.js";
import type { CustomerLookupOptions } from "./customer-lookups.js";
import { createOrchestrationCustomerPort } from "./orchestration-customer-port.js";
import { createZTableCustomerPort } from "./ztable-customer-port.js";

/** What the factory reads of a tenant (a ResolvedTenantConfig has it). */
export interface JdeCustomerTenant {
  id: string;
  jde: {
    ediUser: string;
    posting: { customerOrchestration: string };
    database?: { owner: string } | undefined;
  };
}

export interface JdeCustomerPortDeps {
  /** The tenant's AIS client: the customer orchestration, and the look-ups on both paths. */
  ais: Pick<AisClient, "call">;
  /** How the tenant's journals reach JDE (discoverPostingPath): customers take the same way. */
  path: PostingPath;
  /** Z-table path: the JDE business-data database (the posting channel's, or one of its own). */
  database?: JdeDatabasePort;
  /** The company currency's decimals (JdeFacts.reference.decimals): `VOACL` on the Z-table path. */
  currencyDecimals: number;
  clock: Clock;
  lookup?: CustomerLookupOptions;
}

/**
 * The tenant's JdeCustomerPort (docs/customers.md §3–§4): the customer orchestration
 * (`posting.customerOrchestration`) in the journal path's version, or the Z-tables under
 * `jde.database.owner` with `jde.ediUser`. Throws MLC_CONFIG_INVALID when the Z-table path has no
 * database.
 */
export function createJdeCustomerPort(tenant: JdeCustomerTenant, deps: JdeCustomerPortDeps): JdeCustomerPort {
  const { jde } = tenant;
  const lookup = deps.lookup ? { lookup: deps.lookup } : {};
  if (deps.path.method === "orchestration") {
    return createOrchestrationCustomerPort({
      ais: deps.ais,
      orchestration: jde.posting.customerOrchestration,
      version: deps.path.version,
      ...lookup,
    });
  }
  if (!deps.database || !jde.database) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `tenant ${tenant.id}: customers go to the Z-tables (${deps.path.reason}), which needs a tenants[].jde.database block`,
    );
  }
  return createZTableCustomerPort({
    database: deps.database,
    owner: jde.database.owner,
    ediUser: jde.ediUser,
    currencyDecimals: deps.currencyDecimals,
    ais: deps.ais,
    clock: deps.clock,
    ...lookup,
  });
}

/** A port with the connection it opened: the Z-table path's database, closed by `close()`. */
export type ClosableJdeCustomerPort = JdeCustomerPort & { close(): Promise<void> };

/**
 * {@link createJdeCustomerPort} for a composition root that has no database port to share: on the
 * Z-table path it opens the tenant's `jde.database` (no connection is made before the first use)
 * and `close()` closes it; on the orchestration path `close()` does nothing.
 */
export async function openJdeCustomerPort(
  tenant: JdeCustomerTenant & { jde: { database?: ResolvedJdeDatabaseConfig | undefined } },
  deps: Omit<JdeCustomerPortDeps, "database"> & { log?: Logger },
): Promise<ClosableJdeCustomerPort> {
  const config = tenant.jde.database;
  if (deps.path.method === "orchestration" || !config) {
    return { ...createJdeCustomerPort(tenant, deps), close: async () => undefined };
  }
  const log = deps.log;
  const database = await openJdeDatabasePort(
    config,
    log ? { onBackgroundError: (error) => log.warn({ err: error }, "jde.database.background_error") } : {},
  );
  try {
    return { ...createJdeCustomerPort(tenant, { ...deps, database }), close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}
