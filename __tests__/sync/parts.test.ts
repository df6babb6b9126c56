/** The sync's pure parts: the restore plan, entry rules, the manifest file, the transfer pool. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntryInfo } from '../../src/store/store.js';
import { entryId, isCompleteEntry, uploadOrder } from '../../src/sync/entries.js';
import { readManifest, writeManifest, type SyncManifest } from '../../src/sync/manifest.js';
import { ManifestEntries, type ManifestEntry } from '../../src/sync/manifest-entries.js';
import { planRestore } from '../../src/sync/plan.js';
import { forEachLimit, Limiter } from '../../src/store/limit.js';
import { formatBytes, Progress } from '../../src/sync/progress.js';

function entry(
  key: string,
  size: number,
  time: number,
  namespace = '',
  names = ['exit_code', 'metadata']
): EntryInfo {
  return {
    key,
    namespace,
    size,
    mtime: new Date(time),
    blobs: names.map(name => ({ name, size: 1, mtime: new Date(time) }))
  };
}

describe('planRestore', () => {
  const remote = [entry('aa', 10, 1000), entry('bb', 10, 4000), entry('cc', 10, 3000), entry('dd', 10, 2000)];

  it('takes the newest bucket entries first and stops at the budget', () => {
    const plan = planRestore({ remote, local: [], maxBytes: 25, maxAgeMs: 0, now: 5000 });
    expect(plan.fetch.map(e => e.key)).toEqual(['bb', 'cc']);
    expect(plan.skippedForBudget).toBe(2);
  });

  it('takes everything without a budget', () => {
    const plan = planRestore({ remote, local: [], maxBytes: 0, maxAgeMs: 0, now: 5000 });
    expect(plan.fetch.map(e => e.key)).toEqual(['bb', 'cc', 'dd', 'aa']);
  });

  it('counts what is on disk against the budget and never fetches it again', () => {
    const local = [entry('cc', 10, 3000), entry('ee', 10, 4500)];
    const plan = planRestore({ remote, local, maxBytes: 30, maxAgeMs: 0, now: 5000 });
    // ee (local, newest), bb (fetch), cc (local): 30 bytes; dd and aa do not fit.
    expect(plan.fetch.map(e => e.key)).toEqual(['bb']);
    expect(plan.alreadyLocal).toBe(1);
    expect(plan.skippedForBudget).toBe(2);
  });

  it('leaves out entries older than the local max age', () => {
    const plan = planRestore({ remote, local: [], maxBytes: 0, maxAgeMs: 2500, now: 5000 });
    expect(plan.fetch.map(e => e.key)).toEqual(['bb', 'cc']);
    expect(plan.skippedForAge).toBe(2);
  });

  it('tells the same key in two tenants apart', () => {
    const plan = planRestore({
      remote: [entry('aa', 1, 1, 'local'), entry('aa', 1, 1, 'ci')],
      local: [entry('aa', 1, 1, 'local')],
      maxBytes: 0,
      maxAgeMs: 0,
      now: 5
    });
    expect(plan.fetch.map(entryId)).toEqual(['ci/aa']);
  });
});

describe('entry rules', () => {
  it('requires exit_code and metadata under compile only', () => {
    expect(isCompleteEntry('compile', entry('aa', 1, 1, 'local', ['output', 'exit_code', 'metadata']))).toBe(
      true
    );
    expect(isCompleteEntry('compile', entry('aa', 1, 1, 'local', ['output', 'exit_code']))).toBe(false);
    expect(isCompleteEntry('compile/local', entry('aa', 1, 1, '', ['output', 'metadata']))).toBe(false);
    expect(isCompleteEntry('source', entry('aa', 1, 1, 'local', ['data']))).toBe(true);
  });

  it('uploads metadata last and otherwise in the Go system order', () => {
    expect(uploadOrder(['metadata', 'extras', 'zz', 'exit_code', 'stdout', 'output', 'stderr'])).toEqual([
      'output',
      'stdout',
      'stderr',
      'exit_code',
      'extras',
      'zz',
      'metadata'
    ]);
  });
});

describe('manifest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sync-manifest-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const entries = (): ManifestEntries =>
    ManifestEntries.from(
      new Map<string, ManifestEntry>([
        ['local/bb', { local: 5, size: 30 }],
        ['local/aa', { local: 1, remote: 2, size: 10 }],
        ['local/cc', { remote: 7 }]
      ])
    );

  it('round-trips through a file, with the entries as sorted columns', async () => {
    const m: SyncManifest = {
      version: 2,
      restoredAt: new Date().toISOString(),
      namespaces: { compile: { entries: entries(), outsidePacks: 0 } }
    };
    const path = join(dir, 'sub', 'manifest.json');
    await writeManifest(path, m);
    expect(await readManifest(path)).toEqual(m);
    expect(JSON.parse(await readFile(path, 'utf8')).namespaces.compile).toEqual({
      entries: {
        ids: ['local/aa', 'local/bb', 'local/cc'],
        local: [1, 5, null],
        remote: [2, null, 7],
        sizes: [10, 30, null]
      },
      outsidePacks: 0
    });
  });

  it("looks an entry's times and size up by its id", () => {
    const e = entries();
    expect([e.localTime('local/aa'), e.remoteTime('local/aa'), e.size('local/aa')]).toEqual([1, 2, 10]);
    expect([e.localTime('local/cc'), e.remoteTime('local/cc'), e.size('local/cc')]).toEqual([
      undefined,
      7,
      undefined
    ]);
    expect(e.remoteTimes.get('local/bb')).toBeUndefined();
    expect(e.remoteTimes.get('local/cc')).toBe(7);
    for (const missing of ['local/a', 'local/ab', 'local/dd', '', 'zz']) expect(e.indexOf(missing)).toBe(-1);
    expect(e.localIds()).toEqual(['local/aa', 'local/bb']);
    expect(e.remoteIds()).toEqual(['local/aa', 'local/cc']);
    // Every id of a larger set is found where it is.
    const many = new Map<string, ManifestEntry>();
    for (let i = 0; i < 1000; i++)
      many.set(`local/${(i * 7919).toString(16).padStart(6, '0')}`, { local: i });
    const big = ManifestEntries.from(many, { sizes: false });
    expect(big.sizes).toBeNull();
    for (const [id, { local }] of many) expect(big.localTime(id)).toBe(local);
  });

  it('refuses columns that are not sorted ids with numbers or nulls of the same length', async () => {
    const good = { ids: ['a', 'b'], local: [1, null], remote: [null, 2], sizes: [3, null] };
    expect(ManifestEntries.parse(good)?.ids).toEqual(['a', 'b']);
    expect(ManifestEntries.parse({ ...good, sizes: undefined })?.sizes).toBeNull();
    for (const bad of [
      { ...good, ids: ['b', 'a'] },
      { ...good, ids: ['a', 'a'] },
      { ...good, ids: ['a', 2] },
      { ...good, local: [1] },
      { ...good, remote: [null, '2'] },
      { ...good, sizes: [3, Infinity] },
      { ...good, local: {} },
      null
    ]) {
      expect(ManifestEntries.parse(bad)).toBeNull();
    }
    // A manifest of the first version (objects keyed by id) is not read: the save lists instead.
    const v1 = join(dir, 'v1.json');
    await writeFile(
      v1,
      JSON.stringify({
        version: 1,
        restoredAt: new Date().toISOString(),
        namespaces: { compile: { local: { 'local/aa': 1 }, remote: { 'local/aa': 2 } } }
      })
    );
    const lines: string[] = [];
    expect(await readManifest(v1, l => lines.push(l))).toBeNull();
    expect(lines[0]).toContain('not a version 2 sync manifest');
  });

  it('is null when missing, and null with a reason when unusable', async () => {
    const lines: string[] = [];
    expect(await readManifest(join(dir, 'none.json'), l => lines.push(l))).toBeNull();
    expect(lines).toEqual([]);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"version": 3}');
    expect(await readManifest(bad, l => lines.push(l))).toBeNull();
    await writeFile(bad, '{not json');
    expect(await readManifest(bad, l => lines.push(l))).toBeNull();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(bad);
    expect(await readFile(bad, 'utf8')).toBe('{not json');
  });

  it('is null when its entries are not columns of numbers', async () => {
    const path = join(dir, 'times.json');
    const manifest = (local: unknown) => ({
      version: 2,
      restoredAt: new Date(0).toISOString(),
      namespaces: { compile: { entries: { ids: ['aa', 'bb'], local, remote: [1, null] } } }
    });
    await writeFile(path, JSON.stringify(manifest([1, 2])));
    expect((await readManifest(path))?.namespaces.compile?.entries.localTime('bb')).toBe(2);
    for (const local of [[1, '2'], [1], { aa: 1, bb: 2 }, null]) {
      await writeFile(path, JSON.stringify(manifest(local)));
      expect(await readManifest(path)).toBeNull();
    }
  });
});

describe('pool', () => {
  it('never runs more than the limit at once', async () => {
    let active = 0;
    let most = 0;
    const limiter = new Limiter(3);
    await forEachLimit(
      Array.from({ length: 20 }, (_, i) => i),
      5,
      async () => {
        await limiter.run(async () => {
          active++;
          most = Math.max(most, active);
          await new Promise(r => setImmediate(r));
          active--;
        });
      }
    );
    expect(most).toBe(3);
  });

  it('stops taking items after a throw and rethrows it', async () => {
    const seen: number[] = [];
    await expect(
      forEachLimit([1, 2, 3, 4, 5, 6], 1, async i => {
        seen.push(i);
        if (i === 2) throw new Error('stop');
      })
    ).rejects.toThrow('stop');
    expect(seen).toEqual([1, 2]);
  });
});

describe('progress', () => {
  it('formats entries, bytes and rate', () => {
    const p = new Progress('restore compile', 4, 4096, undefined);
    p.add(2, 2048);
    expect(p.line()).toMatch(/^restore compile: 2\/4 entries, 2\.0 KiB\/4\.0 KiB, /);
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
    p.stop();
  });
});
