/**
 * The wrapper's behaviours through the new path: native shims and launcher -> compile server ->
 * compile core, against real gcc and clang, make and CMake/Ninja. Objects and depfiles are compared
 * byte for byte with an uncached build; failing compiles keep their diagnostics and exit codes;
 * pass-through calls run the real compiler with the build's stdio.
 */
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles, run, stats, which, writeFiles, type Run } from '../compiler/helpers.js';
import { eventually, serverPid, serverProcess, setUp, stopServer, type Setup } from './helpers.js';

let s: Setup;

beforeAll(async () => {
  s = await setUp('server-builds');
}, 120000);

afterAll(async () => {
  if (s) {
    stopServer(s);
    await fs.rm(s.work, { recursive: true, force: true });
  }
});

const MAKEFILE = `OUT ?= out
CFLAGS ?= -O2 -g -Wall
CXXFLAGS ?= -O2 -Wall
C_SRCS := $(sort $(wildcard src/*.c))
CXX_SRCS := $(sort $(wildcard src/*.cpp))
all: $(OUT)/app-c $(OUT)/app-cxx
$(OUT)/app-c: $(C_SRCS:%.c=$(OUT)/%.o)
\t$(CC) -o $@ $^
$(OUT)/app-cxx: $(CXX_SRCS:%.cpp=$(OUT)/%.o)
\t$(CXX) -o $@ $^
$(OUT)/%.o: %.c
\t@mkdir -p $(dir $@)
\t$(CC) $(CFLAGS) -Iinclude -MMD -MP -c $< -o $@
$(OUT)/%.o: %.cpp
\t@mkdir -p $(dir $@)
\t$(CXX) $(CXXFLAGS) -Iinclude -MMD -MP -c $< -o $@
-include $(C_SRCS:%.c=$(OUT)/%.d) $(CXX_SRCS:%.cpp=$(OUT)/%.d)
`;

/** A small C and C++ project (n C files + 2 C++ files); `tag` makes its sources differ from other trees'. */
async function makeProject(dir: string, n: number, tag = ''): Promise<number> {
  const files: Record<string, string> = {
    Makefile: MAKEFILE,
    'include/util.h': `#pragma once\n#include <stdio.h>\nint add(int a, int b);\n#define TAG "${tag}"\n`,
    'src/main.c': '#include "util.h"\nint main(void) { printf("%d%s\\n", add(2, 3), TAG); return 0; }\n',
    'src/add.c': '#include "util.h"\nint add(int a, int b) { return a + b; }\n',
    'src/shape.cpp': '#include <string>\nstd::string shape() { return "square"; }\n',
    'src/app.cpp':
      '#include <iostream>\n#include <string>\nstd::string shape();\nint main() { std::cout << shape() << "\\n"; }\n'
  };
  for (let i = 0; i < n - 2; i++)
    files[`src/f${i}.c`] = `#include "util.h"\nint f${i}(int x) { return x * ${i + 1}; }\n`;
  await writeFiles(dir, files);
  return n + 2;
}

function runAsync(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += String(d)));
    child.stderr.on('data', d => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Every .o and .d below dir with its bytes. */
async function artefacts(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const f of await listFiles(dir)) {
    if (f.endsWith('.o') || f.endsWith('.d')) out.set(f, readFileSync(path.join(dir, f)));
  }
  return out;
}

function expectSameArtefacts(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [f, bytes] of expected) {
    if (!(actual.get(f) as Buffer).equals(bytes)) throw new Error(`${f} differs from the uncached build's`);
  }
}

/** The environment without our shims (the uncached reference build). */
function plainEnv(): NodeJS.ProcessEnv {
  return { ...s.env, PATH: process.env.PATH };
}

const compilers = [
  { name: 'gcc', cc: 'gcc', cxx: 'g++' },
  { name: 'clang', cc: 'clang', cxx: 'clang++' }
];

