/** Starts one loopback S3-protocol server for the whole test run; tests read its endpoint from the environment. */
import { startS3Server } from '../../dev/s3-server.js';

export default async function globalSetup() {
  const server = await startS3Server();
  globalThis.__S3_SERVER__ = server;
  process.env.COMPILE_CACHE_TEST_S3_ENDPOINT = server.endpoint;
}
