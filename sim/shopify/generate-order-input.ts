import { CATALOG, FIRST_NAMES, GIFT_CARDS, LAST_NAMES, RETAIL_STORE, WAREHOUSES } from "./catalog.js";
import { currencyDecimals } from "./money.js";
import type { SeededRandom } from "./seeded-random.js";
import type { SimLineItemInput, SimOrderInput, SimPaymentInput, SimTaxRateInput } from "./sim-order-input.js";
import type { SimShopConfig } from "./types.js";

export interface GenerateShape {
  processedAtMs: number;
  /** force this many product lines (e.g. 500) */
  lineCount?: number;
  /** draw the customer from these instead of inventing one per order */
  customers?: CustomerPool;
}

/** Existing customers orders are drawn from, and the share of guest checkouts among them. */
export interface CustomerPool {
  /** numeric customer ids, drawn uniformly */
  ids: readonly string[];
  /** 0…1; a guest has no customer, and gives a new e-mail at a web checkout */
  guestShare: number;
}

/** A realistic random order for `shop`, drawn only from `random` so a seed fixes it. */
export function generateOrderInput(
  shop: SimShopConfig,
  random: SeededRandom,
  shape: GenerateShape,
): SimOrderInput {
  const scale = (cents: number) => scaleCents(cents, shop.currency);
  const pos = random.chance(0.2);
  const lineCount = shape.lineCount ?? random.int(1, 6);
  const lineItems: SimLineItemInput[] = [];
  for (let i = 0; i < lineCount; i++) {
    if (!pos && i > 0 && random.chance(0.06)) {
      lineItems.push({
        sku: "GIFT-CARD",
        title: "Gift Card",
        productType: "Gift Card",
        vendor: "Acme",
        isGiftCard: true,
        priceMinor: scale(random.pick(GIFT_CARDS)),
        quantity: 1,
      });
      continue;
    }
    const p = random.pick(CATALOG);
    const line: SimLineItemInput = {
      sku: p.sku,
      title: p.title,
      variantTitle: p.variantTitle,
      vendor: p.vendor,
      productType: p.productType,
      priceMinor: scale(p.priceCents),
      quantity: random.chance(0.7) ? 1 : random.int(2, 4),
      location: pos ? RETAIL_STORE : random.pick(WAREHOUSES),
    };
    if (random.chance(0.12)) {
      line.automaticDiscountMinor = Math.floor((line.priceMinor * line.quantity) / random.int(5, 10));
      line.automaticDiscountTitle = "Seasonal promo";
    }
    lineItems.push(line);
  }
  const input: SimOrderInput = {
    processedAt: new Date(shape.processedAtMs),
    sourceName: pos ? "pos" : "web",
    retailLocation: pos ? RETAIL_STORE : null,
    tags: random.chance(0.2) ? ["vip"] : [],
    ...party(random, pos, shape.customers),
    lineItems,
    taxes: taxes(shop, random),
  };
  if (random.chance(0.25)) {
    input.codeDiscount = random.chance(0.5)
      ? { code: "SAVE10", percent: 10 }
      : { code: "WELCOME5", amountMinor: scale(500) };
  }
  if (!pos) {
    const price = scale(random.pick([599, 1000, 1500]));
    input.shipping = { title: "Standard", priceMinor: price, taxable: random.chance(0.6) };
    if (random.chance(0.1)) input.shipping.discountMinor = price;
  }
  if (random.chance(0.05)) input.tipMinor = scale(random.pick([200, 500]));
  Object.assign(input, payments(random, pos, scale));
  return input;
}

function scaleCents(cents: number, currency: string): number {
  const decimals = currencyDecimals(currency);
  if (decimals === 0) return cents; // 25.00 USD ~ 2500 JPY
  return decimals === 3 ? Math.round(cents * 3.07) : cents; // KWD: odd mils exercise 3-decimal rounding
}

function taxes(shop: SimShopConfig, random: SeededRandom): SimTaxRateInput[] {
  if (shop.taxesIncluded) return [{ title: "VAT", rate: 0.2 }];
  if (random.chance(0.3))
    return [
      { title: "State Tax", rate: 0.0625 },
      { title: "County Tax", rate: 0.02 },
    ];
  return [{ title: "State Tax", rate: 0.0825 }];
}

/** Who places the order. Without a pool the random draws are those of the original generator (same figures). */
function party(
  random: SeededRandom,
  pos: boolean,
  pool: CustomerPool | undefined,
): Pick<SimOrderInput, "customer" | "customerId" | "email"> {
  if (!pool) return { customer: pos && random.chance(0.5) ? null : customer(random) };
  if (random.chance(pool.guestShare)) return { customer: null, email: pos ? null : customer(random).email };
  return { customerId: random.pick(pool.ids) };
}

function customer(random: SeededRandom): NonNullable<SimOrderInput["customer"]> {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const n = random.int(1, 9999);
  return {
    firstName,
    lastName,
    email: `${firstName}.${n}@example.com`.toLowerCase(),
    phone: random.chance(0.5) ? `+1415555${String(n).padStart(4, "0")}` : null,
  };
}

function payments(
  random: SeededRandom,
  pos: boolean,
  scale: (c: number) => number,
): Pick<SimOrderInput, "payments" | "financialStatus"> {
  const roll = random.next();
  if (pos) return { payments: [{ gateway: roll < 0.3 ? "cash" : "shopify_payments" }] };
  if (roll < 0.1) return { payments: [{ gateway: "manual" }], financialStatus: "pending" };
  const giftCard: SimPaymentInput[] = random.chance(0.1)
    ? [{ gateway: "gift_card", amountMinor: scale(2000) }]
    : [];
  if (roll < 0.25) return { payments: [...giftCard, { gateway: "paypal" }] };
  const flow = random.chance(0.3) ? "authorize_capture" : "sale";
  return { payments: [...giftCard, { gateway: "shopify_payments", flow }] };
}
