/**
 * Restore (the action's pre step): fill the disk store from the bucket, namespace by namespace,
 * newest entries first up to the local budget, and record what was where (the manifest) so the
 * post step knows what is new without listing the bucket again.
 */
import type { EntryInfo } from '../store/store.js';
import { entryId, isCompleteEntry, namespaceView } from './entries.js';
import { errorText, Failures, SyncUnavailableError } from './failures.js';
import { downloadEntries, type DownloadResult } from './fetch.js';
import type { NamespaceManifest, SyncManifest } from './manifest.js';
import { checkCount, checkLimit, checkNamespaces } from './options.js';
import { planRestore } from './plan.js';
import { formatBytes, formatDuration, formatRate, Progress } from './progress.js';
import type { LocalStore, RemoteStore } from './stores.js';
import {
  fetchFromPacks,
  listNamespacePacks,
  packOnlyEntries,
  type PackFetchResult,
  type PackSyncOptions
} from './packs/namespace-packs.js';
import type { PackListing } from './packs/read.js';

export interface RestoreOptions {
  /** Namespace paths to restore, e.g. `compile` (every tenant) or `compile/local`. */
  namespaces: string[];
  /** Local budget per namespace in bytes; 0 = unlimited. */
  maxBytes: number;
  /** Requests in flight at most. */
  concurrency: number;
  log?: (line: string) => void;
  /** Progress line interval; default 5000 ms, 0 = no progress lines. */
  progressIntervalMs?: number;
  /** Skip bucket entries older than this (ms): the post step's clean would evict them. 0 = no limit. */
  maxAge?: number;
  /** Read packs first (the bulk path) and fetch as objects only what no pack holds. */
  packs?: PackSyncOptions;
}

export interface NamespaceRestore {
  namespace: string;
  /** Complete entries in the bucket under this namespace, and their bytes. */
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
}

export interface RestoreResult {
  namespaces: NamespaceRestore[];
  manifest: SyncManifest;
  warnings: string[];
}

/**
 * Restores every namespace. Failed entries are counted and warned about; throws
 * SyncUnavailableError when the bucket cannot be used at all (no namespace could be listed, or
 * the first transfers all failed), and InvalidInputError for bad options.
 */
