import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiskCacheStore, diskStoreCounters } from '../../src/store/disk.js';
import { hexKey, indexKey, removeTempDirs, tempDir, tree } from './disk-helpers.js';

afterAll(removeTempDirs);

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const diskModule = path.join(repoRoot, 'src', 'store', 'disk.ts');

/**
 * The blobs of one compile entry, derived from the seed so that every writer writes the same bytes.
 * (The child script below has a copy: keep the two the same.)
 */
function entryBlobs(seed: number) {
  const pattern = Buffer.from(Array.from({ length: 251 }, (_, i) => (i * 31 + seed) & 0xff));
  return [
    { name: 'output', data: Buffer.alloc(512 * 1024 + seed, pattern) },
    { name: 'stdout', data: Buffer.from(`stdout ${seed}\n`) },
    { name: 'stderr', data: Buffer.from('') },
    { name: 'exit_code', data: Buffer.from('0') },
    { name: 'metadata', data: Buffer.from(JSON.stringify({ seed })) }
  ];
}

const WRITER = `
import { existsSync } from 'node:fs';
const [modulePath, root, id, goFile] = process.argv.slice(2);
const { DiskCacheStore } = await import(modulePath);
function entryBlobs(seed) {
  const pattern = Buffer.from(Array.from({ length: 251 }, (_, i) => (i * 31 + seed) & 0xff));
  return [
    { name: 'output', data: Buffer.alloc(512 * 1024 + seed, pattern) },
    { name: 'stdout', data: Buffer.from('stdout ' + seed + '\\n') },
    { name: 'stderr', data: Buffer.from('') },
    { name: 'exit_code', data: Buffer.from('0') },
    { name: 'metadata', data: Buffer.from(JSON.stringify({ seed })) }
  ];
}
const seeds = [1, 2, 3];
const wanted = seeds.map(entryBlobs);
const view = new DiskCacheStore(root).namespace('compile').namespace('local');
// Start together, so that the writes overlap.
process.stdout.write('ready\\n');
while (!existsSync(goFile)) await new Promise(r => setTimeout(r, 2));
for (let round = 0; round < 40; round++) {
  for (const [i, seed] of seeds.entries()) {
    const key = seed.toString(16).padStart(2, '0').repeat(32);
    const want = wanted[i];
    if ((round + Number(id)) % 3 === 0) await view.importEntry(key, want);
    else for (const b of want) await view.put(key, b.name, b.data);
    for (const b of want) {
      const got = await view.get(key, b.name);
      if (got !== null && !got.equals(b.data)) {
        console.error('torn read of', key, b.name, got.length);
        process.exit(2);
      }
    }
  }
}
`;

describe('concurrent puts within one process', () => {
  it('32 concurrent puts of the same blob through fresh views all succeed and write once', async () => {
    const root = await tempDir();
    const data = entryBlobs(7)[0]!.data;
    const key = hexKey(0x77);
    const before = diskStoreCounters.blobWrites;
    const results = await Promise.allSettled(
      Array.from({ length: 32 }, (_, i) =>
        // A fresh view per call, as a server builds one per request; half from a fresh root store too.
        (i % 2 === 0 ? new DiskCacheStore(root) : new DiskCacheStore(`${root}/`))
          .namespace('compile')
          .namespace('local')
          .put(key, 'output', data)
      )
    );
    expect(results.filter(r => r.status === 'rejected')).toEqual([]);
    expect(diskStoreCounters.blobWrites - before).toBe(1);
    const view = new DiskCacheStore(root).namespace('compile').namespace('local');
    expect(await fs.readdir(view.entryPath(key))).toEqual(['output']);
    expect(await view.get(key, 'output')).toEqual(data);

    // Once settled, a new put writes again (coalescing is for writes in flight only).
    await view.put(key, 'output', data);
    expect(diskStoreCounters.blobWrites - before).toBe(2);
  });

  it('puts keep succeeding while cleans evict the same shards', async () => {
    const store = new DiskCacheStore(await tempDir());
    const view = store.namespace('compile');
    const puts = Array.from({ length: 200 }, (_, i) =>
      view.put(indexKey(i % 8), `blob${i}`, Buffer.alloc(4096, i & 0xff))
    );
    const cleans = Array.from({ length: 20 }, () => store.clean(1, 0));
    const results = await Promise.allSettled([...puts, ...cleans]);
    expect(results.filter(r => r.status === 'rejected')).toEqual([]);
    // Whatever survived is intact, and nothing temporary is left.
    for (const item of await tree(store.dir())) {
      if (item.path === '.staging/') continue; // the staging directory itself (checked empty below)
      expect(path.basename(item.path)).not.toMatch(/^\.|\.tmp$/);
      if (item.content !== undefined) expect(item.content.length).toBe(4096);
    }
    expect(await fs.readdir(path.join(store.dir(), '.staging')).catch(() => [])).toEqual([]);
  });
});

describe('concurrent writers in several processes', () => {
  it('leave intact files when they put and import the same entries', async () => {
    const root = await tempDir();
    const script = path.join(root, '..', `${path.basename(root)}-writer.mjs`);
    await fs.writeFile(script, WRITER);
    const goFile = `${root}.go`;
    const children = [0, 1, 2, 3];
    let ready = 0;
    const run = (id: number) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', script, diskModule, root, String(id), goFile],
          {
            cwd: repoRoot,
            stdio: ['ignore', 'pipe', 'pipe']
          }
        );
        let stderr = '';
        child.stdout.on('data', () => {
          // Every writer has loaded the module: let them all go at once.
          if (++ready === children.length) fs.writeFile(goFile, '').catch(reject);
        });
        child.stderr.on('data', d => (stderr += d));
        child.on('error', reject);
        child.on('close', code => resolve({ code, stderr }));
      });
    try {
      const results = await Promise.all(children.map(run));
      expect(results).toEqual(children.map(() => ({ code: 0, stderr: '' })));
    } finally {
      await fs.rm(script, { force: true });
      await fs.rm(goFile, { force: true });
    }

    const view = new DiskCacheStore(root).namespace('compile').namespace('local');
    for (const seed of [1, 2, 3]) {
      const key = hexKey(seed);
      const want = entryBlobs(seed);
      expect((await fs.readdir(view.entryPath(key))).sort()).toEqual(want.map(b => b.name).sort());
      for (const b of want) expect(await view.get(key, b.name)).toEqual(b.data);
    }
    const bytes = [1, 2, 3].flatMap(entryBlobs).reduce((sum, b) => sum + b.data.length, 0);
    expect(await new DiskCacheStore(root).stats()).toEqual({ entries: 3, bytes });
    expect(await fs.readdir(path.join(root, '.staging')).catch(() => [])).toEqual([]);
  }, 120_000);
});
