/**
 * S3 faults from the network: a fault-injecting proxy in front of a real S3-protocol server answers
 * with S3 errors, drops connections or stalls, and the store retries, gives up, or falls back.
 */
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, HeadBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { FaultProxy, s3Operations } from '../../testkit/fault-proxy.js';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { S3Bucket, S3RequestError, type S3BucketOptions } from '../../src/store/s3-bucket.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';

let server: RunningS3Server;
let proxy: FaultProxy;
let raw: S3Client;
const toDestroy: { destroy(): void }[] = [];

beforeAll(async () => {
  server = await startS3Server();
  proxy = await FaultProxy.start(server.endpoint);
  raw = rawClient(server.endpoint);
});

afterEach(() => {
  proxy.clearRules();
  proxy.resetCounts();
});

afterAll(async () => {
  for (const d of toDestroy) d.destroy();
  raw.destroy();
  await proxy.close();
  await server.stop();
});

const MAX_ATTEMPTS = 4;

function bucketOptions(bucket: string, extra: Partial<S3BucketOptions> = {}): S3BucketOptions {
  return {
    bucket,
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: S3_TEST_CREDENTIALS,
    maxAttempts: MAX_ATTEMPTS,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
    deadlineBaseMs: 2_000,
    ...extra
  };
}

async function openStore(extra: Partial<S3BucketOptions> = {}): Promise<S3CacheStore> {
  const name = `faults-${randomBytes(6).toString('hex')}`;
  await raw.send(new CreateBucketCommand({ Bucket: name }));
  const store = new S3CacheStore(bucketOptions(name, extra));
  toDestroy.push(store);
  return store;
}

