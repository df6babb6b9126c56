/**
 * Issue 12 at the store: whatever a build planted under the cache directory (a FIFO, a socket, a
 * character device, a symlink to a directory or to a file) at any level of the layout, the disk
 * store's stats, list, clean, get, put, has, touch, remove and importEntry never follow it, never
 * open it, never delete or write outside the cache directory, never hang, and report it by path.
 *
 * Every case plants one thing, runs every operation under a watchdog, and checks a canary tree
 * outside the cache (hashed before and after, lstat only) and the store's findings.
 */
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DiskCacheStore, type UnsafeFinding } from '../../src/store/disk.js';
import { UnsafePathError } from '../../src/store/safe-fs.js';
import {
  PLANT_KINDS,
  makeCanaryTree,
  plant,
  snapshotTree,
  withWatchdog,
  type CanaryTree,
  type PlantKind
} from '../helpers/hostile-tree.js';

/** The key the canary's secret entry has: a planted link makes it look like this cache's entry. */
const KEY = 'ab'.repeat(32);
const WATCHDOG_MS = 30_000;
const DAY = 24 * 3600_000;

/** A pid that is certainly dead: a child that has already exited. */
const DEAD_PID = spawnSync(process.execPath, ['-e', '0']).pid!;

interface Level {
  name: string;
  /** Where the thing is planted, relative to the cache directory. */
  rel: string;
  /** What a planted directory symlink points to: the canary part shaped like what belongs there. */
  dirTarget: (c: CanaryTree) => string;
}

const LEVELS: Level[] = [
  // `compile` -> a directory holding `namespace/ab/<KEY>`: followed, it is tenant `namespace`.
  { name: 'namespace root', rel: 'compile', dirTarget: c => c.dir },
  { name: 'tenant', rel: 'compile/local', dirTarget: c => c.secretNamespace },
  { name: 'shard', rel: 'compile/local/ab', dirTarget: c => path.join(c.secretNamespace, 'ab') },
  { name: 'entry', rel: `compile/local/ab/${KEY}`, dirTarget: c => path.join(c.secretNamespace, 'ab', KEY) },
  { name: 'blob', rel: `compile/local/ab/${KEY}/output`, dirTarget: c => c.home },
  { name: 'staging', rel: '.staging', dirTarget: c => c.home },
  // Named like the leftover of a killed import (dead pid), so the sweep acts on it.
  { name: 'staging child', rel: `.staging/${KEY}-${DEAD_PID}-0123456789ab`, dirTarget: c => c.home }
];

const made: string[] = [];
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});

async function scratch(): Promise<{ cache: string; canary: CanaryTree }> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'hostile-store-'));
  made.push(base);
  const cache = path.join(base, 'cache');
  await mkdir(cache);
  return { cache, canary: await makeCanaryTree(base) };
}

/** Real entries beside the planted thing (in `source`, so any level of `compile` can be planted), so the clean has work. */
async function seed(store: DiskCacheStore): Promise<string[]> {
  const keys = ['01'.repeat(32), 'ab' + '02'.repeat(31)];
  for (const k of keys) {
    const view = store.namespace('source').namespace('local');
    for (const name of ['output', 'stdout', 'stderr', 'exit_code', 'metadata']) {
      await view.put(k, name, Buffer.from(`${name} of ${k}`));
    }
  }
  return keys;
}

/** Creates the real parents of the planted path (and, at blob level, the entry's other blobs). */
async function prepare(cache: string, level: Level): Promise<void> {
  await mkdir(path.dirname(path.join(cache, level.rel)), { recursive: true });
  if (level.name === 'blob') {
    const entry = path.dirname(path.join(cache, level.rel));
    for (const name of ['stdout', 'stderr', 'exit_code', 'metadata']) {
      await writeFile(path.join(entry, name), name === 'exit_code' ? '0' : '');
    }
  }
}

/** Runs `op`; an UnsafePathError (the per-key calls' refusal) is an acceptable outcome. */
async function refusedOr<T>(op: () => Promise<T>): Promise<T | 'refused'> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof UnsafePathError) return 'refused';
    throw err;
  }
}

const cases: [string, PlantKind, Level][] = [];
for (const level of LEVELS)
  for (const kind of PLANT_KINDS) cases.push([`${level.name}: ${kind}`, kind, level]);

