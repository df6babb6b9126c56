/**
 * A PackBucket over a directory of the state directory, so that the pack writer (write.ts) can
 * write packs there exactly as it writes them to a bucket: the compile server prepacks the job's
 * new entries this way (prepack.ts), and the save sends those packs' chunks (prepacked.ts).
 *
 * The state directory is as untrusted as the cache directory (a build can write it): every
 * component below the trusted base is made or checked with lstat (state-dir.ts), files are written
 * through a temporary name and a rename, and read only as regular files (O_NOFOLLOW|O_NONBLOCK,
 * fstat), never beyond `maxFileBytes`; a listing names regular files only; a delete unlinks the
 * name itself (never what a planted link points at).
 */
import { readdirSync, lstatSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { checkStateDir, ensureStateDir, type StateLocation } from '../../store/state-dir.js';
import { errorCode, readRegularFileCapped, writeRegularFileAtomic } from '../../store/safe-fs.js';
import type { PackBucket, PackObject } from './bucket.js';

/** Keys are `<folder>/<name>`: one level of folders (the packs' `v1/`), names without separators. */
const KEY = /^(?:[A-Za-z0-9._-]+\/)?[A-Za-z0-9._-]+$/;

/** A key (or folder) that stays in the bucket's directory: no `.` or `..` part. */
function isKey(key: string): boolean {
  return KEY.test(key) && key.split('/').every(p => p !== '.' && p !== '..');
}

export class StatePackBucket implements PackBucket {
  constructor(
    private readonly loc: StateLocation,
    /** The bucket's directory: below loc.dir. */
    readonly dir: string,
    private readonly maxFileBytes: number
  ) {}

  private fileOf(key: string): string {
    if (!isKey(key)) {
      throw new Error(`not a key of a state-directory bucket: ${JSON.stringify(key)}`);
    }
    return path.join(this.dir, ...key.split('/'));
  }

  /** Whether the folder of `file` exists as real directories from the base (throws when planted). */
  private folderReady(file: string): boolean {
    return checkStateDir(this.loc, path.dirname(file));
  }

  async put(key: string, body: Buffer): Promise<void> {
    const file = this.fileOf(key);
    ensureStateDir(this.loc, path.dirname(file));
    await writeRegularFileAtomic(file, body);
  }

  /** The file's bytes, or null when it is missing, not a regular file, or over the cap. */
  read(key: string): Buffer | null {
    const file = this.fileOf(key);
    try {
      return this.folderReady(file) ? readRegularFileCapped(file, this.maxFileBytes) : null;
    } catch {
      return null;
    }
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const data = this.read(key);
    if (data === null) return null;
    return (async function* () {
      yield data;
    })();
  }

  /** The regular files of the folder `prefix` (`v1/`, or `` for the top); nothing when it is missing or planted. */
  async list(prefix: string): Promise<PackObject[]> {
    const folder = prefix.replace(/\/$/, '');
    if (folder !== '' && !isKey(folder))
      throw new Error(`not a folder of a state-directory bucket: ${JSON.stringify(prefix)}`);
    const dir = folder === '' ? this.dir : path.join(this.dir, folder);
    try {
      if (!checkStateDir(this.loc, dir)) return [];
    } catch {
      return [];
    }
    const out: PackObject[] = [];
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (!d.isFile() || !isKey(d.name)) continue;
      const st = lstatSync(path.join(dir, d.name), { throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      out.push({
        key: folder === '' ? d.name : `${folder}/${d.name}`,
        size: st.size,
        lastModified: st.mtime
      });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async delete(keys: string[]): Promise<void> {
    // On the calling thread, like the folder checks: a save removes the packs it took from here
    // as its last step, a few files, where each thread-pool trip costs more than the unlink.
    for (const key of keys) {
      const file = this.fileOf(key);
      try {
        // Never through a folder a build replaced with a link: that would unlink outside.
        if (!this.folderReady(file)) continue;
        unlinkSync(file);
      } catch (err) {
        if (errorCode(err) !== 'ENOENT') throw err;
      }
    }
  }
}
