/**
 * The schema check of a pack index, on its own: an index unusable as a whole is refused with the
 * reason, a bad entry is dropped (counted by reason) while the good ones of the same index stay,
 * and what comes out holds only the known fields. Decompression of indexes and chunks is capped, so
 * is what JSON.parse may allocate, and the writer stays within the caps the reader applies.
 */
import { gzipSync } from 'node:zlib';
import {
  decodeIndexChecked,
  decompressChunk,
  encodeIndex,
  MAX_CHUNK_BYTES,
  MAX_INDEX_BYTES,
  MAX_INDEX_VALUES,
  PACK_FORMAT,
  PACK_MAGIC,
  sha256,
  TornPackError,
  type PackIndex
} from '../../src/sync/packs/format.js';
import {
  checkPackIndex,
  countJsonValues,
  describeDropped,
  entryValues,
  PackIndexSchemaError
} from '../../src/sync/packs/index-schema.js';
import { getBuffer } from '../../src/sync/packs/bucket.js';
import { sdkPackBucket } from '../../testkit/sdk-pack-bucket.js';
import { writePacks } from '../../src/sync/packs/write.js';
import { freshBucket, rawClient } from '../helpers/s3.js';
import { gzipZeros, MiB } from './hostile-bucket-fixtures.js';

const KEY = 'ab'.repeat(32);
const expectation = { format: PACK_FORMAT, dataStart: PACK_MAGIC.length, id: 'p1700000000000-abcdef' };

/** A valid index: two chunks, three entries. */
function validIndex(): PackIndex {
  return {
    format: PACK_FORMAT,
    id: 'p1700000000000-abcdef',
    codec: 'gzip',
    created: 1_700_000_000_000,
    packBytes: 8 + 100 + 50,
    rawBytes: 1000 + 400,
    chunks: [
      { offset: 8, length: 100, rawLength: 1000, sha256: 'a'.repeat(64) },
      { offset: 108, length: 50, rawLength: 400, sha256: 'b'.repeat(64) }
    ],
    entries: [
      {
        ns: 'local',
        key: KEY,
        mtime: 1_700_000_000_000,
        blobs: [{ name: 'output', size: 600 }],
        chunk: 0,
        offset: 0
      },
      {
        ns: '',
        key: 'cd'.repeat(32),
        mtime: 1,
        blobs: [
          { name: 'output', size: 300 },
          { name: 'exit_code', size: 1 },
          { name: 'metadata', size: 99 }
        ],
        chunk: 0,
        offset: 600
      },
      {
        ns: 'ci/linux',
        key: 'ef'.repeat(32),
        mtime: 2,
        blobs: [{ name: 'stdout', size: 400 }],
        chunk: 1,
        offset: 0
      }
    ]
  };
}

/** The index as loose JSON, to put anything in. */
function loose(): Record<string, unknown> & { chunks: Record<string, unknown>[]; entries: unknown[] } {
  return JSON.parse(JSON.stringify(validIndex())) as never;
}

test('a valid index passes whole, and comes back with only its known fields', () => {
  const raw = loose();
  raw.extra = 'ignored';
  (raw.entries[0] as Record<string, unknown>).evil = { nested: true };
  (raw.chunks[0] as Record<string, unknown>).more = 1;
  const r = checkPackIndex(raw, expectation);
  expect(r.dropped.total).toBe(0);
  expect(r.listed).toBe(3);
  expect(r.index).toEqual(validIndex());
  // Through the real encoding too.
  const decoded = decodeIndexChecked(encodeIndex(validIndex()), 'p1700000000000-abcdef');
  expect(decoded.index).toEqual(validIndex());
});

