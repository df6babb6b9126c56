/**
 * The S3 store: byte-compatible with the Go system's layout `<prefix><hh>/<hex>/<name>` under the
 * root prefix `cache/`, with namespaces as nested prefixes. Listing is parallel: the levels of the
 * tree are discovered with delimiter listings, their shards are listed concurrently, and a range
 * that fills a page is split into its sub-ranges instead of being paged through one by one.
 */
import { BlobTooLargeError } from './errors.js';
import { Limiter, mapLimit } from './limit.js';
import { compareLru } from './lru-order.js';
import {
  S3Bucket,
  S3RequestError,
  type ListReader,
  type ObjectInfo,
  type S3BucketOptions
} from './s3-bucket.js';
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

export type ListGranularity = 'digit' | 'shard';

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

/** What a sub-range of a level can continue with at a position past `<hh>/<hh>`: the end of the hex, or a hex digit. */
const HEX_OR_END = '/0123456789abcdef';

/**
 * The sub-ranges of a listing range below a level (`rel` is the range without the level's prefix),
 * in key order, covering every key of the range that can be an entry object (`<hh>/<hex>/<name>`,
 * `<hex>` starting with `<hh>`): a digit `d` splits into the level's shards `d?/`, a shard `hh/` into
 * `hh/hh/` and `hh/hh<x>`, a deeper hex prefix into its next character. An entry (`…/<hex>/`) does
 * not split: its blob names are not hex. Keys outside these sub-ranges are foreign and not needed.
 */
function subRanges(rel: string, shards: readonly string[]): string[] {
  if (rel.length === 1) return shards.filter(s => s[0] === rel).map(s => `${s}/`);
  if (rel.length === 3) return [...HEX_OR_END].map(c => `${rel}${rel.slice(0, 2)}${c}`);
  if (rel.length >= 5 && !rel.endsWith('/')) return [...HEX_OR_END].map(c => `${rel}${c}`);
  return [];
}

/**
 * Whether a range whose first page ended at `last` is likely finished by one more page: the page
 * got through `at + ½` of the range's sub-ranges, so the rest should take (left / done) pages.
 * Then the range is continued with its continuation token (one request) rather than split into
 * its sub-ranges (one request each): a mid-sized bucket, whose digit ranges hold a little more
 * than a page, is listed in ~20 requests rather than ~250, in one more round.
 */
