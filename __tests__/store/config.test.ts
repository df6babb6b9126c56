/** fromConfig: the Go system's `[[cache]]` fields into stores, in order, with clear errors. */
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { fromConfig, parseConfigEntry, type CacheConfigEntry } from '../../src/store/config.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { ConfigError } from '../../src/store/errors.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { freshBucket, rawClient, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function s3Entry(bucket: string, extra: CacheConfigEntry = {}): CacheConfigEntry {
  return {
    type: 's3',
    bucket,
    endpoint: testEndpoint(),
    region: 'us-east-1',
    access_key: S3_TEST_CREDENTIALS.accessKeyId,
    secret_key: S3_TEST_CREDENTIALS.secretAccessKey,
    ...extra
  };
}

it('builds disk and s3 stores in the order of the entries', async () => {
  const bucket = await freshBucket('config');
  const stores = await fromConfig([
    { type: 'disk', location: join(dir, 'a'), max_size: '1G' },
    s3Entry(bucket, { max_size: 4096, prefix: 'team/cc' }),
    { type: 'disk', location: join(dir, 'b') }
  ]);
  expect(stores.map(s => s.constructor)).toEqual([DiskCacheStore, S3CacheStore, DiskCacheStore]);
  expect(stores.map(s => s.dir())).toEqual([join(dir, 'a'), `s3://${bucket}/team/cc/`, join(dir, 'b')]);
  const s3 = stores[1] as S3CacheStore;
  expect(s3.maxSize).toBe(4096);
  const key = randomBytes(32).toString('hex');
  await s3.put(key, 'output', Buffer.from('hello'));
  expect((await s3.get(key, 'output'))!.toString()).toBe('hello');
  s3.destroy();
});

it('creates a missing bucket with auto_create, and otherwise says the bucket is missing', async () => {
  const bucket = `config-new-${randomBytes(6).toString('hex')}`;
  await expect(fromConfig([s3Entry(bucket)])).rejects.toThrow(`S3 bucket "${bucket}" does not exist`);
  const [store] = await fromConfig([s3Entry(bucket, { auto_create: true })]);
  const raw = rawClient();
  await raw.send(new HeadBucketCommand({ Bucket: bucket }));
  raw.destroy();
  (store as S3CacheStore).destroy();
});

it('uses static credentials only when both halves are given', () => {
  expect(parseConfigEntry(s3Entry('b'), 0)).toMatchObject({
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
  });
  expect(parseConfigEntry({ type: 's3', bucket: 'b', access_key: 'AKIA' }, 0)).toMatchObject({
    credentials: undefined
  });
  expect(parseConfigEntry({ type: 's3', bucket: 'b', secret_key: 'x', access_key: '' }, 0)).toMatchObject({
    credentials: undefined
  });
});

it('normalizes fields: ~ in a location, an endpoint without scheme, the default prefix', () => {
  expect(parseConfigEntry({ type: 'disk', location: '~/cc' }, 0)).toEqual({
    type: 'disk',
    location: join(homedir(), 'cc'),
    maxSize: 0
  });
  expect(
    parseConfigEntry({ type: 's3', bucket: 'b', endpoint: 'minio:9000', auto_create: 'true' }, 0)
  ).toMatchObject({
    endpoint: 'https://minio:9000',
    prefix: 'cache/',
    autoCreate: true
  });
});

describe('errors name the entry, the field and the value', () => {
  const cases: [string, unknown[], string][] = [
    ['a missing type', [{ location: '/x' }], 'cache[0].type is missing: expected "disk" or "s3"'],
    [
      'an unknown type',
      [{ type: 'disk', location: '/x' }, { type: 'gcs' }],
      'cache[1].type "gcs" is unknown: expected "disk" or "s3"'
    ],
    [
      'a bad size string',
      [{ type: 'disk', location: '/x', max_size: '1.5G' }],
      'cache[0].max_size "1.5G" is invalid: invalid size "1.5G"'
    ],
    ['a negative size', [{ type: 'disk', location: '/x', max_size: -1 }], 'cache[0].max_size -1 is invalid'],
    [
      'an empty location',
      [{ type: 'disk', location: '  ' }],
      'cache[0].location is empty: a disk cache needs a directory'
    ],
    ['a missing location', [{ type: 'disk' }], 'cache[0].location is empty'],
    [
      'an empty bucket',
      [{ type: 's3', bucket: '' }],
      'cache[0].bucket is empty: an s3 cache needs a bucket name'
    ],
    [
      'a field of the other type',
      [{ type: 'disk', location: '/x', bucket: 'b' }],
      'cache[0].bucket is not a field of a disk cache'
    ],
    [
      'a misspelt field',
      [{ type: 's3', bucket: 'b', maxsize: '1G' }],
      'cache[0].maxsize is not a field of a s3 cache: expected one of type, bucket'
    ],
    [
      'a bad prefix',
      [{ type: 's3', bucket: 'b', prefix: 'a/../b' }],
      'cache[0].prefix "a/../b" is invalid: invalid namespace prefix ".."'
    ],
    [
      'a bad auto_create',
      [{ type: 's3', bucket: 'b', auto_create: 'yes' }],
      'cache[0].auto_create "yes" is invalid: expected true or false'
    ],
    [
      'a bad endpoint',
      [{ type: 's3', bucket: 'b', endpoint: 'ftp://x' }],
      'cache[0].endpoint "ftp://x" is invalid'
    ],
    ['an entry that is not a table', ['disk'], 'cache[0] must be a table of fields']
  ];
  it.each(cases)('%s', async (_what, entries, message) => {
    const failure = fromConfig(entries as CacheConfigEntry[]);
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(message);
  });

  it('never puts a secret into a message', async () => {
    const failure = fromConfig([
      { type: 's3', bucket: 'b', access_key: 'AKIA', secret_key: 12345 as unknown as string }
    ]);
    await expect(failure).rejects.toThrow('cache[0].secret_key must be a string, got number');
    await expect(failure).rejects.not.toThrow('12345');
  });

  it('validates every entry before opening any (no bucket is created)', async () => {
    const bucket = `config-never-${randomBytes(6).toString('hex')}`;
    await expect(
      fromConfig([s3Entry(bucket, { auto_create: true }), { type: 'disk', location: '/x', max_size: '1XB' }])
    ).rejects.toThrow('cache[1].max_size "1XB" is invalid');
    const raw = rawClient();
    await expect(raw.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toThrow();
    raw.destroy();
  });
});
