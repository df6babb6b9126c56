/**
 * The migration from the layout of earlier versions, which kept compile-cache's own state at the
 * cache directory's root: `.stats/` (wrapper counters), `.compilers/` (compiler digests) and
 * `.node-compile-cache/` (Node's code cache for the wrapper). They now live in the state directory
 * (state-dir.ts) and beside the shims, so the store's tree holds entries only; what an earlier
 * version left is removed. Nothing is carried over: the counters are zeroed at the start of every
 * job anyway, and digests and code cache are remade by the first compile.
 *
 * The old names lie in the untrusted cache directory, so the removal never follows a link: a
 * symlink (or FIFO, socket, device, file) in an old name is unlinked itself, and a real directory's
 * content is removed entry by entry, each looked at with lstat, descending only into real
 * directories. Runs in the steps and commands that prepare the cache directory (the action's
 * pre/post/restore/save, the CLI's restore, save and clean), not in the wrapper nor the store's
 * clean: a library user's own dot-names are theirs.
 */
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { describeKind, errorCode } from './safe-fs.js';

/** What earlier versions kept at the cache directory's root. */
export const LEGACY_STATE_NAMES = ['.stats', '.compilers', '.node-compile-cache'] as const;

/** Removes a real directory's content and then the directory, never following a link. */
function removeTreeNoFollow(dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st === undefined) continue;
    if (st.isDirectory()) removeTreeNoFollow(p);
    else unlinkSync(p);
  }
  rmdirSync(dir);
}

/**
 * Removes the old-layout state from the root of `cacheDir` (trusted, as the user's path). Returns
 * one line per name found, naming the path and what it was; never throws for one it cannot remove
 * (the line says so): cache trouble never fails a step.
 */
export function removeLegacyState(cacheDir: string): string[] {
  const notes: string[] = [];
  for (const name of LEGACY_STATE_NAMES) {
    const p = path.join(cacheDir, name);
    let st;
    try {
      st = lstatSync(p, { throwIfNoEntry: false });
    } catch (err) {
      if (errorCode(err) === 'ENOTDIR') return notes; // the cache directory itself is not one
      notes.push(`${p} could not be checked: ${(err as Error).message}`);
      continue;
    }
    if (st === undefined) continue;
    try {
      if (st.isDirectory()) {
        removeTreeNoFollow(p);
        notes.push(
          `removed ${p}, left by an earlier version (compile-cache's own state now lives outside the cache directory; nothing in it is carried over)`
        );
      } else {
        unlinkSync(p);
        notes.push(
          `removed ${p}: ${describeKind(st)} in a name an earlier version used (the link or file itself, nothing it points to)`
        );
      }
    } catch (err) {
      notes.push(`${p}, left by an earlier version, could not be removed: ${(err as Error).message}`);
    }
  }
  return notes;
}
