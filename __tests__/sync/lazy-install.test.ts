/**
 * The lazy install (src/store/deferred-tier.ts): a restore with `install: lazy` keeps the pack
 * chunks compressed in the state directory and writes no entry; the disk store installs a chunk's
 * entries the first time one of them is asked for. Against the loopback S3 server and real disks.
 */
import { lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { assignStateDir } from '../../src/store/state-dir.js';
import { DEFERRED_DIR, deferredCounters } from '../../src/store/deferred-tier.js';
import { restore } from '../../src/sync/restore.js';
import { save } from '../../src/sync/save.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import type { PackSyncOptions } from '../../src/sync/packs/namespace-packs.js';
import { readCensus } from '../../src/sync/packs/census.js';
import type { UploadMode } from '../../src/sync/packs/namespace-packs.js';
import { writeCompileEntry, type WrittenEntry, SAVE_OPTIONS, RESTORE_OPTIONS } from './helpers.js';
import {
  encodeIndexJson,
  getObject,
  keysUnder,
  newerPackId,
  PACK_DIR,
  putObject,
  sha256,
  type LooseIndex
} from './hostile-bucket-helpers.js';

let server: RunningS3Server;
let client: S3Client;
let remote: S3CacheStore;
let bucketName: string;
let dirs: string[] = [];

beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  client = rawClient(server.endpoint);
  const bucket = `lazy-${randomBytes(6).toString('hex')}`;
  bucketName = bucket;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  remote = new S3CacheStore({ bucket, endpoint: server.endpoint, credentials: S3_TEST_CREDENTIALS });
  dirs = [];
});
afterEach(async () => {
  remote.destroy();
  client.destroy();
  for (const d of dirs) {
    assignStateDir(d, null);
    await rm(d, { recursive: true, force: true });
  }
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lazy-install-'));
  dirs.push(d);
  return d;
}

function packOptions(): PackSyncOptions {
  return { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' };
}

/** A cache directory with its own state directory (beside it, in the test's temp space). */
async function cacheDir(): Promise<{ dir: string; state: string }> {
  const dir = await tempDir();
  const state = await tempDir();
  assignStateDir(dir, state);
  return { dir, state };
}

/** Entries (1.5 MiB outputs: a 4 MiB chunk holds two or three) saved as packs (and objects, `both`). */
async function savedEntries(count: number, uploadMode: UploadMode = 'packs'): Promise<WrittenEntry[]> {
  const src = new DiskCacheStore(await tempDir());
  const entries: WrittenEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push(await writeCompileEntry(src, i % 2 ? 'compile/local' : 'compile/ci', 1536 * 1024));
  }
  await save(src, remote, { ...SAVE_OPTIONS, packs: packOptions(), uploadMode });
  return entries;
}

/** A lazy restore of the bucket into `dir`, as the action's pre step makes it. */
function restoreLazily(dir: string, local: DiskCacheStore = new DiskCacheStore(dir)) {
  return restore(remote, local, { ...RESTORE_OPTIONS, packs: packOptions(), install: 'lazy' });
}

function view(root: DiskCacheStore, namespace: string): DiskCacheStore {
  return namespace.split('/').reduce((v, p) => v.namespace(p), root);
}

function entryDir(dir: string, e: WrittenEntry): string {
  return join(dir, e.namespace, e.key.slice(0, 2), e.key);
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false
  );
}

