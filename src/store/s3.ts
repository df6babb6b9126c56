/**
 * The S3 store: byte-compatible with the Go system's layout `<prefix><hh>/<hex>/<name>` under the
 * root prefix `cache/`, with namespaces as nested prefixes. Listing is parallel: the levels of the
 * tree are discovered with delimiter listings, their shards are listed concurrently, and a range
 * that fills a page is split into its sub-ranges instead of being paged through one by one.
 */
import { BlobTooLargeError } from './errors.js';
import { mapLimit } from './limit.js';
import { compareLru } from './lru-order.js';
import { S3Bucket, S3RequestError, type ObjectInfo, type S3BucketOptions } from './s3-bucket.js';
import { EntryListing, isBlobName, type ListGranularity } from './s3-entry-listing.js';
import type { BlobInfo, CacheKey, CleanResult, EntryInfo, Evicted, Store, StoreStats } from './store.js';
import { keyHex, shardOf, splitNamespacePath, validateBlobName, validateNamespace } from './validate.js';

export interface S3StoreOptions extends S3BucketOptions {
  /** Root prefix of the store; always ends in `/`. Default `cache/` (the Go system's). */
  prefix?: string;
  /** Size limit in bytes enforced after puts; 0 or absent = unlimited. Namespace views do not inherit it. */
  maxSize?: number;
  /** A larger blob is an error, never a hit. Default 1 GiB. */
  maxBlobSize?: number;
  /** `open` creates a missing bucket (with the region's location constraint). */
  autoCreate?: boolean;
  /**
   * Listing requests in flight at once. Default 64: on a 20 ms link a listing of 50,000 objects
   * took 0.32 s at 64 and 0.35 s at 32 (bench/listing.ts); more is capped by the pool (maxSockets).
   */
  listConcurrency?: number;
  /**
   * How a level bigger than one page is listed: in 16 ranges by first hex digit, or by shard when
   * its first page shows it dense (default `digit`); or always by shard (`shard`). Either way a
   * range that fills a page is split further.
   */
  listGranularity?: ListGranularity;
  /** Keys asked for per listing page (1 to 1000); default the server's page, 1000. Smaller only for tests. */
  listPageKeys?: number;
}

export type { ListGranularity } from './s3-entry-listing.js';

/** A store on an existing bucket connection (how namespace views share one client and pool). */
export interface S3StoreOnBucket {
  bucket: S3Bucket;
  prefix: string;
  maxSize?: number;
  maxBlobSize?: number;
  listConcurrency?: number;
  listGranularity?: ListGranularity;
  listPageKeys?: number;
}

export interface S3PutOptions {
  /** Write only when the blob is absent (`If-None-Match: *`); losing that race is not an error. */
  ifAbsent?: boolean;
}

const GiB = 1024 ** 3;
const DEFAULT_PREFIX = 'cache/';
/** Like the original: evict once the running estimate passes the limit by 10%, then down to the limit. */
const EVICTION_SLACK = 1.1;
/** The blob a touch copies: small, and present in every compile entry. */
const TOUCH_BLOB = 'exit_code';
/** More objects than any entry has blobs; used to bound per-entry listings. */
const ENTRY_LISTING_LIMIT = 64;

function normalizePrefix(prefix: string): string {
  return `${splitNamespacePath(prefix).join('/')}/`;
}

function evicted(entries: EntryInfo[]): Evicted {
  return { entries: entries.length, bytes: entries.reduce((n, e) => n + e.size, 0) };
}

export class S3CacheStore implements Store {
  readonly bucket: S3Bucket;
  /** Always ends in `/`, e.g. `cache/` or `cache/compile/local/`. */
  readonly prefix: string;
  readonly maxSize: number;
  readonly maxBlobSize: number;
  readonly listConcurrency: number;
  readonly listGranularity: ListGranularity;
  readonly listPageKeys: number | undefined;
  private readonly ownsBucket: boolean;
  /** Running size estimate for maxSize; undefined until the first put lists the store once. */
  private estimate: number | undefined;
  private estimating: Promise<void> | undefined;
  private evicting: Promise<void> | undefined;

  constructor(options: S3StoreOptions | S3StoreOnBucket) {
    if (options.bucket instanceof S3Bucket) {
      this.bucket = options.bucket;
      this.ownsBucket = false;
    } else {
      this.bucket = new S3Bucket(options as S3StoreOptions);
      this.ownsBucket = true;
    }
    this.prefix = normalizePrefix(options.prefix ?? DEFAULT_PREFIX);
    this.maxSize = Math.max(0, options.maxSize ?? 0);
    this.maxBlobSize = options.maxBlobSize ?? GiB;
    this.listConcurrency = options.listConcurrency ?? 64;
    this.listGranularity = options.listGranularity ?? 'digit';
    this.listPageKeys = options.listPageKeys;
    if (
      this.listPageKeys !== undefined &&
      !(Number.isInteger(this.listPageKeys) && this.listPageKeys >= 1 && this.listPageKeys <= 1000)
    ) {
      throw new RangeError(
        `listPageKeys ${this.listPageKeys} is invalid: expected a whole number from 1 to 1000`
      );
    }
    if (!Number.isInteger(this.listConcurrency) || this.listConcurrency < 1) {
      throw new RangeError(
        `listConcurrency ${this.listConcurrency} is invalid: expected a whole number >= 1`
      );
    }
  }

