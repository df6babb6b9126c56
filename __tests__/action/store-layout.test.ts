/**
 * The store's tree holds entries only (issue 11). After real compiles through the shims, the
 * action's pre (restore) and post (save, clean), and the CLI's restore, save and clean, every cache
 * directory holds nothing but namespace directories of entries in the spec's layout
 * (`<namespace>/<tenant>/<hh>/<hex>/<blob>`, /work/shared/spec/store.md) and the disk store's own
 * `.staging`, empty; the disk store's stats (which mirror the Go store's) count exactly the entries
 * found; compile-cache's own state is in the state directory. And the migration: a cache directory an
 * earlier version left (`.stats`, `.compilers`, `.node-compile-cache` at its root, as directories or
 * as planted symlinks) is cleaned by the first step or command, links removed as links.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import zlib from 'node:zlib';
import { join } from 'node:path';
import { DiskCacheStore } from '../../src/store/disk.js';
import { LEGACY_STATE_NAMES } from '../../src/store/legacy-state.js';
import { stateDirOf } from '../../src/store/state-dir.js';
import { hashTree, makeCanaryTree, type CanaryTree } from '../helpers/hostile-tree.js';
import { REPO_ROOT, runProcess, type RunnerJob, type StepResult } from '../helpers/runner.js';
import { S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import {
  bucketInputs,
  compile,
  createBucket,
  newJob,
  startS3Server,
  stepNode,
  writeProject,
  type RunningS3Server
} from './helpers.js';

const BIN = join(REPO_ROOT, 'bin', 'compile-cache.js');
/** The blob names a compile entry may hold (the spec's conventional names). */
const BLOB_NAMES = new Set(['output', 'stdout', 'stderr', 'exit_code', 'metadata', 'extras']);

let server: RunningS3Server;
let canary: CanaryTree;
beforeAll(async () => {
  server = await startS3Server();
  canary = await makeCanaryTree((await newJob()).root);
});
afterAll(async () => {
  await server?.stop();
});

interface Layout {
  entries: number;
  bytes: number;
  /** Everything that is not a namespace, shard, entry or blob of the spec's layout (or `.staging`, empty). */
  foreign: string[];
}

/** Walks the cache directory by the spec's rules alone, following nothing and skipping nothing. */
function layoutOf(cacheDir: string): Layout {
  const out: Layout = { entries: 0, bytes: 0, foreign: [] };
  const isDir = (p: string) => lstatSync(p).isDirectory();
  const namespace = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (!isDir(p) || name.startsWith('.')) out.foreign.push(p);
      else if (/^[0-9a-f]{2}$/.test(name)) shard(p, name);
      else namespace(p);
    }
  };
  const shard = (dir: string, hh: string): void => {
    for (const hex of readdirSync(dir)) {
      const p = join(dir, hex);
      if (!isDir(p) || !/^[0-9a-f]{64}$/.test(hex) || !hex.startsWith(hh)) {
        out.foreign.push(p);
        continue;
      }
      out.entries++;
      for (const blob of readdirSync(p)) {
        const b = join(p, blob);
        const st = lstatSync(b);
        if (!st.isFile() || !BLOB_NAMES.has(blob)) out.foreign.push(b);
        else out.bytes += st.size;
      }
    }
  };
  for (const name of readdirSync(cacheDir)) {
    const p = join(cacheDir, name);
    if (name === '.staging' && isDir(p)) {
      // The disk store's own import and eviction staging: transient, empty between operations.
      for (const left of readdirSync(p)) out.foreign.push(join(p, left));
    } else if (name.startsWith('.') || !isDir(p)) {
      out.foreign.push(p);
    } else {
      namespace(p);
    }
  }
  return out;
}

/** The cache directory is entries only, and the disk store counts exactly them. */
async function expectEntriesOnly(cacheDir: string, entries: number): Promise<void> {
  const layout = layoutOf(cacheDir);
  expect(layout.foreign).toEqual([]);
  expect(layout.entries).toBe(entries);
  expect(await new DiskCacheStore(cacheDir).stats()).toEqual({ entries, bytes: layout.bytes });
  expect((await new DiskCacheStore(cacheDir).list()).length).toBe(entries);
}

function expectOk(r: StepResult): void {
  expect({ code: r.code, errors: r.annotations.filter(a => a.level === 'error') }).toEqual({
    code: 0,
    errors: []
  });
}

/**
 * The CLI as a user runs it, against the loopback server (credentials from the environment), under
 * Node 24 like the action (the packs it writes are zstd), or under `node` (this process's Node).
 */
function cli(job: RunnerJob, args: string[], node = stepNode()) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('COMPILE_CACHE_'))
  );
  return runProcess(node, [BIN, ...args], {
    cwd: job.root,
    env: {
      ...env,
      AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      COMPILE_CACHE_ENDPOINT: server.endpoint,
      COMPILE_CACHE_REGION: 'us-east-1',
      RUNNER_TEMP: job.root
    }
  });
}

/** What an earlier version left at the root: its state directories, with content. */
async function plantOldLayout(cacheDir: string): Promise<void> {
  await mkdir(join(cacheDir, '.stats'), { recursive: true });
  await writeFile(join(cacheDir, '.stats', 'events'), 'hit\nhit\nmiss\n');
  await mkdir(join(cacheDir, '.compilers'));
  await writeFile(join(cacheDir, '.compilers', 'a'.repeat(64)), 'b'.repeat(64));
  await mkdir(join(cacheDir, '.node-compile-cache', 'v24.0.0-x64-0'), { recursive: true });
  await writeFile(join(cacheDir, '.node-compile-cache', 'v24.0.0-x64-0', '7f'), 'code cache');
}

