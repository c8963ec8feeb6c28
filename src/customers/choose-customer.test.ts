import { describe, expect, it } from "vitest";
import { type ChooseCustomerInput, chooseCustomer, type JdeCustomerCandidate } from "./choose-customer.js";
import { makeCustomer, makeCustomerSettings, makeWithheldCustomer } from "./test-support/make-customer.js";

const OURS = "SH7011234567890";
const record = (addressNumber: string, crossReference = "", searchType = "C"): JdeCustomerCandidate => ({
  addressNumber,
  searchType,
  crossReference,
});
const noLookups = { byCrossReference: [], byEmail: [] };
const choose = (overrides: Partial<ChooseCustomerInput> = {}) =>
  chooseCustomer({ customer: makeCustomer(), settings: makeCustomerSettings(), link: null, ...overrides });
const linked = { addressNumber: "5001", state: "linked", source: "created" } as const;
const pending = { addressNumber: null, state: "pending", source: "created" } as const;

describe("chooseCustomer", () => {
  describe("rule 1: the generic customer", () => {
    it.each([
      ["a guest checkout", { customer: null }, "customer.guest"],
      ["sync none", { settings: makeCustomerSettings({ sync: "none" }) }, "customer.sync_none"],
      [
        "an excluded tag, whatever its case and blanks",
        {
          customer: makeCustomer({ tags: ["VIP", " Wholesale "] }),
          settings: makeCustomerSettings({ excludeTags: ["wholesale"] }),
        },
        "customer.excluded_tag",
      ],
      ["a name Shopify withholds", { customer: makeWithheldCustomer() }, "customer.name_missing"],
      [
        "a GID whose cross-reference does not fit ALKY",
        { customer: makeCustomer({ id: "gid://shopify/Customer/123456789012345678901" }) },
        "customer.id_unusable",
      ],
    ] as const)("posts %s to the generic customer", (_case, overrides, reason) => {
      expect(choose({ ...overrides, lookups: noLookups })).toEqual({
        kind: "generic",
        addressNumber: "4242",
        reason,
      });
    });

    it("comes before the connector's own link", () => {
      const settings = makeCustomerSettings({ sync: "none" });
      expect(choose({ settings, link: linked })).toMatchObject({
        kind: "generic",
        reason: "customer.sync_none",
      });
    });
  });

  describe("rule 2: the connector's link", () => {
    it("uses the link without asking JDE, whatever the e-mail is now", () => {
      const customer = makeCustomer({ email: "new-address@example.com" });
      expect(choose({ customer, link: linked })).toEqual({
        kind: "linked",
        addressNumber: "5001",
        source: "created",
      });
    });

    it("asks for the look-ups when there is no link yet", () => {
      expect(choose()).toEqual({ kind: "lookup" });
      expect(choose({ link: pending })).toEqual({ kind: "lookup" });
    });
  });

  describe("rule 3: the cross-reference in JDE", () => {
    it("adopts the record carrying the customer's ALKY, before any e-mail match", () => {
      const lookups = { byCrossReference: [record("6001", OURS)], byEmail: [record("6002")] };
      expect(choose({ lookups })).toEqual({
        kind: "adopt",
        addressNumber: "6001",
        by: "alky",
        completesPendingLink: false,
        duplicates: [],
      });
    });

    it("takes the lowest AN8 when several records carry it, and names the others", () => {
      const lookups = {
        byCrossReference: [record("900", OURS), record("80", OURS), record("900", OURS)],
        byEmail: [],
      };
      expect(choose({ lookups })).toMatchObject({ kind: "adopt", addressNumber: "80", duplicates: ["900"] });
    });

    it("completes a pending link-later add once JDE has given it a number", () => {
      const lookups = { byCrossReference: [record("7001", OURS)], byEmail: [] };
      expect(choose({ link: pending, lookups })).toMatchObject({
        kind: "adopt",
        addressNumber: "7001",
        by: "alky",
        completesPendingLink: true,
      });
    });

    it("keeps a pending customer on the generic customer and never adds it twice", () => {
      const lookups = { byCrossReference: [], byEmail: [record("6002")] };
      expect(choose({ link: pending, lookups })).toEqual({
        kind: "generic",
        addressNumber: "4242",
        reason: "customer.link_pending",
      });
    });
  });

  describe("rule 4: the e-mail", () => {
    it.each([
      ["without a cross-reference", ""],
      ["already carrying this customer's cross-reference", OURS],
    ])("adopts the only customer record with the e-mail %s", (_case, alky) => {
      const lookups = { byCrossReference: [], byEmail: [record("6002", alky)] };
      expect(choose({ lookups })).toEqual({
        kind: "adopt",
        addressNumber: "6002",
        by: "email",
        completesPendingLink: false,
        duplicates: [],
      });
    });

    it("counts one record once when the e-mail is on several of its lines, and ignores other search types", () => {
      const lookups = {
        byCrossReference: [],
        byEmail: [record("6002"), record("6002"), record("6003", "", "V")],
      };
      expect(choose({ lookups })).toMatchObject({ kind: "adopt", addressNumber: "6002", by: "email" });
    });

    it.each([
      [
        "several customer records share the e-mail",
        [record("6003"), record("6002")],
        undefined,
        { why: "several-records", addressNumbers: ["6002", "6003"] },
      ],
      [
        "the record is another Shopify customer's",
        [record("6002", "SH7019999999999")],
        undefined,
        { why: "cross-referenced-elsewhere", addressNumbers: ["6002"] },
      ],
      [
        "the record carries another system's key",
        [record("6002", "LEGACY-0042")],
        undefined,
        { why: "cross-referenced-elsewhere", addressNumbers: ["6002"] },
      ],
      [
        "the connector links the record to another customer",
        [record("6002")],
        new Set(["6002"]),
        { why: "linked-to-another-customer", addressNumbers: ["6002"] },
      ],
    ])(
      "creates a new record when %s, and says why",
      (_case, byEmail, linkedToOtherCustomers, emailShared) => {
        const lookups = { byCrossReference: [], byEmail };
        expect(choose({ lookups, linkedToOtherCustomers })).toEqual({
          kind: "create",
          emailShared: { reason: "customer.email_shared", ...emailShared },
        });
      },
    );
  });

  describe("rule 5: create", () => {
    it("creates a record when JDE knows the customer by neither key", () => {
      expect(choose({ lookups: noLookups })).toEqual({ kind: "create", emailShared: null });
    });

    it("creates without an e-mail match when the customer has no e-mail", () => {
      const lookups = { byCrossReference: [], byEmail: [record("6002")] };
      expect(choose({ customer: makeCustomer({ email: " " }), lookups })).toEqual({
        kind: "create",
        emailShared: null,
      });
    });

    it("ignores e-mail matches of other search types", () => {
      const lookups = { byCrossReference: [], byEmail: [record("6002", "", "V"), record("6003", "", "E")] };
      expect(choose({ lookups })).toEqual({ kind: "create", emailShared: null });
    });
  });
});
