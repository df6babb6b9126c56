/**
 * Reading packs: list the pack folder, load the indexes (skipping torn ones), decide which pack
 * serves which entry (the newest pack holding it), and stream packs in, decompressing each chunk
 * as soon as its bytes have arrived while the rest of the pack is still downloading.
 *
 * Nothing here fails a restore: a torn index, a pack in a codec this Node lacks, a chunk that
 * fails its checksum or a connection that drops mid-pack only means those entries are not served
 * from packs, and the caller fetches them as objects.
 */
import { mapLimit } from '../store/limit.js';
import { getBuffer, type PackBucket, type PackObject } from './pack-bucket.js';
import {
  codecAvailable,
  decodeIndex,
  decompressChunk,
  entryBytes,
  entryId,
  PACK_DIR,
  PACK_MAGIC,
  packDataKey,
  packIndexKey,
  parsePackKey,
  sha256,
  TornPackError,
  type PackIndex,
  type PackIndexEntry
} from './pack-format.js';

export interface PackListing {
  /** Readable pack indexes, newest first. */
  indexes: PackIndex[];
  /** Packs without a usable index (torn, being written, or an index that fails its checksum). */
  torn: { id: string; objects: PackObject[]; reason: string }[];
  /** Every object under the pack folder, by pack id. */
  objects: Map<string, PackObject[]>;
}

/** Lists the packs under the prefix and loads their indexes (`concurrency` at once). */
export async function listPacks(
  bucket: PackBucket,
  packPrefix: string,
  options: { concurrency?: number } = {}
): Promise<PackListing> {
  const objects = new Map<string, PackObject[]>();
  for (const o of await bucket.list(`${packPrefix}${PACK_DIR}`)) {
    const parsed = parsePackKey(packPrefix, o.key);
    if (!parsed) continue;
    const list = objects.get(parsed.id) ?? [];
    list.push(o);
    objects.set(parsed.id, list);
  }
  const ids = [...objects.keys()].sort().reverse();
  const results = await mapLimit(ids, options.concurrency ?? 8, async id => {
    const objs = objects.get(id)!;
    const hasIndex = objs.some(o => o.key.endsWith('.index'));
    const hasData = objs.some(o => o.key.endsWith('.pack'));
    if (!hasIndex) return { id, reason: 'no index' };
    if (!hasData) return { id, reason: 'no data object' };
    try {
      const data = await getBuffer(bucket, packIndexKey(packPrefix, id));
      if (data === null) return { id, reason: 'index vanished' };
      const index = decodeIndex(data, id);
      const dataObj = objs.find(o => o.key.endsWith('.pack'))!;
      if (dataObj.size !== index.packBytes) {
        return { id, reason: `data object is ${dataObj.size} bytes, index says ${index.packBytes}` };
      }
      return { id, index };
    } catch (err) {
      if (err instanceof TornPackError) return { id, reason: err.message };
      throw err;
    }
  });
  const listing: PackListing = { indexes: [], torn: [], objects };
  for (const r of results) {
    if ('index' in r && r.index) listing.indexes.push(r.index);
    else
      listing.torn.push({ id: r.id, objects: objects.get(r.id)!, reason: (r as { reason: string }).reason });
  }
  return listing;
}

/**
 * Which pack serves which wanted entry: the newest readable pack that holds it. Packs in a codec
 * this Node cannot decompress are skipped, so their entries fall back to objects.
 */
export function planPackReads(
  indexes: PackIndex[],
  want: (e: PackIndexEntry) => boolean
): Map<PackIndex, PackIndexEntry[]> {
  const plan = new Map<PackIndex, PackIndexEntry[]>();
  const taken = new Set<string>();
  const newestFirst = [...indexes].sort((a, b) => (a.id < b.id ? 1 : -1));
  for (const index of newestFirst) {
    if (!codecAvailable(index.codec)) continue;
    for (const e of index.entries) {
      const id = entryId(e.ns, e.key);
      if (taken.has(id) || !want(e)) continue;
      taken.add(id);
      const list = plan.get(index) ?? [];
      list.push(e);
      plan.set(index, list);
    }
  }
  return plan;
}

export type EntrySink = (entry: PackIndexEntry, blobs: { name: string; data: Buffer }[]) => Promise<void>;

export interface PackReadResult {
  restored: PackIndexEntry[];
  /** Entries the pack could not serve: fetch them as objects. */
  failed: PackIndexEntry[];
  /** Compressed bytes downloaded and GET requests made. */
  bytesRead: number;
  requests: number;
  errors: string[];
}

/**
 * Reads the given entries of one pack and hands each to `sink`. Needed chunks are fetched in as
 * few requests as possible (one GET for a whole-pack read); each chunk is decompressed and
 * checked as soon as it has arrived, while earlier chunks are still being written (up to
 * `decompressConcurrency` chunks at once, each handing up to `sinkConcurrency` entries to `sink`
 * at once).
 */
