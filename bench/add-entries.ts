/**
 * The "build" between a restore and a warm save in the whole-command benchmark: writes the new
 * entries into the cache directory through the measured checkout's own DiskCacheStore, blob by blob
 * in the spec's order, as the compiler wrapper does, so that whatever that version keeps beside a
 * put (a journal of written entries, say) is kept as it would be in a real job.
 *
 *   node --import tsx bench/add-entries.ts <checkout> <cache-dir> <entries-dir>
 *
 * `<entries-dir>` holds entries in the store layout (`compile/local/<hh>/<hex>/<blob>`); the state
 * directory is the environment's (COMPILE_CACHE_STATE_DIR).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface PutStore {
  put(key: string, name: string, value: Uint8Array): Promise<unknown>;
  namespace(prefix: string): PutStore;
}

const BLOB_ORDER = ['output', 'stdout', 'stderr', 'exit_code', 'metadata', 'extras'];

async function main(checkout: string, cacheDir: string, entriesDir: string): Promise<void> {
  const disk = (await import(pathToFileURL(join(checkout, 'src', 'store', 'disk.ts')).href)) as {
    DiskCacheStore: new (dir: string) => PutStore;
  };
  const store = new disk.DiskCacheStore(cacheDir).namespace('compile').namespace('local');
  const root = join(entriesDir, 'compile', 'local');
  let n = 0;
  for (const hh of readdirSync(root).sort()) {
    for (const hex of readdirSync(join(root, hh)).sort()) {
      const names = readdirSync(join(root, hh, hex));
      for (const name of BLOB_ORDER.filter(b => names.includes(b)))
        await store.put(hex, name, readFileSync(join(root, hh, hex, name)));
      n++;
    }
  }
  console.log(`${n} entries written through ${checkout}'s DiskCacheStore`);
}

const [checkout, cacheDir, entriesDir] = process.argv.slice(2);
if (!checkout || !cacheDir || !entriesDir) {
  console.error('usage: add-entries.ts <checkout> <cache-dir> <entries-dir>');
  process.exit(2);
}
main(checkout, cacheDir, entriesDir).catch(err => {
  console.error(err);
  process.exit(1);
});
