/**
 * Masquerade shims: a directory with `cc`, `c++`, `gcc`, `g++`, `clang`, `clang++` that run the
 * wrapper, which finds the real compiler of the same name further along PATH (never a shim), plus
 * `compile-cache-launcher` for `CMAKE_<LANG>_COMPILER_LAUNCHER` and scripts (`launcher gcc -c …`).
 *
 * Two kinds: the native client (native/client.c, built here with the system C compiler; the shims
 * are symlinks to it, and it asks the compile server, docs/server.md), or, where it cannot be built,
 * `/bin/sh` scripts that start the Node wrapper for every compile (docs/wrapper.md).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LAUNCHER_MARKER, LAUNCHER_NAME, SHIM_MARKER } from './compilers.js';
import { buildNativeClient } from './native-client.js';
import { tempSuffix } from './temp-name.js';
import { NODE_COMPILE_CACHE_DIR } from './wrap.js';

export const SHIM_NAMES = ['cc', 'c++', 'gcc', 'g++', 'clang', 'clang++'] as const;
export { LAUNCHER_NAME };

/** Single-quoted for /bin/sh. */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Points Node's compile cache (Node ≥ 22.1; older versions ignore the variable) at a private
 * directory beside the shims: the wrapper's bundle is then not parsed and compiled again by every
 * call. It is set from the start, before the bundle loads, which `module.enableCompileCache()`
 * inside the one-file bundle could not do. The directory is made (0700) when the shims are
 * installed, so Node never has to create it; the user's own NODE_COMPILE_CACHE is left alone.
 *
 * Not below the cache directory: a build writes there (and on a self-hosted runner it persists
 * between jobs), so a planted symlink would send Node's writes elsewhere and a planted V8 code
 * cache would be loaded and run by a later, trusted job. Beside the shims it is as trusted as the
 * shims themselves (whoever can write there can replace the shims), and the action's shims live in
 * the runner's per-job temp directory, which the runner empties for every job.
 */
function nodeCompileCacheLines(dir: string): string[] {
  const q = shQuote(dir);
  return [
    `if [ -z "\${NODE_COMPILE_CACHE-}" ] && [ -d ${q} ] && [ ! -h ${q} ]; then NODE_COMPILE_CACHE=${q}; export NODE_COMPILE_CACHE; fi`
  ];
}

function shimScript(node: string, wrapperScript: string, ncc: string): string {
  // "$0" is the shim's own path: the wrapper skips its directory (by real path) on PATH.
  return [
    '#!/bin/sh',
    `${SHIM_MARKER}: runs the real compiler of this name further along PATH through the cache (generated)`,
    ...nodeCompileCacheLines(ncc),
    `exec ${shQuote(node)} ${shQuote(wrapperScript)} --shim "$0" "$@"`,
    ''
  ].join('\n');
}

function launcherScript(node: string, wrapperScript: string, ncc: string): string {
  return [
    '#!/bin/sh',
    `${LAUNCHER_MARKER}: usage: compile-cache-launcher <compiler> <args...> (generated)`,
    ...nodeCompileCacheLines(ncc),
    `exec ${shQuote(node)} ${shQuote(wrapperScript)} wrap "$@"`,
    ''
  ].join('\n');
}

async function writeExecutable(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, text, { mode: 0o755 });
  await fs.chmod(tmp, 0o755);
  await fs.rename(tmp, file);
}

/** `<dir>/.node-compile-cache` as a real 0700 directory of this user (anything else there is removed first). */
async function privateDir(dir: string): Promise<void> {
  const st = await fs.lstat(dir).catch(() => undefined);
  const uid = process.getuid?.();
  if (st !== undefined && (!st.isDirectory() || (uid !== undefined && st.uid !== uid))) {
    await fs.rm(dir, { recursive: true, force: true });
  }
  await fs.mkdir(dir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  await fs.chmod(dir, 0o700);
}

/** Points `file` at `target` (a name in the same directory) by a symlink made under a temporary name and renamed over it. */
async function linkTo(file: string, target: string): Promise<void> {
  const tmp = `${file}.tmp-${tempSuffix()}`;
  await fs.symlink(target, tmp);
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

export interface InstalledShims {
  dir: string;
  launcher: string;
  nodeCompileCache: string;
  /** 'native': the shims are the native client (compiles go to the compile server); 'node': shell scripts starting the Node wrapper. */
  client: 'native' | 'node';
  /** Why the native client is not used (one line), when client is 'node' and it was asked for. */
  note?: string;
}

/**
 * Writes cc, c++, gcc, g++, clang, clang++ and a `compile-cache-launcher` into dir, with Node's
 * compile cache for the wrapper in `<dir>/.node-compile-cache`; returns paths. With `client:
 * 'auto'` (the default) they are the native client when it builds and passes its self-test, else
 * the Node scripts, and `note` says why.
 */
export async function installShims(
  dir: string,
  opts: {
    node: string;
    wrapperScript: string;
    client?: 'auto' | 'node';
    /** native/client.c when not beside the bundle; PATH to find the system C compiler on. */
    clientSource?: string;
    pathEnv?: string;
  }
): Promise<InstalledShims> {
  const abs = path.resolve(dir);
  await fs.mkdir(abs, { recursive: true });
  const node = path.resolve(opts.node);
  const script = path.resolve(opts.wrapperScript);
  const ncc = path.join(abs, NODE_COMPILE_CACHE_DIR);
  await privateDir(ncc);
  const launcher = path.join(abs, LAUNCHER_NAME);
  let note: string | undefined;
  if (opts.client !== 'node') {
    const built = await buildNativeClient({
      dir: abs,
      node,
      wrapperScript: script,
      source: opts.clientSource,
      pathEnv: opts.pathEnv
    });
    if (built.ok) {
      const target = path.basename(built.binary);
      for (const name of [...SHIM_NAMES, LAUNCHER_NAME]) await linkTo(path.join(abs, name), target);
      return { dir: abs, launcher, nodeCompileCache: ncc, client: 'native' };
    }
    note = `the native compiler client could not be built (${built.reason}); the shims start the Node wrapper for every compile instead`;
  }
  for (const name of SHIM_NAMES) await writeExecutable(path.join(abs, name), shimScript(node, script, ncc));
  await writeExecutable(launcher, launcherScript(node, script, ncc));
  return {
    dir: abs,
    launcher,
    nodeCompileCache: ncc,
    client: 'node',
    ...(note === undefined ? {} : { note })
  };
}
