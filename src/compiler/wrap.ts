/**
 * One cacheable compiler call, in the order a reader follows it:
 *
 *   classify -> resolve -> identity -> direct (manifest) -> preprocess -> key -> lookup/restore
 *     -> compile -> store -> manifest
 *
 * and for a direct-mode miss in depend mode (direct/depend.ts), no preprocess:
 *
 *   ... -> direct (manifest) -> compile (with a depfile) -> key from its inputs -> store -> manifest
 *
 * Each step is one function below; a step either hands the next what it needs or ends the call
 * with an answer (a pass-through the caller runs itself, a hit, the miss's compile). Whatever goes
 * wrong with the cache, the real compiler still runs and its output and exit status reach the caller
 * unchanged: the cache never fails a build. Nothing here writes to this process's stdio or blocks
 * the event loop on a compiler: a server runs many of these at once.
 */
import { spawn } from 'node:child_process';
import {
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync
} from 'node:fs';
import path from 'node:path';
import { rename, rm, writeFile } from 'node:fs/promises';
import { threadId } from 'node:worker_threads';
import type { DiskCacheStore } from '../store/disk.js';
import { ensureDirChain } from '../store/safe-fs.js';
import type { Store } from '../store/store.js';
import { classify, type CompileCommand } from './args.js';
import { makeDirBounded } from './cache-root.js';
import type { CompileAnswer } from './compile.js';
import { isKnownCompiler } from './compilers.js';
import { readEntry, writeEntry, type CachedCompile, type ExtraFile } from './entry.js';
import {
  chooseDependMode,
  seedFromStore,
  type DependFiles,
  dependKey,
  dependManifestEntry,
  dependModeApplies,
  dependSetting,
  depfileInputs,
  hashInputs,
  isSystemHeader,
  notePreprocessorLookup,
  parseSearchList,
  SEARCH_LIST_OPTIONS,
  sourceIncludes,
  travellingNames
} from './direct/depend.js';
import {
  anyWorkingDir,
  directModeApplies,
  entryFor,
  manifestKey,
  matchingEntry,
  type DirectInputs
} from './direct/direct.js';
import { hashFile, nowNs } from './direct/file-hash.js';
import { decodeManifest, encodeManifest, withEntry, type ManifestEntry } from './direct/manifest.js';
import { compilerIdentity } from './identity.js';
import { parseDepfile, PLAIN_PATH, rewriteDepfile, type DepfileStyle } from './depfile.js';
import { compileKey, dropWorkingDirMarker } from './key.js';
import { afterAnswer, openCompileStore, rememberManifest, type CompileSession } from './session.js';
import { recordEvents, statsFile, type StatEvent } from './stats.js';
import { tempSuffix } from './temp-name.js';
import { isBelow, normaliseArgs, normaliseMarkers, TOKEN, travellingPrefix } from './travel.js';

/** The namespace beside `compile` that holds direct mode's manifests (direct/manifest.ts). */
export const MANIFESTS = 'manifests';

/** Set for the compiler and everything it runs: a wrapper that sees it is nested and runs the compiler directly. */
export const NESTED_ENV = 'COMPILE_CACHE_WRAPPED';

export interface WrapContext {
  session: CompileSession;
  cacheDir: string;
  tenant: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /**
   * The compiler as the build named it (argv[0] of the compile: `gcc`, `/usr/bin/cc`, the shim's
   * name), which `metadata` records as the Go system does, rather than the resolved real path.
   */
  invokedAs: string;
  /** stderr is a terminal: the compiler would colour its diagnostics. */
  stderrIsTTY: boolean;
  /** Append-only debug log (COMPILE_CACHE_LOG), or null. */
  logFile: string | null;
}

type Done = Extract<CompileAnswer, { kind: 'done' }>;

const MAX_BUFFER = 1 << 30;

/**
 * Node's compile cache for the wrapper's own code: a 0700 directory of this name beside the shims
 * (see shims.ts), never below the cache directory, whose content a build can plant (Node would load
 * a planted V8 code cache and write through a planted symlink).
 */
export const NODE_COMPILE_CACHE_DIR = '.node-compile-cache';

/** The environment the compiler runs with: the build's, marked as nested. */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env, [NESTED_ENV]: '1' };
  // The shims' compile cache is for the wrapper only, not for whatever the compiler runs.
  if (path.basename(env.NODE_COMPILE_CACHE ?? '') === NODE_COMPILE_CACHE_DIR) delete child.NODE_COMPILE_CACHE;
  return child;
}

/** A finished child process, its output captured. */
interface Captured {
  status: number | null;
  signal: NodeJS.Signals | null;
  error: Error | undefined;
  stdout: Buffer;
  stderr: Buffer;
}

/**
 * Starts `compiler args` with its output piped into memory (at most MAX_BUFFER bytes per stream:
 * beyond that it is killed and `error` set). `keepStderr` false only drains stderr.
 */
