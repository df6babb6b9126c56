/**
 * The two halves of a job, independent of the runner: restore (bucket → disk, write the manifest)
 * and save (prune the disk, upload what is new, refresh and prune the bucket). The action's steps
 * and the CLI both call these; cache trouble comes back as warnings, never as a thrown error,
 * except a failure to reach the bucket at all, which is reported as `remoteUnavailable`.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskCacheStore } from '../store/disk.js';
import { S3CacheStore } from '../store/s3.js';
import { namespaceView } from '../sync/entries.js';
import { errorText } from '../sync/failures.js';
import { readManifest, writeManifest } from '../sync/manifest.js';
import { s3PackBucket } from '../sync/packs/bucket.js';
import type { PackSyncOptions } from '../sync/packs/namespace-packs.js';
import { restore } from '../sync/restore.js';
import { save } from '../sync/save.js';
import { prepareCacheDir } from './cache-dir.js';
import type { ActionConfig, StaticCredentials } from '../config/inputs.js';
import type { RestoreFigures, SaveFigures } from './summary.js';

export type Log = (line: string) => void;

/** `s3://bucket/prefix` for messages and the summary ('' when no bucket is set). */
export function remoteLocation(c: ActionConfig): string {
  return usesBucket(c) ? `s3://${c.bucket}/${c.prefix}` : '';
}

/** True when this job syncs with the bucket (the s3 backend; `auto` with a bucket resolves to it). */
export function usesBucket(c: ActionConfig): boolean {
  return c.backend === 's3' && c.bucket !== '';
}

/** Where this job keeps its own files (the manifest, the shims): the runner's per-job temp directory. */
export function jobTempDir(c: ActionConfig, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.RUNNER_TEMP || tmpdir();
  const id = createHash('sha256').update(c.cacheDir).digest('hex').slice(0, 12);
  return join(base, 'compile-cache', id);
}

export function defaultManifestPath(c: ActionConfig, env: NodeJS.ProcessEnv = process.env): string {
  return join(jobTempDir(c, env), 'manifest.json');
}

/** Opens the bucket (checking access); throws when it cannot be reached or used. */
export async function openRemote(c: ActionConfig, credentials: StaticCredentials | undefined) {
  return S3CacheStore.open({
    bucket: c.bucket,
    prefix: c.prefix,
    region: c.region,
    endpoint: c.endpoint || undefined,
    forcePathStyle: c.pathStyle,
    credentials,
    autoCreate: false,
    // Listing runs up to 64 requests at once (the store's default) even at a lower concurrency.
    maxSockets: Math.max(c.concurrency, 64)
  });
}

/**
 * The pack side of the bucket, on the store's own connection pool. Always given to a restore
 * (it reads packs whatever the upload mode: another job may have written them) and to a save.
 */
export function packOptions(c: ActionConfig, remote: S3CacheStore): PackSyncOptions {
  return { bucket: s3PackBucket(remote.bucket), rootPrefix: c.prefix, packPrefix: c.packPrefix };
}

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

export interface RestoreOutcome {
  figures: RestoreFigures[];
  warnings: string[];
  /** The bucket was configured but could not be used. */
  remoteUnavailable: boolean;
  /** Set when a manifest was written. */
  manifestPath?: string;
}

export async function restoreJob(
  c: ActionConfig,
  credentials: StaticCredentials | undefined,
  opts: { log: Log; manifestPath: string; progressIntervalMs?: number }
): Promise<RestoreOutcome> {
  prepareCacheDir(c.cacheDir);
  // A manifest left over from an earlier run (self-hosted runner, same temp dir) must not mislead the save.
  await rm(opts.manifestPath, { force: true });
  if (!usesBucket(c)) return { figures: [], warnings: [], remoteUnavailable: false };
  const where = remoteLocation(c);
  let remote: Awaited<ReturnType<typeof openRemote>>;
  try {
    remote = await openRemote(c, credentials);
  } catch (err) {
    return {
      figures: [],
      warnings: [
        `the bucket ${where} cannot be used (${errorText(err)}); this job runs on the local cache only`
      ],
      remoteUnavailable: true
    };
  }
  const unsafe: string[] = [];
  try {
    const result = await restore(
      remote,
      openLocal(c, m => unsafe.push(m)),
      {
        namespaces: c.namespaces,
        maxBytes: c.maxSize,
        maxAge: c.maxAge,
        concurrency: c.concurrency,
        log: opts.log,
        progressIntervalMs: opts.progressIntervalMs,
        packs: packOptions(c, remote)
      }
    );
    await writeManifest(opts.manifestPath, result.manifest);
    return {
      figures: result.namespaces,
      warnings: [...unsafe, ...result.warnings],
      remoteUnavailable: false,
      manifestPath: opts.manifestPath
    };
  } catch (err) {
    return {
      figures: [],
      warnings: [
        ...unsafe,
        `restore from ${where} failed (${errorText(err)}); this job runs on the local cache only`
      ],
      remoteUnavailable: true
    };
  } finally {
    closeQuietly(remote);
  }
}

