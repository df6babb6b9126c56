/**
 * The save from the journal of written entries, and the save-side fixes of issue 11, against the
 * embedded server and Ceph's RGW (describeEachTarget): real disk stores and journals in temp dirs,
 * restores writing real manifests, an SDK client to look at the bucket, faults from the proxy.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { DiskCacheStore } from '../../src/store/disk.js';
import { EntryJournal, journalLine } from '../../src/store/journal.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { namespaceView } from '../../src/sync/entries.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { defaultPackPrefix } from '../../src/sync/packs/format.js';
import type { PackSyncOptions } from '../../src/sync/packs/namespace-packs.js';
import { listPacks } from '../../src/sync/packs/read.js';
import { restore } from '../../src/sync/restore.js';
import { save, type SaveOptions } from '../../src/sync/save.js';
import type { SyncManifest } from '../../src/sync/manifest.js';
import { FaultProxy, s3Operations } from '../../testkit/fault-proxy.js';
import { plantFifo } from '../helpers/hostile-tree.js';
import { describeEachTarget, embeddedTarget, freshBucket, rawClient, type S3Target } from '../helpers/s3.js';
import {
  bucketKeys,
  COMPILE_BLOBS,
  SAVE_OPTIONS,
  randomKey,
  RecordingStore,
  writeCompileEntry
} from './helpers.js';

const DAY = 24 * 3600_000;

function saveOptions(o: Partial<SaveOptions> = {}): SaveOptions {
  return { ...SAVE_OPTIONS, refreshOlderThanMs: DAY, ...o };
}

/** An entry with given blobs, written through the store's put (as the wrapper writes). */
async function putEntry(disk: DiskCacheStore, ns: string, key: string, blobs: Record<string, Buffer>) {
  const view = namespaceView(disk, ns);
  for (const [name, data] of Object.entries(blobs)) await view.put(key, name, data);
}

function compileBlobs(seed: string, extras = false): Record<string, Buffer> {
  const blobs: Record<string, Buffer> = {
    output: Buffer.from(`object code of ${seed}`.repeat(50)),
    stdout: Buffer.from(''),
    stderr: Buffer.from(''),
    exit_code: Buffer.from('0'),
    metadata: Buffer.from(JSON.stringify({ compiler: 'gcc', seed }))
  };
  if (extras) blobs.extras = Buffer.from(`depfile of ${seed}`);
  return blobs;
}

