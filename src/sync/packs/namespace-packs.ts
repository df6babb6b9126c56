/**
 * Packs in the sync: the glue between the restore / save steps and the pack files.
 *
 * - Restore: the pack listing runs beside the object listing; entries only packs hold join the
 *   candidates; planned entries are read from packs first, and the rest as objects.
 * - Save: with upload mode `packs` or `both`, the new entries are also (or only) written as packs,
 *   then small packs are merged and packs are pruned with the bucket's limits.
 */
import type { PackIndexCache } from './index-cache.js';
import type { EntryInfo } from '../../store/store.js';
import type { ChunkImport, ChunkImportOutcome } from '../../store/disk.js';
import { InvalidInputError } from '../../store/errors.js';
import { entryId, SubViews } from '../entries.js';
import type { Failures } from '../failures.js';
import type { PackBucket } from './bucket.js';
import { CatalogKeeper, type CatalogHeld, type CataloguedPack } from './catalog.js';
import { recordListing } from './listing-record.js';
import { compactPacks } from './compact.js';
import {
  chunkBytesFor,
  defaultPackPrefix,
  type PackCodec,
  type PackIndex,
  type PackIndexEntry
} from './format.js';
import { listPacks, restoreFromPacks, type ChunkKeeper, type ChunkSink, type PackListing } from './read.js';
import { prunePacks } from './prune.js';
import { writePacks, type PackSourceEntry, type PresealedChunk } from './write.js';
import { Limiter } from '../../store/limit.js';
import type { Progress } from '../progress.js';
import type { LocalStore } from '../stores.js';

/**
 * What a save writes: `objects` (one object per blob, what the Go system reads), `packs` (only
 * packs: fewest requests, for teams without the Go fleet), `both`, or `auto` (the default): `both`
 * when the bucket holds entries that no pack holds (someone who reads and writes objects, the Go
 * fleet, uses it too), else `packs`; see resolveUploadMode.
 */
export type UploadMode = 'objects' | 'packs' | 'both' | 'auto';
export const DEFAULT_UPLOAD_MODE: UploadMode = 'auto';

export function parseUploadMode(input: string): UploadMode {
  const v = input.trim().toLowerCase();
  if (v === '') return DEFAULT_UPLOAD_MODE;
  if (v === 'objects' || v === 'packs' || v === 'both' || v === 'auto') return v;
  throw new InvalidInputError(
    `invalid upload-mode ${JSON.stringify(input)}: expected auto, objects, packs or both`
  );
}

/**
 * The mode a save of one namespace uses. `auto` is `packs` only when a whole object listing found
 * every entry of the bucket in a pack (`outsidePacks` 0: the restore's, or the census it trusted),
 * so no reader of objects has written there; with any entry outside packs, or when it is not
 * known, it is `both`, which every reader sees.
 */
export function resolveUploadMode(
  mode: UploadMode,
  outsidePacks: number | undefined
): Exclude<UploadMode, 'auto'> {
  if (mode !== 'auto') return mode;
  return outsidePacks === 0 ? 'packs' : 'both';
}

export interface PackSyncOptions {
  bucket: PackBucket;
  /** The bucket's root prefix (e.g. `cache/`): packs of namespace `compile` go to `cache/packs/compile/`. */
  rootPrefix: string;
  /** Overrides the pack prefix of every namespace: `<packPrefix><namespace>/`. */
  packPrefix?: string;
  codec?: PackCodec;
  level?: number;
  /** Compressed size of a pack; default 32 MiB. */
  targetPackBytes?: number;
  /** Packs read or written at once; default 4. */
  concurrency?: number;
  /** Copies of the indexes read, shared by a job's restore and save (index-cache.ts); none by default. */
  indexCache?: PackIndexCache;
}

export function packPrefixFor(p: PackSyncOptions, namespace: string): string {
  if (p.packPrefix === undefined) return defaultPackPrefix(p.rootPrefix, namespace);
  const root = p.packPrefix === '' || p.packPrefix.endsWith('/') ? p.packPrefix : `${p.packPrefix}/`;
  const ns = namespace.replace(/^\/+|\/+$/g, '');
  return ns === '' ? root : `${root}${ns}/`;
}

