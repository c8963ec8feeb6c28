import type { Kysely, Selectable } from "kysely";
import { chunk } from "../../lib/chunk.js";
import type { PostingDocument } from "../../posting/posting-store.js";
import type {
  CloseSummaryRequest,
  CloseSummaryResult,
  NewContribution,
  RecordContributionsRequest,
  RecordContributionsResult,
  SummaryContribution,
  SummaryStore,
} from "../../posting/summary-store.js";
import type { Database, SummaryContributionsTable } from "./database.js";
import { decodeDocumentLines, encodeDocumentLines } from "./document-codec.js";
import {
  insertDocuments,
  insertPostedEventRows,
  notYetSent,
  PostedEventRaceError,
  reserveSequences,
} from "./record-documents.js";
import { decodeJson, decodeOptionalTime, decodeTime, encodeJson } from "./row-codecs.js";
import { type StoreProfile, withWriteTransaction } from "./store-profile.js";

/** Keeps every IN list far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

class AlreadyClosedError extends Error {}

/** SummaryStore over Kysely for both backends (summary mode of DESIGN.md §2). */
export function createKyselySummaryStore(deps: {
  db: Kysely<Database>;
  profile: StoreProfile;
}): SummaryStore {
  const { db, profile } = deps;
  return { recordContributions, openContributions, closeSummary, listContributions };

  async function recordContributions(
    request: RecordContributionsRequest,
  ): Promise<RecordContributionsResult> {
    try {
      return await withWriteTransaction(db, profile, (tx) => recordContributionsIn(tx, request));
    } catch (error) {
      if (!(error instanceof PostedEventRaceError)) throw error;
      return withWriteTransaction(db, profile, (tx) => recordContributionsIn(tx, request));
    }
  }

  async function recordContributionsIn(
    tx: Kysely<Database>,
    request: RecordContributionsRequest,
  ): Promise<RecordContributionsResult> {
    const ids = request.contributions.flatMap((c) => c.eventIds);
    const known = new Set<string>();
    for (const part of chunk(ids, CHUNK)) {
      const rows = await tx
        .selectFrom("posted_events")
        .select("event_id")
        .where("tenant_id", "=", request.tenantId)
        .where("event_id", "in", part)
        .execute();
      for (const row of rows) known.add(row.event_id);
    }
    const result: RecordContributionsResult = { recorded: [], skipped: [] };
    const now = request.now ?? profile.clock.now();
    for (const contribution of request.contributions) {
      const seen = contribution.eventIds.filter((id) => known.has(id)).length;
      if (seen === 0) result.recorded.push(await insertContribution(tx, request, contribution, now));
      else
        result.skipped.push({
          eventIds: contribution.eventIds,
          reason: seen === contribution.eventIds.length ? "already-posted" : "partially-posted",
        });
    }
    const events = result.recorded.flatMap((c) =>
      c.eventIds.map((eventId) => ({
        tenant_id: request.tenantId,
        event_id: eventId,
        order_id: request.orderId,
        document_key: null,
        status: "summarized",
        recorded_at: profile.encodeTime(now),
      })),
    );
    for (const part of chunk(events, CHUNK)) await insertPostedEventRows(tx, part);
    return result;
  }

  async function insertContribution(
    tx: Kysely<Database>,
    request: RecordContributionsRequest,
    contribution: NewContribution,
    now: Date,
  ): Promise<SummaryContribution> {
    const row = await tx
      .insertInto("summary_contributions")
      .values({
        tenant_id: request.tenantId,
        gl_date: contribution.glDate,
        currency: contribution.currency,
        decimals: contribution.decimals,
        order_id: request.orderId,
        order_name: request.orderName,
        event_ids: encodeJson(contribution.eventIds),
        lines: encodeDocumentLines(contribution.lines),
        recorded_at: profile.encodeTime(now),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toContribution(row);
  }

  async function openContributions(tenantId: string): Promise<SummaryContribution[]> {
    const rows = await db
      .selectFrom("summary_contributions")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("closed_at", "is", null)
      .orderBy("gl_date")
      .orderBy("id")
      .execute();
    return rows.map(toContribution);
  }

  async function listContributions(filter: { tenantId: string; orderId?: string }) {
    const rows = await db
      .selectFrom("summary_contributions")
      .selectAll()
      .where("tenant_id", "=", filter.tenantId)
      .$if(filter.orderId !== undefined, (q) => q.where("order_id", "=", filter.orderId ?? ""))
      .orderBy("id")
      .execute();
    return rows.map(toContribution);
  }

  async function closeSummary(request: CloseSummaryRequest): Promise<CloseSummaryResult> {
    try {
      return await withWriteTransaction(db, profile, (tx) => closeSummaryIn(tx, request));
    } catch (error) {
      if (error instanceof AlreadyClosedError) return { ok: false, reason: "already-closed" };
      throw error;
    }
  }

  async function closeSummaryIn(
    tx: Kysely<Database>,
    request: CloseSummaryRequest,
  ): Promise<CloseSummaryResult> {
    const now = request.now ?? profile.clock.now();
    const eventIds: string[] = [];
    for (const part of chunk(request.contributionIds.map(Number), CHUNK)) {
      const taken = await tx
        .selectFrom("summary_contributions")
        .select("event_ids")
        .where("tenant_id", "=", request.tenantId)
        .where("id", "in", part)
        .where("closed_at", "is", null)
        .execute();
      if (taken.length !== part.length) throw new AlreadyClosedError();
      for (const row of taken) eventIds.push(...decodeJson<string[]>(row.event_ids));
    }
    const document = request.lines.length > 0 ? await insertSummary(tx, request, eventIds, now) : null;
    for (const part of chunk(request.contributionIds.map(Number), CHUNK)) {
      const updated = await tx
        .updateTable("summary_contributions")
        .set({ closed_at: profile.encodeTime(now), document_key: document?.key ?? null })
        .where("id", "in", part)
        .where("closed_at", "is", null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== part.length) throw new AlreadyClosedError();
    }
    if (document)
      for (const part of chunk(eventIds, CHUNK))
        await tx
          .updateTable("posted_events")
          .set({ document_key: document.key })
          .where("tenant_id", "=", request.tenantId)
          .where("event_id", "in", part)
          .execute();
    return { ok: true, document };
  }

  async function insertSummary(
    tx: Kysely<Database>,
    request: CloseSummaryRequest,
    eventIds: string[],
    now: Date,
  ): Promise<PostingDocument> {
    const scope = { tenantId: request.tenantId, orderId: `summary:${request.glDate}` };
    const sequence = await reserveSequences(tx, scope, 1);
    const edtn = request.edtnForSequence(sequence);
    const document: PostingDocument = {
      key: `${request.tenantId}/${edtn}`,
      ...scope,
      orderName: request.reference,
      sequence,
      edtn,
      kind: "summary",
      reason: null,
      requestedBy: null,
      glDate: request.glDate,
      currency: request.currency,
      decimals: request.decimals,
      lines: request.lines,
      eventIds,
      ...notYetSent(now),
    };
    await insertDocuments(tx, profile, [document]);
    return document;
  }
}

function toContribution(row: Selectable<SummaryContributionsTable>): SummaryContribution {
  return {
    id: String(row.id),
    tenantId: row.tenant_id,
    orderId: row.order_id,
    orderName: row.order_name,
    glDate: row.gl_date,
    currency: row.currency,
    decimals: Number(row.decimals),
    lines: decodeDocumentLines(decodeJson(row.lines)),
    eventIds: decodeJson<string[]>(row.event_ids),
    documentKey: row.document_key,
    recordedAt: decodeTime(row.recorded_at),
    closedAt: decodeOptionalTime(row.closed_at),
  };
}
