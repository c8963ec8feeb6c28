import { z } from "zod";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { AisClient, AisDefaultConfig } from "./ais-client.js";

export type PostingPath =
  | { method: "orchestration"; version: "v3" | "v2"; reason: string }
  | { method: "ztable"; reason: string };

/** The `posting` settings that decide the path. */
export interface PostingChoice {
  method: "auto" | "orchestration" | "ztable";
  orchestration: string;
  orchestrationVersion?: "v3" | "v2" | undefined;
}

/** What AIS says about itself: `defaultconfig`, the orchestration's presence, the v3 probe. */
export interface DiscoveredAis {
  config: AisDefaultConfig;
  orchestrationExists: boolean;
  v3Available: boolean;
}

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
  /** False when the v3 probe answered 404 (v3 services absent whatever `aisVersion` says). */
  v3Available?: boolean;
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
  if (compareRelease(tools, "9.2.3.3") >= 0 && input.v3Available === false) {
    return {
      method: "orchestration",
      version: "v2",
      reason: `Tools ${tools} but the v3 probe answered 404 (v3 services not deployed) and ${orchestration} exists: v2 JDE Standard input`,
    };
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
  return { method: "ztable", reason: `${why}: F0911Z1 direct insert (R09110Z)` };
}

/**
 * The path for the configured `posting`: a forced orchestration version or `method: ztable` needs no
 * discovery; otherwise {@link describePostingPath} decides (undefined until `discovered` is known).
 * With `method: orchestration` the answer may still be the Z-table path: the caller refuses that.
 */
export function choosePostingPath(
  posting: PostingChoice,
  discovered: DiscoveredAis | undefined,
): PostingPath | undefined {
  if (posting.method === "orchestration" && posting.orchestrationVersion) {
    const version = posting.orchestrationVersion;
    return {
      method: "orchestration",
      version,
      reason: `configured: ${version} orchestration ${posting.orchestration}`,
    };
  }
  if (posting.method === "ztable") {
    return { method: "ztable", reason: "configured: posting.method ztable (F0911Z1 direct insert, R09110Z)" };
  }
  if (!discovered) return undefined;
  return describePostingPath({ ...discovered, orchestration: posting.orchestration });
}

/** Asks AIS what {@link choosePostingPath} needs, unless the configuration already decides. */
export async function discoverPostingPath(
  ais: Pick<AisClient, "call" | "defaultConfig">,
  posting: PostingChoice,
): Promise<PostingPath> {
  const decided = choosePostingPath(posting, undefined);
  if (decided) return decided;
  const [config, exists, v3Available] = await Promise.all([
    ais.defaultConfig(),
    orchestrationExists(ais, posting.orchestration),
    v3ServicesAvailable(ais),
  ]);
  return choosePostingPath(posting, { config, orchestrationExists: exists, v3Available })!;
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

const V3_PROBE = "/jderest/v3/orchestrator/jde-validate-session";

/**
 * Are v3 services there? `GET /jderest/v3/orchestrator/jde-validate-session` answers 404 when they are
 * not, 200 (or 403/444) when they are (reference/jde-ais.md §2 "Practical feature probes").
 */
export async function v3ServicesAvailable(ais: Pick<AisClient, "call">): Promise<boolean> {
  try {
    await ais.call("GET", V3_PROBE);
    return true;
  } catch (error) {
    if (error instanceof ConnectorError && error.detail?.status === 404) return false;
    // 403 (or a 444 even after re-login) means the route exists: v3 is there, we may not use it.
    if (error instanceof ConnectorError && error.code === "MLC_AIS_CREDENTIALS") return true;
    if (error instanceof ConnectorError && error.code === "MLC_AIS_REQUEST_FAILED") return true;
    throw error;
  }
}
