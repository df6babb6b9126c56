/** Packs against the loopback S3 server: written, read, compacted, pruned, torn packs ignored. */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { freshBucket, rawClient } from '../helpers/s3.js';
import { type PackBucket, getBuffer } from '../../src/sync/packs/bucket.js';
import { sdkPackBucket } from '../../testkit/sdk-pack-bucket.js';
import {
  decodeIndex,
  defaultPackPrefix,
  encodeIndex,
  entryId,
  packDataKey,
  packIndexKey,
  parsePackKey,
  type PackIndex
} from '../../src/sync/packs/format.js';
import { listPacks, readPack, restoreFromPacks } from '../../src/sync/packs/read.js';
import { writePacks, type PackSourceEntry } from '../../src/sync/packs/write.js';
import { compactPacks } from '../../src/sync/packs/compact.js';
import { prunePacks } from '../../src/sync/packs/prune.js';

const PREFIX = defaultPackPrefix('cache/', 'compile');

/** Deterministic entries: compressible outputs of varied size, and the small blobs (some empty). */
function makeEntries(n: number, seed: string, ns = 'local'): PackSourceEntry[] {
  const out: PackSourceEntry[] = [];
  for (let i = 0; i < n; i++) {
    const key = createHash('sha256').update(`${seed}:${i}`).digest('hex');
    const unit = createHash('sha256').update(key).digest();
    const size = 1000 + ((i * 7919) % 30000);
    const output = Buffer.alloc(size);
    for (let p = 0; p < size; p += unit.length) unit.copy(output, p, 0, Math.min(unit.length, size - p));
    for (let p = 0; p < size; p += 97) output[p] = (i + p) & 0xff;
    out.push({
      ns,
      key,
      mtime: 1_700_000_000_000 + i * 1000,
      blobs: [
        { name: 'output', data: output },
        { name: 'stdout', data: Buffer.alloc(0) },
        { name: 'stderr', data: i % 5 === 0 ? Buffer.from(`warning ${i}\n`) : Buffer.alloc(0) },
        { name: 'exit_code', data: Buffer.from('0') },
        { name: 'metadata', data: Buffer.from(JSON.stringify({ compiler: 'gcc', i })) }
      ]
    });
  }
  return out;
}

type Restored = Map<string, { name: string; data: Buffer }[]>;

function collector(): {
  got: Restored;
  sink: (
    e: PackSourceEntry | { ns: string; key: string },
    b: { name: string; data: Buffer }[]
  ) => Promise<void>;
} {
  const got: Restored = new Map();
  return {
    got,
    sink: async (e, blobs) => {
      got.set(
        entryId(e.ns, e.key),
        blobs.map(b => ({ name: b.name, data: Buffer.from(b.data) }))
      );
    }
  };
}

function expectSame(got: Restored, entries: PackSourceEntry[]): void {
  for (const e of entries) {
    const blobs = got.get(entryId(e.ns, e.key));
    expect(blobs).toBeDefined();
    expect(blobs!.map(b => b.name)).toEqual(e.blobs.map(b => b.name));
    blobs!.forEach((b, i) => expect(b.data.equals(e.blobs[i]!.data)).toBe(true));
  }
}

async function keys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const res = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (res.Contents ?? []).map(o => o.Key!).sort();
}

let client: S3Client;
let bucketName: string;
let bucket: PackBucket;

beforeEach(async () => {
  client = rawClient();
  bucketName = await freshBucket('pack');
  bucket = sdkPackBucket(client, bucketName);
});
afterEach(() => client.destroy());

test('pack keys live outside the entry layout and sort by time', () => {
  expect(PREFIX).toBe('cache/packs/compile/');
  const key = packDataKey(PREFIX, 'p1700000000000-abcdef');
  expect(key).toBe('cache/packs/compile/v1/p1700000000000-abcdef.pack');
  // No segment is a hex key, so no listing can take a pack object for `<hh>/<hex>/<name>`.
  for (const seg of key.split('/')) expect(/^[0-9a-f]+$/.test(seg)).toBe(false);
  expect(parsePackKey(PREFIX, key)).toEqual({ id: 'p1700000000000-abcdef', kind: 'pack' });
  expect(parsePackKey(PREFIX, 'cache/compile/local/ab/abcd/output')).toBeNull();
});

