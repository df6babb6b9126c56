/**
 * Writing packs: entries go into chunks of a few MiB raw, chunks are compressed in parallel (the
 * zlib thread pool), and a pack is uploaded once its compressed size reaches the target — the data
 * object and its index side by side (uploadPack says why a reader is never misled by that).
 * The next pack is compressed while the previous one uploads.
 */
import { constants } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempName } from '../../store/validate.js';
import { describeKind, openRegular, UnsafePathError } from '../../store/safe-fs.js';
import type { PackBucket } from './bucket.js';
import { rememberIndexBytes } from './catalog.js';
import {
  compressChunk,
  defaultCodec,
  defaultLevel,
  encodeIndex,
  entryId,
  entryValues,
  MAX_CHUNK_BYTES,
  MAX_INDEX_VALUES,
  newPackId,
  PACK_FORMAT,
  DEFAULT_TARGET_PACK_BYTES,
  PACK_MAGIC,
  packDataKey,
  packIndexKey,
  sha256,
  type PackChunk,
  type PackCodec,
  type PackIndex,
  type PackIndexEntry
} from './format.js';

/** One entry to pack, with its blobs' bytes in write order. */
export interface PackSourceEntry {
  ns: string;
  key: string;
  mtime: number;
  blobs: { name: string; data: Buffer }[];
}

export interface PackWriteOptions {
  packPrefix: string;
  codec?: PackCodec;
  level?: number;
  /** Close a pack once its compressed size reaches this (default 32 MiB). */
  targetPackBytes?: number;
  /** Raw bytes per chunk (default 4 MiB): the unit of parallel compression and of ranged reads. */
  chunkBytes?: number;
  /** Chunks compressing at once (default 4). */
  concurrency?: number;
  /** Entries larger than this stay objects only (default 256 MiB): a pack is built in memory. */
  maxEntryBytes?: number;
  now?: () => number;
  /**
   * Packs are built at once but written only once this resolves: true writes them, false discards
   * them (writePacks then rejects with PackWriteCancelled and has written nothing). A save builds
   * its pack while the bucket's listing is still on its way, and writes it only if the listing
   * shows it is the pack to write.
   */
  gate?: Promise<boolean>;
  /**
   * Chunks compressed and checked already (the prepacked ones, prepacked.ts), packed first and as
   * they are; their entries' offsets are within each chunk, and none of them comes again from the
   * entries.
   */
  presealed?: readonly PresealedChunk[];
  /**
   * Runs beside each pack's index write, once its data object is written (the save writes the
   * catalog there, so a restore finds the new index in it without a round trip more on the save).
   */
  alongsideIndex?: (index: PackIndex) => Promise<void>;
}

/** A chunk ready to go into a pack: its compressed bytes, raw length and sha256, and its entries. */
export interface PresealedChunk {
  compressed: Buffer;
  rawLength: number;
  sha256: string;
  /** The sha256 of `compressed`, when it was just checked against it (else it is computed). */
  zsha256?: string;
  entries: PackIndexEntry[];
}

/** The gate said no: the packs built were not written. */
export class PackWriteCancelled extends Error {
  override name = 'PackWriteCancelled';
}

export interface PackWriteResult {
  packs: PackIndex[];
  /** Entries not packed because they are larger than maxEntryBytes. */
  skipped: string[];
}

/** The spec's blob write order; other names follow, sorted, so packs are deterministic. */
const BLOB_ORDER = ['output', 'stdout', 'stderr', 'exit_code', 'metadata', 'extras'];

export function orderBlobs<T extends { name: string }>(blobs: T[]): T[] {
  const rank = (n: string): number => {
    const i = BLOB_ORDER.indexOf(n);
    return i < 0 ? BLOB_ORDER.length : i;
  };
  return [...blobs].sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1));
}

/**
 * Reads one entry directory of a disk store (`<root>/<ns>/<hh>/<hex>/`), skipping temporary files.
 * Null when the directory is gone (evicted meanwhile). The directory must be a real one (a symlink
 * there throws UnsafePathError), and only regular files are read, each opened O_NOFOLLOW|O_NONBLOCK
 * and fstat'ed: a planted symlink, FIFO, socket or device is passed to `onSkip`, never read or packed.
 */
