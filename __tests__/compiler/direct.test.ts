/**
 * Direct mode (src/compiler/direct/): hits served from a manifest without running the
 * preprocessor, through the compile core as a server or a shim calls it, with real gcc and clang.
 * What each call did is read from its COMPILE_CACHE_LOG block: a direct hit has a `direct` phase,
 * a manifest naming the result, and no `preprocess` phase.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompileSession } from '../../src/compiler/compile.js';
import { stats, tempDir, writeFiles } from './helpers.js';
import { compilersHere, loggedCall, loggedSession, settle, type LoggedCall } from './session-call.js';

let work: string;

beforeAll(async () => {
  work = await tempDir('direct');
});

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

const compilers = compilersHere('direct-mode');

type Call = LoggedCall;

/** One compile through `session` that must succeed; what it was (hit, miss, reason) and its log block. */
async function call(
  session: CompileSession,
  cc: string,
  cwd: string,
  args: string[],
  env: Record<string, string> = {}
): Promise<Call> {
  const c = await loggedCall(session, cc, cwd, args, env);
  if (c.status !== 0) throw new Error(`compile failed (${c.status}): ${c.stderr}`);
  return c;
}

const usedDirect = (c: Call) =>
  c.log.some(l => / names result [0-9a-f]{64}$/.test(l)) && !c.log.some(l => l.startsWith('preprocess at'));
/** Depend mode off: a miss runs -E first and its entry is under the preprocessor-mode key. */
const PREPROCESSOR_MODE = { COMPILE_CACHE_DEPEND: 'off' };
const usedPreprocessor = (c: Call) => c.log.some(l => l.startsWith('preprocess at'));

const session = loggedSession;

/** The manifest blobs below a cache directory. */
function manifests(cacheDir: string): string[] {
  const root = path.join(cacheDir, 'manifests', 'local');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap(hh =>
    readdirSync(path.join(root, hh)).map(hex => path.join(root, hh, hex, 'manifest'))
  );
}

describe.each(compilers)('direct mode (%s)', cc => {
  const files = {
    'inc/conf.h': '#define LEVEL 1\n',
    'inc/other.h': '#include "conf.h"\nstatic inline int other(void) { return LEVEL + 1; }\n',
    'src/a.c': '#include "other.h"\n#include <stdio.h>\nint level(void) { return other(); }\n'
  };
  const args = ['-c', 'src/a.c', '-Iinc', '-O1', '-MD', '-MF', 'o/a.d', '-o', 'o/a.o'];

  it('a header edited: a miss, and the manifest gains an entry; a header touched: a direct hit', async () => {
    const dir = path.join(work, `${cc}-edit`);
    await writeFiles(dir, files);
    await fs.mkdir(path.join(dir, 'o'));
    await settle();
    const cache = path.join(dir, 'cache');
    // A long-lived session (a server) and a fresh one per call (a shim) must agree.
    const server = session(cache, 'server');
    expect((await call(server, cc, dir, args)).result).toBe('miss');
    expect(manifests(cache)).toHaveLength(1);
    const second = await call(session(cache, 'shim'), cc, dir, args);
    expect([second.result, usedDirect(second)]).toEqual(['hit', true]);

    await fs.writeFile(path.join(dir, 'inc/conf.h'), '#define LEVEL 2\n');
    await settle();
    const edited = await call(server, cc, dir, args);
    expect(edited.result).toBe('miss');
    expect(edited.log.some(l => / updated$/.test(l))).toBe(true);
    const m = JSON.parse(readFileSync(manifests(cache)[0] as string, 'utf8')) as {
      entries: Array<{ key: string }>;
    };
    expect(m.entries).toHaveLength(2);
    // The compiler's own object for the edited header.
    execFileSync(cc, [...args.slice(0, -2), '-o', 'o/ref.o'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'o/a.o')).equals(readFileSync(path.join(dir, 'o/ref.o')))).toBe(true);

    // Touched, content unchanged: the stat cache sees new times, the hash is the same.
    const now = new Date();
    await fs.utimes(path.join(dir, 'inc/conf.h'), now, now);
    await settle();
    for (const s of [server, session(cache, 'shim')]) {
      const touched = await call(s, cc, dir, args);
      expect([touched.result, usedDirect(touched)]).toEqual(['hit', true]);
    }
    // Back to the first content: the older entry still names its result.
    await fs.writeFile(path.join(dir, 'inc/conf.h'), '#define LEVEL 1\n');
    await settle();
    const back = await call(server, cc, dir, args);
    expect([back.result, usedDirect(back)]).toEqual(['hit', true]);
  }, 60000);

  it('a fresh cache directory given only the compile and manifests namespaces, in another checkout: a direct hit, byte for byte the compiler’s', async () => {
    const one = path.join(work, `${cc}-fresh`, 'one', 'proj');
    const two = path.join(work, `${cc}-fresh`, 'second-checkout', 'proj');
    const maps = (root: string) => [`-ffile-prefix-map=${root}=.`, '-g', `-I${root}/inc`];
    const argsAt = (root: string) => [
      '-c',
      `${root}/src/a.c`,
      ...maps(root),
      '-MD',
      '-MT',
      'o/a.o',
      '-MF',
      'o/a.d',
      '-o',
      'o/a.o'
    ];
    for (const root of [one, two]) {
      await writeFiles(root, files);
      await fs.mkdir(path.join(root, 'o'));
    }
    await settle();
    execFileSync(cc, argsAt(two), { cwd: two });
    const want = [readFileSync(path.join(two, 'o/a.o')), readFileSync(path.join(two, 'o/a.d'))];
    await fs.rm(path.join(two, 'o'), { recursive: true });
    await fs.mkdir(path.join(two, 'o'));

    const first = path.join(work, `${cc}-fresh`, 'cache1');
    expect((await call(session(first, 'first'), cc, one, argsAt(one))).result).toBe('miss');
    // What a restore gives a fresh runner: the two namespaces, nothing else (no state, no stats).
    const fresh = path.join(work, `${cc}-fresh`, 'cache2');
    for (const ns of ['compile', 'manifests'])
      cpSync(path.join(first, ns), path.join(fresh, ns), { recursive: true });
    const hit = await call(session(fresh, 'fresh'), cc, two, argsAt(two));
    expect([hit.result, usedDirect(hit)]).toEqual(['hit', true]);
    expect(readFileSync(path.join(two, 'o/a.o')).equals(want[0] as Buffer)).toBe(true);
    expect(readFileSync(path.join(two, 'o/a.d'), 'latin1')).toBe((want[1] as Buffer).toString('latin1'));
  }, 60000);
});

