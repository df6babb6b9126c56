/**
 * Masquerade shims: a directory with `cc`, `c++`, `gcc`, `g++`, `clang`, `clang++` that run the
 * wrapper, which finds the real compiler of the same name further along PATH (never a shim), plus
 * `compile-cache-launcher` for `CMAKE_<LANG>_COMPILER_LAUNCHER` and scripts (`launcher gcc -c …`).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LAUNCHER_MARKER, SHIM_MARKER } from './compilers.js';
import { NODE_COMPILE_CACHE_DIR } from './wrap.js';

export const SHIM_NAMES = ['cc', 'c++', 'gcc', 'g++', 'clang', 'clang++'] as const;
export const LAUNCHER_NAME = 'compile-cache-launcher';

/** Single-quoted for /bin/sh. */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Points Node's compile cache (Node ≥ 22.1; older versions ignore the variable) at
 * `<cache dir>/.node-compile-cache` when that directory exists: the wrapper's bundle is then not
 * parsed and compiled again by every call. It is set from the start, before the bundle loads, which
 * `module.enableCompileCache()` inside the one-file bundle could not do. The directory must exist
 * already (a wrapper's miss creates it): Node then never has to create it, and a cache directory that
 * is missing, relative or unwritable just means no compile cache. The directory is the wrapper's
 * cacheDirFrom(): COMPILE_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache, plus /compile-cache.
 */
const NODE_COMPILE_CACHE_LINES = [
  `compile_cache_node=\${COMPILE_CACHE_DIR:-\${XDG_CACHE_HOME:-$HOME/.cache}/compile-cache}/${NODE_COMPILE_CACHE_DIR}`,
  `case $compile_cache_node in /*) if [ -z "\${NODE_COMPILE_CACHE-}" ] && [ -d "$compile_cache_node" ]; then NODE_COMPILE_CACHE=$compile_cache_node; export NODE_COMPILE_CACHE; fi ;; esac`
];

function shimScript(node: string, wrapperScript: string): string {
  // "$0" is the shim's own path: the wrapper skips its directory (by real path) on PATH.
  return [
    '#!/bin/sh',
    `${SHIM_MARKER}: runs the real compiler of this name further along PATH through the cache (generated)`,
    ...NODE_COMPILE_CACHE_LINES,
    `exec ${shQuote(node)} ${shQuote(wrapperScript)} --shim "$0" "$@"`,
    ''
  ].join('\n');
}

function launcherScript(node: string, wrapperScript: string): string {
  return [
    '#!/bin/sh',
    `${LAUNCHER_MARKER}: usage: compile-cache-launcher <compiler> <args...> (generated)`,
    ...NODE_COMPILE_CACHE_LINES,
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

/** Writes cc, c++, gcc, g++, clang, clang++ and a `compile-cache-launcher` into dir; returns paths. */
export async function installShims(
  dir: string,
  opts: { node: string; wrapperScript: string }
): Promise<{ dir: string; launcher: string }> {
  const abs = path.resolve(dir);
  await fs.mkdir(abs, { recursive: true });
  const node = path.resolve(opts.node);
  const script = path.resolve(opts.wrapperScript);
  for (const name of SHIM_NAMES) await writeExecutable(path.join(abs, name), shimScript(node, script));
  const launcher = path.join(abs, LAUNCHER_NAME);
  await writeExecutable(launcher, launcherScript(node, script));
  return { dir: abs, launcher };
}
