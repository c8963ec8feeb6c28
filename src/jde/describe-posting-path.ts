import { z } from "zod";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { AisClient, AisDefaultConfig } from "./ais-client.js";

export type PostingPath =
  | { method: "orchestration"; version: "v3" | "v2"; reason: string }
  | { method: "ztable"; reason: string; implemented: false };

/**
 * Chooses how journals reach JDE for `posting.method: auto` (DESIGN.md §3 "Path choice";
 * reference/jde-ais.md §1.1 version table, §2 "Determining the Tools Release", "Implications" 5):
 * v3 orchestration from Tools 9.2.3.3, v2 from 9.2.1.2, both only when the orchestration exists;
 * otherwise the F0911Z1 direct insert. `reason` is what `connect test` prints.
 */
export function describePostingPath(input: {
  config: AisDefaultConfig;
  orchestration: string;
  orchestrationExists: boolean;
}): PostingPath {
  const { config, orchestration } = input;
  const tools = config.toolsRelease;
  if (tools === undefined) {
    return zTable(`aisVersion "${config.aisVersion}" carries no Tools Release`);
  }
  if (compareRelease(tools, "9.2.1.2") < 0) {
    return zTable(`Tools ${tools} is older than 9.2.1.2 (no v2 orchestrations)`);
  }
  if (!input.orchestrationExists) {
    return zTable(`Tools ${tools} supports orchestrations but ${orchestration} is not deployed`);
  }
  if (compareRelease(tools, "9.2.3.3") >= 0) {
    return {
      method: "orchestration",
      version: "v3",
      reason: `Tools ${tools} ≥ 9.2.3.3 and ${orchestration} exists: v3`,
    };
  }
  return {
    method: "orchestration",
    version: "v2",
    reason: `Tools ${tools} is between 9.2.1.2 and 9.2.3.3 and ${orchestration} exists: v2 JDE Standard input`,
  };
}

function zTable(why: string): PostingPath {
  return {
    method: "ztable",
    implemented: false,
    reason: `${why}; F0911Z1 direct insert chosen (not implemented yet: a later issue)`,
  };
}

/** Compares dotted releases numerically (`9.2.10.1` > `9.2.3.3`). */
export function compareRelease(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

const discoverSchema = z.union([
  z.array(z.looseObject({ name: z.string() })),
  z.looseObject({ orchestrations: z.array(z.looseObject({ name: z.string() })) }),
]);

/**
 * Is the orchestration deployed and visible to the integration user? `GET /jderest/discover`
 * (reference/jde-ais.md §3.1; Oracle rest-api op-discover-get.html).
 */
export async function orchestrationExists(ais: Pick<AisClient, "call">, name: string): Promise<boolean> {
  const parsed = discoverSchema.safeParse(await ais.call("GET", "/jderest/discover"));
  if (!parsed.success)
    throw new ConnectorError("MLC_AIS_RESPONSE_INVALID", "AIS discover answered an unexpected body");
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.orchestrations;
  return list.some((entry) => entry.name === name);
}
