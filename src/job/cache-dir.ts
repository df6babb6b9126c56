/**
 * The cache directory as the steps use it. The directory itself is the user's choice (it may be a
 * symlink they made) and is trusted; everything inside it was written by builds and is not (see
 * src/store/safe-fs.ts). Here: making it without a `mkdir -p` that can spin forever, proving it
 * writable within seconds, removing what earlier versions kept at its root (src/store/legacy-state.ts),
 * and checking the wrapper's own files in its state directory (src/store/state-dir.ts), which is as
 * untrusted.
 */
import { closeSync, constants as C, lstatSync, openSync, unlinkSync } from 'node:fs';
import path, { join } from 'node:path';
import { makeDirBounded } from '../compiler/cache-root.js';
import { IDENTITY_DIR } from '../compiler/identity.js';
import { STATS_DIR, STATS_FILE } from '../compiler/stats.js';
import { removeLegacyState } from '../store/legacy-state.js';
import { describeKind } from '../store/safe-fs.js';
import { repairStateDir, stateLocation } from '../store/state-dir.js';
import { errorText } from '../sync/failures.js';

/** The cache directory cannot be made or written: cache trouble (a warning unless fail-on-error). */
export class CacheDirError extends Error {
  override name = 'CacheDirError';
}

/**
 * Makes the cache directory (one mkdir per missing component, each tried once) and proves it can
 * be written by creating and removing a probe file. Throws CacheDirError naming the input and the
 * path. Returns at once either way: nothing here can wait on a FIFO or loop. Then removes the state
 * an earlier version kept at the directory's root, and returns what it removed, naming each path
 * (for an info line).
 */
export function prepareCacheDir(cacheDir: string): string[] {
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
  return removeLegacyState(cacheDir);
}

/** What the wrapper skipped in the state directory, and whether its statistics were among it. */
export interface WrapperPathCheck {
  /** One message per path that is not what the wrapper writes, naming it. */
  notes: string[];
  /** The statistics cannot be read as they are (report them as unavailable). */
  statsUnsafe: boolean;
}

/**
 * The wrapper's directories in the state directory that are not real directories (a planted
 * symlink, FIFO, file, …, the state directory itself or a directory above it included), and an
 * `events` file that is not a regular file with one name: what the wrapper skipped (it records
 * nothing, or hashes the compiler every time). One message per path.
 */
export function checkWrapperPaths(cacheDir: string): WrapperPathCheck {
  const notes: string[] = [];
  const look = (p: string, want: 'dir' | 'file'): boolean => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st === undefined) return false;
    const ok = want === 'dir' ? st.isDirectory() : st.isFile() && st.nlink === 1;
    if (!ok) {
      const kind = st.isFile() ? `a hard link to a file with ${st.nlink} names` : describeKind(st);
      notes.push(`${p} is ${kind}; the compiler wrapper left it alone and did not use it`);
    }
    return ok;
  };
  const loc = stateLocation(cacheDir);
  const rel = path.relative(loc.base, loc.dir);
  let p = loc.base;
  for (const part of rel === '' ? [] : rel.split(path.sep)) {
    p = path.join(p, part);
    // Missing: nothing below was written. Planted: nothing below was used.
    if (!look(p, 'dir')) return { notes, statsUnsafe: notes.length > 0 };
  }
  const stats = join(loc.dir, STATS_DIR);
  if (look(stats, 'dir')) look(join(stats, STATS_FILE), 'file');
  const statsUnsafe = notes.length > 0;
  look(join(loc.dir, IDENTITY_DIR), 'dir');
  return { notes, statsUnsafe };
}

/**
 * The pre step's repair of the wrapper's `compilers` directory: a planted non-directory there or
 * above it in the state directory is unlinked (the link itself, never what it points at), so the
 * wrapper can remember compiler hashes again. Returns what was removed, naming the path.
 */
export function repairIdentityDir(cacheDir: string): string[] {
  const loc = stateLocation(cacheDir);
  return repairStateDir(loc, join(loc.dir, IDENTITY_DIR));
}
