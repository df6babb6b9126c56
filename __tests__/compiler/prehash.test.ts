/**
 * The compile server's warm-up hashes the headers the restored manifests name (direct/prehash.ts),
 * and its threads hand each other the hashes they make (StatCache in direct/file-hash.ts). Real gcc,
 * a real cache directory; manifests written by real compiles, or planted as a build could.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compile, createSession, type CompileSession } from '../../src/compiler/compile.js';
import { hashFile, nowNs, StatCache, type StatCacheEntry } from '../../src/compiler/direct/file-hash.js';
import { encodeManifest } from '../../src/compiler/direct/manifest.js';
import { prehashManifestFiles } from '../../src/compiler/direct/prehash.js';
import { TOKEN } from '../../src/compiler/travel.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { stats, tempDir, which, wrapperEnv, writeFiles } from './helpers.js';

let work: string;

beforeAll(async () => {
  work = await tempDir('prehash');
});

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

/** Files changed within a second of a compile are "too new" for a manifest: wait that second out. */
const settle = () => new Promise(resolve => setTimeout(resolve, 1100));

const HEX = (c: string) => c.repeat(64);

async function compileOnce(session: CompileSession, cwd: string, args: string[]): Promise<string> {
  const s0 = await stats(session.cacheDir);
  const answer = await compile(session, {
    invokedAs: 'launcher',
    mode: 'launcher',
    args: ['gcc', ...args],
    cwd,
    env: wrapperEnv(session.cacheDir),
    stderrIsTTY: false
  });
  if (answer.kind !== 'done' || answer.status !== 0)
    throw new Error(`compile failed: ${JSON.stringify(answer)}`);
  const s1 = await stats(session.cacheDir);
  return s1.hits > s0.hits ? 'hit' : s1.misses > s0.misses ? 'miss' : 'other';
}

const never = () => null;

describe('StatCache', () => {
  const entry = (hash: string): StatCacheEntry => ({
    size: 1n,
    mtimeNs: 2n,
    ctimeNs: 3n,
    ino: 4n,
    dev: 5n,
    volatile: false,
    probes: false,
    incbin: false,
    hash
  });

  it('hands what one thread hashed to another once, and records nothing it adopted or when not asked to', () => {
    const a = new StatCache({ recordLearned: true });
    const b = new StatCache({ recordLearned: true });
    a.remember('/x.h', entry(HEX('a')));
    a.remember('/y.h', entry(HEX('b')));
    const learned = a.takeLearned();
    expect(learned.map(([f]) => f)).toEqual(['/x.h', '/y.h']);
    expect(a.takeLearned()).toEqual([]);
    b.adopt(learned);
    expect(b.get('/x.h')?.hash).toBe(HEX('a'));
    expect(b.size).toBe(2);
    // Adopted entries are not passed on again (no echo between threads).
    expect(b.takeLearned()).toEqual([]);

    const shim = new StatCache();
    shim.remember('/x.h', entry(HEX('c')));
    expect(shim.get('/x.h')?.hash).toBe(HEX('c'));
    expect(shim.takeLearned()).toEqual([]);
  });

  it('a remembered header is checked by its stamp: rewritten in place with the same size, or replaced, it is hashed again', async () => {
    const dir = path.join(work, 'stamp');
    await writeFiles(dir, { 'a.h': 'int a;\n', 'b.h': 'int b;\n' });
    const file = path.join(dir, 'a.h');
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    // A whole second as the mtime, which utimes can set again exactly.
    const second = 1_700_000_000;
    await fs.utimes(file, second, second);
    // Files changed within a second are never remembered: wait that out.
    await settle();
    const cache = new StatCache();
    expect(hashFile(cache, file, nowNs())?.hash).toBe(sha('int a;\n'));
    expect(cache.get(file)?.hash).toBe(sha('int a;\n'));
    expect(hashFile(cache, file, nowNs())).toMatchObject({ hash: sha('int a;\n'), tooNew: false });
    // Same inode, same size, the same mtime: only the ctime moves, as it always does.
    await fs.writeFile(file, 'int A;\n');
    await fs.utimes(file, second, second);
    expect(statSync(file, { bigint: true }).mtimeNs).toBe(BigInt(second) * 1_000_000_000n);
    expect(hashFile(cache, file, nowNs())?.hash).toBe(sha('int A;\n'));
    await settle();
    expect(hashFile(cache, file, nowNs())?.hash).toBe(sha('int A;\n'));
    await fs.rename(path.join(dir, 'b.h'), file);
    expect(hashFile(cache, file, nowNs())?.hash).toBe(sha('int b;\n'));
  });
});

const hasGcc = which('gcc') !== null;
if (!hasGcc) console.warn('gcc not installed: the pre-hash cases are skipped');
const withGcc = hasGcc ? describe : describe.skip;

