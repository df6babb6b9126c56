/**
 * Save (the action's post step), per namespace, in the order `saveNamespace` reads:
 *
 * 1. take stock of the disk store: clean it (least recently used first, where a hit during the
 *    job counts as a use) and find the upload candidates, from the journal of written entries
 *    when it can be trusted and the clean has nothing to do, else by walking the store;
 * 2. what the bucket has: the restore's manifest, or a listing;
 * 3. plan: new complete entries, entries the bucket holds but cannot be used (issue 11), and
 *    entries hit in this job whose bucket time is old;
 * 4. upload: the pack first (one PUT, the bulk path of every restore), then one object per blob
 *    for the Go fleet (upload mode `both`); objects or packs alone in the other modes;
 * 5. refresh the bucket time of the entries used;
 * 6. prune the bucket when limits are given;
 * 7. keep the packs bounded.
 *
 * Afterwards the journal's cursor moves past what this save read; entries that failed to upload
 * are written to it again, so only uploaded entries leave it.
 */
import type { EntryInfo, Evicted, StoreStats } from '../store/store.js';
import { journalLine, parseJournalLine } from '../store/journal.js';
import type { EntryJournal, JournalKind, JournalRead } from '../store/journal.js';
import { UnsafePathError } from '../store/safe-fs.js';
import { splitNamespacePath } from '../store/validate.js';
import { entryId, isCompleteEntry, namespaceView, SubViews } from './entries.js';
import { errorText, Failures } from './failures.js';
import { InvalidInputError } from '../store/errors.js';
import type { NamespaceManifest, SyncManifest } from './manifest.js';
import type { EntryTimes } from './manifest-entries.js';
import type { KnownEntries } from '../store/disk-walk.js';
import { checkCount, checkLimit, checkNamespaces, checkNumber } from './options.js';
import { forEachLimit } from '../store/limit.js';
import { formatBytes, formatDuration, formatRate, Progress } from './progress.js';
import type { LocalStore, RemoteStore } from './stores.js';
import { uploadEntries, type UploadEntry } from './upload.js';
import {
  listNamespacePacks,
  maintainNamespacePacks,
  NamespaceCatalog,
  restoreSawCatalog,
  packOnlyEntries,
  packPrefixFor,
  resolveUploadMode,
  writeNamespacePacks,
  type PackSyncOptions,
  type UploadMode
} from './packs/namespace-packs.js';
import { type Census, writeCensus } from './packs/census.js';
import { chunksFor, readPrepacked, removePrepacked, type Prepacked } from './packs/prepacked.js';
import type { PresealedChunk } from './packs/write.js';
import { defaultCodec, type PackIndex } from './packs/format.js';
import type { PackListing } from './packs/read.js';
import {
  LISTING_RECORD_MAX_AGE_MS,
  parseListingRecord,
  recordedCopies,
  catalogPacksOf,
  upkeepIdleWithOneMore,
  type ListingRecord
} from './packs/listing-record.js';

export const DEFAULT_REFRESH_OLDER_THAN_MS = 24 * 60 * 60 * 1000;

/** How old an entry's pack time may get before a save that used the entry packs it again. */
export const REPACK_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** The requests that write a pack, sent together: its data, its index and the catalog. */
const PUTS_OF_A_PACK = 3;

/** Entries checked on disk at once when the journal names them (a readdir and an lstat per blob each). */
const ENTRY_CHECKS_IN_FLIGHT = 16;

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
  /** Where new entries go: `auto`, `objects`, `packs` or `both`; default `auto` with packs, else `objects`. */
  uploadMode?: UploadMode;
  /** The pack side of the bucket; needed for upload modes `packs` and `both`. */
  packs?: PackSyncOptions;
  /**
   * Use the journal of written entries when the local store has one (default true); false always
   * walks the store.
   */
  useJournal?: boolean;
  /**
   * Starts the bucket's access check (the save calls it once at most) and settles with it: run
   * beside the save's reads, it must settle before the bucket is first written to, and a rejection
   * stops the save (it rejects with it) before anything is written. Not waited for by a namespace
   * whose pack listing came back (a LIST of the same bucket proves as much), and not started at
   * all when every namespace is saved from the restore's record of its pack listing in this job.
   */
  writable?: () => Promise<unknown>;
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
  /** Of uploadedEntries, entries the bucket held but could not be used, replaced (issue 11). */
  replacedRemote?: number;
  /** How the candidates were found: from the journal of written entries, or by walking the store. */
  localScan?: 'journal' | 'walk';
  /** What this save wrote new entries as (upload mode `auto` resolved for this namespace). */
  uploadedAs?: Exclude<UploadMode, 'auto'>;
}

export interface SaveResult {
  namespaces: NamespaceSave[];
  warnings: string[];
}

const NONE: Evicted = { entries: 0, bytes: 0 };

/** The checked options and what every namespace shares. */
interface SaveContext {
  local: LocalStore;
  remote: RemoteStore;
  o: SaveOptions;
  failures: Failures;
  namespaces: string[];
  concurrency: number;
  localMaxSize: number;
  localMaxAge: number;
  remoteMaxSize: number;
  remoteMaxAge: number;
  refreshOlderThan: number;
  restoredAt: number;
  mode: UploadMode;
  /** The journal's lines since the last save, when it can be used (see readJournal). */
  journal: { journal: EntryJournal; read: JournalRead } | null;
  /** Journal lines to keep for the next save (failed uploads, namespaces not saved). */
  keepInJournal: string[];
  /** Each namespace's pack listing (one LIST and the index reads), started first of all. */
  packListings: Map<string, Promise<PackListing | null>>;
  /** Each namespace's catalog of packs (packs/catalog.ts), once its listing is in; when it writes packs. */
  catalogs: Map<string, Promise<NamespaceCatalog | null>>;
  /**
   * Namespaces saved from the restore's record of their pack listing, not a listing of their own
   * (packs/listing-record.ts): the record, for the log.
   */
  unlisted: Map<string, ListingRecord>;
  /** The chunks packed ahead of this save (packs/prepacked.ts), checked; null when there are none to look at. */
  prepacked: Promise<Prepacked | null>;
  /** SaveOptions.writable, started on the first call (the same promise after), never unhandled. */
  writable: () => Promise<unknown>;
}

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
    const s = await prepare(local, remote, o, failures);
    const results = await saveNamespaces(s);
    failures.assertNotTotal();
    const keep = journalLinesToKeep(s);
    // Once every entry the journal named is saved, what was packed ahead of it has done its work
    // (removed beside the journal's update: a failed update only makes the next save walk).
    const prepacked = await s.prepacked;
    await Promise.all([
      advanceJournal(s, keep),
      prepacked && keep.length === 0 ? removePrepacked(prepacked) : undefined
    ]);
    return { namespaces: results, warnings: failures.finish() };
  } finally {
    release?.();
  }
}