test('a lazy restore writes no entry; the first ask installs its chunk, byte for byte, with the restored time', async () => {
  const entries = await savedEntries(8);
  const restoredAt = Date.now() - 1;
  const { dir, state } = await cacheDir();
  const r = await restoreLazily(dir);
  expect(r.namespaces[0]!.restoredEntries).toBe(8);
  expect(r.namespaces[0]!.keptPacked).toBe(8);
  // Nothing in the cache directory; one chunk file and the index in the state directory.
  expect(await readdir(dir)).toEqual([]);
  const kept = (await readdir(join(state, DEFERRED_DIR))).sort();
  expect(kept).toHaveLength(2);
  expect(kept[1]).toBe('index');
  expect(kept[0]).toMatch(/^chunks-[0-9a-f]{16}$/);

  const store = new DiskCacheStore(dir);
  const first = entries[0]!;
  const before = deferredCounters.chunksInstalled;
  const got = await view(store, first.namespace).get(first.key, 'output');
  expect(got?.equals(first.blobs.output!)).toBe(true);
  expect(deferredCounters.chunksInstalled).toBe(before + 1);
  // The whole chunk came in: some entries, not all of them.
  const present = await Promise.all(entries.map(e => exists(entryDir(dir, e))));
  expect(present[0]).toBe(true);
  expect(present.filter(Boolean).length).toBeGreaterThan(1);
  expect(present.filter(Boolean).length).toBeLessThan(entries.length);
  // Modes as the layout wants them, and the time the restore gave it (the pack's, not now).
  const st = await lstat(join(entryDir(dir, first), 'output'));
  expect(st.mode & 0o777).toBe(0o644);
  expect(st.mtimeMs).toBeLessThan(restoredAt);
  expect((await lstat(entryDir(dir, first))).mode & 0o777).toBe(0o755);

  // Every entry reads back whole through the store, whichever chunk it is in.
  for (const e of entries) {
    for (const [name, data] of Object.entries(e.blobs)) {
      const b = await view(store, e.namespace).get(e.key, name);
      expect(b?.equals(data)).toBe(true);
    }
    expect(await readFile(join(entryDir(dir, e), 'exit_code'), 'latin1')).toBe('0');
  }
  // A key nobody kept is a miss, and installs nothing.
  expect(await view(store, 'compile/local').get('ab'.repeat(32), 'output')).toBeNull();
  expect(await exists(join(dir, 'compile', 'local', 'ab'))).toBe(false);
});

test('has() finds a kept entry; a second lazy restore replaces what the first kept', async () => {
  const entries = await savedEntries(3);
  const { dir, state } = await cacheDir();
  await restoreLazily(dir);
  const firstKept = (await readdir(join(state, DEFERRED_DIR))).filter(n => n.startsWith('chunks-'));
  const e = entries[2]!;
  expect(await view(new DiskCacheStore(dir), e.namespace).has(e.key)).toBe(true);
  expect(await exists(entryDir(dir, e))).toBe(true);

  await restoreLazily(dir);
  const secondKept = (await readdir(join(state, DEFERRED_DIR))).filter(n => n.startsWith('chunks-'));
  // The first restore's chunk file is gone; what is not on disk was kept again, and is served.
  expect(secondKept).not.toContain(firstKept[0]);
  const onDisk = await Promise.all(entries.map(x => exists(entryDir(dir, x))));
  expect(secondKept).toHaveLength(onDisk.every(Boolean) ? 0 : 1);
  for (const x of entries) {
    const got = await view(new DiskCacheStore(dir), x.namespace).get(x.key, 'output');
    expect(got?.equals(x.blobs.output!)).toBe(true);
  }
});

test('a kept chunk that was changed installs nothing: its entries are misses', async () => {
  const entries = await savedEntries(2);
  const { dir, state } = await cacheDir();
  await restoreLazily(dir);
  const name = (await readdir(join(state, DEFERRED_DIR))).find(n => n.startsWith('chunks-'))!;
  const file = join(state, DEFERRED_DIR, name);
  const bytes = await readFile(file);
  // A byte in every 64 KiB: whichever chunk holds the entry asked for is changed.
  for (let at = 1000; at < bytes.length; at += 64 * 1024) bytes[at]! ^= 0xff;
  await writeFile(file, bytes);
  const refused = deferredCounters.refused;
  const e = entries[0]!;
  expect(await view(new DiskCacheStore(dir), e.namespace).get(e.key, 'output')).toBeNull();
  expect(deferredCounters.refused).toBe(refused + 1);
  expect(await readdir(dir)).toEqual([]);
});

