import type { AccountingPolicy } from "../../domain/accounting-policy.js";
import { assertBalanced, type JournalDocument } from "../../domain/journal.js";
import type { OrderSnapshot } from "../../domain/order.js";
import { type MappingInput, mapOrderToJournalDocuments } from "../map-order-to-journal-documents.js";

/** Maps an order that must map (nothing posted yet unless told) and checks every document balances. */
export function mapToDocuments(
  order: OrderSnapshot,
  policy: AccountingPolicy,
  extra: Partial<MappingInput> = {},
): JournalDocument[] {
  const result = mapOrderToJournalDocuments({ order, policy, alreadyPosted: new Set(), ...extra });
  if (!result.ok) throw new Error(`expected the order to map, got ${JSON.stringify(result.problems)}`);
  for (const document of result.documents) assertBalanced(document);
  return result.documents;
}