describe.each(compilers)('make through the native shims ($name)', ({ name, cc, cxx }) => {
  const present = which(cc) !== null && which(cxx) !== null;
  if (!present) console.warn(`${cc}/${cxx} not installed: the ${name} cases are skipped`);
  const maybe = present ? it : it.skip;

  maybe(
    'cold then warm: the warm build is all hits, objects and depfiles identical to an uncached build',
    async () => {
      const dir = path.join(s.work, `make-${name}`);
      const units = await makeProject(dir, 4);
      const vars = [`CC=${cc}`, `CXX=${cxx}`];
      const ref = run('make', ['-j2', ...vars], dir, plainEnv());
      expect(ref.status).toBe(0);
      await fs.rename(path.join(dir, 'out'), path.join(dir, 'ref'));
      const expected = await artefacts(path.join(dir, 'ref'));
      expect(expected.size).toBe(2 * units);

      const before = await stats(s.cacheDir);
      const cold = run('make', ['-j2', ...vars], dir, s.env);
      expect([cold.status, cold.stderr]).toEqual([0, ref.stderr]);
      expectSameArtefacts(await artefacts(path.join(dir, 'out')), expected);
      await fs.rm(path.join(dir, 'out'), { recursive: true });
      const warm = run('make', ['-j2', ...vars], dir, s.env);
      expect([warm.status, warm.stderr]).toEqual([0, ref.stderr]);
      expectSameArtefacts(await artefacts(path.join(dir, 'out')), expected);
      const after = await stats(s.cacheDir);
      expect(after.misses - before.misses).toBe(units);
      expect(after.hits - before.hits).toBe(units);
      expect((after.uncacheable.link ?? 0) - (before.uncacheable.link ?? 0)).toBe(4);
      expect(after.errors).toBe(before.errors);
      expect(run(path.join(dir, 'out/app-c'), [], dir, plainEnv()).stdout).toBe('5\n');
      expect(run(path.join(dir, 'out/app-cxx'), [], dir, plainEnv()).stdout).toBe('square\n');
    },
    120000
  );

  maybe(
    'a failing compile: the real diagnostics and exit code, every time, through the shim and the launcher',
    async () => {
      const dir = path.join(s.work, `fail-${name}`);
      await writeFiles(dir, { 'bad.c': 'int f(void) { return undeclared; }\n' });
      const args = ['-c', 'bad.c', '-o', 'bad.o'];
      const ref = run(cc, args, dir, plainEnv());
      expect(ref.status).not.toBe(0);
      expect(ref.stderr).toContain('undeclared');
      for (let i = 0; i < 2; i++) {
        const r = run(path.join(s.shims, cc), args, dir, s.env);
        expect([r.status, r.stdout, r.stderr]).toEqual([ref.status, ref.stdout, ref.stderr]);
      }
      const viaLauncher = run(s.launcher, [cc, ...args], dir, s.env);
      expect([viaLauncher.status, viaLauncher.stderr]).toEqual([ref.status, ref.stderr]);
    }
  );
});

it('pass-through calls run the real compiler with our stdio: -E to stdout, a source on stdin, --version, a link', async () => {
  const dir = path.join(s.work, 'pass');
  await writeFiles(dir, { 'a.c': '#define V 42\nint v = V;\nint main(void) { return 0; }\n' });
  const before = await stats(s.cacheDir);
  const e = run('cc', ['-E', '-P', 'a.c'], dir, s.env);
  expect([e.status, e.stdout]).toEqual([0, run('cc', ['-E', '-P', 'a.c'], dir, plainEnv()).stdout]);
  expect(e.stdout).toContain('int v = 42;');
  const src = readFileSync(path.join(dir, 'a.c'));
  const stdin = spawnSync('cc', ['-x', 'c', '-c', '-', '-o', 'stdin.o'], {
    cwd: dir,
    env: s.env,
    input: src
  });
  expect(stdin.status).toBe(0);
  const v = run('gcc', ['--version'], dir, s.env);
  expect([v.status, v.stdout]).toEqual([0, run('gcc', ['--version'], dir, plainEnv()).stdout]);
  expect(run('cc', ['-c', 'a.c', '-o', 'a.o'], dir, s.env).status).toBe(0);
  expect(run('cc', ['a.o', '-o', 'app'], dir, s.env).status).toBe(0);
  expect(run(path.join(dir, 'app'), [], dir, plainEnv()).status).toBe(0);
  const after = await stats(s.cacheDir);
  const delta = (k: string) => (after.uncacheable[k] ?? 0) - (before.uncacheable[k] ?? 0);
  expect([delta('preprocess-only'), delta('stdin'), delta('info'), delta('link')]).toEqual([1, 1, 1, 1]);
});

