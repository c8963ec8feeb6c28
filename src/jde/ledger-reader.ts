import { chunk } from "../lib/chunk.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { AisClient } from "./ais-client.js";
import { aisDateToIso, amountToMinor } from "./ais-values.js";
import { type BrowseCondition, type BrowseRow, browseTable, text } from "./data-service.js";
import type { ReferenceField } from "./journal-lookup.js";
import { type AisDateFormat, formatDisplayDate } from "./orchestration-input.js";

/**
 * One journal document as F0911 holds it (ledger type AA). Declared here rather than imported from
 * reconcile/ (adapters may not depend on it); reconciliation accepts it structurally.
 */
export interface LedgerDocument {
  company: string;
  documentType: string;
  documentNumber: string;
  /** ISO `yyyy-MM-dd`. */
  glDate: string;
  /** GLICU as text. */
  batchNumber: string;
  /** True only when every AA line has GLPOST 'P' (R09801 ran; code Unconfirmed, jde-ais.md §6.6). */
  posted: boolean;
  /** The reference field (VINV), trimmed. */
  reference: string;
  /** GLEXA of the first line (lowest JELN). */
  explanation: string;
  /** One per F0911 line in JELN order; amounts in company-currency minor units, + debit. */
  lines: { account: { businessUnit: string; object: string; subsidiary: string }; amountMinor: bigint }[];
}

export interface LedgerPeriodRequest {
  company: string;
  documentType: string;
  /** ISO `yyyy-MM-dd`, first G/L date of the period (included). */
  firstDate: string;
  /** ISO `yyyy-MM-dd`, last G/L date of the period (included). */
  lastDate: string;
  /** Minor-unit exponent of the company currency (F0013 CVCDEC): AA is in that currency. */
  decimals: number;
  referenceField: ReferenceField;
  /** The AIS user's display date format: date literals in conditions must be in it. */
  dateFormat: AisDateFormat;
  pageSize?: number;
  maxPages?: number;
}

export interface LedgerNumbersRequest {
  company: string;
  documentType: string;
  /** JDE document numbers (DOC). */
  documentNumbers: string[];
  decimals: number;
  referenceField: ReferenceField;
  /** Read dates in this form too, should AIS return them in the user's format (Unconfirmed, §4). */
  dateFormat?: AisDateFormat;
}

/**
 * A busy shop's month is tens of thousands of F0911 lines; 500 pages of 1000 allows half a million
 * while still refusing a runaway query (browseTable's default of 50 pages would refuse a real month).
 */
const PERIOD_MAX_PAGES = 500;
const PERIOD_PAGE_SIZE = 1000;
/** Each DOC literal becomes an SQL IN member on the AIS side; keep one request's list short. */
const NUMBERS_PER_REQUEST = 100;

/**
 * Every AA journal document of one company and document type on G/L dates in
 * [firstDate, lastDate], through one F0911 BROWSE with DGJ BETWEEN (reference/jde-ais.md §4, §6.6).
 * Throws MLC_AIS_RESPONSE_INVALID when AIS returns a line dated outside the period: the date
 * literals were read in another format than `dateFormat`, and the whole answer is then suspect.
 */
export async function readLedgerDocuments(
  ais: Pick<AisClient, "call">,
  request: LedgerPeriodRequest,
): Promise<LedgerDocument[]> {
  assertPeriod(request);
  const rows = await browseTable(ais, {
    table: "F0911",
    columns: ledgerColumns(request.referenceField),
    conditions: [
      ...documentConditions(request),
      {
        column: "DGJ",
        operator: "BETWEEN",
        values: [request.firstDate, request.lastDate].map((date) =>
          formatDisplayDate(date, request.dateFormat),
        ),
      },
    ],
    pageSize: request.pageSize ?? PERIOD_PAGE_SIZE,
    maxPages: request.maxPages ?? PERIOD_MAX_PAGES,
  });
  const documents = groupLedgerDocuments(rows, request);
  const outside = documents.find((d) => d.glDate < request.firstDate || d.glDate > request.lastDate);
  if (outside) throw dateOutsidePeriod(outside, request);
  return documents;
}

/**
 * The documents with these numbers on any G/L date (DOC LIST, at most {@link NUMBERS_PER_REQUEST}
 * literals per BROWSE): where JDE holds a connector document the period read did not find.
 */
export async function readLedgerDocumentsByNumber(
  ais: Pick<AisClient, "call">,
  request: LedgerNumbersRequest,
): Promise<LedgerDocument[]> {
  const numbers = [...new Set(request.documentNumbers.map((n) => n.trim()))];
  const invalid = numbers.filter((n) => !/^\d{1,8}$/.test(n));
  if (invalid.length > 0) {
    throw new ConnectorError("MLC_JDE_FIELD_INVALID", `not JDE document numbers: ${invalid.join(", ")}`, {
      detail: { invalid },
    });
  }
  const rows: BrowseRow[] = [];
  for (const part of chunk(numbers, NUMBERS_PER_REQUEST)) {
    const doc: BrowseCondition =
      part.length === 1
        ? { column: "DOC", operator: "EQUAL", values: part }
        : { column: "DOC", operator: "LIST", values: part };
    rows.push(
      ...(await browseTable(ais, {
        table: "F0911",
        columns: ledgerColumns(request.referenceField),
        conditions: [...documentConditions(request), doc],
      })),
    );
  }
  return groupLedgerDocuments(rows, request);
}

