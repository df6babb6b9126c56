/** Test helpers around the loopback S3 server started by the global set-up. */
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { S3_TEST_CREDENTIALS } from '../../dev/s3-server.js';

export function testEndpoint(): string {
  const endpoint = process.env.COMPILE_CACHE_TEST_S3_ENDPOINT;
  if (!endpoint)
    throw new Error('COMPILE_CACHE_TEST_S3_ENDPOINT is not set: the jest global set-up did not run');
  return endpoint;
}

/** An independent SDK client (not ours) to look at the bucket from outside. */
export function rawClient(endpoint = testEndpoint()): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3_TEST_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED'
  });
}

/** A fresh bucket with a unique name, so tests running in parallel never see each other. */
export async function freshBucket(prefix = 'test'): Promise<string> {
  const name = `${prefix}-${randomBytes(6).toString('hex')}`;
  const client = rawClient();
  await client.send(new CreateBucketCommand({ Bucket: name }));
  client.destroy();
  return name;
}

export { S3_TEST_CREDENTIALS };
