/**
 * The headers a build will check, hashed before it starts: part of the compile server's warm-up
 * (server.ts). A direct-mode hit checks every file its manifest names through the stat cache
 * (file-hash.ts); a fresh server's cache is empty, so its first build hashed every header once
 * (a fmt test compile reads 319 files, 4 MB) where a later build only stats them. The manifests
 * the restore brought name those files: the warm-up reads them, newest first, hashes the files they
 * name that exist here, and keeps the decoded manifests while they fit in what a session keeps
 * (session.ts: 32 MiB of blobs), so the build's first hits on this thread read none from disk.
 *
 * What the warm-up can reach is what exists when it runs. In the action that is before the
 * checkout: system and toolchain headers (most of a C++ compile's), not the project's own files,
 * which the build hashes as before. A server warmed up beside an existing tree (other CI systems,
 * a developer's machine) also gets the project's headers: a path relative to the working directory
 * is resolved against the one the entry records. Paths relative to the checkout (keys that travel)
 * are skipped: which checkout a build will use is not known before it asks.
 *
 * Everything here is read from the cache directory, whose content a build planted: a manifest is
 * decoded like any other (manifest.ts), files below the cache directory are never read, and
 * hashFile opens only regular files, without blocking. The work is bounded in files and time, gives
 * way to the event loop between manifests (the server answers meanwhile), and stops as soon as
 * `interrupted` names a reason (the build's first compile, the server stopping).
 */
import path from 'node:path';
import { openCompileStore, rememberManifest, type CompileSession } from '../session.js';
import { isBelow, TOKEN } from '../travel.js';
import { hashFile, nowNs } from './file-hash.js';
import { decodeManifest } from './manifest.js';
import type { DiskCacheStore } from '../../store/disk.js';

export interface PrehashLimits {
  /** Distinct files looked at, at most. */
  maxFiles: number;
  /** Time spent, at most (checked between manifests). */
  maxMs: number;
}

export const PREHASH_LIMITS: PrehashLimits = { maxFiles: 50_000, maxMs: 3_000 };

export interface PrehashResult {
  manifests: number;
  /** Distinct files looked at. */
  files: number;
  /** Of which hashed (regular files that exist here). */
  hashed: number;
  /** Why it stopped before the last manifest, or null. */
  stopped: string | null;
  ms: number;
}

function yieldToLoop(): Promise<void> {
  return new Promise(r => setImmediate(r));
}

/**
 * Hashes into `session`'s stat cache the files named by the manifests in `namespace` (every
 * tenant), newest manifest first, and keeps the manifests while they fit. Never throws: a warm-up that fails
 * only leaves the cache colder.
 */
export async function prehashManifestFiles(
  session: CompileSession,
  namespace: string,
  interrupted: () => string | null,
  limits: PrehashLimits = PREHASH_LIMITS
): Promise<PrehashResult> {
  const started = Date.now();
  const seen = new Set<string>();
  let manifests = 0;
  let hashed = 0;
  let keep = true;
  const result = (stopped: string | null): PrehashResult => ({
    manifests,
    files: seen.size,
    hashed,
    stopped,
    ms: Date.now() - started
  });
  try {
    const store = await openCompileStore(session, namespace);
    // What a lazy restore kept packed counts too: the first get of one installs its chunk.
    const kept = (store as Partial<Pick<DiskCacheStore, 'kept'>>).kept?.() ?? [];
    const infos = [...(await store.list()), ...kept].sort((a, b) => b.mtime.getTime() - a.mtime.getTime());
    for (const info of infos) {
      await yieldToLoop();
      const why =
        interrupted() ??
        (Date.now() - started > limits.maxMs ? `the time limit (${limits.maxMs} ms)` : null) ??
        (seen.size >= limits.maxFiles ? `the file limit (${limits.maxFiles})` : null);
      if (why !== null) return result(why);
      const bytes = await store.namespace(info.namespace).get(Buffer.from(info.key, 'hex'), 'manifest');
      const m = bytes === null ? null : decodeManifest(bytes);
      if (m === null) continue;
      manifests++;
      if (keep) keep = rememberManifest(session, info.key, m, bytes?.length ?? 0, true);
      const reference = nowNs();
      for (const e of m.entries) {
        for (const [named] of e.files) {
          // The path as a hit looks it up (direct.ts resolves what the manifest names against the
          // compile's working directory, which an entry that does not travel records as its scope).
          if (named.startsWith(TOKEN) || (!path.isAbsolute(named) && e.scope === null)) continue;
          const file = path.resolve(e.scope ?? '/', named);
          if (seen.has(file)) continue;
          seen.add(file);
          if (isBelow(file, session.cacheDir) || session.fileHashes.get(file) !== undefined) continue;
          if (hashFile(session.fileHashes, file, reference) !== null) hashed++;
        }
      }
    }
    return result(null);
  } catch (err) {
    return result(`it failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
