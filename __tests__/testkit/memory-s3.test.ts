/**
 * testkit/memory-s3.ts speaks the S3 protocol our client uses: the S3 store's behaviour (layout seen by
 * an independent SDK client, paged and parallel listing, conditional put, touch, clean, remove) and
 * the requests packs and the archive baseline make (ranged GET, multipart upload, DeleteObjects),
 * all through the AWS SDK against the server on loopback.
 */
import { randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client
} from '@aws-sdk/client-s3';
import { startMemoryS3, type MemoryS3Server } from '../../testkit/memory-s3.js';
import { LinkShaper } from '../../testkit/link-proxy.js';
import { S3CacheStore, type S3StoreOptions } from '../../src/store/s3.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { listSequentially } from '../../testkit/paged-listing.js';

let server: MemoryS3Server;
let raw: S3Client;
const stores: S3CacheStore[] = [];

beforeAll(async () => {
  server = await startMemoryS3();
  raw = rawClient(server.endpoint);
});

afterAll(async () => {
  for (const s of stores) s.destroy();
  raw.destroy();
  await server.stop();
});

async function newBucket(): Promise<string> {
  const name = `mem-${randomBytes(6).toString('hex')}`;
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

async function allKeys(bucket: string, maxKeys?: number): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await raw.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token, MaxKeys: maxKeys })
    );
    for (const c of out.Contents ?? []) keys.push(c.Key!);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function rawPut(bucket: string, key: string, body: string | Uint8Array): Promise<void> {
  await raw.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function rawGet(bucket: string, key: string, range?: string): Promise<Buffer> {
  const out = await raw.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

const hexKey = (): string => randomBytes(32).toString('hex');
const hoursAgo = (h: number): Date => new Date(Date.now() - h * 3_600_000);

async function putEntry(store: S3CacheStore, key: string, size: number, age: Date): Promise<void> {
  await store.put(key, 'output', Buffer.alloc(size - 1, 1));
  await store.put(key, 'exit_code', Buffer.from('0'));
  for (const name of ['output', 'exit_code']) {
    server.store.setLastModified(store.bucket.name, store.objectKey(key, name), age);
  }
}

describe('the S3 store against the memory server', () => {
  it('puts land at the spec keys, in key order for an independent client, and read back byte for byte', async () => {
    const store = await openStore();
    const bucket = store.bucket.name;
    const k1 = hexKey();
    const k2 = hexKey();
    await store.put(k1, 'output', Buffer.from([0, 1, 2, 255]));
    await store.put(k1, 'exit_code', Buffer.from('0'));
    await store.namespace('compile').namespace('local').put(k2, 'metadata', Buffer.from('{"a":1}'));
    expect(await allKeys(bucket)).toEqual(
      [
        `cache/${k1.slice(0, 2)}/${k1}/output`,
        `cache/${k1.slice(0, 2)}/${k1}/exit_code`,
        `cache/compile/local/${k2.slice(0, 2)}/${k2}/metadata`
      ].sort()
    );
    expect(await rawGet(bucket, `cache/${k1.slice(0, 2)}/${k1}/output`)).toEqual(Buffer.from([0, 1, 2, 255]));
    const k3 = hexKey();
    await rawPut(bucket, `cache/compile/ci/${k3.slice(0, 2)}/${k3}/stdout`, 'warning: x');
    expect((await store.namespace('compile').namespace('ci').get(k3, 'stdout'))!.toString()).toBe(
      'warning: x'
    );
    // Missing (null) versus empty (zero bytes).
    expect(await store.get(k1, 'stderr')).toBeNull();
    await store.put(k1, 'stderr', Buffer.alloc(0));
    expect((await store.get(k1, 'stderr'))!.length).toBe(0);
  });

  it('a conditional put (If-None-Match: *) leaves an existing blob alone', async () => {
    const store = await openStore();
    const k = hexKey();
    await store.put(k, 'output', Buffer.from('first'));
    await store.put(k, 'output', Buffer.from('second'), { ifAbsent: true });
    expect((await store.get(k, 'output'))!.toString()).toBe('first');
    await store.put(k, 'stdout', Buffer.from('new'), { ifAbsent: true });
    expect((await store.get(k, 'stdout'))!.toString()).toBe('new');
    await expect(
      raw.send(
        new PutObjectCommand({
          Bucket: store.bucket.name,
          Key: store.objectKey(k, 'stdout'),
          Body: 'x',
          IfNoneMatch: '*'
        })
      )
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
  });

  it('parallel listing equals the sequential (paged) listing, skipping foreign objects, over several levels', async () => {
    const store = await openStore({ listConcurrency: 4 });
    const bucket = store.bucket.name;
    let expected = 0;
    for (const [i, path] of [[], ['a'], ['a', 'b'], ['compile', 'local'], ['e', 'f0f']].entries()) {
      let view = store;
      for (const p of path) view = view.namespace(p);
      for (let j = 0; j < 5 + i; j++) {
        const k = hexKey();
        await view.put(k, 'output', Buffer.alloc(j + 1));
        if (j % 2) await view.put(k, 'exit_code', Buffer.from('0'));
        expected++;
      }
    }
    const k = hexKey();
    for (const foreign of [
      `cachex/${k.slice(0, 2)}/${k}/output`,
      'cache/README',
      `cache/${k.slice(0, 2)}/${k}/nested/blob`,
      'cache/c0ffee/notes'
    ]) {
      await rawPut(bucket, foreign, 'foreign');
    }
    const parallel = await store.list();
    expect(parallel).toHaveLength(expected);
    expect(await listSequentially(store)).toEqual(parallel);
    expect(await store.namespace('a').list()).toEqual(await listSequentially(store.namespace('a')));
  });

  it('pages a listing of more than 1000 keys (continuation tokens, start-after, max-keys)', async () => {
    const bucket = await newBucket();
    // Seeded without HTTP; every read below goes through the protocol.
    const store = await openStore({ bucket });
    const hexes = Array.from({ length: 450 }, hexKey);
    for (const hex of hexes) {
      for (const name of ['output', 'stdout', 'exit_code']) {
        server.store.putObject(bucket, store.objectKey(hex, name), Buffer.from(name));
      }
    }
    const keys = await allKeys(bucket);
    expect(keys).toHaveLength(1350);
    expect(keys).toEqual([...keys].sort());
    expect(await allKeys(bucket, 7)).toEqual(keys);
    const sequential = await listSequentially(store);
    expect(sequential.map(e => e.key)).toEqual([...hexes].sort());
    expect(await store.list()).toEqual(sequential);
    const after = await raw.send(
      new ListObjectsV2Command({ Bucket: bucket, StartAfter: keys[1000], MaxKeys: 5 })
    );
    expect(after.Contents!.map(c => c.Key)).toEqual(keys.slice(1001, 1006));
    expect(after.IsTruncated).toBe(true);
  });

  it('answers delimiter listings with CommonPrefixes, counted against max-keys', async () => {
    const bucket = await newBucket();
    for (const key of ['p/a/1', 'p/a/2', 'p/b/1', 'p/c', 'p/d/x/y', 'q/1']) await rawPut(bucket, key, 'x');
    const all = await raw.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'p/', Delimiter: '/' }));
    expect(all.CommonPrefixes!.map(p => p.Prefix)).toEqual(['p/a/', 'p/b/', 'p/d/']);
    expect(all.Contents!.map(c => c.Key)).toEqual(['p/c']);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await raw.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: 'p/',
          Delimiter: '/',
          MaxKeys: 2,
          ContinuationToken: token
        })
      );
      expect((page.CommonPrefixes ?? []).length + (page.Contents ?? []).length).toBeLessThanOrEqual(2);
      seen.push(
        ...(page.CommonPrefixes ?? []).map(p => p.Prefix!),
        ...(page.Contents ?? []).map(c => c.Key!)
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(seen.sort()).toEqual(['p/a/', 'p/b/', 'p/c', 'p/d/']);
  });

  it('touch (a copy onto itself) moves LastModified, so clean by age keeps the entry; clean and remove delete', async () => {
    const store = await openStore();
    const old = hexKey();
    const touched = hexKey();
    await putEntry(store, old, 50, hoursAgo(6));
    await putEntry(store, touched, 50, hoursAgo(6));
    const before = Date.now();
    await store.touch(touched);
    await store.touch(hexKey()); // missing: nothing to do
    const entry = (await store.list()).find(e => e.key === touched)!;
    expect(entry.mtime.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(entry.blobs.find(b => b.name === 'output')!.mtime.getTime()).toBeLessThan(before - 3_600_000);
    const result = await store.clean(0, 3_600_000);
    expect(result.byAge.entries).toBe(1);
    expect((await store.list()).map(e => e.key)).toEqual([touched]);
    await store.remove([touched]);
    expect(await store.has(touched)).toBe(false);
    expect(await allKeys(store.bucket.name)).toEqual([]);
    // S3 refuses a self-copy that changes nothing.
    await rawPut(store.bucket.name, 'k', 'v');
    await expect(
      raw.send(
        new CopyObjectCommand({ Bucket: store.bucket.name, Key: 'k', CopySource: `${store.bucket.name}/k` })
      )
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});

describe('the requests packs and the baselines make', () => {
  it('ranged GETs, HEAD, multipart upload, DeleteObjects with awkward keys, missing keys and buckets', async () => {
    const bucket = await newBucket();
    const data = randomBytes(10_000);
    await rawPut(bucket, 'pack/one.pack', data);
    expect(await rawGet(bucket, 'pack/one.pack', 'bytes=100-199')).toEqual(data.subarray(100, 200));
    expect(await rawGet(bucket, 'pack/one.pack', 'bytes=9990-')).toEqual(data.subarray(9990));
    expect(await rawGet(bucket, 'pack/one.pack', 'bytes=-5')).toEqual(data.subarray(9995));
    await expect(rawGet(bucket, 'pack/one.pack', 'bytes=20000-')).rejects.toMatchObject({
      $metadata: { httpStatusCode: 416 }
    });
    const head = await raw.send(new HeadObjectCommand({ Bucket: bucket, Key: 'pack/one.pack' }));
    expect(head.ContentLength).toBe(10_000);
    await expect(raw.send(new HeadObjectCommand({ Bucket: bucket, Key: 'nope' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 }
    });
    await expect(rawGet(bucket, 'nope')).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(raw.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 }
    });

    const { UploadId } = await raw.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'archive' }));
    const partA = randomBytes(5000);
    const partB = randomBytes(3000);
    const a = await raw.send(
      new UploadPartCommand({ Bucket: bucket, Key: 'archive', UploadId, PartNumber: 1, Body: partA })
    );
    const b = await raw.send(
      new UploadPartCommand({ Bucket: bucket, Key: 'archive', UploadId, PartNumber: 2, Body: partB })
    );
    await raw.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'archive',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: a.ETag },
            { PartNumber: 2, ETag: b.ETag }
          ]
        }
      })
    );
    expect(await rawGet(bucket, 'archive')).toEqual(Buffer.concat([partA, partB]));

    const awkward = ['a&b<c>', 'sp ace/x+y', 'ünï/cödé', 'q\'uote"s'];
    for (const k of awkward) await rawPut(bucket, k, k);
    expect((await rawGet(bucket, awkward[2]!)).toString()).toBe(awkward[2]);
    const out = await raw.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [...awkward, 'never-there'].map(Key => ({ Key })), Quiet: false }
      })
    );
    expect(out.Deleted!.map(d => d.Key).sort()).toEqual([...awkward, 'never-there'].sort());
    expect(await allKeys(bucket)).toEqual(['archive', 'pack/one.pack']);
  });
});

