/**
 * Whole builds through the shims and the launcher: a multi-file C and C++ project built with make,
 * byte-for-byte against an uncached build; many compilers at once under `make -j4` sharing one cache;
 * CMake with both the shims on PATH and the launcher configured (no double wrapping).
 */
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeExtras } from '../../src/compiler/entry.js';
import {
  buildBundle,
  entries,
  installTestShims,
  listFiles,
  run,
  stats,
  tempDir,
  which,
  wrapperEnv,
  writeFiles,
  type Run
} from './helpers.js';

let bundle: string;
let work: string;
let shims: string;
let launcher: string;

beforeAll(async () => {
  bundle = buildBundle();
  work = await tempDir('builds');
  ({ shims, launcher } = installTestShims(bundle, work, path.join(work, 'x')));
}, 60000);

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
  if (bundle) await fs.rm(path.dirname(bundle), { recursive: true, force: true });
});

const MAKEFILE = `OUT ?= out
CFLAGS ?= -O2 -g -Wall
CXXFLAGS ?= -O2 -Wall
C_SRCS := $(sort $(wildcard src/*.c))
CXX_SRCS := $(sort $(wildcard src/cpp/*.cpp))
C_OBJS := $(C_SRCS:%.c=$(OUT)/%.o)
CXX_OBJS := $(CXX_SRCS:%.cpp=$(OUT)/%.o)

all: $(OUT)/app-c $(OUT)/app-cxx
$(OUT)/app-c: $(C_OBJS)
\t$(CC) -o $@ $^
$(OUT)/app-cxx: $(CXX_OBJS)
\t$(CXX) -o $@ $^
$(OUT)/%.o: %.c
\t@mkdir -p $(dir $@)
\t$(CC) $(CFLAGS) -Iinclude -MMD -MP -c $< -o $@
$(OUT)/%.o: %.cpp
\t@mkdir -p $(dir $@)
\t$(CXX) $(CXXFLAGS) -Iinclude -MMD -MP -c $< -o $@
-include $(C_OBJS:.o=.d) $(CXX_OBJS:.o=.d)
`;

