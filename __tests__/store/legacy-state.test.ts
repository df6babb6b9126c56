/**
 * The migration from the old layout (issue 11): what earlier versions kept at the cache directory's
 * root (`.stats`, `.compilers`, `.node-compile-cache`) is removed, never following a link: a
 * symlink, FIFO, socket or device in an old name is unlinked itself, and a real directory's content
 * is removed without descending into links (a canary tree they point at is hashed before and after).
 * Entries and the store's `.staging` stay.
 */
import { existsSync, lstatSync, promises as fs, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiskCacheStore } from '../../src/store/disk.js';
import { LEGACY_STATE_NAMES, removeLegacyState } from '../../src/store/legacy-state.js';
import { hashTree, makeCanaryTree, plant, PLANT_KINDS, type CanaryTree } from '../helpers/hostile-tree.js';

let work: string;
let canary: CanaryTree;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'compile-cache-legacy-'));
  canary = await makeCanaryTree(work);
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

let n = 0;

/** A cache directory with one entry, as the store writes it. */
async function cacheWithEntry(): Promise<{ dir: string; key: Buffer }> {
  const dir = path.join(work, `cache-${++n}`);
  const key = Buffer.alloc(32, n);
  await new DiskCacheStore(dir)
    .namespace('compile')
    .namespace('local')
    .put(key, 'output', Buffer.from('obj'));
  return { dir, key };
}

test('an old-layout cache directory: the three directories go, with what is in them; entries and .staging stay', async () => {
  const { dir } = await cacheWithEntry();
  await fs.mkdir(path.join(dir, '.stats'));
  await fs.writeFile(path.join(dir, '.stats', 'events'), 'hit\nmiss\n');
  await fs.mkdir(path.join(dir, '.compilers'));
  await fs.writeFile(path.join(dir, '.compilers', 'a'.repeat(64)), 'b'.repeat(64));
  await fs.mkdir(path.join(dir, '.node-compile-cache', 'v22.0.0-x64-abc'), { recursive: true });
  await fs.writeFile(path.join(dir, '.node-compile-cache', 'v22.0.0-x64-abc', '1234'), 'code');
  await fs.mkdir(path.join(dir, '.staging'));

  const notes = removeLegacyState(dir);
  expect(notes).toHaveLength(3);
  for (const name of LEGACY_STATE_NAMES) {
    expect(existsSync(path.join(dir, name))).toBe(false);
    expect(notes.some(m => m.startsWith(`removed ${path.join(dir, name)}, left by an earlier version`))).toBe(
      true
    );
  }
  expect(readdirSync(dir).sort()).toEqual(['.staging', 'compile']);
  expect(await new DiskCacheStore(dir).stats()).toEqual({ entries: 1, bytes: 3 });
  // Nothing left: a second run says nothing.
  expect(removeLegacyState(dir)).toEqual([]);
});

describe.each(LEGACY_STATE_NAMES)('%s planted', name => {
  test.each(PLANT_KINDS)('as a %s: unlinked itself, nothing it points at is touched', async kind => {
    const { dir } = await cacheWithEntry();
    const p = path.join(dir, name);
    const planted = await plant(kind, p, {
      target: kind === 'dir-symlink' ? canary.home : canary.file,
      fifoGuardMs: 10_000
    });
    if (planted.skipped) return; // a device needs root
    const before = hashTree(canary.dir);
    try {
      const notes = removeLegacyState(dir);
      expect(planted.hung()).toBe(false);
      expect(notes).toEqual([expect.stringMatching(new RegExp(`^removed ${p}: a `))]);
      expect(lstatSync(p, { throwIfNoEntry: false })).toBeUndefined();
      expect(hashTree(canary.dir)).toBe(before);
      expect(await new DiskCacheStore(dir).stats()).toEqual({ entries: 1, bytes: 3 });
    } finally {
      await planted.close();
    }
  });
});

test('a real old directory holding links, FIFOs and nested directories: emptied without following any', async () => {
  const { dir } = await cacheWithEntry();
  const old = path.join(dir, '.node-compile-cache');
  await fs.mkdir(path.join(old, 'nested', 'deeper'), { recursive: true });
  await fs.symlink(canary.home, path.join(old, 'home-link'));
  await fs.symlink(canary.file, path.join(old, 'nested', 'file-link'));
  await fs.symlink(canary.secretNamespace, path.join(old, 'nested', 'deeper', 'namespace-link'));
  await fs.writeFile(path.join(old, 'nested', 'deeper', 'plain'), 'x');
  const fifo = await plant('fifo', path.join(old, 'nested', 'fifo'), { fifoGuardMs: 10_000 });
  const before = hashTree(canary.dir);
  try {
    const notes = removeLegacyState(dir);
    expect(fifo.hung()).toBe(false);
    expect(notes).toEqual([expect.stringContaining(`removed ${old}, left by an earlier version`)]);
    expect(existsSync(old)).toBe(false);
    expect(hashTree(canary.dir)).toBe(before);
    expect(readdirSync(canary.home).length).toBeGreaterThan(0);
  } finally {
    await fifo.close();
  }
});

test('a cache directory that does not exist, or is a file: nothing to do, no error', async () => {
  expect(removeLegacyState(path.join(work, 'missing'))).toEqual([]);
  const file = path.join(work, 'a-file');
  await fs.writeFile(file, 'x');
  expect(removeLegacyState(file)).toEqual([]);
});