/**
 * The namespace's packs, or null (with a warning) when they cannot be listed: objects still work.
 * With `catalog`, the bucket's catalog is read beside the listing (catalog.ts).
 */
export async function listNamespacePacks(
  p: PackSyncOptions,
  namespace: string,
  failures: Failures,
  options: { catalog?: boolean } = {}
): Promise<PackListing | null> {
  let listing: PackListing;
  try {
    listing = await listPacks(p.bucket, packPrefixFor(p, namespace), {
      concurrency: p.concurrency ?? 8,
      indexCache: p.indexCache,
      catalog: options.catalog
    });
  } catch (err) {
    failures.warn(`could not list the packs of ${namespace}: ${(err as Error).message}; using objects only`);
    return null;
  }
  // A bad index (skipped whole) or bad entries (dropped): named once here, the rest still serves.
  for (const w of listing.warnings) failures.warn(`${w}; the entries it cannot serve come as objects`);
  return listing;
}

/**
 * Keeps the record of a restore's pack listing (taken at `listedAt`) beside the index copies, for
 * the job's save (listing-record.ts); a listing it cannot vouch for removes an older record. Run
 * once the restore has fetched what it needed, so its CPU is not on the way to the first pack GET.
 * Never throws.
 */
export async function keepListingRecord(
  p: PackSyncOptions,
  namespace: string,
  listing: PackListing | null,
  listedAt: number
): Promise<void> {
  if (!p.indexCache) return;
  const prefix = packPrefixFor(p, namespace);
  const record = listing && recordListing(prefix, listing, listedAt);
  if (record) await p.indexCache.writeListingRecord(prefix, record);
  else p.indexCache.forgetListingRecord(prefix);
}

/**
 * What the job's restore recorded of the namespace's catalog (index-cache.ts), or null when no
 * restore read it: then the save's pack listing reads the catalog itself.
 */
export function restoreSawCatalog(p: PackSyncOptions, namespace: string): CatalogHeld | null {
  return p.indexCache?.readCatalogState(packPrefixFor(p, namespace)) ?? null;
}

/**
 * A save's catalog of one namespace (catalog.ts): written beside the index of each pack the save
 * writes (the packs listed when it started, and those), and once more after the pack upkeep when
 * that changed the packs.
 */
export class NamespaceCatalog {
  private readonly added: PackIndex[] = [];
  private readonly keeper: CatalogKeeper;
  private listedPacks: Promise<readonly CataloguedPack[]> | undefined;

  /**
   * `listed`: the packs the save started from (its listing's indexes, or the restore's record of
   * its listing: then a function that checks the record's copies, called when the first pack goes
   * out, so that the check runs in that PUT's round trip instead of before it); `held`: what the
   * bucket's catalog holds as far as this job knows (the save's own read, else the restore's:
   * restoreSawCatalog), null when that is not known.
   */
  constructor(
    p: PackSyncOptions,
    namespace: string,
    private readonly listed: readonly CataloguedPack[] | (() => Promise<readonly CataloguedPack[]>),
    held: CatalogHeld | null
  ) {
    this.keeper = new CatalogKeeper(p.bucket, packPrefixFor(p, namespace), held);
  }

  /** Beside the index write of a pack of this save. */
  wrote(index: PackIndex): Promise<void> {
    this.added.push(index);
    const added = [...this.added];
    return this.keeper.write(this.listedOnce().then(listed => [...added, ...listed]));
  }

  /** The packs the save ends with, once the upkeep is done. */
  settle(indexes: readonly PackIndex[]): Promise<void> {
    return this.keeper.write(indexes);
  }

  /** Why the last write failed, if it did. */
  get error(): unknown {
    return this.keeper.error;
  }

  private listedOnce(): Promise<readonly CataloguedPack[]> {
    const listed = this.listed;
    this.listedPacks ??= typeof listed === 'function' ? listed() : Promise.resolve(listed);
    return this.listedPacks;
  }
}

