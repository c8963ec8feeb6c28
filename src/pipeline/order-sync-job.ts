import type { AuditLog } from "../audit/audit-log.js";
import { linesDetail } from "../audit/journal-lines-detail.js";
import { createRuleVersionRecorder } from "../audit/rule-version-recorder.js";
import type { CustomerDirectory } from "../customers/customer-directory.js";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { AccountRef, JournalDocument } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import type { InboxStore } from "../inbox/inbox-store.js";
import type { Clock } from "../lib/clock.js";
import type { ErrorCode } from "../lib/errors/codes.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { mapOrderToJournalDocuments } from "../mapping/map-order-to-journal-documents.js";
import type { MappingProblem } from "../mapping/mapping-problem.js";
import type { PostingStore } from "../posting/posting-store.js";
import type { SummaryStore } from "../posting/summary-store.js";
import { transactionNumberFor } from "../posting/transaction-number.js";
import type { LeasedJob } from "./job-queue.js";
import type { JobResult } from "./job-runner.js";
import type { OrderSource } from "./order-source.js";
import { eventsFound, recordDeliveries } from "./order-sync-audit.js";
import type { OrderSyncMarks } from "./order-sync-marks.js";

export const ORDER_SYNC = "order-sync";

export interface OrderSyncPayload {
  webhookId?: string;
  topic?: string;
}

export interface OrderSyncTenant {
  policy: AccountingPolicy;
  orders: OrderSource;
  /** `daily`: the order's lines are contributions to its GL days' summaries, not documents. */
  summary?: "none" | "daily";
  /**
   * Why JDE would refuse a line on this account (unknown, non-posting account or business unit, business
   * unit of another company), or null when it accepts postings. Built from the tenant's JDE reference
   * data; absent = no check.
   */
  accountCheck?: (account: AccountRef) => string | null;
  /**
   * The tenant's customers in JDE (`customers` block): the order's receivable lines carry the AN8 it
   * answers (docs/customers.md §1, §5), asked only until the order has a document with an AN8; later
   * documents keep that one. Absent: no AN8 on any line. Unused in summary mode.
   */
  customers?: Pick<CustomerDirectory, "addressNumberFor">;
}

export interface OrderSyncDeps {
  tenant(tenantId: string): OrderSyncTenant | undefined;
  posting: PostingStore;
  summaries?: SummaryStore;
  audit: AuditLog;
  clock: Clock;
  /** Where each order's synced `updatedAt` is recorded (the sweep skips unchanged orders). */
  syncMarks?: Pick<OrderSyncMarks, "mark">;
  /** The webhook inbox: each delivery about the order goes into its lineage (`webhook.received`). */
  inbox?: Pick<InboxStore, "deliveriesAbout">;
  /** Told when new documents await sending, so the tenant's batcher wakes at once. */
  onDocumentsRecorded(tenantId: string): void;
}

/**
 * "Bring order X up to date" (DESIGN.md §1): re-read the order from Shopify, map the financial events
 * not posted yet, and record their documents in the exactly-once ledger. A webhook body is only the
 * signal; duplicates, stale and out-of-order deliveries all end here with nothing new to post.
 */
