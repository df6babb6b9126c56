/**
 * Reading a pack costs only what is bad: an entry the index got wrong, a sink that throws, a chunk
 * that fails, a pack that is gone, a newer pack that lists good entries it cannot serve. readPack never throws and leaves no rejection behind, even when
 * a failure comes while later chunks are still arriving (the post step died of an uncaught
 * TypeError from exactly that). Against the loopback S3 server.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { freshBucket, rawClient } from '../helpers/s3.js';
import { getBuffer, type PackBucket } from '../../src/sync/packs/bucket.js';
import { sdkPackBucket } from '../../testkit/sdk-pack-bucket.js';
import {
  entryId,
  PACK_MAGIC,
  packDataKey,
  type PackIndex,
  type PackIndexEntry
} from '../../src/sync/packs/format.js';
import { readPack, restoreFromPacks } from '../../src/sync/packs/read.js';
import { writePacks } from '../../src/sync/packs/write.js';
import { packEntry, PREFIX } from './hostile-bucket-fixtures.js';

let client: S3Client;
let bucket: PackBucket;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeEach(async () => {
  client = rawClient();
  bucket = sdkPackBucket(client, await freshBucket('packread'));
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  client.destroy();
});

test('an entry whose blobs are not a list, in the first of several chunks: only it fails, nothing escapes', async () => {
  const entries = Array.from({ length: 8 }, () => packEntry(60_000));
  const { packs } = await writePacks(bucket, entries, {
    packPrefix: PREFIX,
    codec: 'gzip',
    chunkBytes: 100_000
  });
  const index: PackIndex = packs[0]!;
  expect(index.chunks.length).toBeGreaterThanOrEqual(4);
  // An index that did not go through the schema check (readPack is exported): anything can be in it.
  const bad = { ...index.entries[0]!, blobs: 5 as unknown as PackIndexEntry['blobs'] };
  const missing = { ...index.entries[1]!, chunk: 99 };
  const throwing = index.entries[2]!;
  const wanted = [bad, missing, ...index.entries.slice(2)];
  const got = new Map<string, Buffer>();
  const r = await readPack(bucket, PREFIX, index, wanted, async (e, blobs) => {
    if (e === throwing) throw new TypeError("Cannot read properties of undefined (reading 'offset')");
    got.set(entryId(e.ns, e.key), blobs.find(b => b.name === 'output')!.data);
  });
  await new Promise(resolve => setTimeout(resolve, 50));
  expect(unhandled).toEqual([]);
  expect(new Set(r.failed)).toEqual(new Set([bad, missing, throwing]));
  expect(r.restored).toHaveLength(5);
  for (const e of entries.slice(3)) {
    expect(got.get(entryId(e.ns, e.key))!.equals(e.blobs.find(b => b.name === 'output')!.data)).toBe(true);
  }
  expect(r.errors.join('\n')).toContain(packDataKey(PREFIX, index.id));
});

test('a pack whose data object is gone or longer than its index says: its entries fail, nothing throws', async () => {
  const entries = Array.from({ length: 4 }, () => packEntry(10_000));
  const { packs } = await writePacks(bucket, entries, { packPrefix: PREFIX, codec: 'gzip' });
  const index = packs[0]!;
  const sink = async (): Promise<void> => undefined;
  await bucket.put(
    packDataKey(PREFIX, index.id),
    Buffer.concat([Buffer.from('CCPACK1\n'), Buffer.alloc(index.packBytes + 100_000)])
  );
  const longer = await readPack(bucket, PREFIX, index, index.entries, sink);
  expect(longer.failed).toHaveLength(4);
  await bucket.delete([packDataKey(PREFIX, index.id)]);
  const gone = await readPack(bucket, PREFIX, index, index.entries, sink);
  expect(gone.failed).toHaveLength(4);
  expect(gone.errors.join('\n')).toMatch(/gone/);
  expect(unhandled).toEqual([]);
});

test('a newer pack listing the same entries that cannot serve them does not shadow the older good pack', async () => {
  const entries = Array.from({ length: 6 }, () => packEntry(5_000));
  let t = Date.now();
  const good = (await writePacks(bucket, entries, { packPrefix: PREFIX, codec: 'gzip', now: () => t++ }))
    .packs[0]!;
  // The hostile copy: the same entries, newer, one whole chunk of garbage behind a valid index.
  const hostile = (
    await writePacks(bucket, entries, { packPrefix: PREFIX, codec: 'gzip', now: () => t + 1000 })
  ).packs[0]!;
  expect(hostile.id > good.id).toBe(true);
  const dataKey = packDataKey(PREFIX, hostile.id);
  const data = (await getBuffer(bucket, dataKey))!;
  data.fill(0x55, PACK_MAGIC.length);
  await bucket.put(dataKey, data);

  const got = new Map<string, Buffer>();
  const r = await restoreFromPacks(bucket, PREFIX, {
    want: () => true,
    sink: async (e, blobs) => {
      got.set(entryId(e.ns, e.key), Buffer.from(blobs.find(b => b.name === 'output')!.data));
    }
  });
  expect(r.entries).toBe(6);
  for (const e of entries) {
    expect(got.get(entryId(e.ns, e.key))!.equals(e.blobs.find(b => b.name === 'output')!.data)).toBe(true);
  }
  expect(r.errors.join('\n')).toContain(dataKey);
  expect(unhandled).toEqual([]);
});
