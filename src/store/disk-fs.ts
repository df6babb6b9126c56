/**
 * Filesystem primitives of the disk store: modes applied explicitly (umask-independent), atomic blob
 * writes through unique temporary names, and whole-directory removal that is atomic for readers.
 *
 * Everything below the store's root is untrusted (see safe-fs.ts): directories are created one
 * component at a time and never through a symlink, and the staging directory is checked before
 * anything is moved into or deleted in it.
 */
import { randomBytes } from 'node:crypto';
import * as fsCb from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeKind, ensureDirChain, errorCode, UnsafePathError } from './safe-fs.js';

/** Blob files are 0644 and every directory 0755 (compat), whatever the process umask. */
export const FILE_MODE = 0o644;
export const DIR_MODE = 0o755;

/** Temporary files and staging directories older than this are crash leftovers and may be removed. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/** The directory below a store root where whole entries are assembled (import) and dropped (eviction). */
export const STAGING_DIR = '.staging';

/**
 * What the disk store did in this process, for tests and benchmarks: full walks of a store
 * (stats, list, clean, the first size estimate), blob files written (coalesced puts count once) and
 * entries a walk took as known (one lstat; see KnownEntry).
 */
export const diskStoreCounters = { walks: 0, blobWrites: 0, knownEntries: 0 };

export { errorCode };

/** ENOENT or ENOTDIR: the path (or one of its parents) does not exist as a directory. */
export function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Read once: `process.pid` is a getpid() call each time, and an import names one directory per entry. */
const PID = process.pid;

/** Where this process's suffixes start (random, drawn once) and how many it has handed out. */
let suffixBase: number | undefined;
let suffixCount = 0;

/**
 * A short suffix for unique temporary names: the pid and 12 hex digits, a random start drawn once
 * per process counted up (a restore names 3,000 staging directories: one getrandom each showed).
 */
export function uniqueSuffix(): string {
  suffixBase ??= randomBytes(6).readUIntBE(0, 6);
  const n = (suffixBase + suffixCount++) % 2 ** 48;
  return `${PID}-${n.toString(16).padStart(12, '0')}`;
}

/**
 * Creates `dir` below the trusted `root` one component at a time (an existing component must be a
 * real directory: a symlink or anything else throws UnsafePathError, so no mkdir goes through a
 * planted link), and gives every directory this call created the mode 0755 explicitly (mkdir's
 * mode is masked by the umask). Existing directories keep their modes.
 */
export function makeDirs(root: string, dir: string): void {
  let created: string[];
  try {
    created = ensureDirChain(root, dir, DIR_MODE);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT' || fsCb.existsSync(root)) throw err;
    // A fresh cache: the root itself is missing. It is trusted (the configured directory, which
    // may be or lie below a symlink the user chose), so it is created the ordinary way.
    fsCb.mkdirSync(root, { recursive: true, mode: DIR_MODE });
    created = ensureDirChain(root, dir, DIR_MODE);
  }
  for (const d of created) {
    try {
      fsCb.chmodSync(d, DIR_MODE);
    } catch (err) {
      // A concurrent clean may remove an emptied shard at once; the caller's write then retries.
      if (!isMissing(err)) throw err;
    }
  }
}

