/**
 * The action against a cache directory a pull request's build has prepared (issue 12): one test per
 * row of the table, then every non-regular kind (FIFO, socket, device, symlink to a
 * directory, symlink to a file) at each level of the layout, and the bad cache directories. The
 * steps run as the runner runs them (the built dist/ under Node 24) against a loopback S3 server,
 * with a real gcc build through the shims. Each case checks that nothing outside the cache directory
 * changed (a canary tree hashed before and after), that the bucket holds only entries the build made
 * (objects and pack indexes read), that every step exited 0 and finished (a watchdog, not a timing
 * assert) and that a `::warning::` names the planted path.
 */
import { gunzipSync } from 'node:zlib';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  hashTree,
  makeCanaryTree,
  plant,
  PLANT_KINDS,
  repeatedKey,
  withWatchdog,
  type CanaryTree,
  type Planted,
  type PlantKind
} from '../helpers/hostile-tree.js';
import { stateDirOf } from '../../src/store/state-dir.js';
import { runProcess, REPO_ROOT, type RunnerJob, type StepResult } from '../helpers/runner.js';
import { rawClient } from '../helpers/s3.js';
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

/** A bound on a hang (the FIFO hung each step until killed at 60 s), far above a step's time. */
const STEP_WATCHDOG_MS = 45_000;

let server: RunningS3Server;
let canary: CanaryTree;
let canaryRoot: string;

beforeAll(async () => {
  server = await startS3Server();
  const job = await newJob();
  canaryRoot = job.root;
  canary = await makeCanaryTree(canaryRoot);
});
afterAll(async () => {
  await server?.stop();
});

