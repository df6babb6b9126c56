/**
 * What the census and restore-from-indexes suites share: a fresh bucket reached directly and
 * through the fault proxy (which records every request), temporary directories, and the
 * classifiers that tell the recorded requests apart (pack listing, pack index and data, the
 * census, the catalog, the object listing, entry GETs and PUTs).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3CacheStore } from '../../src/store/s3.js';
import { FaultProxy, type RecordedRequest } from '../../testkit/fault-proxy.js';
import { freshBucket, type S3Target } from '../helpers/s3.js';

/** The path of a request without its query. */
export function pathOf(r: RecordedRequest): string {
  return r.path.split('?')[0]!;
}

/** The `prefix` query parameter of a listing; null for any other request. */
export function listPrefix(r: RecordedRequest): string | null {
  const [p, q = ''] = r.path.split('?');
  if (r.method !== 'GET' || /^\/[^/]+\/.+/.test(p!)) return null;
  return new URLSearchParams(q).get('prefix') ?? '';
}

export const isPackData = (r: RecordedRequest): boolean => r.method === 'GET' && pathOf(r).endsWith('.pack');
export const isPackIndex = (r: RecordedRequest): boolean =>
  r.method === 'GET' && pathOf(r).endsWith('.index');
export const isPackList = (r: RecordedRequest): boolean => listPrefix(r)?.startsWith('cache/packs/') ?? false;
export const isObjectList = (r: RecordedRequest): boolean => {
  const p = listPrefix(r);
  return p !== null && !p.startsWith('cache/packs/');
};
export const isCensusGet = (r: RecordedRequest): boolean =>
  r.method === 'GET' && pathOf(r).endsWith('/census');
export const isCatalogGet = (r: RecordedRequest): boolean =>
  r.method === 'GET' && pathOf(r).endsWith('/catalog');
export const isCatalogPut = (r: RecordedRequest): boolean =>
  r.method === 'PUT' && pathOf(r).endsWith('/catalog');
export const isEntryGet = (r: RecordedRequest): boolean =>
  r.method === 'GET' &&
  listPrefix(r) === null &&
  !isPackData(r) &&
  !isPackIndex(r) &&
  !isCensusGet(r) &&
  !isCatalogGet(r);
export const isEntryPut = (r: RecordedRequest): boolean =>
  r.method === 'PUT' && /\/cache\/compile\//.test(pathOf(r));

export interface ProxiedBucket {
  /** The store straight to the server, and through the recording proxy. */
  direct: S3CacheStore;
  viaProxy: S3CacheStore;
  proxy: FaultProxy;
  /** A temporary directory, removed after the test. */
  tempDir(): Promise<string>;
}

/**
 * Registers the set-up and tear-down of a fresh bucket per test (call inside a describe block);
 * the returned object's fields are the current test's.
 */
export function useProxiedBucket(target: S3Target, name: string): ProxiedBucket {
  const dirs: string[] = [];
  const b = {
    async tempDir(): Promise<string> {
      const d = await mkdtemp(join(tmpdir(), `${name}-`));
      dirs.push(d);
      return d;
    }
  } as ProxiedBucket;
  beforeEach(async () => {
    const bucket = await freshBucket(name, target);
    b.direct = new S3CacheStore({ bucket, endpoint: target.endpoint, credentials: target.credentials });
    b.proxy = await FaultProxy.start(target.endpoint);
    b.viaProxy = new S3CacheStore({ bucket, endpoint: b.proxy.endpoint, credentials: target.credentials });
  });
  afterEach(async () => {
    b.direct.destroy();
    b.viaProxy.destroy();
    await b.proxy.close();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });
  return b;
}
