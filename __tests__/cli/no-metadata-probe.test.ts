/**
 * With credentials in the environment, a bucket command never asks the instance metadata service
 * (IMDS) for any: the AWS SDK's chain takes the environment's first, so a command does not wait on
 * a probe that, off EC2, only ends in a timeout. Run as users run it (`node bin/compile-cache.js`,
 * the built dist/, under Node 24) against the loopback S3 server, with the SDK's metadata endpoint pointed at a
 * recorder on loopback. Without credentials the same command does reach the recorder, which shows
 * that a probe would be seen.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { node24Path } from '../../scripts/node24.mjs';
import { REPO_ROOT, runProcess } from '../helpers/runner.js';
import { freshBucket, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';

const BIN = join(REPO_ROOT, 'bin', 'compile-cache.js');

let root: string;
let imds: Server;
let imdsUrl: string;
const asked: string[] = [];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'compile-cache-imds-'));
  imds = createServer((req: IncomingMessage, res) => {
    asked.push(`${req.method} ${req.url}`);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>(r => imds.listen(0, '127.0.0.1', r));
  imdsUrl = `http://127.0.0.1:${(imds.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>(r => imds.close(() => r()));
  await rm(root, { recursive: true, force: true });
});

/** `compile-cache ls` on a fresh bucket, with no AWS_* of the outer environment and no shared config files. */
async function ls(credentials: NodeJS.ProcessEnv) {
  const outer = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('COMPILE_CACHE_') && !k.startsWith('AWS_'))
  );
  const bucket = await freshBucket('imds');
  return runProcess(node24Path(), [BIN, 'ls', '--bucket', bucket, '--endpoint', testEndpoint()], {
    cwd: root,
    env: {
      ...outer,
      HOME: root,
      AWS_CONFIG_FILE: join(root, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-credentials'),
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: imdsUrl,
      ...credentials
    }
  });
}

test('with credentials in the environment, ls reads the bucket and never asks the metadata service', async () => {
  asked.length = 0;
  const r = await ls({
    AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('0 entries');
  expect(asked).toEqual([]);
});

test('without credentials the chain does reach the metadata service (the recorder sees a probe)', async () => {
  asked.length = 0;
  const r = await ls({});
  expect(r.code).not.toBe(0);
  expect(asked.length).toBeGreaterThan(0);
});