/** Entries that packs hold and the object listing lacks (written with upload mode `packs`). */
export function packOnlyEntries(listing: PackListing | null, objects: readonly EntryInfo[]): EntryInfo[] {
  if (!listing) return [];
  const have = new Set(objects.map(entryId));
  const out = new Map<string, EntryInfo>();
  // An index's time is the bucket's word: never later than now (a time in the future would keep
  // the entry first in line and never evicted).
  const now = Date.now();
  for (const index of [...listing.indexes].sort((a, b) => (a.id < b.id ? 1 : -1))) {
    for (const e of index.entries) {
      const id = entryId({ namespace: e.ns, key: e.key });
      if (have.has(id) || out.has(id)) continue;
      const mtime = new Date(Math.min(e.mtime, now));
      out.set(id, {
        key: e.key,
        namespace: e.ns,
        blobs: e.blobs.map(b => ({ name: b.name, size: b.size, mtime })),
        size: e.blobs.reduce((n, b) => n + b.size, 0),
        mtime
      });
    }
  }
  return [...out.values()];
}

/**
 * Entries a pack restore installs at once: handed to the disk store's import workers in batches,
 * enough that each batch keeps a worker busy while the next is being cut from the chunk.
 */
export const IMPORTS_IN_FLIGHT = 32;

export interface PackFetchResult {
  /** Entries installed from packs, with the time they were installed with. */
  restored: EntryInfo[];
  /** Entry ids read from packs, installed or found already on disk. */
  served: Set<string>;
  alreadyLocal: number;
  packsRead: number;
  bytesRead: number;
  /** Of `restored`, how many were kept packed for a lazy install (not in the cache directory yet). */
  kept: number;
}

/**
 * The restore's bulk path: installs every planned entry that a pack holds, from the newest such
 * pack. What it does not serve (not in any pack, a torn or unreadable pack, a failed chunk) the
 * caller fetches as objects.
 */
export async function fetchFromPacks(i: {
  packs: PackSyncOptions;
  namespace: string;
  listing: PackListing;
  local: LocalStore;
  entries: readonly EntryInfo[];
  /** Counted per entry installed; omitted when the caller counts the result itself. */
  progress?: Progress;
  failures: Failures;
  /**
   * The time to install an entry with, when the caller knows a better one than the plan's by
   * then (the bucket's, once the object listing is in); default the planned entry's.
   */
  mtimeOf?: (entry: EntryInfo) => Date;
  /**
   * Keep the chunks compressed for a lazy install (store/deferred-tier.ts) instead of installing
   * them, when the disk store can (deferChunk, with a lazy install begun).
   */
  lazy?: boolean;
  /**
   * Whether the bucket's objects may hold entries the packs hold (default true). False (the census
   * counted no objects at all) spares a lazy restore decompressing the kept chunks that only one
   * pack holds (restoreFromPacks).
   */
  objectsMayHold?: boolean;
}): Promise<PackFetchResult> {
  const planned = new Map(i.entries.map(e => [entryId(e), e]));
  const localViews = new SubViews(i.local);
  const out: PackFetchResult = {
    restored: [],
    served: new Set(),
    alreadyLocal: 0,
    packsRead: 0,
    bytesRead: 0,
    kept: 0
  };
  if (planned.size === 0) return out;
  // Entries installed at once across every pack and chunk being read: enough to keep the thread
  // pool busy (the action runs with 16 threads), few enough to bound open files.
  const imports = new Limiter(IMPORTS_IN_FLIGHT);
  /** What one entry's install means for the counts; its time is the one it was installed with. */
  const counted = (entry: EntryInfo, mtime: Date, installed: boolean): void => {
    if (installed) out.restored.push(mtime === entry.mtime ? entry : { ...entry, mtime });
    else out.alreadyLocal++;
    // The bucket works: content problems elsewhere must not read as "unreachable".
    i.failures.succeeded();
    i.progress?.add(1, installed ? entry.size : 0);
  };
  const local = i.local;
  /**
   * A chunk's entries handed to the disk store at once (installed, or kept for a lazy install),
   * each with the bucket's time (or the pack's, until the object listing is in: it keeps LRU order
   * true), and what the store says of each counted.
   */
  const handChunk = async (
    entries: PackIndexEntry[],
    hand: (jobs: ChunkImport[]) => Promise<ChunkImportOutcome[] | null>,
    kept: boolean
  ): Promise<(Error | null)[] | null> => {
    const plannedOf = entries.map(e => planned.get(entryId({ namespace: e.ns, key: e.key }))!);
    const jobs = entries.map((e, n) => ({
      namespace: e.ns,
      key: e.key,
      blobs: e.blobs,
      offset: e.offset,
      mtime: i.mtimeOf?.(plannedOf[n]!) ?? plannedOf[n]!.mtime
    }));
    const outcomes = await hand(jobs);
    if (outcomes === null) return null;
    return outcomes.map((o, n) => {
      if (o instanceof Error) return o;
      counted(plannedOf[n]!, jobs[n]!.mtime, o);
      if (o && kept) out.kept++;
      return null;
    });
  };
  // A disk store installs a chunk's entries at once, in a worker that also checks the chunk's
  // sha256 (docs/packs.md, How a restore reads them); another store entry by entry.
  const chunkSink: ChunkSink | undefined = local.importChunk
    ? async (raw, sha256, entries) =>
        (await handChunk(entries, jobs => local.importChunk!(raw, sha256, jobs), false)) ?? []
    : undefined;
  // Or keeps the chunks packed for a lazy install (docs/packs.md, Lazy install).
  const chunkKeeper: ChunkKeeper | undefined =
    i.lazy && local.deferChunk
      ? (compressed, chunk, entries) =>
          handChunk(entries, jobs => local.deferChunk!(compressed, chunk, jobs), true)
      : undefined;
  let r: Awaited<ReturnType<typeof restoreFromPacks>>;
  try {
    r = await restoreFromPacks(i.packs.bucket, packPrefixFor(i.packs, i.namespace), {
      listing: i.listing,
      concurrency: i.packs.concurrency ?? 4,
      chunkSink,
      chunkKeeper,
      objectsMayHold: i.objectsMayHold,
      want: e => planned.has(entryId({ namespace: e.ns, key: e.key })),
      sink: (e, blobs) =>
        imports.run(async () => {
          const entry = planned.get(entryId({ namespace: e.ns, key: e.key }))!;
          // The bucket's time (or the pack's, until the object listing is in) keeps LRU order true.
          const mtime = i.mtimeOf?.(entry) ?? entry.mtime;
          const installed = await localViews.of(e.ns).importEntry(e.key, blobs, mtime);
          counted(entry, mtime, installed);
        })
    });
  } catch (err) {
    // Not expected (reading a pack never throws); whatever was not installed comes as objects.
    i.failures.warn(`reading the packs of ${i.namespace} failed: ${(err as Error).message}; using objects`);
    return out;
  }
  for (const id of r.restored) out.served.add(id);
  out.packsRead = r.packsRead;
  out.bytesRead = r.bytesRead;
  // A damaged pack is worth one line; its entries still come as objects.
  if (r.errors.length > 0) {
    i.failures.warn(
      `${r.errors.length} pack read problem(s) in ${i.namespace}, served as objects instead; first: ${r.errors[0]}`
    );
  }
  return out;
}

