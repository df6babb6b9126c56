/**
 * Reading packs: list the pack folder, load the indexes (skipping torn ones), decide which pack
 * serves which entry (the newest pack holding it), and stream packs in, decompressing each chunk
 * as soon as its bytes have arrived while the rest of the pack is still downloading.
 *
 * Nothing here fails a restore: a torn index, a pack in a codec this Node lacks, a chunk that
 * fails its checksum or a connection that drops mid-pack only means those entries are not served
 * from packs, and the caller fetches them as objects.
 *
 * Everything read from the bucket is untrusted, and memory is bounded whatever it holds:
 *
 * - Indexes: each at most MAX_INDEX_BYTES (64 MiB) compressed and decompressed and
 *   MAX_INDEX_VALUES (2 M) JSON values, counted before JSON.parse (~32 bytes of heap each at
 *   worst), then checked against its schema (index-schema.ts). Index objects downloading at
 *   once hold at most INDEX_BYTES_IN_FLIGHT (64 MiB); one decompresses and parses at a time
 *   (synchronous). The indexes kept for the restore hold at most INDEXES_KEPT_BYTES (128 MiB) of
 *   kept entries and chunk tables, measured as their JSON (keptBytes: what the schema dropped or
 *   ignored costs nothing), about twice that parsed, newest first; packs past that are skipped with
 *   a warning and their entries come as objects.
 * - Chunks: each at most MAX_CHUNK_BYTES (256 MiB) raw and 258 MiB compressed, declared lengths
 *   checked before anything is downloaded, decompression cut off the moment it passes the declared
 *   raw length; the compressed and raw bytes of every chunk being read, decompressed or installed,
 *   across all packs of the restore, come out of one budget of CHUNK_BYTES_IN_FLIGHT (514 MiB).
 * - A pack that fails to serve an entry does not shadow an older pack holding it: the entry is
 *   read from the next-older one, up to MAX_PACK_ROUNDS rounds, before it falls back to objects.
 * - The catalog (catalog.ts): at most MAX_CATALOG_BYTES (64 MiB), read whole before the indexes
 *   (twice that while its parts are joined), and kept as long as an index taken from it is (its
 *   bytes are what a save writes back); at most MAX_CATALOG_RECORDS records taken from it.
 *
 * So the pack side of a restore holds at most about 256 MiB of kept indexes plus the larger of
 * index loading (64 MiB of catalog, 64 MiB downloads + 64 MiB text, its string and 64 MiB of parse)
 * and chunks in flight (514 MiB), over the process's own ~100 MiB: under 1 GiB, whatever the
 * bucket holds. In practice far less: real indexes are a few MiB and real chunks 4 MiB.
 */
import { mapLimit } from '../../store/limit.js';
import { ByteBudget } from '../byte-budget.js';
import { getBuffer, type PackBucket, type PackObject } from './bucket.js';
import {
  codecAvailable,
  decodeIndexChecked,
  decompressChunk,
  entryBytes,
  entryId,
  MAX_CHUNK_BYTES,
  MAX_CHUNK_COMPRESSED_BYTES,
  MAX_INDEX_BYTES,
  PACK_DIR,
  PACK_MAGIC,
  packDataKey,
  packIndexKey,
  parsePackKey,
  sha256,
  TornPackError,
  type PackIndex,
  type PackIndexEntry
} from './format.js';
import { describeDropped } from './index-schema.js';
import type { PackIndexCache } from './index-cache.js';
import { heldOf, readCatalog, rememberIndexBytes, type CatalogHeld } from './catalog.js';

const MiB = 1024 * 1024;
/** Compressed index bytes downloading at once (by the listed sizes). */
export const INDEX_BYTES_IN_FLIGHT = 64 * MiB;
/**
 * Decompressed index bytes kept for one listing, newer packs first: some 400,000 entries, a
 * bucket of ~6 GiB of 16 KiB entries.
 */
