/**
 * Prepacking (src/sync/packs/prepack.ts, prepacked.ts): the job's new entries packed into the state
 * directory ahead of the save, which then sends those chunks instead of reading and compressing the
 * entries. Against the real servers (s3rver, and RGW when it is up), through the fault proxy that
 * counts requests; the state directory is treated as untrusted (damaged chunks, planted links).
 */
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskCacheStore } from '../../src/store/disk.js';
import { EntryJournal } from '../../src/store/journal.js';
import type { S3CacheStore } from '../../src/store/s3.js';
import { restore } from '../../src/sync/restore.js';
import { save } from '../../src/sync/save.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { PackIndexCache } from '../../src/sync/packs/index-cache.js';
import { PACK_MAGIC } from '../../src/sync/packs/format.js';
import type { PackSyncOptions } from '../../src/sync/packs/namespace-packs.js';
import { prepackJournaled, prepackedDir, PREPACKED_DIR } from '../../src/sync/packs/prepack.js';
import { chunksFor } from '../../src/sync/packs/prepacked.js';
import type { PresealedChunk } from '../../src/sync/packs/write.js';
import { describeEachTarget, type S3Target } from '../helpers/s3.js';
import { isPackIndex, pathOf, useProxiedBucket } from './proxied-bucket.js';
import {
  writeCompileEntry,
  type WrittenEntry,
  SAVE_OPTIONS,
  RESTORE_OPTIONS,
  expectEntriesOnDisk
} from './helpers.js';

