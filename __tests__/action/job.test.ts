/**
 * Whole jobs the way the runner runs them: pre, a real gcc build through the shims, main and post
 * as child processes of the built dist/ under Node 24, against a loopback S3 server.
 */
import { readdir, readFile } from 'node:fs/promises';
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
  settle,
  startS3Server,
  summaryCell,
  writeProject,
  type RunningS3Server
} from './helpers.js';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { decodeIndex } from '../../src/sync/packs/format.js';
import { parseCensus, type Census } from '../../src/sync/packs/census.js';

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

/**
 * The entry paths (`cache/<ns>/<tenant>/<hh>/<hex>`) of one namespace in the bucket (packs are
 * under `cache/packs/`, so never among them). The default namespaces are compile and manifests.
 */
async function bucketEntries(bucket: string, ns = 'compile'): Promise<string[]> {
  const keys = await bucketKeys(bucket, `cache/${ns}/`);
  return [...new Set(keys.map(k => k.split('/').slice(0, -1).join('/')))].sort();
}

/** The default pack prefix of namespace compile: `<prefix>packs/compile/`. */
const PACKS = 'cache/packs/compile/';

/** The pack objects (`.pack` data and `.index`) under the default pack prefix (the census is beside them). */
async function packObjects(bucket: string): Promise<string[]> {
  return bucketKeys(bucket, `${PACKS}v1/`);
}

async function getObject(bucket: string, key: string): Promise<Buffer> {
  const client = rawClient(server.endpoint);
  try {
    const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await r.Body!.transformToByteArray());
  } finally {
    client.destroy();
  }
}

/** The entries (`<tenant>/<hex>`, as localEntries names them) that the pack with this index holds. */
async function packEntries(bucket: string, indexKey: string): Promise<string[]> {
  const index = decodeIndex(await getObject(bucket, indexKey));
  return index.entries.map(e => `${e.ns}/${e.key}`).sort();
}

/** The census of a namespace under the default pack prefix (`cache/packs/<ns>/census`). */
async function census(bucket: string, ns = 'compile'): Promise<Census | null> {
  return parseCensus(await getObject(bucket, `cache/packs/${ns}/census`));
}

async function localEntries(cacheDir: string, ns = 'compile'): Promise<string[]> {
  const entries = await namespaceView(new DiskCacheStore(cacheDir), ns).list();
  return entries.map(e => `${e.namespace}/${e.key}`).sort();
}

/** The one file called `name` below `dir` (the action's job temp directory has an id in its path). */
async function findFile(dir: string, name: string): Promise<string> {
  const found = (await readdir(dir, { recursive: true })).filter(p => p === name || p.endsWith(`/${name}`));
  if (found.length !== 1) throw new Error(`${found.length} files called ${name} below ${dir}`);
  return join(dir, found[0] as string);
}

