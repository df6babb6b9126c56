/**
 * What the first ask for an entry a lazy restore kept costs (its chunk installed), against an ask
 * for an entry already on disk: an IN-PROCESS figure (DiskCacheStore.get timed inside one Node
 * process), reported labelled as such, never as a headline.
 *
 * The bench's real-object cache directory (bench/work/real-s1-n3000, made by `npm run bench`) is
 * saved as packs into s3rver on loopback by `compile-cache save`, restored lazily into a fresh
 * directory by `compile-cache restore` (both whole commands under this Node), then, per chunk, one
 * entry is asked for (the first ask: the chunk is installed) and then another of the same chunk.
 *
 *   node24 --import tsx bench/first-ask.ts [--chunks 30] [--data bench/work/real-s1-n3000]
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { S3_TEST_CREDENTIALS, startS3Server } from '../testkit/s3-server.js';
import { DiskCacheStore } from '../src/store/disk.js';

const exec = promisify(execFile);
const argv = process.argv.slice(2);
const arg = (name: string, def: string): string =>
  argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1]! : def;
const chunksWanted = Number(arg('chunks', '30'));
const data = resolve(arg('data', 'bench/work/real-s1-n3000'));
const cli = resolve('bin/compile-cache.js');

const work = mkdtempSync(join(tmpdir(), 'first-ask-'));
const server = await startS3Server();
const client = new S3Client({
  endpoint: server.endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: S3_TEST_CREDENTIALS
});
try {
  await client.send(new CreateBucketCommand({ Bucket: 'first-ask' }));
  const run = async (args: string[], state: string): Promise<void> => {
    // Asynchronous: the server answers on this process's event loop.
    await exec(process.execPath, [cli, ...args, '--bucket', 'first-ask', '--endpoint', server.endpoint], {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
        AWS_REGION: 'us-east-1',
        COMPILE_CACHE_STATE_DIR: state
      },
      maxBuffer: 1 << 26
    });
  };
  cpSync(data, join(work, 'source'), { recursive: true });
  const limits = ['--max-size', '0', '--max-age', '0'];
  await run(
    [
      'save',
      '--cache-dir',
      join(work, 'source'),
      '--manifest',
      join(work, 's.json'),
      '--upload-mode',
      'packs',
      ...limits
    ],
    join(work, 'source-state')
  );
  const state = join(work, 'state');
  const cache = join(work, 'cache');
  await run(
    ['restore', '--cache-dir', cache, '--manifest', join(work, 'r.json'), '--install', 'lazy', ...limits],
    state
  );

  // As the bench does before every restore: this VM's file creation slows down run after run as
  // its page cache fills (docs/speed.md), and copying the data above filled it. The chunk file is
  // then read from disk on the first ask, not from memory as right after a real restore.
  spawnSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '1\n');
  } catch (err) {
    console.error(`page cache not emptied (${(err as Error).message}): figures drift upward run after run`);
  }
  process.env.COMPILE_CACHE_STATE_DIR = state;
  const index = JSON.parse(readFileSync(join(state, 'deferred', 'index'), 'utf8')) as {
    entries: [number, string, string][];
  };
  const byChunk = new Map<number, [string, string][]>();
  for (const [c, ns, key] of index.entries) byChunk.set(c, [...(byChunk.get(c) ?? []), [ns, key]]);
  const store = new DiskCacheStore(cache);
  const view = (ns: string): DiskCacheStore => ns.split('/').reduce((v, p) => v.namespace(p), store);
  const first: number[] = [];
  const after: number[] = [];
  for (const c of [...byChunk.keys()].slice(0, chunksWanted)) {
    const [[ns1, k1], [ns2, k2]] = byChunk.get(c)! as [[string, string], [string, string]];
    let t = performance.now();
    const a = await view(ns1).get(k1, 'output');
    first.push(performance.now() - t);
    t = performance.now();
    const b = await view(ns2).get(k2, 'output');
    after.push(performance.now() - t);
    if (a === null || b === null) throw new Error(`chunk ${c}: a kept entry was not served`);
  }
  const stat = (x: number[]) => {
    const s = [...x].sort((p, q) => p - q);
    return {
      median: +s[Math.floor(s.length / 2)]!.toFixed(2),
      min: +s[0]!.toFixed(2),
      max: +s[s.length - 1]!.toFixed(2)
    };
  };
  const result = {
    node: process.version,
    entries: index.entries.length,
    chunks: byChunk.size,
    asked: first.length,
    firstAskMs: stat(first),
    onDiskAskMs: stat(after)
  };
  writeFileSync(join('bench', 'work', 'first-ask.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
} finally {
  client.destroy();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
