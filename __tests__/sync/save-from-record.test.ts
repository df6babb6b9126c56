/**
 * A job's save without a pack listing (src/sync/packs/listing-record.ts): the restore records its
 * pack listing beside the index copies, and a save that only adds a pack of new entries writes the
 * pack, its index and the catalog from that record, listing nothing. Whatever the record cannot
 * vouch for sends the save back to the listing. Requests are counted through the fault proxy in
 * front of the real servers (s3rver, and RGW when it is up).
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskCacheStore } from '../../src/store/disk.js';
import type { S3CacheStore } from '../../src/store/s3.js';
import { restore } from '../../src/sync/restore.js';
import { save, type SaveOptions } from '../../src/sync/save.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { PackIndexCache } from '../../src/sync/packs/index-cache.js';
import { listPacks } from '../../src/sync/packs/read.js';
import { parseListingRecord, upkeepIdleWithOneMore } from '../../src/sync/packs/listing-record.js';
import type { PackSyncOptions } from '../../src/sync/packs/namespace-packs.js';
import { describeEachTarget, type S3Target } from '../helpers/s3.js';
import { isCatalogPut, isPackIndex, isPackList, pathOf, useProxiedBucket } from './proxied-bucket.js';
import {
  writeCompileEntry,
  type WrittenEntry,
  SAVE_OPTIONS,
  RESTORE_OPTIONS,
  expectEntriesOnDisk
} from './helpers.js';

const PREFIX = 'cache/packs/compile/';

describeEachTarget("a job's save from its restore's record of the packs", (target: S3Target) => {
  const b = useProxiedBucket(target, 'record');

  function packs(remote: S3CacheStore, indexCache?: PackIndexCache): PackSyncOptions {
    return { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip', indexCache };
  }

  /** `count` entries saved from a store of their own, as one pack (census and catalog too). */
  async function seeded(count: number): Promise<WrittenEntry[]> {
    const src = new DiskCacheStore(await b.tempDir());
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < count; i++) entries.push(await writeCompileEntry(src, 'compile/local', 2000 + i));
    await save(src, b.direct, { ...SAVE_OPTIONS, packs: packs(b.direct), uploadMode: 'packs' });
    return entries;
  }

  /** A job: its restore (through the proxy, with the index copies beside its manifest). */
  async function job() {
    const dir = await b.tempDir();
    const copies = new PackIndexCache(join(await b.tempDir(), 'manifest.json.pack-indexes'));
    const r = await restore(b.viaProxy, new DiskCacheStore(dir), {
      ...RESTORE_OPTIONS,
      packs: packs(b.viaProxy, copies)
    });
    expect(r.manifest!.namespaces.compile!.remoteFrom).toBe('packs');
    const logs: string[] = [];
    return {
      dir,
      copies,
      logs,
      /** The job's save, requests counted from here. */
      save: async (extra: Partial<SaveOptions> = {}) => {
        b.proxy.resetCounts();
        return save(new DiskCacheStore(dir), b.viaProxy, {
          ...SAVE_OPTIONS,
          ...extra,
          manifest: r.manifest,
          packs: packs(b.viaProxy, copies),
          log: l => logs.push(l)
        });
      }
    };
  }

  const puts = () => b.proxy.requests.filter(r => r.method === 'PUT').map(r => pathOf(r).split('/').pop()!);

  test('lists nothing: the pack, its index and the catalog go up at once; the catalog names every pack, and a later save lists again', async () => {
    const seed = await seeded(5);
    const j = await job();
    const fresh = [
      await writeCompileEntry(new DiskCacheStore(j.dir), 'compile/local', 900),
      await writeCompileEntry(new DiskCacheStore(j.dir), 'compile/local', 901)
    ];

    // The access check: the record proves access (this job's restore listed the packs), so the
    // save does not send one; a save that lists starts it beside the listing.
    let checks = 0;
    const writable = async () => {
      checks++;
    };
    const s = await j.save({ writable });
    const ns = s.namespaces[0]!;
    expect(s.warnings).toEqual([]);
    expect(checks).toBe(0);
    expect(ns.uploadedEntries).toBe(2);
    expect(ns.packsWritten).toBe(1);
    expect(b.proxy.requests.filter(isPackList)).toHaveLength(0);
    expect(b.proxy.requests.filter(isPackIndex)).toHaveLength(0);
    const written = puts();
    expect(written).toHaveLength(3);
    expect(written.filter(k => k.endsWith('.pack'))).toHaveLength(1);
    expect(written.filter(k => k.endsWith('.index'))).toHaveLength(1);
    expect(b.proxy.requests.filter(isCatalogPut)).toHaveLength(1);
    expect(j.logs.some(l => /writing without listing the packs/.test(l))).toBe(true);

    // The catalog holds both packs, as the bucket holds their indexes: a restore reads no index,
    // and has every entry.
    const listing = await listPacks(s3PackBucket(b.direct.bucket), PREFIX, { catalog: true });
    expect(listing.indexes).toHaveLength(2);
    expect(listing.catalog?.size).toBe(2);
    b.proxy.resetCounts();
    const dest = await b.tempDir();
    const r = await restore(b.viaProxy, new DiskCacheStore(dest), {
      ...RESTORE_OPTIONS,
      packs: packs(b.viaProxy)
    });
    expect(r.namespaces[0]!.restoredEntries).toBe(7);
    expect(b.proxy.requests.filter(isPackIndex)).toHaveLength(0);
    await expectEntriesOnDisk(dest, [...seed, ...fresh]);

    // The record is gone with the save that wrote a pack: the job's next save lists.
    await writeCompileEntry(new DiskCacheStore(j.dir), 'compile/local', 902);
    const again = await j.save({ writable });
    expect(checks).toBe(1);
    expect(again.namespaces[0]!.uploadedEntries).toBe(1);
    expect(b.proxy.requests.filter(isPackList).length).toBeGreaterThan(0);
  });

  test('a pack another job wrote after the restore: the catalog lacks it (a restore reads its index), nothing is lost', async () => {
    const seed = await seeded(3);
    const j = await job();
    const other = await seeded(2);
    const mine = await writeCompileEntry(new DiskCacheStore(j.dir), 'compile/local', 903);
    const s = await j.save();
    expect(s.namespaces[0]!.uploadedEntries).toBe(1);
    expect(b.proxy.requests.filter(isPackList)).toHaveLength(0);

    b.proxy.resetCounts();
    const dest = await b.tempDir();
    const r = await restore(b.viaProxy, new DiskCacheStore(dest), {
      ...RESTORE_OPTIONS,
      packs: packs(b.viaProxy)
    });
    expect(r.namespaces[0]!.restoredEntries).toBe(6);
    expect(r.warnings).toEqual([]);
    expect(b.proxy.requests.filter(isPackIndex)).toHaveLength(1);
    await expectEntriesOnDisk(dest, [...seed, ...other, mine]);
  });

  test('what the record cannot vouch for is listed (a record that is not one or is gone, upkeep due); a copy that fails its check stays out of the catalog', async () => {
    await seeded(2);
    /** A job that writes one new entry; true when its save listed the packs. */
    const lists = async (
      prepare: (j: Awaited<ReturnType<typeof job>>) => Promise<void> = async () => undefined,
      extra: Partial<typeof SAVE_OPTIONS> = {}
    ): Promise<boolean> => {
      const j = await job();
      await prepare(j);
      await writeCompileEntry(new DiskCacheStore(j.dir), 'compile/local', 904);
      const s = await j.save(extra);
      expect(s.namespaces[0]!.uploadedEntries).toBe(1);
      expect(s.warnings).toEqual([]);
      return b.proxy.requests.filter(isPackList).length > 0;
    };
    const files = async (j: { copies: PackIndexCache }, suffix: string) =>
      (await readdir(j.copies.dir)).filter(f => f.endsWith(suffix)).map(f => join(j.copies.dir, f));
    const packCount = async () => (await listPacks(s3PackBucket(b.direct.bucket), PREFIX)).indexes.length;

    const catalogued = async () =>
      (await listPacks(s3PackBucket(b.direct.bucket), PREFIX, { catalog: true })).catalog!.size;

    // Each save adds a small pack; the count each job's restore sees is in brackets.
    // [1] A record that is not one (another prefix's, no packs).
    expect(
      await lists(async j => {
        for (const f of await files(j, '.listing')) await writeFile(f, '{"version":1,"prefix":"cache/"}');
      })
    ).toBe(true);
    // [2] No record.
    expect(
      await lists(async j => {
        for (const f of await files(j, '.listing')) await rm(f);
      })
    ).toBe(true);
    // [3] Three small packs and one more: the upkeep merges them, so the save lists.
    expect(await packCount()).toBe(3);
    expect(await lists()).toBe(true);
    expect(await packCount()).toBe(1);
    // [1] An index copy changed: no listing, but the catalog is not written from that copy; it
    // names the save's own pack only.
    expect(
      await lists(async j => {
        for (const f of await files(j, '.index')) {
          const bytes = await readFile(f);
          bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
          await writeFile(f, bytes);
        }
      })
    ).toBe(false);
    expect(await packCount()).toBe(2);
    expect(await catalogued()).toBe(1);
    // [2] Nothing the record cannot vouch for: no listing, and the catalog is whole again (this
    // job's restore read the missing index from the bucket and kept a copy).
    expect(await lists()).toBe(false);
    expect(await packCount()).toBe(3);
    expect(await catalogued()).toBe(3);
  });

  test('the copies go into the catalog by the sha256 the record gives for each; without one they are checked as index bytes', async () => {
    await seeded(2);
    const catalogued = async () =>
      (await listPacks(s3PackBucket(b.direct.bucket), PREFIX, { catalog: true })).catalog!.size;
    /** The job's record of the compile packs, rewritten by `change`. */
    const rewriteRecord = async (
      j: { copies: PackIndexCache },
      change: (p: Record<string, unknown>) => void
    ) => {
      const [file] = (await readdir(j.copies.dir))
        .filter(f => f.endsWith('.listing'))
        .map(f => join(j.copies.dir, f))
        .filter(f => readFileSync(f, 'utf8').includes(PREFIX));
      const record = JSON.parse(await readFile(file!, 'utf8')) as { packs: Record<string, unknown>[] };
      for (const p of record.packs) change(p);
      await writeFile(file!, JSON.stringify(record));
      return record;
    };

    // The restore records a sha256 for every copy. One that is not the copy's keeps that copy out
    // of the catalog, although the copy itself is intact: the hash is what is checked.
    const first = await job();
    const record = await rewriteRecord(first, p => {
      expect(p.indexSha256).toMatch(/^[0-9a-f]{64}$/);
      p.indexSha256 = '0'.repeat(64);
    });
    expect(record.packs).toHaveLength(1);
    await writeCompileEntry(new DiskCacheStore(first.dir), 'compile/local', 906);
    expect((await first.save()).namespaces[0]!.uploadedEntries).toBe(1);
    expect(b.proxy.requests.filter(isPackList)).toHaveLength(0);
    expect(await catalogued()).toBe(1);

    // A record without them (an older restore's): the copies are checked as index bytes, and the
    // intact ones go in.
    const second = await job();
    await rewriteRecord(second, p => delete p.indexSha256);
    await writeCompileEntry(new DiskCacheStore(second.dir), 'compile/local', 907);
    expect((await second.save()).namespaces[0]!.uploadedEntries).toBe(1);
    expect(b.proxy.requests.filter(isPackList)).toHaveLength(0);
    expect(await catalogued()).toBe(3);
  });

  test('bucket limits need the listing', async () => {
    await seeded(2);
    const j = await job();
    await writeCompileEntry(new DiskCacheStore(j.dir), 'compile/local', 905);
    const s = await j.save({ remoteMaxSize: 1 << 30 });
    expect(s.namespaces[0]!.uploadedEntries).toBe(1);
    expect(b.proxy.requests.filter(isPackList).length).toBeGreaterThan(0);
  });
});