/** Writes `data` to a new file at `file` (which must not exist) with mode 0644. */
export async function writeNewFile(file: string, data: Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'wx', FILE_MODE);
  try {
    await handle.chmod(FILE_MODE);
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

// The fd-level calls of a lean write, on the callback API: FileHandle adds a tracked object and
// extra promise machinery per file, which shows when a restore writes 15,000 files.
const openFd = promisify(fsCb.open);
const writeFd = promisify(fsCb.write);
const futimesFd = promisify(fsCb.futimes);
const fchmodFd = promisify(fsCb.fchmod);
const closeFd = promisify(fsCb.close);

/**
 * Writes `data` to a new file at `file` (which must not exist) in the fewest calls: open with mode
 * 0644, write, set the times through the open fd when `mtime` is given, close. `exactModes` says
 * that the umask leaves 0644 alone (see makeStagingDir); otherwise the mode is set through the fd.
 */
export async function writeFileLean(
  file: string,
  data: Uint8Array,
  mtime: Date | undefined,
  exactModes: boolean
): Promise<void> {
  const fd = await openFd(file, 'wx', FILE_MODE);
  try {
    if (!exactModes) await fchmodFd(fd, FILE_MODE);
    // One write() moves the whole blob on a regular file; the loop covers short writes.
    for (let off = 0; off < data.byteLength;) {
      off += (await writeFd(fd, data, off, data.byteLength - off)).bytesWritten;
    }
    // After the last write, which would otherwise move the mtime again.
    if (mtime !== undefined) await futimesFd(fd, mtime, mtime);
  } finally {
    await closeFd(fd);
  }
}

/** What the store does with something unsafe it found: leaves it alone, or removes it (the thing itself, never what a link points to). */
export type UnsafeAction = 'skipped' | 'removed';

/** Hears what the store skipped or removed: the path, what it is, what was done. */
export type UnsafeReport = (p: string, kind: string, action: UnsafeAction) => void;

/**
 * Makes sure `<root>/.staging` is a real directory and returns its path. A symlink or any other
 * non-directory planted there is unlinked (the link itself: nothing it points to is touched) and
 * reported, then a real directory is made; a missing one is created (and the root with it: the
 * root is trusted), or with `create` false, null is returned.
 */
export function ensureStagingDir(root: string, report: UnsafeReport, create: true): string;
export function ensureStagingDir(root: string, report: UnsafeReport, create: boolean): string | null;
export function ensureStagingDir(root: string, report: UnsafeReport, create: boolean): string | null {
  const staging = path.join(root, STAGING_DIR);
  for (let attempt = 0; attempt < 5; attempt++) {
    let st: fsCb.Stats;
    try {
      st = fsCb.lstatSync(staging);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
      if (!create) return null;
      try {
        fsCb.mkdirSync(staging, { mode: DIR_MODE });
        fsCb.chmodSync(staging, DIR_MODE);
      } catch (mkErr) {
        const code = errorCode(mkErr);
        if (code === 'ENOENT') fsCb.mkdirSync(root, { recursive: true, mode: DIR_MODE });
        else if (code !== 'EEXIST') throw mkErr;
      }
      continue;
    }
    if (st.isDirectory()) return staging;
    report(staging, describeKind(st), 'removed');
    try {
      fsCb.unlinkSync(staging);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
    }
  }
  throw new UnsafePathError(staging, 'not a directory (it kept coming back)');
}

/**
 * Creates the directory `<root>/.staging/<name>` with mode 0755. The caller has checked the staging
 * directory (ensureStagingDir); when it is missing, it is checked and made here. Returns whether the
 * umask left the modes alone: when the new directory is 0755, the umask clears none of 0755's bits,
 * so files created 0644 are 0644 too and need no chmod. Otherwise the directory has been set to
 * 0755 and files must be chmodded.
 */
export async function makeStagingDir(
  root: string,
  name: string,
  report: UnsafeReport = () => undefined
): Promise<{ dir: string; exactModes: boolean }> {
  const dir = path.join(root, STAGING_DIR, name);
  try {
    await fs.mkdir(dir, { mode: DIR_MODE });
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
    ensureStagingDir(root, report, true);
    await fs.mkdir(dir, { mode: DIR_MODE });
  }
  const mode = (await fs.lstat(dir)).mode & 0o777;
  if (mode === DIR_MODE) return { dir, exactModes: true };
  await fs.chmod(dir, DIR_MODE);
  return { dir, exactModes: false };
}

/**
 * The pid in a staging directory's name (`<hex>-<pid>-<rand>` for an import, `trash-<pid>-<rand>`
 * for an eviction; see uniqueSuffix), or null when the name has none.
 */
export function stagingCreator(name: string): number | null {
  const m = /-(\d+)-[0-9a-f]{12}$/.exec(name);
  if (!m) return null;
  const pid = Number(m[1]);
  return Number.isSafeInteger(pid) && pid > 1 ? pid : null;
}

/**
 * True when the process named by a staging directory is certainly gone on this host (kill(pid, 0)
 * says ESRCH). This process's own directories are never taken for dead ones. A pid may have been
 * reused by an unrelated process, which keeps a leftover alive until the age bound removes it.
 */
export function creatorIsDead(name: string): boolean {
  const pid = stagingCreator(name);
  if (pid === null || pid === PID) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return errorCode(err) === 'ESRCH';
  }
}

/**
 * Removes leftovers from `staging` (checked by ensureStagingDir): directories of killed imports and
 * undeleted evictions (their creator is dead, or they are older than STALE_TEMP_MS), stale files,
 * and, at once, anything that is neither a directory nor a regular file (a planted symlink, FIFO,
 * socket or device: unlinked, never followed or opened, and reported). Returns the directories removed.
 */
