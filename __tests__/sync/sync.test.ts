/**
 * Restore and save end to end: real disk stores in temp dirs, a real S3-protocol server on
 * loopback (our own, so objects can be aged through its storage), and an independent SDK client
 * to look at the bucket from outside.
 */
import { mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { DiskCacheStore, diskStoreCounters } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { namespaceView } from '../../src/sync/entries.js';
import { SyncUnavailableError } from '../../src/sync/failures.js';
import { readManifest, writeManifest, type SyncManifest } from '../../src/sync/manifest.js';
import { restore, type RestoreOptions } from '../../src/sync/restore.js';
import { save, type SaveOptions } from '../../src/sync/save.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import {
  ageObjects,
  bucketKeys,
  COMPILE_BLOBS,
  RecordingStore,
  writeCompileEntry,
  type WrittenEntry
} from './helpers.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let server: RunningS3Server;
let client: S3Client;
const dirs: string[] = [];
const stores: S3CacheStore[] = [];
let bucketCount = 0;

beforeAll(async () => {
  server = await startS3Server();
  client = rawClient(server.endpoint);
});

afterAll(async () => {
  for (const s of stores) s.destroy();
  client.destroy();
  await server.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sync-test-'));
  dirs.push(d);
  return d;
}

async function bucketStore(): Promise<{ bucket: string; remote: S3CacheStore }> {
  const bucket = `sync-${process.pid}-${++bucketCount}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const remote = new S3CacheStore({
    bucket,
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: S3_TEST_CREDENTIALS
  });
  stores.push(remote);
  return { bucket, remote };
}

function restoreOptions(o: Partial<RestoreOptions> = {}): RestoreOptions {
  return { namespaces: ['compile'], maxBytes: 0, concurrency: 8, progressIntervalMs: 0, ...o };
}

function saveOptions(manifest: SyncManifest | null, o: Partial<SaveOptions> = {}): SaveOptions {
  return {
    namespaces: ['compile'],
    manifest,
    concurrency: 8,
    localMaxSize: 0,
    localMaxAge: 0,
    remoteMaxSize: 0,
    remoteMaxAge: 0,
    refreshOlderThanMs: DAY,
    progressIntervalMs: 0,
    ...o
  };
}

function objectKey(e: WrittenEntry, name: string): string {
  return `cache/${e.namespace}/${e.key.slice(0, 2)}/${e.key}/${name}`;
}

/** The entry's id relative to the synced namespace `compile`: `<tenant path>/<hex>`, or the hex alone. */
function idInCompile(e: WrittenEntry): string {
  return e.namespace === 'compile' ? e.key : `${e.namespace.slice('compile/'.length)}/${e.key}`;
}

function entryDir(root: string, e: WrittenEntry): string {
  return join(root, ...e.namespace.split('/'), e.key.slice(0, 2), e.key);
}

async function expectOnDisk(root: string, e: WrittenEntry): Promise<void> {
  for (const [name, data] of Object.entries(e.blobs)) {
    expect(await readFile(join(entryDir(root, e), name))).toEqual(data);
  }
}

/** Dates every blob of an entry directory. */
async function setTimes(dir: string, time: Date): Promise<void> {
  for (const name of await readdir(dir)) await utimes(join(dir, name), time, time);
}

async function isOnDisk(root: string, e: WrittenEntry): Promise<boolean> {
  return stat(entryDir(root, e)).then(
    () => true,
    () => false
  );
}

describe('restore and save', () => {
  it('job 1 saves; job 2 restores everything into a fresh dir and uploads nothing; job 3 uploads exactly its new entries', async () => {
    const { bucket, remote } = await bucketStore();

    // Job 1: an empty bucket, entries written on disk (two tenants and the root of the namespace).
    const dir1 = await tempDir();
    const disk1 = new DiskCacheStore(dir1);
    const job1: WrittenEntry[] = [];
    for (const ns of ['compile/local', 'compile/local', 'compile/ci', 'compile']) {
      job1.push(await writeCompileEntry(disk1, ns, 3000));
    }
    const source = { namespace: 'source/local', ...(await sourceEntry(disk1)) };
    const s1 = await save(disk1, remote, saveOptions(null, { namespaces: ['compile', 'source'] }));
    expect(s1.warnings).toEqual([]);
    expect(s1.namespaces.map(n => [n.namespace, n.uploadedEntries])).toEqual([
      ['compile', 4],
      ['source', 1]
    ]);
    expect(s1.namespaces[0]!.uploadedBytes).toBe(job1.reduce((s, e) => s + e.size, 0));
    const expectedKeys = [
      ...job1.flatMap(e => COMPILE_BLOBS.map(n => objectKey(e, n))),
      `cache/source/local/${source.key.slice(0, 2)}/${source.key}/data`
    ].sort();
    expect(await bucketKeys(client, bucket)).toEqual(expectedKeys);

    // Job 2: a fresh directory restores all of it, byte for byte, with the bucket's times.
    const dir2 = await tempDir();
    const disk2 = new DiskCacheStore(dir2);
    const lines: string[] = [];
    const r2 = await restore(
      remote,
      disk2,
      restoreOptions({ namespaces: ['compile', 'source'], log: l => lines.push(l) })
    );
    expect(r2.warnings).toEqual([]);
    expect(r2.namespaces.map(n => [n.namespace, n.remoteEntries, n.restoredEntries, n.failed])).toEqual([
      ['compile', 4, 4, 0],
      ['source', 1, 1, 0]
    ]);
    expect(r2.namespaces[0]!.restoredBytes).toBe(job1.reduce((s, e) => s + e.size, 0));
    for (const e of job1) await expectOnDisk(dir2, e);
    expect(await readFile(join(dir2, 'source', 'local', source.key.slice(0, 2), source.key, 'data'))).toEqual(
      source.data
    );
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: objectKey(job1[0]!, 'metadata') })
    );
    const restoredTime = (await stat(join(entryDir(dir2, job1[0]!), 'metadata'))).mtime;
    expect(restoredTime.getTime()).toBe(head.LastModified!.getTime());
    expect(lines.some(l => l.startsWith('compile: restored 4 entries'))).toBe(true);
    expect(r2.manifest.namespaces.compile!.entries.remoteIds()).toEqual(job1.map(idInCompile).sort());
    const manifestPath = join(dir2, '..', `${dir2.split('/').pop()}-manifest.json`);
    dirs.push(manifestPath);
    await writeManifest(manifestPath, r2.manifest);

    const recorder2 = new RecordingStore(remote);
    const s2 = await save(
      disk2,
      recorder2,
      saveOptions(await readManifest(manifestPath), { namespaces: ['compile', 'source'] })
    );
    expect(s2.namespaces.map(n => n.uploadedEntries)).toEqual([0, 0]);
    expect(recorder2.events).toEqual([]);

    // Job 3: the same runner (self-hosted: the disk is kept) restores nothing new, adds two entries.
    const r3 = await restore(remote, disk2, restoreOptions());
    expect(r3.namespaces[0]).toMatchObject({ remoteEntries: 4, restoredEntries: 0, alreadyLocal: 4 });
    const job3 = [
      await writeCompileEntry(disk2, 'compile/local'),
      await writeCompileEntry(disk2, 'compile/new/deep')
    ];
    const recorder3 = new RecordingStore(remote);
    const s3 = await save(disk2, recorder3, saveOptions(r3.manifest));
    expect(s3.namespaces[0]).toMatchObject({ uploadedEntries: 2, failed: 0, incompleteSkipped: 0 });
    const putEntries = new Set(recorder3.events.map(e => e.entry));
    expect([...putEntries].sort()).toEqual(job3.map(e => `${e.namespace}/${e.key}`).sort());
    expect(await bucketKeys(client, bucket)).toEqual(
      [...expectedKeys, ...job3.flatMap(e => COMPILE_BLOBS.map(n => objectKey(e, n)))].sort()
    );
  });

  it('restores the newest entries first and stops at the budget', async () => {
    const { bucket, remote } = await bucketStore();
    const disk1 = new DiskCacheStore(await tempDir());
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < 12; i++) entries.push(await writeCompileEntry(disk1, 'compile/local', 1000 + i));
    await save(disk1, remote, saveOptions(null));
    // Entry i is i hours younger than entry 0.
    const now = Date.now();
    for (const [i, e] of entries.entries()) {
      await ageObjects(server, client, bucket, objectKey(e, ''), new Date(now - (20 - i) * HOUR));
    }
    const newest = entries.slice(-5);
    const budget = newest.reduce((s, e) => s + e.size, 0) + 100; // not enough for a sixth

    const dir2 = await tempDir();
    const r = await restore(remote, new DiskCacheStore(dir2), restoreOptions({ maxBytes: budget }));
    expect(r.namespaces[0]).toMatchObject({
      remoteEntries: 12,
      restoredEntries: 5,
      skippedForBudget: 7,
      failed: 0
    });
    for (const e of entries) expect(await isOnDisk(dir2, e)).toBe(newest.includes(e));
    // The local copies carry the bucket's times, so local LRU order is the bucket's.
    const t = (await stat(join(entryDir(dir2, newest[0]!), 'output'))).mtime.getTime();
    expect(Math.abs(t - (now - 13 * HOUR))).toBeLessThan(1000); // entry 7: 20 - 7 hours old
  });

  it('carries entries at every tenant depth under compile', async () => {
    const { remote } = await bucketStore();
    const disk1 = new DiskCacheStore(await tempDir());
    const written = [
      await writeCompileEntry(disk1, 'compile'),
      await writeCompileEntry(disk1, 'compile/local'),
      await writeCompileEntry(disk1, 'compile/team-a'),
      await writeCompileEntry(disk1, 'compile/team-b/linux/x86')
    ];
    await save(disk1, remote, saveOptions(null));
    const dir2 = await tempDir();
    const r = await restore(remote, new DiskCacheStore(dir2), restoreOptions());
    expect(r.namespaces[0]!.restoredEntries).toBe(4);
    for (const e of written) await expectOnDisk(dir2, e);

    // A narrower namespace carries only its tenant.
    const dir3 = await tempDir();
    const r3 = await restore(
      remote,
      new DiskCacheStore(dir3),
      restoreOptions({ namespaces: ['compile/team-a'] })
    );
    expect(r3.namespaces[0]!.restoredEntries).toBe(1);
    for (const e of written) expect(await isOnDisk(dir3, e)).toBe(e.namespace === 'compile/team-a');
  });

  it('skips an incomplete compile entry in the bucket', async () => {
    const { bucket, remote } = await bucketStore();
    const key = 'ab'.repeat(32);
    for (const name of ['output', 'stdout', 'stderr', 'exit_code']) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: `cache/compile/local/ab/${key}/${name}`, Body: 'x' })
      );
    }
    const complete = await writeCompileEntry(new DiskCacheStore(await tempDir()), 'compile/local');
    for (const [name, data] of Object.entries(complete.blobs)) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey(complete, name), Body: data }));
    }
    const dir = await tempDir();
    const r = await restore(remote, new DiskCacheStore(dir), restoreOptions());
    expect(r.namespaces[0]).toMatchObject({ remoteEntries: 1, restoredEntries: 1, incompleteSkipped: 1 });
    await expectOnDisk(dir, complete);
    expect(await isOnDisk(dir, { namespace: 'compile/local', key, blobs: {}, size: 0 })).toBe(false);
    // The incomplete entry is not in the manifest, so a save that has it whole would fill it in.
    expect(r.manifest.namespaces.compile!.entries.remoteIds()).toEqual([`local/${complete.key}`]);
  });

  it('never uploads a partial local entry, and uploads metadata after every other blob', async () => {
    const { bucket, remote } = await bucketStore();
    const disk = new DiskCacheStore(await tempDir());
    const partial = await writeCompileEntry(disk, 'compile/local', 100, ['metadata']);
    const whole: WrittenEntry[] = [];
    for (let i = 0; i < 6; i++) whole.push(await writeCompileEntry(disk, 'compile/local', 20_000));
    const recorder = new RecordingStore(remote);
    const s = await save(disk, recorder, saveOptions(null, { concurrency: 4 }));
    expect(s.namespaces[0]).toMatchObject({ uploadedEntries: 6, incompleteSkipped: 1, failed: 0 });
    expect((await bucketKeys(client, bucket)).some(k => k.includes(partial.key))).toBe(false);

    for (const e of whole) {
      const events = recorder.events.filter(ev => ev.entry === `compile/local/${e.key}`);
      const metadataStart = events.findIndex(ev => ev.kind === 'start' && ev.name === 'metadata');
      expect(metadataStart).toBeGreaterThan(-1);
      const otherEnds = events.filter(ev => ev.kind === 'end' && ev.name !== 'metadata');
      expect(otherEnds).toHaveLength(4);
      for (const end of otherEnds) expect(events.indexOf(end)).toBeLessThan(metadataStart);
    }
  });

  it('cleans the disk after the job: evicts what was not used and keeps what was hit', async () => {
    const { bucket, remote } = await bucketStore();
    const disk1 = new DiskCacheStore(await tempDir());
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < 6; i++) entries.push(await writeCompileEntry(disk1, 'compile/local', 5000));
    await save(disk1, remote, saveOptions(null));
    await ageObjects(server, client, bucket, 'cache/compile', new Date(Date.now() - 2 * HOUR));

    const dir2 = await tempDir();
    const disk2 = new DiskCacheStore(dir2);
    const r = await restore(remote, disk2, restoreOptions());
    expect(r.namespaces[0]!.restoredEntries).toBe(6);
    // The job hits three entries (the wrapper touches an entry on a hit).
    const hit = [entries[1]!, entries[3]!, entries[4]!];
    const local = namespaceView(disk2, 'compile/local');
    for (const e of hit) await local.touch(e.key);

    const budget = hit.reduce((s, e) => s + e.size, 0);
    const s = await save(disk2, remote, saveOptions(r.manifest, { localMaxSize: budget }));
    expect(s.namespaces[0]).toMatchObject({
      sizeBefore: { entries: 6 },
      sizeAfter: { entries: 3, bytes: budget },
      evictedLocal: { bySize: { entries: 3 }, byAge: { entries: 0 } },
      uploadedEntries: 0
    });
    for (const e of entries) expect(await isOnDisk(dir2, e)).toBe(hit.includes(e));

    // By age: restored entries carry the bucket's time (2 h ago); a 1 h max age evicts every one not hit.
    const dir3 = await tempDir();
    const disk3 = new DiskCacheStore(dir3);
    const r3 = await restore(remote, disk3, restoreOptions());
    expect(r3.warnings).toEqual([]);
    expect(r3.namespaces[0]!.restoredEntries).toBe(6);
    await namespaceView(disk3, 'compile/local').touch(entries[0]!.key);
    const s3 = await save(disk3, remote, saveOptions(r3.manifest, { localMaxAge: HOUR }));
    expect(s3.namespaces[0]!.evictedLocal.byAge.entries).toBe(5);
    for (const e of entries) expect(await isOnDisk(dir3, e)).toBe(e === entries[0]);
  });

  it('scans the disk store once per namespace, and never uploads what the local clean evicted', async () => {
    const { remote } = await bucketStore();
    const disk = new DiskCacheStore(await tempDir());
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < 4; i++) entries.push(await writeCompileEntry(disk, 'compile/local', 3000));
    // The first two are old: a 1 h local max age evicts them before anything is sent.
    const local = namespaceView(disk, 'compile/local');
    for (const e of entries.slice(0, 2))
      await setTimes(local.entryPath(e.key), new Date(Date.now() - 2 * HOUR));

    const walks = diskStoreCounters.walks;
    const s = await save(disk, remote, saveOptions(null, { localMaxAge: HOUR }));
    expect(diskStoreCounters.walks - walks).toBe(1);
    expect(s.namespaces[0]).toMatchObject({
      sizeBefore: { entries: 4 },
      sizeAfter: { entries: 2 },
      evictedLocal: { byAge: { entries: 2 } },
      uploadedEntries: 2
    });
    const uploaded = new Set((await remote.namespace('compile').list()).map(e => e.key));
    expect(entries.map(e => uploaded.has(e.key))).toEqual([false, false, true, true]);
  });

  it('takes restored entries from the manifest (one lstat each), and still sees what the job added and removed', async () => {
    const { remote } = await bucketStore();
    const disk1 = new DiskCacheStore(await tempDir());
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < 5; i++) entries.push(await writeCompileEntry(disk1, 'compile/local', 2000 + i));
    await save(disk1, remote, saveOptions(null));

    const dir2 = await tempDir();
    const disk2 = new DiskCacheStore(dir2);
    const r = await restore(remote, disk2, restoreOptions());
    expect(r.manifest.namespaces.compile!.entries.sizes?.filter(s => s !== null)).toHaveLength(5);
    // The job: two new entries, one restored entry removed.
    const added = [
      await writeCompileEntry(disk2, 'compile/local', 3000),
      await writeCompileEntry(disk2, 'compile/local', 3001)
    ];
    await rm(entryDir(dir2, entries[0]!), { recursive: true });

    const known = diskStoreCounters.knownEntries;
    const s = await save(disk2, remote, saveOptions(r.manifest));
    expect(diskStoreCounters.knownEntries - known).toBe(4);
    const total = [...entries.slice(1), ...added].reduce((n, e) => n + e.size, 0);
    expect(s.namespaces[0]).toMatchObject({ sizeAfter: { entries: 6, bytes: total }, uploadedEntries: 2 });
    const inBucket = new Set((await remote.namespace('compile').list()).map(e => e.key));
    for (const e of added) expect(inBucket.has(e.key)).toBe(true);
  });

  it('refreshes the bucket time of hit entries older than the threshold, and only those', async () => {
    const { bucket, remote } = await bucketStore();
    const disk1 = new DiskCacheStore(await tempDir());
    const [oldHit, oldUnused, youngHit] = [
      await writeCompileEntry(disk1, 'compile/local'),
      await writeCompileEntry(disk1, 'compile/local'),
      await writeCompileEntry(disk1, 'compile/local')
    ] as [WrittenEntry, WrittenEntry, WrittenEntry];
    await save(disk1, remote, saveOptions(null));
    const twoDaysAgo = new Date(Date.now() - 2 * DAY);
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    await ageObjects(server, client, bucket, objectKey(oldHit, ''), twoDaysAgo);
    await ageObjects(server, client, bucket, objectKey(oldUnused, ''), twoDaysAgo);
    await ageObjects(server, client, bucket, objectKey(youngHit, ''), twoHoursAgo);

    const disk2 = new DiskCacheStore(await tempDir());
    const r = await restore(remote, disk2, restoreOptions());
    const local = namespaceView(disk2, 'compile/local');
    await local.touch(oldHit.key);
    await local.touch(youngHit.key);
    const s = await save(disk2, remote, saveOptions(r.manifest, { refreshOlderThanMs: DAY }));
    expect(s.namespaces[0]!.refreshedRemote).toBe(1);

    const entryTime = async (e: WrittenEntry): Promise<number> => {
      let newest = 0;
      for (const name of COMPILE_BLOBS) {
        const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(e, name) }));
        newest = Math.max(newest, h.LastModified!.getTime());
      }
      return newest;
    };
    expect(await entryTime(oldHit)).toBeGreaterThan(Date.now() - HOUR);
    expect(await entryTime(oldUnused)).toBeLessThan(Date.now() - DAY);
    expect(await entryTime(youngHit)).toBeLessThan(Date.now() - HOUR);
    // The data was not sent again: the blobs are as they were.
    expect(await remote.namespace('compile').namespace('local').get(oldHit.key, 'output')).toEqual(
      oldHit.blobs.output
    );
  });

  it('does not overwrite an entry that another job uploaded after the restore', async () => {
    const { bucket, remote } = await bucketStore();
    const diskA = new DiskCacheStore(await tempDir());
    const diskB = new DiskCacheStore(await tempDir());
    // Both jobs restore from an empty bucket, then build the same entry.
    const rA = await restore(remote, diskA, restoreOptions());
    const rB = await restore(remote, diskB, restoreOptions());
    const e = await writeCompileEntry(diskA, 'compile/local');
    for (const [name, data] of Object.entries(e.blobs)) {
      await namespaceView(diskB, 'compile/local').put(e.key, name, data);
    }
    await save(diskA, remote, saveOptions(rA.manifest));
    const aDayAgo = new Date(Date.now() - DAY);
    await ageObjects(server, client, bucket, objectKey(e, ''), aDayAgo);

    const recorder = new RecordingStore(remote);
    const s = await save(diskB, recorder, saveOptions(rB.manifest));
    expect(s.namespaces[0]!.failed).toBe(0);
    // Every put was conditional and the server refused each (412): the objects were not rewritten.
    for (const name of COMPILE_BLOBS) {
      const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(e, name) }));
      expect(h.LastModified!.getTime()).toBe(Math.floor(aDayAgo.getTime() / 1000) * 1000);
    }
    expect(recorder.events.filter(ev => ev.kind === 'start')).toHaveLength(COMPILE_BLOBS.length);
  });

  it('prunes the bucket when limits are given', async () => {
    const { bucket, remote } = await bucketStore();
    const disk1 = new DiskCacheStore(await tempDir());
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < 6; i++) entries.push(await writeCompileEntry(disk1, 'compile/local', 4000));
    await save(disk1, remote, saveOptions(null));
    const now = Date.now();
    for (const [i, e] of entries.entries()) {
      // 0 and 1 are older than a week; the rest i hours younger each.
      const age = i < 2 ? 8 * DAY : (10 - i) * HOUR;
      await ageObjects(server, client, bucket, objectKey(e, ''), new Date(now - age));
    }
    const keep = entries.slice(-2);
    const limit = keep.reduce((s, e) => s + e.size, 0);
    const s = await save(
      new DiskCacheStore(await tempDir()),
      remote,
      saveOptions(null, { remoteMaxAge: 7 * DAY, remoteMaxSize: limit })
    );
    expect(s.namespaces[0]!.evictedRemote).toMatchObject({ byAge: { entries: 2 }, bySize: { entries: 2 } });
    expect(s.namespaces[0]!.remoteSizeAfter).toEqual({ entries: 2, bytes: limit });
    expect(await bucketKeys(client, bucket)).toEqual(
      keep.flatMap(e => COMPILE_BLOBS.map(n => objectKey(e, n))).sort()
    );
  });

  it('throws a clear error when the bucket is unreachable or forbidden', async () => {
    const other = await startS3Server();
    const port = other.port;
    await other.stop(); // nothing listens on this port any more
    const unreachable = new S3CacheStore({
      bucket: 'nowhere',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: S3_TEST_CREDENTIALS,
      maxAttempts: 1
    });
    stores.push(unreachable);
    const disk = new DiskCacheStore(await tempDir());
    await expect(restore(unreachable, disk, restoreOptions())).rejects.toThrow(SyncUnavailableError);
    await expect(restore(unreachable, disk, restoreOptions())).rejects.toThrow(
      /s3:\/\/nowhere\/cache\/.*ECONNREFUSED/
    );

    await writeCompileEntry(disk, 'compile/local');
    const manifest: SyncManifest = { version: 2, restoredAt: new Date().toISOString(), namespaces: {} };
    await expect(save(disk, unreachable, saveOptions(null))).rejects.toThrow(SyncUnavailableError);
    await expect(save(disk, unreachable, saveOptions(manifest))).rejects.toThrow(/nowhere.*ECONNREFUSED/);
    // The local clean still ran and nothing on disk was lost.
    expect((await disk.stats()).entries).toBe(1);

    const { bucket } = await bucketStore();
    const forbidden = new S3CacheStore({
      bucket,
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' },
      maxAttempts: 1
    });
    stores.push(forbidden);
    await expect(restore(forbidden, disk, restoreOptions())).rejects.toThrow(SyncUnavailableError);
  });

  it('rejects bad options with a message naming them', async () => {
    const { remote } = await bucketStore();
    const disk = new DiskCacheStore(await tempDir());
    await expect(restore(remote, disk, restoreOptions({ namespaces: [] }))).rejects.toThrow(/namespaces/);
    await expect(restore(remote, disk, restoreOptions({ namespaces: ['compile/../x'] }))).rejects.toThrow(
      /\.\./
    );
    await expect(restore(remote, disk, restoreOptions({ concurrency: 0 }))).rejects.toThrow(
      /concurrency is 0/
    );
    await expect(save(disk, remote, saveOptions(null, { refreshOlderThanMs: NaN }))).rejects.toThrow(
      /refreshOlderThanMs/
    );
  });
});

async function sourceEntry(disk: DiskCacheStore): Promise<{ key: string; data: Buffer }> {
  const key = 'cd'.repeat(32);
  const data = Buffer.from('int main() { return 0; }\n');
  await namespaceView(disk, 'source/local').put(key, 'data', data);
  return { key, data };
}
