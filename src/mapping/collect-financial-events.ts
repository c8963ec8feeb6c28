import { isIsoInstant, localDate } from "../domain/jde-date.js";
import type { FulfillmentEvent, OrderSnapshot, PaymentEvent, SalesEvent } from "../domain/order.js";
import { type MappingProblem, mappingProblem } from "./mapping-problem.js";

/**
 * A financial event of an order with its GL date: the event's local date in the shop's timezone,
 * possibly rolled forward out of a closed period later (see `applyOpenPeriod`); `localDate` keeps
 * the event's own date, on which adoption and effective-dated rules are decided.
 */
export type FinancialEvent =
  | ({ type: "sales"; sales: SalesEvent } & EventDates)
  | ({ type: "payment"; payment: PaymentEvent } & EventDates)
  | ({ type: "fulfillment"; fulfillment: FulfillmentEvent } & EventDates);

interface EventDates {
  id: string;
  instant: string;
  localDate: string; // the event's own date in the shop's timezone
  glDate: string; // the date it posts on (= localDate unless rolled out of a closed period)
}

const TYPE_ORDER: Record<FinancialEvent["type"], number> = { sales: 0, fulfillment: 1, payment: 2 };

/**
 * Every financial event of the order, dated and in posting order: by instant; at the same instant
 * sales, then fulfillments, then payments (an order reads "sold, shipped, paid"); then by id.
 * Fulfillments are financial events only under fulfillment recognition (`withFulfillments`).
 */
export function collectFinancialEvents(
  order: OrderSnapshot,
  timeZone: string,
  withFulfillments = false,
): { events: FinancialEvent[]; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const dated = (id: string, instant: string): EventDates | null => {
    if (!isIsoInstant(instant)) {
      const message = `event ${id} has time '${instant}', not an ISO-8601 instant`;
      problems.push(mappingProblem("INVALID_DATE", message, id));
      return null;
    }
    const date = localDate(instant, timeZone);
    return { id, instant, localDate: date, glDate: date };
  };
  const events: FinancialEvent[] = [];
  for (const sales of order.salesEvents) {
    const dates = dated(sales.id, sales.happenedAt);
    if (dates) events.push({ type: "sales", ...dates, sales });
  }
  for (const fulfillment of withFulfillments ? order.fulfillmentEvents : []) {
    const dates = dated(fulfillment.id, fulfillment.happenedAt);
    if (dates) events.push({ type: "fulfillment", ...dates, fulfillment });
  }
  for (const payment of order.paymentEvents) {
    const dates = dated(payment.id, payment.processedAt);
    if (dates) events.push({ type: "payment", ...dates, payment });
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
  if (a.type !== b.type) return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
