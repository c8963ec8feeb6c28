import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "sim/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/soak/**", "node_modules/**", "dist/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest leaves one core idle by default; the e2e files mostly wait on sockets and child processes.
    maxWorkers: 2,
    globalSetup: ["test/support/postgres-global-setup.ts"],
  },
});
