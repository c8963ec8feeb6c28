/** Architecture rules of ../shared/STYLE.md §1, checked in CI. Add a rule whenever a folder is added. */
const pure = "^src/(domain|mapping)/";
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    { name: "sim-is-independent", comment: "sim/ is an independent witness of the wire formats",
      severity: "error", from: { path: "^sim/" }, to: { path: "^src/" } },
    { name: "src-does-not-use-sim", comment: "only the CLI starts simulators (demo, sim command)", severity: "error",
      from: { path: "^src/", pathNot: "^src/cli/" }, to: { path: "^sim/" } },
    { name: "pure-core-has-no-io", comment: "domain/ and mapping/ are pure: no packages, no node builtins",
      severity: "error", from: { path: pure, pathNot: ["\\.test\\.ts$", "/test-support/"] },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "core"] } },
    { name: "domain-depends-on-nothing-else", severity: "error", from: { path: "^src/domain/", pathNot: "\\.test\\.ts$" },
      to: { path: "^src/", pathNot: "^src/domain/" } },
    { name: "mapping-depends-only-on-domain", severity: "error", from: { path: "^src/mapping/", pathNot: "\\.test\\.ts$" },
      to: { path: "^src/", pathNot: "^src/(domain|mapping)/" } },
    { name: "only-main-builds-adapters", comment: "application code depends on ports; only main.ts, connect.ts, compose/ (and tests) import adapters",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/main\\.ts$", "^src/connect\\.ts$", "^src/compose/", "^src/(shopify|jde|store)/", "\\.test\\.ts$"] },
      to: { path: "^src/(shopify|jde|store)/" } },
    { name: "compose-only-from-entry-points", comment: "compose/ builds adapters for the entry points: cli/, main.ts, connect.ts",
      severity: "error", from: { path: "^src/", pathNot: ["^src/(cli|compose)/", "^src/main\\.ts$", "^src/connect\\.ts$", "\\.test\\.ts$"] },
      to: { path: "^src/compose/" } },
    { name: "lib-is-a-leaf", severity: "error", from: { path: "^src/lib/", pathNot: "\\.test\\.ts$" },
      to: { path: "^src/", pathNot: "^src/lib/" } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js"] },
  },
};
