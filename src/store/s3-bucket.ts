/**
 * Everything that talks to S3 (or an S3 look-alike: MinIO, R2, Ceph, GCS interop): the operations
 * the stores and packs use, over our own requests (s3-http.ts: SigV4, no SDK), with a sized
 * keep-alive pool, our own per-attempt deadlines that grow with the size of the transfer, and
 * our own retries with backoff, so that a throttled, reset or stalled request is retried and a
 * persistent failure surfaces as an error after a bounded number of attempts.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { BlobTooLargeError } from './errors.js';
import { mapLimit } from './limit.js';
import { guardedBody, readBody, sliceStream, type GetAnswer } from './s3-body.js';
import { Deadline, sleep } from './s3-deadline.js';
import { readText, S3Http, type S3Call } from './s3-http.js';
import { escapeXml, xmlElements, xmlText } from './s3-xml.js';
import {
  BULK_DELETE_UNSUPPORTED_CODES,
  BulkDeleteUnsupported,
  factsOf,
  S3ServiceError,
  isNotFound,
  isRetryable,
  S3RequestError
} from './s3-errors.js';

export { S3RequestError } from './s3-errors.js';

/** An object as a listing names it. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ListPageRequest {
  prefix: string;
  delimiter?: string;
  continuationToken?: string;
  /** Only keys after this one (ignored by S3 when a continuation token is given). */
  startAfter?: string;
  /** 1 to 1000; the server's default (1000) when absent. */
  maxKeys?: number;
}

/** One page of a ListObjectsV2 answer. */
export interface ListPage {
  objects: ObjectInfo[];
  prefixes: string[];
  isTruncated: boolean;
  nextContinuationToken: string | undefined;
}

export interface S3BucketOptions {
  bucket: string;
  /** Default: AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1. R2 wants `auto`. */
  region?: string;
  /** A custom endpoint for look-alikes, e.g. `http://127.0.0.1:9000`; default AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Path-style addressing (`<endpoint>/<bucket>/<key>`); default true when an endpoint is set. */
  forcePathStyle?: boolean;
  /** Static credentials; without them the default chain (env, then the SDK's: profile, web identity, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Size of the keep-alive connection pool. Default 64. */
  maxSockets?: number;
  /** Attempts per request, the first included. Default 5. */
  maxAttempts?: number;
  /** Deadline of one attempt: this much time (default 10 s) ... */
  deadlineBaseMs?: number;
  /** ... plus the transfer size at this floor rate (default 1 MiB/s), so big objects get longer. */
  deadlineMinBytesPerSecond?: number;
  /** First retry waits about this long (default 200 ms), doubling per attempt, with jitter. */
  retryBaseDelayMs?: number;
  /** Upper bound of one backoff wait. Default 10 s. */
  retryMaxDelayMs?: number;
  /** Called before each retry (for logs and the benchmark); must not throw. */
  onRetry?: (retry: RetryInfo) => void;
}

export interface RetryInfo {
  /** The attempt that failed (1 = the first). */
  attempt: number;
  status: number | undefined;
  code: string | undefined;
  message: string;
  /** The backoff before the next attempt. */
  delayMs: number;
}

/**
 * A paged listing that callers can use either way: `for await (const o of listing)` streams it page
 * by page, `await listing` collects it into an array.
 */
export interface ObjectListing extends AsyncIterable<ObjectInfo>, PromiseLike<ObjectInfo[]> {}

const DEFAULT_REGION = 'us-east-1';
/** A listing page of 1000 keys is ~300 KiB; no document we read comes near this. */
const MAX_DOCUMENT = 16 * 1024 * 1024;
const MiB = 1024 * 1024;
/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;
/** Per-key deletes in flight when a store lacks DeleteObjects. */
const SINGLE_DELETE_CONCURRENCY = 16;

/** x-amz-copy-source is `<bucket>/<key>`, URL-encoded per path segment. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The endpoint the AWS SDKs and CLI take from the environment when none is given: AWS_ENDPOINT_URL_S3,
 * then AWS_ENDPOINT_URL (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true).
 */
function configuredEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

