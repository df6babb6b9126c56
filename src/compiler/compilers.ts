/**
 * Which program the wrapper runs: recognising gcc/clang drivers, and finding the real compiler on
 * PATH without ever landing on one of our own shims (or the launcher), even when the shim directory
 * is on PATH several times, under different spellings, or shims were copied or linked elsewhere.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
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

function isExecutableFile(file: string): boolean {
  try {
    // Most PATH directories have no such file: no exception for that answer (the server pays it per call).
    const st = statSync(file, { throwIfNoEntry: false });
    // Any execute bit: the kernel decides the rest, as a shell's PATH search would.
    return st !== undefined && st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function realDir(dir: string): string {
  try {
    // The native call (realpath(3)): a fifth of the JavaScript one's time, and a hit makes two.
    return realpathSync.native(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * The first executable `name` on PATH that is not ours: directories whose real path is one of
 * `skipDirs` are skipped, and so is any file that is a shim or launcher. Null when there is none.
 */
export function findOnPath(
  name: string,
  pathEnv: string | undefined,
  skipDirs: readonly string[] = [],
  cwd: string = process.cwd()
): string | null {
  const skip = new Set(skipDirs.map(realDir));
  for (const entry of (pathEnv ?? '').split(path.delimiter)) {
    // Relative entries (and the empty one, `.`) are the compile's working directory's, not ours.
    const dir = path.resolve(cwd, entry === '' ? '.' : entry);
    const candidate = path.join(dir, name);
    // The file first: most PATH directories have no such file, and then cost one stat, not a realpath too.
    if (!isExecutableFile(candidate)) continue;
    if (skip.has(realDir(dir))) continue;
    if (ourFileKind(candidate) !== null) continue;
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
