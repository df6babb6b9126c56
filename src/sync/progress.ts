/** Progress lines at a steady rate (not one per object) and human-readable figures. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → `1.5 KiB` (base 1024, like the size inputs). */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${UNITS[u]}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Bytes per second as `12.3 MiB/s`; `-` when no time has passed. */
export function formatRate(bytes: number, ms: number): string {
  return ms > 0 ? `${formatBytes((bytes * 1000) / ms)}/s` : '-';
}

export const DEFAULT_PROGRESS_INTERVAL_MS = 5000;

/** The figures of a progress line, for a display that draws them itself (the CLI's bar on a terminal). */
export interface ProgressSnapshot {
  label: string;
  entries: number;
  totalEntries: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
}

/**
 * A log that is also handed the figures with each progress line. The line alone is complete: a log
 * that takes one argument (every log of the sync layer's options) prints it as it is.
 */
export type ProgressLog = (line: string, progress?: ProgressSnapshot) => void;

/**
 * Counts finished entries and bytes and logs `<label>: 120/400 entries, 12.0 MiB/40.0 MiB,
 * 3.1 MiB/s` every interval while work is going on. The timer never keeps the process alive.
 */
export class Progress {
  entries = 0;
  bytes = 0;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly label: string,
    private totalEntries: number,
    private totalBytes: number,
    log: ProgressLog | undefined,
    intervalMs = DEFAULT_PROGRESS_INTERVAL_MS
  ) {
    if (log && intervalMs > 0) {
      // Silent while nothing is expected (a restore learns what it fetches in steps: see expect).
      this.timer = setInterval(() => {
        if (this.totalEntries > 0) log(this.line(), this.snapshot());
      }, intervalMs);
      this.timer.unref();
    }
  }

  add(entries: number, bytes: number): void {
    this.entries += entries;
    this.bytes += bytes;
  }

  /** More work planned: the totals grow by this much. */
  expect(entries: number, bytes: number): void {
    this.totalEntries += entries;
    this.totalBytes += bytes;
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }

  snapshot(): ProgressSnapshot {
    return {
      label: this.label,
      entries: this.entries,
      totalEntries: this.totalEntries,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      elapsedMs: this.elapsedMs()
    };
  }

  line(): string {
    return (
      `${this.label}: ${this.entries}/${this.totalEntries} entries, ` +
      `${formatBytes(this.bytes)}/${formatBytes(this.totalBytes)}, ${formatRate(this.bytes, this.elapsedMs())}`
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
