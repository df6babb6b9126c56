/**
 * Node's module compile cache (src/runtime/node-compile-cache.ts), enabled by the entry files before
 * they load a bundle, run as users run them: bin/compile-cache.js and the entry files that
 * scripts/build.mjs generates, in a tree beside the repository whose bin/ and entries come from the
 * current sources and whose bundles are the built ones (linked), under Node 24 with the temp
 * directory pointed at the test's own. The cache directory is made private and owned by the user;
 * whatever else is at its path (a planted symlink, a file, a directory open to others) is neither
 * followed nor used, and the command works all the same; the user's NODE_COMPILE_CACHE and
 * NODE_DISABLE_COMPILE_CACHE are obeyed; a Node without the API (20) runs the command without it.
 */
import {
  chmod,
  chown,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile
} from 'node:fs/promises';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ENTRY, RUNTIME_HELPER, runtimeHelperCode, STEPS, stepEntry } from '../../scripts/build.mjs';
import {
  defaultCompileCacheDir,
  enableNodeCompileCache,
  privateDir
} from '../../src/runtime/node-compile-cache.js';
import { bucketInputs, stepNode } from '../action/helpers.js';
import { freshBucket, testEndpoint } from '../helpers/s3.js';
import { REPO_ROOT, RunnerJob, runProcess } from '../helpers/runner.js';

let root: string;
let tree: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'compile-cache-node-cc-test-'));
  tree = join(root, 'tree');
  const dist = join(tree, 'dist');
  await mkdir(join(tree, 'bin'), { recursive: true });
  await copyFile(join(REPO_ROOT, 'bin', 'compile-cache.js'), join(tree, 'bin', 'compile-cache.js'));
  await writeFile(join(tree, 'package.json'), '{ "type": "module" }\n');
  for (const d of ['runtime', 'cli', 'action']) await mkdir(join(dist, d), { recursive: true });
  await writeFile(join(dist, 'package.json'), '{ "type": "module" }\n');
  await writeFile(join(dist, RUNTIME_HELPER.out), await runtimeHelperCode());
  await writeFile(join(dist, 'cli', 'index.js'), CLI_ENTRY);
  for (const step of STEPS) await writeFile(join(dist, 'action', `${step}.js`), stepEntry(step));
  for (const d of ['lib', 'wrap', 'native']) await symlink(join(REPO_ROOT, 'dist', d), join(dist, d));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const uid = process.getuid!();

/** A fresh temp directory for one run, and where the cache goes in it. */
async function freshTmp(): Promise<{ tmp: string; cacheDir: string }> {
  const tmp = await mkdtemp(join(root, 'tmp-'));
  return { tmp, cacheDir: join(tmp, `compile-cache-node-${uid}`) };
}

function baseEnv(tmp: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !k.startsWith('COMPILE_CACHE_') && k !== 'NODE_COMPILE_CACHE' && k !== 'NODE_DISABLE_COMPILE_CACHE'
    )
  );
  return { ...env, TMPDIR: tmp, ...extra };
}

function help(node: string, tmp: string, extra: NodeJS.ProcessEnv = {}) {
  return runProcess(node, [join(tree, 'bin', 'compile-cache.js'), 'help'], {
    cwd: root,
    env: baseEnv(tmp, extra)
  });
}

/** Every file below `dir` with its size. */
async function filesBelow(dir: string): Promise<{ path: string; size: number }[]> {
  const out: { path: string; size: number }[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      const p = join(e.parentPath, e.name);
      out.push({ path: p, size: (await stat(p)).size });
    }
  }
  return out;
}

function expectUsage(r: { code: number; stdout: string; stderr: string }): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^usage: compile-cache <command>/);
}

test('under Node 24 the command makes <temp>/compile-cache-node-<uid> private (0700, its own) and keeps the bundle compiled there', async () => {
  const { tmp, cacheDir } = await freshTmp();
  const first = await help(stepNode(), tmp);
  expectUsage(first);
  const st = await lstat(cacheDir);
  expect(st.isDirectory()).toBe(true);
  expect(st.uid).toBe(uid);
  expect(st.mode & 0o777).toBe(0o700);
  const files = await filesBelow(cacheDir);
  // The SDK bundle's compiled code: well over 100 KiB (about 1.7 MiB today).
  expect(files.some(f => f.size > 100 * 1024)).toBe(true);

  const second = await help(stepNode(), tmp);
  expectUsage(second);
  expect(second.stdout).toBe(first.stdout);
  expect((await lstat(cacheDir)).mode & 0o777).toBe(0o700);
});

test('a symlink planted at the path is not followed: nothing is written through it and the command works', async () => {
  const { tmp, cacheDir } = await freshTmp();
  const elsewhere = join(tmp, 'elsewhere');
  await mkdir(elsewhere, { mode: 0o700 });
  await symlink(elsewhere, cacheDir);
  expectUsage(await help(stepNode(), tmp));
  expect((await lstat(cacheDir)).isSymbolicLink()).toBe(true);
  expect(await readdir(elsewhere)).toEqual([]);
});

