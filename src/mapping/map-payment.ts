import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { AccountRef, JournalLineKind } from "../domain/journal.js";
import type { PaymentEvent } from "../domain/order.js";
import { type MappedLines, mappingProblem } from "./mapping-problem.js";
import { journalLine } from "./sale-context.js";

/** Gateways that are not money: paying with them uses up a liability, never a clearing account. */
const GIFT_CARD_GATEWAYS = new Set(["gift_card"]);
const STORE_CREDIT_GATEWAYS = new Set(["shopify_store_credit", "store_credit"]);

/** What the ledger reader sees in EXR for well-known gateways; others show the gateway handle. */
const GATEWAY_LABELS: Record<string, string> = {
  shopify_payments: "Shopify Payments",
  paypal: "PayPal",
  gift_card: "Gift card",
  shopify_store_credit: "Store credit",
  store_credit: "Store credit",
  manual: "Manual payment",
  cash: "Cash",
  bogus: "Bogus (test) gateway",
};

interface PaymentTarget {
  account: AccountRef;
  kind: JournalLineKind;
}

/**
 * The money side of a successful payment: SALE/CAPTURE debit the gateway's clearing account
 * (`clearing[gateway]`, else `clearing.default`); REFUND credits it. Gift-card and store-credit
 * "gateways" debit/credit their liability instead. POS cash rounding (`cashRoundingMinor`) goes to
 * the rounding account so the receivable is settled with the amount due, not the cash that moved:
 * 10.02 due, 10.00 paid → Dr clearing 10.00, Dr rounding 0.02. It is Shopify's own figure, not a
 * conversion residue, so the one-minor-unit limit does not apply. The receivable side is added by
 * `balanceWithReceivable`.
 */
export function mapPayment(payment: PaymentEvent, policy: AccountingPolicy): MappedLines {
  const target = paymentTarget(payment.gateway, policy);
  if (!target) {
    return {
      lines: [],
      problems: [
        mappingProblem(
          "UNMAPPED_ACCOUNT",
          `no clearing account for payment gateway '${payment.gateway}' and no default (accounts.clearing)`,
          payment.id,
        ),
      ],
    };
  }
  const direction = payment.kind === "REFUND" ? -1n : 1n;
  const money = journalLine(
    target.account,
    direction * payment.amountMinor,
    target.kind,
    gatewayLabel(payment.gateway),
  );
  const roundingMinor = -direction * (payment.cashRoundingMinor ?? 0n);
  if (roundingMinor === 0n) return { lines: [money], problems: [] };
  return {
    lines: [money, journalLine(policy.accounts.rounding, roundingMinor, "rounding", "Cash rounding")],
    problems: [],
  };
}

export function gatewayLabel(gateway: string): string {
  return GATEWAY_LABELS[gateway] ?? gateway;
}

function paymentTarget(gateway: string, policy: AccountingPolicy): PaymentTarget | null {
  const { accounts } = policy;
  if (GIFT_CARD_GATEWAYS.has(gateway))
    return { account: accounts.giftCardLiability, kind: "gift-card-liability" };
  if (STORE_CREDIT_GATEWAYS.has(gateway)) return { account: accounts.storeCredit, kind: "store-credit" };
  const clearing = accounts.clearing[gateway] ?? accounts.clearing.default;
  return clearing ? { account: clearing, kind: "clearing" } : null;
}
