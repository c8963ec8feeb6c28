import type { Sale } from "../domain/order.js";
import { type MappedLines, type MappingProblem, mappingProblem } from "./mapping-problem.js";
import { journalLine, type SaleContext } from "./sale-context.js";

/** The largest gap between a sale's tax lines and its total tax that is posted as rounding. */
export const MAX_TAX_ROUNDING_RESIDUE_MINOR = 1n;

/**
 * A sale's taxes, one credit per tax line: `taxPayable[title]`, else `taxPayable.default`; a tax the
 * channel remits (`channelLiable`) goes to `channelTax`. Shopify's amounts are posted as they are,
 * never recomputed. Tax lines that miss the sale's total tax by one minor unit (Shopify rounds per
 * line, then totals) leave a proven residue, posted to `rounding` so the receivable still equals the
 * sale's total; a larger gap stops the order.
 */
export function mapSaleTaxes(sale: Sale, context: SaleContext): MappedLines {
  const { accounts } = context.policy;
  const problems: MappingProblem[] = [];
  const taxSum = sale.taxes.reduce((sum, tax) => sum + tax.amountMinor, 0n);
  const residue = sale.totalTaxMinor - taxSum;
  if (residue > MAX_TAX_ROUNDING_RESIDUE_MINOR || residue < -MAX_TAX_ROUNDING_RESIDUE_MINOR) {
    problems.push(
      mappingProblem(
        "INCONSISTENT_SALE",
        `sale ${sale.id}: tax lines add up to ${taxSum} but the sale's total tax is ${sale.totalTaxMinor} (minor units)`,
        context.eventId,
      ),
    );
  }
  const rounding =
    residue === 0n || problems.length > 0
      ? []
      : [journalLine(accounts.rounding, -residue, "rounding", "Tax rounding")];
  const lines = sale.taxes.flatMap((tax) => {
    if (tax.channelLiable)
      return [journalLine(accounts.channelTax, -tax.amountMinor, "channel-tax", tax.title)];
    const account = accounts.taxPayable[tax.title] ?? accounts.taxPayable.default;
    if (account) return [journalLine(account, -tax.amountMinor, "tax", tax.title)];
    problems.push(
      mappingProblem(
        "UNMAPPED_ACCOUNT",
        `no tax payable account for tax line '${tax.title}' and no default (accounts.taxPayable)`,
        context.eventId,
      ),
    );
    return [];
  });
  return { lines: [...lines, ...rounding], problems };
}
