/**
 * Builds the native client (native/client.c: the shims and the launcher as one small program that
 * talks to the compile server) with the system C compiler, on the machine that runs the builds.
 *
 * The compiler is `cc` (else `gcc`, `clang`) found on PATH past our own shims and files, never the
 * build's $CC (which may be a launcher, ccache or our shims). The node binary and the wrapper bundle
 * that the client starts the server with are baked in (-D). The result is kept in the shims
 * directory under a name carrying a hash of the source, the compiler's content and those two
 * paths, so installing again into the same directory does not rebuild. Every binary, fresh or kept,
 * must pass its self-test (it runs and prints what it was built with) before it is used.
 *
 * Linked statically where the machine allows it (`-static-pie`: glibc's libc.a, gcc 8 or later),
 * else dynamically (macOS, no static libc): a statically linked client starts without the dynamic
 * loader, which was half a millisecond of every compile's whole cost (docs/speed.md), and a hit is a
 * few milliseconds. The client calls nothing that glibc loads at run time (no getpwuid: without HOME
 * it hands the compile to the Node wrapper), so a static binary does not depend on the machine's
 * libc staying the version it was built against.
 *
 * Never below the cache directory: a build writes there and (on self-hosted runners) it persists,
 * so a planted binary would be run by a later job. The shims directory is as trusted as the shims.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { nodeCrypto } from '../store/lazy-crypto.js';
import { findOnPath, NATIVE_MARKER } from './compilers.js';
import { tempSuffix } from './temp-name.js';

const run = promisify(execFile);

/** Where the C source ships relative to the wrapper bundle: dist/wrap/index.js -> dist/native/client.c. */
export function clientSourceFor(wrapperScript: string): string {
  return path.resolve(path.dirname(wrapperScript), '..', 'native', 'client.c');
}

/** A C string literal for -D (no shell is involved: execFile passes it as one argument). */
function cString(s: string): string {
  let out = '"';
  for (const byte of Buffer.from(s)) {
    const c = String.fromCharCode(byte);
    out +=
      byte < 0x20 || byte >= 0x7f || c === '"' || c === '\\' || c === '?'
        ? `\\${byte.toString(8).padStart(3, '0')}`
        : c;
  }
  return out + '"';
}

export interface NativeClientOptions {
  /** Directory the binary goes into (the shims directory). */
  dir: string;
  node: string;
  wrapperScript: string;
  /** native/client.c; by default beside the bundle (clientSourceFor). */
  source?: string;
  /** PATH to find the system compiler on; process.env.PATH by default. */
  pathEnv?: string;
}

/**
 * How the client is linked, tried in this order: the first whose build and self-test pass is kept.
 * Part of the binary's name (its hash), so a client built before static linking is built again.
 */
const LINKINGS = [
  { linked: 'static', flags: ['-static-pie'] },
  { linked: 'dynamic', flags: [] }
] as const;

export type Linking = (typeof LINKINGS)[number]['linked'];

export type NativeClientResult =
  /** `linked`: how a binary built now was linked (a kept one is not examined). */
  | { ok: true; binary: string; built: boolean; compiler: string; linked?: Linking }
  | { ok: false; reason: string };

/** The expected self-test output of a binary built with these paths. */
function selfTestText(node: string, wrapperScript: string): string {
  return `${NATIVE_MARKER.slice(1)}${node}\n${wrapperScript}\n`;
}

async function selfTest(binary: string, expected: string): Promise<string | null> {
  try {
    const { stdout } = await run(binary, ['--compile-cache-self-test'], {
      timeout: 10_000,
      encoding: 'utf8'
    });
    return stdout === expected ? null : `its self-test printed ${JSON.stringify(stdout.slice(0, 200))}`;
  } catch (err) {
    return `its self-test failed: ${(err as Error).message.split('\n')[0]}`;
  }
}

