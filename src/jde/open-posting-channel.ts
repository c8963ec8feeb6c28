import type { ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import { type CircuitBreaker, createCircuitBreaker } from "../lib/circuit-breaker.js";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import type { JournalPoster } from "../posting/journal-poster.js";
import type { AisClient } from "./ais-client.js";
import type { PostingPath } from "./describe-posting-path.js";
import { createOrchestrationJournalPoster } from "./orchestration-journal-poster.js";
import type { JdeReferenceData } from "./reference-data.js";
import { openJdeDatabasePort } from "./ztable/open-jde-database-port.js";
import { createZTableJournalPoster } from "./ztable/ztable-journal-poster.js";

/** How one tenant's documents reach JDE: the poster, its pre-batch check, and the circuit guarding it. */
export interface PostingChannel {
  poster: JournalPoster;
  /** Validates the AIS session, or touches the database: also the circuit's trial call. */
  beforeBatch: () => Promise<void>;
  circuit: CircuitBreaker;
  /** How long an unanswered call may still be running in JDE: twice the call timeout. */
  inFlightGraceMs: number;
  close(): Promise<void>;
}

/**
 * Builds the channel for the chosen path. The orchestration path shares the AIS circuit with the
 * reference-data reads; the Z-table path has its own, since the database and AIS fail independently.
 */
export async function openPostingChannel(input: {
  tenant: ResolvedTenantConfig;
  path: PostingPath;
  ais: AisClient;
  aisCircuit: CircuitBreaker;
  reference: JdeReferenceData;
  clock: Clock;
  log: Logger;
}): Promise<PostingChannel> {
  const { tenant, path, ais, clock, log } = input;
  const jde = tenant.jde;
  if (path.method === "orchestration") {
    return {
      poster: createOrchestrationJournalPoster({
        ais,
        orchestration: jde.posting.orchestration,
        version: path.version,
        dateFormat: jde.dateFormat,
        referenceField: jde.referenceField,
      }),
      beforeBatch: () => ais.ensureSession(),
      circuit: input.aisCircuit,
      inFlightGraceMs: 2 * jde.timeoutMs,
      close: async () => undefined,
    };
  }
  if (jde.posting.method === "orchestration") {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `tenant ${tenant.id}: posting.method is orchestration, but ${path.reason}`,
    );
  }
  if (!jde.database) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `tenant ${tenant.id}: ${path.reason}, which needs a tenants[].jde.database block`,
    );
  }
  const owner = jde.database.owner;
  const database = await openJdeDatabasePort(jde.database, {
    onBackgroundError: (error) => log.warn({ err: error }, "jde.database.background_error"),
  });
  return {
    poster: createZTableJournalPoster({
      database,
      owner,
      ediUser: jde.ediUser,
      companyCurrency: { code: input.reference.currency, decimals: input.reference.decimals },
      processor: { intervalMs: jde.ztable.processorIntervalMs, failAfterCycles: jde.ztable.failAfterCycles },
      clock,
      log,
    }),
    beforeBatch: async () => void (await database.columns({ owner, name: "F0911Z1" })),
    inFlightGraceMs: 2 * jde.database.timeoutMs,
    circuit: createCircuitBreaker({
      name: `JDE database of tenant ${tenant.id}`,
      code: "MLC_JDE_DATABASE_UNAVAILABLE",
      failures: jde.circuitBreaker.failures,
      maxOpenMs: jde.circuitBreaker.maxOpenMs,
      isOutage: (error) => error instanceof ConnectorError && error.code === "MLC_JDE_DATABASE_UNAVAILABLE",
      clock,
      log,
    }),
    close: () => database.close(),
  };
}
