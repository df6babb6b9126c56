/**
 * Failure handling for the sync. A failed entry is counted and warned about, never fatal; but when
 * the first transfers all fail, the bucket is unreachable (or forbidden) and going on would only
 * repeat the same error (with retries) for every entry, so the run stops with one clear error.
 */

/** The remote store cannot be used at all: the caller warns (or fails the job, if asked to). */
export class SyncUnavailableError extends Error {
  override name = 'SyncUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Consecutive failures, with not one success before them, that mean "unreachable". */
export const ABORT_AFTER_FAILURES = 8;

/** Individual warnings kept per run; the rest are summed up in one line. */
const MAX_WARNINGS = 20;

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    const msg = err.message || err.name;
    return code && !msg.includes(code) ? `${msg} (${code})` : msg;
  }
  return String(err);
}

/** Collects warnings for one restore or save, and decides when failures mean the remote is down. */
export class Failures {
  private successes = 0;
  private failures = 0;
  private failuresInRow = 0;
  private lastError: unknown;
  private suppressed = 0;

  constructor(
    /** What is being done, for the error: `restore from s3://bucket/cache/`. */
    private readonly operation: string,
    readonly warnings: string[] = [],
    private readonly log?: (line: string) => void
  ) {}

  succeeded(): void {
    this.successes++;
    this.failuresInRow = 0;
  }

  /** A warning that is not an entry failure (a local clean that failed, a listing of one namespace). */
  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) {
      this.warnings.push(message);
      this.log?.(`warning: ${message}`);
    } else {
      this.suppressed++;
    }
  }

  /** Records a failed entry; throws SyncUnavailableError when nothing has worked so far. */
  failed(what: string, err: unknown): void {
    this.failures++;
    this.failuresInRow++;
    this.lastError = err;
    this.warn(`${what}: ${errorText(err)}`);
    if (this.successes === 0 && this.failuresInRow >= ABORT_AFTER_FAILURES) {
      throw new SyncUnavailableError(
        `${this.operation} stopped: the first ${this.failuresInRow} transfers all failed; last error: ${errorText(err)}`,
        { cause: err }
      );
    }
  }

  /** Throws SyncUnavailableError when something failed and nothing at all worked. */
  assertNotTotal(): void {
    if (this.failures > 0 && this.successes === 0) {
      throw new SyncUnavailableError(
        `${this.operation} failed: all ${this.failures} attempts failed; last error: ${errorText(this.lastError)}`,
        { cause: this.lastError }
      );
    }
  }

  /** Adds the `and N more` line; call once at the end. */
  finish(): string[] {
    if (this.suppressed > 0) {
      this.warnings.push(`${this.suppressed} more warnings not shown`);
      this.suppressed = 0;
    }
    return this.warnings;
  }
}
