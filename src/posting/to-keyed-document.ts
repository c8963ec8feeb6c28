import type { KeyedDocument } from "./journal-poster.js";
import type { PostingDocument } from "./posting-store.js";

export interface DocumentHeader {
  ediUser: string;
  company: string;
  documentType: string;
}

/** The JDE view of a recorded document: its deterministic key, reference and header fields. */
export function toKeyedDocument(document: PostingDocument, header: DocumentHeader): KeyedDocument {
  return {
    ediUser: header.ediUser,
    transactionNumber: document.edtn,
    reference: document.orderName,
    explanation: explanationOf(document),
    company: header.company,
    documentType: header.documentType,
    document: {
      tenantId: document.tenantId,
      orderId: document.orderId,
      orderName: document.orderName,
      glDate: document.glDate,
      currency: document.currency,
      decimals: document.decimals,
      eventIds: document.eventIds,
      lines: document.lines,
    },
  };
}

/** EXA (≤ 30 chars): says at a glance in JDE whether a document is an order, a correction or a day. */
function explanationOf(document: PostingDocument): string {
  const text =
    document.kind === "correction"
      ? `Correction ${document.orderName}`
      : document.kind === "summary"
        ? `Shopify summary ${document.glDate}`
        : `Shopify ${document.orderName}`;
  return text.slice(0, 30);
}
