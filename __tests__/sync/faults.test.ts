/**
 * Restore and save through a fault-injecting proxy in front of the loopback S3 server: failed
 * entries are counted and warned about, never leave a partial entry on disk or a metadata-first
 * entry in the bucket, and a bucket that fails every transfer stops the run with one clear error.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { FaultProxy, s3Operations } from '../../testkit/fault-proxy.js';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { SyncUnavailableError } from '../../src/sync/failures.js';
import { restore, type RestoreOptions } from '../../src/sync/restore.js';
import { save, type SaveOptions } from '../../src/sync/save.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { bucketKeys, writeCompileEntry, type WrittenEntry } from './helpers.js';

let server: RunningS3Server;
let proxy: FaultProxy;
let client: S3Client;
const dirs: string[] = [];
const stores: S3CacheStore[] = [];
let bucketCount = 0;

beforeAll(async () => {
  server = await startS3Server();
  proxy = await FaultProxy.start(server.endpoint);
  client = rawClient(server.endpoint);
});

afterEach(() => proxy.clearRules());

afterAll(async () => {
  for (const s of stores) s.destroy();
  client.destroy();
  await proxy.close();
  await server.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sync-faults-'));
  dirs.push(d);
  return d;
}

/** A bucket, and a store that reaches it through the proxy and does not retry (one fault = one failure). */
async function proxiedBucket(): Promise<{ bucket: string; remote: S3CacheStore }> {
  const bucket = `faults-${process.pid}-${++bucketCount}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const remote = new S3CacheStore({
    bucket,
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: S3_TEST_CREDENTIALS,
    maxAttempts: 1
  });
  stores.push(remote);
  return { bucket, remote };
}

const restoreOptions = (o: Partial<RestoreOptions> = {}): RestoreOptions => ({
  namespaces: ['compile'],
  maxBytes: 0,
  concurrency: 4,
  progressIntervalMs: 0,
  ...o
});

const saveOptions = (o: Partial<SaveOptions> = {}): SaveOptions => ({
  namespaces: ['compile'],
  manifest: null,
  concurrency: 4,
  localMaxSize: 0,
  localMaxAge: 0,
  remoteMaxSize: 0,
  remoteMaxAge: 0,
  refreshOlderThanMs: 86_400_000,
  progressIntervalMs: 0,
  ...o
});

/** Requests for one blob of one entry. */
const blobOf =
  (e: WrittenEntry, name: string, op: typeof s3Operations.getObject) =>
  (method: string, path: string, headers: Parameters<typeof op>[2]): boolean =>
    op(method, path, headers) && path.split('?')[0]!.endsWith(`/${e.key}/${name}`);

async function entriesOnDisk(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const shard of await readdir(join(dir, 'compile', 'local')).catch(() => [])) {
    for (const hex of await readdir(join(dir, 'compile', 'local', shard))) {
      found.push(hex);
      // Every entry on disk is whole.
      expect((await readdir(join(dir, 'compile', 'local', shard, hex))).sort()).toEqual(
        ['exit_code', 'metadata', 'output', 'stderr', 'stdout'].sort()
      );
    }
  }
  return found.sort();
}

describe('sync under faults', () => {
  it('restore: a failed entry is counted, warned and not installed; the next restore fetches it', async () => {
    const { remote } = await proxiedBucket();
    const disk1 = new DiskCacheStore(await tempDir());
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < 6; i++) entries.push(await writeCompileEntry(disk1, 'compile/local', 2000));
    await save(disk1, remote, saveOptions());

    const [bad1, bad2] = [entries[1]!, entries[4]!];
    proxy.failNext({
      status: 403,
      code: 'AccessDenied',
      match: blobOf(bad1, 'output', s3Operations.getObject)
    });
    proxy.resetNext(1, { match: blobOf(bad2, 'stderr', s3Operations.getObject), when: 'response' });
    const dir = await tempDir();
    const disk = new DiskCacheStore(dir);
    const r = await restore(remote, disk, restoreOptions());
    expect(r.namespaces[0]).toMatchObject({ remoteEntries: 6, restoredEntries: 4, failed: 2 });
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings.join('\n')).toContain(bad1.key);
    expect(r.warnings.join('\n')).toContain(bad2.key);
    expect(await entriesOnDisk(dir)).toEqual(
      entries
        .filter(e => e !== bad1 && e !== bad2)
        .map(e => e.key)
        .sort()
    );
    expect((await disk.stats()).entries).toBe(4);

    const again = await restore(remote, disk, restoreOptions());
    expect(again.namespaces[0]).toMatchObject({ restoredEntries: 2, alreadyLocal: 4, failed: 0 });
    expect(await entriesOnDisk(dir)).toEqual(entries.map(e => e.key).sort());
  });

  it('save: a cut-off upload never leaves metadata in the bucket, and the next save completes it', async () => {
    const { bucket, remote } = await proxiedBucket();
    const disk = new DiskCacheStore(await tempDir());
    const entries: WrittenEntry[] = [];
    for (let i = 0; i < 5; i++) entries.push(await writeCompileEntry(disk, 'compile/local', 2000));
    const [outputFails, metadataFails] = [entries[0]!, entries[2]!];
    proxy.failNext({
      status: 403,
      code: 'AccessDenied',
      match: blobOf(outputFails, 'output', s3Operations.putObject)
    });
    proxy.resetNext(1, { match: blobOf(metadataFails, 'metadata', s3Operations.putObject) });

    const s = await save(disk, remote, saveOptions());
    expect(s.namespaces[0]).toMatchObject({ uploadedEntries: 3, failed: 2 });
    expect(s.warnings).toHaveLength(2);
    const keys = await bucketKeys(client, bucket);
    for (const e of [outputFails, metadataFails]) {
      expect(keys.some(k => k.endsWith(`${e.key}/metadata`))).toBe(false);
    }
    // A reader sees three complete entries and skips the two cut-off ones.
    const r = await restore(remote, new DiskCacheStore(await tempDir()), restoreOptions());
    expect(r.namespaces[0]).toMatchObject({ remoteEntries: 3, incompleteSkipped: 2 });

    // The next save (without a manifest, it lists the bucket) uploads the two again.
    const s2 = await save(disk, remote, saveOptions());
    expect(s2.namespaces[0]).toMatchObject({ uploadedEntries: 2, failed: 0 });
    const r2 = await restore(remote, new DiskCacheStore(await tempDir()), restoreOptions());
    expect(r2.namespaces[0]).toMatchObject({ remoteEntries: 5, restoredEntries: 5, incompleteSkipped: 0 });
  });

  it('stops with one clear error when every transfer fails', async () => {
    const { remote } = await proxiedBucket();
    const disk1 = new DiskCacheStore(await tempDir());
    for (let i = 0; i < 12; i++) await writeCompileEntry(disk1, 'compile/local', 500);
    await save(disk1, remote, saveOptions());

    proxy.failNext({ status: 403, code: 'AccessDenied', count: 1000, match: s3Operations.getObject });
    const dir = await tempDir();
    const err = await restore(remote, new DiskCacheStore(dir), restoreOptions()).then(
      () => null,
      (e: unknown) => e
    );
    expect(err).toBeInstanceOf(SyncUnavailableError);
    expect((err as Error).message).toMatch(
      /restore from s3:\/\/faults-.*AccessDenied|Access Denied|injected/
    );
    expect(await entriesOnDisk(dir)).toEqual([]);
    proxy.clearRules();

    // The same with uploads: the disk store is left as it was.
    const disk2 = new DiskCacheStore(await tempDir());
    for (let i = 0; i < 10; i++) await writeCompileEntry(disk2, 'compile/local', 500);
    proxy.failNext({ status: 403, code: 'AccessDenied', count: 1000, match: s3Operations.putObject });
    await expect(save(disk2, remote, saveOptions())).rejects.toThrow(SyncUnavailableError);
    expect((await disk2.stats()).entries).toBe(10);
  });
});

test('upload mode both: when the pack write fails, the objects still go up whole and the save does not wait for it', async () => {
  const { bucket, remote } = await proxiedBucket();
  const disk = new DiskCacheStore(await tempDir());
  const entries: WrittenEntry[] = [];
  // Small packs (4 KiB target): the pack writer fails on its first PUT, with entries still to come.
  for (let i = 0; i < 6; i++) entries.push(await writeCompileEntry(disk, 'compile/local', 1500 + i));
  const isPackPut = (method: string, path: string): boolean => method === 'PUT' && path.includes('/packs/');
  proxy.failNext({ status: 500, code: 'InternalError', count: 100, match: isPackPut });
  const s = await save(disk, remote, {
    ...saveOptions(),
    uploadMode: 'both',
    packs: { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip', targetPackBytes: 4096 }
  });
  expect(s.namespaces[0]).toMatchObject({ uploadedEntries: 6, failed: 0 });
  expect(s.warnings.some(w => /could not write the packs of compile/.test(w))).toBe(true);
  const keys = await bucketKeys(client, bucket);
  for (const e of entries) {
    for (const name of Object.keys(e.blobs)) {
      expect(keys).toContain(`cache/${e.namespace}/${e.key.slice(0, 2)}/${e.key}/${name}`);
    }
  }
  expect(keys.filter(k => k.includes('/packs/'))).toEqual([]);
});

test('a pack whose connection drops mid-body: its entries come as objects, every one whole', async () => {
  const { remote } = await proxiedBucket();
  const disk = new DiskCacheStore(await tempDir());
  const entries: WrittenEntry[] = [];
  for (let i = 0; i < 6; i++) entries.push(await writeCompileEntry(disk, 'compile/local', 40_000 + i));
  const packs = { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' as const };
  await save(disk, remote, { ...saveOptions(), uploadMode: 'both', packs });

  const isPackGet = (method: string, path: string): boolean =>
    method === 'GET' && path.split('?')[0]!.endsWith('.pack');
  proxy.resetNext(1, { match: isPackGet, when: 'response' });
  const dir = await tempDir();
  const r = await restore(remote, new DiskCacheStore(dir), { ...restoreOptions(), packs });
  expect(r.namespaces[0]).toMatchObject({ restoredEntries: 6, failed: 0 });
  expect(r.warnings.some(w => /pack read problem/.test(w))).toBe(true);
  const local = new DiskCacheStore(dir).namespace('compile').namespace('local');
  for (const e of entries) {
    for (const [name, data] of Object.entries(e.blobs))
      expect((await local.get(e.key, name))?.equals(data)).toBe(true);
  }
});
