/**
 * The compile server: one long-lived process per cache directory that runs the compile core for the
 * native client, so a hit no longer pays a Node start. It listens on a Unix socket in a private
 * directory (socket-path.ts), takes one request per connection (protocol.ts), runs every compile as
 * soon as it arrives (make -j and ninja get all the parallelism they ask for), and exits after an idle
 * time, on SIGTERM/SIGINT or on a `stop` request, always after the compiles in flight have answered
 * and the statistics are flushed.
 *
 * The server never prints or logs a request's environment: it carries the build's secrets.
 */
import { lstatSync, chmodSync, unlinkSync, openSync, closeSync, constants as C, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { errorCode } from '../store/safe-fs.js';
import { recordEvents } from '../compiler/stats.js';
import {
  compile,
  createSession,
  type CompileAnswer,
  type CompileRequest,
  type CompileSession
} from '../compiler/compile.js';
import {
  decodeEnvironment,
  decodeRequest,
  encodeAnswer,
  encodeEnvironment,
  FrameSplitter,
  MAX_REQUEST,
  utf8Exact,
  type WireAnswer,
  type WireCompile
} from './protocol.js';
import { takeOutcomes } from '../compiler/direct/depend.js';
import { collectGarbage } from '../runtime/collect-garbage.js';
import { prehashManifestFiles, type PrehashResult } from '../compiler/direct/prehash.js';
import { nodeCrypto } from '../compiler/lazy-crypto.js';
import { MANIFESTS } from '../compiler/wrap.js';
import { installKeptEntries, openCompileStore, runDeferred } from '../compiler/session.js';
import { ping } from './client.js';
import { CompilePool } from './compile-pool.js';
import { COMPILE_WORKER_ROLE } from './worker-role.js';
import { ensureRuntimeDir, serverPaths, type ServerPaths } from './socket-path.js';
import { makeRehearsalDir, rehearse, removeRehearsalDir, type RehearsalResult } from './rehearsal.js';

/** Default idle time before the server exits (no request for this long). */
export const DEFAULT_IDLE_SECONDS = 600;
/** How often (at most) a running compile's client hears that the server is alive. */
const HEARTBEAT_MS = 1000;
/** A connection that sends no whole request in this time is closed. */
const REQUEST_READ_MS = 30_000;
/** A lock left by a server that died while replacing a stale socket is taken over after this. */
const STALE_LOCK_MS = 10_000;
/**
 * How long the build must be quiet (no compile in flight, none arriving) before the server packs
 * the entries it wrote (ServerOptions.prepack): longer than the pause between two compiles of a
 * busy make, shorter than the gap between the build step and the save.
 */
export const PREPACK_AFTER_QUIET_MS = 300;

export interface ServerOptions {
  /** The cache directory (resolved). */
  cacheDir: string;
  idleSeconds?: number;
  /** For the socket's location (XDG_RUNTIME_DIR); process.env by default. */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /**
   * The wrapper bundle's path: compiles then run in worker threads started from it (compile-pool.ts).
   * Without it, or with 0 threads, they run on the main thread.
   */
  workerScript?: string;
  /** Compile threads (threadCount of compile-pool.ts: COMPILE_CACHE_SERVER_THREADS, else the cores). */
  threads?: number;
  /**
   * Warm up once listening: start the compile threads and have every thread rehearse the hit path
   * (rehearsal.ts). For a server started well before the build (the action's pre step); until it
   * is done, `status` says "warming up".
   */
  warmUp?: boolean;
  /**
   * Runs once the build has been quiet for PREPACK_AFTER_QUIET_MS after a compile (one run at a
   * time; a stop waits for the one in progress and starts none): the main step wires the packing
   * of the job's new entries ahead of its save (src/sync/packs/prepack.ts). Resolves with a line
   * for the log.
   */
  prepack?: () => Promise<string>;
}

export interface RunningServer {
  paths: ServerPaths;
  /** Resolves when the server has stopped (in-flight compiles answered, stats flushed, socket removed). */
  stopped: Promise<void>;
  /** Stops as a `stop` request would. */
  stop(reason: string): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms));
}