test('packs are written in several chunks and packs, listed newest first and read back byte for byte', async () => {
  const entries = makeEntries(60, 'write');
  let t = 1_800_000_000_000;
  const { packs } = await writePacks(bucket, entries, {
    packPrefix: PREFIX,
    codec: 'gzip',
    targetPackBytes: 40_000,
    chunkBytes: 16_000,
    now: () => t++
  });
  expect(packs.length).toBeGreaterThan(1);
  expect(packs.some(p => p.chunks.length > 1)).toBe(true);
  expect(packs.reduce((n, p) => n + p.entries.length, 0)).toBe(60);
  // Compressed: the packs are smaller than the raw entries.
  expect(packs.reduce((n, p) => n + p.packBytes, 0)).toBeLessThan(packs.reduce((n, p) => n + p.rawBytes, 0));

  const listing = await listPacks(bucket, PREFIX);
  expect(listing.torn).toEqual([]);
  expect(listing.indexes.map(i => i.id)).toEqual(packs.map(p => p.id).reverse());

  const { got, sink } = collector();
  const r = await restoreFromPacks(bucket, PREFIX, { want: () => true, sink, listing });
  expect(r.entries).toBe(60);
  expect(r.errors).toEqual([]);
  // One GET per pack for a full read.
  expect(r.requests).toBe(packs.length);
  expectSame(got, entries);
});

test('a partial read fetches only the chunks it needs, by range', async () => {
  const entries = makeEntries(40, 'partial');
  const { packs } = await writePacks(bucket, entries, {
    packPrefix: PREFIX,
    codec: 'gzip',
    targetPackBytes: 10 << 20,
    chunkBytes: 20_000
  });
  expect(packs).toHaveLength(1);
  const index = packs[0]!;
  const lastChunk = index.chunks.length - 1;
  const wanted = index.entries.filter(e => e.chunk === lastChunk);
  const { got, sink } = collector();
  const r = await readPack(bucket, PREFIX, index, wanted, sink);
  expect(r.failed).toEqual([]);
  expect(r.requests).toBe(1);
  expect(r.bytesRead).toBe(index.chunks[lastChunk]!.length);
  expectSame(
    got,
    entries.filter(e => wanted.some(w => w.key === e.key))
  );
});

test('hands several entries of a chunk to the sink at once, never more than sinkConcurrency', async () => {
  const entries = makeEntries(24, 'sinks');
  const { packs } = await writePacks(bucket, entries, {
    packPrefix: PREFIX,
    codec: 'gzip',
    chunkBytes: 1 << 20
  });
  const index = packs[0]!;
  expect(index.chunks).toHaveLength(1);
  const { got, sink } = collector();
  let inFlight = 0;
  let most = 0;
  const slowSink: typeof sink = async (e, blobs) => {
    most = Math.max(most, ++inFlight);
    await new Promise(resolve => setTimeout(resolve, 5));
    await sink(e, blobs);
    inFlight--;
  };
  const r = await readPack(bucket, PREFIX, index, index.entries, slowSink, { sinkConcurrency: 4 });
  expect(r.failed).toEqual([]);
  expect(r.restored).toHaveLength(24);
  expect(most).toBe(4);
  expectSame(got, entries);
});

test('torn packs are ignored and a corrupt chunk falls back, the rest is still served', async () => {
  const entries = makeEntries(30, 'torn');
  let t = 1_800_000_000_000;
  const write = (part: PackSourceEntry[]) =>
    writePacks(bucket, part, { packPrefix: PREFIX, codec: 'gzip', chunkBytes: 20_000, now: () => t++ });
  const a = (await write(entries.slice(0, 10))).packs[0]!;
  const b = (await write(entries.slice(10, 20))).packs[0]!;
  const c = (await write(entries.slice(20, 30))).packs[0]!;
  // a: the writer died before the index; b: the index was cut off; c: a chunk was damaged.
  await bucket.delete([packIndexKey(PREFIX, a.id)]);
  const bIndex = (await getBuffer(bucket, packIndexKey(PREFIX, b.id)))!;
  await bucket.put(packIndexKey(PREFIX, b.id), bIndex.subarray(0, bIndex.length - 20));
  const cData = (await getBuffer(bucket, packDataKey(PREFIX, c.id)))!;
  const firstChunk = c.chunks[0]!;
  const at = firstChunk.offset + Math.floor(firstChunk.length / 2);
  cData[at] = cData[at]! ^ 0xff;
  await bucket.put(packDataKey(PREFIX, c.id), cData);
  // And a torn index whose checksum does not match what it says.
  const forged = decodeIndex(encodeIndex({ ...c, id: 'p1800000000009-aaaaaa' }));
  const bad = encodeIndex(forged);
  await bucket.put(packIndexKey(PREFIX, 'p1800000000009-aaaaaa'), bad.subarray(0, 10));
  await bucket.put(packDataKey(PREFIX, 'p1800000000009-aaaaaa'), Buffer.alloc(forged.packBytes));

  const listing = await listPacks(bucket, PREFIX);
  expect(listing.indexes.map(i => i.id)).toEqual([c.id]);
  expect(listing.torn.map(x => x.id).sort()).toEqual([a.id, b.id, 'p1800000000009-aaaaaa'].sort());

  const { got, sink } = collector();
  const r = await restoreFromPacks(bucket, PREFIX, { want: () => true, sink, listing });
  const damaged = c.entries.filter(e => e.chunk === 0).map(e => entryId(e.ns, e.key));
  expect(damaged.length).toBeGreaterThan(0);
  expect(r.errors.join('\n')).toMatch(/chunk 0/);
  for (const id of damaged) expect(r.restored.has(id)).toBe(false);
  const intact = entries.slice(20, 30).filter(e => !damaged.includes(entryId(e.ns, e.key)));
  expect(intact.length).toBeGreaterThan(0);
  expect(r.entries).toBe(intact.length);
  expectSame(got, intact);
});

