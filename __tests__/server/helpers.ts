/**
 * The compile server and the native client as they ship: the wrapper bundle at `<dist>/wrap/index.js`
 * with the C source at `<dist>/native/client.c` (the layout of dist/), shims installed by the
 * bundle's install-shims (which builds the client with the system cc), a private XDG_RUNTIME_DIR
 * per test file so its servers and sockets are its own.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir, wrapperEnv } from '../compiler/helpers.js';
import { ping } from '../../src/server/client.js';
import { serverPaths } from '../../src/server/socket-path.js';

export { ROOT };

/** Builds `<dir>/wrap/index.js` (ncc, ~10 s) and copies native/client.c beside it, as dist/ has it. */
export function buildDist(dir: string): string {
  const wrap = path.join(dir, 'wrap');
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      'src/wrapper-bundle.ts',
      '-o',
      wrap,
      '-q',
      '--transpile-only'
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }
  );
  mkdirSync(path.join(dir, 'native'), { recursive: true });
  copyFileSync(path.join(ROOT, 'native', 'client.c'), path.join(dir, 'native', 'client.c'));
  return path.join(wrap, 'index.js');
}

export interface Setup {
  work: string;
  bundle: string;
  shims: string;
  launcher: string;
  cacheDir: string;
  /** The environment of every compile in the test: the cache, its state and runtime directories. */
  env: NodeJS.ProcessEnv;
}

/** A work directory with the bundle built, the native shims installed and an environment for them. */
export async function setUp(name: string, extra: Record<string, string> = {}): Promise<Setup> {
  const work = await tempDir(name);
  const bundle = buildDist(path.join(work, 'dist'));
  const cacheDir = path.join(work, 'cache');
  const run = path.join(work, 'run');
  await fs.mkdir(run, { mode: 0o700 });
  // The statistics go where the test process reads them too (the state directory of cacheDir).
  const base = wrapperEnv(cacheDir, { XDG_RUNTIME_DIR: run, ...extra });
  delete base.COMPILE_CACHE_STATE_DIR;
  delete base.COMPILE_CACHE_SERVER;
  delete base.COMPILE_CACHE_SERVER_IDLE;
  delete base.COMPILE_CACHE_SERVER_TIMEOUT_MS;
  const r = spawnSync(process.execPath, [bundle, 'install-shims', path.join(work, 'shims')], {
    cwd: work,
    env: base,
    encoding: 'utf8'
  });
  if (r.status !== 0) throw new Error(`install-shims failed: ${r.stderr}`);
  // The native client must have been built here: these tests are about it.
  expect(r.stderr).toBe('');
  const [shims, launcher] = r.stdout.trim().split('\n') as [string, string];
  const env = { ...base, PATH: `${shims}:${process.env.PATH ?? ''}` };
  return { work, bundle, shims, launcher, cacheDir, env };
}

/** `node <bundle> server …` as a foreground child (resolves with its exit and stderr). */
export function serverProcess(
  s: Pick<Setup, 'bundle' | 'env'>,
  args: string[] = [],
  env: NodeJS.ProcessEnv = s.env
): {
  pid: number;
  /** What the server logged so far. */
  log: () => string;
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>;
} {
  const child = spawn(process.execPath, [s.bundle, 'server', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    resolve => child.on('close', (status, signal) => resolve({ status, signal, stderr }))
  );
  return { pid: child.pid as number, log: () => stderr, done };
}

/** The running server's pid for the setup's cache directory, or null when none answers. */
export async function serverPid(s: Pick<Setup, 'cacheDir' | 'env'>): Promise<number | null> {
  try {
    const info = await ping(serverPaths(s.cacheDir, s.env).socket, 5000);
    return Number(info.split(' ')[2]);
  } catch {
    return null;
  }
}

/** Polls (bounded) until `check` holds; returns whether it did. */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 15000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise(r => setTimeout(r, 50));
  }
  return check();
}

/** Stops the setup's server if one runs (every test file's afterAll: no server outlives the tests). */
export function stopServer(s: Pick<Setup, 'bundle' | 'env' | 'work'>): void {
  spawnSync(process.execPath, [s.bundle, 'server', 'stop'], { env: s.env, cwd: s.work, encoding: 'utf8' });
}
