/**
 * File access under an untrusted directory. Everything below the cache directory was written by a
 * build (and on a self-hosted runner persists from one job to the next), so a path there may be a
 * symlink planted to send a write, a delete or an upload elsewhere, or a FIFO planted to hang a
 * read. These helpers refuse both:
 *
 * - directories from the trusted root down are checked with lstat, one component at a time, and
 *   created one at a time (never `mkdir -p` through a symlink);
 * - files are opened with O_NOFOLLOW (a symlink as the last component fails with ELOOP) and
 *   O_NONBLOCK (a FIFO opens at once instead of waiting for a writer), then fstat'ed: only a
 *   regular file is read or written.
 *
 * The root itself is trusted: it is the directory the user configured, and may be a symlink they
 * chose. The checks assume nobody rewrites the tree while a step runs (a build that planted
 * something has finished by then); they are about what is found, not about races with a live
 * attacker.
 */
import {
  constants as C,
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  read,
  readSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs';
import type { Stats } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Something under the cache directory that is not what it must be (a symlink, a FIFO, a file where a directory belongs). */
export class UnsafePathError extends Error {
  override name = 'UnsafePathError';
  /** `EISDIR` when a directory was found where a file belongs (callers that checked the code for that keep working). */
  readonly code: string | undefined;
  constructor(
    readonly path: string,
    readonly found: string
  ) {
    super(
      `${path} is ${found}, not what belongs there; left alone (nothing under the cache directory is trusted)`
    );
    this.code = found === 'a directory' ? 'EISDIR' : undefined;
  }
}

/** What lstat says a path is, in words for a warning. */
export function describeKind(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  if (st.isFile()) return 'a regular file';
  return 'an unknown kind of file';
}

/** The error code of a failed fs call, if any. */
export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

/** The components of `dir` below `root`, outermost first; throws when `dir` is not inside `root`. */
function componentsBelow(root: string, dir: string): string[] {
  const rel = path.relative(root, dir);
  if (rel === '') return [];
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UnsafePathError(dir, `outside ${root}`);
  }
  const out: string[] = [];
  let p = root;
  for (const part of rel.split(path.sep)) {
    p = path.join(p, part);
    out.push(p);
  }
  return out;
}

/**
 * Checks that every component of `dir` below the trusted `root` is a real directory (not a
 * symlink, not anything else). Returns false when one of them does not exist (nothing below it
 * can exist either); throws UnsafePathError naming the first component that is not a directory.
 */
export function checkDirChain(root: string, dir: string): boolean {
  for (const p of componentsBelow(root, dir)) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return false;
      throw err;
    }
    if (!st.isDirectory()) throw new UnsafePathError(p, describeKind(st));
  }
  return true;
}

/**
 * Creates `dir` below the trusted `root` one component at a time with `mode` (what exists is checked
 * with lstat and must be a real directory), so no mkdir ever goes through a planted symlink.
 * Returns the directories it created, outermost first (the caller may chmod them).
 */
export function ensureDirChain(root: string, dir: string, mode = 0o755): string[] {
  const created: string[] = [];
  for (const p of componentsBelow(root, dir)) {
    // lstat first: most components exist (a compile server writes an entry per miss into shards
    // that are there), and a failed mkdir costs a thrown error where this costs no exception.
    let st = lstatSync(p, { throwIfNoEntry: false });
    if (st === undefined) {
      try {
        mkdirSync(p, { mode });
        created.push(p);
        continue;
      } catch (err) {
        if (errorCode(err) !== 'EEXIST') throw err;
      }
      // Made meanwhile by someone else: what it is decides.
      st = lstatSync(p);
    }
    if (!st.isDirectory()) throw new UnsafePathError(p, describeKind(st));
  }
  return created;
}

/** Open flags that never follow a symlink in the last component and never wait on a FIFO. */
const SAFE_FLAGS = C.O_NOFOLLOW | C.O_NONBLOCK;

/** Turns ELOOP (O_NOFOLLOW met a symlink) and ENXIO (a socket, or a FIFO opened for writing) into UnsafePathError. */
function refusal(file: string, err: unknown): unknown {
  const c = errorCode(err);
  if (c === 'ELOOP') return new UnsafePathError(file, 'a symbolic link');
  if (c === 'ENXIO' || c === 'EOPNOTSUPP') {
    let kind = 'not a regular file';
    try {
      kind = describeKind(lstatSync(file));
    } catch {
      // keep the generic words
    }
    return new UnsafePathError(file, kind);
  }
  return err;
}