/** Runs a step under the watchdog; it must exit 0 (cache trouble never fails a step). */
async function step(
  job: RunnerJob,
  name: 'pre' | 'main' | 'post',
  inputs: Record<string, string>
): Promise<StepResult> {
  const r = await withWatchdog(job.run(name, inputs), STEP_WATCHDOG_MS, `the ${name} step`);
  if (r.code !== 0) throw new Error(`${name} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

function warnings(...steps: StepResult[]): string[] {
  return steps.flatMap(s => s.annotations.filter(a => a.level === 'warning').map(a => a.message));
}

/** Some `::warning::` of these steps names `p`. */
function expectWarningNaming(p: string, ...steps: StepResult[]): void {
  const all = warnings(...steps);
  if (!all.some(w => w.includes(p))) {
    throw new Error(`no warning names ${p}; warnings were:\n${all.join('\n')}`);
  }
}

/**
 * The entry keys (64 hex) below `<cacheDir>/compile/local` and `<cacheDir>/manifests/local`: what the
 * build legitimately made. A direct-mode manifest is written only for sources over a second old, so
 * whether the build made any depends on how long it took to start (a loaded machine: some).
 */
function localKeys(cacheDir: string, namespaces = ['compile', 'manifests']): Set<string> {
  const keys = new Set<string>();
  for (const name of namespaces) {
    const ns = join(cacheDir, name, 'local');
    if (!existsSync(ns)) continue;
    const shards = readdirSync(ns, { withFileTypes: true }).filter(d => d.isDirectory());
    for (const shard of shards) {
      for (const hex of readdirSync(join(ns, shard.name))) if (/^[0-9a-f]{64}$/.test(hex)) keys.add(hex);
    }
  }
  return keys;
}

/** Every entry key the bucket holds: as objects (a 64-hex path segment) and inside pack indexes. */
async function bucketKeys(bucket: string): Promise<{ objects: Set<string>; packed: Set<string> }> {
  const client = rawClient(server.endpoint);
  const objects = new Set<string>();
  const packed = new Set<string>();
  let token: string | undefined;
  const indexes: string[] = [];
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const key = o.Key!;
      if (key.endsWith('.index')) indexes.push(key);
      for (const seg of key.split('/')) if (/^[0-9a-f]{64}$/.test(seg)) objects.add(seg);
    }
    token = page.NextContinuationToken;
  } while (token);
  for (const key of indexes) {
    const body = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = gunzipSync(Buffer.from(await body.Body!.transformToByteArray())).toString('utf8');
    const index = JSON.parse(text.slice(text.indexOf('\n') + 1)) as { entries: Array<{ key: string }> };
    for (const e of index.entries) packed.add(e.key);
  }
  client.destroy();
  return { objects, packed };
}

/** The bucket holds only keys the build made, and never the canary's (secret or old) entries. */
async function expectOnlyLegitimate(bucket: string, legit: Set<string>): Promise<void> {
  const { objects, packed } = await bucketKeys(bucket);
  for (const k of [...objects, ...packed]) expect(legit.has(k) ? 'legitimate' : k).toBe('legitimate');
  for (const secret of [canary.secretKey, repeatedKey(0xcd)]) {
    expect(objects.has(secret)).toBe(false);
    expect(packed.has(secret)).toBe(false);
  }
}

interface Setup {
  job: RunnerJob;
  bucket: string;
  cacheDir: string;
  inputs: Record<string, string>;
  pre: StepResult;
  legit: Set<string>;
}

/** pre and a real gcc build through the shims (two entries), optionally with a plant before pre. */
async function preAndBuild(
  extra: Record<string, string> = {},
  beforePre?: (cacheDir: string) => Promise<void>,
  bucket?: string
): Promise<Setup> {
  const job = await newJob();
  const b = bucket ?? (await createBucket(server.endpoint, 'hostile'));
  const cacheDir = join(job.root, 'cache');
  const inputs = { ...bucketInputs(server.endpoint, b, cacheDir), ...extra };
  if (beforePre) {
    await mkdir(cacheDir, { recursive: true });
    await beforePre(cacheDir);
  }
  const pre = await step(job, 'pre', inputs);
  const project = join(job.root, 'project');
  await writeProject(project, ['alpha', 'beta']);
  await compile(job, project, ['alpha', 'beta']);
  return { job, bucket: b, cacheDir, inputs, pre, legit: localKeys(cacheDir) };
}

/** Plants a kind (symlinks at the canary's namespace-shaped directory or its lone file). */
async function plantKind(kind: PlantKind, p: string, dirTarget = canary.secretNamespace): Promise<Planted> {
  await rm(p, { recursive: true, force: true });
  return plant(kind, p, { target: kind === 'dir-symlink' ? dirTarget : canary.file });
}

describe("issue 12's table, row by row", () => {
  test('a namespace directory as a symlink to a directory holding a secret-looking entry: nothing of it is uploaded', async () => {
    const s = await preAndBuild({ namespaces: 'compile, extra' });
    const extra = join(s.cacheDir, 'extra');
    await symlink(canary.secretNamespace, extra);
    const before = hashTree(canary.dir);
    const post = await step(s.job, 'post', s.inputs);
    expectWarningNaming(extra, post);
    expect(hashTree(canary.dir)).toBe(before);
    await expectOnlyLegitimate(s.bucket, s.legit);
    // The real namespace was still saved: the plant costs nothing but itself. (As a pack: the default
    // upload mode, auto, writes packs only to a bucket with nothing outside packs.)
    const saved = await bucketKeys(s.bucket);
    expect(saved.packed).toEqual(localKeys(s.cacheDir, ['compile']));
    expect(saved.objects).toEqual(new Set());
  });

  test('a namespace directory as a symlink to another directory of entries: nothing there is pruned', async () => {
    // A tiny budget and the default 14-day age: a clean through the link would delete both canary entries.
    const s = await preAndBuild({ namespaces: 'compile, extra', 'max-size': '1K', 'remote-max-size': '1K' });
    const extra = join(s.cacheDir, 'extra');
    await symlink(canary.secretNamespace, extra);
    const before = hashTree(canary.dir);
    const post = await step(s.job, 'post', s.inputs);
    expectWarningNaming(extra, post);
    expect(hashTree(canary.dir)).toBe(before);
    await expectOnlyLegitimate(s.bucket, s.legit);
  });

  test('the staging directory as a symlink to a home directory (planted by the build): nothing there is deleted', async () => {
    // max-size 1K evicts the build's entries, which goes through the staging directory.
    const s = await preAndBuild({ 'max-size': '1K' });
    const staging = join(s.cacheDir, '.staging');
    await rm(staging, { recursive: true, force: true });
    await symlink(canary.home, staging);
    const before = hashTree(canary.dir);
    const post = await step(s.job, 'post', s.inputs);
    expectWarningNaming(staging, post);
    expect(hashTree(canary.dir)).toBe(before);
    await expectOnlyLegitimate(s.bucket, s.legit);
  });

  test('the staging directory as a symlink to a home directory, planted before pre: the restore deletes nothing there', async () => {
    // A first job fills the bucket, so the second job's pre imports entries (through staging).
    const seed = await preAndBuild();
    await step(seed.job, 'post', seed.inputs);
    let staging = '';
    const before = hashTree(canary.dir);
    // Eager: the restore itself installs (a lazy one installs at the build's first hit, below).
    const s = await preAndBuild(
      { install: 'eager' },
      async cacheDir => {
        staging = join(cacheDir, '.staging');
        await symlink(canary.home, staging);
      },
      seed.bucket
    );
    const post = await step(s.job, 'post', s.inputs);
    expectWarningNaming(staging, s.pre, post);
    expect(s.pre.stdout).toMatch(/restored [1-9]\d* entries/);
    expect(hashTree(canary.dir)).toBe(before);
    await expectOnlyLegitimate(s.bucket, new Set([...seed.legit, ...s.legit]));
  });

  test('the staging directory as a symlink planted before pre, lazy install: the build installs through a real one, nothing there is deleted', async () => {
    const seed = await preAndBuild();
    await step(seed.job, 'post', seed.inputs);
    let staging = '';
    const before = hashTree(canary.dir);
    const s = await preAndBuild(
      {},
      async cacheDir => {
        staging = join(cacheDir, '.staging');
        await symlink(canary.home, staging);
      },
      seed.bucket
    );
    expect(s.pre.stdout).toMatch(/kept packed until a compile asks for them/);
    await step(s.job, 'post', s.inputs);
    // The build's hits installed the kept chunks: the planted link was replaced, not followed.
    expect(lstatSync(staging).isDirectory()).toBe(true);
    expect(hashTree(canary.dir)).toBe(before);
    await expectOnlyLegitimate(s.bucket, new Set([...seed.legit, ...s.legit]));
  });

  test('the stats events file as a symlink to ~/.ssh/authorized_keys: never truncated or appended to', async () => {
    let events = '';
    const before = hashTree(canary.dir);
    const s = await preAndBuild({}, async cacheDir => {
      await mkdir(join(stateDirOf(cacheDir), 'stats'), { recursive: true });
      events = join(stateDirOf(cacheDir), 'stats', 'events');
      await symlink(canary.file, events);
    });
    expectWarningNaming(events, s.pre);
    // Planted again by the build: post reports the statistics as unavailable, naming the file.
    await rm(events);
    await symlink(canary.file, events);
    const post = await step(s.job, 'post', s.inputs);
    expectWarningNaming(events, post);
    expect(post.stdout).toContain('the wrapper statistics are unavailable');
    expect(hashTree(canary.dir)).toBe(before);
    await expectOnlyLegitimate(s.bucket, s.legit);
  });

  test('the stats directory as a symlink: nothing outside is truncated or created', async () => {
    let stats = '';
    const before = hashTree(canary.dir);
    const s = await preAndBuild({}, async cacheDir => {
      await mkdir(stateDirOf(cacheDir), { recursive: true });
      stats = join(stateDirOf(cacheDir), 'stats');
      await symlink(canary.home, stats);
    });
    expectWarningNaming(stats, s.pre);
    await rm(stats, { recursive: true });
    await symlink(canary.home, stats);
    const post = await step(s.job, 'post', s.inputs);
    expectWarningNaming(stats, post);
    expect(hashTree(canary.dir)).toBe(before);
    await expectOnlyLegitimate(s.bucket, s.legit);
  });

  test('the stats events file as a FIFO: pre and post finish, neither blocks on it', async () => {
    const planted: Planted[] = [];
    let events = '';
    try {
      const s = await preAndBuild({}, async cacheDir => {
        await mkdir(join(stateDirOf(cacheDir), 'stats'), { recursive: true });
        events = join(stateDirOf(cacheDir), 'stats', 'events');
        planted.push(await plant('fifo', events));
      });
      expectWarningNaming(events, s.pre);
      await rm(events);
      planted.push(await plant('fifo', events));
      const post = await step(s.job, 'post', s.inputs);
      expectWarningNaming(events, post);
      // The guard opens a FIFO only when a reader was still blocked on it after 20 s.
      expect(planted.map(p => p.hung())).toEqual([false, false]);
      await expectOnlyLegitimate(s.bucket, s.legit);
    } finally {
      for (const p of planted) await p.close();
    }
  });
});

test('the state directory as a symlink, planted before pre: pre unlinks the link itself, the wrapper writes nothing through it', async () => {
  let state = '';
  const before = hashTree(canary.dir);
  const s = await preAndBuild({}, async cacheDir => {
    state = stateDirOf(cacheDir);
    await mkdir(join(state, '..'), { recursive: true });
    await symlink(canary.home, state);
  });
  expectWarningNaming(state, s.pre);
  // The wrapper counted and remembered gcc's hash in a real directory of its own.
  expect(lstatSync(state).isDirectory()).toBe(true);
  expect(readdirSync(join(state, 'compilers')).length).toBeGreaterThan(0);
  const post = await step(s.job, 'post', s.inputs);
  expect(warnings(post)).toEqual([]);
  expect(post.stdout).not.toContain('the wrapper statistics are unavailable');
  expect(hashTree(canary.dir)).toBe(before);
  await expectOnlyLegitimate(s.bucket, s.legit);
});

test('the compiler hashes directory as a symlink, planted before pre: pre unlinks the link itself, the wrapper writes nothing through it', async () => {
  let compilers = '';
  const before = hashTree(canary.dir);
  const s = await preAndBuild({}, async cacheDir => {
    await mkdir(stateDirOf(cacheDir), { recursive: true });
    compilers = join(stateDirOf(cacheDir), 'compilers');
    await symlink(canary.home, compilers);
  });
  expectWarningNaming(compilers, s.pre);
  // The build's wrapper remembered gcc's hash in a real directory of the cache.
  expect(lstatSync(compilers).isDirectory()).toBe(true);
  expect(readdirSync(compilers).length).toBeGreaterThan(0);
  const post = await step(s.job, 'post', s.inputs);
  expect(warnings(post)).toEqual([]);
  expect(hashTree(canary.dir)).toBe(before);
  await expectOnlyLegitimate(s.bucket, s.legit);
});

/**
 * Each level of the layout the steps walk or write, as a path below the cache directory (`<key>` is
 * a key the build made, `<new-key>` one it did not), or below its state directory (`inState`).
 * Planted after the build, before post.
 */
const LEVELS: Array<{
  level: string;
  rel: (legit: string) => string;
  dirTarget?: () => string;
  inState?: true;
}> = [
  { level: 'namespace root', rel: () => 'extra' },
  { level: 'tenant', rel: () => 'compile/evil' },
  { level: 'shard', rel: () => 'compile/local/ab', dirTarget: () => join(canary.secretNamespace, 'ab') },
  {
    level: 'entry',
    rel: () => `compile/local/ab/${canary.secretKey}`,
    dirTarget: () => join(canary.secretNamespace, 'ab', canary.secretKey)
  },
  {
    level: 'blob',
    rel: key => `compile/local/${key.slice(0, 2)}/${key}/output`,
    dirTarget: () => canary.home
  },
  { level: 'staging', rel: () => '.staging', dirTarget: () => canary.home },
  { level: 'state directory', rel: () => '.', dirTarget: () => canary.home, inState: true },
  { level: 'stats directory', rel: () => 'stats', dirTarget: () => canary.home, inState: true },
  { level: 'stats events', rel: () => 'stats/events', dirTarget: () => canary.home, inState: true },
  { level: 'compiler hashes', rel: () => 'compilers', dirTarget: () => canary.home, inState: true }
];

describe.each(LEVELS)('$level planted before post', ({ level, rel, dirTarget, inState }) => {
  let s: Setup;
  beforeAll(async () => {
    s = await preAndBuild({ namespaces: 'compile, extra' });
  }, 120_000);

  test.each(PLANT_KINDS)(
    'as a %s: post finishes, warns naming it, changes nothing outside, uploads nothing foreign',
    async kind => {
      const legitKey = [...s.legit][0]!;
      const p = join(inState ? stateDirOf(s.cacheDir) : s.cacheDir, rel(legitKey));
      if (level === 'shard' || level === 'entry')
        await mkdir(join(s.cacheDir, 'compile/local/ab'), { recursive: true });
      if (level === 'entry')
        await rm(join(s.cacheDir, 'compile/local/ab', canary.secretKey), { force: true });
      const before = hashTree(canary.dir);
      const planted = await plantKind(kind, p, dirTarget?.() ?? canary.secretNamespace);
      if (planted.skipped) return; // a device needs root
      try {
        const post = await step(s.job, 'post', s.inputs);
        expect(planted.hung()).toBe(false);
        expectWarningNaming(p, post);
        expect(hashTree(canary.dir)).toBe(before);
        await expectOnlyLegitimate(s.bucket, s.legit);
      } finally {
        await planted.close();
        await rm(p, { recursive: true, force: true });
      }
    }
  );
});

describe('a bad cache directory is a named error or a warning within the watchdog, never a hang', () => {
  test('below /proc (a recursive mkdir there never returns): pre fails naming cache-dir', async () => {
    const job = await newJob();
    const r = await withWatchdog(
      job.run('pre', { 'cache-dir': '/proc/self/compile-cache' }),
      STEP_WATCHDOG_MS,
      'pre'
    );
    expect(r.code).toBe(1);
    expect(r.annotations).toContainEqual({
      level: 'error',
      message: expect.stringMatching(
        /input "cache-dir": "\/proc\/self\/compile-cache" resolves to \/proc\/\d+\/compile-cache, on the kernel file system \/proc/
      )
    });
    expect(r.paths).toEqual([]);
  });

  test('a file: pre fails naming cache-dir and what it is', async () => {
    const job = await newJob();
    const file = join(job.root, 'a-file');
    await writeFile(file, 'x');
    const r = await withWatchdog(job.run('pre', { 'cache-dir': file }), STEP_WATCHDOG_MS, 'pre');
    expect(r.code).toBe(1);
    expect(r.annotations).toContainEqual({
      level: 'error',
      message: expect.stringContaining(
        `input "cache-dir": ${JSON.stringify(file)} is a regular file, not a directory`
      )
    });
  });

  test('unwritable (immutable): a warning naming cache-dir, the job goes on uncached; with fail-on-error the step fails', async () => {
    const job = await newJob();
    const dir = join(job.root, 'frozen');
    await mkdir(dir);
    const frozen = await runProcess('chattr', ['+i', dir], { cwd: job.root, env: process.env }).catch(
      () => null
    );
    if (frozen === null || frozen.code !== 0) return; // no immutable flag on this file system
    try {
      const r = await withWatchdog(job.run('pre', { 'cache-dir': dir }), STEP_WATCHDOG_MS, 'pre');
      expect(r.code).toBe(0);
      expect(r.annotations).toContainEqual({
        level: 'warning',
        message: expect.stringMatching(
          /the cache directory .*frozen \(input "cache-dir"\) cannot be created or written: .*EPERM.*the job goes on without the cache/
        )
      });
      // No shims on PATH: the compilers run uncached rather than failing on every store.
      expect(r.paths).toEqual([]);
      const strict = await withWatchdog(
        job.run('pre', { 'cache-dir': dir, 'fail-on-error': 'true' }),
        STEP_WATCHDOG_MS,
        'pre'
      );
      expect(strict.code).toBe(1);
      const post = await withWatchdog(job.run('post', { 'cache-dir': dir }), STEP_WATCHDOG_MS, 'post');
      expect(post.code).toBe(0);
    } finally {
      await runProcess('chattr', ['-i', dir], { cwd: job.root, env: process.env });
    }
  });

  test("the CLI refuses the same values with exit 2, naming the flag's input", async () => {
    const cli = join(REPO_ROOT, 'dist', 'cli', 'index.js');
    for (const [flag, value, message] of [
      ['--namespaces', 'compile/.staging', 'input "namespaces": "compile/.staging" is not a namespace'],
      // `tenant` is the wrapper's (COMPILE_CACHE_TENANT), not a flag of the bucket-side commands.
      ['--cache-dir', '/proc/self/c', 'input "cache-dir": "/proc/self/c" resolves to /proc/']
    ] as const) {
      const r = await withWatchdog(
        runProcess(stepNode(), [cli, 'clean', flag, value], { cwd: REPO_ROOT, env: process.env }),
        STEP_WATCHDOG_MS,
        'the CLI'
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});
