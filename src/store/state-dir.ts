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
 * defaulting to ~/.local/state), one per cache directory.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export const STATE_DIR_ENV = 'COMPILE_CACHE_STATE_DIR';

export function stateDirOf(cacheDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[STATE_DIR_ENV];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const xdg = env.XDG_STATE_HOME;
  const base =
    xdg !== undefined && xdg !== '' && path.isAbsolute(xdg)
      ? xdg
      : path.join(os.homedir(), '.local', 'state');
  const id = createHash('sha256').update(path.resolve(cacheDir)).digest('hex').slice(0, 16);
  return path.join(base, 'compile-cache', id);
}
