/**
 * A restore as its own process (`node --import tsx`), for the kill test: restores namespace
 * `compile` from `<endpoint>` / `<bucket>` (s3rver's credentials, gzip packs under `cache/packs/`)
 * into `<dir>`, and prints `done` when it finishes. The test kills it with SIGKILL mid-way.
 */
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import { restore } from '../../src/sync/restore.js';
import { s3PackBucket } from '../../src/sync/packs/bucket.js';

async function main(): Promise<void> {
  const [endpoint, bucket, dir] = [process.argv[2]!, process.argv[3]!, process.argv[4]!];
  const remote = new S3CacheStore({
    bucket,
    endpoint,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    region: 'us-east-1'
  });
  await restore(remote, new DiskCacheStore(dir), {
    namespaces: ['compile'],
    maxBytes: 0,
    concurrency: 8,
    progressIntervalMs: 0,
    packs: { bucket: s3PackBucket(remote.bucket), rootPrefix: 'cache/', codec: 'gzip' }
  });
  remote.destroy();
  process.stdout.write('done\n');
}

await main();
