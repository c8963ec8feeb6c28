import { crossReferenceKey } from "./cross-reference-key.js";
import type { CustomerSettings } from "./customer-settings.js";
import type { CustomerSnapshot } from "./customer-source.js";
import { cutToWidth } from "./cut-to-width.js";

/**
 * One customer as the connector writes it to JDE, values in display form (docs/customers.md §2–§3):
 * Address Book (F0101, F0116, F01151, F0115) and Customer Master for the posting company (F03012).
 */
export interface JdeCustomerRecord {
  ALKY: string;
  AT1: string;
  MCU: string;
  CO: string;
  ALPH: string;
  MLNM: string;
  ADD1: string;
  ADD2: string;
  CTY1: string;
  ADDS: string;
  ADDZ: string;
  CTR: string;
  EMAL: string;
  AR1: string;
  PH1: string;
  PHTP: string;
  CRCD: string;
  TRAR: string;
  ARC: string;
  TXA1: string;
  EXR1: string;
  ACL: string;
}

export type JdeCustomerField = keyof JdeCustomerRecord;

/**
 * Widths of the text fields the connector cuts (docs/customers.md §2; F03012 from reference/jde-ais.md
 * §7.1). ALKY is never cut (a cut key could name another customer), CO and CRCD come validated, and
 * ACL is a number: a cut number is another number.
 */
export const JDE_CUSTOMER_FIELD_WIDTHS = {
  AT1: 3,
  MCU: 12,
  ALPH: 40,
  MLNM: 40,
  ADD1: 40,
  ADD2: 40,
  CTY1: 25,
  ADDS: 3,
  ADDZ: 12,
  CTR: 3,
  EMAL: 256,
  AR1: 6,
  PH1: 20,
  PHTP: 4,
  TRAR: 3,
  ARC: 4,
  TXA1: 10,
  EXR1: 2,
} as const satisfies Partial<Record<JdeCustomerField, number>>;

type CutField = keyof typeof JDE_CUSTOMER_FIELD_WIDTHS;

/** A value longer than its JDE field: which field, how long it was and the width (never the value). */
export interface FieldTruncation {
  field: JdeCustomerField;
  length: number;
  width: number;
}

export type JdeCustomerRecordResult =
  | { ok: true; record: JdeCustomerRecord; truncations: FieldTruncation[] }
  | {
      ok: false;
      /**
       * `customer.name_missing`: no company and no first or last name (Shopify withholds them without
       * protected-data approval), and F0101 needs an alpha name. `customer.id_unusable`: the GID gives
       * no cross-reference that fits ALKY. Either way the order goes to the generic customer.
       */
      reason: "customer.name_missing" | "customer.id_unusable";
    };

export interface JdeCustomerRecordInput {
  customer: CustomerSnapshot;
  settings: Pick<CustomerSettings, "crossReference" | "defaults">;
  /** The tenant's JDE company (`jde.company`, 5 digits). */
  company: string;
  /** The company's currency code (CRCD). */
  currency: string;
}

/** Builds the JDE customer record of docs/customers.md §2, each text value cut to its field's width. */
export function toJdeCustomerRecord(input: JdeCustomerRecordInput): JdeCustomerRecordResult {
  const { customer, settings } = input;
  const names = customerNames(customer);
  if (names === null) return { ok: false, reason: "customer.name_missing" };
  const key = crossReferenceKey(customer.id, settings.crossReference.prefix);
  if (key === null) return { ok: false, reason: "customer.id_unusable" };
  const address = customer.defaultAddress;
  const { defaults } = settings;
  const truncations: FieldTruncation[] = [];
  const cut = (field: CutField, value: string | null | undefined): string => {
    const width = JDE_CUSTOMER_FIELD_WIDTHS[field];
    const result = cutToWidth(clean(value), width);
    if (result.cut) truncations.push({ field, length: result.length, width });
    return result.value;
  };
  const record: JdeCustomerRecord = {
    ALKY: key,
    AT1: cut("AT1", "C"),
    MCU: cut("MCU", defaults.businessUnit),
    CO: input.company,
    ALPH: cut("ALPH", names.alpha),
    MLNM: cut("MLNM", names.mailing),
    ADD1: cut("ADD1", address?.address1),
    ADD2: cut("ADD2", address?.address2),
    CTY1: cut("CTY1", address?.city),
    ADDS: cut("ADDS", address?.provinceCode),
    ADDZ: cut("ADDZ", address?.zip),
    CTR: cut("CTR", address?.countryCode),
    EMAL: cut("EMAL", normalizeEmail(customer.email)),
    // E.164 kept whole in the number; JDE's area code stays blank and so does the phone type.
    AR1: cut("AR1", ""),
    PH1: cut("PH1", customer.phone),
    PHTP: cut("PHTP", ""),
    CRCD: input.currency,
    TRAR: cut("TRAR", defaults.paymentTerms),
    ARC: cut("ARC", defaults.arClass),
    TXA1: cut("TXA1", customer.taxExempt ? "" : defaults.taxArea),
    EXR1: cut("EXR1", customer.taxExempt ? "E" : ""),
    ACL: defaults.creditLimit === undefined ? "" : String(defaults.creditLimit),
  };
  return { ok: true, record, truncations };
}

/**
 * ALPH (company, else "first last") and MLNM ("first last"), or `null` when there is no alpha name:
 * the test the customer choice and the record share.
 */
export function customerNames(customer: CustomerSnapshot): { alpha: string; mailing: string } | null {
  const mailing = [clean(customer.firstName), clean(customer.lastName)]
    .filter((part) => part !== "")
    .join(" ");
  const alpha = clean(customer.defaultAddress?.company) || mailing;
  return alpha === "" ? null : { alpha, mailing };
}

/** F01151 holds e-mail addresses lower-cased and trimmed; look-ups use the same form. */
export function normalizeEmail(email: string | null | undefined): string {
  return clean(email).toLowerCase();
}

/** Trimmed, composed (NFC: "é" is one character, not two, when widths are counted); null → "". */
function clean(value: string | null | undefined): string {
  return (value ?? "").normalize("NFC").trim();
}
