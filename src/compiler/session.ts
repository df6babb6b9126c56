/**
 * What a compile process keeps between compiles. A server keeps one session per cache directory for
 * its whole life; a Node shim makes one per process (one compile). Nothing here is trusted more
 * than what it was read from: every cached fact is re-checked against `stat` before it is used.
 */
import type { Store } from '../store/store.js';
import { newDependPolicy, type DependPolicyState } from './direct/depend.js';
import { StatCache } from './direct/file-hash.js';
import type { Manifest } from './direct/manifest.js';
import { recordEvents } from './stats.js';

export interface CompileSession {
  /** The cache root (absolute): entries go to `<cacheDir>/compile/<tenant>/`. */
  readonly cacheDir: string;
  /**
   * The debug log for every compile of this session, overriding COMPILE_CACHE_LOG of the request's
   * environment; undefined: each request's COMPILE_CACHE_LOG decides.
   */
  readonly logFile: string | null | undefined;
  /** A server's session (many compiles): the log's timings count from each call's start, not the process's. */
  readonly longLived: boolean;
  /** Compiler digests by stamp (real path, size, mtime, ctime, inode, device), as the state directory's `compilers/` keeps them by its hash. */
  readonly identities: Map<string, string>;
  /** The disk store's module, imported once (it loads node:crypto and the store while `-E` runs). */
  storeModule: Promise<typeof import('../store/disk.js')> | null;
  /** Direct mode: content hashes of headers by path, trusted while their stat is unchanged. */
  readonly fileHashes: StatCache;
  /** Direct mode: manifests read or written, by hex manifest key (the store is read when none matches). */
  readonly manifests: Map<string, Manifest>;
  /** The blob sizes of `manifests`, summed (rememberManifest bounds them). */
  manifestBytes: number;
  /** A server's work put off until its answer is on the way (afterAnswer), in order. */
  readonly deferred: Array<() => Promise<void>>;
  /** Depend mode's `auto` policy: how the preprocessor lookups after direct-mode misses went. */
  readonly dependPolicy: DependPolicyState;
  /** Depend mode: each compiler's own include directories, by compiler identity and language. */
  readonly searchLists: Map<string, Promise<string[]>>;
}

export interface SessionOptions {
  /** See CompileSession.logFile. */
  logFile?: string | null;
  /** See CompileSession.longLived (default false: a one-shot shim). */
  longLived?: boolean;
  /**
   * A thread of a server with several: the header hashes it makes, and depend mode's lookup outcomes,
   * are kept for the others (StatCache.takeLearned, takeOutcomes).
   */
  shareHashes?: boolean;
}

export function newSession(cacheDir: string, opts: SessionOptions = {}): CompileSession {
  return {
    cacheDir,
    logFile: opts.logFile,
    longLived: opts.longLived ?? false,
    identities: new Map(),
    storeModule: null,
    fileHashes: new StatCache({ recordLearned: opts.shareHashes === true }),
    manifests: new Map(),
    manifestBytes: 0,
    deferred: [],
    dependPolicy: newDependPolicy(opts.shareHashes === true),
    searchLists: new Map()
  };
}

/**
 * Work a compile owes that its caller does not wait for: a hit's touches (the entry's time, which
 * keeps it in the least-recently-used order and within max-age, and the journal's `used` line). In
 * a server it runs once the answer is written (runDeferred), while the client replays it and exits:
 * a hit answers a quarter of a millisecond sooner. In a one-shot shim it runs at once, since the
 * process ends with its compile. `work` is told which (`deferred`): the compile's own statistics
 * are written by then, so its trouble must be recorded on its own.
 */
export function afterAnswer(
  session: CompileSession,
  work: (deferred: boolean) => Promise<void>
): Promise<void> {
  if (!session.longLived) return work(false);
  session.deferred.push(() => work(true));
  return Promise.resolve();
}

/**
 * Runs the work afterAnswer put off: called by whoever wrote the answer (the server's main thread, a
 * compile thread, the rehearsal). Started in order on the calling thread (the touches are
 * synchronous calls); resolves when all have finished. Each piece handles its own errors.
 */
export async function runDeferred(session: CompileSession): Promise<void> {
  if (session.deferred.length === 0) return;
  const work = session.deferred.splice(0);
  await Promise.all(work.map(w => w().catch(() => undefined)));
}

/** Manifests a session keeps, at most, in number and in the bytes of their blobs. */
const MAX_REMEMBERED = 10_000;
const MAX_REMEMBERED_BYTES = 32 * 1024 * 1024;

/**
 * Keeps a manifest read or written (`bytes`: its blob's size), by hex manifest key. Bounded, since a
 * server lives long: a C++ manifest names hundreds of headers (tens of KB of JSON, more decoded), so
 * a project of thousands of sources would otherwise hold hundreds of MB. Past either bound the
 * session starts over (a forgotten manifest is read from the store again), or, with `onlyIfRoom`
 * (the warm-up's, which must not push out what the build uses), the manifest is not kept. Whether
 * it was kept.
 */
export function rememberManifest(
  session: CompileSession,
  hex: string,
  m: Manifest,
  bytes: number,
  onlyIfRoom = false
): boolean {
  if (session.manifests.size >= MAX_REMEMBERED || session.manifestBytes + bytes > MAX_REMEMBERED_BYTES) {
    if (onlyIfRoom) return false;
    session.manifests.clear();
    session.manifestBytes = 0;
  }
  session.manifests.set(hex, m);
  session.manifestBytes += bytes;
  return true;
}

/**
 * A fresh view of the disk store for one compile (of one namespace's tenant; without `tenant`, of
 * the namespace with every tenant in it). The module is loaded once per session; the store
 * object is not kept, because it remembers which directories below the cache directory it found to
 * be real, and in a long-lived server a build could replace one with a symlink later.
 */
export async function openCompileStore(
  session: CompileSession,
  namespace: string,
  tenant?: string
): Promise<Store> {
  session.storeModule ??= import('../store/disk.js');
  const { DiskCacheStore } = await session.storeModule;
  const store = new DiskCacheStore(session.cacheDir, { onKeptRefused: keptRefused(session) }).namespace(
    namespace
  );
  return tenant === undefined ? store : store.namespace(tenant);
}

/**
 * What a lazy restore kept and failed its check at install (a chunk that does not decode, say): its
 * entries are misses, compiled again; counted as a cache error (`kept-chunk`), so the job summary
 * and `compile-cache stats` say so.
 */
function keptRefused(session: CompileSession): (why: string) => void {
  return () => {
    recordEvents(session.cacheDir, [{ type: 'error', kind: 'kept-chunk' }]);
  };
}

/**
 * Installs the entries a lazy restore kept (store/deferred-tier.ts) into the cache directory, chunk
 * after chunk, until `stop` names a reason: the compile server's warm-up does this while the job's
 * first steps run, so that the build's hits find their entries on disk. Through the import worker
 * (off this thread: the server keeps answering). Never throws: what is not installed stays kept.
 */
export async function installKeptEntries(
  session: CompileSession,
  stop: () => string | null
): Promise<{ entries: number; stopped: string | null; ms: number }> {
  const started = Date.now();
  try {
    session.storeModule ??= import('../store/disk.js');
    const { DiskCacheStore } = await session.storeModule;
    const r = await new DiskCacheStore(session.cacheDir, { onKeptRefused: keptRefused(session) }).installKept(
      stop
    );
    return { ...r, ms: Date.now() - started };
  } catch (err) {
    return { entries: 0, stopped: `it failed: ${(err as Error).message}`, ms: Date.now() - started };
  }
}
