/**
 * DiskCacheStore.importChunk: a restore's pack chunk installed at once, in an import worker by
 * default (the chunk's buffer transferred there), on the main thread when no worker takes it.
 * Either way the chunk's sha256 is checked before anything is installed, each entry goes in
 * atomically, and nothing is written through a link planted under the cache directory.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ChunkChecksumError, type ChunkImport, DiskCacheStore } from '../../src/store/disk.js';
import { hexKey, removeTempDirs, tempDir } from './disk-helpers.js';
import { codecAvailable, compressChunk, decompressChunk } from '../../src/sync/packs/format.js';

afterAll(removeTempDirs);

const BLOBS: [string, string][] = [
  ['output', 'OBJECT-'],
  ['stdout', ''],
  ['exit_code', '0']
];

/** A chunk of `n` entries (keys from `first`), each BLOBS with its index appended to the output. */
function chunk(
  n: number,
  first: number,
  mtime: Date,
  pad = 0
): { raw: Buffer; sha256: string; entries: ChunkImport[] } {
  const parts: Buffer[] = [];
  const entries: ChunkImport[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const blobs = BLOBS.map(([name, text]) => ({
      name,
      data: Buffer.from(name === 'output' ? `${text}${i}${' '.repeat(pad)}` : text)
    }));
    entries.push({
      namespace: 'compile/local',
      key: hexKey(first + i),
      blobs: blobs.map(b => ({ name: b.name, size: b.data.length })),
      offset: at,
      mtime
    });
    for (const b of blobs) {
      parts.push(b.data);
      at += b.data.length;
    }
  }
  // A buffer of its own, as decompressChunk makes it: what a worker can take over.
  const raw = Buffer.allocUnsafeSlow(at);
  Buffer.concat(parts).copy(raw);
  return { raw, sha256: createHash('sha256').update(raw).digest('hex'), entries };
}

async function installedOutputs(store: DiskCacheStore, keys: string[]): Promise<(string | null)[]> {
  const view = store.namespace('compile').namespace('local');
  return Promise.all(keys.map(async k => (await view.get(k, 'output'))?.toString() ?? null));
}