export async function sweepStagingDir(staging: string, now: number, report: UnsafeReport): Promise<number> {
  let children: fsCb.Dirent[];
  try {
    children = await fs.readdir(staging, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return 0;
    throw err;
  }
  let removed = 0;
  for (const child of children) {
    const p = path.join(staging, child.name);
    try {
      const st = await fs.lstat(p);
      const stale = st.mtimeMs < now - STALE_TEMP_MS;
      if (st.isDirectory()) {
        if (!stale && !creatorIsDead(child.name)) continue;
        // A real directory inside the checked staging directory: rm never follows links below it.
        await fs.rm(p, { recursive: true, force: true, maxRetries: 3 });
        removed++;
      } else if (st.isFile()) {
        if (stale) await fs.unlink(p);
      } else {
        report(p, describeKind(st), 'removed');
        await fs.unlink(p);
      }
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }
  return removed;
}

/**
 * Blobs up to this size are written by writeAtomicSync: a compile server writes an entry of six
 * blobs and a manifest per miss, and on the thread pool each blob cost five round trips (open,
 * chmod, write, close, rename) whose promise and hand-over cost more than the calls themselves.
 * Larger blobs keep the thread pool, so that one big object does not hold its thread.
 */
export const SYNC_WRITE_MAX = 1024 * 1024;

/** writeAtomic with synchronous calls on the calling thread (for blobs up to SYNC_WRITE_MAX). */
export function writeAtomicSync(dir: string, name: string, data: Uint8Array): void {
  const tmp = path.join(dir, `.${name}.tmp-${uniqueSuffix()}`);
  try {
    // O_CREAT|O_EXCL: never through an existing path, so never through a planted link.
    const fd = fsCb.openSync(tmp, 'wx', FILE_MODE);
    try {
      fsCb.fchmodSync(fd, FILE_MODE);
      for (let done = 0; done < data.byteLength;) done += fsCb.writeSync(fd, data, done);
    } finally {
      fsCb.closeSync(fd);
    }
    fsCb.renameSync(tmp, path.join(dir, name));
  } catch (err) {
    try {
      fsCb.rmSync(tmp, { force: true });
    } catch {
      // the error that matters is the first one
    }
    throw err;
  }
}

/**
 * Writes a blob atomically: a temporary file with a unique name starting with `.` in the same
 * directory, then a rename over the blob. Readers see the old blob or the new one, never a part.
 * The directory must exist; ENOENT (e.g. the entry was evicted meanwhile) propagates for a retry.
 */
export async function writeAtomic(dir: string, name: string, data: Uint8Array): Promise<void> {
  const tmp = path.join(dir, `.${name}.tmp-${uniqueSuffix()}`);
  try {
    await writeNewFile(tmp, data);
    await fs.rename(tmp, path.join(dir, name));
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * Removes a directory tree so that readers never see a half-removed one: it is first renamed into
 * the staging directory (atomic), then deleted there. `staging` must have been checked by
 * ensureStagingDir, and every component of `dir` below the root by the caller (a walk or
 * checkDirChain): a rename moves a symlink itself, and rm never follows one below what it deletes.
 * Returns false when `dir` did not exist. Falls back to deleting in place when the rename is
 * impossible (another filesystem). ENOENT with `dir` still there means the staging directory
 * vanished: thrown as StagingGoneError for the caller to check it again.
 */
export async function removeDir(staging: string, dir: string): Promise<boolean> {
  const trash = path.join(staging, `trash-${uniqueSuffix()}`);
  try {
    await fs.rename(dir, trash);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT') {
      try {
        await fs.lstat(dir);
      } catch (statErr) {
        if (isMissing(statErr)) return false;
        throw statErr;
      }
      throw new StagingGoneError(staging);
    }
    if (isMissing(err)) return false;
    if (code === 'EXDEV' || code === 'EPERM' || code === 'EACCES' || code === 'EBUSY') {
      await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 });
      return true;
    }
    throw err;
  }
  // The entry is gone for every reader now; failing to delete the trash only leaves a stale leftover.
  await fs.rm(trash, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  return true;
}

/** The staging directory disappeared while in use (removed by someone else): check it again. */
export class StagingGoneError extends Error {
  override name = 'StagingGoneError';
  constructor(readonly staging: string) {
    super(`${staging} disappeared`);
  }
}

/** Removes an empty directory; a directory that is not empty (or already gone) is left alone. */
export async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await fs.rmdir(dir);
  } catch {
    // ENOTEMPTY, EEXIST, ENOENT, ...: keep it.
  }
}
