/**
 * The GitHub Actions cache backend, end to end: the built steps run as child processes under
 * Node 24 (as the runner runs them) against testkit/gha-cache-server.ts, a loopback emulation of the
 * cache service v2 written from @actions/cache's client code (not GitHub's service).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockBlobClient } from '@azure/storage-blob';
import { startGhaCacheServer, type GhaCacheServer } from '../../testkit/gha-cache-server.js';
import { RunnerJob, runProcess, type StepResult } from '../helpers/runner.js';
import { compile, settle, stepNode, summaryCell, writeProject } from './helpers.js';

let server: GhaCacheServer;
let root: string;
beforeAll(async () => {
  server = await startGhaCacheServer();
  root = await mkdtemp(join(tmpdir(), 'compile-cache-gha-'));
});
afterAll(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/** A job on a runner that offers the cache service (the variables the runner gives JS actions). */
async function ghaJob(runId: string, extra: Record<string, string> = {}): Promise<RunnerJob> {
  return RunnerJob.create({
    node: stepNode(),
    // COMPILE_CACHE_TEST_DIST: run a build other than dist/ (e.g. while dist/ is being rebuilt).
    dist: process.env.COMPILE_CACHE_TEST_DIST || undefined,
    env: {
      ...server.env(),
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_ATTEMPT: '1',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      NO_PROXY: '127.0.0.1',
      ...extra
    }
  });
}