describe('what direct mode does not trust', () => {
  const gcc = 'gcc';
  const args = ['-c', 'a.c', '-o', 'a.o'];

  async function primed(
    name: string,
    source = '#include "h.h"\nint f(void) { return H; }\n',
    env: Record<string, string> = {}
  ) {
    const dir = path.join(work, name);
    await writeFiles(dir, { 'a.c': source, 'h.h': '#define H 3\n' });
    await settle();
    const cache = path.join(dir, 'cache');
    const s = session(cache, name);
    const first = await call(s, gcc, dir, args, env);
    const want = readFileSync(path.join(dir, 'a.o'));
    return { dir, cache, s, first, want };
  }

  it('a manifest naming a FIFO or a symlink in the cache directory: preprocessor mode, never blocked', async () => {
    // Made in preprocessor mode: an entry made in depend mode is found only through its manifest.
    const { dir, cache, want } = await primed('planted', undefined, PREPROCESSOR_MODE);
    const [blob] = manifests(cache) as [string];
    const m = JSON.parse(readFileSync(blob, 'utf8')) as {
      entries: Array<{ files: Array<[string, string]> }>;
    };
    const fifo = path.join(cache, 'fifo.h');
    execFileSync('mkfifo', [fifo]);
    await fs.symlink('/etc/hostname', path.join(cache, 'link.h'));
    const e = m.entries[0] as { files: Array<[string, string]> };
    for (const planted of [fifo, path.join(cache, 'link.h')]) {
      await fs.writeFile(
        blob,
        JSON.stringify({ version: 1, entries: [{ ...e, files: [...e.files, [planted, '0'.repeat(64)]] }] })
      );
      // A fresh session: nothing remembered from the first call.
      const fresh = session(cache, 'planted-fresh');
      const c = await call(fresh, gcc, dir, args);
      expect([c.result, usedPreprocessor(c)]).toEqual(['hit', true]);
      expect(readFileSync(path.join(dir, 'a.o')).equals(want)).toBe(true);
    }
    // The manifest blob itself a FIFO: refused by the store, counted, preprocessor mode.
    await fs.rm(blob);
    execFileSync('mkfifo', [blob]);
    const c = await call(session(cache, 'planted-fifo'), gcc, dir, args);
    expect([c.result, usedPreprocessor(c)]).toEqual(['hit', true]);
    expect((await stats(cache)).errorKinds['unsafe-path']).toBeGreaterThan(0);
  }, 60000);

  it('a malformed manifest is no manifest', async () => {
    const { dir, cache, want } = await primed('malformed', undefined, PREPROCESSOR_MODE);
    const [blob] = manifests(cache) as [string];
    for (const text of [
      '{',
      '{"version":1,"entries":[{"key":"zz"}]}',
      JSON.stringify({ version: 2, entries: [] })
    ]) {
      await fs.writeFile(blob, text);
      const c = await call(session(cache, 'malformed-fresh'), gcc, dir, args);
      expect([c.result, usedPreprocessor(c)]).toEqual(['hit', true]);
      expect(readFileSync(path.join(dir, 'a.o')).equals(want)).toBe(true);
    }
  }, 60000);

  it('no manifest entry for a source using __DATE__, or a header changed within the second', async () => {
    const dated = await primed('dated', 'const char *d = __DATE__;\n');
    expect(dated.first.log.some(l => /uses __DATE__, __TIME__ or __TIMESTAMP__$/.test(l))).toBe(true);
    expect(manifests(dated.cache)).toHaveLength(0);

    const { dir, s } = await primed('too-new');
    // A header whose times say it changed now (or later): too new to record.
    await fs.writeFile(path.join(dir, 'h.h'), '#define H 4\n');
    const future = new Date(Date.now() + 5000);
    await fs.utimes(path.join(dir, 'h.h'), future, future);
    const c = await call(s, gcc, dir, args);
    expect(c.result).toBe('miss');
    expect(c.log.some(l => /changed within a second of the compile$/.test(l))).toBe(true);
  }, 60000);
});