/** Builds (or reuses) the client; never throws: `ok: false` says why not, in words. */
export async function buildNativeClient(opts: NativeClientOptions): Promise<NativeClientResult> {
  const dir = path.resolve(opts.dir);
  const source = opts.source ?? clientSourceFor(opts.wrapperScript);
  let code: Buffer;
  try {
    code = await fs.readFile(source);
  } catch (err) {
    return {
      ok: false,
      reason: `its source ${source} cannot be read (${(err as NodeJS.ErrnoException).code})`
    };
  }
  const pathEnv = opts.pathEnv ?? process.env.PATH;
  let compiler: string | null = null;
  for (const name of ['cc', 'gcc', 'clang']) {
    compiler = findOnPath(name, pathEnv, [dir]);
    if (compiler !== null) break;
  }
  if (compiler === null) return { ok: false, reason: 'no C compiler (cc, gcc, clang) is on PATH' };
  let compilerContent: Buffer;
  try {
    compilerContent = await fs.readFile(await fs.realpath(compiler));
  } catch (err) {
    return { ok: false, reason: `${compiler} cannot be read (${(err as NodeJS.ErrnoException).code})` };
  }
  const node = path.resolve(opts.node);
  const bundle = path.resolve(opts.wrapperScript);
  const hash = nodeCrypto().createHash('sha256');
  const linkings = Buffer.from(LINKINGS.map(l => l.flags.join(' ')).join(','));
  for (const part of [code, compilerContent, Buffer.from(node), Buffer.from(bundle), linkings]) {
    hash.update(String(part.length)).update(':').update(part);
  }
  const binary = path.join(dir, `.compile-cache-client-${hash.digest('hex').slice(0, 16)}`);
  const expected = selfTestText(node, bundle);

  const kept = await fs.lstat(binary).catch(() => undefined);
  if (kept !== undefined && kept.isFile() && kept.uid === process.getuid?.() && (kept.mode & 0o022) === 0) {
    if ((await selfTest(binary, expected)) === null) return { ok: true, binary, built: false, compiler };
  }
  if (kept !== undefined) await fs.rm(binary, { recursive: true, force: true });

  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    return { ok: false, reason: `${dir} cannot be made (${(err as NodeJS.ErrnoException).code})` };
  }
  let failure = '';
  for (const { linked, flags } of LINKINGS) {
    const tmp = `${binary}.tmp-${tempSuffix()}`;
    try {
      await run(
        compiler,
        [
          '-std=c99',
          '-O2',
          ...flags,
          `-DCOMPILE_CACHE_NODE=${cString(node)}`,
          `-DCOMPILE_CACHE_BUNDLE=${cString(bundle)}`,
          '-o',
          tmp,
          source
        ],
        // The compiler runs bare: no nesting marker or wrapper variables matter, but make sure no
        // wrapper of ours is entered if `cc` is itself a script calling a shim.
        { timeout: 120_000, env: { ...process.env, COMPILE_CACHE_WRAPPED: '1' }, maxBuffer: 1 << 20 }
      );
      await fs.chmod(tmp, 0o755);
      const bad = await selfTest(tmp, expected);
      if (bad !== null) {
        await fs.rm(tmp, { force: true });
        failure = `the binary built by ${compiler} does not work (${bad})`;
        continue;
      }
      await fs.rename(tmp, binary);
      return { ok: true, binary, built: true, compiler, linked };
    } catch (err) {
      await fs.rm(tmp, { force: true });
      const e = err as { stderr?: string; message: string };
      // The line that says what went wrong (gcc and clang begin with "In function …" context lines).
      const lines = (e.stderr ?? '').split('\n').filter(l => l.trim() !== '');
      const first = lines.find(l => /error/i.test(l)) ?? lines[0] ?? e.message.split('\n')[0];
      failure = `${compiler} could not build ${source}: ${first}`;
    }
  }
  // The last linking's failure: the plainest build's reason is the one that says what is wrong.
  return { ok: false, reason: failure };
}