function ledgerColumns(referenceField: ReferenceField): string[] {
  return [
    "KCO",
    "DCT",
    "DOC",
    "DGJ",
    "JELN",
    "LT",
    "ICU",
    "POST",
    "MCU",
    "OBJ",
    "SUB",
    "AA",
    "EXA",
    referenceField,
  ];
}

/** CA (and every other ledger) lines repeat the AA line in another currency: AA only. */
function documentConditions(request: { company: string; documentType: string }): BrowseCondition[] {
  return [
    { column: "KCO", operator: "EQUAL", values: [request.company] },
    { column: "DCT", operator: "EQUAL", values: [request.documentType] },
    { column: "LT", operator: "EQUAL", values: ["AA"] },
  ];
}

function assertPeriod(request: LedgerPeriodRequest): void {
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (iso.test(request.firstDate) && iso.test(request.lastDate) && request.firstDate <= request.lastDate)
    return;
  throw new ConnectorError(
    "MLC_JDE_FIELD_INVALID",
    `G/L period ${request.firstDate}..${request.lastDate} is not two ISO dates in order`,
    { detail: { firstDate: request.firstDate, lastDate: request.lastDate } },
  );
}

interface ParsedLine {
  row: BrowseRow;
  glDate: string;
  jeln: number;
}

/**
 * Rows → documents keyed by (KCO, DCT, DOC, DGJ). DGJ is in the key on purpose: JDE lets a user
 * change one line's G/L date, and merging such a document would hide that it now spans two dates
 * (and maybe two periods); it comes back as two documents with the same number instead.
 */
function groupLedgerDocuments(
  rows: BrowseRow[],
  format: { decimals: number; referenceField: ReferenceField; dateFormat?: AisDateFormat },
): LedgerDocument[] {
  const groups = new Map<string, ParsedLine[]>();
  for (const row of rows) {
    if (text(row, "LT") !== "AA") continue; // the condition asked for AA only; never trust a CA line
    const line = parseLine(row, format.dateFormat);
    const key = [text(row, "KCO"), text(row, "DCT"), text(row, "DOC"), line.glDate].join("|");
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.values()]
    .map((lines) =>
      toDocument(
        lines.sort((a, b) => a.jeln - b.jeln),
        format,
      ),
    )
    .sort((a, b) => Number(a.documentNumber) - Number(b.documentNumber) || a.glDate.localeCompare(b.glDate));
}

function parseLine(row: BrowseRow, dateFormat: AisDateFormat | undefined): ParsedLine {
  const glDate = aisDateToIso(row.DGJ, dateFormat);
  const jeln = Number(row.JELN);
  if (!/^\d+$/.test(text(row, "DOC")) || glDate === undefined || !Number.isFinite(jeln)) {
    throw unreadable(row, "DOC, DGJ or JELN");
  }
  return { row, glDate, jeln };
}

function toDocument(
  lines: ParsedLine[],
  format: { decimals: number; referenceField: ReferenceField },
): LedgerDocument {
  const first = lines[0]!.row;
  return {
    company: text(first, "KCO"),
    documentType: text(first, "DCT"),
    documentNumber: text(first, "DOC"),
    glDate: lines[0]!.glDate,
    batchNumber: text(first, "ICU"),
    posted: lines.every(({ row }) => text(row, "POST") === "P"),
    reference: text(first, format.referenceField),
    explanation: text(first, "EXA"),
    lines: lines.map(({ row }) => ({
      // MCU is right-justified in JDE ("         100"); text() trims it.
      account: { businessUnit: text(row, "MCU"), object: text(row, "OBJ"), subsidiary: text(row, "SUB") },
      amountMinor: lineAmount(row, format.decimals),
    })),
  };
}

function lineAmount(row: BrowseRow, decimals: number): bigint {
  const amount = amountToMinor(row.AA, decimals);
  if (amount === undefined) throw unreadable(row, `AA with at most ${decimals} decimals`);
  return amount;
}

function unreadable(row: BrowseRow, what: string): ConnectorError {
  return new ConnectorError("MLC_AIS_RESPONSE_INVALID", `F0911 line without a readable ${what}`, {
    // The same rows come back on a retry; a wrong `decimals` is a configuration fault.
    retryable: false,
    detail: { doc: row.DOC, jeln: row.JELN, dgj: row.DGJ, aa: row.AA },
  });
}

function dateOutsidePeriod(document: LedgerDocument, request: LedgerPeriodRequest): ConnectorError {
  return new ConnectorError(
    "MLC_AIS_RESPONSE_INVALID",
    `F0911 returned document ${document.documentNumber} dated ${document.glDate}, outside ${request.firstDate}..${request.lastDate}: is dateFormat ${request.dateFormat} the AIS user's?`,
    {
      // Asking again will not change how AIS reads the date literals.
      retryable: false,
      detail: {
        documentNumber: document.documentNumber,
        glDate: document.glDate,
        dateFormat: request.dateFormat,
      },
    },
  );
}
