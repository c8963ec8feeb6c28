import { describe, expect, it } from "vitest";
import { CUSTOMERS, parsedConfig, tenantConfig } from "./config-fixture.test-helper.js";
import { configWarnings } from "./config-warnings.js";

describe("configuration warnings", () => {
  it("warns once for each summary tenant with a customers block, naming the setting", () => {
    const config = parsedConfig(
      tenantConfig("acme", CUSTOMERS),
      tenantConfig("globex", { ...CUSTOMERS, summary: "daily" }),
      tenantConfig("initech", { summary: "daily" }),
    );
    expect(configWarnings(config)).toEqual([
      {
        tenant: "globex",
        setting: "tenants[1].customers",
        message:
          "customers are not synced: the tenant posts daily summaries (summary: daily), whose lines carry no customer",
      },
    ]);
  });

  it("has nothing to say about a configuration whose settings all take effect", () => {
    expect(
      configWarnings(
        parsedConfig(tenantConfig("acme", CUSTOMERS), tenantConfig("globex", { summary: "daily" })),
      ),
    ).toEqual([]);
  });
});
