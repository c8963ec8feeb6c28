import { describe, expect, it } from "vitest";
import {
  addressBookZRow,
  type CustomerZRowContext,
  customerMasterZRow,
  customerTransactionNumber,
  updateGroups,
} from "./customer-ztable-rows.js";
import { addRow, changeRow } from "./test-support.js";

const CONTEXT: CustomerZRowContext = {
  ediUser: "SHOPIFY",
  batchId: "CMIAB0C1D01",
  currencyDecimals: 2,
  audit: { programId: "MLCONNECT", jobName: "MLCONNECT", now: new Date("2026-06-30T08:09:10Z") },
};

describe("customer Z-table rows", () => {
  it("numbers a customer's rows by kind and cross-reference only, never from its values (≤ 22)", () => {
    const add = customerTransactionNumber(addRow("1", 7001));
    expect(add).toBe(`A${addRow("1", 7001).record.ALKY}`);
    expect(add.length).toBeLessThanOrEqual(22);
    expect(customerTransactionNumber(addRow("9", 7001, { record: { ALPH: "Ada King" } }))).toBe(add);
    expect(customerTransactionNumber(addRow("1", 7002))).not.toBe(add);
    expect(customerTransactionNumber(changeRow("1", 7001, "90001", "ALPH"))).toBe(
      `C${addRow("1", 7001).record.ALKY}`,
    );
  });

  it("fills an add's every Address Book column, with the audit stamp, EDLN 1000 and blank EDSP", () => {
    const row = addressBookZRow(addRow("1", 7001, { record: { MCU: "140" } }), CONTEXT);
    expect(row).toMatchObject({
      SZEDUS: "SHOPIFY",
      SZEDBT: "CMIAB0C1D01",
      SZEDLN: 1000n,
      SZDRIN: "0",
      SZEDSP: "",
      SZTNAC: "A",
      SZAN8: 0n,
      SZALKY: "SH7001",
      SZMCU: "         140",
      SZPHT1: "",
      SZUPMJ: 126_181n,
      SZUPMT: 80_910n,
    });
  });

  it("fills a change's UPDATE groups only, and writes no F0101Z2 row for an e-mail-only change", () => {
    const row = addressBookZRow(changeRow("1", 7001, "90001", "MLNM,PH", { MLNM: "Countess" }), CONTEXT);
    expect(
      Object.keys(row ?? {}).filter((column) => !/^SZ(ED|DRIN|TNAC|TORG|USER|PID|JOBN|UPM)/.test(column)),
    ).toEqual(["SZAN8", "SZMLNM", "SZAR1", "SZPH1", "SZPHT1"]);
    expect(row).toMatchObject({ SZTNAC: "C", SZAN8: 90001n, SZMLNM: "Countess" });
    expect(addressBookZRow(changeRow("1", 7001, "90001", "EMAL"), CONTEXT)).toBeUndefined();
    expect(() => updateGroups(changeRow("1", 7001, "90001", "ALPH,NAME"))).toThrow(/NAME/);
  });

  it.each([
    ["", 2, 0n],
    ["0", 2, 0n],
    ["2500", 2, 250_000n],
    ["2500", 0, 2_500n],
    ["2500", 3, 2_500_000n],
  ])("stores the credit limit %s with %i implied decimals", (acl, decimals, stored) => {
    const row = customerMasterZRow(addRow("1", 7001, { addressNumber: "500001", record: { ACL: acl } }), {
      ...CONTEXT,
      currencyDecimals: decimals,
    });
    expect(row.VOACL).toBe(stored);
  });

  it("refuses a credit limit VOACL cannot hold", () => {
    const write = addRow("1", 7001, { addressNumber: "500001", record: { ACL: "999999999999999" } });
    expect(() => customerMasterZRow(write, CONTEXT)).toThrow(
      expect.objectContaining({ code: "MLC_JDE_FIELD_INVALID" }),
    );
  });
});
