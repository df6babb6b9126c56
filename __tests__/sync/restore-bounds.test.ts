/**
 * What a restore from packs guarantees whatever happens: an index that lies costs bounded
 * requests and installs nothing it cannot back with checked bytes, and a restore killed mid-way
 * leaves only whole entries visible (the next restore sweeps its leftovers and completes it).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { restore } from '../../src/sync/restore.js';
import { save } from '../../src/sync/save.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { MAX_PACK_ROUNDS } from '../../src/sync/packs/read.js';
import { FaultProxy, type RecordedRequest } from '../../testkit/fault-proxy.js';
import { freshBucket, rawClient, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';
import {
  encodeIndexJson,
  getObject,
  newerPackId,
  PACK_DIR,
  plantedKey,
  putObject,
  seededIndex
} from './hostile-bucket-helpers.js';
import { writeCompileEntry, type WrittenEntry, SAVE_OPTIONS, RESTORE_OPTIONS } from './helpers.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'restore-child.ts');

let client: S3Client;
let bucket: string;
let direct: S3CacheStore;
let proxy: FaultProxy;
let viaProxy: S3CacheStore;
let dirs: string[] = [];

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'restore-bounds-'));
  dirs.push(d);
  return d;
}

function packs(remote: S3CacheStore, targetPackBytes?: number) {
  return {
    bucket: s3PackBucket(remote.bucket),
    rootPrefix: 'cache/',
    codec: 'gzip' as const,
    targetPackBytes
  };
}

const pathOf = (r: RecordedRequest): string => r.path.split('?')[0]!;
const isPackData = (r: RecordedRequest): boolean => r.method === 'GET' && pathOf(r).endsWith('.pack');

/** Entry directories under `<root>/compile/local`. */
async function entryDirs(root: string): Promise<string[]> {
  const base = join(root, 'compile', 'local');
  const out: string[] = [];
  for (const hh of await readdir(base).catch(() => [] as string[])) {
    for (const hex of await readdir(join(base, hh)).catch(() => [] as string[]))
      out.push(join(base, hh, hex));
  }
  return out;
}

/** Every visible entry is one of `entries`, whole and byte for byte. */
async function expectOnlyWholeEntries(root: string, entries: WrittenEntry[]): Promise<number> {
  const byKey = new Map(entries.map(e => [e.key, e]));
  const visible = await entryDirs(root);
  for (const dir of visible) {
    const e = byKey.get(dir.slice(dir.lastIndexOf('/') + 1));
    expect(e).toBeDefined();
    expect((await readdir(dir)).sort()).toEqual(Object.keys(e!.blobs).sort());
    for (const [name, data] of Object.entries(e!.blobs)) {
      expect((await readFile(join(dir, name))).equals(data)).toBe(true);
    }
  }
  return visible.length;
}

