/**
 * Where compile-cache keeps its own state for a cache directory: wrapper counters, compiler identity
 * memos, the journal of entries written since the last save. None of it belongs in the store's
 * tree, which holds entries only, so that the Go system's store, opened on the same directory,
 * counts, walks and evicts nothing of ours (docs/store.md, "The cache directory").
 *
 * The state lives outside the cache directory rather than beside it as a sibling: the cache
 * directory is often a mount point on self-hosted runners, whose parent the user cannot write.
 * `COMPILE_CACHE_STATE_DIR` names it outright; otherwise it is
 * `$XDG_STATE_HOME/compile-cache/<16 hex digits of the cache directory's path hash>` (XDG_STATE_HOME
 * defaulting to ~/.local/state; a relative one is ignored, as the XDG specification says), one per
 * cache directory.
 *
 * The state directory is as untrusted as the cache directory: a build runs as the same user and can
 * plant anything there. Its base (COMPILE_CACHE_STATE_DIR itself, or the XDG state home) is the
 * user's path and trusted, like the cache directory; every component below it is checked with lstat
 * and made one at a time (safe-fs.ts), mode 0700, and files in it are opened the safe-fs way.
 */
import { lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeCrypto } from './lazy-crypto.js';
import { makeDirBounded } from './make-dir-bounded.js';
import { checkDirChain, describeKind, ensureDirChain, errorCode } from './safe-fs.js';

export const STATE_DIR_ENV = 'COMPILE_CACHE_STATE_DIR';

/** Directories the state directory holds (no dots: nothing else shares it). */
export const STATE_SUBDIRS = {
  /** The wrapper's statistics (`stats/events`, src/compiler/stats.ts). */
  stats: 'stats',
  /** Remembered compiler digests (src/compiler/identity.ts). */
  compilers: 'compilers'
} as const;

/** The state directory and the trusted directory it lies in (or is). */
export interface StateLocation {
  /** Trusted, made with makeDirBounded: COMPILE_CACHE_STATE_DIR itself, or the XDG state home. */
  base: string;
  /** The state directory: `base` itself, or `<base>/compile-cache/<id>`. */
  dir: string;
}

/**
 * State directories assigned to particular cache directories, ahead of any environment: the compile
 * server's rehearsal (src/server/rehearsal.ts) compiles into a throwaway cache directory whose state
 * must not land in the state directory COMPILE_CACHE_STATE_DIR names for the real one. Per thread.
 */
const assigned = new Map<string, string>();

/** Assigns `dir` (absolute, trusted) as the state directory of `cacheDir`; null takes the assignment back. */
export function assignStateDir(cacheDir: string, dir: string | null): void {
  if (dir === null) assigned.delete(path.resolve(cacheDir));
  else assigned.set(path.resolve(cacheDir), path.resolve(dir));
}

export function stateLocation(cacheDir: string, env: NodeJS.ProcessEnv = process.env): StateLocation {
  const own = assigned.size === 0 ? undefined : assigned.get(path.resolve(cacheDir));
  if (own !== undefined) return { base: own, dir: own };
  const explicit = env[STATE_DIR_ENV];
  if (explicit !== undefined && explicit !== '') {
    const dir = path.resolve(explicit);
    return { base: dir, dir };
  }
  const xdg = env.XDG_STATE_HOME;
  const base =
    xdg !== undefined && xdg !== '' && path.isAbsolute(xdg)
      ? path.resolve(xdg)
      : path.join(os.homedir(), '.local', 'state');
  return { base, dir: path.join(base, 'compile-cache', stateId(path.resolve(cacheDir))) };
}

/** Ids by resolved cache directory: a compile server asks for the same few several times per hit. */
const ids = new Map<string, string>();

/** The state directory's name for a cache directory: 16 hex digits of its path's SHA-256. */
function stateId(resolved: string): string {
  let id = ids.get(resolved);
  if (id === undefined) {
    // Loaded lazily: the wrapper records statistics for calls that never hash anything else.
    id = nodeCrypto().createHash('sha256').update(resolved).digest('hex').slice(0, 16);
    if (ids.size >= 64) ids.clear();
    ids.set(resolved, id);
  }
  return id;
}

export function stateDirOf(cacheDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return stateLocation(cacheDir, env).dir;
}

/** `<state dir>/<sub>` with its location. */
export function stateSubdir(
  cacheDir: string,
  sub: string,
  env: NodeJS.ProcessEnv = process.env
): StateLocation & { sub: string } {
  const loc = stateLocation(cacheDir, env);
  return { ...loc, sub: path.join(loc.dir, sub) };
}

/**
 * Makes `target` (the state directory or a directory in it): the base with makeDirBounded, then each
 * component below it with one mkdir (0700), each checked with lstat. Throws UnsafePathError naming
 * the first component that is not a real directory (nothing is made through it).
 */
export function ensureStateDir(loc: StateLocation, target: string = loc.dir): void {
  makeDirBounded(loc.base, 0o700);
  ensureDirChain(loc.base, target, 0o700);
}

/**
 * True when every component of `target` below the base is a real directory, false when one is
 * missing; throws UnsafePathError naming the first that is something else.
 */
export function checkStateDir(loc: StateLocation, target: string = loc.dir): boolean {
  return checkDirChain(loc.base, target);
}

/**
 * Makes `target` as ensureStateDir does, but a component below the base that is not a real directory
 * (a planted symlink, file, FIFO, …) is unlinked first (the link itself, never what it points at)
 * and made again. Returns what was removed, in words naming the path, for a warning.
 */
export function repairStateDir(loc: StateLocation, target: string = loc.dir): string[] {
  makeDirBounded(loc.base, 0o700);
  const notes: string[] = [];
  const rel = path.relative(loc.base, target);
  if (rel === '') return notes;
  let p = loc.base;
  for (const part of rel.split(path.sep)) {
    p = path.join(p, part);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) continue;
    if (st !== undefined) {
      unlinkSync(p);
      notes.push(`${p} was ${describeKind(st)}; removed (the link itself, not what it points at)`);
    }
    try {
      mkdirSync(p, { mode: 0o700 });
    } catch (err) {
      // Someone made it meanwhile: ensureDirChain below checks what it is.
      if (errorCode(err) !== 'EEXIST') throw err;
    }
  }
  ensureDirChain(loc.base, target, 0o700);
  return notes;
}
