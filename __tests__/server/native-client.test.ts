/**
 * Building the native client on the machine: with the system C compiler, kept by a hash so a second
 * install does not rebuild, self-tested, recognised as ours by content; where it cannot be built,
 * the Node shims with one line saying why.
 */
import { lstatSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { ourFileKind } from '../../src/compiler/compilers.js';
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
