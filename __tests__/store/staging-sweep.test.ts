/**
 * Leftovers of killed restores in `.staging` (issue 12: 135 leftovers after 60 trials, never swept):
 * real importing processes are SIGKILLed mid-way; the next restore's first import and every clean
 * remove the staging directories whose creator is dead, while a live importer's are left alone,
 * and no installed entry is ever torn.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiskCacheStore } from '../../src/store/disk.js';
import { IMPORT_BLOBS, importKey, importedBlob } from './import-child.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'import-child.ts');
const HOUR = 3600_000;

const made: string[] = [];
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});

async function cacheDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'staging-sweep-'));
  made.push(d);
  return d;
}

/**
 * `workers` is COMPILE_CACHE_IMPORT_WORKERS for the child: '0' installs on its main thread, whose
 * staging directories live longer; through the import workers a kill rarely finds one, and a sweep
 * test needs leftovers.
 */
function startImporter(dir: string, start: number, count: number, workers = '2'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(start), String(count)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, COMPILE_CACHE_IMPORT_WORKERS: workers }
  });
}

/** Resolves once the child has installed `n` entries (it prints its count after each). */
function installed(child: ChildProcess, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const counts = buf.trim().split('\n');
      if (Number(counts[counts.length - 1]) >= n) resolve();
    });
    child.once('exit', code => reject(new Error(`importer exited (${code}) before ${n} entries: ${stderr}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise(resolve => child.once('exit', code => resolve(code)));
}

/** Kills importers with SIGKILL after 30 entries each; returns their pids. */
async function killedRestores(dir: string, trials: number): Promise<number[]> {
  const pids: number[] = [];
  for (let t = 0; t < trials; t++) {
    // Each importer sweeps the dead ones' leftovers: the last one, killed on its main thread, leaves some.
    const child = startImporter(dir, t * 10_000, 10_000, t === trials - 1 ? '0' : '2');
    pids.push(child.pid!);
    await installed(child, 30);
    child.kill('SIGKILL');
    await exited(child);
  }
  return pids;
}

/** Staging directories named after one of `pids` (`<hex>-<pid>-<rand>`). */
async function leftoversOf(dir: string, pids: number[]): Promise<string[]> {
  const names = await readdir(path.join(dir, '.staging')).catch(() => [] as string[]);
  return names.filter(n => pids.some(pid => n.includes(`-${pid}-`)));
}

/** Every installed entry holds exactly its blobs, each byte as the importer wrote it. */
async function expectNoTornEntry(dir: string): Promise<number> {
  const ns = path.join(dir, 'compile', 'local');
  let entries = 0;
  for (const shard of await readdir(ns).catch(() => [] as string[])) {
    for (const key of await readdir(path.join(ns, shard))) {
      const names = (await readdir(path.join(ns, shard, key))).sort();
      expect(names).toEqual([...IMPORT_BLOBS].sort());
      for (const name of names) {
        const data = await readFile(path.join(ns, shard, key, name));
        expect(data.equals(importedBlob(key, name))).toBe(true);
      }
      entries++;
    }
  }
  return entries;
}

describe('leftovers of killed restores', () => {
  it('are swept by the next restore (its first import), and no entry is torn', async () => {
    const dir = await cacheDir();
    const pids = await killedRestores(dir, 4);
    // Killed mid-import: without leftovers this test would prove nothing.
    expect((await leftoversOf(dir, pids)).length).toBeGreaterThan(0);

    const view = new DiskCacheStore(dir).namespace('compile').namespace('local');
    const key = importKey(999_999);
    await view.importEntry(
      key,
      IMPORT_BLOBS.map(name => ({ name, data: importedBlob(key, name) }))
    );
    expect(await leftoversOf(dir, pids)).toEqual([]);
    expect(await expectNoTornEntry(dir)).toBeGreaterThanOrEqual(4 * 30 + 1);
  });

  it('are swept by every clean, not only after an hour', async () => {
    const dir = await cacheDir();
    const pids = await killedRestores(dir, 3);
    expect((await leftoversOf(dir, pids)).length).toBeGreaterThan(0);
    const r = await new DiskCacheStore(dir).clean(0, 0);
    expect(r.bySize.entries + r.byAge.entries).toBe(0);
    expect(await leftoversOf(dir, pids)).toEqual([]);
    await expectNoTornEntry(dir);
  });

  it("leave a live importer's staging directories alone: cleans while it runs, and it installs everything", async () => {
    const dir = await cacheDir();
    const child = startImporter(dir, 0, 300);
    await installed(child, 10);
    const store = new DiskCacheStore(dir);
    for (let i = 0; i < 20 && child.exitCode === null; i++) await store.clean(0, 0);
    expect(await exited(child)).toBe(0);
    expect(await expectNoTornEntry(dir)).toBe(300);
    expect(await readdir(path.join(dir, '.staging'))).toEqual([]);
  });

  it('are swept after the age bound even when their pid is alive again (reused)', async () => {
    const dir = await cacheDir();
    // A leftover named after a live process (the test's parent), dated two hours back.
    const old = path.join(dir, '.staging', `${'ab'.repeat(32)}-${process.ppid}-0123456789ab`);
    await mkdir(old, { recursive: true });
    const recent = path.join(dir, '.staging', `${'cd'.repeat(32)}-${process.ppid}-0123456789ab`);
    await mkdir(recent);
    const then = new Date(Date.now() - 2 * HOUR);
    await utimes(old, then, then);
    await new DiskCacheStore(dir).clean(0, 0);
    expect(await readdir(path.join(dir, '.staging'))).toEqual([path.basename(recent)]);
  });
});
