/**
 * Content hashes of the files a compile read, through a stat cache: a file whose (size, mtime,
 * ctime, inode, device) are what they were when it was hashed is not read again, nor opened: it
 * costs one stat, which is what a direct-mode hit pays per header. A server keeps the cache for its
 * life; a one-shot shim's lasts one compile.
 *
 * "Too new" (as ccache): a file changed within a second of the moment it is compared with (the start
 * of the compile that read it, or the hashing itself) may change again without its times moving on
 * a file system with coarse timestamps. Its hash is used for this comparison but never cached, and a
 * compile that read such a file records no manifest.
 *
 * A server's threads each keep a cache (compile-pool.ts): what one thread hashes, it hands to the
 * others (`takeLearned`, `adopt`), so that a build's first hits hash each header once per server
 * rather than once per thread. An adopted entry is checked against `stat` like any other: it only
 * says what a file with that stamp held.
 *
 * The paths come from a manifest, which is untrusted: a file is read only when it is a regular file
 * (opened O_NONBLOCK, so a FIFO never blocks), at most MAX_FILE bytes, and never below the cache
 * directory (whose content a build plants).
 */
import { closeSync, constants as C, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { nodeCrypto } from '../lazy-crypto.js';

/** Headers larger than this are not hashed (the call then uses preprocessor mode). */
const MAX_FILE = 64 * 1024 * 1024;
/** A file changed this close to the reference time is too new to trust (covers 1 s timestamps). */
const TOO_NEW_NS = 1_000_000_000n;
/** Entries kept per session before the cache starts over (bounds a server's memory). */
const MAX_ENTRIES = 200_000;

export interface FileStamp {
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
  dev: bigint;
}

/** What the content says beyond its hash. */
export interface ContentFlags {
  /** Uses `__DATE__`, `__TIME__` or `__TIMESTAMP__`: the preprocessed text changes without the file. */
  volatile: boolean;
  /** Uses `__has_include`: a file that appears later could change the text without any recorded file changing. */
  probes: boolean;
  /** Mentions `.incbin`: inline assembly may read a file no depfile names (depend.ts). */
  incbin: boolean;
}

export interface StatCacheEntry extends FileStamp, ContentFlags {
  /** Hex SHA-256 of the content. */
  hash: string;
}

/** A file's cache entry as passed between threads. */
export type LearnedHash = [file: string, entry: StatCacheEntry];

/**
 * A stamp as a plain `stat` gives it: numbers, the times in milliseconds (a double: about a quarter
 * of a microsecond apart at today's dates). The check of an unchanged header uses it: a `stat` with
 * BigInts allocates twice as much (a hit stats a hundred headers, and the garbage is collected in
 * pauses of milliseconds). Such a stamp can equal the one remembered only if the file did not change:
 * a change moves its ctime to the current time, and an entry is remembered only when its ctime and
 * mtime are more than a second old.
 */
interface QuickStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

/** Milliseconds as `stat` computes them from seconds and nanoseconds (the same double). */
function msOf(ns: bigint): number {
  return Number(ns / 1_000_000_000n) * 1e3 + Number(ns % 1_000_000_000n) / 1e6;
}

/** Hashes by path; with `recordLearned`, what it hashes is also kept for other threads to adopt. */
export class StatCache {
  private readonly entries = new Map<string, StatCacheEntry>();
  private readonly quick = new Map<string, QuickStamp>();
  private learned: LearnedHash[] | null;

  constructor(options: { recordLearned?: boolean } = {}) {
    this.learned = options.recordLearned === true ? [] : null;
  }

  get size(): number {
    return this.entries.size;
  }

  get(file: string): StatCacheEntry | undefined {
    return this.entries.get(file);
  }

  /** A file this thread hashed. */
  remember(file: string, entry: StatCacheEntry): void {
    this.put(file, entry);
    this.learned?.push([file, entry]);
  }

  /** Files another thread hashed (not recorded again). */
  adopt(hashes: readonly LearnedHash[]): void {
    for (const [file, entry] of hashes) this.put(file, entry);
  }

  /** What this thread hashed since the last call; empty when it records nothing. */
  takeLearned(): LearnedHash[] {
    if (this.learned === null || this.learned.length === 0) return [];
    const out = this.learned;
    this.learned = [];
    return out;
  }

  /** Whether `st` (a plain stat of `file`) shows the file as it was when its entry was made. */
  unchanged(file: string, st: Stats): boolean {
    const q = this.quick.get(file);
    return (
      q !== undefined &&
      q.size === st.size &&
      q.mtimeMs === st.mtimeMs &&
      q.ctimeMs === st.ctimeMs &&
      q.ino === st.ino &&
      q.dev === st.dev
    );
  }

  private put(file: string, entry: StatCacheEntry): void {
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(file)) {
      this.entries.clear();
      this.quick.clear();
    }
    this.entries.set(file, entry);
    // Negative times (before 1970) may round differently: then the full check below decides.
    this.quick.set(file, {
      size: Number(entry.size),
      mtimeMs: msOf(entry.mtimeNs),
      ctimeMs: msOf(entry.ctimeNs),
      ino: Number(entry.ino),
      dev: Number(entry.dev)
    });
  }
}

