/**
 * The walk over a disk store and every namespace below it (the stats, list and clean of a parent see
 * all of its namespaces, at any depth).
 *
 * A directory whose name is two lowercase hex characters is a shard: the directories it holds whose
 * names are hex starting with those two characters are entries, and their regular files are blobs.
 * Any other directory is a namespace to recurse into (also inside a shard directory, which can then
 * be a namespace too). Names starting with `.` (`.staging`, temporary files) are never
 * namespaces, shards, entries or blobs.
 *
 * Nothing below the trusted root is followed: the walked directory's own chain is checked with
 * lstat first, and below it only real directories (the dirent type, which is the link's own type)
 * are entered. A symlink, FIFO, socket or device where a namespace, shard, entry or blob would be
 * is skipped and reported through `report` (never opened, never deleted by the walk). An entry
 * directory holding such a thing is counted (so a clean can evict it: deleting removes the thing
 * itself, never what it points to) but marked `foreign`, and `list` leaves it out, so it is never
 * served whole or uploaded.
 */
import type { Dirent, Stats } from 'node:fs';
import { lstatSync, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BlobInfo, EntryInfo } from './store.js';
import { isKeyHex, isTempName } from './validate.js';
import { STALE_TEMP_MS, diskStoreCounters, isMissing, removeIfEmpty } from './disk-fs.js';
import { checkDirChain, UnsafePathError } from './safe-fs.js';

/** An entry found by a walk, with where it lives on disk. */
export interface ScannedEntry extends EntryInfo {
  /** The entry directory `<store>/<namespace>/<hh>/<hex>`. */
  path: string;
  /** Its shard directory `<store>/<namespace>/<hh>`. */
  shardPath: string;
  /** Things in the entry directory that are neither blobs nor leftovers (symlinks, FIFOs, …); 0 normally. */
  foreign: number;
}

export interface WalkOptions {
  /** Delete temporary leftovers older than STALE_TEMP_MS, and stale entry directories left empty. */
  removeStale: boolean;
  /** The walk's "now" in milliseconds. */
  now: number;
  /** Entries whose size and time the caller already knows (see KnownEntry); default none. */
  known?: KnownEntries;
  /** The trusted root: the chain from it to the walked directory is checked with lstat first. */
  root?: string;
  /** Hears every path skipped because it is not a real directory or regular file. */
  report?: (path: string, kind: string) => void;
  /**
   * Leave the entries of `known` out altogether, not even one lstat each: for a walk that only
   * sweeps leftovers and reports planted things (DiskCacheStore.sweep), whose caller needs no list.
   */
  skipKnown?: boolean;
}

/**
 * What a caller knows of an entry from an earlier walk (the sync's restore records it): blobs never
 * change once written, so its size still holds; its time moves only when it is used, and a use
 * (`touch`) sets `exit_code`'s time first. Such an entry costs the walk one lstat of `exit_code`
 * instead of a directory listing and an lstat per blob, and comes back with no blob list (`blobs`
 * empty). Without `exit_code` it is walked in full.
 */
export interface KnownEntry {
  size: number;
  mtimeMs: number;
}

/** Looks an entry up by its namespace (relative to the walked directory) and key. */
export type KnownEntries = (namespace: string, key: string) => KnownEntry | undefined;

/** The blob a use touches first (DiskCacheStore.touch). */
const TOUCHED_BLOB = 'exit_code';

const SHARD_NAME = /^[0-9a-f]{2}$/;

/** Every entry of the store rooted at `dir` and of every namespace below it; namespaces relative to `dir`. */
export async function walkStore(dir: string, options: WalkOptions): Promise<ScannedEntry[]> {
  diskStoreCounters.walks++;
  const out: ScannedEntry[] = [];
  if (options.root !== undefined) {
    // The view's own directory (e.g. `compile/local`) planted as a symlink: nothing there is
    // listed, uploaded, pruned or deleted.
    try {
      if (!checkDirChain(options.root, dir)) return out;
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      options.report?.(err.path, err.found);
      return out;
    }
  }
  await walkDir(dir, '', options, out);
  return out;
}

