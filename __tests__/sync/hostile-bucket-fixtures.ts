/**
 * Helpers for the hostile-bucket tests: good entries seeded through a real save, hostile packs and
 * objects planted with an independent S3 client, decompression bombs built cheaply (concatenated
 * zstd frames or gzip members of zeros decompress to their concatenation), and the peak memory of
 * a step's process read from a preload that writes it on exit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { sdkPackBucket } from '../../testkit/sdk-pack-bucket.js';
import {
  defaultPackPrefix,
  encodeIndex,
  newPackId,
  PACK_FORMAT,
  PACK_MAGIC,
  packDataKey,
  packIndexKey,
  type PackIndex
} from '../../src/sync/packs/format.js';
import { writePacks, type PackSourceEntry } from '../../src/sync/packs/write.js';
import { save } from '../../src/sync/save.js';
import type { UploadMode } from '../../src/sync/packs/namespace-packs.js';
import { S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { SAVE_OPTIONS, writeCompileEntry } from './helpers.js';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const PREFIX = defaultPackPrefix('cache/', 'compile');

/** An entry expected on disk under `<cache-dir>/compile/<ns>/<hh>/<key>/`. */
export interface GoodEntry {
  ns: string;
  key: string;
  blobs: Record<string, Buffer>;
}

/** Writes `n` compile entries (real random bytes) to a disk store and saves them with the real save. */
export async function seedGood(
  endpoint: string,
  bucket: string,
  n: number,
  uploadMode: UploadMode
): Promise<GoodEntry[]> {
  const dir = await mkdtemp(join(tmpdir(), 'hostile-seed-'));
  const disk = new DiskCacheStore(dir);
  const good: GoodEntry[] = [];
  for (let i = 0; i < n; i++) {
    const e = await writeCompileEntry(disk, 'compile/local', 2000 + i * 300);
    good.push({ ns: 'local', key: e.key, blobs: e.blobs });
  }
  const remote = new S3CacheStore({ bucket, endpoint, credentials: S3_TEST_CREDENTIALS });
  try {
    const r = await save(disk, remote, {
      ...SAVE_OPTIONS,
      uploadMode,
      packs: { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' }
    });
    if (r.namespaces[0]?.uploadedEntries !== n)
      throw new Error(`seed save uploaded ${JSON.stringify(r.namespaces)}`);
  } finally {
    remote.destroy();
  }
  return good;
}

/** A compile entry for a pack: random output, the small blobs, a time of now. */
export function packEntry(size = 3000): PackSourceEntry & { expected: GoodEntry } {
  const key = randomBytes(32).toString('hex');
  const blobs = {
    output: randomBytes(size),
    stdout: Buffer.alloc(0),
    stderr: Buffer.from('warning: hostile neighbours\n'),
    exit_code: Buffer.from('0'),
    metadata: Buffer.from(JSON.stringify({ compiler: 'gcc', key }))
  };
  return {
    ns: 'local',
    key,
    mtime: Date.now(),
    blobs: Object.entries(blobs).map(([name, data]) => ({ name, data })),
    expected: { ns: 'local', key, blobs }
  };
}

/**
 * Writes the entries as one real pack (the real writer), then replaces its index by what `mutate`
 * makes of it (the JSON as a plain object: anything can go in). Returns the index key.
 */
export async function plantMutatedPack(
  client: S3Client,
  bucket: string,
  entries: PackSourceEntry[],
  mutate: (index: Record<string, unknown> & { entries: unknown[] }) => void,
  options: { chunkBytes?: number } = {}
): Promise<string> {
  const packs = sdkPackBucket(client, bucket);
  const { packs: written } = await writePacks(packs, entries, {
    packPrefix: PREFIX,
    codec: 'gzip',
    chunkBytes: options.chunkBytes
  });
  if (written.length !== 1) throw new Error(`expected one pack, got ${written.length}`);
  const index = structuredClone(written[0]!) as unknown as Record<string, unknown> & { entries: unknown[] };
  mutate(index);
  const key = packIndexKey(PREFIX, written[0]!.id);
  await packs.put(key, encodeIndex(index as unknown as PackIndex));
  return key;
}

/** Puts a pack (data object and index) exactly as given. */
export async function putPack(
  client: S3Client,
  bucket: string,
  index: PackIndex,
  data: Buffer
): Promise<string> {
  await put(client, bucket, packDataKey(PREFIX, index.id), data);
  const key = packIndexKey(PREFIX, index.id);
  await put(client, bucket, key, encodeIndex(index));
  return key;
}

export async function put(client: S3Client, bucket: string, key: string, body: Buffer): Promise<void> {
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length })
  );
}

/**
 * A gzip stream of `total` zero bytes, as members of 4 MiB zeros one after another (gunzip reads
 * concatenated members as one stream): about 4 KiB per 4 MiB.
 */
