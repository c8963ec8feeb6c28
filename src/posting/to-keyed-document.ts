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
    explanation: `Shopify ${document.orderName}`.slice(0, 30),
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
