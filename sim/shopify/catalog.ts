/** The demo catalogue: prices are in "major units × 100" and scaled to each currency's decimals. */
export interface CatalogProduct {
  sku: string;
  title: string;
  variantTitle: string | null;
  vendor: string;
  productType: string;
  priceCents: number;
}

export const CATALOG: readonly CatalogProduct[] = [
  {
    sku: "TEE-BLK-M",
    title: "Classic Tee",
    variantTitle: "Black / M",
    vendor: "Acme",
    productType: "Apparel",
    priceCents: 2500,
  },
  {
    sku: "TEE-WHT-L",
    title: "Classic Tee",
    variantTitle: "White / L",
    vendor: "Acme",
    productType: "Apparel",
    priceCents: 2500,
  },
  {
    sku: "HOOD-GRY-M",
    title: "Hoodie",
    variantTitle: "Grey / M",
    vendor: "Acme",
    productType: "Apparel",
    priceCents: 5999,
  },
  {
    sku: "JKT-RAIN-L",
    title: "Rain Jacket",
    variantTitle: "Navy / L",
    vendor: "Northwind",
    productType: "Outerwear",
    priceCents: 14900,
  },
  {
    sku: "PARKA-XL",
    title: "Down Parka",
    variantTitle: "Black / XL",
    vendor: "Northwind",
    productType: "Outerwear",
    priceCents: 27950,
  },
  {
    sku: "CAP-01",
    title: "Logo Cap",
    variantTitle: null,
    vendor: "Acme",
    productType: "Accessories",
    priceCents: 1850,
  },
  {
    sku: "BELT-BRN",
    title: "Leather Belt",
    variantTitle: "Brown",
    vendor: "Tannery Co",
    productType: "Accessories",
    priceCents: 3999,
  },
  { sku: "MUG-01", title: "Mug", variantTitle: null, vendor: "Acme", productType: "Home", priceCents: 1299 },
  {
    sku: "BLANKET-Q",
    title: "Wool Blanket",
    variantTitle: "Queen",
    vendor: "Loom & Co",
    productType: "Home",
    priceCents: 8900,
  },
  {
    sku: "CANDLE-3",
    title: "Candle Set",
    variantTitle: "3 pack",
    vendor: "Loom & Co",
    productType: "Home",
    priceCents: 2433,
  },
];

export const GIFT_CARDS = [2500, 5000, 10000];
export const WAREHOUSES = ["Main Warehouse", "Reno DC"] as const;
export const RETAIL_STORE = "SF Store";

export const FIRST_NAMES = ["Pat", "Sam", "Alex", "Jordan", "Robin", "Kim", "Lee", "Taylor"];
export const LAST_NAMES = ["Lee", "Garcia", "Nguyen", "Smith", "Okafor", "Müller", "Tanaka", "O'Brien"];