describe('importChunk', () => {
  it.each(['gzip', 'zstd'] as const)(
    'takes over a chunk as the %s decompressor leaves it: a small one in place (a byte longer than the chunk), one over 4 MiB copied into one buffer',
    async codec => {
      if (!codecAvailable(codec)) return;
      for (const [n, pad] of [
        [3, 0],
        [2, 2 << 20]
      ] as const) {
        const root = await tempDir();
        const store = new DiskCacheStore(root);
        const c = chunk(n, 0x1000, new Date('2024-05-06T07:08:09.000Z'), pad);
        const raw = await decompressChunk(codec, await compressChunk(codec, 3, c.raw), c.raw.length);
        expect(raw.equals(c.raw)).toBe(true);
        const size = raw.length;
        expect(await store.importChunk(raw, c.sha256, c.entries)).toEqual(c.entries.map(() => true));
        // Transferred to a worker, not installed on this thread: the view is empty now.
        expect(raw.length).toBeLessThan(size);
        const keys = c.entries.map(e => e.key as string);
        const last = await installedOutputs(store, [keys[n - 1]!]);
        expect(last).toEqual([`OBJECT-${n - 1}${' '.repeat(pad)}`]);
      }
    }
  );

  it('installs every entry of a chunk with its time and modes, through a worker that takes the buffer over', async () => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    const mtime = new Date('2024-05-06T07:08:09.000Z');
    const c = chunk(20, 0x40, mtime);
    const size = c.raw.length;
    expect(await store.importChunk(c.raw, c.sha256, c.entries)).toEqual(c.entries.map(() => true));
    // Transferred to the worker (the default): the caller's view is empty now.
    expect(c.raw.length).toBeLessThan(size);
    const keys = c.entries.map(e => e.key as string);
    expect(await installedOutputs(store, keys)).toEqual(keys.map((_, i) => `OBJECT-${i}`));
    const view = store.namespace('compile').namespace('local');
    const entry = view.entryPath(keys[3]!);
    expect((await fs.stat(entry)).mode & 0o777).toBe(0o755);
    for (const [name] of BLOBS) {
      const st = await fs.stat(path.join(entry, name));
      expect(st.mode & 0o777).toBe(0o644);
      expect(st.mtime.getTime()).toBe(mtime.getTime());
    }
    expect(await fs.readdir(path.join(root, '.staging'))).toEqual([]);

    // Again: every entry is there already, nothing changes.
    const again = chunk(20, 0x40, new Date(0));
    expect(await store.importChunk(again.raw, again.sha256, again.entries)).toEqual(
      again.entries.map(() => false)
    );
    expect((await fs.stat(path.join(entry, 'output'))).mtime.getTime()).toBe(mtime.getTime());
  });

  it('installs nothing from a chunk that fails its sha256, in the worker and on the main thread', async () => {
    for (const inWorker of [true, false]) {
      const root = await tempDir();
      const store = new DiskCacheStore(root);
      const c = chunk(5, 0x60, new Date(0));
      let raw = c.raw;
      raw[0] = raw[0]! ^ 1;
      // A view into a larger buffer cannot be handed over whole: the main thread installs it.
      if (!inWorker) raw = Buffer.concat([raw, Buffer.from('tail')]).subarray(0, c.raw.length);
      await expect(store.importChunk(raw, c.sha256, c.entries)).rejects.toThrow(ChunkChecksumError);
      expect(
        await installedOutputs(
          store,
          c.entries.map(e => e.key as string)
        )
      ).toEqual(c.entries.map(() => null));
      expect(await fs.readdir(path.join(root, '.staging'))).toEqual([]);
    }
  });

  it('installs on the main thread when the buffer cannot be handed over, with the same checks', async () => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    const mtime = new Date('2023-01-02T03:04:05.000Z');
    const c = chunk(6, 0x70, mtime);
    const shared = Buffer.concat([c.raw, Buffer.from('more')]);
    const raw = shared.subarray(0, c.raw.length);
    expect(await store.importChunk(raw, c.sha256, c.entries)).toEqual(c.entries.map(() => true));
    expect(raw.length).toBe(c.raw.length); // not transferred
    const keys = c.entries.map(e => e.key as string);
    expect(await installedOutputs(store, keys)).toEqual(keys.map((_, i) => `OBJECT-${i}`));
    const st = await fs.stat(
      path.join(store.namespace('compile').namespace('local').entryPath(keys[0]!), 'output')
    );
    expect(st.mtime.getTime()).toBe(mtime.getTime());
  });

  it('fails an entry that runs past the chunk or has a bad name alone, and installs the others', async () => {
    const store = new DiskCacheStore(await tempDir());
    const c = chunk(4, 0x80, new Date(0));
    c.entries[1] = { ...c.entries[1]!, offset: c.raw.length - 1 };
    c.entries[2] = { ...c.entries[2]!, blobs: [{ name: '../escape', size: 1 }] };
    const out = await store.importChunk(c.raw, c.sha256, c.entries);
    expect(out[0]).toBe(true);
    expect(out[1]).toBeInstanceOf(Error);
    expect(out[2]).toBeInstanceOf(Error);
    expect(out[3]).toBe(true);
    const keys = c.entries.map(e => e.key as string);
    expect(await installedOutputs(store, keys)).toEqual(['OBJECT-0', null, null, 'OBJECT-3']);
  });

  it('never installs through a symlink planted as a shard or at an entry path, and reports it', async () => {
    const root = await tempDir();
    const outside = await tempDir();
    const findings: string[] = [];
    const store = new DiskCacheStore(root, { onUnsafe: f => findings.push(f.path) });
    const c = chunk(3, 0x90, new Date(0));
    const local = path.join(root, 'compile', 'local');
    await fs.mkdir(local, { recursive: true });
    // Entry 0's shard is a link; entry 1's shard is real and its entry path is a link.
    const [key0, key1, key2] = c.entries.map(e => e.key as string) as [string, string, string];
    await fs.symlink(outside, path.join(local, key0.slice(0, 2)));
    await fs.mkdir(path.join(local, key1.slice(0, 2)));
    await fs.symlink(outside, path.join(local, key1.slice(0, 2), key1));
    const out = await store.importChunk(c.raw, c.sha256, c.entries);
    expect(out).toEqual([false, false, true]);
    expect(await fs.readdir(outside)).toEqual([]);
    expect(findings).toEqual(
      expect.arrayContaining([path.join(local, key0.slice(0, 2)), path.join(local, key1.slice(0, 2), key1)])
    );
    expect(await installedOutputs(store, [key2])).toEqual(['OBJECT-2']);
    expect(await fs.readdir(path.join(root, '.staging'))).toEqual([]);
  });
});