function listen(server: net.Server, socket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    // The directory already keeps others out; the umask makes the socket 0600 from its first moment.
    const old = process.umask(0o077);
    try {
      server.listen(socket, () => {
        server.off('error', onError);
        resolve();
      });
    } finally {
      process.umask(old);
    }
  });
}

/** Takes the short-lived lock for replacing a stale socket (O_EXCL); false when someone holds it. */
function takeLock(lock: string): boolean {
  try {
    closeSync(openSync(lock, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600));
    return true;
  } catch (err) {
    if (errorCode(err) !== 'EEXIST') throw err;
    try {
      if (Date.now() - lstatSync(lock).mtimeMs > STALE_LOCK_MS) unlinkSync(lock);
    } catch {
      // gone meanwhile
    }
    return false;
  }
}

/**
 * Listens on the socket unless another server already answers there (then null). A socket file
 * nobody answers on (a server that was killed) is replaced, under a lock so that two servers
 * starting at once never both replace it and one end up listening on a removed path.
 */
async function listenExclusive(paths: ServerPaths): Promise<net.Server | null> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const server = net.createServer({ pauseOnConnect: false });
    try {
      await listen(server, paths.socket);
      return server;
    } catch (err) {
      if (errorCode(err) !== 'EADDRINUSE') throw err;
    }
    if (
      await ping(paths.socket, 2000).then(
        () => true,
        () => false
      )
    )
      return null;
    if (!takeLock(paths.lock)) {
      await sleep(50);
      continue;
    }
    try {
      const alive = await ping(paths.socket, 2000).then(
        () => true,
        () => false
      );
      if (alive) return null;
      try {
        unlinkSync(paths.socket);
      } catch (err) {
        if (errorCode(err) !== 'ENOENT') throw err;
      }
    } finally {
      try {
        unlinkSync(paths.lock);
      } catch {
        // taken over as stale meanwhile
      }
    }
  }
  throw new Error(`${paths.socket}: could not listen (another server keeps starting there)`);
}

/** The cache directory a request's environment names, resolved against its working directory (as the client does). */
function requestCacheDir(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const dir = env.COMPILE_CACHE_DIR;
  if (dir !== undefined && dir !== '') return path.resolve(cwd, dir);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg !== '') return path.resolve(cwd, xdg, 'compile-cache');
  const home = env.HOME;
  return home !== undefined && home !== '' ? path.resolve(cwd, home, '.cache', 'compile-cache') : null;
}

type Prepared = { request: CompileRequest } | { answer: WireAnswer };

/** Environments parsed lately, kept by their bytes on the wire (at most this many). */
const KEPT_ENVIRONMENTS = 4;
/** A request's buffer is held until the next request only up to this size (EnvironmentCache). */
const MAX_HELD_REQUEST = 1 << 20;

/**
 * The environments of recent requests, parsed, by their bytes: a build sends the same environment
 * with every compile, and parsing it (a string and an object property per variable: a hundred on a
 * CI runner) cost more than comparing its bytes. An environment is kept once a second request
 * brings it (copied and frozen then: the compile core only reads it, and a compile thread gets a
 * copy anyway), so that one that changes with every call (hyperfine adds a variable of random
 * length to each run) costs no copy and no freeze.
 */
export class EnvironmentCache {
  private readonly kept: Array<{ bytes: Buffer; env: Readonly<NodeJS.ProcessEnv> }> = [];
  /** The last environment parsed and not kept, with its bytes as the request had them. */
  private last: { bytes: Buffer; env: NodeJS.ProcessEnv } | null = null;

