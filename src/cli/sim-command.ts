import { type JdeSimulatorCliOptions, startJdeSimulatorFromCli } from "../../sim/jde/index.js";
import { startShopifySimulatorFromCli } from "../../sim/shopify/index.js";

/** Options of `ml-connector sim`, as commander hands them over (values not yet checked). */
export interface SimCommandOptions {
  port: number;
  /** jde only, like the rest. */
  toolsRelease?: string;
  latencyMs?: string | number;
  errorRate?: string | number;
  tokenTtlMs?: string | number;
  processing?: string;
  /** `sqlite:<file>` or `postgres://…`: the F0911Z1 stand-in for direct Z-table inserts. */
  database?: string;
  /** shopify only: the demo app's OAuth client id, and the lifetime of expiring access tokens. */
  clientId?: string;
  accessTokenTtlS?: string | number;
}

/** `ml-connector sim shopify|jde --port P [jde knobs]`: one simulator on its own, until Ctrl-C. */
export async function runSimCommand(which: string, options: SimCommandOptions): Promise<void> {
  if (which !== "shopify" && which !== "jde") {
    console.error(`ml-connector sim: expected "shopify" or "jde", got "${which}"`);
    process.exitCode = 2;
    return;
  }
  const jdeOptions = which === "jde" ? parseJdeOptions(options) : undefined;
  if (typeof jdeOptions === "string") {
    console.error(`ml-connector sim jde: ${jdeOptions}`);
    process.exitCode = 2;
    return;
  }
  const accessTokenTtlSeconds = wholeNumber(options.accessTokenTtlS, "--access-token-ttl-s");
  if (typeof accessTokenTtlSeconds === "string") {
    console.error(`ml-connector sim shopify: ${accessTokenTtlSeconds}`);
    process.exitCode = 2;
    return;
  }
  const sim = jdeOptions
    ? await startJdeSimulatorFromCli(jdeOptions)
    : await startShopifySimulatorFromCli({
        port: options.port,
        clientId: options.clientId,
        accessTokenTtlSeconds,
      });
  console.log(`${which} simulator listening on ${sim.url}`);
  if (jdeOptions?.database)
    console.log(`jde database stand-in (F0911Z1, F0911, F0011): ${jdeOptions.database}`);
  const stop = async () => {
    await sim.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

/** The simulator's options, or what is wrong with the flags. */
function parseJdeOptions(options: SimCommandOptions): JdeSimulatorCliOptions | string {
  const latencyMs = wholeNumber(options.latencyMs, "--latency-ms");
  const tokenTtlMs = wholeNumber(options.tokenTtlMs, "--token-ttl-ms");
  const errorRate = options.errorRate === undefined ? undefined : Number(options.errorRate);
  const problems = [latencyMs, tokenTtlMs].filter((value) => typeof value === "string");
  if (errorRate !== undefined && !(errorRate >= 0 && errorRate <= 1)) {
    problems.push(`--error-rate expects a number from 0 to 1, got "${options.errorRate}"`);
  }
  if (options.processing !== undefined && options.processing !== "staged" && options.processing !== "sync") {
    problems.push(`--processing expects staged or sync, got "${options.processing}"`);
  }
  if (options.toolsRelease !== undefined && !/^\d+\.\d+\.\d+\.\d+$/.test(options.toolsRelease)) {
    problems.push(`--tools-release expects a dotted quad like 9.2.8.3, got "${options.toolsRelease}"`);
  }
  if (options.database !== undefined && !/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(options.database)) {
    problems.push(`--database expects sqlite:<file> or postgres://…, got "${options.database}"`);
  }
  if (problems.length > 0) return problems.join("; ");
  return {
    port: options.port,
    toolsRelease: options.toolsRelease,
    latencyMs: latencyMs as number | undefined,
    errorRate,
    tokenTtlMs: tokenTtlMs as number | undefined,
    processing: options.processing as JdeSimulatorCliOptions["processing"],
    database: options.database,
  };
}

/** A whole number ≥ 0, undefined when the flag is absent, or a message. */
function wholeNumber(value: string | number | undefined, flag: string): number | string | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : `${flag} expects a whole number ≥ 0, got "${value}"`;
}
