/**
 * Stands in for testkit/s3-server.js when the existing S3 suites run against RGW (jest.config.js here):
 * every "embedded server" they start is the RGW of the global set-up, with s3rver's fixed keys (the
 * set-up gives an RGW user those keys). RGW's object times cannot be set from outside, so the cases
 * that backdate objects fail with that message: they are not differences of the product.
 */
import { URL } from 'node:url';

export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3Server() {
  const url = new URL(process.env.COMPILE_CACHE_TEST_RGW_ENDPOINT);
  return {
    endpoint: url.origin,
    port: Number(url.port),
    directory: '/nonexistent',
    async setLastModified() {
      throw new Error('RGW: object times cannot be set from outside (a case that needs it cannot run here)');
    },
    async stop() {}
  };
}
