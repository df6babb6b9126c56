import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DiskCacheStore, diskStoreCounters } from '../../src/store/disk.js';
import { HOUR, exists, hexKey, indexKey, removeTempDirs, setEntryTime, tempDir } from './disk-helpers.js';

afterAll(removeTempDirs);

/** Puts one 100-byte entry and dates it `ageMs` ago. */
async function entry(store: DiskCacheStore, key: string, ageMs: number, size = 100): Promise<void> {
  await store.put(key, 'output', Buffer.alloc(size - 1, 1));
  await store.put(key, 'exit_code', Buffer.from('0'));
  await setEntryTime(store.entryPath(key), new Date(Date.now() - ageMs));
}

const keysOf = async (store: DiskCacheStore) =>
  (await store.list()).map(e => (e.namespace === '' ? e.key : `${e.namespace}:${e.key}`));

describe('clean', () => {
  it('by size evicts least recently used entries until the total is at or below maxSize', async () => {
    const store = new DiskCacheStore(await tempDir());
    for (let i = 0; i < 5; i++) await entry(store, hexKey(i + 1), (5 - i) * 60_000); // key 1 is the oldest
    expect(await store.stats()).toEqual({ entries: 5, bytes: 500 });

    const result = await store.clean(250, 0);
    expect(result).toEqual({
      bySize: { entries: 3, bytes: 300 },
      byAge: { entries: 0, bytes: 0 },
      remaining: { entries: 2, bytes: 200 }
    });
    expect(await keysOf(store)).toEqual([hexKey(4), hexKey(5)]);
    expect(await store.stats()).toEqual({ entries: 2, bytes: 200 });
    // Emptied shard directories go; at or below the limit nothing more is evicted.
    expect((await fs.readdir(store.dir())).sort()).toEqual(['.staging', '04', '05']);
    expect(await fs.readdir(path.join(store.dir(), '.staging'))).toEqual([]);
    expect((await store.clean(200, 0)).bySize.entries).toBe(0);
  });

  it('by age evicts every entry older than now - maxAge, whatever the size', async () => {
    const store = new DiskCacheStore(await tempDir());
    await entry(store, hexKey(1), 3 * HOUR);
    await entry(store, hexKey(2), 2 * HOUR);
    await entry(store, hexKey(3), 10 * 60_000);
    const result = await store.clean(0, HOUR);
    expect(result).toEqual({
      bySize: { entries: 0, bytes: 0 },
      byAge: { entries: 2, bytes: 200 },
      remaining: { entries: 1, bytes: 100 }
    });
    expect(await keysOf(store)).toEqual([hexKey(3)]);
  });

  it('applies age first, then size, and reports each separately', async () => {
    const store = new DiskCacheStore(await tempDir());
    await entry(store, hexKey(1), 5 * HOUR);
    await entry(store, hexKey(2), 4 * HOUR);
    await entry(store, hexKey(3), 30 * 60_000);
    await entry(store, hexKey(4), 20 * 60_000, 300);
    await entry(store, hexKey(5), 10 * 60_000);
    const result = await store.clean(450, 3 * HOUR);
    expect(result).toEqual({
      byAge: { entries: 2, bytes: 200 },
      bySize: { entries: 1, bytes: 100 },
      remaining: { entries: 2, bytes: 400 }
    });
    expect(await keysOf(store)).toEqual([hexKey(4), hexKey(5)]);
  });

  it('with both limits disabled evicts nothing', async () => {
    const store = new DiskCacheStore(await tempDir());
    await entry(store, hexKey(1), 100 * HOUR);
    expect((await store.clean(0, 0)).remaining).toEqual({ entries: 1, bytes: 100 });
    expect((await store.clean(-1, -5)).remaining).toEqual({ entries: 1, bytes: 100 });
  });
});

