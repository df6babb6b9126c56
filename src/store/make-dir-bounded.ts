/**
 * A trusted directory (the cache directory the user chose, the state directory's base) made the
 * way nothing can hang: the directory and its ancestors are the user's path, followed as they are;
 * what lies below them is not trusted (see safe-fs.ts).
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { errorCode } from './safe-fs.js';

/**
 * Creates `dir` and its missing ancestors, top down, with one mkdir per component and no retry.
 * `mkdir -p` (Node's recursive mkdir) can spin forever where mkdir keeps saying ENOENT for a parent
 * that exists (below `/proc`, for instance); here every component is tried once, so a directory that
 * cannot be made is an error at once. Existing components are followed (they are the user's path).
 */
export function makeDirBounded(dir: string, mode = 0o755): void {
  const abs = path.resolve(dir);
  try {
    if (statSync(abs).isDirectory()) return;
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  const { root } = path.parse(abs);
  let p = root;
  for (const part of abs.slice(root.length).split(path.sep)) {
    if (part === '') continue;
    p = path.join(p, part);
    try {
      mkdirSync(p, { mode });
      continue;
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw err;
    }
    if (!statSync(p).isDirectory()) {
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${abs}' (${p} is not a directory)`), {
        code: 'ENOTDIR'
      });
    }
  }
}
