/**
 * One wrapped compiler call: classify, preprocess, look up, and either restore a hit or compile and
 * store. Whatever goes wrong with the cache, the real compiler still runs and its output and exit
 * status reach the caller unchanged: the cache never fails a build.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync
} from 'node:fs';
import path from 'node:path';
import { ensureDirChain } from '../store/safe-fs.js';
import type { Store } from '../store/store.js';
import { classify, type CompileCommand } from './args.js';
import { makeDirBounded } from './cache-root.js';
import { isKnownCompiler } from './compilers.js';
import { readEntry, writeEntry, type CachedCompile, type ExtraFile } from './entry.js';
import { compilerIdentity } from './identity.js';
import { compileKey, dropWorkingDirMarker } from './key.js';
import { recordEvents, STATS_DIR, STATS_FILE, type StatEvent } from './stats.js';
import { tempSuffix } from './temp-name.js';

/** Set for the compiler and everything it runs: a wrapper that sees it is nested and runs the compiler directly. */
export const NESTED_ENV = 'COMPILE_CACHE_WRAPPED';

export interface WrapContext {
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

/** How the wrapper process ends: like the compiler did. */
export interface Outcome {
  status: number;
  signal: NodeJS.Signals | null;
}

const MAX_BUFFER = 1 << 30;

/**
 * Node's compile cache for the wrapper's own code: a 0700 directory of this name beside the shims
 * (see shims.ts), never below the cache directory, whose content a build can plant (Node would load
 * a planted V8 code cache and write through a planted symlink).
 */
export const NODE_COMPILE_CACHE_DIR = '.node-compile-cache';

function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env, [NESTED_ENV]: '1' };
  // The shims' compile cache is for the wrapper only, not for whatever the compiler runs.
  if (path.basename(env.NODE_COMPILE_CACHE ?? '') === NODE_COMPILE_CACHE_DIR) delete child.NODE_COMPILE_CACHE;
  return child;
}

interface Preprocessed {
  status: number | null;
  signal: NodeJS.Signals | null;
  error: Error | undefined;
  stdout: Buffer;
}

/**
 * Starts the `-E` run without waiting for it: the wrapper hashes the compiler and loads what the key
 * needs while the preprocessor works. stderr is only drained (a failed -E is followed by the real
 * compile, whose diagnostics the user sees).
 */