/** Polls the job's compile server log (up to 30 s) until it matches `pattern`. */
async function serverLogShows(job: RunnerJob, pattern: RegExp): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if (pattern.test(await readFile(await findFile(job.runnerTemp, 'server.log'), 'utf8'))) return true;
    } catch {
      // Not written yet.
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return false;
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
  // The default upload mode (auto) on a bucket with nothing outside packs: one pack (data and
  // index) holding the three entries, and no entry object.
  expect(s1).toContain('This save: `compile` as packs only, `manifests` as packs only.');
  expect(summaryCell(s1, 'Save', 'compile', 'packs written')).toBe('1');
  expect(await bucketEntries(bucket)).toEqual([]);
  expect(await bucketEntries(bucket, 'manifests')).toEqual([]);
  const packs1 = await packObjects(bucket);
  expect(packs1.map(k => k.replace(/\/p[\w-]+\./, '/<id>.'))).toEqual([
    `${PACKS}v1/<id>.index`,
    `${PACKS}v1/<id>.pack`
  ]);
  const compiled1 = await localEntries(job1.cacheDir);
  expect(compiled1).toHaveLength(3);
  expect(await packEntries(bucket, packs1[0]!)).toEqual(compiled1);
  // The census records the restore's listing of the empty bucket: nothing outside packs, so the
  // next restore need not list the objects.
  expect(await census(bucket)).toMatchObject({ outsidePacks: 0 });
  expect(await census(bucket, 'manifests')).toMatchObject({ outsidePacks: 0 });

  // Direct mode's manifests went up beside them (one per compile whose files were old enough to
  // trust, so not a fixed number here; the direct-mode test below settles its files first).
  const manifests1 = parseInt(summaryCell(s1, 'Save', 'manifests', 'uploaded'), 10);

  // Job 2: a fresh cache directory restores all three; the build is all hits; nothing is uploaded.
  const job2 = await fullJob(bucket, project, ['alpha', 'beta', 'gamma']);
  // The outputs count the entries of both namespaces.
  expect(job2.main.outputs.get('restored-entries')).toBe(String(3 + manifests1));
  expect(job2.main.outputs.get('cache-hit')).toBe('true');
  expect(Number(job2.main.outputs.get('restored-bytes'))).toBeGreaterThan(0);
  expect(summaryCell(job2.post.summary, 'Restore', 'compile', 'restored')).toMatch(/^3 \(/);
  // All three came from the pack, none as objects (and so did the manifests, from their own pack).
  expect(job2.main.outputs.get('restored-from-packs')).toBe(String(3 + manifests1));
  expect(summaryCell(job2.post.summary, 'Restore', 'compile', 'from packs / objects')).toBe('3 / 0');
  expect(job2.main.stdout).toContain('restored 3 entries (3 from packs, 0 as objects)');
  // The census of 0 let the restore take the packs for everything: the objects were not listed.
  expect(job2.pre.stdout).toMatch(/compile: .* from packs \(not listing .*every entry was in a pack\)/);
  expect(summaryCell(job2.post.summary, 'Save', 'compile', 'packs written')).toBe('0');
  expect(await packObjects(bucket)).toEqual(packs1);
  // libuv's thread pool was raised before the restore started it.
  expect(job2.pre.stdout).toContain('::debug::compile-cache: UV_THREADPOOL_SIZE=16, 16 libuv worker threads');
  expect(summaryCell(job2.post.summary, 'Save', 'compile', 'uploaded')).toBe('0 (0 B)');
  expect(job2.post.summary).toMatch(/\n\| 3 \| 0 \| 0 \| 0 \| 100\.0 % \|/);
  expect(await bucketEntries(bucket)).toEqual([]);

  // Job 3: one changed source and one new file: exactly two new entries go up.
  await writeProject(project, ['alpha', 'delta'], 7);
  const job3 = await fullJob(bucket, project, ['alpha', 'beta', 'gamma', 'delta']);
  expect(summaryCell(job3.post.summary, 'Save', 'compile', 'uploaded')).toMatch(/^2 \(/);
  expect(job3.post.summary).toMatch(/\n\| 2 \| 2 \| 0 \| 0 \| 50\.0 % \|/);
  // Still packs only: one new pack with exactly the two new entries, job 1's pack untouched.
  expect(job3.post.summary).toContain('This save: `compile` as packs only');
  expect(summaryCell(job3.post.summary, 'Save', 'compile', 'packs written')).toBe('1');
  expect(await bucketEntries(bucket)).toEqual([]);
  const packs3 = await packObjects(bucket);
  expect(packs3).toEqual(expect.arrayContaining(packs1));
  const newIndexes = packs3.filter(k => k.endsWith('.index') && !packs1.includes(k));
  expect(newIndexes).toHaveLength(1);
  const compiled3 = await localEntries(job3.cacheDir);
  expect(compiled3).toHaveLength(5);
  const new3 = compiled3.filter(e => !compiled1.includes(e));
  expect(new3).toHaveLength(2);
  expect(await packEntries(bucket, newIndexes[0]!)).toEqual(new3);
  expect(await census(bucket)).toMatchObject({ outsidePacks: 0 });
});

test('with the default inputs the manifests are synced like compile: on a fresh runner the first compile of a known source is a direct-mode hit', async () => {
  const bucket = await createBucket(server.endpoint);
  const seed = await newJob();
  const project = join(seed.root, 'project');
  const names = ['left', 'right'];
  await writeProject(project, names);
  await settle();

  const job1 = await fullJob(bucket, project, names);
  expect(summaryCell(job1.post.summary, 'Save', 'manifests', 'uploaded')).toMatch(/^2 \(/);

  // Job 2: a fresh runner (new cache directory, new state directory) with the same inputs.
  const log = join(seed.root, 'job2.log');
  const job2 = await newJob({ COMPILE_CACHE_LOG: log });
  const cacheDir = join(job2.root, 'cache');
  const inputs = bucketInputs(server.endpoint, bucket, cacheDir);
  expectOk(await job2.run('pre', inputs));
  // The main step, where the README puts the action: after the checkout, before the build. It has
  // the compile server hash the headers the restored manifests name again (the project's exist now).
  const main = await job2.run('main', inputs);
  expectOk(main);
  expect(main.stdout).toContain(
    "compile-cache: the compile server is hashing the headers the cache's manifests name"
  );
  // In a workflow other steps run between the main step and the build; here the build waits until
  // the server has answered that request (a compile arriving first stops it, by design).
  expect(await serverLogShows(job2, /asked to hash the manifests' headers/)).toBe(true);
  await compile(job2, project, names);
  const post = await job2.run('post', inputs);
  expectOk(post);
  const serverLog = await readFile(await findFile(job2.runnerTemp, 'server.log'), 'utf8');
  expect(serverLog).toMatch(
    /warmed up: .*; headers: 2 manifests read, \d+ of the \d+ files they name hashed/
  );
  expect(serverLog).toMatch(
    /asked to hash the manifests' headers: headers: 2 manifests read, \d+ of the \d+ files/
  );
  expect(summaryCell(post.summary, 'Restore', 'compile', 'restored')).toMatch(/^2 \(/);
  expect(summaryCell(post.summary, 'Restore', 'manifests', 'restored')).toMatch(/^2 \(/);
  expect(post.summary).toMatch(/\n\| 2 \| 0 \| 0 \| 0 \| 100\.0 % \|/);
  // Each compile found its manifest and never ran the preprocessor: direct-mode hits.
  const blocks = (await readFile(log, 'utf8')).split(/\n(?=\S)/).filter(b => b.trim() !== '');
  expect(blocks).toHaveLength(2);
  for (const block of blocks) {
    expect(block).toMatch(/\n {2}manifest [0-9a-f]+ names result [0-9a-f]{64}\n/);
    expect(block).not.toMatch(/\n {2}preprocess at /);
    expect(block).toMatch(/\n {2}hit\b/);
  }
  // The manifests were used like the results they name: the save's journal says so (and would
  // refresh their bucket time once it is older than refresh-after).
  expect(post.stdout).toContain('compile: from the journal, 0 entries written and 2 used since the restore');
  expect(post.stdout).toContain(
    'manifests: from the journal, 0 entries written and 2 used since the restore'
  );
  // Nothing new to upload: the manifests were already right.
  expect(summaryCell(post.summary, 'Save', 'manifests', 'uploaded')).toBe('0 (0 B)');
  expect(summaryCell(post.summary, 'Save', 'compile', 'uploaded')).toBe('0 (0 B)');
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
  // No pack; only the census of each namespace, which counts the objects this save left outside
  // packs, so the next restore lists them.
  expect(await bucketKeys(objectsBucket, 'cache/packs/')).toEqual([
    'cache/packs/compile/census',
    'cache/packs/manifests/census'
  ]);
  expect(await census(objectsBucket)).toMatchObject({ outsidePacks: 3 });

  const packsBucket = await createBucket(server.endpoint);
  const job1 = await fullJob(packsBucket, project, names, { 'upload-mode': 'packs' });
  expect(summaryCell(job1.post.summary, 'Save', 'compile', 'uploaded')).toMatch(/^3 \(/);
  expect(summaryCell(job1.post.summary, 'Save', 'compile', 'packs written')).toBe('1');
  expect(job1.post.summary).toContain('Upload mode `packs`');
  expect(await bucketEntries(packsBucket)).toEqual([]);
  expect(await bucketEntries(packsBucket, 'manifests')).toEqual([]);
  const packs = await packObjects(packsBucket);
  expect(packs).toHaveLength(2);
  // Nothing but packs: compile's above, and manifests' (when a manifest was written) beside them.
  expect((await bucketKeys(packsBucket)).every(k => k.startsWith('cache/packs/'))).toBe(true);

  // Job 2 on a fresh directory (default upload mode): every entry from the pack, every compile a
  // hit, and no compile entry goes up again, neither as objects nor as another pack.
  const manifests = (await localEntries(job1.cacheDir, 'manifests')).length;
  const job2 = await fullJob(packsBucket, project, names);
  expect(job2.main.outputs.get('restored-entries')).toBe(String(3 + manifests));
  expect(job2.main.outputs.get('restored-from-packs')).toBe(String(3 + manifests));
  expect(job2.post.summary).toMatch(/\n\| 3 \| 0 \| 0 \| 0 \| 100\.0 % \|/);
  expect(summaryCell(job2.post.summary, 'Save', 'compile', 'uploaded')).toBe('0 (0 B)');
  // (Manifests first written by this job, for files job 1 found too new to trust, may go up.)
  expect(await bucketEntries(packsBucket)).toEqual([]);
  expect(await packObjects(packsBucket)).toEqual(packs);
});

test('the restore takes the newest entries and stops at the max-size budget', async () => {
  const bucket = await createBucket(server.endpoint);
  const seed = await newJob();
  const project = join(seed.root, 'project');
  const names = ['one', 'two', 'three', 'four', 'five', 'six'];
  await writeProject(project, names);
  // Objects, whose times the test server can set (the default, auto, would write packs only, whose
  // indexes record the times when they were packed; a restore would not list the objects then).
  const job1 = await fullJob(bucket, project, names, { 'upload-mode': 'objects' });
  const all = await localEntries(job1.cacheDir);
  expect(all).toHaveLength(6);

  // Backdate every entry in the bucket, the two "newest" (by key order here) less than the rest.
  const keys = await bucketEntries(bucket);
  expect(keys).toHaveLength(6);
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
  // No pack, so no first plan from the packs' recorded times (docs/sync.md): the census counts the
  // six objects outside packs, the restore lists them, and the plan from the bucket's times takes
  // the two newest and stops at the budget.
  expect(restored).toEqual(wanted);
  expect(pre.stdout).toMatch(
    /compile: 0 entries in 0 pack\(s\).* while \S+ is listed \(the bucket held 6 entries outside packs/
  );
  const main = await job.run('main', {
    ...bucketInputs(server.endpoint, bucket, cacheDir),
    'max-size': String(budget)
  });
  // The outputs count what is on disk, the manifests (their own budget, small enough for all) too.
  const manifests = (await localEntries(cacheDir, 'manifests')).length;
  expect(main.outputs.get('restored-entries')).toBe(String(restored.length + manifests));
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
  const manifests = (await localEntries(cacheDir, 'manifests')).length;
  expect(restore.outputs.get('restored-entries')).toBe(String(3 + manifests));
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

test('namespaces without the manifests: depend mode off for the job, unless the workflow chose', async () => {
  const bucket = await createBucket(server.endpoint);
  for (const [env, want] of [
    [{}, 'off'],
    [{ COMPILE_CACHE_DEPEND: 'on' }, undefined]
  ] as const) {
    const job = await newJob(env);
    const inputs = {
      ...bucketInputs(server.endpoint, bucket, join(job.root, 'cache')),
      namespaces: 'compile'
    };
    const pre = await job.run('pre', inputs);
    expect(pre.code).toBe(0);
    expect(pre.exported.get('COMPILE_CACHE_DEPEND')).toBe(want);
    // A compile in the job's empty cache: depend mode would take it (nothing for -E to find), but
    // off, the preprocessor keys it, so a later runner without the manifests finds it.
    if (want === 'off') {
      const project = join(job.root, 'project');
      await writeProject(project, ['solo']);
      await settle();
      const log = join(job.root, 'wrap.log');
      const r = await job.shell(
        `COMPILE_CACHE_LOG=${log} gcc -O2 -c solo.c -o solo.o && cat ${log}`,
        project
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/preprocess at/);
      expect(r.stdout).not.toContain('depend mode');
    }
  }
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
  // The manifests are synced (the default namespaces): depend mode keeps its default.
  expect(pre.exported.has('COMPILE_CACHE_DEPEND')).toBe(false);
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
