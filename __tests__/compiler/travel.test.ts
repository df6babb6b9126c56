/**
 * Keys that travel (src/compiler/travel.ts, depfile.ts): a cache filled in one checkout hits in
 * another when a prefix map covers the checkout, and one source compiled under several object and
 * depfile names hits after the first. Every hit is compared byte for byte with what the compiler
 * itself writes without the cache, for gcc and clang.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { compile, createSession, type CompileSession } from '../../src/compiler/compile.js';
import { stats, tempDir, which, wrapperEnv, writeFiles } from './helpers.js';

let work: string;

beforeAll(async () => {
  work = await tempDir('travel');
});

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

const compilers = ['gcc', 'clang'].filter(cc => {
  const present = which(cc) !== null;
  if (!present) console.warn(`${cc} not installed: its travelling-key cases are skipped`);
  return present;
});

/** A small CMake-like tree: a source, a header using __FILE__ and __builtin_FILE, a system header. */
async function checkout(root: string, warn = false): Promise<void> {
  await writeFiles(root, {
    'include/paths_and_names.h':
      '#include <stdio.h>\nstatic inline const char *header_file(void) { return __builtin_FILE(); }\n',
    'src/main_file.c':
      '#include "paths_and_names.h"\nconst char *file = __FILE__;\n' +
      `int main(void) { ${warn ? 'int unused; ' : ''}puts(header_file()); return 0; }\n`
  });
  await fs.mkdir(path.join(root, 'build', 'CMakeFiles', 'x.dir', 'src'), { recursive: true });
}

/** The command CMake's Ninja generator gives, with absolute paths throughout. */
function cmakeArgs(
  root: string,
  maps: (root: string) => string[],
  object = 'CMakeFiles/x.dir/src/main_file.c.o'
): string[] {
  return [
    '-g',
    '-O1',
    ...maps(root),
    `-I${root}/include`,
    '-MD',
    '-MT',
    object,
    '-MF',
    `${object}.d`,
    '-o',
    object,
    '-c',
    `${root}/src/main_file.c`
  ];
}

/** Runs the compiler without the cache and returns the object and depfile it wrote (then removes them). */
async function uncached(cc: string, cwd: string, args: string[], object: string): Promise<[Buffer, Buffer]> {
  execFileSync(cc, args, { cwd, stdio: ['ignore', 'ignore', 'ignore'] });
  const out: [Buffer, Buffer] = [
    readFileSync(path.join(cwd, object)),
    readFileSync(path.join(cwd, `${object}.d`))
  ];
  await fs.rm(path.join(cwd, object));
  await fs.rm(path.join(cwd, `${object}.d`));
  return out;
}

async function cached(
  session: CompileSession,
  cc: string,
  cwd: string,
  args: string[]
): Promise<'hit' | 'miss' | string> {
  const before = await stats(session.cacheDir);
  const answer = await compile(session, {
    invokedAs: 'launcher',
    mode: 'launcher',
    args: [cc, ...args],
    cwd,
    env: wrapperEnv(session.cacheDir),
    stderrIsTTY: false
  });
  if (answer.kind !== 'done' || answer.status !== 0)
    throw new Error(`compile failed: ${JSON.stringify(answer)}`);
  const after = await stats(session.cacheDir);
  return after.hits > before.hits
    ? 'hit'
    : after.misses > before.misses
      ? 'miss'
      : JSON.stringify(after.uncacheable);
}

const OBJECT = 'CMakeFiles/x.dir/src/main_file.c.o';

