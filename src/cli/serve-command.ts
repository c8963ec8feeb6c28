import { loadConfig } from "../config/load-config.js";
import { systemClock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createLogger } from "../lib/logger.js";
import { createConnector } from "../main.js";

/** `ml-connector serve`: the long-running service. SIGTERM/SIGINT stop it gracefully. */
export async function runServeCommand(options: { config: string }): Promise<void> {
  let connector: Awaited<ReturnType<typeof createConnector>>;
  let log: ReturnType<typeof createLogger>;
  try {
    const config = loadConfig(options.config);
    log = createLogger({ level: config.logLevel });
    connector = await createConnector({ config, log, clock: systemClock });
    await connector.app.listen({ port: config.server.port, host: config.server.host });
  } catch (error) {
    if (error instanceof ConnectorError) {
      console.error(`ml-connector: ${error.code}: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  connector.start();
  log.info({ tenants: [...connector.tenants.keys()] }, "connector.started");
  const shutdown = async (signal: string) => {
    log.info({ signal }, "connector.stopping");
    const timer = setTimeout(() => process.exit(1), 30_000);
    timer.unref();
    await connector.stop();
    log.info("connector.stopped");
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