beforeEach(async () => {
  client = rawClient();
  bucket = await freshBucket('bounds');
  direct = new S3CacheStore({ bucket, endpoint: testEndpoint(), credentials: S3_TEST_CREDENTIALS });
  proxy = await FaultProxy.start(testEndpoint());
  viaProxy = new S3CacheStore({ bucket, endpoint: proxy.endpoint, credentials: S3_TEST_CREDENTIALS });
  dirs = [];
});
afterEach(async () => {
  direct.destroy();
  viaProxy.destroy();
  client.destroy();
  await proxy.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test('an index that lies (made-up entries, times in the future, a chunk checksum that fails) costs bounded requests and installs none of them', async () => {
  const src = new DiskCacheStore(await tempDir());
  const real: WrittenEntry[] = [];
  for (let i = 0; i < 6; i++) real.push(await writeCompileEntry(src, 'compile/local', 2000));
  await save(src, direct, { ...SAVE_OPTIONS, packs: packs(direct) });

  // A newer pack: the same data, an index listing the real entries and 5,000 made-up ones, all
  // dated a year ahead, and a chunk table whose checksums do not match the data.
  const { key, index } = await seededIndex(client, bucket);
  const id = newerPackId(1);
  const made: unknown[] = [];
  for (let i = 0; i < 5000; i++) {
    made.push({
      ns: 'local',
      key: plantedKey(),
      mtime: Date.now() + 365 * 86_400_000,
      blobs: [
        { name: 'exit_code', size: 1 },
        { name: 'metadata', size: 2 }
      ],
      chunk: 0,
      offset: 0
    });
  }
  const lying = {
    ...index,
    id,
    entries: [...index.entries, ...made],
    // Both kinds: the raw bytes' and, as packs record since the catalog's version, the compressed ones'.
    chunks: index.chunks.map(c => ({ ...c, sha256: 'f'.repeat(64), zsha256: 'f'.repeat(64) }))
  };
  await putObject(
    client,
    bucket,
    `${PACK_DIR}${id}.pack`,
    await getObject(client, bucket, key.replace(/\.index$/, '.pack'))
  );
  await putObject(client, bucket, `${PACK_DIR}${id}.index`, encodeIndexJson(JSON.stringify(lying)));

  proxy.resetCounts();
  const destDir = await tempDir();
  const r = await restore(viaProxy, new DiskCacheStore(destDir), {
    ...RESTORE_OPTIONS,
    packs: packs(viaProxy)
  });
  const ns = r.namespaces[0]!;
  // The real entries come from the honest pack (a pack that fails does not shadow an older one).
  expect(ns.restoredEntries).toBe(6);
  expect(ns.restoredFromPacks).toBe(6);
  // The made-up entries only a pack claims are counted, never fetched as objects, never installed.
  expect(ns.failed).toBe(5000);
  expect(await expectOnlyWholeEntries(destDir, real)).toBe(6);
  const entryGets = proxy.requests.filter(
    r => r.method === 'GET' && /^\/[^/]+\/.+/.test(pathOf(r)) && !pathOf(r).includes('/packs/')
  );
  expect(entryGets).toHaveLength(0);
  expect(proxy.requests.filter(isPackData).length).toBeLessThanOrEqual(2 * MAX_PACK_ROUNDS);
  expect(proxy.requests.length).toBeLessThan(60);
  // A time in the future is taken as now, not kept first in line forever.
  const { remote } = r.manifest.namespaces.compile!.entries;
  expect(remote.length).toBeGreaterThan(0);
  for (const t of remote) {
    expect(t).not.toBeNull();
    expect(t).toBeLessThanOrEqual(Date.now());
  }
});

test('a restore killed mid-way leaves only whole entries visible; the next restore sweeps its leftovers and completes', async () => {
  const src = new DiskCacheStore(await tempDir());
  const entries: WrittenEntry[] = [];
  for (let i = 0; i < 40; i++) entries.push(await writeCompileEntry(src, 'compile/local', 20_000));
  const s = await save(src, direct, { ...SAVE_OPTIONS, packs: packs(direct, 100_000) });
  expect(s.namespaces[0]!.packsWritten!).toBeGreaterThan(2);

  // Every pack GET but the first stalls: the child installs one pack's entries, then waits.
  let packGets = 0;
  proxy.stallNext(1000, 120_000, {
    match: (method, path) => method === 'GET' && path.split('?')[0]!.endsWith('.pack') && ++packGets > 1
  });
  const destDir = await tempDir();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, proxy.endpoint, bucket, destDir], {
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  // Killed as soon as the first entry is visible: most likely while others are being installed.
  for (;;) {
    if ((await entryDirs(destDir)).length > 0 || child.exitCode !== null) break;
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  await exited;
  expect(stderr).not.toMatch(/Error/);

  const visible = await expectOnlyWholeEntries(destDir, entries);
  expect(visible).toBeGreaterThan(0);
  expect(visible).toBeLessThan(40);

  proxy.clearRules();
  const r = await restore(direct, new DiskCacheStore(destDir), { ...RESTORE_OPTIONS, packs: packs(direct) });
  expect(r.namespaces[0]!.restoredEntries + r.namespaces[0]!.alreadyLocal).toBe(40);
  expect(await expectOnlyWholeEntries(destDir, entries)).toBe(40);
  // The dead restore's staging directories are gone (swept by the first import of this one).
  const staging = await readdir(join(destDir, '.staging'));
  expect(staging.filter(n => n.includes(`-${child.pid}-`))).toEqual([]);
});