/**
 * Namespaces side by side, so that the round trips of one (its pack listing, its PUTs) overlap the
 * other's work: a job's `manifests` namespace cost a warm save ~40 ms after `compile` was done.
 * They share nothing but the journal's lines (read once, before) and the warnings. Nested ones
 * (`compile` and `compile/local`) hold the same entries, and go one after the other as before.
 */
async function saveNamespaces(s: SaveContext): Promise<NamespaceSave[]> {
  const nested = s.namespaces.some(a => s.namespaces.some(b => b.startsWith(`${a}/`)));
  if (!nested) return Promise.all(s.namespaces.map(ns => saveNamespace(s, ns)));
  const results: NamespaceSave[] = [];
  for (const ns of s.namespaces) results.push(await saveNamespace(s, ns));
  return results;
}

async function prepare(
  local: LocalStore,
  remote: RemoteStore,
  o: SaveOptions,
  failures: Failures
): Promise<SaveContext> {
  const mode: UploadMode = o.uploadMode ?? (o.packs ? 'auto' : 'objects');
  if (mode !== 'objects' && !o.packs) {
    throw new InvalidInputError(`upload mode ${mode} needs the pack settings (packs); got none`);
  }
  const s: SaveContext = {
    local,
    remote,
    o,
    failures,
    namespaces: checkNamespaces(o.namespaces),
    concurrency: checkCount('concurrency', o.concurrency, 1),
    localMaxSize: checkLimit('localMaxSize', o.localMaxSize),
    localMaxAge: checkLimit('localMaxAge', o.localMaxAge),
    remoteMaxSize: checkLimit('remoteMaxSize', o.remoteMaxSize),
    remoteMaxAge: checkLimit('remoteMaxAge', o.remoteMaxAge),
    refreshOlderThan: checkNumber('refreshOlderThanMs', o.refreshOlderThanMs),
    restoredAt: o.manifest ? Date.parse(o.manifest.restoredAt) : NaN,
    mode,
    journal: null,
    keepInJournal: [],
    packListings: new Map(),
    catalogs: new Map(),
    unlisted: new Map(),
    prepacked: Promise.resolve(null),
    writable: onceHandled(o.writable)
  };
  // The pack listings go out before anything local is read: they are a round trip or two away,
  // and the pack this save writes waits for them (uploadPacks). A namespace the job's restore
  // listed, whose save can only add a pack, is saved from that listing's record instead.
  for (const ns of s.namespaces) {
    if (!s.o.packs) continue;
    if (mode !== 'objects' && fromRestoreRecord(s, ns)) continue;
    if (mode !== 'objects' || !s.o.manifest?.namespaces[ns]) startPackListing(s, ns);
  }
  // A namespace saved from the record sends its pack, index and catalog together as soon as the
  // pack is built, with no listing before them to open connections: they are opened now.
  if (s.unlisted.size > 0) remote.preconnect?.(PUTS_OF_A_PACK * s.unlisted.size);
  // The access check goes out now, beside the reads, unless the record stands in for it everywhere.
  if (s.unlisted.size < s.namespaces.length) void s.writable();
  s.journal = await readJournal(s);
  s.prepacked = readPrepackedFor(s);
  return s;
}

/** `start` run on the first call only, its promise kept (and handled, so that one never awaited cannot go unhandled). */
function onceHandled(start: (() => Promise<unknown>) | undefined): () => Promise<unknown> {
  let started: Promise<unknown> | undefined;
  return () => {
    if (!started) {
      started = start?.() ?? Promise.resolve();
      started.catch(() => undefined);
    }
    return started;
  };
}

/**
 * The chunks the compile server (or `compile-cache prepack`) packed ahead from this journal, read
 * and checked on the thread pool while the save reads the disk store. Only with the journal (the
 * prepacked packs are the journal's) and packs to write.
 */
async function readPrepackedFor(s: SaveContext): Promise<Prepacked | null> {
  if (!s.journal || !s.o.packs || s.mode === 'objects') return null;
  try {
    const p = await readPrepacked(
      s.journal.journal.location,
      s.journal.read.id,
      s.o.packs.codec ?? defaultCodec()
    );
    for (const why of p.skipped) s.o.log?.(`not using a prepacked pack: ${why}`);
    return p.packIds.length === 0 ? null : p;
  } catch (err) {
    // Only a shortcut: the entries are read from the cache directory as without it.
    s.o.log?.(`not using the prepacked packs: ${errorText(err)}`);
    return null;
  }
}

/** The prepacked chunks a namespace's pack can take as they are, for these entries. */
async function prepackedChunks(
  s: SaveContext,
  ns: string,
  entries: readonly EntryInfo[]
): Promise<PresealedChunk[]> {
  const p = await s.prepacked;
  return p ? chunksFor(p.chunks, ns, new Set(entries.map(entryId))) : [];
}

/** Lists the namespace's packs (and, when it writes packs, makes its catalog from the listing). */
function startPackListing(s: SaveContext, ns: string): void {
  const packs = s.o.packs!;
  s.unlisted.delete(ns);
  // The bucket's catalog is read beside the listing unless the job's restore read it.
  const recorded = restoreSawCatalog(packs, ns);
  const listing = listNamespacePacks(packs, ns, s.failures, { catalog: recorded === null });
  s.packListings.set(ns, listing);
  if (s.mode !== 'objects') {
    s.catalogs.set(
      ns,
      listing.then(l => (l ? new NamespaceCatalog(packs, ns, l.indexes, l.catalog ?? recorded) : null))
    );
  }
}

/**
 * Sets the namespace up to be saved without a pack listing, from the record its restore left
 * (packs/listing-record.ts), when that can only differ from a listing in what costs requests:
 * the restore planned from the packs alone (so the new entries go in a pack), the bucket is not
 * pruned (that needs the listing), the record is this job's and recent, the upkeep would leave
 * its packs and one more as they are, and every index copy is at hand for the catalog (one that
 * fails its check is left out of the catalog, which only costs restores a GET). False
 * otherwise (the namespace is listed). What the journal says later can still send it back to the
 * listing (saveStock).
 */
