import { formatAccount } from "../domain/journal.js";
import { dataHint } from "./checklist-hints.js";
import { attempt, failed, type Outcome, ok, type Run } from "./checklist-run.js";
import type { ChecklistItem, ConfiguredAccount } from "./checklist-types.js";
import { browseTable, text } from "./data-service.js";
import {
  accountProblem,
  checkAccount,
  type JdeReferenceData,
  loadJdeReferenceData,
} from "./reference-data.js";

/**
 * Every configured account through checkAccount (the check `serve` parks orders with), one failed
 * item per account JDE would refuse; the business units are also looked up in every company, to say
 * which company a foreign one belongs to.
 */
export async function checkAccounts(run: Run): Promise<void> {
  const { ais, company, accounts, connection } = run.input;
  const units = [...new Set(accounts.map((a) => a.account.businessUnit.trim()))];
  if (units.length === 0)
    return run.skip(["business-units", "accounts"], "the configuration names no account");
  // Padded and unpadded: whether AIS right-justifies MCU literals itself is Unconfirmed (§4).
  const values = units.flatMap((unit) => [unit, unit.padStart(12)]);
  const [data, unitRows] = await Promise.all([
    attempt(() => loadJdeReferenceData(ais, { company })),
    attempt(() =>
      browseTable(ais, {
        table: "F0006",
        columns: ["MCU", "CO"],
        conditions: [{ column: "MCU", operator: "LIST", values }],
      }),
    ),
  ]);
  const companyOf = new Map(
    unitRows.ok ? unitRows.value.map((row) => [text(row, "MCU"), text(row, "CO")]) : [],
  );
  run.add(
    "business-units",
    unitRows.ok
      ? describeUnits(company, units, companyOf)
      : failed(unitRows.error, dataHint(unitRows.error, connection)),
  );
  if (!data.ok) return run.add("accounts", failed(data.error, dataHint(data.error, connection)));
  const problems = accounts.filter((configured) => !checkAccount(data.value, configured.account).postable);
  if (problems.length === 0) {
    return run.add(
      "accounts",
      ok(`all ${accounts.length} configured accounts exist in company ${company} and accept postings`),
    );
  }
  for (const configured of problems) run.items.push(accountItem(data.value, configured, companyOf));
}

function describeUnits(company: string, units: string[], companyOf: Map<string, string>): Outcome {
  const wrong = units.flatMap((unit) => {
    const owner = companyOf.get(unit);
    if (owner === undefined) return [`${unit} does not exist in F0006`];
    return owner === company ? [] : [`${unit} belongs to company ${owner}`];
  });
  if (wrong.length === 0) {
    const which =
      units.length === 1 ? `business unit ${units[0]} belongs` : `business units ${units.join(", ")} belong`;
    return ok(`${which} to company ${company}`);
  }
  return {
    status: "failed",
    detail: `${wrong.join("; ")} (company ${company} expected)`,
    hint: `use business units of company ${company} in accounts and rules[].costCenter, or correct the business unit in P0006`,
  };
}

function accountItem(
  data: JdeReferenceData,
  configured: ConfiguredAccount,
  companyOf: Map<string, string>,
): ChecklistItem {
  const { account, usedBy } = configured;
  const name = formatAccount(account);
  const unit = account.businessUnit.trim();
  const owner = companyOf.get(unit);
  const check = checkAccount(data, account);
  const reason = check.postable ? "unknown-account" : check.reason;
  const foreign = owner !== undefined && owner !== data.company && reason !== "account-not-posting";
  const noUnit =
    owner === undefined && reason === "unknown-account" ? ` (business unit ${unit} does not exist)` : "";
  const detail = foreign
    ? `account ${name}: business unit ${unit} belongs to JDE company ${owner}, not ${data.company}`
    : `${accountProblem(data, account) ?? name}${noUnit}`;
  const where = usedBy.join(", ");
  const hints = {
    "unknown-account": `create ${name} in the Account Master (P0901) of company ${data.company}, or correct ${where}`,
    "account-not-posting": `${name} is a title or non-posting account: clear its posting edit code in P0901, or configure a posting account`,
    "business-unit-not-in-company": `use a business unit of company ${data.company} for ${where}, or correct business unit ${unit} in P0006`,
    "business-unit-not-posting": `clear the posting edit code of business unit ${unit} in P0006, or configure another business unit`,
  } as const;
  const hint = hints[foreign ? "business-unit-not-in-company" : reason];
  return {
    id: `account:${name}`,
    title: `Account ${name}`,
    status: "failed",
    detail: `${detail}; configured as ${where}`,
    hint,
  };
}
