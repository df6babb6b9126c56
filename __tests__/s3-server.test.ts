import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { freshBucket, rawClient } from './helpers/s3.js';

it('the loopback S3 server from the global set-up stores and returns objects', async () => {
  const bucket = await freshBucket();
  const client = rawClient();
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/b', Body: 'hello' }));
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b' }));
  expect(await got.Body!.transformToString()).toBe('hello');
  client.destroy();
});
