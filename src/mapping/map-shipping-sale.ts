import type { Sale } from "../domain/order.js";
import type { MappedLines } from "./mapping-problem.js";
import { journalLine, type SaleContext, saleDiscountMinor, saleNetBeforeTaxMinor } from "./sale-context.js";

/**
 * A SHIPPING sale's revenue side: shipping income before tax, gross with the discount on the
 * discounts account (`discounts: gross`) or net (`net`). A refunded shipping charge (negative
 * amounts) debits shipping income itself; there is no separate shipping-returns account.
 */
export function mapShippingSale(sale: Sale, context: SaleContext): MappedLines {
  const { revenueAccounts: accounts, policy } = context;
  const net = saleNetBeforeTaxMinor(sale);
  const explanation = sale.actionType === "RETURN" ? "Shipping refund" : "Shipping income";
  if (policy.discounts === "net") {
    return { lines: [journalLine(accounts.shipping, -net, "shipping", explanation)], problems: [] };
  }
  const discount = saleDiscountMinor(sale);
  return {
    lines: [
      journalLine(accounts.shipping, -(net + discount), "shipping", explanation),
      journalLine(accounts.discounts, discount, "discount", "Shipping discounts"),
    ],
    problems: [],
  };
}
