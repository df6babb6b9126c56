/**
 * Helpers for hostile-bucket-steps.test.ts: a real save seeds the bucket, an independent S3 client
 * plants what an attacker with write access to the bucket could put there (indexes and packs are
 * crafted here by hand, from the documented format, not with the code under test), and the action's
 * pre and post steps run as the runner runs them with their peak memory recorded.
 *
 * (Coordination note for the other session working on issue 12's bucket half: this file is restored;
 * the src/sync files are yours, these three test files mine; findings go to the lead's report.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { REPO_ROOT, RunnerJob, type StepResult } from '../helpers/runner.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';
import { save } from '../../src/sync/save.js';
import type { UploadMode } from '../../src/sync/packs/namespace-packs.js';
import { bucketInputs, stepNode } from '../action/helpers.js';
import { SAVE_OPTIONS, writeCompileEntry, type WrittenEntry } from './helpers.js';

export const MiB = 1024 * 1024;
/** Where the default inputs put the packs of namespace `compile`. */
export const PACK_DIR = 'cache/packs/compile/v1/';
const PACK_MAGIC = Buffer.from('CCPACK1\n', 'latin1');

/** A source cache with `count` compile entries of real (random, incompressible) bytes. */
export async function sourceCache(
  count: number,
  outputBytes: number
): Promise<{ dir: string; entries: WrittenEntry[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'hostile-source-'));
  const disk = new DiskCacheStore(dir);
  const entries: WrittenEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(await writeCompileEntry(disk, 'compile/local', outputBytes));
  return { dir, entries };
}

/** A real save of the source cache into the bucket, with the given upload mode (gzip packs: Node 20 writes them). */
export async function seed(
  endpoint: string,
  bucket: string,
  sourceDir: string,
  mode: UploadMode
): Promise<void> {
  const remote = new S3CacheStore({
    bucket,
    endpoint,
    credentials: S3_TEST_CREDENTIALS,
    region: 'us-east-1'
  });
  try {
    const r = await save(new DiskCacheStore(sourceDir), remote, {
      ...SAVE_OPTIONS,
      uploadMode: mode,
      packs: { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' }
    });
    if (r.warnings.length > 0) throw new Error(`the seeding save warned: ${r.warnings.join('; ')}`);
  } finally {
    remote.destroy();
  }
}

export async function keysUnder(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })
    );
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

export async function getObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

export async function putObject(client: S3Client, bucket: string, key: string, body: Buffer): Promise<void> {
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length })
  );
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The index object format: gzip of `<sha256 hex of the JSON>\n<JSON>`. */
export function encodeIndexJson(json: string): Buffer {
  return gzipSync(Buffer.from(`${sha256(json)}\n${json}`));
}

/** A parsed index, as loose JSON (the tests break it on purpose). */
export type LooseIndex = Record<string, unknown> & { id: string; entries: unknown[]; chunks: LooseChunk[] };
export interface LooseChunk {
  offset: number;
  length: number;
  rawLength: number;
  sha256: string;
}

/** The one index the seeding save wrote: its key and parsed JSON. */
export async function seededIndex(
  client: S3Client,
  bucket: string
): Promise<{ key: string; index: LooseIndex }> {
  const keys = (await keysUnder(client, bucket, PACK_DIR)).filter(k => k.endsWith('.index'));
  if (keys.length !== 1) throw new Error(`expected one seeded pack, found ${keys.length}`);
  const text = gunzipSync(await getObject(client, bucket, keys[0]!)).toString('utf8');
  return { key: keys[0]!, index: JSON.parse(text.slice(text.indexOf('\n') + 1)) as LooseIndex };
}

/** A pack id newer than any the seeding save wrote, so a reader tries it first. */
export function newerPackId(n: number): string {
  return `p${String(Date.now() + 60_000 + n).padStart(13, '0')}-${randomBytes(6).toString('hex')}`;
}

/** A key for an entry that only a planted (hostile) object claims. */
export function plantedKey(): string {
  return randomBytes(32).toString('hex');
}

/**
 * `total` zero bytes as gzip: one member of `member` zeros, repeated (gunzip reads concatenated
 * members as one stream), so a GiB costs one small compression, not a GiB of work.
 */
export function gzipZeros(total: number, member = 64 * MiB): Buffer {
  if (total % member !== 0) throw new Error('total must be a multiple of member');
  const one = gzipSync(Buffer.alloc(member), { level: 9 });
  return Buffer.concat(Array.from({ length: total / member }, () => one));
}

