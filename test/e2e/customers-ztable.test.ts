import { afterEach, describe, expect, it } from "vitest";
import type { JdeDatabaseTableName } from "../../sim/jde/index.js";
import {
  addUnpaidOrder,
  auditEntries,
  chosenCustomer,
  crossReferenceOf,
  customerGid,
  customersConfig,
  emailOf,
  GENERIC_AN8,
  receivableAddressNumbers,
  recordsOf,
} from "../support/customer-e2e.js";
import { type E2E, startE2E } from "../support/e2e-harness.js";
import { until } from "../support/e2e-steps.js";

const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/paid"];
const CUSTOMER_TOPICS = ["customers/create", "customers/update"];

/**
 * Rows of one customer batch table of the stand-in JDE database whose `column` equals `value`, text
 * right-trimmed (the columns are fixed-width: a blank EDSP reads "").
 */
async function zRows(e2e: E2E, table: JdeDatabaseTableName, column: string, value: string | number) {
  const database = e2e.jde.database!;
  // CHAR columns hold blank-padded text: compare a text value without the padding.
  const cell = typeof value === "string" ? `RTRIM("${column}")` : `"${column}"`;
  const rows = await database.query(`SELECT * FROM ${database.tableName(table)} WHERE ${cell} = ?`, [value]);
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([name, cell]) => [name, typeof cell === "string" ? cell.trimEnd() : cell]),
    ),
  );
}

/**
 * Issue 6 on the Z-table path (docs/customers.md §4): customers go into F0101Z2, F03012Z1 and F01151Z1
 * of the simulator's SQLite stand-in, R01010Z and R03010Z (simulated) turn them into Address Book and
 * Customer Master records, and the orders' F0911Z1 rows carry the AN8 the path gives.
 */
