import { afterEach, describe, expect, it } from "vitest";
import { type JdeSimulator, type JdeSimulatorOptions, startJdeSimulator } from "../../sim/jde/index.js";
import { freshJdeDatabase } from "../../sim/jde/jde-database-test-helpers.js";
import type { AisClient, AisClientDeps } from "./ais-client.js";
import {
  type ChecklistItem,
  type ConfiguredAccount,
  type JdeChecklistInput,
  runJdeChecklist,
} from "./connection-checklist.js";
import { account, simClient } from "./test-support.js";
import { openJdeDatabasePort } from "./ztable/open-jde-database-port.js";

/** Mid-June 2026: the default seed's open window is June–July 2026. */
const NOW_MS = Date.UTC(2026, 5, 15, 12);
const TODAY = "2026-06-15";

const DEMO_ACCOUNTS = [
  "100.1130",
  "100.1115",
  "100.1116",
  "100.1118",
  "100.4100",
  "100.4150",
  "100.4160",
  "100.4170",
  "100.4300",
  "100.4500",
  "100.2110",
  "100.2111",
  "100.2115",
  "100.2400",
  "100.2410",
  "100.2450",
  "100.2460",
  "100.2480",
  "100.7990",
  "140.4100",
];

const ORDER = [
  "ais-reachable",
  "tools-release",
  "login",
  "session-valid",
  "journal-orchestration",
  "customer-orchestration",
  "posting-path",
  "company",
  "currency",
  "business-units",
  "accounts",
  "open-period",
  "logout",
];

function configured(...texts: string[]): ConfiguredAccount[] {
  return texts.map((text, index) => ({ account: account(text), usedBy: [`accounts.test${index}`] }));
}

