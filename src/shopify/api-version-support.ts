import type { Outcome } from "../lib/checklist.js";

/**
 * Shopify's Admin API versioning: a stable version each quarter (`YYYY-01`, `-04`, `-07`, `-10`),
 * released at 17:00 UTC on the 1st, supported for 12 months. So the supported versions are the current
 * quarter's and the three before it; the next quarter's is the release candidate. A request for an
 * unsupported version is served by the oldest supported one ("falls forward"), and the answer's
 * `X-Shopify-API-Version` header names the version actually served.
 * @see https://shopify.dev/docs/api/usage/versioning
 */
export interface ApiVersionWindow {
  /** The newest stable version. */
  current: string;
  /** Oldest first: the current quarter's version and the three before it. */
  supported: string[];
  /** The next quarter's version, a release candidate until `nextReleaseAt`. */
  releaseCandidate: string;
  /** When the release candidate becomes stable and the oldest supported version leaves support. */
  nextReleaseAt: Date;
}

const RELEASE_HOUR_UTC = 17;
const SUPPORTED_QUARTERS = 4;

/** The versions Shopify supports at `now`. */
export function apiVersionWindow(now: Date): ApiVersionWindow {
  let current = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  if (now < releaseAt(current)) current -= 1;
  const supported = Array.from({ length: SUPPORTED_QUARTERS }, (_, i) =>
    versionOf(current - SUPPORTED_QUARTERS + 1 + i),
  );
  return {
    current: versionOf(current),
    supported,
    releaseCandidate: versionOf(current + 1),
    nextReleaseAt: releaseAt(current + 1),
  };
}

/**
 * Whether the configured `shopify.apiVersion` is supported at `now`, and whether Shopify serves it
 * (`served`: its `X-Shopify-API-Version` header, when one was seen). Unstable and the release
 * candidate are warnings, as is the oldest supported version (it leaves support next quarter).
 */
export function assessApiVersion(input: {
  configured: string;
  served?: string | undefined;
  now: Date;
}): Outcome {
  const { configured, served } = input;
  const window = apiVersionWindow(input.now);
  const newest = window.current;
  const listing = `supported now: ${window.supported.join(", ")}`;
  const upgrade = `set shopify.apiVersion to ${newest} (the newest stable) after checking Shopify's changelog`;
  if (served !== undefined && served !== configured) {
    return {
      status: "failed",
      detail: `Shopify serves ${served} for the requested ${configured} (it falls forward from a version it does not support); ${listing}`,
      hint: upgrade,
    };
  }
  const seen = served === undefined ? "" : "; Shopify serves it";
  if (configured === "unstable") {
    return {
      status: "warning",
      detail: `unstable changes without notice${seen}; ${listing}`,
      hint: `pin a stable version for production: ${upgrade}`,
    };
  }
  const index = quarterIndex(configured);
  if (index === undefined) {
    return {
      status: "failed",
      detail: `${configured} is not a Shopify API version (one per quarter: YYYY-01, -04, -07, -10); ${listing}`,
      hint: upgrade,
    };
  }
  const currentIndex = quarterIndex(newest) as number;
  const oldestIndex = currentIndex - SUPPORTED_QUARTERS + 1;
  if (index < oldestIndex) {
    return {
      status: "failed",
      detail: `${configured} left support on ${formatRelease(releaseAt(index + SUPPORTED_QUARTERS))}: Shopify serves ${window.supported[0]} instead; ${listing}`,
      hint: upgrade,
    };
  }
  if (index === currentIndex + 1) {
    return {
      status: "warning",
      detail: `${configured} is the release candidate until ${formatRelease(window.nextReleaseAt)}${seen}; ${listing}`,
      hint: `pin a stable version for production: ${upgrade}`,
    };
  }
  if (index > currentIndex) {
    return {
      status: "failed",
      detail: `${configured} is not released yet; ${listing}`,
      hint: upgrade,
    };
  }
  const until = formatRelease(releaseAt(index + SUPPORTED_QUARTERS));
  if (index === oldestIndex) {
    return {
      status: "warning",
      detail: `${configured} is the oldest supported version, until ${until}${seen}; ${listing}`,
      hint: `${upgrade} before ${until}: Shopify then serves ${window.supported[1]} instead`,
    };
  }
  return { status: "ok", detail: `${configured} is supported until ${until}${seen}; ${listing}` };
}

/** `2026-10` → 2026 × 4 + 3; undefined for anything but a quarter's version. */
function quarterIndex(version: string): number | undefined {
  const match = /^(\d{4})-(01|04|07|10)$/.exec(version);
  if (!match) return undefined;
  return Number(match[1]) * 4 + (Number(match[2]) - 1) / 3;
}

function versionOf(index: number): string {
  const month = (index % 4) * 3 + 1;
  return `${Math.floor(index / 4)}-${String(month).padStart(2, "0")}`;
}

function releaseAt(index: number): Date {
  return new Date(Date.UTC(Math.floor(index / 4), (index % 4) * 3, 1, RELEASE_HOUR_UTC));
}

function formatRelease(at: Date): string {
  return `${at.toISOString().slice(0, 10)} ${RELEASE_HOUR_UTC}:00 UTC`;
}
