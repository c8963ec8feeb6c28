import type { ConnectorDocument, JdeDocument, Variance } from "./reconciliation.js";

export type VarianceOrder = Variance["orders"][number];

/** The order behind a connector document; summary documents have none, only their reference. */
export function orderOf(doc: Pick<ConnectorDocument, "kind" | "orderId" | "orderName">): VarianceOrder {
  return { orderId: doc.kind === "summary" ? null : doc.orderId, orderName: doc.orderName };
}

/** "JDE document 4711 (#1042)", as a controller finds it in JDE. */
export function nameJde(doc: JdeDocument): string {
  return `JDE document ${doc.documentNumber} (${doc.reference.trim()})`;
}

/** "the connector's document S1042A1 (#1042)": EDTN is what F0911Z1 and the audit trail show. */
export function nameConnector(doc: ConnectorDocument): string {
  return `the connector's document ${doc.edtn} (${doc.orderName})`;
}

/** "1 event" / "3 events". */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
