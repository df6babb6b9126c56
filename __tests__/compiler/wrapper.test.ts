/**
 * The wrapper as it ships (an ncc bundle run by node) against real gcc: what goes into the key,
 * failing compiles, replayed warnings, every pass-through reason, shims, nesting, a broken cache.
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildBundle,
  entries,
  installTestShims,
  run,
  stats,
  statsCli,
  tempDir,
  which,
  wrapper,
  wrapperEnv,
  writeFiles,
  zero,
  type StatsJson
} from './helpers.js';

let bundle: string;
let work: string;
let cache: string;
let shims: string;
let launcher: string;

beforeAll(async () => {
  bundle = buildBundle();
  work = await tempDir('work');
  cache = path.join(work, 'cache');
  ({ shims, launcher } = installTestShims(bundle, work, cache));
}, 60000);

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
  if (bundle) await fs.rm(path.dirname(bundle), { recursive: true, force: true });
});

/** A fresh project directory with one source and a header. */
async function project(name: string, files: Record<string, string> = {}): Promise<string> {
  const dir = path.join(work, name);
  await writeFiles(dir, {
    'inc/conf.h': '#define LEVEL 1\n',
    // The name makes every project's object (and key) its own: tests share one cache.
    'a.c': `#include "conf.h"\nconst char *project = "${name}";\nint level(void) { return LEVEL; }\n`,
    ...files
  });
  await fs.mkdir(path.join(dir, 'o'), { recursive: true });
  return dir;
}

function delta(before: StatsJson, after: StatsJson): string {
  if (after.hits === before.hits + 1 && after.calls === before.calls + 1) return 'hit';
  if (after.misses === before.misses + 1 && after.calls === before.calls + 1) return 'miss';
  const reasons = Object.entries(after.uncacheable)
    .filter(([r, n]) => n !== (before.uncacheable[r] ?? 0))
    .map(([r]) => r);
  return `uncacheable:${reasons.join(',')}`;
}

/** Runs `wrap <compiler> args` and says what it was: hit, miss or uncacheable:<reason>. */
async function wrapped(dir: string, compiler: string, args: string[], cacheDir = cache) {
  const before = await stats(cacheDir);
  const r = wrapper(bundle, ['wrap', compiler, ...args], dir, wrapperEnv(cacheDir));
  return { ...r, result: delta(before, await stats(cacheDir)) };
}

