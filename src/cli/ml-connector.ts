#!/usr/bin/env node
import { Command, InvalidArgumentError } from "commander";
import { type AuditCommandOptions, runAuditCommand } from "./audit-command.js";
import { type BackfillCommandOptions, runBackfillCommand } from "./backfill-command.js";
import { type ConnectTestOptions, runConnectTestCommand } from "./connect-command.js";
import { runCorrectCommand } from "./correct-command.js";
import { runDemoCommand } from "./demo-command.js";
import { registerExceptionCommands } from "./exceptions-command.js";
import { type ExplainCommandOptions, runExplainCommand } from "./explain-command.js";
import { type KeysCommandOptions, runKeysCommand } from "./keys-command.js";
import { type PrivacyCommandOptions, runPrivacyCommand } from "./privacy-command.js";
import { type ReconcileCommandOptions, runReconcileCommand } from "./reconcile-command.js";
import { runSecretsCommand, type SecretsCommandOptions } from "./secrets-command.js";
import { runServeCommand } from "./serve-command.js";
import { runShopifyConnectCommand, type ShopifyConnectOptions } from "./shopify-command.js";
import { runSimCommand, type SimCommandOptions } from "./sim-command.js";
import { registerStoreCommands } from "./store-command.js";

const program = new Command()
  .name("ml-connector")
  .description("Posts every Shopify order as a balanced JD Edwards EnterpriseOne journal entry.")
  .showHelpAfterError();

program
  .command("serve")
  .description("receive webhooks, sync orders and post journals for the configured tenants")
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .action(async (options: { config: string }) => runServeCommand(options));

program
  .command("correct")
  .description(
    "post an audited correction of one order: reversal of what was posted plus the current mapping",
  )
  .requiredOption("--tenant <id>", "tenant id")
  .requiredOption("--order <gid-or-name>", "Shopify order GID, numeric id, or name (#1042)")
  .option("--reason <text>", "why the posted mapping was wrong (required)")
  .option("--requested-by <name>", "who asks for the correction (default: the OS user)")
  .option("--dry-run", "print the correction's lines without recording them", false)
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .action(async (options) => runCorrectCommand(options));

program
  .command("explain")
  .description(
    "the whole story of one order: its events, documents (lines, JDE DOC and batch, errors), corrections, order-sync job, customer AN8 and audit trail",
  )
  .argument("[order]", "order name (#1042) or JDE document number (all digits: tried as a DOC first)")
  .option("--order-id <gid>", "the order's GID or numeric id (when several orders share a name)")
  .option("--tenant <id>", "search only this tenant (default: all)")
  .option("--json", "print one JSON document (amounts as strings)", false)
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .action(async (order: string | undefined, options: ExplainCommandOptions) =>
    runExplainCommand(order, options),
  );

program
  .command("backfill")
  .description(
    "queue a paced order-sync job for every order updated since a date (a Shopify bulk operation); the running service posts them",
  )
  .requiredOption("--tenant <id>", "tenant id")
  .requiredOption("--since <YYYY-MM-DD>", "orders updated from 00:00 UTC of this day")
  .option("--until <YYYY-MM-DD>", "only orders created before 00:00 UTC of this day")
  .option("--rate <n>", "jobs started per second by the service", positiveNumber, 10)
  .option("--dry-run", "print what each order would post; write nothing (reads JDE reference data)", false)
  .option("--json", "print JSON lines (per order in a dry run, then one summary)", false)
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .action(async (options: BackfillCommandOptions) => runBackfillCommand(options));

program
  .command("demo")
  .description(
    "run both simulators and the connector on SQLite, streaming generated orders through signed webhooks",
  )
  .option("--orders <n>", "orders to generate", positiveInt, 100)
  .option("--exit", "stop once every order is posted", false)
  .option("--json", "end with one JSON summary line", false)
  .option("--seed <n>", "random seed for the generated orders", positiveInt, 42)
  .option("--port <n>", "connector port (0 = any free port)", nonNegativeInt, 0)
  .option("--store <url>", "store URL", "sqlite:./data/ml-connector-demo.db")
  .action(async (options) => runDemoCommand(options));

const connect = program.command("connect").description("check the connections of the configured tenants");
connect
  .command("test")
  .description(
    "check each tenant's JD Edwards connection step by step (reachability, Tools Release and posting path, login, orchestrations, company, accounts, open G/L window) and its Shopify connection (shop reachable, token, scopes, API version, webhook subscriptions, currency equals JDE's); posts nothing",
  )
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .option("--tenant <id>", "check only this tenant (default: all)")
  .option("--json", "print one JSON document instead of the checklist", false)
  .action(async (options: ConnectTestOptions) => runConnectTestCommand(options));

const shopify = program.command("shopify").description("the tenants' Shopify installations");
shopify
  .command("connect")
  .description(
    "obtain and store (sealed) a tenant's Admin API token by its grant: authorization-code (prints the install URL, waits for the approval), client-credentials, or static (token from stdin)",
  )
  .requiredOption("--tenant <id>", "tenant id")
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .option("--token-stdin", "static grant: read the existing Admin API token from stdin", false)
  .option(
    "--migrate-to-expiring",
    "authorization-code: exchange the stored non-expiring token for an expiring one",
    false,
  )
  .option("--wait-seconds <n>", "authorization-code: how long to wait for the approval", positiveInt, 600)
  .option("--json", "print JSON lines", false)
  .action(async (options: ShopifyConnectOptions) => runShopifyConnectCommand(options));