  /** Constructs the store and checks access (creating a missing bucket when autoCreate is set). */
  static async open(options: S3StoreOptions): Promise<S3CacheStore> {
    const store = new S3CacheStore(options);
    try {
      await store.checkAccess(options.autoCreate ?? false);
    } catch (err) {
      store.destroy();
      throw err;
    }
    return store;
  }

  /**
   * The access check `open` makes (one ListObjectsV2 of a key below the prefix), for a caller that
   * runs it beside its first reads instead of before them; throws what `open` would.
   */
  checkAccess(autoCreate = false): Promise<void> {
    return this.bucket.ensureBucket(autoCreate, this.prefix);
  }

  /** `<prefix><hh>/<hex>/<name>` (compat). */
  objectKey(key: CacheKey, name: string): string {
    validateBlobName(name);
    return `${this.entryPrefix('', keyHex(key))}${name}`;
  }

  dir(): string {
    return `s3://${this.bucket.name}/${this.prefix}`;
  }

  namespace(prefix: string): S3CacheStore {
    validateNamespace(prefix);
    return new S3CacheStore({
      bucket: this.bucket,
      prefix: `${this.prefix}${prefix}/`,
      maxBlobSize: this.maxBlobSize,
      listConcurrency: this.listConcurrency,
      listGranularity: this.listGranularity,
      listPageKeys: this.listPageKeys
    });
  }

  /**
   * The blob, or null. Never more than maxBlobSize bytes, nor than `maxSize` (a restore passes the
   * size the listing gave): a bigger answer is a BlobTooLargeError, decided on its Content-Length
   * before the body is read, or while reading when there is none.
   */
  async get(key: CacheKey, name: string, options: { maxSize?: number } = {}): Promise<Buffer | null> {
    const limit = Math.min(this.maxBlobSize, options.maxSize ?? Number.POSITIVE_INFINITY);
    return this.bucket.getObject(this.objectKey(key, name), limit);
  }

  /**
   * Stores the blob. Returns false when `ifAbsent` was set and the key already existed (the server
   * answered 412: another writer got there first), so callers can count it as already stored.
   */
  async put(key: CacheKey, name: string, value: Uint8Array, opts: S3PutOptions = {}): Promise<boolean> {
    const objectKey = this.objectKey(key, name);
    if (value.length > this.maxBlobSize) {
      throw new BlobTooLargeError(this.bucket.location(objectKey), value.length, this.maxBlobSize);
    }
    const written = await this.bucket.putObject(objectKey, value, { ifNoneMatch: opts.ifAbsent });
    if (written && this.maxSize > 0) await this.accountAndEvict(value.length);
    return written;
  }

  async has(key: CacheKey): Promise<boolean> {
    return (await this.entryObjects(keyHex(key))).length > 0;
  }

  /**
   * The blobs the bucket holds for one entry (one listing of its prefix): the save compares them
   * with a local entry the build rewrote, to replace an entry it cannot use (issue 11).
   */
  async entryBlobs(key: CacheKey): Promise<BlobInfo[]> {
    const hex = keyHex(key);
    const prefix = this.entryPrefix('', hex);
    return (await this.entryObjects(hex)).map(o => ({
      name: o.key.slice(prefix.length),
      size: o.size,
      mtime: o.lastModified
    }));
  }

  async stats(): Promise<StoreStats> {
    const entries = await this.list();
    return { entries: entries.length, bytes: entries.reduce((n, e) => n + e.size, 0) };
  }

  /**
   * Every entry of this store and of every namespace below it. Each level of the tree is discovered
   * with a delimiter listing (a two-hex-character common prefix is a shard, any other valid segment
   * a namespace) and, in the same round, its first page of keys is read: a level that fits one page
   * is then done. Otherwise the rest of the level is listed in ranges, concurrently (bounded by
   * listConcurrency): by first hex digit (prefix `<level><d>`, covering the shards `<d>0/`…`<d>f/`,
   * so a mid-sized level costs 16 requests rather than 256), or by shard when listGranularity is
   * 'shard', when the first page did not get through a thirty-second of the shards (each digit would
   * hold more than two pages), or for a digit that a namespace also starts with (`c0ffee/`), so no
   * namespace is listed twice. A range whose page comes back truncated is not paged through: the
   * rest of it is split into its sub-ranges (shards, then longer hex prefixes), listed concurrently,
   * the one holding the page's last key from just after that key. A big bucket so costs a few
   * rounds of parallel requests, not 1000-key pages one after another. Keys outside the layout
   * (namespaces' keys met in a level's ranges, foreign objects) are skipped, never counted twice.
   */
  async list(): Promise<EntryInfo[]> {
    return new EntryListing(this.bucket, {
      concurrency: this.listConcurrency,
      granularity: this.listGranularity,
      pageKeys: this.listPageKeys
    }).run(this.prefix);
  }