test("a chunk is checked by its compressed bytes' sha256 when the index has one, by its raw bytes' when not (an older writer)", async () => {
  const entries = makeEntries(6, 'zsha');
  const { packs } = await writePacks(bucket, entries, { packPrefix: PREFIX, codec: 'gzip' });
  const index = packs[0]!;
  expect(index.chunks.every(c => /^[0-9a-f]{64}$/.test(c.zsha256 ?? ''))).toBe(true);
  const wrongHash = 'f'.repeat(64);
  const readWith = async (chunks: PackIndex['chunks']) => {
    await bucket.put(packIndexKey(PREFIX, index.id), encodeIndex({ ...index, chunks }));
    const { got, sink } = collector();
    const r = await restoreFromPacks(bucket, PREFIX, { want: () => true, sink });
    // The chunk sink (the disk store's path) is told which sha256 it still has to check.
    const digests: (string | undefined)[] = [];
    const viaChunks = await restoreFromPacks(bucket, PREFIX, {
      want: () => true,
      sink,
      chunkSink: async (raw, digest, list) => {
        digests.push(digest);
        if (digest !== undefined && createHash('sha256').update(raw).digest('hex') !== digest) {
          throw new Error('chunk fails its checksum');
        }
        return list.map(() => null);
      }
    });
    return { r, got, viaChunks, digests };
  };

  // As written: every entry, and nothing left for the sink to check.
  const ok = await readWith(index.chunks);
  expect(ok.r.entries).toBe(6);
  expectSame(ok.got, entries);
  expect(ok.viaChunks.entries).toBe(6);
  expect(ok.digests.every(d => d === undefined)).toBe(true);

  // A compressed sha256 that does not match the bytes: nothing of the chunk is served.
  const badZ = await readWith(index.chunks.map(c => ({ ...c, zsha256: wrongHash })));
  expect(badZ.r.entries).toBe(0);
  expect(badZ.viaChunks.entries).toBe(0);
  expect(badZ.r.errors.join('\n')).toMatch(/fails its checksum/);

  // No compressed sha256 (an older writer): the raw one is checked, here and by the chunk sink.
  const older = index.chunks.map(({ zsha256: _z, ...c }) => c);
  const plain = await readWith(older);
  expect(plain.r.entries).toBe(6);
  expect(plain.digests).toEqual(index.chunks.map(c => c.sha256));
  const badRaw = await readWith(older.map(c => ({ ...c, sha256: wrongHash })));
  expect(badRaw.r.entries).toBe(0);
  expect(badRaw.viaChunks.entries).toBe(0);
});

test('a pack in a codec this reader cannot decode is skipped', async () => {
  const entries = makeEntries(5, 'codec');
  const { packs } = await writePacks(bucket, entries, { packPrefix: PREFIX, codec: 'gzip' });
  const index = packs[0]!;
  // Claim an unknown codec: readers without it must skip, readers with it fail the checksum.
  await bucket.put(packIndexKey(PREFIX, index.id), encodeIndex({ ...index, codec: 'zstd' }));
  const { sink } = collector();
  const r = await restoreFromPacks(bucket, PREFIX, { want: () => true, sink });
  expect(r.entries).toBe(0);
});

test('compaction merges small packs and rewrites mostly-dead ones, every live entry kept', async () => {
  const entries = makeEntries(40, 'compact');
  let t = 1_800_000_000_000;
  for (let i = 0; i < 4; i++) {
    await writePacks(bucket, entries.slice(i * 10, i * 10 + 10), {
      packPrefix: PREFIX,
      codec: 'gzip',
      now: () => t++
    });
  }
  const before = await listPacks(bucket, PREFIX);
  expect(before.indexes).toHaveLength(4);

  const merged = await compactPacks(bucket, { packPrefix: PREFIX, codec: 'gzip', now: () => t++ });
  expect(merged.replaced.sort()).toEqual(before.indexes.map(i => i.id).sort());
  expect(merged.written).toHaveLength(1);
  expect(merged.entries).toBe(40);
  const after = await listPacks(bucket, PREFIX);
  expect(after.indexes.map(i => i.id)).toEqual(merged.written.map(i => i.id));
  expect(await keys(client, bucketName, PREFIX)).toHaveLength(2);
  {
    const { got, sink } = collector();
    await restoreFromPacks(bucket, PREFIX, { want: () => true, sink });
    expectSame(got, entries);
  }

  // Three quarters evicted: the pack is rewritten with the live quarter only.
  const liveKeys = new Set(entries.slice(0, 10).map(e => e.key));
  const sparse = await compactPacks(bucket, {
    packPrefix: PREFIX,
    codec: 'gzip',
    live: e => liveKeys.has(e.key),
    now: () => t++
  });
  expect(sparse.replaced).toEqual(merged.written.map(i => i.id));
  expect(sparse.entries).toBe(10);
  const { got, sink } = collector();
  await restoreFromPacks(bucket, PREFIX, { want: () => true, sink });
  expect(got.size).toBe(10);
  expectSame(got, entries.slice(0, 10));
});

