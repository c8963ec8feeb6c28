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

/** Default addresses of customers made with `customers.create` (country, province and zip agree). */
export const ADDRESSES = [
  { address1: "1 Main St", city: "Springfield", provinceCode: "CA", countryCode: "US", zip: "94107" },
  { address1: "350 5th Ave", city: "New York", provinceCode: "NY", countryCode: "US", zip: "10118" },
  { address1: "200 Wellington St", city: "Ottawa", provinceCode: "ON", countryCode: "CA", zip: "K1A 0A6" },
  { address1: "10 Downing St", city: "London", provinceCode: "ENG", countryCode: "GB", zip: "SW1A 2AA" },
  { address1: "Unter den Linden 77", city: "Berlin", provinceCode: "BE", countryCode: "DE", zip: "10117" },
] as const;

export const COMPANIES = ["Acme Corp", "Globex GmbH", "Initech Ltd", "Müller & Söhne KG"];