describe('a thing planted under the cache directory is never followed, opened or deleted through', () => {
  it.each(cases)('%s', async (_name, kind, level) => {
    const { cache, canary } = await scratch();
    const findings: UnsafeFinding[] = [];
    const store = new DiskCacheStore(cache, { onUnsafe: f => findings.push(f) });
    const legit = await seed(store);
    await prepare(cache, level);
    const where = path.join(cache, level.rel);
    const planted = await plant(kind, where, {
      target: kind === 'dir-symlink' ? level.dirTarget(canary) : canary.file
    });
    if (planted.skipped) {
      console.warn(`skipped: cannot make ${kind} here (not root)`);
      return;
    }
    const before = snapshotTree(canary.dir);
    const view = store.namespace('compile').namespace('local');
    try {
      await withWatchdog(
        (async () => {
          // Reads: nothing of the canary may come back, whatever the level.
          for (const s of [store, store.namespace('compile'), view]) {
            await s.stats();
            const listed = await s.list();
            for (const e of listed) {
              expect(e.key).not.toBe(canary.secretKey);
              expect(e.key).not.toBe('cd'.repeat(32));
            }
          }
          const got = await refusedOr(() => view.get(KEY, 'output'));
          expect(got === null || got === 'refused' || !got.toString().includes(canary.secret)).toBe(true);
          await refusedOr(() => view.has(KEY));
          await refusedOr(() => view.touch(KEY));
          // Writes: never land outside.
          await refusedOr(() => view.put(KEY, 'extras', Buffer.from('written by the test')));
          await refusedOr(() => view.put('cd'.repeat(32), 'output', Buffer.from('written by the test')));
          await view.importEntry('ab' + '03'.repeat(31), [{ name: 'output', data: Buffer.from('imported') }]);
          await view.importEntry(KEY, [{ name: 'stderr', data: Buffer.from('imported') }]);
          // Deletions: never leave the cache directory (the canary has a 400-day-old entry).
          await view.remove([KEY, 'cd'.repeat(32)]);
          await store.namespace('compile').clean(1, DAY);
          await store.clean(1, DAY);
          await store.cleanAndList(1, 1);
        })(),
        WATCHDOG_MS,
        `store operations with ${kind} at ${level.rel}`
      );
      expect(planted.hung()).toBe(false);
    } finally {
      await planted.close();
    }

    expect(snapshotTree(canary.dir)).toEqual(before);
    // The legitimate entries were there to be cleaned: the clean did run (and inside only).
    expect(await store.namespace('source').namespace('local').has(legit[0]!)).toBe(false);
    // The planted path is named in a warning (a staging one is removed, the rest skipped).
    const named = findings.filter(f => f.path === where);
    expect(named.length).toBeGreaterThan(0);
    expect(named[0]!.message).toContain(where);
    if (level.rel.startsWith('.staging')) expect(named[0]!.action).toBe('removed');
    else expect(named[0]!.action).toBe('skipped');
  });
});

describe('per-key calls refuse a planted path by name instead of following it', () => {
  it('get of a blob planted as a symlink to a file outside throws UnsafePathError naming it', async () => {
    const { cache, canary } = await scratch();
    const store = new DiskCacheStore(cache).namespace('compile');
    await store.put(KEY, 'exit_code', Buffer.from('0'));
    const blob = path.join(store.entryPath(KEY), 'output');
    await plant('file-symlink', blob, { target: canary.file });
    await expect(store.get(KEY, 'output')).rejects.toThrow(UnsafePathError);
    await expect(store.get(KEY, 'output')).rejects.toThrow(blob);
  });

  it('put through a shard planted as a symlink to a directory outside throws and writes nothing there', async () => {
    const { cache, canary } = await scratch();
    const store = new DiskCacheStore(cache).namespace('compile');
    await mkdir(path.join(cache, 'compile'));
    await plant('dir-symlink', path.join(cache, 'compile', 'ab'), { target: canary.home });
    const before = snapshotTree(canary.dir);
    await expect(store.put(KEY, 'output', Buffer.from('x'))).rejects.toThrow(
      `${path.join(cache, 'compile', 'ab')} is a symbolic link`
    );
    expect(snapshotTree(canary.dir)).toEqual(before);
  });

  it('a regular file where a shard belongs is a miss for get and has, as before', async () => {
    const { cache } = await scratch();
    const store = new DiskCacheStore(cache);
    await writeFile(path.join(cache, 'ab'), 'not a shard');
    expect(await store.get(KEY, 'output')).toBeNull();
    expect(await store.has(KEY)).toBe(false);
  });

  it('a leftover staging directory of a dead importer holding a symlink is removed without following it', async () => {
    const { cache, canary } = await scratch();
    const leftover = path.join(cache, '.staging', `${KEY}-${DEAD_PID}-0123456789ab`);
    await mkdir(leftover, { recursive: true });
    await plant('dir-symlink', path.join(leftover, 'output'), { target: canary.home });
    const before = snapshotTree(canary.dir);
    await new DiskCacheStore(cache).clean(0, 0);
    expect(snapshotTree(canary.dir)).toEqual(before);
    await expect(lstat(leftover)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('the root is trusted', () => {
  it('a put into a cache directory that does not exist yet creates it', async () => {
    const { cache } = await scratch();
    const fresh = path.join(cache, 'not', 'yet');
    const view = new DiskCacheStore(fresh).namespace('compile').namespace('local');
    await view.put(KEY, 'output', Buffer.from('x'));
    expect((await view.get(KEY, 'output'))!.toString()).toBe('x');
  });

  it('a root that is a symlink the user chose is used through it', async () => {
    const { cache } = await scratch();
    const link = `${cache}-link`;
    await symlink(cache, link);
    made.push(link);
    const view = new DiskCacheStore(link).namespace('compile');
    await view.put(KEY, 'output', Buffer.from('x'));
    expect((await view.list()).map(e => e.key)).toEqual([KEY]);
    expect((await lstat(path.join(cache, 'compile', 'ab', KEY, 'output'))).isFile()).toBe(true);
  });
});
