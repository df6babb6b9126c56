/**
 * The warm path's shortcuts, checked for behaviour (no timings): the preprocessor started before the
 * rest of the lookup (failures, outputs larger than a pipe), the timings in COMPILE_CACHE_LOG, and
 * Node's compile cache that the shims turn on in a private directory beside them.
 */
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { node24Path } from '../../scripts/node24.mjs';
import {
  buildBundle,
  run,
  stats,
  tempDir,
  which,
  wrapper,
  wrapperEnv,
  writeFiles,
  type Run
} from './helpers.js';

let bundle: string;
let work: string;

beforeAll(async () => {
  bundle = buildBundle();
  work = await tempDir('speed');
}, 60000);

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
  if (bundle) await fs.rm(path.dirname(bundle), { recursive: true, force: true });
});

async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, name);
  await writeFiles(dir, files);
  // Changed more than a second before the first compile (mtime and ctime): direct mode records
  // them in a manifest from the first compile on, never a file "too new" to trust.
  await new Promise(resolve => setTimeout(resolve, 1100));
  await fs.mkdir(path.join(dir, 'o'), { recursive: true });
  return dir;
}

async function wrapped(dir: string, cache: string, args: string[], extra: Record<string, string> = {}) {
  const before = await stats(cache);
  const r = wrapper(bundle, ['wrap', 'gcc', ...args], dir, wrapperEnv(cache, extra));
  const after = await stats(cache);
  const result =
    after.hits > before.hits
      ? 'hit'
      : after.misses > before.misses
        ? 'miss'
        : Object.keys(after.uncacheable)
            .filter(k => after.uncacheable[k] !== before.uncacheable[k])
            .join(',');
  return { ...r, result };
}

/** Files below dir (recursively), or none when it does not exist. */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => e.name);
}

describe('the preprocessor, started before the lookup', () => {
  it('a failing -E passes through with the compiler’s own diagnostics and exit code', async () => {
    const cache = path.join(work, 'cache-fail');
    const dir = await project('pp-fail', { 'a.c': '#include "missing.h"\nint a;\n' });
    const args = ['-c', 'a.c', '-o', 'o/a.o'];
    const direct = run('gcc', args, dir, wrapperEnv(cache));
    expect(direct.status).not.toBe(0);
    // Preprocessor mode (depend mode off): the -E run fails first.
    const r = await wrapped(dir, cache, args, { COMPILE_CACHE_DEPEND: 'off' });
    expect(r.result).toBe('preprocess-failed');
    expect([r.status, r.stdout, r.stderr]).toEqual([direct.status, direct.stdout, direct.stderr]);
    // Depend mode (the default on an empty cache): no -E, the compile itself fails, the same way.
    const d = await wrapped(dir, cache, args);
    expect(d.result).toBe('compile-failed');
    expect([d.status, d.stdout, d.stderr]).toEqual([direct.status, direct.stdout, direct.stderr]);
  });

  it('keys all of an -E output larger than a pipe holds: a change at its end misses', async () => {
    const cache = path.join(work, 'cache-big');
    // About 400 KiB of preprocessed text, far more than the 64 KiB a pipe buffers.
    const big = Array.from({ length: 8000 }, (_, i) => `extern int declared_${i}(int, long, char *);`).join(
      '\n'
    );
    const dir = await project('pp-big', {
      'big.h': `${big}\n#define LAST 1\n`,
      'a.c': '#include "big.h"\nint a(void) { return LAST; }\n'
    });
    const args = ['-O2', '-c', 'a.c', '-o', 'o/a.o'];
    expect((await wrapped(dir, cache, args)).result).toBe('miss');
    const first = readFileSync(path.join(dir, 'o/a.o'));
    await fs.rm(path.join(dir, 'o/a.o'));
    expect((await wrapped(dir, cache, args)).result).toBe('hit');
    expect(readFileSync(path.join(dir, 'o/a.o')).equals(first)).toBe(true);
    await fs.writeFile(path.join(dir, 'big.h'), `${big}\n#define LAST 2\n`);
    expect((await wrapped(dir, cache, args)).result).toBe('miss');
    const direct = run('gcc', [...args.slice(0, -1), 'o/direct.o'], dir, wrapperEnv(cache));
    expect(direct.status).toBe(0);
    expect(readFileSync(path.join(dir, 'o/a.o')).equals(readFileSync(path.join(dir, 'o/direct.o')))).toBe(
      true
    );
  }, 30000);
});

