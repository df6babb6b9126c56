/**
 * A restore starts from the packs' indexes: it plans by the times they record, streams the packs,
 * and lists the per-object layout only once the first pack GET has been answered, to find what no
 * pack holds. Requests are counted through the fault proxy in front of the real servers (s3rver,
 * and RGW when it is up).
 */
import { mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { compareNewestFirst } from '../../src/store/lru-order.js';
import { restore } from '../../src/sync/restore.js';
import { save } from '../../src/sync/save.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { type PackSyncOptions } from '../../src/sync/packs/namespace-packs.js';
import { describeEachTarget, freshBucket, type S3Target } from '../helpers/s3.js';
import {
  isPackData,
  isPackIndex,
  isPackList,
  isObjectList,
  isCensusGet,
  isCatalogGet,
  isEntryGet,
  pathOf,
  useProxiedBucket
} from './proxied-bucket.js';
import {
  writeCompileEntry,
  type WrittenEntry,
  SAVE_OPTIONS,
  RESTORE_OPTIONS,
  expectEntriesOnDisk
} from './helpers.js';

const DAY = 86_400_000;

function packOptions(remote: S3CacheStore, targetPackBytes?: number): PackSyncOptions {
  return { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip', targetPackBytes };
}

/** Entry directories under `<root>/compile/local`. */
async function entriesOnDisk(root: string): Promise<string[]> {
  const base = join(root, 'compile', 'local');
  const out: string[] = [];
  for (const hh of await readdir(base).catch(() => [])) {
    for (const hex of await readdir(join(base, hh))) out.push(hex);
  }
  return out.sort();
}

/** Sets every blob's mtime of an entry in a disk store (the time a pack records for it). */
async function setEntryTime(root: string, e: WrittenEntry, time: Date): Promise<void> {
  for (const name of Object.keys(e.blobs)) {
    await utimes(join(root, e.namespace, e.key.slice(0, 2), e.key, name), time, time);
  }
}

describeEachTarget('restore from the packs indexes', (target: S3Target) => {
  const b = useProxiedBucket(target, 'indexes');

  test('packs that hold everything, no census and no catalog (an older writer): the first pack GET comes before any object listing, and the requests are the pack LIST, the census and catalog GETs, two per pack and the listing', async () => {
    const srcDir = await b.tempDir();
    const src = new DiskCacheStore(srcDir);
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < 24; i++) entries.push(await writeCompileEntry(src, 'compile/local', 3000));
    // Small packs, so there are several of them.
    const s = await save(src, b.direct, {
      ...SAVE_OPTIONS,
      packs: packOptions(b.direct, 20_000),
      uploadMode: 'both'
    });
    const packs = s.namespaces[0]!.packsWritten!;
    expect(packs).toBeGreaterThan(1);
    await b.direct.bucket.deleteObjects(['cache/packs/compile/census', 'cache/packs/compile/catalog']);

    // What listing the object layout alone costs on this server.
    b.proxy.resetCounts();
    await b.viaProxy.namespace('compile').list();
    const listingRequests = b.proxy.requests.length;
    expect(listingRequests).toBeGreaterThan(0);

    b.proxy.resetCounts();
    const destDir = await b.tempDir();
    const r = await restore(b.viaProxy, new DiskCacheStore(destDir), {
      ...RESTORE_OPTIONS,
      packs: packOptions(b.viaProxy)
    });
    const ns = r.namespaces[0]!;
    expect(ns.restoredEntries).toBe(24);
    expect(ns.restoredFromPacks).toBe(24);
    expect(ns.failed).toBe(0);
    await expectEntriesOnDisk(destDir, entries);

    const reqs = b.proxy.requests;
    const firstPackGet = reqs.findIndex(isPackData);
    const firstObjectList = reqs.findIndex(isObjectList);
    expect(firstPackGet).toBeGreaterThanOrEqual(0);
    expect(firstObjectList).toBeGreaterThan(firstPackGet);
    expect(reqs.filter(isPackList)).toHaveLength(1);
    expect(reqs.filter(isPackIndex)).toHaveLength(packs);
    expect(reqs.filter(isPackData)).toHaveLength(packs);
    expect(reqs.filter(isEntryGet)).toHaveLength(0);
    expect(reqs.filter(isObjectList)).toHaveLength(listingRequests);
    expect(reqs.filter(isCensusGet)).toHaveLength(1);
    expect(reqs.filter(isCatalogGet)).toHaveLength(1);
    expect(reqs).toHaveLength(3 + 2 * packs + listingRequests);

    // The manifest knows the bucket: the next save uploads nothing.
    const again = await save(new DiskCacheStore(destDir), b.direct, {
      ...SAVE_OPTIONS,
      manifest: r.manifest,
      packs: packOptions(b.direct)
    });
    expect(again.namespaces[0]!.uploadedEntries).toBe(0);
  });

  test('a bucket only this project writes: the indexes come in the catalog, and a restore is the pack LIST, the census and catalog GETs and one GET per pack', async () => {
    const src = new DiskCacheStore(await b.tempDir());
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < 24; i++) entries.push(await writeCompileEntry(src, 'compile/local', 3000));
    const s = await save(src, b.direct, { ...SAVE_OPTIONS, packs: packOptions(b.direct, 20_000) });
    const packs = s.namespaces[0]!.packsWritten!;
    expect(packs).toBeGreaterThan(1);

    b.proxy.resetCounts();
    const destDir = await b.tempDir();
    const r = await restore(b.viaProxy, new DiskCacheStore(destDir), {
      ...RESTORE_OPTIONS,
      packs: packOptions(b.viaProxy)
    });
    expect(r.namespaces[0]!.restoredFromPacks).toBe(24);
    await expectEntriesOnDisk(destDir, entries);
    const reqs = b.proxy.requests;
    expect(reqs.filter(isPackList)).toHaveLength(1);
    expect(reqs.filter(isCensusGet)).toHaveLength(1);
    expect(reqs.filter(isCatalogGet)).toHaveLength(1);
    expect(reqs.filter(isPackIndex)).toHaveLength(0);
    expect(reqs.filter(isPackData)).toHaveLength(packs);
    expect(reqs).toHaveLength(3 + packs);
  });

  test("namespaces are restored side by side: the second's pack listing goes out before the first's pack GETs, and the results keep their order", async () => {
    const src = new DiskCacheStore(await b.tempDir());
    const compile: WrittenEntry[] = [];
    for (let i = 0; i < 6; i++) compile.push(await writeCompileEntry(src, 'compile/local', 3000));
    const manifests = [await writeCompileEntry(src, 'manifests/local', 500)];
    await save(src, b.direct, {
      ...SAVE_OPTIONS,
      namespaces: ['compile', 'manifests'],
      packs: packOptions(b.direct)
    });

    b.proxy.resetCounts();
    const destDir = await b.tempDir();
    const r = await restore(b.viaProxy, new DiskCacheStore(destDir), {
      ...RESTORE_OPTIONS,
      namespaces: ['compile', 'manifests'],
      packs: packOptions(b.viaProxy)
    });
    expect(r.namespaces.map(n => [n.namespace, n.restoredEntries])).toEqual([
      ['compile', 6],
      ['manifests', 1]
    ]);
    expect(Object.keys(r.manifest!.namespaces)).toEqual(['compile', 'manifests']);
    await expectEntriesOnDisk(destDir, [...compile, ...manifests]);
    // One after the other, the manifests namespace's listing came after compile's pack GET was answered.
    const reqs = b.proxy.requests;
    const firstManifests = reqs.findIndex(
      q => pathOf(q).includes('manifests') || q.path.includes('manifests')
    );
    const compilePack = reqs.findIndex(q => isPackData(q) && pathOf(q).includes('/compile/'));
    expect(firstManifests).toBeGreaterThanOrEqual(0);
    expect(compilePack).toBeGreaterThanOrEqual(0);
    expect(firstManifests).toBeLessThan(compilePack);
  });

  test('a catalog that lags or is damaged costs index GETs, never entries: a pack it lacks, a copy with a byte changed, and a catalog that is not one', async () => {
    const src = new DiskCacheStore(await b.tempDir());
    const first: WrittenEntry[] = [];
    for (let i = 0; i < 8; i++) first.push(await writeCompileEntry(src, 'compile/local', 3000));
    await save(src, b.direct, { ...SAVE_OPTIONS, packs: packOptions(b.direct, 20_000) });
    const catalogKey = 'cache/packs/compile/catalog';
    const older = (await b.direct.bucket.getObject(catalogKey))!;
    const later: WrittenEntry[] = [];
    for (let i = 0; i < 3; i++) later.push(await writeCompileEntry(src, 'compile/local', 3000));
    await save(src, b.direct, { ...SAVE_OPTIONS, packs: packOptions(b.direct, 20_000) });
    const all = [...first, ...later];

    const restoreAll = async (): Promise<void> => {
      b.proxy.resetCounts();
      const destDir = await b.tempDir();
      const r = await restore(b.viaProxy, new DiskCacheStore(destDir), {
        ...RESTORE_OPTIONS,
        packs: packOptions(b.viaProxy)
      });
      expect(r.namespaces[0]!.restoredFromPacks).toBe(all.length);
      expect(r.namespaces[0]!.failed).toBe(0);
      expect(r.warnings).toEqual([]);
      await expectEntriesOnDisk(destDir, all);
    };

    // The catalog of the first save only (another job's save wrote it last): the newer pack's
    // index is read on its own.
    await b.direct.bucket.putObject(catalogKey, older);
    await restoreAll();
    expect(b.proxy.requests.filter(isPackIndex)).toHaveLength(1);

    // A byte of one copy changed (its index's checksum fails): that index is read from the bucket,
    // and the pack is not taken for torn.
    const damaged = Buffer.from(older);
    damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 0xff;
    await b.direct.bucket.putObject(catalogKey, damaged);
    await restoreAll();
    expect(b.proxy.requests.filter(isPackIndex)).toHaveLength(2);

    // Not a catalog at all: every index is read on its own.
    await b.direct.bucket.putObject(catalogKey, Buffer.from('{"not": "a catalog"}'));
    await restoreAll();
    const packs = (await b.direct.bucket.listObjects('cache/packs/compile/v1/')).filter(o =>
      o.key.endsWith('.index')
    ).length;
    expect(b.proxy.requests.filter(isPackIndex)).toHaveLength(packs);
  });

  test('entries no pack holds are found by the listing beside the packs and come as objects, only they', async () => {
    const src = new DiskCacheStore(await b.tempDir());
    const packed: WrittenEntry[] = [];
    for (let i = 0; i < 6; i++) packed.push(await writeCompileEntry(src, 'compile/local', 2000));
    await save(src, b.direct, { ...SAVE_OPTIONS, packs: packOptions(b.direct) });
    // What the Go fleet wrote: objects only.
    const goSide = new DiskCacheStore(await b.tempDir());
    const objectsOnly: WrittenEntry[] = [];
    for (let i = 0; i < 4; i++) objectsOnly.push(await writeCompileEntry(goSide, 'compile/local', 700));
    await save(goSide, b.direct, { ...SAVE_OPTIONS });
    // And what only a packs-only save holds.
    const packsOnlySrc = new DiskCacheStore(await b.tempDir());
    const packsOnly: WrittenEntry[] = [];
    for (let i = 0; i < 3; i++) packsOnly.push(await writeCompileEntry(packsOnlySrc, 'compile/ci', 900));
    await save(packsOnlySrc, b.direct, {
      ...SAVE_OPTIONS,
      packs: packOptions(b.direct),
      uploadMode: 'packs'
    });

    b.proxy.resetCounts();
    const destDir = await b.tempDir();
    const r = await restore(b.viaProxy, new DiskCacheStore(destDir), {
      ...RESTORE_OPTIONS,
      packs: packOptions(b.viaProxy)
    });
    const ns = r.namespaces[0]!;
    expect(ns.restoredEntries).toBe(13);
    expect(ns.restoredFromPacks).toBe(9);
    expect(ns.remoteEntries).toBe(13);
    expect(ns.failed).toBe(0);
    await expectEntriesOnDisk(destDir, [...packed, ...objectsOnly, ...packsOnly]);
    // One GET per blob of the objects-only entries (five blobs each), nothing for the packed ones.
    expect(b.proxy.requests.filter(isEntryGet)).toHaveLength(4 * 5);
    expect(b.proxy.requests.findIndex(isObjectList)).toBeGreaterThan(b.proxy.requests.findIndex(isPackData));
    // The manifest has every bucket entry, the pack-only ones included.
    expect(r.manifest.namespaces.compile!.entries.remoteIds()).toHaveLength(13);
    expect(r.manifest.namespaces.compile!.entries.localIds()).toHaveLength(13);
  });
});

