/**
 * The S3 backend: the bucket (AWS S3 or any S3-compatible server) in the layout the Go system
 * shares. Restore fills the disk from the bucket and writes the manifest; save cleans the disk,
 * uploads what is new, refreshes and prunes the bucket (src/sync does the work).
 */
import type { ActionConfig, StaticCredentials } from '../config/inputs.js';
import { S3CacheStore } from '../store/s3.js';
import { errorText } from '../sync/failures.js';
import { readManifest, writeManifest } from '../sync/manifest.js';
import { s3PackBucket } from '../sync/packs/bucket.js';
import { PackIndexCache, packIndexCacheDir } from '../sync/packs/index-cache.js';
import type { PackSyncOptions } from '../sync/packs/namespace-packs.js';
import { restore } from '../sync/restore.js';
import { save } from '../sync/save.js';
import {
  MANIFESTS_NAMESPACE,
  type Backend,
  type RestoreOutcome,
  type RestoreRequest,
  type SaveOutcome,
  type SaveRequest
} from './backend.js';
import { cleanLocal, openLocal } from './local.js';

/** `s3://bucket/prefix` for messages and the summary. */
export function bucketLocation(c: ActionConfig): string {
  return `s3://${c.bucket}/${c.prefix}`;
}

/** Opens the bucket (checking access); throws when it cannot be reached or used. */
export async function openRemote(c: ActionConfig, credentials: StaticCredentials | undefined) {
  return S3CacheStore.open(remoteOptions(c, credentials));
}

function remoteOptions(c: ActionConfig, credentials: StaticCredentials | undefined) {
  return {
    bucket: c.bucket,
    prefix: c.prefix,
    region: c.region,
    endpoint: c.endpoint || undefined,
    forcePathStyle: c.pathStyle,
    credentials,
    autoCreate: false,
    // Listing runs up to 64 requests at once (the store's default) even at a lower concurrency.
    maxSockets: Math.max(c.concurrency, 64)
  };
}

/**
 * The bucket's store with its access check run beside the step's work rather than before it: the
 * check is one round trip, and a step that waited for it before its first read paid that round
 * trip whole. `access()` starts the check (once) and settles with it: the restore starts it at
 * once; the save only when it may write without other proof of access (a pack listing that came
 * back, or the restore's record of one in this job: then the check would cost a request and its
 * CPU before the save's first PUT, for nothing). The step must not write before `access()` has
 * settled where it needs it, and when the check rejects reports that (the bucket cannot be used)
 * rather than whatever its reads ran into: `denied()` is the check's failure, or undefined when
 * it passed or never ran. The check never goes unhandled. Throws at once for options the store
 * refuses.
 */
function openRemoteBeside(
  c: ActionConfig,
  credentials: StaticCredentials | undefined
): { remote: S3CacheStore; access: () => Promise<void>; denied: () => Promise<unknown> } {
  const remote = new S3CacheStore(remoteOptions(c, credentials));
  let check: { access: Promise<void>; denied: Promise<unknown> } | undefined;
  const started = () => {
    if (!check) {
      const access = remote.checkAccess();
      // The failure itself, or undefined: what the step asks once it is done (or has failed).
      const denied = access.then(
        () => undefined,
        (err: unknown) => err ?? new Error('the access check failed')
      );
      check = { access, denied };
    }
    return check;
  };
  return {
    remote,
    access: () => started().access,
    denied: async () => (check ? check.denied : undefined)
  };
}

/**
 * The pack side of the bucket, on the store's own connection pool. Always given to a restore
 * (it reads packs whatever the upload mode: another job may have written them) and to a save.
 */
/** With `manifestPath`, the restore and the save of one job share their index copies (index-cache.ts). */
export function packOptions(c: ActionConfig, remote: S3CacheStore, manifestPath?: string): PackSyncOptions {
  return {
    bucket: s3PackBucket(remote.bucket),
    rootPrefix: c.prefix,
    packPrefix: c.packPrefix,
    indexCache: manifestPath === undefined ? undefined : new PackIndexCache(packIndexCacheDir(manifestPath))
  };
}

export function s3Backend(c: ActionConfig, credentials: StaticCredentials | undefined): Backend {
  return {
    name: 's3',
    describe: () => ({ location: bucketLocation(c) }),
    restore: r => restoreFromBucket(c, credentials, r),
    save: r => saveToBucket(c, credentials, r)
  };
}

