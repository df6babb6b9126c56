/**
 * Issue 12 at the sync: a restore and a save (objects and packs, against the loopback S3 server)
 * over a cache directory where a build planted a FIFO, a socket, a character device, or a symlink
 * to a directory or a file, at every level of the layout. Each case asserts that nothing outside
 * the cache changed (a canary tree hashed before and after), that the bucket holds exactly the
 * legitimate entries (its object keys compared, and a fresh restore of objects and packs compared),
 * that every step finished under a watchdog, and that a warning names the planted path.
 * Then the four rows of the table, by name.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { DiskCacheStore, type UnsafeFinding } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import type { PackSyncOptions } from '../../src/sync/packs/namespace-packs.js';
import { restore, type RestoreResult } from '../../src/sync/restore.js';
import { save, type SaveResult } from '../../src/sync/save.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import {
  PLANT_KINDS,
  makeCanaryTree,
  plant,
  snapshotTree,
  withWatchdog,
  type CanaryTree,
  type PlantKind
} from '../helpers/hostile-tree.js';
import { bucketKeys, writeCompileEntry, type WrittenEntry } from './helpers.js';

/** The canary's secret entry key: a planted link makes it look like an entry of this cache. */
const KEY = 'ab'.repeat(32);
const WATCHDOG_MS = 30_000;
const DAY = 24 * 3600_000;
const DEAD_PID = spawnSync(process.execPath, ['-e', '0']).pid!;
const NAMESPACES = ['compile', 'source'];

let server: RunningS3Server;
let client: S3Client;
const made: string[] = [];

beforeAll(async () => {
  server = await startS3Server();
  client = rawClient(server.endpoint);
});
afterAll(async () => {
  client.destroy();
  await server.stop();
  for (const d of made) await rm(d, { recursive: true, force: true });
});

interface Level {
  name: string;
  rel: string;
  dirTarget: (c: CanaryTree) => string;
}

const LEVELS: Level[] = [
  { name: 'namespace root', rel: 'compile', dirTarget: c => c.dir },
  { name: 'tenant', rel: 'compile/local', dirTarget: c => c.secretNamespace },
  { name: 'shard', rel: 'compile/local/ab', dirTarget: c => path.join(c.secretNamespace, 'ab') },
  { name: 'entry', rel: `compile/local/ab/${KEY}`, dirTarget: c => path.join(c.secretNamespace, 'ab', KEY) },
  { name: 'blob', rel: `compile/local/ab/${KEY}/output`, dirTarget: c => c.home },
  { name: 'staging', rel: '.staging', dirTarget: c => c.home },
  { name: 'staging child', rel: `.staging/${KEY}-${DEAD_PID}-0123456789ab`, dirTarget: c => c.home }
];

interface Bucket {
  bucket: string;
  remote: S3CacheStore;
  packs: PackSyncOptions;
}

