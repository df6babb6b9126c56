/**
 * Least-recently-used ties (src/store/lru-order.ts): entries that share one time are evicted, and
 * picked by a restore, in one order (namespace, then key) on the disk store, the S3 store and the
 * restore plan, whatever order they were written or listed in. Real disk, the loopback S3 server.
 */
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { S3CacheStore } from '../../src/store/s3.js';
import type { EntryInfo } from '../../src/store/store.js';
import { planRestore } from '../../src/sync/plan.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { removeTempDirs, setEntryTime, tempDir } from './disk-helpers.js';

/**
 * Six 100-byte entries under four namespaces. A directory walk visits `A/` before the root's `ff`
 * shard and a listing may come in any order, so an order that left ties to the listing would
 * evict something else than the rule does: root first (`''` sorts first), then `A`, `compile/x`,
 * `compile/y`; by key within one namespace.
 */
const ENTRIES: { namespace: string; key: string }[] = [
  { namespace: 'compile/y', key: '00'.repeat(32) },
  { namespace: 'A', key: 'ee'.repeat(32) },
  { namespace: '', key: 'ff'.repeat(32) },
  { namespace: 'compile/x', key: '03'.repeat(32) },
  { namespace: 'A', key: '02'.repeat(32) },
  { namespace: '', key: '01'.repeat(32) }
];
const ID = (e: { namespace: string; key: string }) => `${e.namespace}:${e.key.slice(0, 2)}`;
/** The rule's eviction order for ENTRIES. */
const LRU_ORDER = [':01', ':ff', 'A:02', 'A:ee', 'compile/x:03', 'compile/y:00'];
/** One time for all (whole seconds, as S3 keeps it). */
const T = new Date('2026-01-02T03:04:05.000Z');

function view<S extends { namespace(p: string): S }>(store: S, namespace: string): S {
  return namespace === '' ? store : namespace.split('/').reduce((s, seg) => s.namespace(seg), store);
}

const idsOf = (list: readonly { namespace: string; key: string }[]) => list.map(ID).sort();

afterAll(removeTempDirs);

describe('disk clean', () => {
  async function diskStore(order: typeof ENTRIES): Promise<DiskCacheStore> {
    const store = new DiskCacheStore(await tempDir());
    for (const e of order) {
      const v = view(store, e.namespace);
      await v.put(e.key, 'output', Buffer.alloc(99, 1));
      await v.put(e.key, 'exit_code', Buffer.from('0'));
      await setEntryTime(v.entryPath(e.key), T);
    }
    return store;
  }

  it('evicts tied entries by namespace, then key, in whatever order they were written', async () => {
    for (const order of [ENTRIES, [...ENTRIES].reverse()]) {
      const store = await diskStore(order);
      const listed = await store.list();
      expect(new Set(listed.map(e => e.mtime.getTime()))).toEqual(new Set([T.getTime()]));
      const r = await store.clean(300, 0);
      expect(r.bySize).toEqual({ entries: 3, bytes: 300 });
      expect(idsOf(await store.list())).toEqual(LRU_ORDER.slice(3));
    }
  });

  it('one entry at a time: each clean takes the next in the rule’s order', async () => {
    const store = await diskStore(ENTRIES);
    const gone: string[] = [];
    for (let left = 500; left >= 0; left -= 100) {
      const before = idsOf(await store.list());
      await store.clean(Math.max(left, 1), 0);
      const after = new Set(idsOf(await store.list()));
      gone.push(...before.filter(id => !after.has(id)));
    }
    expect(gone).toEqual(LRU_ORDER);
  });
});

describe('S3 clean', () => {
  let server: RunningS3Server;
  let raw: S3Client;
  const stores: S3CacheStore[] = [];

  beforeAll(async () => {
    server = await startS3Server();
    raw = rawClient(server.endpoint);
  });

  afterAll(async () => {
    for (const s of stores) s.destroy();
    raw.destroy();
    await server.stop();
  });

  async function s3Store(order: typeof ENTRIES): Promise<S3CacheStore> {
    const bucket = `lru-ties-${randomBytes(6).toString('hex')}`;
    await raw.send(new CreateBucketCommand({ Bucket: bucket }));
    const store = new S3CacheStore({
      bucket,
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: S3_TEST_CREDENTIALS
    });
    stores.push(store);
    for (const e of order) {
      const v = view(store, e.namespace);
      await v.put(e.key, 'output', Buffer.alloc(99, 1));
      await v.put(e.key, 'exit_code', Buffer.from('0'));
      for (const name of ['output', 'exit_code'])
        await server.setLastModified(bucket, v.objectKey(e.key, name), T);
    }
    return store;
  }

  it('evicts the same tied entries the disk store does, in whatever order they were written', async () => {
    for (const order of [ENTRIES, [...ENTRIES].reverse()]) {
      const store = await s3Store(order);
      const listed = await store.list();
      expect(new Set(listed.map(e => e.mtime.getTime()))).toEqual(new Set([T.getTime()]));
      const r = await store.clean(300, 0);
      expect(r.bySize).toEqual({ entries: 3, bytes: 300 });
      expect(idsOf(await store.list())).toEqual(LRU_ORDER.slice(3));
    }
  });
});

describe('restore plan', () => {
  function info(e: { namespace: string; key: string }, time = T): EntryInfo {
    return {
      ...e,
      size: 100,
      mtime: time,
      blobs: ['output', 'exit_code'].map(name => ({ name, size: 50, mtime: time }))
    };
  }

  /** A deterministic shuffle (a fixed LCG), so a failure can be replayed. */
  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const out = [...items];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  it('picks the tied entries a clean to the same budget keeps, whatever the listing order', () => {
    const all = ENTRIES.map(e => info(e));
    for (let seed = 1; seed <= 50; seed++) {
      const plan = planRestore({
        remote: shuffled(all, seed),
        local: [],
        maxBytes: 300,
        maxAgeMs: 0,
        now: Date.now()
      });
      // Newest first is the eviction order reversed.
      expect(plan.fetch.map(ID)).toEqual(LRU_ORDER.slice(3).reverse());
      expect(plan.skippedForBudget).toBe(3);
    }
  });

  it('ties between what is on disk and what is in the bucket are broken by the same rule', () => {
    // On disk: ':ff' and 'compile/x:03' (restored earlier with the bucket's time, so tied).
    const local = [ENTRIES[2]!, ENTRIES[3]!].map(e => info(e));
    const remote = ENTRIES.filter(e => !local.some(l => l.key === e.key && l.namespace === e.namespace)).map(
      e => info(e)
    );
    // A newer entry on disk takes the first 100 bytes; then the tied ones in reverse LRU order.
    const newer = info({ namespace: 'B', key: 'aa'.repeat(32) }, new Date(T.getTime() + 1000));
    for (let seed = 1; seed <= 50; seed++) {
      const plan = planRestore({
        remote: shuffled(remote, seed),
        local: shuffled([...local, newer], seed + 100),
        maxBytes: 400,
        maxAgeMs: 0,
        now: Date.now()
      });
      // Kept would be: B:aa (newer), then compile/y:00, compile/x:03 (on disk), A:ee; of those,
      // compile/y:00 and A:ee are fetched. A:02 and the root's do not fit.
      expect(plan.fetch.map(ID)).toEqual(['compile/y:00', 'A:ee']);
      expect(plan.skippedForBudget).toBe(2);
    }
  });
});
