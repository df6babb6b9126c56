/**
 * When failures stop a run: only failures that say the bucket cannot be used (no answer, 401/403,
 * 429/5xx after the retries) count towards the early stop; an entry that failed for its own
 * content (a name the disk refuses, a size limit, a 404/400 on one key) is a warning and never
 * stops the run, however many come first.
 */
import { BlobTooLargeError, InvalidInputError } from '../../src/store/errors.js';
import { S3RequestError } from '../../src/store/s3-bucket.js';
import {
  ABORT_AFTER_FAILURES,
  Failures,
  isBucketLevelError,
  SyncUnavailableError
} from '../../src/sync/failures.js';

const s3Error = (status: number | undefined, code?: string): S3RequestError =>
  new S3RequestError(`S3 GetObject failed: ${status ?? code}`, 'GetObject', 's3://b/k', status, code, 5);

test('bucket-level errors: no answer, refused credentials, throttling and server errors', () => {
  for (const err of [
    s3Error(undefined, 'ECONNREFUSED'),
    s3Error(403, 'AccessDenied'),
    s3Error(401),
    s3Error(503),
    s3Error(429)
  ]) {
    expect(isBucketLevelError(err)).toBe(true);
  }
  expect(isBucketLevelError(Object.assign(new Error('connect'), { code: 'ECONNRESET' }))).toBe(true);
  expect(isBucketLevelError(new Error('wrapped', { cause: s3Error(403) }))).toBe(true);
});

test('content errors: one object is bad, the bucket is fine', () => {
  for (const err of [
    s3Error(404, 'NoSuchKey'),
    s3Error(400, 'InvalidRequest'),
    s3Error(416),
    new InvalidInputError('invalid cache blob name ".hidden"'),
    new BlobTooLargeError('s3://b/k', 2, 1),
    new TypeError("Cannot read properties of undefined (reading 'offset')"),
    new Error('chunk fails its checksum')
  ]) {
    expect(isBucketLevelError(err)).toBe(false);
  }
});

test('any number of content failures first: warned, never a stop, and the run is not "total"', () => {
  const f = new Failures('restore from s3://b/cache/');
  for (let i = 0; i < ABORT_AFTER_FAILURES * 3; i++) {
    f.failed(
      `could not restore compile/local/${i}`,
      i % 2 ? new InvalidInputError('bad name') : s3Error(404)
    );
  }
  expect(() => f.assertNotTotal()).not.toThrow();
  expect(f.finish()).toHaveLength(21);
});

test('the first transfers all failing at the bucket level still stop the run, content failures in between or not', () => {
  const f = new Failures('restore from s3://b/cache/');
  for (let i = 0; i < ABORT_AFTER_FAILURES - 1; i++) {
    f.failed(`entry ${i}`, s3Error(403, 'AccessDenied'));
    f.failed(`bad entry ${i}`, new InvalidInputError('bad name'));
  }
  expect(() => f.failed('entry 7', s3Error(403, 'AccessDenied'))).toThrow(SyncUnavailableError);
  expect(() => f.failed('entry 8', s3Error(403, 'AccessDenied'))).toThrow(
    /the first 9 transfers all failed.*AccessDenied|403/
  );

  const g = new Failures('restore');
  g.failed('one', s3Error(undefined, 'ECONNRESET'));
  expect(() => g.assertNotTotal()).toThrow(/all 1 attempts failed/);
  g.succeeded();
  expect(() => g.assertNotTotal()).not.toThrow();
  // A success resets the count: later bucket failures are warnings.
  for (let i = 0; i < ABORT_AFTER_FAILURES * 2; i++) g.failed(`later ${i}`, s3Error(503));
});
