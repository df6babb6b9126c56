/**
 * The disk store: the Go system's on-disk layout (compat), `<dir>/<hh>/<hex>/<name>`, with namespaces
 * as plain subdirectories, and without the original's known weaknesses (see the store spec):
 * unique temporary names whose leftovers are never served or counted, stats/list/clean that see every
 * namespace below, least-recently-used order refreshed by touch, and a size limit that does not
 * rescan the store on every put.
 *
 * The store trusts only its root (the configured directory, which may be a symlink the user chose).
 * Everything below was written by builds (issue 12): every namespace, shard and entry directory is
 * checked with lstat before it is entered, created one component at a time, blobs are opened with
 * O_NOFOLLOW|O_NONBLOCK and fstat'ed, and the staging directory is checked before anything is moved
 * into it. What is skipped is reported through `onUnsafe`; per-key calls (get, put, has, touch) throw
 * UnsafePathError instead, which callers already treat as a failed cache operation.
 */
import { lstatSync, lutimesSync, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BlobInfo, CacheKey, CleanResult, EntryInfo, Evicted, Store, StoreStats } from './store.js';
import { InvalidInputError } from './errors.js';
import { EntryJournal } from './journal.js';
import { compareLru } from './lru-order.js';
import {
  isTempName,
  keyHex,
  shardOf,
  splitNamespacePath,
  validateBlobName,
  validateNamespace
} from './validate.js';
import {
  STALE_TEMP_MS,
  StagingGoneError,
  type UnsafeAction,
  diskStoreCounters,
  ensureStagingDir,
  errorCode,
  isMissing,
  makeDirs,
  makeStagingDir,
  removeDir,
  removeIfEmpty,
  sweepStagingDir,
  uniqueSuffix,
  SYNC_WRITE_MAX,
  writeAtomic,
  writeAtomicSync,
  writeFileLean
} from './disk-fs.js';
import { type KnownEntries, type ScannedEntry, walkStore } from './disk-walk.js';
import { mapLimit } from './limit.js';
import { checkDirChain, describeKind, readRegularFile, UnsafePathError } from './safe-fs.js';
import {
  DeferredTier,
  DeferredWriter,
  type DeferredChunkInfo,
  type DeferredEntry,
  type DeferredInstaller,
  type DeferredLimits
} from './deferred-tier.js';
import { createHash } from 'node:crypto';
import {
  type ChunkEntryJob,
  type ChunkJob,
  installChunkHere,
  ImportWorkerGoneError,
  type ImportWorkers,
  type InstallOutcome,
  sharedChunkWorkers,
  sharedImportWorkers
} from './import-workers.js';

export { STALE_TEMP_MS, diskStoreCounters };

/** What `cleanAndList` found and did, from one walk of the store. */
export interface CleanAndListResult {
  /** Entries and bytes before the clean (what `stats` would have said). */
  before: StoreStats;
  clean: CleanResult;
  /** The surviving entries, as `list` would return them after the clean. */
  entries: EntryInfo[];
}

/** One entry of a chunk given to importChunk: its blobs' bytes follow each other from `offset`. */
export interface ChunkImport {
  /** Namespace path below the store (`''`: the store itself; `local`, `a/b`: views below it). */
  namespace: string;
  key: CacheKey;
  blobs: { name: string; size: number }[];
  offset: number;
  mtime?: Date;
}

/** Per entry of importChunk: true installed, false already there (or unsafe: reported), or why it failed. */
export type ChunkImportOutcome = boolean | Error;

/** The bytes given to importChunk fail their sha256: nothing of them was installed. */
export class ChunkChecksumError extends Error {
  override name = 'ChunkChecksumError';
  constructor() {
    super('chunk fails its checksum');
  }
}

/** Something under the cache directory that the store skipped or removed instead of following or opening it. */
export interface UnsafeFinding {
  /** The path found (a symlink, FIFO, socket, device, or a file where a directory belongs). */
  path: string;
  /** What it is, in words: `a symbolic link`, `a FIFO`, … */
  kind: string;
  /** `skipped`: left alone and not used; `removed`: unlinked (the thing itself, never what a link points to). */
  action: UnsafeAction;
  /** A complete warning line naming the path, ready to print. */
  message: string;
}

export type UnsafeListener = (finding: UnsafeFinding) => void;

export interface DiskStoreOptions {
  /** Size limit in bytes; 0 (the default) = unlimited. Namespace views never inherit it. */
  maxSize?: number;
  /**
   * Hears everything under the directory that was skipped or removed because it is not a real
   * directory or regular file (issue 12). Namespace views share it. Each path is reported once
   * per store (the store and its views). Default: nobody hears (the walks still skip).
   */
  onUnsafe?: UnsafeListener;
  /**
   * Where every put names its entry (store/journal.ts), so the save uploads what was written
   * without walking the store. Default: the journal of this directory's state directory, so every
   * writer through the store (the wrapper, the compile server) journals without being told; it
   * writes nothing until a restore has started that journal. `false`: no journal.
   */
  journal?: EntryJournal | false;
  /**
   * Told when what a lazy restore kept fails a check as it is installed (its entries are then
   * misses): the wrapper counts it as a cache error. Namespace views share it.
   */
  onKeptRefused?: (why: string) => void;
}

/** The warning line of a finding. */
export function unsafeMessage(p: string, kind: string, action: UnsafeAction): string {
  return action === 'removed'
    ? `removed ${p}: ${kind} in the cache's own staging area (the link or file itself was removed, nothing it points to)`
    : `skipped ${p}: ${kind}, not a real directory or regular file; nothing under the cache directory is followed or opened`;
}