export function createOrderSyncHandler(deps: OrderSyncDeps) {
  const ruleVersions = createRuleVersionRecorder(deps);
  return async function syncOrder(job: LeasedJob): Promise<JobResult> {
    const tenant = deps.tenant(job.tenantId);
    if (!tenant)
      return {
        type: "park",
        code: "MLC_WEBHOOK_UNKNOWN_SHOP",
        reason: `tenant ${job.tenantId} is not configured`,
      };
    const orderId = job.key;
    const trigger = (job.payload ?? {}) as OrderSyncPayload;
    const order = await tenant.orders.fetchOrder(orderId);
    const at = deps.clock.now();
    await recordDeliveries(deps, { tenantId: job.tenantId, orderId, at, orderName: order?.name });
    if (!order) {
      await deps.audit.append({
        tenantId: job.tenantId,
        orderId,
        step: "order.not_found",
        at,
        ...(trigger.webhookId ? { webhookId: trigger.webhookId } : {}),
      });
      return { type: "done" };
    }
    const base = { tenantId: job.tenantId, orderId, orderName: order.name };
    // The order is up to date as of its updatedAt: the sweep need not read it again until it changes.
    const synced = async (): Promise<JobResult> => {
      await deps.syncMarks?.mark(job.tenantId, orderId, new Date(order.updatedAt));
      return { type: "done" };
    };
    await deps.audit.append({
      ...base,
      step: "order.read",
      at,
      ...(trigger.webhookId ? { webhookId: trigger.webhookId } : {}),
      detail: {
        trigger: trigger.topic ?? "sweep",
        updatedAt: order.updatedAt,
        salesEvents: order.salesEvents.map((e) => e.id),
        paymentEvents: order.paymentEvents.map((e) => e.id),
        events: eventsFound(order),
      },
    });
    const alreadyPosted = await deps.posting.postedEventIds(job.tenantId, orderId);
    const policy = tenant.policy;
    const ruleVersion = await ruleVersions.versionFor(job.tenantId, policy);
    let mapped = mapOrderToJournalDocuments({ order, policy, alreadyPosted });
    if (!mapped.ok) {
      const code = parkCodeFor(mapped.problems);
      const { problems } = mapped;
      await deps.audit.append({ ...base, step: "order.parked", at, detail: { code, problems, ruleVersion } });
      return { type: "park", code, reason: problems.map((p) => p.message).join("; ") };
    }
    if (mapped.adoptedEventIds.length > 0) {
      await deps.posting.recordAdoptedEvents({
        tenantId: job.tenantId,
        orderId,
        eventIds: mapped.adoptedEventIds,
        now: at,
      });
      await deps.audit.append({
        ...base,
        step: "events.adopted",
        at,
        detail: { eventIds: mapped.adoptedEventIds },
      });
    }
    if (mapped.documents.length === 0) return synced();
    const accountProblems = tenant.accountCheck ? invalidAccounts(mapped.documents, tenant.accountCheck) : [];
    if (accountProblems.length > 0) {
      await deps.audit.append({
        ...base,
        step: "order.parked",
        at,
        detail: { code: "MLC_JDE_ACCOUNT_INVALID", problems: accountProblems },
      });
      return { type: "park", code: "MLC_JDE_ACCOUNT_INVALID", reason: accountProblems.join("; ") };
    }
    if (tenant.customers && tenant.summary !== "daily") {
      // Only an order with something to post asks for its customer's AN8: mapped again with it.
      const customer = await customerOf({ ...deps, customers: tenant.customers }, { ...base, order, at });
      if (customer.type === "park") return customer;
      mapped = mapOrderToJournalDocuments({
        order,
        policy,
        alreadyPosted,
        customerAddressNumber: customer.addressNumber,
      });
      if (!mapped.ok) throw new Error(`order ${orderId} mapped once, then not with its customer's AN8`);
    }
    if (tenant.summary === "daily") {
      if (!deps.summaries) throw new Error("summary mode needs a SummaryStore");
      await recordContributions(deps.summaries, deps.audit, {
        ...base,
        documents: mapped.documents,
        ruleVersion,
        at,
      });
      return synced();
    }
    const recorded = await deps.posting.recordDocuments({
      ...base,
      documents: mapped.documents.map((d) => ({
        glDate: d.glDate,
        currency: d.currency,
        decimals: d.decimals,
        lines: d.lines,
        eventIds: d.eventIds,
      })),
      edtnForSequence: (sequence) => transactionNumberFor(orderId, sequence),
      now: at,
    });
    for (const document of recorded.recorded) {
      const rolled = mapped.documents.find((d) => d.eventIds[0] === document.eventIds[0])?.originalGlDates;
      await deps.audit.append({
        ...base,
        step: "document.recorded",
        documentKey: document.key,
        at,
        detail: {
          ruleVersion,
          edtn: document.edtn,
          glDate: document.glDate,
          ...(rolled ? { originalGlDates: rolled } : {}),
          currency: document.currency,
          eventIds: document.eventIds,
          ...linesDetail(document.lines),
        },
      });
    }
    if (recorded.recorded.length > 0) deps.onDocumentsRecorded(job.tenantId);
    return synced();
  };
}