describe('a parent sees every namespace below it', () => {
  async function populate() {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    const compileLocal = store.namespace('compile').namespace('local');
    const compileOther = store.namespace('compile').namespace('other');
    const sourceLocal = store.namespace('source').namespace('local');
    await entry(store, hexKey(0x01), 6 * HOUR);
    await entry(compileLocal, hexKey(0x02), 5 * HOUR);
    await entry(compileLocal, hexKey(0x03), 10 * 60_000);
    await entry(compileOther, hexKey(0x04), 4 * HOUR);
    await entry(sourceLocal, hexKey(0x05), 3 * HOUR);
    await entry(sourceLocal, hexKey(0x06), 5 * 60_000);
    return { root, store, compileLocal, compileOther, sourceLocal };
  }

  it('stats and list at every level', async () => {
    const { store, compileLocal } = await populate();
    expect(await store.stats()).toEqual({ entries: 6, bytes: 600 });
    expect(await store.namespace('compile').stats()).toEqual({ entries: 3, bytes: 300 });
    expect(await compileLocal.stats()).toEqual({ entries: 2, bytes: 200 });
    expect(await keysOf(store)).toEqual([
      hexKey(0x01),
      `compile/local:${hexKey(0x02)}`,
      `compile/local:${hexKey(0x03)}`,
      `compile/other:${hexKey(0x04)}`,
      `source/local:${hexKey(0x05)}`,
      `source/local:${hexKey(0x06)}`
    ]);
    expect(await keysOf(store.namespace('compile'))).toEqual([
      `local:${hexKey(0x02)}`,
      `local:${hexKey(0x03)}`,
      `other:${hexKey(0x04)}`
    ]);
    const [first] = await compileLocal.list();
    expect(first).toMatchObject({ key: hexKey(0x02), namespace: '', size: 100 });
    expect(first!.blobs.map(b => [b.name, b.size])).toEqual([
      ['exit_code', 1],
      ['output', 99]
    ]);
  });

  it('clean by size at the root evicts least recently used across namespaces', async () => {
    const { store } = await populate();
    const result = await store.clean(250, 0);
    expect(result.bySize).toEqual({ entries: 4, bytes: 400 });
    expect(result.remaining).toEqual({ entries: 2, bytes: 200 });
    expect(await keysOf(store)).toEqual([`compile/local:${hexKey(0x03)}`, `source/local:${hexKey(0x06)}`]);
  });

  it('an age clean at the root deletes entries, never namespace directories', async () => {
    const { root, store } = await populate();
    const result = await store.clean(0, 2 * HOUR);
    expect(result.byAge).toEqual({ entries: 4, bytes: 400 });
    expect(await keysOf(store)).toEqual([`compile/local:${hexKey(0x03)}`, `source/local:${hexKey(0x06)}`]);
    // Namespaces with live entries are intact; the emptied one stays as a directory.
    expect((await fs.readdir(path.join(root, 'compile'))).sort()).toEqual(['local', 'other']);
    expect(await fs.readdir(path.join(root, 'compile', 'other'))).toEqual([]);
    expect(await fs.readdir(path.join(root, 'compile', 'local'))).toEqual(['03']);
    expect(await fs.readdir(path.join(root, 'source', 'local'))).toEqual(['06']);
    expect(await exists(path.join(root, '01'))).toBe(false);
  });

  it('a clean on a view touches only that view', async () => {
    const { store, compileLocal } = await populate();
    const result = await compileLocal.clean(0, HOUR);
    expect(result.byAge).toEqual({ entries: 1, bytes: 100 });
    expect(await store.stats()).toEqual({ entries: 5, bytes: 500 });
  });

  it('a namespace named like a shard is still a namespace', async () => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    const ab = store.namespace('ab');
    await entry(ab, hexKey(0xab), 0); // <root>/ab/ab/abab…
    await entry(store, hexKey(0xab), 0); // <root>/ab/abab…
    await entry(store.namespace('cd'), hexKey(0x01), 0); // <root>/cd/01/0101…
    expect(await keysOf(store)).toEqual([hexKey(0xab), `ab:${hexKey(0xab)}`, `cd:${hexKey(0x01)}`]);
    expect(await store.stats()).toEqual({ entries: 3, bytes: 300 });
    expect(await ab.stats()).toEqual({ entries: 1, bytes: 100 });
  });
});

describe('touch and least-recently-used order', () => {
  it('a touched old entry survives an LRU clean that evicts a newer, untouched one', async () => {
    const store = new DiskCacheStore(await tempDir());
    const view = store.namespace('compile').namespace('local');
    await entry(view, hexKey(0xaa), 3 * HOUR); // written long ago, but used now
    await entry(view, hexKey(0xbb), 1 * HOUR);
    await view.touch(hexKey(0xaa));
    const result = await store.clean(100, 0);
    expect(result.bySize).toEqual({ entries: 1, bytes: 100 });
    expect(await view.has(hexKey(0xaa))).toBe(true);
    expect(await view.has(hexKey(0xbb))).toBe(false);
  });
});

