/**
 * A Node 24 binary, the runtime the action declares (`runs.using: node24`), for tests and the demo
 * on machines that have another Node. It comes from the npm registry as the `node` package,
 * installed into .tools/node24 (git-ignored) — never into package.json, where it would shadow the
 * node that npm scripts run with.
 *
 *   node scripts/node24.mjs     prints the binary's path (installing it first when needed)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE24_PREFIX = join(ROOT, '.tools', 'node24');
const BINARY = join(NODE24_PREFIX, 'node_modules', 'node', 'bin', 'node');

function majorOf(binary) {
  try {
    return Number(
      execFileSync(binary, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim()
    );
  } catch {
    return 0;
  }
}

const LOCK = join(ROOT, '.tools', 'node24.lock');
const LOCK_WAIT_MS = 5 * 60_000;

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isInstalled() {
  return existsSync(BINARY) && majorOf(BINARY) === 24;
}

/** The path of a Node 24 binary: this process's own when it is Node 24, else the one in .tools/node24. */
export function node24Path() {
  if (process.versions.node.split('.')[0] === '24') return process.execPath;
  if (isInstalled()) return BINARY;
  // Test files run in parallel workers: one installs, the others wait for it.
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (Date.now() > deadline) {
        throw new Error(`waited too long for another install of Node 24 (remove ${LOCK} if it is stale)`, {
          cause: err
        });
      }
      sleep(250);
    }
  }
  try {
    if (!isInstalled()) {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const args = ['install', '--prefix', NODE24_PREFIX, '--no-save', '--no-audit', '--no-fund', 'node@24'];
      execFileSync(npm, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  if (!isInstalled()) {
    throw new Error(
      `npm install node@24 into ${NODE24_PREFIX} did not produce a Node 24 binary at ${BINARY}`
    );
  }
  return BINARY;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(node24Path());
}
