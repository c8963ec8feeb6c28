import { describePeriod, differenceLines, isInPeriod, linesSignature } from "./ledger-lines.js";
import { indexBy, referenceOf } from "./match-documents.js";
import type { ConnectorDocument, JdeDocument, ReconcilePeriod, Variance } from "./reconciliation.js";
import { nameJde, orderOf, type VarianceOrder } from "./variance-parts.js";

export interface SurplusJdeInput {
  period: ReconcilePeriod;
  /** JDE documents no connector document claimed (`matchDocuments`). */
  unmatchedJde: readonly JdeDocument[];
  /** Every pair `matchDocuments` made. */
  matched: readonly { connector: ConnectorDocument; jde: JdeDocument }[];
  /** The orders the reconciliation knows (expected and connector), by name. */
  ordersByName: ReadonlyMap<string, VarianceOrder>;
}

export interface SurplusJdeOutcome {
  variances: Variance[];
  /** The surplus documents tied to the connector's orders: their lines belong in the cells' JDE column. */
  attributed: JdeDocument[];
  /** JE documents of the period that are not the connector's (the company's own journal entries). */
  otherDocumentCount: number;
}

/**
 * Rule 3: JDE documents of the period that no connector document claimed. A copy of a claimed document
 * (same reference, G/L date and lines) was posted twice; one naming a known order was entered around the
 * connector; the rest are the company's own entries and only counted.
 */
export function classifySurplusJdeDocuments(input: SurplusJdeInput): SurplusJdeOutcome {
  const findOriginal = createOriginalFinder(input.matched);
  const outcome: SurplusJdeOutcome = { variances: [], attributed: [], otherDocumentCount: 0 };
  for (const jde of input.unmatchedJde) {
    if (!isInPeriod(jde.glDate, input.period)) continue;
    const original = findOriginal(jde);
    const order = input.ordersByName.get(referenceOf(jde));
    if (original) outcome.variances.push(postedTwice(jde, original));
    else if (order) outcome.variances.push(unknownToConnector(jde, order, input.period));
    else {
      outcome.otherDocumentCount += 1;
      continue;
    }
    outcome.attributed.push(jde);
  }
  return outcome;
}

type MatchedPair = SurplusJdeInput["matched"][number];

/**
 * Finds the claimed document a surplus one copies (same reference, G/L date and lines; the DOC number
 * is what tells copies apart). Indexed by reference, so lines are compared only for the few documents
 * of one order, not signed for every claimed document of the period.
 */
function createOriginalFinder(matched: readonly MatchedPair[]) {
  const byReference = indexBy(matched, (pair) => referenceOf(pair.jde));
  return (surplus: JdeDocument): MatchedPair | undefined => {
    const candidates = byReference
      .get(referenceOf(surplus))
      ?.filter((pair) => pair.jde.glDate === surplus.glDate);
    if (!candidates?.length) return undefined;
    const signature = linesSignature(surplus.lines);
    return candidates.find((pair) => linesSignature(pair.jde.lines) === signature);
  };
}

function postedTwice(
  jde: JdeDocument,
  original: { connector: ConnectorDocument; jde: JdeDocument },
): Variance {
  return {
    type: "posted_twice",
    glDate: jde.glDate,
    lines: differenceLines(jde.lines, []),
    orders: [orderOf(original.connector)],
    connectorDocuments: [original.connector.key],
    jdeDocuments: [original.jde.documentNumber, jde.documentNumber],
    explanation: `${nameJde(jde)} repeats JDE document ${original.jde.documentNumber} (same reference, date ${jde.glDate} and lines), which holds the connector's ${original.connector.edtn}; void one of them.`,
  };
}

function unknownToConnector(jde: JdeDocument, order: VarianceOrder, period: ReconcilePeriod): Variance {
  return {
    type: "unknown_to_connector",
    glDate: jde.glDate,
    lines: differenceLines(jde.lines, []),
    orders: [order],
    connectorDocuments: [],
    jdeDocuments: [jde.documentNumber],
    explanation: `${nameJde(jde)} of ${jde.glDate} names ${order.orderName}, but the connector posted no such document in ${describePeriod(period)}; check who entered it and whether it doubles the connector's posting.`,
  };
}
