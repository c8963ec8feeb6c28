import { type Logger, pino } from "pino";

export type { Logger };

/** Paths pino censors wherever they appear: tokens, passwords, signatures, auth headers. */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "apiSecret",
  "*.apiSecret",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  'headers["x-shopify-access-token"]',
  'headers["x-shopify-hmac-sha256"]',
  'headers["jde-ais-auth"]',
  '*.headers["jde-ais-auth"]',
  '*.headers["x-shopify-access-token"]',
  '*.headers["x-shopify-hmac-sha256"]',
  "req.headers.authorization",
  'req.headers["x-shopify-hmac-sha256"]',
  'req.headers["x-shopify-access-token"]',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const config = { level: options.level ?? "info", redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** A logger that drops everything (tests, library use). */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
