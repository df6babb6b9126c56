/**
 * Parallel shard listing versus one paged listing, on a bucket with ~20,000 objects in the store's
 * layout (two namespaces, like the Go system's compile/ and source/ trees).
 *
 *   npx tsx bench/listing.ts            # 20,000 objects, median of 3 runs
 *   BENCH_OBJECTS=4000 BENCH_RUNS=1 npx tsx bench/listing.ts
 *
 * The S3 server (a loopback s3rver with its listing gaps closed, see dev/s3-server.js) and the
 * fault proxies run in a child process, so the server does not share the client's event loop.
 * Three network conditions, each through its own proxy:
 *   - loopback: no added delay (the server's CPU is the only cost);
 *   - rtt 20 ms: every request delayed 20 ms, a round trip to a nearby S3 endpoint;
 *   - S3-like pages: 20 ms plus 0.1 ms per object in a listing answer (~120 ms for a full page of
 *     1000), a model (an assumption, not a measurement) of a server whose page time grows with the page.
 * Prints wall time (median) and requests sent for each way of listing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { FaultProxy } from '../dev/fault-proxy.js';
import { S3_TEST_CREDENTIALS } from '../dev/s3-server.js';
import { startS3Server } from '../dev/s3-server.js';
import { rawClient } from '../__tests__/helpers/s3.js';
import { mapLimit } from '../src/store/limit.js';
import { S3CacheStore, type ListGranularity } from '../src/store/s3.js';
import type { EntryInfo } from '../src/store/store.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 20_000);
const BLOBS = ['output', 'exit_code'];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONDITIONS: { label: string; ms: number; perKeyMs: number }[] = [
  { label: 'loopback, no added delay', ms: 0, perKeyMs: 0 },
  { label: 'rtt 20 ms per request', ms: 20, perKeyMs: 0 },
  { label: 'S3-like pages: 20 ms + 0.1 ms per listed object', ms: 20, perKeyMs: 0.1 }
];
const CONCURRENCY = [8, 32];

interface Variant {
  label: string;
  concurrency: number;
  granularity: ListGranularity;
  run: (s: S3CacheStore) => Promise<EntryInfo[]>;
}

interface Endpoints {
  server: string;
  proxies: string[];
}

/** Child mode: the server and one proxy per condition; prints their endpoints, runs until killed. */
async function serve(): Promise<void> {
  const server = await startS3Server();
  const proxies = await Promise.all(
    CONDITIONS.map(async c => (await FaultProxy.start(server.endpoint)).setLatency(c.ms, c.perKeyMs))
  );
  const endpoints: Endpoints = { server: server.endpoint, proxies: proxies.map(p => p.endpoint) };
  process.stdout.write(`${JSON.stringify(endpoints)}\n`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    for (const p of proxies) await p.close();
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit']
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', code => reject(new Error(`server process exited with ${code}`)));
  });
  const endpoints = JSON.parse(firstLine) as Endpoints;
  const raw = rawClient(endpoints.server);
  const bucket = `listing-${randomBytes(4).toString('hex')}`;
  try {
    await raw.send(new CreateBucketCommand({ Bucket: bucket }));
    const entries = Math.ceil(OBJECTS / BLOBS.length);
    const keys: string[] = [];
    for (let i = 0; i < entries; i++) {
      const hex = randomBytes(32).toString('hex');
      const ns = i % 10 < 7 ? 'compile/local' : 'source/local';
      for (const name of BLOBS) keys.push(`cache/${ns}/${hex.slice(0, 2)}/${hex}/${name}`);
    }
    const t0 = performance.now();
    await mapLimit(keys, 32, key => raw.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '0' })));
    console.log(
      `wrote ${keys.length} objects (${entries} entries) with raw PutObject in ${((performance.now() - t0) / 1000).toFixed(1)} s; median of ${RUNS} runs`
    );

    let reference: EntryInfo[] | undefined;
    for (const [i, condition] of CONDITIONS.entries()) {
      console.log(`\n${condition.label}:`);
      const variants: Variant[] = [
        {
          label: 'sequential (one paged listing)',
          concurrency: 1,
          granularity: 'digit',
          run: s => s.listSequential()
        },
        ...CONCURRENCY.map((c): Variant => ({
          label: `parallel, 16 groups/level, conc. ${c}`,
          concurrency: c,
          granularity: 'digit',
          run: s => s.list()
        })),
        { label: 'parallel, per shard, conc. 32', concurrency: 32, granularity: 'shard', run: s => s.list() }
      ];
      for (const variant of variants) {
        const store = new S3CacheStore({
          bucket,
          endpoint: endpoints.proxies[i],
          region: 'us-east-1',
          credentials: S3_TEST_CREDENTIALS,
          listConcurrency: variant.concurrency,
          listGranularity: variant.granularity,
          onRetry: r => {
            const why = r.code ?? String(r.status);
            retries.set(why, (retries.get(why) ?? 0) + 1);
          }
        });
        const retries = new Map<string, number>();
        const times: number[] = [];
        let requests = 0;
        let entries = 0;
        for (let r = 0; r < RUNS; r++) {
          const before = store.bucket.requestCount;
          const start = performance.now();
          const result = await variant.run(store);
          times.push(performance.now() - start);
          requests = store.bucket.requestCount - before;
          reference ??= result;
          entries = result.length;
          if (JSON.stringify(result) !== JSON.stringify(reference))
            throw new Error(`${variant.label}: listing differs`);
        }
        store.destroy();
        console.log(
          `  ${variant.label.padEnd(38)} ${(median(times) / 1000).toFixed(2).padStart(6)} s  ${String(requests).padStart(4)} requests  (${entries} entries)${retries.size ? `  retries: ${[...retries].map(([k, v]) => `${v}× ${k}`).join(', ')}` : ''}`
        );
      }
    }
  } finally {
    raw.destroy();
    child.stdin!.end(); // the server process stops when its stdin closes
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
