/**
 * A hostile bucket never costs the good entries (issue 12, the bucket's half): one test per row of
 * the table. Each seeds a bucket with 20 good entries through the real save, plants the
 * hostile thing with an independent S3 client, and runs the action's pre and post steps as the
 * runner does (child processes of the built dist/ under Node 24, against a loopback S3 server).
 * Every step exits 0 with no uncaught exception, a warning names the bad object, every good entry
 * is on disk byte for byte, and each step's peak memory (VmHWM, written by a preload
 * on exit) stays under PEAK_BOUND.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { rawClient } from '../helpers/s3.js';
import type { StepResult } from '../helpers/runner.js';
import {
  bucketInputs,
  createBucket,
  newJob,
  startS3Server,
  stepNode,
  type RunningS3Server
} from '../action/helpers.js';
import {
  bombPack,
  expectRestored,
  GiB,
  gzipZeros,
  MiB,
  packEntry,
  peakMemoryProbe,
  PREFIX,
  plantMutatedPack,
  put,
  putPack,
  seedGood,
  sha256OfZeros,
  zstdZeros,
  type GoodEntry
} from './hostile-bucket-fixtures.js';
import { newPackId, PACK_MAGIC, packDataKey, packIndexKey } from '../../src/sync/packs/format.js';
import type { UploadMode } from '../../src/sync/packs/namespace-packs.js';
import { parseCatalog } from '../../src/sync/packs/catalog.js';

/**
 * Peak resident memory of one step, whatever the bucket holds. The issue measured 1.7 GB (index
 * bombs) and 6.3 GB (chunk bombs); a step restoring 23 small entries sits near 100 MiB.
 */
const PEAK_BOUND = 400 * MiB;
const GOOD = 20;

