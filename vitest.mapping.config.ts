import { defineConfig } from "vitest/config";

/** The accounting core's own tests (mapping and domain): what the mutation run (stryker.config.json) needs. */
export default defineConfig({
  test: {
    include: ["src/mapping/**/*.test.ts", "src/domain/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
