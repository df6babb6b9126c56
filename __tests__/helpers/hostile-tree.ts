/**
 * Hostile trees for the issue-12 tests: what a pull request's build can leave under the cache
 * directory (symlinks, FIFOs, sockets, devices) and a canary tree outside it whose hash must not
 * change, whatever the store, the sync or the action did.
 *
 * Used by the store, sync and action tests alike, so everything here is plain node (no jest).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Stats } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The kinds of non-regular things a build can plant. */
export const PLANT_KINDS = ['fifo', 'socket', 'chardev', 'dir-symlink', 'file-symlink'] as const;
export type PlantKind = (typeof PLANT_KINDS)[number];

/** A 64-character hex key made of one repeated byte (a valid entry name on disk and in S3). */
export function repeatedKey(byte: number): string {
  return byte.toString(16).padStart(2, '0').repeat(32);
}

export interface CanaryTree {
  /** The canary's root directory (outside any cache directory). */
  dir: string;
  /** A directory shaped like a namespace, holding one entry with a secret-looking blob: `ab/<abab…>/output`. */
  secretNamespace: string;
  /** The secret entry's key and the content of its `output` blob (must never reach the bucket). */
  secretKey: string;
  secret: string;
  /** A directory shaped like a home directory: `notes.txt`, `project/important.txt`. */
  home: string;
  /** A single regular file (a target for file symlinks). */
  file: string;
}

/**
 * Creates a canary tree in a fresh temporary directory: a namespace-shaped directory with a
 * secret-looking entry (what a planted namespace symlink would upload or prune), a home-shaped
 * directory (what a planted staging symlink would delete) and a lone file.
 */
export async function makeCanaryTree(parent = os.tmpdir()): Promise<CanaryTree> {
  const dir = await fs.mkdtemp(path.join(parent, 'compile-cache-canary-'));
  const secretKey = repeatedKey(0xab);
  const secret = `AWS_SECRET_ACCESS_KEY=canary-${path.basename(dir)}`;
  const secretNamespace = path.join(dir, 'namespace');
  const entry = path.join(secretNamespace, 'ab', secretKey);
  await fs.mkdir(entry, { recursive: true });
  await fs.writeFile(path.join(entry, 'output'), secret);
  await fs.writeFile(path.join(entry, 'exit_code'), '0');
  await fs.writeFile(path.join(entry, 'stdout'), '');
  await fs.writeFile(path.join(entry, 'stderr'), '');
  await fs.writeFile(path.join(entry, 'metadata'), '{}');
  // An old entry too, so an age-based clean through a symlink would have something to delete.
  const oldEntry = path.join(secretNamespace, 'cd', repeatedKey(0xcd));
  await fs.mkdir(oldEntry, { recursive: true });
  await fs.writeFile(path.join(oldEntry, 'output'), 'old canary object');
  await fs.writeFile(path.join(oldEntry, 'exit_code'), '0');
  const longAgo = new Date(Date.now() - 400 * 24 * 3600 * 1000);
  for (const name of ['output', 'exit_code']) await fs.utimes(path.join(oldEntry, name), longAgo, longAgo);
  const home = path.join(dir, 'home');
  await fs.mkdir(path.join(home, 'project'), { recursive: true });
  await fs.writeFile(path.join(home, 'notes.txt'), 'my notes\n');
  await fs.writeFile(path.join(home, 'project', 'important.txt'), 'important\n');
  const file = path.join(dir, 'lone-file.txt');
  await fs.writeFile(file, 'a file outside the cache\n');
  return { dir, secretNamespace, secretKey, secret, home, file };
}

/**
 * One line per node below `dir` (the root itself included), sorted: relative path, type, mode,
 * mtime, then the content's sha256 for files and the target for symlinks. lstat-based: never
 * follows a link and never opens anything but a regular file, so it is safe on a hostile tree.
 * mtimes are included because a touch through a symlink changes nothing else.
 */
