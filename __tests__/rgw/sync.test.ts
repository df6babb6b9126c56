/**
 * The sync (save and restore, objects and packs) against Ceph's RADOS Gateway and, the same cases,
 * against the embedded server: real disk stores in temp dirs, the servers of the global set-up, an
 * independent SDK client to look at the bucket.
 * Cases whose bucket order matters write their batches a second apart and read the order from the
 * times RGW reports (its times cannot be set from outside).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { namespaceView } from '../../src/sync/entries.js';
import { SyncUnavailableError } from '../../src/sync/failures.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { defaultPackPrefix } from '../../src/sync/packs/format.js';
import { listPacks } from '../../src/sync/packs/read.js';
import { readCensus, type Census } from '../../src/sync/packs/census.js';
import type { PackSyncOptions } from '../../src/sync/packs/namespace-packs.js';
import { restore, type RestoreOptions } from '../../src/sync/restore.js';
import { save, type SaveOptions } from '../../src/sync/save.js';
import { describeEachTarget, freshBucket, rawClient, type S3Target } from '../helpers/s3.js';
import {
  bucketKeys,
  COMPILE_BLOBS,
  RecordingStore,
  SAVE_OPTIONS,
  writeCompileEntry,
  type WrittenEntry
} from '../sync/helpers.js';

const DAY = 24 * 3600_000;
const PACKS = defaultPackPrefix('cache/', 'compile');
const sleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms));

function objectKey(e: WrittenEntry, name: string): string {
  return `cache/${e.namespace}/${e.key.slice(0, 2)}/${e.key}/${name}`;
}

function entryDir(root: string, e: WrittenEntry): string {
  return join(root, ...e.namespace.split('/'), e.key.slice(0, 2), e.key);
}

async function expectOnDisk(root: string, entries: WrittenEntry[]): Promise<void> {
  for (const e of entries) {
    for (const [name, data] of Object.entries(e.blobs)) {
      expect((await readFile(join(entryDir(root, e), name))).equals(data)).toBe(true);
    }
  }
}

/** The census of namespace compile (`<pack-prefix>census`), as a restore reads it. */
async function censusOf(remote: S3CacheStore): Promise<Census | null> {
  return readCensus(s3PackBucket(remote.bucket), PACKS);
}

function restoreOptions(o: Partial<RestoreOptions> = {}): RestoreOptions {
  return { namespaces: ['compile'], maxBytes: 0, concurrency: 8, progressIntervalMs: 0, ...o };
}

function saveOptions(o: Partial<SaveOptions> = {}): SaveOptions {
  return { ...SAVE_OPTIONS, refreshOlderThanMs: DAY, ...o };
}

