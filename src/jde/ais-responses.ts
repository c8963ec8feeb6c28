import { z } from "zod";

/**
 * zod schemas for the AIS Server bodies the connector reads. Every field we do not use is allowed
 * through (`looseObject`): AIS adds fields between Tools Releases. See reference/jde-ais.md §1–§4.
 */

/** `POST /jderest/v2/tokenrequest` 200 body; the reusable token is `userInfo.token` (§1.2). */
export const tokenResponseSchema = z.looseObject({
  userInfo: z.looseObject({ token: z.string().min(1) }),
});

/** `POST /jderest/v2/tokenrequest/validate` 200 body (§1.4). */
export const validateResponseSchema = z.looseObject({ isValidSession: z.boolean() });

/** `ServiceErrorResponse`, the envelope of failed AIS calls (§1.5). */
export const serviceErrorSchema = z.looseObject({
  message: z.string().optional(),
  exception: z.string().optional(),
  exceptionId: z.string().optional(),
  errorText: z.string().optional(),
  status: z.string().optional(),
  userDefinedErrorText: z.string().optional(),
});
export type ServiceError = z.infer<typeof serviceErrorSchema>;

/** `GET /jderest/v2/defaultconfig` (§2). */
export const defaultConfigSchema = z.looseObject({
  aisVersion: z.string(),
  capabilityList: z
    .array(z.looseObject({ name: z.string(), asOfRelease: z.string().optional() }))
    .optional()
    .default([]),
});

/** One data-service grid (`fs_DATABROWSE_<table>`) (§4). */
export const dataServiceGridSchema = z.looseObject({
  data: z.looseObject({
    gridData: z.looseObject({
      rowset: z.array(z.record(z.string(), z.unknown())),
      summary: z
        .looseObject({ records: z.number().optional(), moreRecords: z.boolean().optional() })
        .optional(),
    }),
  }),
});

/** Links AIS returns for next-page processing (`rel: "next"`). */
export const nextPageLinksSchema = z.array(z.looseObject({ rel: z.string(), href: z.string() })).optional();

/**
 * True when a 2xx body is an error envelope for the whole call: a `ServiceErrorResponse`
 * (`exception`, or `status: "ERROR"` with a message), per §3.4 "Defensive rule".
 */
export function isWholeCallError(body: unknown): body is ServiceError {
  const parsed = serviceErrorSchema.safeParse(body);
  if (!parsed.success || typeof body !== "object" || body === null) return false;
  const envelope = parsed.data;
  if (envelope.exception !== undefined) return true;
  return envelope.status === "ERROR" && (envelope.message !== undefined || envelope.errorText !== undefined);
}

/** A short, token-free description of an error envelope for messages and details. */
export function describeServiceError(body: unknown): string {
  const parsed = serviceErrorSchema.safeParse(body);
  if (!parsed.success) return "no error envelope";
  const { message, errorText, userDefinedErrorText, exceptionId } = parsed.data;
  const text = userDefinedErrorText ?? errorText ?? message ?? "unspecified";
  return exceptionId ? `${text} (F980060 ${exceptionId})` : text;
}
