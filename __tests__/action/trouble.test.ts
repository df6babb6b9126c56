/**
 * Cache trouble never stops the user's job (unless fail-on-error asks for that), and bad inputs stop
 * it at once with a message naming the input, the value and the expected form. The steps run as
 * child processes of the built dist/ under Node 24.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { FaultProxy } from '../../testkit/fault-proxy.js';
import {
  bucketInputs,
  compile,
  createBucket,
  newJob,
  startS3Server,
  writeProject,
  type RunningS3Server
} from './helpers.js';

let server: RunningS3Server;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.stop();
});

/** An endpoint on loopback where nothing listens (a port that was free a moment ago). */
async function deadEndpoint(): Promise<string> {
  const s = createServer();
  await new Promise<void>(r => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>(r => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

test('an unreachable bucket warns in pre and post, the build runs on the local cache, and the job goes on', async () => {
  const job = await newJob();
  const cacheDir = join(job.root, 'cache');
  const inputs = { ...bucketInputs(await deadEndpoint(), 'some-bucket', cacheDir) };
  const pre = await job.run('pre', inputs);
  expect(pre.code).toBe(0);
  expect(pre.annotations).toEqual([
    {
      level: 'warning',
      message: expect.stringMatching(/bucket s3:\/\/some-bucket\/cache\/ cannot be used .*local cache only/)
    }
  ]);
  // The compilers are still pointed at the cache.
  const project = join(job.root, 'project');
  await writeProject(project, ['lonely']);
  await compile(job, project, ['lonely']);
  const main = await job.run('main', inputs);
  expect(main.code).toBe(0);
  expect(main.outputs.get('cache-hit')).toBe('false');
  const post = await job.run('post', inputs);
  expect(post.code).toBe(0);
  expect(post.annotations.map(a => a.level)).toEqual(['warning']);
  expect(post.summary).toContain('unavailable in this job');
  expect(post.summary).toMatch(/### Warnings\n\n- the bucket s3:\/\/some-bucket\/cache\/ cannot be used/);
  expect(post.summary).toMatch(/\n\| 0 \| 1 \| 0 \| 0 \| 0\.0 % \|/);
});

test('a forbidden bucket (403 AccessDenied) warns and the job goes on; with fail-on-error the step fails', async () => {
  const bucket = await createBucket(server.endpoint);
  const proxy = await FaultProxy.start(server.endpoint);
  try {
    proxy.failNext({ status: 403, code: 'AccessDenied', message: 'Access Denied', count: 1000 });
    const job = await newJob();
    const inputs = bucketInputs(proxy.endpoint, bucket, join(job.root, 'cache'));
    const pre = await job.run('pre', inputs);
    expect(pre.code).toBe(0);
    expect(pre.annotations).toEqual([{ level: 'warning', message: expect.stringContaining('AccessDenied') }]);
    const post = await job.run('post', inputs);
    expect(post.code).toBe(0);
    expect(post.annotations.map(a => a.level)).toEqual(['warning']);

    const strict = await newJob();
    const strictInputs = {
      ...bucketInputs(proxy.endpoint, bucket, join(strict.root, 'cache')),
      'fail-on-error': 'true'
    };
    const failed = await strict.run('pre', strictInputs);
    expect(failed.code).toBe(1);
    expect(failed.annotations).toEqual([
      { level: 'error', message: expect.stringContaining('AccessDenied') }
    ]);
  } finally {
    await proxy.close();
  }
});

test('the access check runs beside the first reads, and a refused one stops every write', async () => {
  const bucket = await createBucket(server.endpoint);
  const proxy = await FaultProxy.start(server.endpoint);
  // Every listing is refused (the check, a listing of one key, and the pack listings, one of
  // which would prove access as well: sync/pack-sync.test.ts); whatever else the steps ask for
  // gets through, so any write would reach the bucket.
  const isCheck = (method: string, path: string) => method === 'GET' && /[?&]max-keys=1(&|$)/.test(path);
  const isListing = (method: string, path: string) => method === 'GET' && /[?&]list-type=2(&|$)/.test(path);
  try {
    proxy.failNext({
      status: 403,
      code: 'AccessDenied',
      message: 'Access Denied',
      count: 1000,
      match: isListing
    });
    const job = await newJob();
    const cacheDir = join(job.root, 'cache');
    const inputs = bucketInputs(proxy.endpoint, bucket, cacheDir);
    const pre = await job.run('pre', inputs);
    expect(pre.code).toBe(0);
    expect(pre.annotations).toEqual([
      {
        level: 'warning',
        message: expect.stringMatching(/cannot be used \(.*AccessDenied.*local cache only/)
      }
    ]);
    const project = join(job.root, 'project');
    await writeProject(project, ['refused']);
    await compile(job, project, ['refused']);
    const post = await job.run('post', inputs);
    expect(post.code).toBe(0);
    expect(post.annotations).toEqual([
      {
        level: 'warning',
        message: expect.stringMatching(/cannot be used \(.*AccessDenied.*nothing was uploaded/)
      }
    ]);
    const methods = proxy.requests.map(r => r.method);
    expect(methods).not.toContain('PUT');
    expect(methods).not.toContain('POST');
    expect(methods).not.toContain('DELETE');
    // The reads did not wait for the check: the pack listings went out too.
    const reads = proxy.requests.filter(r => r.method === 'GET' && !isCheck(r.method, r.path));
    expect(reads.length).toBeGreaterThan(0);
  } finally {
    await proxy.close();
  }
});

test('save-on-failure is exported for post-if, and the post step runs after a failed job only when asked', async () => {
  const job = await newJob();
  const pre = await job.run('pre', { 'cache-dir': join(job.root, 'cache'), 'save-on-failure': 'true' });
  expect(pre.code).toBe(0);
  expect(pre.exported.get('COMPILE_CACHE_SAVE_ON_FAILURE')).toBe('true');
  expect(job.postRuns(true)).toBe(true);
  const plain = await newJob();
  await plain.run('pre', { 'cache-dir': join(plain.root, 'cache') });
  expect(plain.postRuns(true)).toBe(false);
  expect(plain.postRuns(false)).toBe(true);
});

test('local-only mode (no bucket) says that nothing is synced, cleans and counts', async () => {
  const job = await newJob();
  const cacheDir = join(job.root, 'cache');
  const pre = await job.run('pre', { 'cache-dir': cacheDir });
  expect(pre.code).toBe(0);
  expect(pre.annotations).toEqual([
    { level: 'notice', message: expect.stringContaining('nothing is synced') }
  ]);
  const project = join(job.root, 'project');
  await writeProject(project, ['here', 'there']);
  await compile(job, project, ['here', 'there', 'here']);
  const post = await job.run('post', { 'cache-dir': cacheDir });
  expect(post.code).toBe(0);
  expect(post.summary).toContain('Local only: no bucket configured, nothing was synced');
  expect(post.summary).toMatch(/\n\| 1 \| 2 \| 0 \| 0 \| 33\.3 % \|/);
});

/** Each input with a malformed value, and a fragment of the message pre must fail with. */
const BAD_INPUTS: [string, string, RegExp][] = [
  ['max-size', '12XB', /input "max-size": "12XB" is not a size: expected a whole number of bytes/],
  ['max-size', '1.5G', /input "max-size": "1.5G" is not a size/],
  ['remote-max-size', '-1G', /input "remote-max-size": "-1G" is not a size/],
  ['max-age', '2 weeks', /input "max-age": "2 weeks" is not an age: expected whole days such as 14d/],
  ['remote-max-age', '5y', /input "remote-max-age": "5y" is not an age/],
  ['refresh-after', 'daily', /input "refresh-after": "daily" is not an age/],
  ['restore', 'yes', /input "restore": "yes" is not a boolean: expected true or false/],
  ['save', 'maybe', /input "save": "maybe" is not a boolean/],
  ['fail-on-error', '1', /input "fail-on-error": "1" is not a boolean/],
  ['summary', 'on', /input "summary": "on" is not a boolean/],
  ['compiler-shims', 'no', /input "compiler-shims": "no" is not a boolean/],
  ['cmake-launcher', 'off', /input "cmake-launcher": "off" is not a boolean/],
  ['save-on-failure', 'always', /input "save-on-failure": "always" is not a boolean/],
  ['path-style', 'sometimes', /input "path-style": "sometimes" is not a boolean/],
  [
    'concurrency',
    '0',
    /input "concurrency": "0" is not a transfer count: expected a whole number from 1 to 256/
  ],
  ['concurrency', 'many', /input "concurrency": "many" is not a transfer count/],
  ['bucket', 'My_Bucket!', /input "bucket": "My_Bucket!" is not a bucket name: expected 3 to 63 lowercase/],
  [
    'endpoint',
    'minio:9000',
    /input "endpoint": "minio:9000" is not an endpoint: expected an http:\/\/ or https:\/\/ URL/
  ],
  ['region', 'US East', /input "region": "US East" is not a region: expected a name such as us-east-1/],
  ['prefix', '/cache/', /input "prefix": "\/cache\/" is not a key prefix/],
  ['prefix', 'a/../b', /input "prefix": "a\/..\/b" is not a key prefix/],
  [
    'namespaces',
    'compile/../x',
    /input "namespaces": "compile\/..\/x" is not a namespace: expected a path of names/
  ],
  ['namespaces', 'compile, compile/local', /lists both "compile" and "compile\/local", which lies inside it/],
  ['namespaces', ' , ', /input "namespaces": "," names no namespace/],
  [
    'upload-mode',
    'archive',
    /input "upload-mode": "archive" is not an upload mode: expected one of auto, objects, packs, both/
  ],
  ['pack-prefix', 'cache/packs', /input "pack-prefix": "cache\/packs" is not a key prefix: .*ending in "\/"/],
  [
    'pack-prefix',
    'cache/compile/packs/',
    /input "pack-prefix": "cache\/compile\/packs\/" puts the packs of compile at cache\/compile\/packs\/compile\/, which overlaps the entries of namespace compile/
  ],
  ['tenant', 'a/b', /input "tenant": "a\/b" is not a tenant name: expected one path segment/],
  [
    'access-key-id',
    'AKIAONLYTHEID',
    /input "secret-access-key" is empty but "access-key-id" is set: expected both or neither/
  ],
  [
    'session-token',
    'lonely-token',
    /input "session-token" is set but "access-key-id" and "secret-access-key" are not/
  ]
];

test('each malformed input fails the pre step with a message naming the input, the value and the expected form', async () => {
  const job = await newJob();
  const results = [];
  // Two at a time: each is a Node 24 process loading the bundle.
  for (let i = 0; i < BAD_INPUTS.length; i += 2) {
    results.push(
      ...(await Promise.all(
        BAD_INPUTS.slice(i, i + 2).map(async ([name, value, message]) => {
          const r = await job.run('pre', {
            'cache-dir': join(job.root, 'cache'),
            bucket: 'ok-bucket',
            [name]: value
          });
          return { name, value, message, r };
        })
      ))
    );
  }
  for (const { name, value, message, r } of results) {
    const errors = r.annotations.filter(a => a.level === 'error').map(a => a.message);
    if (r.code !== 1 || errors.length !== 1 || !message.test(errors[0]!)) {
      throw new Error(
        `input ${name}=${JSON.stringify(value)}: exit ${r.code}, errors ${JSON.stringify(errors)}`
      );
    }
    // Failing fast: nothing exported, nothing installed, no state for the post step.
    expect(r.exported.size).toBe(0);
    expect(r.paths).toEqual([]);
    expect(r.state.size).toBe(0);
  }
  // The secret's value is never quoted in a message.
  const partial = results.find(x => x.name === 'access-key-id')!;
  expect(partial.r.stdout).not.toContain('AKIAONLYTHEID');
});

test('a cache directory that cannot be created warns and the job goes on', async () => {
  const job = await newJob();
  const blocker = join(job.root, 'not-a-directory');
  await writeFile(blocker, 'a file where the cache directory should go');
  const inputs = { 'cache-dir': join(blocker, 'cache') };
  const pre = await job.run('pre', inputs);
  expect(pre.code).toBe(0);
  expect(pre.annotations).toContainEqual({
    level: 'warning',
    message: expect.stringMatching(/pre step failed: .*ENOTDIR.*the job goes on without the cache/)
  });
  const post = await job.run('post', inputs);
  expect(post.code).toBe(0);
});

test('main without a pre step (state absent) does the set-up itself and sets the outputs', async () => {
  const job = await newJob();
  const cacheDir = join(job.root, 'cache');
  const main = await job.run('main', { 'cache-dir': cacheDir });
  expect(main.code).toBe(0);
  expect(main.exported.get('COMPILE_CACHE_DIR')).toBe(cacheDir);
  expect(main.paths).toHaveLength(1);
  expect(main.outputs.get('cache-dir')).toBe(cacheDir);
  expect(main.state.get('config')).toContain(cacheDir);
  const post = await job.run('post', { 'cache-dir': cacheDir });
  expect(post.code).toBe(0);
  expect(post.summary).toContain('Local only');
});
