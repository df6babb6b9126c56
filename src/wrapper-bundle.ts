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
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';
import { compile, createSession, type CompileRequest } from './compiler/compile.js';
import { installShims } from './compiler/shims.js';
import { formatStats, hitRate, readStats, zeroStats } from './compiler/stats.js';
import { childEnv, writeAllSync } from './compiler/wrap.js';
import { isCompileWorker } from './server/worker-role.js';

/** How this process ends: like the compiler did. */
interface Outcome {
  status: number;
  signal: NodeJS.Signals | null;
}

const USAGE = `usage: compile-cache-wrap wrap <compiler> <args...>
       compile-cache-wrap --shim <shim path> <args...>
       compile-cache-wrap stats [--json]
       compile-cache-wrap zero-stats
       compile-cache-wrap install-shims <dir>
       compile-cache-wrap server [--idle-timeout <seconds>] [--warm-up] | server status | server stop | server headers
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

function fail(message: string, status = 2): Outcome {
  writeAllSync(2, Buffer.from(`compile-cache: ${message}\n`));
  return { status, signal: null };
}

/** One compile through the core (compile.ts), answered on this process's stdio. */
async function runCompile(invokedAs: string, mode: CompileRequest['mode'], args: string[]): Promise<Outcome> {
  const env = process.env;
  const session = createSession(cacheDirFrom(env));
  const answer = await compile(session, {
    invokedAs,
    mode,
    args,
    cwd: process.cwd(),
    env,
    stderrIsTTY: process.stderr.isTTY === true
  });
  if (answer.kind === 'done') {
    writeAllSync(1, answer.stdout);
    writeAllSync(2, answer.stderr);
    return { status: answer.status, signal: answer.signal };
  }
  // Not for the cache: the compiler with our stdio, as if the wrapper were not there.
  const r = spawnSync(answer.compiler, answer.args, { stdio: 'inherit', env: childEnv(env) });
  if (r.error !== undefined) {
    const code = (r.error as NodeJS.ErrnoException).code;
    writeAllSync(2, Buffer.from(`compile-cache: cannot run ${answer.compiler}: ${r.error.message}\n`));
    return { status: code === 'ENOENT' ? 127 : code === 'EACCES' ? 126 : 1, signal: null };
  }
  return { status: r.status ?? 1, signal: r.signal };
}

async function main(argv: string[]): Promise<Outcome> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'wrap': {
      if (rest[0] === undefined) return fail('wrap needs a compiler: wrap <compiler> <args...>');
      // As the launcher: the compiler is the first argument.
      return runCompile('wrap', 'launcher', rest);
    }
    case '--shim': {
      const [shim, ...args] = rest;
      if (shim === undefined) return fail('--shim needs the shim path');
      return runCompile(shim, 'shim', args);
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
      if (r.note !== undefined) writeAllSync(2, Buffer.from(`compile-cache: ${r.note}\n`));
      writeAllSync(1, Buffer.from(`${r.dir}\n${r.launcher}\n`));
      return { status: 0, signal: null };
    }
    case 'server': {
      // Loaded on demand: a compile never loads the server's code (docs/server.md).
      const { serverCommand } = await import('./server/main.js');
      return { status: await serverCommand(rest, cacheDirFrom(process.env)), signal: null };
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

if (isCompileWorker(isMainThread, workerData)) {
  // A compile thread of the server (src/server/compile-pool.ts): its loop, not a command.
  void import('./server/compile-worker.js').then(m => m.serveCompiles());
} else {
  runMain();
}

function runMain(): void {
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
}