describe('COMPILE_CACHE_LOG', () => {
  const phasesOf = (log: string) => {
    const lines = readFileSync(log, 'utf8').split('\n');
    const phases = lines.flatMap(l => /^ {2}(\w+) at (\d+\.\d) ms$/.exec(l)?.slice(1, 3) ?? []);
    const times = phases.filter((_, i) => i % 2 === 1).map(Number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(lines).toContain('  hit');
    return { lines, names: phases.filter((_, i) => i % 2 === 0) };
  };

  it('records where a hit’s time goes, phase by phase, in order: preprocessor mode, then direct mode', async () => {
    const cache = path.join(work, 'cache-log');
    const log = path.join(work, 'wrap.log');
    const directLog = path.join(work, 'wrap-direct.log');
    const dir = await project('log', { 'a.c': 'int a(void) { return 1; }\n' });
    const args = ['-c', 'a.c', '-o', 'o/a.o'];
    // Made in preprocessor mode: an entry made in depend mode is found only through its manifest.
    expect((await wrapped(dir, cache, args, { COMPILE_CACHE_DEPEND: 'off' })).result).toBe('miss');
    const pp = await wrapped(dir, cache, args, { COMPILE_CACHE_LOG: log, COMPILE_CACHE_DIRECT: '0' });
    expect(pp.result).toBe('hit');
    const preprocessor = phasesOf(log);
    expect(preprocessor.names).toEqual([
      'classify',
      'identity',
      'preprocess',
      'preprocessed',
      'lookup',
      'restored',
      'done'
    ]);
    expect(preprocessor.lines.some(l => /^ {2}key [0-9a-f]{64}$/.test(l))).toBe(true);
    expect((await wrapped(dir, cache, args, { COMPILE_CACHE_LOG: directLog })).result).toBe('hit');
    const direct = phasesOf(directLog);
    // No -E run: the manifest the miss recorded names the result.
    expect(direct.names).toEqual(['classify', 'identity', 'direct', 'lookup', 'restored', 'done']);
    expect(direct.lines.some(l => /^ {2}manifest [0-9a-f]{64} names result [0-9a-f]{64}$/.test(l))).toBe(
      true
    );
  });
});

describe("Node's compile cache, turned on by the shims", () => {
  let shims: string;
  let dir: string;
  const seen = () => path.join(dir, 'seen.log');

  beforeAll(async () => {
    // Shims run by Node 24, as the action installs them (with the action's node); a compiler
    // script in front of gcc notes the NODE_COMPILE_CACHE that the compiler sees.
    const node24 = node24Path();
    const gcc = which('gcc');
    if (gcc === null) throw new Error('gcc is not on PATH');
    dir = await project('ncc', {
      'a.c': 'int a(void) { return 1; }\n',
      // The real gcc by its path: by name, the shims (first on PATH) would run this script again.
      'tc/gcc': `#!/bin/sh\necho "\${NODE_COMPILE_CACHE-unset}" >> "$SEEN"\nexec '${gcc}' "$@"\n`
    });
    await fs.chmod(path.join(dir, 'tc/gcc'), 0o755);
    const r = run(node24, [bundle, 'install-shims', path.join(work, 'shims24')], work, wrapperEnv(work));
    expect(r.status).toBe(0);
    shims = r.stdout.split('\n')[0] as string;
  }, 120000);

  const viaShim = (cacheDir: string, out: string, extra: Record<string, string> = {}): Run =>
    run(
      path.join(shims, 'gcc'),
      ['-c', 'a.c', '-o', out],
      dir,
      wrapperEnv(cacheDir, {
        PATH: `${shims}:${path.join(dir, 'tc')}:${process.env.PATH ?? ''}`,
        SEEN: seen(),
        ...extra
      })
    );

  it('is used beside the shims (made 0700 at install), never below the cache directory, and is kept from the compiler', async () => {
    const cache = path.join(work, 'cache-ncc');
    const ncc = path.join(shims, '.node-compile-cache');
    expect((await fs.lstat(ncc)).isDirectory()).toBe(true);
    expect((await fs.stat(ncc)).mode & 0o777).toBe(0o700);
    expect(viaShim(cache, 'o/1.o')).toMatchObject({ status: 0, stderr: '' });
    expect(viaShim(cache, 'o/2.o')).toMatchObject({ status: 0, stderr: '' });
    expect((await stats(cache)).hits).toBe(1);
    expect(filesBelow(ncc).length).toBeGreaterThan(0);
    // The cache directory is written by builds: Node's code cache must never be read from there.
    expect(existsSync(path.join(cache, '.node-compile-cache'))).toBe(false);
    expect(viaShim(cache, 'o/3.o')).toMatchObject({ status: 0, stderr: '' });
    expect((await stats(cache)).hits).toBe(2);
    // The compile of the miss only (depend mode on an empty cache: no -E; the hits are served from
    // the manifest): the compiler never saw the wrapper's cache.
    expect(readFileSync(seen(), 'utf8').trim().split('\n')).toEqual(['unset']);
  }, 30000);

  it('does not depend on the cache directory: relative or unusable, the compiles still work', async () => {
    const rel = 'rel-cache';
    for (const out of ['o/r1.o', 'o/r2.o']) {
      expect(viaShim(rel, out, { COMPILE_CACHE_DIR: rel })).toMatchObject({ status: 0, stderr: '' });
    }
    expect(existsSync(path.join(dir, rel, '.node-compile-cache'))).toBe(false);
    const fileCache = path.join(work, 'cache-is-a-file');
    await fs.writeFile(fileCache, 'x');
    expect(viaShim(fileCache, 'o/f.o')).toMatchObject({ status: 0, stderr: '' });
    expect(existsSync(path.join(dir, 'o/f.o'))).toBe(true);
  }, 30000);

  it("keeps the user's own NODE_COMPILE_CACHE, for the wrapper and the compiler", async () => {
    const cache = path.join(work, 'cache-user');
    const own = path.join(work, 'own-ncc');
    await fs.mkdir(own);
    await fs.rm(seen(), { force: true });
    await fs.rm(path.join(shims, '.node-compile-cache'), { recursive: true });
    await fs.mkdir(path.join(shims, '.node-compile-cache'), { mode: 0o700 });
    for (const out of ['o/u1.o', 'o/u2.o']) {
      expect(viaShim(cache, out, { NODE_COMPILE_CACHE: own })).toMatchObject({ status: 0, stderr: '' });
    }
    expect(filesBelow(own).length).toBeGreaterThan(0);
    expect(filesBelow(path.join(shims, '.node-compile-cache'))).toEqual([]);
    expect(new Set(readFileSync(seen(), 'utf8').trim().split('\n'))).toEqual(new Set([own]));
  }, 30000);
});