test('an index that escapes the cache directory, or is a link, is ignored whole', async () => {
  const entries = await savedEntries(2);
  const { dir, state } = await cacheDir();
  await restoreLazily(dir);
  const indexFile = join(state, DEFERRED_DIR, 'index');
  const doc = JSON.parse(await readFile(indexFile, 'utf8')) as { entries: unknown[][] };
  const e = entries[0]!;

  // A namespace of "..": the whole index is refused, so even the honest entries are misses.
  const hostile = structuredClone(doc);
  hostile.entries[0]![1] = '../../outside';
  await writeFile(indexFile, JSON.stringify(hostile));
  expect(await view(new DiskCacheStore(dir), e.namespace).get(e.key, 'output')).toBeNull();
  expect(await readdir(dir)).toEqual([]);

  // The honest index behind a symlink: never followed.
  const elsewhere = join(await tempDir(), 'index');
  await writeFile(elsewhere, JSON.stringify(doc));
  await rm(indexFile);
  await symlink(elsewhere, indexFile);
  expect(await view(new DiskCacheStore(dir), e.namespace).get(e.key, 'output')).toBeNull();
  expect(await readdir(dir)).toEqual([]);

  // The same bytes as a regular file again: served.
  await rm(indexFile);
  await writeFile(indexFile, JSON.stringify(doc));
  expect(
    (await view(new DiskCacheStore(dir), e.namespace).get(e.key, 'output'))?.equals(e.blobs.output!)
  ).toBe(true);
});

test('a save after a lazy restore uploads only what the job wrote, used or not', async () => {
  const entries = await savedEntries(4);
  const { dir } = await cacheDir();
  const r = await restoreLazily(dir);
  const store = new DiskCacheStore(dir);
  // One used (installed from its chunk), one new.
  const used = entries[1]!;
  expect(await view(store, used.namespace).get(used.key, 'output')).not.toBeNull();
  const fresh = await writeCompileEntry(store, 'compile/local', 2000);
  const s = await save(store, remote, {
    ...SAVE_OPTIONS,
    manifest: r.manifest,
    packs: packOptions(),
    uploadMode: 'packs'
  });
  expect(s.namespaces[0]!.uploadedEntries).toBe(1);
  // A fresh cache directory restores all five, eagerly: on disk at once, nothing kept.
  const { dir: dir2, state: state2 } = await cacheDir();
  const r2 = await restore(remote, new DiskCacheStore(dir2), {
    ...RESTORE_OPTIONS,
    packs: packOptions(),
    install: 'eager'
  });
  expect(r2.namespaces[0]!.restoredEntries).toBe(5);
  expect(r2.namespaces[0]!.keptPacked).toBeUndefined();
  for (const e of [...entries, fresh]) expect(await exists(entryDir(dir2, e))).toBe(true);
  expect(await exists(join(state2, DEFERRED_DIR, 'index'))).toBe(false);
});

test('installKept writes every kept entry now, in every namespace, and leaves none kept', async () => {
  const entries = await savedEntries(5);
  const { dir } = await cacheDir();
  await restoreLazily(dir);
  const store = new DiskCacheStore(dir);
  expect(store.namespace('compile').kept()).toHaveLength(5);
  expect(await store.installKept()).toEqual({ entries: 5, stopped: null });
  for (const e of entries) expect(await exists(entryDir(dir, e))).toBe(true);
  expect(store.namespace('compile').kept()).toHaveLength(0);
  expect((await store.stats()).entries).toBe(5);
});

test('an index of over two million JSON values is refused before it is parsed, valid or not', async () => {
  const entries = await savedEntries(1);
  const { dir, state } = await cacheDir();
  await restoreLazily(dir);
  const indexFile = join(state, DEFERRED_DIR, 'index');
  const doc = JSON.parse(await readFile(indexFile, 'utf8')) as { entries: unknown[][] };
  // 21,000 more entries of 50 empty blobs each: valid by every other check (names, keys, ranges),
  // ~9 MiB (under the byte cap), 2.3 million values.
  const names = Array.from({ length: 50 }, (_, n) => `b${n}`);
  for (let n = 0; n < 21_000; n++) {
    doc.entries.push([0, 'compile/ci', n.toString(16).padStart(64, '0'), 0, 0, names.flatMap(b => [b, 0])]);
  }
  const text = JSON.stringify(doc);
  expect(text.length).toBeLessThan(16 * 1024 * 1024);
  await writeFile(indexFile, text);
  const refused = deferredCounters.refused;
  const e = entries[0]!;
  expect(await view(new DiskCacheStore(dir), e.namespace).get(e.key, 'output')).toBeNull();
  expect(deferredCounters.refused).toBe(refused + 1);
  expect(await readdir(dir)).toEqual([]);
});

