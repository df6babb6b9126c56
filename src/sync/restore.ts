/**
 * Restore (the action's pre step): fill the disk store from the bucket, namespace by namespace,
 * newest entries first up to the local budget, and record what was where (the manifest) so the
 * post step knows what is new without listing the bucket again. Each namespace reads its packs
 * first, from their indexes, and lists the per-object layout beside them (restore-namespace.ts).
 */
import { namespaceView } from './entries.js';
import { errorText, Failures, SyncUnavailableError } from './failures.js';
import type { SyncManifest } from './manifest.js';
import { checkCount, checkLimit, checkNamespaces } from './options.js';
import { formatBytes, formatDuration, formatRate } from './progress.js';
import { restoreNamespace, type NamespaceFigures } from './restore-namespace.js';
import type { LocalStore, RemoteStore } from './stores.js';
import type { PackSyncOptions } from './packs/namespace-packs.js';

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
  /**
   * How entries from packs reach the disk store: `eager` (the default here) installs each during the
   * restore; `lazy` keeps the chunks compressed in the state directory and the disk store installs
   * a chunk's entries when a compile first asks for one (store/deferred-tier.ts). Entries fetched as
   * objects are always installed.
   */
  install?: InstallMode;
  /** Namespaces installed eagerly whatever `install` says (the action's direct-mode manifests). */
  eagerNamespaces?: string[];
}

export type InstallMode = 'eager' | 'lazy';

/** Per-namespace figures of a restore. */
export type NamespaceRestore = NamespaceFigures;

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
  const failures = new Failures(`restore from ${remote.dir()}`, [], o.log);
  const manifest: SyncManifest = { version: 2, restoredAt: new Date().toISOString(), namespaces: {} };
  const results: NamespaceRestore[] = [];
  let reached = 0;
  let lastListError: unknown;

  let lazy = o.install === 'lazy' && o.packs !== undefined && local.beginDeferred !== undefined;
  if (lazy) {
    try {
      await local.beginDeferred!();
    } catch (err) {
      failures.warn(`cannot keep packs for a lazy install (${errorText(err)}); installing every entry now`);
      lazy = false;
    }
  }
  try {
    await restoreEach();
  } finally {
    if (lazy) {
      try {
        await local.finishDeferred?.();
      } catch (err) {
        // The index is not there, so no entry is found kept: those entries are misses this job.
        failures.warn(`could not write the index of the packs kept for a lazy install: ${errorText(err)}`);
        for (const r of results) {
          r.restoredEntries -= r.keptPacked ?? 0;
          r.failed += r.keptPacked ?? 0;
          r.keptPacked = 0;
        }
      }
    }
  }

  /**
   * Namespaces side by side, as the save does: the round trips of one (its pack listing, census and
   * catalog, its listing of objects) overlap the other's download, where one after the other the
   * job's small `manifests` namespace cost the restore its round trips after `compile` was done.
   * Nested ones (`compile` and `compile/local`) hold the same entries, and go one after the other.
   * Results, the manifest and the log lines keep the namespaces' order.
   */
  async function restoreEach(): Promise<void> {
    const one = (ns: string) =>
      restoreNamespace({
        namespace: ns,
        remote: namespaceView(remote, ns),
        local: namespaceView(local, ns),
        maxBytes,
        maxAge,
        concurrency,
        packs: o.packs,
        lazy: lazy && !(o.eagerNamespaces ?? []).includes(ns),
        failures,
        log: o.log,
        progressIntervalMs: o.progressIntervalMs
      });
    const take = (ns: string, outcome: Awaited<ReturnType<typeof one>>) => {
      results.push(outcome.figures);
      if (outcome.reached) reached++;
      if (outcome.listError !== undefined) lastListError = outcome.listError;
      if (outcome.manifest) manifest.namespaces[ns] = outcome.manifest;
      logRestored(outcome.figures, o.log);
    };
    const nested = namespaces.some(a => namespaces.some(b => b.startsWith(`${a}/`)));
    if (nested) {
      for (const ns of namespaces) take(ns, await one(ns));
      return;
    }
    const outcomes = await Promise.allSettled(namespaces.map(one));
    outcomes.forEach((r, i) => {
      if (r.status === 'fulfilled') take(namespaces[i]!, r.value);
    });
    const failed = outcomes.find(r => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  if (reached === 0 && lastListError !== undefined) {
    throw new SyncUnavailableError(
      `cannot read the cache bucket ${remote.dir()}: ${errorText(lastListError)}`,
      { cause: lastListError }
    );
  }
  failures.assertNotTotal();
  return { namespaces: results, manifest, warnings: failures.finish() };
}

function logRestored(r: NamespaceFigures, log: ((line: string) => void) | undefined): void {
  log?.(
    `${r.namespace}: restored ${r.restoredEntries} entries (${formatBytes(r.restoredBytes)}) in ` +
      `${formatDuration(r.durationMs)}, ${formatRate(r.restoredBytes, r.durationMs)}` +
      (r.restoredFromPacks ? ` (${r.restoredFromPacks} from packs)` : '') +
      (r.keptPacked ? `, ${r.keptPacked} kept packed until a compile asks for them` : '') +
      (r.failed > 0 ? `; ${r.failed} failed` : '') +
      (r.vanished > 0 ? `; ${r.vanished} disappeared from the bucket meanwhile` : '')
  );
}
