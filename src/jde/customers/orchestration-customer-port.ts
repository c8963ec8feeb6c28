import { z } from "zod";
import type {
  JdeCustomerOutcome,
  JdeCustomerPort,
  JdeCustomerWrite,
} from "../../customers/jde-customer-port.js";
import { ConnectorError } from "../../lib/errors/connector-error.js";
import type { AisClient } from "../ais-client.js";
import { describeServiceError } from "../ais-responses.js";
import { fromJsonText, orchestrationRowErrors } from "../orchestration-wire.js";
import { type CustomerLookupOptions, createCustomerLookups } from "./customer-lookups.js";
import { checkWriteRow } from "./customer-write-checks.js";
import {
  type CustomerInputRow,
  toCustomerInputRow,
  toGenericCustomerInput,
  toStandardCustomerInput,
} from "./orchestration-customer-input.js";

export interface OrchestrationCustomerPortDeps {
  ais: Pick<AisClient, "call">;
  /** `posting.customerOrchestration`, `MLC_CustomerUpsert` by default. */
  orchestration: string;
  /** The tenant's orchestration version (describe-posting-path.ts): v3 Generic or v2 JDE Standard input. */
  version: "v3" | "v2";
  lookup?: CustomerLookupOptions;
}

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const customerResultSchema = z.looseObject({
  REF: z.union([z.string(), z.number()]).transform((ref) => String(ref).trim()),
  // v3 answers a number, v1/v2 its text; a refused add answers 0.
  AN8: z.preprocess(blankToUndefined, z.coerce.number().int().nonnegative().optional()),
  action: z.preprocess(blankToUndefined, z.enum(["created", "updated"]).optional()),
  errors: orchestrationRowErrors,
});
const customerResponseSchema = z.looseObject({
  Customers: z.preprocess(fromJsonText, z.array(customerResultSchema).optional()),
  jde__status: z.string().optional(),
});
type CustomerResult = z.infer<typeof customerResultSchema>;

/**
 * JdeCustomerPort over the customer orchestration (docs/customers.md §3; reference/jde-ais.md §3):
 * each `write` is one `POST /jderest/{v3|v2}/orchestrator/{name}` carrying the whole batch; the
 * look-ups are data-service BROWSEs. Every row sent must come back answered: a missing row, or an
 * answer without `Customers`, fails the whole call (the caller looks the customers up again before a
 * retry, so an add that did happen is found by its cross-reference instead of being made twice).
 * Oracle: https://docs.oracle.com/en/applications/jd-edwards/cross-product/9.2/rest-api/op-v2-orchestrator-orchestration-post.html
 */
export function createOrchestrationCustomerPort(deps: OrchestrationCustomerPortDeps): JdeCustomerPort {
  const path = `/jderest/${deps.version}/orchestrator/${encodeURIComponent(deps.orchestration)}`;
  const lookups = createCustomerLookups(deps.ais, deps.lookup);
  return {
    path: "orchestration",
    findByCrossReference: lookups.findByCrossReference,
    findByEmail: lookups.findByEmail,
    existingAddressNumbers: lookups.existingAddressNumbers,
    write,
  };

  /** Rows the orchestration cannot take are answered here; the rest go in one call, REF 1, 2, … */
  async function write(rows: readonly JdeCustomerWrite[]): Promise<JdeCustomerOutcome[]> {
    const outcomes = new Map<JdeCustomerWrite, JdeCustomerOutcome>();
    const sent: { write: JdeCustomerWrite; input: CustomerInputRow }[] = [];
    for (const row of rows) {
      const failure = checkWriteRow(row, { preassignedNumbers: false });
      if (failure) outcomes.set(row, failure);
      else sent.push({ write: row, input: toCustomerInputRow(row, String(sent.length + 1)) });
    }
    if (sent.length > 0) {
      const inputs = sent.map((item) => item.input);
      const body = deps.version === "v3" ? toGenericCustomerInput(inputs) : toStandardCustomerInput(inputs);
      const results = readResults(await deps.ais.call("POST", path, body), inputs);
      for (const [index, item] of sent.entries()) {
        outcomes.set(item.write, toOutcome(item.write.ref, results[index]!));
      }
    }
    return rows.map((row) => outcomes.get(row)!);
  }

  /** One result per row sent, in the order sent; anything else is an error for the whole batch. */
  function readResults(body: unknown, inputs: CustomerInputRow[]): CustomerResult[] {
    const parsed = customerResponseSchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw invalid(`${deps.orchestration} answered an unexpected body`, {
        issues: parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".")}: ${issue.message}`),
      });
    }
    const { Customers, jde__status } = parsed.data;
    if (Customers === undefined) {
      const why = describeServiceError(body);
      if (jde__status === "ERROR") {
        throw new ConnectorError(
          "MLC_AIS_CUSTOMER_ORCHESTRATION_ERROR",
          `${deps.orchestration} failed without answering its customers: ${why}`,
          { detail: { customers: inputs.length, jde__status } },
        );
      }
      throw invalid(`${deps.orchestration} answered without Customers`, { customers: inputs.length });
    }
    const byRef = new Map(Customers.map((result) => [result.REF, result]));
    const missing = inputs.map((input) => input.REF!).filter((ref) => !byRef.has(ref));
    if (missing.length > 0) {
      throw invalid(`${deps.orchestration} left customers unanswered`, { missingRefs: missing });
    }
    return inputs.map((input) => byRef.get(input.REF!)!);
  }

  /** `errors` (and no `action`): refused. `action` with an AN8: stored. Neither: not guessed. */
  function toOutcome(ref: string, result: CustomerResult): JdeCustomerOutcome {
    if (result.errors && result.errors.length > 0) {
      return {
        ref,
        ok: false,
        errors: result.errors.map((error) => ({ code: error.CODE, description: error.DESC })),
      };
    }
    if (result.action === undefined || !result.AN8) {
      throw invalid(
        `${deps.orchestration} answered customer REF ${result.REF} without errors or an address number`,
        {
          ref: result.REF,
        },
      );
    }
    return { ref, ok: true, addressNumber: String(result.AN8), action: result.action };
  }
}

function invalid(message: string, detail: Record<string, unknown>): ConnectorError {
  return new ConnectorError("MLC_AIS_RESPONSE_INVALID", message, { detail });
}
