/**
 * The cache directory as the steps use it. The directory itself is the user's choice (it may be a
 * symlink they made) and is trusted; everything inside it was written by builds and is not (see
 * src/store/safe-fs.ts). Here: making it without a `mkdir -p` that can spin forever, proving it
 * writable within seconds, and checking the wrapper's own files inside it.
 */
import { closeSync, constants as C, lstatSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirBounded } from '../compiler/cache-root.js';
import { IDENTITY_DIR } from '../compiler/identity.js';
import { STATS_DIR, STATS_FILE } from '../compiler/stats.js';
import { describeKind } from '../store/safe-fs.js';
import { errorText } from '../sync/failures.js';

/** The cache directory cannot be made or written: cache trouble (a warning unless fail-on-error). */
export class CacheDirError extends Error {
  override name = 'CacheDirError';
}

/**
 * Makes the cache directory (one mkdir per missing component, each tried once) and proves it can
 * be written by creating and removing a probe file. Throws CacheDirError naming the input and the
 * path. Returns at once either way: nothing here can wait on a FIFO or loop.
 */
export function prepareCacheDir(cacheDir: string): void {
  const probe = join(cacheDir, `.write-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    makeDirBounded(cacheDir);
    closeSync(openSync(probe, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW | C.O_NONBLOCK, 0o600));
    unlinkSync(probe);
  } catch (err) {
    throw new CacheDirError(
      `the cache directory ${cacheDir} (input "cache-dir") cannot be created or written: ${errorText(err)}`
    );
  }
}

/**
 * The wrapper's directories in the cache directory that are not real directories (a planted
 * symlink, FIFO, file, …), and an `events` file that is not a regular file with one name: what the
 * wrapper skipped (it records nothing, or hashes the compiler every time). One message per path.
 */
export function unsafeWrapperPaths(cacheDir: string): string[] {
  const found: string[] = [];
  const look = (p: string, want: 'dir' | 'file'): boolean => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st === undefined) return false;
    const ok = want === 'dir' ? st.isDirectory() : st.isFile() && st.nlink === 1;
    if (!ok) {
      const kind = st.isFile() ? `a hard link to a file with ${st.nlink} names` : describeKind(st);
      found.push(`${p} is ${kind}; the compiler wrapper left it alone and did not use it`);
    }
    return ok;
  };
  const stats = join(cacheDir, STATS_DIR);
  if (look(stats, 'dir')) look(join(stats, STATS_FILE), 'file');
  look(join(cacheDir, IDENTITY_DIR), 'dir');
  return found;
}

/**
 * The pre step's repair of the wrapper's `.compilers`: a planted non-directory there is unlinked
 * (the link itself, never what it points at), so the wrapper can remember compiler hashes again.
 * Returns what was removed, naming the path.
 */
export function repairIdentityDir(cacheDir: string): string[] {
  const dir = join(cacheDir, IDENTITY_DIR);
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (st === undefined || st.isDirectory()) return [];
  unlinkSync(dir);
  return [`${dir} was ${describeKind(st)}; removed (the link itself, not what it points at)`];
}
