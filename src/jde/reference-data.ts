import type { AccountRef } from "../domain/journal.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { AisClient } from "./ais-client.js";
import { browseTable, text } from "./data-service.js";

export interface JdeAccount {
  businessUnit: string;
  object: string;
  subsidiary: string;
  postingEditCode: string; // GMPEC; blank = posting
}

export interface JdeBusinessUnit {
  businessUnit: string;
  company: string;
  postingEditCode: string; // MCPECC; blank = posting
}

export interface JdeReferenceData {
  company: string;
  currency: string;
  decimals: number;
  accounts: JdeAccount[];
  businessUnits: JdeBusinessUnit[];
}

export type AccountCheck =
  | { known: true; postable: true }
  | {
      known: boolean;
      postable: false;
      reason:
        | "unknown-account"
        | "account-not-posting"
        | "business-unit-not-posting"
        | "business-unit-not-in-company";
    };

/**
 * Loads what mapping needs from JDE through the data service (reference/jde-ais.md §4 "Useful
 * lookups", §8, "Implications" 7–8): company currency (F0010.CCCRCD) and its decimals
 * (F0013.CVCDEC), the company's accounts (F0901) and business units (F0006). Four BROWSEs.
 */
export async function loadJdeReferenceData(
  ais: Pick<AisClient, "call">,
  options: { company: string },
): Promise<JdeReferenceData> {
  const { company } = options;
  const [companies, accountRows, unitRows] = await Promise.all([
    browseTable(ais, { table: "F0010", columns: ["CO", "CRCD"], conditions: [equal("CO", company)] }),
    browseTable(ais, {
      table: "F0901",
      columns: ["CO", "MCU", "OBJ", "SUB", "PEC"],
      conditions: [equal("CO", company)],
    }),
    browseTable(ais, { table: "F0006", columns: ["MCU", "CO", "PECC"], conditions: [equal("CO", company)] }),
  ]);
  const currency = companies[0] ? text(companies[0], "CRCD") : "";
  if (!currency) throw new ConnectorError("MLC_CONFIG_INVALID", `JDE company ${company} not found in F0010`);
  const currencies = await browseTable(ais, {
    table: "F0013",
    columns: ["CRCD", "CDEC"],
    conditions: [equal("CRCD", currency)],
  });
  const decimals = Number(currencies[0]?.CDEC);
  if (!Number.isInteger(decimals))
    throw new ConnectorError("MLC_CONFIG_INVALID", `currency ${currency} not in F0013`);
  return {
    company,
    currency,
    decimals,
    accounts: accountRows.map((row) => ({
      businessUnit: text(row, "MCU"),
      object: text(row, "OBJ"),
      subsidiary: text(row, "SUB"),
      postingEditCode: text(row, "PEC"),
    })),
    businessUnits: unitRows.map((row) => ({
      businessUnit: text(row, "MCU"),
      company: text(row, "CO"),
      postingEditCode: text(row, "PECC"),
    })),
  };
}

/**
 * Is `BU.OBJ[.SUB]` a known account of the company that accepts postings? A posting account needs a
 * blank GMPEC and a business unit of the company with a blank MCPECC (§4 posting edit codes).
 */
export function checkAccount(data: JdeReferenceData, ref: AccountRef): AccountCheck {
  const account = data.accounts.find(
    (candidate) =>
      candidate.businessUnit === ref.businessUnit.trim() &&
      candidate.object === ref.object.trim() &&
      candidate.subsidiary === ref.subsidiary.trim(),
  );
  if (!account) return { known: false, postable: false, reason: "unknown-account" };
  if (account.postingEditCode !== "") return { known: true, postable: false, reason: "account-not-posting" };
  const unit = data.businessUnits.find((candidate) => candidate.businessUnit === account.businessUnit);
  if (!unit || unit.company !== data.company) {
    return { known: true, postable: false, reason: "business-unit-not-in-company" };
  }
  if (unit.postingEditCode !== "")
    return { known: true, postable: false, reason: "business-unit-not-posting" };
  return { known: true, postable: true };
}

/**
 * Why JDE would refuse a line on `ref` (checkAccount in words, for parking an order), or null when the
 * account accepts postings: "account 100.4999 does not exist in JDE company 00100".
 */
export function accountProblem(data: JdeReferenceData, ref: AccountRef): string | null {
  const check = checkAccount(data, ref);
  if (check.postable) return null;
  const name = [ref.businessUnit.trim(), ref.object.trim(), ref.subsidiary.trim()].filter(Boolean).join(".");
  const company = `JDE company ${data.company}`;
  switch (check.reason) {
    case "unknown-account":
      return `account ${name} does not exist in ${company}`;
    case "account-not-posting":
      return `account ${name} does not accept postings in ${company} (posting edit code is not blank)`;
    case "business-unit-not-in-company":
      return `account ${name}: business unit ${ref.businessUnit.trim()} is not a business unit of ${company}`;
    case "business-unit-not-posting":
      return `account ${name}: business unit ${ref.businessUnit.trim()} does not accept postings in ${company}`;
  }
}

function equal(column: string, value: string) {
  return { column, operator: "EQUAL" as const, values: [value] };
}
