import { describe, expect, it } from "vitest";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { ACCOUNTS } from "./config-fixture.test-helper.js";
import { parseConfig } from "./load-config.js";
import { resolveStoredSecrets } from "./resolve-stored-secrets.js";

const tenant = (id: string, shopify: object = {}, jde: object = {}) => ({
  id,
  shopify: { shop: `${id}.myshopify.com`, ...shopify },
  jde: {
    aisUrl: "https://ais.example:9300",
    username: "SVC_SHOP",
    environment: "JPD920",
    deviceName: `mlc-${id}`,
    company: "00100",
    ...jde,
  },
  accounts: ACCOUNTS,
});

const vaultOf = (values: Record<string, string>) => {
  const asked: string[] = [];
  return {
    asked,
    get: async (scope: string, name: string) => {
      asked.push(`${scope}/${name}`);
      return values[`${scope}/${name}`];
    },
  };
};

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("MLC_CONFIG_INVALID");
    return (error as ConnectorError).detail?.problems as string[];
  }
  throw new Error("expected missing secrets");
}

describe("resolveStoredSecrets", () => {
  it("accepts a configuration without secrets, then fills them from the tenant's stored secrets", async () => {
    const config = parseConfig({
      tenants: [
        tenant("acme", {}, { database: { dialect: "oracle", host: "db", serviceName: "JDE", user: "mlc" } }),
      ],
    });
    const vault = vaultOf({
      "acme/jde.password": "jde-pw",
      "acme/shopify.apiSecret": "app-secret",
      "acme/shopify.accessToken": "shpat_x",
      "acme/jde.database.password": "db-pw",
    });
    const resolved = await resolveStoredSecrets(config, vault);
    const acme = resolved.tenants[0]!;
    expect(acme.jde.password).toBe("jde-pw");
    expect(acme.shopify.apiSecret).toBe("app-secret");
    expect(acme.shopify.accessToken).toBe("shpat_x");
    expect(acme.jde.database).toMatchObject({ dialect: "oracle", password: "db-pw" });
    expect(Object.isFrozen(acme.jde)).toBe(true);
    expect(config.tenants[0]?.jde.password).toBeUndefined();
  });

  it("keeps what the configuration says and asks the vault nothing when nothing is missing", async () => {
    const config = parseConfig({
      tenants: [
        tenant("acme", { apiSecret: "cfg-secret", accessToken: "cfg-token" }, { password: "cfg-pw" }),
      ],
    });
    const vault = vaultOf({ "acme/jde.password": "stored" });
    const resolved = await resolveStoredSecrets(config, vault);
    expect(resolved.tenants[0]?.jde.password).toBe("cfg-pw");
    expect(vault.asked).toEqual([]);
  });

  it("reports every secret found in neither place at once, with the command that stores it", async () => {
    const config = parseConfig({
      tenants: [
        tenant("acme", { accessToken: "t" }),
        tenant(
          "beta",
          { apiSecret: "s" },
          { database: { dialect: "sqlserver", host: "h", database: "JDE", user: "u" } },
        ),
      ],
    });
    const problems = await problemsOf(resolveStoredSecrets(config, vaultOf({ "acme/jde.password": "pw" })));
    expect(problems).toEqual([
      expect.stringMatching(
        /^tenants\.0\.shopify\.apiSecret: .*secrets set --tenant acme shopify\.apiSecret/,
      ),
      expect.stringMatching(/^tenants\.1\.jde\.password: /),
      expect.stringMatching(/^tenants\.1\.jde\.database\.password: /),
    ]);
  });

  it("starts a static-grant tenant without a token (it is not ready until `shopify connect` stores one)", async () => {
    const config = parseConfig({ tenants: [tenant("acme", { apiSecret: "s" }, { password: "pw" })] });
    const resolved = await resolveStoredSecrets(config, vaultOf({}));
    expect(resolved.tenants[0]?.shopify.accessToken).toBeUndefined();
  });

  it("does not ask for an access token under an OAuth grant, nor a password for the SQLite stand-in", async () => {
    const config = parseConfig({
      tenants: [
        tenant(
          "acme",
          { apiSecret: "s", auth: { grant: "authorization-code", clientId: "client" } },
          { password: "pw", database: { dialect: "sqlite", file: "./jde.db" } },
        ),
      ],
    });
    const resolved = await resolveStoredSecrets(config, vaultOf({}));
    expect(resolved.tenants[0]?.shopify.accessToken).toBeUndefined();
  });
});
