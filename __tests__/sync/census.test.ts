/**
 * The census (src/sync/packs/census.ts) and upload mode `auto`: a bucket that only this project
 * writes is restored from its packs with no object listing, and saved as packs alone; entries
 * another writer (the Go fleet) puts there are found once the census ages out, and from then on
 * restores list and saves write objects too. Requests are counted through the fault proxy in front
 * of the test S3 server (s3rver, and RGW when it is up).
 */
import { stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { restore } from '../../src/sync/restore.js';
import { save, type SaveOptions } from '../../src/sync/save.js';
import { getBuffer, s3PackBucket } from '../../src/sync/packs/bucket.js';
import {
  CENSUS_TRUST_MS,
  censusAllowsSkip,
  encodeCensus,
  parseCensus,
  readCensus
} from '../../src/sync/packs/census.js';
import { resolveUploadMode, type PackSyncOptions } from '../../src/sync/packs/namespace-packs.js';
import type { PackListing } from '../../src/sync/packs/read.js';
import { codecAvailable } from '../../src/sync/packs/format.js';
import { describeEachTarget, type S3Target } from '../helpers/s3.js';
import { isObjectList, isEntryPut, useProxiedBucket } from './proxied-bucket.js';
import { SAVE_OPTIONS, writeCompileEntry, type WrittenEntry } from './helpers.js';

const DAY = 86_400_000;
const CENSUS = 'cache/packs/compile/census';

const saveOptions: SaveOptions = { ...SAVE_OPTIONS, useJournal: false };
const restoreOptions = { namespaces: ['compile'], maxBytes: 0, concurrency: 8, progressIntervalMs: 0 };

function packOptions(remote: S3CacheStore): PackSyncOptions {
  return { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' };
}

const emptyListing = (): PackListing => ({
  indexes: [],
  torn: [],
  skipped: [],
  objects: new Map(),
  warnings: []
});

describe('the census, alone', () => {
  const now = Date.UTC(2026, 10, 28, 12);
  test('a census of zero, fresh, over a whole pack listing lets a restore skip the listing', () => {
    expect(censusAllowsSkip({ countedAt: now - 1000, outsidePacks: 0 }, emptyListing(), now)).toEqual({
      skip: true
    });
  });
  test.each([
    ['no census', null, emptyListing(), 'no census'],
    [
      'entries outside packs',
      { countedAt: now, outsidePacks: 3 },
      emptyListing(),
      'held 3 entries outside packs'
    ],
    [
      'an old count',
      { countedAt: now - CENSUS_TRUST_MS - 1, outsidePacks: 0 },
      emptyListing(),
      'over a day old'
    ],
    [
      'a count dated in the future',
      { countedAt: now + DAY, outsidePacks: 0 },
      emptyListing(),
      'in the future'
    ],
    ['no pack listing', { countedAt: now, outsidePacks: 0 }, null, 'could not be listed'],
    [
      'a torn pack',
      { countedAt: now, outsidePacks: 0 },
      { ...emptyListing(), torn: [{ id: 'p1', objects: [], reason: 'no index' }] },
      'torn'
    ]
  ])('%s: the restore lists', (_what, census, listing, why) => {
    const d = censusAllowsSkip(census, listing, now);
    expect(d.skip).toBe(false);
    expect(d.skip ? '' : d.why).toContain(why);
  });
  test('a pack in a codec this Node cannot read: the restore lists (its entries may be objects)', () => {
    const zstdPack = { codec: 'zstd' } as PackListing['indexes'][number];
    const d = censusAllowsSkip(
      { countedAt: now, outsidePacks: 0 },
      { ...emptyListing(), indexes: [zstdPack] },
      now
    );
    // Under Node 20 (no zstd) the listing runs; under Node 24 the packs are read.
    expect(d.skip).toBe(codecAvailable('zstd'));
    expect(
      censusAllowsSkip(
        { countedAt: now, outsidePacks: 0 },
        { ...emptyListing(), indexes: [{ codec: 'gzip' } as PackListing['indexes'][number]] },
        now
      ).skip
    ).toBe(true);
  });
  test.each([
    ['not JSON', 'hello'],
    [
      'another version',
      JSON.stringify({ version: 2, countedAt: new Date(now).toISOString(), outsidePacks: 0 })
    ],
    [
      'a negative count',
      JSON.stringify({ version: 1, countedAt: new Date(now).toISOString(), outsidePacks: -1 })
    ],
    [
      'a fractional count',
      JSON.stringify({ version: 1, countedAt: new Date(now).toISOString(), outsidePacks: 0.5 })
    ],
    ['no time', JSON.stringify({ version: 1, outsidePacks: 0 })],
    ['an array', '[1]']
  ])('a body that is %s is no census', (_what, body) => {
    expect(parseCensus(Buffer.from(body))).toBeNull();
  });
  test('what is written reads back', () => {
    expect(parseCensus(encodeCensus({ countedAt: now, outsidePacks: 7 }))).toEqual({
      countedAt: now,
      outsidePacks: 7
    });
    expect(parseCensus(encodeCensus({ countedAt: now, outsidePacks: 0, objects: 12 }))).toEqual({
      countedAt: now,
      outsidePacks: 0,
      objects: 12
    });
  });
  test('a count of objects that is not one says nothing of them; the rest of the census stands', () => {
    for (const objects of [-1, 1.5, '3', null]) {
      const body = JSON.stringify({
        version: 1,
        countedAt: new Date(now).toISOString(),
        outsidePacks: 0,
        objects
      });
      expect(parseCensus(Buffer.from(body))).toEqual({ countedAt: now, outsidePacks: 0 });
    }
  });
  test('auto is packs only when nothing was outside packs at a count, both otherwise', () => {
    expect(resolveUploadMode('auto', 0)).toBe('packs');
    expect(resolveUploadMode('auto', 2)).toBe('both');
    expect(resolveUploadMode('auto', undefined)).toBe('both');
    expect(resolveUploadMode('objects', 0)).toBe('objects');
  });
});

describeEachTarget('the census in a restore and a save', (target: S3Target) => {
  const b = useProxiedBucket(target, 'census');

  async function entries(
    n: number
  ): Promise<{ store: DiskCacheStore; dir: string; written: WrittenEntry[] }> {
    const dir = await b.tempDir();
    const store = new DiskCacheStore(dir);
    const written: WrittenEntry[] = [];
    for (let i = 0; i < n; i++) written.push(await writeCompileEntry(store, 'compile/local', 1500));
    return { store, dir, written };
  }

  async function censusNow(): Promise<{ countedAt: number; outsidePacks: number } | null> {
    return readCensus(s3PackBucket(b.direct.bucket), 'cache/packs/compile/');
  }

  test('a bucket only we write: auto saves packs alone and counts zero; the restore lists nothing and asks a constant plus two per pack', async () => {
    const job1 = await entries(5);
    const s1 = await save(job1.store, b.viaProxy, { ...saveOptions, packs: packOptions(b.viaProxy) });
    expect(s1.namespaces[0]!.uploadedEntries).toBe(5);
    expect(s1.namespaces[0]!.uploadedAs).toBe('packs');
    expect(b.proxy.requests.filter(isEntryPut)).toHaveLength(0);
    expect((await censusNow())?.outsidePacks).toBe(0);

    b.proxy.resetCounts();
    const destDir = await b.tempDir();
    const r = await restore(b.viaProxy, new DiskCacheStore(destDir), {
      ...restoreOptions,
      packs: packOptions(b.viaProxy)
    });
    expect(r.namespaces[0]!.restoredEntries).toBe(5);
    expect(b.proxy.requests.filter(isObjectList)).toHaveLength(0);
    // The pack LIST, the census GET, the pack's index and data.
    expect(b.proxy.requests).toHaveLength(4);
    expect(r.manifest.namespaces.compile!.remoteFrom).toBe('packs');

    // The next job: a save from that manifest stays packs-only, writes no census (nothing was
    // counted), and uploads only its new entry.
    const more = await writeCompileEntry(new DiskCacheStore(destDir), 'compile/local', 1500);
    const before = await censusNow();
    const s2 = await save(new DiskCacheStore(destDir), b.direct, {
      ...saveOptions,
      manifest: r.manifest,
      packs: packOptions(b.direct)
    });
    expect(s2.namespaces[0]!.uploadedEntries).toBe(1);
    expect(s2.namespaces[0]!.uploadedAs).toBe('packs');
    expect(await censusNow()).toEqual(before);
    const r3 = await restore(b.direct, new DiskCacheStore(await b.tempDir()), {
      ...restoreOptions,
      packs: packOptions(b.direct)
    });
    expect(r3.namespaces[0]!.restoredEntries).toBe(6);
    expect(r3.manifest.namespaces.compile!.entries.remoteIds()).toContain(`local/${more.key}`);
  });

  test('the Go fleet writes objects: found once the census ages out, then every restore lists and auto writes objects too', async () => {
    const ours = await entries(4);
    await save(ours.store, b.direct, { ...saveOptions, packs: packOptions(b.direct) });
    // The Go side: objects only, no census.
    const go = await entries(3);
    await save(go.store, b.direct, { ...saveOptions, uploadMode: 'objects' });

    // A fresh census of zero is trusted: within a day the Go entries are not seen.
    const early = await restore(b.direct, new DiskCacheStore(await b.tempDir()), {
      ...restoreOptions,
      packs: packOptions(b.direct)
    });
    expect(early.namespaces[0]!.restoredEntries).toBe(4);

    // A day later (the census's count is a day old) the restore lists and finds them.
    await b.direct.bucket.putObject(
      CENSUS,
      encodeCensus({ countedAt: Date.now() - CENSUS_TRUST_MS - 60_000, outsidePacks: 0 })
    );
    const destDir = await b.tempDir();
    const logs: string[] = [];
    const r = await restore(b.direct, new DiskCacheStore(destDir), {
      ...restoreOptions,
      packs: packOptions(b.direct),
      log: l => logs.push(l)
    });
    expect(logs.join('\n')).toContain('over a day old');
    expect(r.namespaces[0]!.restoredEntries).toBe(7);
    expect(r.manifest.namespaces.compile!.outsidePacks).toBe(3);

    // The save resolves auto to both (objects for the Go fleet) and records the count.
    const mine = await writeCompileEntry(new DiskCacheStore(destDir), 'compile/local', 1500);
    b.proxy.resetCounts();
    const s = await save(new DiskCacheStore(destDir), b.viaProxy, {
      ...saveOptions,
      manifest: r.manifest,
      packs: packOptions(b.viaProxy)
    });
    expect(s.namespaces[0]!.uploadedAs).toBe('both');
    expect(s.namespaces[0]!.uploadedEntries).toBe(1);
    expect(b.proxy.requests.filter(isEntryPut).length).toBeGreaterThanOrEqual(5);
    expect((await b.direct.namespace('compile').list()).map(e => e.key)).toContain(mine.key);
    const c = await censusNow();
    expect(c?.outsidePacks).toBe(3);
    expect(Math.abs(c!.countedAt - Date.parse(r.manifest.restoredAt))).toBeLessThan(1000);

    // And the next restore lists again, since entries are outside packs.
    b.proxy.resetCounts();
    await restore(b.viaProxy, new DiskCacheStore(await b.tempDir()), {
      ...restoreOptions,
      packs: packOptions(b.viaProxy)
    });
    expect(b.proxy.requests.filter(isObjectList).length).toBeGreaterThan(0);
  });

  test('a census that is garbage or too big is no census: the restore lists', async () => {
    const job = await entries(2);
    await save(job.store, b.direct, { ...saveOptions, packs: packOptions(b.direct) });
    for (const body of [Buffer.from('{"version":1'), Buffer.alloc(64 * 1024, 0x20)]) {
      await b.direct.bucket.putObject(CENSUS, body);
      b.proxy.resetCounts();
      const r = await restore(b.viaProxy, new DiskCacheStore(await b.tempDir()), {
        ...restoreOptions,
        packs: packOptions(b.viaProxy)
      });
      expect(r.namespaces[0]!.restoredEntries).toBe(2);
      expect(b.proxy.requests.filter(isObjectList).length).toBeGreaterThan(0);
    }
  });

  test('a pack that fails to serve without a listing: the restore lists then and fetches those entries as objects', async () => {
    const job = await entries(3);
    await save(job.store, b.direct, { ...saveOptions, packs: packOptions(b.direct), uploadMode: 'both' });
    expect((await censusNow())?.outsidePacks).toBe(0);
    // Damage the pack's data: same length, other bytes, so the index still matches its size.
    const keys = (await b.direct.bucket.listObjects('cache/packs/compile/v1/')).map(o => o.key);
    const dataKey = keys.find(k => k.endsWith('.pack'))!;
    const data = (await getBuffer(s3PackBucket(b.direct.bucket), dataKey))!;
    data.fill(0x41, 16);
    await b.direct.bucket.putObject(dataKey, data);

    const destDir = await b.tempDir();
    const r = await restore(b.direct, new DiskCacheStore(destDir), {
      ...restoreOptions,
      packs: packOptions(b.direct)
    });
    const ns = r.namespaces[0]!;
    expect(ns.restoredEntries).toBe(3);
    expect(ns.restoredFromPacks).toBe(0);
    expect(ns.failed).toBe(0);
  });

  test('an entry used in a job whose pack time is over a week old is packed again with its new time, beside a new one', async () => {
    const srcDir = await b.tempDir();
    const src = new DiskCacheStore(srcDir);
    const old = new Date(Date.now() - 9 * DAY);
    const e = await writeCompileEntry(src, 'compile/local', 1500);
    const cold = await writeCompileEntry(src, 'compile/local', 1500);
    for (const w of [e, cold]) {
      for (const name of Object.keys(w.blobs)) {
        await utimes(join(srcDir, 'compile/local', w.key.slice(0, 2), w.key, name), old, old);
      }
    }
    await save(src, b.direct, { ...saveOptions, packs: packOptions(b.direct) });

    // A job restores both (no max-age) and uses one: a hit touches the entry.
    const destDir = await b.tempDir();
    const r = await restore(b.direct, new DiskCacheStore(destDir), {
      ...restoreOptions,
      packs: packOptions(b.direct)
    });
    expect(r.namespaces[0]!.restoredEntries).toBe(2);
    const hitAt = new Date();
    await utimes(join(destDir, 'compile/local', e.key.slice(0, 2), e.key, 'exit_code'), hitAt, hitAt);
    // And compiles one new entry: the pack the save builds before its listing is back holds only
    // that one, so it must be built again with the used entry in it.
    const added = await writeCompileEntry(new DiskCacheStore(destDir), 'compile/local', 1500);
    const s = await save(new DiskCacheStore(destDir), b.direct, {
      ...saveOptions,
      manifest: r.manifest,
      packs: packOptions(b.direct)
    });
    expect(s.namespaces[0]!.uploadedEntries).toBe(1);
    expect(s.namespaces[0]!.refreshedRemote).toBe(1);
    expect(s.namespaces[0]!.packsWritten).toBe(1);

    // A restore with max-age 5 days, from the packs alone, takes the used entry and not the cold one.
    const later = await b.tempDir();
    const r2 = await restore(b.direct, new DiskCacheStore(later), {
      ...restoreOptions,
      maxAge: 5 * DAY,
      packs: packOptions(b.direct)
    });
    expect(r2.manifest.namespaces.compile!.remoteFrom).toBe('packs');
    expect(r2.namespaces[0]!.restoredEntries).toBe(2);
    expect(r2.namespaces[0]!.skippedForAge).toBe(1);
    const st = await stat(join(later, 'compile/local', e.key.slice(0, 2), e.key, 'exit_code'));
    expect(st.mtimeMs).toBeGreaterThan(Date.now() - DAY);
    await stat(join(later, 'compile/local', added.key.slice(0, 2), added.key, 'exit_code'));
  });
});
