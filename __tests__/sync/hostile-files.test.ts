/**
 * Issue 12 for the sync's own file access outside the store's walk: the manifest (in a directory
 * the build can write), the GitHub-cache snapshot (hard links or copies of the cache directory)
 * and the pack writer's entry reader. None of them follows a planted symlink or opens a FIFO,
 * socket or device; each skips it (the manifest falls back to listing the bucket) and names it.
 */
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DiskCacheStore } from '../../src/store/disk.js';
import { UnsafePathError } from '../../src/store/safe-fs.js';
import { linkSnapshot } from '../../src/backends/github-cache-snapshot.js';
import { readManifest, writeManifest, type SyncManifest } from '../../src/sync/manifest.js';
import { readLocalEntry } from '../../src/sync/packs/write.js';
import {
  PLANT_KINDS,
  makeCanaryTree,
  plant,
  snapshotTree,
  withWatchdog,
  type CanaryTree
} from '../helpers/hostile-tree.js';
import { writeCompileEntry } from './helpers.js';

const WATCHDOG_MS = 30_000;
const made: string[] = [];
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});

async function scratch(): Promise<{ dir: string; canary: CanaryTree }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hostile-files-'));
  made.push(dir);
  return { dir, canary: await makeCanaryTree(dir) };
}

const MANIFEST: SyncManifest = { version: 2, restoredAt: new Date(0).toISOString(), namespaces: {} };

/** Every file below `dir` (relative, sorted), with its kind. */
async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      const st = await lstat(path.join(d, name));
      const r = rel ? `${rel}/${name}` : name;
      if (st.isDirectory()) await walk(path.join(d, name), r);
      else out.push(`${r} ${st.isFile() ? 'file' : 'other'}`);
    }
  };
  await walk(dir, '');
  return out;
}

describe('the manifest', () => {
  it.each(PLANT_KINDS)('planted as a %s is not read: null, a log line naming it, no hang', async kind => {
    const { dir, canary } = await scratch();
    const real = path.join(dir, 'real-manifest.json');
    await writeFile(real, JSON.stringify(MANIFEST));
    const p = path.join(dir, 'manifest.json');
    const planted = await plant(kind, p, { target: kind === 'dir-symlink' ? canary.home : real });
    if (planted.skipped) return console.warn(`skipped: cannot make ${kind} here`);
    const lines: string[] = [];
    try {
      const m = await withWatchdog(
        readManifest(p, l => lines.push(l)),
        WATCHDOG_MS,
        `readManifest of a ${kind}`
      );
      expect(m).toBeNull();
      expect(planted.hung()).toBe(false);
    } finally {
      await planted.close();
    }
    expect(lines.join('\n')).toContain(p);
  });

  it('written over a symlink to a file outside replaces the link, never the file', async () => {
    const { dir, canary } = await scratch();
    const p = path.join(dir, 'manifest.json');
    await symlink(canary.file, p);
    const before = snapshotTree(canary.dir);
    await writeManifest(p, MANIFEST);
    expect(snapshotTree(canary.dir)).toEqual(before);
    expect((await lstat(p)).isFile()).toBe(true);
    expect(await readManifest(p)).toEqual(MANIFEST);
  });

  it('is not written through a directory planted as a symlink', async () => {
    const { dir, canary } = await scratch();
    await symlink(canary.home, path.join(dir, 'job'));
    const before = snapshotTree(canary.dir);
    await expect(writeManifest(path.join(dir, 'job', 'manifest.json'), MANIFEST)).rejects.toThrow(
      UnsafePathError
    );
    expect(snapshotTree(canary.dir)).toEqual(before);
  });
});

describe('the GitHub-cache snapshot', () => {
  it.each(PLANT_KINDS)('links only regular files: a %s at any level is skipped and named', async kind => {
    const { dir, canary } = await scratch();
    const cache = path.join(dir, 'cache');
    const store = new DiskCacheStore(cache);
    const legit = await writeCompileEntry(store, 'compile/local');
    const entry = path.join(cache, 'compile/local', legit.key.slice(0, 2), legit.key);
    const places = [
      path.join(cache, 'source'), // a namespace root
      path.join(cache, 'compile', 'other'), // a tenant
      // a shard (not the legitimate entry's: its key is random, and 1 in 256 starts with `ab`)
      path.join(cache, 'compile', 'local', legit.key.startsWith('ab') ? 'cd' : 'ab'),
      path.join(entry, 'extras') // a blob
    ];
    await mkdir(path.join(cache, 'compile', 'local'), { recursive: true });
    const planted = [];
    for (const p of places) {
      const target = kind === 'dir-symlink' ? canary.secretNamespace : canary.file;
      planted.push(await plant(kind, p, { target }));
    }
    if (planted[0]!.skipped) return console.warn(`skipped: cannot make ${kind} here`);
    const before = snapshotTree(canary.dir);
    const out = path.join(cache, '.gha-archive');
    const skipped: string[] = [];
    try {
      const figures = await withWatchdog(
        linkSnapshot(cache, ['compile', 'source'], out, p => skipped.push(p)),
        WATCHDOG_MS,
        `linkSnapshot with ${kind}`
      );
      expect(figures.files).toBe(Object.keys(legit.blobs).length);
      for (const p of planted) expect(p.hung()).toBe(false);
    } finally {
      for (const p of planted) await p.close();
    }
    expect(snapshotTree(canary.dir)).toEqual(before);
    // Exactly the legitimate entry's blobs, all regular files.
    const rel = `compile/local/${legit.key.slice(0, 2)}/${legit.key}`;
    expect(await listing(out)).toEqual(
      Object.keys(legit.blobs)
        .sort()
        .map(n => `${rel}/${n} file`)
    );
    expect(skipped.sort()).toEqual([...places].sort());
  });
});

describe("the pack writer's entry reader", () => {
  it('reads only regular blobs; a symlink or FIFO blob is skipped and named, never read', async () => {
    const { dir, canary } = await scratch();
    const entry = path.join(dir, 'entry');
    await mkdir(entry);
    await writeFile(path.join(entry, 'exit_code'), '0');
    await plant('file-symlink', path.join(entry, 'output'), { target: canary.file });
    const fifo = await plant('fifo', path.join(entry, 'stderr'));
    const skipped: string[] = [];
    try {
      const e = await withWatchdog(
        readLocalEntry(entry, 'local', 'ab'.repeat(32), p => skipped.push(p)),
        WATCHDOG_MS,
        'readLocalEntry'
      );
      expect(e!.blobs.map(b => b.name)).toEqual(['exit_code']);
      expect(fifo.hung()).toBe(false);
    } finally {
      await fifo.close();
    }
    expect(skipped.sort()).toEqual([path.join(entry, 'output'), path.join(entry, 'stderr')]);
    expect(await readFile(canary.file, 'utf8')).toBe('a file outside the cache\n');
  });

  it('refuses an entry directory that is a symlink', async () => {
    const { dir, canary } = await scratch();
    const entry = path.join(dir, 'entry');
    await symlink(path.join(canary.secretNamespace, 'ab', canary.secretKey), entry);
    await expect(readLocalEntry(entry, 'local', canary.secretKey)).rejects.toThrow(UnsafePathError);
  });
});