describe('put with a size limit', () => {
  const KIB = 1024;

  it('keeps the store within the limit over many puts, without a scan per put', async () => {
    const maxSize = 64 * KIB;
    const store = new DiskCacheStore(await tempDir(), { maxSize });
    const walksPerPut: number[] = [];
    for (let i = 0; i < 300; i++) {
      const before = diskStoreCounters.walks;
      await store.put(indexKey(i), 'output', Buffer.alloc(KIB, i));
      walksPerPut.push(diskStoreCounters.walks - before);
      if (i % 10 === 9) {
        const { bytes } = await store.stats();
        expect(bytes).toBeLessThanOrEqual(maxSize * 1.1);
      }
    }
    const { bytes, entries } = await store.stats();
    expect(bytes).toBeLessThanOrEqual(maxSize * 1.1);
    expect(entries).toBeGreaterThanOrEqual(64);
    // One scan to start the estimate; then a real clean only each time the estimate passes the
    // limit by 10% (here every 7 puts of 1 KiB), and no put scans more than once.
    expect(walksPerPut[0]).toBe(1);
    expect(walksPerPut.slice(1, 70).every(w => w === 0)).toBe(true);
    expect(walksPerPut.every(w => w <= 1)).toBe(true);
    const total = walksPerPut.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(1 + Math.ceil((300 - 70) / 6));
    // The oldest entries are the ones evicted.
    for (let i = 0; i < 100; i++) expect(await store.has(indexKey(i))).toBe(false);
  });

  it('puts under the limit scan once in all, and an explicit clean goes down to maxSize', async () => {
    const maxSize = 1024 * KIB;
    const store = new DiskCacheStore(await tempDir(), { maxSize });
    const before = diskStoreCounters.walks;
    for (let i = 0; i < 100; i++) await store.put(indexKey(i), 'output', Buffer.alloc(KIB, 1));
    expect(diskStoreCounters.walks - before).toBe(1);
    const result = await store.clean(50 * KIB, 0);
    expect(result.remaining.bytes).toBeLessThanOrEqual(50 * KIB);
  });

  it('a namespace view has no limit, but its writes count toward the limited parent', async () => {
    const maxSize = 32 * KIB;
    const root = await tempDir();
    const limited = new DiskCacheStore(root, { maxSize });
    const view = limited.namespace('compile').namespace('local');
    await limited.put(indexKey(1000), 'output', Buffer.alloc(KIB, 1)); // starts the estimate
    const before = diskStoreCounters.walks;
    for (let i = 0; i < 64; i++) await view.put(indexKey(i), 'output', Buffer.alloc(KIB, 2));
    expect(diskStoreCounters.walks - before).toBe(0); // a view never scans or evicts
    expect((await limited.stats()).bytes).toBe(65 * KIB);
    await limited.put(indexKey(1001), 'output', Buffer.alloc(KIB, 3));
    expect((await limited.stats()).bytes).toBeLessThanOrEqual(maxSize);
    expect(await limited.has(indexKey(1001))).toBe(true);
  });

  it('counts imported entries too', async () => {
    const maxSize = 16 * KIB;
    const store = new DiskCacheStore(await tempDir(), { maxSize });
    for (let i = 0; i < 40; i++) {
      await store.importEntry(
        indexKey(i),
        [{ name: 'output', data: Buffer.alloc(KIB, 1) }],
        new Date(1e12 + i)
      );
    }
    expect((await store.stats()).bytes).toBeLessThanOrEqual(maxSize * 1.1);
    expect(await store.has(indexKey(39))).toBe(true);
  });
});