describe('the key', () => {
  it('misses on a header, define, optimisation or compiler change, hits when only the output path changes', async () => {
    const dir = await project('key');
    const base = ['-c', 'a.c', '-Iinc', '-O1'];
    const direct = run('gcc', [...base, '-o', 'o/direct.o'], dir, wrapperEnv(cache));
    expect(direct.status).toBe(0);

    expect((await wrapped(dir, 'gcc', [...base, '-o', 'o/a.o'])).result).toBe('miss');
    expect((await wrapped(dir, 'gcc', [...base, '-o', 'o/a.o'])).result).toBe('hit');
    expect((await wrapped(dir, 'gcc', [...base, '-o', 'o/other.o'])).result).toBe('hit');
    for (const f of ['a.o', 'other.o']) {
      expect(readFileSync(path.join(dir, 'o', f)).equals(readFileSync(path.join(dir, 'o/direct.o')))).toBe(
        true
      );
    }

    expect((await wrapped(dir, 'gcc', [...base, '-DEXTRA=1', '-o', 'o/a.o'])).result).toBe('miss');
    expect((await wrapped(dir, 'gcc', ['-c', 'a.c', '-Iinc', '-O2', '-o', 'o/a.o'])).result).toBe('miss');
    await fs.writeFile(path.join(dir, 'inc/conf.h'), '#define LEVEL 2\n');
    expect((await wrapped(dir, 'gcc', [...base, '-o', 'o/a.o'])).result).toBe('miss');
    expect((await wrapped(dir, 'gcc', [...base, '-o', 'o/a.o'])).result).toBe('hit');
  });

  it('misses when the compiler binary changes, also at the same path', async () => {
    const dir = await project('compiler-change');
    const realGcc = await fs.realpath(which('gcc') as string);
    // gcc finds cc1 relative to itself: <prefix>/bin/gcc next to <prefix>/lib/gcc/….
    const copy = path.join(dir, 'tc1', 'bin', 'gcc');
    await fs.mkdir(path.dirname(copy), { recursive: true });
    await fs.symlink('/usr/lib', path.join(dir, 'tc1', 'lib'));
    await fs.copyFile(realGcc, copy);
    await fs.chmod(copy, 0o755);
    const script = path.join(dir, 'tc2', 'gcc');
    await fs.mkdir(path.dirname(script));
    await fs.writeFile(script, `#!/bin/sh\nexec ${realGcc} "$@"\n`, { mode: 0o755 });
    const args = ['-c', 'a.c', '-Iinc', '-o', 'o/a.o'];

    expect((await wrapped(dir, 'gcc', args)).result).toBe('miss');
    expect((await wrapped(dir, copy, args)).result).toBe('hit'); // same content, other path: the same compiler
    expect((await wrapped(dir, script, args)).result).toBe('miss');
    expect((await wrapped(dir, script, args)).result).toBe('hit');
    // Same path, new content (one byte appended to the ELF file, which still runs).
    await fs.appendFile(copy, Buffer.from([0]));
    expect((await wrapped(dir, copy, args)).result).toBe('miss');
  });

  it('keys on the working directory only when debug info embeds it', async () => {
    const same = { 'a.c': '#include "conf.h"\nconst char *project = "cwd";\n' };
    const one = await project('cwd-one', same);
    const two = await project('cwd-two', same);
    expect((await wrapped(one, 'gcc', ['-c', 'a.c', '-Iinc', '-O1', '-o', 'o/a.o'])).result).toBe('miss');
    expect((await wrapped(two, 'gcc', ['-c', 'a.c', '-Iinc', '-O1', '-o', 'o/a.o'])).result).toBe('hit');
    expect((await wrapped(one, 'gcc', ['-c', 'a.c', '-Iinc', '-g', '-o', 'o/a.o'])).result).toBe('miss');
    expect((await wrapped(two, 'gcc', ['-c', 'a.c', '-Iinc', '-g', '-o', 'o/a.o'])).result).toBe('miss');
    expect((await wrapped(two, 'gcc', ['-c', 'a.c', '-Iinc', '-g', '-o', 'o/b.o'])).result).toBe('hit');
    const direct = run('gcc', ['-c', 'a.c', '-Iinc', '-g', '-o', 'o/direct.o'], two, wrapperEnv(cache));
    expect(direct.status).toBe(0);
    expect(readFileSync(path.join(two, 'o/b.o')).equals(readFileSync(path.join(two, 'o/direct.o')))).toBe(
      true
    );
  });

  it('restores the depfile wherever -MF puts it, with the target of the call that hits', async () => {
    const dir = await project('depfile');
    const first = await wrapped(dir, 'gcc', ['-c', 'a.c', '-Iinc', '-MMD', '-MF', 'o/a.d', '-o', 'o/a.o']);
    expect(first.result).toBe('miss');
    const depText = readFileSync(path.join(dir, 'o/a.d'), 'utf8');
    expect(depText).toBe('o/a.o: a.c inc/conf.h\n');
    // Another object path changes the default target only: a hit, the depfile naming o/b.o.
    expect((await wrapped(dir, 'gcc', ['-c', 'a.c', '-Iinc', '-MMD', '-o', 'o/b.o'])).result).toBe('hit');
    expect(readFileSync(path.join(dir, 'o/b.d'), 'utf8')).toBe('o/b.o: a.c inc/conf.h\n');
    // Explicit targets likewise.
    const t = ['-c', 'a.c', '-Iinc', '-MMD', '-MT', 'obj/a.o'];
    expect((await wrapped(dir, 'gcc', [...t, '-MF', 'o/t1.d', '-o', 'o/t1.o'])).result).toBe('hit');
    await fs.mkdir(path.join(dir, 'deps'));
    expect((await wrapped(dir, 'gcc', [...t, '-MF', 'deps/t2.d', '-o', 'o/t2.o'])).result).toBe('hit');
    expect(readFileSync(path.join(dir, 'deps/t2.d'), 'utf8')).toBe('obj/a.o: a.c inc/conf.h\n');
    expect(readFileSync(path.join(dir, 'o/t2.o')).equals(readFileSync(path.join(dir, 'o/t1.o')))).toBe(true);
    // A target make needs quoted is keyed, and its depfile restored as stored.
    const q = ['-c', 'a.c', '-Iinc', '-MMD', '-MQ', 'o/$x.o'];
    expect((await wrapped(dir, 'gcc', [...q, '-MF', 'o/q1.d', '-o', 'o/q1.o'])).result).toBe('miss');
    expect((await wrapped(dir, 'gcc', [...q, '-MF', 'o/q2.d', '-o', 'o/q2.o'])).result).toBe('hit');
    expect(readFileSync(path.join(dir, 'o/q2.d'), 'utf8')).toBe('o/$$x.o: a.c inc/conf.h\n');
  });

  it('caches preprocessed C and assembler-with-cpp sources', async () => {
    const dir = await project('langs', {
      'p.i': '# 1 "p.c"\nint p(void) { return 7; }\n',
      's.S': '#include "conf.h"\n.globl val\nval: .long LEVEL\n'
    });
    expect((await wrapped(dir, 'gcc', ['-c', 'p.i', '-o', 'o/p.o'])).result).toBe('miss');
    expect((await wrapped(dir, 'gcc', ['-c', 'p.i', '-o', 'o/p2.o'])).result).toBe('hit');
    expect((await wrapped(dir, 'gcc', ['-c', 's.S', '-Iinc', '-o', 'o/s.o'])).result).toBe('miss');
    expect((await wrapped(dir, 'gcc', ['-c', 's.S', '-Iinc', '-o', 'o/s2.o'])).result).toBe('hit');
  });
});

