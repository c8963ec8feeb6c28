import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { OrderLineItem, OrderSnapshot, Sale, SalesEvent } from "../domain/order.js";
import { balanceWithReceivable } from "./balance-with-receivable.js";
import type { DeferralPlan } from "./deferred-revenue-ledger.js";
import { mapDeferredProductSale } from "./map-deferred-product-sale.js";
import { mapOtherSales } from "./map-other-sales.js";
import { mapProductSale } from "./map-product-sale.js";
import { mapSaleTaxes } from "./map-sale-taxes.js";
import { mapShippingSale } from "./map-shipping-sale.js";
import { combineMapped, type MappedLines, mappingProblem } from "./mapping-problem.js";
import { resolveRevenueAccount, revenueRuleSubject } from "./resolve-revenue-account.js";
import type { SaleContext } from "./sale-context.js";

export interface SalesEventInput {
  order: OrderSnapshot;
  policy: AccountingPolicy;
  event: SalesEvent;
  ruleDate: string; // the event's own local date (before any closed-period roll); rules are read on it
  addressNumber: string | null; // customer AN8 for the receivable line, when linked
  deferrals?: DeferralPlan; // under fulfillment recognition: what each product sale defers
}

/** One sales event (agreement) → its balanced lines: every sale's revenue side and taxes, then receivable. */
export function mapSalesEvent(input: SalesEventInput): MappedLines {
  const mapped = combineMapped(input.event.sales.map((sale) => mapSale(sale, input)));
  if (mapped.problems.length > 0) return { lines: [], problems: mapped.problems };
  return { lines: balanceWithReceivable(mapped.lines, input.policy, input.addressNumber), problems: [] };
}

function mapSale(sale: Sale, input: SalesEventInput): MappedLines {
  const { order, policy, event, ruleDate } = input;
  const lineItem = sale.lineItemId ? order.lineItems.find((item) => item.id === sale.lineItemId) : undefined;
  if (sale.lineItemId && !lineItem) {
    const message = `sale ${sale.id} names line item ${sale.lineItemId}, which order ${order.name} does not have`;
    return { lines: [], problems: [mappingProblem("UNKNOWN_LINE_ITEM", message, event.id)] };
  }
  const context: SaleContext = {
    policy,
    eventId: event.id,
    revenueAccounts: resolveRevenueAccount(policy, revenueRuleSubject(order, lineItem ?? null, ruleDate)),
  };
  return combineMapped([
    mapRevenueSide(sale, lineItem, context, input.deferrals),
    mapSaleTaxes(sale, context),
  ]);
}

function mapRevenueSide(
  sale: Sale,
  lineItem: OrderLineItem | undefined,
  context: SaleContext,
  deferrals: DeferralPlan | undefined,
): MappedLines {
  switch (sale.lineType) {
    case "PRODUCT":
      // A gift card is a liability even if it ever arrives as a product sale: never double revenue.
      if (lineItem?.isGiftCard) return mapOtherSales({ ...sale, lineType: "GIFT_CARD" }, context);
      return context.policy.recognition === "fulfillment"
        ? mapDeferredProductSale(sale, context, deferrals ?? { sales: new Map(), fulfillments: new Map() })
        : mapProductSale(sale, context);
    case "SHIPPING":
      return mapShippingSale(sale, context);
    default:
      return mapOtherSales(sale, context);
  }
}