describe('cleanAndList (the save: stats, clean and list in one walk)', () => {
  it('gives what stats, clean and list in a row give, from one walk', async () => {
    // Two identical stores: one cleaned the long way, one through cleanAndList.
    const make = async () => {
      const store = new DiskCacheStore(await tempDir());
      const local = store.namespace('compile').namespace('local');
      for (let i = 0; i < 4; i++) await entry(local, hexKey(i + 1), (4 - i) * 60_000);
      await entry(store.namespace('source'), hexKey(9), 3 * HOUR);
      return store;
    };
    const longWay = await make();
    const before = await longWay.stats();
    const cleaned = await longWay.clean(250, 2 * HOUR);
    const listed = await longWay.list();

    const oneWalk = await make();
    const walks = diskStoreCounters.walks;
    const r = await oneWalk.cleanAndList(250, 2 * HOUR);
    expect(diskStoreCounters.walks - walks).toBe(1);
    expect(r.before).toEqual(before);
    expect(r.before).toEqual({ entries: 5, bytes: 500 });
    expect(r.clean).toEqual(cleaned);
    expect(r.clean).toEqual({
      bySize: { entries: 2, bytes: 200 },
      byAge: { entries: 1, bytes: 100 },
      remaining: { entries: 2, bytes: 200 }
    });
    // Same entries, same order (by namespace, then key); and what is on disk agrees.
    const strip = (l: typeof listed) =>
      l.map(e => ({ key: e.key, namespace: e.namespace, size: e.size, blobs: e.blobs.map(b => b.name) }));
    expect(strip(r.entries)).toEqual(strip(listed));
    expect(r.entries.map(e => `${e.namespace}:${e.key}`)).toEqual([
      `compile/local:${hexKey(3)}`,
      `compile/local:${hexKey(4)}`
    ]);
    expect(strip(await oneWalk.list())).toEqual(strip(r.entries));
  });

  it('with no limits evicts nothing and lists everything', async () => {
    const store = new DiskCacheStore(await tempDir());
    for (let i = 0; i < 3; i++) await entry(store, hexKey(i + 1), HOUR);
    const r = await store.cleanAndList(0, 0);
    expect(r.before).toEqual({ entries: 3, bytes: 300 });
    expect(r.clean.remaining).toEqual({ entries: 3, bytes: 300 });
    expect(r.clean.bySize.entries + r.clean.byAge.entries).toBe(0);
    expect(r.entries.map(e => e.key)).toEqual([hexKey(1), hexKey(2), hexKey(3)]);
  });

  it('takes known entries from one lstat of exit_code: their size as given, their time moved by a use', async () => {
    const store = new DiskCacheStore(await tempDir());
    const local = store.namespace('local');
    for (let i = 1; i <= 4; i++) await entry(local, hexKey(i), (10 - i) * HOUR);
    // Known: 1 (untouched), 2 (used since: touch sets exit_code), 3 (exit_code lost: walked in full).
    // 4 is unknown (walked in full). The sizes given differ from the real 100 bytes, to see which
    // entries were taken as known.
    const recorded = new Map(
      [1, 2, 3].map(i => [hexKey(i), { size: 1000 + i, mtimeMs: Date.now() - (10 - i) * HOUR }])
    );
    await local.touch(hexKey(2));
    await fs.rm(path.join(local.entryPath(hexKey(3)), 'exit_code'));
    const seen: string[] = [];
    const r = await store.cleanAndList(0, 0, {
      known: (namespace, key) => {
        seen.push(`${namespace}:${key}`);
        return namespace === 'local' ? recorded.get(key) : undefined;
      }
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4].map(i => `local:${hexKey(i)}`).sort());
    const byKey = new Map(r.entries.map(e => [e.key, e]));
    expect(byKey.get(hexKey(1))).toMatchObject({ size: 1001, blobs: [] });
    expect(byKey.get(hexKey(1))!.mtime.getTime()).toBe(recorded.get(hexKey(1))!.mtimeMs);
    expect(byKey.get(hexKey(2))).toMatchObject({ size: 1002, blobs: [] });
    expect(byKey.get(hexKey(2))!.mtime.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(byKey.get(hexKey(3))!.size).toBe(99);
    expect(byKey.get(hexKey(3))!.blobs.map(b => b.name)).toEqual(['output']);
    expect(byKey.get(hexKey(4))!.size).toBe(100);
    expect(r.before).toEqual({ entries: 4, bytes: 1001 + 1002 + 99 + 100 });
  });

  it('evicts known entries least recently used first, counting a use since they were recorded', async () => {
    const store = new DiskCacheStore(await tempDir());
    for (let i = 1; i <= 3; i++) await entry(store, hexKey(i), (10 - i) * HOUR);
    const recorded = new Map(
      [1, 2, 3].map(i => [hexKey(i), { size: 100, mtimeMs: Date.now() - (10 - i) * HOUR }])
    );
    // The oldest was used since: the next oldest goes instead.
    await store.touch(hexKey(1));
    const r = await store.cleanAndList(250, 0, { known: (_ns, key) => recorded.get(key) });
    expect(r.clean.bySize).toEqual({ entries: 1, bytes: 100 });
    expect(await keysOf(store)).toEqual([hexKey(1), hexKey(3)].sort());
    expect(r.entries.map(e => e.key).sort()).toEqual([hexKey(1), hexKey(3)].sort());
  });
});