test.each<[string, (i: ReturnType<typeof loose>) => unknown, RegExp]>([
  ['not an object', () => [1, 2], /not an object/],
  ['null', () => null, /not an object/],
  ['an unknown format', i => ({ ...i, format: 2 }), /pack format 2 is not known/],
  ['another pack id', i => ({ ...i, id: 'p1700000000001-abcdef' }), /names pack p1700000000001-abcdef/],
  [
    'a codec that is no codec name',
    i => ({ ...i, codec: '../zstd' }),
    /codec "\.\.\/zstd" is not a codec name/
  ],
  ['a pack size that is not a number', i => ({ ...i, packBytes: '158' }), /pack size "158"/],
  ['a negative raw size', i => ({ ...i, rawBytes: -1 }), /raw size -1/],
  ['chunks that are not a list', i => ({ ...i, chunks: { 0: i.chunks[0] } }), /chunks .* is not a list/],
  ['a chunk that is null', i => ({ ...i, chunks: [null] }), /chunk 0 is not an object/],
  ['a chunk length that is not a count', i => ((i.chunks[1]!.length = 1.5), i), /chunk 1: .*not byte counts/],
  ['a gap between chunks', i => ((i.chunks[1]!.offset = 120), i), /chunk 1 starts at 120, expected 108/],
  ['overlapping chunks', i => ((i.chunks[1]!.offset = 50), i), /chunk 1 starts at 50/],
  [
    'a chunk past the end of the pack',
    i => ({ ...i, packBytes: 120 }),
    /chunk 1 ends at 158, past the pack's 120/
  ],
  [
    'chunks that end before the pack',
    i => ({ ...i, packBytes: 200 }),
    /chunks end at 158, but the pack is 200/
  ],
  ['a checksum that is not sha256 hex', i => ((i.chunks[0]!.sha256 = 'A'.repeat(64)), i), /sha256 .* is not/],
  [
    'a compressed checksum that is not sha256 hex',
    i => ((i.chunks[1]!.zsha256 = 12), i),
    /chunk 1: zsha256 12 is not a sha256 in hex/
  ],
  [
    'entries that are not a list',
    i => ({ ...i, entries: 'all of them' }),
    /entries "all of them" is not a list/
  ]
])('an index with %s is refused whole', (_what, mutate, message) => {
  const bad = mutate(loose());
  expect(() => checkPackIndex(bad, expectation)).toThrow(PackIndexSchemaError);
  expect(() => checkPackIndex(bad, expectation)).toThrow(message);
});

const entryCases: [string, (e: Record<string, unknown>) => void, string, RegExp][] = [
  ['namespace ..', e => (e.ns = '..'), 'bad namespace', /namespace "\.\."/],
  ['namespace .', e => (e.ns = '.'), 'bad namespace', /namespace "\."/],
  ['a path through ..', e => (e.ns = 'local/../../etc'), 'bad namespace', /not a valid namespace path/],
  ['a dot directory', e => (e.ns = '.git'), 'bad namespace', /\.git/],
  ['a backslash', e => (e.ns = 'a\\..\\b'), 'bad namespace', /namespace/],
  ['a control character', e => (e.ns = 'lo\u0007cal'), 'bad namespace', /namespace/],
  ['a leading slash', e => (e.ns = '/local'), 'bad namespace', /namespace/],
  ['an empty segment', e => (e.ns = 'a//b'), 'bad namespace', /namespace/],
  ['a namespace that is not a string', e => (e.ns = ['local']), 'bad namespace', /not a string/],
  ['an upper-case key', e => (e.key = KEY.toUpperCase()), 'bad key', /not lowercase hex/],
  ['a key that is a path', e => (e.key = '../ab'), 'bad key', /not lowercase hex/],
  ['an odd-length key', e => (e.key = 'abc'), 'bad key', /not lowercase hex/],
  ['a time that is a string', e => (e.mtime = '1700000000000'), 'bad time', /mtime "1700000000000"/],
  ['a time past the Date range', e => (e.mtime = 1e300), 'bad time', /mtime 1e\+300/],
  ['a negative time', e => (e.mtime = -5), 'bad time', /mtime -5/],
  ['blobs that are not a list', e => (e.blobs = { name: 'output', size: 1 }), 'bad blobs', /is not a list/],
  ['blobs that are a string', e => (e.blobs = 'output'), 'bad blobs', /is not a list/],
  ['no blobs', e => (e.blobs = []), 'bad blobs', /0 blobs/],
  ['a blob that is null', e => (e.blobs = [null]), 'bad blobs', /blob null is not an object/],
  ['a blob named ..', e => (e.blobs = [{ name: '..', size: 1 }]), 'bad blobs', /blob name "\.\."/],
  ['a blob name with a slash', e => (e.blobs = [{ name: 'a/b', size: 1 }]), 'bad blobs', /blob name "a\/b"/],
  ['a temporary blob name', e => (e.blobs = [{ name: 'output.tmp', size: 1 }]), 'bad blobs', /output\.tmp/],
  [
    'a blob name twice',
    e =>
      (e.blobs = [
        { name: 'x', size: 1 },
        { name: 'x', size: 1 }
      ]),
    'bad blobs',
    /twice/
  ],
  ['a negative blob size', e => (e.blobs = [{ name: 'x', size: -1 }]), 'bad blobs', /size -1/],
  ['a fractional blob size', e => (e.blobs = [{ name: 'x', size: 0.5 }]), 'bad blobs', /size 0\.5/],
  ['a chunk that does not exist', e => (e.chunk = 2), 'missing chunk', /chunk 2 does not exist/],
  ['a negative chunk', e => (e.chunk = -1), 'missing chunk', /chunk -1 does not exist/],
  ['a chunk that is a string', e => (e.chunk = '0'), 'missing chunk', /chunk "0" does not exist/],
  ['blobs past the chunk', e => (e.offset = 401), 'blobs outside the chunk', /do not fit chunk 0 of 1000/],
  ['a negative offset', e => (e.offset = -1), 'blobs outside the chunk', /offset -1/],
  ['a missing offset', e => delete e.offset, 'blobs outside the chunk', /offset undefined/]
];

