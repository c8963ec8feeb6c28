import type { AuditLog } from "../audit/audit-log.js";
import { createRuleVersionRecorder } from "../audit/rule-version-recorder.js";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { localDate } from "../domain/jde-date.js";
import type { JournalLine } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import type { Clock } from "../lib/clock.js";
import { mapOrderToJournalDocuments } from "../mapping/map-order-to-journal-documents.js";
import { buildCorrection } from "../posting/build-correction.js";
import { orderAddressNumberOf } from "../posting/order-address-number-of.js";
import type { PostingDocument, PostingStore } from "../posting/posting-store.js";
import { transactionNumberFor } from "../posting/transaction-number.js";
import type { OrderSource } from "./order-source.js";

export interface CorrectionTenant {
  orders: OrderSource;
  /** The tenant's current rules, in the currency and decimals the order was posted in. */
  policy(facts: { currency: string; decimals: number }): AccountingPolicy;
}

export interface CorrectOrderRequest {
  tenantId: string;
  /** A Shopify order GID, its numeric id, or its name ("#1042") as recorded in the connector. */
  order: string;
  reason: string;
  requestedBy: string;
  dryRun: boolean;
}

export type CorrectOrderOutcome =
  | { type: "recorded"; document: PostingDocument }
  | { type: "preview"; orderId: string; orderName: string; glDate: string; lines: JournalLine[] }
  | { type: "nothing-to-correct"; orderId: string; orderName: string }
  | { type: "refused"; reason: string };

/**
 * DESIGN.md §2: "a correction of a wrong mapping is an explicit, audited act that posts a reversal and
 * the corrected lines on the correction date". Reads the order from Shopify, maps the events already
 * posted under today's rules, and records the difference as the order's next document.
 */
export function createOrderCorrector(deps: {
  tenant(tenantId: string): CorrectionTenant | undefined;
  posting: PostingStore;
  audit: AuditLog;
  clock: Clock;
}) {
  const ruleVersions = createRuleVersionRecorder(deps);
  return { correctOrder };

  async function correctOrder(request: CorrectOrderRequest): Promise<CorrectOrderOutcome> {
    const reason = request.reason.trim();
    if (!reason) return refused("a correction needs a reason (--reason)");
    const tenant = deps.tenant(request.tenantId);
    if (!tenant) return refused(`tenant ${request.tenantId} is not configured`);
    const orderId = await resolveOrderId(request.tenantId, request.order);
    if (typeof orderId !== "string") return orderId;
    const posted = await deps.posting.listDocuments({ tenantId: request.tenantId, orderId });
    const basis = checkBasis(posted, orderId);
    if (basis) return basis;
    const order = await tenant.orders.fetchOrder(orderId);
    if (!order) return refused(`Shopify has no order ${orderId}`);
    const [first] = posted as [PostingDocument];
    const policy = tenant.policy({ currency: first.currency, decimals: first.decimals });
    // The order's one customer (docs/customers.md §5): the reversal carries each posted line's AN8, so the
    // remapped receivable must carry it too, or the correction would move the receivable off the customer.
    const customerAddressNumber = orderAddressNumberOf(posted);
    const remapped = remapPostedEvents({ order, policy, posted, customerAddressNumber });
    if (!Array.isArray(remapped)) return remapped;
    const glDate = localDate(deps.clock.now().toISOString(), policy.timezone);
    const correction = buildCorrection({
      orderName: order.name,
      glDate,
      postedLines: posted.flatMap((document) => document.lines),
      remappedLines: remapped,
    });
    if (!correction) return { type: "nothing-to-correct", orderId, orderName: order.name };
    if (request.dryRun)
      return { type: "preview", orderId, orderName: order.name, glDate, lines: correction.lines };
    const ruleVersion = await ruleVersions.versionFor(request.tenantId, policy);
    return record({ ...request, reason }, order, first, posted, correction.lines, glDate, ruleVersion);
  }

  async function record(
    request: CorrectOrderRequest,
    order: OrderSnapshot,
    first: PostingDocument,
    posted: PostingDocument[],
    lines: JournalLine[],
    glDate: string,
    ruleVersion: string,
  ): Promise<CorrectOrderOutcome> {
    const now = deps.clock.now();
    const result = await deps.posting.recordCorrection({
      tenantId: request.tenantId,
      orderId: order.id,
      orderName: order.name,
      glDate,
      currency: first.currency,
      decimals: first.decimals,
      lines,
      reason: request.reason,
      requestedBy: request.requestedBy,
      basedOnSequence: Math.max(...posted.map((document) => document.sequence)),
      edtnForSequence: (sequence) => transactionNumberFor(order.id, sequence),
      now,
    });
    if (!result.ok) return refused("the order got another document meanwhile; run the correction again");
    await deps.audit.append({
      tenantId: request.tenantId,
      orderId: order.id,
      orderName: order.name,
      step: "correction.recorded",
      documentKey: result.document.key,
      at: now,
      detail: {
        reason: request.reason,
        requestedBy: request.requestedBy,
        ruleVersion,
        edtn: result.document.edtn,
        glDate,
        corrects: posted.map((document) => document.edtn),
        lines: lines.map((l) => ({
          account: l.account,
          amountMinor: l.amountMinor.toString(),
          kind: l.kind,
        })),
      },
    });
    return { type: "recorded", document: result.document };
  }

  async function resolveOrderId(tenantId: string, order: string): Promise<string | CorrectOrderOutcome> {
    if (order.startsWith("gid://")) return order;
    if (/^\d+$/.test(order)) return `gid://shopify/Order/${order}`;
    const name = order.startsWith("#") ? order : `#${order}`;
    const ids = await deps.posting.orderIdsByName(tenantId, name);
    if (ids.length === 1) return ids[0] as string;
    return refused(
      ids.length === 0
        ? `no posted order named ${name}; give its GID`
        : `${ids.length} orders are named ${name}; give the GID`,
    );
  }
}

/** What JDE holds for the order must be known and final enough to reverse. */
function checkBasis(posted: PostingDocument[], orderId: string): CorrectOrderOutcome | null {
  if (posted.length === 0) return refused(`nothing is posted as documents for ${orderId}`);
  const rejected = posted.filter((document) => document.status === "rejected");
  if (rejected.length > 0)
    return refused(`JDE rejected ${rejected.map((d) => d.edtn).join(", ")}; resolve that before correcting`);
  return null;
}

/**
 * Maps exactly the events the posted documents carry: events not recorded yet are left to the order
 * sync (passed as "already posted"), or the correction and the sync would both post them.
 */
function remapPostedEvents(input: {
  order: OrderSnapshot;
  policy: AccountingPolicy;
  posted: PostingDocument[];
  customerAddressNumber: string | null;
}): JournalLine[] | CorrectOrderOutcome {
  const { order, policy, posted, customerAddressNumber } = input;
  const postedIds = new Set(posted.flatMap((document) => document.eventIds));
  const allIds = [...order.salesEvents.map((e) => e.id), ...order.paymentEvents.map((e) => e.id)];
  const notPosted = new Set(allIds.filter((id) => !postedIds.has(id)));
  const mapped = mapOrderToJournalDocuments({
    order,
    policy,
    alreadyPosted: notPosted,
    customerAddressNumber,
  });
  if (!mapped.ok)
    return refused(`the order does not map: ${mapped.problems.map((p) => p.message).join("; ")}`);
  return mapped.documents.flatMap((document) => document.lines);
}

function refused(reason: string): CorrectOrderOutcome {
  return { type: "refused", reason };
}