export async function restore(
  remote: RemoteStore,
  local: LocalStore,
  o: RestoreOptions
): Promise<RestoreResult> {
  const namespaces = checkNamespaces(o.namespaces);
  const maxBytes = checkLimit('maxBytes', o.maxBytes);
  const maxAge = checkLimit('maxAge', o.maxAge ?? 0);
  const concurrency = checkCount('concurrency', o.concurrency, 1);
  const restoredAt = new Date();
  const failures = new Failures(`restore from ${remote.dir()}`, [], o.log);
  const manifest: SyncManifest = { version: 1, restoredAt: restoredAt.toISOString(), namespaces: {} };
  const results: NamespaceRestore[] = [];
  let listed = 0;
  let lastListError: unknown;

  for (const ns of namespaces) {
    const started = Date.now();
    const r: NamespaceRestore = {
      namespace: ns,
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
    results.push(r);
    const remoteNs = namespaceView(remote, ns);
    const localNs = namespaceView(local, ns);

    // The pack listing runs beside the object listing; it never throws (no packs = objects only).
    const packListing = o.packs ? listNamespacePacks(o.packs, ns, failures) : Promise.resolve(null);
    const remoteListing = remoteNs.list();
    // Awaited below; handled here so a failure while the disk is listed is not unhandled.
    remoteListing.catch(() => undefined);
    let localList: EntryInfo[];
    try {
      localList = await localNs.list();
    } catch (err) {
      failures.warn(
        `could not list the local store ${localNs.dir()}: ${errorText(err)}; not restoring ${ns}`
      );
      r.durationMs = Date.now() - started;
      continue;
    }
    // Without a budget every entry not on disk is wanted: with `pipelined`, the packs download
    // while the bucket is still being listed, instead of after the plan.
    const early =
      o.packs?.pipelined && maxBytes === 0 && maxAge === 0
        ? startEarlyPackFetch(o.packs, ns, packListing, localNs, localList, failures)
        : null;
    let remoteList: EntryInfo[];
    try {
      remoteList = await remoteListing;
      listed++;
    } catch (err) {
      lastListError = err;
      failures.warn(`could not list ${remoteNs.dir()}: ${errorText(err)}`);
      await early;
      r.durationMs = Date.now() - started;
      continue;
    }

    const listing = await packListing;
    const packOnly = packOnlyEntries(listing, remoteList);
    const onlyInPacks = new Set(packOnly.map(entryId));
    remoteList = [...remoteList, ...packOnly];
    const complete = remoteList.filter(e => isCompleteEntry(ns, e));
    r.incompleteSkipped = remoteList.length - complete.length;
    r.remoteEntries = complete.length;
    r.remoteBytes = complete.reduce((s, e) => s + e.size, 0);
    const plan = planRestore({
      remote: complete,
      local: localList,
      maxBytes,
      maxAgeMs: maxAge,
      now: Date.now()
    });
    r.alreadyLocal = plan.alreadyLocal;
    r.skippedForBudget = plan.skippedForBudget;
    r.skippedForAge = plan.skippedForAge;
    const planBytes = plan.fetch.reduce((s, e) => s + e.size, 0);
    o.log?.(
      `${ns}: ${r.remoteEntries} entries (${formatBytes(r.remoteBytes)}) in ${remoteNs.dir()}, ` +
        `${localList.length} on disk; fetching ${plan.fetch.length} (${formatBytes(planBytes)})` +
        skipped(r)
    );

    const progress = new Progress(`restore ${ns}`, plan.fetch.length, planBytes, o.log, o.progressIntervalMs);
    let d: DownloadResult;
    let p: PackFetchResult | null;
    let unservedPackOnly: number;
    try {
      // Packs first, then one object per blob for what no pack served.
      p = early ? await early : null;
      if (p)
        progress.add(
          p.restored.length,
          p.restored.reduce((s, e) => s + e.size, 0)
        );
      else if (o.packs && listing) {
        p = await fetchFromPacks({
          packs: o.packs,
          namespace: ns,
          listing,
          local: localNs,
          entries: plan.fetch,
          progress,
          failures
        });
      }
      const served = p?.served;
      // What packs alone hold and could not serve is not fetched as objects: there are none, and a
      // hostile index listing 100,000 made-up entries must not turn into 100,000 requests.
      unservedPackOnly = plan.fetch.filter(
        e => onlyInPacks.has(entryId(e)) && !served?.has(entryId(e))
      ).length;
      progress.add(unservedPackOnly, 0);
      d = await downloadEntries({
        namespace: ns,
        remote: remoteNs,
        local: localNs,
        entries: plan.fetch.filter(e => !served?.has(entryId(e)) && !onlyInPacks.has(entryId(e))),
        concurrency,
        progress,
        failures
      });
    } finally {
      progress.stop();
    }
    const fromPacks = p?.restored ?? [];
    r.restoredFromPacks = fromPacks.length;
    r.restoredEntries = d.restoredEntries + fromPacks.length;
    r.restoredBytes = d.restoredBytes + fromPacks.reduce((s, e) => s + e.size, 0);
    r.alreadyLocal += d.alreadyLocal + (p?.alreadyLocal ?? 0);
    r.vanished = d.vanished;
    r.failed = d.failed + unservedPackOnly;

    manifest.namespaces[ns] = namespaceManifest(complete, localList, [...fromPacks, ...d.restored]);
    r.durationMs = Date.now() - started;
    o.log?.(
      `${ns}: restored ${r.restoredEntries} entries (${formatBytes(r.restoredBytes)}) in ` +
        `${formatDuration(r.durationMs)}, ${formatRate(r.restoredBytes, r.durationMs)}` +
        (r.failed > 0 ? `; ${r.failed} failed` : '') +
        (r.vanished > 0 ? `; ${r.vanished} disappeared from the bucket meanwhile` : '')
    );
  }

  if (listed === 0 && lastListError !== undefined) {
    throw new SyncUnavailableError(
      `cannot read the cache bucket ${remote.dir()}: ${errorText(lastListError)}`,
      {
        cause: lastListError
      }
    );
  }
  failures.assertNotTotal();
  return { namespaces: results, manifest, warnings: failures.finish() };
}

function skipped(r: NamespaceRestore): string {
  const parts: string[] = [];
  if (r.alreadyLocal > 0) parts.push(`${r.alreadyLocal} already on disk`);
  if (r.skippedForBudget > 0) parts.push(`${r.skippedForBudget} over the budget`);
  if (r.skippedForAge > 0) parts.push(`${r.skippedForAge} older than max-age`);
  if (r.incompleteSkipped > 0) parts.push(`${r.incompleteSkipped} incomplete`);
  return parts.length > 0 ? `; skipping ${parts.join(', ')}` : '';
}

/**
 * The bucket's complete entries with their times, and what is on disk now: the entries that were
 * there plus those just fetched (with the bucket's time, as importEntry set it).
 */
function namespaceManifest(
  remote: readonly EntryInfo[],
  localBefore: readonly EntryInfo[],
  restored: readonly EntryInfo[]
): NamespaceManifest {
  const m: NamespaceManifest = { local: {}, remote: {}, sizes: {} };
  const sizes = m.sizes!;
  for (const e of remote) m.remote[entryId(e)] = e.mtime.getTime();
  for (const e of [...localBefore, ...restored]) {
    const id = entryId(e);
    if (m.local[id] !== undefined) continue;
    m.local[id] = e.mtime.getTime();
    sizes[id] = e.size;
  }
  return m;
}

/** Reads from packs every entry they hold that is not on disk, as soon as the pack listing is in. */
async function startEarlyPackFetch(
  packs: PackSyncOptions,
  ns: string,
  packListing: Promise<PackListing | null>,
  local: LocalStore,
  localList: readonly EntryInfo[],
  failures: Failures
): Promise<PackFetchResult | null> {
  const listing = await packListing;
  if (!listing) return null;
  const onDisk = new Set(localList.map(entryId));
  const entries = packOnlyEntries(listing, []).filter(e => !onDisk.has(entryId(e)));
  return fetchFromPacks({ packs, namespace: ns, listing, local, entries, failures });
}