test('a lazy install whose index would pass its limit installs the rest during the restore', async () => {
  const entries = await savedEntries(8);
  const { dir } = await cacheDir();
  // Room for about one chunk's records (a chunk holds two or three of these entries).
  class SmallIndex extends DiskCacheStore {
    override beginDeferred(): Promise<void> {
      return super.beginDeferred({ maxValues: 60, maxBytes: 1_000_000 });
    }
  }
  const r = await restoreLazily(dir, new SmallIndex(dir));
  const f = r.namespaces[0]!;
  expect(f.restoredEntries).toBe(8);
  expect(f.restoredFromPacks).toBe(8);
  expect(f.keptPacked).toBeGreaterThan(0);
  expect(f.keptPacked).toBeLessThan(8);
  // The rest is on disk now; every entry reads back whole either way.
  const onDisk = await Promise.all(entries.map(e => exists(entryDir(dir, e))));
  expect(onDisk.filter(Boolean)).toHaveLength(8 - f.keptPacked!);
  const store = new DiskCacheStore(dir);
  for (const e of entries) {
    expect((await view(store, e.namespace).get(e.key, 'output'))?.equals(e.blobs.output!)).toBe(true);
  }
});

test('a state directory shared by two cache directories: what one restore kept is not installed into the other', async () => {
  const entries = await savedEntries(1);
  const { dir, state } = await cacheDir();
  await restoreLazily(dir);
  // COMPILE_CACHE_STATE_DIR names a state directory outright, whatever cache directory is used.
  const other = await tempDir();
  assignStateDir(other, state);
  const e = entries[0]!;
  expect(await view(new DiskCacheStore(other), e.namespace).get(e.key, 'output')).toBeNull();
  expect(await readdir(other)).toEqual([]);
  // The cache directory it was kept for still gets it.
  expect(
    (await view(new DiskCacheStore(dir), e.namespace).get(e.key, 'output'))?.equals(e.blobs.output!)
  ).toBe(true);
});