describeEachTarget('prepacking the new entries ahead of the save', (target: S3Target) => {
  const b = useProxiedBucket(target, 'prepack');

  function packs(remote: S3CacheStore, indexCache?: PackIndexCache): PackSyncOptions {
    return { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip', indexCache };
  }

  /** A bucket with `count` entries in a pack, and a job restored from it (journal started). */
  async function job(count = 3) {
    const src = new DiskCacheStore(await b.tempDir());
    const seed: WrittenEntry[] = [];
    for (let i = 0; i < count; i++) seed.push(await writeCompileEntry(src, 'compile/local', 2000 + i));
    await save(src, b.direct, { ...SAVE_OPTIONS, packs: packs(b.direct), uploadMode: 'packs' });
    const dir = await b.tempDir();
    // The job's state directory, and its journal started as the job's restore starts it.
    const env = { ...process.env, COMPILE_CACHE_STATE_DIR: await b.tempDir() };
    const journal = EntryJournal.of(dir, env);
    await journal.start();
    const disk = () => new DiskCacheStore(dir, { journal });
    const copies = new PackIndexCache(join(await b.tempDir(), 'manifest.json.pack-indexes'));
    const r = await restore(b.viaProxy, disk(), {
      ...RESTORE_OPTIONS,
      packs: packs(b.viaProxy, copies)
    });
    const logs: string[] = [];
    return {
      dir,
      seed,
      logs,
      journal,
      disk,
      prepack: (codec: 'gzip' | 'br' = 'gzip') => prepackJournaled({ cacheDir: dir, env, codec }),
      /** The prepacked folder of the journal the restore started. */
      async folder(): Promise<string> {
        const state = await journal.read();
        if (!state.usable) throw new Error(state.reason);
        return join(prepackedDir(journal.location, state.read.id), 'v1');
      },
      save: async () => {
        b.proxy.resetCounts();
        return save(disk(), b.viaProxy, {
          ...SAVE_OPTIONS,
          manifest: r.manifest,
          packs: packs(b.viaProxy, copies),
          log: l => logs.push(l)
        });
      }
    };
  }

  /** Every entry of `entries` restored from the bucket into a new directory, byte for byte. */
  async function expectInBucket(entries: readonly WrittenEntry[]): Promise<void> {
    const dest = await b.tempDir();
    const r = await restore(b.direct, new DiskCacheStore(dest), {
      ...RESTORE_OPTIONS,
      packs: packs(b.direct)
    });
    expect(r.namespaces[0]!.restoredEntries).toBeGreaterThanOrEqual(entries.length);
    await expectEntriesOnDisk(dest, entries);
  }

  const newPacks = () =>
    b.proxy.requests.filter(r => r.method === 'PUT' && pathOf(r).endsWith('.pack')).map(r => pathOf(r));

  test('the save sends the prepacked chunks without reading the entries again, and removes them', async () => {
    const j = await job();
    const local = j.disk();
    const fresh = [
      await writeCompileEntry(local, 'compile/local', 5000),
      await writeCompileEntry(local, 'compile/local', 5001),
      await writeCompileEntry(local, 'compile/other', 5002)
    ];
    // A partial entry (no metadata: a compile cut off) is not prepacked.
    await writeCompileEntry(local, 'compile/local', 10, ['metadata']);

    const p = await j.prepack();
    expect(p).toMatchObject({ entries: 3, packs: 2, earlier: 0 });
    expect(p.bytes).toBe(fresh.reduce((n, e) => n + e.size, 0));

    // The entries' bytes are in the chunks: the save must not need their files any more.
    for (const e of fresh) await rm(join(j.dir, e.namespace, e.key.slice(0, 2), e.key, 'output'));

    const s = await j.save();
    expect(s.warnings).toEqual([]);
    const ns = s.namespaces[0]!;
    expect(ns.uploadedEntries).toBe(3);
    expect(ns.packsWritten).toBe(1);
    expect(newPacks()).toHaveLength(1);
    expect(j.logs.some(l => /4 entries written \(3 of them packed ahead\)/.test(l))).toBe(true);
    await expectInBucket([...j.seed, ...fresh]);
    // Done with: the prepacked packs are gone.
    expect(await readdir(await j.folder())).toEqual([]);
  });

  test('a second run packs only what came since the first; the save takes both', async () => {
    const j = await job();
    const local = j.disk();
    const first = [await writeCompileEntry(local, 'compile/local', 3000)];
    expect(await j.prepack()).toMatchObject({ entries: 1, packs: 1 });
    expect(await j.prepack()).toMatchObject({
      entries: 0,
      earlier: 1,
      note: 'nothing new since the last run'
    });
    const second = [
      await writeCompileEntry(local, 'compile/local', 3001),
      await writeCompileEntry(local, 'compile/local', 3002)
    ];
    expect(await j.prepack()).toMatchObject({ entries: 2, earlier: 1 });
    for (const e of [...first, ...second])
      await rm(join(j.dir, e.namespace, e.key.slice(0, 2), e.key, 'output'));

    const s = await j.save();
    expect(s.namespaces[0]!.uploadedEntries).toBe(3);
    expect(newPacks()).toHaveLength(1);
    await expectInBucket([...first, ...second]);
  });

  test('a chunk that fails its checksum is left out: its entries are read from the cache directory', async () => {
    const j = await job();
    const local = j.disk();
    const fresh = [
      await writeCompileEntry(local, 'compile/local', 4000),
      await writeCompileEntry(local, 'compile/local', 4001)
    ];
    await j.prepack();
    const folder = await j.folder();
    const packFile = (await readdir(folder)).find(n => n.endsWith('.pack'))!;
    const data = await readFile(join(folder, packFile));
    data[PACK_MAGIC.length + 20] = data[PACK_MAGIC.length + 20]! ^ 0xff;
    await writeFile(join(folder, packFile), data);

    const s = await j.save();
    expect(s.warnings).toEqual([]);
    expect(s.namespaces[0]!.uploadedEntries).toBe(2);
    expect(j.logs.some(l => /not using a prepacked pack: .*fail their checksum/.test(l))).toBe(true);
    expect(j.logs.some(l => /packed ahead/.test(l))).toBe(false);
    await expectInBucket(fresh);
  });

  test('a pack in another codec, or an index that is not one, is left out', async () => {
    const j = await job();
    const fresh = [await writeCompileEntry(j.disk(), 'compile/local', 4100)];
    // The save writes gzip; this pack is brotli.
    await j.prepack('br');
    const folder = await j.folder();
    await writeFile(join(folder, 'p0000000000001-00.index'), 'not an index');
    await writeFile(join(folder, 'p0000000000001-00.pack'), PACK_MAGIC);

    const s = await j.save();
    expect(s.namespaces[0]!.uploadedEntries).toBe(1);
    expect(j.logs.filter(l => /not using a prepacked pack/.test(l))).toHaveLength(2);
    expect(j.logs.some(l => /in br, the save writes gzip/.test(l))).toBe(true);
    await expectInBucket(fresh);
  });

  test('a folder with more packs than the prepacking writes is read only up to its bounds', async () => {
    const j = await job();
    const fresh = [await writeCompileEntry(j.disk(), 'compile/local', 4150)];
    await j.prepack();
    const folder = await j.folder();
    for (let i = 0; i < 300; i++) {
      const id = `p${String(i).padStart(13, '0')}-0a`;
      await writeFile(join(folder, `${id}.index`), 'planted');
      await writeFile(join(folder, `${id}.pack`), PACK_MAGIC);
    }

    const s = await j.save();
    expect(s.warnings).toEqual([]);
    expect(s.namespaces[0]!.uploadedEntries).toBe(1);
    expect(j.logs.some(l => /and the packs after it: over 256 packs/.test(l))).toBe(true);
    await expectInBucket(fresh);
  });

  test('a planted link in place of the prepacked folder is never written through, read or emptied', async () => {
    const j = await job();
    const fresh = [await writeCompileEntry(j.disk(), 'compile/local', 4200)];
    const folder = await j.folder();
    const outside = await b.tempDir();
    const bait = join(outside, 'p0000000000002-aa.index');
    await writeFile(bait, 'outside');
    await mkdir(join(folder, '..'), { recursive: true });
    await symlink(outside, folder);

    await expect(j.prepack()).rejects.toThrow(/not a real directory|symbolic link|a symlink/);
    expect(await readdir(outside)).toEqual(['p0000000000002-aa.index']);

    const s = await j.save();
    expect(s.namespaces[0]!.uploadedEntries).toBe(1);
    expect(await readFile(bait, 'utf8')).toBe('outside');
    await expectInBucket(fresh);
  });

  test('a new journal (the next restore) drops the folders of the old one', async () => {
    const j = await job();
    await writeCompileEntry(j.disk(), 'compile/local', 4300);
    await j.prepack();
    const old = await j.folder();
    await j.journal.start();
    await writeCompileEntry(j.disk(), 'compile/local', 4301);
    expect(await j.prepack()).toMatchObject({ entries: 1, earlier: 0 });
    const root = join(j.journal.location.dir, PREPACKED_DIR);
    expect(await readdir(root)).toHaveLength(1);
    await expect(readdir(old)).rejects.toThrow(/ENOENT/);
  });

  test('without a journal there is nothing to prepack', async () => {
    const dir = await b.tempDir();
    const env = { ...process.env, COMPILE_CACHE_STATE_DIR: await b.tempDir() };
    const r = await prepackJournaled({ cacheDir: dir, env, codec: 'gzip' });
    expect(r.entries).toBe(0);
    expect(r.note).toMatch(/no journal to pack from/);
    expect(b.proxy.requests.filter(isPackIndex)).toHaveLength(0);
  });
});

describe('chunksFor', () => {
  const entry = (ns: string, key: string) => ({
    ns,
    key,
    mtime: 1,
    blobs: [{ name: 'output', size: 1 }],
    chunk: 0,
    offset: 0
  });
  const chunk = (...entries: ReturnType<typeof entry>[]): PresealedChunk => ({
    compressed: Buffer.from('x'),
    rawLength: entries.length,
    sha256: '0'.repeat(64),
    entries
  });

  test('rebases the namespace paths to the saved namespace, takes only chunks whose entries are all wanted, each entry once', () => {
    const a = chunk(entry('compile/local', 'aa'), entry('compile/local', 'bb'));
    const b = chunk(entry('compile/local', 'cc'), entry('manifests', 'dd'));
    const c = chunk(entry('compile/local', 'aa'));
    const d = chunk(entry('compile', 'ee'));
    const got = chunksFor([a, b, c, d], 'compile', new Set(['local/aa', 'local/bb', 'local/cc', 'ee']));
    expect(got.map(x => x.entries.map(e => `${e.ns}|${e.key}`))).toEqual([['local|aa', 'local|bb'], ['|ee']]);
    // A chunk with an entry that is not wanted is not taken.
    expect(chunksFor([a], 'compile', new Set(['local/aa']))).toEqual([]);
    // Nested: the saved namespace is the entries' own.
    expect(chunksFor([a], 'compile/local', new Set(['aa', 'bb']))[0]!.entries.map(e => e.ns)).toEqual([
      '',
      ''
    ]);
    // A namespace that only shares a prefix of the name is not below it.
    expect(chunksFor([chunk(entry('compiler', 'ff'))], 'compile', new Set(['r/ff', 'ff']))).toEqual([]);
  });
});
