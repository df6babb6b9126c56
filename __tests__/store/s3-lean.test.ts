/**
 * Lean object requests (src/store/s3-lean.ts: PUT and GET signed and sent by us) against a real
 * S3-protocol server (s3rver), read back and written by an independent SDK
 * client: the bytes and keys are exactly what the SDK would have written and read.
 */
import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3Client as Client
} from '@aws-sdk/client-s3';
import { FaultProxy, s3Operations } from '../../testkit/fault-proxy.js';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { S3Bucket } from '../../src/store/s3-bucket.js';
import { resolveLeanTarget } from '../../src/store/s3-lean.js';
import { readAll, s3PackBucket } from '../../src/sync/packs/bucket.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';

let server: RunningS3Server;
let proxy: FaultProxy;
let raw: Client;
let bucket: S3Bucket;
let name: string;

/** Keys whose path segments need escaping; the signature covers the escaped path. */
const AWKWARD = [
  'cache/a&b/c',
  'cache/ spaces  inside and at both ends ',
  'cache/ünïcødé/日本語/🙂',
  'cache/percent%20and+plus=equals',
  "cache/it's (quoted) *star* !bang ~tilde",
  'cache/semi;colon,comma:colon@at$dollar'
];

beforeAll(async () => {
  server = await startS3Server();
  proxy = await FaultProxy.start(server.endpoint);
  raw = rawClient(server.endpoint);
});
afterAll(async () => {
  raw.destroy();
  await proxy.close();
  await server.stop();
});
beforeEach(async () => {
  name = `lean-${randomBytes(6).toString('hex')}`;
  await raw.send(new CreateBucketCommand({ Bucket: name }));
  bucket = new S3Bucket({
    bucket: name,
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: S3_TEST_CREDENTIALS,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20
  });
  proxy.clearRules();
  proxy.resetCounts();
});
afterEach(() => bucket.destroy());

test.each(AWKWARD)(
  'a lean PUT (and a copy onto itself) of %j is what the SDK reads; a lean GET reads what the SDK wrote',
  async key => {
    const data = randomBytes(3000);
    expect(await bucket.putObject(key, data)).toBe(true);
    // A server-side copy onto itself (touch) keeps the bytes. s3rver decodes the copy source with
    // decodeURI, which leaves %26, %2B, %3B… encoded (S3 decodes them): such keys are not copied here.
    if (key.split('/').every(seg => decodeURI(encodeURIComponent(seg)) === seg)) {
      await bucket.copyOntoItself(key);
    }
    const got = await raw.send(new GetObjectCommand({ Bucket: name, Key: key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);

    const other = randomBytes(100);
    await raw.send(new PutObjectCommand({ Bucket: name, Key: `${key}-sdk`, Body: other }));
    expect((await bucket.getObject(`${key}-sdk`))?.equals(other)).toBe(true);
  }
);

test('lean PUT and GET go through the proxy without the SDK, and retry a 503 and a reset', async () => {
  const data = randomBytes(70_000);
  proxy.failNext({ status: 503, code: 'SlowDown', match: s3Operations.putObject });
  expect(await bucket.putObject('cache/ab/retried', data)).toBe(true);
  proxy.resetNext(1, { match: s3Operations.getObject, when: 'response' });
  expect((await bucket.getObject('cache/ab/retried'))?.equals(data)).toBe(true);
  // The SDK sends a user agent naming itself; the lean requests do not.
  const ours = proxy.requests.filter(r => r.path.includes('retried'));
  expect(ours.length).toBe(4);
  for (const r of ours) expect(String(r.headers['user-agent'] ?? '')).not.toMatch(/aws-sdk/);
});

test('if-none-match: a second conditional PUT is refused without error and leaves the first', async () => {
  expect(await bucket.putObject('cache/ab/once', Buffer.from('first'), { ifNoneMatch: true })).toBe(true);
  expect(await bucket.putObject('cache/ab/once', Buffer.from('second'), { ifNoneMatch: true })).toBe(false);
  expect((await bucket.getObject('cache/ab/once'))?.toString()).toBe('first');
});

test('a missing object is null, not an error', async () => {
  expect(await bucket.getObject('cache/ab/missing')).toBeNull();
});

test('lean requests go where the SDK would: virtual-hosted on AWS, path style on a custom endpoint', async () => {
  const aws = new S3Client({ region: 'eu-west-1', credentials: S3_TEST_CREDENTIALS });
  const custom = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9000',
    forcePathStyle: true,
    credentials: S3_TEST_CREDENTIALS
  });
  try {
    expect((await resolveLeanTarget(aws, 'my-bucket'))?.url.href).toBe(
      'https://my-bucket.s3.eu-west-1.amazonaws.com/'
    );
    expect((await resolveLeanTarget(custom, 'my-bucket'))?.url.href).toBe('http://127.0.0.1:9000/my-bucket');
  } finally {
    aws.destroy();
    custom.destroy();
  }
});

