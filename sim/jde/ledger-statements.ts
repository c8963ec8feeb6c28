import type { F0911Row } from "./jde-tables.js";

/**
 * The WHERE columns of the ledger knobs' statements on the database stand-in's F0911 and F0011
 * (built by jde-database-rows.ts). A statement for rows the stand-in does not hold (a document of the
 * orchestration path, kept in memory only) changes nothing.
 */

/** The F0911 columns naming a document (KCO, DCT, DOC). */
export function documentColumns(line: F0911Row): Record<string, unknown> {
  return { GLKCO: line.GLKCO, GLDCT: line.GLDCT, GLDOC: line.GLDOC };
}

/** The F0911 columns naming one line of a document (KCO, DCT, DOC, JELN, ledger type). */
export function lineColumns(line: F0911Row): Record<string, unknown> {
  return { ...documentColumns(line), GLJELN: line.GLJELN, GLLT: line.GLLT };
}

/** The F0911 columns naming a JE batch's lines. */
export function batchLineColumns(icu: number): Record<string, unknown> {
  return { GLICUT: "G", GLICU: icu };
}

/** The F0011 columns naming a JE batch header. */
export function batchHeaderColumns(icu: number): Record<string, unknown> {
  return { ICICUT: "G", ICICU: icu };
}
