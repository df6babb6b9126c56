/**
 * One full restore in a process of its own, so the benchmark can measure it under another Node
 * (bench/run.ts runs itself under Node 24, the action's runtime, and uses this for a Node 20 row).
 * Prints one JSON line: `{ "ms": <time of restore() alone>, "note": "…", "node": "v20…", "codec": "gzip" }`.
 *
 *   node --import tsx bench/restore-child.ts '<json: endpoint, bucket, dest, concurrency, packPrefix?>'
 */
import { S3_TEST_CREDENTIALS } from '../testkit/s3-server.js';
import { DiskCacheStore } from '../src/store/disk.js';
import { S3CacheStore } from '../src/store/s3.js';
import { defaultCodec, defaultLevel } from '../src/sync/packs/format.js';
import { s3PackBucket } from '../src/sync/packs/bucket.js';
import { restore } from '../src/sync/restore.js';

interface ChildArgs {
  endpoint: string;
  bucket: string;
  dest: string;
  concurrency: number;
  /** The pack-prefix setting (namespace appended); absent = the default beside the entries. */
  packPrefix?: string;
  targetPackBytes: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const remote = new S3CacheStore({
  bucket: args.bucket,
  endpoint: args.endpoint,
  credentials: S3_TEST_CREDENTIALS,
  prefix: 'cache/',
  listConcurrency: args.concurrency
});
const codec = defaultCodec();
const t = performance.now();
const r = await restore(remote, new DiskCacheStore(args.dest), {
  namespaces: ['compile'],
  maxBytes: 0,
  concurrency: args.concurrency,
  progressIntervalMs: 0,
  packs: {
    bucket: s3PackBucket(remote.bucket),
    rootPrefix: 'cache/',
    packPrefix: args.packPrefix,
    codec,
    level: defaultLevel(codec),
    targetPackBytes: args.targetPackBytes
  }
});
const ms = performance.now() - t;
remote.destroy();
const ns = r.namespaces[0];
console.log(
  JSON.stringify({
    ms,
    note: `${ns?.restoredEntries ?? 0} entries, ${ns?.restoredFromPacks ?? 0} from packs`,
    node: process.version,
    codec
  })
);