async function objectCount(bucket: string): Promise<number> {
  return (await raw.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0;
}

const hexKey = (): string => randomBytes(32).toString('hex');

it('retries 503 SlowDown twice, then succeeds, on put and on get', async () => {
  const retried: string[] = [];
  const store = await openStore({ onRetry: r => retried.push(`${r.attempt}:${r.status}:${r.code}`) });
  const k = hexKey();
  proxy.failNext({ status: 503, code: 'SlowDown', count: 2, match: s3Operations.putObject });
  await store.put(k, 'output', Buffer.from('object code'));
  expect(proxy.countOf(s3Operations.putObject)).toBe(3);

  proxy.failNext({ status: 503, code: 'SlowDown', count: 2, match: s3Operations.getObject });
  expect((await store.get(k, 'output'))!.toString()).toBe('object code');
  expect(proxy.countOf(s3Operations.getObject)).toBe(3);
  expect(store.bucket.requestCount).toBe(6);
  expect(retried).toEqual(['1:503:SlowDown', '2:503:SlowDown', '1:503:SlowDown', '2:503:SlowDown']);
});

it('retries a connection reset, re-sending the whole body of a put', async () => {
  const store = await openStore();
  const k = hexKey();
  const body = randomBytes(300 * 1024);
  proxy.resetNext(1, { match: s3Operations.putObject });
  await store.put(k, 'output', body);
  expect(proxy.countOf(s3Operations.putObject)).toBe(2);
  expect(
    proxy.requests
      .filter(r => s3Operations.putObject(r.method, r.path, r.headers))
      .map(r => r.headers['content-length'])
  ).toEqual([String(body.length), String(body.length)]);

  // A reset halfway through the response body of a get and of a listing.
  proxy.resetNext(1, { match: s3Operations.getObject, when: 'response' });
  expect((await store.get(k, 'output'))!.equals(body)).toBe(true);
  expect(proxy.countOf(s3Operations.getObject)).toBe(2);
  proxy.resetNext(2, { match: s3Operations.listObjects, when: 'response' });
  expect(await store.stats()).toEqual({ entries: 1, bytes: body.length });
});

it('aborts an attempt that stalls past its deadline and retries it', async () => {
  const store = await openStore({ deadlineBaseMs: 300 });
  const k = hexKey();
  proxy.stallNext(1, 2_000, { match: s3Operations.putObject });
  await store.put(k, 'output', Buffer.from('payload'));
  expect(proxy.countOf(s3Operations.putObject)).toBe(2);

  proxy.stallNext(1, 2_000, { match: s3Operations.getObject, when: 'body' });
  expect((await store.get(k, 'output'))!.toString()).toBe('payload');
  expect(proxy.countOf(s3Operations.getObject)).toBe(2);
});

it('surfaces a persistent 500 as an error after a bounded number of attempts', async () => {
  const store = await openStore();
  proxy.failNext({ status: 500, code: 'InternalError', count: 1000 });
  const failure = store.get(hexKey(), 'output');
  await expect(failure).rejects.toThrow(S3RequestError);
  await expect(failure).rejects.toMatchObject({ status: 500, code: 'InternalError', attempts: MAX_ATTEMPTS });
  await expect(failure).rejects.toThrow(
    /GetObject of s3:\/\/faults-.*failed after 4 attempts: HTTP 500 InternalError/
  );
  expect(proxy.countOf(s3Operations.getObject)).toBe(MAX_ATTEMPTS);
});

it('does not retry a request the server refuses for good (403)', async () => {
  const store = await openStore();
  proxy.failNext({ status: 403, code: 'AccessDenied', count: 10 });
  await expect(store.put(hexKey(), 'output', Buffer.from('x'))).rejects.toMatchObject({
    status: 403,
    attempts: 1
  });
});

it('falls back to per-key deletes when DeleteObjects is not implemented, and stays there', async () => {
  const store = await openStore();
  for (let i = 0; i < 5; i++) {
    const k = hexKey();
    await store.put(k, 'output', Buffer.from('o'));
    await store.put(k, 'exit_code', Buffer.from('0'));
  }
  proxy.failNext({ status: 501, code: 'NotImplemented', count: 1000, match: s3Operations.deleteObjects });
  const result = await store.clean(1, 0);
  expect(result.bySize.entries).toBe(5);
  expect(await objectCount(store.bucket.name)).toBe(0);
  expect(proxy.countOf(s3Operations.deleteObjects)).toBe(1);
  // One DELETE per object (s3rver can fail a concurrent delete in a shared directory; those are retried).
  const deletes = proxy.requests.filter(r => s3Operations.deleteObject(r.method, r.path, r.headers));
  expect(new Set(deletes.map(r => r.path)).size).toBe(10);

  await store.put(hexKey(), 'output', Buffer.from('two'));
  expect((await store.clean(1, 0)).bySize.entries).toBe(1);
  expect(proxy.countOf(s3Operations.deleteObjects)).toBe(1); // no second try of the bulk call
  expect(await objectCount(store.bucket.name)).toBe(0);
});

it('sends no optional checksums (look-alikes reject them) and If-None-Match for ifAbsent puts; 412 is not an error', async () => {
  const store = await openStore();
  const k = hexKey();
  await store.put(k, 'output', Buffer.from('x'));
  await store.get(k, 'output');
  for (const r of proxy.requests) {
    expect(
      Object.keys(r.headers).filter(
        h => h.startsWith('x-amz-checksum') || h === 'x-amz-sdk-checksum-algorithm'
      )
    ).toEqual([]);
  }
  proxy.resetCounts();
  proxy.failNext({ status: 412, code: 'PreconditionFailed', match: s3Operations.putObject });
  await store.put(k, 'stdout', Buffer.from('y'), { ifAbsent: true });
  expect(proxy.requests[0]!.headers['if-none-match']).toBe('*');
  expect(await store.get(k, 'stdout')).toBeNull();
});

describe('ensureBucket', () => {
  it('creates a missing bucket with the region as location constraint', async () => {
    const name = `created-${randomBytes(6).toString('hex')}`;
    const bucket = new S3Bucket(bucketOptions(name, { region: 'eu-west-1' }));
    toDestroy.push(bucket);
    await bucket.ensureBucket(true, 'cache/');
    await raw.send(new HeadBucketCommand({ Bucket: name }));
    const create = proxy.requests.find(r => r.method === 'PUT' && r.path.startsWith(`/${name}/`))!;
    expect(create.body!.toString()).toContain('<LocationConstraint>eu-west-1</LocationConstraint>');
    await bucket.ensureBucket(true); // exists now: only the access check
  });

  it('sends no location constraint in us-east-1', async () => {
    const name = `created-${randomBytes(6).toString('hex')}`;
    const store = await S3CacheStore.open({ ...bucketOptions(name), autoCreate: true });
    toDestroy.push(store);
    const create = proxy.requests.find(r => r.method === 'PUT' && r.path.startsWith(`/${name}/`))!;
    expect(create.body!.length).toBe(0);
    expect(proxy.requests[0]!.path).toContain('max-keys=1');
  });

  it('without create, a missing bucket is a clear error', async () => {
    const name = `missing-${randomBytes(6).toString('hex')}`;
    await expect(S3CacheStore.open(bucketOptions(name))).rejects.toThrow(
      new RegExp(
        `S3 bucket "${name}" does not exist at http://127\\.0\\.0\\.1:\\d+: create it, or enable auto_create`
      )
    );
  });
});
