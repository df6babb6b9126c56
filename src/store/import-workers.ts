/**
 * Installing restored entries off the main thread. A restore writes some 18,000 small files for
 * 3,000 entries; through the libuv thread pool each file costs four round trips between the main
 * thread and the pool (open, write, futimes, close), a promise each, and 16 pool threads contending
 * for 2 cores: that, not the syscalls, was most of the restore's CPU. Here a few worker threads
 * make the same syscalls synchronously, as `tar -x` does, and the main thread sends them whole
 * entries in batches (one message per batch, the bytes transferred, not copied).
 *
 * The worker only ever does, per entry: mkdir of a fresh staging directory (a unique name in the
 * store's checked `.staging/`), create each blob there with O_CREAT|O_EXCL (never through an
 * existing path, so never through a planted link), write, set its times through the fd, close,
 * then one rename of the staging directory onto the entry's path in a shard the main thread has
 * checked. What that rename finds (an entry already there, a shard removed meanwhile) goes back to
 * the main thread, which decides (DiskCacheStore.importEntry). A staging directory that did not
 * become the entry is removed at once; one left by a killed process is swept by the next import.
 *
 * The worker's code is a plain JavaScript string (`eval` worker) so the bundles need no second
 * entry file; it uses nothing but node:fs and node:worker_threads.
 */
import { Worker } from 'node:worker_threads';

/** One entry to install. */
export interface InstallJob {
  /** `<root>/.staging/<unique>`: created by the worker, must not exist. */
  staging: string;
  /** `<shard>/<hex>`: where the staging directory is renamed to. */
  entry: string;
  names: string[];
  /**
   * The blobs' bytes, in `names` order: views of SharedArrayBuffers (a decompressed pack chunk:
   * shared with the worker, not copied), or of one ArrayBuffer of this job's own (transferred).
   */
  data: Uint8Array[];
  /** Every file's mtime (ms); undefined = now. */
  mtimeMs: number | undefined;
  /** Whether files created 0644 come out 0644 (umask); undefined = check the first directory. */
  exactModes: boolean | undefined;
}

export type InstallOutcome =
  | { status: 'installed'; exactModes: boolean }
  /** A non-empty entry directory was there already (ENOTEMPTY / EEXIST on the rename). */
  | { status: 'present' }
  | { status: 'error'; stage: 'mkdir' | 'write' | 'rename'; code: string | undefined; message: string };

/** The worker could not be started or died: the caller installs in process instead. */
export class ImportWorkerGoneError extends Error {
  override name = 'ImportWorkerGoneError';
}

const WORKER_SOURCE = String.raw`
'use strict';
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;

function failure(stage, err) {
  return { status: 'error', stage, code: err && err.code, message: String(err && err.message) };
}

function install(job) {
  try {
    fs.mkdirSync(job.staging, DIR_MODE);
  } catch (err) {
    return failure('mkdir', err);
  }
  let done = false;
  try {
    let exact = job.exactModes;
    if (exact === undefined) exact = (fs.lstatSync(job.staging).mode & 0o777) === DIR_MODE;
    if (!exact) fs.chmodSync(job.staging, DIR_MODE);
    const t = job.mtimeMs === undefined ? undefined : job.mtimeMs / 1000;
    for (let i = 0; i < job.names.length; i++) {
      const data = job.data[i];
      const fd = fs.openSync(job.staging + '/' + job.names[i], 'wx', FILE_MODE);
      try {
        if (!exact) fs.fchmodSync(fd, FILE_MODE);
        for (let off = 0; off < data.byteLength; ) off += fs.writeSync(fd, data, off, data.byteLength - off);
        if (t !== undefined) fs.futimesSync(fd, t, t);
      } finally {
        fs.closeSync(fd);
      }
    }
    try {
      fs.renameSync(job.staging, job.entry);
    } catch (err) {
      if (err.code === 'ENOTEMPTY' || err.code === 'EEXIST') return { status: 'present' };
      return failure('rename', err);
    }
    done = true;
    return { status: 'installed', exactModes: exact };
  } catch (err) {
    return failure('write', err);
  } finally {
    if (!done) {
      try {
        fs.rmSync(job.staging, { recursive: true, force: true });
      } catch {}
    }
  }
}

parentPort.on('message', batch => {
  parentPort.postMessage({ id: batch.id, outcomes: batch.jobs.map(install) });
});
`;

/** Batches sent to one worker and not answered yet, at most: one being installed, one waiting. */
const MAX_BATCHES_IN_FLIGHT = 2;

interface Pending {
  job: InstallJob;
  resolve: (o: InstallOutcome) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Batches sent and not answered, by id. */
  inFlight: Map<number, Pending[]>;
  jobs: number;
}

/** Worker threads that install entries; created on first use, kept referenced only while busy. */
export class ImportWorkers {
  private slots: Slot[] | null = null;
  private queue: Pending[] = [];
  private flushScheduled = false;
  private nextId = 1;
  private broken: Error | null = null;

  constructor(private readonly count: number) {}

