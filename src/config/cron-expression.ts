import { Cron } from "croner";
import { z } from "zod";

/** A cron expression croner accepts (5 fields, or 6 with seconds). */
export const cronExpression = z.string().refine((expression) => {
  try {
    new Cron(expression, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}, "expected a cron expression, e.g. */10 * * * *");
