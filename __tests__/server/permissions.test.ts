/**
 * Another local user must not be able to talk to the server: the socket is 0600 inside a 0700
 * directory of ours. A runtime directory that is a symlink, has group/other bits or belongs to
 * someone else is refused by the server (it does not start, naming the directory) and by the client
 * (it runs the real compiler itself, counted as server-dir-unsafe), and nothing is created in it.
 */
import { spawnSync } from 'node:child_process';
import {
  chownSync,
  lstatSync,
  mkdirSync,
  promises as fs,
  readdirSync,
  readFileSync,
  symlinkSync
} from 'node:fs';
import path from 'node:path';
import { run, stats, writeFiles } from '../compiler/helpers.js';
import { serverPaths } from '../../src/server/socket-path.js';
import { serverPid, setUp, stopServer, type Setup } from './helpers.js';

let s: Setup;

beforeAll(async () => {
  s = await setUp('server-perm');
  await writeFiles(path.join(s.work, 'src'), { 'a.c': 'int a(void) { return 5; }\n' });
}, 120000);

afterAll(async () => {
  if (s) {
    stopServer(s);
    await fs.rm(s.work, { recursive: true, force: true });
  }
});

const uid = process.getuid?.() ?? 0;

it('the socket is 0600 in a 0700 directory owned by the user', async () => {
  expect(run('cc', ['-c', 'a.c', '-o', 'a.o'], path.join(s.work, 'src'), s.env).status).toBe(0);
  expect(await serverPid(s)).not.toBeNull();
  const { dir, socket } = serverPaths(s.cacheDir, s.env);
  const d = lstatSync(dir);
  expect([d.isDirectory(), d.mode & 0o777, d.uid]).toEqual([true, 0o700, uid]);
  const k = lstatSync(socket);
  expect([k.isSocket(), k.mode & 0o777, k.uid]).toEqual([true, 0o600, uid]);
});

type Plant = (dir: string, elsewhere: string) => void;
const plants: Array<{ what: string; plant: Plant; found: string; rootOnly?: boolean }> = [
  {
    what: 'a symlink to a directory of ours',
    plant: (dir, elsewhere) => symlinkSync(elsewhere, dir),
    found: 'is a symbolic link'
  },
  {
    what: 'a directory with mode 0755',
    plant: dir => {
      mkdirSync(dir);
      spawnSync('chmod', ['0755', dir]);
    },
    found: 'has mode 0755'
  },
  {
    what: 'a directory owned by another user',
    plant: dir => {
      mkdirSync(dir, { mode: 0o700 });
      chownSync(dir, 65534, 65534);
    },
    found: 'is owned by uid 65534',
    rootOnly: true
  }
];

describe.each(plants)('a runtime directory that is $what', ({ what, plant, found, rootOnly }) => {
  const can = !rootOnly || uid === 0;
  if (!can) console.warn(`not root: the case "${what}" needs chown and is skipped`);
  (can ? it : it.skip)(
    'is refused by the server and the client; the compile still runs, counted',
    async () => {
      const base = path.join(s.work, `run-${found.replace(/\W+/g, '-')}`);
      const elsewhere = path.join(s.work, `elsewhere-${found.replace(/\W+/g, '-')}`);
      mkdirSync(base, { mode: 0o700 });
      mkdirSync(elsewhere, { mode: 0o700 });
      const cacheDir = path.join(s.work, `cache-${found.replace(/\W+/g, '-')}`);
      const env = { ...s.env, XDG_RUNTIME_DIR: base, COMPILE_CACHE_DIR: cacheDir };
      const { dir } = serverPaths(cacheDir, env);
      plant(dir, elsewhere);

      const server = spawnSync(process.execPath, [s.bundle, 'server'], {
        env,
        encoding: 'utf8',
        timeout: 30000
      });
      expect(server.status).toBe(1);
      expect(server.stderr).toContain(dir);
      expect(server.stderr).toContain(found);

      const src = path.join(s.work, 'src');
      const r = run('cc', ['-c', 'a.c', '-o', `${found.length}.o`], src, env);
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(
        readFileSync(path.join(src, `${found.length}.o`)).equals(readFileSync(path.join(src, 'a.o')))
      ).toBe(true);
      expect(await stats(cacheDir)).toMatchObject({
        calls: 1,
        errorKinds: { 'server-dir-unsafe': 1 },
        uncacheable: { 'server-unavailable': 1 }
      });
      // Nothing was made through the link or in the foreign or open directory.
      expect(readdirSync(elsewhere)).toEqual([]);
      if (lstatSync(dir).isDirectory()) expect(readdirSync(dir)).toEqual([]);
    }
  );
});