describe("runJdeChecklist against the JDE simulator", () => {
  let sim: JdeSimulator | undefined;
  let ais: AisClient | undefined;
  afterEach(async () => {
    await ais?.close();
    await sim?.close();
    sim = undefined;
    ais = undefined;
  });

  async function check(
    options: {
      sim?: JdeSimulatorOptions;
      client?: Partial<AisClientDeps>;
      input?: Partial<JdeChecklistInput>;
      before?: (sim: JdeSimulator) => Promise<void> | void;
    } = {},
  ) {
    sim = await startJdeSimulator({ nowMs: () => NOW_MS, processorIntervalMs: 3_600_000, ...options.sim });
    ais = simClient(sim.url, { timeoutMs: 2_000, ...options.client });
    await options.before?.(sim);
    const result = await runJdeChecklist({
      ais,
      connection: {
        username: "SVC_SHOP",
        environment: "JPD920",
        role: "*ALL",
        deviceName: "ml-connector-test",
      },
      company: "00100",
      posting: {
        method: "auto",
        orchestration: "MLC_JournalEntryBatch",
        customerOrchestration: "MLC_CustomerUpsert",
      },
      accounts: configured(...DEMO_ACCOUNTS),
      today: TODAY,
      ...options.input,
    });
    const byId = (id: string): ChecklistItem => {
      const item = result.items.find((candidate) => candidate.id === id);
      if (!item) throw new Error(`no item ${id} in ${result.items.map((i) => i.id).join(", ")}`);
      return item;
    };
    return { ...result, byId, statuses: Object.fromEntries(result.items.map((i) => [i.id, i.status])) };
  }

  it("passes every item on the demo chart, reads only, and logs out", async () => {
    const result = await check();
    expect(result.items.map((item) => item.id)).toEqual(ORDER);
    expect(result.items.filter((item) => item.status !== "ok")).toEqual([]);
    expect(result.facts).toMatchObject({
      toolsRelease: "9.2.8.3",
      postingPath: { method: "orchestration", version: "v3" },
      currency: "USD",
      decimals: 2,
      openPeriod: { firstOpenDate: "2026-06-01", lastOpenDate: "2026-07-31" },
    });
    expect(result.byId("posting-path").detail).toBe(
      "Tools 9.2.8.3 ≥ 9.2.3.3 and MLC_JournalEntryBatch exists: v3",
    );
    expect(result.byId("business-units").detail).toBe("business units 100, 140 belong to company 00100");
    expect(result.byId("accounts").detail).toBe(
      "all 20 configured accounts exist in company 00100 and accept postings",
    );
    expect(result.byId("open-period").detail).toBe(
      "G/L dates 2026-06-01 to 2026-07-31 are open; today is 2026-06-15",
    );
    const stats = sim!.stats();
    expect(stats.logoutRequests).toBe(1);
    expect(Object.keys(stats.calls).filter((label) => label.includes("orchestrator/MLC"))).toEqual([]);
    expect(sim!.tables.F0911Z1).toEqual([]);
    expect(sim!.tables.F0911).toEqual([]);
    expect(ais!.hasSession()).toBe(false);
  });

  it("fails the login on a wrong password with a hint, skips what needs a session, and never shows the password", async () => {
    const result = await check({ client: { password: "not-the-password" } });
    expect(result.items.map((item) => item.id)).toEqual(ORDER);
    expect(result.byId("login")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("MLC_AIS_CREDENTIALS"),
      hint: expect.stringMatching(/jde\.password.*JPD920.*\*ALL.*locked/),
    });
    for (const id of ORDER.slice(ORDER.indexOf("session-valid"), -1)) {
      expect(result.byId(id)).toMatchObject({ status: "skipped", detail: "not run: the login failed" });
    }
    expect(result.byId("logout")).toMatchObject({ status: "skipped", detail: "no session was opened" });
    expect(JSON.stringify(result.items)).not.toContain("not-the-password");
  });

  it.each([
    ["503", /MLC_AIS_UNAVAILABLE: AIS answered 503/, /Server Manager/],
    ["refuse", /ECONNREFUSED/, /firewall/],
  ] as const)("reports AIS down (%s) as unreachable and skips the rest", async (mode, detail, hint) => {
    const result = await check({ before: (s) => s.control.setDown(true, mode) });
    expect(result.byId("ais-reachable")).toMatchObject({
      status: "failed",
      detail: expect.stringMatching(detail),
    });
    expect(result.byId("ais-reachable").hint).toMatch(hint);
    expect(result.items.slice(1).map((item) => item.status)).toEqual(Array(ORDER.length - 1).fill("skipped"));
  });

  it("chooses a v2 orchestration on Tools 9.2.3.2", async () => {
    const result = await check({ sim: { toolsRelease: "9.2.3.2" } });
    expect(result.byId("tools-release").detail).toMatch(/^Tools 9\.2\.3\.2 \(v2 services\)/);
    expect(result.byId("posting-path")).toMatchObject({ status: "ok" });
    expect(result.facts.postingPath).toMatchObject({ method: "orchestration", version: "v2" });
  });

  it("falls back to the Z-table path when the journal orchestration is not deployed (method auto)", async () => {
    const result = await check({ sim: { orchestrations: ["MLC_CustomerUpsert"] } });
    expect(result.byId("journal-orchestration")).toMatchObject({
      status: "warning",
      detail: "MLC_JournalEntryBatch is not deployed: posting falls back to the F0911Z1 direct insert",
    });
    expect(result.byId("posting-path").detail).toMatch(
      /MLC_JournalEntryBatch is not deployed: F0911Z1 direct insert/,
    );
    expect(result.facts.postingPath).toMatchObject({ method: "ztable" });
    expect(result.byId("ztable-database")).toMatchObject({ status: "failed" });
    expect(result.byId("ztable-database").detail).toContain("no `database` block");
    expect(result.items.filter((item) => item.status === "failed").map((i) => i.id)).toEqual([
      "ztable-database",
    ]);
  });

  it("checks the Z-table database: F0911Z1 writable, F0911 and F0011 readable", async () => {
    const stand = await freshJdeDatabase("sqlite");
    const database = await openJdeDatabasePort({
      dialect: "sqlite",
      file: stand.options.url,
      owner: "PRODDTA",
      timeoutMs: 2_000,
    });
    try {
      const result = await check({
        sim: { orchestrations: ["MLC_CustomerUpsert"] },
        input: { zTable: { database, owner: "PRODDTA" } },
      });
      expect(result.byId("ztable-database")).toMatchObject({ status: "ok" });
      expect(result.byId("ztable-database").detail).toMatch(/F0911Z1 has \d+ columns/);
      await stand.writer.query('DROP TABLE "F0011"');
      const missing = await check({
        sim: { orchestrations: ["MLC_CustomerUpsert"] },
        input: { zTable: { database, owner: "PRODDTA" } },
      });
      expect(missing.byId("ztable-database")).toMatchObject({ status: "failed" });
      expect(missing.byId("ztable-database").hint).toContain("F0011");
    } finally {
      await database.close();
      await stand.dispose();
    }
  });

  it("fails when posting.method orchestration names an orchestration that is not deployed", async () => {
    const result = await check({
      sim: { orchestrations: [] },
      input: {
        posting: {
          method: "orchestration",
          orchestration: "MLC_JournalEntryBatch",
          customerOrchestration: "MLC_CustomerUpsert",
        },
      },
    });
    expect(result.statuses).toMatchObject({
      "journal-orchestration": "failed",
      "customer-orchestration": "warning",
      "posting-path": "failed",
    });
    expect(result.byId("journal-orchestration").hint).toMatch(/deploy MLC_JournalEntryBatch.*SVC_SHOP/);
  });

  it("takes a configured orchestration version without asking the Tools Release", async () => {
    const result = await check({
      sim: { toolsRelease: "9.2.3.2" },
      input: {
        posting: {
          method: "orchestration",
          orchestration: "MLC_JournalEntryBatch",
          orchestrationVersion: "v3",
          customerOrchestration: "MLC_CustomerUpsert",
        },
      },
    });
    expect(result.byId("posting-path").detail).toBe("configured: v3 orchestration MLC_JournalEntryBatch");
  });

  it("names every configured account JDE would refuse, with the reason", async () => {
    const result = await check({
      input: { accounts: configured("100.4100", "100.4999", "100.4000", "190.4100", "900.4100") },
    });
    const failed = result.items.filter((item) => item.status === "failed");
    expect(failed.map((item) => [item.id, item.detail])).toEqual([
      ["business-units", "900 belongs to company 00200 (company 00100 expected)"],
      [
        "account:100.4999",
        "account 100.4999 does not exist in JDE company 00100; configured as accounts.test1",
      ],
      [
        "account:100.4000",
        "account 100.4000 does not accept postings in JDE company 00100 (posting edit code is not blank); configured as accounts.test2",
      ],
      [
        "account:190.4100",
        "account 190.4100: business unit 190 does not accept postings in JDE company 00100; configured as accounts.test3",
      ],
      [
        "account:900.4100",
        "account 900.4100: business unit 900 belongs to JDE company 00200, not 00100; configured as accounts.test4",
      ],
    ]);
    expect(failed.every((item) => item.hint !== undefined)).toBe(true);
    expect(result.byId("account:100.4999").hint).toMatch(/P0901/);
    expect(result.byId("account:190.4100").hint).toMatch(/P0006/);
    expect(result.items.some((item) => item.id === "accounts")).toBe(false);
  });

  it("notices a business unit moved to another company in F0006", async () => {
    const result = await check({
      before: (s) => {
        const unit = s.tables.F0006.find((row) => row.MCMCU.trim() === "140");
        if (unit) unit.MCCO = "00200";
      },
    });
    expect(result.byId("business-units").detail).toBe(
      "140 belongs to company 00200 (company 00100 expected)",
    );
    expect(result.byId("account:140.4100")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("business unit 140 belongs to JDE company 00200"),
    });
  });

  it("names an account whose business unit does not exist", async () => {
    const result = await check({ input: { accounts: configured("555.4100") } });
    expect(result.byId("business-units").detail).toMatch(/^555 does not exist in F0006/);
    expect(result.byId("account:555.4100").detail).toContain("(business unit 555 does not exist)");
  });

  it("skips the reference data of an unknown company", async () => {
    const result = await check({ input: { company: "00999" } });
    expect(result.byId("company")).toMatchObject({
      status: "failed",
      detail: "company 00999 is not in F0010",
      hint: expect.stringContaining("P0010"),
    });
    expect(result.statuses).toMatchObject({
      currency: "skipped",
      "business-units": "skipped",
      accounts: "skipped",
      "open-period": "skipped",
      logout: "ok",
    });
  });

  it("fails the open window when today is after it", async () => {
    const result = await check({ input: { today: "2026-09-01" } });
    expect(result.byId("open-period")).toMatchObject({
      status: "failed",
      detail: "G/L dates 2026-06-01 to 2026-07-31 are open; today is 2026-09-01",
      hint: expect.stringContaining("P0010"),
    });
  });

  it("warns when F0008 holds no period after the current one", async () => {
    const result = await check({
      sim: { nowMs: () => Date.UTC(2027, 11, 15) },
      input: { today: "2027-12-15" },
    });
    expect(result.byId("open-period")).toMatchObject({
      status: "warning",
      hint: expect.stringContaining("P0008"),
    });
    expect(result.facts.openPeriod).toEqual({ firstOpenDate: "2027-12-01", lastOpenDate: null });
  });

  it("checks a customers block on the orchestration path: the customer orchestration and the generic customer", async () => {
    const result = await check({ input: { customers: { genericAddressNumber: "4242" } } });
    expect(result.items.map((item) => item.id)).toEqual([...ORDER.slice(0, -1), "customers", "logout"]);
    expect(result.byId("customers")).toEqual({
      id: "customers",
      title: "Customers: write path and generic customer",
      status: "ok",
      detail:
        "customers are written through MLC_CustomerUpsert; generic customer 4242 Jane Demo (search type C) is in F0101",
    });
    expect(result.facts.customerOrchestrationDeployed).toBe(true);
    const without = await check();
    expect(without.items.some((item) => item.id === "customers")).toBe(false);
  });

  it("fails the customers item when the customer orchestration is missing or the generic customer unknown", async () => {
    const missing = await check({
      sim: { orchestrations: ["MLC_JournalEntryBatch"] },
      input: { customers: { genericAddressNumber: "4242" } },
    });
    expect(missing.byId("customers")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("MLC_CustomerUpsert is not deployed"),
      hint: expect.stringContaining("deploy MLC_CustomerUpsert"),
    });
    const unknown = await check({ input: { customers: { genericAddressNumber: "777" } } });
    expect(unknown.byId("customers")).toMatchObject({
      status: "failed",
      detail: "the generic customer 777 is not in F0101",
      hint: expect.stringContaining("customers.genericAddressNumber"),
    });
    const supplier = await check({
      input: { customers: { genericAddressNumber: "100" } },
      before: (s) => {
        const record = s.tables.F0101.find((row) => row.ABAN8 === 100);
        if (record) record.ABAT1 = "V";
      },
    });
    expect(supplier.byId("customers")).toMatchObject({
      status: "warning",
      detail: expect.stringContaining("search type V"),
    });
    const refused = await check({
      client: { password: "wrong" },
      input: { customers: { genericAddressNumber: "4242" } },
    });
    expect(refused.byId("customers")).toMatchObject({
      status: "skipped",
      detail: "not run: the login failed",
    });
  });

  it("checks the customer Z-tables on the Z-table path", async () => {
    const stand = await freshJdeDatabase("sqlite");
    const database = await openJdeDatabasePort({
      dialect: "sqlite",
      file: stand.options.url,
      owner: "PRODDTA",
      timeoutMs: 2_000,
    });
    const input = { zTable: { database, owner: "PRODDTA" }, customers: { genericAddressNumber: "4242" } };
    try {
      const result = await check({ sim: { orchestrations: ["MLC_CustomerUpsert"] }, input });
      expect(result.byId("customers")).toMatchObject({
        status: "ok",
        detail: expect.stringMatching(
          /PRODDTA\.F0101Z2, PRODDTA\.F03012Z1 and PRODDTA\.F01151Z1 .*generic customer 4242/,
        ),
      });
      await stand.writer.query('DROP TABLE "F01151Z1"');
      const missing = await check({ sim: { orchestrations: ["MLC_CustomerUpsert"] }, input });
      expect(missing.byId("customers")).toMatchObject({
        status: "failed",
        hint: expect.stringContaining("PRODDTA.F01151Z1"),
      });
    } finally {
      await database.close();
      await stand.dispose();
    }
  });

  it("fails the session check when AIS refuses its fresh token, and still logs out", async () => {
    const result = await check({
      before: () => {
        const real = ais!;
        ais = { ...real, validateSession: async () => false };
      },
    });
    expect(result.byId("session-valid")).toMatchObject({
      status: "failed",
      hint: expect.stringContaining("session affinity"),
    });
    expect(result.byId("company").status).toBe("skipped");
    expect(result.byId("logout").status).toBe("ok");
    expect(sim!.stats().logoutRequests).toBe(1);
  });
});
