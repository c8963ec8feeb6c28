import type { AuditLog, NewAuditEntry } from "../audit/audit-log.js";
import { lineTotals } from "../audit/journal-lines-detail.js";
import { redactText } from "../audit/redact-audit-detail.js";
import type { ConnectorError } from "../lib/errors/connector-error.js";
import type { DocumentOutcome as JdeOutcome, KeyedDocument } from "./journal-poster.js";
import type { DocumentStatus, PostingDocument } from "./posting-store.js";

/** Where an outcome came from: the batch call's answer, a read-back, or a crashed process's leftovers. */
export type OutcomeSource = "batch" | "lookup" | "stale-sent";

/** Long enough for JDE's or the driver's explanation, short enough to keep rows small. */
const MESSAGE_CHARS = 500;

/**
 * The batch sender's entries in the audit trail: what was sent to JDE (per batch, and per document on
 * its order's lineage) and what JDE answered. Only keys, counts, totals, statuses, JDE numbers and
 * error codes/descriptions; messages go through `redactText`, and the store redacts every detail again.
 */
export function createPostingAudit(deps: {
  tenantId: string;
  audit: Pick<AuditLog, "append">;
  clock: { now(): Date };
  /** The posting path, e.g. "orchestration v3 MLC_JournalEntryBatch". */
  poster: string;
}) {
  const { tenantId } = deps;
  const append = (entry: Omit<NewAuditEntry, "tenantId" | "at">) =>
    deps.audit.append({ tenantId, at: deps.clock.now(), ...entry });
  const onOrder = (document: PostingDocument) => ({
    orderId: document.orderId,
    orderName: document.orderName,
    documentKey: document.key,
  });
  return { sent, failed, outcome, resend };

  /** The request: one `batch.sent`, and a `document.sent` with each document's JDE key and totals. */
  async function sent(batchId: string, documents: PostingDocument[], keyed: KeyedDocument[]) {
    await append({
      step: "batch.sent",
      batchId,
      detail: {
        poster: deps.poster,
        resend: documents.some((d) => d.status === "unknown"),
        documentCount: documents.length,
        documents: documents.map((d) => ({ documentKey: d.key, edtn: d.edtn, ...lineTotals(d.lines) })),
      },
    });
    for (const [index, document] of documents.entries()) {
      const key = keyed[index];
      await append({
        ...onOrder(document),
        step: "document.sent",
        batchId,
        detail: {
          edtn: document.edtn,
          ediUser: key?.ediUser ?? null,
          company: key?.company ?? null,
          documentType: key?.documentType ?? null,
          reference: key?.reference ?? null,
          explanation: key?.explanation ?? null,
          glDate: document.glDate,
          currency: document.currency,
          ...lineTotals(document.lines),
        },
      });
    }
  }

  /** The call gave no usable answer: the batch's error, and each document's outcome is unknown. */
  async function failed(batchId: string, documents: PostingDocument[], error: ConnectorError) {
    const status = error.detail?.status;
    await append({
      step: "batch.failed",
      batchId,
      detail: {
        code: error.code,
        retryable: error.retryable,
        status: typeof status === "number" ? status : null,
        message: redactText(error.message).slice(0, MESSAGE_CHARS),
        documents: documents.map((d) => d.edtn),
      },
    });
    for (const document of documents)
      await append({
        ...onOrder(document),
        step: "document.unknown",
        batchId,
        detail: { via: "batch", edtn: document.edtn, code: error.code },
      });
  }

  /** JDE's answer about one document, as recorded in the posting store. */
  async function outcome(
    document: PostingDocument,
    status: DocumentStatus,
    source: {
      via: OutcomeSource;
      answer?: JdeOutcome | undefined;
      errors?: { code: string; description: string }[];
      batchId?: string;
    },
  ) {
    const { answer } = source;
    const batchId = source.batchId ?? document.batchId;
    await append({
      ...onOrder(document),
      step: `document.${status}`,
      ...(batchId ? { batchId } : {}),
      detail: {
        via: source.via,
        edtn: document.edtn,
        jdeStatus: answer?.status ?? null,
        documentNumber: answer?.documentNumber ?? null,
        batchNumber: answer?.batchNumber ?? null,
        errors: (source.errors ?? answer?.errors ?? []).map((e) => ({
          code: e.code,
          description: redactText(e.description).slice(0, MESSAGE_CHARS),
        })),
      },
    });
  }

  /** A look-up proved JDE does not hold an unknown document: it goes again, under its first EDBT. */
  async function resend(document: PostingDocument) {
    await append({
      ...onOrder(document),
      step: "document.resend",
      ...(document.batchId ? { batchId: document.batchId } : {}),
      detail: { edtn: document.edtn },
    });
  }
}

export type PostingAudit = ReturnType<typeof createPostingAudit>;
