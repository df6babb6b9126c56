/**
 * Building the native client on the machine: with the system C compiler, kept by a hash so a second
 * install does not rebuild, self-tested, recognised as ours by content; where it cannot be built,
 * the Node shims with one line saying why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findOnPath, ourFileKind } from '../../src/compiler/compilers.js';
import { buildNativeClient } from '../../src/compiler/native-client.js';
import { installShims, SHIM_NAMES } from '../../src/compiler/shims.js';
import { ROOT, tempDir } from '../compiler/helpers.js';

const source = path.join(ROOT, 'native', 'client.c');
let work: string;

beforeAll(async () => {
  work = await tempDir('native-client');
});

afterAll(async () => {
  if (work) await fs.rm(work, { recursive: true, force: true });
});

const opts = () => ({
  node: process.execPath,
  wrapperScript: path.join(work, 'dist/wrap/index.js'),
  clientSource: source
});

it('install-shims builds the client once: the shims and the launcher are links to it; a second install keeps it', async () => {
  const dir = path.join(work, 'shims');
  const first = await installShims(dir, opts());
  expect(first).toMatchObject({ client: 'native', dir });
  expect(first.note).toBeUndefined();
  const target = (await fs.readlink(path.join(dir, 'cc'))) as string;
  expect(target).toMatch(/^\.compile-cache-client-[0-9a-f]{16}$/);
  for (const name of [...SHIM_NAMES, 'compile-cache-launcher'])
    expect(await fs.readlink(path.join(dir, name))).toBe(target);
  expect(ourFileKind(path.join(dir, 'gcc'))).toBe('shim');
  expect(ourFileKind(path.join(dir, 'compile-cache-launcher'))).toBe('launcher');
  // A copy elsewhere is still ours.
  await fs.copyFile(path.join(dir, target), path.join(work, 'clang'));
  expect(ourFileKind(path.join(work, 'clang'))).toBe('shim');

  const before = lstatSync(path.join(dir, target));
  const again = await buildNativeClient({
    dir,
    node: opts().node,
    wrapperScript: opts().wrapperScript,
    source
  });
  expect(again).toMatchObject({ ok: true, built: false, binary: path.join(dir, target) });
  expect(lstatSync(path.join(dir, target)).ino).toBe(before.ino);
});

it('a kept binary that fails its self-test is rebuilt', async () => {
  const dir = path.join(work, 'tampered');
  const first = await buildNativeClient({ dir, ...opts(), source });
  if (!first.ok) throw new Error(first.reason);
  await fs.writeFile(first.binary, '#!/bin/sh\necho not the client\n', { mode: 0o755 });
  const again = await buildNativeClient({ dir, ...opts(), source });
  expect(again).toMatchObject({ ok: true, built: true, binary: first.binary });
  expect(ourFileKind(first.binary)).toBe('shim');
});

it('no C compiler on PATH: the Node shims, and one line saying why', async () => {
  const dir = path.join(work, 'no-cc');
  const empty = path.join(work, 'empty-bin');
  await fs.mkdir(empty);
  const r = await installShims(dir, { ...opts(), pathEnv: empty });
  expect(r.client).toBe('node');
  expect(r.note).toBe(
    'the native compiler client could not be built (no C compiler (cc, gcc, clang) is on PATH); the shims start the Node wrapper for every compile instead'
  );
  expect(readFileSync(path.join(dir, 'cc'), 'utf8')).toMatch(/^#!\/bin\/sh\n# compile-cache shim/);
  expect(lstatSync(path.join(dir, 'cc')).isSymbolicLink()).toBe(false);
});

it('a source that does not compile: the Node shims, the compiler error named', async () => {
  const bad = path.join(work, 'bad.c');
  await fs.writeFile(bad, 'int main(void) { return nope; }\n');
  const r = await installShims(path.join(work, 'bad-shims'), { ...opts(), clientSource: bad });
  expect(r.client).toBe('node');
  expect(r.note).toMatch(/could not build .*bad\.c: .*nope/);
});

it('a missing source: the Node shims, the path named', async () => {
  const r = await installShims(path.join(work, 'no-source'), {
    ...opts(),
    clientSource: path.join(work, 'none.c')
  });
  expect(r).toMatchObject({ client: 'node' });
  expect(r.note).toContain(`its source ${path.join(work, 'none.c')} cannot be read (ENOENT)`);
});

/** Whether an ELF executable names a dynamic loader (a PT_INTERP program header): null when not ELF. */
function namesLoader(file: string): boolean | null {
  const b = readFileSync(file);
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2) return null;
  const phoff = Number(b.readBigUInt64LE(32));
  const size = b.readUInt16LE(54);
  const count = b.readUInt16LE(56);
  for (let i = 0; i < count; i++) if (b.readUInt32LE(phoff + i * size) === 3) return true;
  return false;
}

