/**
 * `compile-cache-wrap server …` (src/wrapper-bundle.ts loads this on demand, so a compile never loads
 * the server's code):
 *
 *   server [--idle-timeout <seconds>] [--warm-up]
 *                                       serve the cache directory (COMPILE_CACHE_DIR) in the foreground;
 *                                       --warm-up: rehearse the hit path first (rehearsal.ts)
 *   server status                       print the running server's pid and cache directory
 *   server stop                         stop it (after its compiles in flight; statistics flushed)
 *   server headers                      have it hash the headers the cache's manifests name, in the
 *                                       background (after a checkout that came after its start)
 *
 * The idle timeout is also read from COMPILE_CACHE_SERVER_IDLE (seconds); the flag wins. The number
 * of compile threads from COMPILE_CACHE_SERVER_THREADS (compile-pool.ts).
 */
import { realpathSync } from 'node:fs';
import { ping, ServerUnavailableError } from './client.js';
import { threadCount } from './compile-pool.js';
import { DEFAULT_IDLE_SECONDS, startServer } from './server.js';
import { serverPaths } from './socket-path.js';
import { hashServerHeaders, stopServer } from './start.js';

export const SERVER_USAGE = `usage: compile-cache-wrap server [--idle-timeout <seconds>] [--warm-up]
       compile-cache-wrap server status
       compile-cache-wrap server stop
       compile-cache-wrap server headers
`;

function say(fd: 1 | 2, text: string): void {
  (fd === 1 ? process.stdout : process.stderr).write(text);
}

function parseSeconds(what: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new Error(`${what}: ${JSON.stringify(value ?? '')} is not a number of seconds above 0 (e.g. 600)`);
  }
  return n;
}

/**
 * What the server runs when the build goes quiet: the packing of the job's new entries ahead of the
 * save (src/sync/packs/prepack.ts, loaded then: a compile never loads it). Off with
 * COMPILE_CACHE_SERVER_PREPACK=0.
 */
function prepackerFor(cacheDir: string, env: NodeJS.ProcessEnv): (() => Promise<string>) | undefined {
  if (env.COMPILE_CACHE_SERVER_PREPACK === '0') return undefined;
  return async () => {
    const { prepackJournaled, describePrepack } = await import('../sync/packs/prepack.js');
    const started = Date.now();
    return describePrepack(await prepackJournaled({ cacheDir, env }), Date.now() - started);
  };
}

/** Runs the command; resolves with the exit status. */
export async function serverCommand(args: string[], cacheDir: string): Promise<number> {
  const [first, ...rest] = args;
  if (first === '--help' || first === '-h') {
    say(1, SERVER_USAGE);
    return 0;
  }
  if (first === 'status' || first === 'stop' || first === 'headers') {
    if (rest.length > 0) {
      say(2, SERVER_USAGE);
      return 2;
    }
    if (first === 'headers') {
      // What the action's main step asks after the checkout; the answer comes before the hashing.
      if (await hashServerHeaders(cacheDir)) {
        say(1, `the server for ${cacheDir} is hashing the headers its manifests name\n`);
        return 0;
      }
      say(1, `no server is running for ${cacheDir}\n`);
      return 1;
    }
    if (first === 'stop') {
      const was = await stopServer(cacheDir);
      say(1, was ? `stopped the server for ${cacheDir}\n` : `no server was running for ${cacheDir}\n`);
      return 0;
    }
    try {
      say(1, `${await ping(serverPaths(cacheDir).socket, 5000)}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof ServerUnavailableError)) throw err;
      say(1, `no server is running for ${cacheDir}\n`);
      return 1;
    }
  }
  let idleSeconds = DEFAULT_IDLE_SECONDS;
  const fromEnv = process.env.COMPILE_CACHE_SERVER_IDLE;
  if (fromEnv !== undefined && fromEnv !== '')
    idleSeconds = parseSeconds('COMPILE_CACHE_SERVER_IDLE', fromEnv);
  let warmUp = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--idle-timeout') idleSeconds = parseSeconds('--idle-timeout', args[++i]);
    else if (args[i] === '--warm-up') warmUp = true;
    else {
      say(2, `compile-cache: server: unknown argument ${JSON.stringify(args[i])}\n${SERVER_USAGE}`);
      return 2;
    }
  }
  const log = (line: string) => say(2, `${new Date().toISOString()} compile-cache server: ${line}\n`);
  const threads = threadCount(process.env, message => log(`warning: ${message}`));
  // The compile threads are this bundle again (wrapper-bundle.ts starts a worker's loop instead of main).
  const workerScript = realpathSync(process.argv[1] as string);
  const running = await startServer({
    cacheDir,
    idleSeconds,
    log,
    threads,
    workerScript,
    warmUp,
    prepack: prepackerFor(cacheDir, process.env)
  });
  if (running === null) return 0;
  await running.stopped;
  return 0;
}
