/** Starts RGW (or takes the one in the environment) and gives a user s3rver's fixed keys. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startRgw } from '../rgw.js';

export default async function globalSetup() {
  let dir = process.env.COMPILE_CACHE_TEST_RGW_DIR;
  if (!process.env.COMPILE_CACHE_TEST_RGW_ENDPOINT || !dir) {
    const rgw = await startRgw();
    globalThis.__RGW__ = rgw;
    dir = rgw.directory;
    process.env.COMPILE_CACHE_TEST_RGW_ENDPOINT = rgw.endpoint;
  }
  const conf = join(dir, 'ceph.conf');
  const args = ['-c', conf, 'user', 'create', '--uid', 's3rver', '--display-name', 's3rver'];
  try {
    execFileSync('radosgw-admin', [...args, '--access-key', 'S3RVER', '--secret-key', 'S3RVER'], {
      stdio: 'pipe'
    });
  } catch (err) {
    // Made by an earlier run against the same gateway: fine.
    if (!String(err.stderr).includes('exists')) throw err;
  }
  process.env.COMPILE_CACHE_TEST_S3_ENDPOINT = process.env.COMPILE_CACHE_TEST_RGW_ENDPOINT;
}