/** What a store and all its views share: the trusted root, who hears about unsafe paths, the staging directory's state. */
interface RootState {
  root: string;
  onUnsafe: UnsafeListener | undefined;
  /** Listeners that take findings instead of onUnsafe while they are set (see captureUnsafe); the last one wins. */
  captures: UnsafeListener[];
  reported: Set<string>;
  /** Where puts name their entries; null: none (store/journal.ts). */
  journal: EntryJournal | null;
  /** `<root>/.staging`, once checked to be a real directory in this process (see stagingDir). */
  staging: string | null;
  /** The sweep of leftovers of killed imports, once per process before the first import. */
  importSweep: Promise<void> | null;
  /** Whether the umask leaves 0644 / 0755 alone, once the first import found out (see makeStagingDir). */
  exactModes?: boolean;
  /** The entries a lazy restore kept packed (deferred-tier.ts), looked up on the first miss. */
  deferred?: DeferredTier;
  /** DiskStoreOptions.onKeptRefused. */
  onKeptRefused?: (why: string) => void;
  /** The lazy install a restore is writing (beginDeferred … finishDeferred). */
  deferredWriter?: DeferredWriter | null;
  /** A view of the root itself, sharing this state (installs of kept chunks name root-relative namespaces). */
  rootView?: DiskCacheStore;
}

/**
 * Directories checked per view and remembered (the wrapper calls get and put several times per
 * compile, the sync several times per entry): a directory found real once stays real, since nothing
 * rewrites the tree while a step runs (see safe-fs.ts). ENOENT forgets it again.
 */
const CHECKED_DIRS_MAX = 1024;

/**
 * A put evicts (a real clean down to maxSize) only once the running size estimate passes the limit
 * by this factor, so the cost of eviction is spread over many writes (compat with the Go S3 store).
 */
const EVICT_SLACK = 1.1;

/** Attempts of a write that keeps failing with ENOENT because a concurrent clean removed its directory. */
const WRITE_ATTEMPTS = 5;

/**
 * Blob writes in flight in this process, by absolute blob path. Module-level so that every store
 * and every view (a server builds a fresh view per request) shares it: concurrent puts of one blob
 * become one write. Keys are content addresses, so one key and name always carry the same bytes.
 */
const inflightWrites = new Map<string, Promise<void>>();

/** The running size estimate of a store with a size limit, by absolute store directory. */
interface SizeEstimate {
  /** Bytes in the store and its namespaces; null until the first scan. */
  bytes: number | null;
  /** Bytes ever written below the directory in this process (to account for writes during a scan). */
  written: number;
  init: Promise<void> | null;
  evicting: Promise<void> | null;
}

const estimates = new Map<string, SizeEstimate>();