describe('proving kept chunks decode', () => {
  /** The packs of namespace `compile`, oldest first, with their parsed indexes. */
  async function packs(): Promise<{ key: string; index: LooseIndex }[]> {
    const keys = (await keysUnder(client, bucketName, PACK_DIR)).filter(k => k.endsWith('.index'));
    return Promise.all(
      keys.map(async key => {
        const text = gunzipSync(await getObject(client, bucketName, key)).toString('utf8');
        return { key, index: JSON.parse(text.slice(text.indexOf('\n') + 1)) as LooseIndex };
      })
    );
  }

  /**
   * Chunk 0 of `index` replaced by random bytes of its length, with the index's `zsha256` made to
   * match them (as a writer with a codec bug, or an attacker, would leave it): the chunk passes
   * every check but decompression. Written over the pack, or as a newer copy of it (`newer`).
   * Returns the keys of the entries in that chunk.
   */
  async function undecodableChunk(index: LooseIndex, newer = false): Promise<string[]> {
    const data = await getObject(client, bucketName, `${PACK_DIR}${index.id}.pack`);
    const chunk = index.chunks[0]! as LooseIndex['chunks'][number] & { zsha256?: string };
    const junk = randomBytes(chunk.length);
    junk.copy(data, chunk.offset);
    chunk.zsha256 = sha256(junk);
    if (newer) index.id = newerPackId(1);
    await putObject(client, bucketName, `${PACK_DIR}${index.id}.pack`, data);
    await putObject(
      client,
      bucketName,
      `${PACK_DIR}${index.id}.index`,
      encodeIndexJson(JSON.stringify(index))
    );
    // The catalog's copy of the index would stand for the new one if their sizes happened to match.
    await client.send(new DeleteObjectCommand({ Bucket: bucketName, Key: 'cache/packs/compile/catalog' }));
    return (index.entries as { chunk: number; key: string }[]).filter(e => e.chunk === 0).map(e => e.key);
  }

  async function census() {
    return readCensus(s3PackBucket(remote.bucket), 'cache/packs/compile/');
  }

  test('the packs the only copy (the census counted no objects): kept without decompressing; a chunk that does not decode is a miss at its first ask', async () => {
    const entries = await savedEntries(6);
    expect(await census()).toMatchObject({ outsidePacks: 0, objects: 0 });
    const [pack] = await packs();
    const bad = new Set(await undecodableChunk(pack!.index));
    expect(bad.size).toBeGreaterThan(0);
    const { dir } = await cacheDir();
    const r = await restoreLazily(dir);
    // Every entry kept, the undecodable chunk's too: nothing else could have served them.
    expect(r.namespaces[0]!.keptPacked).toBe(6);
    expect(r.warnings).toEqual([]);
    // The store says so when it finds out (the wrapper counts it as a cache error, `kept-chunk`).
    const told: string[] = [];
    const store = new DiskCacheStore(dir, { onKeptRefused: why => told.push(why) });
    const refused = deferredCounters.refused;
    for (const e of entries) {
      const got = await view(store, e.namespace).get(e.key, 'output');
      if (bad.has(e.key)) expect(got).toBeNull();
      else expect(got?.equals(e.blobs.output!)).toBe(true);
    }
    expect(deferredCounters.refused).toBe(refused + 1);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(
      new RegExp(`a chunk the lazy install kept \\(${bad.size} entries, .*\\) was not installed`)
    );
  });

  test('the entries are objects too (upload mode both): the restore proves the chunk, finds it does not decode, and fetches its entries as objects', async () => {
    const entries = await savedEntries(6, 'both');
    expect(await census()).toMatchObject({ outsidePacks: 0, objects: 6 });
    const [pack] = await packs();
    const bad = await undecodableChunk(pack!.index);
    const { dir } = await cacheDir();
    const r = await restoreLazily(dir);
    const f = r.namespaces[0]!;
    expect(f.restoredEntries).toBe(6);
    expect(f.keptPacked).toBe(6 - bad.length);
    expect(f.failed).toBe(0);
    const store = new DiskCacheStore(dir);
    for (const e of entries)
      expect((await view(store, e.namespace).get(e.key, 'output'))?.equals(e.blobs.output!)).toBe(true);
  });

  test('another pack holds the entries: a newer copy whose chunk does not decode does not shadow the good one', async () => {
    const entries = await savedEntries(6);
    const [pack] = await packs();
    const bad = await undecodableChunk(structuredClone(pack!.index), true);
    expect(await packs()).toHaveLength(2);
    const { dir } = await cacheDir();
    const r = await restoreLazily(dir);
    const f = r.namespaces[0]!;
    expect(f.keptPacked).toBe(6);
    expect(bad.length).toBeGreaterThan(0);
    const store = new DiskCacheStore(dir);
    for (const e of entries)
      expect((await view(store, e.namespace).get(e.key, 'output'))?.equals(e.blobs.output!)).toBe(true);
  });

  test('objects written after a restore trusted a census of no objects are counted in it, so the next restore proves their chunks', async () => {
    await savedEntries(2);
    const counted = await census();
    expect(counted).toMatchObject({ outsidePacks: 0, objects: 0 });
    const { dir } = await cacheDir();
    const r = await restoreLazily(dir);
    expect(r.manifest.namespaces.compile!.remoteFrom).toBe('packs');
    const store = new DiskCacheStore(dir);
    const fresh = await writeCompileEntry(store, 'compile/local', 1536 * 1024);
    await save(store, remote, {
      ...SAVE_OPTIONS,
      manifest: r.manifest,
      packs: packOptions(),
      uploadMode: 'both'
    });
    expect(await census()).toEqual({ ...counted, objects: 1 });

    // Its pack's chunk made undecodable: the next lazy restore gets the entry as objects.
    const newest = (await packs()).find(p =>
      (p.index.entries as { key: string }[]).some(e => e.key === fresh.key)
    )!;
    expect(await undecodableChunk(newest.index)).toEqual([fresh.key]);
    const { dir: dir2 } = await cacheDir();
    const r2 = await restoreLazily(dir2);
    expect(r2.namespaces[0]!.restoredEntries).toBe(3);
    expect(r2.namespaces[0]!.keptPacked).toBe(2);
    const got = await view(new DiskCacheStore(dir2), fresh.namespace).get(fresh.key, 'output');
    expect(got?.equals(fresh.blobs.output!)).toBe(true);
  });
});