describe.each(compilers)('two checkouts (%s)', cc => {
  const mapSets: Array<[string, (root: string) => string[]]> = [
    ['-ffile-prefix-map', root => [`-ffile-prefix-map=${root}=.`]],
    [
      '-fdebug-prefix-map with -fmacro-prefix-map',
      root => [`-fdebug-prefix-map=${root}=.`, `-fmacro-prefix-map=${root}=.`]
    ]
  ];

  it.each(mapSets)(
    '%s covering the checkout: the second checkout hits, its object and depfile exactly the compiler’s',
    async (name, maps) => {
      const base = path.join(work, `${cc}-${name.replace(/\W+/g, '-')}`);
      const one = path.join(base, 'a', 'proj');
      const two = path.join(base, 'bbbbbbbb', 'longer', 'proj');
      await checkout(one);
      await checkout(two);
      const session = createSession(path.join(base, 'cache'));
      const b1 = path.join(one, 'build');
      const b2 = path.join(two, 'build');
      const [obj2, dep2] = await uncached(cc, b2, cmakeArgs(two, maps), OBJECT);
      // The compiler itself writes the same object at both paths (what makes sharing it sound).
      const [obj1] = await uncached(cc, b1, cmakeArgs(one, maps), OBJECT);
      expect(obj1.equals(obj2)).toBe(true);

      expect(await cached(session, cc, b1, cmakeArgs(one, maps))).toBe('miss');
      expect(await cached(session, cc, b2, cmakeArgs(two, maps))).toBe('hit');
      expect(readFileSync(path.join(b2, OBJECT)).equals(obj2)).toBe(true);
      expect(readFileSync(path.join(b2, `${OBJECT}.d`), 'latin1')).toBe(dep2.toString('latin1'));
      expect(readFileSync(path.join(b2, `${OBJECT}.d`), 'latin1')).toContain(
        `${two}/include/paths_and_names.h`
      );
    }
  );

  it('a debug map alone does not travel: __builtin_FILE and __FILE__ keep the checkout path', async () => {
    const base = path.join(work, `${cc}-debug-only`);
    const one = path.join(base, 'a', 'proj');
    const two = path.join(base, 'b', 'proj');
    await checkout(one);
    await checkout(two);
    const maps = (root: string) => [`-fdebug-prefix-map=${root}=.`];
    const [obj1] = await uncached(cc, path.join(one, 'build'), cmakeArgs(one, maps), OBJECT);
    const [obj2] = await uncached(cc, path.join(two, 'build'), cmakeArgs(two, maps), OBJECT);
    expect(obj1.equals(obj2)).toBe(false);
    const session = createSession(path.join(base, 'cache'));
    expect(await cached(session, cc, path.join(one, 'build'), cmakeArgs(one, maps))).toBe('miss');
    expect(await cached(session, cc, path.join(two, 'build'), cmakeArgs(two, maps))).toBe('miss');
  });

  it('an assembler source with debug info does not travel (clang’s assembler ignores the maps)', async () => {
    const base = path.join(work, `${cc}-asm`);
    const roots = [path.join(base, 'a', 'proj'), path.join(base, 'bb', 'proj')];
    for (const root of roots) {
      await writeFiles(root, {
        'include/v.h': '#define VAL 5\n',
        'src/s.S': '#include "v.h"\n.globl val\nval: .long VAL\n'
      });
      await fs.mkdir(path.join(root, 'build'), { recursive: true });
    }
    const argsAt = (root: string) => [
      '-g',
      `-ffile-prefix-map=${root}=.`,
      `-I${root}/include`,
      '-c',
      `${root}/src/s.S`,
      '-o',
      's.o'
    ];
    const session = createSession(path.join(base, 'cache'));
    expect(
      await cached(session, cc, path.join(roots[0] as string, 'build'), argsAt(roots[0] as string))
    ).toBe('miss');
    expect(
      await cached(session, cc, path.join(roots[1] as string, 'build'), argsAt(roots[1] as string))
    ).toBe('miss');
  });

  it('diagnostics stay with their checkout: a compile with a warning misses in the other, hits in its own', async () => {
    const base = path.join(work, `${cc}-warning`);
    const one = path.join(base, 'a', 'proj');
    const two = path.join(base, 'b', 'proj');
    await checkout(one, true);
    await checkout(two, true);
    const maps = (root: string) => [`-ffile-prefix-map=${root}=.`, '-Wunused-variable'];
    const session = createSession(path.join(base, 'cache'));
    expect(await cached(session, cc, path.join(one, 'build'), cmakeArgs(one, maps))).toBe('miss');
    expect(await cached(session, cc, path.join(two, 'build'), cmakeArgs(two, maps))).toBe('miss');
    expect(await cached(session, cc, path.join(one, 'build'), cmakeArgs(one, maps))).toBe('hit');
    expect(await cached(session, cc, path.join(two, 'build'), cmakeArgs(two, maps))).toBe('hit');
  });
});

describe.each(compilers)(
  'one source under several object and depfile names, as fmt’s tests build (%s)',
  cc => {
    it('the first compile misses, the others hit; objects and depfiles are the compiler’s own', async () => {
      const dir = path.join(work, `${cc}-fmt`);
      await checkout(dir);
      const build = path.join(dir, 'build');
      const objects = [
        'test/CMakeFiles/format-test.dir/format-test.cc.o',
        'test/CMakeFiles/a.dir/f.o',
        'x.o'
      ];
      for (const o of objects) await fs.mkdir(path.join(build, path.dirname(o)), { recursive: true });
      const argsFor = (o: string) => [
        '-O2',
        `-I${dir}/include`,
        '-MD',
        '-MT',
        o,
        '-MF',
        `${o}.d`,
        '-o',
        o,
        '-c',
        `${dir}/src/main_file.c`
      ];
      const reference = new Map<string, [Buffer, Buffer]>();
      for (const o of objects) reference.set(o, await uncached(cc, build, argsFor(o), o));
      const session = createSession(path.join(dir, 'cache'));
      const results: string[] = [];
      for (const o of objects) {
        results.push(await cached(session, cc, build, argsFor(o)));
        const [obj, dep] = reference.get(o) as [Buffer, Buffer];
        expect(readFileSync(path.join(build, o)).equals(obj)).toBe(true);
        expect(readFileSync(path.join(build, `${o}.d`), 'latin1')).toBe(dep.toString('latin1'));
      }
      expect(results).toEqual(['miss', 'hit', 'hit']);
      // The default target (no -MT, the object path) and -MP phony rules are rewritten the same way.
      const plain = ['-O2', `-I${dir}/include`, '-MMD', '-MP', '-c', `${dir}/src/main_file.c`];
      const results2: string[] = [];
      for (const stem of ['p1', 'a/much/longer/path/to/the/object/file/than/the/first/one/p2']) {
        await fs.mkdir(path.join(build, path.dirname(stem)), { recursive: true });
        const args = [...plain, '-o', `${stem}.o`];
        execFileSync(cc, args, { cwd: build });
        const want = [
          readFileSync(path.join(build, `${stem}.o`)),
          readFileSync(path.join(build, `${stem}.d`))
        ];
        await fs.rm(path.join(build, `${stem}.o`));
        await fs.rm(path.join(build, `${stem}.d`));
        results2.push(await cached(session, cc, build, args));
        expect(readFileSync(path.join(build, `${stem}.o`)).equals(want[0] as Buffer)).toBe(true);
        expect(readFileSync(path.join(build, `${stem}.d`), 'latin1')).toBe(
          (want[1] as Buffer).toString('latin1')
        );
      }
      expect(results2).toEqual(['miss', 'hit']);
    });
  }
);
