import type { Sale } from "../domain/order.js";
import type { MappedLines } from "./mapping-problem.js";
import { journalLine, type SaleContext, saleDiscountMinor, saleNetBeforeTaxMinor } from "./sale-context.js";

/**
 * A PRODUCT sale's revenue side (its taxes are mapped by `mapSaleTaxes`). Revenue before tax =
 * total − tax + discount. Under `discounts: gross` revenue is credited gross and the discount debited
 * to the contra account; under `net` revenue is credited net. A RETURN (negative amounts) debits
 * `returns` instead of revenue and, under gross, credits back the returned share of the discount.
 */
export function mapProductSale(sale: Sale, context: SaleContext): MappedLines {
  const { revenueAccounts: accounts, policy } = context;
  const isReturn = sale.actionType === "RETURN";
  const target = isReturn
    ? { account: accounts.returns, kind: "returns" as const, explanation: "Product returns" }
    : { account: accounts.revenue, kind: "revenue" as const, explanation: "Product revenue" };
  const net = saleNetBeforeTaxMinor(sale);
  if (policy.discounts === "net") {
    return { lines: [journalLine(target.account, -net, target.kind, target.explanation)], problems: [] };
  }
  const discount = saleDiscountMinor(sale);
  return {
    lines: [
      journalLine(target.account, -(net + discount), target.kind, target.explanation),
      journalLine(accounts.discounts, discount, "discount", "Product discounts"),
    ],
    problems: [],
  };
}
