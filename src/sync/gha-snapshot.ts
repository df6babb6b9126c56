/**
 * The disk side of the GitHub Actions cache backend, which moves the whole cache directory as one
 * archive (the service takes at most 200 new entries a minute per repository, so one upload per
 * cache entry is out of the question):
 *
 * - linkSnapshot: the namespaces' entries hard-linked into a directory the archive is made from,
 *   without what must not travel (dot names: the wrapper's `.stats`, `.staging`, temporary files;
 *   the Go system's `<name>.tmp`). Links cost no copy, and the blobs keep their times, so the
 *   least-recently-used order travels with the archive.
 * - localManifest / newEntries: which entries the archive lacks, so that a job that added none does
 *   not upload the same archive again under a new key (keys are immutable, and every upload takes
 *   space from the repository's 10 GB until the service evicts it).
 */
import { copyFile, link, mkdir, readdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskCacheStore } from '../store/disk.js';
import { isTempName, splitNamespacePath } from '../store/validate.js';
import { entryId, isCompleteEntry, namespaceView } from './entries.js';
import type { SyncManifest } from './manifest.js';

export interface SnapshotFigures {
  files: number;
  bytes: number;
}

/**
 * Links every blob below `<cacheDir>/<namespace>` into `<dir>/<namespace>` (same layout), for each
 * namespace. Where a hard link is impossible (another file system, a file system without links)
 * the blob is copied with its time. Directories and files whose names start with `.` and the Go
 * system's `.tmp` files are left out.
 */
export async function linkSnapshot(
  cacheDir: string,
  namespaces: readonly string[],
  dir: string
): Promise<SnapshotFigures> {
  const figures: SnapshotFigures = { files: 0, bytes: 0 };
  async function walk(from: string, to: string): Promise<void> {
    let items;
    try {
      items = await readdir(from, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await mkdir(to, { recursive: true });
    for (const item of items) {
      if (isTempName(item.name)) continue;
      const src = join(from, item.name);
      const dst = join(to, item.name);
      if (item.isDirectory()) {
        await walk(src, dst);
      } else if (item.isFile()) {
        const st = await stat(src).catch(() => null);
        if (!st) continue; // removed meanwhile (a concurrent clean): not part of the snapshot
        try {
          await link(src, dst);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') continue;
          if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw err;
          await copyFile(src, dst);
          await utimes(dst, st.atime, st.mtime);
        }
        figures.files++;
        figures.bytes += st.size;
      }
    }
  }
  for (const ns of namespaces) {
    const parts = splitNamespacePath(ns);
    await walk(join(cacheDir, ...parts), join(dir, ...parts));
  }
  return figures;
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
  const manifest: SyncManifest = { version: 1, restoredAt: restoredAt.toISOString(), namespaces: {} };
  for (const ns of namespaces) {
    const m: Record<string, number> = {};
    for (const e of await namespaceView(local, ns).list()) m[entryId(e)] = e.mtime.getTime();
    manifest.namespaces[ns] = { local: m, remote: {} };
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
    const known = manifest?.namespaces[ns]?.remote;
    const c: NamespaceContents = { namespace: ns, entries: 0, bytes: 0, newEntries: 0, newBytes: 0 };
    for (const e of await namespaceView(local, ns).list()) {
      if (!isCompleteEntry(ns, e)) continue;
      c.entries++;
      c.bytes += e.size;
      if (!known || !(entryId(e) in known)) {
        c.newEntries++;
        c.newBytes += e.size;
      }
    }
    out.push(c);
  }
  return out;
}
