/**
 * The GitHub Actions cache backend: the default when no bucket is set and the runner offers the
 * cache service. The service's entries are immutable archives and it takes at most 200 new
 * entries a minute per repository, so the whole cache directory travels as ONE archive per save
 * (through @actions/cache: tar + zstd, the service's upload and download):
 *
 * - restore: the newest archive whose key starts with `compile-cache-v1-<os>-<arch>-<hash>-` is
 *   unpacked into `<cache-dir>/.gha-archive` and then merged into the cache directory like a
 *   bucket restore (newest first up to max-size, never over an entry already on disk), so a
 *   self-hosted runner's entries are never overwritten and the budget holds.
 * - save (after the local clean, so the archive respects max-size): only when the directory holds
 *   entries the restored archive did not, under a new key (run id, attempt and a random suffix,
 *   since keys cannot be overwritten); a job that compiled nothing new uploads nothing.
 *
 * `ACTIONS_CACHE_MODE` (read-only tokens, e.g. for untrusted pull requests) and `save: false` are
 * honoured; a rate limit (429), a denied write or any other service trouble is a warning, never a
 * failed build (unless fail-on-error).
 */
import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskCacheStore } from '../store/disk.js';
import { errorText } from '../sync/failures.js';
import { linkSnapshot, localManifest, newEntries } from './github-cache-snapshot.js';
import { readManifest, writeManifest, type SyncManifest } from '../sync/manifest.js';
import { restore } from '../sync/restore.js';
import { formatBytes } from '../sync/progress.js';
import type { NamespaceRestore as RestoreFigures, NamespaceSave as SaveFigures } from '../sync/index.js';
import type { ActionConfig } from '../config/inputs.js';
import { MANIFESTS_NAMESPACE, type Backend, type Log } from './backend.js';
import { cleanLocal, openLocal } from './local.js';

/**
 * @actions/cache, loaded on first use: it brings the Azure SDK, which S3 and local jobs need not
 * parse at every step's start (ncc puts it in its own chunk of dist/lib).
 */
type Toolkit = typeof import('@actions/cache');
let toolkit: Promise<Toolkit> | undefined;
function loadToolkit(): Promise<Toolkit> {
  toolkit ??= import('@actions/cache');
  return toolkit;
}

/** Bump when the archive's layout changes: old archives then simply stop matching. */
const KEY_VERSION = 'v1';

/** The directory the archive is made from and unpacked into (its path is part of the cache version). */
export function archiveDir(c: ActionConfig): string {
  return join(c.cacheDir, '.gha-archive');
}

/**
 * `compile-cache-v1-<os>-<arch>-<hash>-`: what every archive of this configuration starts with.
 * The hash covers the namespaces and the tenant, so a job never restores an archive made for
 * other namespaces; the OS and architecture keep incompatible objects apart.
 */
export function keyPrefix(c: ActionConfig, env: NodeJS.ProcessEnv = process.env): string {
  return prefixFor(c.namespaces, c.tenant, env);
}

function prefixFor(namespaces: readonly string[], tenant: string, env: NodeJS.ProcessEnv): string {
  const os = (env.RUNNER_OS || process.platform).replace(/[^A-Za-z0-9_.]/g, '_');
  const arch = (env.RUNNER_ARCH || process.arch).replace(/[^A-Za-z0-9_.]/g, '_');
  const hash = createHash('sha256')
    .update(JSON.stringify({ namespaces: [...namespaces].sort(), tenant }))
    .digest('hex')
    .slice(0, 16);
  return `compile-cache-${KEY_VERSION}-${os}-${arch}-${hash}-`;
}

/**
 * The restore keys, most wanted first: this configuration's prefix, then (when the namespaces
 * include `manifests`) the prefix of the same namespaces without it. `manifests` joined the default
 * namespaces later, which changed the hash: without the second key the first job after that change
 * would find no archive at all. An archive without manifests is a subset of what this job syncs
 * (its `compile` entries restore as usual, direct mode starts over), and the save then writes an
 * archive under this configuration's own prefix, which wins from the next job on.
 */
export function restoreKeys(c: ActionConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const keys = [keyPrefix(c, env)];
  const without = c.namespaces.filter(ns => ns !== MANIFESTS_NAMESPACE);
  if (without.length > 0 && without.length < c.namespaces.length)
    keys.push(prefixFor(without, c.tenant, env));
  return keys;
}

