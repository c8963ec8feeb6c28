import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/soak/**/*.test.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One soak at a time: they measure throughput on the same two cores.
    fileParallelism: false,
    globalSetup: ["test/support/postgres-global-setup.ts"],
  },
});
