/**
 * The compiler's identity for the key: a SHA-256 of the compiler binary's content. Hashing a driver
 * on every call would cost more than the rest of a hit, so the digest is remembered in
 * `<cacheDir>/.compilers/`, under a name derived from the real path and everything `stat` says
 * changes when the file is replaced (size, mtime, ctime, inode, device).
 */
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nodeCrypto } from './lazy-crypto.js';
import { tempSuffix } from './temp-name.js';

export const IDENTITY_DIR = '.compilers';

/**
 * The hex SHA-256 of the compiler's content, memoised per (real path, size, mtime, ctime, inode).
 * `realPath`: the caller's realpath of `compiler`, when it has one (saves a system call per compile).
 */
export function compilerIdentity(compiler: string, cacheDir: string | null, realPath?: string): string {
  const { createHash } = nodeCrypto();
  const real = realPath ?? realpathSync(compiler);
  const st = statSync(real, { bigint: true });
  const memoKey = createHash('sha256')
    .update([real, st.size, st.mtimeNs, st.ctimeNs, st.ino, st.dev].join('\0'))
    .digest('hex');
  const memoDir = cacheDir === null ? null : path.join(cacheDir, IDENTITY_DIR);
  const memoFile = memoDir === null ? null : path.join(memoDir, memoKey);
  if (memoFile !== null) {
    try {
      const remembered = readFileSync(memoFile, 'latin1');
      if (/^[0-9a-f]{64}$/.test(remembered)) return remembered;
    } catch {
      // not remembered yet (or unreadable): hash below
    }
  }
  const digest = createHash('sha256').update(readFileSync(real)).digest('hex');
  if (memoDir !== null && memoFile !== null) {
    try {
      mkdirSync(memoDir, { recursive: true });
      const tmp = path.join(memoDir, `.${memoKey}.tmp-${tempSuffix()}`);
      writeFileSync(tmp, digest);
      renameSync(tmp, memoFile);
    } catch {
      // Only a lost optimisation: the next call hashes again.
    }
  }
  return digest;
}
