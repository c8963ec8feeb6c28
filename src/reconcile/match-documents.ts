import { linesSignature } from "./ledger-lines.js";
import type { ConnectorDocument, JdeDocument } from "./reconciliation.js";

export interface DocumentMatches {
  /** Connector document key → the JDE document that holds it. */
  jdeOf: Map<string, JdeDocument>;
  /** JDE documents no connector document claimed, in input order. */
  unmatchedJde: JdeDocument[];
}

/**
 * Pairs connector documents with JDE documents; each JDE document pairs with at most one. A document
 * whose DOC the connector knows pairs by that number only. One without a DOC (staged, timed out, read
 * back without a number) pairs with an unclaimed JDE document of the same reference, G/L date and lines.
 * DOC pairs are made first, so a reference pair never takes a document another one names by number.
 * Rejected documents pair with nothing: JDE holds none of them, and a JDE document like one is surplus.
 * Every status but rejected is paired, so a document JDE took before the connector read back its answer
 * is not also reported as unknown to the connector.
 */
export function matchDocuments(
  connector: readonly ConnectorDocument[],
  jde: readonly JdeDocument[],
): DocumentMatches {
  const claimed = new Set<JdeDocument>();
  const jdeOf = new Map<string, JdeDocument>();
  const candidates = connector.filter((doc) => doc.status !== "rejected").sort(byGlDateThenKey);
  const byNumber = indexBy(jde, (doc) => doc.documentNumber);
  for (const doc of candidates) {
    if (doc.documentNumber === null) continue;
    const found = byNumber.get(doc.documentNumber)?.find((held) => !claimed.has(held));
    if (found) claim(doc, found);
  }
  const withoutNumber = candidates.filter((doc) => doc.documentNumber === null);
  // Indexing JDE by reference costs a pass over every document: only when some document needs it.
  const findByReference = withoutNumber.length > 0 ? createReferenceFinder(jde) : undefined;
  for (const doc of withoutNumber) {
    const found = findByReference?.(doc, (held) => !claimed.has(held));
    if (found) claim(doc, found);
  }
  return { jdeOf, unmatchedJde: jde.filter((doc) => !claimed.has(doc)) };

  function claim(doc: ConnectorDocument, held: JdeDocument): void {
    claimed.add(held);
    jdeOf.set(doc.key, held);
  }
}

/**
 * The input's JDE documents without repeats: the caller reads F0911 by period and again by DOC number,
 * so a document of the period the connector knows arrives twice. The first copy is kept.
 */
export function uniqueJdeDocuments(jde: readonly JdeDocument[]): JdeDocument[] {
  const seen = new Set<string>();
  return jde.filter((doc) => {
    const id = `${doc.company}|${doc.documentType}|${doc.documentNumber}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The reference JDE holds, without the blanks its CHAR column pads with. */
export function referenceOf(doc: JdeDocument): string {
  return doc.reference.trim();
}

/**
 * Finds a JDE document with a connector document's reference, G/L date and lines through an index by
 * reference, so each look-up scans one order's few documents, never all of JDE's.
 */
function createReferenceFinder(jde: readonly JdeDocument[]) {
  const byReference = indexBy(jde, referenceOf);
  const signatures = new Map<JdeDocument, string>();
  const signatureOf = (doc: JdeDocument): string => {
    let signature = signatures.get(doc);
    if (signature === undefined) {
      signature = linesSignature(doc.lines);
      signatures.set(doc, signature);
    }
    return signature;
  };
  return (doc: ConnectorDocument, isFree: (held: JdeDocument) => boolean): JdeDocument | undefined => {
    const wanted = linesSignature(doc.lines);
    return byReference
      .get(doc.orderName)
      ?.find((held) => isFree(held) && held.glDate === doc.glDate && signatureOf(held) === wanted);
  };
}

export function indexBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const held = index.get(key);
    if (held) held.push(item);
    else index.set(key, [item]);
  }
  return index;
}

/** Earlier documents claim first, so a repeat on the same day is the later one (deterministic). */
function byGlDateThenKey(a: ConnectorDocument, b: ConnectorDocument): number {
  if (a.glDate !== b.glDate) return a.glDate < b.glDate ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