/** Entries read ahead of the packer (whole entries in memory at once; new entries are small). */
const PACK_READ_AHEAD = 16;

/** The save's pack step: writes the new entries of one namespace as packs. */
export async function writeNamespacePacks(i: {
  packs: PackSyncOptions;
  namespace: string;
  local: LocalStore;
  entries: readonly EntryInfo[];
  /** The entries already read (upload mode `both`: handed over by the object upload); else read here. */
  source?: AsyncIterable<PackSourceEntry | null>;
  failures: Failures;
  /** Build now, write when this resolves true (writePacks' gate). */
  gate?: Promise<boolean>;
  /** The catalog written beside each pack's index. */
  catalog?: Promise<NamespaceCatalog | null>;
  /** Called as the first pack's objects are sent (the save starts work that would delay them). */
  sending?: () => void;
  /**
   * Chunks packed ahead (prepacked.ts, through chunksFor): packed first, as they are; their
   * entries (of `entries`) are not read again.
   */
  prepacked?: Promise<readonly PresealedChunk[]>;
}): Promise<{ packs: PackIndex[]; entries: number; bytes: number }> {
  // Entries handed over by the object upload (mode `both`) were read already: none from chunks.
  const prepacked = i.source ? [] : ((await i.prepacked) ?? []);
  const inChunks = new Set(
    prepacked.flatMap(c => c.entries.map(e => entryId({ namespace: e.ns, key: e.key })))
  );
  const toRead = inChunks.size === 0 ? i.entries : i.entries.filter(e => !inChunks.has(entryId(e)));
  const localViews = new SubViews(i.local);
  const read = async (e: EntryInfo): Promise<PackSourceEntry | null> => {
    const view = localViews.of(e.namespace);
    const blobs: { name: string; data: Buffer }[] = [];
    for (const b of e.blobs) {
      const data = await view.get(e.key, b.name);
      // Evicted meanwhile: an entry is packed whole or not at all.
      if (data === null) return null;
      blobs.push({ name: b.name, data });
    }
    return { ns: e.namespace, key: e.key, mtime: e.mtime.getTime(), blobs };
  };
  // Entries are read a few ahead of the packer, in order, so reading overlaps compressing.
  async function* source(): AsyncGenerator<PackSourceEntry | null> {
    const ahead: Promise<PackSourceEntry | null>[] = [];
    let next = 0;
    while (next < toRead.length || ahead.length > 0) {
      while (next < toRead.length && ahead.length < PACK_READ_AHEAD) {
        const p = read(toRead[next++]!);
        p.catch(() => undefined); // awaited in order below; not an unhandled rejection meanwhile
        ahead.push(p);
      }
      yield await ahead.shift()!;
    }
  }
  const w = await writePacks(i.packs.bucket, i.source ?? source(), {
    packPrefix: packPrefixFor(i.packs, i.namespace),
    codec: i.packs.codec,
    level: i.packs.level,
    targetPackBytes: i.packs.targetPackBytes,
    chunkBytes: chunkBytesFor(toRead),
    concurrency: i.packs.concurrency,
    gate: i.gate,
    presealed: prepacked,
    alongsideIndex: async index => {
      // The catalog first (its copies may still need their check), then whatever waits for the send.
      const catalog = await i.catalog;
      const written = catalog?.wrote(index);
      i.sending?.();
      await written;
    }
  });
  return {
    packs: w.packs,
    entries: w.packs.reduce((n, p) => n + p.entries.length, 0),
    bytes: w.packs.reduce((n, p) => n + p.rawBytes, 0)
  };
}