/** sha256 of `total` zero bytes, hashed a block at a time. */
export function sha256OfZeros(total: number, block = 64 * MiB): string {
  const h = createHash('sha256');
  const zeros = Buffer.alloc(Math.min(block, total));
  for (let done = 0; done < total; done += zeros.length) {
    h.update(zeros.subarray(0, Math.min(zeros.length, total - done)));
  }
  return h.digest('hex');
}

/**
 * Plants a pack whose one gzip chunk is `chunk` (any bytes) and whose index declares `rawLength`
 * and `sha256` for it, with `keys` as compile entries (output, exit_code, metadata) 1 KiB apart.
 */
export async function plantPack(
  client: S3Client,
  bucket: string,
  id: string,
  chunk: Buffer,
  declared: { rawLength: number; sha256: string },
  keys: string[]
): Promise<{ indexKey: string; dataKey: string }> {
  const data = Buffer.concat([PACK_MAGIC, chunk]);
  const index = {
    format: 1,
    id,
    codec: 'gzip',
    created: Date.now(),
    packBytes: data.length,
    rawBytes: declared.rawLength,
    chunks: [{ offset: PACK_MAGIC.length, length: chunk.length, ...declared }],
    entries: keys.map((key, i) => ({
      ns: 'local',
      key,
      mtime: Date.now(),
      blobs: [
        { name: 'output', size: 512 },
        { name: 'exit_code', size: 1 },
        { name: 'metadata', size: 2 }
      ],
      chunk: 0,
      offset: i * 1024
    }))
  };
  const dataKey = `${PACK_DIR}${id}.pack`;
  const indexKey = `${PACK_DIR}${id}.index`;
  await putObject(client, bucket, dataKey, data);
  await putObject(client, bucket, indexKey, encodeIndexJson(JSON.stringify(index)));
  return { indexKey, dataKey };
}

export const RSS_PRELOAD = resolve(REPO_ROOT, '__tests__', 'sync', 'hostile-bucket-rss.mjs');

export interface MeasuredStep {
  result: StepResult;
  /** Peak resident memory of the step's node process, in MiB. */
  peakMiB: number;
}

/**
 * A runner job on a fresh cache directory whose steps run with the memory preload: each step's
 * peak RSS is read back after it exits.
 */
export async function measuredJob(
  endpoint: string,
  bucket: string,
  extraInputs: Record<string, string> = {}
): Promise<{ cacheDir: string; run: (step: 'pre' | 'post') => Promise<MeasuredStep> }> {
  const rssDir = await mkdtemp(join(tmpdir(), 'hostile-rss-'));
  const job = await RunnerJob.create({
    node: stepNode(),
    env: {
      AWS_EC2_METADATA_DISABLED: 'true',
      NODE_OPTIONS: `--import=${pathToFileURL(RSS_PRELOAD).href}`,
      HOSTILE_BUCKET_RSS_DIR: rssDir
    },
    // To run these tests against another build (e.g. the code before the fix, to see them fail).
    dist: process.env.HOSTILE_BUCKET_DIST || undefined
  });
  const cacheDir = join(job.root, 'cache');
  const inputs = { ...bucketInputs(endpoint, bucket, cacheDir), ...extraInputs };
  return {
    cacheDir,
    run: async step => {
      await rm(rssDir, { recursive: true, force: true });
      await mkdir(rssDir, { recursive: true });
      const result = await job.run(step, inputs);
      const files = await readdir(rssDir);
      if (files.length === 0) throw new Error(`the ${step} step wrote no memory figure\n${result.stderr}`);
      let peakKiB = 0;
      for (const f of files) peakKiB = Math.max(peakKiB, Number(await readFile(join(rssDir, f), 'utf8')));
      return { result, peakMiB: peakKiB / 1024 };
    }
  };
}

/** Keys of the entries whose every blob is on disk under `cacheDir`, byte for byte. */
export async function restoredIntact(
  cacheDir: string,
  entries: readonly Pick<WrittenEntry, 'namespace' | 'key' | 'blobs'>[]
): Promise<string[]> {
  const ok: string[] = [];
  const store = new DiskCacheStore(cacheDir);
  for (const e of entries) {
    // Asked for through the store first, as a compile asks: an entry a lazy restore kept packed is
    // installed then (its chunk checked again), and only what reaches the disk counts.
    const view = e.namespace.split('/').reduce((v, p) => v.namespace(p), store);
    await view.get(e.key, 'exit_code').catch(() => null);
    let same = true;
    for (const [name, data] of Object.entries(e.blobs)) {
      const got = await readFile(join(cacheDir, e.namespace, e.key.slice(0, 2), e.key, name)).catch(
        () => null
      );
      if (!got?.equals(data)) same = false;
    }
    if (same) ok.push(e.key);
  }
  return ok;
}
