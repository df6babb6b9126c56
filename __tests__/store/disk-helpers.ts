/** Shared helpers of the disk store tests: temporary directories, keys, and a byte-for-byte tree listing. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** A fresh temporary directory, removed by `removeTempDirs`. */
export async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'compile-cache-disk-'));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  for (const d of made.splice(0)) await fs.rm(d, { recursive: true, force: true });
}

/** A 64-character hex key made of one repeated byte. */
export function hexKey(byte: number): string {
  return byte.toString(16).padStart(2, '0').repeat(32);
}

/** A distinct 64-character hex key for index `i` (shards spread over the first byte). */
export function indexKey(i: number): string {
  return (i % 256).toString(16).padStart(2, '0') + i.toString(16).padStart(62, '0');
}

export interface TreeItem {
  /** Path relative to the listed directory, with `/`; directories end in `/`. */
  path: string;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  /** File content as text (files only). */
  content?: string;
}

/** Every file and directory below `dir`, sorted, with modes and contents. */
export async function tree(dir: string): Promise<TreeItem[]> {
  const out: TreeItem[] = [];
  const walk = async (d: string, rel: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      const st = await fs.lstat(p);
      if (e.isDirectory()) {
        out.push({ path: `${r}/`, mode: st.mode & 0o777 });
        await walk(p, r);
      } else {
        out.push({ path: r, mode: st.mode & 0o777, content: await fs.readFile(p, 'utf8') });
      }
    }
  };
  await walk(dir, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Sets the mtime (and atime) of every file directly in `dir` to `time`. */
export async function setEntryTime(dir: string, time: Date): Promise<void> {
  for (const name of await fs.readdir(dir)) await fs.utimes(path.join(dir, name), time, time);
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

export const HOUR = 60 * 60 * 1000;
