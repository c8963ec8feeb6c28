import type { OpenPeriod } from "../domain/accounting-policy.js";
import type { AisClient } from "./ais-client.js";
import { loadOpenPeriod } from "./open-period.js";
import { type JdeReferenceData, loadJdeReferenceData } from "./reference-data.js";

/** What mapping needs from a tenant's JDE company, read together so one refresh is one consistent view. */
export interface JdeFacts {
  reference: JdeReferenceData;
  openPeriod: OpenPeriod;
  loadedAt: Date;
}

/** Accounts, business units, currency and decimals (reference-data.ts), and the open G/L window. */
export async function loadJdeFacts(
  ais: Pick<AisClient, "call">,
  options: { company: string; now: Date },
): Promise<JdeFacts> {
  const [reference, openPeriod] = await Promise.all([
    loadJdeReferenceData(ais, { company: options.company }),
    loadOpenPeriod(ais, { company: options.company }),
  ]);
  return { reference, openPeriod, loadedAt: options.now };
}
