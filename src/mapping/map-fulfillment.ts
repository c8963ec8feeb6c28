import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { JournalLine } from "../domain/journal.js";
import type { FulfillmentEvent, OrderSnapshot } from "../domain/order.js";
import type { FulfilledLine } from "./deferred-revenue-ledger.js";
import type { MappedLines } from "./mapping-problem.js";
import { resolveRevenueAccount, revenueRuleSubject } from "./resolve-revenue-account.js";
import { journalLine } from "./sale-context.js";

export interface FulfillmentInput {
  order: OrderSnapshot;
  policy: AccountingPolicy;
  fulfillment: FulfillmentEvent;
  ruleDate: string; // the fulfillment's own local date; effective-dated rules are read on it
  moved: readonly FulfilledLine[]; // from the deferral plan
}

/**
 * A fulfillment under fulfillment recognition: per shipped line, Dr deferred revenue and Cr revenue
 * (gross with the discount on the contra account under `discounts: gross`, else net) on the accounts
 * the rules give for that line shipped from the fulfillment's location. Balanced on its own: a
 * fulfillment moves revenue, it never touches the receivable.
 */
export function mapFulfillment(input: FulfillmentInput): MappedLines {
  return { lines: input.moved.flatMap((line) => fulfilledLineEntries(line, input)), problems: [] };
}

function fulfilledLineEntries(line: FulfilledLine, input: FulfillmentInput): JournalLine[] {
  const { order, policy, fulfillment } = input;
  const lineItem = order.lineItems.find((item) => item.id === line.lineItemId) ?? null;
  const subject = revenueRuleSubject(order, lineItem, input.ruleDate);
  const location = fulfillment.locationName ?? subject.location;
  const accounts = resolveRevenueAccount(policy, { ...subject, location });
  const release = journalLine(
    policy.accounts.deferredRevenue,
    line.netMinor,
    "deferred-revenue",
    "Deferred revenue released",
  );
  if (policy.discounts === "net") {
    return [release, journalLine(accounts.revenue, -line.netMinor, "revenue", "Revenue on fulfillment")];
  }
  return [
    release,
    journalLine(accounts.revenue, -(line.netMinor + line.discountMinor), "revenue", "Revenue on fulfillment"),
    journalLine(accounts.discounts, line.discountMinor, "discount", "Discounts on fulfillment"),
  ];
}
