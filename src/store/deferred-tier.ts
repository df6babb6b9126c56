/**
 * Entries a restore kept packed: the lazy install (docs/packs.md, "Lazy install"). A restore that
 * installs every entry writes some 18,000 files for 3,000 entries, and on a fresh runner that file
 * creation, not the download, is what a restore costs (as much as `tar -x` of the same files). With
 * `install: lazy` the restore writes each pack chunk it downloaded, still compressed, into one file
 * of the state directory, and an index of the entries in it; the disk store installs a chunk's
 * entries into the cache directory the first time a compile asks for one of them
 * (DiskCacheStore.get), and entries no compile asks for cost no file at all.
 *
 * Files, in `<state dir>/deferred/` (the state directory, not the cache directory: the Go system,
 * opened on the same cache directory, must count, walk and evict nothing of ours):
 *
 * - `chunks-<16 hex>`: the compressed chunks one after the other, as the pack held them.
 * - `index`: JSON (below), written last and atomically, so a reader finds a whole index or none. It
 *   names its chunk file.
 *
 * Both are as untrusted as the cache directory (a build can write the state directory): the index is
 * read only as a regular file, up to a cap, and checked whole (names, keys, ranges) before any of it
 * is used; a chunk is read as a regular file and checked against its recorded sha256 (of the
 * compressed bytes, or of the raw ones after decompression) before any of its entries is installed.
 * An index that fails a check is ignored whole: those entries are misses, compiled again.
 */
