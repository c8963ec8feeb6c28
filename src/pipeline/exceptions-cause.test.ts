import { describe, expect, it } from "vitest";
import { causeOf, codeOfError } from "./exceptions-cause.js";

describe("causeOf", () => {
  it.each([
    [["MLC_MAPPING_UNMAPPED_ACCOUNT"], "unmapped_account"],
    [["MLC_JDE_ACCOUNT_INVALID"], "unmapped_account"],
    [["MLC_PERIOD_NOT_OPEN"], "closed_period"],
    [["MLC_CURRENCY_MISMATCH"], "currency_mismatch"],
    [["MLC_SHOPIFY_ACCESS_DENIED"], "shopify_access_denied"],
    [["MLC_SHOPIFY_UNAUTHORIZED"], "shopify_access_denied"],
    [["MLC_SHOPIFY_UNINSTALLED"], "shopify_access_denied"],
    [["MLC_SHOPIFY_NOT_CONNECTED"], "shopify_access_denied"],
    [["MLC_AIS_UNAVAILABLE"], "ais_unavailable"],
    [["MLC_AIS_SESSION_EXPIRED"], "ais_unavailable"],
    [["MLC_AIS_CREDENTIALS"], "ais_unavailable"],
    [["MLC_JDE_DATABASE_UNAVAILABLE"], "ais_unavailable"],
    [["MLC_JDE_BATCH_UNPROCESSED"], "jde_edit_error"],
    [["MLC_JDE_FIELD_INVALID"], "jde_edit_error"],
    [["MLC_AIS_REQUEST_FAILED"], "jde_edit_error"],
    [["MLC_JDE_CUSTOMER_REJECTED"], "jde_edit_error"],
    [["MLC_MAPPING_FAILED"], "other"],
    [["MLC_SHOPIFY_ORDER_NOT_FOUND"], "other"],
    [["MLC_INTERNAL"], "other"],
    [["MLC_SOMETHING_NEW"], "other"],
  ] as const)("classifies the connector's code %j as %s", (codes, cause) => {
    expect(causeOf(codes)).toBe(cause);
  });

  it.each([
    [["0025"], "jde_edit_error"],
    [["0099"], "jde_edit_error"],
    [["4145"], "jde_edit_error"],
    [["PBCO"], "closed_period"],
    [["PACO"], "closed_period"],
    [["PYEB"], "closed_period"],
  ] as const)("classifies JDE's error %j as %s (JDE's numeric ids vary by release)", (codes, cause) => {
    expect(causeOf(codes)).toBe(cause);
  });

  it.each([
    [["0025", "PBCO"], "closed_period"],
    [["MLC_JDE_FIELD_INVALID", "MLC_AIS_UNAVAILABLE"], "ais_unavailable"],
    [["MLC_MAPPING_FAILED", "0019"], "jde_edit_error"],
    [["MLC_PERIOD_NOT_OPEN", "MLC_CURRENCY_MISMATCH"], "currency_mismatch"],
  ] as const)("lets the cause to fix first win among %j: %s", (codes, cause) => {
    expect(causeOf(codes)).toBe(cause);
  });

  it("answers other when there is no code, and ignores blank ones", () => {
    expect(causeOf([])).toBe("other");
    expect(causeOf(["", "  "])).toBe("other");
    expect(causeOf([" ", "PBCO "])).toBe("closed_period");
  });
});

describe("codeOfError", () => {
  it.each([
    ["MLC_AIS_UNAVAILABLE: connect ECONNREFUSED 10.0.0.4:9300", "MLC_AIS_UNAVAILABLE"],
    ["MLC_SHOPIFY_HTTP: 503 Service Unavailable", "MLC_SHOPIFY_HTTP"],
    ["something broke", null],
    ["", null],
    [null, null],
  ])("reads the code the job runner wrote in front of %j", (lastError, code) => {
    expect(codeOfError(lastError)).toBe(code);
  });
});