it('the launcher given a shim path compiles with the real compiler behind it (same key as the shim: a hit)', async () => {
  const dir = path.join(s.work, 'launcher-shim');
  await writeFiles(dir, { 'x.c': 'int x(void) { return 11; }\n' });
  const before = await stats(s.cacheDir);
  expect(run('gcc', ['-c', 'x.c', '-o', 'x1.o'], dir, s.env).status).toBe(0);
  const r = run(s.launcher, [path.join(s.shims, 'gcc'), '-c', 'x.c', '-o', 'x2.o'], dir, s.env);
  expect([r.status, r.stderr]).toEqual([0, '']);
  const after = await stats(s.cacheDir);
  expect([after.misses - before.misses, after.hits - before.hits]).toEqual([1, 1]);
  expect(readFileSync(path.join(dir, 'x1.o')).equals(readFileSync(path.join(dir, 'x2.o')))).toBe(true);
});

it('never runs itself: a copy and a link of the client elsewhere on PATH are skipped, by the server and by the client', async () => {
  const dir = path.join(s.work, 'copies');
  await writeFiles(dir, { 'a.c': 'int a(void) { return 2; }\n' });
  const copies = path.join(s.work, 'copied-shims');
  await fs.mkdir(copies);
  await fs.copyFile(path.join(s.shims, 'cc'), path.join(copies, 'cc'));
  await fs.chmod(path.join(copies, 'cc'), 0o755);
  await fs.symlink(path.join(s.shims, 'cc'), path.join(copies, 'gcc'));
  const env = { ...s.env, PATH: `${s.shims}:${copies}:${s.shims}:${process.env.PATH}` };
  for (const extra of [{}, { COMPILE_CACHE_DISABLE: '1' }]) {
    for (const cc of ['cc', 'gcc', path.join(copies, 'cc')]) {
      const r = run(cc, ['-c', 'a.c', '-o', 'a.o'], dir, { ...env, ...extra });
      expect([cc, r.status, r.stderr]).toEqual([cc, 0, '']);
    }
  }
});

it('COMPILE_CACHE_SERVER=0: the native shim runs the Node wrapper instead, which caches the same way', async () => {
  const dir = path.join(s.work, 'no-server');
  await writeFiles(dir, { 'n.c': 'int n(void) { return 13; }\n' });
  const env = { ...s.env, COMPILE_CACHE_SERVER: '0', COMPILE_CACHE_LOG: path.join(dir, 'log') };
  const before = await stats(s.cacheDir);
  for (const o of ['n1.o', 'n2.o']) expect(run('cc', ['-c', 'n.c', '-o', o], dir, env).status).toBe(0);
  const after = await stats(s.cacheDir);
  expect([after.misses - before.misses, after.hits - before.hits]).toEqual([1, 1]);
  // The Node wrapper's log names its own process for each call, not the server's.
  const pids = [...readFileSync(path.join(dir, 'log'), 'utf8').matchAll(/Z \[(\d+)\]/g)].map(m => m[1]);
  expect(pids).toHaveLength(2);
  expect(pids[0]).not.toBe(pids[1]);
  expect(pids).not.toContain(String(await serverPid(s)));
});

