/**
 * The restore of one namespace, packs first. The pack indexes say what the packs hold, with each
 * entry's recorded time and size, so the restore chooses from them and starts downloading within
 * two round trips (one LIST of the pack folder, the index GETs), and lists the per-object layout
 * only to find what no pack holds, beside the pack downloads:
 *
 * 1. List the packs (and the disk) and plan from the indexes: the newest pack entries within the
 *    budget and max-age by their recorded times (plan.ts, the LRU tie rule), counting the disk.
 * 2. Stream those packs in; once the first pack GET has been answered, list the bucket's objects.
 * 3. With the object listing in, plan again over everything (objects with the bucket's times, plus
 *    the entries only packs hold): entries no pack holds are fetched as objects at once, beside
 *    the packs; entries packs hold that the first plan left out (their bucket time is newer than
 *    the time the pack recorded) are read from packs after the first pass.
 * 4. What the packs failed to serve comes as objects; entries installed with a pack's time get the
 *    bucket's newer time (one lutimes each).
 *
 * The budget: the first plan cannot see entries outside packs, so the two plans can differ. An
 * entry the first plan took and the whole plan leaves out (newer entries outside packs filled the
 * budget) is installed anyway: the disk then holds more than max-size by at most the bytes of
 * the entries fetched as objects, and those extra entries are the oldest on disk, the first the
 * post step's clean to max-size evicts. Nothing the whole plan leaves out is fetched after it.
 */
import type { EntryInfo } from '../store/store.js';
import { mapLimit } from '../store/limit.js';
import { entryId, isCompleteEntry, SubViews } from './entries.js';
import { errorText, type Failures } from './failures.js';
import { downloadEntries, type DownloadResult } from './fetch.js';
import type { NamespaceManifest } from './manifest.js';
import { ManifestEntries, type ManifestEntry } from './manifest-entries.js';
import { planRestore, type RestorePlan } from './plan.js';
import { formatBytes, Progress } from './progress.js';
import type { LocalStore, RemoteStore } from './stores.js';
import type { PackBucket } from './packs/bucket.js';
import {
  fetchFromPacks,
  keepListingRecord,
  listNamespacePacks,
  packOnlyEntries,
  type PackFetchResult,
  type PackSyncOptions
} from './packs/namespace-packs.js';
import type { PackListing } from './packs/read.js';
import { type Census, censusAllowsSkip, readCensus } from './packs/census.js';
import { packPrefixFor } from './packs/namespace-packs.js';
import { codecAvailable } from './packs/format.js';

export interface NamespaceRun {
  /** The namespace path, e.g. `compile`. */
  namespace: string;
  /** Views of the namespace. */
  remote: RemoteStore;
  local: LocalStore;
  maxBytes: number;
  maxAge: number;
  concurrency: number;
  packs?: PackSyncOptions;
  /** Keep pack chunks compressed for a lazy install (the disk store must have begun one). */
  lazy?: boolean;
  failures: Failures;
  log?: (line: string) => void;
  progressIntervalMs?: number;
}

/** What restore() reports per namespace (NamespaceRestore). */
export interface NamespaceFigures {
  namespace: string;
  /** Complete entries in the bucket under this namespace (objects and packs), and their bytes. */
  remoteEntries: number;
  remoteBytes: number;
  restoredEntries: number;
  restoredBytes: number;
  alreadyLocal: number;
  skippedForBudget: number;
  skippedForAge: number;
  /** Bucket entries without `exit_code` or `metadata` (an upload cut off): not restored. */
  incompleteSkipped: number;
  /** Entries deleted from the bucket between listing and fetching. */
  vanished: number;
  failed: number;
  durationMs: number;
  /** Of restoredEntries, how many came from packs. */
  restoredFromPacks?: number;
  /** Of restoredFromPacks, how many were kept packed for a lazy install (installed on first use). */
  keptPacked?: number;
}

