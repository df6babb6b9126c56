/**
 * The save's transfer step: upload new local entries to the bucket, one object per blob, blobs in
 * the Go system's order with `metadata` strictly last, each a conditional write so an entry that
 * another job uploaded meanwhile is not sent twice.
 *
 * This is the seam for bulk transfer: a pack-writing save hands the same entries to a pack
 * writer beside (or instead of) uploadEntries.
 */
import type { EntryInfo } from '../store/store.js';
import { UnsafePathError } from '../store/safe-fs.js';
import { entryId, SubViews, uploadOrder } from './entries.js';
import type { Failures } from './failures.js';
import { forEachLimit, Limiter } from './pool.js';
import type { Progress } from './progress.js';
import type { LocalStore, RemoteStore } from './stores.js';

export interface UploadInput {
  /** The synced namespace path, for messages. */
  namespace: string;
  /** Views of the synced namespace; entries' relative namespaces are below them. */
  local: LocalStore;
  remote: RemoteStore;
  /** Complete local entries that the bucket did not have. */
  entries: readonly EntryInfo[];
  /** Requests in flight at most. */
  concurrency: number;
  progress: Progress;
  failures: Failures;
  /**
   * Called with each entry's blobs once they are read, before they are sent (the pack writer of
   * upload mode `both` takes them from here rather than reading the files again). It may wait:
   * the entry's upload waits with it.
   */
  onRead?: (entry: EntryInfo, blobs: readonly { name: string; data: Buffer }[]) => Promise<void>;
  /** Called once every entry has been read (or found gone, or failed to read), uploads may go on. */
  onAllRead?: () => void;
}

export interface UploadResult {
  uploadedEntries: number;
  uploadedBytes: number;
  /** Entries whose every blob was in the bucket already (another job uploaded them meanwhile). */
  alreadyRemote: number;
  /** Entries that lost a blob on disk before it could be read (evicted meanwhile): not uploaded. */
  vanished: number;
  /**
   * Entries with a blob that is not a regular file (a planted symlink or FIFO): skipped with a
   * warning naming it, never uploaded, and not a transfer failure (the bucket is fine).
   */
  unsafe: number;
  failed: number;
}

export async function uploadEntries(i: UploadInput): Promise<UploadResult> {
  const r: UploadResult = {
    uploadedEntries: 0,
    uploadedBytes: 0,
    alreadyRemote: 0,
    vanished: 0,
    unsafe: 0,
    failed: 0
  };
  const localViews = new SubViews(i.local);
  const remoteViews = new SubViews(i.remote);
  const requests = new Limiter(i.concurrency);
  let pendingReads = i.entries.length;
  const readDone = (): void => {
    if (--pendingReads === 0) i.onAllRead?.();
  };
  if (pendingReads === 0) i.onAllRead?.();
  await forEachLimit(i.entries, i.concurrency, async entry => {
    let outcome: { written: number; bytes: number } | 'vanished';
    try {
      outcome = await uploadEntry(
        localViews.of(entry.namespace),
        remoteViews.of(entry.namespace),
        entry,
        requests,
        i.onRead,
        readDone
      );
    } catch (err) {
      i.progress.add(1, 0);
      if (err instanceof UnsafePathError) {
        r.unsafe++;
        i.failures.warn(`not uploading ${i.namespace}/${entryId(entry)}: ${err.message}`);
        return;
      }
      r.failed++;
      i.failures.failed(`could not upload ${i.namespace}/${entryId(entry)}`, err);
      return;
    }
    if (outcome === 'vanished') {
      r.vanished++;
      i.progress.add(1, 0);
      return;
    }
    i.failures.succeeded();
    if (outcome.written === 0) {
      r.alreadyRemote++;
      i.progress.add(1, 0);
    } else {
      r.uploadedEntries++;
      r.uploadedBytes += outcome.bytes;
      i.progress.add(1, outcome.bytes);
    }
  });
  return r;
}

/**
 * Reads the whole entry first (so what goes up is one consistent entry, and a blob evicted in the
 * meantime stops the upload before anything is sent), then puts every blob but `metadata` in
 * parallel, and `metadata` only once all of them are stored: a reader never sees a metadata
 * object without the rest of its entry.
 */
async function uploadEntry(
  local: LocalStore,
  remote: RemoteStore,
  entry: EntryInfo,
  requests: Limiter,
  onRead: UploadInput['onRead'],
  readDone: () => void
): Promise<{ written: number; bytes: number } | 'vanished'> {
  const names = uploadOrder(entry.blobs.map(b => b.name));
  const blobs: { name: string; data: Buffer }[] = [];
  try {
    for (const name of names) {
      // The disk store opens every blob O_NOFOLLOW|O_NONBLOCK and reads it only when it is a
      // regular file (UnsafePathError otherwise): nothing reached through a symlink goes up.
      const data = await local.get(entry.key, name);
      if (data === null) return 'vanished';
      blobs.push({ name, data });
    }
    await onRead?.(entry, [...blobs]);
  } finally {
    readDone();
  }
  const last = blobs[blobs.length - 1]?.name === 'metadata' ? blobs.pop() : undefined;
  let written = 0;
  let bytes = 0;
  const put = async (b: { name: string; data: Buffer }): Promise<void> => {
    const stored = await requests.run(() => remote.put(entry.key, b.name, b.data, { ifAbsent: true }));
    if (stored !== false) {
      written++;
      bytes += b.data.length;
    }
  };
  const settled = await Promise.allSettled(blobs.map(put));
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  if (last) await put(last);
  return { written, bytes };
}