export interface FileHash extends ContentFlags {
  hash: string;
  /** Changed within TOO_NEW_NS of `referenceNs` (or of now): not to be recorded in a manifest. */
  tooNew: boolean;
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs &&
    a.ino === b.ino &&
    a.dev === b.dev
  );
}

/** A remembered hash as a result (a remembered file is never too new: see hashFile). */
function knownHash(known: StatCacheEntry): FileHash {
  return {
    hash: known.hash,
    volatile: known.volatile,
    probes: known.probes,
    incbin: known.incbin,
    tooNew: false
  };
}

/** Wall-clock now in nanoseconds, comparable with file times. */
export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * The hash of the regular file at `file` (absolute), or null when it is missing, not a regular file
 * or too large. `referenceNs`: when the compile that read it started.
 */
export function hashFile(cache: StatCache, file: string, referenceNs: bigint): FileHash | null {
  // The common case, a header hashed before and unchanged, costs one stat: no open, no exception.
  const known = cache.get(file);
  if (known !== undefined) {
    let st;
    try {
      st = statSync(file, { throwIfNoEntry: false });
    } catch {
      return null;
    }
    if (st === undefined || !st.isFile()) return null;
    if (cache.unchanged(file, st)) {
      return knownHash(known);
    }
  }
  let fd: number;
  try {
    fd = openSync(file, C.O_RDONLY | C.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile() || st.size > BigInt(MAX_FILE)) return null;
    const stamp: FileStamp = {
      size: st.size,
      mtimeNs: st.mtimeNs,
      ctimeNs: st.ctimeNs,
      ino: st.ino,
      dev: st.dev
    };
    if (known !== undefined && sameStamp(known, stamp)) {
      return knownHash(known);
    }
    const size = Number(st.size);
    const buf = Buffer.allocUnsafe(size);
    let len = 0;
    while (len < size) {
      const n = readSync(fd, buf, len, size - len, len);
      if (n === 0) return null; // shrank while read: changing under us
      len += n;
    }
    const hash = nodeCrypto().createHash('sha256').update(buf).digest('hex');
    const flags: ContentFlags = {
      volatile: buf.includes('__DATE__') || buf.includes('__TIME__') || buf.includes('__TIMESTAMP__'),
      probes: buf.includes('__has_include'),
      incbin: buf.includes('.incbin')
    };
    const newest = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
    const limit = (referenceNs < nowNs() ? referenceNs : nowNs()) - TOO_NEW_NS;
    const tooNew = newest >= limit;
    if (!tooNew) cache.remember(file, { ...stamp, ...flags, hash });
    return { hash, ...flags, tooNew };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