export const INDEXES_KEPT_BYTES = 128 * MiB;
/**
 * Compressed plus raw bytes of the chunks being read at once, across every pack of a restore: room
 * for the largest chunk allowed (514 MiB), and for some hundred real ones (4 MiB raw each).
 */
export const CHUNK_BYTES_IN_FLIGHT = MAX_CHUNK_BYTES + MAX_CHUNK_COMPRESSED_BYTES;

/**
 * About the JSON size of what a checked index keeps (its good entries and its chunk table), which is
 * what its parsed copy costs, near enough: the measure of INDEXES_KEPT_BYTES.
 */
export function keptBytes(index: PackIndex): number {
  let n = 200 + index.chunks.length * 120;
  for (const e of index.entries) {
    n += 100 + e.ns.length + e.key.length;
    for (const b of e.blobs) n += 24 + b.name.length;
  }
  return n;
}

export interface PackListing {
  /** Readable pack indexes, newest first. */
  indexes: PackIndex[];
  /** Packs without a usable index (torn, being written, or an index that fails its checksum). */
  torn: { id: string; objects: PackObject[]; reason: string }[];
  /**
   * Packs left out by this reader that are not torn, so never deleted as torn: an index that could
   * not be read this time (a 5xx or 403 on it), or past the budget of indexes kept.
   */
  skipped: { id: string; reason: string }[];
  /** Every object under the pack folder, by pack id. */
  objects: Map<string, PackObject[]>;
  /**
   * What the caller should warn about, each naming the object: an index that is there but wrong
   * (skipped whole), entries dropped from an index, packs over the budget of indexes.
   */
  warnings: string[];
  /**
   * What the bucket's catalog held (catalog.ts), when this listing read it: index key → size (none
   * when there is no catalog). Undefined when it was not read or could not be.
   */
  catalog?: CatalogHeld;
}

type IndexLoad =
  { id: string; index: PackIndex } | { id: string; reason: string; warn: boolean; torn: boolean };

/**
 * Lists the packs under the prefix and loads their indexes (`concurrency` at once); with
 * `indexCache`, an index the cache holds a copy of, as listed, is not downloaded again, and every
 * index downloaded is copied there. With `catalog`, the bucket's catalog is read beside the listing
 * and its copies stand in for downloads (catalog.ts); what it held is recorded in the index cache
 * for the job's save.
 */