export interface NamespaceOutcome {
  figures: NamespaceFigures;
  /** Null when the bucket's objects could not be listed (the save then lists it itself). */
  manifest: NamespaceManifest | null;
  /** Whether the bucket answered: the object listing, or the pack listing with packs in it. */
  reached: boolean;
  listError?: unknown;
}

export function emptyFigures(namespace: string): NamespaceFigures {
  return {
    namespace,
    remoteEntries: 0,
    remoteBytes: 0,
    restoredEntries: 0,
    restoredBytes: 0,
    alreadyLocal: 0,
    skippedForBudget: 0,
    skippedForAge: 0,
    incompleteSkipped: 0,
    vanished: 0,
    failed: 0,
    durationMs: 0
  };
}

export async function restoreNamespace(run: NamespaceRun): Promise<NamespaceOutcome> {
  const started = Date.now();
  const figures = emptyFigures(run.namespace);
  const packListing = run.packs
    ? listNamespacePacks(run.packs, run.namespace, run.failures, { catalog: true })
    : Promise.resolve(null);
  // Beside the pack listing, so it costs no round trip of its own.
  const census = run.packs
    ? readCensus(run.packs.bucket, packPrefixFor(run.packs, run.namespace))
    : Promise.resolve(null);
  let localList: EntryInfo[];
  try {
    localList = await run.local.list();
  } catch (err) {
    run.failures.warn(
      `could not list the local store ${run.local.dir()}: ${errorText(err)}; not restoring ${run.namespace}`
    );
    await Promise.all([packListing, census]);
    return { figures: { ...figures, durationMs: Date.now() - started }, manifest: null, reached: true };
  }
  const listing = await packListing;
  const progress = new Progress(`restore ${run.namespace}`, 0, 0, run.log, run.progressIntervalMs);
  try {
    const outcome = await restoreListed(run, listing, await census, localList, progress, figures);
    // For the job's save: what the pack listing showed (it went out at `started`).
    if (run.packs) await keepListingRecord(run.packs, run.namespace, listing, started);
    figures.durationMs = Date.now() - started;
    return outcome;
  } finally {
    progress.stop();
  }
}

