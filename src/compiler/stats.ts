/**
 * Wrapper statistics, safe under `make -j`: every wrapper process appends one short line per event
 * to `<state dir>/stats/events` (opened with O_APPEND, one write() per line, so concurrent appends
 * never interleave or overwrite); readers count the lines. No locks, no read-modify-write. The state
 * directory belongs to the cache directory but lies outside it (src/store/state-dir.ts), so the
 * store's tree holds entries only.
 *
 * Line format: `hit`, `miss`, `uncacheable <reason>`, `error <kind>`. Unknown lines are ignored, so
 * later versions can add events.
 *
 * The state directory is as untrusted as the cache directory (a build can write it, and it persists
 * between jobs on a self-hosted runner): any directory on the way or `events` may be a planted
 * symlink (a write through it would land elsewhere), a FIFO (an open or read would block), a socket,
 * a device or a hard link to a file elsewhere. The wrapper then records nothing (statistics never
 * slow or fail a compile); the steps say so, naming the path; zeroing replaces the planted thing
 * (unlinked, or swapped out by a rename), never writing into it.
 */
import {
  closeSync,
  constants as C,
  fstatSync,
  lstatSync,
  openSync,
  promises as fs,
  writeSync
} from 'node:fs';
import path from 'node:path';
import { describeKind, openRegular, UnsafePathError, writeRegularFileAtomic } from '../store/safe-fs.js';
import {
  checkStateDir,
  ensureStateDir,
  repairStateDir,
  STATE_SUBDIRS,
  stateSubdir
} from '../store/state-dir.js';

/** The statistics' directory in the state directory, and the file in it. */
export const STATS_DIR = STATE_SUBDIRS.stats;
export const STATS_FILE = 'events';

export interface WrapperStats {
  hits: number;
  misses: number;
  /** Calls passed straight to the compiler, by reason (`link`, `multiple-inputs`, `compile-failed`, …). */
  uncacheable: Record<string, number>;
  /** Cache trouble (unreadable entry, failed write, broken cache directory, …); the compile went on. */
  errors: number;
  /** Errors by kind. */
  errorKinds: Record<string, number>;
  /** Every wrapped call: hits + misses + the sum of uncacheable. */
  calls: number;
}

export type StatEvent =
  | { type: 'hit' }
  | { type: 'miss' }
  | { type: 'uncacheable'; reason: string }
  | { type: 'error'; kind: string };

/** `<state dir of cacheDir>/stats/events`. */
export function statsFile(cacheDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateSubdir(cacheDir, STATS_DIR, env).sub, STATS_FILE);
}

/** More than any job's wrapper writes (a line is at most ~80 bytes): a bigger file was planted. */
const MAX_EVENTS_BYTES = 64 << 20;

/** A reason or kind as one token (no spaces or newlines can break the line format). */
function token(s: string): string {
  return s.replace(/[^\w.+-]/g, '_').slice(0, 64) || '_';
}

function eventLine(e: StatEvent): string {
  switch (e.type) {
    case 'hit':
      return 'hit\n';
    case 'miss':
      return 'miss\n';
    case 'uncacheable':
      return `uncacheable ${token(e.reason)}\n`;
    case 'error':
      return `error ${token(e.kind)}\n`;
  }
}

/**
 * Appends events (one write). Returns false when the stats could not be written (a planted directory
 * on the way or `events`, an unwritable state directory); the caller goes on (statistics are never
 * a reason to fail or slow a build). Costs an lstat per directory below the state directory's base
 * (O_NOFOLLOW guards only the last component), open, fstat, write and close: the fstat to refuse a
 * FIFO with a reader, a device or a hard link.
 */
