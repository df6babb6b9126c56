/**
 * The compile server's threads. The main thread only accepts connections, reads requests, sends
 * heartbeats and writes answers; the compiles themselves run in worker threads, one compile core
 * (compile.ts) with its own session in each, so a build's parallel hits use as many cores as make -j
 * or ninja give them instead of taking turns on one thread. A hit is mostly short synchronous work
 * (a stat per header, small reads): on one thread, two hits at once cost twice one hit.
 *
 * Each worker is the wrapper bundle itself, started with `workerData.role` set (wrapper-bundle.ts
 * branches on it), so the shipped layout needs no second entry point.
 *
 * Each thread keeps its own stat cache of header hashes (file-hash.ts), and hands what it hashed to
 * the others with its answer: without that, a build's first hits hashed each header once per thread
 * (fmt's tests read 319 files, 4 MB, per compile), and a fresh server's first warm build paid that
 * several times over.
 *
 * A worker that dies (a bug, memory) fails only its compiles in flight, as `error` answers: the
 * client then runs the compiler itself and counts it. It is replaced; after MAX_RESTARTS deaths the
 * pool stops starting workers and the server compiles on its main thread, as with 0 threads.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CompileAnswer, CompileRequest } from '../compiler/compile.js';
import { adoptOutcomes, type DependPolicyState } from '../compiler/direct/depend.js';
import type { LearnedHash, StatCache } from '../compiler/direct/file-hash.js';
import type { RehearsalResult } from './rehearsal.js';
import { WORKER_READY, type COMPILE_WORKER_ROLE } from './worker-role.js';

/** Most threads a server starts, whatever the machine has. */
const MAX_THREADS = 16;
/** Deaths after which no worker is started again. */
const MAX_RESTARTS = 8;
/** How long close() lets a worker finish what it put off before terminating it. */
const CLOSE_GRACE_MS = 5_000;

export interface CompileWorkerData {
  role: typeof COMPILE_WORKER_ROLE;
  cacheDir: string;
}

/**
 * What the main thread posts to a worker: a compile, a rehearsal (rehearsal.ts) in a directory, the
 * end of it, or header hashes another thread made.
 */
export type WorkerMessage =
  | { id: number; request: CompileRequest }
  | { id: number; rehearse: string }
  | { stopRehearsal: string }
  | { learn: LearnedHash[]; lookups: boolean[] }
  | { close: true };

/** What a worker posts back for one compile (with the header hashes it made) or rehearsal. */
export type WorkerReply =
  | { id: number; answer: CompileAnswer; learned: LearnedHash[]; lookups: boolean[] }
  | { id: number; rehearsed: RehearsalResult }
  | { id: number; error: string; stack?: string };

/**
 * The number of compile threads: COMPILE_CACHE_SERVER_THREADS (0: compile on the main thread),
 * by default the cores Node may use, at most MAX_THREADS. A value that is not one is reported
 * through `warn` and the default used: a server started on demand by a build must not refuse to
 * start over it (every compile would wait for it first).
 */
export function threadCount(env: NodeJS.ProcessEnv, warn: (message: string) => void): number {
  const fallback = Math.min(MAX_THREADS, Math.max(1, os.availableParallelism()));
  const raw = env.COMPILE_CACHE_SERVER_THREADS;
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_THREADS) {
    warn(
      `COMPILE_CACHE_SERVER_THREADS: ${JSON.stringify(raw)} is not a whole number from 0 to ${MAX_THREADS} ` +
        `(the compile threads of the server; 0 compiles on its main thread): using ${fallback}`
    );
    return fallback;
  }
  return n;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded the compile core and said so: only then does it get compiles. */
  ready: boolean;
  pending: Map<number, (r: WorkerReply) => void>;
}

/** A copy that is a Buffer again (structured cloning turns Buffers into plain Uint8Arrays). */
function asBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

export class CompilePool {
  private readonly slots: Slot[] = [];
  private started = false;
  private nextId = 1;
  private turn = 0;
  private deaths = 0;
  private closing = false;

  /**
   * `fallback` runs a compile on the calling thread: used until a worker is ready and when the pool
   * has none (every worker died too often).
   *
   * `hashes`: the main thread's stat cache, which adopts what the workers hash (the main thread
   * compiles too); what the main thread hashes reaches the workers through `share`.
   *
   * The workers start at the first compile that overlaps another, not with the server: each loads
   * the bundle and warms up on its own (tens of milliseconds of CPU), which a server started just
   * before a short warm build would otherwise spend beside that build. Until one is ready, compiles
   * run on the main thread as they would without threads. A server told to warm up (rehearse)
   * starts them at once instead.
   */
  constructor(
    private readonly script: string,
    private readonly data: CompileWorkerData,
    readonly threads: number,
    private readonly fallback: (req: CompileRequest) => Promise<CompileAnswer>,
    private readonly log: (line: string) => void,
    private readonly hashes: StatCache | null = null,
    private readonly policy: DependPolicyState | null = null
  ) {}

  /** Hands header hashes and depend-mode lookup outcomes the main thread made to the workers. */
  share(learned: LearnedHash[], lookups: boolean[] = []): void {
    this.spread(learned, lookups, null);
  }

