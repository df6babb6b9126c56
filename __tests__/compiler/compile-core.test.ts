/**
 * The compile core in process (src/compiler/compile.ts), as a compile server calls it: one session,
 * many compiles at once, answers returned rather than written to stdio, real gcc and clang.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  compile,
  createSession,
  type CompileAnswer,
  type CompileRequest
} from '../../src/compiler/compile.js';
import { findOnPath, SHIM_MARKER } from '../../src/compiler/compilers.js';
import { stats, tempDir, which, wrapperEnv, writeFiles } from './helpers.js';

let work: string;

beforeAll(async () => {
  work = await tempDir('core');
});

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

function request(
  cwd: string,
  cacheDir: string,
  args: string[],
  extra: Record<string, string> = {}
): CompileRequest {
  return {
    invokedAs: 'compile-cache-launcher',
    mode: 'launcher',
    args,
    cwd,
    env: wrapperEnv(cacheDir, extra),
    stderrIsTTY: false
  };
}

function done(a: CompileAnswer): Extract<CompileAnswer, { kind: 'done' }> {
  if (a.kind !== 'done') throw new Error(`expected a done answer, got run (${a.reason})`);
  return a;
}

const compilers = ['gcc', 'clang'].filter(cc => {
  const present = which(cc) !== null;
  if (!present) console.warn(`${cc} not installed: its compile-core cases are skipped`);
  return present;
});

describe.each(compilers)('one session, many compiles at once (%s)', cc => {
  const N = 12;

  it('every answer and object is what an uncached compile gives, first as misses, then as hits', async () => {
    const dir = path.join(work, `many-${cc}`);
    const cacheDir = path.join(dir, 'cache');
    const files: Record<string, string> = { 'inc/common.h': '#define SCALE 3\n' };
    for (let i = 0; i < N; i++) {
      // A warning per file, so each answer's stderr is its own.
      files[`s${i}.c`] =
        `#include "common.h"\nint f${i}(int x) { int unused${i}; return x * SCALE + ${i}; }\n`;
    }
    await writeFiles(dir, files);
    await fs.mkdir(path.join(dir, 'o'));
    await fs.mkdir(path.join(dir, 'ref'));
    const argsOf = (i: number, out: string) => [
      '-c',
      `s${i}.c`,
      '-Iinc',
      '-O1',
      '-Wunused-variable',
      '-o',
      `${out}/s${i}.o`
    ];
    const reference = Array.from({ length: N }, (_, i) => {
      execFileSync(cc, argsOf(i, 'ref'), {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: wrapperEnv(cacheDir)
      });
      return readFileSync(path.join(dir, 'ref', `s${i}.o`));
    });

    const session = createSession(cacheDir);
    for (const round of ['miss', 'hit'] as const) {
      await fs.rm(path.join(dir, 'o'), { recursive: true });
      await fs.mkdir(path.join(dir, 'o'));
      const before = await stats(cacheDir);
      const answers = await Promise.all(
        Array.from({ length: N }, (_, i) => compile(session, request(dir, cacheDir, [cc, ...argsOf(i, 'o')])))
      );
      const after = await stats(cacheDir);
      answers.forEach((a, i) => {
        const d = done(a);
        expect(d.status).toBe(0);
        expect(d.signal).toBeNull();
        expect(d.stderr.toString()).toContain(`unused${i}`);
        for (let j = 0; j < N; j++) if (j !== i) expect(d.stderr.toString()).not.toContain(`unused${j}'`);
        expect(readFileSync(path.join(dir, 'o', `s${i}.o`)).equals(reference[i] as Buffer)).toBe(true);
      });
      if (round === 'miss') expect(after.misses - before.misses).toBe(N);
      else expect(after.hits - before.hits).toBe(N);
    }
  }, 120000);
});

describe('answers the caller runs itself', () => {
  it('a link, a disabled cache and a nested call come back as `run` with the real compiler', async () => {
    const dir = path.join(work, 'run');
    const cacheDir = path.join(dir, 'cache');
    await writeFiles(dir, { 'm.c': 'int main(void) { return 0; }\n' });
    const session = createSession(cacheDir);
    const gcc = execFileSync('sh', ['-c', 'command -v gcc'], { encoding: 'utf8' }).trim();
    const cases: Array<[Record<string, string>, string[], string]> = [
      [{}, ['gcc', 'm.c', '-o', 'm'], 'link'],
      [{ COMPILE_CACHE_DISABLE: '1' }, ['gcc', '-c', 'm.c'], 'disabled'],
      [{ COMPILE_CACHE_WRAPPED: '1' }, ['gcc', '-c', 'm.c'], 'nested'],
      [{ COMPILE_CACHE_TENANT: '.hidden' }, ['gcc', '-c', 'm.c'], 'bad-config']
    ];
    for (const [env, args, reason] of cases) {
      const a = await compile(session, request(dir, cacheDir, args, env));
      expect(a).toEqual({
        kind: 'run',
        compiler: gcc,
        args: args.slice(1),
        reason
      });
    }
    const s = await stats(cacheDir);
    expect(s.uncacheable).toEqual({ link: 1, 'bad-config': 1 });
  });

  it('no compiler of that name: a done answer with status 127 and a message naming it', async () => {
    const dir = path.join(work, 'none');
    await fs.mkdir(dir, { recursive: true });
    const session = createSession(path.join(dir, 'cache'));
    const a = done(
      await compile(session, request(dir, path.join(dir, 'cache'), ['no-such-cc-x', '-c', 'a.c']))
    );
    expect(a.status).toBe(127);
    expect(a.stderr.toString()).toContain('no-such-cc-x: no real compiler of that name on PATH');
  });

  it('relative paths are the compile’s working directory’s, not the process’s', async () => {
    const dir = path.join(work, 'rel');
    const cacheDir = path.join(dir, 'cache');
    await writeFiles(dir, { 'src/r.c': 'int r(void) { return 7; }\n' });
    await fs.mkdir(path.join(dir, 'bin'));
    const gcc = execFileSync('sh', ['-c', 'command -v gcc'], { encoding: 'utf8' }).trim();
    await fs.symlink(gcc, path.join(dir, 'bin', 'gcc'));
    const session = createSession(cacheDir);
    const a = done(
      await compile(session, request(dir, cacheDir, ['./bin/gcc', '-c', 'src/r.c', '-o', 'r.o']))
    );
    expect(a.status).toBe(0);
    expect(readFileSync(path.join(dir, 'r.o')).length).toBeGreaterThan(0);
  });

  it('a compiler replaced on PATH between two calls is picked up (what a shim is, remembered by stat, is read again)', async () => {
    const dir = path.join(work, 'replaced');
    const [a, b, shims] = ['a', 'b', 'shims'].map(d => path.join(dir, d)) as [string, string, string];
    const shim = `#!/bin/sh\n${SHIM_MARKER}\nexit 1\n`;
    const real = (n: number) => `#!/bin/sh\n# a compiler ${n}\nexit 0\n`;
    await writeFiles(dir, { 'a/cc': shim, 'b/cc': real(1), 'shims/cc': real(2) });
    for (const f of ['a/cc', 'b/cc', 'shims/cc']) await fs.chmod(path.join(dir, f), 0o755);
    // Files changed within a second are never remembered: wait that out, so the second call uses the memo.
    await new Promise(resolve => setTimeout(resolve, 1100));
    const PATH = [shims, a, a, b].join(':');
    for (let i = 0; i < 2; i++) expect(findOnPath('cc', PATH, [shims], dir)).toBe(path.join(b, 'cc'));
    // The shim becomes a real compiler, rewritten in place (same inode): found from then on.
    await fs.writeFile(path.join(a, 'cc'), real(3).padEnd(shim.length, '#'));
    expect(findOnPath('cc', PATH, [shims], dir)).toBe(path.join(a, 'cc'));
    await new Promise(resolve => setTimeout(resolve, 1100));
    expect(findOnPath('cc', PATH, [shims], dir)).toBe(path.join(a, 'cc'));
    // And back to a shim, now by a rename over it: skipped again.
    await fs.writeFile(path.join(dir, 'new-cc'), shim, { mode: 0o755 });
    await fs.rename(path.join(dir, 'new-cc'), path.join(a, 'cc'));
    expect(findOnPath('cc', PATH, [shims], dir)).toBe(path.join(b, 'cc'));
    // The directory to skip is recognised whatever the path to it (a symlink on PATH).
    await fs.symlink(shims, path.join(dir, 'shims-link'));
    expect(findOnPath('cc', [path.join(dir, 'shims-link'), b].join(':'), [shims], dir)).toBe(
      path.join(b, 'cc')
    );
    expect(findOnPath('cc', [shims, b].join(':'), [], dir)).toBe(path.join(shims, 'cc'));
  });
});
