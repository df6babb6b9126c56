/**
 * Where the compile server of a cache directory listens, and the checks that keep other local users
 * out. The native client (native/client.c) computes the same path by the same rules; a change here
 * must be made there too (and the protocol version in the file name bumped when the wire changes).
 *
 *   <base>/compile-cache-<uid>/<first 16 hex of sha256(cache dir)>-v<protocol>.sock
 *
 * `<base>` is $XDG_RUNTIME_DIR when it is set, absolute and a directory, else /tmp; when the whole path would not
 * fit in sun_path (104 bytes on macOS, 108 on Linux; we keep under 100), /tmp. The cache directory is
 * the resolved path (path.resolve: absolute, normalised, symlinks not resolved), as cacheDirFrom
 * gives it.
 *
 * The directory is the fence: 0700, owned by the user, a real directory (never a symlink). The
 * socket inside is 0600 as well, but a Unix socket's own mode is not honoured everywhere (BSDs
 * ignore it); the directory's is. A directory that is a symlink, is owned by someone else or lets
 * group or others in is refused by the server (it does not start) and by the client (it runs the
 * compiler without the server); it is never repaired or used, since whoever made it can watch it.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeKind, errorCode } from '../store/safe-fs.js';
import { PROTOCOL_VERSION } from './protocol.js';

/** Longest socket path we use (sun_path is 104 bytes on macOS, 108 on Linux, with the NUL). */
export const MAX_SOCKET_PATH = 100;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function uid(): number {
  return process.getuid?.() ?? 0;
}

/** The private runtime directory for this user below `base`. */
function runtimeDirIn(base: string): string {
  return path.join(base, `compile-cache-${uid()}`);
}

function socketName(cacheDir: string): string {
  const hash = createHash('sha256').update(path.resolve(cacheDir)).digest('hex').slice(0, 16);
  return `${hash}-v${PROTOCOL_VERSION}.sock`;
}

export interface ServerPaths {
  /** The private directory (0700, the user's). */
  dir: string;
  /** The socket. */
  socket: string;
  /** Held briefly while a stale socket is replaced (two servers starting at once). */
  lock: string;
}

/** The socket and its directory for `cacheDir`, by the rules above. */
export function serverPaths(cacheDir: string, env: NodeJS.ProcessEnv = process.env): ServerPaths {
  const name = socketName(cacheDir);
  const xdg = env.XDG_RUNTIME_DIR;
  let dir = runtimeDirIn(xdg !== undefined && xdg.startsWith('/') && isDir(xdg) ? path.resolve(xdg) : '/tmp');
  if (Buffer.byteLength(path.join(dir, name)) > MAX_SOCKET_PATH) dir = runtimeDirIn('/tmp');
  const socket = path.join(dir, name);
  return { dir, socket, lock: `${socket}.lock` };
}

/** The runtime directory is not one we may use; the message names it and says why. */
export class UnsafeRuntimeDirError extends Error {
  override name = 'UnsafeRuntimeDirError';
  constructor(
    readonly dir: string,
    readonly why: string
  ) {
    super(
      `${dir} ${why}; expected a directory owned by uid ${uid()} with mode 0700 (the compile server's socket lives there). Remove it to let compile-cache make it again.`
    );
  }
}

/**
 * Throws UnsafeRuntimeDirError unless `dir` is a real directory (lstat: not a symlink) owned by
 * this user with no group or other permission bits; ENOENT passes through as is.
 */
export function checkRuntimeDir(dir: string): void {
  const st = lstatSync(dir);
  if (st.isSymbolicLink() || !st.isDirectory())
    throw new UnsafeRuntimeDirError(dir, `is ${describeKind(st)}`);
  if (st.uid !== uid()) throw new UnsafeRuntimeDirError(dir, `is owned by uid ${st.uid}`);
  if ((st.mode & 0o077) !== 0)
    throw new UnsafeRuntimeDirError(dir, `has mode 0${(st.mode & 0o777).toString(8)}`);
}

/** Makes the runtime directory (0700) when missing, then checks it as the client will. */
export function ensureRuntimeDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if (errorCode(err) !== 'EEXIST') throw err;
  }
  checkRuntimeDir(dir);
}
