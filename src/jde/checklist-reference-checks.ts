import { checkAccounts } from "./checklist-account-checks.js";
import { dataHint } from "./checklist-hints.js";
import { attempt, failed, type ItemId, ok, type Run, warning } from "./checklist-run.js";
import { browseTable, text } from "./data-service.js";
import { loadOpenPeriod } from "./open-period.js";

/** The items checkReferenceData adds, in order. */
export const REFERENCE_ITEMS: ItemId[] = ["company", "currency", "business-units", "accounts", "open-period"];

/** F0010, F0013, F0006, F0901 and F0008 through the data service (§4, §8, "Implications" 7–8). */
export async function checkReferenceData(run: Run): Promise<void> {
  const currency = await checkCompany(run);
  if (currency === undefined)
    return run.skip(REFERENCE_ITEMS.slice(1), `company ${run.input.company} is not usable`);
  if (await checkCurrency(run, currency)) await checkAccounts(run);
  else run.skip(["business-units", "accounts"], `currency ${currency} has no decimals in F0013`);
  await checkOpenPeriod(run);
}

async function checkCompany(run: Run): Promise<string | undefined> {
  const { company, ais, connection } = run.input;
  const conditions = [equal("CO", company)];
  const result = await attempt(() =>
    browseTable(ais, { table: "F0010", columns: ["CO", "NAME", "CRCD"], conditions }),
  );
  if (!result.ok) return void run.add("company", failed(result.error, dataHint(result.error, connection)));
  const row = result.value[0];
  if (!row) {
    const hint =
      "check jde.company (5 digits, e.g. 00100) against P0010 (Company Names & Numbers); the row " +
      `security of ${connection.username} may also hide it`;
    return void run.add("company", { status: "failed", detail: `company ${company} is not in F0010`, hint });
  }
  const currency = text(row, "CRCD");
  if (!currency) {
    const hint = "set the company's currency code in P0010";
    return void run.add("company", { status: "failed", detail: `company ${company} has no currency`, hint });
  }
  run.facts.currency = currency;
  run.add("company", ok(`${company} ${text(row, "NAME")}, currency ${currency}`));
  return currency;
}

async function checkCurrency(run: Run, currency: string): Promise<boolean> {
  const conditions = [equal("CRCD", currency)];
  const result = await attempt(() =>
    browseTable(run.input.ais, { table: "F0013", columns: ["CRCD", "CDEC"], conditions }),
  );
  if (!result.ok) {
    run.add("currency", failed(result.error, dataHint(result.error, run.input.connection)));
    return false;
  }
  const decimals = Number(result.value[0]?.CDEC);
  if (!Number.isInteger(decimals)) {
    const hint = `add ${currency} with its decimals in P0013 (Currency Codes)`;
    run.add("currency", { status: "failed", detail: `currency ${currency} is not in F0013`, hint });
    return false;
  }
  run.facts.decimals = decimals;
  run.add("currency", ok(`${currency}: ${decimals} decimals`));
  return true;
}

/** F0010 current period + F0008 period ends (open-period.ts); today must fall inside the window. */
async function checkOpenPeriod(run: Run): Promise<void> {
  const { today, company } = run.input;
  const result = await attempt(() => loadOpenPeriod(run.input.ais, { company }));
  if (!result.ok) {
    const hint =
      result.error.code === "MLC_CONFIG_INVALID"
        ? "define the company's fiscal date pattern for its current fiscal year in F0008 (P0008) and check its current period in P0010"
        : dataHint(result.error, run.input.connection);
    return run.add("open-period", failed(result.error, hint));
  }
  const { firstOpenDate, lastOpenDate } = result.value;
  run.facts.openPeriod = result.value;
  const detail = `G/L dates ${firstOpenDate} to ${lastOpenDate ?? "(no end known)"} are open; today is ${today}`;
  if (lastOpenDate !== null && today > lastOpenDate) {
    const hint = `advance company ${company}'s current period (P0010) so the window includes today; until then orders wait with MLC_PERIOD_NOT_OPEN`;
    return run.add("open-period", { status: "failed", detail, hint });
  }
  if (today < firstOpenDate) {
    return run.add(
      "open-period",
      warning(detail, `today's period is closed: events dated today post on ${firstOpenDate}`),
    );
  }
  if (lastOpenDate === null) {
    return run.add(
      "open-period",
      warning(detail, "F0008 lacks the next period: add the next fiscal year of the date pattern (P0008)"),
    );
  }
  run.add("open-period", ok(detail));
}

function equal(column: string, value: string) {
  return { column, operator: "EQUAL" as const, values: [value] };
}