export interface SaveOutcome {
  figures: SaveFigures[];
  warnings: string[];
  remoteUnavailable: boolean;
  /** Nothing was uploaded because the save input is false, no bucket is set or the bucket failed. */
  localOnly: boolean;
}

/**
 * Prunes the disk and, when a bucket is set and saving is on, uploads what is new. Without a usable
 * bucket, only the local clean runs (same figures, nothing uploaded).
 */
export async function saveJob(
  c: ActionConfig,
  credentials: StaticCredentials | undefined,
  opts: { log: Log; manifestPath?: string; upload: boolean }
): Promise<SaveOutcome> {
  prepareCacheDir(c.cacheDir);
  const warnings: string[] = [];
  // The save routes what it skips into its own warnings; this hears the rest (nothing reported twice).
  const local = openLocal(c, m => warnings.push(m));
  if (usesBucket(c) && opts.upload) {
    const where = remoteLocation(c);
    let remote: Awaited<ReturnType<typeof openRemote>> | undefined;
    try {
      remote = await openRemote(c, credentials);
    } catch (err) {
      warnings.push(`the bucket ${where} cannot be used (${errorText(err)}); nothing was uploaded`);
    }
    if (remote) {
      try {
        const manifest = opts.manifestPath ? await readManifest(opts.manifestPath, opts.log) : null;
        const result = await save(local, remote, {
          namespaces: c.namespaces,
          manifest,
          concurrency: c.concurrency,
          localMaxSize: c.maxSize,
          localMaxAge: c.maxAge,
          remoteMaxSize: c.remoteMaxSize,
          remoteMaxAge: c.remoteMaxAge,
          refreshOlderThanMs: c.refreshAfter,
          log: opts.log,
          uploadMode: c.uploadMode,
          packs: packOptions(c, remote)
        });
        return {
          figures: result.namespaces,
          warnings: [...warnings, ...result.warnings],
          remoteUnavailable: false,
          localOnly: false
        };
      } catch (err) {
        warnings.push(`save to ${where} failed (${errorText(err)}); the local cache was cleaned only`);
      } finally {
        closeQuietly(remote);
      }
    }
    const cleaned = await cleanLocal(c, warnings);
    return { figures: cleaned, warnings, remoteUnavailable: true, localOnly: true };
  }
  const cleaned = await cleanLocal(c, warnings);
  return { figures: cleaned, warnings, remoteUnavailable: false, localOnly: true };
}

/** The local half of a save: clean each namespace to max-size and max-age, least recently used first. */
export async function cleanLocal(c: ActionConfig, warnings: string[]): Promise<SaveFigures[]> {
  const local = openLocal(c, m => warnings.push(m));
  const figures: SaveFigures[] = [];
  for (const namespace of c.namespaces) {
    const started = Date.now();
    const view = namespaceView(local, namespace);
    try {
      const before = await view.stats();
      const r = await view.clean(c.maxSize, c.maxAge);
      figures.push({
        namespace,
        sizeBefore: before,
        sizeAfter: r.remaining,
        evictedLocal: { bySize: r.bySize, byAge: r.byAge },
        uploadedEntries: 0,
        uploadedBytes: 0,
        alreadyRemote: 0,
        incompleteSkipped: 0,
        refreshedRemote: 0,
        evictedRemote: null,
        remoteSizeAfter: null,
        failed: 0,
        durationMs: Date.now() - started
      });
    } catch (err) {
      warnings.push(`cleaning the local namespace ${namespace} failed: ${errorText(err)}`);
    }
  }
  return figures;
}

function closeQuietly(store: { destroy(): void }): void {
  try {
    store.destroy();
  } catch {
    // Closing only frees sockets; the process exits at the end of the step anyway.
  }
}
