/**
 * The restore's record of a namespace's pack listing, for the save of the same job: the packs the
 * bucket held, the size and time of each index object, and what the pack upkeep would find in them
 * (compact.ts, prune.ts). With it and the copies of the indexes the restore kept (index-cache.ts),
 * a save that only adds a pack of new entries writes the pack, its index and the catalog at once,
 * without listing the packs again. On a warm save that listing (a LIST, which RGW answered in
 * 60–80 ms, then the decode of every index) stood between the pack being built and being sent.
 *
 * What the save gives up by not listing is bounded, and only ever costs requests, never an entry:
 * - packs other jobs wrote since the restore: the catalog this save writes lacks them (a restore
 *   then reads their indexes one by one until a save that lists writes the catalog whole), and an
 *   entry they hold that this job built too is packed a second time (compaction keeps one);
 * - upkeep: taken only when the record says that adding one small pack leaves nothing to merge,
 *   rewrite or delete; otherwise, and for anything the record cannot vouch for, the save lists.
 *
 * Like everything in the state directory, the record is untrusted (a build can write there): it is
 * checked for shape and ties to the job's manifest, the copies are checked before they go into the
 * catalog (against the sha256 the record gives for the bytes the restore read and checked, else as
 * index bytes; one that fails is left out of it), and readers check every catalog copy as they
 * check a download. A record planted to say "nothing to do" delays upkeep; it cannot lose an entry.
 */
import { indexBytesOf, rememberIndexBytes, type CataloguedPack } from './catalog.js';
import { liveBytesByPack, MIN_LIVE_FRACTION, MIN_SMALL_PACKS, SMALL_PACK_SHARE } from './compact.js';
import {
  checkIndexBytesAsync,
  codecAvailable,
  DEFAULT_TARGET_PACK_BYTES,
  packIndexKey,
  parsePackKey,
  sha256
} from './format.js';
import type { PackIndexCache } from './index-cache.js';
import type { PackListing } from './read.js';
import { isSha256Hex } from '../../store/validate.js';

const RECORD_VERSION = 1;

/** A record older than this is not used: a job that long has other jobs' packs to see. */
export const LISTING_RECORD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Packs a record may name; more than that and the save lists (upkeep is due long before). */
const MAX_RECORDED_PACKS = 10_000;

export interface RecordedPack {
  id: string;
  /** The index object as the listing showed it. */
  indexSize: number;
  indexTime: number;
  /** The data object's size (compressed) and the raw bytes the index says it holds. */
  packBytes: number;
  rawBytes: number;
  /** Raw bytes of the entries no newer pack holds (liveBytesByPack), and how many entries. */
  liveBytes: number;
  liveEntries: number;
  /**
   * The sha256 of the index object's bytes the restore read and checked. A copy with these bytes
   * goes into the save's catalog without being checked again; absent in a record that could not
   * say (then the copy is checked).
   */
  indexSha256?: string;
}

export interface ListingRecord {
  version: typeof RECORD_VERSION;
  prefix: string;
  /** When the listing ran (ms). */
  listedAt: number;
  packs: RecordedPack[];
}

/**
 * The record of a listing, or null when the listing had anything the upkeep acts on beyond the
 * packs' contents (torn or skipped packs, dropped entries, a codec this version cannot read): a
 * save after it lists again.
 */
