/**
 * The listing section of `npm run bench` on its own, with the variants behind its choices: a bucket
 * of tiny compile entries (five objects each, under `cache/compile/local/`) on the in-memory bucket
 * model behind the link proxy (20 ms per request, 100 MiB/s shared), both in a child process
 * (bench/remote.ts), listed by:
 *   - one paged listing read by the AWS SDK (the baseline: what other tools do);
 *   - S3CacheStore.list() (parallel ranges) at both granularities and a few concurrencies.
 * Then, without the link, the client CPU per page: the SDK's ListObjectsV2 against a plain GET plus
 * our scanner. Prints medians (wall, client CPU, requests, bytes down).
 *
 *   $(node -e "import('./scripts/node24.mjs').then(m=>console.log(m.node24Path()))") --import tsx bench/listing.ts
 *   BENCH_OBJECTS=20000 BENCH_RUNS=3 BENCH_ONLY=c64 ... bench/listing.ts
 */
import http from 'node:http';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { S3_TEST_CREDENTIALS } from '../testkit/s3-server.js';
import { S3CacheStore, type ListGranularity } from '../src/store/s3.js';
import { listSequentially } from '../testkit/paged-listing.js';
import { startRemote } from './remote.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = process.env.BENCH_ONLY;
const MiB = 1024 * 1024;

interface Variant {
  label: string;
  run: (s: S3CacheStore) => Promise<unknown[]>;
  concurrency?: number;
  granularity?: ListGranularity;
}

const VARIANTS: Variant[] = [
  { label: 'one paged listing, AWS SDK (baseline)', run: listSequentially },
  { label: 'list(), default (digit, c64)', run: s => s.list() },
  { label: 'list(), digit, c32', run: s => s.list(), concurrency: 32 },
  { label: 'list(), shard, c32', run: s => s.list(), concurrency: 32, granularity: 'shard' },
  { label: 'list(), shard, c64', run: s => s.list(), granularity: 'shard' }
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const remote = await startRemote({
  server: 'memory',
  directory: '/tmp/compile-cache-bench-listing',
  latencyMs: 20,
  bytesPerSecond: 100 * MiB
});
const bucket = 'list50k';
try {
  await remote.createBucket(bucket);
  await remote.seedTiny(bucket, 'cache/compile/local/', Math.ceil(OBJECTS / 5));
  console.log(`${OBJECTS} objects, 20 ms + 100 MiB/s link, memory bucket model; median of ${RUNS} runs`);
  let baseline: number | undefined;
  for (const v of VARIANTS.filter(x => !ONLY || x.label.includes(ONLY))) {
    const wall: number[] = [];
    const cpu: number[] = [];
    let requests = 0;
    let bytes = 0;
    let entries = 0;
    for (let r = 0; r < RUNS; r++) {
      const store = new S3CacheStore({
        bucket,
        endpoint: remote.linked,
        credentials: S3_TEST_CREDENTIALS,
        prefix: 'cache/',
        listConcurrency: v.concurrency,
        listGranularity: v.granularity
      });
      await remote.resetCounts();
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      entries = (await v.run(store)).length;
      wall.push(performance.now() - t);
      const c = process.cpuUsage(cpu0);
      cpu.push((c.user + c.system) / 1000);
      const counts = await remote.counts();
      requests = counts.total;
      bytes = counts.bytesDown;
      store.destroy();
    }
    const ms = median(wall);
    baseline ??= ms;
    console.log(
      `  ${v.label.padEnd(40)} ${(ms / 1000).toFixed(3)} s  (${(ms / baseline).toFixed(2)} of baseline)  cpu ${median(cpu).toFixed(0)} ms  ${requests} requests  ${(bytes / MiB).toFixed(1)} MiB  ${entries} entries`
    );
  }

  // Client CPU per page, straight to the server (no link): SDK command vs a plain GET + our scanner.
  const agent = new http.Agent({ keepAlive: true });
  const client = new S3Client({
    endpoint: remote.direct,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3_TEST_CREDENTIALS,
    requestHandler: new NodeHttpHandler({ httpAgent: agent })
  });
  const time = async (n: number, fn: () => Promise<unknown>): Promise<number> => {
    for (let i = 0; i < 3; i++) await fn();
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return (performance.now() - t) / n;
  };
  const sdkPage = (maxKeys: number) => () =>
    client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'cache/', MaxKeys: maxKeys }));
  const rawPage = (maxKeys: number) => (): Promise<string> =>
    new Promise((resolve, reject) => {
      http
        .get(`${remote.direct}/${bucket}?list-type=2&prefix=cache%2F&max-keys=${maxKeys}`, { agent }, res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  const sdk1 = await time(100, sdkPage(1));
  const sdk1000 = await time(30, sdkPage(1000));
  const raw1000 = await time(30, rawPage(1000));
  const xml = await rawPage(1000)();
  console.log(
    `per page of 1000 keys (${(xml.length / 1024).toFixed(0)} KiB), no link: SDK ListObjectsV2 ${sdk1000.toFixed(2)} ms (1 key: ${sdk1.toFixed(2)} ms),` +
      ` plain GET ${raw1000.toFixed(2)} ms`
  );
  client.destroy();
  agent.destroy();
} finally {
  await remote.stop();
}
