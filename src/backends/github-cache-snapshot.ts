/**
 * The disk side of the GitHub Actions cache backend, which moves the whole cache directory as one
 * archive (the service takes at most 200 new entries a minute per repository, so one upload per
 * cache entry is out of the question):
 *
 * - linkSnapshot: the namespaces' entries hard-linked into a directory the archive is made from,
 *   without what must not travel (dot names: `.staging`, temporary files;
 *   the Go system's `<name>.tmp`). Links cost no copy, and the blobs keep their times, so the
 *   least-recently-used order travels with the archive.
 * - localManifest / newEntries: which entries the archive lacks, so that a job that added none does
 *   not upload the same archive again under a new key (keys are immutable, and every upload takes
 *   space from the repository's 10 GB until the service evicts it).
 */
import { constants } from 'node:fs';
import { link, lstat, mkdir, readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskCacheStore } from '../store/disk.js';
import { direntKind } from '../store/disk-walk.js';
import {
  checkDirChain,
  describeKind,
  ensureDirChain,
  openRegular,
  UnsafePathError
} from '../store/safe-fs.js';
import { isTempName, splitNamespacePath } from '../store/validate.js';
import { entryId, isCompleteEntry, namespaceView } from '../sync/entries.js';
import type { SyncManifest } from '../sync/manifest.js';
import { ManifestEntries, type ManifestEntry } from '../sync/manifest-entries.js';

export interface SnapshotFigures {
  files: number;
  bytes: number;
}

/**
 * Links every blob below `<cacheDir>/<namespace>` into `<dir>/<namespace>` (same layout), for each
 * namespace. Where a hard link is impossible (another file system, a file system without links)
 * the blob is copied with its time. Directories and files whose names start with `.` and the Go
 * system's `.tmp` files are left out.
 *
 * Everything below `cacheDir` is untrusted (issue 12): only real directories are entered (a
 * namespace directory planted as a symlink is not followed) and only regular files are linked or
 * copied (a symlink, FIFO, socket or device is never linked, opened or archived); each one skipped
 * is passed to `onSkip` with what it is. `dir` must be a real directory (or missing): the snapshot
 * never writes through a symlink.
 */
export async function linkSnapshot(
  cacheDir: string,
  namespaces: readonly string[],
  dir: string,
  onSkip?: (path: string, kind: string) => void
): Promise<SnapshotFigures> {
  const figures: SnapshotFigures = { files: 0, bytes: 0 };
  await mkdir(dir, { recursive: true });
  const top = await lstat(dir);
  if (!top.isDirectory()) throw new UnsafePathError(dir, describeKind(top));
  async function walk(from: string, to: string): Promise<void> {
    let items;
    try {
      items = await readdir(from, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    ensureDirChain(dir, to);
    for (const item of items) {
      if (isTempName(item.name)) continue;
      const src = join(from, item.name);
      const dst = join(to, item.name);
      // The dirent's type is the entry's own: a symlink is never taken for what it points to.
      if (item.isDirectory()) {
        await walk(src, dst);
      } else if (item.isFile()) {
        const st = await lstat(src).catch(() => null);
        if (!st) continue; // removed meanwhile (a concurrent clean): not part of the snapshot
        if (!st.isFile()) {
          onSkip?.(src, describeKind(st));
          continue;
        }
        try {
          // link(2) never follows a symlink in its source; the source is a regular file anyway.
          await link(src, dst);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') continue;
          if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw err;
          if (!(await copyRegular(src, dst))) continue;
          await utimes(dst, st.atime, st.mtime);
        }
        figures.files++;
        figures.bytes += st.size;
      } else {
        onSkip?.(src, direntKind(item));
      }
    }
  }
  for (const ns of namespaces) {
    const parts = splitNamespacePath(ns);
    const from = join(cacheDir, ...parts);
    // The namespace's own directories (`compile`, `compile/local`) are checked from the trusted
    // cache directory: one planted as a symlink is skipped whole, never followed.
    try {
      if (!checkDirChain(cacheDir, from)) continue;
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      onSkip?.(err.path, err.found);
      continue;
    }
    await walk(from, join(dir, ...parts));
  }
  return figures;
}

/** Copies a regular file opened O_NOFOLLOW|O_NONBLOCK to a new file; false when it is gone. */
async function copyRegular(src: string, dst: string): Promise<boolean> {
  let from;
  try {
    from = await openRegular(src, constants.O_RDONLY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const to = await openRegular(dst, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
    try {
      await to.writeFile(await from.readFile());
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
  return true;
}

/**
 * A manifest of what is on disk now and nothing on the remote side, for a job that restored no
 * archive: the save then takes every entry as new (the service may hold none of them).
 */
export async function localManifest(
  local: DiskCacheStore,
  namespaces: readonly string[],
  restoredAt: Date
): Promise<SyncManifest> {
  const manifest: SyncManifest = { version: 2, restoredAt: restoredAt.toISOString(), namespaces: {} };
  for (const ns of namespaces) {
    const m = new Map<string, ManifestEntry>();
    for (const e of await namespaceView(local, ns).list()) m.set(entryId(e), { local: e.mtime.getTime() });
    manifest.namespaces[ns] = { entries: ManifestEntries.from(m, { sizes: false }) };
  }
  return manifest;
}

export interface NamespaceContents {
  namespace: string;
  /** Complete entries on disk and their bytes. */
  entries: number;
  bytes: number;
  /** Of those, the ones not in the restored archive (the manifest's remote side; all without one). */
  newEntries: number;
  newBytes: number;
}

/**
 * What is on disk per namespace, and what of it the restored archive did not hold: the entries this
 * job compiled, plus, on a self-hosted runner, any that only this disk had.
 */
export async function newEntries(
  local: DiskCacheStore,
  namespaces: readonly string[],
  manifest: SyncManifest | null
): Promise<NamespaceContents[]> {
  const out: NamespaceContents[] = [];
  for (const ns of namespaces) {
    const known = manifest?.namespaces[ns]?.entries;
    const c: NamespaceContents = { namespace: ns, entries: 0, bytes: 0, newEntries: 0, newBytes: 0 };
    for (const e of await namespaceView(local, ns).list()) {
      if (!isCompleteEntry(ns, e)) continue;
      c.entries++;
      c.bytes += e.size;
      if (!known || known.remoteTime(entryId(e)) === undefined) {
        c.newEntries++;
        c.newBytes += e.size;
      }
    }
    out.push(c);
  }
  return out;
}