async function freshBucket(): Promise<Bucket> {
  const bucket = `hostile-${randomBytes(6).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const remote = new S3CacheStore({ bucket, endpoint: server.endpoint, credentials: S3_TEST_CREDENTIALS });
  return {
    bucket,
    remote,
    packs: { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' }
  };
}

async function tempDir(name: string): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), `hostile-sync-${name}-`));
  made.push(d);
  return d;
}

function restoreOptions(b: Bucket) {
  return { namespaces: NAMESPACES, maxBytes: 0, concurrency: 8, progressIntervalMs: 0, packs: b.packs };
}

function saveOptions(
  b: Bucket,
  manifest: RestoreResult['manifest'] | null,
  uploadMode: 'both' | 'packs' = 'both'
) {
  return {
    namespaces: NAMESPACES,
    manifest,
    concurrency: 8,
    localMaxSize: 0,
    // Anything older than 30 days is pruned: the canary holds a 400-day-old entry to be pruned
    // if the clean ever followed a link there.
    localMaxAge: 30 * DAY,
    remoteMaxSize: 0,
    remoteMaxAge: 0,
    refreshOlderThanMs: -1,
    progressIntervalMs: 0,
    uploadMode,
    packs: b.packs
  };
}

function objectKeys(entries: WrittenEntry[]): string[] {
  const keys: string[] = [];
  for (const e of entries) {
    for (const name of Object.keys(e.blobs))
      keys.push(`cache/${e.namespace}/${e.key.slice(0, 2)}/${e.key}/${name}`);
  }
  return keys.sort();
}

/** `<namespace>/<key>` of every complete entry a fresh restore of the bucket (objects and packs) installs. */
async function restoredFresh(b: Bucket): Promise<string[]> {
  const dir = await tempDir('fresh');
  const store = new DiskCacheStore(dir);
  await restore(b.remote, store, restoreOptions(b));
  const out: string[] = [];
  for (const ns of NAMESPACES) {
    for (const e of await store.namespace(ns).list()) out.push(`${ns}/${e.namespace}/${e.key}`);
  }
  return out.sort();
}

/** A compile entry with a chosen key (writeCompileEntry picks a random one). */
async function entryWithKey(root: DiskCacheStore, namespace: string, key: string): Promise<WrittenEntry> {
  const blobs: Record<string, Buffer> = {
    output: randomBytes(500),
    stdout: Buffer.from(''),
    stderr: Buffer.from(''),
    exit_code: Buffer.from('0'),
    metadata: Buffer.from('{}')
  };
  const view = root.namespace(namespace.split('/')[0]!).namespace(namespace.split('/')[1]!);
  for (const [name, data] of Object.entries(blobs)) await view.put(key, name, data);
  return { namespace, key, blobs, size: Object.values(blobs).reduce((n, b) => n + b.length, 0) };
}

function ids(entries: WrittenEntry[]): string[] {
  return entries.map(e => `${e.namespace}/${e.key}`).sort();
}

interface SyncCase {
  kind: PlantKind;
  level: Level;
  /** Overrides the symlink target (default: the level's shaped canary part, or the canary file). */
  target?: (c: CanaryTree) => string;
  /** This job's upload mode (default `both`); `packs` reads entries for the pack writer itself. */
  uploadMode?: 'both' | 'packs';
}

interface SyncOutcome {
  canary: CanaryTree;
  where: string;
  warnings: string[];
  skipped: boolean;
}

/**
 * Another job fills the bucket (so the restore has entries to install next to the planted thing,
 * including one in shard `ab`); then this job's cache gets its own entries and the plant, and
 * runs restore (the pre step) and save (the post step) there. Asserts the invariants of every case.
 */
async function runSyncCase(c: SyncCase): Promise<SyncOutcome> {
  const b = await freshBucket();
  try {
    const other = new DiskCacheStore(await tempDir('other'));
    const remoteEntries = [
      await writeCompileEntry(other, 'compile/local'),
      await writeCompileEntry(other, 'source/local')
    ];
    // An entry in shard `ab` of tenant `local`: a restore following a planted shard would install it outside.
    remoteEntries.push(await entryWithKey(other, 'compile/local', 'ab' + randomBytes(31).toString('hex')));
    const seeded = await save(other, b.remote, saveOptions(b, null));
    expect(seeded.namespaces.reduce((n, r) => n + r.uploadedEntries, 0)).toBe(remoteEntries.length);

    const base = await tempDir('job');
    const canary = await makeCanaryTree(base);
    const cache = path.join(base, 'cache');
    await mkdir(cache);
    const findings: UnsafeFinding[] = [];
    const local = new DiskCacheStore(cache, { onUnsafe: f => findings.push(f) });
    const localEntries = [await writeCompileEntry(local, 'source/other')];
    if (c.level.rel !== 'compile') localEntries.push(await writeCompileEntry(local, 'compile/other'));

    const where = path.join(cache, c.level.rel);
    await mkdir(path.dirname(where), { recursive: true });
    if (c.level.name === 'blob') {
      for (const name of ['stdout', 'stderr', 'exit_code', 'metadata']) {
        await writeFile(path.join(path.dirname(where), name), name === 'exit_code' ? '0' : '{}');
      }
    }
    const target = c.target?.(canary) ?? (c.kind === 'dir-symlink' ? c.level.dirTarget(canary) : canary.file);
    const planted = await plant(c.kind, where, { target });
    if (planted.skipped) {
      console.warn(`skipped: cannot make ${c.kind} here (not root)`);
      return { canary, where, warnings: [], skipped: true };
    }
    const before = snapshotTree(canary.dir);
    let restored: RestoreResult;
    let saved: SaveResult;
    try {
      restored = await withWatchdog(
        restore(b.remote, local, restoreOptions(b)),
        WATCHDOG_MS,
        `restore with ${c.kind} at ${c.level.rel}`
      );
      saved = await withWatchdog(
        save(local, b.remote, saveOptions(b, restored.manifest, c.uploadMode)),
        WATCHDOG_MS,
        `save with ${c.kind} at ${c.level.rel}`
      );
      expect(planted.hung()).toBe(false);
    } finally {
      await planted.close();
    }

    // Nothing outside the cache changed.
    expect(snapshotTree(canary.dir)).toEqual(before);
    // The bucket holds the legitimate entries' objects and nothing else (packs aside) ...
    const all = [...remoteEntries, ...localEntries];
    const keys = await bucketKeys(client, b.bucket);
    const asObjects = c.uploadMode === 'packs' ? remoteEntries : all;
    expect(keys.filter(k => !k.startsWith('cache/packs/'))).toEqual(objectKeys(asObjects));
    expect(keys.some(k => k.startsWith('cache/packs/'))).toBe(true);
    // ... and what a fresh restore gets from objects and packs is exactly them.
    expect(await restoredFresh(b)).toEqual(ids(all));
    const warnings = [...restored.warnings, ...saved.warnings, ...findings.map(f => f.message)];
    expect(warnings.filter(w => w.includes(where))).not.toEqual([]);
    return { canary, where, warnings, skipped: false };
  } finally {
    b.remote.destroy();
  }
}

const cases: [string, PlantKind, Level][] = [];
for (const level of LEVELS)
  for (const kind of PLANT_KINDS) cases.push([`${level.name}: ${kind}`, kind, level]);

describe('restore and save over a planted cache directory', () => {
  it.each(cases)('%s', async (_name, kind, level) => {
    await runSyncCase({ kind, level });
  });
});

describe('the same with upload mode packs (the pack writer reads the entries itself)', () => {
  const some = cases.filter(
    ([, kind, level]) =>
      ['fifo', 'dir-symlink', 'file-symlink'].includes(kind) &&
      ['tenant', 'entry', 'blob'].includes(level.name)
  );
  it.each(some)('%s', async (_name, kind, level) => {
    await runSyncCase({ kind, level, uploadMode: 'packs' });
  });
});

describe("the issue's table", () => {
  const level = (name: string): Level => LEVELS.find(l => l.name === name)!;

  it('a namespace directory symlinked to a directory holding a secret-looking entry: nothing of it is uploaded', async () => {
    const r = await runSyncCase({ kind: 'dir-symlink', level: level('tenant') });
    expect(r.warnings.some(w => w.includes('a symbolic link'))).toBe(true);
  });

  it('a namespace directory symlinked to another directory of entries: nothing there is pruned', async () => {
    const r = await runSyncCase({ kind: 'dir-symlink', level: level('namespace root') });
    const old = path.join(r.canary.dir, 'namespace', 'cd', 'cd'.repeat(32), 'output');
    expect((await lstat(old)).isFile()).toBe(true);
  });

  it('the staging directory symlinked to a home directory: notes.txt and project/important.txt stay', async () => {
    const r = await runSyncCase({ kind: 'dir-symlink', level: level('staging'), target: c => c.home });
    expect(await readFile(path.join(r.canary.home, 'notes.txt'), 'utf8')).toBe('my notes\n');
    expect(await readFile(path.join(r.canary.home, 'project', 'important.txt'), 'utf8')).toBe('important\n');
    expect(r.warnings.some(w => w.startsWith(`removed ${r.where}`))).toBe(true);
  });

  it('the same, planted before the pre step (restore): nothing there is deleted either', async () => {
    // runSyncCase plants before its restore; a staging child named like a dead importer's leftover
    // is what the restore's sweep acts on first.
    const r = await runSyncCase({ kind: 'dir-symlink', level: level('staging child'), target: c => c.home });
    expect(await readFile(path.join(r.canary.home, 'notes.txt'), 'utf8')).toBe('my notes\n');
    expect(await readFile(path.join(r.canary.home, 'project', 'important.txt'), 'utf8')).toBe('important\n');
  });
});
