/**
 * The benchmark's S3-protocol server: s3rver over a directory, with the store's gap fixes
 * (testkit/s3rver-gaps.js: key-ordered listings) and one more change so the server's own CPU does not
 * decide a benchmark about the client and the link: a delimiter listing reads one directory level,
 * as S3 answers it from its index, instead of walking every object below the prefix.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import S3rver from 's3rver';
import S3Object from 's3rver/lib/models/object.js';
import { closeS3rverGaps } from '../testkit/s3rver-gaps.js';

const OBJECT_SUFFIX = '._S3rver_object';

interface ListOptions {
  delimiter?: string;
  startAfter?: string;
  prefix?: string;
  maxKeys?: number;
}

interface FsStore {
  getBucketPath(bucket: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  listObjects(bucket: string, options: ListOptions): Promise<unknown>;
}

export interface BenchServer {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startBenchServer(directory: string): Promise<BenchServer> {
  const server = closeS3rverGaps(new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true }));
  const store = (server as unknown as { store: FsStore }).store;
  const keyOrdered = store.listObjects.bind(store);
  store.listObjects = async (bucket, options) => {
    const { delimiter = '', prefix = '', startAfter = '', maxKeys = Infinity } = options;
    // Only the shape the S3 store uses for discovery: `<dir>/` with delimiter `/`, one page.
    if (delimiter !== '/' || !prefix.endsWith('/') || startAfter !== '') return keyOrdered(bucket, options);
    let names: Dirent[];
    try {
      names = readdirSync(join(store.getBucketPath(bucket), prefix), { withFileTypes: true });
    } catch {
      names = [];
    }
    const items = names
      .map(d =>
        d.isDirectory()
          ? { key: `${prefix}${d.name}/`, dir: true }
          : {
              key: d.name.endsWith(OBJECT_SUFFIX) ? prefix + d.name.slice(0, -OBJECT_SUFFIX.length) : '',
              dir: false
            }
      )
      .filter(i => i.key !== '')
      .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    if (items.length > maxKeys) return keyOrdered(bucket, options);
    const objects = items.filter(i => !i.dir).map(i => i.key);
    const metadata = await Promise.all(objects.map(k => store.getMetadata(bucket, k)));
    return {
      objects: objects.map((k, i) => new S3Object(bucket, k, null, metadata[i])),
      commonPrefixes: items.filter(i => i.dir).map(i => i.key),
      isTruncated: false
    };
  };
  const address = await server.run();
  return { endpoint: `http://127.0.0.1:${address.port}`, stop: () => server.close() };
}