test('a file at the path is left as it is and the command works', async () => {
  const { tmp, cacheDir } = await freshTmp();
  await writeFile(cacheDir, 'not a directory\n');
  expectUsage(await help(stepNode(), tmp));
  expect(await readFile(cacheDir, 'utf8')).toBe('not a directory\n');
});

test('a directory at the path that others can enter is not used', async () => {
  const { tmp, cacheDir } = await freshTmp();
  await mkdir(cacheDir);
  await chmod(cacheDir, 0o755);
  expectUsage(await help(stepNode(), tmp));
  expect(await readdir(cacheDir)).toEqual([]);
  expect((await lstat(cacheDir)).mode & 0o777).toBe(0o755);
});

(uid === 0 ? test : test.skip)(
  'a directory at the path that belongs to another user is not used (run as root)',
  async () => {
    const { tmp, cacheDir } = await freshTmp();
    await mkdir(cacheDir, { mode: 0o700 });
    await chown(cacheDir, 4242, 4242);
    expect(privateDir(cacheDir)).toEqual({ note: `${cacheDir} belongs to uid 4242` });
    expectUsage(await help(stepNode(), tmp));
    expect(await readdir(cacheDir)).toEqual([]);
  }
);

test("NODE_COMPILE_CACHE is the user's choice: the cache goes there and nothing is made in the temp directory", async () => {
  const { tmp, cacheDir } = await freshTmp();
  const mine = join(tmp, 'mine');
  expectUsage(await help(stepNode(), tmp, { NODE_COMPILE_CACHE: mine }));
  expect((await filesBelow(mine)).length).toBeGreaterThan(0);
  await expect(lstat(cacheDir)).rejects.toMatchObject({ code: 'ENOENT' });
});

test('a relative TMPDIR means no cache (it would land below the working directory)', async () => {
  const { tmp } = await freshTmp();
  const cwd = join(tmp, 'work');
  // It exists, so only the check keeps the cache out of it.
  await mkdir(join(cwd, 'relative-tmp'), { recursive: true });
  const r = await runProcess(stepNode(), [join(tree, 'bin', 'compile-cache.js'), 'help'], {
    cwd,
    env: baseEnv('relative-tmp')
  });
  expectUsage(r);
  expect(await readdir(join(cwd, 'relative-tmp'))).toEqual([]);
});

test('NODE_DISABLE_COMPILE_CACHE turns it off', async () => {
  const { tmp, cacheDir } = await freshTmp();
  expectUsage(await help(stepNode(), tmp, { NODE_DISABLE_COMPILE_CACHE: '1' }));
  await expect(lstat(cacheDir)).rejects.toMatchObject({ code: 'ENOENT' });
});

test('under the Node that runs the tests (20 has no enableCompileCache) the command works, with the cache only where Node has it', async () => {
  const { tmp, cacheDir } = await freshTmp();
  expectUsage(await help(process.execPath, tmp));
  const hasApi = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const made = await lstat(cacheDir).then(
    () => true,
    () => false
  );
  expect(made).toBe(hasApi);
});

test('a Node without process.getBuiltinModule (before 20.16) gets no cache and nothing made, and no error', async () => {
  const { cacheDir } = await freshTmp();
  const proc = process as { getBuiltinModule?: unknown };
  const saved = proc.getBuiltinModule;
  delete proc.getBuiltinModule;
  try {
    expect(privateDir(cacheDir)).toEqual({ note: 'this Node has no process.getBuiltinModule' });
    expect(defaultCompileCacheDir()).toBeUndefined();
    expect(enableNodeCompileCache({})).toEqual({
      enabled: false,
      note: 'this Node has no module compile cache (it came in Node 22.1)'
    });
  } finally {
    proc.getBuiltinModule = saved;
  }
  await expect(lstat(cacheDir)).rejects.toMatchObject({ code: 'ENOENT' });
  expect(defaultCompileCacheDir('/tmp')).toBe(`/tmp/compile-cache-node-${uid}`);
});

test("the action's steps enable it before they load the bundle", async () => {
  const { tmp, cacheDir } = await freshTmp();
  const job = await RunnerJob.create({
    node: stepNode(),
    dist: join(tree, 'dist'),
    env: { AWS_EC2_METADATA_DISABLED: 'true', TMPDIR: tmp }
  });
  const bucket = await freshBucket('node-cc');
  const restore = await job.run('restore', bucketInputs(testEndpoint(), bucket, join(job.root, 'cache')), {
    actionYml: 'restore/action.yml'
  });
  expect(restore.code).toBe(0);
  expect((await lstat(cacheDir)).mode & 0o777).toBe(0o700);
  expect((await filesBelow(cacheDir)).some(f => f.size > 100 * 1024)).toBe(true);
});