function nearlyDone(subs: readonly string[], last: string): boolean {
  const at = subs.findIndex(sub => last.startsWith(sub));
  if (at < 0) return false;
  const done = at + 0.5;
  return (subs.length - done) / done <= 1;
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
  /** The entry added to last: a listing gives an entry's blobs one after another. */
  private last: EntryInfo | undefined;

  add(namespace: string, hex: string, object: ObjectInfo, name: string): void {
    let entry = this.last;
    if (entry?.key !== hex || entry.namespace !== namespace) {
      const id = `${namespace}\0${hex}`;
      entry = this.entries.get(id);
      if (!entry) {
        entry = { key: hex, namespace, blobs: [], size: 0, mtime: object.lastModified };
        this.entries.set(id, entry);
      }
      this.last = entry;
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
    const limiter = new Limiter(this.listConcurrency);
    const collector = new EntryCollector();
    const listings: Promise<void>[] = [];
    const track = (listing: Promise<void>): void => {
      // Awaited below; this only keeps a failure that comes after another one from going unhandled.
      listing.catch(() => undefined);
      listings.push(listing);
    };

    /** Adds a page's entry objects (those after `startAfter`) to the collector. */
    const take = (level: string, namespace: string, objects: ObjectInfo[], startAfter?: string): void => {
      // An entry's blobs come one after another: the next key under the same `<hh>/<hex>/` needs
      // only its name checked.
      let entryPrefix: string | undefined;
      let hex = '';
      for (const o of objects) {
        // A store that ignored start-after would hand back keys already listed: never count them twice.
        if (startAfter !== undefined && o.key <= startAfter) continue;
        if (entryPrefix !== undefined && o.key.startsWith(entryPrefix)) {
          const name = o.key.slice(entryPrefix.length);
          if (isBlobName(name)) collector.add(namespace, hex, o, name);
          continue;
        }
        const parsed = parseEntryObject(o.key.slice(level.length));
        if (parsed) {
          collector.add(namespace, parsed.hex, o, parsed.name);
          hex = parsed.hex;
          entryPrefix = o.key.slice(0, o.key.length - parsed.name.length);
        }
      }
    };

    /**
     * After a truncated page that ended at `last`: lists the ranges not yet done, the one holding
     * `last` from just after it. Keys up to `last` came with the page; a range wholly before it is done.
     */
    const continueAfter = (
      level: string,
      namespace: string,
      shards: readonly string[],
      ranges: string[],
      last: string
    ): void => {
      for (const range of ranges) {
        if (last.startsWith(range)) track(listRange(level, namespace, shards, range, { startAfter: last }));
        else if (range > last) track(listRange(level, namespace, shards, range));
      }
    };

    const listRange = async (
      level: string,
      namespace: string,
      shards: readonly string[],
      range: string,
      from: { startAfter?: string; continuationToken?: string } = {}
    ): Promise<void> => {
      const page = await limiter.run(() =>
        this.bucket.listPage({ prefix: range, maxKeys: this.listPageKeys, ...from })
      );
      take(level, namespace, page.objects, from.startAfter);
      if (!page.isTruncated) return;
      const last = page.objects[page.objects.length - 1]?.key;
      const subs = last === undefined ? [] : subRanges(range.slice(level.length), shards);
      if (
        last !== undefined &&
        subs.length > 0 &&
        !nearlyDone(
          subs.map(sub => `${level}${sub}`),
          last
        )
      ) {
        continueAfter(
          level,
          namespace,
          shards,
          subs.map(sub => `${level}${sub}`),
          last
        );
        return;
      }
      if (page.nextContinuationToken === undefined) {
        throw new S3RequestError(
          `S3 ListObjectsV2 of ${this.bucket.location(range)} answered a truncated page without a continuation token`,
          'ListObjectsV2',
          this.bucket.location(range),
          undefined,
          undefined,
          1
        );
      }
      track(listRange(level, namespace, shards, range, { continuationToken: page.nextContinuationToken }));
    };

    /**
     * The ranges a level is listed in after its first page, which ended at `last`: by first digit,
     * or by shard when the listing granularity says so, when a namespace shares the digit, or when
     * the first page did not get through a thirty-second of the shards (a digit then holds more
     * than two pages, and its shards would be found only after more rounds).
     */
    const levelRanges = (
      level: string,
      shards: readonly string[],
      sharedDigits: Set<string>,
      last: string
    ): string[] => {
      // Where in the level's shards the first page stopped (-1: not in a shard).
      const rel = last.startsWith(level) ? last.slice(level.length) : '';
      const at = rel[2] === '/' ? shards.indexOf(rel.slice(0, 2)) : -1;
      // One page covered at + ½ shards; a digit is shards.length / 16 of them. Past two pages per
      // digit, ranges by shard save rounds; up to two, a digit range and at most one continuation
      // (see nearlyDone) save requests.
      const dense = at >= 0 && (at + 0.5) * 32 < shards.length;
      const ranges: string[] = [];
      const digits = new Set<string>();
      for (const shard of shards) {
        const digit = shard[0]!;
        if (this.listGranularity === 'shard' || dense || sharedDigits.has(digit))
          ranges.push(`${level}${shard}/`);
        else if (!digits.has(digit)) {
          digits.add(digit);
          ranges.push(`${level}${digit}`);
        }
      }
      return ranges;
    };

    const discover = async (prefix: string, namespace: string): Promise<void> => {
      // The level's first page is asked for beside its delimiter listing, in the same round: a small
      // level is then listed whole, and a big one shows how dense it is before its ranges are chosen.
      const [level, first] = await Promise.all([
        limiter.run(() => this.bucket.listPrefixes(prefix)),
        limiter.run(() => this.bucket.listPage({ prefix, maxKeys: this.listPageKeys }))
      ]);
      const segments = level.prefixes.map(p => p.slice(prefix.length, -1));
      const shards = segments.filter(isShardSegment);
      const sharedDigits = new Set(segments.filter(seg => !isShardSegment(seg)).map(seg => seg[0]!));
      take(prefix, namespace, first.objects);
      if (first.isTruncated) {
        // Truncated without a key (no store does that): every range from its start.
        const last = first.objects[first.objects.length - 1]?.key ?? '';
        continueAfter(prefix, namespace, shards, levelRanges(prefix, shards, sharedDigits, last), last);
      }
      const below = segments
        .filter(isNamespaceSegment)
        .map(seg => discover(`${prefix}${seg}/`, namespace ? `${namespace}/${seg}` : seg));
      await Promise.all(below);
    };

    await discover(this.prefix, '');
    // Splits add listings while earlier ones run: wait until none is left.
    for (let done = 0; done < listings.length;) {
      const batch = listings.slice(done);
      done = listings.length;
      await Promise.all(batch);
    }
    return collector.result();
  }

  /**
   * The same result as list(), from one paged listing of the whole prefix: what other tools do, for
   * comparison and the benchmark. Read by the SDK's deserializer unless `reader` is 'lean'.
   */
  async listSequential(reader: ListReader = 'sdk'): Promise<EntryInfo[]> {
    const collector = new EntryCollector();
    for await (const o of this.bucket.listObjects(this.prefix, undefined, reader)) {
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
  async touch(key: CacheKey): Promise<void> {
    const hex = keyHex(key);
    // Every compile entry has exit_code: one request, no listing. Only when it is missing is the
    // entry listed to find another (the smallest) blob to copy.
    if (await this.copyIfPresent(this.objectKey(hex, TOUCH_BLOB))) return;
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