test('a ranged GET moves only the range (a partial pack read), and the pack bucket hands back exactly it', async () => {
  const data = randomBytes(200_000);
  await bucket.putObject('cache/packs/p1.pack', data);
  proxy.resetCounts();
  const piece = await bucket.getObject('cache/packs/p1.pack', undefined, { start: 1000, end: 1999 });
  expect(piece?.equals(data.subarray(1000, 2000))).toBe(true);
  const get = proxy.requests.find(r => r.method === 'GET')!;
  expect(get.headers.range).toBe('bytes=1000-1999');

  const packs = s3PackBucket(bucket);
  const stream = await packs.getStream('cache/packs/p1.pack', { start: 150_000, end: 199_999 });
  expect((await readAll(stream!)).equals(data.subarray(150_000))).toBe(true);
  // A range past the end is cut at the end, as S3 does.
  const tail = await bucket.getObject('cache/packs/p1.pack', undefined, { start: 199_990, end: 300_000 });
  expect(tail?.equals(data.subarray(199_990))).toBe(true);
});

describe('getObjectStream (packs read as they arrive)', () => {
  const collect = async (stream: AsyncIterable<Buffer>): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const c of stream) parts.push(c);
    return Buffer.concat(parts);
  };

  test('streams the object or a range of it; a missing one is null; a 503 before the answer is retried', async () => {
    const data = randomBytes(300_000);
    await bucket.putObject('cache/packs/s.pack', data);
    proxy.failNext({ status: 503, code: 'SlowDown', match: s3Operations.getObject });
    expect((await collect((await bucket.getObjectStream('cache/packs/s.pack'))!)).equals(data)).toBe(true);
    const part = await bucket.getObjectStream('cache/packs/s.pack', { start: 100_000, end: 199_999 });
    expect((await collect(part!)).equals(data.subarray(100_000, 200_000))).toBe(true);
    expect(await bucket.getObjectStream('cache/packs/missing.pack')).toBeNull();
  });

  test('a connection lost mid-body is an error from the stream, not a short read', async () => {
    const data = randomBytes(400_000);
    await bucket.putObject('cache/packs/r.pack', data);
    proxy.resetNext(1, { match: s3Operations.getObject, when: 'response' });
    const stream = await bucket.getObjectStream('cache/packs/r.pack');
    await expect(collect(stream!)).rejects.toThrow();
  });

  test('a body that stops moving is aborted after the deadline base', async () => {
    const quick = new S3Bucket({
      bucket: name,
      endpoint: proxy.endpoint,
      region: 'us-east-1',
      credentials: S3_TEST_CREDENTIALS,
      deadlineBaseMs: 300
    });
    try {
      const data = randomBytes(400_000);
      await quick.putObject('cache/packs/t.pack', data);
      proxy.stallNext(1, 5_000, { match: s3Operations.getObject, when: 'body' });
      const stream = await quick.getObjectStream('cache/packs/t.pack');
      await expect(collect(stream!)).rejects.toThrow(/no data from s3:\/\/.*t\.pack for 300 ms/);
    } finally {
      quick.destroy();
    }
  });
});
