/**
 * The local backend: the cache stays on this runner (a self-hosted runner keeps it between jobs).
 * Nothing is restored; the save cleans each namespace to max-size and max-age. The other backends
 * clean the same way before (or instead of) uploading.
 */
import type { ActionConfig } from '../config/inputs.js';
import { DiskCacheStore } from '../store/disk.js';
import { namespaceView } from '../sync/entries.js';
import { errorText } from '../sync/failures.js';
import type { NamespaceSave } from '../sync/index.js';
import { emptyNamespaceSave } from '../sync/save.js';
import type { Backend } from './backend.js';

/**
 * The cache directory as a store. `warn` hears every path the store skipped or removed because a
 * build planted it (a symlink, a FIFO, …; issue 12), as a line naming the path: the steps turn each
 * into a warning.
 */
export function openLocal(c: ActionConfig, warn?: (message: string) => void): DiskCacheStore {
  // No size limit on the store itself: the wrapper must never evict mid-build; the save step cleans.
  return new DiskCacheStore(c.cacheDir, {
    maxSize: 0,
    onUnsafe: warn === undefined ? undefined : f => warn(f.message)
  });
}

/** Cleans each namespace to max-size and max-age, least recently used first. */
export async function cleanLocal(c: ActionConfig, warnings: string[]): Promise<NamespaceSave[]> {
  const local = openLocal(c, m => warnings.push(m));
  const figures: NamespaceSave[] = [];
  for (const namespace of c.namespaces) {
    const started = Date.now();
    const view = namespaceView(local, namespace);
    try {
      const before = await view.stats();
      const r = await view.clean(c.maxSize, c.maxAge);
      figures.push({
        ...emptyNamespaceSave(namespace),
        sizeBefore: before,
        sizeAfter: r.remaining,
        evictedLocal: { bySize: r.bySize, byAge: r.byAge },
        durationMs: Date.now() - started
      });
    } catch (err) {
      warnings.push(`cleaning the local namespace ${namespace} failed: ${errorText(err)}`);
    }
  }
  return figures;
}

/** Writes every entry the last lazy restore kept into the cache directory (`compile-cache install`). */
export async function installKept(c: ActionConfig, warn?: (message: string) => void): Promise<number> {
  return (await openLocal(c, warn).installKept()).entries;
}

/** Restores nothing; the notice says why the cache stays on this runner. */
export function localBackend(c: ActionConfig): Backend {
  return {
    name: 'local',
    describe: () => ({ location: '' }),
    restore: () =>
      Promise.resolve({
        figures: [],
        warnings: [],
        remoteUnavailable: false,
        notice: c.bucket
          ? 'backend is local, so the cache stays on this runner: it is cleaned after the job but nothing is synced.'
          : 'no bucket is set and the GitHub Actions cache service is not available, so the cache stays on this runner: it is cleaned after the job but nothing is synced.'
      }),
    save: async () => {
      const warnings: string[] = [];
      const figures = await cleanLocal(c, warnings);
      return {
        figures,
        warnings,
        remoteUnavailable: false,
        localOnly: true,
        note: 'Local only: the cache was cleaned, nothing was uploaded.'
      };
    }
  };
}
