/**
 * Save (the action's post step), per namespace: prune the disk store (least recently used first,
 * where a hit during the job counts as a use), upload the complete entries the bucket does not
 * have, refresh the bucket's time of entries hit in this job, and prune the bucket when limits
 * are given.
 */
import type { EntryInfo, Evicted, StoreStats } from '../store/store.js';
import { entryId, isCompleteEntry, namespaceView, SubViews } from './entries.js';
import { errorText, Failures } from './failures.js';
import { InvalidInputError } from '../store/errors.js';
import type { NamespaceManifest, SyncManifest } from './manifest.js';
import type { KnownEntries } from '../store/disk-walk.js';
import { checkCount, checkLimit, checkNamespaces, checkNumber } from './options.js';
import { forEachLimit } from './pool.js';
import { formatBytes, formatDuration, formatRate, Progress } from './progress.js';
import type { LocalStore, RemoteStore } from './stores.js';
import { uploadEntries } from './upload.js';
import { EntryQueue } from './entry-queue.js';
import type { PackSourceEntry } from './packs/write.js';
import {
  listNamespacePacks,
  maintainNamespacePacks,
  packOnlyEntries,
  writeNamespacePacks,
  type PackSyncOptions,
  type UploadMode
} from './packs/namespace-packs.js';
import type { PackIndex } from './packs/format.js';
import type { PackListing } from './packs/read.js';

export const DEFAULT_REFRESH_OLDER_THAN_MS = 24 * 60 * 60 * 1000;

/** Entries read by the upload and not yet packed, at most (mode `both`); the upload waits beyond. */
const HAND_OVER_BYTES = 64 * 1024 * 1024;

export interface SaveOptions {
  /** Namespace paths to save, e.g. `compile` (every tenant) or `compile/local`. */
  namespaces: string[];
  /** What restore recorded; null when the restore did not run (the bucket is listed instead). */
  manifest: SyncManifest | null;
  /** Requests in flight at most. */
  concurrency: number;
  /** Local limits per namespace (bytes, ms); <= 0 = no limit. */
  localMaxSize: number;
  localMaxAge: number;
  /** Bucket limits per namespace (bytes, ms); both <= 0 = the bucket is not pruned. */
  remoteMaxSize: number;
  remoteMaxAge: number;
  /**
   * Refresh the bucket time of an entry hit during this job when the bucket's time is older than
   * this (ms): default 1 day; 0 refreshes every hit entry; negative never refreshes.
   */
  refreshOlderThanMs: number;
  log?: (l: string) => void;
  /** Progress line interval; default 5000 ms, 0 = no progress lines. */
  progressIntervalMs?: number;
  /** Where new entries go: `objects`, `packs` or `both`; default `both` with packs, else `objects`. */
  uploadMode?: UploadMode;
  /** The pack side of the bucket; needed for upload modes `packs` and `both`. */
  packs?: PackSyncOptions;
}

export interface NamespaceSave {
  namespace: string;
  /** The local namespace before and after the clean. */
  sizeBefore: StoreStats;
  sizeAfter: StoreStats;
  evictedLocal: { bySize: Evicted; byAge: Evicted };
  uploadedEntries: number;
  uploadedBytes: number;
  /** New local entries that another job had put in the bucket meanwhile. */
  alreadyRemote: number;
  /**
   * Local entries missing `exit_code` or `metadata` (a write cut off), or with a blob that is not a
   * regular file (a planted symlink or FIFO, warned about by path): never uploaded.
   */
  incompleteSkipped: number;
  refreshedRemote: number;
  /** Null when no bucket limit was given (or the bucket clean failed: see the warnings). */
  evictedRemote: { bySize: Evicted; byAge: Evicted } | null;
  /** The bucket namespace after its clean; null when it was not pruned. */
  remoteSizeAfter: StoreStats | null;
  failed: number;
  durationMs: number;
  /** Packs written for the new entries (upload modes `packs` and `both`). */
  packsWritten?: number;
}

export interface SaveResult {
  namespaces: NamespaceSave[];
  warnings: string[];
}

const NONE: Evicted = { entries: 0, bytes: 0 };

/**
 * Saves every namespace. Failed entries are counted and warned about; throws SyncUnavailableError
 * when the bucket cannot be used at all (every namespace failed to reach it, or the first
 * transfers all failed), and InvalidInputError for bad options.
 */