function fromRestoreRecord(s: SaveContext, ns: string): boolean {
  const packs = s.o.packs!;
  const m = s.o.manifest?.namespaces[ns];
  if (!m || m.remoteFrom !== 'packs' || resolveUploadMode(s.mode, 0) !== 'packs') return false;
  if (s.remoteMaxSize > 0 || s.remoteMaxAge > 0 || !packs.indexCache) return false;
  const prefix = packPrefixFor(packs, ns);
  const record = parseListingRecord(prefix, packs.indexCache.readListingRecord(prefix));
  const now = Date.now();
  if (!record || record.listedAt < s.restoredAt || record.listedAt > now) return false;
  if (now - record.listedAt > LISTING_RECORD_MAX_AGE_MS) return false;
  if (!upkeepIdleWithOneMore(record, packs.targetPackBytes)) return false;
  const copies = recordedCopies(packs.indexCache, record);
  if (!copies) return false;
  s.unlisted.set(ns, record);
  const held = restoreSawCatalog(packs, ns);
  s.catalogs.set(ns, Promise.resolve(new NamespaceCatalog(packs, ns, () => catalogPacksOf(copies), held)));
  return true;
}

/**
 * The journal's lines since the last save, or null (said in the log) when it cannot be trusted to
 * name every entry written since the restore: none, unreadable or over its cap, no manifest, or
 * a journal started after the restore (a restore that was not ours, or an older manifest).
 */
async function readJournal(s: SaveContext): Promise<SaveContext['journal']> {
  const journal = s.o.useJournal === false ? null : (s.local.entryJournal?.() ?? null);
  if (!journal || !s.local.entryInfo) return null;
  const state = await journal.read();
  let why: string | undefined;
  if (!state.usable) why = state.reason;
  else if (!s.o.manifest) why = 'no restore manifest';
  else if (state.read.startedAt > s.restoredAt) why = 'the journal was started after the restore';
  if (why !== undefined || !state.usable) {
    s.o.log?.(`not using the journal of written entries (${why}): walking the disk store`);
    return null;
  }
  return { journal, read: state.read };
}

/** The journal's lines the next save must see: what this one could not upload, and other namespaces'. */
function journalLinesToKeep(s: SaveContext): string[] {
  if (!s.journal) return [];
  const ours = new Set<string>();
  for (const ns of s.namespaces) {
    for (const line of s.journal.read.lines) if (relativeId(line, ns)) ours.add(line);
  }
  // Entries of namespaces this save does not sync stay for a save that does.
  return [...s.keepInJournal, ...s.journal.read.lines.filter(l => !ours.has(l))];
}

/** Moves the journal past what this save read; the lines in `keep` stay for the next one. */
async function advanceJournal(s: SaveContext, keep: readonly string[]): Promise<void> {
  if (!s.journal) return;
  try {
    await s.journal.journal.advance(s.journal.read, keep);
  } catch (err) {
    s.failures.warn(
      `could not update the journal of written entries: ${errorText(err)}; the next save walks`
    );
  }
}

/** The local entries of one namespace after step 1. */
interface LocalStock {
  entries: EntryInfo[];
  /** Entry ids (relative to the namespace) the journal says were written since the restore. */
  journaled: Set<string>;
  /** From the journal: entries used in this job (else the walk's times tell, see isHit). */
  used?: Set<string>;
  /**
   * Starts the sweep of the store (once; later calls return the same promise). The save starts it
   * as its pack goes out, or at once when it writes no pack: the sweep's directory reads would
   * otherwise share the thread with building the pack and delay its PUT (~20 ms of a warm save).
   * Awaited, and so started, before the namespace's save ends.
   */
  sweep?: () => Promise<void>;
}

/** A namespace's save figures before anything is done: what a clean-only save fills in too. */
export function emptyNamespaceSave(namespace: string): NamespaceSave {
  return {
    namespace,
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
    durationMs: 0,
    replacedRemote: 0
  };
}

async function saveNamespace(s: SaveContext, ns: string): Promise<NamespaceSave> {
  const started = Date.now();
  const r = emptyNamespaceSave(ns);
  const stock = await takeLocalStock(s, ns, r);
  try {
    if (stock) await saveStock(s, ns, stock, r);
    else keepJournaled(s, ns);
  } finally {
    // The sweep ran beside the rest (LocalStock.sweep); the namespace is saved when it is done.
    await stock?.sweep?.();
  }
  r.durationMs = Date.now() - started;
  if (stock && r.uploadedAs) {
    s.o.log?.(
      `${ns}: uploaded ${r.uploadedEntries} entries (${formatBytes(r.uploadedBytes)}) in ` +
        `${formatDuration(r.durationMs)}, ${formatRate(r.uploadedBytes, r.durationMs)}` +
        (r.replacedRemote ? `; replaced ${r.replacedRemote} unusable in the bucket` : '') +
        (r.alreadyRemote > 0 ? `; ${r.alreadyRemote} were in the bucket already` : '') +
        (r.refreshedRemote > 0 ? `; refreshed the bucket time of ${r.refreshedRemote} used entries` : '') +
        (r.evictedRemote ? `; pruned from the bucket: ${evictionParts(r.evictedRemote) || 'nothing'}` : '') +
        (r.failed > 0 ? `; ${r.failed} failed` : '')
    );
  }
  return r;
}

/** Steps 2 to 6 for the local entries of step 1. */
async function saveStock(s: SaveContext, ns: string, stock: LocalStock, r: NamespaceSave): Promise<void> {
  // The pack listing (started in prepare) runs beside the local step: the save needs it to skip
  // what packs hold, to keep the packs bounded, and without a manifest, to see pack-only entries.
  const usesPacks = s.o.packs !== undefined && s.mode !== 'objects';
  let packListing = s.packListings.get(ns);
  const bucket = await bucketEntries(s, ns, packListing, r);
  if (!bucket) {
    keepJournaled(s, ns);
    return;
  }
  const mode = resolveUploadMode(s.mode, bucket.outsidePacks);
  r.uploadedAs = mode;
  const plan = await planUploads(s, ns, stock, bucket.times, r);
  // The restore's record stands in for a listing only while this save just adds a pack of new
  // entries: an entry to replace or to pack again changes what the older packs hold (upkeep).
  if (s.unlisted.has(ns)) {
    const why = plan.toUpload.some(e => e.replace)
      ? 'entries in the bucket are replaced'
      : staleUsed(s, stock, bucket.times, id => bucket.times.get(id)).length > 0
        ? 'entries are due to be packed again'
        : undefined;
    if (why) {
      s.o.log?.(`${ns}: listing the packs (${why})`);
      startPackListing(s, ns);
      packListing = s.packListings.get(ns);
    } else {
      const record = s.unlisted.get(ns)!;
      s.o.log?.(
        `${ns}: writing without listing the packs: this job's restore listed them ` +
          `${formatDuration(Date.now() - record.listedAt)} ago (${record.packs.length} packs, nothing to merge or prune)`
      );
    }
  }
  const unlisted = s.unlisted.has(ns);
  // The sweep starts as the pack goes out (LocalStock.sweep), or now when no pack is written.
  if (mode === 'objects' || plan.toUpload.length === 0) void stock.sweep?.();
  const sending = stock.sweep;
  const early = mode === 'objects' ? undefined : buildEarly(s, ns, plan.toUpload, packListing, sending);
  let upload: Awaited<ReturnType<typeof uploadNew>>;
  let repack: EntryInfo[] = [];
  try {
    if (mode !== 'objects') repack = await staleInPacks(s, ns, stock, bucket.times, packListing);
    // Everything before this point only read the bucket; from here on the save writes to it. A pack
    // listing that came back proves what the access check would (the bucket is there and these
    // credentials list it), and so does the restore's record of one in this job; the first write
    // waits for the check only without either: the check was the slower of the two requests in
    // some warm saves here, by up to 50 ms.
    if (!unlisted && !(packListing && (await packListing))) await s.writable();
    upload = await uploadNew(s, ns, mode, plan.toUpload, repack, packListing, r, early, sending);
  } finally {
    early?.decide(false);
  }
  // What this save wrote makes the restore's record of the packs out of date for a later save.
  if (usesPacks && (plan.toUpload.length > 0 || repack.length > 0))
    s.o.packs!.indexCache?.forgetListingRecord(packPrefixFor(s.o.packs!, ns));
  await refreshUsed(s, ns, mode, plan.hits, new Set(repack.map(entryId)), r);
  await pruneBucket(s, ns, r);
  if (usesPacks) await keepPacksBounded(s, ns, packListing, upload.packs);
  await updateCensus(s, ns, bucket, upload);
}

