/**
 * Which program the wrapper runs: recognising gcc/clang drivers, and finding the real compiler on
 * PATH without ever landing on one of our own shims (or the launcher), even when the shim directory
 * is on PATH several times, under different spellings, or shims were copied or linked elsewhere.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type BigIntStats } from 'node:fs';
import path from 'node:path';

/** Written into every shim and the launcher; how a file is recognised as ours. */
export const SHIM_MARKER = '# compile-cache shim';
export const LAUNCHER_MARKER = '# compile-cache launcher';
/** Carried by the native client (native/client.c, the same text), which is a binary, not a script. */
export const NATIVE_MARKER = '\n# compile-cache native client (shims and launcher)\n';
/**
 * A binary bigger than this is not read whole for the marker: the native client carries it in its
 * first page too (an ELF note), and only a dynamically linked one (about 30 KiB) or a Mach-O one is
 * searched whole.
 */
export const MAX_NATIVE_CLIENT_SIZE = 512 * 1024;
/** How much of a file is read first: the shims' marker line, the native client's ELF note. */
const HEAD_BYTES = 4096;
export const LAUNCHER_NAME = 'compile-cache-launcher';
/** ELF and Mach-O (both byte orders, fat): the files that may be the native client. */
const BINARY_MAGIC = /^(?:\x7fELF|\xfe\xed\xfa[\xce\xcf]|[\xce\xcf]\xfa\xed\xfe|\xca\xfe\xba\xbe)/;

/**
 * Driver names the wrapper knows the command line of: gcc, g++, cc, c++, clang, clang++, with an
 * optional target prefix (`x86_64-linux-gnu-gcc`) and version suffix (`gcc-12`, `clang++-17`).
 */
const KNOWN_DRIVER = /^(?:[\w.+]+-)*(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(?:-\d+(?:\.\d+)*)?$/;

/** Programs that are caches or distributors themselves: their identity says nothing about the compiler. */
const NOT_A_COMPILER = new Set(['ccache', 'sccache', 'distcc', 'icecc', 'buildcache', 'node']);

export function isKnownCompiler(invokedPath: string, realPath: string): boolean {
  const real = path.basename(realPath);
  if (NOT_A_COMPILER.has(real)) return false;
  return KNOWN_DRIVER.test(path.basename(invokedPath)) || KNOWN_DRIVER.test(real);
}

export type OurFile = 'shim' | 'launcher' | null;

/** Whether `file` is one of our shims or the launcher (by content: copies and links are caught too). */
export function ourFileKind(file: string): OurFile {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n).toString('latin1');
    if (head.startsWith('#!')) {
      if (head.includes(SHIM_MARKER)) return 'shim';
      if (head.includes(LAUNCHER_MARKER)) return 'launcher';
      return null;
    }
    // The native client: one binary for every shim name and the launcher, told apart by its name.
    if (!BINARY_MAGIC.test(head)) return null;
    const kind = path.basename(file) === LAUNCHER_NAME ? 'launcher' : 'shim';
    if (head.includes(NATIVE_MARKER)) return kind;
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_NATIVE_CLIENT_SIZE) return null;
    const all = Buffer.alloc(st.size);
    const got = readSync(fd, all, 0, st.size, 0);
    return all.subarray(0, got).includes(NATIVE_MARKER) ? kind : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Files whose kind (ourFileKind) was read, by path: trusted while their stamp is unchanged. */
const kinds = new Map<string, { stamp: string; kind: OurFile }>();
/** Kinds kept at most (a server lives long; a build has a handful of compilers). */
const MAX_KINDS = 1000;
/** A file changed this close to now may change again without its times moving (coarse timestamps). */
const TOO_NEW_NS = 1_000_000_000n;

/**
 * ourFileKind for a file `st` describes (its stat, symlinks followed), remembered by path while its
 * size, times, inode and device stay the same: a server resolves the same compiler for every call,
 * and reading its first page (open, read, close) cost more than the rest of the PATH walk's checks.
 */