  private spread(learned: LearnedHash[], lookups: boolean[], from: Slot | null): void {
    if (learned.length === 0 && lookups.length === 0) return;
    for (const s of this.slots)
      if (s !== from) s.worker.postMessage({ learn: learned, lookups } satisfies WorkerMessage);
  }

  /**
   * Starts the workers now (not at the first overlap) and has each rehearse in the directory of the
   * same index (rehearsal.ts): the server's warm-up. Resolves with what each one did.
   */
  async rehearse(dirs: readonly string[]): Promise<RehearsalResult[]> {
    this.startWorkers();
    return Promise.all(
      this.slots.slice(0, dirs.length).map(async (slot, i) => {
        const reply = await this.post(slot, { id: this.nextId++, rehearse: dirs[i] as string });
        if ('rehearsed' in reply) return reply.rehearsed;
        return { compiles: 0, skipped: 'error' in reply ? reply.error : 'no answer', ms: 0 };
      })
    );
  }

  /** Ends the rehearsals in progress after their current compile. */
  stopRehearsals(why = 'the build started compiling'): void {
    for (const s of this.slots) s.worker.postMessage({ stopRehearsal: why } satisfies WorkerMessage);
  }

  /** Posts a message that has an answer, keeping the worker (and so the server) alive until it comes. */
  private post(slot: Slot, message: WorkerMessage & { id: number }): Promise<WorkerReply> {
    return new Promise<WorkerReply>(resolve => {
      slot.pending.set(message.id, resolve);
      slot.worker.ref();
      slot.worker.postMessage(message);
    }).finally(() => {
      if (slot.pending.size === 0) slot.worker.unref();
    });
  }

  private startWorkers(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < this.threads; i++) this.slots.push(this.startWorker());
  }

  private startWorker(): Slot {
    const worker = new Worker(this.script, { workerData: this.data, argv: [], stdout: false, stderr: false });
    const slot: Slot = { worker, ready: false, pending: new Map() };
    worker.on('message', (reply: WorkerReply | typeof WORKER_READY) => {
      if (reply === WORKER_READY) {
        slot.ready = true;
        return;
      }
      const done = slot.pending.get(reply.id);
      slot.pending.delete(reply.id);
      done?.(reply);
    });
    worker.on('error', err => this.log(`a compile thread failed: ${err.stack ?? err.message}`));
    worker.on('exit', code => this.onExit(slot, code));
    // Idle workers must not keep a stopping server alive.
    worker.unref();
    return slot;
  }

  private onExit(slot: Slot, code: number): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    for (const [id, done] of slot.pending) {
      done({ id, error: `the compile thread exited (code ${code}) during this compile` });
    }
    slot.pending.clear();
    if (this.closing) return;
    this.deaths++;
    if (this.deaths <= MAX_RESTARTS) {
      this.slots.push(this.startWorker());
    } else if (this.slots.length === 0) {
      this.log(`compile threads died ${this.deaths} times: compiling on the main thread from now on`);
    }
  }

  /** The ready worker with the fewest compiles in flight (a miss waiting on its compiler counts), in turns among equals. */
  private pick(): Slot | undefined {
    let best: Slot | undefined;
    const n = this.slots.length;
    for (let k = 0; k < n; k++) {
      const s = this.slots[(this.turn + k) % n] as Slot;
      if (s.ready && (best === undefined || s.pending.size < best.pending.size)) best = s;
    }
    this.turn = n === 0 ? 0 : (this.turn + 1) % n;
    return best;
  }

  /** Runs a compile in a worker, or with `fallback` when none is ready (starting them the first time). */
  async run(req: CompileRequest): Promise<CompileAnswer> {
    this.startWorkers();
    const slot = this.pick();
    if (slot === undefined) return this.fallback(req);
    const reply = await this.post(slot, { id: this.nextId++, request: req });
    if ('error' in reply) {
      const err = new Error(reply.error);
      if (reply.stack !== undefined) err.stack = reply.stack;
      throw err;
    }
    if (!('answer' in reply)) throw new Error('a compile thread answered a compile with something else');
    if (reply.learned.length > 0 || reply.lookups.length > 0) {
      this.hashes?.adopt(reply.learned);
      if (this.policy !== null) adoptOutcomes(this.policy, reply.lookups);
      this.spread(reply.learned, reply.lookups, slot);
    }
    const a = reply.answer;
    return a.kind === 'done' ? { ...a, stdout: asBuffer(a.stdout), stderr: asBuffer(a.stderr) } : a;
  }

  /**
   * Stops the workers (call when no compile is in flight). Each first finishes the work it put off
   * after its last answers (a hit's touches: session.ts afterAnswer), which terminating it at once
   * could cut short; one that does not exit within CLOSE_GRACE_MS (a rehearsal still running, a
   * stuck file system) is terminated.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.stopRehearsals('the server is stopping');
    await Promise.all(
      this.slots.splice(0).map(async s => {
        const exited = new Promise<void>(resolve => s.worker.once('exit', () => resolve()));
        s.worker.postMessage({ close: true } satisfies WorkerMessage);
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>(resolve => {
          timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS);
        });
        if ((await Promise.race([exited, late])) === 'late') await s.worker.terminate();
        clearTimeout(timer);
      })
    );
  }
}
