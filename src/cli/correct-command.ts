import { userInfo } from "node:os";
import { createCorrectionService } from "../compose/correction-service.js";
import { loadConfig } from "../config/load-config.js";
import { formatAccount, type JournalLine } from "../domain/journal.js";
import { systemClock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createLogger } from "../lib/logger.js";
import type { CorrectOrderOutcome } from "../pipeline/correct-order.js";

export interface CorrectCommandOptions {
  config: string;
  tenant: string;
  order: string;
  reason?: string;
  requestedBy?: string;
  dryRun: boolean;
}

/** `ml-connector correct`: an audited correction of one order's posted mapping (DESIGN.md §2). */
export async function runCorrectCommand(options: CorrectCommandOptions): Promise<void> {
  if (!options.reason?.trim()) {
    console.error('ml-connector: a correction needs --reason "…"');
    process.exitCode = 2;
    return;
  }
  let service: Awaited<ReturnType<typeof createCorrectionService>>;
  try {
    const config = loadConfig(options.config);
    const log = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel });
    service = await createCorrectionService({ config, tenantId: options.tenant, log, clock: systemClock });
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    console.error(`ml-connector: ${error.code}: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  try {
    const outcome = await service.correctOrder({
      tenantId: options.tenant,
      order: options.order,
      reason: options.reason,
      requestedBy: options.requestedBy ?? userInfo().username,
      dryRun: options.dryRun,
    });
    report(outcome);
  } finally {
    await service.close();
  }
}

function report(outcome: CorrectOrderOutcome): void {
  switch (outcome.type) {
    case "refused":
      console.error(`ml-connector: correction refused: ${outcome.reason}`);
      process.exitCode = 1;
      return;
    case "nothing-to-correct":
      console.log(`${outcome.orderName}: posted lines match the current rules; nothing to correct`);
      return;
    case "preview":
      console.log(`${outcome.orderName}: correction on ${outcome.glDate} (dry run, nothing recorded)`);
      printLines(outcome.lines, 2);
      return;
    case "recorded":
      console.log(
        `${outcome.document.orderName}: correction ${outcome.document.edtn} on ${outcome.document.glDate} recorded; the batcher sends it`,
      );
      printLines(outcome.document.lines, outcome.document.decimals);
  }
}

function printLines(lines: JournalLine[], decimals: number): void {
  for (const line of lines) {
    const amount = formatMinor(line.amountMinor, decimals);
    console.log(
      `  ${formatAccount(line.account).padEnd(16)} ${amount.padStart(14)}  ${line.kind}  ${line.explanation}`,
    );
  }
}

function formatMinor(amountMinor: bigint, decimals: number): string {
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(decimals + 1, "0");
  const whole = decimals > 0 ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  return negative ? `-${whole}` : whole;
}
