/**
 * Listing (S3Bucket.listObjects, listPage; S3CacheStore.list) against a real S3-protocol server (s3rver,
 * which checks signatures, with its listing gaps closed) behind a fault-injecting proxy: it reads
 * exactly what the AWS SDK reads, pages and splits like S3, and keeps S3Bucket's retries and errors.
 */
import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client
} from '@aws-sdk/client-s3';
import { FaultProxy, s3Operations } from '../../testkit/fault-proxy.js';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { mapLimit } from '../../src/store/limit.js';
import {
  S3Bucket,
  S3RequestError,
  type ObjectInfo,
  type S3BucketOptions
} from '../../src/store/s3-bucket.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { listSequentially } from '../../testkit/paged-listing.js';

let server: RunningS3Server;
let proxy: FaultProxy;
let raw: S3Client;
const toDestroy: { destroy(): void }[] = [];

/** Keys that need XML escaping or are not ASCII; stored outside the store's layout (foreign). */
const AWKWARD = [
  'odd/a&b',
  'odd/x<y>z',
  "odd/it's",
  'odd/say "hi"',
  'odd/&amp; literally',
  'odd/ spaces  inside and at both ends ',
  'odd/ünïcødé/日本語/🙂',
  'odd/percent%20and+plus',
  'cache/ab/not-hex/output',
  'cache/README'
];
/** More than one page (1000 keys) in one shard, so listings continue and split. */
const BULK_ENTRIES = 1010;
let bucket: string;
let entryCount = 0;

const hexKey = (shard = ''): string => `${shard}${randomBytes(32).toString('hex')}`.slice(0, 64);

function bucketOptions(name: string, extra: Partial<S3BucketOptions> = {}): S3BucketOptions {
  return {
    bucket: name,
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: S3_TEST_CREDENTIALS,
    maxAttempts: 4,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
    deadlineBaseMs: 5_000,
    ...extra
  };
}

function openBucket(extra: Partial<S3BucketOptions> = {}, name = bucket): S3Bucket {
  const b = new S3Bucket(bucketOptions(name, extra));
  toDestroy.push(b);
  return b;
}

/** What the SDK's own paginator reads (an independent client, straight to the server). */
async function sdkObjects(prefix: string, startAfter?: string): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const page of paginateListObjectsV2(
    { client: raw },
    { Bucket: bucket, Prefix: prefix || undefined, StartAfter: startAfter }
  )) {
    for (const c of page.Contents ?? [])
      out.push({ key: c.Key!, size: c.Size!, lastModified: c.LastModified! });
  }
  return out;
}

beforeAll(async () => {
  server = await startS3Server();
  proxy = await FaultProxy.start(server.endpoint);
  raw = rawClient(server.endpoint);
  bucket = `lean-${randomBytes(6).toString('hex')}`;
  await raw.send(new CreateBucketCommand({ Bucket: bucket }));
  const keys: string[] = [...AWKWARD];
  // The shard `ab`: many entries, one whose hex is just `ab`, one blob each.
  for (let i = 0; i < BULK_ENTRIES; i++) keys.push(`cache/ab/${hexKey('ab')}/output`);
  keys.push('cache/ab/ab/output', 'cache/ab/ab/exit_code');
  // A few entries elsewhere, in namespaces at two depths.
  for (const level of ['cache/', 'cache/compile/local/', 'cache/c0ffee/']) {
    for (let i = 0; i < 6; i++) {
      const hex = hexKey();
      keys.push(`${level}${hex.slice(0, 2)}/${hex}/output`, `${level}${hex.slice(0, 2)}/${hex}/exit_code`);
    }
  }
  entryCount = BULK_ENTRIES + 1 + 18;
  await mapLimit(keys, 16, (Key, i) =>
    raw.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Buffer.alloc(i % 7) }))
  );
}, 60_000);

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

describe('S3Bucket.listObjects', () => {
  it('over the whole bucket (several pages), a prefix, and from a start-after key', async () => {
    const b = openBucket();
    const all = await b.listObjects('');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).toEqual(await sdkObjects(''));
    expect(all.map(o => o.key)).toEqual(expect.arrayContaining(AWKWARD));
    expect(await b.listObjects('odd/')).toEqual(await sdkObjects('odd/'));
    expect(await b.listObjects('odd/ü')).toEqual(await sdkObjects('odd/ü'));
    expect(await b.listObjects('no-such-prefix/')).toEqual([]);
    const page = await b.listPage({ prefix: 'cache/ab/', startAfter: all[500]!.key });
    expect(page.objects).toEqual(
      (await sdkObjects('cache/ab/', all[500]!.key)).slice(0, page.objects.length)
    );
    // Through the proxy, page by page.
    const listings = proxy.requests.filter(r => s3Operations.listObjects(r.method, r.path, r.headers));
    expect(listings.length).toBeGreaterThan(3);
  });

  it('pages with small pages through continuation tokens, and reads delimiter levels', async () => {
    const b = openBucket();
    const paged: ObjectInfo[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await b.listPage({ prefix: 'odd/', maxKeys: 3, continuationToken: token });
      paged.push(...page.objects);
      token = page.isTruncated ? page.nextContinuationToken : undefined;
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(8 / 3));
    expect(paged).toEqual(await sdkObjects('odd/'));

    for (const prefix of ['', 'odd/', 'cache/', 'cache/ab/']) {
      const ours = await b.listPrefixes(prefix);
      const sdk = await raw.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, Delimiter: '/' })
      );
      expect(ours.prefixes).toEqual((sdk.CommonPrefixes ?? []).map(p => p.Prefix));
      expect(ours.objects).toEqual(
        (sdk.Contents ?? []).map(c => ({ key: c.Key, size: c.Size, lastModified: c.LastModified }))
      );
    }
    expect((await b.listPrefixes('')).prefixes).toEqual(['cache/', 'odd/']);
  });

  it('gives the same listing as the SDK paginator', async () => {
    const lean = openBucket();
    for (const prefix of ['', 'odd/']) {
      expect(await lean.listObjects(prefix)).toEqual(await sdkObjects(prefix));
    }
    expect(await lean.listObjects('cache/', 5)).toEqual((await sdkObjects('cache/')).slice(0, 5));
  });
});

