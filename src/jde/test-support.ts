import type { AccountRef, JournalLine } from "../domain/journal.js";
import { systemClock } from "../lib/clock.js";
import { createSilentLogger } from "../lib/logger.js";
import type { KeyedDocument } from "../posting/journal-poster.js";
import { type AisClient, type AisClientDeps, createAisClient } from "./ais-client.js";
import { createOrchestrationJournalPoster } from "./orchestration-journal-poster.js";

/** Test helpers for src/jde (not exported from the adapter). */

export function simClient(url: string, overrides: Partial<AisClientDeps> = {}): AisClient {
  return createAisClient({
    baseUrl: url,
    username: "SVC_SHOP",
    password: "demo_password",
    environment: "JPD920",
    role: "*ALL",
    deviceName: "ml-connector-test",
    timeoutMs: 5_000,
    clock: systemClock,
    log: createSilentLogger(),
    ...overrides,
  });
}

/** The demo's journal orchestration (v3 unless told), as the simulator deploys it. */
export function simPoster(ais: AisClient, version: "v3" | "v2" = "v3") {
  return createOrchestrationJournalPoster({
    ais,
    orchestration: "MLC_JournalEntryBatch",
    version,
    dateFormat: "MM/dd/yyyy",
    referenceField: "VINV",
  });
}

export function account(text: string): AccountRef {
  const [businessUnit = "", object = "", subsidiary = ""] = text.split(".");
  return { businessUnit, object, subsidiary };
}

function line(accountText: string, amountMinor: bigint, explanation: string): JournalLine {
  return {
    account: account(accountText),
    amountMinor,
    kind: amountMinor > 0n ? "clearing" : "revenue",
    explanation,
  };
}

/** A paid-at-checkout order: clearing debit, revenue and tax credits. `unbalancedBy` breaks it. */
export function makeDocument(
  options: {
    order: number;
    sequence?: number;
    glDate?: string;
    unbalancedBy?: bigint;
    totalMinor?: bigint;
  } & Partial<Pick<KeyedDocument, "ediUser" | "transactionNumber" | "reference" | "explanation">>,
): KeyedDocument {
  const total = options.totalMinor ?? 12_744n;
  const tax = total / 10n;
  const orderName = `#${options.order}`;
  return {
    ediUser: options.ediUser ?? "SHOPIFY",
    transactionNumber: options.transactionNumber ?? `S${options.order}A${options.sequence ?? 1}`,
    reference: options.reference ?? orderName,
    explanation: options.explanation ?? `Shopify ${orderName}`,
    company: "00100",
    documentType: "JE",
    document: {
      tenantId: "acme",
      orderId: `gid://shopify/Order/${options.order}`,
      orderName,
      glDate: options.glDate ?? "2026-11-27",
      currency: "USD",
      decimals: 2,
      eventIds: [`evt-${options.order}`],
      lines: [
        line("100.1115", total + (options.unbalancedBy ?? 0n), "Shopify Payments"),
        line("100.4100", -(total - tax), "Revenue"),
        line("100.2110", -tax, "Sales tax"),
      ],
    },
  };
}
