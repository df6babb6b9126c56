/**
 * The CLI's progress bar for restore and save on a terminal: one line on stderr, redrawn in place
 * (`\r`, then erase to the end of the line) with the entries, bytes, rate and time left. Only when
 * stderr is a terminal and the output is not `--json`; logs (not a terminal) keep the sync layer's
 * periodic progress lines.
 *
 * The sync layer's Progress hands its figures to the log with each progress line (ProgressLog): the
 * bar draws those instead of printing the line, and clears itself before any other line is printed,
 * so log lines scroll above it.
 */
import { formatBytes, formatRate, type ProgressLog, type ProgressSnapshot } from '../sync/progress.js';

/** How often the bar is redrawn (the sync layer's progress interval while the bar is up). */
export const BAR_INTERVAL_MS = 200;

/** Erase from the cursor to the end of the line (ECMA-48 EL). */
const ERASE_LINE = '\x1b[K';

/** Whether a bar is drawn: stderr is a terminal that understands `\x1b[K`, and the output is not JSON. */
export function wantsBar(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, json: boolean): boolean {
  return !json && stream.isTTY === true && env.TERM !== 'dumb';
}

/** The time left at the rate so far, by bytes when there are any, else by entries; null when unknown. */
export function etaMs(p: ProgressSnapshot): number | null {
  if (p.elapsedMs <= 0) return null;
  if (p.totalBytes > 0 && p.bytes > 0) {
    return (Math.max(0, p.totalBytes - p.bytes) * p.elapsedMs) / p.bytes;
  }
  if (p.totalEntries > 0 && p.entries > 0) {
    return (Math.max(0, p.totalEntries - p.entries) * p.elapsedMs) / p.entries;
  }
  return null;
}

/** `42s`, `3m05s`, `1h02m`; `--` when unknown. */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** One frame: `[#####-----] restore compile 50% 120/240 entries, 1.0 MiB/2.0 MiB, 3.1 MiB/s, ETA 4s`, cut to `columns - 1`. */
export function renderBar(p: ProgressSnapshot, columns: number): string {
  const raw = p.totalBytes > 0 ? p.bytes / p.totalBytes : p.totalEntries > 0 ? p.entries / p.totalEntries : 0;
  const fraction = Math.min(1, Math.max(0, raw));
  const text =
    `${p.label} ${Math.floor(fraction * 100)}% ${p.entries}/${p.totalEntries} entries, ` +
    `${formatBytes(p.bytes)}/${formatBytes(p.totalBytes)}, ${formatRate(p.bytes, p.elapsedMs)}, ` +
    `ETA ${formatEta(etaMs(p))}`;
  // The bar takes what the text leaves, 10 to 30 cells, or is left out on a narrow terminal.
  const width = Math.min(30, columns - 1 - text.length - 3);
  const filled = Math.round(fraction * width);
  const bar = width >= 10 ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` : '';
  // Never wider than the terminal: a wrapped line could not be redrawn in place.
  return (bar + text).slice(0, Math.max(1, columns - 1));
}

export class TerminalProgressBar {
  private shown = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  /** A log for restore and save: progress lines become the bar, other lines are printed above it. */
  log(print: (line: string) => void): ProgressLog {
    return (line, progress) => {
      if (progress !== undefined) {
        this.draw(progress);
        return;
      }
      this.clear();
      print(line);
    };
  }

  draw(p: ProgressSnapshot): void {
    this.out.write(`\r${renderBar(p, this.out.columns || 80)}${ERASE_LINE}`);
    this.shown = true;
  }

  /** Takes the bar off the screen (before another line, and when the command is done). */
  clear(): void {
    if (!this.shown) return;
    this.out.write(`\r${ERASE_LINE}`);
    this.shown = false;
  }
}
