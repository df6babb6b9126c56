/**
 * The compiler wrapper against a cache directory and state directory a pull request's build has
 * prepared (issue 12): the state directory itself, `stats`, `stats/events`, `compilers` and a
 * compiler memo in it (src/store/state-dir.ts), and `.node-compile-cache` in the cache directory
 * (where earlier versions kept it) planted as a FIFO, a socket, a device, a symlink to a directory and a symlink to a file (and `events` as a hard
 * link to a file elsewhere). Each compile must succeed with the same object as an uncached compile,
 * change nothing outside the cache directory (a canary tree hashed before and after), never block
 * (a FIFO guard breaks a hang, which then fails the test; every process runs under a 30 s watchdog)
 * and say what it skipped, naming the path (the COMPILE_CACHE_LOG, `stats`, `zero-stats`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, promises as fs, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { node24Path } from '../../scripts/node24.mjs';
import { stateDirOf } from '../../src/store/state-dir.js';
import {
  hashTree,
  makeCanaryTree,
  plant,
  PLANT_KINDS,
  type CanaryTree,
  type Planted,
  type PlantKind
} from '../helpers/hostile-tree.js';
import { buildBundle, tempDir, which, wrapperEnv, writeFiles, type Run } from './helpers.js';

let bundle: string;
let work: string;
let canary: CanaryTree;
let direct: Buffer;

/** A bound on a hang, far above a compile's duration: the process is killed and the test fails. */
const WATCHDOG_MS = 30_000;
/** The FIFO guard opens a planted FIFO after this long, so a blocked reader wakes (and hung() says so). */
const FIFO_GUARD_MS = 10_000;

function runBounded(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: WATCHDOG_MS, killSignal: 'SIGKILL' });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  bundle = buildBundle();
  work = await tempDir('hostile');
  canary = await makeCanaryTree(work);
  await writeFiles(path.join(work, 'src'), {
    'a.c': '#include "a.h"\nint a(int x) { return x * SCALE; }\n',
    'a.h': '#define SCALE 7\n'
  });
  await fs.mkdir(path.join(work, 'src', 'o'));
  const r = runBounded('gcc', ['-c', 'a.c', '-o', 'o/direct.o'], path.join(work, 'src'), wrapperEnv(work));
  expect(r.status).toBe(0);
  direct = readFileSync(path.join(work, 'src', 'o', 'direct.o'));
}, 60000);

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
  if (bundle) await fs.rm(path.dirname(bundle), { recursive: true, force: true });
});

let caseNo = 0;

/** One wrapped `gcc -c a.c -o o/<out>` with a COMPILE_CACHE_LOG; its log block comes back too. */
function compile(cache: string, out: string): Run & { log: string } {
  const log = path.join(work, `log-${++caseNo}`);
  const r = runBounded(
    process.execPath,
    [bundle, 'wrap', 'gcc', '-c', 'a.c', '-o', `o/${out}`],
    path.join(work, 'src'),
    wrapperEnv(cache, { COMPILE_CACHE_LOG: log })
  );
  return { ...r, log: existsSync(log) ? readFileSync(log, 'utf8') : '' };
}

function expectCompiled(r: Run, out: string): void {
  expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({
    status: 0,
    signal: null,
    stderr: ''
  });
  expect(readFileSync(path.join(work, 'src', 'o', out)).equals(direct)).toBe(true);
}

/** A fresh cache directory with the wrapper's files made by one compile (so every level exists). */
async function warmCache(name: string): Promise<string> {
  const cache = path.join(work, name);
  expectCompiled(compile(cache, `${name}-warm.o`), `${name}-warm.o`);
  return cache;
}

/** What a symlink of this kind points at: a directory or a file of the canary tree. */
function targetFor(kind: PlantKind): string | undefined {
  return kind === 'dir-symlink' ? canary.home : kind === 'file-symlink' ? canary.file : undefined;
}

async function plantAt(kind: PlantKind, p: string): Promise<Planted> {
  await fs.rm(p, { recursive: true, force: true });
  return plant(kind, p, { target: targetFor(kind), fifoGuardMs: FIFO_GUARD_MS });
}

/** The planted thing is still there and still what was planted (left alone, not replaced or followed). */
function expectLeftAlone(p: string, kind: PlantKind): void {
  const st = lstatSync(p);
  const is = {
    fifo: st.isFIFO(),
    socket: st.isSocket(),
    chardev: st.isCharacterDevice(),
    'dir-symlink': st.isSymbolicLink(),
    'file-symlink': st.isSymbolicLink()
  }[kind];
  expect(is).toBe(true);
}