export function snapshotTree(dir: string): string[] {
  const out: string[] = [];
  const visit = (p: string, rel: string) => {
    const st = lstatSync(p);
    const mode = (st.mode & 0o7777).toString(8);
    let line = `${rel}\t${kindOf(st)}\t${mode}\t${Math.trunc(st.mtimeMs)}`;
    if (st.isFile()) line += `\t${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    else if (st.isSymbolicLink()) line += `\t-> ${readlinkSync(p)}`;
    out.push(line);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort())
        visit(path.join(p, name), rel === '.' ? name : `${rel}/${name}`);
    }
  };
  visit(dir, '.');
  return out;
}

/** sha256 of snapshotTree: equal before and after means nothing below `dir` changed. */
export function hashTree(dir: string): string {
  return createHash('sha256').update(snapshotTree(dir).join('\n')).digest('hex');
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'chardev';
  if (st.isBlockDevice()) return 'blockdev';
  return 'other';
}

export interface Planted {
  path: string;
  kind: PlantKind;
  /** True when this kind cannot be made here (a device without root): the caller reports the case as skipped. */
  skipped: boolean;
  /**
   * For a FIFO: true when the guard had to open it because a reader was still blocked on it
   * after the guard's delay (a hang that the guard broke); always false for other kinds.
   */
  hung(): boolean;
  /** Releases what the plant holds (the socket's server, the FIFO's guard and its marker: ask hung() first); idempotent. */
  close(): Promise<void>;
}

export interface PlantOptions {
  /** Where a symlink points (a directory for dir-symlink, a file for file-symlink). */
  target?: string;
  /**
   * For a FIFO: after this many ms a separate process opens it read-write and closes it again, so
   * a reader blocked in open() or read() gets EOF and the test fails instead of hanging forever
   * (a blocked synchronous open would stop any in-process timer). Default 20 s; 0 disables.
   */
  fifoGuardMs?: number;
}

/** Plants a FIFO with mkfifo(1). */
export function plantFifo(p: string, guardMs = 20_000): Planted {
  execFileSync('mkfifo', ['-m', '0644', p]);
  let guard: ChildProcess | undefined;
  const marker = `${p}.guard-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const markerFile = path.join(os.tmpdir(), path.basename(marker));
  if (guardMs > 0) {
    // The guard only opens the FIFO when something is still there and still a FIFO; O_RDWR never
    // blocks on Linux and counts as a writer, which wakes a blocked reader (EOF once it closes).
    const script = `
      const fs = require('node:fs');
      setTimeout(() => {
        try {
          if (!fs.lstatSync(process.argv[1]).isFIFO()) return;
          fs.writeFileSync(process.argv[2], 'opened'); // first: the woken reader may look at once
          const fd = fs.openSync(process.argv[1], fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
          fs.closeSync(fd);
        } catch {}
      }, Number(process.argv[3]));`;
    guard = spawn(process.execPath, ['-e', script, p, markerFile, String(guardMs)], {
      stdio: 'ignore',
      detached: true
    });
    guard.unref();
  }
  const hung = () => {
    try {
      lstatSync(markerFile);
      return true;
    } catch {
      return false;
    }
  };
  return {
    path: p,
    kind: 'fifo',
    skipped: false,
    hung,
    close: async () => {
      if (guard && guard.exitCode === null && guard.signalCode === null) guard.kill('SIGKILL');
      guard = undefined;
      await fs.rm(markerFile, { force: true });
    }
  };
}

/**
 * Plants a Unix socket (a listening server). A socket path is limited to 107 bytes (longer ones are
 * refused or cut short), and cache paths are longer, so the socket is bound in a short temporary
 * directory and renamed into place (it stays a socket, still listened on). Keep it open until the
 * test ends; close() stops the server and removes the short directory.
 */
export async function plantSocket(p: string): Promise<Planted> {
  const short = await fs.mkdtemp(path.join(os.tmpdir(), 'hs-'));
  const bound = path.join(short, 's');
  const server = net.createServer(c => c.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bound, () => resolve());
  });
  server.unref();
  await fs.rename(bound, p);
  if (!lstatSync(p).isSocket()) throw new Error(`plantSocket: ${p} is not a socket`);
  let open = true;
  return {
    path: p,
    kind: 'socket',
    skipped: false,
    hung: () => false,
    close: async () => {
      if (!open) return;
      open = false;
      await new Promise<void>(resolve => server.close(() => resolve()));
      await fs.rm(short, { recursive: true, force: true });
    }
  };
}

/** True when this process can create device nodes (root). */
export function canMakeDevices(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Plants a character device like /dev/null (mknod c 1 3) when running as root; otherwise `skipped`. */
export function plantCharDevice(p: string): Planted {
  const skipped = !canMakeDevices();
  if (!skipped) execFileSync('mknod', ['-m', '0666', p, 'c', '1', '3']);
  return { path: p, kind: 'chardev', skipped, hung: () => false, close: async () => undefined };
}

/** Plants a symlink at `p` pointing to `target`. */
export async function plantSymlink(
  p: string,
  target: string,
  kind: 'dir-symlink' | 'file-symlink'
): Promise<Planted> {
  await fs.symlink(target, p);
  return { path: p, kind, skipped: false, hung: () => false, close: async () => undefined };
}

/**
 * Plants `kind` at `p` (the parent must exist and `p` must not). Symlinks need `options.target`;
 * by default a dir-symlink needs a directory and a file-symlink a file.
 */
export async function plant(kind: PlantKind, p: string, options: PlantOptions = {}): Promise<Planted> {
  switch (kind) {
    case 'fifo':
      return plantFifo(p, options.fifoGuardMs ?? 20_000);
    case 'socket':
      return plantSocket(p);
    case 'chardev':
      return plantCharDevice(p);
    case 'dir-symlink':
    case 'file-symlink':
      if (!options.target) throw new Error(`plant(${kind}) needs a target`);
      return plantSymlink(p, options.target, kind);
  }
}

/**
 * Resolves with the promise's value, or rejects when it has not settled within `ms` (a bound on a
 * hang, not a timing assert: pick it far above any normal duration).
 */
export async function withWatchdog<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (hung?)`)), ms);
  });
  try {
    return await Promise.race([promise, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}
