import type { AccountRef, JournalLineKind } from "../domain/journal.js";
import type { Sale } from "../domain/order.js";
import { type MappedLines, mappingProblem } from "./mapping-problem.js";
import { journalLine, type SaleContext, saleNetBeforeTaxMinor } from "./sale-context.js";

interface OtherSaleTarget {
  account: AccountRef;
  kind: JournalLineKind;
  explanation: string;
}

/**
 * Sales that are not products or shipping, credited before tax (taxes are mapped separately):
 * GIFT_CARD → gift card liability (a liability, never revenue), TIP → tips, DUTY → duties,
 * ADDITIONAL_FEE and FEE → fees, ADJUSTMENT (refund discrepancy, restocking fee) → refund
 * adjustments (revenue side, so it takes the rule's cost center). UNKNOWN is a problem, never dropped.
 */
export function mapOtherSales(sale: Sale, context: SaleContext): MappedLines {
  const target = otherSaleTarget(sale, context);
  if (!target) {
    return {
      lines: [],
      problems: [
        mappingProblem(
          "UNKNOWN_SALE_TYPE",
          `sale ${sale.id} has line type '${sale.lineType}', which has no account; it would be silently dropped`,
          context.eventId,
        ),
      ],
    };
  }
  return {
    lines: [journalLine(target.account, -saleNetBeforeTaxMinor(sale), target.kind, target.explanation)],
    problems: [],
  };
}

function otherSaleTarget(sale: Sale, context: SaleContext): OtherSaleTarget | null {
  const { accounts } = context.policy;
  switch (sale.lineType) {
    case "GIFT_CARD":
      return {
        account: accounts.giftCardLiability,
        kind: "gift-card-liability",
        explanation: "Gift card sold",
      };
    case "TIP":
      return { account: accounts.tips, kind: "tip", explanation: "Tips" };
    case "DUTY":
      return { account: accounts.duties, kind: "duty", explanation: "Duties" };
    case "ADDITIONAL_FEE":
    case "FEE":
      return { account: accounts.fees, kind: "fee", explanation: "Fees" };
    case "ADJUSTMENT":
      return {
        account: context.revenueAccounts.refundAdjustments,
        kind: "refund-adjustment",
        explanation: "Refund adjustment",
      };
    default:
      return null;
  }
}