function isInside(dir: string, p: string): boolean {
  return p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** Adds a write's bytes to the estimate of every limited store that holds `p`. */
function noteWritten(p: string, bytes: number): void {
  for (const [dir, est] of estimates) {
    if (!isInside(dir, p)) continue;
    est.written += bytes;
    if (est.bytes !== null) est.bytes += bytes;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class DiskCacheStore implements Store {
  private readonly dirPath: string;
  /** The top store directory: views share it (trusted), and its `.staging/` holds imports and evicted entries. */
  private root: string;
  private state: RootState;
  private readonly maxSize: number;
  /** The chain from the root to this view's directory was found to be real directories (cached: see CHECKED_DIRS_MAX). */
  private viewChecked = false;
  /** Shard and entry directories below this view found real (cached likewise). */
  private readonly checkedDirs = new Set<string>();
  /** Views below this one by namespace path, made once (importChunk; each keeps its checked dirs). */
  private readonly subViews = new Map<string, DiskCacheStore>();

  constructor(dir: string, options: DiskStoreOptions = {}) {
    if (dir === '') throw new InvalidInputError('disk store directory must not be empty');
    const maxSize = options.maxSize ?? 0;
    if (!Number.isFinite(maxSize)) {
      throw new InvalidInputError(`invalid maxSize ${maxSize}: expected a number of bytes (0 = unlimited)`);
    }
    this.dirPath = path.resolve(dir);
    this.root = this.dirPath;
    this.state = {
      root: this.root,
      onUnsafe: options.onUnsafe,
      onKeptRefused: options.onKeptRefused,
      captures: [],
      reported: new Set(),
      staging: null,
      importSweep: null,
      journal: options.journal === false ? null : (options.journal ?? EntryJournal.of(this.root))
    };
    this.maxSize = Math.max(0, Math.floor(maxSize));
  }

  /**
   * Sends the findings of this store and all its views to `listener` instead of onUnsafe until
   * the returned function is called (the sync's save routes them into its own warnings this way,
   * so they are not reported twice).
   */
  captureUnsafe(listener: UnsafeListener): () => void {
    this.state.captures.push(listener);
    return () => {
      const i = this.state.captures.lastIndexOf(listener);
      if (i >= 0) this.state.captures.splice(i, 1);
    };
  }

  /** Reports an unsafe path once per store. */
  private report(p: string, kind: string, action: UnsafeAction = 'skipped'): void {
    const key = `${action}:${p}`;
    if (this.state.reported.has(key)) return;
    this.state.reported.add(key);
    const listener = this.state.captures[this.state.captures.length - 1] ?? this.state.onUnsafe;
    listener?.({ path: p, kind, action, message: unsafeMessage(p, kind, action) });
  }

  private readonly reporter = (p: string, kind: string, action?: UnsafeAction): void =>
    this.report(p, kind, action);

  /** Runs `fn`; an UnsafePathError is reported and turns into `fallback`. */
  private skipUnsafe<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      this.report(err.path, err.found);
      return fallback;
    }
  }

  /**
   * Whether the view's directory exists as real directories from the root (lstat per component).
   * A planted symlink or other non-directory on the way is reported (onUnsafe) and counts as
   * missing: for a caller that skips the walk, which would otherwise have found it.
   */
  checkView(): boolean {
    return this.skipUnsafe(() => this.viewExists(), false);
  }

  /** True when the view's directory exists as real directories from the root; false when missing; UnsafePathError otherwise. */
  private viewExists(): boolean {
    if (this.viewChecked) return true;
    const ok = checkDirChain(this.root, this.dirPath);
    if (ok) this.viewChecked = true;
    return ok;
  }

  /**
   * The same for a shard or entry directory below the view. A regular file on the way counts as
   * missing (ENOTDIR: nothing to follow there); a symlink, FIFO, … throws UnsafePathError.
   */
  private dirExists(dir: string): boolean {
    if (this.checkedDirs.has(dir)) return true;
    try {
      if (!this.viewExists()) return false;
      if (!checkDirChain(this.dirPath, dir)) return false;
    } catch (err) {
      if (err instanceof UnsafePathError && err.found === 'a regular file') return false;
      throw err;
    }
    this.remember(dir);
    return true;
  }

  /** Creates a shard or entry directory below the view, never through anything but real directories. */
  private ensureDir(dir: string): void {
    if (this.checkedDirs.has(dir)) return;
    if (!this.viewChecked) {
      makeDirs(this.root, this.dirPath);
      this.viewChecked = true;
    }
    makeDirs(this.dirPath, dir);
    this.remember(dir);
  }

  private remember(dir: string): void {
    if (this.checkedDirs.size >= CHECKED_DIRS_MAX) this.checkedDirs.clear();
    this.checkedDirs.add(dir);
  }

  /** After ENOENT: something below (or the whole cache directory) was removed; check again next time. */
  private forget(dir: string): void {
    this.checkedDirs.delete(dir);
    this.checkedDirs.delete(path.dirname(dir));
    this.viewChecked = false;
  }

  /** `<root>/.staging`, checked to be a real directory (once per process; again after it vanished). */
  private stagingDir(): string {
    this.state.staging ??= ensureStagingDir(this.root, this.reporter, true);
    return this.state.staging;
  }

  /**
   * Sweeps the staging directory: leftovers of killed imports and evictions, planted
   * non-directories (a planted `.staging` itself is replaced). A missing one is not created.
   */
  private async sweepStaging(now: number): Promise<void> {
    const staging = this.state.staging ?? ensureStagingDir(this.root, this.reporter, false);
    if (staging === null) return;
    this.state.staging = staging;
    await sweepStagingDir(staging, now, this.reporter);
  }

  /** Removes an entry directory through the staging directory (checked again if it vanished). */
  private async removeEntryDir(dir: string): Promise<boolean> {
    try {
      return await removeDir(this.stagingDir(), dir);
    } catch (err) {
      if (!(err instanceof StagingGoneError)) throw err;
      this.state.staging = null;
      return removeDir(this.stagingDir(), dir);
    }
  }

  /** Walk options that check the view's chain and report what is skipped. */
  private walkOptions(removeStale: boolean, now: number, known?: KnownEntries) {
    return { removeStale, now, known, root: this.root, report: this.reporter };
  }

  dir(): string {
    return this.dirPath;
  }

  /** A view of the subdirectory `prefix` (one path segment); it has no size limit of its own. */
  namespace(prefix: string): DiskCacheStore {
    validateNamespace(prefix);
    if (prefix.startsWith('.')) {
      // A dot directory is skipped by every walk, so its data would be invisible to the parent.
      throw new InvalidInputError(
        `invalid namespace prefix ${JSON.stringify(prefix)}: names starting with "." are reserved`
      );
    }
    // The view shares the root's state (its journal too): no journal of its own to look up.
    const view = new DiskCacheStore(path.join(this.dirPath, prefix), { journal: false });
    view.root = this.root;
    view.state = this.state;
    return view;
  }

  /** Path of the entry directory `<dir>/<hh>/<hex>` (does not create it). */
  entryPath(key: CacheKey): string {
    const hex = keyHex(key);
    return path.join(this.dirPath, shardOf(hex), hex);
  }

  async get(key: CacheKey, name: string): Promise<Buffer | null> {
    validateBlobName(name);
    const entry = this.entryPath(key);
    if (isTempName(name)) return null; // leftovers are never served
    if (!this.dirExists(entry) && !(await this.fromDeferred(key, entry))) return null;
    // O_NOFOLLOW|O_NONBLOCK then fstat: a symlink or a FIFO planted as a blob is refused, never read.
    return readRegularFile(path.join(entry, name));
  }

  async put(key: CacheKey, name: string, value: Uint8Array): Promise<void> {
    validateStoredName(name);
    const entry = this.entryPath(key);
    const file = path.join(entry, name);
    const inflight = inflightWrites.get(file);
    if (inflight !== undefined) {
      await inflight;
    } else {
      const write = this.writeBlob(entry, name, value).finally(() => inflightWrites.delete(file));
      inflightWrites.set(file, write);
      await write;
      noteWritten(file, value.byteLength);
    }
    // After the write: a save that reads the line finds the blob on disk.
    await this.state.journal?.note('written', this.namespacePath(), keyHex(key));
    if (this.maxSize > 0) await this.evictIfOver();
  }

  /** The journal of this store and its views (null when it has none). */
  entryJournal(): EntryJournal | null {
    return this.state.journal;
  }

  /** This view's namespace path below the root, `compile/local` ('' for the root). */
  private namespacePath(): string {
    return path.relative(this.root, this.dirPath).split(path.sep).join('/');
  }

  /**
   * One entry as `list` gives it (blobs, size, time; namespace '' for this view), or null when it
   * is not on disk or holds no blob. Costs a listing of the entry's directory and an lstat per
   * blob: the save checks the entries the journal names this way instead of walking the store. A
   * blob that is not a regular file (a planted symlink, FIFO, …) throws UnsafePathError: such an
   * entry is never uploaded.
   */
  async entryInfo(key: CacheKey): Promise<EntryInfo | null> {
    const hex = keyHex(key);
    const entry = this.entryPath(key);
    if (!this.dirExists(entry)) return null;
    // Synchronous calls, as the walk makes them: a save checks every journaled entry this way, and
    // a trip through the thread pool per call took most of that (60 entries: ~30 ms, now ~5).
    let children;
    try {
      children = readdirSync(entry, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    const blobs: BlobInfo[] = [];
    for (const c of children) {
      if (isTempName(c.name) || c.isDirectory()) continue;
      const p = `${entry}${path.sep}${c.name}`;
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (st === undefined) continue; // evicted meanwhile
      if (!st.isFile()) throw new UnsafePathError(p, describeKind(st));
      blobs.push({ name: c.name, size: st.size, mtime: st.mtime });
    }
    if (blobs.length === 0) return null;
    blobs.sort((a, b) => compare(a.name, b.name));
    const mtime = new Date(Math.max(...blobs.map(b => b.mtime.getTime())));
    return { key: hex, namespace: '', blobs, size: blobs.reduce((n, b) => n + b.size, 0), mtime };
  }

  async has(key: CacheKey): Promise<boolean> {
    const entry = this.entryPath(key);
    if (!this.dirExists(entry) && !(await this.fromDeferred(key, entry))) return false;
    let children;
    try {
      children = await fs.readdir(entry, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
    return children.some(c => c.isFile() && !isTempName(c.name));
  }

  /**
   * Sets the entry's time to now. The entry time is its newest blob mtime, so one utimes is enough:
   * `blob` first (`exit_code`, which every compile entry has, unless the caller names another), a
   * directory listing only when that is missing.
   * An entry that does not exist is left alone.
   */
  async touch(key: CacheKey, blob = 'exit_code'): Promise<void> {
    validateBlobName(blob);
    const entry = this.entryPath(key);
    if (!this.dirExists(entry)) return;
    const now = new Date();
    if (await touchFile(path.join(entry, blob), now)) return this.noteUsed(key);
    let children;
    try {
      children = await fs.readdir(entry, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    for (const c of children) {
      if (c.isFile() && !isTempName(c.name) && (await touchFile(path.join(entry, c.name), now))) {
        return this.noteUsed(key);
      }
    }
  }

  /** A hit goes into the journal too: the save refreshes the bucket time of used entries from it. */
  private async noteUsed(key: CacheKey): Promise<void> {
    await this.state.journal?.note('used', this.namespacePath(), keyHex(key));
  }

  async stats(): Promise<StoreStats> {
    const writtenBefore = estimates.get(this.dirPath)?.written ?? 0;
    const entries = await walkStore(this.dirPath, this.walkOptions(false, Date.now()));
    const stats = totals(entries);
    this.resetEstimate(stats.bytes, writtenBefore);
    return stats;
  }

  async list(): Promise<EntryInfo[]> {
    return sortedInfos(await walkStore(this.dirPath, this.walkOptions(true, Date.now())));
  }

  async clean(maxSize: number, maxAge: number): Promise<CleanResult> {
    return (await this.cleanWalk(maxSize, maxAge)).result;
  }

  /**
   * `stats`, `clean` and `list` in one walk of the store (the save's first step): the totals
   * before the clean, what the clean evicted, and the surviving entries in `list` order. Same
   * results as the three calls in a row, at a third of the cost. With `known`, entries the caller
   * vouches for cost one lstat each and come back without a blob list (see KnownEntry).
   */
  async cleanAndList(
    maxSize: number,
    maxAge: number,
    options: { known?: KnownEntries } = {}
  ): Promise<CleanAndListResult> {
    const { before, result, kept } = await this.cleanWalk(maxSize, maxAge, options.known);
    return { before, clean: result, entries: sortedInfos(kept) };
  }

  /**
   * The walk of a clean that has nothing to evict, for a caller that needs no list (a save whose
   * journal names the new entries): it sweeps the leftovers of killed restores and puts and reports
   * what a build planted (issue 12), and does not enter the entries `known` vouches for (the
   * restore installed them, and blobs never change), so it costs a directory listing per shard
   * instead of an lstat per entry on top.
   */
  async sweep(options: { known?: KnownEntries } = {}): Promise<void> {
    const now = Date.now();
    await this.sweepStaging(now);
    await walkStore(this.dirPath, { ...this.walkOptions(true, now, options.known), skipKnown: true });
  }

  private async cleanWalk(
    maxSize: number,
    maxAge: number,
    known?: KnownEntries
  ): Promise<{ before: StoreStats; result: CleanResult; kept: ScannedEntry[] }> {
    const now = Date.now();
    const writtenBefore = estimates.get(this.dirPath)?.written ?? 0;
    // Every clean sweeps the leftovers of killed restores (not only those older than an hour).
    await this.sweepStaging(now);
    const entries = await walkStore(this.dirPath, this.walkOptions(true, now, known));
    const before = totals(entries);

    const byAge: Evicted = { entries: 0, bytes: 0 };
    const bySize: Evicted = { entries: 0, bytes: 0 };
    const emptiedShards = new Set<string>();
    const evict = async (victims: ScannedEntry[], into: Evicted) => {
      await mapLimit(victims, 8, async e => {
        if (await this.removeEntryDir(e.path)) {
          into.entries++;
          into.bytes += e.size;
        }
        emptiedShards.add(e.shardPath);
      });
    };

    let kept = entries;
    if (maxAge > 0) {
      const cutoff = now - maxAge;
      const old = entries.filter(e => e.mtime.getTime() < cutoff);
      kept = entries.filter(e => e.mtime.getTime() >= cutoff);
      await evict(old, byAge);
    }
    let bytes = kept.reduce((sum, e) => sum + e.size, 0);
    if (maxSize > 0 && bytes > maxSize) {
      // Ties broken by namespace, then key (lru-order.ts): the same victims whatever the walk's order.
      const lru = [...kept].sort(compareLru);
      const victims: ScannedEntry[] = [];
      for (const e of lru) {
        if (bytes <= maxSize) break;
        victims.push(e);
        bytes -= e.size;
      }
      const gone = new Set(victims);
      kept = kept.filter(e => !gone.has(e));
      await evict(victims, bySize);
    }
    // Only shards: a namespace directory is never removed, even when a clean emptied it.
    for (const shard of emptiedShards) await removeIfEmpty(shard);

    const remaining: StoreStats = { entries: kept.length, bytes };
    this.resetEstimate(bytes, writtenBefore);
    const evicted = byAge.bytes + bySize.bytes;
    for (const [dir, est] of estimates) {
      if (dir !== this.dirPath && isInside(dir, this.dirPath) && est.bytes !== null) {
        est.bytes = Math.max(0, est.bytes - evicted);
      }
    }
    return { before, result: { bySize, byAge, remaining }, kept };
  }

  /** Removes whole entries of this store (not of namespaces below it) by hex key. */
  async remove(keys: string[]): Promise<void> {
    const paths = keys.map(k => this.entryPath(k));
    await mapLimit(paths, 8, async p => {
      // A planted symlink on the way (namespace, shard or the entry itself) is reported and left alone.
      if (!this.skipUnsafe(() => this.dirExists(p), false)) return;
      if (await this.removeEntryDir(p)) await removeIfEmpty(path.dirname(p));
    });
  }

  /**
   * Installs a whole entry atomically (used by the restore): writes all blobs into a staging
   * directory under `<root>/.staging/`, with every file's mtime set to `mtime` (default now), then
   * renames the directory into `<dir>/<hh>/<hex>`. Returns false and changes nothing when the entry
   * directory already exists with something in it. Never leaves a partial entry visible.
   *
   * A restore calls this 3,000 times for 3,000 entries, so it makes as few fs calls as it can
   * (mkdir, 4 per blob, rename): no existence check up front (the final rename refuses a non-empty
   * entry anyway), `.staging` and each shard checked (and made) once per process and view, no
   * chmod when the umask leaves the modes alone, and times set through the fd. The calls run
   * synchronously in worker threads (import-workers.ts), as `tar -x` makes them; without workers
   * (COMPILE_CACHE_IMPORT_WORKERS=0, or one could not start) on the main thread through the pool.
   *
   * A namespace or shard directory that is not a real directory (a planted symlink) is reported
   * and the entry skipped (false): the rename would otherwise install it wherever the link points.
   * The first import of a process sweeps the staging directory of killed restores' leftovers.
   */
  async importEntry(
    key: CacheKey,
    blobs: { name: string; data: Uint8Array }[],
    mtime?: Date
  ): Promise<boolean> {
    const entry = this.entryPath(key);
    if (blobs.length === 0) throw new InvalidInputError('an imported cache entry needs at least one blob');
    const names = new Set<string>();
    for (const b of blobs) {
      validateStoredName(b.name);
      if (names.has(b.name))
        throw new InvalidInputError(`duplicate cache blob name ${JSON.stringify(b.name)}`);
      names.add(b.name);
    }

    this.state.importSweep ??= this.sweepStaging(Date.now());
    await this.state.importSweep;
    const shard = path.dirname(entry);
    if (!this.skipUnsafe(() => (this.ensureDir(shard), true), false)) return false;

    const workers = sharedImportWorkers();
    let installed: boolean;
    try {
      if (!workers) throw new ImportWorkerGoneError('no import workers');
      installed = await this.importInWorker(workers, entry, shard, blobs, mtime);
    } catch (err) {
      if (!(err instanceof ImportWorkerGoneError)) throw err;
      installed = await this.importInProcess(entry, shard, blobs, mtime);
    }
    if (!installed) return false;
    noteWritten(
      entry,
      blobs.reduce((n, b) => n + b.data.byteLength, 0)
    );
    if (this.maxSize > 0) await this.evictIfOver();
    return true;
  }

  /**
   * Installs the entries of one decompressed pack chunk (the restore's bulk path), each atomically
   * as importEntry does, from views of `raw`. When `sha256` is given, `raw` is checked against it
   * first and, when it differs, nothing is installed (ChunkChecksumError). Returns one outcome per
   * entry; an entry that fails (a bad name, a write error) fails alone.
   *
   * The checking and the writing run in a worker thread (import-workers.ts) with synchronous calls,
   * the way `tar -x` makes them: `raw` must be a view from the start of a buffer of its own, which is transferred there
   * (empty afterwards), and the worker releases it once the entries are written. Without workers
   * (COMPILE_CACHE_IMPORT_WORKERS=0, or none could start) on the main thread, through importEntry.
   * The same checks as importEntry come first on the main thread: names, the namespace and shard
   * directories (real directories, made once per view), the staging directory.
   */
  async importChunk(
    raw: Uint8Array,
    sha256: string | undefined,
    entries: ChunkImport[],
    options: { inProcess?: boolean } = {}
  ): Promise<ChunkImportOutcome[]> {
    const outcomes: ChunkImportOutcome[] = entries.map(() => false);
    const ready: { n: number; view: DiskCacheStore; entry: string; shard: string; e: ChunkImport }[] = [];
    for (const [n, e] of entries.entries()) {
      try {
        const view = this.subView(e.namespace);
        const entry = view.entryPath(e.key);
        checkChunkEntry(e, raw.byteLength);
        ready.push({ n, view, entry, shard: path.dirname(entry), e });
      } catch (err) {
        outcomes[n] = err as Error;
      }
    }
    this.state.importSweep ??= this.sweepStaging(Date.now());
    await this.state.importSweep;
    // In process: the worker's code on this thread (installChunkHere), without a worker to start.
    const workers = options.inProcess
      ? { installChunk: async (job: ChunkJob) => installChunkHere(job) }
      : sharedChunkWorkers();
    if (workers !== null) {
      const length = raw.byteLength;
      try {
        await this.importChunkInWorker(workers, raw, sha256, ready, outcomes);
        return outcomes;
      } catch (err) {
        // Not handed over (no worker could start): the bytes are still here, installed below.
        if (!(err instanceof ImportWorkerGoneError) || raw.byteLength !== length) throw err;
      }
    }
    if (sha256 !== undefined && createHash('sha256').update(raw).digest('hex') !== sha256) {
      throw new ChunkChecksumError();
    }
    await mapLimit(ready, 8, async r => {
      const blobs: { name: string; data: Uint8Array }[] = [];
      let at = r.e.offset;
      for (const b of r.e.blobs) {
        blobs.push({ name: b.name, data: raw.subarray(at, at + b.size) });
        at += b.size;
      }
      try {
        outcomes[r.n] = await r.view.importEntry(r.e.key, blobs, r.e.mtime);
      } catch (err) {
        outcomes[r.n] = err as Error;
      }
    });
    return outcomes;
  }

  /** The view at a namespace path below this store, made once. */
  private subView(namespace: string): DiskCacheStore {
    if (namespace === '') return this;
    let view = this.subViews.get(namespace);
    if (view === undefined) {
      const [first, ...rest] = splitNamespacePath(namespace);
      view = this.namespace(first!);
      for (const segment of rest) view = view.namespace(segment);
      this.subViews.set(namespace, view);
    }
    return view;
  }

  /**
   * importChunk through a worker: the shards are checked (made) here, the worker checks the bytes
   * and writes every entry, and what it found comes back here to be judged as importEntry judges
   * it. An entry whose install failed in the worker fails (the restore fetches it as an object):
   * the bytes went with the worker and are not retried here.
   */
  private async importChunkInWorker(
    workers: Pick<ImportWorkers, 'installChunk'>,
    raw: Uint8Array,
    sha256: string | undefined,
    ready: { n: number; view: DiskCacheStore; entry: string; shard: string; e: ChunkImport }[],
    outcomes: ChunkImportOutcome[]
  ): Promise<void> {
    const sent: typeof ready = [];
    const jobs: ChunkEntryJob[] = [];
    const staging = this.stagingDir(); // checked (a planted link replaced) before anything goes in
    for (const r of ready) {
      // A planted link as the namespace or shard: reported, the entry skipped (false).
      if (!r.view.skipUnsafe(() => (r.view.ensureDir(r.shard), true), false)) continue;
      sent.push(r);
      jobs.push({
        staging: path.join(staging, `${path.basename(r.entry)}-${uniqueSuffix()}`),
        entry: r.entry,
        names: r.e.blobs.map(b => b.name),
        sizes: r.e.blobs.map(b => b.size),
        offset: r.e.offset,
        mtimeMs: r.e.mtime?.getTime(),
        exactModes: this.state.exactModes
      });
    }
    if (sent.length === 0) return;
    let reply;
    try {
      reply = await workers.installChunk({ raw, sha256, jobs });
    } catch (err) {
      if (err instanceof ImportWorkerGoneError && raw.byteLength === 0) {
        // The bytes were handed over and the worker died: those entries come as objects.
        for (const r of sent) outcomes[r.n] = err;
        return;
      }
      throw err;
    }
    if (reply.corrupt) throw new ChunkChecksumError();
    for (const [j, r] of sent.entries()) {
      outcomes[r.n] = await r.view.judgeChunkOutcome(reply.outcomes[j]!, r.entry, r.e);
    }
  }

  /** What a worker's install of one chunk entry means here (see importInWorker, the same cases). */
  private async judgeChunkOutcome(
    outcome: InstallOutcome,
    entry: string,
    e: ChunkImport
  ): Promise<ChunkImportOutcome> {
    if (outcome.status === 'installed') {
      this.state.exactModes = outcome.exactModes;
      noteWritten(
        entry,
        e.blobs.reduce((n, b) => n + b.size, 0)
      );
      if (this.maxSize > 0) await this.evictIfOver();
      return true;
    }
    if (outcome.status === 'present') return false;
    if (outcome.code === 'ENOENT' && outcome.stage === 'mkdir') this.state.staging = null;
    if (outcome.code === 'ENOENT' && outcome.stage === 'rename') this.forget(entry);
    if (outcome.stage === 'rename' && outcome.code === 'ENOTDIR') {
      // Something that is not a directory sits at the entry's path: a rename never follows it.
      const st = await fs.lstat(entry).catch(() => null);
      if (st && !st.isDirectory()) {
        this.report(entry, describeKind(st));
        return false;
      }
    }
    return Object.assign(new Error(`could not install ${entry}: ${outcome.message}`), { code: outcome.code });
  }

  /** importEntry's install through a worker thread; false when the entry was there (or is unsafe). */
  private async importInWorker(
    workers: ImportWorkers,
    entry: string,
    shard: string,
    blobs: { name: string; data: Uint8Array }[],
    mtime: Date | undefined
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      // Checked (a planted link replaced) before anything goes in.
      const staging = path.join(this.stagingDir(), `${path.basename(entry)}-${uniqueSuffix()}`);
      const data = jobData(blobs);
      const outcome = await workers.install({
        staging,
        entry,
        names: blobs.map(b => b.name),
        data,
        mtimeMs: mtime?.getTime(),
        exactModes: this.state.exactModes
      });
      if (outcome.status === 'installed') {
        this.state.exactModes = outcome.exactModes;
        return true;
      }
      if (outcome.status === 'present') return false;
      const retry = attempt < WRITE_ATTEMPTS && outcome.code === 'ENOENT';
      if (retry && outcome.stage === 'mkdir') {
        // The staging directory vanished (removed by someone else): check it again.
        this.state.staging = null;
        continue;
      }
      if (retry && outcome.stage === 'rename') {
        // A concurrent clean removed the shard after emptying it.
        this.forget(entry);
        if (!this.skipUnsafe(() => (this.ensureDir(shard), true), false)) return false;
        continue;
      }
      if (outcome.stage === 'rename' && outcome.code === 'ENOTDIR') {
        // Something that is not a directory sits at the entry's path: a rename never follows it.
        const st = await fs.lstat(entry).catch(() => null);
        if (st && !st.isDirectory()) {
          this.report(entry, describeKind(st));
          return false;
        }
      }
      throw Object.assign(new Error(`could not install ${entry}: ${outcome.message}`), {
        code: outcome.code
      });
    }
  }

  /** importEntry's install on the main thread, through the thread pool. */
  private async importInProcess(
    entry: string,
    shard: string,
    blobs: { name: string; data: Uint8Array }[],
    mtime: Date | undefined
  ): Promise<boolean> {
    this.stagingDir(); // checked (a planted link replaced) before anything goes in
    const staging = await makeStagingDir(
      this.root,
      `${path.basename(entry)}-${uniqueSuffix()}`,
      this.reporter
    );
    let installed = false;
    try {
      // One blob after the other: creating files in one directory from several threads makes them
      // contend for its lock in the kernel; the caller's entries in flight give the parallelism.
      for (const b of blobs) {
        await writeFileLean(path.join(staging.dir, b.name), b.data, mtime, staging.exactModes);
      }
      for (let attempt = 1; ; attempt++) {
        // A non-empty entry directory (a put or another import got there first) makes the rename
        // fail (ENOTEMPTY) and the staging copy is discarded; an empty one (a put between its mkdir
        // and its write) is replaced, and that put then writes the same bytes into the installed entry.
        // The shard was checked to be a real directory, and rename never follows a symlink at the
        // entry's own path (ENOTDIR: a directory cannot replace a non-directory).
        try {
          await fs.rename(staging.dir, entry);
          installed = true;
          return true;
        } catch (err) {
          const code = errorCode(err);
          if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
          if (code === 'ENOTDIR') {
            const st = await fs.lstat(entry).catch(() => null);
            if (st && !st.isDirectory()) {
              this.report(entry, describeKind(st));
              return false;
            }
            throw err;
          }
          // ENOENT: a concurrent clean removed the shard after emptying it.
          if (code === 'ENOENT' && attempt < WRITE_ATTEMPTS) {
            this.forget(entry);
            if (!this.skipUnsafe(() => (this.ensureDir(shard), true), false)) return false;
            continue;
          }
          throw err;
        }
      }
    } finally {
      if (!installed) await fs.rm(staging.dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /**
   * An entry the cache directory lacks may be one a lazy restore kept packed (deferred-tier.ts):
   * then its chunk's entries are installed now, as a restore installs them (importChunk, with the
   * times the restore gave them), and the entry is there. True when the entry directory exists
   * afterwards. One lstat of the index when nothing is kept.
   */
  private async fromDeferred(key: CacheKey, entry: string): Promise<boolean> {
    this.state.deferred ??= DeferredTier.of(this.root);
    // On this thread, with the import worker's code and synchronous calls: a compile asks, and
    // starting a worker for one chunk costs more than the chunk (in every wrapper process that asks).
    const installed = await this.state.deferred.install(
      this.namespacePath(),
      keyHex(key),
      this.keptInstaller(true)
    );
    return installed && this.dirExists(entry);
  }

  /**
   * Whether this view holds no entry at all: its directory missing or empty, and nothing a lazy
   * restore kept for it. Anything else (a file, a link, an error, shard directories that may be
   * empty) counts as not empty. Synchronous: depend mode asks once per session (depend.ts).
   */
  isEmpty(): boolean {
    try {
      // Each level lstat-checked (never a listing through a planted link); false: one is missing.
      const none = !checkDirChain(this.root, this.dirPath) || readdirSync(this.dirPath).length === 0;
      this.state.deferred ??= DeferredTier.of(this.root);
      return none && !this.state.deferred.holdsAnyIn(this.namespacePath());
    } catch {
      return false;
    }
  }

  /**
   * Entries of this view that a lazy restore kept packed and nobody has asked for yet (namespace
   * below the view, as `list` gives it): not in the cache directory, but a get installs them.
   */
  kept(): { namespace: string; key: string; mtime: Date }[] {
    this.state.deferred ??= DeferredTier.of(this.root);
    const base = this.namespacePath();
    return this.state.deferred.keptIn(base).map(e => ({
      namespace: base === '' ? e.namespace : e.namespace.slice(base.length + 1),
      key: e.key,
      mtime: new Date(e.mtime)
    }));
  }

  /**
   * Installs every entry a lazy restore kept (all namespaces), until `stop` names a reason: how many
   * it installed, and why it stopped early (null: it did not).
   */
  async installKept(stop?: () => string | null): Promise<{ entries: number; stopped: string | null }> {
    this.state.deferred ??= DeferredTier.of(this.root);
    return this.state.deferred.installAll(this.keptInstaller(false), stop);
  }

  /** Installs kept entries as a restore installs a chunk (importChunk at the root), skipping those on disk. */
  private keptInstaller(inProcess: boolean): DeferredInstaller {
    const root = this.rootStore();
    return {
      missing: e => {
        const view = root.subView(e.namespace);
        return !view.skipUnsafe(() => view.dirExists(view.entryPath(e.key)), true);
      },
      install: (raw, sha256, entries) =>
        root.importChunk(raw, sha256, entries.map(deferredImport), { inProcess }),
      refused: why => this.state.onKeptRefused?.(why)
    };
  }

  /** A view of the root directory sharing this store's state. */
  private rootStore(): DiskCacheStore {
    if (this.dirPath === this.root) return this;
    if (this.state.rootView === undefined) {
      const view = new DiskCacheStore(this.root, { journal: false });
      view.state = this.state;
      this.state.rootView = view;
    }
    return this.state.rootView;
  }

  /**
   * Starts a lazy install (a restore with `install: lazy`): what an earlier one kept is removed,
   * and deferChunk then keeps chunks until finishDeferred writes their index.
   */
  async beginDeferred(limits?: Partial<DeferredLimits>): Promise<void> {
    await this.finishDeferred();
    this.state.deferredWriter = await DeferredWriter.begin(this.root, limits);
  }

  /**
   * Keeps one compressed pack chunk for a lazy install instead of installing its entries (namespaces
   * below this view, as importChunk takes them). The same checks as importChunk come first; one
   * outcome per entry: true kept, or why not. Null when the lazy install's index is full (the
   * caller installs the chunk instead). Throws when no lazy install was begun.
   */
  async deferChunk(
    compressed: Uint8Array,
    info: DeferredChunkInfo,
    entries: ChunkImport[]
  ): Promise<ChunkImportOutcome[] | null> {
    const writer = this.state.deferredWriter;
    if (!writer) throw new Error('no lazy install was begun (beginDeferred)');
    const outcomes: ChunkImportOutcome[] = entries.map(() => false);
    const kept: DeferredEntry[] = [];
    const keptAt: number[] = [];
    const base = this.namespacePath();
    for (const [n, e] of entries.entries()) {
      try {
        checkChunkEntry(e, info.rawLength);
        const namespace = [base, ...(e.namespace === '' ? [] : splitNamespacePath(e.namespace))]
          .filter(p => p !== '')
          .join('/');
        kept.push({
          namespace,
          key: keyHex(e.key),
          mtime: (e.mtime ?? new Date()).getTime(),
          blobs: e.blobs.map(b => ({ name: b.name, size: b.size })),
          offset: e.offset
        });
        keptAt.push(n);
      } catch (err) {
        outcomes[n] = err as Error;
      }
    }
    if (kept.length === 0) return outcomes;
    // An index the readers would refuse (over their caps) helps nobody: the caller installs the rest.
    if (!writer.fits(kept)) return null;
    await writer.keep(compressed, info, kept);
    for (const n of keptAt) outcomes[n] = true;
    return outcomes;
  }

  /** Writes the index of the lazy install begun (no-op without one); the number of entries kept. */
  async finishDeferred(): Promise<number> {
    const writer = this.state.deferredWriter;
    this.state.deferredWriter = null;
    return writer ? writer.finish() : 0;
  }

  /**
   * Moves an entry's time forward to `mtime` (never back): the restore installs an entry from a
   * pack with the pack's time and learns the bucket's (newer) time later. The entry time is its
   * newest blob mtime, so one lutimes of `name` is enough (never through a link: the entry
   * directory is real, lutimes does not follow the blob). False when the entry or blob is gone.
   */
  async advanceTime(key: CacheKey, name: string, mtime: Date): Promise<boolean> {
    validateStoredName(name);
    const entry = this.entryPath(key);
    if (!this.dirExists(entry)) return false;
    const file = path.join(entry, name);
    try {
      const st = await fs.lstat(file);
      if (!st.isFile()) return false;
      if (st.mtimeMs >= mtime.getTime()) return true;
      await fs.lutimes(file, mtime, mtime);
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /**
   * Writes one blob atomically, creating the entry directory (never through a planted symlink:
   * UnsafePathError); retried when a clean removes it meanwhile.
   */
  private async writeBlob(entry: string, name: string, value: Uint8Array): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.ensureDir(entry);
        if (value.byteLength <= SYNC_WRITE_MAX) writeAtomicSync(entry, name, value);
        else await writeAtomic(entry, name, value);
        diskStoreCounters.blobWrites++;
        return;
      } catch (err) {
        if (errorCode(err) === 'ENOENT' && attempt < WRITE_ATTEMPTS) {
          this.forget(entry);
          continue;
        }
        throw err;
      }
    }
  }

  /** After a put: a real clean only when the running estimate passes the limit by 10%. */
  private async evictIfOver(): Promise<void> {
    let est = estimates.get(this.dirPath);
    if (est === undefined) {
      est = { bytes: null, written: 0, init: null, evicting: null };
      estimates.set(this.dirPath, est);
    }
    const e = est;
    if (e.bytes === null) {
      e.init ??= (async () => {
        const before = e.written;
        const entries = await walkStore(this.dirPath, this.walkOptions(false, Date.now()));
        e.bytes = totals(entries).bytes + (e.written - before);
      })().finally(() => {
        e.init = null;
      });
      await e.init;
    }
    if (e.evicting !== null) return e.evicting;
    if (e.bytes === null || e.bytes <= this.maxSize * EVICT_SLACK) return;
    e.evicting = this.clean(this.maxSize, 0)
      .then(() => undefined)
      .finally(() => {
        e.evicting = null;
      });
    return e.evicting;
  }

  /** A full walk of this directory knows its size: the estimate restarts from there. */
  private resetEstimate(bytes: number, writtenBefore: number): void {
    const est = estimates.get(this.dirPath);
    if (est !== undefined) est.bytes = bytes + (est.written - writtenBefore);
  }
}

/**
 * What importChunk and deferChunk check of an entry before anything of it is written: at least one
 * blob, names a blob may have (no temporary names), none twice, and the blobs within the chunk's
 * `rawLength` raw bytes. Throws InvalidInputError.
 */
function checkChunkEntry(e: ChunkImport, rawLength: number): void {
  if (e.blobs.length === 0) throw new InvalidInputError('an imported cache entry needs at least one blob');
  const names = new Set<string>();
  let end = e.offset;
  for (const b of e.blobs) {
    validateStoredName(b.name);
    if (names.has(b.name)) throw new InvalidInputError(`duplicate cache blob name ${JSON.stringify(b.name)}`);
    names.add(b.name);
    end += b.size;
  }
  if (!Number.isSafeInteger(e.offset) || e.offset < 0 || end > rawLength) {
    throw new InvalidInputError('the entry runs past its chunk');
  }
}

/** A kept entry as importChunk takes it (its namespace below the root). */
function deferredImport(e: DeferredEntry): ChunkImport {
  return { namespace: e.namespace, key: e.key, blobs: e.blobs, offset: e.offset, mtime: new Date(e.mtime) };
}

/**
 * A blob name the disk store can keep: valid per the contract, and not a temporary file's name
 * (`.x` or `x.tmp`), which would be neither served nor counted.
 */
function validateStoredName(name: string): void {
  validateBlobName(name);
  if (isTempName(name)) {
    throw new InvalidInputError(
      `invalid cache blob name ${JSON.stringify(name)}: names starting with "." or ending in ".tmp" are temporary files`
    );
  }
}

/**
 * The bytes of an import job: views of shared memory as they are (a decompressed pack chunk is a
 * SharedArrayBuffer: the worker reads it in place), anything else copied into one buffer of the
 * job's own, which is handed over to the worker (so a retry copies again).
 */
function jobData(blobs: { data: Uint8Array }[]): Uint8Array[] {
  if (blobs.every(b => b.data.buffer instanceof SharedArrayBuffer)) return blobs.map(b => b.data);
  const all = new Uint8Array(blobs.reduce((n, b) => n + b.data.byteLength, 0));
  const views: Uint8Array[] = [];
  let at = 0;
  for (const b of blobs) {
    all.set(b.data, at);
    views.push(all.subarray(at, at + b.data.byteLength));
    at += b.data.byteLength;
  }
  return views;
}

/**
 * Sets a regular file's times to `now`; false when it does not exist or is not a regular file
 * (utimes would set the times of whatever a planted symlink points to; lutimes never follows).
 * On the calling thread: two quick system calls cost less than two thread-pool trips (a hit of the
 * compile server touches twice).
 */
async function touchFile(file: string, now: Date): Promise<boolean> {
  try {
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (st === undefined || !st.isFile()) return false;
    lutimesSync(file, now, now);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/**
 * What `list` returns: the entries without their paths, by namespace, then key. An entry holding
 * something that is not a regular file (a planted symlink or FIFO, reported by the walk) is left out:
 * it is never served whole or uploaded (stats count it and a clean may evict it).
 */
function sortedInfos(entries: ScannedEntry[]): EntryInfo[] {
  return entries
    .filter(e => e.foreign === 0)
    .map(({ key, namespace, blobs, size, mtime }) => ({ key, namespace, blobs, size, mtime }))
    .sort((a, b) => compare(a.namespace, b.namespace) || compare(a.key, b.key));
}

function totals(entries: ScannedEntry[]): StoreStats {
  return { entries: entries.length, bytes: entries.reduce((sum, e) => sum + e.size, 0) };
}
