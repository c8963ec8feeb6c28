import type { AisDefaultConfig } from "./ais-client.js";
import { loginHint, reachabilityHint } from "./checklist-hints.js";
import { attempt, failed, type Outcome, ok, type Run, warning } from "./checklist-run.js";
import { compareRelease } from "./describe-posting-path.js";

/** `GET /jderest/v2/defaultconfig` (reference/jde-ais.md §2): no session needed. */
export async function checkReachable(run: Run): Promise<AisDefaultConfig | undefined> {
  const result = await attempt(() => run.input.ais.defaultConfig());
  if (!result.ok) return void run.add("ais-reachable", failed(result.error, reachabilityHint(result.error)));
  run.facts.aisVersion = result.value.aisVersion;
  run.add("ais-reachable", ok(`defaultconfig answered: ${result.value.aisVersion}`));
  return result.value;
}

/** The Tools Release and capabilities defaultconfig announced; no AIS call of its own. */
export function describeToolsRelease(run: Run, config: AisDefaultConfig): Outcome {
  const tools = config.toolsRelease;
  const names = config.capabilities;
  run.facts.capabilities = names;
  const capabilities = `${names.length} capabilities${names.length > 0 ? `: ${names.join(", ")}` : ""}`;
  if (tools === undefined) {
    return warning(
      `aisVersion "${config.aisVersion}" carries no Tools Release; ${capabilities}`,
      "set jde.posting.method: orchestration with orchestrationVersion (v3 from Tools 9.2.3.3, else v2)",
    );
  }
  run.facts.toolsRelease = tools;
  const services = compareRelease(tools, "9.2.3.3") >= 0 ? "v2 and v3 services" : "v2 services";
  return ok(`Tools ${tools} (${services}); ${capabilities}`);
}

/** `POST /jderest/v2/tokenrequest` (§1.2); 403 is a credentials problem. */
export async function checkLogin(run: Run): Promise<boolean> {
  const { username, environment, role, deviceName } = run.input.connection;
  const result = await attempt(() => run.input.ais.login());
  if (result.ok) {
    run.add("login", ok(`token issued to ${username} in ${environment}, role ${role}, device ${deviceName}`));
    return true;
  }
  run.add("login", failed(result.error, loginHint(result.error, run.input.connection)));
  return false;
}

/** `POST /jderest/v2/tokenrequest/validate` (§1.4): any non-200 means the token is not valid. */
export async function checkSession(run: Run): Promise<boolean> {
  const result = await attempt(() => run.input.ais.validateSession());
  if (!result.ok) {
    run.add("session-valid", failed(result.error, reachabilityHint(result.error)));
    return false;
  }
  if (result.value) {
    run.add("session-valid", ok("tokenrequest/validate accepts the new token"));
    return true;
  }
  const hint =
    `AIS ties a token to jde.deviceName (${run.input.connection.deviceName}) or the caller's IP: a load ` +
    "balancer over several AIS Servers without session affinity, or a proxy changing the source " +
    "address, causes this; enable sticky sessions or point jde.aisUrl at one AIS Server";
  run.add("session-valid", {
    status: "failed",
    detail: "tokenrequest/validate refused the token just issued",
    hint,
  });
  return false;
}
