import type { Config } from "../config/config-schema.js";
import type { Clock } from "../lib/clock.js";
import type { PrivacyRequest } from "../pipeline/privacy-request-store.js";
import { openStore } from "../store/open-store.js";

/** The record of privacy requests, for `ml-connector privacy list`. */
export interface PrivacyRequestsView {
  /** Oldest first; every tenant's when `tenantId` is omitted. */
  list(tenantId?: string): Promise<PrivacyRequest[]>;
  close(): Promise<void>;
}

/** Opens (and migrates) the store for reading privacy requests; no tenant is started, no secret read. */
export async function openPrivacyRequests(deps: {
  config: Readonly<Config>;
  clock: Clock;
}): Promise<PrivacyRequestsView> {
  const store = await openStore(deps.config.store.url, { clock: deps.clock });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return { list: (tenantId) => store.privacyRequests.list(tenantId), close: () => store.close() };
}
