import type { Sale } from "../domain/order.js";
import type { DeferralPlan } from "./deferred-revenue-ledger.js";
import { mapProductSale } from "./map-product-sale.js";
import { type MappedLines, mappingProblem } from "./mapping-problem.js";
import { journalLine, type SaleContext } from "./sale-context.js";

/**
 * A PRODUCT sale's revenue side under fulfillment recognition (see `deferred-revenue-ledger.ts`):
 * net revenue before tax to or from deferred revenue (a balance-sheet account on its configured BU),
 * a refund beyond the deferred share of unshipped units to returns, and the shipped units' part as
 * under order recognition. Taxes are mapped by `mapSaleTaxes` as always: tax is due on the sale.
 */
export function mapDeferredProductSale(sale: Sale, context: SaleContext, plan: DeferralPlan): MappedLines {
  const deferral = plan.sales.get(sale);
  if (deferral === undefined || !deferral.ok) {
    const reason = deferral
      ? deferral.reason
      : `product sale ${sale.id} has no line item to defer to its fulfillment`;
    return { lines: [], problems: [mappingProblem("INCONSISTENT_SALE", reason, context.eventId)] };
  }
  const { accounts } = context.policy;
  const lines = [
    journalLine(
      accounts.deferredRevenue,
      deferral.deferredMinor,
      "deferred-revenue",
      deferral.deferredMinor < 0n ? "Deferred revenue" : "Unshipped units refunded",
    ),
    journalLine(context.revenueAccounts.returns, deferral.returnsResidueMinor, "returns", "Product returns"),
  ];
  const recognized = deferral.recognized ? mapProductSale(deferral.recognized, context) : null;
  return { lines: [...lines, ...(recognized?.lines ?? [])], problems: recognized?.problems ?? [] };
}
