/**
 * Filesystem primitives of the disk store: modes applied explicitly (umask-independent), atomic blob
 * writes through unique temporary names, and whole-directory removal that is atomic for readers.
 */
import { randomBytes } from 'node:crypto';
import * as fsCb from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

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

/** The error code of a failed fs call, if any. */
export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

/** ENOENT or ENOTDIR: the path (or one of its parents) does not exist as a directory. */
export function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Read once: `process.pid` is a getpid() call each time, and an import names one directory per entry. */
const PID = process.pid;

/** A short random suffix for unique temporary names. */
export function uniqueSuffix(): string {
  return `${PID}-${randomBytes(6).toString('hex')}`;
}

/**
 * Creates `dir` and any missing parents, and gives every directory this call created the mode 0755
 * explicitly (mkdir's mode is masked by the umask). Existing directories keep their modes.
 */
export async function makeDirs(dir: string): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  const created: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    created.push(d);
    if (d === first || path.dirname(d) === d) break;
  }
  for (const d of created.reverse()) {
    try {
      await fs.chmod(d, DIR_MODE);
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

/**
 * Creates the directory `<root>/.staging/<name>` (and `.staging` itself when it is missing) with
 * mode 0755. Returns whether the umask left the modes alone: when the new directory is 0755,
 * the umask clears none of 0755's bits, so files created 0644 are 0644 too and need no chmod.
 * Otherwise the directory has been set to 0755 and files must be chmodded.
 */
export async function makeStagingDir(
  root: string,
  name: string
): Promise<{ dir: string; exactModes: boolean }> {
  const stagingRoot = path.join(root, STAGING_DIR);
  const dir = path.join(stagingRoot, name);
  try {
    await fs.mkdir(dir, { mode: DIR_MODE });
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
    await makeDirs(stagingRoot);
    await fs.mkdir(dir, { mode: DIR_MODE });
  }
  const mode = (await fs.lstat(dir)).mode & 0o777;
  if (mode === DIR_MODE) return { dir, exactModes: true };
  await fs.chmod(dir, DIR_MODE);
  return { dir, exactModes: false };
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
 * `<root>/.staging/` (atomic), then deleted there. Returns false when `dir` did not exist.
 * Falls back to deleting in place when the rename is impossible (another filesystem).
 */
export async function removeDir(root: string, dir: string): Promise<boolean> {
  const staging = path.join(root, STAGING_DIR);
  const trash = path.join(staging, `trash-${uniqueSuffix()}`);
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(dir, trash);
      break;
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' && attempt === 0) {
        // Either `dir` is gone or the staging directory does not exist yet.
        try {
          await fs.lstat(dir);
        } catch (statErr) {
          if (isMissing(statErr)) return false;
          throw statErr;
        }
        await makeDirs(staging);
        continue;
      }
      if (isMissing(err)) return false;
      if (code === 'EXDEV' || code === 'EPERM' || code === 'EACCES' || code === 'EBUSY') {
        await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 });
        return true;
      }
      throw err;
    }
  }
  // The entry is gone for every reader now; failing to delete the trash only leaves a stale leftover.
  await fs.rm(trash, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  return true;
}

/** Removes an empty directory; a directory that is not empty (or already gone) is left alone. */
export async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await fs.rmdir(dir);
  } catch {
    // ENOTEMPTY, EEXIST, ENOENT, ...: keep it.
  }
}
