/**
 * The S3 store: byte-compatible with the Go system's layout `<prefix><hh>/<hex>/<name>` under the
 * root prefix `cache/`, with namespaces as nested prefixes. Listing is parallel: the levels of the
 * tree are discovered with delimiter listings and every `<hh>/` shard is then listed concurrently,
 * instead of paging one long listing of the whole prefix.
 */
import { BlobTooLargeError } from './errors.js';
import { Limiter, mapLimit } from './limit.js';
import { S3Bucket, S3RequestError, type ObjectInfo, type S3BucketOptions } from './s3-bucket.js';
import type { BlobInfo, CacheKey, CleanResult, EntryInfo, Evicted, Store, StoreStats } from './store.js';
import {
  isKeyHex,
  keyHex,
  shardOf,
  splitNamespacePath,
  validateBlobName,
  validateNamespace
} from './validate.js';

export interface S3StoreOptions extends S3BucketOptions {
  /** Root prefix of the store; always ends in `/`. Default `cache/` (the Go system's). */
  prefix?: string;
  /** Size limit in bytes enforced after puts; 0 or absent = unlimited. Namespace views do not inherit it. */
  maxSize?: number;
  /** A larger blob is an error, never a hit. Default 1 GiB. */
  maxBlobSize?: number;
  /** `open` creates a missing bucket (with the region's location constraint). */
  autoCreate?: boolean;
  /** Listing requests in flight at once. Default 32. */
  listConcurrency?: number;
  /** Shards listed in 16 groups per level by first hex digit (default), or one listing per shard. */
  listGranularity?: ListGranularity;
}

export type ListGranularity = 'digit' | 'shard';

/** A store on an existing bucket connection (how namespace views share one client and pool). */
export interface S3StoreOnBucket {
  bucket: S3Bucket;
  prefix: string;
  maxSize?: number;
  maxBlobSize?: number;
  listConcurrency?: number;
  listGranularity?: ListGranularity;
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

function isShardSegment(segment: string): boolean {
  return /^[0-9a-f]{2}$/.test(segment);
}

function isBlobName(name: string): boolean {
  try {
    validateBlobName(name);
    return true;
  } catch {
    return false;
  }
}

/** A namespace level: a valid prefix segment that is not itself a shard name. */
function isNamespaceSegment(segment: string): boolean {
  if (isShardSegment(segment)) return false;
  try {
    validateNamespace(segment);
    return true;
  } catch {
    return false;
  }
}

/** `<hh>/<hex>/<name>` with `<hh>` the first two characters of `<hex>`; anything else is foreign. */
function parseEntryObject(rest: string): { hex: string; name: string } | undefined {
  const m = /^([0-9a-f]{2})\/([^/]+)\/(.+)$/.exec(rest);
  if (!m) return undefined;
  const [, hh, hex, name] = m as unknown as [string, string, string, string];
  return isKeyHex(hex) && shardOf(hex) === hh && isBlobName(name) ? { hex, name } : undefined;
}

function normalizePrefix(prefix: string): string {
  return `${splitNamespacePath(prefix).join('/')}/`;
}

function byNamespaceThenKey(a: EntryInfo, b: EntryInfo): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function evicted(entries: EntryInfo[]): Evicted {
  return { entries: entries.length, bytes: entries.reduce((n, e) => n + e.size, 0) };
}

/** Groups parsed objects into entries (size = sum, time = newest LastModified), sorted. */
class EntryCollector {
  private readonly entries = new Map<string, EntryInfo>();

  add(namespace: string, hex: string, object: ObjectInfo, name: string): void {
    const id = `${namespace}\0${hex}`;
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { key: hex, namespace, blobs: [], size: 0, mtime: object.lastModified };
      this.entries.set(id, entry);
    }
    const blob: BlobInfo = { name, size: object.size, mtime: object.lastModified };
    entry.blobs.push(blob);
    entry.size += object.size;
    if (object.lastModified > entry.mtime) entry.mtime = object.lastModified;
  }

  result(): EntryInfo[] {
    return [...this.entries.values()].sort(byNamespaceThenKey);
  }
}

