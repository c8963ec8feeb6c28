/**
 * Every stable error code the connector emits. The operator documentation (docs/error-codes.md) lists
 * the same codes; a test keeps the two equal.
 */
export const ERROR_CODES = {
  MLC_CONFIG_INVALID: { retryable: false, summary: "The configuration file has invalid or unknown keys." },
  MLC_WEBHOOK_UNKNOWN_SHOP: {
    retryable: false,
    summary: "A webhook named a shop no tenant is configured for.",
  },
  MLC_SHOPIFY_HTTP: {
    retryable: true,
    summary: "Shopify answered with an HTTP error (5xx, 429) or the call failed.",
  },
  MLC_SHOPIFY_THROTTLED: {
    retryable: true,
    summary: "Shopify's GraphQL cost budget was exhausted; retried after waiting.",
  },
  MLC_SHOPIFY_ACCESS_DENIED: {
    retryable: false,
    summary: "The Shopify token lacks a scope or the data is protected.",
  },
  MLC_SHOPIFY_UNAUTHORIZED: { retryable: false, summary: "Shopify refused the access token (HTTP 401)." },
  MLC_SHOPIFY_QUERY_INVALID: { retryable: false, summary: "Shopify rejected a GraphQL query as invalid." },
  MLC_SHOPIFY_QUERY_TOO_COSTLY: {
    retryable: false,
    summary: "A GraphQL query's requested cost exceeds Shopify's single-query maximum (MAX_COST_EXCEEDED).",
  },
  MLC_SHOPIFY_OAUTH: {
    retryable: false,
    summary:
      "Shopify's OAuth endpoint refused a grant (bad code, used or expired refresh token, wrong client).",
  },
  MLC_SHOPIFY_BULK_FAILED: {
    retryable: false,
    summary: "A Shopify bulk operation (backfill export) was refused, failed or was cancelled.",
  },
  MLC_SHOPIFY_NOT_CONNECTED: {
    retryable: false,
    summary: "The tenant has no Shopify access token yet: run `ml-connector shopify connect`.",
  },
  MLC_SHOPIFY_UNINSTALLED: {
    retryable: false,
    summary:
      "The app was uninstalled from the shop; the tenant's work is stopped until it is installed again.",
  },
  MLC_SHOPIFY_ORDER_NOT_FOUND: { retryable: false, summary: "The order no longer exists in Shopify." },
  MLC_SHOPIFY_RESPONSE_INVALID: {
    retryable: true,
    summary: "Shopify's response did not have the expected shape.",
  },
  MLC_AIS_UNAVAILABLE: {
    retryable: true,
    summary: "The JDE AIS Server could not be reached or answered 5xx.",
  },
  MLC_AIS_SESSION_EXPIRED: {
    retryable: true,
    summary: "The AIS token was no longer valid (HTTP 444) even after a fresh login.",
  },
  MLC_AIS_CREDENTIALS: { retryable: false, summary: "AIS refused the service account (HTTP 403 on login)." },
  MLC_AIS_RESPONSE_INVALID: { retryable: true, summary: "The AIS Server answered with an unexpected body." },
  MLC_AIS_ORCHESTRATION_ERROR: { retryable: false, summary: "The journal orchestration failed as a whole." },
  MLC_AIS_CUSTOMER_ORCHESTRATION_ERROR: {
    retryable: false,
    summary: "The customer orchestration failed as a whole, without answering its customers.",
  },
  MLC_AIS_REQUEST_FAILED: {
    retryable: false,
    summary: "AIS refused a request (4xx other than 403/444, or a service error body).",
  },
  MLC_JDE_FIELD_INVALID: {
    retryable: false,
    summary: "A JDE key or reference exceeds its field width; refused before sending.",
  },
  MLC_JDE_ACCOUNT_INVALID: {
    retryable: false,
    summary:
      "A journal line's account is unknown in the JDE company, or the account or its business unit does not accept postings; the order is parked before sending.",
  },
  MLC_JDE_DATABASE_UNAVAILABLE: {
    retryable: true,
    summary:
      "The JDE database (Z-table path) could not be reached, timed out or aborted the transaction; nothing uncommitted was kept.",
  },
  MLC_JDE_DATABASE_REFUSED: {
    retryable: false,
    summary: "The JDE database refused a Z-table statement (grants, missing table, rejected value).",
  },
  MLC_JDE_TABLE_UNSUPPORTED: {
    retryable: false,
    summary:
      "The customer's F0911Z1/F0911/F0011 lacks a column the connector needs or has one it cannot fill.",
  },
  MLC_JDE_BATCH_UNPROCESSED: {
    retryable: false,
    summary: "Staged F0911Z1 rows were still unprocessed after the configured number of R09110Z cycles.",
  },
  MLC_JDE_CUSTOMER_REJECTED: {
    retryable: false,
    summary:
      "JDE refused a customer (the customer orchestration's row, or R01010Z for a staged add); the job parks with JDE's reasons.",
  },
  MLC_JDE_CUSTOMER_GONE: {
    retryable: true,
    summary:
      "The customer's linked JDE record no longer exists (merged or deleted in JDE): the link was dropped and the customer is matched again on the retry.",
  },
  MLC_JDE_CUSTOMER_NUMBERS_EXHAUSTED: {
    retryable: false,
    summary:
      "The reserved customer address-number range (customers.ztable.addressNumbers) has no numbers left.",
  },
  MLC_MAPPING_UNMAPPED_ACCOUNT: {
    retryable: false,
    summary: "No account is configured for an amount of the order.",
  },
  MLC_MAPPING_FAILED: { retryable: false, summary: "The order could not be mapped to journal lines." },
  MLC_PERIOD_NOT_OPEN: {
    retryable: false,
    summary: "An event's GL date is after JDE's open window; the order waits for the period to open.",
  },
  MLC_CURRENCY_MISMATCH: {
    retryable: false,
    summary: "The shop currency differs from the JDE company currency.",
  },
  MLC_MASTER_KEY_INVALID: {
    retryable: false,
    summary:
      "The master key is malformed (not 32 bytes as base64 or hex), or its key file is unreadable, malformed or readable by group/others.",
  },
  MLC_SECRET_KEY_UNKNOWN: {
    retryable: false,
    summary: "A stored secret was sealed under a master key id the keyring does not hold.",
  },
  MLC_SECRET_UNREADABLE: {
    retryable: false,
    summary: "A stored secret failed authentication: altered, malformed, or moved from another record.",
  },
  MLC_INTERNAL: { retryable: true, summary: "An unexpected internal error." },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
