/**
 * The sync manifest: what was on disk and in the bucket when the restore ran. The post step reads
 * it to know which local entries are new (not in the bucket) and which were hit during the job
 * (local time newer than the restore), without listing the whole bucket a second time.
 */
import { lstat, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeKind, readRegularFile, UnsafePathError, writeRegularFileAtomic } from '../store/safe-fs.js';
import { isCount, type Census } from './packs/census.js';
import { ManifestEntries } from './manifest-entries.js';

export interface NamespaceManifest {
  /**
   * Every entry on disk after the restore (its local time, and its size when recorded: with sizes
   * the save's walk of the disk store takes entries that are on disk and in the bucket as known,
   * one lstat each, instead of listing their directories) and every complete entry in the bucket
   * (its bucket time, the newest LastModified).
   */
  entries: ManifestEntries;
  /**
   * Set when the restore listed the bucket's objects: how many complete entries there no pack
   * held. The save writes it to the namespace's census (packs/census.ts) and, in upload mode
   * `auto`, uploads objects only when it is above zero.
   */
  outsidePacks?: number;
  /** Set when the restore listed the bucket's objects: how many complete entries it held as objects. */
  objects?: number;
  /**
   * `packs` when the restore did not list the objects (the census said the packs hold everything):
   * the bucket times are then the packs' entries with the times the packs recorded.
   */
  remoteFrom?: 'packs';
  /** With remoteFrom `packs`: the census the restore trusted (the save corrects its `objects`). */
  census?: Census;
}

export interface SyncManifest {
  /** 2: the entries as columns (manifest-entries.ts); 1 keyed them by id, and is no longer read. */
  version: 2;
  /** When the restore started (ISO 8601): a local entry newer than this was used during the job. */
  restoredAt: string;
  /** Keyed by the namespace path as given to restore, e.g. `compile` or `compile/local`. */
  namespaces: Record<string, NamespaceManifest>;
}

/**
 * Writes the manifest atomically (temporary file, then rename), so a reader never sees half of it.
 * The build can write where the manifest lives (the runner's temp directory): its directory must be
 * a real directory (not a planted symlink: UnsafePathError), the temporary file is created
 * O_EXCL|O_NOFOLLOW, and the rename replaces whatever is at `path` (a planted symlink itself, never
 * what it points to).
 */
export async function writeManifest(path: string, m: SyncManifest): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const st = await lstat(dir);
  if (!st.isDirectory()) throw new UnsafePathError(dir, describeKind(st));
  await writeRegularFileAtomic(path, JSON.stringify(m));
}

/**
 * The manifest at `path`, or null when there is none or it cannot be used (unreadable, not JSON,
 * another version): the save then lists the bucket instead, which is slower but always right.
 * `log` hears why a present file was not used.
 */
export async function readManifest(path: string, log?: (line: string) => void): Promise<SyncManifest | null> {
  let text: string;
  try {
    // O_NOFOLLOW|O_NONBLOCK and fstat: a symlink or FIFO planted at the manifest's path is refused
    // (the save lists the bucket instead), never followed or waited on.
    const data = await readRegularFile(path);
    if (data === null) return null;
    text = data.toString('utf8');
  } catch (err) {
    log?.(`sync manifest ${path} is unreadable (${(err as Error).message}); listing the bucket instead`);
    return null;
  }
  try {
    const m: unknown = JSON.parse(text);
    const manifest = parseManifest(m);
    if (!manifest) throw new Error('not a version 2 sync manifest');
    return manifest;
  } catch (err) {
    log?.(`sync manifest ${path} is not usable (${(err as Error).message}); listing the bucket instead`);
    return null;
  }
}

/** The manifest in a parsed file, checked; null when it is not one. */
function parseManifest(m: unknown): SyncManifest | null {
  if (typeof m !== 'object' || m === null) return null;
  const r = m as Record<string, unknown>;
  if (r.version !== 2 || typeof r.restoredAt !== 'string' || Number.isNaN(Date.parse(r.restoredAt)))
    return null;
  if (typeof r.namespaces !== 'object' || r.namespaces === null) return null;
  const namespaces: Record<string, NamespaceManifest> = {};
  for (const [name, ns] of Object.entries(r.namespaces as Record<string, unknown>)) {
    if (typeof ns !== 'object' || ns === null) return null;
    const n = ns as Record<string, unknown>;
    const entries = ManifestEntries.parse(n.entries);
    if (!entries) return null;
    const { outsidePacks, objects, remoteFrom, census } = n;
    if (outsidePacks !== undefined && !isCount(outsidePacks)) return null;
    if (remoteFrom !== undefined && remoteFrom !== 'packs') return null;
    if (objects !== undefined && !isCount(objects)) return null;
    if (census !== undefined && !isCensus(census)) return null;
    namespaces[name] = {
      entries,
      ...(outsidePacks !== undefined && { outsidePacks }),
      ...(objects !== undefined && { objects }),
      ...(remoteFrom !== undefined && { remoteFrom }),
      ...(census !== undefined && { census })
    };
  }
  return { version: 2, restoredAt: r.restoredAt, namespaces };
}

function isCensus(v: unknown): v is Census {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.countedAt === 'number' &&
    Number.isFinite(c.countedAt) &&
    isCount(c.outsidePacks) &&
    (c.objects === undefined || isCount(c.objects))
  );
}
