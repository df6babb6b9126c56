/**
 * The restore's transfer step: fetch planned entries from the bucket and install each on disk only
 * once all its blobs have arrived (DiskCacheStore.importEntry stages them and renames the entry
 * into place), with the bucket's time as mtime so local least-recently-used order stays true.
 *
 * This is the seam for bulk transfer: a pack-aware restore fetches what packs hold first and
 * hands the rest to downloadEntries, which fetches one object per blob.
 */
import type { EntryInfo } from '../store/store.js';
import { ByteBudget } from './byte-budget.js';
import { entryId, SubViews } from './entries.js';
import type { Failures } from './failures.js';
import { forEachLimit, Limiter } from '../store/limit.js';
import type { Progress } from './progress.js';
import type { ImportBlob, LocalStore, RemoteStore } from './stores.js';

/**
 * Bytes of the entries being fetched and installed at once, by their listed sizes (an entry bigger
 * than this is fetched alone). With every GET held to its listed size, this bounds the memory of
 * the object path whatever the bucket sends.
 */
export const ENTRY_BYTES_IN_FLIGHT = 256 * 1024 * 1024;

/**
 * An entry bigger than this is not restored, with a warning naming it: all its blobs are held in
 * memory until it is installed whole, so this is what one entry may cost. The same as the largest
 * entry a pack holds (packs/write.ts); the build compiles such an entry itself.
 */
export const MAX_RESTORE_ENTRY_BYTES = ENTRY_BYTES_IN_FLIGHT;

export interface DownloadInput {
  /** The synced namespace path, for messages. */
  namespace: string;
  /** Views of the synced namespace; entries' relative namespaces are below them. */
  remote: RemoteStore;
  local: LocalStore;
  entries: readonly EntryInfo[];
  /** Requests in flight at most. */
  concurrency: number;
  progress: Progress;
  failures: Failures;
}

export interface DownloadResult {
  /** The entries now on disk thanks to this restore. */
  restored: EntryInfo[];
  restoredEntries: number;
  restoredBytes: number;
  /** Entries that another writer put on disk while we fetched them. */
  alreadyLocal: number;
  /** Entries deleted from the bucket (pruned by another job) between listing and fetching. */
  vanished: number;
  failed: number;
}

export async function downloadEntries(i: DownloadInput): Promise<DownloadResult> {
  const r: DownloadResult = {
    restored: [],
    restoredEntries: 0,
    restoredBytes: 0,
    alreadyLocal: 0,
    vanished: 0,
    failed: 0
  };
  const remoteViews = new SubViews(i.remote);
  const localViews = new SubViews(i.local);
  const requests = new Limiter(i.concurrency);
  const budget = new ByteBudget(ENTRY_BYTES_IN_FLIGHT);
  await forEachLimit(i.entries, i.concurrency, async entry => {
    if (entry.size > MAX_RESTORE_ENTRY_BYTES) {
      r.failed++;
      i.progress.add(1, 0);
      i.failures.warn(
        `not restoring ${i.namespace}/${entryId(entry)}: its ${entry.size} bytes are over the ${MAX_RESTORE_ENTRY_BYTES} a restore holds in memory for one entry`
      );
      return;
    }
    let outcome: 'restored' | 'present' | 'vanished';
    const held = await budget.acquire(entry.size);
    try {
      outcome = await fetchEntry(
        remoteViews.of(entry.namespace),
        localViews.of(entry.namespace),
        entry,
        requests
      );
    } catch (err) {
      r.failed++;
      i.progress.add(1, 0);
      i.failures.failed(`could not restore ${i.namespace}/${entryId(entry)}`, err);
      return;
    } finally {
      budget.release(held);
    }
    i.failures.succeeded();
    i.progress.add(1, outcome === 'restored' ? entry.size : 0);
    if (outcome === 'restored') {
      r.restored.push(entry);
      r.restoredEntries++;
      r.restoredBytes += entry.size;
    } else if (outcome === 'present') r.alreadyLocal++;
    else r.vanished++;
  });
  return r;
}

/** Fetches every blob of one entry (in parallel, within the request limit), then installs it whole. */
async function fetchEntry(
  remote: RemoteStore,
  local: LocalStore,
  entry: EntryInfo,
  requests: Limiter
): Promise<'restored' | 'present' | 'vanished'> {
  const settled = await Promise.allSettled(
    // Never more than the listing said: a bucket cannot grow a blob between listing and GET.
    entry.blobs.map(b => requests.run(() => remote.get(entry.key, b.name, { maxSize: b.size })))
  );
  const blobs: ImportBlob[] = [];
  let missing = false;
  for (const [n, s] of settled.entries()) {
    if (s.status === 'rejected') throw s.reason;
    if (s.value === null) missing = true;
    else blobs.push({ name: entry.blobs[n]!.name, data: s.value });
  }
  if (missing) return 'vanished';
  return (await local.importEntry(entry.key, blobs, entry.mtime)) ? 'restored' : 'present';
}
