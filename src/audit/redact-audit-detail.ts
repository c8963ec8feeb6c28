import { REDACTED_PATHS } from "../lib/logger.js";
import { withoutCredentials } from "../lib/without-credentials.js";

const CENSORED = "[redacted]";

/** The field names the logger censors (`*.password`, `headers["jde-ais-auth"]` → password, jde-ais-auth). */
const LOGGER_SECRET_NAMES = new Set(
  REDACTED_PATHS.map((path) => {
    const bracket = /\["([^"]+)"\]$/.exec(path);
    return (bracket ? bracket[1]! : (path.split(".").pop() ?? path)).toLowerCase();
  }),
);

/**
 * The logger censors exact paths of short-lived lines; audit rows live for years, so any name that
 * merely contains one of these words is censored too (refreshToken, clientSecret, previousApiSecret…).
 */
const SECRET_NAME = /password|passwd|secret|token|authorization|hmac|jde-ais-auth|cookie/i;

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
const BEARER = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** Shopify's token and secret formats (access tokens, app secrets) wherever they appear in text. */
const SHOPIFY_TOKEN = /\bshp(at|ca|pa|ss|ua|rt)_[A-Za-z0-9]+/g;

/**
 * An audit detail made safe to keep: values under secret-looking names are censored, user names and
 * passwords are cut out of URLs in any text (an error message quoting a connection string), and
 * `Authorization`-style credentials and Shopify tokens in text are censored. The store applies it to every entry, so no
 * caller can put a token or password into the long-lived lineage by mistake.
 */
export function redactAuditDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return redactValue(detail, new WeakSet()) as Record<string, unknown>;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  // A cycle cannot be stored as JSON anyway; cut it instead of recursing for ever.
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretName(key) ? CENSORED : redactValue(inner, seen);
  }
  return out;
}

function isSecretName(key: string): boolean {
  return LOGGER_SECRET_NAMES.has(key.toLowerCase()) || SECRET_NAME.test(key);
}

/** Text with URL credentials removed, and bearer/basic credentials and Shopify tokens censored. */
export function redactText(text: string): string {
  return text
    .replace(URL_IN_TEXT, (url) => (url.includes("@") ? stripCredentials(url) : url))
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${CENSORED}`)
    .replace(SHOPIFY_TOKEN, CENSORED);
}

function stripCredentials(url: string): string {
  try {
    return withoutCredentials(url);
  } catch {
    // Not parseable as a URL: drop everything between the scheme and the last "@" of the authority.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, "$1");
  }
}
