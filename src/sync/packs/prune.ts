/**
 * Pruning packs together with the entries they hold, so the bucket's size stays bounded: a pack
 * goes when none of its entries is live any more (all evicted from the bucket, or all held by
 * newer packs), when it is older than the age limit, or when the packs together exceed the size
 * limit (oldest first). Torn packs (no usable index) are deleted once they are old enough that no
 * writer can still be finishing them.
 */
import type { PackBucket } from './bucket.js';
import { packDataKey, packIndexKey, type PackIndexEntry } from './format.js';
import { liveBytesByPack, deletePacks } from './compact.js';
import { listPacks, type PackListing } from './read.js';

export interface PruneOptions {
  packPrefix: string;
  /** Entries still wanted (e.g. still in the bucket after its prune); default: all. */
  live?: (e: PackIndexEntry) => boolean;
  /** Total compressed size the packs may take; 0 = unlimited. */
  maxBytes?: number;
  /** Packs created longer ago than this (ms) go; 0 = no limit. */
  maxAge?: number;
  /** Torn packs younger than this (ms) may still be being written; default one hour. */
  tornGraceMs?: number;
  listing?: PackListing;
  now?: () => number;
}

export interface PruneResult {
  deleted: { id: string; reason: 'no live entries' | 'age' | 'size' | 'torn'; bytes: number }[];
  /** Packs and their compressed bytes left. */
  remaining: { packs: number; bytes: number };
}

export async function prunePacks(bucket: PackBucket, options: PruneOptions): Promise<PruneResult> {
  const now = (options.now ?? Date.now)();
  const listing = options.listing ?? (await listPacks(bucket, options.packPrefix));
  const liveBy = liveBytesByPack(listing.indexes, options.live ?? (() => true));
  const result: PruneResult = { deleted: [], remaining: { packs: 0, bytes: 0 } };

  const keep = [];
  for (const index of [...listing.indexes].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (liveBy.get(index.id)!.entries.length === 0) {
      result.deleted.push({ id: index.id, reason: 'no live entries', bytes: index.packBytes });
    } else if (options.maxAge && options.maxAge > 0 && index.created < now - options.maxAge) {
      result.deleted.push({ id: index.id, reason: 'age', bytes: index.packBytes });
    } else {
      keep.push(index);
    }
  }
  if (options.maxBytes && options.maxBytes > 0) {
    let total = keep.reduce((n, i) => n + i.packBytes, 0);
    while (total > options.maxBytes && keep.length > 0) {
      const oldest = keep.shift()!;
      total -= oldest.packBytes;
      result.deleted.push({ id: oldest.id, reason: 'size', bytes: oldest.packBytes });
    }
  }
  await deletePacks(
    bucket,
    options.packPrefix,
    result.deleted.map(d => d.id)
  );

  const grace = options.tornGraceMs ?? 3_600_000;
  const tornKeys: string[] = [];
  for (const t of listing.torn) {
    const newest = Math.max(...t.objects.map(o => o.lastModified.getTime()));
    if (newest >= now - grace) continue;
    result.deleted.push({ id: t.id, reason: 'torn', bytes: t.objects.reduce((n, o) => n + o.size, 0) });
    tornKeys.push(packIndexKey(options.packPrefix, t.id), packDataKey(options.packPrefix, t.id));
  }
  if (tornKeys.length > 0) await bucket.delete(tornKeys);

  result.remaining = { packs: keep.length, bytes: keep.reduce((n, i) => n + i.packBytes, 0) };
  return result;
}