export async function readPack(
  bucket: PackBucket,
  packPrefix: string,
  index: PackIndex,
  entries: PackIndexEntry[],
  sink: EntrySink,
  options: { decompressConcurrency?: number; sinkConcurrency?: number } = {}
): Promise<PackReadResult> {
  const result: PackReadResult = { restored: [], failed: [], bytesRead: 0, requests: 0, errors: [] };
  if (!codecAvailable(index.codec)) {
    result.failed.push(...entries);
    result.errors.push(`pack ${index.id}: codec ${index.codec} is not available in this Node`);
    return result;
  }
  const byChunk = new Map<number, PackIndexEntry[]>();
  for (const e of entries) {
    const list = byChunk.get(e.chunk) ?? [];
    list.push(e);
    byChunk.set(e.chunk, list);
  }
  const needed = [...byChunk.keys()].sort((a, b) => a - b);
  // Runs of adjacent chunks become one ranged GET; all chunks become one plain GET.
  const runs: number[][] = [];
  for (const c of needed) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === c - 1) last.push(c);
    else runs.push([c]);
  }
  const limit = Math.max(1, options.decompressConcurrency ?? 4);
  const sinkLimit = Math.max(1, options.sinkConcurrency ?? 8);
  const pending = new Set<Promise<void>>();
  const done = new Set<number>();

  const processChunk = async (c: number, data: Buffer): Promise<void> => {
    const meta = index.chunks[c]!;
    const wanted = byChunk.get(c)!;
    let raw: Buffer;
    try {
      raw = await decompressChunk(index.codec, data, meta.rawLength);
      if (raw.length !== meta.rawLength || sha256(raw) !== meta.sha256) {
        throw new Error('chunk fails its checksum');
      }
    } catch (err) {
      result.failed.push(...wanted);
      result.errors.push(`pack ${index.id} chunk ${c}: ${(err as Error).message}`);
      return;
    }
    // Several entries of the chunk at once: installing one is a chain of small fs calls, and only
    // entries in flight together keep the thread pool (and both cores) busy.
    await mapLimit(wanted, sinkLimit, async e => {
      let pos = e.offset;
      const blobs: { name: string; data: Buffer }[] = [];
      for (const b of e.blobs) {
        blobs.push({ name: b.name, data: raw.subarray(pos, pos + b.size) });
        pos += b.size;
      }
      if (pos > raw.length) {
        result.failed.push(e);
        result.errors.push(`pack ${index.id}: entry ${e.key} runs past its chunk`);
        return;
      }
      try {
        await sink(e, blobs);
        result.restored.push(e);
      } catch (err) {
        result.failed.push(e);
        result.errors.push(`entry ${e.key}: ${(err as Error).message}`);
      }
    });
  };

  const dispatch = async (c: number, data: Buffer): Promise<void> => {
    done.add(c);
    const p = processChunk(c, data).finally(() => pending.delete(p));
    pending.add(p);
    if (pending.size >= limit) await Promise.race(pending);
  };

  for (const run of runs) {
    const first = index.chunks[run[0]!]!;
    const lastMeta = index.chunks[run[run.length - 1]!]!;
    const whole = run.length === index.chunks.length;
    const start = whole ? 0 : first.offset;
    const end = lastMeta.offset + lastMeta.length - 1;
    try {
      result.requests++;
      const stream = await bucket.getStream(
        packDataKey(packPrefix, index.id),
        whole ? undefined : { start, end }
      );
      if (stream === null) throw new Error('pack data object is gone');
      let parts: Buffer[] = [];
      let have = 0;
      // Position in the object of parts[0]'s first byte.
      let base = start;
      let i = 0;
      for await (const piece of stream) {
        const b = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        parts.push(b);
        have += b.length;
        result.bytesRead += b.length;
        while (i < run.length) {
          const meta = index.chunks[run[i]!]!;
          if (base + have < meta.offset + meta.length) break;
          const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, have);
          if (whole && base === 0 && !buf.subarray(0, PACK_MAGIC.length).equals(PACK_MAGIC)) {
            throw new Error('pack data object does not start with the pack magic');
          }
          const from = meta.offset - base;
          const to = from + meta.length;
          await dispatch(run[i]!, Buffer.from(buf.subarray(from, to)));
          const rest = buf.subarray(to);
          parts = rest.length > 0 ? [rest] : [];
          have = rest.length;
          base = meta.offset + meta.length;
          i++;
        }
      }
      if (i < run.length) throw new Error('pack data object ended early');
    } catch (err) {
      result.errors.push(`pack ${index.id}: ${(err as Error).message}`);
    }
    // Chunks that never arrived are served as objects.
    for (const c of run) if (!done.has(c)) result.failed.push(...byChunk.get(c)!);
  }
  await Promise.all(pending);
  return result;
}

export interface PackRestoreResult {
  /** Entry ids (`<ns>/<key>`) restored from packs. */
  restored: Set<string>;
  entries: number;
  bytes: number;
  packsRead: number;
  bytesRead: number;
  requests: number;
  errors: string[];
}

/**
 * The bulk path of a restore: every wanted entry that some readable pack holds is read from the
 * newest such pack (`concurrency` packs at once) and handed to `sink`. The caller fetches what is
 * not in `restored` as objects.
 */
export async function restoreFromPacks(
  bucket: PackBucket,
  packPrefix: string,
  options: {
    want: (e: PackIndexEntry) => boolean;
    sink: EntrySink;
    concurrency?: number;
    listing?: PackListing;
  }
): Promise<PackRestoreResult> {
  const listing = options.listing ?? (await listPacks(bucket, packPrefix));
  const plan = planPackReads(listing.indexes, options.want);
  const out: PackRestoreResult = {
    restored: new Set(),
    entries: 0,
    bytes: 0,
    packsRead: 0,
    bytesRead: 0,
    requests: 0,
    errors: []
  };
  await mapLimit([...plan.entries()], options.concurrency ?? 4, async ([index, entries]) => {
    const r = await readPack(bucket, packPrefix, index, entries, options.sink);
    out.packsRead++;
    out.bytesRead += r.bytesRead;
    out.requests += r.requests;
    out.errors.push(...r.errors);
    for (const e of r.restored) {
      out.restored.add(entryId(e.ns, e.key));
      out.entries++;
      out.bytes += entryBytes(e);
    }
  });
  return out;
}