export async function save(local: LocalStore, remote: RemoteStore, o: SaveOptions): Promise<SaveResult> {
  const failures = new Failures(`save to ${remote.dir()}`, [], o.log);
  // What the disk store skips under the cache directory (planted symlinks, FIFOs, …) becomes a
  // warning of this save, named by path (and is not reported a second time by the store).
  const release = local.captureUnsafe?.(f => failures.warn(f.message));
  try {
    return await saveAll(local, remote, o, failures);
  } finally {
    release?.();
  }
}

async function saveAll(
  local: LocalStore,
  remote: RemoteStore,
  o: SaveOptions,
  failures: Failures
): Promise<SaveResult> {
  const namespaces = checkNamespaces(o.namespaces);
  const concurrency = checkCount('concurrency', o.concurrency, 1);
  const localMaxSize = checkLimit('localMaxSize', o.localMaxSize);
  const localMaxAge = checkLimit('localMaxAge', o.localMaxAge);
  const remoteMaxSize = checkLimit('remoteMaxSize', o.remoteMaxSize);
  const remoteMaxAge = checkLimit('remoteMaxAge', o.remoteMaxAge);
  const refreshOlderThan = checkNumber('refreshOlderThanMs', o.refreshOlderThanMs);
  const restoredAt = o.manifest ? Date.parse(o.manifest.restoredAt) : NaN;
  const mode: UploadMode = o.uploadMode ?? (o.packs ? 'both' : 'objects');
  if (mode !== 'objects' && !o.packs) {
    throw new InvalidInputError(`upload mode ${mode} needs the pack settings (packs); got none`);
  }
  const results: NamespaceSave[] = [];

  for (const ns of namespaces) {
    const started = Date.now();
    const localNs = namespaceView(local, ns);
    const remoteNs = namespaceView(remote, ns);
    const r: NamespaceSave = {
      namespace: ns,
      sizeBefore: { entries: 0, bytes: 0 },
      sizeAfter: { entries: 0, bytes: 0 },
      evictedLocal: { bySize: NONE, byAge: NONE },
      uploadedEntries: 0,
      uploadedBytes: 0,
      alreadyRemote: 0,
      incompleteSkipped: 0,
      refreshedRemote: 0,
      evictedRemote: null,
      remoteSizeAfter: null,
      failed: 0,
      durationMs: 0
    };
    results.push(r);

    // The pack listing (one LIST and the index GETs) runs beside the local walk: the save needs it
    // only at the end, to keep the packs bounded (or, without a manifest, to see packs-only entries).
    const usesPacks = o.packs !== undefined && mode !== 'objects';
    const packListing: Promise<PackListing | null> | undefined =
      o.packs && (usesPacks || !o.manifest?.namespaces[ns])
        ? listNamespacePacks(o.packs, ns, failures)
        : undefined;

    // 1. Local clean first: what it evicts is not worth uploading. One scan of the disk store
    //    gives the size before, the clean, and the surviving entries (the upload candidates).
    let localList: EntryInfo[] | null = null;
    const fromManifest = o.manifest?.namespaces[ns];
    try {
      const c = await localNs.cleanAndList(localMaxSize, localMaxAge, { known: knownEntries(fromManifest) });
      r.sizeBefore = c.before;
      r.evictedLocal = { bySize: c.clean.bySize, byAge: c.clean.byAge };
      localList = c.entries;
    } catch (err) {
      failures.warn(`could not clean the local store ${localNs.dir()}: ${errorText(err)}`);
    }
    try {
      // Only when the clean failed: what is there is still worth uploading.
      localList ??= await localNs.list();
      r.sizeAfter = { entries: localList.length, bytes: localList.reduce((s, e) => s + e.size, 0) };
    } catch (err) {
      failures.warn(`could not list the local store ${localNs.dir()}: ${errorText(err)}; not saving ${ns}`);
      r.durationMs = Date.now() - started;
      continue;
    }

    // 2. What the bucket has: from the manifest, or by listing it when the restore did not run.
    let remoteTimes: Map<string, number>;
    if (fromManifest) {
      remoteTimes = new Map(Object.entries(fromManifest.remote));
    } else {
      try {
        const objects = await remoteNs.list();
        // Entries held only by packs (upload mode `packs`) are in the bucket too: without them a
        // save after a skipped restore would pack every local entry again.
        const packed = o.packs ? packOnlyEntries(await packListing!, objects) : [];
        remoteTimes = new Map(
          [...objects, ...packed]
            .filter(e => isCompleteEntry(ns, e))
            .map(e => [entryId(e), e.mtime.getTime()])
        );
        // Not counted as a success: a bucket can be readable and still refuse every write.
      } catch (err) {
        failures.failed(`could not list ${remoteNs.dir()}, not saving ${ns}`, err);
        r.durationMs = Date.now() - started;
        continue;
      }
    }

    // 3. Upload what is new and complete.
    const toUpload: EntryInfo[] = [];
    const hits: { entry: EntryInfo; remoteTime: number }[] = [];
    const now = Date.now();
    for (const e of localList) {
      const remoteTime = remoteTimes.get(entryId(e));
      if (remoteTime === undefined) {
        if (isCompleteEntry(ns, e)) toUpload.push(e);
        else r.incompleteSkipped++;
      } else if (isHit(e, remoteTime, restoredAt) && shouldRefresh(remoteTime, now, refreshOlderThan)) {
        hits.push({ entry: e, remoteTime });
      }
    }
    const uploadBytes = toUpload.reduce((s, e) => s + e.size, 0);
    o.log?.(
      `${ns}: ${localList.length} entries (${formatBytes(r.sizeAfter.bytes)}) on disk` +
        evictedText(r.evictedLocal) +
        `; uploading ${toUpload.length} new (${formatBytes(uploadBytes)}) to ${remoteNs.dir()}` +
        (r.incompleteSkipped > 0 ? `; skipping ${r.incompleteSkipped} incomplete` : '')
    );
    const packsAdded: PackIndex[] = [];
    const progress = new Progress(`save ${ns}`, toUpload.length, uploadBytes, o.log, o.progressIntervalMs);
    // Packs are written beside the object uploads. In mode `both` the upload reads each entry once
    // and hands it over (packs hold whole entries, so one the upload found vanished is not packed).
    const handOver =
      mode === 'both' && toUpload.length > 0 ? new EntryQueue<PackSourceEntry>(HAND_OVER_BYTES) : undefined;
    const packWrite =
      o.packs && mode !== 'objects' && toUpload.length > 0
        ? writeNamespacePacks({
            packs: o.packs,
            namespace: ns,
            local: localNs,
            entries: toUpload,
            source: handOver,
            failures
          })
            .then(
              value => ({ value, error: undefined }),
              (error: unknown) => ({ value: undefined, error })
            )
            // Once the pack writer is done (or failed before reading anything), the upload must
            // never wait for it.
            .finally(() => handOver?.end())
        : undefined;
    try {
      if (mode !== 'packs') {
        const u = await uploadEntries({
          namespace: ns,
          local: localNs,
          remote: remoteNs,
          entries: toUpload,
          concurrency,
          progress,
          failures,
          onRead: handOver
            ? (entry, blobs) =>
                handOver.push(
                  { ns: entry.namespace, key: entry.key, mtime: entry.mtime.getTime(), blobs: [...blobs] },
                  blobs.reduce((n, b) => n + b.data.length, 0)
                )
            : undefined,
          // The pack is complete once every entry has been read: it goes up beside the last PUTs.
          onAllRead: () => handOver?.close()
        });
        handOver?.close();
        r.uploadedEntries = u.uploadedEntries;
        r.uploadedBytes = u.uploadedBytes;
        r.alreadyRemote = u.alreadyRemote;
        r.incompleteSkipped += u.vanished + u.unsafe;
        r.failed += u.failed;
      }
      const w = await packWrite;
      if (w?.value) {
        r.packsWritten = w.value.packs.length;
        packsAdded.push(...w.value.packs);
        if (mode === 'packs') {
          r.uploadedEntries = w.value.entries;
          r.uploadedBytes = w.value.bytes;
          progress.add(w.value.entries, w.value.bytes);
          failures.succeeded();
        }
      } else if (w) {
        if (mode === 'packs') {
          r.failed += toUpload.length;
          failures.failed(`could not write the packs of ${ns}`, w.error);
        } else
          failures.warn(
            `could not write the packs of ${ns}: ${errorText(w.error)}; the objects were uploaded`
          );
      }
    } finally {
      // Whatever happened to the upload, the pack writer is not left waiting for more entries.
      handOver?.close();
      progress.stop();
    }

    // 4. Refresh the bucket time of entries used in this job (server-side copy, no data sent),
    //    before the bucket clean, so its least-recently-used order counts this use.
    //    Packs have no per-entry time: with packs only, there is nothing to refresh.
    const remoteViews = new SubViews(remoteNs);
    await forEachLimit(mode === 'packs' ? [] : hits, concurrency, async ({ entry }) => {
      try {
        await remoteViews.of(entry.namespace).touch(entry.key);
        r.refreshedRemote++;
        failures.succeeded();
      } catch (err) {
        r.failed++;
        failures.failed(`could not refresh the bucket time of ${ns}/${entryId(entry)}`, err);
      }
    });

    // 5. Prune the bucket when limits are given.
    if (remoteMaxSize > 0 || remoteMaxAge > 0) {
      try {
        const c = await remoteNs.clean(remoteMaxSize, remoteMaxAge);
        r.evictedRemote = { bySize: c.bySize, byAge: c.byAge };
        r.remoteSizeAfter = c.remaining;
        failures.succeeded();
      } catch (err) {
        failures.failed(`could not prune ${remoteNs.dir()}`, err);
      }
    }
    // 6. Keep the packs bounded: merge small ones, prune with the same bucket limits.
    const listing = usesPacks ? await packListing : null;
    if (o.packs && listing) {
      await maintainNamespacePacks({
        packs: o.packs,
        namespace: ns,
        listing,
        added: packsAdded,
        maxBytes: remoteMaxSize,
        maxAge: remoteMaxAge,
        failures
      });
    }

    r.durationMs = Date.now() - started;
    o.log?.(
      `${ns}: uploaded ${r.uploadedEntries} entries (${formatBytes(r.uploadedBytes)}) in ` +
        `${formatDuration(r.durationMs)}, ${formatRate(r.uploadedBytes, r.durationMs)}` +
        (r.alreadyRemote > 0 ? `; ${r.alreadyRemote} were in the bucket already` : '') +
        (r.refreshedRemote > 0 ? `; refreshed the bucket time of ${r.refreshedRemote} used entries` : '') +
        (r.evictedRemote ? `; pruned from the bucket: ${evictionParts(r.evictedRemote) || 'nothing'}` : '') +
        (r.failed > 0 ? `; ${r.failed} failed` : '')
    );
  }

  failures.assertNotTotal();
  return { namespaces: results, warnings: failures.finish() };
}