describeEachTarget('save from the journal', (server: S3Target) => {
  let client: S3Client;
  const dirs: string[] = [];
  const stores: S3CacheStore[] = [];

  beforeAll(() => {
    client = rawClient(server.endpoint, server.credentials);
  });
  afterAll(async () => {
    for (const s of stores) s.destroy();
    client.destroy();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function tempDir(): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), 'save-journal-'));
    dirs.push(d);
    return d;
  }

  async function bucketStore(): Promise<{ bucket: string; remote: S3CacheStore; packs: PackSyncOptions }> {
    const bucket = await freshBucket('save-journal', server);
    const remote = new S3CacheStore({ bucket, endpoint: server.endpoint, credentials: server.credentials });
    stores.push(remote);
    return {
      bucket,
      remote,
      packs: { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' }
    };
  }

  /** A job's cache directory with its own journal, started as the restore starts it. */
  async function job(): Promise<{ dir: string; disk: DiskCacheStore; journal: EntryJournal }> {
    const dir = await tempDir();
    const journal = new EntryJournal(await tempDir());
    await journal.start();
    return { dir, disk: new DiskCacheStore(dir, { journal }), journal };
  }

  it('uploads what the journal names without walking the store, then nothing the next time', async () => {
    const { remote, packs } = await bucketStore();
    const seed = await job();
    for (let i = 0; i < 6; i++) await writeCompileEntry(seed.disk, 'compile/local');
    await save(seed.disk, remote, saveOptions({ uploadMode: 'objects' }));

    const j = await job();
    const r = await restore(remote, j.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
    const fresh = [
      await writeCompileEntry(j.disk, 'compile/local'),
      await writeCompileEntry(j.disk, 'compile/ci')
    ];
    const log: string[] = [];
    const recorder = new RecordingStore(remote);
    const s = await save(
      j.disk,
      recorder,
      saveOptions({ manifest: r.manifest, packs, log: l => log.push(l) })
    );
    expect(s.warnings).toEqual([]);
    expect(s.namespaces[0]).toMatchObject({
      localScan: 'journal',
      uploadedEntries: 2,
      packsWritten: 1,
      failed: 0,
      sizeAfter: { entries: 8 }
    });
    expect(log.join('\n')).toMatch(/from the journal, 2 entries written .* nothing to clean/);
    const puts = new Set(recorder.events.map(e => e.entry));
    expect([...puts].sort()).toEqual(fresh.map(e => `${e.namespace}/${e.key}`).sort());

    const again = new RecordingStore(remote);
    const s2 = await save(j.disk, again, saveOptions({ manifest: r.manifest, packs }));
    expect(s2.namespaces[0]).toMatchObject({
      localScan: 'journal',
      uploadedEntries: 0
    });
    expect(s2.namespaces[0]!.packsWritten ?? 0).toBe(0);
    expect(again.events).toEqual([]);
  });

  it('walks, and says why, with no journal, or one started after the restore', async () => {
    const { remote } = await bucketStore();
    const dir = await tempDir();
    const journal = new EntryJournal(await tempDir());
    const disk = new DiskCacheStore(dir, { journal });
    const r = await restore(remote, disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
    await writeCompileEntry(disk, 'compile/local');
    const log: string[] = [];
    const s = await save(disk, remote, saveOptions({ manifest: r.manifest, log: l => log.push(l) }));
    expect(s.namespaces[0]).toMatchObject({ localScan: 'walk', uploadedEntries: 1 });
    expect(log).toContain(
      'not using the journal of written entries (no journal cursor): walking the disk store'
    );

    await journal.start(Date.parse(r.manifest.restoredAt) + 1000);
    await writeCompileEntry(disk, 'compile/local');
    const log2: string[] = [];
    const s2 = await save(disk, remote, saveOptions({ manifest: r.manifest, log: l => log2.push(l) }));
    expect(s2.namespaces[0]).toMatchObject({ localScan: 'walk', uploadedEntries: 1 });
    expect(log2.join('\n')).toContain('the journal was started after the restore');
  });

  it('walks when the clean has work, and still uploads every journaled entry', async () => {
    const { remote } = await bucketStore();
    const j = await job();
    const r = await restore(remote, j.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
    const written = [];
    for (let i = 0; i < 3; i++) written.push(await writeCompileEntry(j.disk, 'compile/local', 5000));
    const log: string[] = [];
    const s = await save(
      j.disk,
      remote,
      saveOptions({ manifest: r.manifest, localMaxSize: 12_000, log: l => log.push(l) })
    );
    expect(log.join('\n')).toContain('over max-size');
    expect(s.namespaces[0]).toMatchObject({ localScan: 'walk', uploadedEntries: 2 });
    expect(s.namespaces[0]!.evictedLocal.bySize.entries).toBe(1);
  });

  it('skips with a warning a journaled entry whose blob is a symlink, and uploads the rest', async () => {
    const { bucket, remote } = await bucketStore();
    const j = await job();
    const r = await restore(remote, j.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
    const bad = await writeCompileEntry(j.disk, 'compile/local');
    const good = await writeCompileEntry(j.disk, 'compile/local');
    const outside = join(await tempDir(), 'secret');
    await writeFile(outside, 'not for the bucket');
    const output = join(j.dir, 'compile', 'local', bad.key.slice(0, 2), bad.key, 'output');
    await unlink(output);
    await symlink(outside, output);
    const s = await save(j.disk, remote, saveOptions({ manifest: r.manifest, uploadMode: 'objects' }));
    expect(s.namespaces[0]).toMatchObject({ localScan: 'journal', uploadedEntries: 1, incompleteSkipped: 1 });
    expect(s.warnings.join('\n')).toContain(output);
    const keys = await bucketKeys(client, bucket);
    expect(keys.some(k => k.includes(bad.key))).toBe(false);
    expect(keys.filter(k => k.includes(good.key))).toHaveLength(COMPILE_BLOBS.length);
  });

  it('still names what a build planted (issue 12) without entering the restored entries', async () => {
    const { remote } = await bucketStore();
    const seed = await job();
    const restored = [];
    for (let i = 0; i < 3; i++) restored.push(await writeCompileEntry(seed.disk, 'compile/local'));
    await save(seed.disk, remote, saveOptions({ uploadMode: 'objects' }));
    const j = await job();
    const r = await restore(remote, j.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
    const fresh = await writeCompileEntry(j.disk, 'compile/local');
    const ns = join(j.dir, 'compile', 'local');
    // A link in a shard where an entry would be, and a FIFO in an entry directory nobody wrote.
    const shard = join(ns, fresh.key.slice(0, 2));
    const link = join(shard, `${fresh.key.slice(0, 2)}${'e'.repeat(62)}`);
    await symlink(await tempDir(), link);
    const stray = join(shard, `${fresh.key.slice(0, 2)}${'d'.repeat(62)}`);
    await mkdir(stray);
    await writeFile(join(stray, 'exit_code'), '0');
    const fifo = plantFifo(join(stray, 'output'));
    // A restored entry's blob swapped for a FIFO: the sweep does not enter restored entries (their
    // blobs were installed by the restore and never change), so nothing opens it or blocks on it.
    const r0 = restored[0]!;
    const swapped = join(ns, r0.key.slice(0, 2), r0.key, 'stdout');
    await unlink(swapped);
    const inRestored = plantFifo(swapped);
    try {
      const log: string[] = [];
      const s = await save(j.disk, remote, saveOptions({ manifest: r.manifest, log: l => log.push(l) }));
      expect(s.namespaces[0]).toMatchObject({ localScan: 'journal', uploadedEntries: 1, failed: 0 });
      expect(log.join('\n')).toMatch(/from the journal, 1 entries written .* nothing to clean/);
      const warned = s.warnings.join('\n');
      expect(warned).toContain(link);
      expect(warned).toContain(join(stray, 'output'));
      expect(warned).not.toContain(swapped);
      expect(fifo.hung()).toBe(false);
      expect(inRestored.hung()).toBe(false);
    } finally {
      await fifo.close();
      await inRestored.close();
    }
  });

  it('replaces an entry the bucket holds without a blob the build needs (issue 11 b), metadata last', async () => {
    const { bucket, remote, packs } = await bucketStore();
    // Written by another tool: no `extras` although the compile has a depfile.
    const key = randomKey();
    const remoteView = remote.namespace('compile').namespace('local');
    for (const [name, data] of Object.entries(compileBlobs('x'))) await remoteView.put(key, name, data);

    const j = await job();
    const r = await restore(remote, j.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
    expect(r.namespaces[0]).toMatchObject({ restoredEntries: 1 });
    // The wrapper found it unusable, compiled, and stored the whole entry again.
    await putEntry(j.disk, 'compile/local', key, compileBlobs('x', true));

    const recorder = new RecordingStore(remote);
    const s = await save(j.disk, recorder, saveOptions({ manifest: r.manifest, packs }));
    expect(s.warnings).toEqual([]);
    expect(s.namespaces[0]).toMatchObject({ uploadedEntries: 1, replacedRemote: 1, alreadyRemote: 0 });
    const puts = recorder.events.filter(e => e.kind === 'start').map(e => e.name);
    expect(puts[puts.length - 1]).toBe('metadata');
    expect(puts).toContain('extras');
    expect(await bucketKeys(client, bucket, `cache/compile/local/${key.slice(0, 2)}/${key}/`)).toContain(
      `cache/compile/local/${key.slice(0, 2)}/${key}/extras`
    );
    const listing = await listPacks(packs.bucket, defaultPackPrefix('cache/', 'compile'));
    const packed = listing.indexes.flatMap(i => i.entries).find(e => e.key === key)!;
    expect(packed.blobs.map(b => b.name)).toContain('extras');

    // The next job gets the usable entry, and the save after it has nothing to replace.
    const next = await job();
    const r2 = await restore(remote, next.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
    const extras = join(next.dir, 'compile', 'local', key.slice(0, 2), key, 'extras');
    expect(await readFile(extras, 'utf8')).toBe('depfile of x');
    const s2 = await save(next.disk, remote, saveOptions({ manifest: r2.manifest, packs }));
    expect(s2.namespaces[0]).toMatchObject({ uploadedEntries: 0 });
  });

  it('leaves an entry the build rewrote alone when the bucket copy has every blob', async () => {
    const { remote } = await bucketStore();
    const key = randomKey();
    const remoteView = remote.namespace('compile').namespace('local');
    for (const [name, data] of Object.entries(compileBlobs('y', true))) await remoteView.put(key, name, data);
    const j = await job();
    const r = await restore(remote, j.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
    await putEntry(j.disk, 'compile/local', key, compileBlobs('y', true));
    const recorder = new RecordingStore(remote);
    const s = await save(j.disk, recorder, saveOptions({ manifest: r.manifest, uploadMode: 'objects' }));
    expect(s.namespaces[0]).toMatchObject({ uploadedEntries: 0, replacedRemote: 0 });
    expect(recorder.events).toEqual([]);
  });

  it('new entries another job packed meanwhile stay out of the pack: the pack built early is dropped, and only the rest goes up', async () => {
    const { bucket, remote, packs } = await bucketStore();
    const keys = Array.from({ length: 10 }, () => randomKey());
    const j = await job();
    const other = await job();
    const manifest = (await restore(remote, j.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 }))
      .manifest;
    const otherManifest = (
      await restore(remote, other.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 })
    ).manifest;
    for (const k of keys) await putEntry(j.disk, 'compile/local', k, compileBlobs(k));
    for (const k of keys.slice(0, 4)) await putEntry(other.disk, 'compile/local', k, compileBlobs(k));
    const first = await save(
      other.disk,
      remote,
      saveOptions({ manifest: otherManifest, packs, uploadMode: 'packs' })
    );
    expect(first.namespaces[0]).toMatchObject({ uploadedEntries: 4, packsWritten: 1 });

    const s = await save(j.disk, remote, saveOptions({ manifest, packs, uploadMode: 'packs' }));
    expect(s.namespaces[0]).toMatchObject({
      uploadedEntries: 6,
      alreadyRemote: 4,
      packsWritten: 1,
      failed: 0
    });
    // Two packs and their indexes (and the catalog): nothing of the pack built before the listing came back.
    expect(await bucketKeys(client, bucket, 'cache/packs/compile/v1/')).toHaveLength(4);
    const listing = await listPacks(packs.bucket, defaultPackPrefix('cache/', 'compile'));
    const newest = [...listing.indexes].sort((a, b) => (a.id < b.id ? 1 : -1))[0]!;
    expect(newest.entries.map(e => e.key).sort()).toEqual(keys.slice(4).sort());
  });

  it('two saves of the same entries at once: each entry counted uploaded by one, in the bucket by the other (issue 11 a)', async () => {
    const { bucket, remote, packs } = await bucketStore();
    const keys = Array.from({ length: 40 }, () => randomKey());
    const jobs = [await job(), await job()];
    const manifests: SyncManifest[] = [];
    for (const j of jobs) {
      manifests.push(
        (await restore(remote, j.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 })).manifest
      );
      for (const k of keys) await putEntry(j.disk, 'compile/local', k, compileBlobs(k));
    }
    const [a, b] = await Promise.all(
      jobs.map((j, i) => save(j.disk, remote, saveOptions({ manifest: manifests[i]!, packs })))
    );
    const na = a!.namespaces[0]!;
    const nb = b!.namespaces[0]!;
    expect(na.failed + nb.failed).toBe(0);
    expect(na.uploadedEntries + nb.uploadedEntries).toBe(40);
    expect(na.alreadyRemote + nb.alreadyRemote).toBe(40);
    const objects = await bucketKeys(client, bucket, 'cache/compile/');
    expect(objects).toHaveLength(40 * COMPILE_BLOBS.length);

    // A third job with the same entries, after both: nothing goes up, no pack is written again.
    const third = await job();
    const r3 = await restore(remote, third.disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
    for (const k of keys) await putEntry(third.disk, 'compile/local', k, compileBlobs(k));
    const late = await save(third.disk, remote, saveOptions({ manifest: manifests[0]!, packs }));
    expect(r3.namespaces[0]).toMatchObject({ restoredEntries: 40 });
    expect(late.namespaces[0]).toMatchObject({ uploadedEntries: 0, alreadyRemote: 40, packsWritten: 0 });
  });
});

describe('save from the journal, failed uploads [embedded]', () => {
  let proxy: FaultProxy;
  const dirs: string[] = [];
  beforeAll(async () => {
    proxy = await FaultProxy.start(embeddedTarget().endpoint);
  });
  afterAll(async () => {
    await proxy.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('keeps an entry whose upload failed in the journal, and the next save uploads it', async () => {
    const target = embeddedTarget();
    const bucket = await freshBucket('save-journal-fail', target);
    const remote = new S3CacheStore({ bucket, endpoint: proxy.endpoint, credentials: target.credentials });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'save-journal-'));
      const state = await mkdtemp(join(tmpdir(), 'save-journal-state-'));
      dirs.push(dir, state);
      const journal = new EntryJournal(state);
      await journal.start();
      const disk = new DiskCacheStore(dir, { journal });
      const r = await restore(remote, disk, { namespaces: ['compile'], maxBytes: 0, concurrency: 8 });
      const ok = await writeCompileEntry(disk, 'compile/local');
      const failing = await writeCompileEntry(disk, 'compile/local');
      proxy.failNext({
        status: 403,
        code: 'AccessDenied',
        count: 1000,
        match: (m, p, h) => s3Operations.putObject(m, p, h) && p.includes(failing.key)
      });
      const s = await save(disk, remote, saveOptions({ manifest: r.manifest, uploadMode: 'objects' }));
      expect(s.namespaces[0]).toMatchObject({ localScan: 'journal', uploadedEntries: 1, failed: 1 });
      const left = await journal.read();
      expect(left.usable && left.read.lines).toEqual([journalLine('written', 'compile/local', failing.key)]);

      proxy.clearRules();
      const s2 = await save(disk, remote, saveOptions({ manifest: r.manifest, uploadMode: 'objects' }));
      expect(s2.namespaces[0]).toMatchObject({ localScan: 'journal', uploadedEntries: 1, failed: 0 });
      expect(ok.key).not.toBe(failing.key);
    } finally {
      remote.destroy();
    }
  });
});