describe('diagnostics', () => {
  it('does not store a failing compile; its diagnostics and exit code pass through unchanged', async () => {
    const dir = await project('failing', { 'bad.c': 'int f(void) { return nope; }\n' });
    const args = ['-c', 'bad.c', '-o', 'o/bad.o'];
    const direct = run('gcc', args, dir, wrapperEnv(cache));
    expect(direct.status).not.toBe(0);
    const entriesBefore = entries(cache).length;
    for (let i = 0; i < 2; i++) {
      const r = await wrapped(dir, 'gcc', args);
      expect(r.result).toBe('uncacheable:compile-failed');
      expect(r.status).toBe(direct.status);
      expect(r.stderr).toBe(direct.stderr);
      expect(r.stdout).toBe(direct.stdout);
    }
    expect(entries(cache).length).toBe(entriesBefore);
    expect(existsSync(path.join(dir, 'o/bad.o'))).toBe(false);
  });

  it('replays warnings on a hit', async () => {
    const dir = await project('warning', { 'w.c': 'int w(int x) { int unused; return x; }\n' });
    const args = ['-c', 'w.c', '-Wall', '-o', 'o/w.o'];
    const direct = run('gcc', args, dir, wrapperEnv(cache));
    expect(direct.stderr).toContain('unused');
    const miss = await wrapped(dir, 'gcc', args);
    const hit = await wrapped(dir, 'gcc', args);
    expect([miss.result, hit.result]).toEqual(['miss', 'hit']);
    expect(miss.stderr).toBe(direct.stderr);
    expect(hit.stderr).toBe(direct.stderr);
    expect(hit.status).toBe(0);
  });
});