it('COMPILE_CACHE_DISABLE and a nested call run the compiler directly and count nothing', async () => {
  const dir = path.join(s.work, 'direct');
  await writeFiles(dir, { 'a.c': 'int a;\n' });
  const before = await stats(s.cacheDir);
  for (const extra of [{ COMPILE_CACHE_DISABLE: '1' }, { COMPILE_CACHE_WRAPPED: '1' }]) {
    const r = run('cc', ['-c', 'a.c', '-o', 'a.o'], dir, { ...s.env, ...extra });
    expect([r.status, r.stderr]).toEqual([0, '']);
  }
  expect((await stats(s.cacheDir)).calls).toBe(before.calls);
});

it('an argument that is not UTF-8 reaches the compiler unchanged (run directly, counted as non-utf8)', async () => {
  const dir = path.join(s.work, 'bytes');
  await writeFiles(dir, { 'a.c': 'const char *s = S;\n' });
  const before = await stats(s.cacheDir);
  // The shell passes the raw byte 0xff; Node could not.
  const sh = `cc -c a.c -o a.o "-DS=\\"$(printf '\\377')\\""`;
  const r = spawnSync('sh', ['-c', sh], { cwd: dir, env: s.env, encoding: 'latin1' });
  expect([r.status, r.stderr]).toEqual([0, '']);
  const ref = spawnSync('sh', ['-c', sh.replace('a.o', 'ref.o')], { cwd: dir, env: plainEnv() });
  expect(ref.status).toBe(0);
  expect(readFileSync(path.join(dir, 'a.o')).includes(0xff)).toBe(true);
  const after = await stats(s.cacheDir);
  expect((after.uncacheable['non-utf8'] ?? 0) - (before.uncacheable['non-utf8'] ?? 0)).toBe(1);
});

it('two builds of different trees on one server at once: both right, one server served them', async () => {
  const trees = ['tree-a', 'tree-b'].map(t => path.join(s.work, t));
  await makeProject(trees[0] as string, 8, 'A');
  await makeProject(trees[1] as string, 8, 'B');
  const pid = await serverPid(s);
  expect(pid).not.toBeNull();
  const builds = await Promise.all(trees.map(t => runAsync('make', ['-j4', 'CFLAGS=-O1'], t, s.env)));
  for (const b of builds) expect([b.status, b.stderr]).toEqual([0, '']);
  expect(run(path.join(trees[0] as string, 'out/app-c'), [], s.work, plainEnv()).stdout).toBe('5A\n');
  expect(run(path.join(trees[1] as string, 'out/app-c'), [], s.work, plainEnv()).stdout).toBe('5B\n');
  for (const t of trees) {
    await fs.rename(path.join(t, 'out'), path.join(t, 'cached'));
    expect(run('make', ['-j2', 'CFLAGS=-O1'], t, plainEnv()).status).toBe(0);
    expectSameArtefacts(await artefacts(path.join(t, 'cached')), await artefacts(path.join(t, 'out')));
  }
  expect(await serverPid(s)).toBe(pid);
}, 120000);

