import type { ConnectorError } from "../lib/errors/connector-error.js";
import { networkCode } from "../lib/errors/network-code.js";
import type { JdeChecklistInput } from "./checklist-types.js";

type Connection = JdeChecklistInput["connection"];

/** What to check when an AIS call fails below the application: network, TLS, proxy, server. */
export function reachabilityHint(error: ConnectorError): string {
  const code = networkCode(error) ?? "";
  const status = statusOf(error) ?? 0;
  if (code === "ECONNREFUSED") {
    return "nothing accepts connections there: check jde.aisUrl (host and port of the AIS Server, not the HTML server), that the AIS Server is running (Server Manager), and that a firewall lets this host through";
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return "the host name does not resolve: check jde.aisUrl and DNS";
  if (code.includes("TIMEOUT")) {
    return "no answer within jde.timeoutMs: a firewall may drop the packets, or AIS is overloaded; check jde.aisUrl and the network path";
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO/.test(code)) {
    return "the AIS TLS certificate is not trusted: give Node the CA chain (NODE_EXTRA_CA_CERTS) or fix the certificate";
  }
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") {
    return "the connection was dropped: check http:// against https:// in jde.aisUrl, and any proxy in between";
  }
  if (status >= 500) {
    return "AIS is up but failing: defaultconfig also tests its HTML (JAS) server; check both in Server Manager and the AIS log";
  }
  if (status === 404) {
    return "no AIS v2 service at this URL: jde.aisUrl may point to the HTML server or miss a proxy path, or Tools is older than 9.2.1.2";
  }
  if (status === 401 || status === 403)
    return "a proxy or gateway in front of AIS refuses the call: allow /jderest/* from this host";
  if (error.code === "MLC_AIS_RESPONSE_INVALID") {
    return "the URL answers, but not like an AIS Server: check jde.aisUrl (the AIS Server port, not the HTML server)";
  }
  return "check jde.aisUrl and that the AIS Server is running (Server Manager)";
}

/** A failed `POST /jderest/v2/tokenrequest` (§1.2): 403 is a credentials problem. */
export function loginHint(error: ConnectorError, connection: Connection): string {
  const { username, environment, role } = connection;
  if (error.code === "MLC_AIS_CREDENTIALS") {
    return (
      `AIS refused ${username} in environment ${environment} with role ${role}: check jde.username and ` +
      `jde.password, that the user may sign in to ${environment} with role ${role} (names are ` +
      "case-sensitive), and that the E1 user is enabled, not locked, its password not expired (P98OWSEC)"
    );
  }
  if (statusOf(error) === 405) {
    return "the HTML server's Allowed Hosts does not accept this AIS Server: add it in Server Manager";
  }
  if (error.code === "MLC_AIS_RESPONSE_INVALID") {
    return (
      "no userInfo.token in the answer: enable 'Allow Username and Password Login' (Server Manager → " +
      "AIS Server → Allowed Login Type), and check that no proxy answers instead of AIS"
    );
  }
  return reachabilityHint(error);
}

/** A failed data-service BROWSE: a refusal is table or row security, anything else the network. */
export function dataHint(error: ConnectorError, connection: Connection): string {
  if (error.code !== "MLC_AIS_CREDENTIALS") return reachabilityHint(error);
  const { username, role } = connection;
  return `${username} may not use the data service or read this table: check table and row security for role ${role} in Security Workbench (P00950)`;
}

function statusOf(error: ConnectorError): number | undefined {
  const status = error.detail?.status;
  return typeof status === "number" ? status : undefined;
}
