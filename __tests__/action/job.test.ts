/**
 * Whole jobs the way the runner runs them: pre, a real gcc build through the shims, main and post
 * as child processes of the built dist/ under Node 24, against a loopback S3 server.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { statsFile } from '../../src/compiler/stats.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { namespaceView } from '../../src/sync/entries.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import type { RunnerJob, StepResult } from '../helpers/runner.js';
import {
  bucketInputs,
  compile,
  createBucket,
  newJob,
  startS3Server,
  summaryCell,
  writeProject,
  type RunningS3Server
} from './helpers.js';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';

let server: RunningS3Server;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.stop();
});

async function bucketKeys(bucket: string, prefix?: string): Promise<string[]> {
  const client = rawClient(server.endpoint);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })
    );
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
  } while (token);
  client.destroy();
  return keys.sort();
}

/** The entry paths (`cache/compile/<tenant>/<hh>/<hex>`) of the bucket, packs left out. */
async function bucketEntries(bucket: string): Promise<string[]> {
  const keys = (await bucketKeys(bucket)).filter(k => !k.startsWith(PACKS));
  return [...new Set(keys.map(k => k.split('/').slice(0, -1).join('/')))].sort();
}

/** The default pack prefix of namespace compile: `<prefix>packs/compile/`. */
const PACKS = 'cache/packs/compile/';

/** The pack objects (`.pack` data and `.index`) under the default pack prefix. */
async function packObjects(bucket: string): Promise<string[]> {
  return bucketKeys(bucket, PACKS);
}

async function localEntries(cacheDir: string): Promise<string[]> {
  const entries = await namespaceView(new DiskCacheStore(cacheDir), 'compile').list();
  return entries.map(e => `${e.namespace}/${e.key}`).sort();
}