async function restoreFromBucket(
  c: ActionConfig,
  credentials: StaticCredentials | undefined,
  r: RestoreRequest
): Promise<RestoreOutcome> {
  if (!c.restore) {
    r.log('compile-cache: restore is off; the bucket is not read.');
    return { figures: [], warnings: [], remoteUnavailable: false, note: 'Restore is off (restore: false).' };
  }
  const where = bucketLocation(c);
  r.log(`compile-cache: restoring ${c.namespaces.join(', ')} from ${where}`);
  const unusable = (err: unknown): RestoreOutcome => ({
    figures: [],
    warnings: [
      `the bucket ${where} cannot be used (${errorText(err)}); this job runs on the local cache only`
    ],
    remoteUnavailable: true
  });
  let opened: ReturnType<typeof openRemoteBeside>;
  try {
    opened = openRemoteBeside(c, credentials);
  } catch (err) {
    return unusable(err);
  }
  const { remote, access, denied } = opened;
  void access();
  const unsafe: string[] = [];
  const local = openLocal(c, m => unsafe.push(m));
  // The journal of written entries starts before the restore looks at the disk, so the save can
  // trust it to name everything written since (src/store/journal.ts); without it the save walks.
  await local
    .entryJournal()
    ?.start()
    .catch((err: unknown) => r.log(`compile-cache: no journal of written entries (${errorText(err)})`));
  try {
    const result = await restore(remote, local, {
      namespaces: c.namespaces,
      maxBytes: c.maxSize,
      maxAge: c.maxAge,
      concurrency: c.concurrency,
      log: r.log,
      progressIntervalMs: r.progressIntervalMs,
      packs: packOptions(c, remote, r.manifestPath),
      install: c.install,
      eagerNamespaces: [MANIFESTS_NAMESPACE]
    });
    // What was installed stays; without access the manifest is not written (the save then walks).
    const err = await denied();
    if (err !== undefined) return unusable(err);
    await writeManifest(r.manifestPath, result.manifest);
    return {
      figures: result.namespaces,
      warnings: [...unsafe, ...result.warnings],
      remoteUnavailable: false,
      manifestPath: r.manifestPath
    };
  } catch (err) {
    const deniedErr = await denied();
    if (deniedErr !== undefined) return unusable(deniedErr);
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

/**
 * Prunes the disk and, when saving is on, uploads what is new. Without a usable bucket, only the
 * local clean runs (same figures, nothing uploaded).
 */
async function saveToBucket(
  c: ActionConfig,
  credentials: StaticCredentials | undefined,
  r: SaveRequest
): Promise<SaveOutcome> {
  const warnings: string[] = [];
  if (!c.save) {
    r.log('compile-cache: save is off; nothing is uploaded.');
    const figures = await cleanLocal(c, warnings);
    return {
      figures,
      warnings,
      remoteUnavailable: false,
      localOnly: true,
      note: 'Save is off (save: false): the cache was cleaned, nothing was uploaded.'
    };
  }
  r.log(`compile-cache: upload mode ${c.uploadMode}, packs under ${c.packPrefix}`);
  const where = bucketLocation(c);
  const unusable = (err: unknown) =>
    warnings.push(`the bucket ${where} cannot be used (${errorText(err)}); nothing was uploaded`);
  let opened: ReturnType<typeof openRemoteBeside> | undefined;
  try {
    opened = openRemoteBeside(c, credentials);
  } catch (err) {
    unusable(err);
  }
  if (opened) {
    const { remote, access, denied } = opened;
    try {
      // The save routes what it skips into its own warnings; this hears the rest (nothing reported twice).
      const local = openLocal(c, m => warnings.push(m));
      const manifest = r.manifestPath ? await readManifest(r.manifestPath, r.log) : null;
      const result = await save(local, remote, {
        namespaces: c.namespaces,
        manifest,
        concurrency: c.concurrency,
        localMaxSize: c.maxSize,
        localMaxAge: c.maxAge,
        remoteMaxSize: c.remoteMaxSize,
        remoteMaxAge: c.remoteMaxAge,
        refreshOlderThanMs: c.refreshAfter,
        log: r.log,
        progressIntervalMs: r.progressIntervalMs,
        uploadMode: c.uploadMode,
        packs: packOptions(c, remote, r.manifestPath),
        writable: access
      });
      // A save that wrote nothing (no namespace got that far) has not waited for the check.
      const err = await denied();
      if (err !== undefined) throw err;
      return {
        figures: result.namespaces,
        warnings: [...warnings, ...result.warnings],
        remoteUnavailable: false,
        localOnly: false,
        uploadMode: c.uploadMode
      };
    } catch (err) {
      const deniedErr = await denied();
      if (deniedErr !== undefined) unusable(deniedErr);
      else warnings.push(`save to ${where} failed (${errorText(err)}); the local cache was cleaned only`);
    } finally {
      closeQuietly(remote);
    }
  }
  const figures = await cleanLocal(c, warnings);
  return { figures, warnings, remoteUnavailable: true, localOnly: true };
}

function closeQuietly(store: { destroy(): void }): void {
  try {
    store.destroy();
  } catch {
    // Closing only frees sockets; the process exits at the end of the step anyway.
  }
}
