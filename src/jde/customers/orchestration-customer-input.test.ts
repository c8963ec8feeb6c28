import { describe, expect, it } from "vitest";
import {
  toCustomerInputRow,
  toGenericCustomerInput,
  toStandardCustomerInput,
} from "./orchestration-customer-input.js";
import { addRow, changeRow } from "./test-support.js";

describe("customer orchestration input", () => {
  it("writes docs/customers.md §3's row: blank AN8 and UPDATE for an add, every field in display form", () => {
    const row = toCustomerInputRow(addRow("a", 7011234567890, { record: { EMAL: "ada@example.com" } }), "1");
    expect(Object.entries(row)).toEqual(
      Object.entries({
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
        CRCD: "USD",
        TRAR: "N30",
        ARC: "",
        TXA1: "",
        EXR1: "",
        ACL: "",
        UPDATE: "",
      }),
    );
  });

  it("gives a change its AN8 without leading zeros and its UPDATE list", () => {
    const row = toCustomerInputRow(changeRow("a", 7001, "0090001", "ALPH,ADD"), "3");
    expect(row).toMatchObject({ REF: "3", AN8: "90001", UPDATE: "ALPH,ADD" });
  });

  it("sends the rows as a Customers array (v3) or as detailInputs named Customers (v1/v2)", () => {
    const rows = [{ REF: "1", AN8: "", ALPH: "Ada" }];
    expect(toGenericCustomerInput(rows)).toEqual({ Customers: rows });
    expect(toStandardCustomerInput(rows)).toEqual({
      detailInputs: [
        {
          name: "Customers",
          repeatingInputs: [
            {
              inputs: [
                { name: "REF", value: "1" },
                { name: "AN8", value: "" },
                { name: "ALPH", value: "Ada" },
              ],
            },
          ],
        },
      ],
    });
  });
});
