/**
 * Runs the wrapper as it ships: an ncc bundle of src/wrapper-bundle.ts, started with node, against
 * real gcc (and clang when installed) and a real cache directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs, readdirSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hitRate, readStats } from '../../src/compiler/stats.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds the bundle into a fresh temp dir (~5 s); returns the path of index.js. */
export function buildBundle(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), 'ccw-bundle-'));
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      'src/wrapper-bundle.ts',
      '-o',
      out,
      '-q',
      // The type check is `npm run typecheck`'s job (and would see other files of the project).
      '--transpile-only'
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit']
    }
  );
  return path.join(out, 'index.js');
}

export function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

export async function tempDir(prefix: string): Promise<string> {
  return realpathSync(await fs.mkdtemp(path.join(os.tmpdir(), `ccw-${prefix}-`)));
}

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment a wrapped call sees: a cache dir, nothing inherited that would change its behaviour. */
export function wrapperEnv(cacheDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, COMPILE_CACHE_DIR: cacheDir, LC_ALL: 'C' };
  delete env.COMPILE_CACHE_WRAPPED;
  delete env.COMPILE_CACHE_DISABLE;
  delete env.COMPILE_CACHE_TENANT;
  delete env.COMPILE_CACHE_LOG;
  delete env.MAKEFLAGS;
  delete env.MFLAGS;
  delete env.MAKELEVEL;
  return { ...env, ...extra };
}

export function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** `node <bundle> …` */
export function wrapper(bundle: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  return run(process.execPath, [bundle, ...args], cwd, env);
}

/**
 * `install-shims <work>/shims` through the bundle, as the action's pre step does; fails the calling
 * test when the command fails. Returns the shim directory and the CMake launcher.
 */
export function installTestShims(
  bundle: string,
  work: string,
  cacheDir: string
): { shims: string; launcher: string } {
  const r = wrapper(bundle, ['install-shims', path.join(work, 'shims')], work, wrapperEnv(cacheDir));
  expect(r.status).toBe(0);
  const [shims, launcher] = r.stdout.trim().split('\n') as [string, string];
  return { shims, launcher };
}

export interface StatsJson {
  hits: number;
  misses: number;
  uncacheable: Record<string, number>;
  errors: number;
  errorKinds: Record<string, number>;
  calls: number;
  hitRate: number | null;
}

/** `stats --json` through the bundle (what a user sees). */
export function statsCli(bundle: string, cacheDir: string): StatsJson {
  const r = wrapper(bundle, ['stats', '--json'], os.tmpdir(), wrapperEnv(cacheDir));
  if (r.status !== 0) throw new Error(`stats failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as StatsJson;
}

/** The stats as the action reads them (in process, no spawn: tests read them after every call). */
export async function stats(cacheDir: string): Promise<StatsJson> {
  const s = await readStats(cacheDir);
  return { ...s, hitRate: hitRate(s) };
}

export function zero(bundle: string, cacheDir: string): void {
  const r = wrapper(bundle, ['zero-stats'], os.tmpdir(), wrapperEnv(cacheDir));
  if (r.status !== 0) throw new Error(`zero-stats failed: ${r.stderr}`);
}

/** Every entry directory below `<cacheDir>/compile/<tenant>`, with its blob names. */
export function entries(cacheDir: string, tenant = 'local'): Array<{ dir: string; blobs: string[] }> {
  const root = path.join(cacheDir, 'compile', tenant);
  if (!existsSync(root)) return [];
  const found: Array<{ dir: string; blobs: string[] }> = [];
  for (const shard of readdirSync(root)) {
    for (const hex of readdirSync(path.join(root, shard))) {
      const dir = path.join(root, shard, hex);
      found.push({ dir, blobs: readdirSync(dir).sort() });
    }
  }
  return found;
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, text);
  }
}

/** All regular files below dir (relative paths), sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(path.join(d, e.name), path.join(rel, e.name));
      else out.push(path.join(rel, e.name));
    }
  };
  await walk(dir, '');
  return out.sort();
}
