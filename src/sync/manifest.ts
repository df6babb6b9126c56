/**
 * The sync manifest: what was on disk and in the bucket when the restore ran. The post step reads
 * it to know which local entries are new (not in the bucket) and which were hit during the job
 * (local time newer than the restore), without listing the whole bucket a second time.
 */
import { lstat, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeKind, readRegularFile, UnsafePathError, writeRegularFileAtomic } from '../store/safe-fs.js';
import { isCount, type Census } from './packs/census.js';

export interface NamespaceManifest {
  /** Entry id (see entryId) → local mtime in ms, for entries on disk after the restore. */
  local: Record<string, number>;
  /** Entry id → bucket time (newest LastModified) in ms, for complete entries in the bucket. */
  remote: Record<string, number>;
  /**
   * Entry id → size in bytes, for the entries in `local`. With it the save's walk of the disk store
   * takes entries that are in both `local` and `remote` as known (one lstat each) instead of
   * listing their directories; without it (an older manifest) the save walks everything.
   */
  sizes?: Record<string, number>;
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
   * `remote` then holds the packs' entries with the times the packs recorded.
   */
  remoteFrom?: 'packs';
  /** With remoteFrom `packs`: the census the restore trusted (the save corrects its `objects`). */
  census?: Census;
}

export interface SyncManifest {
  version: 1;
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
    if (!isManifest(m)) throw new Error('not a version 1 sync manifest');
    return m;
  } catch (err) {
    log?.(`sync manifest ${path} is not usable (${(err as Error).message}); listing the bucket instead`);
    return null;
  }
}

function isManifest(m: unknown): m is SyncManifest {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (r.version !== 1 || typeof r.restoredAt !== 'string' || Number.isNaN(Date.parse(r.restoredAt)))
    return false;
  if (typeof r.namespaces !== 'object' || r.namespaces === null) return false;
  for (const ns of Object.values(r.namespaces as Record<string, unknown>)) {
    if (typeof ns !== 'object' || ns === null) return false;
    const n = ns as Record<string, unknown>;
    if (!isTimeMap(n.local) || !isTimeMap(n.remote)) return false;
    if (n.sizes !== undefined && !isTimeMap(n.sizes)) return false;
    if (n.outsidePacks !== undefined && !isCount(n.outsidePacks)) return false;
    if (n.remoteFrom !== undefined && n.remoteFrom !== 'packs') return false;
    if (n.objects !== undefined && !isCount(n.objects)) return false;
    if (n.census !== undefined && !isCensus(n.census)) return false;
  }
  return true;
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

function isTimeMap(v: unknown): v is Record<string, number> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  // A loop, not Object.values(…).every: the maps hold an entry per cached entry, read by every save.
  const r = v as Record<string, unknown>;
  for (const k in r) {
    const t = r[k];
    if (typeof t !== 'number' || !Number.isFinite(t)) return false;
  }
  return true;
}