/** `<prefix><run id>-<attempt>`: the restore's primary key, which no saved key equals. */
export function runKey(c: ActionConfig, env: NodeJS.ProcessEnv = process.env): string {
  return `${keyPrefix(c, env)}${env.GITHUB_RUN_ID || '0'}-${env.GITHUB_RUN_ATTEMPT || '1'}`;
}

/** A fresh key per save: matrix jobs of one run (and a re-save in one job) must not collide. */
export function saveKey(c: ActionConfig, env: NodeJS.ProcessEnv = process.env): string {
  return `${runKey(c, env)}-${randomBytes(4).toString('hex')}`;
}

/** The effective cache mode the runner exports, with the toolkit's rules (unknown = permissive). */
export function cacheMode(env: NodeJS.ProcessEnv = process.env): {
  mode: string;
  readable: boolean;
  writable: boolean;
} {
  const mode = (env.ACTIONS_CACHE_MODE || '').trim().toLowerCase();
  const known = ['none', 'read', 'write', 'write-only'].includes(mode);
  return {
    mode,
    readable: !known || mode === 'read' || mode === 'write',
    writable: !known || mode === 'write' || mode === 'write-only'
  };
}

export interface GhaRestoreOutcome {
  figures: RestoreFigures[];
  warnings: string[];
  note: string;
  manifestPath: string;
  matchedKey?: string;
}

