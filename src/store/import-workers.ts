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
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { builtinModule } from './builtin-module.js';

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

/** One entry of a chunk job: its blobs follow each other in the chunk from `offset`. */
export interface ChunkEntryJob {
  staging: string;
  entry: string;
  names: string[];
  sizes: number[];
  offset: number;
  mtimeMs: number | undefined;
  exactModes: boolean | undefined;
}

/** Entries installed from one buffer (a pack chunk), which is transferred to the worker. */
export interface ChunkJob {
  /**
   * A view from the start of an ArrayBuffer of its own (not shared, not Node's pool), which is
   * transferred whole (bytes past the view's end go with it unread).
   */
  raw: Uint8Array;
  /** When given, the worker checks the bytes against it first and installs nothing if they differ. */
  sha256: string | undefined;
  jobs: ChunkEntryJob[];
}

export interface ChunkOutcome {
  /** The bytes failed their sha256: nothing was installed. */
  corrupt: boolean;
  /** One per job, in order (empty when corrupt). */
  outcomes: InstallOutcome[];
}

/** The worker could not be started or died: the caller installs in process instead. */
export class ImportWorkerGoneError extends Error {
  override name = 'ImportWorkerGoneError';
}

/** The install itself (functions `install` and `installChunk`): the worker's, and runInThisThread's. */
const INSTALL_SOURCE = String.raw`
'use strict';
const fs = require('node:fs');
const crypto = require('node:crypto');
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

// A whole pack chunk: its bytes are checked against their sha256 before any entry of it is
// installed (a chunk that fails installs nothing), then each entry is installed from views of it.
// The chunk's buffer was transferred to this thread; it is released (detached) as soon as the
// entries are written, not left for this thread's garbage collection: a worker allocates little
// JavaScript, so its collections are rare, and chunks waiting for one held hundreds of MiB.
function installChunk(msg) {
  const raw = msg.raw;
  try {
    if (msg.sha256 !== undefined) {
      const digest = crypto.createHash('sha256').update(raw).digest('hex');
      if (digest !== msg.sha256) return { corrupt: true, outcomes: [] };
    }
    const outcomes = msg.jobs.map(job => {
      const data = [];
      let at = job.offset;
      for (const size of job.sizes) {
        data.push(raw.subarray(at, at + size));
        at += size;
      }
      return install({ ...job, data });
    });
    return { corrupt: false, outcomes };
  } finally {
    const buffer = raw.buffer;
    if (typeof buffer.transfer === 'function' && !buffer.detached) buffer.transfer(0);
  }
}

`;

const WORKER_SOURCE = `${INSTALL_SOURCE}
const { parentPort } = require('node:worker_threads');
parentPort.on('message', batch => {
  if (batch.chunk) {
    let reply;
    try {
      reply = installChunk(batch.chunk);
    } catch (err) {
      reply = { corrupt: false, outcomes: batch.chunk.jobs.map(() => failure('write', err)) };
    }
    parentPort.postMessage({ id: batch.id, chunk: reply });
    return;
  }
  parentPort.postMessage({ id: batch.id, outcomes: batch.jobs.map(install) });
});
`;

/**
 * A chunk installed on the calling thread, with the worker's own code and synchronous calls (the
 * way `tar -x` makes them), for a process that installs a chunk now and then (a compile that asks
 * for an entry a lazy restore kept): starting a worker for it would cost more than the chunk, and
 * the thread pool's trips (one per call) cost about half as much again as these calls. The chunk's
 * buffer is released afterwards as the worker releases it. Blocks the thread for the install
 * (a ~4 MiB chunk of object files: ~55 entries, tens of milliseconds).
 */
export function installChunkHere(job: ChunkJob): ChunkOutcome {
  localInstaller ??= new Function('require', `${INSTALL_SOURCE}\nreturn installChunk;`)(
    createRequire(import.meta.url)
  ) as (job: ChunkJob) => ChunkOutcome;
  return localInstaller(job);
}

let localInstaller: ((job: ChunkJob) => ChunkOutcome) | undefined;

/** Batches sent to one worker and not answered yet, at most: one being installed, one waiting. */
const MAX_BATCHES_IN_FLIGHT = 2;

interface Pending {
  job: InstallJob;
  resolve: (o: InstallOutcome) => void;
  reject: (err: Error) => void;
}

interface PendingChunk {
  entries: number;
  resolve: (o: ChunkOutcome) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Batches sent and not answered, by id. */
  inFlight: Map<number, Pending[]>;
  /** Chunk jobs sent and not answered, by id. */
  chunks: Map<number, PendingChunk>;
  /** Entries sent and not answered (batches and chunks). */
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

