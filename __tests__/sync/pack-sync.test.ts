/** Packs through the sync's own restore and save, against the loopback S3 server and real disks. */
import { lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { restore } from '../../src/sync/restore.js';
import { save } from '../../src/sync/save.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { sdkPackBucket } from '../../testkit/sdk-pack-bucket.js';
import { listPacks } from '../../src/sync/packs/read.js';
import { PackIndexCache } from '../../src/sync/packs/index-cache.js';
import { writePacks } from '../../src/sync/packs/write.js';
import { defaultPackPrefix } from '../../src/sync/packs/format.js';
import { parseUploadMode, type PackSyncOptions } from '../../src/sync/packs/namespace-packs.js';
import {
  writeCompileEntry,
  type WrittenEntry,
  SAVE_OPTIONS,
  RESTORE_OPTIONS,
  expectEntriesOnDisk
} from './helpers.js';
import { FaultProxy } from '../../testkit/fault-proxy.js';

let client: S3Client;
let bucket: string;
let remote: S3CacheStore;
let dirs: string[] = [];
const PREFIX = defaultPackPrefix('cache/', 'compile');

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'pack-sync-'));
  dirs.push(d);
  return d;
}

function packOptions(): PackSyncOptions {
  return { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' };
}

// The gap-free server: the S3 store discovers namespaces with delimiter listings at any depth.
let server: RunningS3Server;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server.stop();
});

