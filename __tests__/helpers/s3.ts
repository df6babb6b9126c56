/** Test helpers around the loopback S3 server started by the global set-up. */
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { S3_TEST_CREDENTIALS } from '../../testkit/s3-server.js';

export function testEndpoint(): string {
  const endpoint = process.env.COMPILE_CACHE_TEST_S3_ENDPOINT;
  if (!endpoint)
    throw new Error('COMPILE_CACHE_TEST_S3_ENDPOINT is not set: the jest global set-up did not run');
  return endpoint;
}

/** An independent SDK client (not ours) to look at the bucket from outside. */
export function rawClient(endpoint = testEndpoint(), credentials = S3_TEST_CREDENTIALS): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED'
  });
}

/** A fresh bucket with a unique name, so tests running in parallel never see each other. */
export async function freshBucket(prefix = 'test', target?: S3Target): Promise<string> {
  const name = `${prefix}-${randomBytes(6).toString('hex')}`;
  const client = target ? rawClient(target.endpoint, target.credentials) : rawClient();
  await client.send(new CreateBucketCommand({ Bucket: name }));
  client.destroy();
  return name;
}

export { S3_TEST_CREDENTIALS };

/** An S3 server the tests can run against: where it is and the keys it accepts. */
export interface S3Target {
  /** `embedded` (s3rver with its gaps closed, testkit/s3-server.js) or `rgw` (Ceph's RADOS Gateway). */
  name: 'embedded' | 'rgw';
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** The embedded server of the global set-up. */
export function embeddedTarget(): S3Target {
  return { name: 'embedded', endpoint: testEndpoint(), credentials: S3_TEST_CREDENTIALS };
}

/** The RGW of the global set-up (or given in the environment), or undefined when it is not up. */
export function rgwTarget(): S3Target | undefined {
  const endpoint = process.env.COMPILE_CACHE_TEST_RGW_ENDPOINT;
  const accessKeyId = process.env.COMPILE_CACHE_TEST_RGW_ACCESS_KEY_ID;
  const secretAccessKey = process.env.COMPILE_CACHE_TEST_RGW_SECRET_ACCESS_KEY;
  if (!endpoint || !accessKeyId || !secretAccessKey) return undefined;
  return { name: 'rgw', endpoint, credentials: { accessKeyId, secretAccessKey } };
}

/** Why the RGW cases do not run (the global set-up's words), or undefined when they do. */
export function rgwSkipReason(): string | undefined {
  if (rgwTarget()) return undefined;
  return process.env.COMPILE_CACHE_TEST_RGW_SKIPPED ?? 'RGW cases skipped: the RGW is not up';
}

/** Every server up in this run: the embedded one, and RGW when it is up (for `describe.each`). */
export function testTargets(): S3Target[] {
  const rgw = rgwTarget();
  return rgw ? [embeddedTarget(), rgw] : [embeddedTarget()];
}

/**
 * `describe` when RGW is up; otherwise a skipped block whose title says why, so a run without
 * radosgw reports the cases as skipped ("RGW cases skipped: radosgw not on PATH"), never as passed.
 */
export function describeRgw(title: string, body: (rgw: S3Target) => void): void {
  const rgw = rgwTarget();
  if (rgw) describe(`${title} [rgw]`, () => body(rgw));
  else describe.skip(`${title} [${rgwSkipReason()}]`, () => body(embeddedTarget()));
}

/**
 * The same cases against every server: the embedded one, and RGW when it is up (otherwise a skipped
 * block titled with the reason). A case that passes on one and fails on the other is a difference
 * between our patched s3rver and a real S3 implementation.
 */
export function describeEachTarget(title: string, body: (target: S3Target) => void): void {
  describe(`${title} [embedded]`, () => body(embeddedTarget()));
  describeRgw(title, body);
}
