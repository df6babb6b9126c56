/**
 * Compaction: every save adds packs, so they accumulate; small packs are merged and packs whose
 * entries are mostly gone (evicted, or superseded by a newer pack) are rewritten with only their
 * live entries. New packs are complete (data and index both written) before the old ones go; the
 * old index is deleted before its data, so a reader sees a whole pack or a torn one it ignores,
 * never a mix.
 */
import { compareLru } from '../../store/lru-order.js';
import type { PackBucket } from './bucket.js';
import {
  codecAvailable,
  DEFAULT_TARGET_PACK_BYTES,
  entryBytes,
  entryId,
  packDataKey,
  packIndexKey,
  type PackCodec,
  type PackIndex,
  type PackIndexEntry
} from './format.js';
import { listPacks, planPackReads, readPack, type PackListing } from './read.js';
import { writePacks, type PackSourceEntry } from './write.js';

/** Packs below this share of the target size (compressed) are small. */
export const SMALL_PACK_SHARE = 1 / 4;
/** Small packs are merged once there are this many (CompactOptions.minSmallPacks). */
export const MIN_SMALL_PACKS = 4;
/** Packs with less than this share of live bytes are rewritten (CompactOptions.minLiveFraction). */
export const MIN_LIVE_FRACTION = 0.5;

export interface CompactOptions {
  packPrefix: string;
  /** Entries still wanted (e.g. still in the bucket after its prune); default: all. */
  live?: (e: PackIndexEntry) => boolean;
  /** Size of the packs written (compressed); default 32 MiB. */
  targetPackBytes?: number;
  /** Packs below this (compressed) are merged; default a quarter of the target. */
  smallPackBytes?: number;
  /**
   * Small packs are merged once there are this many (default 4): every save adds one small pack,
   * and merging them on every save would re-download and re-upload the same bytes each time.
   */
  minSmallPacks?: number;
  /** Packs with less than this share of live bytes are rewritten; default 0.5. */
  minLiveFraction?: number;
  /** At most this many raw bytes are rewritten per call (held in memory); default 256 MiB. */
  maxBatchBytes?: number;
  codec?: PackCodec;
  level?: number;
  listing?: PackListing;
  now?: () => number;
}

export interface CompactResult {
  /** Ids of the packs replaced (deleted). */
  replaced: string[];
  written: PackIndex[];
  /** Live entries carried over, and their raw bytes. */
  entries: number;
  bytes: number;
}

/** Live bytes of each pack: entries that are live and not held by a newer pack. */
export function liveBytesByPack(
  indexes: PackIndex[],
  live: (e: PackIndexEntry) => boolean
): Map<string, { entries: PackIndexEntry[]; bytes: number }> {
  const plan = planPackReads(indexes, live);
  const out = new Map<string, { entries: PackIndexEntry[]; bytes: number }>();
  for (const index of indexes) out.set(index.id, { entries: [], bytes: 0 });
  for (const [index, entries] of plan) {
    out.set(index.id, { entries, bytes: entries.reduce((n, e) => n + entryBytes(e), 0) });
  }
  return out;
}

export async function compactPacks(bucket: PackBucket, options: CompactOptions): Promise<CompactResult> {
  const target = options.targetPackBytes ?? DEFAULT_TARGET_PACK_BYTES;
  const small = options.smallPackBytes ?? target * SMALL_PACK_SHARE;
  const minLive = options.minLiveFraction ?? MIN_LIVE_FRACTION;
  const maxBatch = options.maxBatchBytes ?? 256 << 20;
  const live = options.live ?? (() => true);
  const listing = options.listing ?? (await listPacks(bucket, options.packPrefix));
  const liveBy = liveBytesByPack(listing.indexes, live);

  // Oldest first, so the longest-standing clutter goes first.
  const oldestFirst = [...listing.indexes].sort((a, b) => (a.id < b.id ? -1 : 1));
  const smallPacks: PackIndex[] = [];
  const sparse: PackIndex[] = [];
  for (const index of oldestFirst) {
    if (!codecAvailable(index.codec)) continue;
    const l = liveBy.get(index.id)!;
    // A pack with nothing live is the pruner's to delete, not worth rewriting.
    if (l.entries.length === 0) continue;
    if (l.bytes < minLive * index.rawBytes) sparse.push(index);
    else if (index.packBytes < small) smallPacks.push(index);
  }
  // Merging a single small pack into itself buys nothing; merging a few on every save costs more
  // than it saves.
  const minSmall = Math.max(2, options.minSmallPacks ?? MIN_SMALL_PACKS);
  const candidates = [...sparse, ...(smallPacks.length >= minSmall ? smallPacks : [])];
  const chosen: PackIndex[] = [];
  let batch = 0;
  for (const index of candidates) {
    const b = liveBy.get(index.id)!.bytes;
    if (chosen.length > 0 && batch + b > maxBatch) break;
    chosen.push(index);
    batch += b;
  }
  const result: CompactResult = { replaced: [], written: [], entries: 0, bytes: 0 };
  if (chosen.length === 0) return result;

  const carried: PackSourceEntry[] = [];
  const seen = new Set<string>();
  for (const index of chosen) {
    const entries = liveBy.get(index.id)!.entries;
    const r = await readPack(bucket, options.packPrefix, index, entries, async (e, blobs) => {
      const id = entryId(e.ns, e.key);
      if (seen.has(id)) return;
      seen.add(id);
      carried.push({ ns: e.ns, key: e.key, mtime: e.mtime, blobs: blobs.map(b => ({ ...b })) });
    });
    // A pack that could not be read whole stays: deleting it would lose the entries it holds.
    if (r.failed.length > 0) {
      for (const e of r.restored) {
        const k = entryId(e.ns, e.key);
        const i = carried.findIndex(c => entryId(c.ns, c.key) === k);
        if (i >= 0) carried.splice(i, 1);
        seen.delete(k);
      }
      continue;
    }
    result.replaced.push(index.id);
  }
  if (result.replaced.length === 0) return result;
  // Oldest first, ties by namespace then key (lru-order.ts): which new pack, and so which pack a
  // size prune deletes first, holds an entry must not depend on the order the reads finished in.
  carried.sort((a, b) =>
    compareLru(
      { mtime: a.mtime, namespace: a.ns, key: a.key },
      { mtime: b.mtime, namespace: b.ns, key: b.key }
    )
  );
  const written = await writePacks(bucket, carried, {
    packPrefix: options.packPrefix,
    targetPackBytes: target,
    codec: options.codec,
    level: options.level,
    now: options.now
  });
  result.written = written.packs;
  result.entries = carried.length;
  result.bytes = carried.reduce((n, e) => n + e.blobs.reduce((m, b) => m + b.data.length, 0), 0);
  await deletePacks(bucket, options.packPrefix, result.replaced);
  return result;
}

/** Deletes packs: every index first (readers stop using them), then the data objects. */
export async function deletePacks(bucket: PackBucket, packPrefix: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await bucket.delete(ids.map(id => packIndexKey(packPrefix, id)));
  await bucket.delete(ids.map(id => packDataKey(packPrefix, id)));
}
