import type { Session, SimUser } from "./session-store.js";

/** `ServiceErrorResponse` (reference/jde-ais.md §1.5). */
export function serviceError(message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { message, exception: "Exception", status: "ERROR", timeStamp: aisTimestamp(new Date()), ...extra };
}

/** Oracle's example form: `2025-09-19T20:16:27.934+0000`. */
export function aisTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+0000");
}

/** Compares dotted Tools Releases ("9.2.3.3"). */
export function compareRelease(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** Token request 200 body, merged from Oracle's example and public client models (§1.2). */
export function tokenResponse(session: Session, user: SimUser, jasServer: string): Record<string, unknown> {
  return {
    username: session.username,
    environment: session.environment,
    role: session.role,
    jasserver: jasServer,
    userInfo: {
      token: session.token,
      langPref: " ",
      locale: "en",
      dateFormat: "MDE",
      dateSeperator: "/",
      simpleDateFormat: "MM/dd/yyyy",
      timeFormat: "12",
      decimalFormat: ".",
      addressNumber: 100,
      alphaName: `${user.username} Integration User`,
      appsRelease: "E920",
      country: " ",
      username: session.username,
      longUserId: `${user.username.toLowerCase()}@example.com`,
      timeZoneOffset: "UTC+00:00",
      dstRuleKey: "",
      dstRule: null,
    },
    userAuthorized: false,
    version: null,
    poStringJSON: null,
    altPoStringJSON: null,
    aisSessionCookie: `${session.token.slice(3, 19)}!-1217528743!${Date.now()}`,
    adminAuthorized: false,
    passwordAboutToExpire: false,
    envColor: "#1e4a6d",
    machineName: "jde-sim",
    deprecated: true,
  };
}

interface Capability {
  name: string;
  asOfRelease: string;
  sinceVersion: "v1" | "v2" | "v3";
  shortDescription: string;
}

/**
 * Capabilities by release. Names up to `messageService` are Oracle's (§2); `version3services` and
 * `orchestrationStatusOutput` are simulator names for the v3 endpoints (9.2.3.3) and `jde__status`
 * output (9.2.5.4) — real servers may name these differently.
 */
const CAPABILITIES: Capability[] = [
  { name: "grid", asOfRelease: "9.1.4.4", sinceVersion: "v1", shortDescription: "Grid actions" },
  { name: "editable", asOfRelease: "9.1.4.4", sinceVersion: "v1", shortDescription: "Editable grid" },
  { name: "log", asOfRelease: "9.1.4.6", sinceVersion: "v1", shortDescription: "Logging service" },
  {
    name: "processingOption",
    asOfRelease: "9.1.4.6",
    sinceVersion: "v1",
    shortDescription: "Processing options",
  },
  { name: "ignoreFDAFindOnEntry", asOfRelease: "9.1.4.6", sinceVersion: "v1", shortDescription: "Skip find" },
  { name: "dataservice", asOfRelease: "9.1.5.2", sinceVersion: "v1", shortDescription: "Data service" },
  {
    name: "selectAllGridRows",
    asOfRelease: "9.1.5.2",
    sinceVersion: "v1",
    shortDescription: "Select all rows",
  },
  { name: "version2services", asOfRelease: "9.2.1.2", sinceVersion: "v2", shortDescription: "v2 services" },
  { name: "nextPage", asOfRelease: "9.2.1.2", sinceVersion: "v2", shortDescription: "Next page" },
  { name: "simpleGetServices", asOfRelease: "9.2.1.2", sinceVersion: "v2", shortDescription: "Simple GET" },
  { name: "formServiceOrderBy", asOfRelease: "9.2.1.2", sinceVersion: "v2", shortDescription: "Order by" },
  { name: "messageService", asOfRelease: "9.2.1.2", sinceVersion: "v2", shortDescription: "Messages" },
  { name: "version3services", asOfRelease: "9.2.3.3", sinceVersion: "v3", shortDescription: "v3 services" },
  {
    name: "orchestrationStatusOutput",
    asOfRelease: "9.2.5.4",
    sinceVersion: "v3",
    shortDescription: "jde__status in orchestration output",
  },
];

/**
 * `defaultconfig` body (§2). Lists every capability up to the release (`all` is implied), or exactly
 * `capabilities` when given (names the simulator does not know are listed as of this release).
 */
export function defaultConfig(input: {
  toolsRelease: string;
  environment: string;
  role: string;
  jasServer: string;
  capabilities?: string[];
  requiredCapabilities?: string;
}): Record<string, unknown> {
  const capabilityList = capabilitiesOf(input.toolsRelease, input.capabilities).map((c) => ({
    ...c,
    longDescription: c.shortDescription,
  }));
  const required = (input.requiredCapabilities ?? "")
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    aisVersion: `EnterpriseOne ${input.toolsRelease}`,
    capabilityList,
    defaultCachingOn: false,
    defaultEnvironment: input.environment,
    defaultJasServer: input.jasServer,
    defaultRole: input.role,
    disconnectedTimeout: 0,
    displayEnvironment: true,
    displayJasServer: false,
    displayRole: true,
    keepJasSessionOpen: true,
    requiredCapabilityMissing: required.some((name) => !capabilityList.some((c) => c.name === name)),
    ssoAllowed: false,
    allowBasicAuth: true,
    allowUserPassword: true,
    sessionTimeout: "30",
    timeToLive: "720",
  };
}

function capabilitiesOf(toolsRelease: string, names: string[] | undefined): Capability[] {
  if (!names) return CAPABILITIES.filter((c) => compareRelease(c.asOfRelease, toolsRelease) <= 0);
  return names.map(
    (name) =>
      CAPABILITIES.find((c) => c.name === name) ?? {
        name,
        asOfRelease: toolsRelease,
        sinceVersion: "v2",
        shortDescription: `${name} (simulated)`,
      },
  );
}
