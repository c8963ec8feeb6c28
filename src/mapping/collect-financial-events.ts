import { isIsoInstant, localDate } from "../domain/jde-date.js";
import type { OrderSnapshot, PaymentEvent, SalesEvent } from "../domain/order.js";
import { type MappingProblem, mappingProblem } from "./mapping-problem.js";

/** A sales or payment event of an order with its GL date (its local date in the shop's timezone). */
export type FinancialEvent =
  | { type: "sales"; id: string; instant: string; glDate: string; sales: SalesEvent }
  | { type: "payment"; id: string; instant: string; glDate: string; payment: PaymentEvent };

/**
 * Every financial event of the order, dated and in posting order: by instant, sales before payments
 * at the same instant (so an order reads "sold, then paid"), then by id for a stable order.
 */
export function collectFinancialEvents(
  order: OrderSnapshot,
  timeZone: string,
): { events: FinancialEvent[]; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const dated = (id: string, instant: string): string | null => {
    if (isIsoInstant(instant)) return localDate(instant, timeZone);
    problems.push(
      mappingProblem("INVALID_DATE", `event ${id} has time '${instant}', not an ISO-8601 instant`, id),
    );
    return null;
  };
  const events: FinancialEvent[] = [];
  for (const sales of order.salesEvents) {
    const glDate = dated(sales.id, sales.happenedAt);
    if (glDate) events.push({ type: "sales", id: sales.id, instant: sales.happenedAt, glDate, sales });
  }
  for (const payment of order.paymentEvents) {
    const glDate = dated(payment.id, payment.processedAt);
    if (glDate)
      events.push({ type: "payment", id: payment.id, instant: payment.processedAt, glDate, payment });
  }
  return { events: events.sort(compareEvents), problems };
}

/** A test order: flagged by Shopify, or paid through a test transaction or the `bogus` gateway. */
export function isTestOrder(order: OrderSnapshot): boolean {
  return order.test || order.paymentEvents.some((payment) => payment.test || payment.gateway === "bogus");
}

function compareEvents(a: FinancialEvent, b: FinancialEvent): number {
  const byTime = Date.parse(a.instant) - Date.parse(b.instant);
  if (byTime !== 0) return byTime;
  if (a.type !== b.type) return a.type === "sales" ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