  /** The environment `w` carries, or null when one of its variables is not UTF-8. */
  parse(w: WireCompile): Readonly<NodeJS.ProcessEnv> | null {
    // decodeRequest always sets the list's bytes; a request built otherwise is encoded for them.
    const bytes = w.envBytes ?? encodeEnvironment(w.env);
    for (let i = 0; i < this.kept.length; i++) {
      const k = this.kept[i] as { bytes: Buffer; env: Readonly<NodeJS.ProcessEnv> };
      if (k.bytes.equals(bytes)) {
        // Most recently used first.
        if (i > 0) this.kept.unshift(...this.kept.splice(i, 1));
        return k.env;
      }
    }
    if (this.last !== null && this.last.bytes.equals(bytes)) {
      // The second time: kept from now on (the bytes copied, the request's buffer is not ours).
      const env = Object.freeze(this.last.env);
      this.last = null;
      this.kept.unshift({ bytes: Buffer.from(bytes), env });
      if (this.kept.length > KEPT_ENVIRONMENTS) this.kept.pop();
      return env;
    }
    const env = decodeEnvironment(bytes);
    if (env === null) return null;
    // Referring to the request's bytes holds its buffer until the next request: only a small one.
    this.last = bytes.buffer.byteLength <= MAX_HELD_REQUEST ? { bytes, env } : null;
    return env;
  }
}

/** The core's request from the wire's bytes; or the answer when it cannot be one. */
function prepare(w: WireCompile, cacheDir: string, envs: EnvironmentCache): Prepared {
  const invokedAs = utf8Exact(w.invokedAs);
  const cwd = utf8Exact(w.cwd);
  const args: string[] = [];
  let utf8 = invokedAs !== null && cwd !== null;
  for (let i = 0; utf8 && i < w.args.length; i++) {
    const a = utf8Exact(w.args[i] as Buffer);
    if (a === null) utf8 = false;
    else args.push(a);
  }
  const env = utf8 ? envs.parse(w) : null;
  // Node carries strings as UTF-8: bytes that are not would reach the compiler changed. Such a
  // call runs the real compiler with the client's own bytes instead.
  if (invokedAs === null || cwd === null || env === null || !utf8) {
    recordEvents(cacheDir, [{ type: 'uncacheable', reason: 'non-utf8' }]);
    return { answer: { type: 'direct', reason: 'non-utf8' } };
  }
  if (!cwd.startsWith('/'))
    return { answer: { type: 'error', message: `cwd ${JSON.stringify(cwd)} is not absolute` } };
  const asked = requestCacheDir(env, cwd);
  if (asked !== cacheDir) {
    // Only a hash collision of socket names, or a client computing the path differently, gets here.
    return {
      answer: {
        type: 'error',
        message: `this server serves ${cacheDir}, not ${asked ?? '(no cache directory)'}`
      }
    };
  }
  return {
    request: {
      invokedAs,
      mode: w.mode,
      args,
      cwd,
      env,
      stderrIsTTY: w.stderrIsTTY
    }
  };
}

/**
 * Loads what every hit needs before the first one arrives: the store's code (a chunk of its own)
 * and node:crypto. The action starts the server long before the build; a server started on demand
 * listens a few milliseconds later, which the waiting client's bound covers.
 */
async function preload(session: CompileSession): Promise<void> {
  try {
    await openCompileStore(session, 'compile', 'local');
    nodeCrypto().createHash('sha256').update('warm-up').digest();
  } catch {
    // The first compile meets the same trouble and reports it.
  }
}