// Step 1: the disk store.

/**
 * Cleans the disk store and returns the entries that survive, from the journal when it can stand
 * in for a walk, else from one walk (the clean's). Null when the store cannot be read at all.
 */
async function takeLocalStock(s: SaveContext, ns: string, r: NamespaceSave): Promise<LocalStock | null> {
  const fromManifest = s.o.manifest?.namespaces[ns];
  if (s.journal && fromManifest?.entries.sizes) {
    const fromJournal = await stockFromJournal(s, ns, fromManifest, r);
    if (fromJournal.stock) {
      // The store is still swept (its clean has nothing to do here): that walk is what finds and
      // names whatever a build planted below the cache directory (issue 12). It skips the entries
      // the restore installed, which the walk of a clean would lstat one by one (on 3,000 entries,
      // 60–100 ms of a warm save's ~0.6 s). It runs beside the upload, which needs nothing from
      // it (it reads the directories and removes only leftovers of cut-off writes, never an entry):
      // on 3,000 entries it took ~150 ms, which the pack's PUT used to wait for.
      const sweep = sweepLocal(s, ns, fromManifest, fromJournal.stock.entries);
      if (!sweep) {
        const { sizeBefore, sizeAfter } = r;
        if ((await walkLocal(s, ns, r)) === null) return null;
        Object.assign(r, { sizeBefore, sizeAfter });
      }
      r.localScan = 'journal';
      return { ...fromJournal.stock, sweep };
    }
    s.o.log?.(`${ns}: walking the disk store (${fromJournal.why})`);
    const walked = await walkLocal(s, ns, r);
    return walked && { entries: walked, journaled: fromJournal.journaled };
  }
  if (s.journal) {
    s.o.log?.(
      `${ns}: walking the disk store (${fromManifest ? 'the manifest has no sizes' : 'the restore recorded nothing'} for ${ns})`
    );
  }
  const walked = await walkLocal(s, ns, r);
  return walked && { entries: walked, journaled: new Set() };
}

/**
 * The candidates without a walk: the entries the journal names as written and those on disk but
 * not in the bucket at the restore, each checked on disk (it exists, its blobs are regular files);
 * the entries it names as used are the hits. The clean is skipped only when it would evict nothing:
 * sizes from the manifest and the checked entries within maxSize, and no unused entry older than
 * maxAge (a use only makes an entry newer). Otherwise the store is walked (the clean needs it).
 */
async function stockFromJournal(
  s: SaveContext,
  ns: string,
  m: NamespaceManifest,
  r: NamespaceSave
): Promise<{ stock?: LocalStock; why: string; journaled: Set<string> }> {
  // The walk this path skips would have found a namespace directory the build replaced with a
  // link: one lstat per component finds it too, and reports it.
  namespaceView(s.local, ns).checkView?.();
  const journaled = new Set<string>();
  const used = new Set<string>();
  for (const line of s.journal!.read.lines) {
    const named = relativeId(line, ns);
    if (named) (named.kind === 'written' ? journaled : used).add(named.id);
  }
  const now = Date.now();
  const candidates = new Set(journaled);
  // One pass over the restore's entries (thousands, read by every save): the candidates, and the
  // oldest unused time for the clean's max-age.
  let oldest = Infinity;
  const { ids, local, remote } = m.entries;
  for (let i = 0; i < ids.length; i++) {
    const time = local[i];
    if (time === null) continue;
    const id = ids[i]!;
    if (remote[i] === null) candidates.add(id);
    if (!used.has(id) && !journaled.has(id)) oldest = Math.min(oldest, time!);
  }
  // The candidates' sizes as checked now; every other entry's as the restore recorded it.
  const sizes = new Map<string, number>();
  const entries: EntryInfo[] = [];
  // What was packed ahead is taken as it was read then (packs/prepack.ts): not checked again here.
  const prepacked = prepackedInfo(await s.prepacked, ns, candidates);
  const views = new SubViews(namespaceView(s.local, ns));
  await forEachLimit([...candidates], ENTRY_CHECKS_IN_FLIGHT, async id => {
    const { namespace, key } = splitEntryId(id);
    const pre = prepacked.get(id);
    if (pre) {
      entries.push(pre);
      sizes.set(id, pre.size);
      return;
    }
    try {
      const info = await views.of(namespace).entryInfo!(key);
      if (info === null) return;
      entries.push({ ...info, namespace });
      sizes.set(id, info.size);
    } catch (err) {
      if (err instanceof UnsafePathError) {
        r.incompleteSkipped++;
        s.failures.warn(`not uploading ${ns}/${id}: ${err.message}`);
      } else {
        s.failures.warn(`could not read ${ns}/${id} on disk: ${errorText(err)}`);
      }
    }
  });
  let bytes = 0;
  let count = sizes.size;
  for (const size of sizes.values()) bytes += size;
  const recorded = m.entries.sizes ?? [];
  for (let i = 0; i < recorded.length; i++) {
    const size = recorded[i];
    if (size === null || candidates.has(ids[i]!)) continue;
    bytes += size!;
    count++;
  }
  if (s.localMaxSize > 0 && bytes > s.localMaxSize) {
    return { why: 'the store is over max-size: the clean needs the walk', journaled };
  }
  if (s.localMaxAge > 0 && oldest < now - s.localMaxAge) {
    return { why: 'entries are older than max-age: the clean needs the walk', journaled };
  }
  r.sizeBefore = r.sizeAfter = { entries: count, bytes };
  entries.sort((a, b) => (entryId(a) < entryId(b) ? -1 : 1));
  const ahead = prepacked.size > 0 ? ` (${prepacked.size} of them packed ahead)` : '';
  s.o.log?.(
    `${ns}: from the journal, ${journaled.size} entries written${ahead} and ${used.size} used since the restore; ` +
      `${candidates.size - prepacked.size} checked on disk (${count} entries, ${formatBytes(bytes)}: nothing to clean)`
  );
  return { stock: { entries, journaled, used }, why: '', journaled };
}

