/**
 * The object path of a restore reads no more than the listing said: a GET is held to the listed
 * size of its blob (an object that grew since is refused as too large, decided on its
 * Content-Length before the body is read), so entries in flight are bounded by their listed sizes.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BlobTooLargeError } from '../../src/store/errors.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { freshBucket, rawClient, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';

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
