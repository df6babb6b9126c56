/**
 * The object path of a restore reads no more than the listing said: a GET is held to the listed
 * size of its blob (an object that grew since is refused as too large, decided on its
 * Content-Length before the body is read), so entries in flight are bounded by their listed sizes;
 * and it fetches only what the object listing holds, not what a pack alone claims.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DiskCacheStore } from '../../src/store/disk.js';
import { BlobTooLargeError } from '../../src/store/errors.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { getBuffer, s3PackBucket } from '../../src/sync/packs/bucket.js';
import { sdkPackBucket } from '../../testkit/sdk-pack-bucket.js';
import { PACK_MAGIC, packDataKey } from '../../src/sync/packs/format.js';
import { writePacks } from '../../src/sync/packs/write.js';
import { restore } from '../../src/sync/restore.js';
import { freshBucket, rawClient, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';
import { expectRestored, packEntry, PREFIX, seedGood } from './hostile-bucket-fixtures.js';

let client: S3Client;
let store: S3CacheStore;

beforeEach(async () => {
  client = rawClient();
  const bucket = await freshBucket('objbound');
  store = new S3CacheStore({ bucket, endpoint: testEndpoint(), credentials: S3_TEST_CREDENTIALS });
  const key = 'ab'.repeat(32);
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: `cache/ab/${key}/output`, Body: Buffer.alloc(1000, 1) })
  );
});
afterEach(() => {
  store.destroy();
  client.destroy();
});

test('a blob is read up to the size asked for, and refused when it is bigger', async () => {
  const key = 'ab'.repeat(32);
  expect((await store.get(key, 'output', { maxSize: 1000 }))!.equals(Buffer.alloc(1000, 1))).toBe(true);
  expect((await store.get(key, 'output'))!.length).toBe(1000);
  await expect(store.get(key, 'output', { maxSize: 999 })).rejects.toThrow(BlobTooLargeError);
  await expect(store.get(key, 'output', { maxSize: 0 })).rejects.toThrow(/1000 bytes, over the limit of 0/);
});

test('entries only a pack lists, which the pack cannot serve, are not fetched as objects (none exist)', async () => {
  const bucket = await freshBucket('objbound');
  const good = await seedGood(testEndpoint(), bucket, 3, 'both');
  // A hostile pack of 1000 made-up entries (valid index) whose data is garbage.
  const packs = sdkPackBucket(client, bucket);
  const made = Array.from({ length: 1000 }, () => packEntry(10));
  const { packs: written } = await writePacks(packs, made, { packPrefix: PREFIX, codec: 'gzip' });
  const dataKey = packDataKey(PREFIX, written[0]!.id);
  const data = (await getBuffer(packs, dataKey))!;
  data.fill(0x55, PACK_MAGIC.length);
  await packs.put(dataKey, data);

  const remote = new S3CacheStore({ bucket, endpoint: testEndpoint(), credentials: S3_TEST_CREDENTIALS });
  try {
    const dir = await mkdtemp(join(tmpdir(), 'objbound-'));
    const r = await restore(remote, new DiskCacheStore(dir), {
      namespaces: ['compile'],
      maxBytes: 0,
      concurrency: 8,
      progressIntervalMs: 0,
      packs: { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/' }
    });
    expect(r.namespaces[0]).toMatchObject({ restoredEntries: 3, failed: 1000, vanished: 0 });
    expect(r.warnings.join('\n')).toContain(dataKey);
    await expectRestored(dir, good);
    // Listing, the two packs' indexes and data: a handful of requests, not 5,000 GETs.
    expect(remote.bucket.requestCount).toBeLessThan(100);
    await rm(dir, { recursive: true, force: true });
  } finally {
    remote.destroy();
  }
});
