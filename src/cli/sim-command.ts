import { startJdeSimulatorFromCli } from "../../sim/jde/index.js";
import { startShopifySimulatorFromCli } from "../../sim/shopify/index.js";

/** `ml-connector sim shopify|jde --port P`: one simulator on its own, until Ctrl-C. */
export async function runSimCommand(which: string, options: { port: number }): Promise<void> {
  if (which !== "shopify" && which !== "jde") {
    console.error(`ml-connector sim: expected "shopify" or "jde", got "${which}"`);
    process.exitCode = 2;
    return;
  }
  const sim =
    which === "shopify"
      ? await startShopifySimulatorFromCli({ port: options.port })
      : await startJdeSimulatorFromCli({ port: options.port });
  console.log(`${which} simulator listening on ${sim.url}`);
  const stop = async () => {
    await sim.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}