export async function readLocalEntry(
  dir: string,
  ns: string,
  key: string,
  onSkip?: (path: string, kind: string) => void
): Promise<PackSourceEntry | null> {
  let names: string[];
  try {
    const st = await lstat(dir);
    if (!st.isDirectory()) throw new UnsafePathError(dir, describeKind(st));
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const blobs: { name: string; data: Buffer }[] = [];
  let mtime = 0;
  for (const name of names) {
    if (isTempName(name)) continue;
    const file = join(dir, name);
    try {
      const handle = await openRegular(file, constants.O_RDONLY);
      try {
        const st = await handle.stat();
        mtime = Math.max(mtime, st.mtimeMs);
        blobs.push({ name, data: await handle.readFile() });
      } finally {
        await handle.close();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      if (err instanceof UnsafePathError) {
        // A directory in an entry is nobody's blob (as in the store's walk); anything else is planted.
        if (err.found !== 'a directory') onSkip?.(file, err.found);
        continue;
      }
      throw err;
    }
  }
  if (blobs.length === 0) return null;
  return { ns, key, mtime: Math.floor(mtime), blobs: orderBlobs(blobs) };
}

interface OpenChunk {
  parts: Buffer[];
  raw: number;
  entries: PackIndexEntry[];
}

interface SealedChunk {
  compressed: Promise<Buffer>;
  /** The sha256 of the compressed bytes, when a presealed chunk brings it. */
  zsha256?: string;
  rawLength: number;
  sha256: string;
  entries: PackIndexEntry[];
}

/** Writes the entries as packs; returns the indexes of the packs written. */
export async function writePacks(
  bucket: PackBucket,
  entries: Iterable<PackSourceEntry | null> | AsyncIterable<PackSourceEntry | null>,
  options: PackWriteOptions
): Promise<PackWriteResult> {
  const codec = options.codec ?? defaultCodec();
  const level = options.level ?? defaultLevel(codec);
  const target = options.targetPackBytes ?? DEFAULT_TARGET_PACK_BYTES;
  const chunkBytes = options.chunkBytes ?? 4 << 20;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  // Readers refuse a chunk over MAX_CHUNK_BYTES: no entry or chunk here may be bigger.
  const maxEntryBytes = Math.min(options.maxEntryBytes ?? 256 << 20, MAX_CHUNK_BYTES);
  const now = options.now ?? Date.now;

  const written: PackIndex[] = [];
  const skipped: string[] = [];
  const uploads: Promise<void>[] = [];
  let sealed: SealedChunk[] = [];
  let chunk: OpenChunk = { parts: [], raw: 0, entries: [] };
  // Compressed bytes of the finished chunks of this pack, and the ratio seen so far, to estimate
  // the pack's compressed size while its last chunks are still compressing.
  let ratio = 2.5;
  let rawSeen = 0;
  let compressedSeen = 0;
  let estimate = 0;
  // JSON values of the pack's index so far: sealed at half the readers' cap (MAX_INDEX_VALUES).
  let packValues = 0;
  const inFlight = new Set<Promise<Buffer>>();

  const sealChunk = async (): Promise<void> => {
    if (chunk.entries.length === 0) return;
    const raw = Buffer.concat(chunk.parts, chunk.raw);
    const compressed = compressChunk(codec, level, raw);
    const s: SealedChunk = { compressed, rawLength: raw.length, sha256: sha256(raw), entries: chunk.entries };
    sealed.push(s);
    estimate += raw.length / ratio;
    inFlight.add(compressed);
    void compressed.then(
      c => {
        inFlight.delete(compressed);
        rawSeen += raw.length;
        compressedSeen += c.length;
        ratio = rawSeen / Math.max(1, compressedSeen);
      },
      () => inFlight.delete(compressed)
    );
    chunk = { parts: [], raw: 0, entries: [] };
    if (inFlight.size >= concurrency) await Promise.race(inFlight).catch(() => undefined);
  };

  const sealPack = async (): Promise<void> => {
    await sealChunk();
    if (sealed.length === 0) return;
    const chunks = sealed;
    sealed = [];
    estimate = 0;
    packValues = 0;
    // Keep at most one pack uploading while the next one fills.
    if (uploads.length > 0) await uploads[uploads.length - 1];
    const upload = uploadPack(chunks);
    // Handled here so a failure while the next pack fills is not an unhandled rejection; the
    // failure still surfaces from the awaits below.
    upload.catch(() => undefined);
    uploads.push(upload);
  };

  const uploadPack = async (chunks: SealedChunk[]): Promise<void> => {
    const bodies = await Promise.all(chunks.map(c => c.compressed));
    if (options.gate && !(await options.gate))
      throw new PackWriteCancelled('the packs built were not wanted');
    const id = newPackId(now());
    let offset = PACK_MAGIC.length;
    const table: PackChunk[] = [];
    const indexEntries: PackIndexEntry[] = [];
    let rawBytes = 0;
    chunks.forEach((c, i) => {
      const body = bodies[i]!;
      table.push({
        offset,
        length: body.length,
        rawLength: c.rawLength,
        sha256: c.sha256,
        zsha256: c.zsha256 ?? sha256(body)
      });
      offset += body.length;
      rawBytes += c.rawLength;
      for (const e of c.entries) indexEntries.push({ ...e, chunk: i });
    });
    const data = Buffer.concat([PACK_MAGIC, ...bodies], offset);
    const index: PackIndex = {
      format: PACK_FORMAT,
      id,
      codec,
      created: now(),
      packBytes: data.length,
      rawBytes,
      chunks: table,
      entries: indexEntries
    };
    const indexData = encodeIndex(index);
    rememberIndexBytes(index, indexData);
    // The data object and its index go up side by side, not one round trip after the other (on a
    // warm save, the index's PUT was a tenth of the whole command). A reader that lists the index
    // before the data object has landed takes the pack for torn, as it took one whose data had
    // landed before its index: it skips it, and nothing deletes a torn pack under an hour old
    // (prune.ts). An index whose data failed to go up is deleted; one a crash leaves is torn.
    // (The catalog written beside them names the index too early for nobody: a reader uses a
    // catalog's copy only for an index it lists.)
    const indexKey = packIndexKey(options.packPrefix, id);
    const [dataPut, indexPut, beside] = await Promise.allSettled([
      bucket.put(packDataKey(options.packPrefix, id), data),
      bucket.put(indexKey, indexData),
      options.alongsideIndex?.(index)
    ]);
    if (dataPut.status === 'rejected') {
      if (indexPut.status === 'fulfilled') await bucket.delete([indexKey]).catch(() => undefined);
      throw dataPut.reason;
    }
    if (indexPut.status === 'rejected') throw indexPut.reason;
    if (beside.status === 'rejected') throw beside.reason;
    written.push(index);
  };

  try {
    for (const p of options.presealed ?? []) {
      let values = 0;
      for (const e of p.entries) values += entryValues(e.blobs.length);
      if (packValues > 0 && packValues + values > MAX_INDEX_VALUES / 2) await sealPack();
      packValues += values;
      sealed.push({
        compressed: Promise.resolve(p.compressed),
        zsha256: p.zsha256,
        rawLength: p.rawLength,
        sha256: p.sha256,
        entries: p.entries.map(e => ({ ...e, chunk: 0 }))
      });
      estimate += p.compressed.length;
      if (estimate >= target) await sealPack();
    }
    for await (const e of entries) {
      if (e === null) continue;
      let size = 0;
      for (const b of e.blobs) size += b.data.length;
      if (size > maxEntryBytes) {
        skipped.push(entryId(e.ns, e.key));
        continue;
      }
      if (chunk.raw > 0 && chunk.raw + size > MAX_CHUNK_BYTES) await sealChunk();
      const values = entryValues(e.blobs.length);
      if (packValues > 0 && packValues + values > MAX_INDEX_VALUES / 2) await sealPack();
      packValues += values;
      chunk.entries.push({
        ns: e.ns,
        key: e.key,
        mtime: e.mtime,
        blobs: e.blobs.map(b => ({ name: b.name, size: b.data.length })),
        chunk: 0,
        offset: chunk.raw
      });
      for (const b of e.blobs) chunk.parts.push(b.data);
      chunk.raw += size;
      if (chunk.raw >= chunkBytes) await sealChunk();
      if (estimate + chunk.raw / ratio >= target) await sealPack();
    }
    await sealPack();
  } finally {
    // Never leave uploads running behind the caller's back, even when the source failed.
    await Promise.allSettled(uploads);
  }
  await Promise.all(uploads);
  written.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { packs: written, skipped };
}
