import { z } from "zod";

/** v2 orchestration outputs are strings only (reference/jde-ais.md §1.1): accept JSON text too. */
export const fromJsonText = (value: unknown) => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/** The `errors: [{CODE, DESC}]` an orchestration answers per row (journal documents, customers). */
export const orchestrationRowErrors = z.preprocess(
  fromJsonText,
  z.array(z.looseObject({ CODE: z.coerce.string(), DESC: z.coerce.string().default("") })).optional(),
);