function kindOf(file: string, st: BigIntStats): OurFile {
  const stamp = `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
  const known = kinds.get(file);
  if (known !== undefined && known.stamp === stamp) return known.kind;
  const kind = ourFileKind(file);
  const newest = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
  // A file changed within a second is read again next time (as the stat cache of headers does).
  if (newest < BigInt(Date.now()) * 1_000_000n - TOO_NEW_NS) {
    if (kinds.size >= MAX_KINDS) kinds.clear();
    kinds.set(file, { stamp, kind });
  } else kinds.delete(file);
  return kind;
}

function executableStat(file: string): BigIntStats | null {
  try {
    // Most PATH directories have no such file: no exception for that answer (the server pays it per call).
    const st = statSync(file, { bigint: true, throwIfNoEntry: false });
    // Any execute bit: the kernel decides the rest, as a shell's PATH search would.
    return st !== undefined && st.isFile() && (st.mode & 0o111n) !== 0n ? st : null;
  } catch {
    return null;
  }
}

/** A directory's identity (device and inode), or null when it is not a directory we can stat. */
function dirId(dir: string): string | null {
  try {
    const st = statSync(dir, { bigint: true, throwIfNoEntry: false });
    return st !== undefined && st.isDirectory() ? `${st.dev}:${st.ino}` : null;
  } catch {
    return null;
  }
}

/**
 * The first executable `name` on PATH that is not ours: directories that are one of `skipDirs`
 * (the same directory by device and inode, whatever the path to it) are skipped, and so is any
 * file that is a shim or launcher. Null when there is none.
 */
export function findOnPath(
  name: string,
  pathEnv: string | undefined,
  skipDirs: readonly string[] = [],
  cwd: string = process.cwd()
): string | null {
  // Device and inode rather than real paths: one stat per directory instead of a readlink per component.
  let skip: Set<string> | null = null;
  const tried = new Set<string>();
  for (const entry of (pathEnv ?? '').split(path.delimiter)) {
    // Relative entries (and the empty one, `.`) are the compile's working directory's, not ours.
    const dir = path.resolve(cwd, entry === '' ? '.' : entry);
    // A directory on PATH twice answers the same the second time.
    if (tried.has(dir)) continue;
    tried.add(dir);
    const candidate = path.join(dir, name);
    // The file first: most PATH directories have no such file, and then cost one stat, not more.
    const st = executableStat(candidate);
    if (st === null) continue;
    if (skipDirs.length > 0) {
      skip ??= new Set(skipDirs.map(dirId).filter((d): d is string => d !== null));
      const id = dirId(dir);
      if (id !== null && skip.has(id)) continue;
    }
    if (kindOf(candidate, st) !== null) continue;
    return path.resolve(candidate);
  }
  return null;
}

export interface ResolvedCompiler {
  /** The program to run. */
  path: string;
  /** What the build asked for (for metadata and messages). */
  requested: string;
}

/**
 * Resolves what `wrap <compiler>` or a shim was asked to run to a real compiler. A bare name is
 * searched on PATH; a path that is one of our shims or the launcher is replaced by the real compiler
 * of the same name further along PATH (so `launcher /path/to/shims/cc` never wraps twice).
 * Relative paths (the requested one and PATH entries) are resolved against `cwd`, the compile's.
 */
export function resolveCompiler(
  requested: string,
  pathEnv: string | undefined,
  skipDirs: readonly string[] = [],
  cwd: string = process.cwd()
): ResolvedCompiler | null {
  if (!requested.includes('/')) {
    const found = findOnPath(requested, pathEnv, skipDirs, cwd);
    return found === null ? null : { path: found, requested };
  }
  const abs = path.resolve(cwd, requested);
  const kind = ourFileKind(abs);
  if (kind === null) return { path: abs, requested };
  if (kind === 'launcher') return null;
  const found = findOnPath(path.basename(abs), pathEnv, [...skipDirs, path.dirname(abs)], cwd);
  return found === null ? null : { path: found, requested };
}
