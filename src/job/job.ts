/**
 * The two halves of a job around the build, for the action's steps and the CLI alike: restore
 * (remote → disk, write the manifest) and save (prune the disk, upload what is new), each through
 * the configured backend (src/backends). Both first make sure the cache directory is usable.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RestoreOutcome, RestoreRequest, SaveOutcome, SaveRequest } from '../backends/backend.js';
import { backendFor } from '../backends/select.js';
import type { ActionConfig, StaticCredentials } from '../config/inputs.js';
import { packIndexCacheDir } from '../sync/packs/index-cache.js';
import { prepareCacheDir } from './cache-dir.js';

/** Where this job keeps its own files (the manifest, the shims): the runner's per-job temp directory. */
export function jobTempDir(c: ActionConfig, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.RUNNER_TEMP || tmpdir();
  const id = createHash('sha256').update(c.cacheDir).digest('hex').slice(0, 12);
  return join(base, 'compile-cache', id);
}

export function defaultManifestPath(c: ActionConfig, env: NodeJS.ProcessEnv = process.env): string {
  return join(jobTempDir(c, env), 'manifest.json');
}

export async function restoreJob(
  c: ActionConfig,
  credentials: StaticCredentials | undefined,
  r: RestoreRequest
): Promise<RestoreOutcome> {
  prepareCacheDir(c.cacheDir);
  // A manifest left over from an earlier run (self-hosted runner, same temp dir) must not mislead the
  // save; nor its index copies (rm removes a symlink planted in their place, never what it points at).
  await rm(r.manifestPath, { force: true });
  await rm(packIndexCacheDir(r.manifestPath), { recursive: true, force: true });
  return backendFor(c, credentials).restore(r);
}

export async function saveJob(
  c: ActionConfig,
  credentials: StaticCredentials | undefined,
  r: SaveRequest
): Promise<SaveOutcome> {
  prepareCacheDir(c.cacheDir);
  return backendFor(c, credentials).save(r);
}
