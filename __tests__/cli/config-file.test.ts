/**
 * `--config <file>` (issue 9): the Go system's TOML `[[cache]]` blocks (and our optional
 * `[compile_cache]` table) as the CLI's settings, from real TOML files. What each block gives, the
 * flags and variables taking precedence, the file's static keys used (never printed), and bad files
 * refused with the file, the key, the value and what is expected. Then the CLI as a process against
 * the loopback S3 server with only a config file to go on.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfigFile } from '../../src/cli/config-file.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { REPO_ROOT, runProcess } from '../helpers/runner.js';
import { freshBucket, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';
import { writeCompileEntry } from '../sync/helpers.js';

const BIN = join(REPO_ROOT, 'bin', 'compile-cache.js');
const SECRET = 'wJalrXUtnFEMI-not-a-real-secret-K7MDENG';

let root: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'compile-cache-cli-config-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function toml(text: string): Promise<string> {
  const file = join(root, `config-${++n}.toml`);
  await writeFile(file, text);
  return file;
}

describe('what a file gives', () => {
  test('a disk and an s3 [[cache]], as the Go system writes them, and our [compile_cache] table', async () => {
    const file = await toml(`# the Go system's configuration
listen = "127.0.0.1:7000"   # not ours: ignored

[[cache]]
type = "disk"
location = "~/.cache/go-compile-cache"
max_size = "10G"

[[cache]]
type = "s3"
bucket = "build-cache"
region = "eu-west-1"
endpoint = "minio.internal:9000"
access_key = "AKIDEXAMPLE"
secret_key = "${SECRET}"
auto_create = true
max_size = "200 GiB"
prefix = "shared/cache/"

[compile_cache]
namespaces = ["compile", "source"]
max_age = "7d"
`);
    const c = readConfigFile(file);
    expect(Object.fromEntries([...c.settings].map(([k, v]) => [k, v.value]))).toEqual({
      'cache-dir': join(homedir(), '.cache/go-compile-cache'),
      'max-size': String(10 * 1024 ** 3),
      bucket: 'build-cache',
      region: 'eu-west-1',
      endpoint: 'https://minio.internal:9000',
      prefix: 'shared/cache/',
      'remote-max-size': String(200 * 1024 ** 3),
      namespaces: 'compile, source',
      'max-age': '7d'
    });
    expect(c.settings.get('remote-max-size')!.key).toBe('cache[1].max_size');
    expect(c.credentials).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET });
  });

  test('only a bucket: no size set (the defaults stay), no keys (the default AWS chain)', async () => {
    const c = readConfigFile(await toml('[[cache]]\ntype = "s3"\nbucket = "b1"\naccess_key = "only-half"\n'));
    expect([...c.settings.keys()]).toEqual(['bucket']);
    expect(c.credentials).toBeUndefined();
  });
});

describe('a bad file is refused naming the file, the key, the value and what is expected', () => {
  test.each([
    [
      'a size',
      '[[cache]]\ntype = "disk"\nlocation = "/c"\nmax_size = "1.5G"\n',
      /^--config .*config-\d+\.toml: cache\[0\]\.max_size "1\.5G" is invalid: .*expected/
    ],
    [
      'a type',
      '[[cache]]\ntype = "gcs"\nbucket = "b"\n',
      /: cache\[0\]\.type "gcs" is unknown: expected "disk" or "s3"$/
    ],
    [
      'a misspelt field',
      '[[cache]]\ntype = "s3"\nbucket = "b"\nmax-size = "1G"\n',
      /: cache\[0\]\.max-size is not a field of a s3 cache: expected one of type, bucket, .*max_size/
    ],
    [
      'a second bucket',
      '[[cache]]\ntype = "s3"\nbucket = "a"\n[[cache]]\ntype = "s3"\nbucket = "b"\n',
      /: cache\[1\] is a second s3 cache \(cache\[0\] is one\): .*keep one \[\[cache\]\] of each type$/
    ],
    [
      'cache as a plain key',
      'cache = "s3://bucket"\n',
      /: cache is not a list of tables: expected \[\[cache\]\] blocks$/
    ],
    [
      'a setting we do not have',
      '[compile_cache]\nbackend = "github"\n',
      /: compile_cache\.backend is not a setting of the CLI: expected one of .*namespaces/
    ],
    [
      'a table value',
      '[compile_cache]\nnamespaces = { a = 1 }\n',
      /: compile_cache\.namespaces is a table: expected a string, a number, true or false, or a list of strings$/
    ],
    [
      'nothing of ours',
      'listen = "127.0.0.1:7000"\n',
      /: has no \[\[cache\]\] block and no \[compile_cache\] table: expected \[\[cache\]\] blocks with type = "disk" or "s3"$/
    ]
  ])('%s', async (_what, text, message) => {
    const file = await toml(text);
    expect(() => readConfigFile(file)).toThrow(message);
  });

  test('not TOML: the line and column, never the line itself (it may hold a secret)', async () => {
    const file = await toml(`[[cache]]\ntype = "s3"\nbucket = "b"\nsecret_key = "${SECRET}" trailing\n`);
    let message = '';
    try {
      readConfigFile(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(
      new RegExp(`^--config ${file}: is not valid TOML: .* \\(line 4, column \\d+\\)$`)
    );
    expect(message).not.toContain(SECRET);
  });

  test('a missing file', () => {
    const file = join(root, 'missing.toml');
    expect(() => readConfigFile(file)).toThrow(`--config ${file}: cannot be read: ENOENT`);
  });
});

describe('the CLI with --config, as a process against the loopback server', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    // No credentials, endpoint or bucket in the environment: the file has to give them.
    env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('COMPILE_CACHE_') && !k.startsWith('AWS_'))
    );
    env.AWS_EC2_METADATA_DISABLED = 'true';
    env.RUNNER_TEMP = root;
  });
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    runProcess(process.execPath, [BIN, ...args], { cwd: root, env: { ...env, ...extra } });

  async function goConfig(bucket: string, cacheDir: string, extra = ''): Promise<string> {
    return toml(`[[cache]]
type = "disk"
location = "${cacheDir}"

[[cache]]
type = "s3"
bucket = "${bucket}"
region = "us-east-1"
endpoint = "${testEndpoint()}"
access_key = "${S3_TEST_CREDENTIALS.accessKeyId}"
secret_key = "${S3_TEST_CREDENTIALS.secretAccessKey}"
${extra}`);
  }

  test('save, ls and restore take the bucket, endpoint, keys and cache directory from the file', async () => {
    const bucket = await freshBucket('cli-config');
    const first = join(root, 'first');
    const store = new DiskCacheStore(first);
    for (let i = 0; i < 3; i++) await writeCompileEntry(store, 'compile', 1000);
    const file = await goConfig(bucket, first, 'prefix = "go/cache/"\n');

    const saved = await cli(['save', '--config', file, '--json']);
    expect(saved.stderr).not.toContain(S3_TEST_CREDENTIALS.secretAccessKey);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({
      location: `s3://${bucket}/go/cache/`,
      cacheDir: first,
      // The default namespaces; these entries are results only, so the manifests have none.
      namespaces: [
        expect.objectContaining({ namespace: 'compile', uploadedEntries: 3 }),
        expect.objectContaining({ namespace: 'manifests', uploadedEntries: 0 })
      ]
    });

    const listed = await cli(['ls', '--json'], { COMPILE_CACHE_CONFIG: file });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      location: `s3://${bucket}/go/cache/`,
      namespaces: [
        expect.objectContaining({ namespace: 'compile', entries: 3 }),
        expect.objectContaining({ namespace: 'manifests', entries: 0 })
      ]
    });

    // A flag wins over the file: the restore goes to another directory.
    const second = join(root, 'second');
    const restored = await cli(['restore', '--config', file, '--cache-dir', second, '--json']);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ cacheDir: second });
    // The default lazy install keeps them packed; `compile-cache install` writes them all now.
    expect((await new DiskCacheStore(second).stats()).entries).toBe(0);
    const installed = await cli(['install', '--config', file, '--cache-dir', second, '--json']);
    expect(installed.code).toBe(0);
    expect(JSON.parse(installed.stdout)).toMatchObject({ command: 'install', entries: 3 });
    expect((await new DiskCacheStore(second).stats()).entries).toBe(3);
    expect((await new DiskCacheStore(first).stats()).entries).toBe(3);
  }, 120_000);

  test('a variable wins over the file too; [compile_cache] sets the namespaces', async () => {
    const bucket = await freshBucket('cli-config');
    const other = await freshBucket('cli-config');
    const file = await goConfig(
      bucket,
      join(root, 'third'),
      '\n[compile_cache]\nnamespaces = ["compile", "source"]\n'
    );
    const listed = await cli(['ls', '--config', file, '--json'], { COMPILE_CACHE_BUCKET: other });
    expect(listed.code).toBe(0);
    const doc = JSON.parse(listed.stdout) as { location: string; namespaces: Array<{ namespace: string }> };
    expect(doc.location).toBe(`s3://${other}/cache/`);
    expect(doc.namespaces.map(ns => ns.namespace)).toEqual(['compile', 'source']);
  }, 60_000);

  test('a bad value from the file: exit 2, naming the file, the key and the input; no secret printed', async () => {
    await mkdir(join(root, 'bad'), { recursive: true });
    const badBucket = await goConfig('Not_A_Bucket', join(root, 'bad'));
    const r = await cli(['ls', '--config', badBucket]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `compile-cache: --config ${badBucket}: cache[1].bucket: input "bucket": "Not_A_Bucket"`
    );
    expect(r.stderr + r.stdout).not.toContain(S3_TEST_CREDENTIALS.secretAccessKey);

    const badAge = await toml('[compile_cache]\nmax_age = "-5m"\n');
    const age = await cli(['clean', '--config', badAge]);
    expect(age.code).toBe(2);
    expect(age.stderr).toContain(`--config ${badAge}: compile_cache.max_age: input "max-age": "-5m"`);

    const missing = await cli(['ls', '--config', join(root, 'nope.toml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--config ${join(root, 'nope.toml')}: cannot be read`);
  }, 60_000);
});