type CustomerOutcome = { type: "customer"; addressNumber: string } | Extract<JobResult, { type: "park" }>;
type CustomerDeps = Pick<OrderSyncDeps, "posting" | "audit"> & Required<Pick<OrderSyncTenant, "customers">>;
type CustomerInput = { tenantId: string; orderId: string; orderName: string; order: OrderSnapshot; at: Date };

/**
 * The order's customer AN8, audited on the order (GID, AN8 and why; never personal data). An order with
 * a document keeps that document's AN8 without asking the directory: a link resolved since (link-later)
 * must not split the order's receivable over two customers in JDE, where it would never net off.
 */
async function customerOf(deps: CustomerDeps, input: CustomerInput): Promise<CustomerOutcome> {
  const { order, at, ...base } = input;
  const addressNumber = await deps.posting.orderAddressNumber(base.tenantId, base.orderId);
  if (addressNumber === null) return customerFromDirectory(deps, input);
  await deps.audit.append({
    ...base,
    step: "order.customer",
    at,
    detail: { customerId: order.customerId, addressNumber, reason: "order.first_document" },
  });
  return { type: "customer", addressNumber };
}

/** A customer JDE refuses (or an exhausted range) parks the order, replayable; AIS down throws (retried). */
async function customerFromDirectory(deps: CustomerDeps, input: CustomerInput): Promise<CustomerOutcome> {
  const { order, at, ...base } = input;
  try {
    const chosen = await deps.customers.addressNumberFor(order.customerId, {
      customerUpdatedAt: order.customerUpdatedAt ?? null,
    });
    await deps.audit.append({
      ...base,
      step: "order.customer",
      at,
      detail: { customerId: order.customerId, ...chosen },
    });
    return { type: "customer", addressNumber: chosen.addressNumber };
  } catch (error) {
    if (!(error instanceof ConnectorError) || error.retryable) throw error;
    await deps.audit.append({
      ...base,
      step: "order.parked",
      at,
      detail: { code: error.code, customerId: order.customerId, ...(error.detail ?? {}) },
    });
    return { type: "park", code: error.code, reason: error.message };
  }
}

/** Each distinct account of the documents' lines that JDE would refuse, as its reason (in line order). */
export function invalidAccounts(
  documents: readonly JournalDocument[],
  check: (account: AccountRef) => string | null,
): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const line of documents.flatMap((d) => d.lines)) {
    const key = `${line.account.businessUnit}|${line.account.object}|${line.account.subsidiary}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const problem = check(line.account);
    if (problem !== null) problems.push(problem);
  }
  return problems;
}

/** Summary mode: the mapped documents become contributions to their GL days (DESIGN.md §2). */
async function recordContributions(
  summaries: SummaryStore,
  audit: AuditLog,
  input: {
    tenantId: string;
    orderId: string;
    orderName: string;
    documents: JournalDocument[];
    ruleVersion: string;
    at: Date;
  },
): Promise<void> {
  const { documents, at, ruleVersion, ...base } = input;
  const recorded = await summaries.recordContributions({
    ...base,
    contributions: documents.map((d) => ({
      glDate: d.glDate,
      currency: d.currency,
      decimals: d.decimals,
      lines: d.lines,
      eventIds: d.eventIds,
    })),
    now: at,
  });
  for (const contribution of recorded.recorded)
    await audit.append({
      ...base,
      step: "summary.contributed",
      at,
      detail: {
        ruleVersion,
        glDate: contribution.glDate,
        eventIds: contribution.eventIds,
        ...linesDetail(contribution.lines),
      },
    });
}

/** The stable park code of a refused order: the most specific problem wins (groups exceptions by cause). */
export function parkCodeFor(problems: readonly MappingProblem[]): ErrorCode {
  const has = (code: MappingProblem["code"]) => problems.some((p) => p.code === code);
  if (has("CURRENCY_MISMATCH")) return "MLC_CURRENCY_MISMATCH";
  if (has("PERIOD_NOT_OPEN")) return "MLC_PERIOD_NOT_OPEN";
  if (has("UNMAPPED_ACCOUNT")) return "MLC_MAPPING_UNMAPPED_ACCOUNT";
  return "MLC_MAPPING_FAILED";
}