/** The layout levels the wrapper itself reads or writes, relative to the cache directory's state directory. */
const LEVELS = ['.', 'stats', 'stats/events', 'compilers', 'compilers/<memo>'] as const;

/** `rel` in the state directory of `cache`. */
function inState(cache: string, rel: string): string {
  return path.join(stateDirOf(cache), rel);
}

function memoName(cache: string): string {
  const names = readdirSync(inState(cache, 'compilers')).filter(n => /^[0-9a-f]{64}$/.test(n));
  expect(names).toHaveLength(1);
  return names[0]!;
}

describe.each(LEVELS)('%s planted', level => {
  test.each(PLANT_KINDS)(
    'as a %s: the compile succeeds uncached or cached, nothing outside changes, no hang',
    async kind => {
      const cache = await warmCache(`c${++caseNo}`);
      const rel = level === 'compilers/<memo>' ? `compilers/${memoName(cache)}` : level;
      const p = inState(cache, rel);
      const before = hashTree(canary.dir);
      const planted = await plantAt(kind, p);
      if (planted.skipped) return; // a device needs root
      try {
        const first = compile(cache, 'first.o');
        const second = compile(cache, 'second.o');
        expect(planted.hung()).toBe(false);
        expectCompiled(first, 'first.o');
        expectCompiled(second, 'second.o');
        // The entry from the warm-up is served whatever was planted among the wrapper's own files.
        expect(second.log).toMatch(/^ {2}hit$/m);
        expect(hashTree(canary.dir)).toBe(before);
        if (level === 'compilers/<memo>') {
          // The wrapper names what it skipped; a new memo then replaces the planted thing by a rename.
          expect(first.log).toContain(`error unsafe-path ${p} is `);
        } else {
          expectLeftAlone(p, kind);
          if (level === 'compilers' || level === '.') {
            expect(first.log).toContain(`error unsafe-path ${p} is `);
          }
          if (level !== 'compilers') {
            expect(first.log).toContain(`statistics not recorded: ${inState(cache, 'stats/events')}`);
          }
        }
      } finally {
        await planted.close();
      }
    }
  );
});

test('stats/events as a hard link to a file outside: never appended to, and zero-stats replaces only the link', async () => {
  const cache = await warmCache('hardlink');
  const events = inState(cache, 'stats/events');
  await fs.rm(events);
  // The canary's lone file stands for ~/.ssh/authorized_keys: same file system, so a build can link it.
  linkSync(canary.file, events);
  const before = hashTree(canary.dir);
  const r = compile(cache, 'hl.o');
  expectCompiled(r, 'hl.o');
  expect(r.log).toContain('statistics not recorded');
  const stats = runBounded(process.execPath, [bundle, 'zero-stats'], work, wrapperEnv(cache));
  expect(stats.status).toBe(0);
  expect(stats.stderr).toContain(
    `${events} was a hard link to a file with 2 names; replaced with an empty file`
  );
  expect(hashTree(canary.dir)).toBe(before);
  expect(lstatSync(events).nlink).toBe(1);
  expect(readFileSync(events, 'utf8')).toBe('');
});

