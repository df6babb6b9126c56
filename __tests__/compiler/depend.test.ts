/**
 * Depend mode (src/compiler/direct/depend.ts): a direct-mode miss compiled without an `-E` run,
 * keyed from the depfile the compile writes, through the compile core as a server or a shim calls
 * it, with real gcc and clang. What each call did is read from its COMPILE_CACHE_LOG block (a
 * preprocessor run logs a `preprocess` phase) and from the statistics.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir, which, writeFiles } from './helpers.js';
import { compilersHere, loggedCall, loggedSession, settle, type LoggedCall } from './session-call.js';

let work: string;

beforeAll(async () => {
  work = await tempDir('depend');
});

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

const compilers = compilersHere('depend-mode');

type Call = LoggedCall;
const call = loggedCall;

const ranPreprocessor = (c: Call) => c.log.some(l => l.startsWith('preprocess at'));
const dependKeyed = (c: Call) => c.log.some(l => /^key [0-9a-f]{64} \(depend mode/.test(l));
const directHit = (c: Call) =>
  c.result === 'hit' && c.log.some(l => / names result [0-9a-f]{64}$/.test(l)) && !ranPreprocessor(c);

const session = loggedSession;

const ON = { COMPILE_CACHE_DEPEND: 'on' };
const OFF = { COMPILE_CACHE_DEPEND: 'off' };

describe.each(compilers)('depend mode (%s)', cc => {
  const files = {
    'inc/conf.h': '#define LEVEL 1\n',
    'inc/other.h': '#include "conf.h"\nstatic inline int other(void) { return LEVEL + 1; }\n',
    'src/a.c': '#include "other.h"\n#include <stdio.h>\nint level(void) { return other(); }\n'
  };

  it('a miss runs no -E; object and depfile are the compiler’s own; the next compile is a direct hit', async () => {
    const dir = path.join(work, `${cc}-md`);
    await writeFiles(dir, files);
    await fs.mkdir(path.join(dir, 'o'));
    const args = ['-c', 'src/a.c', '-Iinc', '-O1', '-MD', '-MF', 'o/a.d', '-o', 'o/a.o'];
    execFileSync(cc, [...args.slice(0, -4), '-MF', 'o/ref.d', '-MT', 'o/a.o', '-o', 'o/ref.o'], { cwd: dir });
    await settle();
    const cache = path.join(dir, 'cache');
    // The default policy on an empty cache: depend mode from the first miss.
    const first = await call(session(cache, 'first'), cc, dir, args);
    expect([first.result, ranPreprocessor(first), dependKeyed(first)]).toEqual(['miss', false, true]);
    expect(readFileSync(path.join(dir, 'o/a.o')).equals(readFileSync(path.join(dir, 'o/ref.o')))).toBe(true);
    expect(readFileSync(path.join(dir, 'o/a.d'), 'latin1')).toBe(
      readFileSync(path.join(dir, 'o/ref.d'), 'latin1')
    );

    await fs.rm(path.join(dir, 'o/a.o'));
    await fs.rm(path.join(dir, 'o/a.d'));
    const second = await call(session(cache, 'second'), cc, dir, args);
    expect(directHit(second)).toBe(true);
    expect(readFileSync(path.join(dir, 'o/a.o')).equals(readFileSync(path.join(dir, 'o/ref.o')))).toBe(true);
    expect(readFileSync(path.join(dir, 'o/a.d'), 'latin1')).toBe(
      readFileSync(path.join(dir, 'o/ref.d'), 'latin1')
    );
  }, 60000);

  it('without a depfile of the build’s: its own, removed afterwards; a header edited misses, touched hits', async () => {
    const dir = path.join(work, `${cc}-nodep`);
    await writeFiles(dir, files);
    await fs.mkdir(path.join(dir, 'o'));
    const args = ['-c', 'src/a.c', '-Iinc', '-O2', '-o', 'o/a.o'];
    await settle();
    const cache = path.join(dir, 'cache');
    const server = session(cache, 'server');
    const miss = await call(server, cc, dir, args, ON);
    expect([miss.result, ranPreprocessor(miss), dependKeyed(miss)]).toEqual(['miss', false, true]);
    expect(readdirSync(path.join(dir, 'o'))).toEqual(['a.o']);
    expect(directHit(await call(session(cache, 'shim'), cc, dir, args, ON))).toBe(true);

    await fs.writeFile(path.join(dir, 'inc/conf.h'), '#define LEVEL 2\n');
    await settle();
    const edited = await call(server, cc, dir, args, ON);
    expect([edited.result, dependKeyed(edited)]).toEqual(['miss', true]);
    execFileSync(cc, [...args.slice(0, -1), 'o/ref.o'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'o/a.o')).equals(readFileSync(path.join(dir, 'o/ref.o')))).toBe(true);
    await fs.rm(path.join(dir, 'o/ref.o'));
    expect(readdirSync(path.join(dir, 'o'))).toEqual(['a.o']);

    const now = new Date();
    await fs.utimes(path.join(dir, 'inc/conf.h'), now, now);
    await settle();
    for (const s of [server, session(cache, 'shim2')])
      expect(directHit(await call(s, cc, dir, args, ON))).toBe(true);
  }, 60000);

  it('-MMD (no system headers in the depfile): preprocessor mode', async () => {
    const dir = path.join(work, `${cc}-mmd`);
    await writeFiles(dir, files);
    await fs.mkdir(path.join(dir, 'o'));
    await settle();
    const c = await call(
      session(path.join(dir, 'cache'), 'mmd'),
      cc,
      dir,
      ['-c', 'src/a.c', '-Iinc', '-MMD', '-o', 'o/a.o'],
      ON
    );
    expect([c.result, ranPreprocessor(c), dependKeyed(c)]).toEqual(['miss', true, false]);
  }, 60000);

  it('a failing compile: the compiler’s diagnostics and exit code, nothing stored', async () => {
    const dir = path.join(work, `${cc}-fail`);
    await writeFiles(dir, { 'a.c': '#include "missing.h"\nint a;\n' });
    await fs.mkdir(path.join(dir, 'o'));
    await settle();
    const args = ['-c', 'a.c', '-o', 'o/a.o'];
    let want: { status: number; stderr: string } = { status: 0, stderr: '' };
    try {
      execFileSync(cc, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { status: number; stderr: Buffer };
      want = { status: e.status, stderr: e.stderr.toString() };
    }
    expect(want.status).not.toBe(0);
    const c = await call(session(path.join(dir, 'cache'), 'fail'), cc, dir, args, ON);
    expect([c.result, c.status, c.stderr, ranPreprocessor(c)]).toEqual([
      'compile-failed',
      want.status,
      want.stderr,
      false
    ]);
    expect(readdirSync(path.join(dir, 'o'))).toEqual([]);
  }, 60000);
});

describe.each(compilers)('depend mode, two checkouts (%s)', cc => {
  it('-ffile-prefix-map covering the checkout: a depend-mode entry hits in the other, objects the compiler’s own', async () => {
    const tree = {
      'include/cfg.h': '#define N 7\n',
      'src/main.c':
        '#include "cfg.h"\nconst char *where(void) { return __FILE__; }\nint n(void) { return N; }\n'
    };
    const base = path.join(work, `${cc}-travel`);
    const one = path.join(base, 'a', 'proj');
    const two = path.join(base, 'bbbbbbbb', 'longer', 'proj');
    const argsAt = (root: string) => [
      '-g',
      `-ffile-prefix-map=${root}=.`,
      `-I${root}/include`,
      '-MD',
      '-MT',
      'x.o',
      '-MF',
      'x.o.d',
      '-o',
      'x.o',
      '-c',
      `${root}/src/main.c`
    ];
    for (const root of [one, two]) {
      await writeFiles(root, tree);
      await fs.mkdir(path.join(root, 'build'));
    }
    execFileSync(cc, argsAt(two), { cwd: path.join(two, 'build') });
    const want = readFileSync(path.join(two, 'build', 'x.o'));
    const wantDep = readFileSync(path.join(two, 'build', 'x.o.d'), 'latin1');
    await fs.rm(path.join(two, 'build', 'x.o'));
    await fs.rm(path.join(two, 'build', 'x.o.d'));
    await settle();
    const cache = path.join(base, 'cache');
    const first = await call(session(cache, 'one'), cc, path.join(one, 'build'), argsAt(one), ON);
    expect(first.result).toBe('miss');
    expect(first.log.some(l => /^key [0-9a-f]{64} \(depend mode, travelling\)$/.test(l))).toBe(true);
    const second = await call(session(cache, 'two'), cc, path.join(two, 'build'), argsAt(two), ON);
    expect(directHit(second)).toBe(true);
    expect(readFileSync(path.join(two, 'build', 'x.o')).equals(want)).toBe(true);
    expect(readFileSync(path.join(two, 'build', 'x.o.d'), 'latin1')).toBe(wantDep);
  }, 60000);

  it('two build directories of one tree, absolute paths (CMake): a depend-mode entry made in one hits in the other', async () => {
    const dir = path.join(work, `${cc}-builddirs`);
    await writeFiles(dir, {
      'inc/conf.h': '#define LEVEL 1\n',
      'inc/other.h': '#include "conf.h"\nstatic inline int other(void) { return LEVEL + 1; }\n',
      'src/a.c': '#include "other.h"\n#include <stdio.h>\nint level(void) { return other(); }\n'
    });
    for (const b of ['b1', 'b2', 'ref']) await fs.mkdir(path.join(dir, b));
    // As CMake's Makefiles compile: absolute source and include directory, object and depfile
    // relative to a working directory of their own.
    const args = [
      '-I' + path.join(dir, 'inc'),
      '-O1',
      '-MD',
      '-MT',
      'a.o',
      '-MF',
      'a.o.d',
      '-o',
      'a.o',
      '-c',
      path.join(dir, 'src/a.c')
    ];
    execFileSync(cc, args, { cwd: path.join(dir, 'ref') });
    await settle();
    const cache = path.join(dir, 'cache');
    const first = await call(session(cache, 'b1'), cc, path.join(dir, 'b1'), args, ON);
    expect([first.result, dependKeyed(first)]).toEqual(['miss', true]);
    const second = await call(session(cache, 'b2'), cc, path.join(dir, 'b2'), args, ON);
    expect(directHit(second)).toBe(true);
    for (const name of ['a.o', 'a.o.d']) {
      expect(readFileSync(path.join(dir, 'b2', name)).equals(readFileSync(path.join(dir, 'ref', name)))).toBe(
        true
      );
    }
  }, 60000);

  it('a relative include directory: entries stay in their working directory, where the same words name other headers', async () => {
    const dir = path.join(work, `${cc}-relinc`);
    await writeFiles(dir, {
      'src/a.c': '#include "conf.h"\nint level(void) { return LEVEL; }\n',
      'b1/inc/conf.h': '#define LEVEL 1\n',
      'b2/inc/conf.h': '#define LEVEL 2\n'
    });
    // The same arguments in both: only the working directory tells the two headers apart.
    const args = ['-Iinc', '-O1', '-MD', '-MF', 'a.d', '-o', 'a.o', '-c', path.join(dir, 'src/a.c')];
    execFileSync(cc, [...args.slice(0, -4), '-o', 'ref.o', '-c', path.join(dir, 'src/a.c')], {
      cwd: path.join(dir, 'b2')
    });
    await settle();
    const cache = path.join(dir, 'cache');
    const first = await call(session(cache, 'b1'), cc, path.join(dir, 'b1'), args, ON);
    expect([first.result, dependKeyed(first)]).toEqual(['miss', true]);
    const second = await call(session(cache, 'b2'), cc, path.join(dir, 'b2'), args, ON);
    expect(second.result).toBe('miss');
    expect(readFileSync(path.join(dir, 'b2/a.o')).equals(readFileSync(path.join(dir, 'b2/ref.o')))).toBe(
      true
    );
  }, 60000);
});

describe('depend mode: inputs that cannot key a compile (gcc)', () => {
  const gcc = 'gcc';
  const args = ['-c', 'a.c', '-o', 'a.o'];

  async function project(name: string, header: string): Promise<{ dir: string; cache: string }> {
    const dir = path.join(work, name);
    await writeFiles(dir, { 'a.c': '#include "h.h"\nint f(void) { return H; }\n', 'h.h': header });
    await settle();
    return { dir, cache: path.join(dir, 'cache') };
  }

  it('__DATE__ in a header: keyed by an -E run after the compile, found again in preprocessor mode', async () => {
    const { dir, cache } = await project('dated', '#define H 3\nstatic const char *d = __DATE__;\n');
    const first = await call(session(cache, 'dated'), gcc, dir, args, ON);
    expect(first.result).toBe('miss');
    expect(
      first.log.some(l => /uses __DATE__, __TIME__ or __TIMESTAMP__; keyed by -E after the compile$/.test(l))
    ).toBe(true);
    expect(ranPreprocessor(first)).toBe(true);
    // Default policy, a cache with an entry: preprocessor mode, which finds it.
    const again = await call(session(cache, 'dated-2'), gcc, dir, args);
    expect([again.result, ranPreprocessor(again)]).toEqual(['hit', true]);
  }, 60000);

  it('.incbin in a header: not cached, as in preprocessor mode; the compile’s answer stands', async () => {
    const { dir, cache } = await project(
      'incbin',
      '#define H 3\n__asm__(".section .rodata\\n.incbin \\"h.h\\"\\n.text");\n'
    );
    const c = await call(session(cache, 'incbin'), gcc, dir, args, ON);
    expect([c.result, c.status]).toEqual(['incbin', 0]);
    expect(existsSync(path.join(dir, 'a.o'))).toBe(true);
    expect(existsSync(path.join(cache, 'compile'))).toBe(false);
  }, 60000);

  it('__has_include in a project header: keyed by -E; in the compiler’s own headers: a depend-mode key', async () => {
    const { dir, cache } = await project(
      'probes',
      '#if __has_include("x.h")\n#define H 1\n#else\n#define H 2\n#endif\n'
    );
    const c = await call(session(cache, 'probes'), gcc, dir, args, ON);
    expect([c.result, dependKeyed(c), ranPreprocessor(c)]).toEqual(['miss', false, true]);
    expect(c.log.some(l => /h\.h: uses __has_include; keyed by -E after the compile$/.test(l))).toBe(true);

    if (which('g++') === null) return;
    await writeFiles(dir, { 'b.cc': '#include <string>\nint g() { return std::string("ab").size(); }\n' });
    await settle();
    const cxx = await call(session(cache, 'probes-cxx'), 'g++', dir, ['-c', 'b.cc', '-o', 'b.o'], ON);
    expect([cxx.result, dependKeyed(cxx), ranPreprocessor(cxx)]).toEqual(['miss', true, false]);
  }, 60000);
});

describe('depend mode: the auto policy (gcc)', () => {
  it('a cache with preprocessor-mode entries keeps preprocessor mode while its lookups find them', async () => {
    const dir = path.join(work, 'auto');
    await writeFiles(dir, {
      'a.c': 'int a(void) { return 1; }\n',
      'b.c': 'int b(void) { return 2; }\n',
      'c.c': 'int c(void) { return 3; }\n'
    });
    await settle();
    const cache = path.join(dir, 'cache');
    const maker = session(cache, 'maker');
    for (const f of ['a', 'b']) {
      const c = await call(maker, 'gcc', dir, ['-c', `${f}.c`, '-o', `${f}.o`], OFF);
      expect([c.result, ranPreprocessor(c)]).toEqual(['miss', true]);
    }
    // Their manifests gone (say, not restored): only preprocessor mode can find the entries.
    await fs.rm(path.join(cache, 'manifests'), { recursive: true });
    const s = session(cache, 'user');
    for (const f of ['a', 'b']) {
      const c = await call(s, 'gcc', dir, ['-c', `${f}.c`, '-o', `${f}.o`]);
      expect([c.result, ranPreprocessor(c)]).toEqual(['hit', true]);
    }
    const fresh = await call(s, 'gcc', dir, ['-c', 'c.c', '-o', 'c.o']);
    expect([fresh.result, ranPreprocessor(fresh), dependKeyed(fresh)]).toEqual(['miss', true, false]);
  }, 60000);
});