describe('the record, read as untrusted', () => {
  const pack = {
    id: 'p1795923368716-a5987e12cf7f',
    indexSize: 10,
    indexTime: 1,
    packBytes: 100,
    rawBytes: 200,
    liveBytes: 200,
    liveEntries: 3
  };
  const record = (packs: unknown[], extra: object = {}) => ({
    version: 1,
    prefix: PREFIX,
    listedAt: 5,
    packs,
    ...extra
  });

  test('a record of another prefix or version, a pack id that is not one, a repeated pack or a bad number is not a record', () => {
    expect(parseListingRecord(PREFIX, record([pack]))?.packs).toEqual([pack]);
    expect(parseListingRecord('cache/packs/other/', record([pack]))).toBeNull();
    expect(parseListingRecord(PREFIX, record([pack], { version: 2 }))).toBeNull();
    expect(parseListingRecord(PREFIX, record([{ ...pack, id: '../../compile/local/ab' }]))).toBeNull();
    expect(parseListingRecord(PREFIX, record([pack, pack]))).toBeNull();
    expect(parseListingRecord(PREFIX, record([{ ...pack, liveBytes: -1 }]))).toBeNull();
    expect(parseListingRecord(PREFIX, record([{ ...pack, packBytes: '100' }]))).toBeNull();
    expect(parseListingRecord(PREFIX, 'not a record')).toBeNull();
  });

  test("a pack's index hash, when the record gives one, is a sha256 in hex", () => {
    const hashed = { ...pack, indexSha256: 'a'.repeat(64) };
    expect(parseListingRecord(PREFIX, record([hashed]))?.packs).toEqual([hashed]);
    expect(parseListingRecord(PREFIX, record([{ ...pack, indexSha256: 'A'.repeat(64) }]))).toBeNull();
    expect(parseListingRecord(PREFIX, record([{ ...pack, indexSha256: 'a'.repeat(63) }]))).toBeNull();
    expect(parseListingRecord(PREFIX, record([{ ...pack, indexSha256: 5 }]))).toBeNull();
  });

  test('the upkeep is idle with one more pack only when nothing would be merged, rewritten or pruned', () => {
    const idle = (packs: (typeof pack)[]) =>
      upkeepIdleWithOneMore(parseListingRecord(PREFIX, record(packs))!);
    const small = (n: number) => ({ ...pack, id: `p179592336871${n}-a5987e12cf7f` });
    expect(idle([])).toBe(true);
    expect(idle([small(1), small(2)])).toBe(true);
    // Three small packs and the save's: merged.
    expect(idle([small(1), small(2), small(3)])).toBe(false);
    // Under half live: rewritten; nothing live: pruned.
    expect(idle([{ ...pack, liveBytes: 99 }])).toBe(false);
    expect(idle([{ ...pack, liveBytes: 0, liveEntries: 0 }])).toBe(false);
    // Big packs are not merged, however many.
    const big = (n: number) => ({ ...small(n), packBytes: 32 << 20 });
    expect(idle([big(1), big(2), big(3), big(4)])).toBe(true);
  });
});