export class S3CacheStore implements Store {
  readonly bucket: S3Bucket;
  /** Always ends in `/`, e.g. `cache/` or `cache/compile/local/`. */
  readonly prefix: string;
  readonly maxSize: number;
  readonly maxBlobSize: number;
  readonly listConcurrency: number;
  readonly listGranularity: ListGranularity;
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
    this.listConcurrency = options.listConcurrency ?? 32;
    this.listGranularity = options.listGranularity ?? 'digit';
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
      await store.bucket.ensureBucket(options.autoCreate ?? false, store.prefix);
    } catch (err) {
      store.destroy();
      throw err;
    }
    return store;
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
      listGranularity: this.listGranularity
    });
  }

  async get(key: CacheKey, name: string): Promise<Buffer | null> {
    return this.bucket.getObject(this.objectKey(key, name), this.maxBlobSize);
  }

  async put(key: CacheKey, name: string, value: Uint8Array, opts: S3PutOptions = {}): Promise<void> {
    const objectKey = this.objectKey(key, name);
    if (value.length > this.maxBlobSize) {
      throw new BlobTooLargeError(this.bucket.location(objectKey), value.length, this.maxBlobSize);
    }
    const written = await this.bucket.putObject(objectKey, value, { ifNoneMatch: opts.ifAbsent });
    if (written && this.maxSize > 0) await this.accountAndEvict(value.length);
  }

  async has(key: CacheKey): Promise<boolean> {
    return (await this.entryObjects(keyHex(key))).length > 0;
  }

  async stats(): Promise<StoreStats> {
    const entries = await this.list();
    return { entries: entries.length, bytes: entries.reduce((n, e) => n + e.size, 0) };
  }

  /**
   * Every entry of this store and of every namespace below it. Levels are discovered with delimiter
   * listings (a two-hex-character common prefix is a shard, any other valid segment a namespace),
   * and shards are listed concurrently as soon as they are found, bounded by listConcurrency. With
   * listGranularity 'digit' (the default) the shards of a level are listed in 16 groups by their
   * first hex digit (prefix `<level><d>`, which covers the shards `<d>0/`…`<d>f/`), so a level costs
   * 16 listings rather than 256; a digit that some non-shard prefix also starts with (a namespace
   * such as `c0ffee/`) is listed shard by shard instead, so no namespace is listed twice.
   */
  async list(): Promise<EntryInfo[]> {
    const limiter = new Limiter(this.listConcurrency);
    const collector = new EntryCollector();
    const listings: Promise<void>[] = [];

    const listRange = async (rangePrefix: string, levelPrefix: string, namespace: string): Promise<void> => {
      const objects = await limiter.run(async () => await this.bucket.listObjects(rangePrefix));
      for (const o of objects) {
        const parsed = parseEntryObject(o.key.slice(levelPrefix.length));
        if (parsed) collector.add(namespace, parsed.hex, o, parsed.name);
      }
    };

    const discover = async (prefix: string, namespace: string): Promise<void> => {
      const level = await limiter.run(() => this.bucket.listPrefixes(prefix));
      const segments = level.prefixes.map(p => p.slice(prefix.length, -1));
      const shards = segments.filter(isShardSegment);
      const sharedDigits = new Set(segments.filter(seg => !isShardSegment(seg)).map(seg => seg[0]));
      const digits = new Set<string>();
      for (const shard of shards) {
        const digit = shard[0]!;
        if (this.listGranularity === 'shard' || sharedDigits.has(digit)) {
          listings.push(listRange(`${prefix}${shard}/`, prefix, namespace));
        } else if (!digits.has(digit)) {
          digits.add(digit);
          listings.push(listRange(`${prefix}${digit}`, prefix, namespace));
        }
      }
      const below = segments
        .filter(isNamespaceSegment)
        .map(seg => discover(`${prefix}${seg}/`, namespace ? `${namespace}/${seg}` : seg));
      await Promise.all(below);
    };

    await discover(this.prefix, '');
    await Promise.all(listings);
    return collector.result();
  }

  /** The same result as list(), from one paged listing of the whole prefix (for comparison and the benchmark). */
  async listSequential(): Promise<EntryInfo[]> {
    const collector = new EntryCollector();
    for await (const o of this.bucket.listObjects(this.prefix)) {
      const parts = o.key.slice(this.prefix.length).split('/');
      if (parts.length < 3) continue;
      const namespaces = parts.slice(0, -3);
      if (!namespaces.every(isNamespaceSegment)) continue;
      const parsed = parseEntryObject(parts.slice(-3).join('/'));
      if (parsed) collector.add(namespaces.join('/'), parsed.hex, o, parsed.name);
    }
    return collector.result();
  }

  async clean(maxSize: number, maxAge: number): Promise<CleanResult> {
    const entries = await this.list();
    const cutoff = Date.now() - maxAge;
    const byAge = maxAge > 0 ? entries.filter(e => e.mtime.getTime() < cutoff) : [];
    const aged = new Set(byAge);
    const rest = entries
      .filter(e => !aged.has(e))
      .sort((a, b) => a.mtime.getTime() - b.mtime.getTime() || byNamespaceThenKey(a, b));
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
  async touch(key: CacheKey): Promise<void> {
    const objects = await this.entryObjects(keyHex(key));
    if (objects.length === 0) return;
    const chosen =
      objects.find(o => o.key.endsWith(`/${TOUCH_BLOB}`)) ??
      objects.reduce((small, o) => (o.size < small.size ? o : small));
    try {
      await this.bucket.copyOntoItself(chosen.key);
    } catch (err) {
      // Evicted between the listing and the copy: nothing left to refresh.
      if (err instanceof S3RequestError && (err.code === 'NoSuchKey' || err.status === 404)) return;
      throw err;
    }
  }

  /** Removes whole entries of this store (not of namespaces below it). */
  async remove(keys: string[]): Promise<void> {
    const hexes = keys.map(k => keyHex(k));
    const objects = await mapLimit(hexes, this.listConcurrency, hex => this.entryObjects(hex));
    await this.bucket.deleteObjects(objects.flat().map(o => o.key));
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