describe('S3CacheStore.list()', () => {
  it('splits truncated ranges and returns exactly what one paged listing returns', async () => {
    const store = new S3CacheStore({ ...bucketOptions(bucket), listConcurrency: 8 });
    toDestroy.push(store);
    const sequential = await listSequentially(store);
    expect(sequential).toHaveLength(entryCount);
    expect(
      sequential
        .find(e => e.key === 'ab')
        ?.blobs.map(b => b.name)
        .sort()
    ).toEqual(['exit_code', 'output']);
    expect(await store.list()).toEqual(sequential);
    for (const listGranularity of ['digit', 'shard'] as const) {
      // Pages of 7 keys split every range down several hex digits (and into `ab/ab/`).
      const small = new S3CacheStore({
        bucket: store.bucket,
        prefix: 'cache/',
        listGranularity,
        listPageKeys: 7
      });
      const before = store.bucket.requestCount;
      expect(await small.list()).toEqual(sequential);
      expect(store.bucket.requestCount - before).toBeGreaterThan(BULK_ENTRIES / 7);
    }
    const view = store.namespace('compile');
    expect(await view.list()).toEqual(await listSequentially(view));
    // A level that fits one page costs its delimiter listing and that page, asked for together.
    const local = view.namespace('local');
    const before = store.bucket.requestCount;
    expect(await local.list()).toHaveLength(6);
    expect(store.bucket.requestCount - before).toBe(2);
  });

  it('lists a mid-sized level (digits a little over a page) by digit and continuation, not by shard', async () => {
    // 256 shards of one 4-blob entry each: 64 keys per digit, pages of 62 keys. The first page
    // ends in the 16th shard; each digit then costs one listing and one continuation, where a
    // listing per shard would have cost 256.
    const name = `mid-${randomBytes(6).toString('hex')}`;
    await raw.send(new CreateBucketCommand({ Bucket: name }));
    const keys: string[] = [];
    for (let i = 0; i < 256; i++) {
      const hh = i.toString(16).padStart(2, '0');
      const hex = `${hh}${randomBytes(31).toString('hex')}`.slice(0, 64);
      for (const blob of ['exit_code', 'metadata', 'output', 'stderr'])
        keys.push(`cache/${hh}/${hex}/${blob}`);
    }
    await mapLimit(keys, 16, Key =>
      raw.send(new PutObjectCommand({ Bucket: name, Key, Body: Buffer.from('x') }))
    );
    // Retries (a listing that outlived its deadline on a loaded machine) are attempts of the same
    // request: the strategy's count is the requests without them.
    let retries = 0;
    const store = new S3CacheStore({ ...bucketOptions(name), listPageKeys: 62, onRetry: () => retries++ });
    toDestroy.push(store);
    const before = store.bucket.requestCount;
    const listed = await store.list();
    const requests = store.bucket.requestCount - before - retries;
    expect(listed).toHaveLength(256);
    expect(listed).toEqual(await listSequentially(store));
    expect(requests).toBeLessThanOrEqual(2 + 1 + 15 * 2);
    // 1,024 PUTs into s3rver first: slow on a loaded machine.
  }, 180_000);

  it('rejects a page size outside 1..1000', () => {
    expect(() => new S3CacheStore({ ...bucketOptions(bucket), listPageKeys: 0 })).toThrow(
      /listPageKeys 0 is invalid: expected a whole number from 1 to 1000/
    );
  });
});

describe('listing: S3Bucket retries and errors', () => {
  it('retries a 503 and a reset in the middle of an answer', async () => {
    const retried: string[] = [];
    const b = openBucket({ onRetry: r => retried.push(`${r.status ?? ''}:${r.code ?? ''}`) });
    const expected = await sdkObjects('odd/');
    proxy.failNext({ status: 503, code: 'SlowDown', count: 2, match: s3Operations.listObjects });
    expect(await b.listObjects('odd/')).toEqual(expected);
    expect(proxy.countOf(s3Operations.listObjects)).toBe(3);
    expect(retried).toEqual(['503:SlowDown', '503:SlowDown']);

    proxy.resetCounts();
    proxy.resetNext(1, { match: s3Operations.listObjects, when: 'response' });
    expect(await b.listObjects('')).toEqual(await sdkObjects(''));
    expect(retried).toHaveLength(3);
  });

  it('names the operation, bucket and prefix when it fails, with the status and code of the S3 error', async () => {
    const name = `missing-${randomBytes(4).toString('hex')}`;
    const lean = openBucket({}, name);
    const failure = lean.listObjects('cache/ab/').then(() => undefined);
    await expect(failure).rejects.toThrow(S3RequestError);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^S3 ListObjectsV2 of s3://${name}/cache/ab/ failed after 1 attempt: HTTP 404 NoSuchBucket: `
      )
    );
    await expect(failure).rejects.toMatchObject({
      operation: 'ListObjectsV2',
      location: `s3://${name}/cache/ab/`,
      status: 404,
      code: 'NoSuchBucket'
    });

    proxy.failNext({ status: 500, code: 'InternalError', count: 100, match: s3Operations.listObjects });
    await expect(openBucket().listPrefixes('cache/')).rejects.toMatchObject({
      status: 500,
      code: 'InternalError',
      attempts: 4
    });
  });
});
