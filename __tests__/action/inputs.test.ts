/** Reading the inputs: defaults, normalisation, and credentials kept apart from the stored configuration. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheDirError, prepareCacheDir } from '../../src/job/cache-dir.js';
import { INPUT_DEFAULTS, parseNamespaces, readConfig, readCredentials } from '../../src/config/inputs.js';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

test('defaults: home cache directory, cache/ prefix, compile and manifests namespaces, 5G, 14d, no bucket pruning', () => {
  const c = readConfig(reader({}), {});
  expect(c).toMatchObject({
    cacheDir: join(homedir(), '.cache', 'compile-cache'),
    bucket: '',
    region: 'us-east-1',
    pathStyle: false,
    prefix: 'cache/',
    namespaces: ['compile', 'manifests'],
    uploadMode: 'auto',
    install: 'lazy',
    packPrefix: 'cache/packs/',
    maxSize: 5 * 1024 ** 3,
    maxAge: 14 * 86_400_000,
    remoteMaxSize: 0,
    remoteMaxAge: 0,
    refreshAfter: 86_400_000,
    restore: true,
    save: true,
    concurrency: 64,
    failOnError: false,
    summary: true,
    compilerShims: true,
    cmakeLauncher: true,
    tenant: 'local',
    saveOnFailure: false
  });
  expect(Object.keys(INPUT_DEFAULTS)).toHaveLength(26); // config (the CLI's --config) included
});

test('normalisation: region from the AWS variables, path-style on with an endpoint, prefix gets its slash', () => {
  const c = readConfig(
    reader({
      endpoint: 'https://minio.example.com:9000',
      prefix: 'team/cache',
      namespaces: 'compile/local\nsource, compile/local'
    }),
    { AWS_REGION: 'eu-west-1' }
  );
  expect(c.region).toBe('eu-west-1');
  expect(c.pathStyle).toBe(true);
  expect(c.prefix).toBe('team/cache/');
  expect(c.namespaces).toEqual(['compile/local', 'source']);
  expect(readConfig(reader({ endpoint: 'http://127.0.0.1:9000', 'path-style': 'false' }), {}).pathStyle).toBe(
    false
  );
  expect(parseNamespaces('compile//local/')).toEqual(['compile/local']);
});

test('install is lazy (the default) or eager, anything else named in the error', () => {
  expect(readConfig(reader({ install: 'Eager' }), {}).install).toBe('eager');
  expect(() => readConfig(reader({ install: 'later' }), {})).toThrow(
    'input "install": "later" is not an install mode: expected lazy'
  );
});

test('upload-mode and pack-prefix: the pack prefix follows the key prefix and stays apart from the entries', () => {
  expect(readConfig(reader({ prefix: 'team/cache' }), {})).toMatchObject({
    uploadMode: 'auto',
    packPrefix: 'team/cache/packs/'
  });
  expect(readConfig(reader({ 'upload-mode': 'Packs', 'pack-prefix': 'bulk/' }), {})).toMatchObject({
    uploadMode: 'packs',
    packPrefix: 'bulk/'
  });
  // The old default stays a choice: objects for the Go system whatever the bucket holds.
  expect(readConfig(reader({ 'upload-mode': 'both' }), {}).uploadMode).toBe('both');
  expect(() => readConfig(reader({ 'upload-mode': 'tar' }), {})).toThrow(
    'input "upload-mode": "tar" is not an upload mode: expected one of auto, objects, packs, both'
  );
  // The default would put the packs of a namespace called packs inside its own entries.
  expect(() => readConfig(reader({ namespaces: 'packs' }), {})).toThrow(
    /input "pack-prefix": "cache\/packs\/" puts the packs of packs at cache\/packs\/packs\/, which overlaps/
  );
  expect(readConfig(reader({ namespaces: 'packs', 'pack-prefix': 'bulk/' }), {}).packPrefix).toBe('bulk/');
  // A pack prefix that contains the entries would let pack maintenance see entry objects.
  expect(() => readConfig(reader({ 'pack-prefix': 'cache/' }), {})).toThrow(
    /overlaps the entries of namespace compile/
  );
});

test('credentials: both or neither, session token only with the pair; never part of the configuration', () => {
  expect(readCredentials(reader({}))).toBeUndefined();
  expect(
    readCredentials(reader({ 'access-key-id': 'id', 'secret-access-key': 'secret', 'session-token': 't' }))
  ).toEqual({
    accessKeyId: 'id',
    secretAccessKey: 'secret',
    sessionToken: 't'
  });
  const c = readConfig(reader({ 'access-key-id': 'id', 'secret-access-key': 'secret' }), {});
  expect(JSON.stringify(c)).not.toMatch(/secret|"id"/);
});

describe('hostile or impossible values (issue 12): refused up front, naming the input, the value and what is expected', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'compile-cache-inputs-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  test.each([
    [
      'namespaces',
      '.hidden',
      /input "namespaces": "\.hidden" is not a namespace: "\.hidden" starts with "\.", which is reserved/
    ],
    [
      'namespaces',
      'compile/.staging',
      /input "namespaces": "compile\/\.staging" is not a namespace: "\.staging" starts with "\."/
    ],
    ['namespaces', 'compile, .stats', /input "namespaces": "\.stats" is not a namespace/],
    ['tenant', '.x', /input "tenant": "\.x" is not a tenant name: .*not starting with "\."/],
    ['tenant', '..', /input "tenant": "\.\." is not a tenant name/],
    ['tenant', 'a/b', /input "tenant": "a\/b" is not a tenant name/]
  ])('%s: %s', (name, value, message) => {
    expect(() => readConfig(reader({ [name]: value }), {})).toThrow(message);
  });

  test('cache-dir below /proc, /sys or /dev (also through a symlink of the user) is refused; /dev/shm is a normal tmpfs', async () => {
    for (const dir of ['/proc/self/cache', '/proc', '/sys/kernel/compile-cache', '/dev/compile-cache']) {
      expect(() => readConfig(reader({ 'cache-dir': dir }), {})).toThrow(
        new RegExp(
          `input "cache-dir": "${dir}" resolves to /(proc|sys|dev)\\S*, on the kernel file system /(proc|sys|dev): expected a directory on a normal disk`
        )
      );
    }
    const link = join(tmp, 'to-proc');
    await symlink('/proc/self', link);
    expect(() => readConfig(reader({ 'cache-dir': join(link, 'a', 'b') }), {})).toThrow(
      /input "cache-dir": ".*to-proc\/a\/b" resolves to \/proc\/\d+\/a\/b, on the kernel file system \/proc/
    );
    expect(readConfig(reader({ 'cache-dir': '/dev/shm/compile-cache' }), {}).cacheDir).toBe(
      '/dev/shm/compile-cache'
    );
  });

  test('cache-dir that exists but is not a directory (a file, a FIFO) is refused; a symlink to a directory is the user’s choice', async () => {
    const file = join(tmp, 'a-file');
    await writeFile(file, 'x');
    expect(() => readConfig(reader({ 'cache-dir': file }), {})).toThrow(
      `input "cache-dir": ${JSON.stringify(file)} is a regular file, not a directory: expected a directory`
    );
    const fifo = join(tmp, 'a-fifo');
    execFileSync('mkfifo', [fifo]);
    // statSync only: a FIFO is never opened, so this cannot hang.
    expect(() => readConfig(reader({ 'cache-dir': fifo }), {})).toThrow(/is a FIFO, not a directory/);
    const real = join(tmp, 'real-cache');
    await mkdir(real);
    const chosen = join(tmp, 'chosen-link');
    await symlink(real, chosen);
    expect(readConfig(reader({ 'cache-dir': chosen }), {}).cacheDir).toBe(chosen);
  });

  test('a cache directory that cannot be created or written is a CacheDirError naming the input, at once', async () => {
    const blocker = join(tmp, 'blocker');
    await writeFile(blocker, 'x');
    expect(() => prepareCacheDir(join(blocker, 'cache'))).toThrow(
      /the cache directory .*blocker\/cache \(input "cache-dir"\) cannot be created or written: .*ENOTDIR/
    );
    // Below /proc a recursive mkdir spins forever; the bounded one fails at the first component.
    expect(() => prepareCacheDir('/proc/self/no/such/cache')).toThrow(CacheDirError);
    // Immutable (chattr +i) stops even root from writing; skipped where the file system has no such flag.
    const frozen = join(tmp, 'frozen');
    await mkdir(frozen);
    if (spawnSync('chattr', ['+i', frozen]).status !== 0) return;
    try {
      expect(() => prepareCacheDir(frozen)).toThrow(
        /the cache directory .*frozen \(input "cache-dir"\) cannot be created or written: .*EPERM/
      );
      expect(() => prepareCacheDir(join(frozen, 'below'))).toThrow(CacheDirError);
    } finally {
      spawnSync('chattr', ['-i', frozen]);
    }
    expect(readdirSync(frozen)).toEqual([]);
  });
});