async function restoreListed(
  run: NamespaceRun,
  listing: PackListing | null,
  census: Census | null,
  localList: EntryInfo[],
  progress: Progress,
  figures: NamespaceFigures
): Promise<NamespaceOutcome> {
  // Step 1: plan from the indexes.
  const packHeld = completeEntries(run.namespace, packOnlyEntries(listing, []));
  const first = plan(run, packHeld, localList);
  progress.expect(first.fetch.length, sumSizes(first.fetch));
  const unreadable = (listing?.indexes ?? []).filter(i => !codecAvailable(i.codec));
  if (unreadable.length > 0) {
    run.failures.warn(
      `${unreadable.length} pack(s) of ${run.namespace} are ${unreadable[0]!.codec}, which Node ${process.version} cannot read ` +
        `(zstd needs Node 22.15 or newer; the action runs on Node 24): their entries come as objects where the bucket has them`
    );
  }
  // The census says whether the packs hold everything; then the objects are not listed at all.
  const trust = run.packs ? censusAllowsSkip(census, listing, Date.now()) : null;
  if (listing) {
    run.log?.(
      `${run.namespace}: ${packHeld.length} entries in ${listing.indexes.length} pack(s), ` +
        `${localList.length} on disk; reading ${first.fetch.length} (${formatBytes(sumSizes(first.fetch))}) ` +
        `from packs ` +
        (trust?.skip
          ? `(not listing ${run.remote.dir()}: at its last count, ${new Date(census!.countedAt).toISOString()}, every entry was in a pack)`
          : `while ${run.remote.dir()} is listed${trust ? ` (${trust.why})` : ''}`)
    );
  }

  // Step 2: stream the packs; list the objects once the first pack GET has been answered.
  const bucketTimes = new Map<string, Date>();
  const firstGet = new Gate();
  // With the listing skipped on a census that counted no objects at all, the packs are the only
  // copy: a lazy restore need not prove each kept chunk decodes (restoreFromPacks).
  const objectsMayHold = !(trust?.skip && census?.objects === 0);
  const firstPass = readFromPacks(run, listing, first.fetch, progress, bucketTimes, firstGet, objectsMayHold);
  void firstPass.finally(() => firstGet.open());
  let objects: EntryInfo[] | null = null;
  if (trust?.skip) {
    // The pack GETs go out before the whole plan below takes the main thread (~20 ms for 3,000
    // entries): that CPU then runs while the first answer is on its way, not before it is asked for.
    await new Promise(resolve => setImmediate(resolve));
  } else {
    try {
      objects = await firstGet.opened.then(() => run.remote.list());
    } catch (err) {
      run.failures.warn(`could not list ${run.remote.dir()}: ${errorText(err)}`);
      const p = await firstPass;
      addPackFigures(figures, p);
      return { figures, manifest: null, reached: (listing?.indexes.length ?? 0) > 0, listError: err };
    }
    for (const e of objects ?? []) bucketTimes.set(entryId(e), e.mtime);
  }

  // Step 3: the whole plan; what no pack holds comes as objects now, beside the packs.
  const whole = planWhole(run, listing, objects ?? [], localList, figures);
  const heldIds = new Set(packHeld.map(entryId));
  const firstIds = new Set(first.fetch.map(entryId));
  const asObjects = whole.plan.fetch.filter(e => !heldIds.has(entryId(e)));
  const fromPacksLater = whole.plan.fetch.filter(e => heldIds.has(entryId(e)) && !firstIds.has(entryId(e)));
  progress.expect(asObjects.length + fromPacksLater.length, sumSizes(asObjects) + sumSizes(fromPacksLater));
  run.log?.(
    `${run.namespace}: ${figures.remoteEntries} entries (${formatBytes(figures.remoteBytes)}) in ` +
      (objects ? `${run.remote.dir()} and its packs` : 'the packs') +
      `; fetching ${asObjects.length} as objects` +
      (fromPacksLater.length > 0 ? `, ${fromPacksLater.length} more from packs` : '') +
      skipped(figures, whole.plan)
  );
  const objectsNow = download(run, asObjects, progress);
  const p1 = await firstPass;
  const p2 = await readFromPacks(run, listing, fromPacksLater, progress, bucketTimes, null, true);

  // Step 4: objects for what the packs did not serve; the bucket's times on what they did.
  const served = new Set([...p1.served, ...p2.served]);
  const unserved = whole.plan.fetch.filter(e => heldIds.has(entryId(e)) && !served.has(entryId(e)));
  // Without a listing, which of them exist as objects is not known yet: the listing runs now,
  // only for this (a pack that failed mid-read, a codec this Node lacks).
  const fallbackObjects = objects ?? (unserved.length > 0 ? await listForFallback(run) : []);
  const objectIds = new Set(fallbackObjects.map(entryId));
  // What packs alone hold and could not serve is not fetched as objects: there are none, and a
  // hostile index listing 100,000 made-up entries must not turn into 100,000 requests.
  const packOnlyUnserved = unserved.filter(e => !objectIds.has(entryId(e)));
  progress.add(packOnlyUnserved.length, 0);
  const d1 = await objectsNow;
  const d2 = await download(
    run,
    unserved.filter(e => objectIds.has(entryId(e))),
    progress
  );
  const fromPacks = await advanceTimes(run, [...p1.restored, ...p2.restored], bucketTimes);

  addPackFigures(figures, p1, p2);
  figures.restoredFromPacks = fromPacks.length;
  for (const d of [d1, d2]) {
    figures.restoredEntries += d.restoredEntries;
    figures.restoredBytes += d.restoredBytes;
    figures.alreadyLocal += d.alreadyLocal;
    figures.vanished += d.vanished;
    figures.failed += d.failed;
  }
  figures.failed += packOnlyUnserved.length;
  // Left out by the whole plan but installed by the first pass: restored, not skipped.
  for (const e of fromPacks) {
    const reason = whole.plan.leftOut.get(entryId(e));
    if (reason === 'budget') figures.skippedForBudget--;
    else if (reason === 'age') figures.skippedForAge--;
  }
  const restored = [...fromPacks, ...d1.restored, ...d2.restored];
  const manifest = namespaceManifest(whole.complete, localList, restored);
  if (objects && listing) {
    // What the save's census records: complete object entries that no pack holds (known only
    // when the packs were listed too).
    const completeObjects = completeEntries(run.namespace, objects);
    manifest.outsidePacks = completeObjects.filter(e => !heldIds.has(entryId(e))).length;
    manifest.objects = completeObjects.length;
  } else if (!objects) {
    manifest.remoteFrom = 'packs';
    // The save corrects the census it rests on when it writes objects the census says are not there.
    if (census) manifest.census = census;
  }
  return { figures, manifest, reached: true };
}