describe('pass-through', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project('pass', {
      'b.c': 'int b(void) { return 2; }\n',
      'main.c': 'int main(void) { return 0; }\n',
      'pch.h': 'int from_pch(void);\n',
      'uses-pch.c': '#include "pch.h"\nint g(void) { return 1; }\n',
      'args.rsp': '-c a.c -Iinc -o o/rsp.o\n',
      mycc: `#!/bin/sh\nexec gcc "$@"\n`
    });
    await fs.chmod(path.join(dir, 'mycc'), 0o755);
    expect(run('gcc', ['-x', 'c-header', 'pch.h', '-o', 'pch.h.gch'], dir, wrapperEnv(cache)).status).toBe(0);
  });

  it.each([
    ['link', ['main.c', '-o', 'o/prog']],
    ['multiple-inputs', ['-c', 'a.c', 'b.c', '-Iinc']],
    ['preprocess-only', ['-E', 'a.c', '-Iinc', '-o', 'o/a.i']],
    ['dependency-only', ['-M', 'a.c', '-Iinc']],
    ['save-temps', ['-c', 'b.c', '-save-temps', '-o', 'o/st.o']],
    ['profile-coverage', ['-c', 'b.c', '--coverage', '-o', 'o/cov.o']],
    ['precompiled-header', ['-c', 'pch.h', '-o', 'o/pch2.gch']],
    ['precompiled-header', ['-c', 'uses-pch.c', '-include', 'pch.h', '-o', 'o/up.o']],
    ['precompiled-header', ['-c', 'uses-pch.c', '-o', 'o/up2.o']],
    ['response-file', ['@args.rsp']],
    ['language', ['-x', 'objective-c', '-c', 'b.c', '-o', 'o/objc.o']],
    ['syntax-only', ['-fsyntax-only', 'b.c']],
    ['output-not-regular', ['-c', 'b.c', '-o', '/dev/null']]
  ])('%s: %j', async (reason, args) => {
    const direct = run('gcc', args, dir, wrapperEnv(cache));
    const r = await wrapped(dir, 'gcc', args);
    expect(r.result).toBe(`uncacheable:${reason}`);
    expect(r.status).toBe(direct.status);
    expect(r.stderr).toBe(direct.stderr);
  });

  it('a `.pch` beside a header the source includes: neither compiler reads it there, so the compile is cached', async () => {
    await writeFiles(dir, {
      'side.h': '#define SIDE 1\n',
      'side.h.pch': 'not a precompiled header: neither gcc nor clang opens it for an #include\n',
      'uses-side.c': '#include "side.h"\nint side = SIDE;\n'
    });
    for (const cc of ['gcc', ...(which('clang') === null ? [] : ['clang'])]) {
      const own = run(cc, ['-c', 'uses-side.c', '-o', `o/side-${cc}-own.o`], dir, wrapperEnv(cache));
      expect([own.status, own.stderr]).toEqual([0, '']);
      const args = ['-c', 'uses-side.c', '-o', `o/side-${cc}.o`];
      expect((await wrapped(dir, cc, args)).result).toBe('miss');
      expect((await wrapped(dir, cc, args)).result).toBe('hit');
      expect(
        readFileSync(path.join(dir, `o/side-${cc}.o`)).equals(
          readFileSync(path.join(dir, `o/side-${cc}-own.o`))
        )
      ).toBe(true);
    }
  });

  it('stdin', async () => {
    const before = await stats(cache);
    const r = run(
      'sh',
      ['-c', `echo 'int s;' | "${process.execPath}" "${bundle}" wrap gcc -x c -c - -o o/stdin.o`],
      dir,
      wrapperEnv(cache)
    );
    expect(r.status).toBe(0);
    expect(delta(before, await stats(cache))).toBe('uncacheable:stdin');
    expect(existsSync(path.join(dir, 'o/stdin.o'))).toBe(true);
  });

  it('unknown-compiler', async () => {
    const r = await wrapped(dir, path.join(dir, 'mycc'), ['-c', 'b.c', '-o', 'o/mycc.o']);
    expect(r.result).toBe('uncacheable:unknown-compiler');
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, 'o/mycc.o'))).toBe(true);
  });

  it('a broken cache directory: the compile still works, the trouble is counted', async () => {
    const direct = run('gcc', ['-c', 'b.c', '-o', 'o/direct-b.o'], dir, wrapperEnv(cache));
    // The cache root is a file: nothing can be read or written, not even the stats.
    const fileCache = path.join(dir, 'not-a-dir');
    await fs.writeFile(fileCache, 'x');
    const r = wrapper(bundle, ['wrap', 'gcc', '-c', 'b.c', '-o', 'o/b1.o'], dir, wrapperEnv(fileCache));
    expect([r.status, r.stderr]).toEqual([0, direct.stderr]);
    expect(readFileSync(path.join(dir, 'o/b1.o')).equals(readFileSync(path.join(dir, 'o/direct-b.o')))).toBe(
      true
    );
    // The entry area is broken but the stats are writable: an error is counted.
    const halfBroken = path.join(dir, 'half-broken');
    await fs.mkdir(halfBroken);
    await fs.writeFile(path.join(halfBroken, 'compile'), 'x');
    const h = await wrapped(dir, 'gcc', ['-c', 'b.c', '-o', 'o/b2.o'], halfBroken);
    expect([h.status, h.result]).toEqual([0, 'miss']);
    expect((await stats(halfBroken)).errors).toBeGreaterThanOrEqual(1);
    expect(readFileSync(path.join(dir, 'o/b2.o')).equals(readFileSync(path.join(dir, 'o/direct-b.o')))).toBe(
      true
    );
  });
});