/**
 * The candidates a prepacked chunk holds, as the disk store would list them (ids relative to the
 * namespace), with the times and sizes they had when they were packed.
 */
function prepackedInfo(
  p: Prepacked | null,
  ns: string,
  candidates: ReadonlySet<string>
): Map<string, EntryInfo> {
  const out = new Map<string, EntryInfo>();
  if (!p) return out;
  for (const c of chunksFor(p.chunks, ns, candidates)) {
    for (const e of c.entries) {
      const mtime = new Date(e.mtime);
      const blobs = e.blobs.map(b => ({ name: b.name, size: b.size, mtime }));
      out.set(entryId({ namespace: e.ns, key: e.key }), {
        key: e.key,
        namespace: e.ns,
        blobs,
        size: blobs.reduce((n, b) => n + b.size, 0),
        mtime
      });
    }
  }
  return out;
}

/**
 * DiskCacheStore.sweep of one namespace, to start (once) when the save is ready for it; the
 * promise never rejects (a failure is a warning). Undefined when the store has no sweep (walk it
 * instead). Like the entries the restore installed, the `checked` ones are not entered again: this
 * save just read each of them (its blobs regular files, or it would not be in the list), or the
 * prepacking did.
 */
function sweepLocal(
  s: SaveContext,
  ns: string,
  m: NamespaceManifest,
  checked: readonly EntryInfo[]
): (() => Promise<void>) | undefined {
  const localNs = namespaceView(s.local, ns);
  const sweep = localNs.sweep?.bind(localNs);
  if (!sweep) return undefined;
  const restored = knownEntries(m);
  const seen = new Map(checked.map(e => [entryId(e), { size: e.size, mtimeMs: e.mtime.getTime() }]));
  const known: KnownEntries = (namespace, key) =>
    restored?.(namespace, key) ?? seen.get(entryId({ namespace, key }));
  let started: Promise<void> | undefined;
  return () =>
    (started ??= sweep({ known }).then(
      () => undefined,
      err => {
        // The entries to upload were checked one by one already: the save goes on without the sweep.
        s.failures.warn(`could not sweep the local store ${localNs.dir()}: ${errorText(err)}`);
      }
    ));
}

/**
 * One walk of the disk store gives the size before, the clean, and the surviving entries. Entries
 * the manifest vouches for cost one lstat each (knownEntries).
 */
async function walkLocal(s: SaveContext, ns: string, r: NamespaceSave): Promise<EntryInfo[] | null> {
  const localNs = namespaceView(s.local, ns);
  let list: EntryInfo[] | null = null;
  try {
    const c = await localNs.cleanAndList(s.localMaxSize, s.localMaxAge, {
      known: knownEntries(s.o.manifest?.namespaces[ns])
    });
    r.sizeBefore = c.before;
    r.evictedLocal = { bySize: c.clean.bySize, byAge: c.clean.byAge };
    list = c.entries;
  } catch (err) {
    s.failures.warn(`could not clean the local store ${localNs.dir()}: ${errorText(err)}`);
  }
  r.localScan = 'walk';
  try {
    // Only when the clean failed: what is there is still worth uploading.
    list ??= await localNs.list();
    r.sizeAfter = { entries: list.length, bytes: list.reduce((n, e) => n + e.size, 0) };
    return list;
  } catch (err) {
    s.failures.warn(`could not list the local store ${localNs.dir()}: ${errorText(err)}; not saving ${ns}`);
    return null;
  }
}

// Step 2: the bucket.

/** What the bucket holds of a namespace, as far as this save knows. */
interface BucketStock {
  /** Entry id → bucket time. */
  times: EntryTimes;
  /**
   * Complete entries of the per-object layout that no pack held, from a whole object listing (the
   * restore's or this save's), or 0 when the restore trusted a census of 0; undefined: unknown.
   */
  outsidePacks: number | undefined;
  /** When the listing behind `outsidePacks` ran; undefined when there was none (nothing to record). */
  countedAt: number | undefined;
  /** Complete entries of the per-object layout, from the same listing; undefined: unknown. */
  objects: number | undefined;
  /** The census the restore trusted instead of a listing, when it did. */
  trusted?: Census;
}

/** What the bucket has: from the manifest, or by listing the bucket when the restore did not run. */
async function bucketEntries(
  s: SaveContext,
  ns: string,
  packListing: Promise<PackListing | null> | undefined,
  r: NamespaceSave
): Promise<BucketStock | null> {
  const fromManifest = s.o.manifest?.namespaces[ns];
  if (fromManifest) {
    const times = fromManifest.entries.remoteTimes;
    if (fromManifest.remoteFrom === 'packs')
      return {
        times,
        outsidePacks: 0,
        countedAt: undefined,
        objects: undefined,
        trusted: fromManifest.census
      };
    return {
      times,
      outsidePacks: fromManifest.outsidePacks,
      countedAt: fromManifest.outsidePacks === undefined ? undefined : s.restoredAt,
      objects: fromManifest.objects
    };
  }
  const remoteNs = namespaceView(s.remote, ns);
  try {
    const listedAt = Date.now();
    const objects = await remoteNs.list();
    // Entries held only by packs (upload mode `packs`) are in the bucket too: without them a
    // save after a skipped restore would pack every local entry again.
    const listing = s.o.packs ? await packListing! : null;
    const packed = packOnlyEntries(listing, objects);
    const complete = [...objects, ...packed].filter(e => isCompleteEntry(ns, e));
    const inPacks = packedIds(listing);
    return {
      times: new Map(complete.map(e => [entryId(e), e.mtime.getTime()])),
      // Without a pack listing nothing is known to be in a pack.
      outsidePacks: listing
        ? objects.filter(e => isCompleteEntry(ns, e) && !inPacks.has(entryId(e))).length
        : undefined,
      countedAt: listing ? listedAt : undefined,
      objects: objects.filter(e => isCompleteEntry(ns, e)).length
    };
    // Not counted as a success: a bucket can be readable and still refuse every write.
  } catch (err) {
    s.failures.failed(`could not list ${remoteNs.dir()}, not saving ${ns}`, err);
    r.failed++;
    return null;
  }
}

