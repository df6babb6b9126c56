/**
 * Listing a store's entries (S3CacheStore.list): which keys are entry objects, how they group into
 * entries, and the parallel range listing that finds them in few rounds.
 */
import { Limiter } from './limit.js';
import type { ObjectInfo, S3Bucket } from './s3-bucket.js';
import { S3RequestError } from './s3-errors.js';
import type { BlobInfo, EntryInfo } from './store.js';
import { isKeyHex, shardOf, validateBlobName, validateNamespace } from './validate.js';

function isShardSegment(segment: string): boolean {
  return /^[0-9a-f]{2}$/.test(segment);
}

export function isBlobName(name: string): boolean {
  try {
    validateBlobName(name);
    return true;
  } catch {
    return false;
  }
}

/** A namespace level: a valid prefix segment that is not itself a shard name. */
export function isNamespaceSegment(segment: string): boolean {
  if (isShardSegment(segment)) return false;
  try {
    validateNamespace(segment);
    return true;
  } catch {
    return false;
  }
}

/** `<hh>/<hex>/<name>` with `<hh>` the first two characters of `<hex>`; anything else is foreign. */
export function parseEntryObject(rest: string): { hex: string; name: string } | undefined {
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

function byNamespaceThenKey(a: EntryInfo, b: EntryInfo): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Groups parsed objects into entries (size = sum, time = newest LastModified), sorted. */
export class EntryCollector {
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

export type ListGranularity = 'digit' | 'shard';

export interface EntryListingOptions {
  /** Listing requests in flight at most. */
  concurrency: number;
  granularity: ListGranularity;
  /** Keys per page (1–1000); the server's default when undefined. */
  pageKeys: number | undefined;
}

/**
 * One listing of every entry under a prefix, in parallel ranges: each level (the root and each
 * namespace below it) is discovered with a delimiter listing and its first page in the same
 * round; a truncated first page splits the level into ranges (by digit or by shard, see
 * levelRanges), and a truncated range either continues (nearly done) or splits again. Ranges are
 * added while earlier ones run; run() waits until none is left.
 */
export class EntryListing {
  private readonly limiter: Limiter;
  private readonly collector = new EntryCollector();
  private readonly listings: Promise<void>[] = [];

  constructor(
    private readonly bucket: S3Bucket,
    private readonly o: EntryListingOptions
  ) {
    this.limiter = new Limiter(o.concurrency);
  }

  async run(prefix: string): Promise<EntryInfo[]> {
    await this.discover(prefix, '');
    // Splits add listings while earlier ones run: wait until none is left.
    for (let done = 0; done < this.listings.length;) {
      const batch = this.listings.slice(done);
      done = this.listings.length;
      await Promise.all(batch);
    }
    return this.collector.result();
  }

  private track(listing: Promise<void>): void {
    // Awaited in run(); this only keeps a failure that comes after another one from going unhandled.
    listing.catch(() => undefined);
    this.listings.push(listing);
  }

  /** A level: its namespaces below (discovered in turn), its entries in ranges once its first page is in. */
  private async discover(prefix: string, namespace: string): Promise<void> {
    // The level's first page is asked for beside its delimiter listing, in the same round: a small
    // level is then listed whole, and a big one shows how dense it is before its ranges are chosen.
    const [level, first] = await Promise.all([
      this.limiter.run(() => this.bucket.listPrefixes(prefix)),
      this.limiter.run(() => this.bucket.listPage({ prefix, maxKeys: this.o.pageKeys }))
    ]);
    const segments = level.prefixes.map(p => p.slice(prefix.length, -1));
    const shards = segments.filter(isShardSegment);
    const sharedDigits = new Set(segments.filter(seg => !isShardSegment(seg)).map(seg => seg[0]!));
    this.take(prefix, namespace, first.objects);
    if (first.isTruncated) {
      // Truncated without a key (no store does that): every range from its start.
      const last = first.objects[first.objects.length - 1]?.key ?? '';
      this.continueAfter(
        prefix,
        namespace,
        shards,
        this.levelRanges(prefix, shards, sharedDigits, last),
        last
      );
    }
    const below = segments
      .filter(isNamespaceSegment)
      .map(seg => this.discover(`${prefix}${seg}/`, namespace ? `${namespace}/${seg}` : seg));
    await Promise.all(below);
  }

  /**
   * The ranges a level is listed in after its first page, which ended at `last`: by first digit,
   * or by shard when the listing granularity says so, when a namespace shares the digit, or when
   * the first page did not get through a thirty-second of the shards (a digit then holds more
   * than two pages, and its shards would be found only after more rounds).
   */
  private levelRanges(
    level: string,
    shards: readonly string[],
    sharedDigits: Set<string>,
    last: string
  ): string[] {
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
      if (this.o.granularity === 'shard' || dense || sharedDigits.has(digit))
        ranges.push(`${level}${shard}/`);
      else if (!digits.has(digit)) {
        digits.add(digit);
        ranges.push(`${level}${digit}`);
      }
    }
    return ranges;
  }

  /**
   * After a truncated page that ended at `last`: lists the ranges not yet done, the one holding
   * `last` from just after it. Keys up to `last` came with the page; a range wholly before it is done.
   */
  private continueAfter(
    level: string,
    namespace: string,
    shards: readonly string[],
    ranges: string[],
    last: string
  ): void {
    for (const range of ranges) {
      if (last.startsWith(range))
        this.track(this.listRange(level, namespace, shards, range, { startAfter: last }));
      else if (range > last) this.track(this.listRange(level, namespace, shards, range));
    }
  }

  /** One page of a range; a truncated one continues (nearly done) or splits into its sub-ranges. */
  private async listRange(
    level: string,
    namespace: string,
    shards: readonly string[],
    range: string,
    from: { startAfter?: string; continuationToken?: string } = {}
  ): Promise<void> {
    const page = await this.limiter.run(() =>
      this.bucket.listPage({ prefix: range, maxKeys: this.o.pageKeys, ...from })
    );
    this.take(level, namespace, page.objects, from.startAfter);
    if (!page.isTruncated) return;
    const last = page.objects[page.objects.length - 1]?.key;
    const subs =
      last === undefined ? [] : subRanges(range.slice(level.length), shards).map(sub => `${level}${sub}`);
    if (last !== undefined && subs.length > 0 && !nearlyDone(subs, last)) {
      this.continueAfter(level, namespace, shards, subs, last);
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
    this.track(
      this.listRange(level, namespace, shards, range, { continuationToken: page.nextContinuationToken })
    );
  }

  /** Adds a page's entry objects (those after `startAfter`) to the collector. */
  private take(level: string, namespace: string, objects: ObjectInfo[], startAfter?: string): void {
    // An entry's blobs come one after another: the next key under the same `<hh>/<hex>/` needs
    // only its name checked.
    let entryPrefix: string | undefined;
    let hex = '';
    for (const o of objects) {
      // A store that ignored start-after would hand back keys already listed: never count them twice.
      if (startAfter !== undefined && o.key <= startAfter) continue;
      if (entryPrefix !== undefined && o.key.startsWith(entryPrefix)) {
        const name = o.key.slice(entryPrefix.length);
        if (isBlobName(name)) this.collector.add(namespace, hex, o, name);
        continue;
      }
      const parsed = parseEntryObject(o.key.slice(level.length));
      if (parsed) {
        this.collector.add(namespace, parsed.hex, o, parsed.name);
        hex = parsed.hex;
        entryPrefix = o.key.slice(0, o.key.length - parsed.name.length);
      }
    }
  }
}