/**
 * Keeps the namespace's packs bounded: merges small packs and rewrites sparse ones, then prunes
 * with the bucket's limits (size: packs together at most maxBytes, oldest first; age).
 *
 * `listing` is the one the save took when it started (listing and reading every index again
 * here cost the save two more round trips); `added` are the packs this save wrote since: they
 * count like the others (a small one can be merged, all of them towards the size limit).
 */
export async function maintainNamespacePacks(i: {
  packs: PackSyncOptions;
  namespace: string;
  listing: PackListing;
  added: readonly PackIndex[];
  maxBytes: number;
  maxAge: number;
  failures: Failures;
  /** Written with the packs kept, when they are not what it holds. */
  catalog?: NamespaceCatalog | null;
}): Promise<{ merged: number; deleted: number }> {
  const packPrefix = packPrefixFor(i.packs, i.namespace);
  const newestFirst = (indexes: PackIndex[]): PackIndex[] => indexes.sort((a, b) => (a.id < b.id ? 1 : -1));
  const withAdded = (indexes: PackIndex[]): PackListing => ({
    indexes: newestFirst(indexes),
    torn: i.listing.torn,
    skipped: i.listing.skipped,
    objects: i.listing.objects,
    warnings: i.listing.warnings
  });
  try {
    const before = withAdded([...i.added, ...i.listing.indexes]);
    const c = await compactPacks(i.packs.bucket, {
      packPrefix,
      listing: before,
      targetPackBytes: i.packs.targetPackBytes,
      codec: i.packs.codec,
      level: i.packs.level
    });
    const replaced = new Set(c.replaced);
    const kept = [...c.written, ...before.indexes.filter(x => !replaced.has(x.id))];
    const p = await prunePacks(i.packs.bucket, {
      packPrefix,
      listing: withAdded(kept),
      maxBytes: i.maxBytes,
      maxAge: i.maxAge
    });
    const deleted = new Set(p.deleted.map(d => d.id));
    await i.catalog?.settle(kept.filter(x => !deleted.has(x.id)));
    return { merged: c.replaced.length, deleted: p.deleted.length };
  } catch (err) {
    i.failures.warn(`could not compact or prune the packs of ${i.namespace}: ${(err as Error).message}`);
    return { merged: 0, deleted: 0 };
  }
}
