import type { OpenPeriod } from "../domain/accounting-policy.js";
import type { AccountRef } from "../domain/journal.js";
import type { ChecklistItem } from "../lib/checklist.js";
import type { AisClient } from "./ais-client.js";
import type { PostingPath } from "./describe-posting-path.js";
import type { JdeDatabasePort } from "./ztable/jde-database-port.js";

export type { ChecklistItem, ChecklistStatus } from "../lib/checklist.js";

/** An account the tenant's configuration names, and where (`accounts.revenue`, `rules[0] revenue`). */
export interface ConfiguredAccount {
  account: AccountRef;
  usedBy: string[];
}

export interface JdeChecklistInput {
  ais: AisClient;
  /** Named in details and hints; the password stays inside the AIS client. */
  connection: { username: string; environment: string; role: string; deviceName: string };
  company: string;
  posting: {
    method: "auto" | "orchestration" | "ztable";
    orchestration: string;
    orchestrationVersion?: "v3" | "v2" | undefined;
    customerOrchestration: string;
  };
  accounts: readonly ConfiguredAccount[];
  /** The JDE business-data database, when one is configured (checked if the path is the Z table). */
  zTable?: { database: JdeDatabasePort; owner: string };
  /** The tenant's today (YYYY-MM-DD), compared with the open G/L window. */
  today: string;
  /**
   * The tenant's `customers` block, when it has one: adds the `customers` item (the customer
   * orchestration or the three customer Z-tables, and the generic customer in F0101).
   */
  customers?: { genericAddressNumber: string } | undefined;
}

/** What the checklist learnt, for `--json` readers. */
export interface JdeConnectionFacts {
  aisVersion?: string;
  toolsRelease?: string;
  capabilities?: string[];
  postingPath?: PostingPath;
  /** Whether `GET /jderest/discover` listed the customer orchestration (absent when it could not tell). */
  customerOrchestrationDeployed?: boolean;
  currency?: string;
  decimals?: number;
  openPeriod?: OpenPeriod;
}

export interface JdeChecklist {
  items: ChecklistItem[];
  facts: JdeConnectionFacts;
}
