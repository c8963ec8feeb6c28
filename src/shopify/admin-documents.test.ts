import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, parse, validate } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { BULK_OPERATION_QUERY, BULK_RUN_QUERY, bulkOrdersQuery } from "./bulk-order-export.js";
import { CUSTOMER_QUERY } from "./customer-reads.js";
import {
  CORE_WEBHOOK_TOPICS,
  topicEnum,
  WEBHOOK_SUBSCRIPTION_CREATE,
  WEBHOOK_SUBSCRIPTIONS_QUERY,
} from "./webhook-subscriptions.js";

const SCHEMA_PATH = fileURLToPath(
  new URL("../../.cache/shopify-schema/admin_2026-10.json.gz", import.meta.url),
);

let schema: GraphQLSchema;
beforeAll(() => {
  schema = buildClientSchema(JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8")).data);
});

const documents = Object.entries({
  WEBHOOK_SUBSCRIPTIONS_QUERY,
  WEBHOOK_SUBSCRIPTION_CREATE,
  BULK_RUN_QUERY,
  BULK_OPERATION_QUERY,
  CUSTOMER_QUERY,
  BULK_INNER_QUERY: bulkOrdersQuery({
    updatedSince: new Date("2026-01-01T00:00:00Z"),
    createdBefore: new Date("2026-02-01T00:00:00Z"),
  }),
});

describe("Admin API documents outside the order reads, against Shopify's 2026-10 schema", () => {
  it.each(documents)("%s validates", (_name, document) => {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });

  it("every core topic is a WebhookSubscriptionTopic value", () => {
    const values = new Set(
      (schema.getType("WebhookSubscriptionTopic") as unknown as { getValues(): { name: string }[] })
        .getValues()
        .map((v) => v.name),
    );
    for (const topic of CORE_WEBHOOK_TOPICS) expect(values, topic).toContain(topicEnum(topic));
  });
});

describe("shopify.app.toml", () => {
  const toml = readFileSync(fileURLToPath(new URL("../../shopify.app.toml", import.meta.url)), "utf8");
  const list = (key: string) =>
    [...(new RegExp(`^${key} = \\[([^\\]]*)\\]`, "m").exec(toml)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map(
      (m) => m[1],
    );

  it("declares every core topic, the three compliance topics and the connector's scopes", async () => {
    const { SHOPIFY_SCOPES } = await import("../config/config-schema.js");
    expect(list("topics")).toEqual([...CORE_WEBHOOK_TOPICS]);
    expect(list("compliance_topics")).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
    expect(/^scopes = "([^"]+)"/m.exec(toml)?.[1]?.split(",")).toEqual([...SHOPIFY_SCOPES]);
    expect(toml).toMatch(/^api_version = "2026-10"$/m);
  });
});