function startCaptured(
  compiler: string,
  args: readonly string[],
  ctx: WrapContext,
  keepStderr: boolean
): { done: Promise<Captured>; cancel(): void } {
  let error: Error | undefined;
  const child = spawn(compiler, args, {
    cwd: ctx.cwd,
    env: childEnv(ctx.env),
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const collect = (stream: NodeJS.ReadableStream, name: string) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BUFFER) {
        error ??= new Error(`${name} larger than ${MAX_BUFFER} bytes`);
        child.kill('SIGKILL');
      } else chunks.push(c);
    });
    return chunks;
  };
  const out = collect(child.stdout, 'output');
  const err = keepStderr ? collect(child.stderr, 'diagnostics') : [];
  if (!keepStderr) child.stderr.resume();
  const done = new Promise<Captured>(resolve => {
    child.on('error', e => {
      error ??= e;
    });
    child.on('close', (status, signal) => {
      resolve({ status, signal, error, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    });
  });
  return {
    done,
    cancel: () => {
      child.kill('SIGKILL');
    }
  };
}

/** Writes all of `data` to a file descriptor, also when it is a non-blocking pipe. */
export function writeAllSync(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.byteLength) {
    try {
      off += writeSync(fd, data, off, data.byteLength - off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

/** The compile's answer as the caller reports it: the shell's 127/126 when it could not be started. */
function answerOf(r: Captured, compiler: string): Done {
  if (r.error !== undefined && r.status === null && r.signal === null) {
    const code = (r.error as NodeJS.ErrnoException).code;
    const message = Buffer.from(`compile-cache: cannot run ${compiler}: ${r.error.message}\n`);
    return {
      kind: 'done',
      status: code === 'ENOENT' ? 127 : code === 'EACCES' ? 126 : 1,
      signal: null,
      stdout: r.stdout,
      stderr: Buffer.concat([r.stderr, message])
    };
  }
  return { kind: 'done', status: r.status ?? 1, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

class Recorder {
  readonly events: StatEvent[] = [];
  /** Set once the real compiler has run: after that, a failure of ours must not run it again. */
  ran: Done | null = null;
  private readonly log: string[] = [];
  private readonly started = performance.now();
  constructor(private readonly ctx: WrapContext) {}
  add(e: StatEvent, detail = ''): void {
    this.events.push(e);
    if (this.ctx.logFile !== null) {
      const what =
        e.type === 'uncacheable'
          ? `uncacheable ${e.reason}`
          : e.type === 'error'
            ? `error ${e.kind}`
            : e.type;
      this.log.push(`${what}${detail === '' ? '' : ' ' + detail}`);
    }
  }
  note(text: string): void {
    if (this.ctx.logFile !== null) this.log.push(text);
  }
  /**
   * Milliseconds in the log: where a call's time goes. Counted from the process start in a one-shot
   * shim (Node's start-up shows), from the call's start in a server.
   */
  phase(name: string): void {
    if (this.ctx.logFile !== null) {
      const at = this.ctx.session.longLived ? performance.now() - this.started : performance.now();
      this.log.push(`${name} at ${at.toFixed(1)} ms`);
    }
  }
  /** A planted symlink or FIFO the store refused (issue 12) is counted as such, whatever the operation. */
  trouble(kind: string, err: unknown): void {
    this.add(troubleEvent(kind, err), errorDetail(err));
  }
  flush(compiler: string, args: readonly string[]): void {
    if (!recordEvents(this.ctx.cacheDir, this.events)) {
      this.note(
        `statistics not recorded: ${statsFile(this.ctx.cacheDir)} (or its directory) is not a regular file this wrapper can append to, or cannot be created`
      );
    }
    if (this.ctx.logFile === null || this.log.length === 0) return;
    // A compile thread of the server says which (`[pid/t2]`): the main thread and the shim give the pid.
    const who = threadId === 0 ? `${process.pid}` : `${process.pid}/t${threadId}`;
    const head = `${new Date().toISOString()} [${who}] ${this.ctx.cwd}: ${compiler} ${args.join(' ')}`;
    try {
      writeFileSync(this.ctx.logFile, `${head}\n${this.log.map(l => `  ${l}\n`).join('')}`, { flag: 'a' });
    } catch {
      // the log is for debugging only
    }
  }
}

function troubleEvent(kind: string, err: unknown): StatEvent {
  return {
    type: 'error',
    kind: err instanceof Error && err.name === 'UnsafePathError' ? 'unsafe-path' : kind
  };
}

/**
 * A hit's touch (its entry's or its manifest's), after the answer in a server (afterAnswer in
 * session.ts). Trouble is counted as a `touch` error either way: with the compile's events when it
 * runs at once, on its own when it runs after them.
 */
function touchAfterAnswer(call: Call, touch: () => Promise<void>): Promise<void> {
  return afterAnswer(call.ctx.session, async deferred => {
    try {
      await touch();
    } catch (err) {
      if (deferred) recordEvents(call.ctx.cacheDir, [troubleEvent('touch', err)]);
      else call.rec.trouble('touch', err);
    }
  });
}

function errorDetail(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A path the wrapper may replace with a renamed file: missing or a regular file (not a device, link, dir). */
function replaceable(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Outputs up to this size are written on the calling thread (see writeFileAtomic). */
const INLINE_WRITE_MAX = 1 << 20;

/**
 * Writes a file the way a reader never sees half of it: a temporary name in the same directory,
 * then rename. A small file on the calling thread: open, write, close and rename take a fraction of
 * a millisecond, less than the four thread-pool trips (each a wake-up of another thread) would.
 * A large one through the thread pool, so the server's next hit is not kept waiting behind it.
 *
 * The old file is unlinked before the rename rather than replaced by it: on ext4, a rename over an
 * existing file starts writeback of the new one (auto_da_alloc, there so that a power cut does not
 * leave an empty file where an old one was), which costs 0.3-0.8 ms per hit on a CI machine's disk,
 * more than the rest of the write. A build output needs no such care: the compiler itself
 * truncates and rewrites it in place. Between the unlink and the rename the output is missing,
 * never partial; make reads it only after the compile has answered.
 */
async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.compile-cache-${tempSuffix()}`);
  try {
    if (data.byteLength <= INLINE_WRITE_MAX) {
      writeFileSync(tmp, data);
      // unlink(2) itself rather than rmSync, which stats the file first: resolve() checked that it
      // is a regular file or missing.
      try {
        unlinkSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      renameSync(tmp, file);
    } else {
      await writeFile(tmp, data);
      await rm(file, { force: true });
      await rename(tmp, file);
    }
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** The headers entered straight from the source or the command line (where gcc and clang look for a PCH). */
function directIncludes(preprocessed: Buffer): string[] {
  const found: string[] = [];
  const text = preprocessed.toString('latin1');
  const marker = /^# \d+ "((?:[^"\\]|\\.)*)"((?: \d)*)$/gm;
  let depth = 0;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    const flags = (m[2] ?? '').trim().split(' ');
    if (flags.includes('1')) {
      depth++;
      if (depth === 1) found.push((m[1] ?? '').replace(/\\(.)/g, '$1'));
    } else if (flags.includes('2')) {
      depth = Math.max(0, depth - 1);
    }
  }
  return found;
}

/**
 * Where a precompiled header could stand in for a header: beside an `-include` file, gcc uses
 * `<file>.gch` and clang `<file>.pch` (or `.gch`); beside a header included straight from the source,
 * only gcc uses one (`.gch`, which clang ignores there, as it does `.pch`).
 */
const FORCED_INCLUDE_PCH = ['.gch', '.pch'];
const DIRECT_INCLUDE_PCH = ['.gch'];

function hasPrecompiledHeader(
  headers: readonly string[],
  cwd: string,
  exts: readonly string[]
): string | null {
  for (const h of headers) {
    for (const ext of exts) {
      // No exception for the usual answer (none): a hit checks every direct include this way.
      try {
        if (statSync(path.resolve(cwd, h + ext), { throwIfNoEntry: false }) !== undefined) return h + ext;
      } catch {
        // not reachable (ENOTDIR, EACCES): none
      }
    }
  }
  return null;
}

function relativeExtraPath(outputDir: string, file: string, cwd: string): string {
  return path.relative(path.resolve(cwd, outputDir), path.resolve(cwd, file)).split(path.sep).join('/');
}

/** The depfile's bytes in a cached entry: the file stored under the expected path, else its only file. */
function pickDepfile(extras: readonly ExtraFile[], expected: string): Uint8Array | null {
  const exact = extras.find(f => f.path === expected);
  if (exact !== undefined) return exact.data;
  return extras.length === 1 ? (extras[0] as ExtraFile).data : null;
}

/** Ends a call without the cache: counted here, run by the caller. */
class PassThrough {
  constructor(
    readonly reason: string,
    readonly detail: string
  ) {}
}

/** What the steps share once the command is known to be cacheable. */
interface Call {
  compiler: string;
  args: readonly string[];
  ctx: WrapContext;
  rec: Recorder;
  cmd: CompileCommand;
  /** Arguments of ours added to the compile (a colour flag for a terminal). */
  extraArgs: string[];
  /** The depfile layout of this compiler. */
  style: DepfileStyle;
}

/** The wrapped call; `compiler` is the real compiler (already resolved past any shim). */
export async function wrapCompile(
  compiler: string,
  args: readonly string[],
  ctx: WrapContext
): Promise<CompileAnswer> {
  const rec = new Recorder(ctx);
  const run = (reason: string): CompileAnswer => ({ kind: 'run', compiler, args: [...args], reason });
  try {
    const answer = await wrapRecorded(compiler, args, ctx, rec);
    if (answer instanceof PassThrough) {
      rec.add({ type: 'uncacheable', reason: answer.reason }, answer.detail);
      return run(answer.reason);
    }
    return answer;
  } catch (err) {
    // A bug or an unexpected failure of ours: the build still gets its compile.
    rec.add(
      { type: 'error', kind: 'internal' },
      err instanceof Error ? (err.stack ?? err.message) : String(err)
    );
    if (rec.ran !== null) return rec.ran;
    rec.add({ type: 'uncacheable', reason: 'internal-error' });
    return run('internal-error');
  } finally {
    rec.flush(compiler, args);
  }
}

async function wrapRecorded(
  compiler: string,
  args: readonly string[],
  ctx: WrapContext,
  rec: Recorder
): Promise<CompileAnswer | PassThrough> {
  rec.phase('classify');
  const c = classify(args, ctx.env);
  if (!c.cacheable) return new PassThrough(c.reason, c.detail);
  const resolved = resolve(compiler, c.command, ctx);
  if (resolved instanceof PassThrough) return resolved;
  const call: Call = {
    compiler,
    args,
    ctx,
    rec,
    cmd: c.command,
    extraArgs: colourArgs(c.command, ctx),
    style: depfileStyle(resolved.realCompiler)
  };

  const opened = identifyAndOpen(call, resolved.realCompiler);
  if (opened instanceof PassThrough) return opened;
  const { identity } = opened;
  const store = await opened.store;
  rec.phase('identity');

  // direct mode: the manifest's files unchanged -> the result key without running -E.
  const direct = store === null ? null : await directLookup(call, identity, store);
  if (direct?.hit) return direct.hit;

  // depend mode: a direct-mode miss keyed from the compile's own depfile, with no `-E` run.
  if (store !== null && direct !== null && !direct.sourceTooNew && dependModeApplies(call.cmd)) {
    const setting = dependSetting(ctx.env);
    if (setting === 'auto') seedFromStore(ctx.session.dependPolicy, () => storeIsEmpty(store));
    if (chooseDependMode(ctx.session.dependPolicy, setting)) {
      const includes = includesOfSource(call);
      if (includes !== null) return dependMiss(call, identity, store, direct, includes);
    }
  }

  const prepared = await preprocess(call);
  if (prepared instanceof PassThrough) return prepared;
  const { preprocessed } = prepared;

  const keys = resultKeys(call, identity, preprocessed);
  rec.note(`key ${keys.primary.toString('hex')}${keys.travel === null ? '' : ' (travelling)'}`);
  rec.phase('lookup');

  if (store !== null) {
    for (const [key, travelling] of keys.lookups) {
      const hit = await lookupAndRestore(call, store, key, travelling ? keys.travel : null);
      if (hit !== null) {
        if (direct !== null) {
          notePreprocessorLookup(ctx.session.dependPolicy, true);
          await recordManifest(call, direct, prepared, { key, travel: travelling });
        }
        return hit;
      }
    }
  }

  const compiled = await compileMiss(call);
  let manifested = false;
  if (compiled.stored && store !== null) {
    const stored = await storeResult(call, store, keys, compiled);
    if (stored !== null && direct !== null) manifested = await recordManifest(call, direct, prepared, stored);
    // The lookup found nothing; but an entry stored without a manifest entry (a header too new,
    // __DATE__ …) is one only a preprocessor lookup finds later: depend mode must not take over.
    if (direct !== null) notePreprocessorLookup(ctx.session.dependPolicy, stored !== null && !manifested);
  }
  return compiled.answer;
}

/** What direct mode found out before `-E`: enough to record a manifest once the result key is known. */
interface DirectState {
  manifestKey: Buffer;
  /** What the manifest key was computed from (depend mode computes the absolute one from it too). */
  inputs: DirectInputs;
  prefix: string | null;
  manifests: Store;
  /** The manifest key leaves the working directory out (anyWorkingDir): entries may hold anywhere. */
  anywhere: boolean;
  /** A hit served from a manifest. */
  hit: Done | null;
  /**
   * The source changed within a second: its headers likely did too (a checkout, a generator), and
   * no depend-mode key could be made from them, so such a miss keeps preprocessor mode.
   */
  sourceTooNew: boolean;
}

/**
 * direct: the manifest for this command and source, and the result its unchanged files name. Null
 * when direct mode does not apply or anything about it goes wrong (then: preprocessor mode).
 */
async function directLookup(call: Call, identity: string, store: Store): Promise<DirectState | null> {
  const { cmd, ctx, rec } = call;
  if (!directModeApplies(cmd, ctx.env)) return null;
  try {
    const depfileTargets = keyedTargets(cmd);
    const prefix = depfileTargets === null ? travellingPrefix(cmd, ctx.cwd) : null;
    const source = hashFile(ctx.session.fileHashes, path.resolve(ctx.cwd, cmd.source), nowNs());
    if (source === null) return null;
    const inputs: DirectInputs = {
      compilerIdentity: identity,
      command: cmd,
      extraArgs: call.extraArgs,
      cwd: ctx.cwd,
      env: ctx.env,
      prefix,
      depfileTargets,
      sourceHash: source.hash
    };
    const anywhere = anyWorkingDir(inputs);
    const mkey = manifestKey(inputs, anywhere);
    const hex = mkey.toString('hex');
    const manifests = await openCompileStore(ctx.session, MANIFESTS, ctx.tenant);
    const state: DirectState = {
      manifestKey: mkey,
      inputs,
      prefix,
      manifests,
      anywhere,
      hit: null,
      sourceTooNew: source.tooNew
    };
    let entry: ManifestEntry | null = null;
    const remembered = ctx.session.manifests.get(hex);
    if (remembered !== undefined) entry = matchingEntry(remembered, ctx.session, ctx.cwd, prefix);
    if (entry === null) {
      // Another process may have added an entry since: the stored manifest is the truth.
      const bytes = await manifests.get(mkey, 'manifest');
      const m = bytes === null ? null : decodeManifest(bytes);
      if (bytes !== null && m === null) rec.note(`manifest ${hex} malformed: ignored`);
      if (m !== null) {
        rememberManifest(ctx.session, hex, m, bytes?.length ?? 0);
        entry = matchingEntry(m, ctx.session, ctx.cwd, prefix);
      }
    }
    rec.phase('direct');
    if (entry === null) return state;
    const located = entry.direct.map(d => (d.startsWith(TOKEN) && prefix !== null ? prefix + d.slice(1) : d));
    if (hasPrecompiledHeader(located, ctx.cwd, DIRECT_INCLUDE_PCH) !== null) return state;
    rec.note(`manifest ${hex} names result ${entry.key}`);
    rec.phase('lookup');
    state.hit = await lookupAndRestore(
      call,
      store,
      Buffer.from(entry.key, 'hex'),
      entry.travel ? prefix : null
    );
    if (state.hit !== null) {
      // The manifest served this hit as much as the result did: its time keeps it in the local
      // least-recently-used order and within max-age for the next restore, and the journal's
      // `used` line has the save refresh its bucket time, as for the result.
      await touchAfterAnswer(call, () => manifests.touch(mkey, 'manifest'));
    }
    return state;
  } catch (err) {
    rec.trouble('manifest', err);
    return null;
  }
}

/**
 * The manifest gets an entry for this compile: the files its `-E` run entered, with their content,
 * and the result key. Skipped (with the reason in the log) when a file cannot be trusted to say
 * what the compile read; trouble is counted, never fatal. Whether the entry was written.
 */
async function recordManifest(
  call: Call,
  direct: DirectState,
  prepared: Preprocessed,
  result: { key: Buffer; travel: boolean }
): Promise<boolean> {
  const { ctx, rec } = call;
  try {
    const entry = entryFor(ctx.session, prepared.preprocessed, directIncludes(prepared.preprocessed), {
      key: result.key.toString('hex'),
      travel: result.travel && direct.prefix !== null,
      prefix: direct.prefix,
      cwd: ctx.cwd,
      anywhere: direct.anywhere,
      startedNs: prepared.startedNs
    });
    if (typeof entry === 'string') {
      rec.note(`no manifest entry: ${entry}`);
      return false;
    }
    await addManifestEntry(call, direct, entry);
    return true;
  } catch (err) {
    rec.trouble('manifest', err);
    return false;
  }
}

/** Adds `entry` to the stored manifest (newest first) and to the session's. */
async function addManifestEntry(call: Call, direct: DirectState, entry: ManifestEntry): Promise<void> {
  const { ctx, rec } = call;
  const hex = direct.manifestKey.toString('hex');
  const bytes = await direct.manifests.get(direct.manifestKey, 'manifest');
  const m = withEntry(bytes === null ? null : decodeManifest(bytes), entry);
  makeDirBounded(ctx.cacheDir);
  ensureDirChain(ctx.cacheDir, path.join(ctx.cacheDir, MANIFESTS, ctx.tenant));
  const encoded = encodeManifest(m);
  await direct.manifests.put(direct.manifestKey, 'manifest', encoded);
  rememberManifest(ctx.session, hex, m, encoded.length);
  rec.note(`manifest ${hex} updated`);
}

/** The keys of one call's result (key.ts; travel.ts for a checkout below a prefix map). */
interface ResultKeys {
  /** The key a result goes under by default, and the one logged. */
  primary: Buffer;
  /** The checkout prefix when `primary` is a travelling key; null when paths are keyed as written. */
  travel: string | null;
  /**
   * When travelling: the key with paths as written, for results with diagnostics (they name the
   * checkout's files, so they stay with it) or a depfile naming the checkout we cannot move.
   */
  absolute: Buffer;
  /** What a lookup tries, in order, each with whether it is the travelling key. */
  lookups: Array<[Buffer, boolean]>;
}

/** The depfile's targets keyed (restored as stored) only when one needs make quoting: otherwise a hit writes them. */
function keyedTargets(cmd: CompileCommand): string[] | null {
  if (cmd.depfile === null) return null;
  const targets = cmd.depfile.targets;
  return targets.every(t => PLAIN_PATH.test(t.name))
    ? null
    : targets.map(t => `${t.quoted ? 'Q' : 'T'}${t.name}`);
}

/** key: the result keys of this call; see docs/wrapper.md, "What goes into the key". */
function resultKeys(call: Call, identity: string, preprocessed: Buffer): ResultKeys {
  const { cmd, ctx, extraArgs } = call;
  const depfileTargets = keyedTargets(cmd);
  const base = {
    compilerIdentity: identity,
    command: cmd,
    extraArgs,
    cwd: ctx.cwd,
    env: ctx.env,
    depfileTargets
  };
  const absolute = compileKey({ ...base, keyArgs: cmd.keyArgs, paths: 'absolute', preprocessed });
  // A depfile restored as stored cannot be moved to another checkout.
  const prefix = depfileTargets === null ? travellingPrefix(cmd, ctx.cwd) : null;
  const markers = prefix === null ? null : normaliseMarkers(preprocessed, prefix);
  if (prefix === null || markers === null)
    return { primary: absolute, travel: null, absolute, lookups: [[absolute, false]] };
  const travelling = compileKey({
    ...base,
    keyArgs: normaliseArgs(cmd.keyArgs, prefix),
    paths: 'travel',
    preprocessed: markers
  });
  return {
    primary: travelling,
    travel: prefix,
    absolute,
    lookups: [
      [travelling, true],
      [absolute, false]
    ]
  };
}

/**
 * A terminal gets coloured diagnostics from the compiler; ask for them explicitly, so they are
 * produced (and keyed) the same through our pipe.
 */
function colourArgs(cmd: CompileCommand, ctx: WrapContext): string[] {
  return ctx.stderrIsTTY && !cmd.explicitColor && ctx.env.TERM !== 'dumb'
    ? ['-fdiagnostics-color=always']
    : [];
}

/** resolve: a known gcc/clang driver, outputs we may replace, no precompiled header beside a forced include. */
function resolve(
  compiler: string,
  cmd: CompileCommand,
  ctx: WrapContext
): { realCompiler: string } | PassThrough {
  let realCompiler: string;
  try {
    // realpath(3): the JavaScript walk took ~25 µs of every call for /usr/bin/gcc's two links.
    realCompiler = realpathSync.native(compiler);
  } catch {
    return new PassThrough('unknown-compiler', `${compiler} not found`);
  }
  if (!isKnownCompiler(compiler, realCompiler)) return new PassThrough('unknown-compiler', realCompiler);
  for (const f of [cmd.output, cmd.depfile?.path]) {
    if (f !== undefined && !replaceable(path.resolve(ctx.cwd, f)))
      return new PassThrough('output-not-regular', f);
  }
  const pch = hasPrecompiledHeader(cmd.forcedIncludes, ctx.cwd, FORCED_INCLUDE_PCH);
  if (pch !== null) return new PassThrough('precompiled-header', pch);
  return { realCompiler };
}

/**
 * identity: the compiler's digest (memoised), and the store opening (its module, with node:crypto,
 * loads meanwhile).
 */
function identifyAndOpen(
  call: Call,
  realCompiler: string
): { identity: string; store: Promise<Store | null> } | PassThrough {
  const { compiler, ctx, rec } = call;
  const store = openCompileStore(ctx.session, 'compile', ctx.tenant).catch((err: unknown) => {
    rec.trouble('store-open', err);
    return null;
  });
  try {
    // A planted `compilers` directory (or memo) in the state directory is skipped, and counted with its path in the log.
    const identity = compilerIdentity(
      compiler,
      ctx.cacheDir,
      realCompiler,
      err => rec.trouble('unsafe-path', err),
      ctx.session.identities
    );
    return { identity, store };
  } catch (err) {
    rec.trouble('compiler-identity', err);
    return new PassThrough('unknown-compiler', realCompiler);
  }
}

interface Preprocessed {
  /** The `-E` output, the working-directory marker dropped. */
  preprocessed: Buffer;
  /** Wall-clock time the `-E` run started: files changed after it are too new for a manifest. */
  startedNs: bigint;
}

/** preprocess: the `-E` run, then a check of its text for what the key cannot see. */
async function preprocess(call: Call): Promise<Preprocessed | PassThrough> {
  const { compiler, cmd, ctx, rec } = call;
  rec.phase('preprocess');
  const startedNs = nowNs();
  const pp = await startCaptured(compiler, cmd.preprocessArgs, ctx, false).done;
  rec.phase('preprocessed');
  if (pp.error !== undefined || pp.status !== 0) {
    // The compile fails the same way; its own diagnostics are what the user must see.
    return new PassThrough('preprocess-failed', pp.error?.message ?? `exit ${pp.status ?? pp.signal}`);
  }
  const preprocessed = dropWorkingDirMarker(pp.stdout, ctx.cwd);
  const hidden = hiddenInput(cmd, preprocessed, ctx.cwd);
  if (hidden !== null) return hidden;
  return { preprocessed, startedNs };
}

/** Inputs the preprocessed text does not show: files the assembler reads itself, a precompiled header. */
function hiddenInput(cmd: CompileCommand, preprocessed: Buffer, cwd: string): PassThrough | null {
  if (preprocessed.includes('.incbin')) return new PassThrough('incbin', cmd.source);
  if (cmd.language === 'assembler-with-cpp' && /^\s*\.include\b/m.test(preprocessed.toString('latin1'))) {
    return new PassThrough('incbin', `${cmd.source}: .include`);
  }
  if (cmd.language === 'c' || cmd.language === 'c++') {
    const gch = hasPrecompiledHeader(directIncludes(preprocessed), cwd, DIRECT_INCLUDE_PCH);
    if (gch !== null) return new PassThrough('precompiled-header', gch);
  }
  return null;
}

/** The compiler family, for its depfile layout: clang by its real name, gcc otherwise. */
function depfileStyle(realCompiler: string): DepfileStyle {
  return /clang/.test(path.basename(realCompiler)) ? 'clang' : 'gcc';
}

/**
 * The depfile this call's compile would write, from a stored one: as stored when its targets are
 * keyed; else with this call's targets and, for a travelling entry, its dependencies moved from the
 * checkout they were made in (found from the source, the first dependency) to this one. Null when
 * that cannot be done exactly.
 */
function depfileFor(call: Call, stored: Uint8Array, travel: string | null): Uint8Array | null {
  const { cmd } = call;
  if (cmd.depfile === null || keyedTargets(cmd) !== null) return stored;
  let move: { from: string; to: string } | null = null;
  if (travel !== null && isBelow(cmd.source, travel)) {
    const first = parseDepfile(Buffer.from(stored).toString('latin1'))?.deps[0];
    const suffix = cmd.source.slice(travel.length);
    if (first === undefined || !first.endsWith(suffix)) return null;
    move = { from: first.slice(0, first.length - suffix.length), to: travel };
  }
  return rewriteDepfile(
    stored,
    call.style,
    cmd.depfile.targets.map(t => t.name),
    move
  );
}

/** Writes a hit's object file and depfile; false when the entry lacks the depfile this call needs. */
async function restoreFiles(call: Call, hit: CachedCompile, travel: string | null): Promise<boolean> {
  const { cmd, ctx } = call;
  const cwd = ctx.cwd;
  let depData: Uint8Array | null = null;
  if (cmd.depfile !== null) {
    const expected = relativeExtraPath(path.dirname(cmd.output), cmd.depfile.path, cwd);
    const stored = pickDepfile(hit.extras ?? [], expected);
    depData = stored === null ? null : depfileFor(call, stored, travel);
    if (depData === null) {
      call.rec.note('stored depfile not usable for this call: a miss');
      return false;
    }
  }
  await writeFileAtomic(path.resolve(cwd, cmd.output), hit.output);
  if (cmd.depfile !== null && depData !== null) {
    await writeFileAtomic(path.resolve(cwd, cmd.depfile.path), depData);
  }
  return true;
}

/** lookup/restore: the entry under `key`, written into place; null for a miss (or an entry we could not use). */
async function lookupAndRestore(
  call: Call,
  store: Store,
  key: Buffer,
  travel: string | null
): Promise<Done | null> {
  const { cmd, rec } = call;
  let hit: CachedCompile | null = null;
  try {
    hit = await readEntry(store, key, cmd.depfile !== null);
  } catch (err) {
    rec.trouble('read', err);
  }
  if (hit === null) return null;
  // Diagnostics name the files of the checkout they were made in: never replayed in another.
  if (travel !== null && (hit.stdout.length > 0 || hit.stderr.length > 0)) return null;
  let restored = false;
  try {
    restored = await restoreFiles(call, hit, travel);
  } catch (err) {
    // e.g. the output directory does not exist: the compiler reports that the usual way.
    rec.note(`restore failed: ${errorDetail(err)}`);
  }
  rec.phase('restored');
  if (!restored) return null;
  await touchAfterAnswer(call, () => store.touch(key));
  rec.add({ type: 'hit' });
  rec.phase('done');
  return { kind: 'done', status: 0, signal: null, stdout: hit.stdout, stderr: hit.stderr };
}

interface Compiled {
  answer: Done;
  /** The compile succeeded: its result may be stored. */
  stored: boolean;
  durationNs: bigint;
}

/**
 * compile: the real compiler on a miss, its output captured for the entry and the caller.
 * `depArgs`: depend mode's own depfile. `countMiss` false: the caller counts the call once it knows
 * whether the result can be kept.
 */
async function compileMiss(call: Call, depArgs: readonly string[] = [], countMiss = true): Promise<Compiled> {
  const { compiler, args, ctx, rec, extraArgs } = call;
  const started = process.hrtime.bigint();
  const r = await startCaptured(compiler, [...args, ...extraArgs, ...depArgs], ctx, true).done;
  const durationNs = process.hrtime.bigint() - started;
  const answer = answerOf(r, compiler);
  rec.ran = answer;
  if (answer.status !== 0 || answer.signal !== null || r.error !== undefined) {
    const why = r.error !== undefined ? r.error.message : `exit ${answer.signal ?? answer.status}`;
    rec.add({ type: 'uncacheable', reason: 'compile-failed' }, why);
    return { answer, stored: false, durationNs };
  }
  if (countMiss) rec.add({ type: 'miss' });
  return { answer, stored: true, durationNs };
}

/**
 * Whether the compile store holds no entry at all, on disk or kept by a lazy restore
 * (DiskCacheStore.isEmpty); of another store that is not known, so it does not count as empty.
 */
function storeIsEmpty(store: Store): boolean {
  return (store as Partial<Pick<DiskCacheStore, 'isEmpty'>>).isEmpty?.() ?? false;
}

/** The headers the source includes itself, or null when it cannot be read or computes an include. */
function includesOfSource(call: Call): string[] | null {
  try {
    return sourceIncludes(readFileSync(path.resolve(call.ctx.cwd, call.cmd.source)));
  } catch {
    return null;
  }
}

/**
 * depend mode (direct/depend.ts): the compile runs at once, writing a depfile (the build's own with
 * `-MD`, else ours beside the object, removed afterwards); the result is keyed from the files it
 * names. When they cannot be trusted for a key (too new, __DATE__, `.incbin`, a project header's
 * __has_include …), the key comes from an `-E` run after the compile, as in preprocessor mode: a
 * depend-mode call never keeps less than a preprocessor-mode one would.
 */
async function dependMiss(
  call: Call,
  identity: string,
  store: Store,
  direct: DirectState,
  includes: string[]
): Promise<Done> {
  const { cmd, ctx, rec } = call;
  rec.phase('compile');
  rec.note('depend mode: no -E before the compile');
  const startedNs = nowNs();
  const object = path.resolve(ctx.cwd, cmd.output);
  const ownDepfile =
    cmd.depfile === null
      ? path.join(path.dirname(object), `.${path.basename(object)}.compile-cache-${tempSuffix()}.d`)
      : null;
  try {
    const compiled = await compileMiss(call, ownDepfile === null ? [] : ['-MD', '-MF', ownDepfile], false);
    if (!compiled.stored) return compiled.answer;
    const depfile =
      ownDepfile ?? path.resolve(ctx.cwd, (cmd.depfile as NonNullable<typeof cmd.depfile>).path);
    const keyed = await dependKeys(call, identity, direct, includes, depfile, startedNs);
    rec.phase('keyed');
    if (typeof keyed === 'string') {
      rec.note(`depend mode: ${keyed}; keyed by -E after the compile`);
      await keyAfterCompile(call, identity, store, direct, compiled);
      return compiled.answer;
    }
    rec.add({ type: 'miss' });
    rec.note(
      `key ${keyed.keys.primary.toString('hex')} (depend mode${keyed.keys.travel === null ? '' : ', travelling'})`
    );
    const stored = await storeResult(call, store, keyed.keys, compiled);
    if (stored !== null) {
      try {
        await addManifestEntry(
          call,
          direct,
          dependManifestEntry(keyed.found, {
            key: stored.key,
            travel: stored.travel && direct.prefix !== null,
            cwd: ctx.cwd,
            anywhere: direct.anywhere,
            recorded: keyed.recorded
          })
        );
      } catch (err) {
        rec.trouble('manifest', err);
      }
    }
    return compiled.answer;
  } finally {
    // On this thread: a trip through the thread pool would cost more than the unlink.
    if (ownDepfile !== null) {
      try {
        unlinkSync(ownDepfile);
      } catch {
        // not made (a failed compile) or gone: nothing of ours is left
      }
    }
  }
}

/**
 * A depend-mode compile whose inputs could not key it: the `-E` run it skipped, now, for the usual
 * key. If an entry is already there, preprocessor mode would have found it: the policy hears so.
 */
async function keyAfterCompile(
  call: Call,
  identity: string,
  store: Store,
  direct: DirectState,
  compiled: Compiled
): Promise<void> {
  const { ctx, rec } = call;
  const prepared = await preprocess(call);
  if (prepared instanceof PassThrough) {
    rec.add({ type: 'uncacheable', reason: prepared.reason }, prepared.detail);
    return;
  }
  rec.add({ type: 'miss' });
  const keys = resultKeys(call, identity, prepared.preprocessed);
  rec.note(`key ${keys.primary.toString('hex')}${keys.travel === null ? '' : ' (travelling)'}`);
  for (const [key, travelling] of keys.lookups) {
    const there = await readEntry(store, key, call.cmd.depfile !== null).catch(() => null);
    if (there !== null) {
      notePreprocessorLookup(ctx.session.dependPolicy, true);
      rec.note('an entry was there already: preprocessor mode would have hit');
      await recordManifest(call, direct, prepared, { key, travel: travelling });
      return;
    }
  }
  const stored = await storeResult(call, store, keys, compiled);
  const manifested = stored !== null && (await recordManifest(call, direct, prepared, stored));
  // Stored without a manifest entry: only a preprocessor lookup finds it (as in wrapRecorded).
  notePreprocessorLookup(ctx.session.dependPolicy, stored !== null && !manifested);
}

/** The depend-mode keys of a compile from its depfile, or why its inputs cannot make one. */
async function dependKeys(
  call: Call,
  identity: string,
  direct: DirectState,
  includes: string[],
  depfile: string,
  startedNs: bigint
): Promise<{ keys: ResultKeys; found: DependFiles; recorded: (name: string) => string } | string> {
  const { cmd, ctx } = call;
  let bytes: Buffer;
  try {
    bytes = readFileSync(depfile);
  } catch (err) {
    return `depfile ${depfile} not read: ${errorDetail(err)}`;
  }
  const inputs = depfileInputs(bytes);
  if (inputs === null) return `depfile ${depfile} not in a form read exactly`;
  const found = hashInputs(ctx.session, inputs, includes, { cwd: ctx.cwd, startedNs });
  if (typeof found === 'string') return found;
  if (found.probing.length > 0) {
    const dirs = cmd.keyArgs.some(a => SEARCH_LIST_OPTIONS.test(a)) ? [] : await searchList(call, identity);
    const project = found.probing.find(f => !isSystemHeader(f, dirs));
    if (project !== undefined) return `${project}: uses __has_include`;
  }
  const pch = hasPrecompiledHeader(found.direct, ctx.cwd, DIRECT_INCLUDE_PCH);
  if (pch !== null) return `${pch} beside an included header`;
  const asWritten = (name: string) => name;
  const absoluteInputs = direct.prefix === null ? direct.inputs : { ...direct.inputs, prefix: null };
  const absoluteManifest = direct.prefix === null ? direct.manifestKey : manifestKey(absoluteInputs);
  // A file named relative to the working directory, where the manifest key left it out.
  const relative = found.files.some(([name]) => !path.isAbsolute(name));
  const absolute = dependKey(
    absoluteManifest,
    found.files,
    asWritten,
    relative && anyWorkingDir(absoluteInputs) ? ctx.cwd : null
  );
  const recorded = direct.prefix === null ? null : travellingNames(inputs, direct.prefix);
  if (direct.prefix === null || recorded === null) {
    return {
      keys: { primary: absolute, travel: null, absolute, lookups: [[absolute, false]] },
      found,
      recorded: asWritten
    };
  }
  const travelling = dependKey(direct.manifestKey, found.files, recorded);
  return {
    keys: {
      primary: travelling,
      travel: direct.prefix,
      absolute,
      lookups: [
        [travelling, true],
        [absolute, false]
      ]
    },
    found,
    recorded
  };
}

/**
 * The compiler's own include directories for this call's language (`-E -v` of an empty input, once
 * per compiler and language in a session), without the build's include-path variables: a header
 * below one is a system header. Empty when they cannot be found (then none is).
 */
function searchList(call: Call, identity: string): Promise<string[]> {
  const { cmd, ctx, compiler } = call;
  const env = ctx.env;
  const memo = [identity, cmd.language, env.GCC_EXEC_PREFIX ?? '', env.COMPILER_PATH ?? ''].join('\0');
  let dirs = ctx.session.searchLists.get(memo);
  if (dirs === undefined) {
    const plain: NodeJS.ProcessEnv = { ...env };
    for (const name of ['CPATH', 'C_INCLUDE_PATH', 'CPLUS_INCLUDE_PATH', 'OBJC_INCLUDE_PATH'])
      delete plain[name];
    dirs = startCaptured(
      compiler,
      ['-x', cmd.language, '-E', '-v', '/dev/null'],
      { ...ctx, env: plain },
      true
    )
      .done.then(r => (r.status === 0 ? parseSearchList(r.stderr.toString('utf8')) : []))
      .catch(() => []);
    ctx.session.searchLists.set(memo, dirs);
  }
  return dirs;
}

/**
 * A result may go under the travelling key when nothing in it names this checkout: no diagnostics,
 * and a depfile whose dependencies below the checkout can be moved (the source is below it too, so
 * a hit finds the checkout the entry was made in from the first dependency).
 */
function travellingResult(call: Call, keys: ResultKeys, answer: Done, dep: Uint8Array | null): boolean {
  const prefix = keys.travel;
  if (prefix === null) return false;
  if (answer.stdout.length > 0 || answer.stderr.length > 0) return false;
  if (dep === null || isBelow(call.cmd.source, prefix)) return true;
  const deps = parseDepfile(Buffer.from(dep).toString('latin1'))?.deps;
  return deps !== undefined && !deps.some(d => d.startsWith(prefix));
}

/** store: the object file, depfile and diagnostics as a Go-compatible entry. Trouble is counted, never fatal. */
async function storeResult(
  call: Call,
  store: Store,
  keys: ResultKeys,
  compiled: Compiled
): Promise<{ key: Buffer; travel: boolean } | null> {
  const { args, cmd, ctx, rec } = call;
  let output: Buffer;
  let extras: ExtraFile[] | null = null;
  try {
    output = readFileSync(path.resolve(ctx.cwd, cmd.output));
    if (cmd.depfile !== null) {
      const dep = readFileSync(path.resolve(ctx.cwd, cmd.depfile.path));
      extras = [{ path: relativeExtraPath(path.dirname(cmd.output), cmd.depfile.path, ctx.cwd), data: dep }];
    }
  } catch (err) {
    rec.trouble('output-missing', err);
    return null;
  }
  const dep = extras?.[0]?.data ?? null;
  if (dep !== null && keyedTargets(cmd) === null && depfileFor(call, dep, null) === null) {
    // Every hit would fail to rewrite it: storing it would only cost.
    rec.note('depfile not in the layout this wrapper can rewrite: not stored');
    return null;
  }
  const travel = travellingResult(call, keys, compiled.answer, dep);
  const key = travel ? keys.primary : keys.absolute;
  try {
    // One mkdir per component, each tried once, before the store's own recursive mkdir below:
    // where a parent keeps saying ENOENT (a cache directory under /proc), `mkdir -p` never returns.
    // lstat-checked below the cache directory (never through a planted symlink). Misses only.
    makeDirBounded(ctx.cacheDir);
    ensureDirChain(ctx.cacheDir, path.join(ctx.cacheDir, 'compile', ctx.tenant));
  } catch (err) {
    rec.trouble('cache-dir', err);
    return null;
  }
  try {
    await writeEntry(store, key, {
      output,
      stdout: compiled.answer.stdout,
      stderr: compiled.answer.stderr,
      extras,
      metadata: {
        time: new Date(),
        compiler: ctx.invokedAs,
        // The build's argv only: a colour flag of ours is not part of what the build asked for.
        command: [...args],
        inputs: [cmd.source],
        output: cmd.output,
        durationNs: compiled.durationNs
      }
    });
  } catch (err) {
    rec.trouble('write', err);
    return null;
  }
  return { key, travel };
}
