import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JDE_CUSTOMER_FIELD_WIDTHS, toJdeCustomerRecord } from "./jde-customer-record.js";
import { makeCustomer, makeCustomerSettings, makeWithheldCustomer } from "./test-support/make-customer.js";

const settings = makeCustomerSettings();
const build = (
  customer = makeCustomer(),
  overrides: Partial<Parameters<typeof toJdeCustomerRecord>[0]> = {},
) => toJdeCustomerRecord({ customer, settings, company: "00100", currency: "GBP", ...overrides });

describe("toJdeCustomerRecord", () => {
  it("builds the contract's example record (docs/customers.md §3)", () => {
    expect(build()).toEqual({
      ok: true,
      truncations: [],
      record: {
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
        CRCD: "GBP",
        TRAR: "N30",
        ARC: "",
        TXA1: "",
        EXR1: "",
        ACL: "",
      },
    });
  });

  it("takes the alpha name from the default address's company, the mailing name from the person", () => {
    const customer = makeCustomer({
      defaultAddress: { ...makeCustomer().defaultAddress!, company: "Analytical Engines Ltd" },
    });
    const result = build(customer);
    expect(result.ok && [result.record.ALPH, result.record.MLNM]).toEqual([
      "Analytical Engines Ltd",
      "Ada Lovelace",
    ]);
  });

  it.each([
    ["only a first name", { firstName: "Ada", lastName: null }, "Ada"],
    ["only a last name", { firstName: null, lastName: "Lovelace" }, "Lovelace"],
    ["blank parts", { firstName: "  ", lastName: " Lovelace " }, "Lovelace"],
  ])("names a customer with %s", (_case, names, expected) => {
    const result = build(makeCustomer(names));
    expect(result.ok && result.record.ALPH).toBe(expected);
  });

  it("refuses a customer without any name, so the order goes to the generic customer", () => {
    expect(build(makeWithheldCustomer())).toEqual({ ok: false, reason: "customer.name_missing" });
    expect(build(makeCustomer({ firstName: "", lastName: " " }))).toEqual({
      ok: false,
      reason: "customer.name_missing",
    });
  });

  it("keeps a company-only customer (company given, no person name)", () => {
    const customer = makeWithheldCustomer({
      defaultAddress: { ...makeCustomer().defaultAddress!, company: "Babbage & Co" },
    });
    const result = build(customer);
    expect(result.ok && [result.record.ALPH, result.record.MLNM]).toEqual(["Babbage & Co", ""]);
  });

  it("refuses a GID whose cross-reference would not fit ALKY rather than cutting it", () => {
    const longPrefix = makeCustomerSettings({ crossReference: { field: "ALKY", prefix: "SHOPIFY" } });
    const customer = makeCustomer({ id: "gid://shopify/Customer/1234567890123456" });
    expect(build(customer, { settings: longPrefix })).toEqual({ ok: false, reason: "customer.id_unusable" });
    expect(build(makeCustomer({ id: "gid://shopify/Order/1" }))).toEqual({
      ok: false,
      reason: "customer.id_unusable",
    });
  });

  it("lower-cases and trims the e-mail", () => {
    const result = build(makeCustomer({ email: "  Ada.Lovelace@Example.COM " }));
    expect(result.ok && result.record.EMAL).toBe("ada.lovelace@example.com");
  });

  it("blanks the tax area and sets the explanation E for a tax-exempt customer", () => {
    const taxed = makeCustomerSettings({ defaults: { ...settings.defaults, taxArea: "GBVAT" } });
    const exempt = build(makeCustomer({ taxExempt: true }), { settings: taxed });
    const normal = build(makeCustomer({ taxExempt: false }), { settings: taxed });
    expect(exempt.ok && [exempt.record.TXA1, exempt.record.EXR1]).toEqual(["", "E"]);
    expect(normal.ok && [normal.record.TXA1, normal.record.EXR1]).toEqual(["GBVAT", ""]);
  });

  it("writes the tenant's defaults and company", () => {
    const tenant = makeCustomerSettings({
      defaults: {
        businessUnit: "100",
        paymentTerms: "N45",
        arClass: "TRD",
        taxArea: "CA",
        creditLimit: 2500,
      },
    });
    const result = build(makeCustomer(), { settings: tenant, company: "00200", currency: "USD" });
    expect(result.ok && result.record).toMatchObject({
      MCU: "100",
      CO: "00200",
      CRCD: "USD",
      TRAR: "N45",
      ARC: "TRD",
      TXA1: "CA",
      ACL: "2500",
    });
  });

  it("cuts long values by whole characters and records field, length and width, never the value", () => {
    const street = `${"Flat 😀 ".repeat(6)}Lovelace House`;
    const customer = makeCustomer({
      firstName: "Augusta Ada",
      lastName: "King-Noel, Countess of Lovelace and Baroness",
      defaultAddress: {
        ...makeCustomer().defaultAddress!,
        address1: street,
        city: "Llanfairpwllgwyngyllgogerychwyrndrobwll",
      },
    });
    const result = build(customer);
    if (!result.ok) throw new Error("expected a record");
    expect(result.record.ALPH).toBe("Augusta Ada King-Noel, Countess of Lovel");
    // 40 UTF-16 units, or 39 when the 40th would split an emoji's surrogate pair.
    expect(result.record.ADD1.length).toBeGreaterThanOrEqual(39);
    expect(result.record.ADD1.length).toBeLessThanOrEqual(40);
    expect(result.record.ADD1).not.toMatch(/\p{Cs}/u); // no lone surrogate
    expect(result.record.CTY1).toBe("Llanfairpwllgwyngyllgoger");
    expect(result.truncations).toEqual([
      { field: "ALPH", length: 56, width: 40 },
      { field: "MLNM", length: 56, width: 40 },
      { field: "ADD1", length: street.length, width: 40 },
      { field: "CTY1", length: 39, width: 25 },
    ]);
    expect(JSON.stringify(result.truncations)).not.toContain("Lovelace");
  });

  it("counts a decomposed accent as one character (NFC) when measuring widths", () => {
    const decomposed = "Zoe\u0301"; // "Zoé" as e + combining acute
    const result = build(makeCustomer({ firstName: decomposed, lastName: null }));
    expect(result.ok && result.record.ALPH).toBe("Zoé");
  });

  it("never writes a value wider than its field, whatever Shopify sends", () => {
    const text = fc.option(fc.string({ unit: "grapheme", maxLength: 300 }), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          firstName: text,
          lastName: text,
          email: text,
          phone: text,
          company: text,
          address1: text,
          city: text,
          zip: text,
        }),
        (fields) => {
          const customer = makeCustomer({
            ...fields,
            firstName: fields.firstName ?? "X",
            defaultAddress: { ...makeCustomer().defaultAddress!, ...fields },
          });
          const result = build(customer);
          if (!result.ok) return;
          for (const [field, width] of Object.entries(JDE_CUSTOMER_FIELD_WIDTHS)) {
            const value = result.record[field as keyof typeof result.record];
            expect(value.length, field).toBeLessThanOrEqual(width);
          }
          for (const truncation of result.truncations) {
            expect(truncation.length).toBeGreaterThan(truncation.width);
          }
        },
      ),
    );
  });
});
