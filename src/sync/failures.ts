/**
 * Failure handling for the sync. A failed entry is counted and warned about, never fatal; but when
 * the first transfers all fail for a reason that says the bucket itself cannot be used (no
 * connection, refused credentials, a server that keeps failing), going on would only repeat the
 * same error (with retries) for every entry, so the run stops with one clear error.
 *
 * A problem with one object's content (a name the disk refuses, a blob over the size limit, bad
 * data, a 404 or 400 on one key) says nothing about the bucket: it costs that entry, is warned
 * about, and never counts towards stopping the run. Otherwise a bucket whose first few (newest)
 * entries are bad would stop every restore before a single good entry came in.
 */

/** The remote store cannot be used at all: the caller warns (or fails the job, if asked to). */
export class SyncUnavailableError extends Error {
  override name = 'SyncUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Consecutive bucket-level failures, with not one success before them, that mean "unreachable". */
export const ABORT_AFTER_FAILURES = 8;

/** Network error codes: the bucket could not be talked to. */
const TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'DeadlineExceeded',
  'TimeoutError',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE'
]);

/**
 * Whether an error says the bucket cannot be used, rather than that one object is bad: a request
 * that got no answer, or an answer of 401/403 (credentials or policy), 429 or 5xx (after the
 * retries). A request error (S3RequestError: it carries the S3 operation) with any other status,
 * and every error that is not a request error (the disk refusing a name, a checksum, a size
 * limit), is about one object.
 */
export function isBucketLevelError(err: unknown): boolean {
  if (err instanceof SyncUnavailableError) return true;
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as { operation?: unknown; status?: unknown; code?: unknown; cause?: unknown };
    if (typeof o.operation === 'string' && 'status' in o) {
      const status = typeof o.status === 'number' ? o.status : undefined;
      if (status === undefined) return true;
      return status === 401 || status === 403 || status === 429 || status >= 500;
    }
    if (typeof o.code === 'string' && TRANSPORT_CODES.has(o.code)) return true;
    e = o.cause;
  }
  return false;
}

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
  /** Failed entries, and of them those whose error says the bucket cannot be used. */
  private failures = 0;
  private bucketFailures = 0;
  private bucketFailuresInRow = 0;
  private lastBucketError: unknown;
  private suppressed = 0;

  constructor(
    /** What is being done, for the error: `restore from s3://bucket/cache/`. */
    private readonly operation: string,
    readonly warnings: string[] = [],
    private readonly log?: (line: string) => void
  ) {}

  succeeded(): void {
    this.successes++;
    this.bucketFailuresInRow = 0;
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

  /**
   * Records a failed entry; throws SyncUnavailableError when the first ABORT_AFTER_FAILURES
   * bucket-level failures came with nothing having worked (see isBucketLevelError).
   */
  failed(what: string, err: unknown): void {
    this.failures++;
    this.warn(`${what}: ${errorText(err)}`);
    if (!isBucketLevelError(err)) return;
    this.bucketFailures++;
    this.bucketFailuresInRow++;
    this.lastBucketError = err;
    if (this.successes === 0 && this.bucketFailuresInRow >= ABORT_AFTER_FAILURES) {
      throw new SyncUnavailableError(
        `${this.operation} stopped: the first ${this.bucketFailuresInRow} transfers all failed; last error: ${errorText(err)}`,
        { cause: err }
      );
    }
  }

  /**
   * Throws SyncUnavailableError when a failure said the bucket cannot be used and nothing at all
   * worked. Entries that failed for their own content alone leave the run a success with warnings.
   */
  assertNotTotal(): void {
    if (this.bucketFailures > 0 && this.successes === 0) {
      throw new SyncUnavailableError(
        `${this.operation} failed: all ${this.failures} attempts failed; last error: ${errorText(this.lastBucketError)}`,
        { cause: this.lastBucketError }
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