export async function listPacks(
  bucket: PackBucket,
  packPrefix: string,
  options: { concurrency?: number; indexCache?: PackIndexCache; catalog?: boolean } = {}
): Promise<PackListing> {
  // The catalog beside the listing (readCatalog never throws: nothing is left unhandled).
  const [listed, copies] = await Promise.all([
    bucket.list(`${packPrefix}${PACK_DIR}`),
    options.catalog ? readCatalog(bucket, packPrefix) : null
  ]);
  const objects = new Map<string, PackObject[]>();
  // Written while the indexes load (a few file calls on the thread pool), not before them.
  const recorded =
    copies === null ? undefined : options.indexCache?.writeCatalogState(packPrefix, heldOf(copies));
  for (const o of listed) {
    const parsed = parsePackKey(packPrefix, o.key);
    if (!parsed) continue;
    const list = objects.get(parsed.id) ?? [];
    list.push(o);
    objects.set(parsed.id, list);
  }
  const ids = [...objects.keys()].sort().reverse();
  const warnings: string[] = [];
  const downloads = new ByteBudget(INDEX_BYTES_IN_FLIGHT);
  let kept = 0;
  /** An index's bytes, decoded and checked against its data object and the budget. Throws TornPackError. */
  const checkIndex = (id: string, key: string, data: Buffer, dataObj: PackObject): IndexLoad => {
    const checked = decodeIndexChecked(data, id);
    const index = checked.index;
    if (dataObj.size !== index.packBytes) {
      return {
        id,
        reason: `data object is ${dataObj.size} bytes, index says ${index.packBytes}`,
        warn: false,
        torn: true
      };
    }
    if (checked.dropped.total > 0) {
      warnings.push(`pack index ${key}: ${describeDropped(checked.listed, checked.dropped)}`);
    }
    // What is kept, counted by what the index keeps: fields the schema ignored and entries it
    // dropped cost nothing, so a few padded indexes cannot use up the budget of the good ones.
    kept += keptBytes(index);
    if (kept > INDEXES_KEPT_BYTES) {
      return {
        id,
        reason: `the indexes read so far hold more than ${INDEXES_KEPT_BYTES} bytes (the budget of indexes)`,
        warn: true,
        torn: false
      };
    }
    // The bytes as the bucket holds them, for the catalog a save writes (catalog.ts).
    rememberIndexBytes(index, data);
    return { id, index };
  };
  /** A copy (the index cache's, the catalog's) as a load, or null: then the index is downloaded. */
  const fromCopy = (id: string, key: string, copy: Buffer | null | undefined, dataObj: PackObject) => {
    if (copy === null || copy === undefined) return null;
    // Checked as a download is; one that fails a check is read again from the bucket: a bad copy
    // never makes a pack torn.
    try {
      const loaded = checkIndex(id, key, copy, dataObj);
      return 'index' in loaded || !loaded.torn ? loaded : null;
    } catch {
      return null;
    }
  };
  const results = await mapLimit(ids, options.concurrency ?? 8, async (id): Promise<IndexLoad> => {
    const objs = objects.get(id)!;
    const indexObj = objs.find(o => o.key.endsWith('.index'));
    const dataObj = objs.find(o => o.key.endsWith('.pack'));
    if (!indexObj) return { id, reason: 'no index', warn: false, torn: true };
    if (!dataObj) return { id, reason: 'no data object', warn: false, torn: true };
    const key = packIndexKey(packPrefix, id);
    if (indexObj.size > MAX_INDEX_BYTES) {
      return {
        id,
        reason: `index is ${indexObj.size} bytes, over the cap of ${MAX_INDEX_BYTES}`,
        warn: true,
        torn: false
      };
    }
    // A copy of this very object (index-cache.ts), then the catalog's when it has the listed size.
    const cached = fromCopy(id, key, options.indexCache?.read(key, indexObj), dataObj);
    if (cached !== null) return cached;
    const copy = copies?.get(key);
    const catalogued = fromCopy(id, key, copy?.length === indexObj.size ? copy : null, dataObj);
    if (catalogued !== null) {
      if ('index' in catalogued) await options.indexCache?.write(key, indexObj, copy!);
      return catalogued;
    }
    const held = await downloads.acquire(indexObj.size);
    try {
      // Never more than the listing said: an object that grew meanwhile is read next time.
      const data = await getBuffer(bucket, key, undefined, indexObj.size);
      if (data === null) return { id, reason: 'index vanished', warn: false, torn: true };
      const loaded = checkIndex(id, key, data, dataObj);
      if ('index' in loaded) await options.indexCache?.write(key, indexObj, data);
      return loaded;
    } catch (err) {
      if (err instanceof TornPackError) {
        return { id, reason: err.message, warn: err.suspicious, torn: !err.overCap };
      }
      // One index that cannot be read (a 403 on one object, a reset) costs that pack, not the others;
      // it is not torn either (it may read fine next time), so nothing deletes it for this.
      return { id, reason: `could not read the index: ${(err as Error).message}`, warn: true, torn: false };
    } finally {
      downloads.release(held);
    }
  });
  const listing: PackListing = { indexes: [], torn: [], skipped: [], objects, warnings };
  if (copies !== null) listing.catalog = heldOf(copies);
  for (const r of results) {
    if ('index' in r) listing.indexes.push(r.index);
    else {
      if (r.torn) listing.torn.push({ id: r.id, objects: objects.get(r.id)!, reason: r.reason });
      else listing.skipped.push({ id: r.id, reason: r.reason });
      if (r.warn) warnings.push(`skipped pack ${packIndexKey(packPrefix, r.id)}: ${r.reason}`);
    }
  }
  await recorded;
  return listing;
}