describe("customers on the Z-table path (e2e, SQLite stand-in)", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.stop();
    e2e = undefined;
  });

  it("range: assigns the next reserved AN8, stages the customer's rows with it and posts the order with it at once", async () => {
    const from = 700_000;
    const run = await startE2E({
      zTable: "sqlite",
      subscribeTopics: ORDER_TOPICS,
      tenantConfig: customersConfig({ ztable: { addressNumbers: { mode: "range", from, to: from + 9 } } }),
    });
    e2e = run;
    const ada = run.shopify.customers.create(run.shop, { email: "ada@example.com" });
    const order = addUnpaidOrder(run, ada.id);
    await run.waitForPosting([order.gid], 60_000);

    const alky = crossReferenceOf(ada);
    const [add, ...moreAdds] = await zRows(run, "F0101Z2", "SZALKY", alky);
    expect(moreAdds).toEqual([]);
    expect(add).toMatchObject({ SZAN8: from, SZTNAC: "A", SZEDSP: "Y" });
    expect(await zRows(run, "F03012Z1", "VOAN8", from)).toMatchObject([{ VOCO: "00100", VOTNAC: "A" }]);
    expect(await zRows(run, "F01151Z1", "EBAN8", from)).toMatchObject([{ EBEMAL: "ada@example.com" }]);

    expect(receivableAddressNumbers(run, order.name)).toEqual([from]);
    const [record] = recordsOf(run, ada);
    expect(record).toMatchObject({ an8: from, alky, searchType: "C" });
    expect(record!.companies.map((c) => c.AICO)).toEqual(["00100"]);
    await until(() => emailOf(run.jde.customers.get(from)) !== undefined, 10_000, "the e-mail upload");
    expect(emailOf(run.jde.customers.get(from))).toBe("ada@example.com");
    expect(chosenCustomer(run, order.gid)).toMatchObject({
      addressNumber: String(from),
      reason: "customer.linked",
      source: "range",
    });
    expect(run.jde.stats().calls["v3/orchestrator/MLC_CustomerUpsert"] ?? 0).toBe(0);
  });

  it("link-later: posts the first order on the generic customer, links the customer once R01010Z has run, then posts its next order with the new AN8", async () => {
    const run = await startE2E({
      zTable: "sqlite",
      subscribeTopics: ORDER_TOPICS,
      tenantConfig: customersConfig(),
      // R01010Z waits until the first order is posted, so the order cannot race the link.
      beforeConnector: async (jde) => jde.control.pauseCustomerProcessors(),
    });
    e2e = run;
    const grace = run.shopify.customers.create(run.shop, { email: "grace@example.com" });
    const alky = crossReferenceOf(grace);
    const first = addUnpaidOrder(run, grace.id);
    await run.waitForPosting([first.gid], 60_000);

    expect(receivableAddressNumbers(run, first.name)).toEqual([GENERIC_AN8]);
    expect(chosenCustomer(run, first.gid)).toMatchObject({
      addressNumber: String(GENERIC_AN8),
      reason: "customer.link_pending",
    });
    const staged = await zRows(run, "F0101Z2", "SZALKY", alky);
    expect(staged).toMatchObject([{ SZTNAC: "A", SZAN8: 0, SZEDSP: "" }]);
    expect(recordsOf(run, grace)).toEqual([]);
    const link = () => run.connector.store.customerLinks.get(run.tenantId, customerGid(grace));
    expect(await link()).toMatchObject({ state: "pending", addressNumber: null });

    run.jde.control.resumeCustomerProcessors();
    await until(async () => (await link())?.state === "linked", 30_000, "the pending link to resolve");
    const [record] = recordsOf(run, grace);
    expect(record).toBeDefined();
    const an8 = record!.an8;
    expect(await link()).toMatchObject({ addressNumber: String(an8), source: "created" });
    await until(
      () =>
        emailOf(run.jde.customers.get(an8)) !== undefined && run.jde.customers.get(an8)!.companies.length > 0,
      30_000,
      "R03010Z and the e-mail upload",
    );
    expect(run.jde.customers.get(an8)!.companies.map((c) => c.AICO)).toEqual(["00100"]);
    expect(emailOf(run.jde.customers.get(an8))).toBe("grace@example.com");

    const second = addUnpaidOrder(run, grace.id);
    await run.waitForPosting([first.gid, second.gid], 60_000);
    expect(receivableAddressNumbers(run, second.name)).toEqual([an8]);
    expect(receivableAddressNumbers(run, first.name)).toEqual([GENERIC_AN8]);
    expect(recordsOf(run, grace).map((r) => r.an8)).toEqual([an8]);

    // The trail says which order went out on the generic customer before the link was made.
    const trail = auditEntries(run, "order.customer", "customer.created", "customer.linked").filter(
      (e) => e.detail.customerId === customerGid(grace),
    );
    expect(trail.map((e) => [e.step, e.orderName, e.detail.addressNumber, e.detail.reason])).toEqual([
      ["customer.created", null, null, undefined],
      ["order.customer", first.name, String(GENERIC_AN8), "customer.link_pending"],
      ["customer.linked", null, String(an8), undefined],
      ["order.customer", second.name, String(an8), "customer.linked"],
    ]);
    expect(trail[0]!.detail).toMatchObject({ pending: true, source: "created" });
    expect(trail[2]!.detail).toMatchObject({ by: "alky", completesPendingLink: true });
  });

  it("range: an add R01010Z refuses is reopened with its number, re-staged with it once fixed in Shopify, then confirmed", async () => {
    const from = 710_000;
    const run = await startRefusingRange(from);
    e2e = run;
    const ada = run.shopify.customers.create(run.shop, {
      firstName: "Refused",
      lastName: "Customer",
      company: null,
      email: "refused@example.com",
    });
    const alky = crossReferenceOf(ada);
    const link = () => run.connector.store.customerLinks.get(run.tenantId, customerGid(ada));
    await until(
      async () => (await link())?.state === "pending" && auditEntries(run, "customer.rejected").length > 0,
      30_000,
      "the refused add to be read back",
    );
    expect(await link()).toMatchObject({ addressNumber: null, reservedAddressNumber: String(from) });
    expect(await zRows(run, "F0101Z2", "SZALKY", alky)).toMatchObject([{ SZAN8: from, SZEDSP: "N" }]);
    const [rejected] = auditEntries(run, "customer.rejected").map((e) => e.detail);
    expect(rejected).toMatchObject({
      customerId: customerGid(ada),
      addressNumber: String(from),
      table: "F0101Z2",
    });
    expect(JSON.stringify(rejected)).not.toContain("Refused Customer");
    expect(recordsOf(run, ada)).toEqual([]);

    run.shopify.customers.update(run.shop, ada.id, { firstName: "Grace" });
    await until(
      async () => (await link())?.state === "linked" && (await link())?.reservedAddressNumber === null,
      30_000,
      "the re-staged add to be confirmed",
    );
    expect((await zRows(run, "F0101Z2", "SZALKY", alky)).map((row) => [row.SZAN8, row.SZEDSP])).toEqual([
      [from, "N"],
      [from, "Y"],
    ]);
    expect(recordsOf(run, ada).map((r) => [r.an8, r.alphaName])).toEqual([[from, "Grace Customer"]]);

    const order = addUnpaidOrder(run, ada.id);
    await run.waitForPosting([order.gid], 60_000);
    expect(receivableAddressNumbers(run, order.name)).toEqual([from]);
    expect(chosenCustomer(run, order.gid)).toMatchObject({ addressNumber: String(from), source: "range" });
  });

  /** A range tenant subscribed to customer webhooks, whose R01010Z refuses the alpha name "Refused Customer". */
  function startRefusingRange(from: number) {
    return startE2E({
      zTable: "sqlite",
      subscribeTopics: [...ORDER_TOPICS, ...CUSTOMER_TOPICS],
      tenantConfig: customersConfig({ ztable: { addressNumbers: { mode: "range", from, to: from + 9 } } }),
      beforeConnector: async (jde) =>
        jde.control.customers.rejectWhere(
          { alphaName: "Refused Customer" },
          { CODE: "0017", DESC: "Duplicate Name" },
        ),
    });
  }
});