/** Starts the server; null when another server already serves this cache directory. */
export async function startServer(opts: ServerOptions): Promise<RunningServer | null> {
  const log = opts.log ?? (() => undefined);
  const cacheDir = path.resolve(opts.cacheDir);
  const idleMs = (opts.idleSeconds ?? DEFAULT_IDLE_SECONDS) * 1000;
  const paths = serverPaths(cacheDir, opts.env ?? process.env);
  ensureRuntimeDir(paths.dir);
  // Before listening: between the listen and the connection handler below nothing may await (a
  // connection accepted then would never be read), and a client's wait for the socket covers this.
  const threads = opts.threads ?? 0;
  const pooled = opts.workerScript !== undefined && threads > 0;
  const session: CompileSession = createSession(cacheDir, { longLived: true, shareHashes: pooled });
  await preload(session);
  const server = await listenExclusive(paths);
  if (server === null) {
    log(`another server already serves ${cacheDir} on ${paths.socket}`);
    return null;
  }
  chmodSync(paths.socket, 0o600);
  const own = statSync(paths.socket);

  let pool: CompilePool | null = null;
  const onMainThread = async (req: CompileRequest): Promise<CompileAnswer> => {
    try {
      return await compile(session, req);
    } finally {
      // Taken after every compile, shared or not: the list must not grow in a server whose threads all died.
      const learned = session.fileHashes.takeLearned();
      pool?.share(learned, takeOutcomes(session.dependPolicy));
    }
  };
  if (pooled)
    pool = new CompilePool(
      opts.workerScript as string,
      { role: COMPILE_WORKER_ROLE, cacheDir },
      threads,
      onMainThread,
      log,
      session.fileHashes,
      session.dependPolicy
    );
  // A compile runs on the main thread when that has none in flight (the lowest latency: no trip to
  // a thread), in a compile thread when it has: parallel hits then use more than one core.
  let onMain = 0;
  const runCompile = async (req: CompileRequest): Promise<CompileAnswer> => {
    if (pool !== null && onMain > 0) return pool.run(req);
    onMain++;
    try {
      return await onMainThread(req);
    } finally {
      onMain--;
    }
  };

  const envs = new EnvironmentCache();
  let inFlight = 0;
  let lastActivity = Date.now();
  let stopping: Promise<void> | null = null;
  /** The warm-up in progress (then `status` says so), or null. */
  let warming: Promise<void> | null = null;
  const idleWaiters: Array<() => void> = [];
  /** Connections that have not sent a whole request yet: closed at once when the server stops. */
  const waiting = new Set<net.Socket>();

  const settle = () => {
    if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
  };

  /** The socket path still names our socket (not removed, not replaced by a newer server). */
  const stillOurs = (): boolean => {
    try {
      const st = lstatSync(paths.socket);
      return st.ino === own.ino && st.dev === own.dev;
    } catch {
      return false;
    }
  };

  /**
   * The packing of the job's new entries ahead of its save, once the build is quiet: the save then
   * sends them instead of reading and compressing them (docs/server.md, "Prepacking").
   */
  let prepackTimer: NodeJS.Timeout | null = null;
  let prepacking: Promise<void> = Promise.resolve();
  const schedulePrepack = (): void => {
    const run = opts.prepack;
    if (run === undefined || stopping !== null) return;
    if (prepackTimer !== null) clearTimeout(prepackTimer);
    prepackTimer = setTimeout(() => {
      prepackTimer = null;
      // A compile came in meanwhile: its end schedules the next try.
      if (inFlight > 0 || stopping !== null) return;
      prepacking = prepacking.then(() =>
        run().then(
          line => log(line),
          err => log(`prepacking failed: ${err instanceof Error ? err.message : String(err)}`)
        )
      );
    }, PREPACK_AFTER_QUIET_MS);
    prepackTimer.unref();
  };

  const stop = (reason: string): Promise<void> => {
    if (stopping !== null) return stopping;
    log(`stopping (${reason})`);
    stopping = (async () => {
      clearInterval(ticker);
      if (prepackTimer !== null) clearTimeout(prepackTimer);
      // No new connections; the ones already accepted still get their answers.
      server.close();
      if (inFlight > 0) await new Promise<void>(r => idleWaiters.push(r));
      // The core appends each compile's events as it answers; a flush hook, when it has one, runs here.
      await (session as { flush?: () => Promise<void> | void }).flush?.();
      await pool?.close();
      // After the pool: a terminated thread's rehearsal answers at once, and its directory goes.
      await warming;
      await hashing;
      // A packing in progress finishes (its packs are written whole or not at all either way).
      await prepacking;
      if (stillOurs()) {
        try {
          unlinkSync(paths.socket);
        } catch {
          // already gone
        }
      }
      for (const s of waiting) s.destroy();
      log('stopped');
    })();
    return stopping;
  };

  /** Why a warm-up's work should stop now (the server stopping, the build compiling), or null. */
  const busy = () =>
    stopping !== null ? 'the server is stopping' : inFlight > 0 ? 'the build started compiling' : null;

  /**
   * Hashes the headers the cache's manifests name (prehash.ts), then hands the hashes to the compile
   * threads. One run at a time, each after the one before: the main step's request may come while
   * the warm-up's run, made before the checkout, is still going, and must still look at the files
   * the checkout brought (a file hashed already costs a lookup).
   */
  let hashing: Promise<unknown> = Promise.resolve();
  const hashHeaders = (): Promise<PrehashResult> => {
    const run = hashing
      .then(() => prehashManifestFiles(session, MANIFESTS, busy))
      .then(r => {
        pool?.share(session.fileHashes.takeLearned());
        return r;
      });
    hashing = run.catch(() => undefined);
    return run;
  };
  const toldHeaders = (r: PrehashResult) =>
    `headers: ${r.manifests} manifests read, ${r.hashed} of the ${r.files} files they name hashed in ${r.ms} ms` +
    (r.stopped === null ? '' : `, stopped: ${r.stopped}`);

  const ticker = setInterval(
    () => {
      if (!stillOurs()) void stop('the socket was removed or taken over');
      else if (inFlight === 0 && Date.now() - lastActivity >= idleMs)
        void stop(`idle for ${idleMs / 1000} s`);
    },
    Math.max(50, Math.min(5000, idleMs / 4))
  );
  ticker.unref();

  const handleCompile = async (conn: net.Socket, w: WireCompile): Promise<void> => {
    const prepared = prepare(w, cacheDir, envs);
    if ('answer' in prepared) {
      conn.end(encodeAnswer(prepared.answer));
      return;
    }
    // Well inside the client's silence limit (COMPILE_CACHE_SERVER_TIMEOUT_MS, 10 s by default).
    const limit = Number(prepared.request.env.COMPILE_CACHE_SERVER_TIMEOUT_MS);
    const every = limit > 0 ? Math.max(50, Math.min(HEARTBEAT_MS, limit / 3)) : HEARTBEAT_MS;
    const beat = setInterval(() => conn.write(encodeAnswer({ type: 'heartbeat' })), every);
    let answer: WireAnswer;
    try {
      const a = await runCompile(prepared.request);
      answer =
        a.kind === 'done'
          ? { type: 'done', ...a }
          : { type: 'run', compiler: a.compiler, args: a.args, reason: a.reason };
    } catch (err) {
      // A bug of ours: the client runs the compiler itself and counts it.
      answer = {
        type: 'error',
        message: `internal error: ${err instanceof Error ? err.message : String(err)}`
      };
      log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      clearInterval(beat);
    }
    conn.end(encodeAnswer(answer));
    // The answer is written (libuv writes at once to an idle socket): the client replays it while
    // the main thread's put-off work (a hit's touches) runs. A compile thread runs its own.
    await runDeferred(session);
  };

  server.on('connection', conn => {
    if (stopping !== null) {
      conn.destroy();
      return;
    }
    waiting.add(conn);
    conn.on('close', () => waiting.delete(conn));
    conn.on('error', () => undefined); // a client that went away (make interrupted): nothing to tell
    conn.setTimeout(REQUEST_READ_MS, () => conn.destroy());
    const frames = new FrameSplitter(MAX_REQUEST);
    let taken = false;
    conn.on('data', (chunk: Buffer) => {
      if (taken) return;
      let body: Buffer | undefined;
      try {
        body = frames.push(chunk)[0];
      } catch (err) {
        conn.end(encodeAnswer({ type: 'error', message: (err as Error).message }));
        taken = true;
        waiting.delete(conn);
        return;
      }
      if (body === undefined) return;
      taken = true;
      waiting.delete(conn);
      conn.setTimeout(0);
      let req;
      try {
        req = decodeRequest(body);
      } catch (err) {
        conn.end(encodeAnswer({ type: 'error', message: (err as Error).message }));
        return;
      }
      if (req.type === 'ping') {
        const text = `compile-cache server ${process.pid} ${cacheDir}${warming !== null ? ' (warming up)' : ''}`;
        conn.end(encodeAnswer({ type: 'info', text }));
        return;
      }
      if (req.type === 'headers') {
        if (stopping !== null) {
          conn.end(encodeAnswer({ type: 'error', message: 'the server is stopping' }));
          return;
        }
        void hashHeaders().then(r => log(`asked to hash the manifests' headers: ${toldHeaders(r)}`));
        conn.end(encodeAnswer({ type: 'info', text: "hashing the headers the cache's manifests name" }));
        return;
      }
      if (req.type === 'stop') {
        void stop('stop request').then(() => conn.end(encodeAnswer({ type: 'info', text: 'stopped' })));
        return;
      }
      if (stopping !== null) {
        conn.end(encodeAnswer({ type: 'error', message: 'the server is stopping' }));
        return;
      }
      // Only compiles keep the server alive: status checks (ping) do not.
      lastActivity = Date.now();
      inFlight++;
      // The build's own compiles warm the code from here on; a rehearsal would only compete with them.
      if (warming !== null) pool?.stopRehearsals();
      void handleCompile(conn, req).finally(() => {
        inFlight--;
        lastActivity = Date.now();
        settle();
        if (inFlight === 0) schedulePrepack();
      });
    });
  });

  const warmUp = async (): Promise<void> => {
    const dirs: string[] = [];
    try {
      for (let i = 0; i <= (pool?.threads ?? 0); i++) dirs.push(makeRehearsalDir());
      // In this order: the compile threads start before the headers are hashed, which they then get.
      const [main, threads, headers] = await Promise.all([
        rehearse(dirs[0] as string, process.env, busy),
        pool?.rehearse(dirs.slice(1)) ?? [],
        hashHeaders()
      ]);
      // Then, while the job's first steps run, the entries a lazy restore kept go into the cache
      // directory (docs/packs.md, "Lazy install"), until the build's first compile.
      const kept = busy() === null ? await installKeptEntries(session, busy) : null;
      const told = (r: RehearsalResult) =>
        `${r.compiles} compiles in ${r.ms} ms${r.skipped === null ? '' : `, stopped: ${r.skipped}`}`;
      // The warm-up's garbage, collected before the build rather than during it (collect-garbage.ts),
      // unless the build has started; the compile threads collected theirs after their rehearsals.
      const undisturbed = [main, ...threads].every(r => r.skipped === null) && busy() === null;
      const collected = undisturbed && collectGarbage();
      log(
        `warmed up: main thread ${told(main)}` +
          threads.map((r, i) => `; compile thread ${i + 1} ${told(r)}`).join('') +
          `; ${toldHeaders(headers)}` +
          (kept !== null && (kept.entries > 0 || kept.stopped !== null)
            ? `; kept entries: ${kept.entries} installed in ${kept.ms} ms${kept.stopped === null ? '' : `, stopped: ${kept.stopped}`}`
            : '') +
          (collected ? '; garbage collected' : '')
      );
    } catch (err) {
      log(`the warm-up failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      for (const d of dirs) {
        try {
          removeRehearsalDir(d);
        } catch (err) {
          log(`the warm-up's directory ${d} could not be removed: ${(err as Error).message}`);
        }
      }
    }
  };
  if (opts.warmUp === true) warming = warmUp().finally(() => (warming = null));

  const onSignal = (sig: NodeJS.Signals) => void stop(sig);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  log(
    `serving ${cacheDir} on ${paths.socket} (pid ${process.pid}, idle timeout ${idleMs / 1000} s, ` +
      `${pool === null ? 'compiles on the main thread' : `${pool.threads} compile threads`})`
  );

  const stopped = new Promise<void>(resolve => {
    server.on('close', () => {
      void (stopping ?? stop('closed')).then(() => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        resolve();
      });
    });
  });
  return { paths, stopped, stop };
}
