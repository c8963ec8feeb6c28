import { parseAccountKey } from "../../domain/account-key.js";
import type { ReconciliationInput } from "../compare-ledgers.js";
import type {
  ConnectorDocument,
  ExpectedOrder,
  JdeDocument,
  ReconcileLine,
  ReconcilePeriod,
} from "../reconciliation.js";

export const NOVEMBER: ReconcilePeriod = {
  firstDate: "2026-11-01",
  lastDate: "2026-11-30",
  label: "2026/11",
};

export function line(account: string, amountMinor: bigint): ReconcileLine {
  return { account: parseAccountKey(account), amountMinor };
}

/** A paid-at-checkout sale as it nets per account: Dr clearing, Cr revenue (receivable nets to zero). */
export function saleLines(amountMinor: bigint, revenueAccount = "100.4100"): ReconcileLine[] {
  return [line("100.1115", amountMinor), line(revenueAccount, -amountMinor)];
}

/** The ids one numbered order carries on every side: `#1042`, its GID, EDTN `S1042A1`, DOC `10421`. */
export function orderIds(number: number, sequence = 1) {
  return {
    orderId: `gid://shopify/Order/${number}`,
    orderName: `#${number}`,
    eventId: `evt-${number}-${sequence}`,
    edtn: `S${number}A${sequence}`,
    key: `acme/S${number}A${sequence}`,
    documentNumber: String(number * 10 + sequence),
  };
}

export function makeExpectedOrder(
  number: number,
  overrides: Partial<ExpectedOrder> & { glDate?: string; lines?: ReconcileLine[] } = {},
): ExpectedOrder {
  const ids = orderIds(number);
  const { glDate = "2026-11-27", lines = saleLines(10_000n), ...rest } = overrides;
  return {
    orderId: ids.orderId,
    orderName: ids.orderName,
    documents: [{ glDate, eventIds: [ids.eventId], lines }],
    problems: [],
    ...rest,
  };
}

export function makeConnectorDocument(
  number: number,
  overrides: Partial<ConnectorDocument> & { sequence?: number } = {},
): ConnectorDocument {
  const { sequence = 1, ...rest } = overrides;
  const ids = orderIds(number, sequence);
  return {
    key: ids.key,
    orderId: ids.orderId,
    orderName: ids.orderName,
    kind: "order",
    edtn: ids.edtn,
    glDate: "2026-11-27",
    status: "confirmed",
    documentNumber: ids.documentNumber,
    batchNumber: "900001",
    eventIds: [ids.eventId],
    lines: saleLines(10_000n),
    ...rest,
  };
}

export function makeJdeDocument(
  number: number,
  overrides: Partial<JdeDocument> & { sequence?: number } = {},
): JdeDocument {
  const { sequence = 1, ...rest } = overrides;
  const ids = orderIds(number, sequence);
  return {
    company: "00100",
    documentType: "JE",
    documentNumber: ids.documentNumber,
    glDate: "2026-11-27",
    batchNumber: "900001",
    posted: true,
    reference: ids.orderName,
    explanation: `Shopify ${ids.orderName}`,
    lines: saleLines(10_000n),
    ...rest,
  };
}

/** One order the three sides agree on: mapped, posted and confirmed, held by JDE and posted there. */
export function agreeingOrder(number: number, glDate = "2026-11-27", amountMinor = 10_000n) {
  const lines = saleLines(amountMinor);
  return {
    expected: makeExpectedOrder(number, { glDate, lines }),
    connector: makeConnectorDocument(number, { glDate, lines }),
    jde: makeJdeDocument(number, { glDate, lines }),
  };
}

/** Input for `count` agreeing orders spread over November, with varying amounts and revenue accounts. */
export function agreeingLedgers(count: number): ReconciliationInput {
  const input = { period: NOVEMBER, summary: "none" as const, expected: [] as ExpectedOrder[] };
  const connector: ConnectorDocument[] = [];
  const jde: JdeDocument[] = [];
  for (let number = 1001; number < 1001 + count; number++) {
    const glDate = `2026-11-${String(1 + (number % 30)).padStart(2, "0")}`;
    const lines = [
      ...saleLines(BigInt(number * 7), number % 3 === 0 ? "140.4100" : "100.4100"),
      line("100.2110", BigInt(-number)),
      line("100.1115", BigInt(number)),
    ];
    input.expected.push(makeExpectedOrder(number, { glDate, lines }));
    connector.push(makeConnectorDocument(number, { glDate, lines }));
    jde.push(makeJdeDocument(number, { glDate, lines: [...lines].reverse() }));
  }
  return { ...input, connector, jde };
}