withGcc('prehashManifestFiles', () => {
  it("hashes the absolute files of the restored manifests, and the build's first compile is a direct hit on them", async () => {
    const dir = path.join(work, 'real');
    await writeFiles(dir, {
      'inc/conf.h': '#define LEVEL 3\n',
      'inc/other.h': '#include "conf.h"\nstatic inline int other(void) { return LEVEL + 1; }\n',
      'src/a.c': '#include "other.h"\n#include <stdio.h>\nint level(void) { return other(); }\n'
    });
    await settle();
    const cache = path.join(dir, 'cache');
    // An absolute -I: the line markers, so the manifest, name the headers by absolute path.
    const args = ['-c', 'src/a.c', `-I${dir}/inc`, '-O1', '-o', 'a.o'];
    expect(await compileOnce(createSession(cache), dir, args)).toBe('miss');

    // A new server's session: nothing hashed yet.
    const fresh = createSession(cache, { longLived: true });
    const r = await prehashManifestFiles(fresh, 'manifests', never);
    expect(r).toMatchObject({ manifests: 1, stopped: null });
    expect(r.hashed).toBe(r.files);
    expect(fresh.fileHashes.get(path.join(dir, 'inc/conf.h'))).toBeDefined();
    expect(fresh.fileHashes.get(path.join(dir, 'inc/other.h'))).toBeDefined();
    // The manifest itself is kept too (it fits in what a session keeps).
    expect(fresh.manifests.size).toBe(1);

    // The hit checks those files through the stat cache; its object is the compiler's own.
    expect(await compileOnce(fresh, dir, args)).toBe('hit');
    execFileSync('gcc', [...args.slice(0, -2), '-o', 'ref.o'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'a.o')).equals(readFileSync(path.join(dir, 'ref.o')))).toBe(true);

    // A header edited since the manifest was written: hashed as it is now, and the compile misses.
    await fs.writeFile(path.join(dir, 'inc/conf.h'), '#define LEVEL 4\n');
    await settle();
    const again = createSession(cache, { longLived: true });
    await prehashManifestFiles(again, 'manifests', never);
    expect(await compileOnce(again, dir, args)).toBe('miss');
    execFileSync('gcc', [...args.slice(0, -2), '-o', 'ref.o'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'a.o')).equals(readFileSync(path.join(dir, 'ref.o')))).toBe(true);
  });

  it('a planted manifest: reads no FIFO, device, directory or file below the cache directory; resolves relative paths against the scope only', async () => {
    const dir = path.join(work, 'planted');
    const cache = path.join(dir, 'cache');
    await writeFiles(dir, {
      'ok.h': 'int ok;\n',
      'sub/rel.h': 'int rel;\n',
      'cache/inside.h': 'int inside;\n'
    });
    execFileSync('mkfifo', [path.join(dir, 'fifo.h')]);
    await settle();
    const inScope = [
      path.join(dir, 'ok.h'),
      path.join(dir, 'fifo.h'),
      '/dev/zero',
      dir,
      path.join(cache, 'inside.h'),
      path.join(dir, 'missing.h'),
      // Relative: against the entry's working directory (its scope).
      'sub/rel.h',
      // The same file as above, reached relatively: below the cache directory all the same.
      'cache/../cache/inside.h'
    ];
    // An entry that travels has no scope: neither its relative nor its checkout paths can be placed.
    const travelling = ['relative.h', `${TOKEN}/in/checkout.h`];
    const manifest = encodeManifest({
      entries: [
        { key: HEX('d'), travel: false, scope: dir, files: inScope.map(f => [f, HEX('e')]), direct: [] },
        { key: HEX('c'), travel: true, scope: null, files: travelling.map(f => [f, HEX('e')]), direct: [] }
      ]
    });
    await new DiskCacheStore(cache)
      .namespace('manifests')
      .namespace('local')
      .put(Buffer.from(HEX('f'), 'hex'), 'manifest', manifest);
    // Not a manifest at all: skipped.
    await new DiskCacheStore(cache)
      .namespace('manifests')
      .namespace('local')
      .put(Buffer.from(HEX('1'), 'hex'), 'manifest', Buffer.from('{"version":1,"entries":[{}]}'));

    const session = createSession(cache, { longLived: true });
    const r = await prehashManifestFiles(session, 'manifests', never);
    expect(r).toMatchObject({ manifests: 1, stopped: null, hashed: 2 });
    // The seven distinct files the in-scope entry places, each looked at once.
    expect(r.files).toBe(7);
    expect(session.fileHashes.size).toBe(2);
    expect(session.fileHashes.get(path.join(dir, 'ok.h'))).toBeDefined();
    expect(session.fileHashes.get(path.join(dir, 'sub/rel.h'))).toBeDefined();
    expect(session.fileHashes.get(path.join(cache, 'inside.h'))).toBeUndefined();
  });

  it('stops when the build starts, and at its file limit', async () => {
    const dir = path.join(work, 'limits');
    const cache = path.join(dir, 'cache');
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`h${i}.h`] = `int h${i};\n`;
    await writeFiles(dir, files);
    await settle();
    const store = new DiskCacheStore(cache).namespace('manifests').namespace('local');
    for (let i = 0; i < 3; i++) {
      const names = [0, 1].map(k => path.join(dir, `h${2 * i + k}.h`));
      await store.put(
        Buffer.from(HEX(String(i + 2)), 'hex'),
        'manifest',
        encodeManifest({
          entries: [
            { key: HEX('d'), travel: false, scope: dir, files: names.map(f => [f, HEX('e')]), direct: [] }
          ]
        })
      );
    }

    const stopped = await prehashManifestFiles(
      createSession(cache, { longLived: true }),
      'manifests',
      () => 'the build started compiling'
    );
    expect(stopped).toMatchObject({ manifests: 0, files: 0, stopped: 'the build started compiling' });

    const limited = createSession(cache, { longLived: true });
    const r = await prehashManifestFiles(limited, 'manifests', never, { maxFiles: 3, maxMs: 60_000 });
    // Checked between manifests: the second one is read, the third is not.
    expect(r).toMatchObject({ manifests: 2, files: 4, hashed: 4, stopped: 'the file limit (3)' });
    expect(limited.fileHashes.size).toBe(4);
  });
});