describe('stats and zero-stats on a planted state directory, stats or events', () => {
  test.each(PLANT_KINDS)(
    'events as a %s: stats fails naming it, zero-stats replaces it, counting resumes',
    async kind => {
      const cache = await warmCache(`s${++caseNo}`);
      const events = inState(cache, 'stats/events');
      const before = hashTree(canary.dir);
      const planted = await plantAt(kind, events);
      if (planted.skipped) return;
      try {
        const stats = runBounded(process.execPath, [bundle, 'stats', '--json'], work, wrapperEnv(cache));
        expect(planted.hung()).toBe(false);
        expect(stats.signal).toBeNull();
        expect(stats.status).toBe(1);
        expect(stats.stderr).toContain(`${events} is `);
        const zero = runBounded(process.execPath, [bundle, 'zero-stats'], work, wrapperEnv(cache));
        expect(zero.status).toBe(0);
        expect(zero.stderr).toContain(`${events} was `);
        expect(lstatSync(events).isFile()).toBe(true);
        expectCompiled(compile(cache, 'after-zero.o'), 'after-zero.o');
        const after = runBounded(process.execPath, [bundle, 'stats', '--json'], work, wrapperEnv(cache));
        expect(JSON.parse(after.stdout)).toMatchObject({ hits: 1, calls: 1 });
        expect(hashTree(canary.dir)).toBe(before);
      } finally {
        await planted.close();
      }
    }
  );

  test.each(PLANT_KINDS.flatMap(kind => ['.', 'stats'].map(rel => [rel, kind] as const)))(
    'the state directory %s as a %s: zero-stats unlinks the planted thing itself and makes the directory',
    async (rel, kind) => {
      const cache = await warmCache(`z${++caseNo}`);
      const dir = inState(cache, rel);
      const before = hashTree(canary.dir);
      const planted = await plantAt(kind, dir);
      if (planted.skipped) return;
      try {
        const stats = runBounded(process.execPath, [bundle, 'stats'], work, wrapperEnv(cache));
        expect(stats.status).toBe(1);
        expect(stats.stderr).toContain(`${dir} is `);
        const zero = runBounded(process.execPath, [bundle, 'zero-stats'], work, wrapperEnv(cache));
        expect(zero.status).toBe(0);
        expect(zero.stderr).toContain(`${dir} was `);
        expect(lstatSync(dir).isDirectory()).toBe(true);
        expect(hashTree(canary.dir)).toBe(before);
      } finally {
        await planted.close();
      }
    }
  );
});

describe("Node's compile cache is never taken from the cache directory", () => {
  let shims: string;
  beforeAll(() => {
    const r = runBounded(
      node24Path(),
      [bundle, 'install-shims', path.join(work, 'shims')],
      work,
      wrapperEnv(work)
    );
    expect(r.status).toBe(0);
    shims = r.stdout.split('\n')[0]!;
  }, 120000);

  test.each(PLANT_KINDS)(
    '.node-compile-cache planted as a %s below the cache directory is not used',
    async kind => {
      const cache = path.join(work, `n${++caseNo}`);
      await fs.mkdir(cache);
      const p = path.join(cache, '.node-compile-cache');
      const before = hashTree(canary.dir);
      const planted = await plantAt(kind, p);
      if (planted.skipped) return;
      try {
        const env = wrapperEnv(cache, { PATH: `${shims}:${process.env.PATH ?? ''}` });
        for (const out of ['n1.o', 'n2.o']) {
          const r = runBounded(
            path.join(shims, 'gcc'),
            ['-c', 'a.c', '-o', `o/${out}`],
            path.join(work, 'src'),
            env
          );
          expectCompiled(r, out);
        }
        expect(planted.hung()).toBe(false);
        expectLeftAlone(p, kind);
        expect(hashTree(canary.dir)).toBe(before);
        // Node's code cache went beside the shims instead.
        expect(
          readdirSync(path.join(shims, '.node-compile-cache'), { recursive: true }).length
        ).toBeGreaterThan(0);
      } finally {
        await planted.close();
      }
    }
  );

  test('install-shims replaces a planted .node-compile-cache beside the shims with a private directory', async () => {
    const dir = path.join(work, 'shims2');
    await fs.mkdir(dir);
    const p = path.join(dir, '.node-compile-cache');
    await fs.symlink(canary.home, p);
    const before = hashTree(canary.dir);
    const r = runBounded(node24Path(), [bundle, 'install-shims', dir], work, wrapperEnv(work));
    expect(r.status).toBe(0);
    const st = lstatSync(p);
    expect(st.isDirectory()).toBe(true);
    expect(st.mode & 0o777).toBe(0o700);
    expect(hashTree(canary.dir)).toBe(before);
  }, 60000);
});

test('gcc is on PATH (the cases above compile with it)', () => {
  expect(which('gcc')).not.toBeNull();
  expect(os.platform()).toBe('linux');
});

test.each(['/proc/self/compile-cache', '/proc/self', '/sys/kernel/compile-cache'])(
  'COMPILE_CACHE_DIR=%s (mkdir -p there never returns): the compile finishes uncached, the log says why',
  dir => {
    const r = compile(dir, 'kernel-fs.o');
    expectCompiled(r, 'kernel-fs.o');
    expect(r.log).toMatch(/^ {2}miss$/m);
    expect(r.log).toMatch(/^ {2}error cache-dir /m);
  }
);