export function recordEvents(cacheDir: string, events: readonly StatEvent[]): boolean {
  if (events.length === 0) return true;
  const data = Buffer.from(events.map(eventLine).join(''));
  try {
    const loc = stateSubdir(cacheDir, STATS_DIR);
    const dir = loc.sub;
    if (!checkStateDir(loc, dir)) ensureStateDir(loc, dir);
    const fd = openSync(
      path.join(dir, STATS_FILE),
      C.O_WRONLY | C.O_APPEND | C.O_CREAT | C.O_NOFOLLOW | C.O_NONBLOCK,
      0o644
    );
    try {
      const f = fstatSync(fd);
      if (!f.isFile() || f.nlink !== 1) return false;
      writeSync(fd, data, 0, data.length);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

export function emptyStats(): WrapperStats {
  return { hits: 0, misses: 0, uncacheable: {}, errors: 0, errorKinds: {}, calls: 0 };
}

export function parseStats(text: string): WrapperStats {
  const s = emptyStats();
  for (const line of text.split('\n')) {
    const [kind, arg = ''] = line.split(' ', 2);
    if (kind === 'hit') s.hits++;
    else if (kind === 'miss') s.misses++;
    else if (kind === 'uncacheable') s.uncacheable[arg] = (s.uncacheable[arg] ?? 0) + 1;
    else if (kind === 'error') {
      s.errors++;
      s.errorKinds[arg] = (s.errorKinds[arg] ?? 0) + 1;
    }
  }
  s.calls = s.hits + s.misses + Object.values(s.uncacheable).reduce((a, b) => a + b, 0);
  return s;
}

/**
 * The statistics since the last zeroStats; all zero when there are none yet. Throws UnsafePathError
 * naming a directory on the way or `events` when it is not what the wrapper writes (never blocks on
 * a FIFO).
 */
export async function readStats(cacheDir: string): Promise<WrapperStats> {
  const loc = stateSubdir(cacheDir, STATS_DIR);
  const file = path.join(loc.sub, STATS_FILE);
  if (!checkStateDir(loc, loc.sub)) return emptyStats();
  let handle: fs.FileHandle;
  try {
    handle = await openRegular(file, C.O_RDONLY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyStats();
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_EVENTS_BYTES) throw new UnsafePathError(file, `a file of ${size} bytes`);
    return parseStats(await handle.readFile('utf8'));
  } finally {
    await handle.close();
  }
}

/**
 * Starts counting from zero (the action's pre step, `zero-stats`). A planted directory on the way (a
 * symlink, a file in place of `stats` or of the state directory) is unlinked and made again as a
 * directory; `events` is replaced through a rename, so a symlink, FIFO, device or hard link there is
 * swapped out, never written through or opened. Returns what was replaced, in words naming the path,
 * for a warning.
 */
export async function zeroStats(cacheDir: string): Promise<string[]> {
  const loc = stateSubdir(cacheDir, STATS_DIR);
  const file = path.join(loc.sub, STATS_FILE);
  const replaced = repairStateDir(loc, loc.sub);
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (st !== undefined && (!st.isFile() || st.nlink !== 1)) {
    const kind = st.isFile() ? `a hard link to a file with ${st.nlink} names` : describeKind(st);
    replaced.push(`${file} was ${kind}; replaced with an empty file (nothing was written through it)`);
    if (st.isDirectory()) await fs.rm(file, { recursive: true, force: true });
  }
  await writeRegularFileAtomic(file, '');
  return replaced;
}

/** hits / (hits + misses), or null when nothing cacheable was compiled. */
export function hitRate(s: WrapperStats): number | null {
  const lookups = s.hits + s.misses;
  return lookups === 0 ? null : s.hits / lookups;
}

/** Human-readable statistics, as `compile-cache stats` prints them. */
export function formatStats(s: WrapperStats): string {
  const rate = hitRate(s);
  const lines = [
    `calls:        ${s.calls}`,
    `hits:         ${s.hits}`,
    `misses:       ${s.misses}`,
    `hit rate:     ${rate === null ? 'n/a' : (rate * 100).toFixed(1) + '%'}`,
    `uncacheable:  ${s.calls - s.hits - s.misses}`
  ];
  for (const [reason, n] of Object.entries(s.uncacheable).sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${reason}: ${n}`);
  }
  lines.push(`errors:       ${s.errors}`);
  for (const [kind, n] of Object.entries(s.errorKinds).sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${kind}: ${n}`);
  }
  return lines.join('\n') + '\n';
}