const keys = program.command("keys").description("the master keys that seal stored secrets");
keys
  .command("rotate")
  .description(
    "file mode: add a new master key to the key file; then re-seal every stored secret under the current key (services keep running)",
  )
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .option("--batch-size <n>", "secrets re-sealed per batch", positiveInt, 100)
  .option("--json", "print one JSON line", false)
  .action(async (options: KeysCommandOptions) => runKeysCommand("rotate", options));
keys
  .command("status")
  .description("stored secrets per master key id; exit code 1 if some are under a key the keyring lacks")
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .option("--json", "print one JSON line", false)
  .action(async (options: KeysCommandOptions) => runKeysCommand("status", options));

const secrets = program
  .command("secrets")
  .description("secrets stored sealed in the store (tokens, passwords)");
secrets
  .command("set")
  .description("store a secret; the value is read from stdin (never from the command line)")
  .argument("<name>", "jde.password | jde.database.password | shopify.apiSecret | shopify.accessToken | …")
  .requiredOption("--tenant <id>", 'tenant id, or "*" for installation-wide')
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .action(async (name: string, options: SecretsCommandOptions) => runSecretsCommand("set", name, options));
secrets
  .command("list")
  .description("stored secrets: scope, name and master key id (never values)")
  .option("--tenant <id>", "one tenant only")
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .option("--json", "print one JSON line", false)
  .action(async (options: SecretsCommandOptions) => runSecretsCommand("list", undefined, options));
secrets
  .command("delete")
  .description("delete a stored secret")
  .argument("<name>", "secret name")
  .requiredOption("--tenant <id>", 'tenant id, or "*"')
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .action(async (name: string, options: SecretsCommandOptions) => runSecretsCommand("delete", name, options));

const privacy = program
  .command("privacy")
  .description("the Shopify privacy requests (customers/data_request, customers/redact, shop/redact)");
privacy
  .command("list")
  .description(
    "privacy requests received and what was done: ids, counts, JDE document numbers (no personal data)",
  )
  .option("--tenant <id>", "one tenant only")
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .option("--json", "print one JSON line", false)
  .action(async (options: PrivacyCommandOptions) => runPrivacyCommand("list", options));

program
  .command("audit")
  .description(
    "an order's audit trail, oldest first: webhooks (ids, hashes), reads, events, rule version, lines, JDE requests and answers, corrections (references only, no personal data)",
  )
  .option("--tenant <id>", "tenant id (default: the only one configured)")
  .option("--order <name>", 'entries of the order with this name, e.g. "#1042"')
  .option("--order-id <gid>", "entries of the order with this Shopify GID or numeric id")
  .option("--document <n>", "JDE document number (DOC): its documents' orders' whole trail")
  .option("--batch <n>", "JDE batch number (ICU), or the connector's batch id (EDBT)")
  .option("--since <YYYY-MM-DD>", "entries from 00:00 UTC of this day")
  .option("--until <YYYY-MM-DD>", "entries before 00:00 UTC of this day")
  .option("--step <name>", "one step only, e.g. document.rejected")
  .option(
    "--status <status>",
    "orders with a document in this status (pending, sent, accepted, staged, confirmed, rejected, unknown) or a parked order-sync job (parked)",
  )
  .option("--limit <n>", "at most this many entries", positiveInt, 200)
  .option("--json", "print JSON lines", false)
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .action(async (options: AuditCommandOptions) => runAuditCommand(options));

program
  .command("reconcile")
  .description(
    "month-end reconciliation of one JDE fiscal period: Shopify's figures, the connector's documents and JDE's F0911 per day and account, every variance typed and traced to its orders",
  )
  .requiredOption(
    "--period <YYYY/PP>",
    "JDE fiscal year and period, e.g. 2026/11 (from the company's F0008 pattern)",
  )
  .option("--tenant <id>", "tenant id (default: the only one configured)")
  .option("--out <dir>", "directory for the cells CSV, the variances CSV and the JSON", "./reconciliations")
  .option("--json", "print the JSON report instead of the table", false)
  .option("-c, --config <file>", "configuration file", "./ml-connector.yaml")
  .action(async (options: ReconcileCommandOptions) => runReconcileCommand(options));

registerExceptionCommands(program);
registerStoreCommands(program);

program
  .command("sim")
  .description("run a simulator on its own")
  .argument("<which>", "shopify | jde")
  .option("--port <n>", "port to listen on", nonNegativeInt, 0)
  .option("--tools-release <release>", "jde: Tools Release reported by defaultconfig, e.g. 9.2.8.3")
  .option("--latency-ms <n>", "jde: delay added to each business call")
  .option("--error-rate <rate>", "jde: probability 0–1 that a business call fails with 500")
  .option("--token-ttl-ms <n>", "jde: idle lifetime of an AIS token")
  .option("--processing <mode>", "jde: staged (R09110Z later) | sync")
  .option("--database <url>", "jde: F0911Z1 stand-in database, sqlite:<file> | postgres://…")
  .option("--client-id <id>", "shopify: OAuth client id of the demo app (default client-demo-shop)")
  .option("--access-token-ttl-s <n>", "shopify: lifetime in seconds of expiring access tokens (default 3600)")
  .action(async (which: string, options: SimCommandOptions) => runSimCommand(which, options));

await program.parseAsync(process.argv);

function positiveInt(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number ≥ 0");
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number > 0");
  return n;
}
