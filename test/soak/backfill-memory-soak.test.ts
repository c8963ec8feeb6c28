/** The backfill memory run at the size: 10,000 against 100,000 orders in a 64 MB heap. */
process.env.MLC_BACKFILL_SMALL ??= "10000";
process.env.MLC_BACKFILL_LARGE ??= "100000";
await import("../e2e/backfill-memory.test.js");