/**
 * Opens `file` with `flags` (O_RDONLY, O_WRONLY|O_APPEND|O_CREAT, …) plus O_NOFOLLOW|O_NONBLOCK and
 * returns the descriptor only when it is a regular file; anything else is closed again and refused
 * with UnsafePathError. A missing file's ENOENT propagates.
 */
export function openRegularSync(file: string, flags: number, mode = 0o644): number {
  let fd: number;
  try {
    fd = openSync(file, flags | SAFE_FLAGS, mode);
  } catch (err) {
    throw refusal(file, err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnsafePathError(file, describeKind(st));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/** The promise form of openRegularSync. */
export async function openRegular(file: string, flags: number, mode = 0o644): Promise<fs.FileHandle> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, flags | SAFE_FLAGS, mode);
  } catch (err) {
    throw refusal(file, err);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new UnsafePathError(file, describeKind(st));
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

/** Blobs up to this size are read without a trip through the thread pool (see readRegularFile). */
const INLINE_READ_MAX = 1 << 20;

/** One positioned read through the thread pool. */
function readAt(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buf, offset, length, position, (err, n) => (err ? reject(err) : resolve(n)))
  );
}

/**
 * The whole content of a regular file, or null when it does not exist; refuses anything else.
 * Reads the size fstat gave (as readFile does, without its second fstat). Cache files never change
 * once renamed into place.
 *
 * The disk store's get is the compile server's hot path: a hit reads four or five blobs. Opening,
 * checking and reading a small one on the calling thread costs a few microseconds of system time;
 * each thread-pool trip costs more than that in wake-ups, so only large blobs are read there.
 */
export async function readRegularFile(file: string): Promise<Buffer | null> {
  let fd: number;
  try {
    fd = openSync(file, C.O_RDONLY | SAFE_FLAGS);
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return null;
    throw refusal(file, err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnsafePathError(file, describeKind(st));
    const buf = Buffer.allocUnsafe(st.size);
    const inline = st.size <= INLINE_READ_MAX;
    let len = 0;
    while (len < buf.length) {
      const want = buf.length - len;
      const n = inline ? readSync(fd, buf, len, want, len) : await readAt(fd, buf, len, want, len);
      if (n === 0) return buf.subarray(0, len); // shrank meanwhile
      len += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** The synchronous form of readRegularFile. */
export function readRegularFileSync(file: string): Buffer | null {
  let fd: number;
  try {
    fd = openRegularSync(file, C.O_RDONLY);
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return null;
    throw err;
  }
  try {
    const chunks: Buffer[] = [];
    const size = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.max(size, 4096));
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        chunks.push(buf);
        buf = Buffer.allocUnsafe(buf.length);
        len = 0;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    chunks.push(buf.subarray(0, len));
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/**
 * A regular file's bytes on the calling thread, or null when it is larger than `max` or shrank
 * while it was read; throws like openRegularSync (ENOENT, UnsafePathError for a link or FIFO, …).
 * For small files of the state directory, which a build may have planted at any size.
 */
export function readRegularFileCapped(file: string, max: number): Buffer | null {
  const fd = openRegularSync(file, C.O_RDONLY);
  try {
    const size = fstatSync(fd).size;
    if (size > max) return null;
    const buf = Buffer.allocUnsafe(size);
    let len = 0;
    while (len < size) {
      const n = readSync(fd, buf, len, size - len, len);
      if (n === 0) return null;
      len += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** Appends `data` to a regular file (created 0644 when missing) in one write(); refuses anything else. */
export function appendRegularSync(file: string, data: string | Uint8Array): void {
  const fd = openRegularSync(file, C.O_WRONLY | C.O_APPEND | C.O_CREAT);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    writeSync(fd, bytes, 0, bytes.byteLength);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a regular file through a unique temporary name and a rename (the target, if it exists,
 * must be a regular file or absent: rename replaces a symlink itself, never what it points at).
 * The directory must already have been checked (checkDirChain / ensureDirChain).
 */
export async function writeRegularFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const handle = await openRegular(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL);
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * writeRegularFileAtomic on the calling thread, for a small file where each thread-pool trip costs
 * more than the calls themselves (the journal's cursor as a save ends, the compiler memo of a
 * compile). `tmp`: the temporary name, in the same directory, when the caller needs its own form.
 */
export function writeRegularFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
): void {
  const fd = openRegularSync(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