/** The system compiler's static C library, when it has one (what `-static-pie` links against). */
function staticLibc(cc: string): boolean {
  const out = execFileSync(cc, ['-print-file-name=libc.a'], { encoding: 'utf8' }).trim();
  return path.isAbsolute(out);
}

it('the client is linked statically where the system compiler can, with no dynamic loader to start', async () => {
  const cc = findOnPath('cc', process.env.PATH) ?? findOnPath('gcc', process.env.PATH);
  if (cc === null) throw new Error('no C compiler on PATH');
  const r = await buildNativeClient({ dir: path.join(work, 'static'), ...opts(), source });
  if (!r.ok) throw new Error(r.reason);
  const expected = staticLibc(cc) && process.platform === 'linux' ? 'static' : 'dynamic';
  expect(r).toMatchObject({ built: true, linked: expected });
  if (process.platform === 'linux') expect(namesLoader(r.binary)).toBe(expected === 'dynamic');
});

it('a compiler that cannot link statically: a dynamically linked client that passes its self-test', async () => {
  const cc = findOnPath('cc', process.env.PATH) ?? findOnPath('gcc', process.env.PATH);
  if (cc === null) throw new Error('no C compiler on PATH');
  const bin = path.join(work, 'no-static-bin');
  await fs.mkdir(bin);
  // Refuses -static-pie the way a compiler without a static C library does (a link error).
  await fs.writeFile(
    path.join(bin, 'cc'),
    `#!/bin/sh\nfor a in "$@"; do [ "$a" = -static-pie ] && { echo "ld: error: cannot find -lc" >&2; exit 1; }; done\nexec ${cc} "$@"\n`,
    { mode: 0o755 }
  );
  const dir = path.join(work, 'no-static');
  const r = await buildNativeClient({ dir, ...opts(), source, pathEnv: bin });
  expect(r).toMatchObject({ ok: true, built: true, linked: 'dynamic' });
  if (!r.ok) return;
  if (process.platform === 'linux') expect(namesLoader(r.binary)).toBe(true);
  expect(ourFileKind(r.binary)).toBe('shim');
  // Nothing of the failed attempt is left beside it.
  expect((await fs.readdir(dir)).filter(n => n.includes('.tmp-'))).toEqual([]);
});

it('without HOME, a call whose cache or state directory would come from the home directory goes to the Node wrapper', async () => {
  // A stand-in for node, baked into the client: it records how it was started.
  const calls = path.join(work, 'fake-node-calls');
  const fakeNode = path.join(work, 'fake-node');
  await fs.writeFile(fakeNode, `#!/bin/sh\necho "$*" >> ${calls}\nexit 0\n`, { mode: 0o755 });
  const dir = path.join(work, 'home-less');
  const r = await buildNativeClient({ dir, node: fakeNode, wrapperScript: opts().wrapperScript, source });
  if (!r.ok) throw new Error(r.reason);
  await fs.symlink(path.basename(r.binary), path.join(dir, 'gcc'));
  const bundle = path.resolve(opts().wrapperScript);
  const base = { PATH: process.env.PATH ?? '', COMPILE_CACHE_SERVER_TIMEOUT_MS: '300' };
  const runClient = (env: Record<string, string>) => {
    rmSync(calls, { force: true });
    const res = spawnSync(path.join(dir, 'gcc'), ['--version'], {
      env: { ...base, ...env },
      encoding: 'utf8'
    });
    return { status: res.status, calls: existsSync(calls) ? readFileSync(calls, 'utf8') : '' };
  };
  // The state directory would be ~/.local/state: the Node wrapper (which asks the user database).
  const cacheDir = path.join(work, 'home-less-cache');
  expect(runClient({ COMPILE_CACHE_DIR: cacheDir })).toEqual({
    status: 0,
    calls: `${bundle} --shim ${path.join(dir, 'gcc')} --version\n`
  });
  // So would the cache directory.
  expect(runClient({ COMPILE_CACHE_STATE_DIR: path.join(work, 'home-less-state') }).calls).toBe(
    `${bundle} --shim ${path.join(dir, 'gcc')} --version\n`
  );
  // Neither needs the home directory: the client asks the server as usual (here it starts one, which
  // the stand-in never becomes, and then runs the compiler itself after its bound).
  const served = runClient({
    COMPILE_CACHE_DIR: cacheDir,
    XDG_RUNTIME_DIR: path.join(work, 'home-less-run'),
    COMPILE_CACHE_STATE_DIR: path.join(work, 'home-less-state')
  });
  expect(served.status).toBe(0);
  // The server is started detached: its command line may land after the client is gone.
  for (let i = 0; i < 200 && !existsSync(calls); i++) await new Promise(r => setTimeout(r, 50));
  expect(readFileSync(calls, 'utf8')).toBe(`${bundle} server\n`);
});
