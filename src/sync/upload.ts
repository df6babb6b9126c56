/**
 * The save's object step: upload new local entries to the bucket, one object per blob, blobs in
 * the Go system's order with `metadata` strictly last, each a conditional write so an entry that
 * another job uploaded meanwhile is not sent twice. Whoever stores `metadata` completed the entry:
 * when another save got there first (412 on `metadata`), the entry counts as already in the
 * bucket, whatever blobs this save wrote before (the same bytes: keys are content addresses).
 *
 * An entry marked `replace` is in the bucket but cannot be used there (it lacks a blob the local
 * entry has, e.g. `extras`): its missing or different blobs are written unconditionally, then
 * `metadata`, again last (issue 11).
 */
import type { BlobInfo, EntryInfo } from '../store/store.js';
import { UnsafePathError } from '../store/safe-fs.js';
import { entryId, SubViews, uploadOrder } from './entries.js';
import type { Failures } from './failures.js';
import { forEachLimit, Limiter } from '../store/limit.js';
import type { Progress } from './progress.js';
import type { LocalStore, RemoteStore } from './stores.js';

export interface UploadInput {
  /** The synced namespace path, for messages. */
  namespace: string;
  /** Views of the synced namespace; entries' relative namespaces are below them. */
  local: LocalStore;
  remote: RemoteStore;
  /** Complete local entries that the bucket did not have (or had unusable: see `replace`). */
  entries: readonly UploadEntry[];
  /** Requests in flight at most. */
  concurrency: number;
  progress: Progress;
  failures: Failures;
}

/** An entry to upload; with `replace`, the bucket's blobs of it, which it overwrites where they differ. */
export interface UploadEntry extends EntryInfo {
  replace?: readonly BlobInfo[];
}

export interface UploadResult {
  uploadedEntries: number;
  uploadedBytes: number;
  /** Entries another job completed first (its `metadata` was there already: 412). */
  alreadyRemote: number;
  /** Of uploadedEntries, entries that replaced an unusable one in the bucket. */
  replaced: number;
  /** Entries that lost a blob on disk before it could be read (evicted meanwhile): not uploaded. */
  vanished: number;
  /**
   * Entries with a blob that is not a regular file (a planted symlink or FIFO): skipped with a
   * warning naming it, never uploaded, and not a transfer failure (the bucket is fine).
   */
  unsafe: number;
  failed: number;
  /** The ids (entryId) of the entries that failed: the journal keeps them for the next save. */
  failedIds: string[];
}

export async function uploadEntries(i: UploadInput): Promise<UploadResult> {
  const r: UploadResult = {
    uploadedEntries: 0,
    uploadedBytes: 0,
    alreadyRemote: 0,
    replaced: 0,
    vanished: 0,
    unsafe: 0,
    failed: 0,
    failedIds: []
  };
  const localViews = new SubViews(i.local);
  const remoteViews = new SubViews(i.remote);
  const requests = new Limiter(i.concurrency);
  await forEachLimit(i.entries, i.concurrency, async entry => {
    let outcome: EntryOutcome | 'vanished';
    try {
      outcome = await uploadEntry(
        localViews.of(entry.namespace),
        remoteViews.of(entry.namespace),
        entry,
        requests
      );
    } catch (err) {
      i.progress.add(1, 0);
      if (err instanceof UnsafePathError) {
        r.unsafe++;
        i.failures.warn(`not uploading ${i.namespace}/${entryId(entry)}: ${err.message}`);
        return;
      }
      r.failed++;
      r.failedIds.push(entryId(entry));
      i.failures.failed(`could not upload ${i.namespace}/${entryId(entry)}`, err);
      return;
    }
    if (outcome === 'vanished') {
      r.vanished++;
      i.progress.add(1, 0);
      return;
    }
    i.failures.succeeded();
    if (!outcome.completed) {
      r.alreadyRemote++;
      i.progress.add(1, 0);
    } else {
      r.uploadedEntries++;
      if (entry.replace) r.replaced++;
      r.uploadedBytes += outcome.bytes;
      i.progress.add(1, outcome.bytes);
    }
  });
  return r;
}

interface EntryOutcome {
  /** This save stored the entry's completing blob (`metadata`, or any blob without one). */
  completed: boolean;
  bytes: number;
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
  entry: UploadEntry,
  requests: Limiter
): Promise<EntryOutcome | 'vanished'> {
  const names = uploadOrder(entry.blobs.map(b => b.name));
  const blobs: { name: string; data: Buffer }[] = [];
  for (const name of names) {
    // The disk store opens every blob O_NOFOLLOW|O_NONBLOCK and reads it only when it is a
    // regular file (UnsafePathError otherwise): nothing reached through a symlink goes up.
    const data = await local.get(entry.key, name);
    if (data === null) return 'vanished';
    blobs.push({ name, data });
  }
  const last = blobs[blobs.length - 1]?.name === 'metadata' ? blobs.pop() : undefined;
  // A replacement writes what the bucket lacks or holds differently, and `metadata` always (last).
  const inBucket = new Map((entry.replace ?? []).map(b => [b.name, b.size]));
  const toWrite = entry.replace ? blobs.filter(b => inBucket.get(b.name) !== b.data.length) : blobs;
  const ifAbsent = !entry.replace;
  let written = 0;
  let bytes = 0;
  const put = async (b: { name: string; data: Buffer }): Promise<boolean> => {
    const stored = await requests.run(() => remote.put(entry.key, b.name, b.data, { ifAbsent }));
    if (stored === false) return false;
    written++;
    bytes += b.data.length;
    return true;
  };
  const settled = await Promise.allSettled(toWrite.map(put));
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  if (last) return { completed: await put(last), bytes };
  return { completed: written > 0, bytes };
}
