/**
 * The compiler-side commands run through `bin/compile-cache.js`, as users on other CI systems run
 * them: the wrapper they reach must name the wrapper bundle as its own file, because the shims it
 * installs and the compile server's threads run that file. (Through the launcher, the threads once
 * started the CLI, which printed its usage and exited: every thread died, and the server compiled
 * on its main thread alone.)
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runProcess } from '../helpers/runner.js';

const BIN = join(REPO_ROOT, 'bin', 'compile-cache.js');
const BUNDLE = join(REPO_ROOT, 'dist', 'wrap', 'index.js');

let work: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wrapper-commands-'));
  await mkdir(join(work, 'run'), { mode: 0o700 });
  await mkdir(join(work, 'tmp'));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('COMPILE_CACHE_'))
  );
  env = {
    ...clean,
    COMPILE_CACHE_DIR: join(work, 'cache'),
    COMPILE_CACHE_STATE_DIR: join(work, 'state'),
    XDG_RUNTIME_DIR: join(work, 'run'),
    TMPDIR: join(work, 'tmp'),
    COMPILE_CACHE_SERVER_THREADS: '2'
  };
});

afterAll(async () => {
  await runProcess(process.execPath, [BIN, 'server', 'stop'], { cwd: work, env });
  await rm(work, { recursive: true, force: true });
});

test('`compile-cache server --warm-up`: both compile threads run the whole rehearsal (none dies)', async () => {
  const child = spawn(process.execPath, [BIN, 'server', '--warm-up'], { cwd: work, env });
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  child.stdout.on('data', (c: Buffer) => (log += c.toString()));
  const done = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!log.includes('warmed up:') && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
  const stop = await runProcess(process.execPath, [BIN, 'server', 'stop'], { cwd: work, env });
  expect(stop.stdout).toContain('stopped the server');
  expect(await done).toBe(0);
  expect(log).not.toContain('usage: compile-cache');
  expect(log).not.toContain('compile threads died');
  expect(log).toMatch(
    /warmed up: main thread 152 compiles in \d+ ms; compile thread 1 152 compiles in \d+ ms; compile thread 2 152 compiles in \d+ ms;/
  );
  expect(await readdir(join(work, 'tmp'))).toEqual([]);
}, 90_000);

test('`compile-cache install-shims`: the shims run the wrapper bundle, not the launcher', async () => {
  const r = await runProcess(process.execPath, [BIN, 'install-shims', join(work, 'shims')], {
    cwd: work,
    env
  });
  expect(r.code).toBe(0);
  const [shims] = r.stdout.trim().split('\n') as [string];
  // The native client carries the bundle's path (it starts the server with it); a Node shim names it.
  const texts = await Promise.all(
    (await readdir(shims)).map(async f =>
      (await readFile(join(shims, f)).catch(() => Buffer.alloc(0))).toString('latin1')
    )
  );
  expect(texts.some(t => t.includes(BUNDLE))).toBe(true);
  expect(texts.some(t => t.includes(BIN))).toBe(false);
});
