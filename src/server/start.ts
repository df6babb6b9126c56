/**
 * Starting and stopping the compile server from Node: the action's pre step starts it (detached, so
 * it outlives the step and serves the whole job), post stops it before reading the statistics. The
 * native client starts it on demand the same way (node <bundle> server) when none answers.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ping, request, ServerUnavailableError } from './client.js';
import { serverPaths } from './socket-path.js';
import type { WireAnswer, WireRequest } from './protocol.js';

export interface StartOptions {
  cacheDir: string;
  /** The node binary and the wrapper bundle (dist/wrap/index.js) to run `server` with. */
  node: string;
  wrapperScript: string;
  env?: NodeJS.ProcessEnv;
  idleSeconds?: number;
  /** Rehearse the hit path once listening (`server --warm-up`, rehearsal.ts): for a server started well before the build. */
  warmUp?: boolean;
  /** The server's own messages (start, stop, internal errors) are appended here; none when unset. */
  logFile?: string;
  /** How long to wait for the server to answer (default 10 s). */
  timeoutMs?: number;
}

export interface StartResult {
  socket: string;
  /** The server's answer to ping: `compile-cache server <pid> <cache dir>`. */
  info: string;
  /** False when a server was already running. */
  started: boolean;
}

/**
 * The environment to start the server with from an action step: the step's own, without the
 * action's inputs (INPUT_*: credentials among them) and the runner's tokens, none of which the
 * server needs (each compile brings the build's environment with it).
 */
export function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('INPUT_') || /^ACTIONS_(?:RUNTIME_TOKEN|ID_TOKEN_REQUEST_)/.test(name)) continue;
    out[name] = value;
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms));
}

/** Starts the server for `cacheDir` unless one answers already; resolves once it answers a ping. */
export async function ensureServer(opts: StartOptions): Promise<StartResult> {
  const env = opts.env ?? process.env;
  const cacheDir = path.resolve(opts.cacheDir);
  const { socket } = serverPaths(cacheDir, env);
  try {
    return { socket, info: await ping(socket, 2000), started: false };
  } catch {
    // none yet
  }
  const args = [opts.wrapperScript, 'server'];
  if (opts.idleSeconds !== undefined) args.push('--idle-timeout', String(opts.idleSeconds));
  if (opts.warmUp === true) args.push('--warm-up');
  const logFd = opts.logFile === undefined ? 'ignore' : openSync(opts.logFile, 'a', 0o600);
  let exited: string | null = null;
  try {
    const child = spawn(opts.node, args, {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...env, COMPILE_CACHE_DIR: cacheDir },
      cwd: '/'
    });
    child.on('exit', (code, signal) => {
      exited = signal ?? `exit ${code}`;
    });
    child.on('error', err => {
      exited = err.message;
    });
    child.unref();
  } finally {
    if (typeof logFd === 'number') closeSync(logFd);
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let last = '';
  while (Date.now() < deadline) {
    try {
      return { socket, info: await ping(socket, 1000), started: true };
    } catch (err) {
      last = (err as Error).message;
    }
    // Exit 0 is another server winning the start race: the next ping finds it.
    if (exited !== null && exited !== 'exit 0') break;
    await sleep(25);
  }
  let tail = '';
  if (opts.logFile !== undefined) {
    try {
      tail = readFileSync(opts.logFile, 'utf8').trim().split('\n').slice(-3).join(' / ');
    } catch {
      // no log
    }
  }
  throw new ServerUnavailableError(
    `the compile server for ${cacheDir} did not start` +
      (exited !== null ? ` (${exited})` : ` within ${opts.timeoutMs ?? 10_000} ms (${last})`) +
      (tail !== '' ? `: ${tail}` : '')
  );
}

/** Sends `req` to the server for `cacheDir`; null when no server is running there. */
async function requestIfRunning(
  cacheDir: string,
  env: NodeJS.ProcessEnv,
  req: WireRequest,
  timeoutMs: number
): Promise<WireAnswer | null> {
  const { socket } = serverPaths(path.resolve(cacheDir), env);
  try {
    return await request(socket, req, timeoutMs);
  } catch (err) {
    if (err instanceof ServerUnavailableError && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED'))
      return null;
    throw err;
  }
}

/**
 * Asks the server for `cacheDir`, if one runs, to hash the headers the cache's manifests name again
 * (the action's main step: the checkout is in place by then, so the project's own headers exist).
 * It answers at once and hashes in the background. Resolves with false when no server was running.
 */
export async function hashServerHeaders(
  cacheDir: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 10_000
): Promise<boolean> {
  return (await requestIfRunning(cacheDir, env, { type: 'headers' }, timeoutMs))?.type === 'info';
}

/**
 * Stops the server for `cacheDir`: it answers once the compiles in flight have finished and the
 * statistics are flushed. Resolves with false when no server was running.
 */
export async function stopServer(
  cacheDir: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 120_000
): Promise<boolean> {
  return (await requestIfRunning(cacheDir, env, { type: 'stop' }, timeoutMs)) !== null;
}