/**
 * Which pack serves which wanted entry: the newest readable pack that holds it. Packs in a codec
 * this Node cannot decompress are skipped, so their entries fall back to objects.
 */
export function planPackReads(
  indexes: PackIndex[],
  want: (e: PackIndexEntry, index: PackIndex) => boolean
): Map<PackIndex, PackIndexEntry[]> {
  const plan = new Map<PackIndex, PackIndexEntry[]>();
  const taken = new Set<string>();
  const newestFirst = [...indexes].sort((a, b) => (a.id < b.id ? 1 : -1));
  for (const index of newestFirst) {
    if (!codecAvailable(index.codec)) continue;
    let list: PackIndexEntry[] | undefined;
    for (const e of index.entries) {
      const id = entryId(e.ns, e.key);
      if (taken.has(id) || !want(e, index)) continue;
      taken.add(id);
      (list ??= []).push(e);
    }
    if (list) plan.set(index, list);
  }
  return plan;
}

export type EntrySink = (entry: PackIndexEntry, blobs: { name: string; data: Buffer }[]) => Promise<void>;

/**
 * Installs the wanted entries of one decompressed chunk at once (instead of an EntrySink entry by
 * entry): the disk store hands the whole chunk to a worker thread. Given a `sha256`, the sink MUST
 * check `raw` against it before it installs anything and throw when they differ, so a corrupt
 * chunk installs nothing; undefined means the reader checked the chunk already (its compressed
 * bytes, `zsha256`). It takes `raw` over (it may transfer it to a worker: empty afterwards).
 * Returns one outcome per entry: null when served (installed or already there), else why not.
 * Every entry given lies within `raw`.
 */
export type ChunkSink = (
  raw: Buffer,
  sha256: string | undefined,
  entries: PackIndexEntry[]
) => Promise<(Error | null)[]>;

/**
 * Keeps a chunk's compressed bytes for a lazy install (store/deferred-tier.ts) instead of
 * decompressing and installing it: the disk store installs the entries when a compile first asks
 * for one. Called with the compressed bytes, checked as an install checks them (`zsha256` when the
 * index has it, else the raw `sha256` after a decompression to the declared length, and that
 * decompression with a `zsha256` too unless ReadOptions.decodeKept says it is not needed), the chunk's
 * codec and raw length, and the wanted entries, each within the raw length. One outcome per entry: null when kept, else why not; or
 * null for the whole chunk when nothing more can be kept (the reader then installs it through the
 * ChunkSink, as without a keeper).
 */
export type ChunkKeeper = (
  compressed: Buffer,
  chunk: { codec: PackIndex['codec']; rawLength: number; sha256: string; zsha256?: string },
  entries: PackIndexEntry[]
) => Promise<(Error | null)[] | null>;

type ReadOptions = {
  decompressConcurrency?: number;
  sinkConcurrency?: number;
  budget?: ByteBudget;
  /** When given, used instead of the EntrySink (which is then not called). */
  chunkSink?: ChunkSink;
  /** When given, used first: chunks are kept compressed, and installed (chunkSink) only once it is full. */
  chunkKeeper?: ChunkKeeper;
  /**
   * With a chunkKeeper: whether a kept chunk that has a `zsha256` is also decompressed now, to prove
   * it decodes (default: always). A chunk without one always is: its raw sha256 is its only check.
   */
  decodeKept?: (wanted: PackIndexEntry[]) => boolean;
};

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
 *
 * Each chunk's compressed and raw bytes are taken from `budget` before its bytes are read (so a
 * full budget pauses the download) and given back once its entries are installed. Never throws:
 * whatever goes wrong (the bucket, the data, the sink) fails the entries concerned, which the
 * caller then fetches as objects.
 */
