/**
 * The compile core: one compiler call in, its answer out, with no process-wide side effects (no
 * writes to fds 1/2, no exit, no spawnSync), so a long-lived server can run many at once. The Node
 * shim (main.ts) and the compile server both call `compile`; main.ts then writes the answer to its
 * own stdio and exits like the compiler, the server sends it over its socket.
 *
 * Here: which real compiler the call means (launcher unwrapping, shim directories skipped) and the
 * configuration the build's environment gives (disabled, nested, tenant, log). The cacheable path
 * itself is wrap.ts.
 */
import path from 'node:path';
import { validateNamespace } from '../store/validate.js';
import { ourFileKind, resolveCompiler } from './compilers.js';
import { newSession, type CompileSession, type SessionOptions } from './session.js';
import { recordEvents } from './stats.js';
import { NESTED_ENV, wrapCompile } from './wrap.js';

export type { CompileSession, SessionOptions } from './session.js';

export interface CompileRequest {
  /**
   * argv[0] as the build ran it: a shim's path (`/x/shims/gcc`, or relative to `cwd`), or the
   * launcher's path, or a compiler name for `wrap`. In 'shim' mode, give the shim's path: its
   * directory is skipped on PATH (a bare name skips nothing but our own files, found by content).
   */
  invokedAs: string;
  /** 'shim': the compiler is named like invokedAs's basename and the shim's directory is skipped on PATH; 'launcher': args[0] is the compiler. */
  mode: 'shim' | 'launcher';
  args: string[];
  /** The compile's working directory (absolute): relative paths in args, PATH and invokedAs are resolved against it. */
  cwd: string;
  /** The build's full environment (the compiler runs with it). */
  env: NodeJS.ProcessEnv;
  stderrIsTTY: boolean;
}

export type CompileAnswer =
  | { kind: 'done'; status: number; signal: NodeJS.Signals | null; stdout: Buffer; stderr: Buffer }
  /**
   * Not for the cache (pass-through, disabled, nested): the caller runs `compiler` (absolute real
   * path) with `args` itself, inheriting stdio, in the request's cwd, with the request's env plus
   * `COMPILE_CACHE_WRAPPED=1` (NESTED_ENV: a compiler script calling `cc` again is then not counted
   * twice). Already counted.
   */
  | { kind: 'run'; compiler: string; args: string[]; reason: string };

/** Long-lived state a server keeps between compiles; a Node shim makes one per process. */
export function createSession(cacheDir: string, opts: SessionOptions = {}): CompileSession {
  return newSession(path.resolve(cacheDir), opts);
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}

/** A message from us, answered as the compile's result (nothing ran). */
function failure(message: string, status: number): CompileAnswer {
  return {
    kind: 'done',
    status,
    signal: null,
    stdout: Buffer.alloc(0),
    stderr: Buffer.from(`compile-cache: ${message}\n`)
  };
}

/** The real compiler the request means, and the name the build gave it (for metadata). */
function resolveRequest(
  req: CompileRequest
): { compiler: string; requested: string; args: string[] } | CompileAnswer {
  const args = [...req.args];
  const abs = (p: string) => (p.includes('/') ? path.resolve(req.cwd, p) : p);
  let requested: string;
  let skipDirs: string[];
  if (req.mode === 'shim') {
    // The build ran `gcc` and found the shim on PATH: the name is the shim's.
    requested = path.basename(req.invokedAs);
    skipDirs = req.invokedAs.includes('/') ? [path.dirname(path.resolve(req.cwd, req.invokedAs))] : [];
  } else {
    const first = args.shift();
    if (first === undefined)
      return failure('the launcher needs a compiler: compile-cache-launcher <compiler> <args...>', 2);
    requested = first;
    skipDirs = [];
    // `launcher launcher gcc …` (or CMake given the launcher twice): drop the extra launchers.
    while (requested.includes('/') && ourFileKind(abs(requested)) === 'launcher') {
      const next = args.shift();
      if (next === undefined)
        return failure('the launcher needs a compiler: compile-cache-launcher <compiler> <args...>', 2);
      requested = next;
    }
  }
  const resolved = resolveCompiler(abs(requested), req.env.PATH, skipDirs, req.cwd);
  if (resolved === null) {
    return failure(`${path.basename(requested)}: no real compiler of that name on PATH (shims skipped)`, 127);
  }
  return { compiler: resolved.path, requested, args };
}

/** The tenant namespace from COMPILE_CACHE_TENANT (default `local`), or null when it is not a usable name. */
function tenantOf(env: NodeJS.ProcessEnv): string | null {
  const tenant =
    env.COMPILE_CACHE_TENANT !== undefined && env.COMPILE_CACHE_TENANT !== ''
      ? env.COMPILE_CACHE_TENANT
      : 'local';
  try {
    validateNamespace(tenant);
  } catch {
    return null;
  }
  // Dot names are reserved (the store's own directories): the store would refuse every compile.
  return tenant.startsWith('.') ? null : tenant;
}

/** One compiler call through the cache. Never rejects for cache trouble: the build always gets its compile. */
export async function compile(session: CompileSession, req: CompileRequest): Promise<CompileAnswer> {
  const resolved = resolveRequest(req);
  if ('kind' in resolved) return resolved;
  const { compiler, requested, args } = resolved;
  const { env } = req;
  if (env[NESTED_ENV] !== undefined) return { kind: 'run', compiler, args, reason: 'nested' };
  // Disabled: not counted at all. Nested (a compiler script calling `cc` again): counted once, by the outer call.
  if (isTrue(env.COMPILE_CACHE_DISABLE)) return { kind: 'run', compiler, args, reason: 'disabled' };
  const tenant = tenantOf(env);
  if (tenant === null) {
    recordEvents(session.cacheDir, [
      { type: 'error', kind: 'bad-tenant' },
      { type: 'uncacheable', reason: 'bad-config' }
    ]);
    return { kind: 'run', compiler, args, reason: 'bad-config' };
  }
  const logFile =
    session.logFile !== undefined
      ? session.logFile
      : env.COMPILE_CACHE_LOG !== undefined && env.COMPILE_CACHE_LOG !== ''
        ? path.resolve(req.cwd, env.COMPILE_CACHE_LOG)
        : null;
  return wrapCompile(compiler, args, {
    session,
    cacheDir: session.cacheDir,
    tenant,
    cwd: req.cwd,
    env,
    // A shim passes its own basename (the build ran `gcc` and found the shim on PATH); `wrap` and
    // the launcher pass the name they were given.
    invokedAs: requested,
    stderrIsTTY: req.stderrIsTTY,
    logFile
  });
}