describe('shims and the launcher', () => {
  it('never call themselves, even when the shim directory is first on PATH twice (and linked, and copied)', async () => {
    const dir = await project('shims');
    const linked = path.join(work, 'shims-link');
    await fs.symlink(shims, linked);
    const copied = path.join(work, 'shims-copy');
    await fs.mkdir(copied);
    await fs.copyFile(path.join(shims, 'cc'), path.join(copied, 'cc'));
    await fs.chmod(path.join(copied, 'cc'), 0o755);
    const PATH = [shims, linked, shims, copied, process.env.PATH].join(':');
    const env = wrapperEnv(cache, { PATH });
    const before = await stats(cache);
    const r = run('cc', ['-c', 'a.c', '-Iinc', '-o', 'o/a.o'], dir, env);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const after = await stats(cache);
    expect(after.calls - before.calls).toBe(1);
    expect(existsSync(path.join(dir, 'o/a.o'))).toBe(true);
  }, 30000);

  it('the launcher given a shim as the compiler counts the compile once', async () => {
    const dir = await project('launcher');
    const env = wrapperEnv(cache, { PATH: `${shims}:${process.env.PATH}` });
    const before = await stats(cache);
    const r = run(launcher, [path.join(shims, 'cc'), '-c', 'a.c', '-Iinc', '-o', 'o/a.o'], dir, env);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const r2 = run(launcher, ['gcc', '-c', 'a.c', '-Iinc', '-o', 'o/b.o'], dir, env);
    expect(r2.status).toBe(0);
    const after = await stats(cache);
    expect(after.calls - before.calls).toBe(2);
    expect(after.hits - before.hits).toBe(1);
  }, 30000);

  it('a compiler script that calls cc again through the shims is counted once', async () => {
    const dir = await project('nested', {
      'tc/gcc': `#!/bin/sh\nexec cc "$@"\n`
    });
    await fs.chmod(path.join(dir, 'tc/gcc'), 0o755);
    const env = wrapperEnv(cache, { PATH: `${shims}:${process.env.PATH}` });
    const before = await stats(cache);
    const r = run(
      process.execPath,
      [bundle, 'wrap', path.join(dir, 'tc/gcc'), '-c', 'a.c', '-Iinc', '-o', 'o/a.o'],
      dir,
      env
    );
    expect([r.status, r.stderr]).toEqual([0, '']);
    const after = await stats(cache);
    expect(after.calls - before.calls).toBe(1);
  }, 30000);

  it('a shim without a real compiler behind it fails like a missing command', async () => {
    const dir = await project('no-compiler');
    const r = run(path.join(shims, 'clang++'), ['-c', 'a.c'], dir, wrapperEnv(cache, { PATH: shims }));
    expect(r.status).toBe(127);
    expect(r.stderr).toContain('clang++');
  });
});

describe('clang', () => {
  const clang = which('clang');
  const clangIt = clang === null ? it.skip : it;
  if (clang === null) {
    // Visible in the run's output, not only as a skipped count.
    console.warn('clang is not installed: the clang cases are skipped');
  }
  clangIt('caches clang compiles and depfiles [skipped when clang is not installed]', async () => {
    const dir = await project('clang');
    const args = ['-c', 'a.c', '-Iinc', '-MMD', '-o', 'o/a.o'];
    const direct = run('clang', args, dir, wrapperEnv(cache));
    expect(direct.status).toBe(0);
    const ref = readFileSync(path.join(dir, 'o/a.o'));
    const refDep = readFileSync(path.join(dir, 'o/a.d'));
    expect((await wrapped(dir, 'clang', args)).result).toBe('miss');
    await fs.rm(path.join(dir, 'o'), { recursive: true });
    await fs.mkdir(path.join(dir, 'o'));
    expect((await wrapped(dir, 'clang', args)).result).toBe('hit');
    expect(readFileSync(path.join(dir, 'o/a.o')).equals(ref)).toBe(true);
    expect(readFileSync(path.join(dir, 'o/a.d')).equals(refDep)).toBe(true);
  });
});

describe('stats', () => {
  it('zero-stats starts from zero; stats prints the counts and the hit rate', async () => {
    expect(statsCli(bundle, cache).calls).toBeGreaterThan(0);
    const text = wrapper(bundle, ['stats'], work, wrapperEnv(cache)).stdout;
    expect(text).toMatch(/hit rate: +\d+\.\d%/);
    zero(bundle, cache);
    expect(statsCli(bundle, cache)).toMatchObject({ hits: 0, misses: 0, calls: 0, errors: 0, hitRate: null });
  });
});