  /**
   * Installs the entries of one chunk in the least busy worker. `job.raw`'s buffer is transferred
   * (the caller's view is empty afterwards). Rejects with ImportWorkerGoneError when no worker can
   * take it: when `job.raw` still has its bytes then, the caller can install in process.
   */
  installChunk(job: ChunkJob): Promise<ChunkOutcome> {
    if (this.broken) return Promise.reject(new ImportWorkerGoneError(this.broken.message));
    let slots: Slot[];
    try {
      slots = this.start();
    } catch (err) {
      this.fail(err as Error, []);
      return Promise.reject(new ImportWorkerGoneError((err as Error).message));
    }
    const slot = slots.reduce((a, b) => (b.jobs < a.jobs ? b : a));
    const buffer = job.raw.buffer;
    // The whole buffer goes (the decompressor's holds a byte more than the chunk: format.ts).
    if (!(buffer instanceof ArrayBuffer) || job.raw.byteOffset !== 0) {
      return Promise.reject(new ImportWorkerGoneError('the chunk is not a buffer of its own'));
    }
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      slot.chunks.set(id, { entries: job.jobs.length, resolve, reject });
      slot.jobs += job.jobs.length;
      if (slot.jobs === job.jobs.length) slot.worker.ref();
      try {
        slot.worker.postMessage({ id, chunk: job }, [buffer]);
      } catch (err) {
        slot.chunks.delete(id);
        slot.jobs -= job.jobs.length;
        if (slot.jobs === 0) slot.worker.unref();
        reject(new ImportWorkerGoneError((err as Error).message));
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
    // Loaded here, on first use: a command that installs nothing (a save) does not load it.
    const { Worker } = builtinModule<typeof import('node:worker_threads')>('node:worker_threads');
    for (let i = 0; i < this.count; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      const slot: Slot = { worker, inFlight: new Map(), chunks: new Map(), jobs: 0 };
      worker.on('message', (m: { id: number; outcomes?: InstallOutcome[]; chunk?: ChunkOutcome }) => {
        if (m.chunk !== undefined) {
          const pending = slot.chunks.get(m.id);
          if (!pending) return;
          slot.chunks.delete(m.id);
          slot.jobs -= pending.entries;
          if (slot.jobs === 0) worker.unref();
          pending.resolve(m.chunk);
          return;
        }
        const batch = slot.inFlight.get(m.id);
        if (!batch) return;
        slot.inFlight.delete(m.id);
        slot.jobs -= batch.length;
        if (slot.jobs === 0) worker.unref();
        for (const [n, p] of batch.entries()) p.resolve(m.outcomes![n]!);
        if (this.queue.length > 0) this.flush();
      });
      const gone = (err: Error): void => {
        const pending = [...slot.inFlight.values()].flat();
        slot.inFlight.clear();
        for (const c of slot.chunks.values()) c.reject(new ImportWorkerGoneError(err.message));
        slot.chunks.clear();
        slot.jobs = 0;
        this.fail(err, pending);
      };
      worker.on('error', gone);
      worker.on('exit', code => gone(new Error(`import worker exited with code ${code}`)));
      // After the listeners: adding a 'message' listener refs the worker again, and an idle worker
      // left referenced (one of two that got no chunk) would keep the process from exiting.
      worker.unref();
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
      for (const c of s.chunks.values()) c.reject(new ImportWorkerGoneError(err.message));
      s.chunks.clear();
      s.inFlight.clear();
      void s.worker.terminate().catch(() => undefined);
    }
    for (const p of [...pending, ...inFlight, ...queued]) p.reject(new ImportWorkerGoneError(err.message));
  }
}

/**
 * Worker threads for imports: `COMPILE_CACHE_IMPORT_WORKERS`. Unset: pack chunks are installed
 * by DEFAULT_CHUNK_WORKERS workers (sharedChunkWorkers) and single entries (objects, importEntry)
 * on the main thread through the thread pool; `0`: everything on the main thread; `N`: N workers
 * for both.
 *
 * Why chunks by default and single entries not: a worker makes the calls synchronously, one after
 * the other, as `tar -x` does, while each call through the thread pool costs the main thread a
 * submission and a wake-up (futexes: 327,000 of them for a 3,000-entry restore). A chunk goes to
 * the worker whole, as one transferred buffer, and the worker checks its sha256 and releases it as
 * soon as its entries are written, so memory stays what it is without workers. Single entries are
 * copied into a buffer each, which the worker keeps until its own garbage collection; with
 * SharedArrayBuffer chunks handed over entry by entry a restore peaked at ~930 MiB (three honest
 * 256 MiB chunks), over the 900 MiB bound, which is why that path stays opt-in.
 *
 * Why one chunk worker: two threads creating files at once contend in the kernel. Restoring the
 * bench's 18,000 files with the page cache fresh (a new runner's state), one worker took 1.37–1.65
 * s and 0.9–1.2 s of system time, two took 1.8–2.2 s and 1.9–2.6 s, the same with each entry
 * staged in its own shard directory (so it is not the rename across directories), against 1.85 s
 * and 1.75 s for `zstd -d | tar -x`. Two came out ahead only on this VM once its file creation had
 * slowed to ~0.8 ms of kernel time per file (a state `echo 1 > /proc/sys/vm/drop_caches` ends),
 * where splitting that time over two cores halved the wall time; bench/RESULTS.md has both.
 */
export const DEFAULT_CHUNK_WORKERS = 1;

/** Workers for single-entry imports: COMPILE_CACHE_IMPORT_WORKERS, default 0 (none). */
export function importWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.COMPILE_CACHE_IMPORT_WORKERS?.trim();
  if (v !== undefined && /^\d+$/.test(v)) return Math.min(Number(v), 8);
  return 0;
}

/** Workers for pack chunks: COMPILE_CACHE_IMPORT_WORKERS when set, else DEFAULT_CHUNK_WORKERS. */
export function chunkWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.COMPILE_CACHE_IMPORT_WORKERS?.trim();
  if (v !== undefined && /^\d+$/.test(v)) return Math.min(Number(v), 8);
  return DEFAULT_CHUNK_WORKERS;
}

let shared: ImportWorkers | null | undefined;

function sharedWorkers(): ImportWorkers | null {
  if (shared === undefined) {
    const n = chunkWorkerCount();
    shared = n > 0 ? new ImportWorkers(n) : null;
  }
  return shared;
}

/** The process's workers for single-entry imports, or null when they are turned off (the default). */
export function sharedImportWorkers(): ImportWorkers | null {
  return importWorkerCount() > 0 ? sharedWorkers() : null;
}

/** The process's workers for pack chunks, or null when they are turned off. */
export function sharedChunkWorkers(): ImportWorkers | null {
  return sharedWorkers();
}