function expectOk(r: StepResult): void {
  if (r.code !== 0) throw new Error(`${r.step} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  expect(r.annotations.filter(a => a.level !== 'notice')).toEqual([]);
}

/** pre → compile → main → post, as one job on a fresh cache directory. */
async function fullJob(
  bucket: string,
  project: string,
  names: string[],
  extra: Record<string, string> = {}
): Promise<{ job: RunnerJob; cacheDir: string; pre: StepResult; main: StepResult; post: StepResult }> {
  const job = await newJob();
  const cacheDir = join(job.root, 'cache');
  const inputs = { ...bucketInputs(server.endpoint, bucket, cacheDir), ...extra };
  const pre = await job.run('pre', inputs);
  expectOk(pre);
  await compile(job, project, names);
  const main = await job.run('main', inputs);
  expectOk(main);
  const post = await job.run('post', inputs);
  expectOk(post);
  return { job, cacheDir, pre, main, post };
}

test('job 1 saves what it compiled, job 2 restores it all and uploads nothing, job 3 uploads exactly its new entries', async () => {
  const bucket = await createBucket(server.endpoint);
  const first = await newJob();
  const project = join(first.root, 'project');
  await writeProject(project, ['alpha', 'beta', 'gamma']);

  // Job 1: empty bucket; three misses, three uploads.
  const job1 = await fullJob(bucket, project, ['alpha', 'beta', 'gamma']);
  expect(job1.main.outputs.get('cache-hit')).toBe('false');
  expect(job1.main.outputs.get('restored-entries')).toBe('0');
  const s1 = job1.post.summary;
  expect(summaryCell(s1, 'Save', 'compile', 'uploaded')).toMatch(/^3 \(/);
  expect(s1).toMatch(
    /\| hits \| misses \| uncacheable \| errors \| hit rate \|\n.*\n\| 0 \| 3 \| 0 \| 0 \| 0\.0 % \|/
  );
  const afterJob1 = await bucketEntries(bucket);
  expect(afterJob1).toHaveLength(3);
  expect(afterJob1.every(k => k.startsWith('cache/compile/local/'))).toBe(true);
  // The default upload mode (both) also wrote the three entries as one pack: data and index.
  expect(summaryCell(s1, 'Save', 'compile', 'packs written')).toBe('1');
  const packs1 = await packObjects(bucket);
  expect(packs1.map(k => k.replace(/\/p[\w-]+\./, '/<id>.'))).toEqual([
    `${PACKS}v1/<id>.index`,
    `${PACKS}v1/<id>.pack`
  ]);

  // Job 2: a fresh cache directory restores all three; the build is all hits; nothing is uploaded.
  const job2 = await fullJob(bucket, project, ['alpha', 'beta', 'gamma']);
  expect(job2.main.outputs.get('restored-entries')).toBe('3');
  expect(job2.main.outputs.get('cache-hit')).toBe('true');
  expect(Number(job2.main.outputs.get('restored-bytes'))).toBeGreaterThan(0);
  expect(summaryCell(job2.post.summary, 'Restore', 'compile', 'restored')).toMatch(/^3 \(/);
  // All three came from the pack, none as objects.
  expect(job2.main.outputs.get('restored-from-packs')).toBe('3');
  expect(summaryCell(job2.post.summary, 'Restore', 'compile', 'from packs / objects')).toBe('3 / 0');
  expect(job2.main.stdout).toContain('restored 3 entries (3 from packs, 0 as objects)');
  expect(summaryCell(job2.post.summary, 'Save', 'compile', 'packs written')).toBe('0');
  expect(await packObjects(bucket)).toEqual(packs1);
  // libuv's thread pool was raised before the restore started it.
  expect(job2.pre.stdout).toContain('::debug::compile-cache: UV_THREADPOOL_SIZE=16, 16 libuv worker threads');
  expect(summaryCell(job2.post.summary, 'Save', 'compile', 'uploaded')).toBe('0 (0 B)');
  expect(job2.post.summary).toMatch(/\n\| 3 \| 0 \| 0 \| 0 \| 100\.0 % \|/);
  expect(await bucketEntries(bucket)).toEqual(afterJob1);

  // Job 3: one changed source and one new file: exactly two new entries go up.
  await writeProject(project, ['alpha', 'delta'], 7);
  const job3 = await fullJob(bucket, project, ['alpha', 'beta', 'gamma', 'delta']);
  expect(summaryCell(job3.post.summary, 'Save', 'compile', 'uploaded')).toMatch(/^2 \(/);
  expect(job3.post.summary).toMatch(/\n\| 2 \| 2 \| 0 \| 0 \| 50\.0 % \|/);
  const afterJob3 = await bucketEntries(bucket);
  expect(afterJob3).toHaveLength(5);
  expect(afterJob3).toEqual(expect.arrayContaining(afterJob1));
});

test('upload-mode objects writes no pack; upload-mode packs writes no entry object and the next job restores it all from packs', async () => {
  const seed = await newJob();
  const project = join(seed.root, 'project');
  await writeProject(project, ['north', 'south', 'east']);
  const names = ['north', 'south', 'east'];

  const objectsBucket = await createBucket(server.endpoint);
  const objects = await fullJob(objectsBucket, project, names, { 'upload-mode': 'objects' });
  expect(summaryCell(objects.post.summary, 'Save', 'compile', 'uploaded')).toMatch(/^3 \(/);
  expect(objects.post.summary).not.toContain('packs written');
  expect(await bucketEntries(objectsBucket)).toHaveLength(3);
  expect(await packObjects(objectsBucket)).toEqual([]);

  const packsBucket = await createBucket(server.endpoint);
  const job1 = await fullJob(packsBucket, project, names, { 'upload-mode': 'packs' });
  expect(summaryCell(job1.post.summary, 'Save', 'compile', 'uploaded')).toMatch(/^3 \(/);
  expect(summaryCell(job1.post.summary, 'Save', 'compile', 'packs written')).toBe('1');
  expect(job1.post.summary).toContain('Upload mode `packs`');
  expect(await bucketEntries(packsBucket)).toEqual([]);
  const packs = await packObjects(packsBucket);
  expect(packs).toHaveLength(2);
  expect(await bucketKeys(packsBucket)).toEqual(packs);

  // Job 2 on a fresh directory (default upload mode): every entry from the pack, every compile a
  // hit, and nothing goes up again, neither as objects nor as another pack.
  const job2 = await fullJob(packsBucket, project, names);
  expect(job2.main.outputs.get('restored-entries')).toBe('3');
  expect(job2.main.outputs.get('restored-from-packs')).toBe('3');
  expect(job2.post.summary).toMatch(/\n\| 3 \| 0 \| 0 \| 0 \| 100\.0 % \|/);
  expect(summaryCell(job2.post.summary, 'Save', 'compile', 'uploaded')).toBe('0 (0 B)');
  expect(await bucketKeys(packsBucket)).toEqual(packs);
});

test('the restore takes the newest entries and stops at the max-size budget', async () => {
  const bucket = await createBucket(server.endpoint);
  const seed = await newJob();
  const project = join(seed.root, 'project');
  const names = ['one', 'two', 'three', 'four', 'five', 'six'];
  await writeProject(project, names);
  const job1 = await fullJob(bucket, project, names);
  const all = await localEntries(job1.cacheDir);
  expect(all).toHaveLength(6);

  // Backdate every entry in the bucket, the two "newest" (by key order here) less than the rest.
  const keys = await bucketEntries(bucket);
  const newest = keys.slice(0, 2);
  const client = rawClient(server.endpoint);
  const objects = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  client.destroy();
  for (const o of objects.Contents ?? []) {
    const entry = o.Key!.split('/').slice(0, -1).join('/');
    const daysAgo = newest.includes(entry) ? 1 : 5;
    await server.setLastModified(bucket, o.Key!, new Date(Date.now() - daysAgo * 86_400_000));
  }
  const sizes = await new DiskCacheStore(job1.cacheDir).namespace('compile').list();
  const biggest = Math.max(...sizes.map(e => e.size));
  // Room for two entries and not three.
  const budget = 2 * biggest + Math.floor(Math.min(...sizes.map(e => e.size)) / 2);

  const job = await newJob();
  const cacheDir = join(job.root, 'cache');
  const pre = await job.run('pre', {
    ...bucketInputs(server.endpoint, bucket, cacheDir),
    'max-size': String(budget)
  });
  expectOk(pre);
  const restored = await localEntries(cacheDir);
  // `cache/compile/local/<hh>/<hex>` in the bucket is `local/<hex>` on disk (tenant, key).
  const wanted = newest.map(k => k.replace(/^cache\/compile\/(\w+)\/\w\w\//, '$1/')).sort();
  // The restore plans first from the packs' recorded times (all equal here: the backdating above
  // reaches the objects, not the indexes) and starts those downloads before the listing is in; the
  // plan from the bucket's times then brings the two newest. What the first plan took beyond them
  // stays until the post step's clean (docs/sync.md: at most the first plan's bytes over max-size).
  expect(restored).toEqual(expect.arrayContaining(wanted));
  expect(restored.length).toBeLessThanOrEqual(wanted.length + 2);
  const main = await job.run('main', {
    ...bucketInputs(server.endpoint, bucket, cacheDir),
    'max-size': String(budget)
  });
  // The outputs count what is on disk.
  expect(main.outputs.get('restored-entries')).toBe(String(restored.length));
  expect(main.stdout).toMatch(new RegExp(`restored ${restored.length} entries .* of 6 in the bucket`));
});

test('the clean after the job evicts what was not used and keeps what was hit (restore/ and save/ sub-actions)', async () => {
  const bucket = await createBucket(server.endpoint);
  const seed = await newJob();
  const project = join(seed.root, 'project');
  await writeProject(project, ['red', 'green', 'blue']);
  const job1 = await fullJob(bucket, project, ['red', 'green', 'blue']);
  const sizes = (await new DiskCacheStore(job1.cacheDir).namespace('compile').list()).map(e => e.size);
  // Room for one entry only.
  const oneEntry = String(Math.max(...sizes) + 10);

  const job = await newJob();
  const cacheDir = join(job.root, 'cache');
  const inputs = bucketInputs(server.endpoint, bucket, cacheDir);
  const restore = await job.run('restore', inputs, { actionYml: 'restore/action.yml', instance: 'restore' });
  expectOk(restore);
  expect(restore.outputs.get('restored-entries')).toBe('3');
  // Only `green` is compiled in this job: a hit, which makes it the most recently used entry.
  await compile(job, project, ['green']);
  const save = await job.run(
    'save',
    { ...inputs, 'max-size': oneEntry },
    { actionYml: 'save/action.yml', instance: 'save' }
  );
  expectOk(save);
  expect(summaryCell(save.summary, 'Save', 'compile', 'evicted locally (size / age)')).toMatch(/^2 \(/);
  // The save sub-action found the restore's figures too.
  expect(summaryCell(save.summary, 'Restore', 'compile', 'restored')).toMatch(/^3 \(/);
  expect(await localEntries(cacheDir)).toHaveLength(1);
  // What is left is green's entry: compiling it again (fresh counters) is a hit.
  // The counters live in the cache directory's state directory (src/store/state-dir.ts).
  const again = await job.shell(`rm -f ${statsFile(cacheDir)} && gcc -O2 -c green.c -o green.o`, project);
  expect(again.code).toBe(0);
  const stats = await job.shell(`cat ${statsFile(cacheDir)}`);
  expect(stats.stdout.trim()).toBe('hit');
});

test('outputs, exported variables and PATH are set, and no credential reaches a runner file', async () => {
  const bucket = await createBucket(server.endpoint);
  const job = await newJob();
  const cacheDir = join(job.root, 'cache');
  const token = 'session-token-for-the-leak-check';
  const inputs = { ...bucketInputs(server.endpoint, bucket, cacheDir), 'session-token': token };
  const project = join(job.root, 'project');
  await writeProject(project, ['solo']);
  const steps = [await job.run('pre', inputs)];
  await compile(job, project, ['solo']);
  steps.push(await job.run('main', inputs), await job.run('post', inputs));
  for (const s of steps) expect(s.code).toBe(0);

  const [pre, main] = steps as [StepResult, StepResult, StepResult];
  expect(pre.exported.get('COMPILE_CACHE_DIR')).toBe(cacheDir);
  expect(pre.exported.get('COMPILE_CACHE_TENANT')).toBe('local');
  expect(pre.exported.get('COMPILE_CACHE_SAVE_ON_FAILURE')).toBe('false');
  expect(pre.exported.get('CMAKE_C_COMPILER_LAUNCHER')).toMatch(/compile-cache-launcher$/);
  expect(pre.exported.get('CMAKE_CXX_COMPILER_LAUNCHER')).toBe(pre.exported.get('CMAKE_C_COMPILER_LAUNCHER'));
  expect(pre.paths).toHaveLength(1);
  // Plus Node's compile cache for the wrapper: private to the shims, never in the cache directory.
  // And the native client the shims link to, when it was built (docs/server.md).
  expect((await readdir(pre.paths[0]!)).filter(n => !n.startsWith('.compile-cache-client-')).sort()).toEqual(
    ['.node-compile-cache', 'c++', 'cc', 'clang', 'clang++', 'compile-cache-launcher', 'g++', 'gcc'].sort()
  );
  expect(Object.fromEntries(main.outputs)).toEqual({
    'cache-dir': cacheDir,
    'restored-entries': '0',
    'restored-bytes': '0',
    'restored-from-packs': '0',
    'cache-hit': 'false'
  });

  // Secrets: masked on stdout (the runner hides masked values), absent from every file it keeps.
  const secrets = [S3_TEST_CREDENTIALS.secretAccessKey, token];
  for (const s of steps) {
    for (const [name, text] of Object.entries(s.files)) {
      for (const secret of secrets) {
        if (text.includes(secret)) throw new Error(`${s.step}: ${name} contains a credential`);
      }
    }
    const unmasked = s.stdout.split('\n').filter(l => !l.startsWith('::add-mask::'));
    for (const secret of secrets) expect(unmasked.join('\n')).not.toContain(secret);
  }
  expect(pre.stdout).toContain(`::add-mask::${token}`);
});
