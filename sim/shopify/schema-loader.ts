import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** Walks up from this file to the ml-connector package root (works from sim/ and dist/sim/). */
export function findPackageRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "ml-connector")
      return dir;
    if (dirname(dir) === dir) throw new Error("simulator: cannot find the ml-connector package root");
  }
}

/**
 * Shopify's real Admin schema per API version, from `.cache/shopify-schema/admin_{version}.json.gz`
 * (scripts/fetch-shopify-schema.mjs). An unknown version falls forward to the oldest stable one, as Shopify does.
 */
export function createSchemaLoader(root = findPackageRoot()) {
  const dir = join(root, ".cache", "shopify-schema");
  const cache = new Map<string, GraphQLSchema>();
  const versions = existsSync(dir)
    ? readdirSync(dir)
        .map((f) => /^admin_(.+)\.json\.gz$/.exec(f)?.[1])
        .filter((v): v is string => v !== undefined)
        .sort()
    : [];
  const stable = versions.filter((v) => /^\d{4}-\d{2}$/.test(v));

  return { versions, resolveVersion, load };

  function resolveVersion(requested: string): string {
    if (versions.includes(requested)) return requested;
    const oldest = stable[0];
    if (!oldest)
      throw new Error(`simulator: no Shopify schema in ${dir}; run scripts/fetch-shopify-schema.mjs`);
    return oldest;
  }

  function load(version: string): GraphQLSchema {
    let schema = cache.get(version);
    if (!schema) {
      const json = JSON.parse(
        gunzipSync(readFileSync(join(dir, `admin_${version}.json.gz`))).toString("utf8"),
      );
      schema = buildClientSchema(json.data as IntrospectionQuery);
      cache.set(version, schema);
    }
    return schema;
  }
}

export type SchemaLoader = ReturnType<typeof createSchemaLoader>;