  async clean(maxSize: number, maxAge: number): Promise<CleanResult> {
    const entries = await this.list();
    const cutoff = Date.now() - maxAge;
    const byAge = maxAge > 0 ? entries.filter(e => e.mtime.getTime() < cutoff) : [];
    const aged = new Set(byAge);
    const rest = entries
      .filter(e => !aged.has(e))
      // Ties broken by namespace, then key (lru-order.ts), as on disk: a LastModified in whole
      // seconds makes them common.
      .sort(compareLru);
    let total = rest.reduce((n, e) => n + e.size, 0);
    let oldest = 0;
    if (maxSize > 0) {
      while (total > maxSize && oldest < rest.length) total -= rest[oldest++]!.size;
    }
    const bySize = rest.slice(0, oldest);
    // Only the objects the listing attributed to entries: foreign objects are never deleted.
    await this.bucket.deleteObjects(
      [...byAge, ...bySize].flatMap(e => e.blobs.map(b => `${this.entryPrefix(e.namespace, e.key)}${b.name}`))
    );
    return {
      bySize: evicted(bySize),
      byAge: evicted(byAge),
      remaining: { entries: rest.length - oldest, bytes: total }
    };
  }

  /**
   * Refreshes the entry's time: a server-side copy of one small blob onto itself moves its
   * LastModified, and the entry's time is its newest blob's. A missing entry is left alone.
   */
  async touch(key: CacheKey, blob: string = TOUCH_BLOB): Promise<void> {
    validateBlobName(blob);
    const hex = keyHex(key);
    // Every compile entry has exit_code: one request, no listing. Only when it is missing is the
    // entry listed to find another (the smallest) blob to copy.
    if (await this.copyIfPresent(this.objectKey(hex, blob))) return;
    const objects = await this.entryObjects(hex);
    if (objects.length === 0) return;
    const smallest = objects.reduce((small, o) => (o.size < small.size ? o : small));
    await this.copyIfPresent(smallest.key);
  }

  /** A copy onto itself; false when the object is not there (never written, or evicted meanwhile). */
  private async copyIfPresent(objectKey: string): Promise<boolean> {
    try {
      await this.bucket.copyOntoItself(objectKey);
      return true;
    } catch (err) {
      if (err instanceof S3RequestError && (err.code === 'NoSuchKey' || err.status === 404)) return false;
      throw err;
    }
  }

  /** Removes whole entries of this store (not of namespaces below it). */
  async remove(keys: string[]): Promise<void> {
    const hexes = keys.map(k => keyHex(k));
    const objects = await mapLimit(hexes, this.listConcurrency, hex => this.entryObjects(hex));
    await this.bucket.deleteObjects(objects.flat().map(o => o.key));
  }

  /** Opens connections ahead of requests about to be sent together (S3Bucket.preconnect). */
  preconnect(count: number): void {
    this.bucket.preconnect(count);
  }

  /** Closes the connection pool when this store created it (views share their parent's). */
  destroy(): void {
    if (this.ownsBucket) this.bucket.destroy();
  }

  private entryPrefix(namespace: string, hex: string): string {
    return `${this.prefix}${namespace ? `${namespace}/` : ''}${shardOf(hex)}/${hex}/`;
  }

  /** The blobs of one entry at this level (objects nested deeper are foreign). */
  private async entryObjects(hex: string): Promise<ObjectInfo[]> {
    const prefix = this.entryPrefix('', hex);
    const objects = await this.bucket.listObjects(prefix, ENTRY_LISTING_LIMIT);
    return objects.filter(o => isBlobName(o.key.slice(prefix.length)));
  }

  /** Keeps the running estimate and evicts once it passes the limit by 10%. */
  private async accountAndEvict(bytes: number): Promise<void> {
    if (this.estimate === undefined) {
      // The first put learns the current size from one listing (which already includes this blob).
      this.estimating ??= this.stats().then(
        s => {
          this.estimate = s.bytes;
        },
        err => {
          this.estimating = undefined;
          throw err;
        }
      );
      await this.estimating;
    } else {
      this.estimate += bytes;
    }
    if ((this.estimate ?? 0) > this.maxSize * EVICTION_SLACK) {
      this.evicting ??= this.clean(this.maxSize, 0)
        .then(result => {
          this.estimate = result.remaining.bytes;
        })
        .finally(() => {
          this.evicting = undefined;
        });
      await this.evicting;
    }
  }
}
