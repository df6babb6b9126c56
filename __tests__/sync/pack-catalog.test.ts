/**
 * The catalog of packs (src/sync/packs/catalog.ts): its format read as untrusted bytes, the record a
 * restore leaves for its save (index-cache.ts), and the keeper a save writes it with, against the
 * test S3 server (s3rver, and RGW when it is up) through the recording proxy.
 */
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { s3PackBucket, type PackBucket } from '../../src/sync/packs/bucket.js';
import {
  CatalogKeeper,
  catalogKey,
  encodeCatalog,
  heldOf,
  parseCatalog,
  readCatalog,
  rememberIndexBytes
} from '../../src/sync/packs/catalog.js';
import { PackIndexCache } from '../../src/sync/packs/index-cache.js';
import { encodeIndex, newPackId, packIndexKey, type PackIndex } from '../../src/sync/packs/format.js';
import { describeEachTarget, type S3Target } from '../helpers/s3.js';
import { useProxiedBucket } from './proxied-bucket.js';

const PREFIX = 'cache/packs/compile/';

/** An index with its encoded bytes remembered, as a listing or a pack write leaves it. */
function index(entries = 1): PackIndex {
  const x: PackIndex = {
    format: 1,
    id: newPackId(),
    codec: 'gzip',
    created: Date.now(),
    packBytes: 8,
    rawBytes: 0,
    chunks: [],
    entries: Array.from({ length: entries }, (_, i) => ({
      ns: 'compile/local',
      key: i.toString(16).padStart(64, '0'),
      mtime: 0,
      blobs: [],
      chunk: 0,
      offset: 0
    }))
  };
  rememberIndexBytes(x, encodeIndex(x));
  return x;
}

describe('the catalog format', () => {
  test('a catalog holds each index as encoded, by its key', () => {
    const a = index(1);
    const b = index(3);
    const copies = parseCatalog(PREFIX, encodeCatalog(PREFIX, [a, b]));
    expect([...copies.keys()].sort()).toEqual(
      [packIndexKey(PREFIX, a.id), packIndexKey(PREFIX, b.id)].sort()
    );
    expect(copies.get(packIndexKey(PREFIX, b.id))!.equals(encodeIndex(b))).toBe(true);
    expect(heldOf(copies).get(packIndexKey(PREFIX, a.id))).toBe(encodeIndex(a).length);
  });

  test('a body without the first line holds nothing', () => {
    expect(parseCatalog(PREFIX, Buffer.from('{"id":"p0000000000000-ab","size":0}\n')).size).toBe(0);
    expect(parseCatalog(PREFIX, Buffer.alloc(0)).size).toBe(0);
  });

  test('records after the first bad one are dropped, the ones before stand', () => {
    const a = index();
    const good = encodeCatalog(PREFIX, [a]);
    const cases: Buffer[] = [
      Buffer.from('{"id":"../../compile/local/ab","size":1}\nx'), // not a pack id: another folder
      Buffer.from('{"id":"p1795923368716-a5987e12cf7f","size":1000}\nshort'), // runs past the end
      Buffer.from(`{"id":"p1795923368716-a5987e12cf7f","size":1,"pad":"${'x'.repeat(300)}"}\nx`), // header too long
      Buffer.from('{"id":"p1795923368716-a5987e12cf7f","size":-1}\n'),
      Buffer.from('not json\n')
    ];
    for (const bad of cases) {
      const copies = parseCatalog(
        PREFIX,
        Buffer.concat([good, bad, encodeCatalog(PREFIX, [index()]).subarray(29)])
      );
      expect([...copies.keys()]).toEqual([packIndexKey(PREFIX, a.id)]);
    }
  });

  test('an index whose bytes are not known (never read or written here) is left out', () => {
    const known = index();
    const unknown: PackIndex = { ...known, id: newPackId() };
    expect([...parseCatalog(PREFIX, encodeCatalog(PREFIX, [known, unknown])).keys()]).toEqual([
      packIndexKey(PREFIX, known.id)
    ]);
  });
});

