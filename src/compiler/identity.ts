/**
 * The compiler's identity for the key: a SHA-256 of the compiler binary's content. Hashing a driver
 * on every call would cost more than the rest of a hit, so the digest is remembered in
 * `<state dir>/compilers/` (the cache directory's state directory, outside its tree:
 * src/store/state-dir.ts), under a name derived from the real path and everything `stat` says
 * changes when the file is replaced (size, mtime, ctime, inode, device).
 *
 * The state directory is as untrusted as the cache directory: `compilers` is used only when lstat
 * says it and every directory above it below the state directory's base are real directories
 * (O_NOFOLLOW guards only a path's last component), a memo is read only from a
 * regular file opened with O_NOFOLLOW|O_NONBLOCK (a FIFO never blocks the compile), and a new memo
 * is written through an exclusive temporary file and a rename. Anything else there is left alone
 * and reported through `onUnsafe`; the digest is then computed, as without a memo.
 */
import {
  closeSync,
  constants as C,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync
} from 'node:fs';
import path from 'node:path';
import { describeKind, UnsafePathError, writeRegularFileAtomicSync } from '../store/safe-fs.js';
import {
  checkStateDir,
  ensureStateDir,
  STATE_SUBDIRS,
  stateSubdir,
  type StateLocation
} from '../store/state-dir.js';
import { isSha256Hex } from '../store/validate.js';
import { nodeCrypto } from './lazy-crypto.js';
import { tempSuffix } from './temp-name.js';

/** The memos' directory in the state directory. */
export const IDENTITY_DIR = STATE_SUBDIRS.compilers;

/** The remembered digest in `memoFile`, or null (missing, unsafe, malformed). */
function readMemo(
  loc: StateLocation,
  memoDir: string,
  memoFile: string,
  onUnsafe: (err: UnsafePathError) => void
): string | null {
  try {
    if (!checkStateDir(loc, memoDir)) return null;
  } catch (err) {
    if (err instanceof UnsafePathError) onUnsafe(err);
    return null;
  }
  let fd: number;
  try {
    fd = openSync(memoFile, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') onUnsafe(new UnsafePathError(memoFile, 'a symbolic link'));
    else if (code === 'ENXIO') {
      const st = lstatSync(memoFile, { throwIfNoEntry: false });
      onUnsafe(new UnsafePathError(memoFile, st === undefined ? 'not a regular file' : describeKind(st)));
    }
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      onUnsafe(new UnsafePathError(memoFile, describeKind(st)));
      return null;
    }
    // One read: a memo is 64 bytes; anything longer is not one.
    const buf = Buffer.allocUnsafe(65);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.toString('latin1', 0, n);
    return isSha256Hex(text) ? text : null;
  } finally {
    closeSync(fd);
  }
}

function writeMemo(loc: StateLocation, memoDir: string, memoFile: string, digest: string): void {
  ensureStateDir(loc, memoDir);
  // A dot name: never taken for a memo by a reader of the directory.
  const tmp = path.join(memoDir, `.${path.basename(memoFile)}.tmp-${tempSuffix()}`);
  writeRegularFileAtomicSync(memoFile, digest, tmp);
}

/**
 * The hex SHA-256 of the compiler's content, memoised per (real path, size, mtime, ctime, inode).
 * `realPath`: the caller's realpath of `compiler`, when it has one (saves a system call per compile).
 * `onUnsafe`: told about a planted `compilers` directory (or one above it) or memo (the digest is still returned).
 * `memory`: digests by memo key kept in the caller's process (a compile server's session), checked
 * before `compilers/`; the stat above is still made on every call, so a replaced compiler is seen.
 */
export function compilerIdentity(
  compiler: string,
  cacheDir: string | null,
  realPath?: string,
  onUnsafe: (err: UnsafePathError) => void = () => undefined,
  memory?: Map<string, string>
): string {
  const { createHash } = nodeCrypto();
  const real = realPath ?? realpathSync.native(compiler);
  const st = statSync(real, { bigint: true });
  const stamp = [real, st.size, st.mtimeNs, st.ctimeNs, st.ino, st.dev].join('\0');
  // A server's memory is keyed by the stamp itself: the memo file's name (its hash) is needed only
  // on the way to disk, and a hit would otherwise hash it every time.
  const known = memory?.get(stamp);
  if (known !== undefined) return known;
  const memoKey = createHash('sha256').update(stamp).digest('hex');
  const digest = identityByMemo(real, memoKey, cacheDir, onUnsafe);
  memory?.set(stamp, digest);
  return digest;
}

function identityByMemo(
  real: string,
  memoKey: string,
  cacheDir: string | null,
  onUnsafe: (err: UnsafePathError) => void
): string {
  const { createHash } = nodeCrypto();
  const loc = cacheDir === null ? null : stateSubdir(cacheDir, IDENTITY_DIR);
  const memoDir = loc === null ? null : loc.sub;
  const memoFile = memoDir === null ? null : path.join(memoDir, memoKey);
  if (loc !== null && memoDir !== null && memoFile !== null) {
    try {
      const remembered = readMemo(loc, memoDir, memoFile, onUnsafe);
      if (remembered !== null) return remembered;
    } catch {
      // unreadable: hash below
    }
  }
  const digest = createHash('sha256').update(readFileSync(real)).digest('hex');
  if (loc !== null && memoDir !== null && memoFile !== null) {
    try {
      writeMemo(loc, memoDir, memoFile, digest);
    } catch (err) {
      if (err instanceof UnsafePathError) onUnsafe(err);
      // Otherwise only a lost optimisation: the next call hashes again.
    }
  }
  return digest;
}