it('parallel compiles go to the compile threads too: misses and hits right, the log names the threads', async () => {
  stopServer(s);
  const server = serverProcess(s, [], { ...s.env, COMPILE_CACHE_SERVER_THREADS: '2' });
  expect(await eventually(async () => (await serverPid(s)) === server.pid)).toBe(true);
  const tree = path.join(s.work, 'threads');
  const compiles = await makeProject(tree, 24, 'T');
  const log = path.join(s.work, 'threads.log');
  const env = { ...s.env, COMPILE_CACHE_LOG: log };
  // Flags of its own: no entry of the other tests' builds serves this one's cold build.
  const flags = ['CFLAGS=-O1 -DTHREADS', 'CXXFLAGS=-O1 -DTHREADS'];
  const before = await stats(s.cacheDir);
  for (const round of ['cold', 'warm']) {
    await fs.rm(path.join(tree, 'out'), { recursive: true, force: true });
    const b = await runAsync('make', ['-j8', ...flags], tree, env);
    expect([round, b.status, b.stderr]).toEqual([round, 0, '']);
  }
  const after = await stats(s.cacheDir);
  expect(after.misses - before.misses).toBe(compiles);
  expect(after.hits - before.hits).toBe(compiles);
  expect(after.errors - before.errors).toBe(0);
  expect(run(path.join(tree, 'out/app-c'), [], s.work, plainEnv()).stdout).toBe('5T\n');
  // The warm objects are the uncached build's, whichever thread served them.
  await fs.rename(path.join(tree, 'out'), path.join(tree, 'cached'));
  expect(run('make', ['-j2', ...flags], tree, plainEnv()).status).toBe(0);
  expectSameArtefacts(await artefacts(path.join(tree, 'cached')), await artefacts(path.join(tree, 'out')));
  // make -j8 sends compiles while others are in flight: some ran in a compile thread, some on the main thread.
  const text = readFileSync(log, 'utf8');
  expect(text).toMatch(new RegExp(`\\[${server.pid}/t\\d+\\] `));
  expect(text).toMatch(new RegExp(`\\[${server.pid}\\] `));
  stopServer(s);
  const done = await server.done;
  expect(done.status).toBe(0);
  expect(done.stderr).toContain('2 compile threads');
}, 120000);

const cmake = which('cmake') !== null && which('ninja') !== null;
if (!cmake) console.warn('cmake or ninja not installed: the CMake/Ninja case is skipped');
(cmake ? it : it.skip)(
  'CMake + Ninja with the launcher and the shims on PATH: counted once per compile, the warm build all hits',
  async () => {
    const dir = path.join(s.work, 'cmake');
    await writeFiles(dir, {
      'CMakeLists.txt':
        'cmake_minimum_required(VERSION 3.13)\nproject(p C CXX)\nadd_executable(app main.c util.c)\nadd_executable(appxx app.cpp)\n',
      'main.c': '#include "util.h"\nint main(void) { return util() - 7; }\n',
      'util.h': 'int util(void);\n',
      'util.c': '#include "util.h"\nint util(void) { return 7; }\n',
      'app.cpp': '#include <vector>\nint main() { std::vector<int> v{1}; return v[0] - 1; }\n'
    });
    const configure = (build: string, env: NodeJS.ProcessEnv) =>
      run(
        'cmake',
        [
          '-S',
          '.',
          '-B',
          build,
          '-G',
          'Ninja',
          `-DCMAKE_C_COMPILER_LAUNCHER=${s.launcher}`,
          `-DCMAKE_CXX_COMPILER_LAUNCHER=${s.launcher}`
        ],
        dir,
        env
      );
    const before = await stats(s.cacheDir);
    for (const build of ['b1', 'b2']) {
      const c = configure(build, s.env);
      expect([c.status, c.stderr]).toEqual([0, '']);
      const b = run('cmake', ['--build', build], dir, s.env);
      expect([b.status, b.stderr]).toEqual([0, '']);
      expect(run(path.join(dir, build, 'app'), [], dir, plainEnv()).status).toBe(0);
    }
    const after = await stats(s.cacheDir);
    expect(after.hits - before.hits).toBe(3);
    expect(after.misses - before.misses).toBe(3);
    expect(after.errors).toBe(before.errors);
    for (const f of ['main.c.o', 'util.c.o']) {
      const a = readFileSync(path.join(dir, 'b1/CMakeFiles/app.dir', f));
      const b = readFileSync(path.join(dir, 'b2/CMakeFiles/app.dir', f));
      expect(a.equals(b)).toBe(true);
    }
  },
  120000
);
