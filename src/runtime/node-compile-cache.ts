/**
 * Node's module compile cache (`module.enableCompileCache`, Node ≥ 22.1) for the bundles: every
 * action step and every `compile-cache` command is a new process that parses and compiles its
 * bundle before it does anything (when the bundle carried the AWS SDK, 2.9 MB, about half of the
 * ~190 ms bundle load of a warm save; docs/speed.md). With the cache, what V8 compiled with the module in the first
 * process (the job's restore) is reused by the next (its save): 40–70 ms less CPU each, measured.
 * Functions V8 compiles lazily while the command runs are not in it.
 *
 * Called by the tiny entry files (bin/compile-cache.js, dist/action/*.js, dist/cli/index.js) BEFORE
 * they import a bundle: the cache only covers modules compiled after it is enabled. So this module
 * imports nothing but Node's own modules, and scripts/build.mjs emits it on its own as
 * dist/runtime/node-compile-cache.js.
 *
 * Where: NODE_COMPILE_CACHE when the user set it (Node itself enabled it at start-up; it is left as
 * it is), nothing when NODE_DISABLE_COMPILE_CACHE is set, otherwise `<temp dir>/compile-cache-node-<uid>`
 * (an absolute temp directory only). The shims set NODE_COMPILE_CACHE themselves (src/compiler/shims.ts),
 * so a command run through them keeps theirs.
 * Never below the cache directory or the state directory: what a build plants there is untrusted, and
 * this holds code that runs. The temp directory is shared between users, so the directory is made
 * 0700 and used only when lstat shows a real directory (not a symlink, which is never followed),
 * owned by this user, with no group or other permissions; anything else there (another user's
 * directory, a planted symlink or file) means no cache for this process, not a failure. Node
 * checks every cached entry against its module's source (and its own version and flags), so a
 * rebuilt dist/ or another Node never uses a stale entry.
 *
 * Everything here is best effort and silent: it only makes start-up faster, so no error of it may
 * reach the command (the result says what happened, for tests and debugging).
 */
/**
 * Node's modules through process.getBuiltinModule (Node ≥ 20.16 / 22.3), not ESM imports: an ESM
 * import of a built-in builds a facade that reads every export, and `node:fs`'s include lazy ones
 * (its streams) that load on that read. That cost every command ~1 ms before its bundle, measured
 * as whole `compile-cache` commands in turns. A Node without it has no compile cache either (that
 * came in 22.1), so nothing here is needed there; the module must still load on it. (The bundles
 * have src/store/builtin-module.ts for this; this file may import nothing of ours, see above.)
 */
function builtin<T>(id: string): T | undefined {
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  return get?.(id) as T | undefined;
}

type NodeFs = typeof import('node:fs');
type NodeOs = typeof import('node:os');
type NodePath = typeof import('node:path');

/** What enableNodeCompileCache did. */
export interface NodeCompileCacheResult {
  /** Whether the compile cache is on for this process. */
  enabled: boolean;
  /** The directory Node uses, when enabled. */
  directory?: string;
  /** Why not, or who enabled it. */
  note: string;
}

/** The parts of `node:module` used here: absent in Node 20 (enableCompileCache) and < 22.8 (getCompileCacheDir). */
interface CompileCacheApi {
  enableCompileCache?: (dir?: string) => { status: number; message?: string; directory?: string };
  getCompileCacheDir?: () => string | undefined;
  constants?: { compileCacheStatus?: Record<string, number> };
}

/**
 * `<temp dir>/compile-cache-node-<uid>`, or undefined where there are no user ids (Windows) or the
 * temp directory is relative (TMPDIR=tmp would put it below the working directory, maybe the cache
 * directory).
 */
export function defaultCompileCacheDir(tmpdir?: string): string | undefined {
  const os = builtin<NodeOs>('node:os');
  const path = builtin<NodePath>('node:path');
  const dir = tmpdir ?? os?.tmpdir();
  const uid = process.getuid?.();
  if (uid === undefined || !path || dir === undefined || !path.isAbsolute(dir)) return undefined;
  return path.join(dir, `compile-cache-node-${uid}`);
}

/**
 * Makes `dir` (mode 0700; its parent must exist) and returns it when it is a real directory, owned
 * by this user, with no group or other permissions; otherwise a note saying what is there instead.
 * mkdir never follows a symlink at the last component, and lstat does not either.
 */
export function privateDir(dir: string): { dir: string } | { note: string } {
  const uid = process.getuid?.();
  if (uid === undefined) return { note: 'no user ids on this platform' };
  const fs = builtin<NodeFs>('node:fs');
  if (!fs) return { note: 'this Node has no process.getBuiltinModule' };
  const { lstatSync, mkdirSync } = fs;
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      return { note: `cannot make ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
    }
  }
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (st === undefined) return { note: `${dir} vanished` };
  if (!st.isDirectory()) return { note: `${dir} is not a directory` };
  if (st.uid !== uid) return { note: `${dir} belongs to uid ${st.uid}` };
  if ((st.mode & 0o077) !== 0)
    return { note: `${dir} has mode ${(st.mode & 0o777).toString(8)}, not private` };
  return { dir };
}

/** Enables Node's compile cache for the rest of this process (see the top of this file). Never throws. */
export function enableNodeCompileCache(
  env: NodeJS.ProcessEnv = process.env,
  api: CompileCacheApi | undefined = builtin<CompileCacheApi>('node:module')
): NodeCompileCacheResult {
  try {
    if (typeof api?.enableCompileCache !== 'function') {
      return { enabled: false, note: 'this Node has no module compile cache (it came in Node 22.1)' };
    }
    const current = api.getCompileCacheDir?.();
    if (current) return { enabled: true, directory: current, note: 'already enabled' };
    if (env.NODE_DISABLE_COMPILE_CACHE) return { enabled: false, note: 'NODE_DISABLE_COMPILE_CACHE is set' };
    // The user's choice: Node enabled it at start-up from the variable (or could not; then no cache).
    if (env.NODE_COMPILE_CACHE) return { enabled: false, note: 'NODE_COMPILE_CACHE is set; left to Node' };
    const dir = defaultCompileCacheDir();
    if (dir === undefined) return { enabled: false, note: 'no user ids here, or a relative temp directory' };
    const made = privateDir(dir);
    if ('note' in made) return { enabled: false, note: made.note };
    const r = api.enableCompileCache(made.dir);
    const statuses = api.constants?.compileCacheStatus ?? {};
    const ok = r.status === statuses.ENABLED || r.status === statuses.ALREADY_ENABLED;
    return ok
      ? { enabled: true, directory: r.directory ?? made.dir, note: 'enabled' }
      : { enabled: false, note: r.message ?? `status ${r.status}` };
  } catch (err) {
    return { enabled: false, note: `failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
