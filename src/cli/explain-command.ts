import { type OrderStoryResult, openOrderStories } from "../compose/order-story.js";
import type { Config } from "../config/config-schema.js";
import { loadConfig } from "../config/load-config.js";
import { systemClock } from "../lib/clock.js";
import { failWith } from "./cli-exit.js";
import { candidateLines, explainJson, explainLines } from "./explain-view.js";

export interface ExplainCommandOptions {
  config: string;
  tenant?: string;
  orderId?: string;
  json: boolean;
}

/**
 * `ml-connector explain <order name | JDE document number>`: the whole story of one order as the
 * connector recorded it. Reads the store only; exit code 1 when no order (or more than one) matches.
 */
export async function runExplainCommand(
  argument: string | undefined,
  options: ExplainCommandOptions,
): Promise<void> {
  if (!argument?.trim() && !options.orderId) {
    console.error("ml-connector: explain needs an order name, a JDE document number or --order-id");
    process.exitCode = 2;
    return;
  }
  let config: Readonly<Config>;
  try {
    config = loadConfig(options.config);
  } catch (error) {
    return failWith(error);
  }
  const tenantIds = options.tenant ? [options.tenant] : config.tenants.map((tenant) => tenant.id);
  if (options.tenant && !config.tenants.some((tenant) => tenant.id === options.tenant)) {
    console.error(`ml-connector: tenant ${options.tenant} is not configured`);
    process.exitCode = 1;
    return;
  }
  const stories = await openOrderStories(config, systemClock);
  if (!stories.found) {
    console.error(`ml-connector: ${stories.why}`);
    process.exitCode = 1;
    return;
  }
  try {
    if (stories.pendingMigrations.length > 0)
      console.error(
        `ml-connector: the store is behind this build (${stories.pendingMigrations.join(", ")} not applied); read as it is`,
      );
    const result = await stories.find({
      tenantIds,
      ...(argument !== undefined && { argument }),
      ...(options.orderId !== undefined && { orderId: options.orderId }),
    });
    report(result, options.orderId ?? argument ?? "", { json: options.json, tenantIds });
  } finally {
    await stories.close();
  }
}

function report(
  result: OrderStoryResult,
  asked: string,
  options: { json: boolean; tenantIds: string[] },
): void {
  const where =
    options.tenantIds.length === 1
      ? `tenant ${options.tenantIds[0]}`
      : `tenants ${options.tenantIds.join(", ")}`;
  switch (result.type) {
    case "found":
      console.log(options.json ? explainJson(result.story) : explainLines(result.story).join("\n"));
      return;
    case "ambiguous":
      if (options.json) console.log(JSON.stringify({ ambiguous: result.candidates }));
      else console.log(candidateLines(asked, result.candidates).join("\n"));
      process.exitCode = 1;
      return;
    case "not-found":
      console.error(
        `ml-connector: no order ${asked} in ${where} (searched JDE document numbers, order names and order ids the connector recorded)`,
      );
      process.exitCode = 1;
  }
}