/** The object listing, taken only because a pack failed to serve entries; [] (warned) when it fails. */
async function listForFallback(run: NamespaceRun): Promise<EntryInfo[]> {
  try {
    return await run.remote.list();
  } catch (err) {
    run.failures.warn(
      `could not list ${run.remote.dir()} for what the packs failed to serve: ${errorText(err)}`
    );
    return [];
  }
}

/** The complete entries (an entry without `exit_code` or `metadata` under compile is never restored). */
function completeEntries(namespace: string, entries: EntryInfo[]): EntryInfo[] {
  return entries.filter(e => isCompleteEntry(namespace, e));
}

function plan(run: NamespaceRun, remote: readonly EntryInfo[], local: readonly EntryInfo[]): RestorePlan {
  return planRestore({ remote, local, maxBytes: run.maxBytes, maxAgeMs: run.maxAge, now: Date.now() });
}

/** The plan over the bucket's objects and the entries only packs hold; fills the bucket figures. */
function planWhole(
  run: NamespaceRun,
  listing: PackListing | null,
  objects: EntryInfo[],
  local: EntryInfo[],
  figures: NamespaceFigures
): { complete: EntryInfo[]; plan: RestorePlan } {
  const all = [...objects, ...packOnlyEntries(listing, objects)];
  const complete = completeEntries(run.namespace, all);
  const whole = plan(run, complete, local);
  figures.incompleteSkipped = all.length - complete.length;
  figures.remoteEntries = complete.length;
  figures.remoteBytes = sumSizes(complete);
  figures.alreadyLocal = whole.alreadyLocal;
  figures.skippedForBudget = whole.skippedForBudget;
  figures.skippedForAge = whole.skippedForAge;
  return { complete, plan: whole };
}

/**
 * Reads `entries` from the packs, installing each with the bucket's time when the object listing
 * has brought it by then. `firstGet` opens once the first pack GET has been answered.
 */
async function readFromPacks(
  run: NamespaceRun,
  listing: PackListing | null,
  entries: EntryInfo[],
  progress: Progress,
  bucketTimes: Map<string, Date>,
  firstGet: Gate | null,
  objectsMayHold: boolean
): Promise<PackFetchResult> {
  if (!run.packs || !listing || entries.length === 0) {
    firstGet?.open();
    return { restored: [], served: new Set(), alreadyLocal: 0, packsRead: 0, bytesRead: 0, kept: 0 };
  }
  const packs = firstGet ? { ...run.packs, bucket: gated(run.packs.bucket, firstGet) } : run.packs;
  return fetchFromPacks({
    packs,
    namespace: run.namespace,
    listing,
    local: run.local,
    entries,
    progress,
    failures: run.failures,
    mtimeOf: e => newer(e.mtime, bucketTimes.get(entryId(e))),
    lazy: run.lazy,
    objectsMayHold
  });
}

function download(run: NamespaceRun, entries: EntryInfo[], progress: Progress): Promise<DownloadResult> {
  return downloadEntries({
    namespace: run.namespace,
    remote: run.remote,
    local: run.local,
    entries,
    concurrency: run.concurrency,
    progress,
    failures: run.failures
  });
}

