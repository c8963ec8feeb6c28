import type { FulfillmentEvent, OrderSnapshot, Sale, SalesEvent } from "../domain/order.js";
import type { FinancialEvent } from "./collect-financial-events.js";
import { saleDiscountMinor, saleNetBeforeTaxMinor } from "./sale-context.js";

/**
 * Fulfillment recognition, as a walk over the order's whole history (posted and adopted events
 * included, so an event's lines come out the same on every re-read). Per line item the ledger holds
 * the unshipped units and the net revenue (before tax, after discounts) and discount parked for them.
 *
 * - A sale adding units credits deferred revenue with its net amount; nothing reaches revenue yet.
 * - A fulfillment of f of the line's n unshipped units moves ⌊deferred × f / n⌋ (and the same share of
 *   the discount) to revenue; the fulfillment that ships the last unit moves what is left, so the whole
 *   line reaches revenue exactly once every unit has shipped.
 * - A sale giving units back (refund, cancellation, edit removal) takes them from the unshipped units
 *   first — a RETURN agreement from the shipped ones first, since only shipped goods come back. For
 *   unshipped units it debits deferred with their deferred share (so deferred clears to zero) and any
 *   difference between the refunded amount and that share to returns; shipped units are returned as
 *   under order recognition.
 * - An amount without units (quantity 0) follows the line: deferred while units are unshipped, else
 *   recognized as under order recognition.
 */
export type SaleDeferral =
  | {
      ok: true;
      deferredMinor: bigint; // on deferred revenue: − credit (sold), + debit (unshipped units given back)
      returnsResidueMinor: bigint; // + debit returns: refunded beyond the units' deferred share
      recognized: Sale | null; // the part concerning shipped units, mapped as under order recognition
    }
  | { ok: false; reason: string };

/** Revenue one fulfillment moves out of deferred for one line; amounts positive for a normal sale. */
export interface FulfilledLine {
  lineItemId: string;
  quantity: number;
  netMinor: bigint;
  discountMinor: bigint;
}

export interface DeferralPlan {
  sales: Map<Sale, SaleDeferral>; // keyed by the snapshot's own Sale objects
  fulfillments: Map<string, FulfilledLine[]>; // by fulfillment id
}

interface LineState {
  unshipped: number;
  shipped: number;
  netMinor: bigint;
  discountMinor: bigint;
}

/** Plans every product sale's deferral and every fulfillment's move; `events` in posting order. */
export function planDeferrals(order: OrderSnapshot, events: readonly FinancialEvent[]): DeferralPlan {
  const plan: DeferralPlan = { sales: new Map(), fulfillments: new Map() };
  const deferrable = new Set(order.lineItems.filter((item) => !item.isGiftCard).map((item) => item.id));
  const states = new Map<string, LineState>();
  const stateOf = (lineItemId: string): LineState => {
    const state = states.get(lineItemId) ?? { unshipped: 0, shipped: 0, netMinor: 0n, discountMinor: 0n };
    states.set(lineItemId, state);
    return state;
  };
  for (const event of events) {
    if (event.type === "sales") {
      for (const sale of event.sales.sales) {
        if (sale.lineType !== "PRODUCT" || !sale.lineItemId || !deferrable.has(sale.lineItemId)) continue;
        plan.sales.set(sale, deferSale(sale, event.sales.reason, stateOf(sale.lineItemId)));
      }
    } else if (event.type === "fulfillment") {
      plan.fulfillments.set(event.fulfillment.id, shipLines(event.fulfillment, states));
    }
  }
  return plan;
}

function deferSale(sale: Sale, reason: SalesEvent["reason"], state: LineState): SaleDeferral {
  if (sale.quantity === null) {
    return { ok: false, reason: `product sale ${sale.id} has no quantity to defer to its fulfillment` };
  }
  const net = saleNetBeforeTaxMinor(sale);
  const units = Math.abs(sale.quantity);
  const givesBack = net < 0n || (net === 0n && sale.quantity < 0);
  if (units === 0) return amountOnly(sale, state);
  if (!givesBack) {
    state.unshipped += units;
    state.netMinor += net;
    state.discountMinor += saleDiscountMinor(sale);
    return { ok: true, deferredMinor: -net, returnsResidueMinor: 0n, recognized: null };
  }
  return giveBack(sale, units, reason, state);
}

function amountOnly(sale: Sale, state: LineState): SaleDeferral {
  if (state.unshipped === 0)
    return { ok: true, deferredMinor: 0n, returnsResidueMinor: 0n, recognized: sale };
  const net = saleNetBeforeTaxMinor(sale);
  state.netMinor += net;
  state.discountMinor += saleDiscountMinor(sale);
  return { ok: true, deferredMinor: -net, returnsResidueMinor: 0n, recognized: null };
}

function giveBack(sale: Sale, units: number, reason: SalesEvent["reason"], state: LineState): SaleDeferral {
  const fromShippedFirst = reason === "RETURN" ? Math.min(units, state.shipped) : 0;
  const unshippedUnits = Math.min(units - fromShippedFirst, state.unshipped);
  const shippedUnits = units - unshippedUnits;
  state.shipped = Math.max(0, state.shipped - shippedUnits);
  if (unshippedUnits === 0) return { ok: true, deferredMinor: 0n, returnsResidueMinor: 0n, recognized: sale };
  const reversed = take(state, unshippedUnits);
  const net = saleNetBeforeTaxMinor(sale);
  const discount = saleDiscountMinor(sale);
  const unshippedNet = share(net, unshippedUnits, units);
  const recognized: Sale | null =
    shippedUnits === 0
      ? null
      : {
          ...sale,
          quantity: -shippedUnits,
          totalAmountMinor: net - unshippedNet,
          totalTaxMinor: 0n,
          discountBeforeTaxesMinor: discount - share(discount, unshippedUnits, units),
          taxes: [],
        };
  return {
    ok: true,
    deferredMinor: reversed.netMinor,
    returnsResidueMinor: -unshippedNet - reversed.netMinor,
    recognized,
  };
}

function shipLines(fulfillment: FulfillmentEvent, states: Map<string, LineState>): FulfilledLine[] {
  return fulfillment.lines.flatMap((line) => {
    const state = states.get(line.lineItemId);
    const quantity = Math.min(Math.max(line.quantity, 0), state?.unshipped ?? 0);
    if (!state || quantity === 0) return [];
    const moved = take(state, quantity);
    state.shipped += quantity;
    return [{ lineItemId: line.lineItemId, quantity, ...moved }];
  });
}

/** Takes `units` of the unshipped units with their exact share; the last unit takes the remainder. */
function take(state: LineState, units: number): { netMinor: bigint; discountMinor: bigint } {
  const all = units >= state.unshipped;
  const netMinor = all ? state.netMinor : share(state.netMinor, units, state.unshipped);
  const discountMinor = all ? state.discountMinor : share(state.discountMinor, units, state.unshipped);
  state.unshipped = all ? 0 : state.unshipped - units;
  state.netMinor -= netMinor;
  state.discountMinor -= discountMinor;
  return { netMinor, discountMinor };
}

/** amount × part / whole, truncated toward zero (bigint division). */
function share(amount: bigint, part: number, whole: number): bigint {
  return (amount * BigInt(part)) / BigInt(whole);
}
