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
    maxSize: 5 * 1024 ** 3,
    maxAge: 14 * 86_400_000,
    remoteMaxSize: 0,
    remoteMaxAge: 0,
    refreshAfter: 86_400_000,
    restore: true,
    save: true,
    concurrency: 32,
    failOnError: false,
    summary: true,
    compilerShims: true,
    cmakeLauncher: true,
    tenant: 'local',
    saveOnFailure: false
  });
  expect(Object.keys(INPUT_DEFAULTS)).toHaveLength(22);
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