function addPackFigures(figures: NamespaceFigures, ...passes: PackFetchResult[]): void {
  for (const p of passes) {
    figures.restoredEntries += p.restored.length;
    figures.restoredBytes += sumSizes(p.restored);
    figures.alreadyLocal += p.alreadyLocal;
  }
  figures.restoredFromPacks = passes.reduce((n, p) => n + p.restored.length, 0);
  const kept = passes.reduce((n, p) => n + p.kept, 0);
  if (kept > 0) figures.keptPacked = kept;
}

/**
 * Entries installed from packs before the object listing brought their bucket time, which is
 * newer (a save refreshed them, or uploaded their objects after the entry's recorded time): their
 * newest blob gets the bucket's time, so local least-recently-used order stays the bucket's.
 */
async function advanceTimes(
  run: NamespaceRun,
  restored: EntryInfo[],
  bucketTimes: Map<string, Date>
): Promise<EntryInfo[]> {
  const views = new SubViews(run.local);
  const out: EntryInfo[] = [];
  await mapLimit(restored, 16, async e => {
    const t = bucketTimes.get(entryId(e));
    const view = views.of(e.namespace);
    if (t === undefined || t.getTime() <= e.mtime.getTime() || !view.advanceTime) {
      out.push(e);
      return;
    }
    const blob = e.blobs.some(b => b.name === 'exit_code') ? 'exit_code' : e.blobs[0]!.name;
    try {
      if (await view.advanceTime(e.key, blob, t)) {
        out.push({ ...e, mtime: t });
        return;
      }
    } catch {
      // The entry keeps the pack's time: only its place in the local LRU order is older.
    }
    out.push(e);
  });
  return out;
}

function newer(a: Date, b: Date | undefined): Date {
  return b !== undefined && b.getTime() > a.getTime() ? b : a;
}

function sumSizes(entries: readonly EntryInfo[]): number {
  return entries.reduce((s, e) => s + e.size, 0);
}

function skipped(f: NamespaceFigures, p: RestorePlan): string {
  const parts: string[] = [];
  if (p.alreadyLocal > 0) parts.push(`${p.alreadyLocal} already on disk`);
  if (p.skippedForBudget > 0) parts.push(`${p.skippedForBudget} over the budget`);
  if (p.skippedForAge > 0) parts.push(`${p.skippedForAge} older than max-age`);
  if (f.incompleteSkipped > 0) parts.push(`${f.incompleteSkipped} incomplete`);
  return parts.length > 0 ? `; skipping ${parts.join(', ')}` : '';
}

/**
 * The bucket's complete entries with their times, and what is on disk now: the entries that were
 * there plus those just fetched (with the time they were installed with).
 */
function namespaceManifest(
  remote: readonly EntryInfo[],
  localBefore: readonly EntryInfo[],
  restored: readonly EntryInfo[]
): NamespaceManifest {
  const known = new Map<string, ManifestEntry>();
  for (const e of remote) known.set(entryId(e), { remote: e.mtime.getTime() });
  for (const e of [...localBefore, ...restored]) {
    const id = entryId(e);
    const k = known.get(id);
    if (k?.local !== undefined) continue;
    known.set(id, { ...k, local: e.mtime.getTime(), size: e.size });
  }
  return { entries: ManifestEntries.from(known) };
}

/** Opens once; `opened` resolves then. */
class Gate {
  open!: () => void;
  readonly opened = new Promise<void>(resolve => (this.open = resolve));
}

/** The pack bucket, opening `gate` once its first GET has been answered (or has failed). */
function gated(bucket: PackBucket, gate: Gate): PackBucket {
  return {
    getStream: async (key, range) => {
      try {
        return await bucket.getStream(key, range);
      } finally {
        gate.open();
      }
    },
    put: (key, body) => bucket.put(key, body),
    list: prefix => bucket.list(prefix),
    delete: keys => bucket.delete(keys)
  };
}