test('after compiles, the action (restore, save, clean) and the CLI (restore, save, clean): entries only', async () => {
  const bucket = await createBucket(server.endpoint, 'layout');

  // Job 1: an old-layout cache directory; pre migrates it, the build compiles through the shims.
  const job1 = await newJob();
  const cache1 = join(job1.root, 'cache');
  await plantOldLayout(cache1);
  const inputs1 = bucketInputs(server.endpoint, bucket, cache1);
  const pre1 = await job1.run('pre', inputs1);
  expectOk(pre1);
  for (const name of LEGACY_STATE_NAMES) {
    expect(pre1.stdout).toContain(`removed ${join(cache1, name)}, left by an earlier version`);
  }
  const project = join(job1.root, 'project');
  await writeProject(project, ['alpha', 'beta']);
  await compile(job1, project, ['alpha', 'beta']);
  // The wrapper's own files went to the state directory, not the cache directory.
  expect(readFileSync(join(stateDirOf(cache1), 'stats', 'events'), 'utf8')).toBe('miss\nmiss\n');
  expect(readdirSync(join(stateDirOf(cache1), 'compilers')).length).toBeGreaterThan(0);
  await expectEntriesOnly(cache1, 2);
  const post1 = await job1.run('post', inputs1);
  expectOk(post1);
  expect(post1.annotations.filter(a => a.level === 'warning')).toEqual([]);
  await expectEntriesOnly(cache1, 2);

  // Job 2: a fresh cache directory restored from the bucket, two hits and a miss, then post.
  const job2 = await newJob();
  const cache2 = join(job2.root, 'cache');
  const inputs2 = bucketInputs(server.endpoint, bucket, cache2);
  const pre2 = await job2.run('pre', inputs2);
  expectOk(pre2);
  const main2 = await job2.run('main', inputs2);
  expectOk(main2);
  expect(main2.outputs.get('restored-entries')).toBe('2');
  // The default lazy install: the two wait, packed, in the state directory until a compile asks.
  await expectEntriesOnly(cache2, 0);
  expect(readdirSync(join(stateDirOf(cache2), 'deferred'))).toContain('index');
  const project2 = join(job2.root, 'project');
  await writeProject(project2, ['alpha', 'beta', 'gamma']);
  await compile(job2, project2, ['alpha', 'beta', 'gamma']);
  expect(
    readFileSync(join(stateDirOf(cache2), 'stats', 'events'), 'utf8')
      .split('\n')
      .sort()
  ).toEqual(['', 'hit', 'hit', 'miss']);
  expectOk(await job2.run('post', inputs2));
  await expectEntriesOnly(cache2, 3);

  // The CLI: restore into an old-layout directory, save, clean down to one entry's worth.
  const cache3 = join(job2.root, 'cli-cache');
  await plantOldLayout(cache3);
  const restored = await cli(job2, [
    'restore',
    '--cache-dir',
    cache3,
    '--bucket',
    bucket,
    '--install',
    'eager',
    '--json'
  ]);
  expect(restored.code).toBe(0);
  await expectEntriesOnly(cache3, 3);
  const saved = await cli(job2, ['save', '--cache-dir', cache3, '--bucket', bucket, '--json']);
  expect(saved.code).toBe(0);
  await expectEntriesOnly(cache3, 3);
  await plantOldLayout(cache3);
  const cleaned = await cli(job2, ['clean', '--cache-dir', cache3, '--max-size', '1', '--json']);
  expect(cleaned.code).toBe(0);
  await expectEntriesOnly(cache3, 0);

  // A Node without zstd (20) cannot read the action's packs, and the default upload mode wrote no
  // objects beside them: the restore says so rather than restoring nothing in silence.
  if (typeof (zlib as { zstdDecompress?: unknown }).zstdDecompress !== 'function') {
    const cache4 = join(job2.root, 'node20-cache');
    const old = await cli(
      job2,
      ['restore', '--cache-dir', cache4, '--bucket', bucket, '--json'],
      process.execPath
    );
    expect(old.stdout + old.stderr).toMatch(/are zstd, which Node v20[\d.]+ cannot read/);
  }
}, 240_000);

test('old names planted as symlinks before pre: removed as links, nothing they point at is touched', async () => {
  const job = await newJob();
  const cacheDir = join(job.root, 'cache');
  await mkdir(cacheDir, { recursive: true });
  await symlink(canary.home, join(cacheDir, '.stats'));
  await symlink(canary.file, join(cacheDir, '.compilers'));
  // A real old directory whose content links out: emptied without following the links.
  await mkdir(join(cacheDir, '.node-compile-cache'));
  await symlink(canary.secretNamespace, join(cacheDir, '.node-compile-cache', 'v24'));
  const before = hashTree(canary.dir);
  const inputs = bucketInputs(server.endpoint, await createBucket(server.endpoint, 'layout'), cacheDir);
  const pre = await job.run('pre', inputs);
  expectOk(pre);
  expect(pre.stdout).toContain(`removed ${join(cacheDir, '.stats')}: a symbolic link`);
  expect(pre.stdout).toContain(`removed ${join(cacheDir, '.compilers')}: a symbolic link`);
  expect(pre.stdout).toContain(
    `removed ${join(cacheDir, '.node-compile-cache')}, left by an earlier version`
  );
  expect(hashTree(canary.dir)).toBe(before);
  const project = join(job.root, 'project');
  await writeProject(project, ['alpha']);
  await compile(job, project, ['alpha']);
  expectOk(await job.run('post', inputs));
  await expectEntriesOnly(cacheDir, 1);
  expect(hashTree(canary.dir)).toBe(before);
}, 120_000);