// Step 3: the plan.

interface UploadPlan {
  toUpload: UploadEntry[];
  hits: EntryInfo[];
}

/**
 * New complete entries go up; an incomplete one never does. An entry the build wrote although the
 * bucket had it (the journal says so) was not usable as restored: when the local entry has a blob
 * the bucket's lacks (`extras` where the compile has a depfile, say), it replaces the bucket's.
 * Entries used in this job whose bucket time is old get it refreshed.
 */
async function planUploads(
  s: SaveContext,
  ns: string,
  stock: LocalStock,
  remoteTimes: EntryTimes,
  r: NamespaceSave
): Promise<UploadPlan> {
  const toUpload: UploadEntry[] = [];
  const hits: EntryInfo[] = [];
  const rewritten: EntryInfo[] = [];
  const now = Date.now();
  for (const e of stock.entries) {
    const remoteTime = remoteTimes.get(entryId(e));
    if (stock.used && remoteTime !== undefined && !stock.journaled.has(entryId(e))) continue;
    if (remoteTime === undefined) {
      if (isCompleteEntry(ns, e)) toUpload.push(e);
      else r.incompleteSkipped++;
    } else if (stock.journaled.has(entryId(e)) && isCompleteEntry(ns, e)) {
      rewritten.push(e);
    } else if (isHit(e, remoteTime, s.restoredAt) && shouldRefresh(remoteTime, now, s.refreshOlderThan)) {
      hits.push(e);
    }
  }
  // With the journal, the hits are the entries it names as used (no walk read their times).
  for (const id of stock.used ?? []) {
    const remoteTime = remoteTimes.get(id);
    if (remoteTime === undefined || stock.journaled.has(id)) continue;
    if (shouldRefresh(remoteTime, now, s.refreshOlderThan)) {
      hits.push({ ...splitEntryId(id), blobs: [], size: 0, mtime: new Date(now) });
    }
  }
  toUpload.push(...(await unusableInBucket(s, ns, rewritten)));
  const bytes = toUpload.reduce((n, e) => n + e.size, 0);
  s.o.log?.(
    `${ns}: ${r.sizeAfter.entries} entries (${formatBytes(r.sizeAfter.bytes)}) on disk` +
      evictedText(r.evictedLocal) +
      `; uploading ${toUpload.length} new (${formatBytes(bytes)}) to ${namespaceView(s.remote, ns).dir()}` +
      (r.incompleteSkipped > 0 ? `; skipping ${r.incompleteSkipped} incomplete` : '')
  );
  return { toUpload, hits };
}

/** Of entries the build rewrote, those whose bucket copy lacks a blob the local one has (one LIST each). */
async function unusableInBucket(s: SaveContext, ns: string, rewritten: EntryInfo[]): Promise<UploadEntry[]> {
  const remoteViews = new SubViews(namespaceView(s.remote, ns));
  const out: UploadEntry[] = [];
  await forEachLimit(rewritten, s.concurrency, async e => {
    const view = remoteViews.of(e.namespace);
    if (!view.entryBlobs) return;
    try {
      const inBucket = await view.entryBlobs(e.key);
      const names = new Set(inBucket.map(b => b.name));
      if (e.blobs.some(b => !names.has(b.name))) out.push({ ...e, replace: inBucket });
    } catch (err) {
      s.failures.warn(`could not compare ${ns}/${entryId(e)} with the bucket's copy: ${errorText(err)}`);
      s.keepInJournal.push(journalLineOf(ns, e));
    }
  });
  return out;
}

// Step 4: the upload.

/**
 * Mode `both`: the pack first (one PUT that every restore reads), then the objects for the Go
 * fleet. Mode `packs`: the pack only; `objects`: the objects only. Entries a pack in the bucket
 * already holds (another save just wrote it) are not packed again. Returns the packs written.
 */
async function uploadNew(
  s: SaveContext,
  ns: string,
  mode: Exclude<UploadMode, 'auto'>,
  toUpload: UploadEntry[],
  repack: EntryInfo[],
  packListing: Promise<PackListing | null> | undefined,
  r: NamespaceSave,
  early?: EarlyPack,
  sending?: () => void
): Promise<{ packs: PackIndex[]; outsidePacks: number; objects: number }> {
  if (toUpload.length === 0 && repack.length === 0) return { packs: [], outsidePacks: 0, objects: 0 };
  const progress = new Progress(
    `save ${ns}`,
    toUpload.length,
    toUpload.reduce((n, e) => n + e.size, 0),
    s.o.log,
    s.o.progressIntervalMs
  );
  try {
    const packs =
      mode === 'objects'
        ? null
        : await uploadPacks(s, ns, mode, toUpload, repack, packListing, progress, r, early, sending);
    if (mode !== 'packs' && toUpload.length > 0) await uploadObjects(s, ns, toUpload, progress, r);
    // Objects uploaded without a pack that holds them: the census must count them.
    const outsidePacks = packs === null ? r.uploadedEntries : 0;
    // Entries written as objects (or meant to be: counting one that failed only costs a restore a
    // check it could have skipped, census.ts).
    const objects = mode === 'packs' ? 0 : toUpload.length;
    return { packs: packs ?? [], outsidePacks, objects };
  } finally {
    progress.stop();
  }
}

/**
 * A pack of the new entries, built (read, compressed, hashed) while the pack listing is still on
 * its way, and written only when `decide(true)` says the listing left it as it is. The first
 * decision counts; `written` then settles as writeNamespacePacks does (PackWriteCancelled for no).
 */
interface EarlyPack {
  decide(use: boolean): void;
  written: Promise<Awaited<ReturnType<typeof writeNamespacePacks>>>;
}

function buildEarly(
  s: SaveContext,
  ns: string,
  toUpload: UploadEntry[],
  packListing: Promise<PackListing | null> | undefined,
  sending?: () => void
): EarlyPack | undefined {
  // Without a listing (objects only, or it failed) there is nothing to wait for.
  if (!s.o.packs || !packListing || toUpload.length === 0) return undefined;
  let decide!: (use: boolean) => void;
  const gate = new Promise<boolean>(resolve => (decide = resolve));
  const written = writeNamespacePacks({
    packs: s.o.packs,
    namespace: ns,
    local: namespaceView(s.local, ns),
    entries: toUpload,
    failures: s.failures,
    gate,
    catalog: s.catalogs.get(ns),
    sending,
    prepacked: prepackedChunks(s, ns, toUpload)
  });
  // Discarded or failed: whoever uses it awaits it; nobody else must see it as unhandled.
  written.catch(() => undefined);
  return { decide, written };
}

