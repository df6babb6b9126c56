/**
 * `--json` on the bucket-side commands, run as users run them (`node bin/compile-cache.js`, the
 * built dist/) against the loopback S3 server: stdout is one JSON document with the command's
 * figures (the log goes to stderr), so a script can read it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runProcess } from '../helpers/runner.js';
import { freshBucket, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';

const BIN = join(REPO_ROOT, 'bin', 'compile-cache.js');

let root: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'compile-cache-cli-json-'));
  const outer = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('COMPILE_CACHE_'))
  );
  env = {
    ...outer,
    AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    COMPILE_CACHE_ENDPOINT: testEndpoint(),
    RUNNER_TEMP: root
  };
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runProcess(process.execPath, [BIN, ...args], { cwd: root, env: { ...env, ...extra } });

/** Parses stdout, which must be exactly one JSON document. */
function json(stdout: string): Record<string, unknown> {
  expect(stdout.trim().startsWith('{')).toBe(true);
  return JSON.parse(stdout) as Record<string, unknown>;
}

test('ls --local, save, ls, restore and clean with --json print their figures as JSON on stdout', async () => {
  const project = join(root, 'project');
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'a.c'), 'int a(int x) { return x * 7; }\n');
  // Direct mode trusts no file changed in the last second: after it, the compile writes its manifest.
  await new Promise(resolve => setTimeout(resolve, 1100));
  const first = join(root, 'first');
  const compiled = await cli(['wrap', 'gcc', '-c', join(project, 'a.c'), '-o', join(project, 'a.o')], {
    COMPILE_CACHE_DIR: first
  });
  expect(compiled.code).toBe(0);

  const local = await cli(['ls', '--local', '--json', '--cache-dir', first]);
  expect(local.code).toBe(0);
  const localDoc = json(local.stdout);
  expect(localDoc.location).toBe(first);
  expect(localDoc.local).toBe(true);
  // The default namespaces: the result and direct mode's manifest of it.
  const [ns, manifests] = localDoc.namespaces as Array<Record<string, unknown>>;
  expect(ns).toMatchObject({ namespace: 'compile', entries: 1 });
  expect(manifests).toMatchObject({ namespace: 'manifests', entries: 1 });
  expect(ns!.bytes).toBeGreaterThan(0);
  expect(Date.parse(ns!.newest as string)).toBeGreaterThan(Date.now() - 10 * 60_000);

  const bucket = await freshBucket('cli-json');
  const save = await cli(['save', '--json', '--cache-dir', first, '--bucket', bucket]);
  expect(save.code).toBe(0);
  const saveDoc = json(save.stdout);
  expect(saveDoc).toMatchObject({
    command: 'save',
    remoteUnavailable: false,
    uploadMode: 'auto',
    warnings: []
  });
  // auto on an empty bucket (nothing outside packs): each namespace went up as one pack, no objects.
  expect(saveDoc.namespaces).toEqual([
    expect.objectContaining({
      namespace: 'compile',
      uploadedEntries: 1,
      uploadedAs: 'packs',
      packsWritten: 1
    }),
    expect.objectContaining({
      namespace: 'manifests',
      uploadedEntries: 1,
      uploadedAs: 'packs',
      packsWritten: 1
    })
  ]);
  // The summary table is not printed: stdout is only the document.
  expect(save.stdout).not.toContain('| `compile` |');

  const remote = await cli(['ls', '--json', '--bucket', bucket]);
  expect(remote.code).toBe(0);
  expect(json(remote.stdout)).toMatchObject({
    location: `s3://${bucket}/cache/`,
    local: false,
    namespaces: [
      expect.objectContaining({ namespace: 'compile', entries: 1 }),
      expect.objectContaining({ namespace: 'manifests', entries: 1 })
    ]
  });

  const second = join(root, 'second');
  const restore = await cli(['restore', '--json', '--cache-dir', second, '--bucket', bucket]);
  expect(restore.code).toBe(0);
  const restoreDoc = json(restore.stdout);
  expect(restoreDoc).toMatchObject({ command: 'restore', cacheDir: second, remoteUnavailable: false });
  expect(restoreDoc.namespaces).toEqual([
    expect.objectContaining({ namespace: 'compile', restoredEntries: 1 }),
    expect.objectContaining({ namespace: 'manifests', restoredEntries: 1 })
  ]);
  expect(typeof restoreDoc.manifestPath).toBe('string');

  const clean = await cli(['clean', '--json', '--cache-dir', second]);
  expect(clean.code).toBe(0);
  expect(json(clean.stdout)).toMatchObject({
    command: 'clean',
    cacheDir: second,
    namespaces: [
      expect.objectContaining({ namespace: 'compile' }),
      expect.objectContaining({ namespace: 'manifests' })
    ]
  });

  // Without --json the same command prints the table, not JSON.
  const plain = await cli(['ls', '--bucket', bucket]);
  expect(plain.code).toBe(0);
  expect(plain.stdout).toMatch(
    new RegExp(`^s3://${bucket}/cache/\\n  compile: 1 entries.*\\n  manifests: 1 entries`)
  );
});

test('prepack packs what a job compiled since its restore; the save then sends those packs (--json, and the plain line)', async () => {
  const project = join(root, 'prepack-project');
  await mkdir(project, { recursive: true });
  const bucket = await freshBucket('cli-prepack');
  const job = join(root, 'prepack-job');
  // The restore starts the journal of what the job writes (an empty bucket: nothing restored).
  expect((await cli(['restore', '--cache-dir', job, '--bucket', bucket])).code).toBe(0);
  // Each source written just before its compile: too new for direct mode, so one entry each.
  const wrap = async (name: string, factor: number) => {
    await writeFile(join(project, `${name}.c`), `int ${name}(int x) { return x * ${factor}; }\n`);
    return cli(['wrap', 'gcc', '-c', join(project, `${name}.c`), '-o', join(project, `${name}.o`)], {
      COMPILE_CACHE_DIR: job
    });
  };
  expect((await wrap('p', 11)).code).toBe(0);

  const first = await cli(['prepack', '--json', '--cache-dir', job]);
  expect(first.code).toBe(0);
  expect(json(first.stdout)).toMatchObject({
    command: 'prepack',
    cacheDir: job,
    entries: 1,
    packs: 1,
    earlier: 0
  });
  expect((await wrap('q', 13)).code).toBe(0);
  const second = await cli(['prepack', '--cache-dir', job]);
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(
    /^prepacked 1 entries \(\d+ KiB\) in 1 packs in \d+ ms; 1 were packed before\n$/
  );

  const save = await cli(['save', '--json', '--cache-dir', job, '--bucket', bucket]);
  expect(save.code).toBe(0);
  expect(json(save.stdout).namespaces).toEqual([
    expect.objectContaining({ namespace: 'compile', uploadedEntries: 2, packsWritten: 1 }),
    expect.objectContaining({ namespace: 'manifests', uploadedEntries: 0 })
  ]);
  expect(save.stderr).toMatch(/compile: from the journal, 2 entries written \(2 of them packed ahead\)/);
});
