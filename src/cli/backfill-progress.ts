import type { BackfillProgress } from "../pipeline/backfill.js";

/** A terminal redraws at most this often: 100,000 orders must not mean 100,000 writes to stderr. */
const TTY_REDRAW_MS = 100;
const BAR_WIDTH = 24;

/**
 * The backfill's progress on stderr. On a terminal: one line redrawn in place (bulk status, objects
 * counted, orders read and queued, a bar once the result is being read), at most ~10 times a second.
 * Elsewhere (a log file, a pipe): a plain line when the bulk status changes and every
 * `plainIntervalMs` while orders are read.
 */
export function createBackfillProgress(deps: {
  write: (text: string) => void;
  tty: boolean;
  now: () => number;
  /** "queued", or "previewed" in a dry run */
  verb: string;
  plainIntervalMs?: number;
}) {
  let last: BackfillProgress | undefined;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawnStatus = "";
  let drawnLine = "";
  let open = false;
  const plainIntervalMs = deps.plainIntervalMs ?? 5000;
  return { update, finish };

  function update(progress: BackfillProgress): void {
    last = progress;
    const now = deps.now();
    const statusChanged = progress.status !== drawnStatus;
    if (!statusChanged && now - drawnAt < (deps.tty ? TTY_REDRAW_MS : plainIntervalMs)) return;
    draw(progress);
    drawnAt = now;
    drawnStatus = progress.status;
  }

  /** Draws the final state unless it is on screen already, and ends the line (call once, also on failure). */
  function finish(): void {
    if (last && describeProgress(last, deps.verb) !== drawnLine) draw(last);
    if (open) deps.write("\n");
    open = false;
  }

  function draw(progress: BackfillProgress): void {
    const line = describeProgress(progress, deps.verb);
    drawnLine = line;
    if (deps.tty) {
      deps.write(`\r\x1b[2K${progressBar(progress)}${line}`);
      open = true;
    } else {
      deps.write(`backfill: ${line}\n`);
    }
  }
}

/** "bulk RUNNING · 12,000 objects" then "bulk COMPLETED · 45,000/100,000 read · 45,000 queued". */
export function describeProgress(progress: BackfillProgress, verb: string): string {
  const parts = [`bulk ${progress.status}`];
  if (progress.status !== "COMPLETED") {
    parts.push(`${count(progress.objectCount)} objects`);
  } else {
    parts.push(
      `${count(progress.read)}/${count(progress.objectCount)} read`,
      `${count(progress.queued)} ${verb}`,
    );
  }
  return parts.join(" · ");
}

/** `[#####-------]  42% ` while the result is read; nothing before (the total is not known yet). */
export function progressBar(progress: BackfillProgress): string {
  if (progress.status !== "COMPLETED" || progress.objectCount === 0) return "";
  const ratio = Math.min(1, progress.queued / progress.objectCount);
  const filled = Math.round(ratio * BAR_WIDTH);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${percent} `;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
