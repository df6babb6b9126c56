/**
 * A restore stand-in for the staging-sweep tests, run as its own process (`node --import tsx`):
 * installs `count` compile entries from `start` on into `<dir>/compile/local` through
 * DiskCacheStore.importEntry, 16 at a time, and prints the number installed after each one, so
 * the test can SIGKILL it mid-way. Blob contents follow from the key (see importedBlob).
 */
import { createHash } from 'node:crypto';
import { DiskCacheStore } from '../../src/store/disk.js';

export const IMPORT_BLOBS = ['output', 'stdout', 'stderr', 'exit_code', 'metadata'];

export function importKey(i: number): string {
  return createHash('sha256').update(`key ${i}`).digest('hex');
}

/** 64 KiB derived from the key and name: an entry torn or mixed up shows as a wrong byte. */
export function importedBlob(key: string, name: string): Buffer {
  const digest = createHash('sha256').update(`${key}/${name}`).digest();
  return Buffer.alloc(64 * 1024, digest);
}

async function main(): Promise<void> {
  const [dir, start, count] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
  const view = new DiskCacheStore(dir).namespace('compile').namespace('local');
  let next = start;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < start + count) {
      const key = importKey(next++);
      await view.importEntry(
        key,
        IMPORT_BLOBS.map(name => ({ name, data: importedBlob(key, name) }))
      );
      process.stdout.write(`${++done}\n`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

if (process.argv[2]) {
  main().catch(err => {
    console.error(err);
    process.exit(1);
  });
}