/** Restores the newest archive (when there is one and reading is allowed) and writes the manifest. */
export async function ghaRestore(
  c: ActionConfig,
  opts: { log: Log; manifestPath: string; env?: NodeJS.ProcessEnv }
): Promise<GhaRestoreOutcome> {
  const env = opts.env ?? process.env;
  const warnings: string[] = [];
  const local = openLocal(c, m => warnings.push(m));
  const prefix = keyPrefix(c, env);
  const started = new Date();
  await rm(opts.manifestPath, { force: true });
  const noArchive = async (note: string): Promise<GhaRestoreOutcome> => {
    await writeManifest(opts.manifestPath, await localManifest(local, c.namespaces, started));
    return { figures: [], warnings, note, manifestPath: opts.manifestPath };
  };

  if (!c.restore) return noArchive('Restore is off (restore: false).');
  const cache = await loadToolkit();
  const mode = cacheMode(env);
  if (!mode.readable) {
    return noArchive(
      `The cache token of this run cannot read (ACTIONS_CACHE_MODE=${mode.mode}): nothing was restored.`
    );
  }
  if (!cache.isFeatureAvailable()) {
    warnings.push(
      'the GitHub Actions cache service is not available on this runner; this job runs on the local cache only'
    );
    return noArchive('The GitHub Actions cache service is not available on this runner.');
  }

  const dir = archiveDir(c);
  await rm(dir, { recursive: true, force: true });
  try {
    let matchedKey: string | undefined;
    try {
      matchedKey = await cache.restoreCache([dir], runKey(c, env), restoreKeys(c, env));
    } catch (err) {
      warnings.push(
        `restore from the GitHub Actions cache failed (${errorText(err)}); this job runs on the local cache only`
      );
      return await noArchive('The GitHub Actions cache could not be read.');
    }
    if (!matchedKey) return await noArchive(`No archive in the GitHub Actions cache starts with ${prefix}.`);
    let result: Awaited<ReturnType<typeof restore>>;
    try {
      result = await restore(new DiskCacheStore(dir), local, {
        namespaces: c.namespaces,
        maxBytes: c.maxSize,
        maxAge: c.maxAge,
        concurrency: c.concurrency,
        log: opts.log
      });
    } catch (err) {
      // The entries merged so far are whole (each is installed atomically) and stay.
      warnings.push(`unpacking the GitHub Actions cache archive ${matchedKey} failed: ${errorText(err)}`);
      return await noArchive(`The archive ${matchedKey} could not be merged into the cache directory.`);
    }
    warnings.push(...result.warnings);
    await writeManifest(opts.manifestPath, result.manifest);
    return {
      figures: result.namespaces,
      warnings,
      note: `Restored from the GitHub Actions cache entry ${matchedKey}.`,
      manifestPath: opts.manifestPath,
      matchedKey
    };
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

export interface GhaSaveOutcome {
  figures: SaveFigures[];
  warnings: string[];
  note: string;
  savedKey?: string;
}

/**
 * Cleans the cache directory, then saves it as one archive when it holds entries the restored
 * archive did not (and saving is on and allowed). Never throws for service trouble.
 */
export async function ghaSave(
  c: ActionConfig,
  opts: { log: Log; manifestPath?: string; env?: NodeJS.ProcessEnv }
): Promise<GhaSaveOutcome> {
  const env = opts.env ?? process.env;
  const warnings: string[] = [];
  const figures = await cleanLocal(c, warnings);
  const done = (note: string, savedKey?: string): GhaSaveOutcome => ({ figures, warnings, note, savedKey });

  if (!c.save) return done('Save is off (save: false): the cache was cleaned, nothing was uploaded.');
  const cache = await loadToolkit();
  const mode = cacheMode(env);
  if (!mode.writable) {
    return done(
      `The cache token of this run is read-only (ACTIONS_CACHE_MODE=${mode.mode}): the cache was cleaned, nothing was uploaded.`
    );
  }
  if (!cache.isFeatureAvailable()) {
    return done('The GitHub Actions cache service is not available on this runner: nothing was uploaded.');
  }

  const local = openLocal(c, m => warnings.push(m));
  let manifest: SyncManifest | null = null;
  if (opts.manifestPath) manifest = await readManifest(opts.manifestPath, opts.log);
  const contents = await newEntries(local, c.namespaces, manifest);
  const fresh = contents.reduce((s, n) => s + n.newEntries, 0);
  if (fresh === 0) {
    return done('No new entries: the GitHub Actions cache already holds this cache, nothing was uploaded.');
  }

  const dir = archiveDir(c);
  const key = saveKey(c, env);
  await rm(dir, { recursive: true, force: true });
  try {
    let snapshot: Awaited<ReturnType<typeof linkSnapshot>>;
    try {
      snapshot = await linkSnapshot(c.cacheDir, c.namespaces, dir);
    } catch (err) {
      warnings.push(`the archive could not be prepared (${errorText(err)}); nothing was saved`);
      return done('Nothing was saved: the archive could not be prepared.');
    }
    opts.log(
      `saving ${fresh} new entries with the rest of the cache (${snapshot.files} files, ${formatBytes(snapshot.bytes)}) as ${key}`
    );
    let id: number;
    try {
      id = await cache.saveCache([dir], key);
    } catch (err) {
      id = -1;
      opts.log(`the GitHub Actions cache refused the archive: ${errorText(err)}`);
    }
    if (id === -1) {
      // The toolkit logs the reason itself (a rate limit, a denied write, a full cache).
      warnings.push(
        'the GitHub Actions cache did not take the archive (see the messages above: a rate limit, a read-only token or a service error); nothing was saved'
      );
      return done('Nothing was saved: the GitHub Actions cache did not take the archive.');
    }
    for (const f of figures) {
      const n = contents.find(x => x.namespace === f.namespace);
      f.uploadedEntries = n?.entries ?? 0;
      f.uploadedBytes = n?.bytes ?? 0;
    }
    return done(
      `Saved ${contents.reduce((s, n) => s + n.entries, 0)} entries (${fresh} new) as one archive, key ${key}.`,
      key
    );
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The GitHub Actions cache as a backend: one archive per save, merged into the disk on restore. */
export function githubCacheBackend(c: ActionConfig, env: NodeJS.ProcessEnv = process.env): Backend {
  // Its own lines carry the prefix the bucket's sync lines have.
  const prefixed = (log: Log) => (line: string) => log(`compile-cache: ${line}`);
  return {
    name: 'github',
    describe: () => ({
      location: '',
      label: `GitHub Actions cache, keys ${keyPrefix(c, env)}…`,
      remoteName: 'archive'
    }),
    restore: async r => {
      r.log(`compile-cache: restoring from the GitHub Actions cache (keys ${keyPrefix(c, env)}…)`);
      const o = await ghaRestore(c, { log: prefixed(r.log), manifestPath: r.manifestPath, env });
      r.log(`compile-cache: ${o.note}`);
      return {
        figures: o.figures,
        warnings: o.warnings,
        remoteUnavailable: false,
        manifestPath: o.manifestPath,
        note: o.note
      };
    },
    save: async r => {
      const o = await ghaSave(c, { log: prefixed(r.log), manifestPath: r.manifestPath, env });
      r.log(`compile-cache: ${o.note}`);
      return {
        figures: o.figures,
        warnings: o.warnings,
        remoteUnavailable: false,
        localOnly: o.savedKey === undefined,
        note: o.note
      };
    }
  };
}
