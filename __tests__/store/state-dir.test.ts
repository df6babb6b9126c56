/**
 * The state directory of a cache directory (src/store/state-dir.ts): where it is for each
 * environment, made 0700 below its trusted base, and a planted component below the base refused by
 * the checks and unlinked (never followed) by the repair.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UnsafePathError } from '../../src/store/safe-fs.js';
import {
  checkStateDir,
  ensureStateDir,
  repairStateDir,
  stateDirOf,
  stateLocation
} from '../../src/store/state-dir.js';
import { hashTree, makeCanaryTree, type CanaryTree } from '../helpers/hostile-tree.js';

let work: string;
let canary: CanaryTree;
beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'compile-cache-state-dir-'));
  canary = await makeCanaryTree(work);
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

const idOf = (dir: string) => createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);

describe('where it is', () => {
  test('$XDG_STATE_HOME/compile-cache/<16 hex of the cache path>, one per cache directory', () => {
    const env = { XDG_STATE_HOME: '/x/state', HOME: '/home/u' };
    expect(stateDirOf('/var/cache/cc', env)).toBe(`/x/state/compile-cache/${idOf('/var/cache/cc')}`);
    expect(stateDirOf('/var/cache/cc/', env)).toBe(stateDirOf('/var/cache/cc', env));
    expect(stateDirOf('/var/cache/other', env)).not.toBe(stateDirOf('/var/cache/cc', env));
    expect(stateLocation('/var/cache/cc', env).base).toBe('/x/state');
  });

  test('~/.local/state without XDG_STATE_HOME, or with a relative one (the XDG rule)', () => {
    const home = path.join(os.homedir(), '.local', 'state', 'compile-cache', idOf('/c'));
    expect(stateDirOf('/c', {})).toBe(home);
    expect(stateDirOf('/c', { XDG_STATE_HOME: 'relative/state' })).toBe(home);
    expect(stateDirOf('/c', { XDG_STATE_HOME: '' })).toBe(home);
  });

  test('COMPILE_CACHE_STATE_DIR names it outright (and is its own trusted base)', () => {
    const env = { COMPILE_CACHE_STATE_DIR: '/srv/cc-state', XDG_STATE_HOME: '/x/state' };
    expect(stateLocation('/c', env)).toEqual({ base: '/srv/cc-state', dir: '/srv/cc-state' });
  });

  test('the test run points XDG_STATE_HOME at a temporary directory (never the real ~/.local/state)', () => {
    expect(process.env.XDG_STATE_HOME).toMatch(/compile-cache-test-state-/);
    expect(process.env.COMPILE_CACHE_STATE_DIR).toBeUndefined();
  });
});

describe('made and checked', () => {
  test('made 0700 component by component below the base', async () => {
    const env = { XDG_STATE_HOME: path.join(work, 'xdg1') };
    const loc = stateLocation('/some/cache', env);
    expect(checkStateDir(loc)).toBe(false);
    const old = process.umask(0o022);
    try {
      ensureStateDir(loc, path.join(loc.dir, 'stats'));
    } finally {
      process.umask(old);
    }
    for (const p of [path.dirname(loc.dir), loc.dir, path.join(loc.dir, 'stats')]) {
      expect(lstatSync(p).mode & 0o777).toBe(0o700);
    }
    expect(checkStateDir(loc, path.join(loc.dir, 'stats'))).toBe(true);
  });

  test('a symlink planted in place of compile-cache/ or the state directory: checks refuse it, ensure makes nothing through it, repair unlinks it', async () => {
    for (const level of ['compile-cache', 'id'] as const) {
      const env = { XDG_STATE_HOME: path.join(work, `xdg-${level}`) };
      const loc = stateLocation('/some/cache', env);
      const p = level === 'compile-cache' ? path.dirname(loc.dir) : loc.dir;
      await fs.mkdir(path.dirname(p), { recursive: true });
      await fs.symlink(canary.home, p);
      const before = hashTree(canary.dir);
      expect(() => checkStateDir(loc)).toThrow(UnsafePathError);
      expect(() => ensureStateDir(loc, path.join(loc.dir, 'stats'))).toThrow(`${p} is a symbolic link`);
      const notes = repairStateDir(loc, path.join(loc.dir, 'stats'));
      expect(notes).toEqual([`${p} was a symbolic link; removed (the link itself, not what it points at)`]);
      expect(lstatSync(p).isDirectory()).toBe(true);
      expect(existsSync(path.join(loc.dir, 'stats'))).toBe(true);
      expect(hashTree(canary.dir)).toBe(before);
    }
  });
});