/** The packs written; null when writing them failed (mode `both` then uploads the objects alone). */
async function uploadPacks(
  s: SaveContext,
  ns: string,
  mode: 'packs' | 'both',
  toUpload: UploadEntry[],
  repack: EntryInfo[],
  packListing: Promise<PackListing | null> | undefined,
  progress: Progress,
  r: NamespaceSave,
  early?: EarlyPack,
  sending?: () => void
): Promise<PackIndex[] | null> {
  const packed = packedIds(await packListing);
  const fresh = toUpload.filter(e => e.replace || !packed.has(entryId(e)));
  const entries = [...fresh, ...repack];
  // The pack built early holds exactly toUpload: it is the one to write when nothing was dropped
  // or added. Otherwise it is discarded (another job packed some of these meanwhile, or entries
  // are due to be packed again) and the pack is built again from `entries`.
  const useEarly = early !== undefined && fresh.length === toUpload.length && repack.length === 0;
  early?.decide(useEarly);
  const alreadyPacked = toUpload.length - entries.length;
  if (alreadyPacked > 0)
    s.o.log?.(`${ns}: ${alreadyPacked} new entries are in a pack already; not packing them again`);
  if (mode === 'packs') r.alreadyRemote += alreadyPacked;
  if (repack.length > 0) {
    s.o.log?.(`${ns}: packing again ${repack.length} entries used in this job whose pack time is old`);
  }
  if (entries.length === 0) {
    r.packsWritten = 0;
    return [];
  }
  try {
    const w = useEarly
      ? await early.written
      : await writeNamespacePacks({
          packs: s.o.packs!,
          namespace: ns,
          local: namespaceView(s.local, ns),
          entries,
          failures: s.failures,
          catalog: s.catalogs.get(ns),
          sending,
          prepacked: prepackedChunks(s, ns, entries)
        });
    r.packsWritten = w.packs.length;
    // The entries packed again are refreshed, not uploaded (one evicted meanwhile is not packed).
    const inPacks = new Set(
      w.packs.flatMap(p => p.entries.map(e => entryId({ namespace: e.ns, key: e.key })))
    );
    const repacked = repack.filter(e => inPacks.has(entryId(e)));
    r.refreshedRemote += repacked.length;
    if (mode === 'packs') {
      const uploaded = fresh.filter(e => inPacks.has(entryId(e)));
      r.uploadedEntries = uploaded.length;
      r.uploadedBytes = uploaded.reduce((n, e) => n + e.size, 0);
      r.replacedRemote = uploaded.filter(e => e.replace).length;
      progress.add(uploaded.length, r.uploadedBytes);
      s.failures.succeeded();
    }
    return w.packs;
  } catch (err) {
    if (mode === 'packs') {
      r.failed += fresh.length;
      for (const e of fresh) s.keepInJournal.push(journalLineOf(ns, e));
      s.failures.failed(`could not write the packs of ${ns}`, err);
    } else {
      s.failures.warn(`could not write the packs of ${ns}: ${errorText(err)}; uploading the objects`);
    }
    return null;
  }
}

async function uploadObjects(
  s: SaveContext,
  ns: string,
  toUpload: UploadEntry[],
  progress: Progress,
  r: NamespaceSave
): Promise<void> {
  const u = await uploadEntries({
    namespace: ns,
    local: namespaceView(s.local, ns),
    remote: namespaceView(s.remote, ns),
    entries: toUpload,
    concurrency: s.concurrency,
    progress,
    failures: s.failures
  });
  r.uploadedEntries = u.uploadedEntries;
  r.uploadedBytes = u.uploadedBytes;
  r.alreadyRemote += u.alreadyRemote;
  r.replacedRemote = u.replaced;
  r.incompleteSkipped += u.vanished + u.unsafe;
  r.failed += u.failed;
  for (const id of u.failedIds) s.keepInJournal.push(journalLineOf(ns, splitEntryId(id)));
}

/**
 * An entry's pack records its time when it was packed, and packs are never touched: an entry used
 * every day but packed weeks ago would look old to a restore that plans from the packs alone (the
 * census lets it skip the object listing, whose refreshed times would say otherwise), and fall out
 * of max-age. So the entries used in this job whose newest pack time is older than
 * REPACK_AFTER_MS (or half of max-age, when that is shorter) are packed again with their new
 * time: each at most once a week, and compaction drops the older copy.
 */
async function staleInPacks(
  s: SaveContext,
  ns: string,
  stock: LocalStock,
  remoteTimes: EntryTimes,
  packListing: Promise<PackListing | null> | undefined
): Promise<EntryInfo[]> {
  const listing = await packListing;
  if (!listing) return [];
  const packTimes = new Map<string, number>();
  for (const index of listing.indexes) {
    for (const e of index.entries) {
      const id = entryId({ namespace: e.ns, key: e.key });
      packTimes.set(id, Math.max(packTimes.get(id) ?? 0, e.mtime));
    }
  }
  const stale = staleUsed(s, stock, remoteTimes, id => packTimes.get(id));
  const out: EntryInfo[] = [];
  const views = new SubViews(namespaceView(s.local, ns));
  // Read from disk again: an entry the walk took from the manifest has no blob list.
  await forEachLimit(stale, ENTRY_CHECKS_IN_FLIGHT, async id => {
    const { namespace, key } = splitEntryId(id);
    const view = views.of(namespace);
    if (!view.entryInfo) return;
    try {
      const info = await view.entryInfo(key);
      if (info && isCompleteEntry(ns, { ...info, namespace })) out.push({ ...info, namespace });
    } catch {
      // Unreadable or unsafe now: it keeps its old pack time (the walk or the upload names it).
    }
  });
  return out;
}

/**
 * Entries used in this job (not rewritten) whose newest pack time, by `packTime`, is older than
 * REPACK_AFTER_MS (or half of max-age, when that is shorter).
 */
function staleUsed(
  s: SaveContext,
  stock: LocalStock,
  remoteTimes: EntryTimes,
  packTime: (id: string) => number | undefined
): string[] {
  const after = s.localMaxAge > 0 ? Math.min(REPACK_AFTER_MS, s.localMaxAge / 2) : REPACK_AFTER_MS;
  const cutoff = Date.now() - after;
  const used = stock.used
    ? [...stock.used]
    : stock.entries
        .filter(e => {
          const t = remoteTimes.get(entryId(e));
          return t !== undefined && isHit(e, t, s.restoredAt);
        })
        .map(entryId);
  return used.filter(id => {
    const t = packTime(id);
    return t !== undefined && t < cutoff && !stock.journaled.has(id);
  });
}

/** Entry ids that some pack of the listing holds. */
function packedIds(listing: PackListing | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const index of listing?.indexes ?? []) {
    for (const e of index.entries) out.add(entryId({ namespace: e.ns, key: e.key }));
  }
  return out;
}

