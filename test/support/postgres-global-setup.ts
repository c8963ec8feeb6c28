import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * vitest globalSetup: gives the store tests a PostgreSQL. CI (.ci/run) starts its own cluster and sets
 * MLC_TEST_POSTGRES_URL; otherwise this starts a throwaway cluster (fsync off, unix socket in a temp
 * dir, random port) and removes it afterwards. No PostgreSQL binaries is a failure, not a skip: a
 * PostgreSQL suite that silently did not run must not look green.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.MLC_TEST_POSTGRES_URL) return undefined;
  const bin = findPostgresBin();
  const root = mkdtempSync(join(tmpdir(), "mlc-pg-"));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) chownSync(root, postgresUid(), postgresGid());
  const run = (command: string) => runShell(command, asPostgres);
  const port = await freePort();
  const data = join(root, "data");
  run(`'${bin}/initdb' -D '${data}' -U postgres -A trust --no-sync >/dev/null`);
  run(
    `'${bin}/pg_ctl' -D '${data}' -l '${join(root, "log")}' -w start -o "-p ${port} -k '${root}' ` +
      `-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300" >/dev/null`,
  );
  process.env.MLC_TEST_POSTGRES_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return async () => {
    try {
      run(`'${bin}/pg_ctl' -D '${data}' -m immediate -w stop >/dev/null`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}

function findPostgresBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((version) => existsSync(join(base, version, "bin", "pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      "store tests need PostgreSQL: no initdb/pg_ctl under /usr/lib/postgresql/*/bin. " +
        "Install it (apt-get install postgresql) or set MLC_TEST_POSTGRES_URL to a server you own.",
    );
  }
  return join(base, newest, "bin");
}

/** initdb refuses to run as root, so the cluster belongs to the `postgres` user. */
function runShell(command: string, asPostgres: boolean): void {
  if (asPostgres) execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", command], { stdio: "pipe" });
  else execFileSync("/bin/sh", ["-c", command], { stdio: "pipe" });
}

function postgresUid(): number {
  return Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
}

function postgresGid(): number {
  return Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