test.each(entryCases)(
  'an entry with %s is dropped, the good entries of the index stay',
  (_what, mutate, kind, detail) => {
    const raw = loose();
    mutate(raw.entries[0] as Record<string, unknown>);
    const r = checkPackIndex(raw, expectation);
    expect(r.index.entries.map(e => e.key)).toEqual(['cd'.repeat(32), 'ef'.repeat(32)]);
    expect(r.dropped.total).toBe(1);
    expect([...r.dropped.reasons.keys()]).toEqual([kind]);
    expect(r.dropped.reasons.get(kind)!.first).toMatch(/^entry 0: /);
    expect(r.dropped.reasons.get(kind)!.first).toMatch(detail);
  }
);

test('a codec this version does not know keeps the index readable (its pack is skipped at read, never torn)', () => {
  const r = checkPackIndex({ ...loose(), codec: 'lz4' }, expectation);
  expect(r.index.codec).toBe('lz4');
  expect(r.index.entries).toHaveLength(3);
});

test('entries that are not objects are dropped: null, numbers, strings, lists', () => {
  const raw = loose();
  raw.entries.push(null, 7, 'entry', [1]);
  const r = checkPackIndex(raw, expectation);
  expect(r.index.entries).toHaveLength(3);
  expect(r.dropped.reasons.get('not an object')!.count).toBe(4);
});

test('a chunk declaring more than the cap makes its entries unusable, the other chunk still serves', () => {
  const raw = loose();
  raw.chunks[0]!.rawLength = MAX_CHUNK_BYTES + 1;
  raw.rawBytes = MAX_CHUNK_BYTES + 401;
  const r = checkPackIndex(raw, expectation);
  expect(r.index.entries.map(e => e.key)).toEqual(['ef'.repeat(32)]);
  expect(r.dropped.reasons.get('chunk over the cap')).toEqual({
    count: 2,
    first: expect.stringMatching(/entry 0: .*chunk 0 declares 268435457 bytes raw, over the cap of 256 MiB/)
  });
});