test('pruning deletes packs with no live entry, then the oldest over the size limit, and old torn packs', async () => {
  const entries = makeEntries(30, 'prune');
  let t = 1_800_000_000_000;
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { packs } = await writePacks(bucket, entries.slice(i * 10, i * 10 + 10), {
      packPrefix: PREFIX,
      codec: 'gzip',
      now: () => t++
    });
    ids.push(packs[0]!.id);
  }
  // A torn pack: data without an index.
  await bucket.put(packDataKey(PREFIX, 'p1700000000000-dead00'), Buffer.from('partial'));

  // Entries of the first pack were all evicted from the bucket.
  const evicted = new Set(entries.slice(0, 10).map(e => e.key));
  const young = await prunePacks(bucket, { packPrefix: PREFIX, live: e => !evicted.has(e.key) });
  expect(young.deleted).toEqual([expect.objectContaining({ id: ids[0], reason: 'no live entries' })]);
  expect(young.remaining.packs).toBe(2);
  // The torn pack is young (it may be being written): kept for now.
  expect((await listPacks(bucket, PREFIX)).torn.map(x => x.id)).toEqual(['p1700000000000-dead00']);

  const listing = await listPacks(bucket, PREFIX);
  const newest = listing.indexes[0]!;
  const later = await prunePacks(bucket, {
    packPrefix: PREFIX,
    maxBytes: newest.packBytes,
    now: () => Date.now() + 2 * 3_600_000
  });
  expect(later.deleted.map(d => [d.id, d.reason])).toEqual([
    [ids[1], 'size'],
    ['p1700000000000-dead00', 'torn']
  ]);
  expect(later.remaining).toEqual({ packs: 1, bytes: newest.packBytes });
  expect(await keys(client, bucketName, PREFIX)).toEqual(
    [packDataKey(PREFIX, ids[2]!), packIndexKey(PREFIX, ids[2]!)].sort()
  );
});

test('a restore mixing packs and objects reproduces every entry byte for byte', async () => {
  // 0–19 in packs and objects, 20–29 objects only (e.g. written by the Go fleet), 30–39 packs only.
  const entries = makeEntries(40, 'mixed');
  await writePacks(bucket, [...entries.slice(0, 20), ...entries.slice(30, 40)], {
    packPrefix: PREFIX,
    codec: 'gzip',
    chunkBytes: 30_000
  });
  for (const e of entries.slice(0, 30)) {
    for (const b of e.blobs) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucketName,
          Key: `cache/compile/${e.ns}/${e.key.slice(0, 2)}/${e.key}/${b.name}`,
          Body: b.data
        })
      );
    }
  }
  const { got, sink } = collector();
  const fromPacks = await restoreFromPacks(bucket, PREFIX, { want: () => true, sink });
  expect(fromPacks.entries).toBe(30);
  // The rest per object, as the sync's restore does for what no pack held.
  const objects = await keys(client, bucketName, 'cache/compile/');
  const byEntry = new Map<string, string[]>();
  for (const k of objects) {
    const [, , ns, , hex, name] = k.split('/');
    const id = entryId(ns!, hex!);
    if (fromPacks.restored.has(id)) continue;
    byEntry.set(id, [...(byEntry.get(id) ?? []), name!]);
  }
  expect(byEntry.size).toBe(10);
  for (const [id, names] of byEntry) {
    const [ns, hex] = id.split('/');
    const blobs = [];
    for (const name of ['output', 'stdout', 'stderr', 'exit_code', 'metadata'].filter(n =>
      names.includes(n)
    )) {
      const res = await client.send(
        new GetObjectCommand({
          Bucket: bucketName,
          Key: `cache/compile/${ns}/${hex!.slice(0, 2)}/${hex}/${name}`
        })
      );
      blobs.push({ name, data: Buffer.from(await res.Body!.transformToByteArray()) });
    }
    await sink({ ns: ns!, key: hex! }, blobs);
  }
  expect(got.size).toBe(40);
  expectSame(got, entries);
});
