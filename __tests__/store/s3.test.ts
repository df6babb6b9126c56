/**
 * S3CacheStore against a real S3-protocol server on loopback (s3rver with its two S3 gaps closed:
 * self-copy moves LastModified, If-None-Match on PUT). Layout, listing, clean, touch.
 */
import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { BlobTooLargeError, InvalidInputError } from '../../src/store/errors.js';
import { S3CacheStore, type S3StoreOptions } from '../../src/store/s3.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { listSequentially } from '../../testkit/paged-listing.js';

let server: RunningS3Server;
let raw: S3Client;
const stores: S3CacheStore[] = [];

beforeAll(async () => {
  server = await startS3Server();
  raw = rawClient(server.endpoint);
});

afterAll(async () => {
  for (const s of stores) s.destroy();
  raw.destroy();
  await server.stop();
});

async function newBucket(): Promise<string> {
  const name = `s3store-${randomBytes(6).toString('hex')}`;
  await raw.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

async function openStore(options: Partial<S3StoreOptions> = {}): Promise<S3CacheStore> {
  const store = new S3CacheStore({
    bucket: options.bucket ?? (await newBucket()),
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: S3_TEST_CREDENTIALS,
    ...options
  });
  stores.push(store);
  return store;
}

async function allKeys(bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await raw.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const c of out.Contents ?? []) keys.push(c.Key!);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

async function rawPut(bucket: string, key: string, body: string | Uint8Array): Promise<void> {
  await raw.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function rawGet(bucket: string, key: string): Promise<Buffer> {
  const out = await raw.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

const hexKey = (): string => randomBytes(32).toString('hex');
const hoursAgo = (h: number): Date => new Date(Date.now() - h * 3_600_000);

/** Puts an entry and backdates its blobs, so age order needs no waiting. */
async function putEntry(store: S3CacheStore, key: string, size: number, age: Date): Promise<void> {
  await store.put(key, 'output', Buffer.alloc(size - 1, 1));
  await store.put(key, 'exit_code', Buffer.from('0'));
  for (const name of ['output', 'exit_code']) {
    await server.setLastModified(store.bucket.name, store.objectKey(key, name), age);
  }
}

describe('layout', () => {
  it('puts through nested namespaces land at exactly the spec keys, seen by an independent client', async () => {
    const store = await openStore();
    const bucket = store.bucket.name;
    const digest = Buffer.from('00ff10'.repeat(10) + '0a0b', 'hex'); // a 32-byte key given as bytes
    const hex = digest.toString('hex');
    const k2 = hexKey();
    const k3 = hexKey();
    await store.put(digest, 'output', Buffer.from([0, 1, 2, 255]));
    await store.put(digest, 'exit_code', Buffer.from('0'));
    await store.namespace('compile').namespace('local').put(k2, 'metadata', Buffer.from('{"a":1}'));
    await store.namespace('source').namespace('ci').put(k3, 'data', Buffer.from('int main;'));

    expect(await allKeys(bucket)).toEqual(
      [
        `cache/${hex.slice(0, 2)}/${hex}/output`,
        `cache/${hex.slice(0, 2)}/${hex}/exit_code`,
        `cache/compile/local/${k2.slice(0, 2)}/${k2}/metadata`,
        `cache/source/ci/${k3.slice(0, 2)}/${k3}/data`
      ].sort()
    );
    expect(await rawGet(bucket, `cache/${hex.slice(0, 2)}/${hex}/output`)).toEqual(
      Buffer.from([0, 1, 2, 255])
    );
    expect((await rawGet(bucket, `cache/compile/local/${k2.slice(0, 2)}/${k2}/metadata`)).toString()).toBe(
      '{"a":1}'
    );
    // And what another writer put at the spec's keys, we read.
    const k4 = hexKey();
    await rawPut(bucket, `cache/compile/ci/${k4.slice(0, 2)}/${k4}/stdout`, 'warning: x');
    expect((await store.namespace('compile').namespace('ci').get(k4, 'stdout'))!.toString()).toBe(
      'warning: x'
    );
  });

  it('reports dir() as s3://<bucket>/<prefix> and honours a custom prefix', async () => {
    const store = await openStore();
    expect(store.dir()).toBe(`s3://${store.bucket.name}/cache/`);
    expect(store.namespace('compile').namespace('local').dir()).toBe(
      `s3://${store.bucket.name}/cache/compile/local/`
    );
    const custom = await openStore({ prefix: 'team/cc' });
    expect(custom.prefix).toBe('team/cc/');
    const k = hexKey();
    expect(custom.objectKey(k, 'output')).toBe(`team/cc/${k.slice(0, 2)}/${k}/output`);
  });
});

describe('blobs', () => {
  it('tells a missing blob (null) from an empty one (zero-length buffer)', async () => {
    const store = await openStore();
    const k = hexKey();
    expect(await store.get(k, 'stderr')).toBeNull();
    expect(await store.has(k)).toBe(false);
    await store.put(k, 'stderr', Buffer.alloc(0));
    const got = await store.get(k, 'stderr');
    expect(got).toBeInstanceOf(Buffer);
    expect(got!.length).toBe(0);
    expect(await store.has(k)).toBe(true);
  });

  it('rejects every bad blob name and namespace prefix of the spec', async () => {
    const store = await openStore();
    const k = hexKey();
    for (const bad of ['', '.', '..', 'a/b', 'a\\b', 'a\0b']) {
      await expect(store.put(k, bad, Buffer.from('x'))).rejects.toThrow(InvalidInputError);
      await expect(store.get(k, bad)).rejects.toThrow(InvalidInputError);
      expect(() => store.namespace(bad)).toThrow(InvalidInputError);
    }
    await expect(store.get(k, '')).rejects.toThrow('cache blob name must not be empty');
    await expect(store.get(k, 'a/b')).rejects.toThrow('invalid cache blob name "a/b"');
    expect(() => store.namespace('')).toThrow('namespace prefix must not be empty');
    expect(() => store.namespace('..')).toThrow('invalid namespace prefix ".."');
    await expect(store.get('not-hex', 'output')).rejects.toThrow(InvalidInputError);
    expect(await allKeys(store.bucket.name)).toEqual([]);
  });

  it('treats an object over the blob limit as an error, never a hit', async () => {
    const store = await openStore({ maxBlobSize: 10 });
    const k = hexKey();
    await rawPut(store.bucket.name, store.objectKey(k, 'output'), Buffer.alloc(11, 7));
    await expect(store.get(k, 'output')).rejects.toThrow(BlobTooLargeError);
    await expect(store.put(k, 'stdout', Buffer.alloc(11))).rejects.toThrow(BlobTooLargeError);
    await store.put(k, 'stderr', Buffer.alloc(10, 1));
    expect((await store.get(k, 'stderr'))!.length).toBe(10);
  });

  it('an ifAbsent put leaves an existing blob alone, without an error', async () => {
    const store = await openStore();
    const k = hexKey();
    await store.put(k, 'output', Buffer.from('first'));
    await store.put(k, 'output', Buffer.from('second'), { ifAbsent: true });
    expect((await store.get(k, 'output'))!.toString()).toBe('first');
    await store.put(k, 'stdout', Buffer.from('new'), { ifAbsent: true });
    expect((await store.get(k, 'stdout'))!.toString()).toBe('new');
  });
});

describe('listing, stats, clean, touch', () => {
  it('skips foreign objects when listing and never deletes them in clean', async () => {
    const store = await openStore();
    const bucket = store.bucket.name;
    const k = hexKey();
    await store.put(k, 'output', Buffer.from('obj'));
    await store.namespace('compile').put(k, 'output', Buffer.from('obj2'));
    const foreign = [
      `outside/${k.slice(0, 2)}/${k}/output`, // outside the prefix
      `cachex/${k.slice(0, 2)}/${k}/output`, // a prefix that only starts like ours
      'cache/README', // directly under the prefix
      `cache/${k.slice(0, 2)}/${k}`, // two segments only
      `cache/${k.slice(0, 2)}/${k}/nested/blob`, // too deep for an entry
      `cache/${k.slice(2, 4) === 'ff' ? 'ee' : 'ff'}/${k}/output`, // hh does not match the key
      'cache/ab/abXY/output', // not lowercase hex
      'cache/ab/abc/output', // odd length
      'cache/compile/notes.txt'
    ];
    for (const key of foreign) await rawPut(bucket, key, 'foreign');

    const listed = await store.list();
    expect(listed.map(e => [e.namespace, e.key, e.blobs.map(b => b.name)])).toEqual([
      ['', k, ['output']],
      ['compile', k, ['output']]
    ]);
    expect(listed[0]!.size).toBe(3);
    expect(await listSequentially(store)).toEqual(listed);

    const result = await store.clean(1, 0);
    expect(result.bySize.entries).toBe(2);
    expect(result.remaining).toEqual({ entries: 0, bytes: 0 });
    expect(await allKeys(bucket)).toEqual([...foreign].sort());
  });

  it('stats on a parent counts every namespace below it', async () => {
    const store = await openStore();
    await store.put(hexKey(), 'output', Buffer.alloc(10));
    await store.namespace('compile').namespace('local').put(hexKey(), 'output', Buffer.alloc(20));
    await store.namespace('compile').namespace('ci').put(hexKey(), 'output', Buffer.alloc(30));
    await store.namespace('source').namespace('local').put(hexKey(), 'data', Buffer.alloc(40));
    expect(await store.stats()).toEqual({ entries: 4, bytes: 100 });
    expect(await store.namespace('compile').stats()).toEqual({ entries: 2, bytes: 50 });
    const namespaces = (await store.list()).map(e => e.namespace).sort();
    expect(namespaces).toEqual(['', 'compile/ci', 'compile/local', 'source/local']);
  });

  it('cleans by size (oldest first), by age, and both', async () => {
    const store = await openStore();
    const compile = store.namespace('compile');
    // Five entries of 100 bytes, 5h .. 1h old, spread over two levels.
    const keys = Array.from({ length: 5 }, hexKey);
    for (const [i, k] of keys.entries()) await putEntry(i % 2 ? compile : store, k, 100, hoursAgo(5 - i));

    const bySize = await store.clean(350, 0);
    expect(bySize.bySize).toEqual({ entries: 2, bytes: 200 });
    expect(bySize.byAge).toEqual({ entries: 0, bytes: 0 });
    expect(bySize.remaining).toEqual({ entries: 3, bytes: 300 });
    expect((await store.list()).map(e => e.key).sort()).toEqual(keys.slice(2).sort());

    const byAge = await store.clean(0, 2.5 * 3_600_000);
    expect(byAge.byAge).toEqual({ entries: 1, bytes: 100 }); // the 3h-old one
    expect((await store.list()).map(e => e.key).sort()).toEqual(keys.slice(3).sort());

    for (const k of [hexKey(), hexKey()]) await putEntry(store, k, 100, hoursAgo(10));
    const both = await store.clean(100, 3 * 3_600_000);
    expect(both.byAge).toEqual({ entries: 2, bytes: 200 }); // the two 10h-old ones
    expect(both.bySize).toEqual({ entries: 1, bytes: 100 }); // then the 2h-old one, for size
    expect((await store.list()).map(e => e.key)).toEqual([keys[4]]);
  });

  it('touch moves the entry time, so a clean by age keeps it', async () => {
    const store = await openStore();
    const old = hexKey();
    const touched = hexKey();
    await putEntry(store, old, 50, hoursAgo(6));
    await putEntry(store, touched, 50, hoursAgo(6));
    const before = Date.now();
    await store.touch(touched);
    await store.touch(hexKey()); // a missing entry: nothing to do, no error
    const entries = await store.list();
    const mtime = entries.find(e => e.key === touched)!.mtime.getTime();
    expect(mtime).toBeGreaterThan(before - 60_000); // s3rver has one-second resolution
    // Only the small exit_code blob was copied onto itself.
    const blobs = entries.find(e => e.key === touched)!.blobs;
    expect(blobs.find(b => b.name === 'output')!.mtime.getTime()).toBeLessThan(before - 3_600_000);
    const result = await store.clean(0, 3_600_000);
    expect(result.byAge.entries).toBe(1);
    expect((await store.list()).map(e => e.key)).toEqual([touched]);
    expect((await store.get(touched, 'exit_code'))!.toString()).toBe('0');
  });

  it('touch is one request when exit_code is there, and copies the smallest blob when it is not', async () => {
    const store = await openStore();
    const compileEntry = hexKey();
    await putEntry(store, compileEntry, 50, hoursAgo(6));
    const before = store.bucket.requestCount;
    await store.touch(compileEntry);
    expect(store.bucket.requestCount - before).toBe(1);

    // A source entry (blob `data` only): the copy of exit_code misses, a listing finds `data`.
    const source = hexKey();
    await store.put(source, 'data', Buffer.from('int main(void) { return 0; }'));
    await server.setLastModified(store.bucket.name, store.objectKey(source, 'data'), hoursAgo(6));
    const t = Date.now();
    await store.touch(source);
    const entry = (await store.list()).find(e => e.key === source)!;
    expect(entry.blobs.map(b => b.name)).toEqual(['data']);
    expect(entry.mtime.getTime()).toBeGreaterThan(t - 60_000);
  });

  it('remove deletes whole entries of this level only', async () => {
    const store = await openStore();
    const k = hexKey();
    await putEntry(store, k, 10, new Date());
    await store.namespace('compile').put(k, 'output', Buffer.from('x'));
    await store.remove([k]);
    expect(await store.has(k)).toBe(false);
    expect(await store.namespace('compile').has(k)).toBe(true);
  });

  it('parallel listing returns exactly what the sequential listing returns, over namespaces at several depths', async () => {
    const store = await openStore({ listConcurrency: 4 });
    const levels = [
      [],
      ['a'],
      ['a', 'b'],
      ['a', 'b', 'c'],
      ['compile', 'local'],
      ['x1'],
      ['e'],
      ['e', 'f0f']
    ];
    let expected = 0;
    for (const [i, path] of levels.entries()) {
      let view = store;
      for (const p of path) view = view.namespace(p);
      for (let j = 0; j < 6 + i; j++) {
        const k = hexKey();
        await view.put(k, 'output', Buffer.alloc(j + 1));
        if (j % 2) await view.put(k, 'exit_code', Buffer.from('0'));
        expected++;
      }
    }
    await rawPut(store.bucket.name, 'cache/a/b/README', 'foreign');
    await rawPut(store.bucket.name, 'cache/c0ffee/notes', 'foreign'); // a non-shard prefix sharing digit c
    const parallel = await store.list();
    expect(parallel).toHaveLength(expected);
    expect(await listSequentially(store)).toEqual(parallel);
    // One listing per shard gives the same entries, with no fewer requests than one per first digit
    // (here every level fits its first page, which both ask for beside the level's discovery).
    const perShard = new S3CacheStore({ bucket: store.bucket, prefix: 'cache/', listGranularity: 'shard' });
    const before = store.bucket.requestCount;
    expect(await perShard.list()).toEqual(parallel);
    const shardRequests = store.bucket.requestCount - before;
    await store.list();
    expect(store.bucket.requestCount - before - shardRequests).toBeLessThanOrEqual(shardRequests);
    // Pages of 3 keys: ranges are split on truncation down to single entries, whatever the granularity.
    for (const listGranularity of ['digit', 'shard'] as const) {
      const small = new S3CacheStore({
        bucket: store.bucket,
        prefix: 'cache/',
        listGranularity,
        listPageKeys: 3
      });
      expect(await small.list()).toEqual(parallel);
    }
    const sub = store.namespace('a');
    expect(await sub.list()).toEqual(await listSequentially(sub));
    expect(new Set((await sub.list()).map(e => e.namespace))).toEqual(new Set(['', 'b', 'b/c']));
  });

  it('put with a size limit evicts past the limit + 10%, down to the limit; views do not inherit it', async () => {
    const store = await openStore({ maxSize: 1000 });
    for (let i = 0; i < 11; i++) await store.put(hexKey(), 'output', Buffer.alloc(100));
    expect((await store.stats()).bytes).toBe(1100); // at the limit + 10%: not yet
    await store.put(hexKey(), 'output', Buffer.alloc(100));
    expect(await store.stats()).toEqual({ entries: 10, bytes: 1000 });
    const view = store.namespace('compile');
    expect(view.maxSize).toBe(0);
    await view.put(hexKey(), 'output', Buffer.alloc(500));
    expect((await view.stats()).bytes).toBe(500);
  });
});
