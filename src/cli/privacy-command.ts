import { openPrivacyRequests, type PrivacyRequestsView } from "../compose/privacy-requests.js";
import type { Config } from "../config/config-schema.js";
import { loadConfig } from "../config/load-config.js";
import { systemClock } from "../lib/clock.js";
import type { PrivacyRequest } from "../pipeline/privacy-request-store.js";
import { failWith } from "./cli-exit.js";

export interface PrivacyCommandOptions {
  config: string;
  tenant?: string;
  json?: boolean;
}

/**
 * `ml-connector privacy list`: the compliance webhooks received (customers/data_request,
 * customers/redact, shop/redact) and what the connector did about each. The record holds ids, counts
 * and JDE document numbers, never personal data, so it is printed as it is.
 */
export async function runPrivacyCommand(action: "list", options: PrivacyCommandOptions): Promise<void> {
  let config: Readonly<Config>;
  let view: PrivacyRequestsView;
  try {
    config = loadConfig(options.config);
    view = await openPrivacyRequests({ config, clock: systemClock });
  } catch (error) {
    return failWith(error);
  }
  try {
    if (action === "list") print(await view.list(options.tenant), options.json ?? false);
  } catch (error) {
    failWith(error);
  } finally {
    await view.close();
  }
}

function print(requests: PrivacyRequest[], json: boolean): void {
  if (json) {
    console.log(
      JSON.stringify(
        requests.map((r) => ({
          ...r,
          receivedAt: r.receivedAt.toISOString(),
          completedAt: r.completedAt?.toISOString() ?? null,
        })),
      ),
    );
    return;
  }
  if (requests.length === 0) console.log("no privacy requests");
  for (const r of requests) {
    const state = r.completedAt ? `done ${r.completedAt.toISOString()}` : "not completed";
    console.log(
      [
        `#${r.id}`,
        r.receivedAt.toISOString(),
        r.tenantId,
        r.topic.padEnd(22),
        r.customerId ?? "-",
        state,
        summarize(r.outcome),
      ].join("  "),
    );
  }
}

/** `orders=2 bodiesErased=3 journalDocuments=4`: scalars as they are, lists of records by their length. */
function summarize(outcome: Record<string, unknown>): string {
  const show = (value: unknown) =>
    Array.isArray(value)
      ? value.every((v) => typeof v === "string")
        ? value.join(",")
        : String(value.length)
      : JSON.stringify(value);
  return Object.entries(outcome)
    .filter(([key]) => key !== "note")
    .map(([key, value]) => `${key}=${show(value)}`)
    .join(" ");
}
