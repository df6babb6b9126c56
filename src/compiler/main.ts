/**
 * The per-compile entry point, bundled alone into `dist/wrap/index.js` (no AWS SDK, no @actions/*):
 *
 *   wrap <compiler> <args…>        run one compile through the cache (the launcher calls this)
 *   --shim <shim path> <args…>     what a masquerade shim runs: the compiler named like the shim
 *   stats [--json]                 the counters since the last zero-stats, with the hit rate
 *   zero-stats                     start counting from zero
 *   install-shims <dir>            write the shims and the launcher into <dir>
 *
 * Environment: COMPILE_CACHE_DIR, COMPILE_CACHE_TENANT, COMPILE_CACHE_DISABLE, COMPILE_CACHE_LOG
 * (see docs/wrapper.md).
 */
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateNamespace } from '../store/validate.js';
import { ourFileKind, resolveCompiler } from './compilers.js';
import { installShims } from './shims.js';
import { formatStats, hitRate, readStats, recordEvents, zeroStats } from './stats.js';
import { NESTED_ENV, runDirect, wrapCompile, writeAllSync, type Outcome } from './wrap.js';

const USAGE = `usage: compile-cache-wrap wrap <compiler> <args...>
       compile-cache-wrap --shim <shim path> <args...>
       compile-cache-wrap stats [--json]
       compile-cache-wrap zero-stats
       compile-cache-wrap install-shims <dir>
`;

export function cacheDirFrom(env: NodeJS.ProcessEnv): string {
  const dir = env.COMPILE_CACHE_DIR;
  if (dir !== undefined && dir !== '') return path.resolve(dir);
  const base =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
      ? env.XDG_CACHE_HOME
      : path.join(os.homedir(), '.cache');
  return path.join(base, 'compile-cache');
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}

function fail(message: string, status = 2): Outcome {
  writeAllSync(2, Buffer.from(`compile-cache: ${message}\n`));
  return { status, signal: null };
}

/** Runs `requested` (a name or path, possibly one of our shims) with `args` through the cache. */
async function runCompiler(requested: string, args: string[], skipDirs: string[]): Promise<Outcome> {
  const env = process.env;
  // `launcher launcher gcc …` (or CMake given the launcher twice): drop the extra launchers.
  while (requested.includes('/') && ourFileKind(requested) === 'launcher') {
    const next = args.shift();
    if (next === undefined)
      return fail('the launcher needs a compiler: compile-cache-launcher <compiler> <args...>');
    requested = next;
  }
  const resolved = resolveCompiler(requested, env.PATH, skipDirs);
  if (resolved === null) {
    return fail(`${path.basename(requested)}: no real compiler of that name on PATH (shims skipped)`, 127);
  }
  const cwd = process.cwd();
  if (env[NESTED_ENV] !== undefined || isTrue(env.COMPILE_CACHE_DISABLE)) {
    // Nested (a compiler script calling `cc` again) or disabled: counted once, by the outer wrapper, or not at all.
    return runDirect(resolved.path, args, { env, cwd });
  }
  const cacheDir = cacheDirFrom(env);
  const tenant =
    env.COMPILE_CACHE_TENANT !== undefined && env.COMPILE_CACHE_TENANT !== ''
      ? env.COMPILE_CACHE_TENANT
      : 'local';
  try {
    validateNamespace(tenant);
    // Dot names are reserved (the store's own directories): the store would refuse every compile.
    if (tenant.startsWith('.')) throw new Error('reserved');
  } catch {
    recordEvents(cacheDir, [
      { type: 'error', kind: 'bad-tenant' },
      { type: 'uncacheable', reason: 'bad-config' }
    ]);
    return runDirect(resolved.path, args, { env, cwd });
  }
  const logFile =
    env.COMPILE_CACHE_LOG !== undefined && env.COMPILE_CACHE_LOG !== ''
      ? path.resolve(env.COMPILE_CACHE_LOG)
      : null;
  return wrapCompile(resolved.path, args, {
    cacheDir,
    tenant,
    cwd,
    env,
    // A shim passes its own basename (the build ran `gcc` and found the shim on PATH); `wrap` and
    // the launcher pass the name they were given.
    invokedAs: resolved.requested,
    stderrIsTTY: process.stderr.isTTY === true,
    logFile
  });
}

async function main(argv: string[]): Promise<Outcome> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'wrap': {
      const [compiler, ...args] = rest;
      if (compiler === undefined) return fail('wrap needs a compiler: wrap <compiler> <args...>');
      return runCompiler(compiler, args, []);
    }
    case '--shim': {
      const [shim, ...args] = rest;
      if (shim === undefined) return fail('--shim needs the shim path');
      return runCompiler(path.basename(shim), args, [path.dirname(path.resolve(shim))]);
    }
    case 'stats': {
      const dir = cacheDirFrom(process.env);
      const s = await readStats(dir);
      const text = rest.includes('--json')
        ? JSON.stringify({ ...s, hitRate: hitRate(s) }, null, 2) + '\n'
        : formatStats(s);
      writeAllSync(1, Buffer.from(text));
      return { status: 0, signal: null };
    }
    case 'zero-stats':
      for (const note of await zeroStats(cacheDirFrom(process.env))) {
        writeAllSync(2, Buffer.from(`compile-cache: warning: ${note}\n`));
      }
      return { status: 0, signal: null };
    case 'install-shims': {
      const [dir] = rest;
      if (dir === undefined) return fail('install-shims needs a directory');
      const script = realpathSync(process.argv[1] as string);
      const r = await installShims(dir, { node: process.execPath, wrapperScript: script });
      writeAllSync(1, Buffer.from(`${r.dir}\n${r.launcher}\n`));
      return { status: 0, signal: null };
    }
    case '--help':
    case '-h':
    case 'help':
      writeAllSync(1, Buffer.from(USAGE));
      return { status: 0, signal: null };
    default:
      writeAllSync(2, Buffer.from(USAGE));
      return { status: 2, signal: null };
  }
}

main(process.argv.slice(2)).then(
  outcome => {
    if (outcome.signal !== null) {
      // End the way the compiler did, so make sees the same signal.
      process.kill(process.pid, outcome.signal);
    }
    process.exit(outcome.status);
  },
  (err: unknown) => {
    writeAllSync(2, Buffer.from(`compile-cache: ${err instanceof Error ? err.message : String(err)}\n`));
    process.exit(1);
  }
);