export async function readPack(
  bucket: PackBucket,
  packPrefix: string,
  index: PackIndex,
  entries: PackIndexEntry[],
  sink: EntrySink,
  options: ReadOptions = {}
): Promise<PackReadResult> {
  const result: PackReadResult = { restored: [], failed: [], bytesRead: 0, requests: 0, errors: [] };
  const dataKey = packDataKey(packPrefix, index.id);
  if (!codecAvailable(index.codec)) {
    result.failed.push(...entries);
    result.errors.push(`pack ${dataKey}: codec ${index.codec} is not available in this Node`);
    return result;
  }
  const byChunk = new Map<number, PackIndexEntry[]>();
  for (const e of entries) {
    // An index that did not come through the schema check could name a chunk it lacks.
    if (index.chunks[e.chunk] === undefined) {
      result.failed.push(e);
      result.errors.push(`pack ${dataKey}: entry ${e.key} names chunk ${e.chunk}, which does not exist`);
      continue;
    }
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
  const budget = options.budget ?? new ByteBudget(CHUNK_BYTES_IN_FLIGHT);
  const pending = new Set<Promise<void>>();
  const done = new Set<number>();

  const installEntry = async (e: PackIndexEntry, raw: Buffer): Promise<void> => {
    try {
      let pos = e.offset;
      const blobs: { name: string; data: Buffer }[] = [];
      for (const b of e.blobs) {
        blobs.push({ name: b.name, data: raw.subarray(pos, pos + b.size) });
        pos += b.size;
      }
      if (pos > raw.length) throw new Error('runs past its chunk');
      await sink(e, blobs);
      result.restored.push(e);
    } catch (err) {
      result.failed.push(e);
      result.errors.push(`pack ${dataKey}: entry ${e.key}: ${(err as Error).message}`);
    }
  };

  /**
   * Hands a chunk's wanted entries on (to a ChunkSink or a ChunkKeeper) and records what became of
   * each. An entry that runs past the chunk's raw length fails alone, before it is handed on; a
   * throw (a chunk that fails its checksum, a sink that fails whole) fails every entry handed on.
   */
  const handOver = async (
    c: number,
    rawLength: number,
    wanted: PackIndexEntry[],
    take: (fit: PackIndexEntry[]) => Promise<(Error | null)[]>
  ): Promise<void> => {
    const fit: PackIndexEntry[] = [];
    for (const e of wanted) {
      if (e.offset + entryBytes(e) > rawLength) {
        result.failed.push(e);
        result.errors.push(`pack ${dataKey}: entry ${e.key}: runs past its chunk`);
      } else fit.push(e);
    }
    let outcomes: (Error | null)[];
    try {
      outcomes = fit.length > 0 ? await take(fit) : [];
    } catch (err) {
      result.failed.push(...fit);
      result.errors.push(`pack ${dataKey} chunk ${c}: ${(err as Error).message}`);
      return;
    }
    for (const [n, e] of fit.entries()) {
      const err = outcomes[n];
      if (err === null) result.restored.push(e);
      else {
        result.failed.push(e);
        result.errors.push(
          `pack ${dataKey} chunk ${c}: entry ${e.key}: ${(err ?? new Error('no outcome')).message}`
        );
      }
    }
  };

  /** The chunk decompressed, to the length its index declares (else a throw). */
  const decompressed = async (data: Buffer, meta: PackIndex['chunks'][number]): Promise<Buffer> => {
    const raw = await decompressChunk(index.codec, data, meta.rawLength);
    if (raw.length !== meta.rawLength) throw new Error('chunk fails its checksum');
    return raw;
  };

  /**
   * A chunk through the ChunkKeeper, not installed: checked as an install would check it. Where
   * `decodeKept` says so (something else could serve its entries), decompression included (on the
   * thread pool, beside the download; the output is dropped), so a chunk whose bytes match its
   * index and still do not decompress to what it declares fails here and its entries come from an
   * older pack or as objects, instead of every compile that asks for one of them finding a miss.
   */
  const keepChunk = async (
    c: number,
    data: Buffer,
    meta: PackIndex['chunks'][number],
    wanted: PackIndexEntry[],
    keeper: ChunkKeeper
  ): Promise<void> => {
    let raw: Buffer | undefined;
    try {
      if (meta.zsha256 === undefined) {
        raw = await decompressed(data, meta);
        if (sha256(raw) !== meta.sha256) throw new Error('chunk fails its checksum');
      } else {
        if (sha256(data) !== meta.zsha256) throw new Error('chunk fails its checksum');
        if (options.decodeKept?.(wanted) ?? true) raw = await decompressed(data, meta);
      }
    } catch (err) {
      result.failed.push(...wanted);
      result.errors.push(`pack ${dataKey} chunk ${c}: ${(err as Error).message}`);
      return;
    }
    await handOver(c, meta.rawLength, wanted, async fit => {
      const kept = await keeper(data, { codec: index.codec, ...meta }, fit);
      if (kept !== null) return kept;
      // Nothing more can be kept: installed as without a keeper, from the bytes just checked.
      if (!options.chunkSink) throw new Error('the lazy install is full and nothing installs chunks here');
      return options.chunkSink(raw ?? (await decompressed(data, meta)), undefined, fit);
    });
  };

  /** Decompresses and installs one chunk; never rejects, and gives its bytes back to the budget. */
  const processChunk = async (c: number, data: Buffer, held: number): Promise<void> => {
    const wanted = byChunk.get(c)!;
    try {
      const meta = index.chunks[c]!;
      if (options.chunkKeeper) {
        await keepChunk(c, data, meta, wanted, options.chunkKeeper);
        return;
      }
      let raw: Buffer;
      // The compressed bytes' sha256 when the index has it (a fifth of the bytes to hash), else
      // the raw bytes' after decompression.
      const checked = meta.zsha256 !== undefined;
      try {
        if (checked && sha256(data) !== meta.zsha256) throw new Error('chunk fails its checksum');
        raw = await decompressChunk(index.codec, data, meta.rawLength);
        if (raw.length !== meta.rawLength) throw new Error('chunk fails its checksum');
        if (!checked && !options.chunkSink && sha256(raw) !== meta.sha256) {
          throw new Error('chunk fails its checksum');
        }
      } catch (err) {
        result.failed.push(...wanted);
        result.errors.push(`pack ${dataKey} chunk ${c}: ${(err as Error).message}`);
        return;
      }
      if (options.chunkSink) {
        // Unchecked so far, the sink checks the raw sha256 (off this thread) before it installs
        // anything; a throw fails every entry given to it.
        const chunkSink = options.chunkSink;
        const digest = checked ? undefined : meta.sha256;
        await handOver(c, raw.length, wanted, fit => chunkSink(raw, digest, fit));
        return;
      }
      // Several entries of the chunk at once: installing one is a chain of small fs calls, and only
      // entries in flight together keep the thread pool (and both cores) busy.
      await mapLimit(wanted, sinkLimit, e => installEntry(e, raw));
    } catch (err) {
      // Not expected (installEntry catches): still only this chunk's entries are lost.
      const failed = new Set(result.failed);
      const restored = new Set(result.restored);
      for (const e of wanted) if (!failed.has(e) && !restored.has(e)) result.failed.push(e);
      result.errors.push(`pack ${dataKey} chunk ${c}: ${(err as Error).message}`);
    } finally {
      budget.release(held);
    }
  };

  const dispatch = async (c: number, data: Buffer, held: number): Promise<void> => {
    done.add(c);
    const p = processChunk(c, data, held).finally(() => pending.delete(p));
    pending.add(p);
    if (pending.size >= limit) await Promise.race(pending);
  };

  for (const run of runs) {
    const first = index.chunks[run[0]!]!;
    const lastMeta = index.chunks[run[run.length - 1]!]!;
    const whole = run.length === index.chunks.length;
    const start = whole ? 0 : first.offset;
    const end = lastMeta.offset + lastMeta.length - 1;
    // Budget held for the chunk whose bytes are arriving (run[i]), not yet handed on.
    let held = 0;
    try {
      result.requests++;
      const stream = await bucket.getStream(dataKey, whole ? undefined : { start, end });
      if (stream === null) throw new Error('pack data object is gone');
      let parts: Buffer[] = [];
      let have = 0;
      // Position in the object of parts[0]'s first byte.
      let base = start;
      let i = 0;
      let magicChecked = !whole;
      const reserve = async (): Promise<void> => {
        const meta = index.chunks[run[i]!];
        if (meta) held = await budget.acquire(meta.length + meta.rawLength);
      };
      /** Bytes [from, from + length) of parts, in one copy; the bytes after them stay in parts. */
      const takeBytes = (from: number, length: number): Buffer => {
        const data = Buffer.allocUnsafe(length);
        const rest: Buffer[] = [];
        let at = 0;
        let skip = from;
        for (const part of parts) {
          if (at === length) {
            rest.push(part);
            continue;
          }
          if (skip >= part.length) {
            skip -= part.length;
            continue;
          }
          const n = Math.min(part.length - skip, length - at);
          part.copy(data, at, skip, skip + n);
          at += n;
          if (skip + n < part.length) rest.push(part.subarray(skip + n));
          skip = 0;
        }
        parts = rest;
        have = rest.reduce((sum, p) => sum + p.length, 0);
        return data;
      };
      await reserve();
      for await (const piece of stream) {
        const b = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        parts.push(b);
        have += b.length;
        result.bytesRead += b.length;
        // A server that sends more than the range (or the object) the index describes is not
        // followed: those bytes would only pile up here.
        if (base + have > end + 1)
          throw new Error(`pack data object is longer than the ${end + 1} bytes its index describes`);
        if (!magicChecked && have >= PACK_MAGIC.length) {
          const head = parts.length === 1 ? parts[0]! : Buffer.concat(parts, have);
          if (!head.subarray(0, PACK_MAGIC.length).equals(PACK_MAGIC)) {
            throw new Error('pack data object does not start with the pack magic');
          }
          magicChecked = true;
        }
        while (i < run.length) {
          const meta = index.chunks[run[i]!]!;
          if (base + have < meta.offset + meta.length) break;
          const data = takeBytes(meta.offset - base, meta.length);
          base = meta.offset + meta.length;
          const h = held;
          held = 0;
          i++;
          await dispatch(run[i - 1]!, data, h);
          await reserve();
        }
      }
      if (i < run.length) throw new Error('pack data object ended early');
    } catch (err) {
      result.errors.push(`pack ${dataKey}: ${(err as Error).message}`);
    } finally {
      budget.release(held);
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
 * Rounds of pack reads per restore at most: an entry a pack failed to serve is read again from the
 * next-older pack holding it, so a newer pack that lists the same entries and cannot serve them
 * (a hostile one, or one damaged) does not shadow the good copy; this bounds what many of them cost.
 */
export const MAX_PACK_ROUNDS = 8;

/**
 * The bulk path of a restore: every wanted entry that some readable pack holds is read from the
 * newest such pack (`concurrency` packs at once) and handed to `sink`; what a pack fails to serve
 * is tried from the next-older pack holding it, up to MAX_PACK_ROUNDS rounds. The caller fetches
 * what is not in `restored` as objects. All packs share one budget of chunk bytes in memory.
 */
export async function restoreFromPacks(
  bucket: PackBucket,
  packPrefix: string,
  options: {
    want: (e: PackIndexEntry, index: PackIndex) => boolean;
    sink: EntrySink;
    /** Installs whole chunks instead of `sink` entry by entry (see ChunkSink). */
    chunkSink?: ChunkSink;
    /** Keeps chunks compressed for a lazy install instead of either (see ChunkKeeper). */
    chunkKeeper?: ChunkKeeper;
    /**
     * Whether the bucket's per-object layout may hold entries the packs hold (default true): then
     * every kept chunk is decompressed during the restore, to prove it decodes (see decodingProof).
     */
    objectsMayHold?: boolean;
    concurrency?: number;
    listing?: PackListing;
    /** Chunk bytes in memory at once; default CHUNK_BYTES_IN_FLIGHT. */
    budgetBytes?: number;
  }
): Promise<PackRestoreResult> {
  const listing = options.listing ?? (await listPacks(bucket, packPrefix));
  const out: PackRestoreResult = {
    restored: new Set(),
    entries: 0,
    bytes: 0,
    packsRead: 0,
    bytesRead: 0,
    requests: 0,
    errors: []
  };
  const budget = new ByteBudget(options.budgetBytes ?? CHUNK_BYTES_IN_FLIGHT);
  const decodeKept =
    options.chunkKeeper && options.objectsMayHold === false ? decodingProof(listing.indexes) : undefined;
  // Entry id -> the packs that failed to serve it.
  const failedBy = new Map<string, Set<string>>();
  for (let round = 0; round < MAX_PACK_ROUNDS; round++) {
    const plan = planPackReads(listing.indexes, (e, index) => {
      const id = entryId(e.ns, e.key);
      return !out.restored.has(id) && !failedBy.get(id)?.has(index.id) && options.want(e, index);
    });
    // Only entries that failed before are planned after the first round.
    if (round > 0) {
      for (const [index, entries] of plan) {
        const retry = entries.filter(e => failedBy.has(entryId(e.ns, e.key)));
        if (retry.length > 0) plan.set(index, retry);
        else plan.delete(index);
      }
    }
    if (plan.size === 0) break;
    await mapLimit([...plan.entries()], options.concurrency ?? 4, async ([index, entries]) => {
      const r = await readPack(bucket, packPrefix, index, entries, options.sink, {
        budget,
        chunkSink: options.chunkSink,
        chunkKeeper: options.chunkKeeper,
        decodeKept
      });
      out.packsRead++;
      out.bytesRead += r.bytesRead;
      out.requests += r.requests;
      out.errors.push(...r.errors);
      for (const e of r.restored) {
        out.restored.add(entryId(e.ns, e.key));
        out.entries++;
        out.bytes += entryBytes(e);
      }
      for (const e of r.failed) {
        const id = entryId(e.ns, e.key);
        const packs = failedBy.get(id) ?? new Set<string>();
        packs.add(index.id);
        failedBy.set(id, packs);
      }
    });
  }
  return out;
}

/**
 * When a lazy restore must decompress a kept chunk (whose compressed bytes matched their
 * `zsha256`) to prove it decodes: only when another pack of the listing holds one of its entries.
 * The proof is there so that a newer pack whose chunk matches its index and still does not decode
 * does not shadow a good copy: its entries then come from the older pack at once instead of
 * becoming misses at their first ask. An entry no other pack holds (and, as the caller vouches
 * with objectsMayHold false, no object either) has no other copy to fall back on: the restore
 * would drop it either way, and the first ask finds the same miss without the restore paying for
 * a decompression of every chunk (half its CPU, bench/RESULTS.md). The install on that first ask
 * checks the chunk again, decompression included, before it writes anything.
 */
function decodingProof(indexes: readonly PackIndex[]): (wanted: PackIndexEntry[]) => boolean {
  const holders = new Map<string, number>();
  for (const index of indexes) {
    for (const e of index.entries) {
      const id = entryId(e.ns, e.key);
      holders.set(id, (holders.get(id) ?? 0) + 1);
    }
  }
  return wanted => wanted.some(e => (holders.get(entryId(e.ns, e.key)) ?? 0) > 1);
}