describe('restore from the packs indexes: choosing by recorded times', () => {
  let dirs: string[] = [];
  let bucket: string;
  let remote: S3CacheStore;
  const target = (): { endpoint: string; credentials: S3Target['credentials'] } => ({
    endpoint: process.env.COMPILE_CACHE_TEST_S3_ENDPOINT!,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
  });

  async function tempDir(): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), 'restore-times-'));
    dirs.push(d);
    return d;
  }

  beforeEach(async () => {
    bucket = await freshBucket('times');
    remote = new S3CacheStore({ bucket, ...target() });
    dirs = [];
  });
  afterEach(async () => {
    remote.destroy();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  /** Entries in a packs-only bucket (so the only times are those the indexes record), with these times. */
  async function packedWithTimes(times: number[]): Promise<WrittenEntry[]> {
    const srcDir = await tempDir();
    const src = new DiskCacheStore(srcDir);
    const entries: WrittenEntry[] = [];
    for (const t of times) {
      const e = await writeCompileEntry(src, 'compile/local', 1000);
      await setEntryTime(srcDir, e, new Date(t));
      entries.push(e);
    }
    await save(src, remote, { ...SAVE_OPTIONS, packs: packOptions(remote), uploadMode: 'packs' });
    return entries;
  }

  test('max-size takes the newest entries by the indexes times, ties as a clean breaks them', async () => {
    const now = Date.now();
    // Three pairs sharing one time each, and four distinct times.
    const times = [1, 1, 2, 2, 3, 3, 4, 5, 6, 7].map(d => Math.floor(now - d * DAY));
    const entries = await packedWithTimes(times);
    const positions = entries.map((e, i) => ({ e, mtime: times[i]!, namespace: 'local', key: e.key }));
    positions.sort(compareNewestFirst);
    // Room for exactly the newest five (each entry has the same size): the cut falls inside a tie.
    const size = entries[0]!.size;
    expect(entries.every(e => e.size === size)).toBe(true);
    const destDir = await tempDir();
    const r = await restore(remote, new DiskCacheStore(destDir), {
      ...RESTORE_OPTIONS,
      maxBytes: 5 * size + size - 1,
      packs: packOptions(remote)
    });
    const ns = r.namespaces[0]!;
    expect(ns.restoredEntries).toBe(5);
    expect(ns.restoredFromPacks).toBe(5);
    expect(ns.skippedForBudget).toBe(5);
    expect(await entriesOnDisk(destDir)).toEqual(
      positions
        .slice(0, 5)
        .map(p => p.key)
        .sort()
    );
    // Each restored entry carries the time its index recorded.
    for (const p of positions.slice(0, 5)) {
      const st = await stat(join(destDir, 'compile', 'local', p.key.slice(0, 2), p.key, 'output'));
      expect(Math.abs(st.mtimeMs - p.mtime)).toBeLessThan(1000);
    }
  });

  test('max-age leaves out entries older than it by the indexes times', async () => {
    const now = Date.now();
    const times = [1, 2, 3, 10, 11].map(d => now - d * DAY);
    const entries = await packedWithTimes(times);
    const destDir = await tempDir();
    const r = await restore(remote, new DiskCacheStore(destDir), {
      ...RESTORE_OPTIONS,
      maxAge: 5 * DAY,
      packs: packOptions(remote)
    });
    const ns = r.namespaces[0]!;
    expect(ns.restoredEntries).toBe(3);
    expect(ns.skippedForAge).toBe(2);
    expect(await entriesOnDisk(destDir)).toEqual(
      entries
        .slice(0, 3)
        .map(e => e.key)
        .sort()
    );
  });

  test('an entry whose bucket time is newer than its pack says comes from the pack all the same, with the bucket time', async () => {
    const srcDir = await tempDir();
    const src = new DiskCacheStore(srcDir);
    const entries: WrittenEntry[] = [];
    const old = new Date(Date.now() - 10 * DAY);
    for (let i = 0; i < 4; i++) {
      const e = await writeCompileEntry(src, 'compile/local', 1500);
      await setEntryTime(srcDir, e, old);
      entries.push(e);
    }
    // Mode both: the objects get the upload time, the pack records the entries' (old) times.
    await save(src, remote, { ...SAVE_OPTIONS, packs: packOptions(remote), uploadMode: 'both' });
    // Without a census (an older writer) the restore lists the objects and sees their times.
    await remote.bucket.deleteObjects(['cache/packs/compile/census']);
    const bucketTimes = new Map(
      (await remote.namespace('compile').list()).map(e => [e.key, e.mtime.getTime()])
    );

    const destDir = await tempDir();
    const before = remote.bucket.requestCount;
    const r = await restore(remote, new DiskCacheStore(destDir), {
      ...RESTORE_OPTIONS,
      maxAge: 5 * DAY,
      packs: packOptions(remote)
    });
    const ns = r.namespaces[0]!;
    expect(ns.restoredEntries).toBe(4);
    expect(ns.restoredFromPacks).toBe(4);
    expect(ns.skippedForAge).toBe(0);
    await expectEntriesOnDisk(destDir, entries);
    // Not one GET per blob: the pack LIST, its index and data, the listing.
    expect(remote.bucket.requestCount - before).toBeLessThan(4 * 5);
    for (const e of entries) {
      const dir = join(destDir, 'compile', 'local', e.key.slice(0, 2), e.key);
      const newest = Math.max(
        ...(await Promise.all(Object.keys(e.blobs).map(n => stat(join(dir, n))))).map(s => s.mtimeMs)
      );
      expect(Math.abs(newest - bucketTimes.get(e.key)!)).toBeLessThan(1000);
      expect(newest).toBeGreaterThan(old.getTime() + 9 * DAY);
      const recorded = r.manifest.namespaces.compile!.entries;
      expect(recorded.localTime(`local/${e.key}`)).toBeDefined();
      expect(recorded.localTime(`local/${e.key}`)).toBe(recorded.remoteTime(`local/${e.key}`));
    }
  });
});
