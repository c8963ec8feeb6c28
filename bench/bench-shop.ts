/** The benchmark's one shop and its webhook secret (shared by the load generator and the receivers). */
export const BENCH_SECRET = "bench-secret";
export const BENCH_SHOP = "bench.myshopify.com";