/** What a dirent is, in words for a warning (its own type: a symlink is never resolved). */
export function direntKind(d: Dirent): string {
  if (d.isSymbolicLink()) return 'a symbolic link';
  if (d.isFIFO()) return 'a FIFO';
  if (d.isSocket()) return 'a socket';
  if (d.isCharacterDevice()) return 'a character device';
  if (d.isBlockDevice()) return 'a block device';
  if (d.isDirectory()) return 'a directory';
  if (d.isFile()) return 'a regular file';
  return 'an unknown kind of file';
}

/** Neither a directory nor a regular file: something a walk must never enter, open or count. */
function isForeign(d: Dirent): boolean {
  return !d.isDirectory() && !d.isFile();
}

/*
 * Directories are read and blobs stat'ed with synchronous calls, one shard at a time, yielding to the
 * event loop between shards. A walk is tens of thousands of tiny calls; through the thread pool each
 * costs a round trip and a promise, and the whole walk took 2–3× as long (3,000 entries / 15,000 blobs:
 * ~45 ms instead of ~120 ms on the benchmark machine, where it was most of a warm save's local work).
 * A shard is a few hundred calls at most for stores of 100,000s of entries, so the loop is never held
 * for long and transfers running beside the walk keep moving.
 */
function readDirents(dir: string): Dirent[] | null {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

const yieldToLoop = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

async function walkDir(dir: string, ns: string, options: WalkOptions, out: ScannedEntry[]): Promise<void> {
  const children = readDirents(dir);
  if (children === null) return;
  for (const child of sortByName(children)) {
    if (child.isDirectory()) await walkChild(dir, ns, child.name, options, out);
    else if (isForeign(child) && !child.name.startsWith('.')) {
      options.report?.(path.join(dir, child.name), direntKind(child));
    }
  }
}

/** A directory below a namespace: a shard when its name is two hex characters, else a namespace. */
async function walkChild(
  parent: string,
  ns: string,
  name: string,
  options: WalkOptions,
  out: ScannedEntry[]
): Promise<void> {
  if (name.startsWith('.')) return;
  const p = path.join(parent, name);
  if (SHARD_NAME.test(name)) await walkShard(p, name, ns, options, out);
  else await walkDir(p, joinNamespace(ns, name), options, out);
}

/**
 * The entries of a shard. A child that is not an entry (not `<hh>…` hex, or holding directories and
 * no blobs) means the shard directory is also a namespace of that name (e.g. `ab/ab/ab12…` for a
 * namespace `ab`): such children are walked as part of it.
 */
async function walkShard(
  shardPath: string,
  hh: string,
  ns: string,
  options: WalkOptions,
  out: ScannedEntry[]
): Promise<void> {
  await yieldToLoop();
  const children = readDirents(shardPath);
  if (children === null) return;
  const candidates: string[] = [];
  const nested: string[] = [];
  for (const child of sortByName(children)) {
    if (child.name.startsWith('.')) continue;
    if (!child.isDirectory()) {
      // A stray file is nobody's blob; a symlink or a FIFO here is planted: say so.
      if (isForeign(child)) options.report?.(path.join(shardPath, child.name), direntKind(child));
      continue;
    }
    if (isKeyHex(child.name) && child.name.startsWith(hh)) candidates.push(child.name);
    else nested.push(child.name);
  }
  const scans = candidates.map(name => {
    const entryPath = `${shardPath}${path.sep}${name}`;
    const known = options.known?.(ns, name);
    if (known && options.skipKnown) return null;
    return (known && knownEntry(entryPath, known)) || scanEntry(entryPath, options);
  });

  const cleanups: Promise<void>[] = [];
  scans.forEach((scan, i) => {
    if (scan === null) return; // removed meanwhile, or known and skipped
    const name = candidates[i]!;
    if (scan.hasSubdirs && scan.blobs.length === 0) {
      nested.push(name);
      return;
    }
    const entryPath = path.join(shardPath, name);
    let size = 0;
    let mtimeMs = 0;
    if (scan.known) {
      size = scan.known.size;
      mtimeMs = scan.known.mtimeMs;
    } else {
      if (options.removeStale) cleanups.push(removeStale(entryPath, scan, options.now));
      if (scan.blobs.length === 0) return; // only leftovers: not an entry
      for (const b of scan.blobs) {
        size += b.size;
        mtimeMs = Math.max(mtimeMs, b.mtime.getTime());
      }
    }
    out.push({
      key: name,
      namespace: ns,
      blobs: scan.blobs,
      size,
      mtime: new Date(mtimeMs),
      path: entryPath,
      shardPath,
      foreign: scan.others
    });
  });
  await Promise.all(cleanups);

  const shardNs = joinNamespace(ns, hh);
  for (const name of nested.sort()) await walkChild(shardPath, shardNs, name, options, out);
}

function joinNamespace(ns: string, name: string): string {
  return ns === '' ? name : `${ns}/${name}`;
}

function sortByName(dirents: Dirent[]): Dirent[] {
  return dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A known entry's scan from one lstat: no blob list, its time moved up to its latest use. */
function knownEntry(entryPath: string, known: KnownEntry): EntryScan | null {
  const st = lstatOrNull(`${entryPath}${path.sep}${TOUCHED_BLOB}`);
  if (st === null || !st.isFile()) return null;
  diskStoreCounters.knownEntries++;
  return {
    blobs: [],
    temps: [],
    hasSubdirs: false,
    others: 0,
    known: { size: known.size, mtimeMs: Math.max(known.mtimeMs, st.mtimeMs) }
  };
}

interface EntryScan {
  blobs: BlobInfo[];
  /** Temporary leftovers: ours (`.<name>.tmp-…`), the Go system's `<name>.tmp`, any dot name. */
  temps: { path: string; mtimeMs: number }[];
  /** Non-temporary subdirectories: with no blobs, evidence that the directory is a shard, not an entry. */
  hasSubdirs: boolean;
  /** Other things (symlinks, sockets, …): neither blobs nor leftovers, never deleted. */
  others: number;
  /** Set for a known entry (knownEntry): size and time, without blobs. */
  known?: KnownEntry;
}

function scanEntry(entryPath: string, options: WalkOptions): EntryScan | null {
  const children = readDirents(entryPath);
  if (children === null) return null;
  const scan: EntryScan = { blobs: [], temps: [], hasSubdirs: false, others: 0 };
  for (const child of children) {
    // Plain concatenation: path.join (normalising every path) was a tenth of the walk's time.
    const p = `${entryPath}${path.sep}${child.name}`;
    if (isTempName(child.name)) {
      if (!options.removeStale) continue;
      const st = lstatOrNull(p);
      if (st !== null) scan.temps.push({ path: p, mtimeMs: st.mtimeMs });
      continue;
    }
    if (child.isDirectory()) {
      scan.hasSubdirs = true;
      continue;
    }
    if (!child.isFile()) {
      scan.others++;
      options.report?.(p, direntKind(child));
      continue;
    }
    const st = lstatOrNull(p);
    if (st === null) continue; // replaced or evicted meanwhile
    if (!st.isFile()) {
      scan.others++;
      options.report?.(p, 'not a regular file');
      continue;
    }
    scan.blobs.push({ name: child.name, size: st.size, mtime: st.mtime });
  }
  scan.blobs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scan;
}

/** Deletes stale leftovers of one entry directory, and the directory itself when that leaves it empty. */
async function removeStale(entryPath: string, scan: EntryScan, now: number): Promise<void> {
  const cutoff = now - STALE_TEMP_MS;
  const stale = scan.temps.filter(t => t.mtimeMs < cutoff);
  const emptyAfter = scan.blobs.length === 0 && scan.others === 0 && !scan.hasSubdirs;
  if (stale.length === 0 && !(emptyAfter && scan.temps.length === 0)) return;
  // Taken before deleting anything (which refreshes it): an entry directory is removed only when
  // nothing was created in it for a while, since a fresh one may belong to a put in progress.
  const dirStat = emptyAfter && stale.length === scan.temps.length ? lstatOrNull(entryPath) : null;
  for (const t of stale) await fs.rm(t.path, { recursive: true, force: true }).catch(() => undefined);
  if (dirStat !== null && dirStat.mtimeMs < cutoff) await removeIfEmpty(entryPath);
}

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}
