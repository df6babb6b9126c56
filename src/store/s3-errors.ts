/**
 * What an S3 failure is: the error a caller sees after the last attempt, and the facts (status,
 * code) that decide whether an attempt is retried, found through S3, network and own errors alike.
 */
/** An S3 request that failed for good: not retryable, or still failing after every attempt. */
export class S3RequestError extends Error {
  override name = 'S3RequestError';
  constructor(
    message: string,
    /** The S3 operation, e.g. `GetObject`. */
    readonly operation: string,
    /** `s3://<bucket>/<key or prefix>`. */
    readonly location: string,
    /** HTTP status, when there was a response. */
    readonly status: number | undefined,
    /** S3 error code (`SlowDown`, `NoSuchBucket`) or network error code (`ECONNRESET`). */
    readonly code: string | undefined,
    readonly attempts: number,
    options?: { cause?: unknown }
  ) {
    super(message, options);
  }
}

/** An answer other than 2xx: its status, and the code of its error document (or one named after the status). */
export class S3ServiceError extends Error {
  override name = 'S3ServiceError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly requestId?: string
  ) {
    super(message);
  }
}

/** Our per-attempt deadline passed: the attempt is aborted and retried. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceeded';
  readonly code = 'DeadlineExceeded';
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequests',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'ConditionalRequestConflict',
  // Our clock was off; the next attempt is signed with the server's (s3-http.ts).
  'RequestTimeTooSkewed',
  'DeadlineExceeded',
  'TruncatedBody',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET'
]);
const RETRYABLE_MESSAGE = /socket hang up|aborted|premature close|ECONNRESET|EPIPE/i;
/** Answers of a store without a usable DeleteObjects (GCS interop; stores that reject its checksum). */
export const BULK_DELETE_UNSUPPORTED_CODES = new Set([
  'NotImplemented',
  'MissingContentMD5',
  'InvalidDigest',
  'BadDigest',
  'XAmzContentChecksumMismatch',
  'InvalidArgument',
  'InvalidRequest'
]);

export interface ErrorFacts {
  status: number | undefined;
  code: string | undefined;
  message: string;
}

/**
 * Status, code and message of an S3 answer's, a network or an own error, looking through `cause`
 * chains (also the shape of the AWS SDK's errors, which the credential chain may still throw).
 */
export function factsOf(err: unknown): ErrorFacts {
  let status: number | undefined;
  let code: string | undefined;
  let message = String(err);
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as {
      $metadata?: { httpStatusCode?: number };
      name?: string;
      code?: unknown;
      Code?: unknown;
      message?: string;
      cause?: unknown;
    };
    status ??= e instanceof S3ServiceError ? e.status : o.$metadata?.httpStatusCode;
    if (code === undefined) {
      if (typeof o.Code === 'string') code = o.Code;
      else if (typeof o.code === 'string') code = o.code;
      else if (o.$metadata && o.name && o.name !== 'Error' && !/^\d+$/.test(o.name)) code = o.name;
      else if (o.name === 'AbortError' || o.name === 'TimeoutError') code = o.name;
    }
    if (depth === 0 && typeof o.message === 'string' && o.message !== '') message = o.message;
    e = o.cause;
  }
  return { status, code, message };
}

export function isRetryable(f: ErrorFacts): boolean {
  if (f.code === 'NotImplemented') return false;
  if (f.status !== undefined && RETRYABLE_STATUS.has(f.status)) return true;
  if (f.code !== undefined && RETRYABLE_CODES.has(f.code)) return true;
  return f.status === undefined && RETRYABLE_MESSAGE.test(f.message);
}

export function isNotFound(f: ErrorFacts): boolean {
  return f.status === 404 || f.code === 'NoSuchKey' || f.code === 'NotFound';
}

/** DeleteObjects is not usable on this store: fall back to one DeleteObject per key. */
export class BulkDeleteUnsupported extends Error {}
