/**
 * The committed dist/ as the runner and users run it: the action.yml files point at built entry
 * points that run under Node 24, and the `compile-cache` command's restore, save and ls work
 * against a loopback S3 server (credentials from the environment, as the AWS chain reads them).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, runProcess } from '../helpers/runner.js';
import { S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import {
  createBucket,
  newJob,
  startS3Server,
  stepNode,
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

test('the Node 24 binary the steps run with is Node 24', () => {
  const version = execFileSync(stepNode(), ['--version'], { encoding: 'utf8' }).trim();
  expect(version).toMatch(/^v24\./);
});

test.each([
  ['action.yml', { pre: 'dist/action/pre.js', main: 'dist/action/main.js', post: 'dist/action/post.js' }],
  ['restore/action.yml', { main: '../dist/action/restore.js' }],
  ['save/action.yml', { main: '../dist/action/save.js' }]
])('%s runs node24 entry points that exist in dist/', async (file, entries) => {
  const text = await readFile(join(REPO_ROOT, file), 'utf8');
  expect(text).toContain("using: 'node24'");
  for (const [key, path] of Object.entries(entries)) {
    expect(text).toContain(`  ${key}: '${path}'`);
    expect(existsSync(join(REPO_ROOT, file, '..', path))).toBe(true);
  }
  if (file === 'action.yml') {
    expect(text).toContain(`post-if: "success() || env.COMPILE_CACHE_SAVE_ON_FAILURE == 'true'"`);
  }
});

test('the compiler wrapper bundle and its chunks stay free of the AWS SDK', async () => {
  const dir = join(REPO_ROOT, 'dist', 'wrap');
  const files = (await readdir(dir)).filter(f => f.endsWith('.js'));
  expect(files).toContain('index.js');
  let total = 0;
  for (const f of files) {
    const code = await readFile(join(dir, f), 'utf8');
    expect(code).not.toContain('@aws-sdk/');
    expect(code).not.toContain('@actions/core');
    expect(code).not.toContain('@azure/');
    total += code.length;
  }
  expect(total).toBeLessThan(1024 * 1024);
});

test('the CLI under Node 24: wrap, save, restore into a fresh directory, ls', async () => {
  const bucket = await createBucket(server.endpoint);
  const job = await newJob();
  const node = stepNode();
  const bin = join(REPO_ROOT, 'bin', 'compile-cache.js');
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    COMPILE_CACHE_BUCKET: bucket,
    COMPILE_CACHE_ENDPOINT: server.endpoint,
    RUNNER_TEMP: job.runnerTemp
  };
  const project = join(job.root, 'project');
  await writeProject(project, ['cli']);
  const first = join(job.root, 'first');
  await mkdir(first, { recursive: true });
  const run = (args: string[], extra: Record<string, string> = {}) =>
    runProcess(node, [bin, ...args], { cwd: project, env: { ...env, ...extra } });

  const wrapped = await run(['wrap', 'gcc', '-c', 'cli.c', '-o', 'cli.o'], { COMPILE_CACHE_DIR: first });
  expect(wrapped.code).toBe(0);
  const save = await run(['save', '--cache-dir', first]);
  expect(save.stderr).toBe('');
  expect(save.code).toBe(0);
  expect(save.stdout).toMatch(/\| `compile` \| .* \| 1 \(/);
  // The default upload mode, auto, writes packs only to a bucket that holds nothing outside packs
  // (this one is empty); the restore below reads the pack.
  expect(save.stdout).toContain('Upload mode `auto`');
  expect(save.stdout).toContain('This save: `compile` as packs only, `manifests` as packs only.');

  const second = join(job.root, 'second');
  const restore = await run(['restore', '--cache-dir', second, '--max-size', '1G']);
  expect(restore.code).toBe(0);
  expect(restore.stdout).toMatch(/\| `compile` \| 1 \(.*\| 1 \(/);
  expect(restore.stdout).toMatch(/\| `compile` \| 1 \(.*\| 1 \(.*\) \| 1 \/ 0 \|/);
  const hit = await run(['wrap', 'gcc', '-c', 'cli.c', '-o', 'again.o'], { COMPILE_CACHE_DIR: second });
  expect(hit.code).toBe(0);
  const stats = await run(['stats', '--json'], { COMPILE_CACHE_DIR: second });
  expect(JSON.parse(stats.stdout)).toMatchObject({ hits: 1, misses: 0 });

  const ls = await run(['ls']);
  expect(ls.code).toBe(0);
  expect(ls.stdout).toMatch(/compile: 1 entries/);
  const bad = await run(['restore', '--max-size', '12XB']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('input "max-size": "12XB" is not a size');
  const badMode = await run(['save', '--upload-mode', 'tar']);
  expect(badMode.code).toBe(2);
  expect(badMode.stderr).toContain('input "upload-mode": "tar" is not an upload mode');
});

test('the CLI under Node 24 without keys in the environment: the credential chain (a chunk of its own) finds a profile', async () => {
  const bucket = await createBucket(server.endpoint);
  const job = await newJob();
  const credentials = join(job.root, 'aws-credentials');
  await writeFile(
    credentials,
    `[ci]\naws_access_key_id = ${S3_TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${S3_TEST_CREDENTIALS.secretAccessKey}\n`
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_CONFIG_FILE: join(job.root, 'aws-config-absent'),
    AWS_PROFILE: 'ci',
    AWS_EC2_METADATA_DISABLED: 'true',
    COMPILE_CACHE_BUCKET: bucket,
    COMPILE_CACHE_ENDPOINT: server.endpoint,
    RUNNER_TEMP: job.runnerTemp
  };
  delete env.AWS_ACCESS_KEY_ID;
  delete env.AWS_SECRET_ACCESS_KEY;
  delete env.AWS_SESSION_TOKEN;
  const ls = await runProcess(stepNode(), [join(REPO_ROOT, 'bin', 'compile-cache.js'), 'ls', '--json'], {
    cwd: job.root,
    env
  });
  expect(ls.stderr).toBe('');
  expect(ls.code).toBe(0);
  expect(JSON.parse(ls.stdout)).toMatchObject({
    namespaces: [
      { namespace: 'compile', entries: 0 },
      { namespace: 'manifests', entries: 0 }
    ]
  });
  const denied = await runProcess(stepNode(), [join(REPO_ROOT, 'bin', 'compile-cache.js'), 'ls'], {
    cwd: job.root,
    env: { ...env, AWS_PROFILE: 'absent' }
  });
  expect(denied.code).not.toBe(0);
  expect(denied.stderr).toContain('no AWS credentials');
  expect(denied.stderr).toContain('profile "absent"');
});
