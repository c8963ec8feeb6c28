import { z } from "zod";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type {
  DocumentOutcome,
  JournalBatch,
  JournalPoster,
  KeyedDocument,
} from "../posting/journal-poster.js";
import type { AisClient } from "./ais-client.js";
import { describeServiceError } from "./ais-responses.js";
import { readBatchStates } from "./batch-state.js";
import { lookupJournalDocuments, type ReferenceField } from "./journal-lookup.js";
import {
  type AisDateFormat,
  assertBatchKeysFit,
  buildGridRows,
  toGenericInput,
  toStandardInput,
} from "./orchestration-input.js";
import { fromJsonText, orchestrationRowErrors } from "./orchestration-wire.js";

export interface OrchestrationJournalPosterDeps {
  ais: AisClient;
  /** The customer's journal orchestration, `MLC_JournalEntryBatch` by default. */
  orchestration: string;
  version: "v3" | "v2";
  dateFormat: AisDateFormat;
  referenceField: ReferenceField;
}

const optionalNumber = z.preprocess(
  (value) => (value === "" || value === null || value === 0 || value === "0" ? undefined : value),
  z.coerce.number().int().positive().optional(),
);
const documentResultSchema = z.looseObject({
  EDTN: z.string(),
  status: z.enum(["accepted", "staged", "rejected"]),
  DOC: optionalNumber,
  ICU: optionalNumber,
  errors: orchestrationRowErrors,
});
const orchestrationResponseSchema = z.looseObject({
  Documents: z.preprocess(fromJsonText, z.array(documentResultSchema).optional()),
  jde__status: z.string().optional(),
});
type DocumentResult = z.infer<typeof documentResultSchema>;

/**
 * JournalPoster over the customer's journal orchestration (DESIGN.md §3 "JDE journal orchestration";
 * reference/jde-ais.md §3.1–§3.5): one `POST /jderest/{v3|v2}/orchestrator/{name}` per batch,
 * (the sender validates the session before each batch), with v3 Generic or v2 JDE Standard input. Oracle:
 * https://docs.oracle.com/en/applications/jd-edwards/cross-product/9.2/rest-api/op-v2-orchestrator-orchestration-post.html
 */
export function createOrchestrationJournalPoster(deps: OrchestrationJournalPosterDeps): JournalPoster {
  const path = `/jderest/${deps.version}/orchestrator/${encodeURIComponent(deps.orchestration)}`;
  return {
    description: `orchestration ${deps.version} ${deps.orchestration}`,
    postBatch,
    lookup: (documents) => lookupJournalDocuments(deps.ais, documents, deps.referenceField),
    batchStates: (batchNumbers) => readBatchStates(deps.ais, batchNumbers),
  };

  /** Validates widths, checks the session, sends the batch in one call, reads one outcome per document. */
  async function postBatch(batch: JournalBatch): Promise<DocumentOutcome[]> {
    if (batch.documents.length === 0) return [];
    assertBatchKeysFit(batch);
    const rows = buildGridRows(batch, deps.dateFormat);
    const input =
      deps.version === "v3" ? toGenericInput(batch.batchId, rows) : toStandardInput(batch.batchId, rows);
    const body = await deps.ais.call("POST", path, input);
    return readOutcomes(body, batch);
  }

  function readOutcomes(body: unknown, batch: JournalBatch): DocumentOutcome[] {
    const parsed = orchestrationResponseSchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw new ConnectorError(
        "MLC_AIS_RESPONSE_INVALID",
        `${deps.orchestration} answered an unexpected body`,
        {
          detail: {
            batchId: batch.batchId,
            issues: parsed.error.issues.slice(0, 3).map((issue) => issue.message),
          },
        },
      );
    }
    const { Documents, jde__status } = parsed.data;
    if (Documents === undefined) {
      // jde__status ERROR without per-document results: the orchestration failed as a whole.
      if (jde__status === "ERROR") {
        throw new ConnectorError(
          "MLC_AIS_ORCHESTRATION_ERROR",
          `${deps.orchestration}: ${describeServiceError(body)}`,
          {
            detail: { batchId: batch.batchId },
          },
        );
      }
      return batch.documents.map((document) => ({
        transactionNumber: document.transactionNumber,
        status: "staged",
      }));
    }
    return matchResults(Documents, batch);
  }

  /** Every document sent needs a result; a missing one is an unknown outcome for the caller to look up. */
  function matchResults(results: DocumentResult[], batch: JournalBatch): DocumentOutcome[] {
    const byTransaction = new Map(results.map((result) => [result.EDTN.trim(), result]));
    const missing = batch.documents.filter((document) => !byTransaction.has(document.transactionNumber));
    if (missing.length > 0) {
      throw new ConnectorError(
        "MLC_AIS_RESPONSE_INVALID",
        `${deps.orchestration} left documents unanswered`,
        {
          detail: { batchId: batch.batchId, missing: missing.map((document) => document.transactionNumber) },
        },
      );
    }
    return batch.documents.map((document: KeyedDocument) =>
      toOutcome(byTransaction.get(document.transactionNumber)!),
    );
  }
}

function toOutcome(result: DocumentResult): DocumentOutcome {
  const outcome: DocumentOutcome = { transactionNumber: result.EDTN.trim(), status: result.status };
  if (result.DOC !== undefined) outcome.documentNumber = result.DOC;
  if (result.ICU !== undefined) outcome.batchNumber = result.ICU;
  if (result.errors && result.errors.length > 0) {
    outcome.errors = result.errors.map((error) => ({ code: error.CODE, description: error.DESC }));
  }
  return outcome;
}