function expectOk(r: StepResult): void {
  if (r.code !== 0) throw new Error(`${r.step} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  expect(r.annotations.filter(a => a.level !== 'notice')).toEqual([]);
}

/** pre → compile → main → post on `cacheDir` (the archive's path is part of the cache version, so jobs share it). */
async function fullJob(
  job: RunnerJob,
  cacheDir: string,
  project: string,
  names: string[],
  inputs: Record<string, string> = {},
  beforePost?: () => Promise<void>
): Promise<{ pre: StepResult; main: StepResult; post: StepResult }> {
  const all = { 'cache-dir': cacheDir, ...inputs };
  const pre = await job.run('pre', all);
  if (pre.code !== 0) throw new Error(`pre exited ${pre.code}\n${pre.stdout}\n${pre.stderr}`);
  await compile(job, project, names);
  const main = await job.run('main', all);
  await beforePost?.();
  const post = await job.run('post', all);
  return { pre, main, post };
}

/** The summary without Markdown escapes, to match its sentences. */
function plain(summary: string): string {
  return summary.replace(/\\(.)/g, '$1');
}

function entriesWithPrefix(prefix: string): string[] {
  return server
    .entries()
    .filter(e => e.key.startsWith(prefix))
    .map(e => e.key);
}

test('no bucket: job 1 saves one archive, job 2 on a fresh directory restores it and all compiles hit, job 3 saves nothing', async () => {
  const cacheDir = join(root, `cache-${randomBytes(4).toString('hex')}`);
  const project = join(root, 'project-a');
  const names = ['alpha', 'beta', 'gamma'];
  await writeProject(project, names);
  // So that every compile writes its manifest (the default namespaces are compile and manifests).
  await settle();
  // The namespaces+tenant hash keeps this test's archives apart from the other tests'.
  const inputs = { tenant: `t${randomBytes(3).toString('hex')}` };

  const job1 = await fullJob(await ghaJob('101'), cacheDir, project, names, inputs);
  for (const r of [job1.main, job1.post]) expectOk(r);
  expect(job1.pre.stdout).toContain(
    'No archive in the GitHub Actions cache starts with compile-cache-v1-Linux-X64-'
  );
  expect(job1.main.outputs.get('cache-hit')).toBe('false');
  const saved = server.entries().filter(e => e.key.includes('-101-1-'));
  expect(saved).toHaveLength(1);
  const prefix = saved[0]!.key.replace(/101-1-[0-9a-f]+$/, '');
  expect(prefix).toMatch(/^compile-cache-v1-Linux-X64-[0-9a-f]{16}-$/);
  expect(job1.post.summary).toContain('GitHub Actions cache, keys compile-cache-v1-Linux-X64-');
  // Three results and their three manifests.
  expect(plain(job1.post.summary)).toMatch(/Saved 6 entries \(6 new\) as one archive/);
  expect(summaryCell(job1.post.summary, 'Save', 'compile', 'uploaded')).toMatch(/^3 \(/);
  expect(summaryCell(job1.post.summary, 'Save', 'manifests', 'uploaded')).toMatch(/^3 \(/);
  expect(job1.post.summary).toMatch(/\n\| 0 \| 3 \| 0 \| 0 \| 0\.0 % \|/);

  // Job 2: a fresh cache directory (same path, emptied) restores the archive; every compile hits.
  await rm(cacheDir, { recursive: true, force: true });
  const job2 = await fullJob(await ghaJob('102'), cacheDir, project, names, inputs);
  for (const r of [job2.main, job2.post]) expectOk(r);
  expect(job2.main.outputs.get('cache-hit')).toBe('true');
  expect(job2.main.outputs.get('restored-entries')).toBe('6');
  expect(summaryCell(job2.post.summary, 'Restore', 'compile', 'restored')).toMatch(/^3 \(/);
  expect(summaryCell(job2.post.summary, 'Restore', 'compile', 'in archive')).toMatch(/^3 \(/);
  expect(summaryCell(job2.post.summary, 'Restore', 'manifests', 'restored')).toMatch(/^3 \(/);
  expect(job2.post.summary).toMatch(/\n\| 3 \| 0 \| 0 \| 0 \| 100\.0 % \|/);
  // Job 2 compiled nothing new: no second archive.
  expect(plain(job2.post.summary)).toContain('No new entries');
  expect(entriesWithPrefix(prefix)).toHaveLength(1);

  // Job 3: one new source: the archive is saved again (all four entries) under a new key.
  // A temporary file left by a killed compile must not travel.
  await writeProject(project, ['delta']);
  await settle();
  const job3 = await fullJob(
    await ghaJob('103'),
    cacheDir,
    project,
    [...names, 'delta'],
    inputs,
    async () => {
      const entry = (await localEntryDirs(cacheDir))[0]!;
      await writeFile(join(entry, '.output.tmp-999-abc'), 'partial');
      await writeFile(join(entry, 'output.tmp'), 'partial');
    }
  );
  for (const r of [job3.main, job3.post]) expectOk(r);
  expect(plain(job3.post.summary)).toMatch(/Saved 8 entries \(2 new\) as one archive/);
  expect(entriesWithPrefix(prefix)).toHaveLength(2);

  // Job 4 (fresh directory) takes the newest archive: all four hit.
  await rm(cacheDir, { recursive: true, force: true });
  const job4 = await fullJob(await ghaJob('104'), cacheDir, project, [...names, 'delta'], inputs);
  expectOk(job4.post);
  expect(job4.main.outputs.get('restored-entries')).toBe('8');
  expect(job4.post.summary).toMatch(/\n\| 4 \| 0 \| 0 \| 0 \| 100\.0 % \|/);
  expect(entriesWithPrefix(prefix)).toHaveLength(2);
  // The archive holds the namespaces' blobs and nothing else: no wrapper counters, no
  // staging directory, no temporary files.
  const archive = join(root, 'archive.tzst');
  await writeFile(archive, server.entries().at(-1)!.data);
  const listing = await runProcess('tar', ['--use-compress-program', 'unzstd', '-tf', archive], {
    cwd: root,
    env: process.env
  });
  expect(listing.code).toBe(0);
  const files = listing.stdout.split('\n').filter(l => l !== '' && !l.endsWith('/'));
  // output, stdout, stderr, exit_code, metadata per result; one manifest per source
  expect(files).toHaveLength(4 * 5 + 4);
  for (const f of files) {
    expect(f).toMatch(
      /\.gha-archive\/(compile\/t[0-9a-f]{6}\/[0-9a-f]{2}\/[0-9a-f]+\/(output|stdout|stderr|exit_code|metadata)|manifests\/t[0-9a-f]{6}\/[0-9a-f]{2}\/[0-9a-f]+\/manifest)$/
    );
  }
});

test('the first job with manifests in the namespaces restores the archive of the same configuration without them, then saves under its own key', async () => {
  const cacheDir = join(root, `cache-${randomBytes(4).toString('hex')}`);
  const project = join(root, 'project-legacy');
  await writeProject(project, ['old']);
  await settle();
  const tenant = `t${randomBytes(3).toString('hex')}`;

  // What an earlier version saved: the namespaces were compile alone (then the default).
  const before = await fullJob(await ghaJob('401'), cacheDir, project, ['old'], {
    tenant,
    namespaces: 'compile'
  });
  expectOk(before.post);
  const legacy = server.entries().filter(e => e.key.includes('-401-1-'));
  expect(legacy).toHaveLength(1);

  // The default namespaces hash to another prefix: the restore falls back to the earlier archive.
  await rm(cacheDir, { recursive: true, force: true });
  const after = await fullJob(await ghaJob('402'), cacheDir, project, ['old'], { tenant });
  for (const r of [after.main, after.post]) expectOk(r);
  expect(after.pre.stdout).toContain(`Restored from the GitHub Actions cache entry ${legacy[0]!.key}.`);
  expect(after.main.outputs.get('restored-entries')).toBe('1');
  expect(after.post.summary).toMatch(/\n\| 1 \| 0 \| 0 \| 0 \| 100\.0 % \|/);
  // Its manifest is new, so it saves, under its own prefix, which the next job finds first.
  const saved = server.entries().filter(e => e.key.includes('-402-1-'));
  expect(saved).toHaveLength(1);
  expect(saved[0]!.key.replace(/402-1-[0-9a-f]+$/, '')).not.toBe(
    legacy[0]!.key.replace(/401-1-[0-9a-f]+$/, '')
  );
  await rm(cacheDir, { recursive: true, force: true });
  const next = await fullJob(await ghaJob('403'), cacheDir, project, ['old'], { tenant });
  expectOk(next.post);
  expect(next.pre.stdout).toContain(`Restored from the GitHub Actions cache entry ${saved[0]!.key}.`);
  expect(next.main.outputs.get('restored-entries')).toBe('2');
  expect(plain(next.post.summary)).toContain('No new entries');
});

/** The entry directories below `<cacheDir>/compile/<tenant>/<hh>/`. */
async function localEntryDirs(cacheDir: string): Promise<string[]> {
  const out: string[] = [];
  const ns = join(cacheDir, 'compile');
  for (const tenant of await readdir(ns)) {
    for (const shard of await readdir(join(ns, tenant))) {
      if (shard.startsWith('.')) continue;
      for (const hex of await readdir(join(ns, tenant, shard))) out.push(join(ns, tenant, shard, hex));
    }
  }
  return out;
}

test('a rate limit (429) or a denied write is a warning and the job goes on; fail-on-error turns it into a failure', async () => {
  const cacheDir = join(root, `cache-${randomBytes(4).toString('hex')}`);
  const project = join(root, 'project-b');
  await writeProject(project, ['one']);
  const inputs = { tenant: `t${randomBytes(3).toString('hex')}` };
  const before = server.entries().length;
  try {
    server.failCreate('rate-limit');
    const limited = await fullJob(await ghaJob('201'), cacheDir, project, ['one'], inputs);
    expect(limited.post.code).toBe(0);
    expect(limited.post.annotations).toContainEqual({
      level: 'warning',
      message: expect.stringContaining('the GitHub Actions cache did not take the archive')
    });
    expect(plain(limited.post.summary)).toContain('Nothing was saved');

    server.failCreate('write-denied');
    const denied = await fullJob(await ghaJob('202'), cacheDir, project, ['one'], inputs);
    expect(denied.post.code).toBe(0);
    expect(denied.post.annotations.map(a => a.message).join('\n')).toContain('cache write denied');
    expect(denied.post.annotations.every(a => a.level !== 'error')).toBe(true);

    const strict = await fullJob(await ghaJob('203'), cacheDir, project, ['one'], {
      ...inputs,
      'fail-on-error': 'true'
    });
    expect(strict.post.code).toBe(1);
    expect(strict.post.annotations).toContainEqual({
      level: 'error',
      message: expect.stringContaining('the GitHub Actions cache did not take the archive')
    });
  } finally {
    server.failCreate(undefined);
  }
  expect(server.entries().length).toBe(before);
});

test('a read-only token (ACTIONS_CACHE_MODE=read) restores but does not save; save: false does not save', async () => {
  const cacheDir = join(root, `cache-${randomBytes(4).toString('hex')}`);
  const project = join(root, 'project-c');
  await writeProject(project, ['ro']);
  const inputs = { tenant: `t${randomBytes(3).toString('hex')}` };
  const creates = () => server.requests.filter(r => r === 'CreateCacheEntry').length;
  const before = creates();

  const readOnly = await fullJob(
    await ghaJob('301', { ACTIONS_CACHE_MODE: 'read' }),
    cacheDir,
    project,
    ['ro'],
    inputs
  );
  expectOk(readOnly.post);
  expect(plain(readOnly.post.summary)).toContain('read-only (ACTIONS_CACHE_MODE=read)');

  const off = await fullJob(await ghaJob('302'), cacheDir, project, ['ro'], { ...inputs, save: 'false' });
  expectOk(off.post);
  expect(plain(off.post.summary)).toContain('Save is off (save: false)');
  expect(creates()).toBe(before);
});

test('backend: auto without the service is local-only; backend: github without it warns; a bad backend fails pre', async () => {
  const job = await RunnerJob.create({
    node: stepNode(),
    dist: process.env.COMPILE_CACHE_TEST_DIST || undefined,
    env: {}
  });
  const cacheDir = join(job.root, 'cache');
  const auto = await job.run('pre', { 'cache-dir': cacheDir });
  expect(auto.code).toBe(0);
  expect(auto.annotations).toEqual([
    { level: 'notice', message: expect.stringContaining('nothing is synced') }
  ]);

  const explicit = await job.run('pre', { 'cache-dir': cacheDir, backend: 'github' });
  expect(explicit.code).toBe(0);
  expect(explicit.annotations).toContainEqual({
    level: 'warning',
    message: expect.stringContaining('the GitHub Actions cache service is not available')
  });

  const bad = await job.run('pre', { 'cache-dir': cacheDir, backend: 'gha' });
  expect(bad.code).toBe(1);
  expect(bad.annotations[0]?.message).toContain(
    'input "backend": "gha" is not a backend: expected one of auto, s3, github, local'
  );
  const s3 = await job.run('pre', { 'cache-dir': cacheDir, backend: 's3' });
  expect(s3.code).toBe(1);
  expect(s3.annotations[0]?.message).toContain('input "backend": "s3" needs a bucket');
});

test('the emulator speaks the Azure Blob requests of the toolkit: Put Block + Put Block List up, HEAD + ranged GETs down', async () => {
  // What the toolkit does for archives over 128 MiB, scaled down: blocks of 64 KiB.
  const res = await fetch(
    new URL('twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry', server.url),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ key: `blocks-${randomBytes(4).toString('hex')}`, version: 'v' })
    }
  );
  const created = (await res.json()) as { ok: boolean; signed_upload_url: string };
  expect(created.ok).toBe(true);
  const data = randomBytes(300 * 1024 + 17);
  const client = new BlockBlobClient(created.signed_upload_url);
  await client.uploadData(data, { blockSize: 64 * 1024, maxSingleShotSize: 64 * 1024, concurrency: 4 });
  expect(server.requests).toContain(`PUT ${new URL(created.signed_upload_url).pathname}?comp=blocklist`);
  const props = await client.getProperties();
  expect(props.contentLength).toBe(data.length);
  const back = await client.downloadToBuffer(0, data.length, { blockSize: 50 * 1024, concurrency: 4 });
  expect(back.equals(data)).toBe(true);

  // A wrong signature is refused.
  const forged = new BlockBlobClient(created.signed_upload_url.replace(/sig=[^&]+/, 'sig=forged'));
  await expect(forged.getProperties()).rejects.toMatchObject({ statusCode: 403 });
});