beforeEach(async () => {
  client = rawClient(server.endpoint);
  bucket = `packsync-${randomBytes(6).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  remote = new S3CacheStore({ bucket, endpoint: server.endpoint, credentials: S3_TEST_CREDENTIALS });
  dirs = [];
});
afterEach(async () => {
  remote.destroy();
  client.destroy();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test('upload-mode is auto, objects, packs or both (default auto), anything else named in the error', () => {
  expect(parseUploadMode('')).toBe('auto');
  expect(parseUploadMode(' Packs ')).toBe('packs');
  expect(parseUploadMode('both')).toBe('both');
  expect(() => parseUploadMode('zip')).toThrow(/upload-mode "zip".*auto, objects, packs or both/);
});

test('save in mode both writes objects and packs; restore reads the packs and no entry object', async () => {
  const src = new DiskCacheStore(await tempDir());
  const entries: WrittenEntry[] = [];
  for (let i = 0; i < 12; i++)
    entries.push(await writeCompileEntry(src, i % 3 ? 'compile/local' : 'compile/ci', 3000));
  const s = await save(src, remote, { ...SAVE_OPTIONS, packs: packOptions(), uploadMode: 'both' });
  expect(s.namespaces[0]!.uploadedEntries).toBe(12);
  expect(s.namespaces[0]!.packsWritten).toBe(1);
  expect((await remote.namespace('compile').list()).length).toBe(12);

  const destDir = await tempDir();
  const before = remote.bucket.requestCount;
  const r = await restore(remote, new DiskCacheStore(destDir), { ...RESTORE_OPTIONS, packs: packOptions() });
  expect(r.namespaces[0]!.restoredEntries).toBe(12);
  expect(r.namespaces[0]!.restoredFromPacks).toBe(12);
  // Listing plus one pack, not one GET per blob (60).
  expect(remote.bucket.requestCount - before).toBeLessThan(20);
  await expectEntriesOnDisk(destDir, entries);
  // The manifest knows every entry: the next save uploads nothing.
  const again = await save(new DiskCacheStore(destDir), remote, {
    ...SAVE_OPTIONS,
    manifest: r.manifest,
    packs: packOptions()
  });
  expect(again.namespaces[0]!.uploadedEntries).toBe(0);
  expect(again.namespaces[0]!.packsWritten ?? 0).toBe(0);
});

test('a restore mixing packs and objects reproduces every entry byte for byte', async () => {
  const src = new DiskCacheStore(await tempDir());
  const packed: WrittenEntry[] = [];
  const objectsOnly: WrittenEntry[] = [];
  for (let i = 0; i < 6; i++) packed.push(await writeCompileEntry(src, 'compile/local', 2000 + i));
  await save(src, remote, { ...SAVE_OPTIONS, packs: packOptions(), uploadMode: 'both' });
  // Entries the Go fleet wrote: objects only.
  const goSide = new DiskCacheStore(await tempDir());
  for (let i = 0; i < 5; i++) objectsOnly.push(await writeCompileEntry(goSide, 'compile/local', 500 + i));
  await save(goSide, remote, { ...SAVE_OPTIONS });
  // And entries that only a packs-only save holds.
  const packsOnlySrc = new DiskCacheStore(await tempDir());
  const packsOnly: WrittenEntry[] = [];
  for (let i = 0; i < 4; i++) packsOnly.push(await writeCompileEntry(packsOnlySrc, 'compile/ci', 700 + i));
  const p = await save(packsOnlySrc, remote, { ...SAVE_OPTIONS, packs: packOptions(), uploadMode: 'packs' });
  expect(p.namespaces[0]!.uploadedEntries).toBe(4);
  expect((await remote.namespace('compile').namespace('ci').list()).length).toBe(0);

  // Twice into fresh directories: the same plan from the same bucket.
  for (let round = 0; round < 2; round++) {
    const destDir = await tempDir();
    const r = await restore(remote, new DiskCacheStore(destDir), {
      ...RESTORE_OPTIONS,
      packs: packOptions()
    });
    const ns = r.namespaces[0]!;
    expect(ns.restoredEntries).toBe(15);
    expect(ns.restoredFromPacks).toBe(10);
    expect(ns.failed).toBe(0);
    await expectEntriesOnDisk(destDir, [...packed, ...objectsOnly, ...packsOnly]);
  }
});

test('a torn pack is ignored by the restore: its entries come as objects', async () => {
  const src = new DiskCacheStore(await tempDir());
  const entries: WrittenEntry[] = [];
  for (let i = 0; i < 5; i++) entries.push(await writeCompileEntry(src, 'compile/local', 1500));
  await save(src, remote, { ...SAVE_OPTIONS });
  // A pack whose writer died before the index: data only.
  const listed = await remote.namespace('compile').list();
  await writePacks(
    sdkPackBucket(client, bucket),
    listed.map(e => ({
      ns: e.namespace,
      key: e.key,
      mtime: 0,
      blobs: [{ name: 'output', data: Buffer.from('bogus') }]
    })),
    { packPrefix: PREFIX, codec: 'gzip' }
  );
  const listing = await listPacks(sdkPackBucket(client, bucket), PREFIX);
  await sdkPackBucket(client, bucket).delete([`${PREFIX}v1/${listing.indexes[0]!.id}.index`]);

  const destDir = await tempDir();
  const r = await restore(remote, new DiskCacheStore(destDir), { ...RESTORE_OPTIONS, packs: packOptions() });
  expect(r.namespaces[0]!.restoredEntries).toBe(5);
  expect(r.namespaces[0]!.restoredFromPacks).toBe(0);
  await expectEntriesOnDisk(destDir, entries);
});

test('saves in mode both keep packs bounded: small packs merged, the size limit respected', async () => {
  const src = new DiskCacheStore(await tempDir());
  let manifest = null;
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < 3; i++) await writeCompileEntry(src, 'compile/local', 1000);
    const s = await save(src, remote, { ...SAVE_OPTIONS, manifest, packs: packOptions() });
    expect(s.namespaces[0]!.uploadedEntries).toBe(3);
    const r = await restore(remote, new DiskCacheStore(await tempDir()), {
      ...RESTORE_OPTIONS,
      packs: packOptions()
    });
    manifest = r.manifest;
  }
  // Each save wrote a small pack; the fourth save's compaction merged them.
  const listing = await listPacks(s3PackBucket(remote.bucket), PREFIX);
  expect(listing.indexes).toHaveLength(1);
  expect(listing.indexes[0]!.entries).toHaveLength(12);

  // With a bucket limit smaller than the packs, the oldest packs go, the newest stays.
  for (let i = 0; i < 3; i++) await writeCompileEntry(src, 'compile/local', 1000);
  await save(src, remote, { ...SAVE_OPTIONS, manifest, remoteMaxSize: 10_000, packs: packOptions() });
  const bounded = await listPacks(s3PackBucket(remote.bucket), PREFIX);
  expect(bounded.indexes).toHaveLength(1);
  expect(bounded.indexes[0]!.entries).toHaveLength(3);
  expect(bounded.indexes[0]!.packBytes).toBeLessThanOrEqual(10_000);
});

test('a save without a manifest in mode packs does not pack again what the packs already hold', async () => {
  const src = new DiskCacheStore(await tempDir());
  for (let i = 0; i < 5; i++) await writeCompileEntry(src, 'compile/local', 1500 + i);
  const first = await save(src, remote, { ...SAVE_OPTIONS, packs: packOptions(), uploadMode: 'packs' });
  expect(first.namespaces[0]!.uploadedEntries).toBe(5);
  expect(first.namespaces[0]!.packsWritten).toBe(1);

  // The same disk saved again with no manifest (restore skipped): the bucket is listed, packs included.
  await writeCompileEntry(src, 'compile/local', 1600);
  const second = await save(src, remote, { ...SAVE_OPTIONS, packs: packOptions(), uploadMode: 'packs' });
  expect(second.namespaces[0]!.uploadedEntries).toBe(1);
  const listing = await listPacks(s3PackBucket(remote.bucket), PREFIX);
  expect(listing.indexes.flatMap(i => i.entries).length).toBe(6);
});

test('a warm save lists the packs once and reads the indexes from the catalog, compaction and prune included, and leaves a catalog of every pack', async () => {
  const proxy = await FaultProxy.start(server.endpoint);
  const viaProxy = new S3CacheStore({ bucket, endpoint: proxy.endpoint, credentials: S3_TEST_CREDENTIALS });
  try {
    const src = new DiskCacheStore(await tempDir());
    const options = { bucket: s3PackBucket(viaProxy.bucket), rootPrefix: 'cache/', codec: 'gzip' as const };
    let manifest = null;
    for (let round = 0; round < 3; round++) {
      await writeCompileEntry(src, 'compile/local', 900 + round);
      await save(src, viaProxy, { ...SAVE_OPTIONS, manifest, packs: options, remoteMaxSize: 1 << 30 });
      manifest = (
        await restore(viaProxy, new DiskCacheStore(await tempDir()), { ...RESTORE_OPTIONS, packs: options })
      ).manifest;
    }
    proxy.resetCounts();
    await writeCompileEntry(src, 'compile/local', 950);
    const s = await save(src, viaProxy, {
      ...SAVE_OPTIONS,
      manifest,
      packs: options,
      remoteMaxSize: 1 << 30
    });
    expect(s.namespaces[0]!.packsWritten).toBe(1);
    const packPath = `/${bucket}/${PREFIX}`;
    const packLists = proxy.requests.filter(
      r =>
        r.method === 'GET' &&
        (r.path.startsWith(`/${bucket}?`) || r.path.startsWith(`/${bucket}/?`)) &&
        decodeURIComponent(r.path).includes(`prefix=${PREFIX}`)
    );
    const indexReads = proxy.requests.filter(
      r => r.method === 'GET' && r.path.startsWith(packPath) && r.path.split('?')[0]!.endsWith('.index')
    );
    expect(packLists).toHaveLength(1);
    // The three packs of the earlier saves come with the catalog the last of them wrote (one GET
    // beside the listing); the new one is not read back.
    expect(
      proxy.requests.filter(r => r.method === 'GET' && r.path.split('?')[0]!.endsWith('/catalog'))
    ).toHaveLength(1);
    expect(indexReads).toHaveLength(0);
    // And the catalog this save left holds every pack: a reader downloads no index.
    proxy.resetCounts();
    const after = await listPacks(s3PackBucket(viaProxy.bucket), PREFIX, { catalog: true });
    expect(after.indexes.length).toBeGreaterThan(0);
    expect(after.catalog?.size).toBe(after.indexes.length);
    expect(proxy.requests.filter(r => r.path.split('?')[0]!.endsWith('.index'))).toHaveLength(0);
  } finally {
    viaProxy.destroy();
    await proxy.close();
  }
});

test("a job's save downloads no index its restore read (copies beside the manifest); a copy that fails a check, or a symlink in its place, is read from the bucket", async () => {
  const proxy = await FaultProxy.start(server.endpoint);
  const viaProxy = new S3CacheStore({ bucket, endpoint: proxy.endpoint, credentials: S3_TEST_CREDENTIALS });
  const indexReads = () =>
    proxy.requests.filter(r => r.method === 'GET' && r.path.split('?')[0]!.endsWith('.index')).length;
  try {
    const options = { bucket: s3PackBucket(viaProxy.bucket), rootPrefix: 'cache/', codec: 'gzip' as const };
    const src = new DiskCacheStore(await tempDir());
    for (let round = 0; round < 2; round++) {
      await writeCompileEntry(src, 'compile/local', 900 + round);
      await save(src, viaProxy, { ...SAVE_OPTIONS, packs: options, uploadMode: 'packs' });
    }
    const copies = new PackIndexCache(join(await tempDir(), 'restore-manifest.json.pack-indexes'));
    const job = { ...options, indexCache: copies };

    // Without a catalog (an older writer's bucket), the restore reads both indexes and keeps a copy
    // of each.
    await viaProxy.bucket.deleteObjects(['cache/packs/compile/catalog']);
    const dest = await tempDir();
    proxy.resetCounts();
    const { manifest } = await restore(viaProxy, new DiskCacheStore(dest), {
      ...RESTORE_OPTIONS,
      packs: job
    });
    expect(indexReads()).toBe(2);
    const indexCopies = async () => (await readdir(copies.dir)).filter(f => f.endsWith('.index')).sort();
    expect(await indexCopies()).toHaveLength(2);

    // The save of the same job: the pack listing, no index download, and the right upload.
    await writeCompileEntry(new DiskCacheStore(dest), 'compile/local', 950);
    proxy.resetCounts();
    const first = await save(new DiskCacheStore(dest), viaProxy, { ...SAVE_OPTIONS, manifest, packs: job });
    expect(first.namespaces[0]!.uploadedEntries).toBe(1);
    expect(first.namespaces[0]!.alreadyRemote).toBe(0);
    expect(indexReads()).toBe(0);
    // The restore found no catalog: the save writes one.
    expect(proxy.requests.some(r => r.method === 'PUT' && r.path.split('?')[0]!.endsWith('/catalog'))).toBe(
      true
    );

    // One copy with a byte changed, the other replaced by a symlink to a file of ours: both indexes
    // are read from the bucket (and the third pack's, which the last save wrote), and the symlink's
    // target is neither read as an index nor written.
    const [a, b] = (await indexCopies()).map(f => join(copies.dir, f)) as [string, string];
    const bytes = await readFile(a);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(a, bytes);
    const decoy = join(await tempDir(), 'decoy');
    await writeFile(decoy, await readFile(b));
    await rm(b);
    await symlink(decoy, b);
    const decoyBefore = await readFile(decoy);
    await writeCompileEntry(new DiskCacheStore(dest), 'compile/local', 960);
    proxy.resetCounts();
    const second = await save(new DiskCacheStore(dest), viaProxy, { ...SAVE_OPTIONS, manifest, packs: job });
    expect(second.namespaces[0]!.uploadedEntries).toBe(1);
    expect(second.warnings).toEqual([]);
    expect(indexReads()).toBe(3);
    expect((await readFile(decoy)).equals(decoyBefore)).toBe(true);

    // The downloads replaced both copies: the symlink itself (not its target), and the bad bytes.
    expect((await lstat(b)).isFile()).toBe(true);
    expect((await readFile(a)).equals(bytes)).toBe(false);
  } finally {
    viaProxy.destroy();
    await proxy.close();
  }
});

test('a pack goes up with its index beside it: an index whose data object failed is deleted, and one without its data is torn to a reader', async () => {
  const proxy = await FaultProxy.start(server.endpoint);
  const viaProxy = new S3CacheStore({ bucket, endpoint: proxy.endpoint, credentials: S3_TEST_CREDENTIALS });
  const direct = sdkPackBucket(client, bucket);
  const entries = [1, 2, 3].map(i => ({
    ns: 'compile/local',
    key: createHash('sha256').update(`side-by-side-${i}`).digest('hex'),
    mtime: 1_700_000_000_000,
    blobs: [
      { name: 'output', data: randomBytes(3000) },
      { name: 'exit_code', data: Buffer.from('0') },
      { name: 'metadata', data: Buffer.from('{}') }
    ]
  }));
  try {
    // Every PUT of the data object refused (retries included); the index's PUT goes through.
    proxy.failNext({
      status: 500,
      code: 'InternalError',
      message: 'refused by the test',
      count: 1000,
      match: (method, path) => method === 'PUT' && path.split('?')[0]!.endsWith('.pack')
    });
    await expect(
      writePacks(s3PackBucket(viaProxy.bucket), entries, { packPrefix: PREFIX, codec: 'gzip' })
    ).rejects.toThrow();
    const puts = proxy.requests.filter(r => r.method === 'PUT').map(r => r.path.split('?')[0]!);
    expect(puts.some(p => p.endsWith('.index'))).toBe(true);
    // What the failed write leaves: nothing under the pack folder (the index it wrote is gone).
    expect(await direct.list(`${PREFIX}v1/`)).toEqual([]);

    // A pack whose index has landed and whose data object has not (or never will): torn, skipped.
    proxy.clearRules();
    const written = await writePacks(direct, entries, { packPrefix: PREFIX, codec: 'gzip' });
    const id = written.packs[0]!.id;
    await direct.delete([`${PREFIX}v1/${id}.pack`]);
    const listing = await listPacks(direct, PREFIX);
    expect(listing.indexes).toEqual([]);
    expect(listing.torn.map(t => [t.id, t.reason])).toEqual([[id, 'no data object']]);
  } finally {
    viaProxy.destroy();
    await proxy.close();
  }
});

test('the first write does not wait for the access check once the pack listing came back', async () => {
  const src = new DiskCacheStore(await tempDir());
  await writeCompileEntry(src, 'compile/local', 1200);
  // A check that never answers: the save writes all the same (the listing proved the bucket).
  const s = await save(src, remote, {
    ...SAVE_OPTIONS,
    packs: packOptions(),
    uploadMode: 'packs',
    writable: () => new Promise(() => undefined)
  });
  expect(s.namespaces[0]!.uploadedEntries).toBe(1);
  expect(s.namespaces[0]!.packsWritten).toBe(1);
});