describe("the restore's record of the catalog, for its save", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'catalog-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('kept per pack prefix, and read back as written', async () => {
    const cache = new PackIndexCache(join(dir, 'm.json.pack-indexes'));
    expect(cache.readCatalogState(PREFIX)).toBeNull();
    await cache.writeCatalogState(PREFIX, new Map([['k1', 10]]));
    await cache.writeCatalogState('cache/packs/manifests/', new Map());
    expect([...cache.readCatalogState(PREFIX)!]).toEqual([['k1', 10]]);
    expect(cache.readCatalogState('cache/packs/manifests/')!.size).toBe(0);
  });

  test('a record that is not one, or a symlink in its place, is not known (never followed)', async () => {
    const cache = new PackIndexCache(join(dir, 'm.json.pack-indexes'));
    await cache.writeCatalogState(PREFIX, new Map([['k1', 10]]));
    const [file] = (await readdir(cache.dir)).map(f => join(cache.dir, f));
    await writeFile(file!, '{"prefix":"cache/packs/compile/","held":[["k1","ten"]]}');
    expect(cache.readCatalogState(PREFIX)).toBeNull();
    await writeFile(file!, '{"prefix":"elsewhere/","held":[]}');
    expect(cache.readCatalogState(PREFIX)).toBeNull();
    const decoy = join(dir, 'decoy');
    await writeFile(decoy, JSON.stringify({ prefix: PREFIX, held: [] }));
    await rm(file!);
    await symlink(decoy, file!);
    expect(cache.readCatalogState(PREFIX)).toBeNull();
  });
});

describeEachTarget('the catalog in the bucket', (target: S3Target) => {
  const b = useProxiedBucket(target, 'catalog');
  const puts = () =>
    b.proxy.requests.filter(r => r.method === 'PUT' && r.path.split('?')[0]!.endsWith('/catalog'));

  test('readCatalog: none is an empty catalog; one that is there is read whole', async () => {
    const bucket: PackBucket = s3PackBucket(b.viaProxy.bucket);
    expect((await readCatalog(bucket, PREFIX))!.size).toBe(0);
    const a = index();
    await bucket.put(catalogKey(PREFIX), encodeCatalog(PREFIX, [a]));
    expect([...(await readCatalog(bucket, PREFIX))!.keys()]).toEqual([packIndexKey(PREFIX, a.id)]);
  });

  test('the keeper writes only what the bucket does not hold already, in the order asked', async () => {
    const bucket: PackBucket = s3PackBucket(b.viaProxy.bucket);
    const a = index();
    const c = index(2);
    const held = heldOf(parseCatalog(PREFIX, encodeCatalog(PREFIX, [a])));

    // Holding [a] already: asking for [a] writes nothing.
    const keeper = new CatalogKeeper(bucket, PREFIX, held);
    await keeper.write([a]);
    expect(puts()).toHaveLength(0);

    // Two sets asked one after the other without waiting: the later one is what stays.
    const first = keeper.write([a, c]);
    const second = keeper.write([c]);
    await Promise.all([first, second]);
    expect(puts()).toHaveLength(2);
    expect([...(await readCatalog(bucket, PREFIX))!.keys()]).toEqual([packIndexKey(PREFIX, c.id)]);
    // And asking again for what it wrote last writes nothing.
    await keeper.write([c]);
    expect(puts()).toHaveLength(2);
    expect(keeper.error).toBeNull();
  });

  test('not knowing what the bucket holds, the keeper writes; a failed write is kept as its error and tried again next time', async () => {
    const bucket: PackBucket = s3PackBucket(b.viaProxy.bucket);
    const a = index();
    const keeper = new CatalogKeeper(bucket, PREFIX, null);
    b.proxy.failNext({
      status: 403,
      code: 'AccessDenied',
      match: (method, path) => method === 'PUT' && path.includes('/catalog')
    });
    await keeper.write([a]);
    expect(keeper.error).not.toBeNull();
    expect((await readCatalog(bucket, PREFIX))!.size).toBe(0);
    await keeper.write([a]);
    expect([...(await readCatalog(bucket, PREFIX))!.keys()]).toEqual([packIndexKey(PREFIX, a.id)]);
  });

  test('packs asked for as a promise are written in the order asked; one that never comes stops no later write', async () => {
    const bucket: PackBucket = s3PackBucket(b.viaProxy.bucket);
    const [a, c] = [index(), index()];
    const keeper = new CatalogKeeper(bucket, PREFIX, null);
    let late!: (packs: PackIndex[]) => void;
    const first = keeper.write(new Promise<PackIndex[]>(resolve => (late = resolve)));
    const second = keeper.write([c]);
    late([a, c]);
    await Promise.all([first, second]);
    // The later request is what stays, though its packs were at hand first.
    expect([...(await readCatalog(bucket, PREFIX))!.keys()]).toEqual([packIndexKey(PREFIX, c.id)]);
    await keeper.write(Promise.reject(new Error('the copies could not be read')));
    expect(keeper.error).toEqual(new Error('the copies could not be read'));
    await keeper.write([a]);
    expect([...(await readCatalog(bucket, PREFIX))!.keys()]).toEqual([packIndexKey(PREFIX, a.id)]);
  });
});