describe('a shaped endpoint (the link model inside the memory server)', () => {
  test('serves the same objects as the plain endpoint and counts requests and body bytes like the link proxy', async () => {
    const shaper = new LinkShaper(1, 50 * 1024 * 1024);
    const shaped = await startMemoryS3({ store: server.store, link: shaper });
    const client = rawClient(shaped.endpoint);
    try {
      const bucket = await newBucket();
      const big = randomBytes(300_000); // several 64 KiB pieces through the link
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/big', Body: big }));
      await rawPut(bucket, 'a/small', 'hello');
      expect(await rawGet(bucket, 'a/big')).toEqual(big);
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/small' }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).toString()).toBe('hello');
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'a/big' }));
      expect(head.ContentLength).toBe(big.length);
      await client.send(new ListObjectsV2Command({ Bucket: bucket }));

      const c = shaper.counts();
      expect(c.byOperation).toEqual({ PUT: 1, GET: 1, HEAD: 1, LIST: 1 });
      expect(c.total).toBe(4);
      expect(c.bytesUp).toBe(big.length);
      // The small GET's body and the listing's XML; the HEAD sends no body.
      expect(c.bytesDown).toBeGreaterThan(5);
      expect(c.bytesDown).toBeLessThan(5 + 2000);
      shaper.resetCounts();
      expect(shaper.counts().total).toBe(0);
    } finally {
      client.destroy();
      await shaped.stop();
    }
  });
});