import { closeSync, constants as C, fstatSync, lstatSync, readdirSync, readSync, unlinkSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { decompressChunk, MAX_CHUNK_BYTES, type ChunkCodec } from './chunk-codec.js';
import { countJsonValues } from './json-values.js';
import { nodeCrypto } from './lazy-crypto.js';
import {
  errorCode,
  openRegular,
  openRegularSync,
  readRegularFileSync,
  writeRegularFileAtomic
} from './safe-fs.js';
import { ensureStateDir, stateSubdir } from './state-dir.js';
import { isKeyHex, isSha256Hex, isTempName, splitNamespacePath, validateBlobName } from './validate.js';

/** The state directory's subdirectory of the lazy install. */
export const DEFERRED_DIR = 'deferred';
const INDEX_FILE = 'index';
const DATA_PATTERN = /^chunks-[0-9a-f]{16}$/;
/** The index's size at most: ~120 bytes an entry, so ~130,000 entries. */
export const DEFERRED_INDEX_MAX_BYTES = 16 * 1024 * 1024;
/**
 * JSON values of the index at most (countJsonValues, before it is parsed: ~64 MiB of heap at
 * worst). An entry of six blobs counts 19: room for some 100,000 entries.
 */
export const DEFERRED_INDEX_MAX_VALUES = 2_000_000;
const CODECS: readonly string[] = ['zstd', 'gzip', 'br'];

/** How large a restore lets the index grow before it installs the rest instead of keeping it. */
export interface DeferredLimits {
  /** JSON values as countJsonValues counts them. */
  maxValues: number;
  maxBytes: number;
}

/** What a reader needs of a kept chunk besides its bytes. */
export interface DeferredChunkInfo {
  codec: ChunkCodec;
  rawLength: number;
  /** sha256 (hex) of the raw bytes. */
  sha256: string;
  /** sha256 (hex) of the compressed bytes, when the pack recorded it. */
  zsha256?: string;
}

/** One kept entry: where its blobs lie in its chunk's raw bytes. */
export interface DeferredEntry {
  /** Namespace path below the cache directory (`compile/local`; `''` for the root). */
  namespace: string;
  key: string;
  /** The time to install it with (ms since the epoch). */
  mtime: number;
  blobs: { name: string; size: number }[];
  offset: number;
}

/** The index as written: arrays, not objects, to keep it small and quick to parse. */
interface IndexDocument {
  version: 1;
  /**
   * The cache directory (absolute) the restore kept them for: a state directory named outright
   * (COMPILE_CACHE_STATE_DIR) may serve another cache directory later, which must not take them.
   */
  cacheDir: string;
  data: string;
  /** [codec, offset in the data file, length, raw length, sha256, zsha256 or ''] */
  chunks: [string, number, number, number, string, string][];
  /** [chunk, namespace, key, mtime, offset, [name, size, name, size, …]] */
  entries: [number, string, string, number, number, (string | number)[]][];
}

interface KeptChunk extends DeferredChunkInfo {
  offset: number;
  length: number;
}

/**
 * What installs kept entries (the disk store): `missing` says which entries are not in the cache
 * directory (another process may have installed them: a chunk none of whose entries is missing is
 * not even read), `install` installs the given entries of one chunk from its raw bytes, one outcome
 * per entry (see DiskCacheStore.importChunk).
 */
export interface DeferredInstaller {
  missing(entry: DeferredEntry): boolean;
  install(raw: Buffer, sha256: string | undefined, entries: DeferredEntry[]): Promise<unknown[]>;
  /**
   * Told when the index or a chunk fails a check, so its entries will be misses: once per index
   * read and once per chunk in this process. A chunk whose compressed bytes matched the pack and do
   * not decode shows up here, since a restore proves that only where another copy exists (docs/packs.md).
   */
  refused?(why: string): void;
}

/** Counters for tests: the chunks this process installed, and the indexes and chunks it refused. */
export const deferredCounters = { chunksInstalled: 0, refused: 0 };

function sha256Hex(data: Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(data).digest('hex');
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Removes what a restore kept (the index first, so no reader finds an index without its data). */
function clearDir(dir: string): void {
  for (const name of [INDEX_FILE, ...listNames(dir).filter(n => n !== INDEX_FILE)]) {
    if (name !== INDEX_FILE && !DATA_PATTERN.test(name) && !name.startsWith(`${INDEX_FILE}.tmp-`)) continue;
    try {
      unlinkSync(path.join(dir, name)); // a planted link is removed itself, never what it points at
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
    }
  }
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return [];
    throw err;
  }
}

/**
 * The writing side, one per restore: `begin` removes what an earlier restore kept and opens a new
 * chunk file, `keep` appends a chunk and records its entries, `finish` writes the index.
 */
export class DeferredWriter {
  private end = 0;
  private readonly chunks: KeptChunk[] = [];
  private readonly entries: [number, DeferredEntry][] = [];
  private closed = false;
  /** What the index will count (countJsonValues) and weigh once written, so far: under the caps. */
  private values = 16;
  private bytes = 256;

  private constructor(
    private readonly cacheDir: string,
    private readonly dir: string,
    private readonly dataName: string,
    private readonly handle: FileHandle,
    private readonly limits: DeferredLimits
  ) {}

  /** `limits`: the index's size at most (the readers' caps less a tenth, unless told otherwise). */
  static async begin(cacheRoot: string, limits: Partial<DeferredLimits> = {}): Promise<DeferredWriter> {
    const loc = stateSubdir(cacheRoot, DEFERRED_DIR);
    ensureStateDir(loc, loc.sub);
    clearDir(loc.sub);
    const name = `chunks-${nodeCrypto().randomBytes(8).toString('hex')}`;
    const handle = await openRegular(path.join(loc.sub, name), C.O_WRONLY | C.O_CREAT | C.O_EXCL, 0o600);
    return new DeferredWriter(path.resolve(cacheRoot), loc.sub, name, handle, {
      maxValues: limits.maxValues ?? DEFERRED_INDEX_MAX_VALUES * 0.9,
      maxBytes: limits.maxBytes ?? DEFERRED_INDEX_MAX_BYTES * 0.9
    });
  }

  /**
   * Whether a chunk with these entries still fits the index a reader takes (DEFERRED_INDEX_MAX_BYTES
   * and DEFERRED_INDEX_MAX_VALUES, with room to spare): past that, a restore installs the rest as an
   * eager one does, rather than write an index every reader would refuse.
   */
  fits(entries: DeferredEntry[]): boolean {
    return this.fitsWeight(weigh(entries));
  }

  private fitsWeight(w: { values: number; bytes: number }): boolean {
    return this.values + w.values <= this.limits.maxValues && this.bytes + w.bytes <= this.limits.maxBytes;
  }

  /** Appends one compressed chunk and records its entries (namespaces below the cache directory). */
  async keep(compressed: Uint8Array, info: DeferredChunkInfo, entries: DeferredEntry[]): Promise<void> {
    if (this.closed) throw new Error('the lazy install of this restore is already finished');
    const weight = weigh(entries);
    if (!this.fitsWeight(weight)) throw new Error('the index of the lazy install is full');
    this.values += weight.values;
    this.bytes += weight.bytes;
    const at = this.end;
    this.end += compressed.byteLength;
    let done = 0;
    while (done < compressed.byteLength) {
      const { bytesWritten } = await this.handle.write(
        compressed,
        done,
        compressed.byteLength - done,
        at + done
      );
      done += bytesWritten;
    }
    const n = this.chunks.length;
    this.chunks.push({ ...info, offset: at, length: compressed.byteLength });
    for (const e of entries) this.entries.push([n, e]);
  }

  /** Writes the index (nothing when no chunk was kept); returns the number of entries kept. */
  async finish(): Promise<number> {
    if (this.closed) return this.entries.length;
    this.closed = true;
    await this.handle.close();
    if (this.entries.length === 0) {
      clearDir(this.dir);
      return 0;
    }
    const doc: IndexDocument = {
      version: 1,
      cacheDir: this.cacheDir,
      data: this.dataName,
      chunks: this.chunks.map(c => [c.codec, c.offset, c.length, c.rawLength, c.sha256, c.zsha256 ?? '']),
      entries: this.entries.map(([c, e]) => [
        c,
        e.namespace,
        e.key,
        e.mtime,
        e.offset,
        e.blobs.flatMap(b => [b.name, b.size])
      ])
    };
    await writeRegularFileAtomic(path.join(this.dir, INDEX_FILE), JSON.stringify(doc));
    return this.entries.length;
  }
}

/**
 * What a chunk with these entries adds to the index: its records' JSON as the reader counts it
 * (countJsonValues: every `{`, `[` and `,`, inside strings too) and its bytes, plus the chunk's own
 * record (~200 bytes, 6 values).
 */
function weigh(entries: DeferredEntry[]): { values: number; bytes: number } {
  let values = 7;
  let bytes = 200;
  for (const e of entries) {
    const record = Buffer.from(
      JSON.stringify([0, e.namespace, e.key, e.mtime, e.offset, e.blobs.flatMap(b => [b.name, b.size])])
    );
    values += countJsonValues(record, Number.MAX_SAFE_INTEGER) + 1;
    bytes += record.length + 1;
  }
  return { values, bytes };
}

/** A parsed, checked index. */
interface LoadedIndex {
  data: string;
  chunks: KeptChunk[];
  /** By `<namespace>\0<key>`. */
  entries: Map<string, { chunk: number; entry: DeferredEntry }>;
  /** Entries of each chunk. */
  byChunk: DeferredEntry[][];
}

/** Checks an index document whole; null when anything in it is off. */
function checkIndex(doc: unknown, cacheDir: string): LoadedIndex | null {
  if (typeof doc !== 'object' || doc === null) return null;
  const d = doc as Partial<IndexDocument>;
  if (d.version !== 1 || typeof d.data !== 'string' || !DATA_PATTERN.test(d.data)) return null;
  if (d.cacheDir !== cacheDir) return null;
  if (!Array.isArray(d.chunks) || !Array.isArray(d.entries)) return null;
  const chunks: KeptChunk[] = [];
  for (const c of d.chunks as unknown[]) {
    if (!Array.isArray(c) || c.length !== 6) return null;
    const [codec, offset, length, rawLength, sha, zsha] = c as unknown[];
    if (typeof codec !== 'string' || !CODECS.includes(codec)) return null;
    if (!isCount(offset) || !isCount(length) || !isCount(rawLength)) return null;
    if (rawLength > MAX_CHUNK_BYTES || length > MAX_CHUNK_BYTES + 2 * 1024 * 1024) return null;
    if (!isSha256Hex(sha) || (zsha !== '' && !isSha256Hex(zsha))) return null;
    chunks.push({
      codec: codec as ChunkCodec,
      offset,
      length,
      rawLength,
      sha256: sha,
      zsha256: zsha === '' ? undefined : zsha
    });
  }
  const entries = new Map<string, { chunk: number; entry: DeferredEntry }>();
  const byChunk: DeferredEntry[][] = chunks.map(() => []);
  for (const e of d.entries as unknown[]) {
    if (!Array.isArray(e) || e.length !== 6) return null;
    const [chunk, namespace, key, mtime, offset, flat] = e as unknown[];
    if (!isCount(chunk) || chunk >= chunks.length) return null;
    if (typeof namespace !== 'string' || typeof key !== 'string' || !isKeyHex(key)) return null;
    if (
      !isCount(mtime) ||
      !isCount(offset) ||
      !Array.isArray(flat) ||
      flat.length === 0 ||
      flat.length % 2 !== 0
    )
      return null;
    try {
      if (namespace !== '') splitNamespacePath(namespace);
      if (namespace.startsWith('/') || namespace.endsWith('/') || namespace.includes('//')) return null;
    } catch {
      return null;
    }
    const blobs: { name: string; size: number }[] = [];
    const names = new Set<string>();
    let end = offset;
    for (let i = 0; i < flat.length; i += 2) {
      const name: unknown = flat[i];
      const size: unknown = flat[i + 1];
      if (typeof name !== 'string' || !isCount(size) || names.has(name) || isTempName(name)) return null;
      try {
        validateBlobName(name);
      } catch {
        return null;
      }
      names.add(name);
      blobs.push({ name, size });
      end += size;
    }
    if (end > chunks[chunk]!.rawLength) return null;
    const entry: DeferredEntry = { namespace, key, mtime, blobs, offset };
    entries.set(`${namespace}\0${key}`, { chunk, entry });
    byChunk[chunk]!.push(entry);
  }
  return { data: d.data, chunks, entries, byChunk };
}

/**
 * The reading side, one per state directory and process: which entries are kept, and the install
 * of a chunk's entries on the first ask. The index is looked at (one lstat) on every ask for an
 * entry the cache directory lacks, and read again when it changed (a restore ran meanwhile).
 */
export class DeferredTier {
  private static readonly tiers = new Map<string, DeferredTier>();
  private signature = '';
  private index: LoadedIndex | null = null;
  /** Installs of chunks begun by this process, by chunk: each resolves to the entries it installed. */
  private readonly installing = new Map<number, Promise<number>>();

  private constructor(
    private readonly cacheDir: string,
    private readonly dir: string
  ) {}

  /** The tier of a cache directory (its state directory's `deferred/`, kept for this directory). */
  static of(cacheRoot: string): DeferredTier {
    const cacheDir = path.resolve(cacheRoot);
    const dir = stateSubdir(cacheDir, DEFERRED_DIR).sub;
    const id = `${cacheDir}\0${dir}`;
    let tier = DeferredTier.tiers.get(id);
    if (tier === undefined) {
      if (DeferredTier.tiers.size >= 16) DeferredTier.tiers.clear();
      tier = new DeferredTier(cacheDir, dir);
      DeferredTier.tiers.set(id, tier);
    }
    return tier;
  }

  /** Looks at the index file; reads it again when it is not the one read last. */
  private refresh(onRefused?: (why: string) => void): LoadedIndex | null {
    const file = path.join(this.dir, INDEX_FILE);
    let st;
    try {
      st = lstatSync(file, { throwIfNoEntry: false });
    } catch {
      st = undefined; // ENOTDIR and the like: no index
    }
    if (st === undefined || !st.isFile()) {
      this.signature = '';
      this.index = null;
      return null;
    }
    const signature = `${st.ino}:${st.size}:${st.mtimeMs}`;
    if (signature === this.signature) return this.index;
    this.signature = signature;
    this.index = null;
    this.installing.clear();
    if (st.size > DEFERRED_INDEX_MAX_BYTES) {
      deferredCounters.refused++;
      onRefused?.(`the lazy install's index ${file} is over ${DEFERRED_INDEX_MAX_BYTES} bytes`);
      return null;
    }
    try {
      const bytes = readRegularFileSync(file);
      const bounded =
        bytes !== null &&
        bytes.length <= DEFERRED_INDEX_MAX_BYTES &&
        countJsonValues(bytes, DEFERRED_INDEX_MAX_VALUES) <= DEFERRED_INDEX_MAX_VALUES;
      this.index = bounded ? checkIndex(JSON.parse(bytes.toString('utf8')), this.cacheDir) : null;
    } catch {
      this.index = null;
    }
    if (this.index === null) {
      deferredCounters.refused++;
      onRefused?.(`the lazy install's index ${file} fails its checks`);
    }
    return this.index;
  }

  /**
   * The entries kept in `namespace` and below it (and not installed yet by this process), with
   * their namespaces below the cache directory: for the compile server's warm-up, which reads a
   * namespace's manifests.
   */
  keptIn(namespace: string): DeferredEntry[] {
    return [...(this.refresh()?.entries.values() ?? [])]
      .map(x => x.entry)
      .filter(e => isWithin(e, namespace));
  }

  /** Whether any entry is kept in `namespace` or below it (DiskCacheStore.isEmpty). */
  holdsAnyIn(namespace: string): boolean {
    for (const { entry } of this.refresh()?.entries.values() ?? [])
      if (isWithin(entry, namespace)) return true;
    return false;
  }

  /**
   * Installs the chunk that holds the entry, all its kept entries at once, through `installer`;
   * false when the entry is not kept here or its chunk fails a check. Concurrent asks for entries of
   * one chunk share one install. Entries leave the tier once their chunk was tried, installed or not:
   * an entry that could not be installed is a miss, never tried again by this process.
   */
  async install(namespace: string, key: string, installer: DeferredInstaller): Promise<boolean> {
    const index = this.refresh(why => installer.refused?.(why));
    const found = index?.entries.get(`${namespace}\0${key}`);
    if (index === null || index === undefined || found === undefined) return false;
    let job = this.installing.get(found.chunk);
    if (job === undefined) {
      job = this.installChunk(index, found.chunk, installer);
      this.installing.set(found.chunk, job);
    }
    await job;
    return true;
  }

  /**
   * Installs every kept entry now (`compile-cache install`, the compile server's idle warm-up), two
   * chunks in flight: one is read and decompressed while the other's entries are written. `stop`
   * is asked before each chunk; once it names a reason, no further chunk is begun. Returns how many
   * entries were installed and why it stopped early (null: it did not).
   */
  async installAll(
    installer: DeferredInstaller,
    stop: () => string | null = () => null
  ): Promise<{ entries: number; stopped: string | null }> {
    const index = this.refresh(why => installer.refused?.(why));
    if (index === null) return { entries: 0, stopped: null };
    let entries = 0;
    const chunks = index.byChunk.map((entries, n) => (entries.length > 0 ? n : -1)).filter(n => n >= 0);
    let next = 0;
    let stopped: string | null = null;
    const lane = async (): Promise<void> => {
      while (next < chunks.length && (stopped ??= stop()) === null) {
        const n = chunks[next++]!;
        let job = this.installing.get(n);
        if (job === undefined) {
          job = this.installChunk(index, n, installer);
          this.installing.set(n, job);
        }
        // Awaited first: `entries += await job` would read `entries` before the other lane adds to it.
        const installed = await job;
        entries += installed;
      }
    };
    await Promise.all([lane(), lane()]);
    return { entries, stopped };
  }

  /** Installs one chunk's missing entries; how many it installed (0 when the chunk fails a check). */
  private async installChunk(index: LoadedIndex, n: number, installer: DeferredInstaller): Promise<number> {
    const entries = index.byChunk[n]!.filter(e => installer.missing(e));
    try {
      if (entries.length === 0) return 0;
      const chunk = index.chunks[n]!;
      const compressed = readChunk(path.join(this.dir, index.data), chunk);
      if (chunk.zsha256 !== undefined && sha256Hex(compressed) !== chunk.zsha256) {
        throw new Error('chunk fails its checksum');
      }
      const raw = await decompressChunk(chunk.codec, compressed, chunk.rawLength);
      if (raw.length !== chunk.rawLength) throw new Error('chunk fails its checksum');
      // Without the compressed bytes' sha256 the installer checks the raw bytes' before it writes.
      const outcomes = await installer.install(
        raw,
        chunk.zsha256 === undefined ? chunk.sha256 : undefined,
        entries
      );
      deferredCounters.chunksInstalled++;
      return outcomes.filter(o => o === true).length;
    } catch (err) {
      deferredCounters.refused++;
      installer.refused?.(
        `a chunk the lazy install kept (${entries.length} entries, ${path.join(this.dir, index.data)}) ` +
          `was not installed: ${(err as Error).message}`
      );
      return 0;
    } finally {
      for (const e of index.byChunk[n]!) index.entries.delete(`${e.namespace}\0${e.key}`);
    }
  }
}

/** Whether a kept entry lies in `namespace` (a path below the cache directory; '' is all of it) or below it. */
function isWithin(e: DeferredEntry, namespace: string): boolean {
  return namespace === '' || e.namespace === namespace || e.namespace.startsWith(`${namespace}/`);
}

/** A kept chunk's compressed bytes: read as a regular file, never past its end. */
function readChunk(file: string, chunk: KeptChunk): Buffer {
  const fd = openRegularSync(file, C.O_RDONLY);
  try {
    if (fstatSync(fd).size < chunk.offset + chunk.length)
      throw new Error('the chunk file is shorter than its index says');
    const buf = Buffer.allocUnsafe(chunk.length);
    let at = 0;
    while (at < chunk.length) {
      const n = readSync(fd, buf, at, chunk.length - at, chunk.offset + at);
      if (n === 0) throw new Error('the chunk file ended early');
      at += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}