function startPreprocessor(
  compiler: string,
  args: readonly string[],
  ctx: WrapContext
): { done: Promise<Preprocessed>; cancel(): void } {
  let error: Error | undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  const child = spawn(compiler, args, {
    cwd: ctx.cwd,
    env: childEnv(ctx.env),
    stdio: ['ignore', 'pipe', 'pipe']
  });
  child.stdout.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BUFFER) {
      error ??= new Error(`preprocessed output larger than ${MAX_BUFFER} bytes`);
      child.kill('SIGKILL');
    } else chunks.push(c);
  });
  child.stderr.resume();
  const done = new Promise<Preprocessed>(resolve => {
    child.on('error', err => {
      error ??= err;
    });
    child.on('close', (status, signal) => {
      resolve({ status, signal, error, stdout: Buffer.concat(chunks) });
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

function outcomeOf(r: SpawnSyncReturns<unknown>, compiler: string): Outcome {
  if (r.error !== undefined) {
    const code = (r.error as NodeJS.ErrnoException).code;
    writeAllSync(2, Buffer.from(`compile-cache: cannot run ${compiler}: ${r.error.message}\n`));
    return { status: code === 'ENOENT' ? 127 : code === 'EACCES' ? 126 : 1, signal: null };
  }
  return { status: r.status ?? 1, signal: r.signal };
}

/** Runs the compiler with the caller's stdio, as if the wrapper were not there. */
export function runDirect(
  compiler: string,
  args: readonly string[],
  ctx: Pick<WrapContext, 'env' | 'cwd'>
): Outcome {
  const r = spawnSync(compiler, args, { stdio: 'inherit', env: childEnv(ctx.env), cwd: ctx.cwd });
  return outcomeOf(r, compiler);
}

class Recorder {
  readonly events: StatEvent[] = [];
  /** Set once the real compiler has run: after that, a failure of ours must not run it again. */
  ran: Outcome | null = null;
  private readonly log: string[] = [];
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
  /** Milliseconds since the process started, in the log: where a call's time goes. */
  phase(name: string): void {
    if (this.ctx.logFile !== null) this.log.push(`${name} at ${performance.now().toFixed(1)} ms`);
  }
  flush(compiler: string, args: readonly string[]): void {
    if (!recordEvents(this.ctx.cacheDir, this.events)) {
      this.note(
        `statistics not recorded: ${path.join(this.ctx.cacheDir, STATS_DIR, STATS_FILE)} (or its directory) is not a regular file this wrapper can append to, or cannot be created`
      );
    }
    if (this.ctx.logFile === null || this.log.length === 0) return;
    const head = `${new Date().toISOString()} [${process.pid}] ${this.ctx.cwd}: ${compiler} ${args.join(' ')}`;
    try {
      writeFileSync(this.ctx.logFile, `${head}\n${this.log.map(l => `  ${l}\n`).join('')}`, { flag: 'a' });
    } catch {
      // the log is for debugging only
    }
  }
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

/** Writes a file the way a reader never sees half of it: a temporary name in the same directory, then rename. */
function writeFileAtomic(file: string, data: Uint8Array): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.compile-cache-${tempSuffix()}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
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

function hasPrecompiledHeader(headers: readonly string[], cwd: string): string | null {
  for (const h of headers) {
    for (const ext of ['.gch', '.pch']) {
      try {
        statSync(path.resolve(cwd, h + ext));
        return h + ext;
      } catch {
        // none
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

function restore(cmd: CompileCommand, hit: CachedCompile, ctx: WrapContext): boolean {
  let depData: Uint8Array | null = null;
  if (cmd.depfile !== null) {
    const expected = relativeExtraPath(path.dirname(cmd.output), cmd.depfile.path, ctx.cwd);
    depData = pickDepfile(hit.extras ?? [], expected);
    if (depData === null) return false;
  }
  writeFileAtomic(path.resolve(ctx.cwd, cmd.output), hit.output);
  if (cmd.depfile !== null && depData !== null)
    writeFileAtomic(path.resolve(ctx.cwd, cmd.depfile.path), depData);
  return true;
}

/** The disk store, loaded on first use: its module (and node:crypto with it) loads while -E runs. */
async function openStore(ctx: WrapContext): Promise<Store> {
  const { DiskCacheStore } = await import('../store/disk.js');
  return new DiskCacheStore(ctx.cacheDir).namespace('compile').namespace(ctx.tenant);
}

/** The wrapped call; `compiler` is the real compiler (already resolved past any shim). */
export async function wrapCompile(
  compiler: string,
  args: readonly string[],
  ctx: WrapContext
): Promise<Outcome> {
  const rec = new Recorder(ctx);
  try {
    return await wrapRecorded(compiler, args, ctx, rec);
  } catch (err) {
    // A bug or an unexpected failure of ours: the build still gets its compile.
    rec.add(
      { type: 'error', kind: 'internal' },
      err instanceof Error ? (err.stack ?? err.message) : String(err)
    );
    if (rec.ran !== null) return rec.ran;
    rec.add({ type: 'uncacheable', reason: 'internal-error' });
    return runDirect(compiler, args, ctx);
  } finally {
    rec.flush(compiler, args);
  }
}

async function wrapRecorded(
  compiler: string,
  args: readonly string[],
  ctx: WrapContext,
  rec: Recorder
): Promise<Outcome> {
  const passThrough = (reason: string, detail: string): Outcome => {
    rec.add({ type: 'uncacheable', reason }, detail);
    rec.ran = runDirect(compiler, args, ctx);
    return rec.ran;
  };
  // A planted symlink or FIFO the store refused (issue 12) is counted as such, whatever the operation.
  const trouble = (kind: string, err: unknown): void =>
    rec.add(
      { type: 'error', kind: err instanceof Error && err.name === 'UnsafePathError' ? 'unsafe-path' : kind },
      errorDetail(err)
    );

  rec.phase('classify');
  const c = classify(args, ctx.env);
  if (!c.cacheable) return passThrough(c.reason, c.detail);
  const cmd = c.command;

  let realCompiler: string;
  try {
    realCompiler = realpathSync(compiler);
  } catch {
    return passThrough('unknown-compiler', `${compiler} not found`);
  }
  if (!isKnownCompiler(compiler, realCompiler)) return passThrough('unknown-compiler', realCompiler);
  for (const f of [cmd.output, cmd.depfile?.path]) {
    if (f !== undefined && !replaceable(path.resolve(ctx.cwd, f)))
      return passThrough('output-not-regular', f);
  }
  const pch = hasPrecompiledHeader(cmd.forcedIncludes, ctx.cwd);
  if (pch !== null) return passThrough('precompiled-header', pch);

  // A terminal gets coloured diagnostics from the compiler; ask for them explicitly, so they are
  // produced (and keyed) the same through our pipe.
  const extraArgs =
    ctx.stderrIsTTY && !cmd.explicitColor && ctx.env.TERM !== 'dumb' ? ['-fdiagnostics-color=always'] : [];

  rec.phase('preprocess');
  const preprocessor = startPreprocessor(compiler, cmd.preprocessArgs, ctx);

  // While -E runs: the compiler's identity (node:crypto loads here) and the store.
  let identity: string;
  try {
    // A planted `.compilers` (or memo) is skipped, and counted with its path in the log.
    identity = compilerIdentity(compiler, ctx.cacheDir, realCompiler, err => trouble('unsafe-path', err));
  } catch (err) {
    trouble('compiler-identity', err);
    preprocessor.cancel();
    await preprocessor.done;
    return passThrough('unknown-compiler', realCompiler);
  }
  let store: Store | null = null;
  try {
    store = await openStore(ctx);
  } catch (err) {
    trouble('store-open', err);
  }
  rec.phase('identity');

  const pp = await preprocessor.done;
  rec.phase('preprocessed');
  if (pp.error !== undefined || pp.status !== 0) {
    // The compile fails the same way; its own diagnostics are what the user must see.
    return passThrough('preprocess-failed', pp.error?.message ?? `exit ${pp.status ?? pp.signal}`);
  }
  const preprocessed = dropWorkingDirMarker(pp.stdout, ctx.cwd);
  // Files the assembler reads itself are invisible in -E output.
  if (preprocessed.includes('.incbin')) return passThrough('incbin', cmd.source);
  if (cmd.language === 'assembler-with-cpp' && /^\s*\.include\b/m.test(preprocessed.toString('latin1'))) {
    return passThrough('incbin', `${cmd.source}: .include`);
  }
  if (cmd.language === 'c' || cmd.language === 'c++') {
    const gch = hasPrecompiledHeader(directIncludes(preprocessed), ctx.cwd);
    if (gch !== null) return passThrough('precompiled-header', gch);
  }

  const key = compileKey({
    compilerIdentity: identity,
    command: cmd,
    extraArgs,
    cwd: ctx.cwd,
    env: ctx.env,
    preprocessed
  });
  const keyHex = key.toString('hex');
  rec.note(`key ${keyHex}`);
  rec.phase('lookup');

  if (store !== null) {
    let hit: CachedCompile | null = null;
    try {
      hit = await readEntry(store, key, cmd.depfile !== null);
    } catch (err) {
      trouble('read', err);
    }
    if (hit !== null) {
      let restored = false;
      try {
        restored = restore(cmd, hit, ctx);
      } catch (err) {
        // e.g. the output directory does not exist: the compiler reports that the usual way below.
        rec.note(`restore failed: ${errorDetail(err)}`);
      }
      rec.phase('restored');
      if (restored) {
        writeAllSync(1, hit.stdout);
        writeAllSync(2, hit.stderr);
        try {
          await store.touch(key);
        } catch (err) {
          trouble('touch', err);
        }
        rec.add({ type: 'hit' });
        rec.phase('done');
        return { status: 0, signal: null };
      }
    }
  }

  // Miss: the real compile, its output captured for the entry and passed on.
  const compileArgs = [...args, ...extraArgs];
  const started = process.hrtime.bigint();
  const r = spawnSync(compiler, compileArgs, {
    cwd: ctx.cwd,
    env: childEnv(ctx.env),
    stdio: ['inherit', 'pipe', 'pipe'],
    maxBuffer: MAX_BUFFER
  });
  const durationNs = process.hrtime.bigint() - started;
  if (r.stdout) writeAllSync(1, r.stdout);
  if (r.stderr) writeAllSync(2, r.stderr);
  const outcome = outcomeOf(r, compiler);
  rec.ran = outcome;
  if (outcome.status !== 0 || outcome.signal !== null) {
    rec.add({ type: 'uncacheable', reason: 'compile-failed' }, `exit ${outcome.signal ?? outcome.status}`);
    return outcome;
  }
  rec.add({ type: 'miss' });
  if (store === null) return outcome;

  let output: Buffer;
  let extras: ExtraFile[] | null = null;
  try {
    output = readFileSync(path.resolve(ctx.cwd, cmd.output));
    if (cmd.depfile !== null) {
      const dep = readFileSync(path.resolve(ctx.cwd, cmd.depfile.path));
      extras = [{ path: relativeExtraPath(path.dirname(cmd.output), cmd.depfile.path, ctx.cwd), data: dep }];
    }
  } catch (err) {
    trouble('output-missing', err);
    return outcome;
  }
  try {
    // One mkdir per component, each tried once, before the store's own recursive mkdir below:
    // where a parent keeps saying ENOENT (a cache directory under /proc), `mkdir -p` never returns.
    // lstat-checked below the cache directory (never through a planted symlink). Misses only.
    makeDirBounded(ctx.cacheDir);
    ensureDirChain(ctx.cacheDir, path.join(ctx.cacheDir, 'compile', ctx.tenant));
  } catch (err) {
    trouble('cache-dir', err);
    return outcome;
  }
  try {
    await writeEntry(store, key, {
      output,
      stdout: r.stdout,
      stderr: r.stderr,
      extras,
      metadata: {
        time: new Date(),
        compiler: ctx.invokedAs,
        // The build's argv only: a colour flag of ours is not part of what the build asked for.
        command: [...args],
        inputs: [cmd.source],
        output: cmd.output,
        durationNs
      }
    });
  } catch (err) {
    trouble('write', err);
  }
  return outcome;
}
