/** Reading the inputs: defaults, normalisation, and credentials kept apart from the stored configuration. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { INPUT_DEFAULTS, parseNamespaces, readConfig, readCredentials } from '../../src/action/inputs.js';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

test('defaults: home cache directory, cache/ prefix, compile namespace, 5G, 14d, no bucket pruning', () => {
  const c = readConfig(reader({}), {});
  expect(c).toMatchObject({
    cacheDir: join(homedir(), '.cache', 'compile-cache'),
    bucket: '',
    region: 'us-east-1',
    pathStyle: false,
    prefix: 'cache/',
    namespaces: ['compile'],
    uploadMode: 'both',
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
  expect(Object.keys(INPUT_DEFAULTS)).toHaveLength(24);
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

test('upload-mode and pack-prefix: the pack prefix follows the key prefix and stays apart from the entries', () => {
  expect(readConfig(reader({ prefix: 'team/cache' }), {})).toMatchObject({
    uploadMode: 'both',
    packPrefix: 'team/cache/packs/'
  });
  expect(readConfig(reader({ 'upload-mode': 'Packs', 'pack-prefix': 'bulk/' }), {})).toMatchObject({
    uploadMode: 'packs',
    packPrefix: 'bulk/'
  });
  expect(() => readConfig(reader({ 'upload-mode': 'tar' }), {})).toThrow(
    'input "upload-mode": "tar" is not an upload mode: expected one of objects, packs, both'
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