export function gzipZeros(total: number, head = Buffer.alloc(0)): Buffer {
  const member = gzipSync(Buffer.alloc(4 * MiB), { level: 9 });
  const parts = [gzipSync(head)];
  for (let n = 0; n < total; n += 4 * MiB) parts.push(member);
  return Buffer.concat(parts);
}

let zstdFrame: Buffer | undefined;
/**
 * A zstd stream of `total` zero bytes (a multiple of 64 MiB), as frames of 64 MiB zeros one after
 * another (about 2 KiB each). The frame is made by the step's Node 24: this Node may lack zstd.
 */
export function zstdZeros(node24: string, total: number): Buffer {
  zstdFrame ??= execFileSync(
    node24,
    ['-e', "process.stdout.write(require('node:zlib').zstdCompressSync(Buffer.alloc(64 << 20)))"],
    { maxBuffer: 16 * MiB }
  );
  return Buffer.concat(Array.from({ length: Math.ceil(total / (64 * MiB)) }, () => zstdFrame!));
}

/** sha256 of `total` zero bytes, without holding them. */
export function sha256OfZeros(total: number): string {
  const h = createHash('sha256');
  const block = Buffer.alloc(64 * MiB);
  for (let n = 0; n < total; n += block.length)
    h.update(block.subarray(0, Math.min(block.length, total - n)));
  return h.digest('hex');
}

/** A pack whose one chunk is `compressed`, declaring `rawLength`, with one entry of `blobBytes`. */
export function bombPack(
  codec: 'zstd' | 'gzip',
  compressed: Buffer,
  rawLength: number,
  sha256: string
): { index: PackIndex; data: Buffer } {
  const data = Buffer.concat([PACK_MAGIC, compressed]);
  const index: PackIndex = {
    format: PACK_FORMAT,
    id: newPackId(),
    codec,
    created: Date.now(),
    packBytes: data.length,
    rawBytes: rawLength,
    chunks: [{ offset: PACK_MAGIC.length, length: compressed.length, rawLength, sha256 }],
    entries: [
      {
        ns: 'local',
        key: randomBytes(32).toString('hex'),
        mtime: Date.now(),
        blobs: [
          { name: 'output', size: rawLength - 2 },
          { name: 'exit_code', size: 1 },
          { name: 'metadata', size: 1 }
        ],
        chunk: 0,
        offset: 0
      }
    ]
  };
  return { index, data };
}

/** Checks every blob of the entries on disk, byte for byte. */
export async function expectRestored(cacheDir: string, entries: GoodEntry[]): Promise<void> {
  const store = new DiskCacheStore(cacheDir).namespace('compile');
  for (const e of entries) {
    // Asked for through the store first, as a compile asks: an entry a lazy restore kept packed is
    // installed then (its chunk checked again); only what reaches the disk counts.
    const view = e.ns === '' ? store : e.ns.split('/').reduce((v, p) => v.namespace(p), store);
    await view.get(e.key, 'exit_code').catch(() => null);
    for (const [name, data] of Object.entries(e.blobs)) {
      const file = join(cacheDir, 'compile', e.ns, e.key.slice(0, 2), e.key, name);
      const got = await readFile(file).catch(() => null);
      if (got === null || !got.equals(data))
        throw new Error(`${file} is ${got === null ? 'missing' : 'different'}`);
    }
  }
}

/**
 * A preload (`node --import`) that writes the process's peak resident memory (KiB) to the file
 * named by COMPILE_CACHE_TEST_MAXRSS_FILE when it exits, and the environment that loads it.
 */
export async function peakMemoryProbe(): Promise<{
  env: Record<string, string>;
  read: () => Promise<number>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'hostile-rss-'));
  const preload = join(dir, 'maxrss.mjs');
  const out = join(dir, 'maxrss');
  // VmHWM, the high-water mark of this process image alone: getrusage's maxRSS carries the peak of
  // the process that forked (the jest worker, which holds other tests' data) across the exec, and
  // made a step that peaked under 100 MiB read as 438 MiB in a full run (hostile-bucket-rss.mjs).
  await writeFile(
    preload,
    "import { readFileSync, writeFileSync } from 'node:fs';\n" +
      'const peak = () => {\n' +
      "  const m = /^VmHWM:\\s+(\\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));\n" +
      '  return m ? Number(m[1]) : process.resourceUsage().maxRSS;\n' +
      '};\n' +
      "process.on('exit', () => writeFileSync(process.env.COMPILE_CACHE_TEST_MAXRSS_FILE, String(peak())));\n"
  );
  return {
    env: { NODE_OPTIONS: `--import=${preload}`, COMPILE_CACHE_TEST_MAXRSS_FILE: out },
    // KiB on Linux.
    read: async () => Number(await readFile(out, 'utf8')) * 1024
  };
}