describeEachTarget('sync', (server: S3Target) => {
  let client: S3Client;
  const dirs: string[] = [];
  const stores: S3CacheStore[] = [];

  beforeAll(() => {
    client = rawClient(server.endpoint, server.credentials);
  });
  afterAll(async () => {
    for (const s of stores) s.destroy();
    client.destroy();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function tempDir(): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), 'rgw-sync-'));
    dirs.push(d);
    return d;
  }

  async function bucketStore(): Promise<{ bucket: string; remote: S3CacheStore; packs: PackSyncOptions }> {
    const bucket = await freshBucket('rgw-sync', server);
    const remote = new S3CacheStore({ bucket, endpoint: server.endpoint, credentials: server.credentials });
    stores.push(remote);
    return {
      bucket,
      remote,
      packs: { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' }
    };
  }

  /** Entries at every tenant depth under compile, as a job's build leaves them. */
  async function buildEntries(disk: DiskCacheStore, n: number, size = 3000): Promise<WrittenEntry[]> {
    const tenants = ['compile/local', 'compile/ci', 'compile', 'compile/new/deep'];
    const out: WrittenEntry[] = [];
    for (let i = 0; i < n; i++)
      out.push(await writeCompileEntry(disk, tenants[i % tenants.length]!, size + i));
    return out;
  }

  it('objects only: job 1 saves, job 2 restores every entry byte for byte with the bucket times, and uploads nothing', async () => {
    const { bucket, remote } = await bucketStore();
    const disk1 = new DiskCacheStore(await tempDir());
    const job1 = await buildEntries(disk1, 8);
    const s1 = await save(disk1, remote, saveOptions({ uploadMode: 'objects' }));
    expect(s1.warnings).toEqual([]);
    expect(s1.namespaces[0]).toMatchObject({ uploadedEntries: 8, failed: 0 });
    expect(await bucketKeys(client, bucket)).toEqual(
      job1.flatMap(e => COMPILE_BLOBS.map(n => objectKey(e, n))).sort()
    );

    const dir2 = await tempDir();
    const disk2 = new DiskCacheStore(dir2);
    const r2 = await restore(remote, disk2, restoreOptions());
    expect(r2.warnings).toEqual([]);
    expect(r2.namespaces[0]).toMatchObject({ remoteEntries: 8, restoredEntries: 8, failed: 0 });
    await expectOnDisk(dir2, job1);
    // The restored time is the bucket's, as its listing reports it: RGW lists milliseconds
    // (s3rver whole seconds) while its HEAD, an HTTP date, has whole seconds.
    const listed = (await remote.namespace('compile').list()).find(x => x.key === job1[0]!.key)!;
    const restoredTime = (await stat(join(entryDir(dir2, job1[0]!), 'metadata'))).mtime;
    expect(restoredTime.getTime()).toBe(listed.blobs.find(b => b.name === 'metadata')!.mtime.getTime());
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: objectKey(job1[0]!, 'metadata') })
    );
    expect(Math.floor(restoredTime.getTime() / 1000) * 1000).toBe(head.LastModified!.getTime());

    const recorder = new RecordingStore(remote);
    const s2 = await save(disk2, recorder, saveOptions({ manifest: r2.manifest, uploadMode: 'objects' }));
    expect(s2.namespaces[0]!.uploadedEntries).toBe(0);
    expect(recorder.events).toEqual([]);
  });

  it('packs and objects: a save in mode both writes one pack; a restore takes every entry from it; objects fill in what no pack holds', async () => {
    const { bucket, remote, packs } = await bucketStore();
    const disk1 = new DiskCacheStore(await tempDir());
    const packed = await buildEntries(disk1, 12, 2000);
    const s1 = await save(disk1, remote, saveOptions({ packs, uploadMode: 'both' }));
    expect(s1.warnings).toEqual([]);
    expect(s1.namespaces[0]).toMatchObject({ uploadedEntries: 12, packsWritten: 1, uploadedAs: 'both' });
    expect(await bucketKeys(client, bucket, 'cache/compile/')).toEqual(
      packed.flatMap(e => COMPILE_BLOBS.map(n => objectKey(e, n))).sort()
    );
    // The pack, and the census and catalog beside it: the save's listing found nothing outside packs.
    const packKeys = await bucketKeys(client, bucket, PACKS);
    expect(packKeys.map(k => k.replace(/\/p[\w-]+\./, '/<id>.'))).toEqual([
      `${PACKS}catalog`,
      `${PACKS}census`,
      `${PACKS}v1/<id>.index`,
      `${PACKS}v1/<id>.pack`
    ]);
    expect(await censusOf(remote)).toMatchObject({ outsidePacks: 0 });

    // The census of 0 lets the restore take everything from the pack without listing the objects.
    const dir2 = await tempDir();
    const log2: string[] = [];
    const r2 = await restore(
      remote,
      new DiskCacheStore(dir2),
      restoreOptions({ packs, log: l => log2.push(l) })
    );
    expect(r2.namespaces[0]).toMatchObject({ restoredEntries: 12, restoredFromPacks: 12, failed: 0 });
    expect(log2.join('\n')).toMatch(/from packs \(not listing .*every entry was in a pack\)/);
    await expectOnDisk(dir2, packed);

    // Entries written as objects only (by another writer that knows the packs): its save records
    // the objects it left outside packs in the census, so the next restore lists the bucket and
    // takes them as objects.
    const objectsOnly = await buildEntries(disk1, 4, 1000);
    const s2 = await save(
      disk1,
      remote,
      saveOptions({ manifest: r2.manifest, uploadMode: 'objects', packs })
    );
    expect(s2.namespaces[0]).toMatchObject({ uploadedEntries: 4, uploadedAs: 'objects', failed: 0 });
    expect(await censusOf(remote)).toMatchObject({ outsidePacks: 4 });
    const dir3 = await tempDir();
    const log3: string[] = [];
    const r3 = await restore(
      remote,
      new DiskCacheStore(dir3),
      restoreOptions({ packs, log: l => log3.push(l) })
    );
    expect(r3.namespaces[0]).toMatchObject({ restoredEntries: 16, restoredFromPacks: 12, failed: 0 });
    expect(log3.join('\n')).toContain(
      'is listed (the bucket held 4 entries outside packs at its last count)'
    );
    expect(r3.manifest.namespaces.compile).toMatchObject({ outsidePacks: 4 });
    await expectOnDisk(dir3, [...packed, ...objectsOnly]);
  });

  it('does not overwrite an entry another job uploaded after the restore (412), and does not count it as uploaded', async () => {
    const { bucket, remote } = await bucketStore();
    const diskA = new DiskCacheStore(await tempDir());
    const diskB = new DiskCacheStore(await tempDir());
    const rA = await restore(remote, diskA, restoreOptions());
    const rB = await restore(remote, diskB, restoreOptions());
    const e = await writeCompileEntry(diskA, 'compile/local');
    for (const [name, data] of Object.entries(e.blobs)) {
      await namespaceView(diskB, 'compile/local').put(e.key, name, data);
    }
    await save(diskA, remote, saveOptions({ manifest: rA.manifest, uploadMode: 'objects' }));
    const heads = async (): Promise<number[]> =>
      Promise.all(
        COMPILE_BLOBS.map(async n => {
          const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(e, n) }));
          return h.LastModified!.getTime();
        })
      );
    const before = await heads();
    await sleep(Math.max(0, Math.max(...before) + 1100 - Date.now())); // a rewrite would show in the times

    const recorder = new RecordingStore(remote);
    const s = await save(diskB, recorder, saveOptions({ manifest: rB.manifest, uploadMode: 'objects' }));
    expect(s.namespaces[0]!.failed).toBe(0);
    expect(recorder.events.filter(ev => ev.kind === 'start')).toHaveLength(COMPILE_BLOBS.length);
    // The server refused every conditional put: the objects keep their times.
    expect(await heads()).toEqual(before);
    // Every put was refused, so nothing was uploaded: the entry was in the bucket already.
    expect(s.namespaces[0]).toMatchObject({ uploadedEntries: 0, uploadedBytes: 0, alreadyRemote: 1 });
  });

  it('two jobs saving the same 40 entries after restoring an empty bucket: one uploads them, the other reports them as in the bucket already', async () => {
    const { remote, packs } = await bucketStore();
    const diskA = new DiskCacheStore(await tempDir());
    const diskB = new DiskCacheStore(await tempDir());
    const rA = await restore(remote, diskA, restoreOptions({ packs }));
    const rB = await restore(remote, diskB, restoreOptions({ packs }));
    const entries = await buildEntries(diskA, 40, 500);
    for (const e of entries) {
      for (const [name, data] of Object.entries(e.blobs))
        await namespaceView(diskB, e.namespace).put(e.key, name, data);
    }
    const linesA: string[] = [];
    const linesB: string[] = [];
    const sA = await save(
      diskA,
      remote,
      saveOptions({ manifest: rA.manifest, packs, log: l => linesA.push(l) })
    );
    const sB = await save(
      diskB,
      remote,
      saveOptions({ manifest: rB.manifest, packs, log: l => linesB.push(l) })
    );
    expect(sA.namespaces[0]).toMatchObject({ uploadedEntries: 40, failed: 0 });
    expect(sB.namespaces[0]!.failed).toBe(0);
    // Job B's every PUT got 412: it uploaded nothing and says so.
    expect({ uploaded: sB.namespaces[0]!.uploadedEntries, already: sB.namespaces[0]!.alreadyRemote }).toEqual(
      {
        uploaded: 0,
        already: 40
      }
    );
    expect(linesB.find(l => l.startsWith('compile: uploaded'))).toMatch(/^compile: uploaded 0 entries/);
  });

  it('two jobs saving the same 40 entries: the packs in the bucket hold each entry once', async () => {
    const { remote, packs } = await bucketStore();
    const diskA = new DiskCacheStore(await tempDir());
    const diskB = new DiskCacheStore(await tempDir());
    const rA = await restore(remote, diskA, restoreOptions({ packs }));
    const rB = await restore(remote, diskB, restoreOptions({ packs }));
    const entries = await buildEntries(diskA, 40, 500);
    for (const e of entries) {
      for (const [name, data] of Object.entries(e.blobs))
        await namespaceView(diskB, e.namespace).put(e.key, name, data);
    }
    await save(diskA, remote, saveOptions({ manifest: rA.manifest, packs }));
    await save(diskB, remote, saveOptions({ manifest: rB.manifest, packs }));
    const listing = await listPacks(s3PackBucket(remote.bucket), PACKS);
    const packed = listing.indexes.flatMap(i => i.entries.map(e => `${e.ns}/${e.key}`));
    expect({ packs: listing.indexes.length, entries: packed.length }).toEqual({ packs: 1, entries: 40 });
  });

  it('two concurrent saves of the same entries leave every entry whole: a restore gets all of them byte for byte', async () => {
    const { remote, packs } = await bucketStore();
    const diskA = new DiskCacheStore(await tempDir());
    const diskB = new DiskCacheStore(await tempDir());
    const entries = await buildEntries(diskA, 40, 500);
    for (const e of entries) {
      for (const [name, data] of Object.entries(e.blobs))
        await namespaceView(diskB, e.namespace).put(e.key, name, data);
    }
    // Mode both: the entries must be whole as objects (read below without packs) and in the packs.
    const [sA, sB] = await Promise.all([
      save(diskA, remote, saveOptions({ packs, uploadMode: 'both' })),
      save(diskB, remote, saveOptions({ packs, uploadMode: 'both' }))
    ]);
    expect([sA.namespaces[0]!.failed, sB.namespaces[0]!.failed]).toEqual([0, 0]);
    for (const packsOrNot of [undefined, packs]) {
      const dir = await tempDir();
      const r = await restore(remote, new DiskCacheStore(dir), restoreOptions({ packs: packsOrNot }));
      expect(r.namespaces[0]).toMatchObject({ restoredEntries: 40, failed: 0 });
      await expectOnDisk(dir, entries);
    }
  });

  it('refreshes the bucket time of hit entries older than the threshold (a self-copy), and only those', async () => {
    const { bucket, remote } = await bucketStore();
    const disk1 = new DiskCacheStore(await tempDir());
    const oldHit = await writeCompileEntry(disk1, 'compile/local');
    const oldUnused = await writeCompileEntry(disk1, 'compile/local');
    await save(disk1, remote, saveOptions({ uploadMode: 'objects' }));
    const listed = async (e: WrittenEntry): Promise<number> =>
      (await remote.namespace('compile').list()).find(x => x.key === e.key)!.mtime.getTime();
    const oldTime = Math.max(await listed(oldHit), await listed(oldUnused));
    await sleep(Math.max(0, oldTime + 1100 - Date.now()));
    const youngHit = await writeCompileEntry(disk1, 'compile/local');
    await save(disk1, remote, saveOptions({ uploadMode: 'objects' }));
    const youngTime = await listed(youngHit);
    const before = { oldHit: await listed(oldHit), oldUnused: await listed(oldUnused), youngHit: youngTime };

    const disk2 = new DiskCacheStore(await tempDir());
    const r = await restore(remote, disk2, restoreOptions());
    const local = namespaceView(disk2, 'compile/local');
    await local.touch(oldHit.key);
    await local.touch(youngHit.key);
    // The threshold falls between the two batches, by the times the server reported.
    const threshold = Date.now() - (oldTime + youngTime) / 2;
    const s = await save(disk2, remote, saveOptions({ manifest: r.manifest, refreshOlderThanMs: threshold }));
    expect(s.namespaces[0]!.refreshedRemote).toBe(1);
    const after = {
      oldHit: await listed(oldHit),
      oldUnused: await listed(oldUnused),
      youngHit: await listed(youngHit)
    };
    expect(after.oldHit).toBeGreaterThan(before.oldHit);
    expect({ oldUnused: after.oldUnused, youngHit: after.youngHit }).toEqual({
      oldUnused: before.oldUnused,
      youngHit: before.youngHit
    });
    // The data was not sent again: the blobs are as they were.
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: objectKey(oldHit, 'output') })
    );
    expect(head.ContentLength).toBe(oldHit.blobs.output!.length);
    expect(await remote.namespace('compile').namespace('local').get(oldHit.key, 'output')).toEqual(
      oldHit.blobs.output
    );
  });

  it('a wrong key, a wrong secret and a missing bucket each stop the restore with an error naming the cause', async () => {
    const { bucket } = await bucketStore();
    const disk = new DiskCacheStore(await tempDir());
    const cases: [string, { accessKeyId: string; secretAccessKey: string }, RegExp][] = [
      [bucket, { ...server.credentials, secretAccessKey: 'not-the-secret' }, /SignatureDoesNotMatch/],
      [bucket, { accessKeyId: 'NOSUCHKEY0000000', secretAccessKey: 'x' }, /InvalidAccessKeyId/],
      [`${bucket}-missing`, server.credentials, /NoSuchBucket/]
    ];
    for (const [name, credentials, cause] of cases) {
      const remote = new S3CacheStore({
        bucket: name,
        endpoint: server.endpoint,
        credentials,
        maxAttempts: 1
      });
      stores.push(remote);
      const err = await restore(remote, disk, restoreOptions()).then(
        () => undefined,
        (e: Error) => e
      );
      expect(err).toBeInstanceOf(SyncUnavailableError);
      expect(err?.message).toMatch(cause);
    }
  });

  it('prunes the bucket by size, oldest first by the times the server reports, and logs what it pruned', async () => {
    const { bucket, remote } = await bucketStore();
    const disk = new DiskCacheStore(await tempDir());
    await buildEntries(disk, 3, 4000); // the oldest: pruned
    const s1 = await save(disk, remote, saveOptions({ uploadMode: 'objects' }));
    expect(s1.namespaces[0]!.uploadedEntries).toBe(3);
    const oldTimes = (await remote.namespace('compile').list()).map(e => e.mtime.getTime());
    await sleep(Math.max(0, Math.max(...oldTimes) + 1100 - Date.now()));
    const disk2 = new DiskCacheStore(await tempDir());
    const keep = await buildEntries(disk2, 2, 4000);
    await save(disk2, remote, saveOptions({ uploadMode: 'objects' }));

    const limit = keep.reduce((n, e) => n + e.size, 0);
    const lines: string[] = [];
    const s = await save(
      new DiskCacheStore(await tempDir()),
      remote,
      saveOptions({ uploadMode: 'objects', remoteMaxSize: limit, log: l => lines.push(l) })
    );
    expect(s.namespaces[0]!.evictedRemote).toMatchObject({ bySize: { entries: 3 }, byAge: { entries: 0 } });
    expect(s.namespaces[0]!.remoteSizeAfter).toEqual({ entries: 2, bytes: limit });
    expect(await bucketKeys(client, bucket)).toEqual(
      keep.flatMap(e => COMPILE_BLOBS.map(n => objectKey(e, n))).sort()
    );
    const line = lines.find(l => l.includes('pruned from the bucket'));
    expect(line).toMatch(/pruned from the bucket: 3 \([^)]*\) by size/);
  });
});