/** A listing's number or date field: absent or malformed is the zero value, as the SDK made it. */
function sizeOf(text: string | undefined): number {
  const n = text === undefined ? NaN : Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

function dateOf(text: string | undefined): Date {
  const d = text === undefined ? new Date(0) : new Date(text);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** The ListObjectsV2 answer (ListBucketResult) as a page. */
export function parseListPage(xml: string): ListPage {
  const objects: ObjectInfo[] = [];
  for (const c of xmlElements(xml, 'Contents')) {
    const key = xmlText(c, 'Key');
    if (key !== undefined) {
      objects.push({
        key,
        size: sizeOf(xmlText(c, 'Size')),
        lastModified: dateOf(xmlText(c, 'LastModified'))
      });
    }
  }
  const prefixes: string[] = [];
  for (const p of xmlElements(xml, 'CommonPrefixes')) {
    const prefix = xmlText(p, 'Prefix');
    if (prefix !== undefined) prefixes.push(prefix);
  }
  return {
    objects,
    prefixes,
    isTruncated: xmlText(xml, 'IsTruncated') === 'true',
    nextContinuationToken: xmlText(xml, 'NextContinuationToken') || undefined
  };
}

export class S3Bucket {
  readonly name: string;
  readonly region: string;
  readonly endpoint: string | undefined;
  private readonly http: S3Http;
  private readonly maxAttempts: number;
  private readonly deadlineBaseMs: number;
  private readonly deadlineRate: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly onRetry: ((retry: RetryInfo) => void) | undefined;
  private readonly maxSockets: number;
  private requests = 0;
  /** Set once the store answered DeleteObjects as unsupported: later deletes go per key directly. */
  private bulkDeleteUnsupported = false;

  constructor(options: S3BucketOptions) {
    if (!options.bucket) throw new RangeError('S3 bucket name must not be empty');
    this.name = options.bucket;
    this.region =
      options.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || DEFAULT_REGION;
    this.endpoint = options.endpoint || configuredEndpoint() || undefined;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.deadlineBaseMs = options.deadlineBaseMs ?? 10_000;
    this.deadlineRate = options.deadlineMinBytesPerSecond ?? MiB;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 10_000;
    this.onRetry = options.onRetry;
    this.maxSockets = options.maxSockets ?? 64;
    this.http = new S3Http({
      bucket: this.name,
      region: this.region,
      endpoint: this.endpoint,
      forcePathStyle: options.forcePathStyle ?? this.endpoint !== undefined,
      credentials: options.credentials,
      maxSockets: this.maxSockets,
      useFips: process.env.AWS_USE_FIPS_ENDPOINT?.toLowerCase() === 'true',
      useDualStack: process.env.AWS_USE_DUALSTACK_ENDPOINT?.toLowerCase() === 'true'
    });
  }

  /** One call whose answer's body is not wanted (read to its end, so the connection is kept). */
  private async call(call: S3Call, signal: AbortSignal): Promise<IncomingMessage> {
    const answer = await this.http.send(call, signal);
    answer.resume();
    return answer;
  }

  /** One call whose answer is a small XML document. */
  private async document(call: S3Call, signal: AbortSignal): Promise<string> {
    const answer = await this.http.send(call, signal);
    return readText(answer, MAX_DOCUMENT);
  }

  /** Requests sent so far, every attempt counted. */
  get requestCount(): number {
    return this.requests;
  }

  /** `s3://<bucket>/<key>`, for messages. */
  location(key = ''): string {
    return `s3://${this.name}/${key}`;
  }

  /**
   * The object's bytes (or those of `range`: first and last byte, inclusive, as in an HTTP Range
   * header); null when it does not exist; BlobTooLargeError when over maxSize.
   */
  async getObject(
    key: string,
    maxSize?: number,
    range?: { start: number; end: number }
  ): Promise<Buffer | null> {
    const location = this.location(key);
    try {
      return await this.retrying(0, async deadline => {
        const answer = await this.openGet(key, range, deadline.signal);
        if (!answer) return Buffer.alloc(0);
        // Decided on the headers, before any of the body is read.
        if (maxSize !== undefined && answer.length !== undefined && answer.length > maxSize) {
          answer.body.destroy();
          throw new BlobTooLargeError(location, answer.length, maxSize);
        }
        deadline.extend(answer.length ?? 0);
        return readBody(answer.body, deadline.signal, answer.length, maxSize, location);
      });
    } catch (err) {
      if (err instanceof BlobTooLargeError) throw err;
      if (isNotFound(factsOf(err))) return null;
      throw this.failure('GetObject', key, err);
    }
  }

  /**
   * The object's bytes (or those of `range`) as a stream, for reading while they arrive; null when
   * it does not exist. Retried like every request until the answer's headers are in; after that a
   * failure surfaces as an error from the stream (the reader decides what to do: the pack reader
   * fetches the entries it could not read as objects). The body must keep moving: nothing for
   * `deadlineBaseMs` (10 s by default) aborts it, and a body shorter than its Content-Length is
   * an error, not a short read.
   */
  async getObjectStream(
    key: string,
    range?: { start: number; end: number }
  ): Promise<AsyncIterable<Buffer> | null> {
    const location = this.location(key);
    let answer: GetAnswer | null;
    try {
      answer = await this.retrying(0, deadline => this.openGet(key, range, deadline.signal));
    } catch (err) {
      if (isNotFound(factsOf(err))) return null;
      throw this.failure('GetObject', key, err);
    }
    if (answer === null) return (async function* () {})();
    const body = guardedBody(answer.body, answer.length, this.deadlineBaseMs, location);
    // A server that ignores Range answers 200 with the whole object: the range is cut from it.
    return range && !answer.partial ? sliceStream(body, range.start, range.end + 1) : body;
  }

  /**
   * One GetObject attempt up to its answer's headers; an error answer is thrown as the S3 error it
   * is. Null: a 2xx answer without a body.
   */
  private async openGet(
    key: string,
    range: { start: number; end: number } | undefined,
    signal: AbortSignal
  ): Promise<GetAnswer | null> {
    const rangeHeader = range ? `bytes=${range.start}-${range.end}` : undefined;
    const answer = await this.http.send({ method: 'GET', key, headers: { range: rangeHeader } }, signal);
    if (answer.statusCode === 204) {
      answer.resume();
      return null;
    }
    const length = answer.headers['content-length'];
    const n = length === undefined ? NaN : Number(length);
    return {
      body: answer as Readable,
      length: Number.isSafeInteger(n) && n >= 0 ? n : undefined,
      partial: answer.statusCode === 206
    };
  }

  /**
   * Writes the object. With ifNoneMatch the write only happens when the key is absent
   * (`If-None-Match: *`); false means someone else wrote it first (412), which is not an error.
   */
  async putObject(key: string, body: Uint8Array, opts: { ifNoneMatch?: boolean } = {}): Promise<boolean> {
    try {
      // The body is a buffer, so every attempt sends it whole.
      await this.retrying(body.length, async deadline => {
        await this.call(
          {
            method: 'PUT',
            key,
            body,
            headers: {
              'content-type': 'application/octet-stream',
              'if-none-match': opts.ifNoneMatch ? '*' : undefined
            }
          },
          deadline.signal
        );
      });
      return true;
    } catch (err) {
      const f = factsOf(err);
      if (opts.ifNoneMatch && (f.status === 412 || f.code === 'PreconditionFailed')) return false;
      throw this.failure('PutObject', key, err);
    }
  }

  async headObject(key: string): Promise<ObjectInfo | null> {
    try {
      const answer = await this.retrying(0, deadline => this.call({ method: 'HEAD', key }, deadline.signal));
      const length = answer.headers['content-length'];
      return { key, size: sizeOf(length), lastModified: dateOf(answer.headers['last-modified']) };
    } catch (err) {
      if (isNotFound(factsOf(err))) return null;
      throw this.failure('HeadObject', key, err);
    }
  }

  /**
   * Refreshes the object's LastModified without transferring its data: a server-side copy onto
   * itself. S3 refuses a self-copy that changes nothing, hence the REPLACE metadata directive.
   */
  async copyOntoItself(key: string): Promise<void> {
    try {
      await this.retrying(0, async deadline => {
        const answer = await this.document(
          {
            method: 'PUT',
            key,
            headers: {
              'x-amz-copy-source': copySource(this.name, key),
              'x-amz-metadata-directive': 'REPLACE',
              'content-type': 'application/octet-stream'
            }
          },
          deadline.signal
        );
        // S3 may fail a copy after its 200 has gone out: the error is then the answer's document.
        if (/<Error[\s>]/.test(answer)) {
          const code = xmlText(answer, 'Code') ?? 'InternalError';
          throw new S3ServiceError(xmlText(answer, 'Message') ?? code, 200, code);
        }
      });
    } catch (err) {
      throw this.failure('CopyObject', key, err);
    }
  }

  /**
   * Deletes the keys in DeleteObjects batches of 1000. A store that lacks DeleteObjects or rejects
   * its mandatory checksum gets per-key deletes instead, from then on. Missing keys are fine.
   */
  async deleteObjects(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      if (!this.bulkDeleteUnsupported) {
        try {
          await this.deleteBatch(batch);
          continue;
        } catch (err) {
          if (!(err instanceof BulkDeleteUnsupported)) throw err;
          this.bulkDeleteUnsupported = true;
        }
      }
      await mapLimit(batch, SINGLE_DELETE_CONCURRENCY, key => this.deleteObject(key));
    }
  }

  private async deleteBatch(batch: string[]): Promise<void> {
    let answer: string;
    const body = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>` +
        batch.map(key => `<Object><Key>${escapeXml(key)}</Key></Object>`).join('') +
        `</Delete>`
    );
    // DeleteObjects must carry a checksum of its body; Content-MD5 is the one every look-alike knows.
    const md5 = createHash('md5').update(body).digest('base64');
    try {
      answer = await this.retrying(body.length, deadline =>
        this.document(
          {
            method: 'POST',
            query: { delete: '' },
            body,
            headers: { 'content-md5': md5, 'content-type': 'application/xml' }
          },
          deadline.signal
        )
      );
    } catch (err) {
      const f = factsOf(err);
      if (f.status === 501 || f.status === 400 || (f.code && BULK_DELETE_UNSUPPORTED_CODES.has(f.code))) {
        throw new BulkDeleteUnsupported();
      }
      throw this.failure('DeleteObjects', batch[0] ?? '', err);
    }
    const failed = xmlElements(answer, 'Error')
      .map(e => ({ Key: xmlText(e, 'Key') ?? '', Code: xmlText(e, 'Code'), Message: xmlText(e, 'Message') }))
      .filter(e => e.Code !== 'NoSuchKey');
    const first = failed[0];
    if (first) {
      throw new S3RequestError(
        `S3 DeleteObjects could not delete ${failed.length} of ${batch.length} objects, e.g. ${this.location(first.Key)}: ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim(),
        'DeleteObjects',
        this.location(first.Key),
        undefined,
        first.Code,
        1
      );
    }
  }

  async deleteObject(key: string): Promise<void> {
    try {
      await this.retrying(0, deadline => this.call({ method: 'DELETE', key }, deadline.signal));
    } catch (err) {
      if (isNotFound(factsOf(err))) return;
      throw this.failure('DeleteObject', key, err);
    }
  }

  /**
   * Every object under the prefix, in key order, one paged ListObjectsV2 (at most `limit` objects).
   */
  listObjects(prefix: string, limit?: number): ObjectListing {
    const pages = (): AsyncGenerator<ListPage> => this.pages(prefix, undefined, limit);
    async function* objects(): AsyncGenerator<ObjectInfo> {
      let n = 0;
      for await (const page of pages()) {
        for (const o of page.objects) {
          if (limit !== undefined && n++ >= limit) return;
          yield o;
        }
      }
    }
    const collect = async (): Promise<ObjectInfo[]> => {
      const all: ObjectInfo[] = [];
      for await (const o of objects()) all.push(o);
      return all;
    };
    return {
      [Symbol.asyncIterator]: objects,
      then: (onFulfilled, onRejected) => collect().then(onFulfilled, onRejected)
    };
  }

  /** One level of the tree under the prefix: common prefixes (delimiter `/`) and the objects at this level. */
  async listPrefixes(prefix: string): Promise<{ prefixes: string[]; objects: ObjectInfo[] }> {
    const prefixes: string[] = [];
    const objects: ObjectInfo[] = [];
    for await (const page of this.pages(prefix, '/')) {
      prefixes.push(...page.prefixes);
      objects.push(...page.objects);
    }
    return { prefixes, objects };
  }

  private async *pages(prefix: string, delimiter?: string, limit?: number): AsyncGenerator<ListPage> {
    let token: string | undefined;
    let seen = 0;
    do {
      const maxKeys = limit === undefined ? undefined : Math.min(1000, Math.max(1, limit - seen));
      const page = await this.listPage({ prefix, delimiter, continuationToken: token, maxKeys });
      seen += page.objects.length + page.prefixes.length;
      yield page;
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token !== undefined && (limit === undefined || seen < limit));
  }

  /**
   * One ListObjectsV2 page, with our deadline and retries.
   */
  async listPage(request: ListPageRequest): Promise<ListPage> {
    try {
      return await this.retrying(0, async deadline => {
        return this.fetchListPage(request, deadline.signal);
      });
    } catch (err) {
      throw this.failure('ListObjectsV2', request.prefix, err);
    }
  }

  private async fetchListPage(request: ListPageRequest, signal: AbortSignal): Promise<ListPage> {
    const xml = await this.document(
      {
        method: 'GET',
        query: {
          'list-type': '2',
          prefix: request.prefix || undefined,
          delimiter: request.delimiter,
          'continuation-token': request.continuationToken,
          'start-after': request.continuationToken === undefined ? request.startAfter : undefined,
          'max-keys': request.maxKeys === undefined ? undefined : String(request.maxKeys)
        }
      },
      signal
    );
    return parseListPage(xml);
  }

  /**
   * Checks access with a one-key ListObjectsV2 on the prefix (needs no bucket-level permission, like
   * the original). A missing bucket is created when `create` is set, with the region's location
   * constraint (none for us-east-1, where S3 rejects one); otherwise it is an error saying so.
   */
  async ensureBucket(create: boolean, prefix = ''): Promise<void> {
    try {
      await this.retrying(0, deadline =>
        this.document(
          { method: 'GET', query: { 'list-type': '2', prefix: prefix || undefined, 'max-keys': '1' } },
          deadline.signal
        )
      );
      return;
    } catch (err) {
      const f = factsOf(err);
      if (!(f.code === 'NoSuchBucket' || f.status === 404)) throw this.failure('ListObjectsV2', prefix, err);
      if (!create) {
        throw new S3RequestError(
          `S3 bucket ${JSON.stringify(this.name)} does not exist${this.endpoint ? ` at ${this.endpoint}` : ''}: create it, or enable auto_create`,
          'ListObjectsV2',
          this.location(),
          f.status,
          f.code,
          1,
          { cause: err }
        );
      }
    }
    try {
      const body =
        this.region === DEFAULT_REGION
          ? undefined
          : Buffer.from(
              `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
                `<LocationConstraint>${escapeXml(this.region)}</LocationConstraint></CreateBucketConfiguration>`
            );
      await this.retrying(0, deadline => this.document({ method: 'PUT', body }, deadline.signal));
    } catch (err) {
      // Created meanwhile by another job of ours: fine.
      if (factsOf(err).code !== 'BucketAlreadyOwnedByYou') throw this.failure('CreateBucket', '', err);
    }
  }

  /**
   * Opens connections until `count` wait unused for the requests about to be sent (s3-agent.ts):
   * for requests sent together once something local is ready (a save's pack, its index, the catalog).
   */
  preconnect(count: number): void {
    this.http.agent.preconnect(Math.min(count, this.maxSockets));
  }

  /** Closes the keep-alive connections. */
  destroy(): void {
    this.http.agent.destroy();
  }

  /**
   * Runs one request with our deadline per attempt and retries with exponential backoff and
   * jitter on throttling, 5xx, resets and deadlines. Throws the last error as it came.
   */
  private async retrying<T>(size: number, attempt: (deadline: Deadline) => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      this.requests++;
      const deadline = new Deadline(this.deadlineBaseMs, this.deadlineRate, size);
      try {
        return await attempt(deadline);
      } catch (err) {
        deadline.clear();
        const error = deadline.expired && !(err instanceof BlobTooLargeError) ? deadline.signal.reason : err;
        if (error && typeof error === 'object') (error as { attempts?: number }).attempts = n;
        const facts = factsOf(error);
        if (n >= this.maxAttempts || !isRetryable(facts)) throw error;
        const ceiling = Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** (n - 1));
        const delayMs = ceiling / 2 + Math.random() * (ceiling / 2);
        this.onRetry?.({ attempt: n, ...facts, delayMs });
        await sleep(delayMs);
      } finally {
        deadline.clear();
      }
    }
  }

  private failure(operation: string, key: string, err: unknown): S3RequestError {
    if (err instanceof S3RequestError) return err;
    const f = factsOf(err);
    const attempts = (err as { attempts?: number } | null)?.attempts ?? 1;
    const what = [f.status !== undefined ? `HTTP ${f.status}` : undefined, f.code].filter(Boolean).join(' ');
    return new S3RequestError(
      `S3 ${operation} of ${this.location(key)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${what ? `${what}: ` : ''}${f.message}`,
      operation,
      this.location(key),
      f.status,
      f.code,
      attempts,
      { cause: err }
    );
  }
}
