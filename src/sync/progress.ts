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
    private readonly totalEntries: number,
    private readonly totalBytes: number,
    log: ((line: string) => void) | undefined,
    intervalMs = DEFAULT_PROGRESS_INTERVAL_MS
  ) {
    if (log && intervalMs > 0 && totalEntries > 0) {
      this.timer = setInterval(() => log(this.line()), intervalMs);
      this.timer.unref();
    }
  }

  add(entries: number, bytes: number): void {
    this.entries += entries;
    this.bytes += bytes;
  }

  elapsedMs(): number {
    return Date.now() - this.started;
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