let server: RunningS3Server;
let client: S3Client;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startS3Server();
  client = rawClient(server.endpoint);
});
afterAll(async () => {
  client?.destroy();
  await server?.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function seededBucket(mode: UploadMode = 'both'): Promise<{ bucket: string; good: GoodEntry[] }> {
  const bucket = await createBucket(server.endpoint, 'hostile');
  const good = await seedGood(server.endpoint, bucket, GOOD, mode);
  return { bucket, good };
}

async function getBytes(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

function warnings(r: StepResult): string[] {
  return r.annotations.filter(a => a.level === 'warning').map(a => a.message);
}

interface Steps {
  pre: StepResult;
  post: StepResult;
  cacheDir: string;
  peaks: { pre: number; post: number };
}

/**
 * Runs pre then post on a fresh cache directory and checks what every row needs: both steps exit 0
 * without an error annotation or an uncaught exception and under the memory bound, a warning of
 * pre names `bad` (when given), and the good entries are restored byte for byte.
 */
async function expectGoodSurvive(
  bucket: string,
  good: GoodEntry[],
  bad: string | null,
  inputs: Record<string, string> = {}
): Promise<Steps> {
  const probe = await peakMemoryProbe();
  const job = await newJob(probe.env);
  dirs.push(job.root);
  const cacheDir = join(job.root, 'cache');
  const all = { ...bucketInputs(server.endpoint, bucket, cacheDir), ...inputs };
  const peaks = { pre: 0, post: 0 };
  const steps: Partial<Steps> = { cacheDir, peaks };
  for (const step of ['pre', 'post'] as const) {
    const r = await job.run(step, all);
    const peak = await probe.read();
    peaks[step] = peak;
    steps[step] = r;
    const text = `${step} exited ${r.code}, peak ${Math.round(peak / MiB)} MiB\n${r.stdout}\n${r.stderr}`;
    if (r.code !== 0) throw new Error(text);
    expect(r.annotations.filter(a => a.level === 'error')).toEqual([]);
    expect(r.stderr).not.toMatch(/TypeError|Uncaught|Unhandled/i);
    if (peak >= PEAK_BOUND) throw new Error(`over the memory bound: ${text}`);
    if (step === 'pre') {
      if (bad !== null && !warnings(r).some(w => w.includes(bad))) {
        throw new Error(`no warning of pre names ${bad}; warnings: ${JSON.stringify(warnings(r))}`);
      }
      expect(warnings(r).join('\n')).not.toMatch(/cannot be used|failed \(|stopped/);
      await expectRestored(cacheDir, good);
    }
  }
  process.stdout.write(
    `${expect.getState().currentTestName}: peak pre ${Math.round(peaks.pre / MiB)} MiB, post ${Math.round(peaks.post / MiB)} MiB\n`
  );
  return steps as Steps;
}

/** 20 seeded entries plus a hostile pack holding 3 good entries of its own and `mutate`'s bad ones. */
async function mutatedPackRow(
  mutate: (index: Record<string, unknown> & { entries: unknown[] }, victim: Record<string, unknown>) => void,
  options: { chunkBytes?: number; entrySize?: number } = {}
): Promise<Steps & { indexKey: string }> {
  const { bucket, good } = await seededBucket();
  const own = [packEntry(options.entrySize), packEntry(options.entrySize), packEntry(options.entrySize)];
  const victim = packEntry(options.entrySize);
  const indexKey = await plantMutatedPack(
    client,
    bucket,
    [victim, ...own],
    index => mutate(index, index.entries[0] as Record<string, unknown>),
    options
  );
  const steps = await expectGoodSurvive(bucket, [...good, ...own.map(e => e.expected)], indexKey);
  return { ...steps, indexKey };
}

test('a pack index naming namespace "..": the bad entry is dropped, all 23 good entries are restored', async () => {
  const r = await mutatedPackRow((index, victim) => {
    victim.ns = '..';
    index.entries.push({ ...victim, ns: 'local/../../..' });
  });
  expect(warnings(r.pre).join('\n')).toMatch(/dropped 2 of 5 entries: 2 with bad namespace/);
});

test('an index entry pointing at a chunk that does not exist: dropped, the good entries are restored', async () => {
  const r = await mutatedPackRow((_index, victim) => {
    victim.chunk = 99;
  });
  expect(warnings(r.pre).join('\n')).toMatch(/1 with missing chunk .*chunk 99 does not exist/);
});

test('an index entry whose blobs is not a list, with more chunks still arriving: pre and post stay calm', async () => {
  // 200 KB entries in 100 KB chunks: the bad entry is in the first of four chunks.
  const r = await mutatedPackRow(
    (index, victim) => {
      expect((index.chunks as unknown[]).length).toBeGreaterThanOrEqual(4);
      victim.blobs = { name: 'output', size: 10 };
      index.entries.push({ ...victim, key: 'ab'.repeat(32), blobs: 'output' });
    },
    { chunkBytes: 100_000, entrySize: 200_000 }
  );
  expect(warnings(r.pre).join('\n')).toMatch(/2 with bad blobs .*is not a list/);
});

test('an index whose entries hold null: the nulls are dropped, the good entries are restored', async () => {
  const r = await mutatedPackRow(index => {
    index.entries.splice(1, 0, null);
    index.entries.push(null, 7, 'entry');
  });
  expect(warnings(r.pre).join('\n')).toMatch(/dropped 4 of 8 entries: 4 with not an object/);
});

test('a hostile index with 100,000 bad entries makes one warning line, not 100,000', async () => {
  const r = await mutatedPackRow((index, victim) => {
    // Small entries, so the index stays under the cap of JSON values (a whole index over it is refused).
    for (let i = 0; i < 100_000; i++) index.entries.push({ ns: i % 2 ? '..' : '.hidden', key: victim.key });
  });
  const lines = warnings(r.pre).filter(w => w.includes(r.indexKey));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/dropped 100000 of 100004 entries: 100000 with bad namespace/);
});

test('two ~400 KB indexes that decompress to 400 MiB each: skipped whole with a warning, memory bounded', async () => {
  const { bucket, good } = await seededBucket();
  const bomb = gzipZeros(400 * MiB);
  expect(bomb.length).toBeLessThan(600 * 1024);
  const keys: string[] = [];
  for (let i = 0; i < 2; i++) {
    const id = newPackId(Date.now() + i);
    await put(client, bucket, packDataKey(PREFIX, id), PACK_MAGIC);
    await put(client, bucket, packIndexKey(PREFIX, id), bomb);
    keys.push(packIndexKey(PREFIX, id));
  }
  const r = await expectGoodSurvive(bucket, good, keys[0]!);
  const text = warnings(r.pre).join('\n');
  expect(text).toContain(keys[1]!);
  expect(text).toMatch(/decompresses to more than 67108864 bytes/);
});

test('three ~40 KB packs whose chunks decompress to 1 GiB each (index honest): never inflated, memory bounded', async () => {
  const { bucket, good } = await seededBucket();
  // zstd, the codec the action writes on Node 24: 16 frames of 64 MiB zeros, ~33 KB.
  const chunk = zstdZeros(stepNode(), GiB);
  expect(chunk.length).toBeLessThan(64 * 1024);
  const sha = sha256OfZeros(GiB);
  const keys: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { index, data } = bombPack('zstd', chunk, GiB, sha);
    keys.push(await putPack(client, bucket, index, data));
  }
  const r = await expectGoodSurvive(bucket, good, keys[0]!);
  const text = warnings(r.pre).join('\n');
  for (const k of keys) expect(text).toContain(k);
  expect(text).toMatch(/chunk over the cap .*declares 1024 MiB raw, over the cap of 256 MiB/);
});

test('packs whose chunks lie about their size (1 MiB declared, 1 GiB inside): cut off at 1 MiB, memory bounded', async () => {
  const { bucket, good } = await seededBucket();
  const chunk = zstdZeros(stepNode(), GiB);
  // The checksum of the first MiB: a reader that kept the cut-off output would take it as good.
  const sha = sha256OfZeros(MiB);
  const dataKeys: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { index, data } = bombPack('zstd', chunk, MiB, sha);
    await putPack(client, bucket, index, data);
    dataKeys.push(packDataKey(PREFIX, index.id));
  }
  const r = await expectGoodSurvive(
    bucket,
    good,
    '.pack chunk 0: chunk decompresses to more than the 1048576 bytes'
  );
  expect(dataKeys.some(k => warnings(r.pre).join('\n').includes(k))).toBe(true);
  // The bombs' entries were not installed: every entry on disk is a good one.
});

test('a 64 MiB catalog: its copies of the real indexes damaged, then a million tiny records: the indexes come from the bucket, memory bounded', async () => {
  const { bucket, good } = await seededBucket('packs');
  const catalogKey = `${PREFIX}catalog`;
  const real = await getBytes(client, bucket, catalogKey);
  const copies = parseCatalog(PREFIX, real);
  expect(copies.size).toBeGreaterThan(0);
  const parts: Buffer[] = [Buffer.from('compile-cache pack catalog 1\n')];
  for (const [key, data] of copies) {
    const damaged = Buffer.from(data);
    damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 0xff;
    const id = key.slice(`${PREFIX}v1/`.length, -'.index'.length);
    parts.push(Buffer.from(`${JSON.stringify({ id, size: data.length })}\n`), damaged);
  }
  const tiny = Buffer.from(`${JSON.stringify({ id: newPackId(0), size: 0 })}\n`);
  // Just within the 64 MiB a restore reads of a catalog, so its records are parsed (up to the cap).
  const pad = Math.floor((64 * MiB - parts.reduce((n, p) => n + p.length, 0)) / tiny.length);
  parts.push(Buffer.alloc(pad * tiny.length));
  const body = Buffer.concat(parts);
  for (let i = 0, at = body.length - pad * tiny.length; i < pad; i++, at += tiny.length) tiny.copy(body, at);
  await put(client, bucket, catalogKey, body);
  const r = await expectGoodSurvive(bucket, good, null);
  expect(warnings(r.pre).join('\n')).not.toMatch(/catalog|torn/);
});

test('eight badly named objects sorting first, concurrency 4: the restore goes on and gets every good entry', async () => {
  // Objects only: the good entries come through the object path too, after the bad ones.
  const { bucket, good } = await seededBucket('objects');
  const later = new Date(Date.now() + 60_000);
  const bad: string[] = [];
  for (let i = 0; i < 8; i++) {
    const key = packEntry().key;
    const dir = `cache/compile/local/${key.slice(0, 2)}/${key}/`;
    // Names the bucket listing takes as blobs and the disk store refuses (temporary-file names).
    for (const [name, body] of [
      ['output', 'x'],
      ['exit_code', '0'],
      [i % 2 ? '.hidden' : 'output.tmp', 'x'],
      ['metadata', '{}']
    ] as const) {
      await put(client, bucket, `${dir}${name}`, Buffer.from(body));
      // Newer than every good entry, so the restore plans (and fails) them first.
      await server.setLastModified(bucket, `${dir}${name}`, later);
    }
    bad.push(key);
  }
  const r = await expectGoodSurvive(bucket, good, bad[0]!, { concurrency: '4' });
  const text = warnings(r.pre).join('\n');
  for (const k of bad) expect(text).toContain(k);
});
