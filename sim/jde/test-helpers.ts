import type { JdeSimulator } from "./start-jde-simulator.js";

export const DEVICE = "sim-test";

export interface HttpResult {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs JSON to the simulator, with a token in the AIS headers when given. */
export async function postJson(
  sim: JdeSimulator,
  path: string,
  body: unknown,
  auth?: { token: string; device?: string },
): Promise<HttpResult> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth) {
    headers["jde-AIS-Auth"] = auth.token;
    headers["jde-AIS-Auth-Device"] = auth.device ?? DEVICE;
  }
  const response = await fetch(`${sim.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Logs in as the default user on {@link DEVICE} and returns the token. */
export async function login(sim: JdeSimulator, device = DEVICE): Promise<string> {
  const result = await postJson(sim, "/jderest/v2/tokenrequest", {
    username: "SVC_SHOP",
    password: "demo_password",
    deviceName: device,
    environment: "JPD920",
    role: "*ALL",
  });
  if (result.status !== 200) throw new Error(`login failed: ${result.status}`);
  return (result.body.userInfo as { token: string }).token;
}

/** A journal line in the orchestration's display form, with demo defaults. */
export function gridRow(overrides: Record<string, string>): Record<string, string> {
  return {
    EDUS: "SHOPIFY",
    EDBT: "M000042",
    EDTN: "SHP1001",
    EDLN: "1",
    KCO: "00100",
    DCT: "JE",
    DGJ: "06/30/2025",
    ANI: "100.1130",
    LT: "AA",
    AA: "0",
    CRCD: "USD",
    EXA: "Shopify #1001",
    EXR: "",
    VINV: "#1001",
    AN8: "",
    ...overrides,
  };
}

/** The reference §6.4 document: 108.00 receivable = 100.00 revenue + 8.00 tax. */
export function balancedDocument(
  edtn = "SHP1001",
  extra: Record<string, string> = {},
): Record<string, string>[] {
  return [
    gridRow({ EDTN: edtn, EDLN: "1", ANI: "100.1130", AA: "108.00", ...extra }),
    gridRow({ EDTN: edtn, EDLN: "2", ANI: "100.4100", AA: "-100.00", ...extra }),
    gridRow({ EDTN: edtn, EDLN: "3", ANI: "100.2110", AA: "-8.00", ...extra }),
  ];
}

export const JOURNAL_V3 = "/jderest/v3/orchestrator/MLC_JournalEntryBatch";

export const CUSTOMER_V3 = "/jderest/v3/orchestrator/MLC_CustomerUpsert";

/** One `MLC_CustomerUpsert` customer in display form (docs/customers.md §3), with demo defaults. */
export function customerRow(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    REF: "1",
    AN8: "",
    ALKY: "SH7011234567890",
    AT1: "C",
    MCU: "",
    CO: "00100",
    ALPH: "Ada Lovelace",
    MLNM: "Ada Lovelace",
    ADD1: "12 St James's Sq",
    ADD2: "",
    CTY1: "London",
    ADDS: "",
    ADDZ: "SW1Y 4JH",
    CTR: "GB",
    EMAL: "ada@example.com",
    AR1: "",
    PH1: "+442079460000",
    PHTP: "",
    CRCD: "",
    TRAR: "N30",
    ARC: "",
    TXA1: "",
    EXR1: "",
    ACL: "0",
    UPDATE: "",
    ...overrides,
  };
}