export function recordListing(prefix: string, listing: PackListing, listedAt: number): ListingRecord | null {
  if (listing.torn.length > 0 || listing.skipped.length > 0 || listing.warnings.length > 0) return null;
  if (listing.indexes.some(x => !codecAvailable(x.codec))) return null;
  const live = liveBytesByPack(listing.indexes, () => true);
  const packs: RecordedPack[] = [];
  for (const index of listing.indexes) {
    const indexObj = listing.objects.get(index.id)?.find(o => o.key === packIndexKey(prefix, index.id));
    if (!indexObj) return null;
    const l = live.get(index.id)!;
    const bytes = indexBytesOf(index);
    packs.push({
      id: index.id,
      indexSize: indexObj.size,
      indexTime: indexObj.lastModified.getTime(),
      packBytes: index.packBytes,
      rawBytes: index.rawBytes,
      liveBytes: l.bytes,
      liveEntries: l.entries.length,
      ...(bytes?.length === indexObj.size ? { indexSha256: sha256(bytes) } : {})
    });
  }
  return { version: RECORD_VERSION, prefix, listedAt, packs };
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** `v` as the record of `prefix`'s listing, or null when it is not one. */
export function parseListingRecord(prefix: string, v: unknown): ListingRecord | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (r.version !== RECORD_VERSION || r.prefix !== prefix || !isCount(r.listedAt)) return null;
  if (!Array.isArray(r.packs) || r.packs.length > MAX_RECORDED_PACKS) return null;
  const packs: RecordedPack[] = [];
  const seen = new Set<string>();
  for (const p of r.packs as unknown[]) {
    if (typeof p !== 'object' || p === null) return null;
    const x = p as Record<string, unknown>;
    if (typeof x.id !== 'string' || seen.has(x.id)) return null;
    // Only a well-formed pack id names an index of this prefix (no `..`, no other folder).
    const parsed = parsePackKey(prefix, packIndexKey(prefix, x.id));
    if (parsed === null || parsed.id !== x.id || parsed.kind !== 'index') return null;
    const { indexSize, indexTime, packBytes, rawBytes, liveBytes, liveEntries } = x;
    if (![indexSize, indexTime, packBytes, rawBytes, liveBytes, liveEntries].every(isCount)) return null;
    const { indexSha256 } = x;
    if (indexSha256 !== undefined && !isSha256Hex(indexSha256)) return null;
    seen.add(x.id);
    packs.push({
      id: x.id,
      indexSize,
      indexTime,
      packBytes,
      rawBytes,
      liveBytes,
      liveEntries,
      ...(indexSha256 === undefined ? {} : { indexSha256 })
    } as RecordedPack);
  }
  return { version: RECORD_VERSION, prefix, listedAt: r.listedAt, packs };
}

/**
 * Whether the pack upkeep (compactPacks, then prunePacks without bucket limits) would leave the
 * recorded packs and one more small pack of new entries as they are: no pack without live entries
 * (pruned), none below the live share (rewritten), and too few small packs to merge. The same rules
 * as compact.ts, applied to the record's figures.
 */
export function upkeepIdleWithOneMore(record: ListingRecord, targetPackBytes?: number): boolean {
  const small = (targetPackBytes ?? DEFAULT_TARGET_PACK_BYTES) * SMALL_PACK_SHARE;
  let smallPacks = 1;
  for (const p of record.packs) {
    if (p.liveEntries === 0) return false;
    if (p.liveBytes < MIN_LIVE_FRACTION * p.rawBytes) return false;
    if (p.packBytes < small) smallPacks++;
  }
  return smallPacks < Math.max(2, MIN_SMALL_PACKS);
}

/** The restore's copy of a recorded pack's index: the bytes of the object the record describes. */
export interface RecordedCopy {
  id: string;
  bytes: Buffer;
  /** The sha256 the record gives for the bytes, when it gives one. */
  sha256?: string;
}

/**
 * The restore's copy of each recorded pack's index (the object as the record describes it), or
 * null when any is missing: the save lists instead.
 */
export function recordedCopies(cache: PackIndexCache, record: ListingRecord): RecordedCopy[] | null {
  const out: RecordedCopy[] = [];
  for (const p of record.packs) {
    const key = packIndexKey(record.prefix, p.id);
    const bytes = cache.read(key, { key, size: p.indexSize, lastModified: new Date(p.indexTime) });
    if (bytes === null) return null;
    out.push({ id: p.id, bytes, ...(p.indexSha256 === undefined ? {} : { sha256: p.indexSha256 }) });
  }
  return out;
}

/**
 * The copies as the catalog names them, each checked: against the sha256 the record gives for the
 * bytes the restore read and checked, else as index bytes (checkIndexBytes, decompressed on the
 * thread pool; the save asks when its first pack goes out: NamespaceCatalog). A copy that fails is
 * left out: the catalog then lacks that pack, which costs a restore one GET of its index, as any
 * lagging catalog does. (The hash takes a fraction of a millisecond where the decompression took
 * ~18 ms of a warm save, with the thread pool busy with the sweep.)
 */
export async function catalogPacksOf(copies: readonly RecordedCopy[]): Promise<CataloguedPack[]> {
  const checked = await Promise.all(
    copies.map(c =>
      c.sha256 !== undefined
        ? sha256(c.bytes) === c.sha256
        : checkIndexBytesAsync(c.bytes).then(
            () => true,
            () => false
          )
    )
  );
  const out: CataloguedPack[] = [];
  copies.forEach((c, i) => {
    if (!checked[i]) return;
    const pack: CataloguedPack = { id: c.id };
    rememberIndexBytes(pack, c.bytes);
    out.push(pack);
  });
  return out;
}
