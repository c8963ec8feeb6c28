import type { SeedData } from "./seed-data.js";

const FISCAL_YEARS = [2025, 2026, 2027];

/** Monthly (pattern R, calendar) period end dates for one fiscal year. */
function calendarPeriodEnds(year: number): string[] {
  return Array.from({ length: 12 }, (_, month) =>
    new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10),
  );
}

/** Current period of a calendar fiscal year for `nowMs`, clamped to the seeded years. */
function currentFiscal(nowMs: number): { year: number; period: number } {
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  if (year < FISCAL_YEARS[0]!) return { year: FISCAL_YEARS[0]!, period: 1 };
  if (year > FISCAL_YEARS.at(-1)!) return { year: FISCAL_YEARS.at(-1)!, period: 12 };
  return { year, period: now.getUTCMonth() + 1 };
}

const BS_ACCOUNTS: [string, string][] = [
  ["1130", "Accounts Receivable - Shopify"],
  ["1115", "Shopify Payments Clearing"],
  ["1116", "PayPal Clearing"],
  ["1118", "Other Payments Clearing"],
  ["1110", "Cash in Bank"],
  ["2110", "Sales Tax Payable"],
  ["2111", "CA State Tax Payable"],
  ["2112", "County Tax Payable"],
  ["2115", "Channel-Remitted Tax"],
  ["2120", "VAT Payable"],
  ["2400", "Gift Card Liability"],
  ["2410", "Store Credit Liability"],
  ["2450", "Tips Payable"],
  ["2460", "Duties Payable"],
  ["2480", "Deferred Revenue"],
  ["4500", "Fee Income"],
  ["7990", "Rounding Differences"],
];

const REVENUE_ACCOUNTS: [string, string][] = [
  ["4100", "Product Revenue"],
  ["4120", "Outerwear Revenue"],
  ["4150", "Sales Discounts"],
  ["4160", "Sales Returns"],
  ["4170", "Refund Adjustments"],
  ["4300", "Shipping Income"],
];

/**
 * The demo chart: company 00100 (USD) with BUs 100/140/150, a non-posting BU 190, BU 900 of company
 * 00200, and title account 100.4000 (posting edit code N). The current period follows `nowMs`.
 */
export function buildDefaultSeed(nowMs: number): SeedData {
  const current = currentFiscal(nowMs);
  return {
    companies: [
      {
        co: "00100",
        name: "ML Demo Company",
        currency: "USD",
        fiscalYearStart: `${current.year}-01-01`,
        currentPeriod: current.period,
      },
      {
        co: "00200",
        name: "ML Other Company",
        currency: "USD",
        fiscalYearStart: `${current.year}-01-01`,
        currentPeriod: current.period,
      },
    ],
    currencies: [
      { code: "USD", decimals: 2, description: "US Dollar" },
      { code: "JPY", decimals: 0, description: "Japanese Yen" },
      { code: "KWD", decimals: 3, description: "Kuwaiti Dinar" },
      { code: "EUR", decimals: 2, description: "Euro" },
      { code: "CAD", decimals: 2, description: "Canadian Dollar" },
    ],
    fiscalPatterns: FISCAL_YEARS.map((year) => ({
      pattern: "R",
      fiscalYearStart: `${year}-01-01`,
      periodEnds: calendarPeriodEnds(year),
    })),
    businessUnits: [
      { mcu: "100", company: "00100", description: "ML Demo Corporate" },
      { mcu: "140", company: "00100", description: "Reno DC" },
      { mcu: "150", company: "00100", description: "SF Store" },
      { mcu: "190", company: "00100", description: "Closed Store (non-posting)", posting: false },
      { mcu: "900", company: "00200", description: "Other Company HQ" },
    ],
    accounts: [
      { account: "100.4000", description: "Revenue (title)", postingEditCode: "N" },
      ...[...BS_ACCOUNTS, ...REVENUE_ACCOUNTS].map(([obj, description]) => ({
        account: `100.${obj}`,
        description,
      })),
      ...["140", "150", "190"].flatMap((bu) =>
        REVENUE_ACCOUNTS.map(([obj, description]) => ({ account: `${bu}.${obj}`, description })),
      ),
      { account: "900.4100", description: "Product Revenue" },
      { account: "900.1130", description: "Accounts Receivable" },
    ],
    addressBook: [
      { an8: 100, name: "ML Demo Company", searchType: "C" },
      { an8: 4242, alky: "shopify:4242", name: "Jane Demo", searchType: "C" },
    ],
    nextNumbers: { document: 26_000_001, batch: 70_001, addressNumber: 90_001 },
    managerApprovalOfInput: false,
  };
}
