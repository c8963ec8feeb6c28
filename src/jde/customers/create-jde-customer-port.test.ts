import { afterEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../../sim/jde/index.js";
import { freshJdeDatabase } from "../../../sim/jde/jde-database-test-helpers.js";
import { systemClock } from "../../lib/clock.js";
import type { AisClient } from "../ais-client.js";
import { simClient } from "../test-support.js";
import { openJdeDatabasePort } from "../ztable/open-jde-database-port.js";
import {
  createJdeCustomerPort,
  type JdeCustomerTenant,
  openJdeCustomerPort,
} from "./create-jde-customer-port.js";
import { addRow } from "./test-support.js";

function tenant(database?: { owner: string }): JdeCustomerTenant {
  return {
    id: "acme",
    jde: { ediUser: "SHOPIFY", posting: { customerOrchestration: "MLC_CustomerUpsert" }, database },
  };
}

describe("createJdeCustomerPort", () => {
  let sim: JdeSimulator | undefined;
  let ais: AisClient | undefined;
  afterEach(async () => {
    await ais?.close();
    await sim?.close();
    sim = undefined;
    ais = undefined;
  });

  it("takes the customer orchestration in the journal path's version", async () => {
    sim = await startJdeSimulator({ toolsRelease: "9.2.3.2", processorIntervalMs: 3_600_000 });
    ais = simClient(sim.url);
    const port = createJdeCustomerPort(tenant(), {
      ais,
      path: { method: "orchestration", version: "v2", reason: "test" },
      currencyDecimals: 2,
      clock: systemClock,
    });
    expect(port.path).toBe("orchestration");
    expect(port.stagedAdds).toBeUndefined();
    expect(await port.write([addRow("1", 7001)])).toMatchObject([{ ok: true, action: "created" }]);
    expect(sim.stats().calls["v2/orchestrator/MLC_CustomerUpsert"]).toBe(1);
  });

  it("takes the Z-tables on the Z-table path, and refuses it without a database block", async () => {
    const deps = {
      ais: { call: async () => ({}) },
      path: { method: "ztable", reason: "configured: posting.method ztable" } as const,
      currencyDecimals: 2,
      clock: systemClock,
    };
    expect(() => createJdeCustomerPort(tenant(), deps)).toThrow(
      expect.objectContaining({
        code: "MLC_CONFIG_INVALID",
        message: expect.stringContaining("jde.database"),
      }),
    );
    const stand = await freshJdeDatabase("sqlite");
    const database = await openJdeDatabasePort({
      dialect: "sqlite",
      file: stand.options.url,
      owner: "PRODDTA",
      timeoutMs: 2_000,
    });
    try {
      const port = createJdeCustomerPort(tenant({ owner: "PRODDTA" }), { ...deps, database });
      expect(port.path).toBe("ztable");
      expect(await port.write([addRow("1", 7001)])).toEqual([
        { ref: "1", ok: true, addressNumber: null, action: "staged" },
      ]);
      expect(await port.stagedAdds?.(["SH7001"])).toEqual(
        new Map([["SH7001", { state: "waiting", stagedAt: expect.any(Date), addressNumber: null }]]),
      );
    } finally {
      await database.close();
      await stand.dispose();
    }
  });

  it("opens the tenant's own database on the Z-table path and closes it with the port", async () => {
    const stand = await freshJdeDatabase("sqlite");
    try {
      const database = {
        dialect: "sqlite" as const,
        file: stand.options.url,
        owner: "PRODDTA",
        timeoutMs: 2_000,
      };
      const port = await openJdeCustomerPort(
        {
          id: "acme",
          jde: { ediUser: "SHOPIFY", posting: { customerOrchestration: "MLC_CustomerUpsert" }, database },
        },
        {
          ais: { call: async () => ({}) },
          path: { method: "ztable", reason: "configured" },
          currencyDecimals: 2,
          clock: systemClock,
        },
      );
      expect(await port.write([addRow("1", 7001)])).toMatchObject([{ ok: true, action: "staged" }]);
      await port.close();
      await expect(port.write([addRow("1", 7002)])).rejects.toThrow();
      const orchestration = await openJdeCustomerPort(
        { id: "acme", jde: { ediUser: "SHOPIFY", posting: { customerOrchestration: "MLC_CustomerUpsert" } } },
        {
          ais: { call: async () => ({}) },
          path: { method: "orchestration", version: "v3", reason: "test" },
          currencyDecimals: 2,
          clock: systemClock,
        },
      );
      expect(orchestration.path).toBe("orchestration");
      await orchestration.close();
    } finally {
      await stand.dispose();
    }
  });
});
