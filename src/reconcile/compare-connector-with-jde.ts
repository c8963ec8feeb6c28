import { accountList, describePeriod, differenceLines, isInPeriod, negatedLines } from "./ledger-lines.js";
import type { ConnectorDocument, JdeDocument, ReconcilePeriod, Variance } from "./reconciliation.js";
import { nameConnector, nameJde, orderOf } from "./variance-parts.js";

export interface ConnectorWithJdeInput {
  period: ReconcilePeriod;
  connector: readonly ConnectorDocument[];
  /** From `matchDocuments`: connector document key → its JDE document. */
  jdeOf: ReadonlyMap<string, JdeDocument>;
}

/**
 * Rule 2: what became of each connector document in JDE. A document is reported in the period that holds
 * its connector date or its JDE date; one with both outside belongs to another period's reconciliation.
 */
export function compareConnectorWithJde(input: ConnectorWithJdeInput): Variance[] {
  return input.connector.flatMap((doc) => documentVariances(doc, input.jdeOf.get(doc.key), input.period));
}

function documentVariances(
  doc: ConnectorDocument,
  jde: JdeDocument | undefined,
  period: ReconcilePeriod,
): Variance[] {
  switch (doc.status) {
    case "rejected":
      return isInPeriod(doc.glDate, period) ? [rejectedByJde(doc)] : [];
    case "accepted":
    case "confirmed":
      return answeredDocumentVariances(doc, jde, period);
    default:
      return awaitingJde(doc, jde, period);
  }
}

/** JDE said yes: the document must be in F0911 on the same date with the same lines, and posted. */
function answeredDocumentVariances(
  doc: ConnectorDocument,
  jde: JdeDocument | undefined,
  period: ReconcilePeriod,
): Variance[] {
  if (!jde) return isInPeriod(doc.glDate, period) ? [missingInJde(doc)] : [];
  const connectorInPeriod = isInPeriod(doc.glDate, period);
  const jdeInPeriod = isInPeriod(jde.glDate, period);
  if (!connectorInPeriod && !jdeInPeriod) return [];
  const variances: Variance[] = [];
  if (!connectorInPeriod || !jdeInPeriod) {
    // The period's amounts cannot agree with a moved document; comparing lines would say so twice.
    variances.push(postedInAnotherPeriod(doc, jde, period));
  } else {
    if (jde.glDate !== doc.glDate) variances.push(postedOnAnotherDate(doc, jde));
    const difference = differenceLines(jde.lines, doc.lines);
    if (difference.length > 0) variances.push(amountMismatch(doc, jde, difference));
  }
  if (!jde.posted && jdeInPeriod) variances.push(unpostedBatch(doc, jde));
  return variances;
}

function base(doc: ConnectorDocument, jde: JdeDocument | undefined) {
  return {
    orders: [orderOf(doc)],
    connectorDocuments: [doc.key],
    jdeDocuments: jde ? [jde.documentNumber] : [],
  };
}

/**
 * No lines: the cells leave rejected documents out of the connector's column, so the amount shows
 * between Shopify and the connector, in the order's `not_posted_by_connector` variance.
 */
function rejectedByJde(doc: ConnectorDocument): Variance {
  return {
    type: "rejected_by_jde",
    glDate: doc.glDate,
    lines: [],
    ...base(doc, undefined),
    explanation: `JDE rejected ${nameConnector(doc)} of ${doc.glDate}; fix the cause in the connector's errors and resend it.`,
  };
}

const WAITING_FOR: Record<string, string> = {
  pending: "is queued and not sent yet",
  sent: "was sent and JDE has not answered yet",
  staged: "is staged in F0911Z1 and waits for R09110Z",
  unknown:
    "has an unknown outcome (the call failed after sending); the connector looks it up before resending",
};

/** Sent or about to be: JDE may already hold it (the connector reads the answer back later). */
function awaitingJde(
  doc: ConnectorDocument,
  jde: JdeDocument | undefined,
  period: ReconcilePeriod,
): Variance[] {
  const inPeriod = isInPeriod(doc.glDate, period);
  if (!inPeriod && !(jde && isInPeriod(jde.glDate, period))) return [];
  const held = jde
    ? `; JDE already holds it as document ${jde.documentNumber} on ${jde.glDate}, the connector confirms it at its next read-back`
    : "";
  return [
    {
      type: "awaiting_jde",
      glDate: inPeriod ? doc.glDate : (jde?.glDate ?? doc.glDate),
      lines: differenceLines(jde?.lines ?? [], doc.lines),
      ...base(doc, jde),
      explanation: `${capitalised(nameConnector(doc))} of ${doc.glDate} ${WAITING_FOR[doc.status] ?? `is ${doc.status}`}${held}.`,
    },
  ];
}

function missingInJde(doc: ConnectorDocument): Variance {
  const how =
    doc.documentNumber === null
      ? `F0911 has no document with reference ${doc.orderName}, G/L date ${doc.glDate} and the same lines`
      : `F0911 has no document ${doc.documentNumber}`;
  return {
    type: "missing_in_jde",
    glDate: doc.glDate,
    lines: negatedLines(doc.lines),
    ...base(doc, undefined),
    explanation: `JDE accepted ${nameConnector(doc)} of ${doc.glDate}, but ${how}; check whether it was deleted or voided in JDE.`,
  };
}

/** Reported on the date inside the period, with that date's difference (JDE − connector). */
function postedInAnotherPeriod(doc: ConnectorDocument, jde: JdeDocument, period: ReconcilePeriod): Variance {
  const jdeInPeriod = isInPeriod(jde.glDate, period);
  const label = describePeriod(period);
  const explanation = jdeInPeriod
    ? `${nameJde(jde)} was posted on ${jde.glDate} in ${label}; the connector posted it on ${doc.glDate}, outside ${label}.`
    : `${nameJde(jde)} was posted on ${jde.glDate}, outside ${label}; the connector posted it on ${doc.glDate}.`;
  return {
    type: "posted_in_another_period",
    glDate: jdeInPeriod ? jde.glDate : doc.glDate,
    lines: jdeInPeriod ? differenceLines(jde.lines, []) : negatedLines(doc.lines),
    ...base(doc, jde),
    explanation,
  };
}

/** Reported on the connector's date, which lacks the document in JDE; the period's totals agree. */
function postedOnAnotherDate(doc: ConnectorDocument, jde: JdeDocument): Variance {
  return {
    type: "posted_on_another_date",
    glDate: doc.glDate,
    lines: negatedLines(doc.lines),
    ...base(doc, jde),
    explanation: `${nameJde(jde)} was posted on ${jde.glDate}; the connector posted it on ${doc.glDate} (same period, other day).`,
  };
}

function amountMismatch(doc: ConnectorDocument, jde: JdeDocument, difference: Variance["lines"]): Variance {
  return {
    type: "amount_mismatch",
    glDate: jde.glDate,
    lines: difference,
    ...base(doc, jde),
    explanation: `${nameJde(jde)} differs from what the connector sent (${doc.edtn}) on ${accountList(difference)}; find who changed it in JDE.`,
  };
}

/** Lines the balances (F0902) lack until R09801 posts the batch: the document's own, negated. */
function unpostedBatch(doc: ConnectorDocument, jde: JdeDocument): Variance {
  return {
    type: "unposted_batch",
    glDate: jde.glDate,
    lines: negatedLines(jde.lines),
    ...base(doc, jde),
    explanation: `${nameJde(jde)} of ${jde.glDate} is in batch ${jde.batchNumber}, which is not posted; post the batch (R09801).`,
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