test('100,000 bad entries come out as one line per reason, with a count and the first example', () => {
  const raw = loose();
  const good = raw.entries[0] as Record<string, unknown>;
  for (let i = 0; i < 100_000; i++)
    raw.entries.push({ ...good, ns: i % 4 ? '..' : good.ns, chunk: i % 4 ? 0 : 9 });
  const r = checkPackIndex(raw, expectation);
  expect(r.index.entries).toHaveLength(3);
  expect(r.dropped.total).toBe(100_000);
  const line = describeDropped(r.listed, r.dropped);
  expect(line.split('\n')).toHaveLength(1);
  expect(line).toMatch(
    /^dropped 100000 of 100003 entries: 25000 with missing chunk \(first: entry 3: .*chunk 9 does not exist.*\); 75000 with bad namespace \(first: entry 4: .*"\.\."/
  );
  expect(line.length).toBeLessThan(400);
});

test('an index object over the cap, compressed or decompressed, is refused before it is parsed', () => {
  const bomb = gzipZeros(MAX_INDEX_BYTES + MiB);
  expect(bomb.length).toBeLessThan(MiB);
  expect(() => decodeIndexChecked(bomb)).toThrow(/decompresses to more than 67108864 bytes/);
  expect(() => decodeIndexChecked(Buffer.alloc(MAX_INDEX_BYTES + 1))).toThrow(/over the cap/);
  for (const data of [bomb, Buffer.alloc(MAX_INDEX_BYTES + 1)]) {
    const err = (() => {
      try {
        decodeIndexChecked(data);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TornPackError);
    expect((err as TornPackError).suspicious).toBe(true);
    // Over a cap is not torn: a very big index of another version must never be pruned for it.
    expect((err as TornPackError).overCap).toBe(true);
  }
});

test('an index whose JSON is not an object, or whose checksum is wrong, is refused', () => {
  const json = JSON.stringify([{ entries: [] }]);
  const wrapped = gzipSync(Buffer.from(`${sha256(Buffer.from(json))}\n${json}`));
  expect(() => decodeIndexChecked(wrapped)).toThrow(/pack index: the index is .* not an object/);
  const forged = gzipSync(Buffer.from(`${'0'.repeat(64)}\n${JSON.stringify(validIndex())}`));
  expect(() => decodeIndexChecked(forged)).toThrow(/fails its checksum/);
});

test('a chunk is decompressed to its declared length at most: over the cap refused, a lie cut off', async () => {
  const data = gzipSync(Buffer.alloc(1000, 7));
  expect((await decompressChunk('gzip', data, 1000)).equals(Buffer.alloc(1000, 7))).toBe(true);
  await expect(decompressChunk('gzip', data, MAX_CHUNK_BYTES + 1)).rejects.toThrow(/over the cap/);
  // 64 MiB of zeros inside, 1 MiB declared: stopped once past 1 MiB, not inflated whole.
  await expect(decompressChunk('gzip', gzipZeros(64 * MiB), MiB)).rejects.toThrow(
    /decompresses to more than the 1048576 bytes it declares/
  );
  await expect(decompressChunk('br', data, 999)).rejects.toThrow();
});

test('an index of more JSON values than the cap is refused before it is parsed', () => {
  // `{},` costs JSON.parse ~64 bytes of heap each: 19 M of them (57 MiB) took 2 GiB.
  const json = `[${'{},'.repeat(MAX_INDEX_VALUES)}{}]`;
  const data = gzipSync(Buffer.from(`${sha256(Buffer.from(json))}\n${json}`));
  expect(() => decodeIndexChecked(data)).toThrow(/more than 2000000 JSON values/);
  expect(countJsonValues(Buffer.from('{"a":[1,2],"b":{}}'), 100)).toBe(5);
});

test('the writer seals a pack before its index could pass the cap of JSON values', async () => {
  const client = rawClient();
  try {
    const bucket = sdkPackBucket(client, await freshBucket('packcap'));
    const n = Math.ceil(MAX_INDEX_VALUES / 2 / entryValues(5)) + 100;
    const entries = Array.from({ length: n }, (_, i) => ({
      ns: 'local',
      key: i.toString(16).padStart(64, '0'),
      mtime: 1_700_000_000_000,
      blobs: ['output', 'stdout', 'stderr', 'exit_code', 'metadata'].map(name => ({
        name,
        data: Buffer.from('0')
      }))
    }));
    const { packs } = await writePacks(bucket, entries, {
      packPrefix: 'cache/packs/compile/',
      codec: 'gzip'
    });
    expect(packs.length).toBe(2);
    for (const p of packs) {
      const data = (await getBuffer(bucket, `cache/packs/compile/v1/${p.id}.index`))!;
      expect(decodeIndexChecked(data, p.id).dropped.total).toBe(0);
      expect(countJsonValues(Buffer.from(JSON.stringify(p)), Infinity)).toBeLessThanOrEqual(
        MAX_INDEX_VALUES / 2 + 100
      );
    }
  } finally {
    client.destroy();
  }
});