/**
 * Entries the walk may take from the manifest (one lstat each instead of a directory listing and an
 * lstat per blob): those on disk and in the bucket at the restore, whose size it recorded. Entries
 * not in the bucket are upload candidates and are always walked in full, so what is uploaded is
 * what is on disk now. Undefined (walk everything) for a manifest without sizes.
 */
function knownEntries(m: NamespaceManifest | undefined): KnownEntries | undefined {
  const sizes = m?.sizes;
  if (!m || !sizes) return undefined;
  return (namespace, key) => {
    const id = entryId({ namespace, key });
    const size = sizes[id];
    const mtimeMs = m.local[id];
    if (size === undefined || mtimeMs === undefined || m.remote[id] === undefined) return undefined;
    return { size, mtimeMs };
  };
}

/**
 * Used during this job: with a manifest, the local time moved past the restore (a hit touches the
 * entry); without one, the local time is newer than the bucket's (used here since it was uploaded).
 */
function isHit(e: EntryInfo, remoteTime: number, restoredAt: number): boolean {
  const t = e.mtime.getTime();
  return Number.isNaN(restoredAt) ? t > remoteTime : t > restoredAt;
}

function shouldRefresh(remoteTime: number, now: number, olderThan: number): boolean {
  return olderThan >= 0 && remoteTime < now - olderThan;
}

/** `3 (12 KiB) by size, 1 (4 KiB) by age`, or '' when nothing was evicted. */
function evictionParts(e: { bySize: Evicted; byAge: Evicted }): string {
  const parts: string[] = [];
  if (e.bySize.entries > 0) parts.push(`${e.bySize.entries} (${formatBytes(e.bySize.bytes)}) by size`);
  if (e.byAge.entries > 0) parts.push(`${e.byAge.entries} (${formatBytes(e.byAge.bytes)}) by age`);
  return parts.join(', ');
}

function evictedText(e: { bySize: Evicted; byAge: Evicted }): string {
  const parts = evictionParts(e);
  return parts ? `; evicted ${parts}` : '';
}