  /** Installs one entry in a worker; rejects with ImportWorkerGoneError when no worker can do it. */
  install(job: InstallJob): Promise<InstallOutcome> {
    if (this.broken) return Promise.reject(new ImportWorkerGoneError(this.broken.message));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Entries handed over in the same turn of the event loop go as one message per worker.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Stops the workers (tests; a process that exits needs not: idle workers are unreferenced). */
  async close(): Promise<void> {
    const slots = this.slots ?? [];
    this.slots = null;
    await Promise.all(slots.map(s => s.worker.terminate()));
  }

  /**
   * Hands queued jobs to workers with fewer than MAX_BATCHES_IN_FLIGHT batches: while a worker is
   * busy, what arrives meanwhile waits and goes as one batch (one message) when it answers.
   */
  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    let slots: Slot[];
    try {
      slots = this.start();
    } catch (err) {
      const queue = this.queue;
      this.queue = [];
      this.fail(err as Error, queue);
      return;
    }
    const ready = slots.filter(s => s.inFlight.size < MAX_BATCHES_IN_FLIGHT).sort((a, b) => a.jobs - b.jobs);
    if (ready.length === 0) return;
    const queue = this.queue;
    this.queue = [];
    const per = Math.ceil(queue.length / ready.length);
    for (let i = 0, s = 0; i < queue.length; i += per, s++) this.send(ready[s]!, queue.slice(i, i + per));
  }

  private send(slot: Slot, batch: Pending[]): void {
    const id = this.nextId++;
    slot.inFlight.set(id, batch);
    slot.jobs += batch.length;
    if (slot.jobs === batch.length) slot.worker.ref();
    const jobs = batch.map(p => p.job);
    // The jobs' own buffers move to the worker; shared ones (pack chunks) are shared, not copied.
    const transfer = new Set<ArrayBuffer>();
    for (const j of jobs) for (const d of j.data) if (d.buffer instanceof ArrayBuffer) transfer.add(d.buffer);
    try {
      slot.worker.postMessage({ id, jobs }, [...transfer]);
    } catch (err) {
      slot.inFlight.delete(id);
      slot.jobs -= batch.length;
      for (const p of batch) p.reject(new ImportWorkerGoneError((err as Error).message));
    }
  }

  private start(): Slot[] {
    if (this.slots) return this.slots;
    const slots: Slot[] = [];
    for (let i = 0; i < this.count; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      const slot: Slot = { worker, inFlight: new Map(), jobs: 0 };
      worker.unref();
      worker.on('message', (m: { id: number; outcomes: InstallOutcome[] }) => {
        const batch = slot.inFlight.get(m.id);
        if (!batch) return;
        slot.inFlight.delete(m.id);
        slot.jobs -= batch.length;
        if (slot.jobs === 0) worker.unref();
        for (const [n, p] of batch.entries()) p.resolve(m.outcomes[n]!);
        if (this.queue.length > 0) this.flush();
      });
      const gone = (err: Error): void => {
        const pending = [...slot.inFlight.values()].flat();
        slot.inFlight.clear();
        slot.jobs = 0;
        this.fail(err, pending);
      };
      worker.on('error', gone);
      worker.on('exit', code => gone(new Error(`import worker exited with code ${code}`)));
      slots.push(slot);
    }
    this.slots = slots;
    return slots;
  }

  private fail(err: Error, pending: Pending[]): void {
    this.broken ??= err;
    const slots = this.slots ?? [];
    this.slots = null;
    // Jobs still queued (waiting for a busy worker) would wait forever: they go back too, and
    // every caller installs on its main thread instead.
    const queued = this.queue;
    this.queue = [];
    const inFlight = slots.flatMap(s => [...s.inFlight.values()].flat());
    for (const s of slots) {
      s.inFlight.clear();
      void s.worker.terminate().catch(() => undefined);
    }
    for (const p of [...pending, ...inFlight, ...queued]) p.reject(new ImportWorkerGoneError(err.message));
  }
}

/**
 * Worker threads for imports: `COMPILE_CACHE_IMPORT_WORKERS` (default 0: install on the main
 * thread through the thread pool). One worker making the calls one after the other, as `tar -x`
 * does, cost the least CPU (3,000 entries into tmpfs on 2 busy cores: ~0.7 s against ~1.8 s through
 * the thread pool), but it is opt-in: the pack chunks it writes from stay alive until the worker's
 * own garbage collection, and with three honest 256 MiB chunks a restore then peaked at ~930 MiB,
 * over the 900 MiB the restore promises whatever the bucket holds (654 MiB without the worker;
 * __tests__/sync/hostile-bucket-steps.test.ts). The whole-command restore was no faster with it.
 */
export function importWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.COMPILE_CACHE_IMPORT_WORKERS?.trim();
  if (v !== undefined && /^\d+$/.test(v)) return Math.min(Number(v), 8);
  return 0;
}

let shared: ImportWorkers | null | undefined;

/** The process's import workers, or null when they are turned off. */
export function sharedImportWorkers(): ImportWorkers | null {
  if (shared === undefined) {
    const n = importWorkerCount();
    shared = n > 0 ? new ImportWorkers(n) : null;
  }
  return shared;
}