// Step 5: refresh.

/**
 * Refreshes the bucket time of entries used in this job (server-side copy, no data sent), before
 * the bucket clean, so its least-recently-used order counts this use. Packs have no per-entry
 * time: with packs only, there is nothing to refresh.
 */
async function refreshUsed(
  s: SaveContext,
  ns: string,
  mode: Exclude<UploadMode, 'auto'>,
  hits: EntryInfo[],
  repacked: Set<string>,
  r: NamespaceSave
): Promise<void> {
  if (mode === 'packs') return;
  const remoteViews = new SubViews(namespaceView(s.remote, ns));
  await forEachLimit(hits, s.concurrency, async entry => {
    try {
      await remoteViews.of(entry.namespace).touch(entry.key);
      // Packed again as well (staleInPacks): one refreshed entry, counted once.
      if (!repacked.has(entryId(entry))) r.refreshedRemote++;
      s.failures.succeeded();
    } catch (err) {
      r.failed++;
      s.failures.failed(`could not refresh the bucket time of ${ns}/${entryId(entry)}`, err);
    }
  });
}

// Step 6: prune the bucket.

async function pruneBucket(s: SaveContext, ns: string, r: NamespaceSave): Promise<void> {
  if (s.remoteMaxSize <= 0 && s.remoteMaxAge <= 0) return;
  const remoteNs = namespaceView(s.remote, ns);
  try {
    const c = await remoteNs.clean(s.remoteMaxSize, s.remoteMaxAge);
    r.evictedRemote = { bySize: c.bySize, byAge: c.byAge };
    r.remoteSizeAfter = c.remaining;
    s.failures.succeeded();
  } catch (err) {
    s.failures.failed(`could not prune ${remoteNs.dir()}`, err);
  }
}

// Step 8: the census.

/**
 * Records what a whole object listing found (the restore's, or this save's) in the namespace's
 * census, plus the objects this save wrote (outside packs, and in all), so the next restores know
 * whether they may skip the object listing (packs/census.ts). Nothing is written when no listing
 * stands behind the count and this save left nothing outside packs: the census then ages out, and
 * a restore lists again within a day; except that objects written after a restore trusted a census
 * of zero objects are added to it, or the next restores would take the packs for the only copy of
 * those entries. A failure only costs the next restores their shortcut.
 */
async function updateCensus(
  s: SaveContext,
  ns: string,
  bucket: BucketStock,
  wrote: { outsidePacks: number; objects: number }
): Promise<void> {
  if (!s.o.packs) return;
  const known = bucket.countedAt !== undefined && bucket.outsidePacks !== undefined;
  let census: Census;
  if (known || wrote.outsidePacks > 0) {
    census = {
      countedAt: bucket.countedAt ?? Date.now(),
      outsidePacks: (bucket.outsidePacks ?? 0) + wrote.outsidePacks,
      ...(known && bucket.objects !== undefined ? { objects: bucket.objects + wrote.objects } : {})
    };
  } else if (wrote.objects > 0 && bucket.trusted?.objects === 0) {
    census = { ...bucket.trusted, objects: wrote.objects };
  } else return;
  try {
    await writeCensus(s.o.packs.bucket, packPrefixFor(s.o.packs, ns), census);
  } catch (err) {
    s.failures.warn(
      `could not record the census of ${ns}: ${errorText(err)}; the next restore lists the bucket`
    );
  }
}

// Step 7: the packs.

/** Merges small packs and prunes them with the bucket limits, from the listing taken in step 1. */
async function keepPacksBounded(
  s: SaveContext,
  ns: string,
  packListing: Promise<PackListing | null> | undefined,
  added: PackIndex[]
): Promise<void> {
  const listing = await packListing;
  const catalog = (await s.catalogs.get(ns)) ?? null;
  // Saved from the restore's record (fromRestoreRecord), the namespace has nothing to maintain.
  if (s.o.packs && listing) {
    await maintainNamespacePacks({
      packs: s.o.packs,
      namespace: ns,
      listing,
      added,
      maxBytes: s.remoteMaxSize,
      maxAge: s.remoteMaxAge,
      failures: s.failures,
      catalog
    });
  }
  if (catalog?.error) {
    s.failures.warn(
      `could not write the catalog of the packs of ${ns}: ${errorText(catalog.error)}; ` +
        'restores read the pack indexes one by one until a save writes it'
    );
  }
}

// Helpers.

/**
 * Entries the walk may take from the manifest (one lstat each instead of a directory listing and an
 * lstat per blob): those on disk and in the bucket at the restore, whose size it recorded. Entries
 * not in the bucket are upload candidates and are always walked in full, so what is uploaded is
 * what is on disk now. Undefined (walk everything) for a manifest without sizes.
 */
function knownEntries(m: NamespaceManifest | undefined): KnownEntries | undefined {
  const entries = m?.entries;
  const sizes = entries?.sizes;
  if (!entries || !sizes) return undefined;
  return (namespace, key) => {
    const i = entries.indexOf(entryId({ namespace, key }));
    if (i < 0) return undefined;
    const size = sizes[i];
    const mtimeMs = entries.local[i];
    if (size === null || mtimeMs === null || entries.remote[i] === null) return undefined;
    return { size: size!, mtimeMs: mtimeMs! };
  };
}

/** A journal line's kind and entry id relative to the namespace (`local/<hex>`); undefined outside it. */
function relativeId(line: string, ns: string): { kind: JournalKind; id: string } | undefined {
  const parsed = parseJournalLine(line);
  if (!parsed) return undefined;
  const base = splitNamespacePath(ns).join('/');
  const { kind, namespace, key } = parsed;
  if (namespace === base) return { kind, id: key };
  if (base === '') return { kind, id: entryId({ namespace, key }) };
  if (!namespace.startsWith(`${base}/`)) return undefined;
  return { kind, id: entryId({ namespace: namespace.slice(base.length + 1), key }) };
}

/** `local/<hex>` → its relative namespace and key. */
function splitEntryId(id: string): { namespace: string; key: string } {
  const at = id.lastIndexOf('/');
  return at < 0 ? { namespace: '', key: id } : { namespace: id.slice(0, at), key: id.slice(at + 1) };
}

/** The journal line of an entry of the synced namespace. */
function journalLineOf(ns: string, e: { namespace: string; key: string }): string {
  const path = [...splitNamespacePath(ns), ...(e.namespace === '' ? [] : [e.namespace])].join('/');
  return journalLine('written', path, e.key);
}

/** Journaled entries of a namespace that could not be saved stay for the next save. */
function keepJournaled(s: SaveContext, ns: string): void {
  for (const line of s.journal?.read.lines ?? []) if (relativeId(line, ns)) s.keepInJournal.push(line);
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