/** A project with `cFiles` C sources (one has main) and two C++ sources. */
async function makeProject(dir: string, cFiles: number): Promise<number> {
  const files: Record<string, string> = {
    Makefile: MAKEFILE,
    'include/util.h': '#pragma once\n#include <stdio.h>\nint add(int a, int b);\n',
    'include/shape.hpp':
      '#pragma once\n#include <string>\nstruct Shape { virtual ~Shape() = default; virtual std::string name() const = 0; };\n',
    'src/cpp/shape.cpp':
      '#include "shape.hpp"\n#include <memory>\nstruct Sq : Shape { std::string name() const override { return "square"; } };\nstd::unique_ptr<Shape> make() { return std::make_unique<Sq>(); }\n',
    'src/cpp/app.cpp':
      '#include "shape.hpp"\n#include <iostream>\n#include <memory>\nstd::unique_ptr<Shape> make();\nint main() { std::cout << make()->name() << "\\n"; }\n',
    'src/main.c': '#include "util.h"\nint main(void) { printf("%d\\n", add(2, 3)); return 0; }\n'
  };
  for (let i = 0; i < cFiles - 1; i++) {
    files[`src/f${i}.c`] =
      `#include "util.h"\nint f${i}(int x) { return x * ${i + 1}; }\n${i === 0 ? 'int add(int a, int b) { return a + b; }\n' : ''}`;
  }
  await writeFiles(dir, files);
  return cFiles + 2;
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

/** No torn entry: every entry complete, exit_code 0, extras well-formed, no temporary leftovers. */
function expectWholeEntries(cacheDir: string, count: number): void {
  const all = entries(cacheDir);
  expect(all.length).toBe(count);
  for (const e of all) {
    expect(e.blobs).toEqual(['exit_code', 'extras', 'metadata', 'output', 'stderr', 'stdout']);
    expect(readFileSync(path.join(e.dir, 'exit_code'), 'latin1')).toBe('0');
    expect(decodeExtras(readFileSync(path.join(e.dir, 'extras')))).not.toBeNull();
    JSON.parse(readFileSync(path.join(e.dir, 'metadata'), 'utf8'));
  }
}

const compilers = [
  { name: 'gcc', cc: 'cc', cxx: 'g++' },
  { name: 'clang', cc: 'clang', cxx: 'clang++' }
];

describe.each(compilers)('a C and C++ project with make ($name)', ({ name, cc, cxx }) => {
  const present = which(cc) !== null && which(cxx) !== null;
  if (!present) console.warn(`${cc}/${cxx} not installed: the ${name} build case is skipped`);
  (present ? it : it.skip)(
    'built twice into fresh output dirs: the second build is all hits, objects and depfiles identical to an uncached build',
    async () => {
      const dir = path.join(work, `project-${name}`);
      const units = await makeProject(dir, 4);
      const cache = path.join(work, `cache-${name}`);
      const vars = [`CC=${cc}`, `CXX=${cxx}`];
      const plain = wrapperEnv(cache);
      const viaShims = wrapperEnv(cache, { PATH: `${shims}:${process.env.PATH}` });

      const ref = run('make', ['-j2', ...vars], dir, plain);
      expect(ref.status).toBe(0);
      await fs.rename(path.join(dir, 'out'), path.join(dir, 'ref'));
      const expected = await artefacts(path.join(dir, 'ref'));
      expect(expected.size).toBe(2 * units);

      const cold = run('make', ['-j2', ...vars], dir, viaShims);
      expect([cold.status, cold.stderr]).toEqual([0, ref.stderr]);
      expectSameArtefacts(await artefacts(path.join(dir, 'out')), expected);
      expect(await stats(cache)).toMatchObject({
        hits: 0,
        misses: units,
        uncacheable: { link: 2 },
        errors: 0
      });

      await fs.rm(path.join(dir, 'out'), { recursive: true });
      const warm = run('make', ['-j2', ...vars], dir, viaShims);
      expect([warm.status, warm.stderr]).toEqual([0, ref.stderr]);
      expectSameArtefacts(await artefacts(path.join(dir, 'out')), expected);
      expect(await stats(cache)).toMatchObject({
        hits: units,
        misses: units,
        uncacheable: { link: 4 },
        errors: 0
      });
      expect(run(path.join(dir, 'out/app-c'), [], dir, plain).stdout).toBe('5\n');
      expect(run(path.join(dir, 'out/app-cxx'), [], dir, plain).stdout).toBe('square\n');
    },
    60000
  );
});

it('make -j4 builds sharing one cache at once: counts add up, no entry is torn, every object is right', async () => {
  const base = path.join(work, 'parallel');
  const units = await makeProject(path.join(base, 'ref'), 10);
  // Same relative layout in every copy, and no -g: the copies share keys and race for the same entries.
  const flags = ['CFLAGS=-O1 -Wall'];
  const plain = wrapperEnv(path.join(base, 'unused'));
  expect(run('make', ['-j2', ...flags], path.join(base, 'ref'), plain).status).toBe(0);
  const expected = await artefacts(path.join(base, 'ref/out'));
  await fs.rm(path.join(base, 'ref/out'), { recursive: true });

  const cache = path.join(base, 'cache');
  const env = wrapperEnv(cache, { PATH: `${shims}:${process.env.PATH}` });
  const copies = ['p1', 'p2', 'p3'];
  for (const c of copies) await fs.cp(path.join(base, 'ref'), path.join(base, c), { recursive: true });
  const builds = await Promise.all(
    copies.map(c => runAsync('make', ['-j4', ...flags], path.join(base, c), env))
  );
  for (const b of builds) expect([b.status, b.stderr]).toEqual([0, '']);
  for (const c of copies) expectSameArtefacts(await artefacts(path.join(base, c, 'out')), expected);

  const s = await stats(cache);
  expect(s.hits + s.misses).toBe(copies.length * units);
  expect(s.misses).toBeGreaterThanOrEqual(units);
  expect(s).toMatchObject({ uncacheable: { link: 2 * copies.length }, errors: 0 });
  expectWholeEntries(cache, units);

  // And once more, all hits.
  await fs.rm(path.join(base, 'p1/out'), { recursive: true });
  expect(run('make', ['-j4', ...flags], path.join(base, 'p1'), env).status).toBe(0);
  expect((await stats(cache)).hits).toBe(s.hits + units);
  expectSameArtefacts(await artefacts(path.join(base, 'p1/out')), expected);
}, 120000);

const cmake = which('cmake');
(cmake === null ? it.skip : it)(
  'CMake with the launcher and the shims first on PATH: each compile is counted once, and the rebuild hits',
  async () => {
    const dir = path.join(work, 'cmake');
    await writeFiles(dir, {
      'CMakeLists.txt':
        'cmake_minimum_required(VERSION 3.16)\nproject(demo C)\nadd_executable(demo main.c lib.c)\n',
      'main.c': 'int lib(void);\nint main(void) { return lib() - 7; }\n',
      'lib.c': 'int lib(void) { return 7; }\n'
    });
    const cache = path.join(work, 'cache-cmake');
    const env = wrapperEnv(cache, { PATH: `${shims}:${process.env.PATH}` });
    const configure = (build: string) =>
      run('cmake', ['-S', '.', '-B', build, `-DCMAKE_C_COMPILER_LAUNCHER=${launcher}`], dir, env);
    expect(configure('b1').status).toBe(0);
    const before = await stats(cache);
    const b1 = run('cmake', ['--build', 'b1'], dir, env);
    expect(b1.status).toBe(0);
    const mid = await stats(cache);
    expect(mid.misses - before.misses).toBe(2);
    expect(mid.hits - before.hits).toBe(0);
    expect(configure('b2').status).toBe(0);
    const before2 = await stats(cache);
    expect(run('cmake', ['--build', 'b2'], dir, env).status).toBe(0);
    const after = await stats(cache);
    // CMake compiles with absolute source paths into per-build-dir object paths: the objects still hit.
    expect(after.hits - before2.hits).toBe(2);
    expect(after.misses - before2.misses).toBe(0);
    expect(existsSync(path.join(dir, 'b2/demo'))).toBe(true);
    expect(run(path.join(dir, 'b2/demo'), [], dir, env).status).toBe(0);
  },
  120000
);
