/**
 * What the sync needs from its two stores, as structural types: the disk store (DiskCacheStore)
 * and the bucket (S3CacheStore), or any store with the same methods (tests wrap them).
 */
import type { BlobInfo, CacheKey, CleanResult, EntryInfo, Store, StoreStats } from '../store/store.js';
import type { EntryJournal } from '../store/journal.js';
import type { KnownEntries } from '../store/disk-walk.js';
import type { ChunkImport, ChunkImportOutcome } from '../store/disk.js';
import type { DeferredChunkInfo } from '../store/deferred-tier.js';

export interface ImportBlob {
  name: string;
  data: Uint8Array;
}

/** The disk side: a Store that can install a whole entry at once, with a given time. */
export interface LocalStore extends Store {
  namespace(prefix: string): LocalStore;
  /** Installs all blobs of an entry atomically with `mtime`; false when the entry is already there. */
  importEntry(key: CacheKey, blobs: ImportBlob[], mtime: Date): Promise<boolean>;
  /**
   * Optional (DiskCacheStore has it): installs the entries of one pack chunk at once, checking
   * `raw` against `sha256` before anything is installed (throws when it differs); takes `raw` over.
   * One outcome per entry: true installed, false already there, or the error.
   */
  importChunk?(
    raw: Uint8Array,
    sha256: string | undefined,
    entries: ChunkImport[]
  ): Promise<ChunkImportOutcome[]>;
  /**
   * Optional (DiskCacheStore has them): the lazy install (store/deferred-tier.ts). beginDeferred
   * removes what an earlier restore kept; deferChunk keeps one compressed chunk instead of installing
   * its entries (one outcome per entry: true kept, or the error; null when the lazy install is full
   * and the chunk must be installed instead); finishDeferred writes the index
   * that the store reads when a compile asks for one of them, and returns how many were kept.
   */
  beginDeferred?(): Promise<void>;
  deferChunk?(
    compressed: Uint8Array,
    chunk: DeferredChunkInfo,
    entries: ChunkImport[]
  ): Promise<ChunkImportOutcome[] | null>;
  finishDeferred?(): Promise<number>;
  /**
   * Optional (DiskCacheStore has it): moves the entry's time forward to `mtime` through blob
   * `name`; false when the entry or blob is gone. Without it a restore keeps the time it installed with.
   */
  advanceTime?(key: CacheKey, name: string, mtime: Date): Promise<boolean>;
  /**
   * `stats`, then `clean(maxSize, maxAge)`, then `list`, from one scan of the store: the totals
   * before the clean, the clean's result, and the surviving entries.
   */
  cleanAndList(
    maxSize: number,
    maxAge: number,
    options?: { known?: KnownEntries }
  ): Promise<{ before: StoreStats; clean: CleanResult; entries: EntryInfo[] }>;
  /**
   * Optional (DiskCacheStore has it): sends what the store skipped or removed under its directory
   * (planted symlinks, FIFOs, …; see UnsafeFinding) to `listener` until the returned function is
   * called, instead of the store's own onUnsafe.
   */
  captureUnsafe?(listener: (finding: { message: string }) => void): () => void;
  /**
   * Optional (DiskCacheStore has them): the journal its puts write (store/journal.ts), and one
   * entry's blobs without a walk (null when it is not there). With both, a save uploads what the
   * journal names instead of walking the store.
   */
  entryJournal?(): EntryJournal | null;
  entryInfo?(key: CacheKey): Promise<EntryInfo | null>;
  /** The view's directory exists as real directories (a planted link is reported, counts as missing). */
  checkView?(): boolean;
  /**
   * Optional (DiskCacheStore has it): the walk of a clean with nothing to evict, without the list:
   * sweeps leftovers and reports planted things, skipping the entries `known` vouches for.
   */
  sweep?(options?: { known?: KnownEntries }): Promise<void>;
}

export interface PutOptions {
  /** Write only when the object does not exist yet (If-None-Match: *). */
  ifAbsent?: boolean;
}

/**
 * The bucket side: a Store whose put can be conditional and reports `false` when the object was
 * already there. A plain Store fits too (its put ignores the option and returns nothing).
 */
export interface RemoteStore extends Omit<Store, 'put' | 'namespace' | 'get'> {
  namespace(prefix: string): RemoteStore;
  put(key: CacheKey, name: string, value: Uint8Array, options?: PutOptions): Promise<boolean | void>;
  /** The blob, or null; with maxSize, an error rather than more bytes than that (a plain Store ignores it). */
  get(key: CacheKey, name: string, options?: { maxSize?: number }): Promise<Buffer | null>;
  /** Optional (S3CacheStore has it): the blobs the bucket holds for one entry. */
  entryBlobs?(key: CacheKey): Promise<BlobInfo[]>;
  /** Optional (S3CacheStore has it): opens connections ahead of requests about to go together. */
  preconnect?(count: number): void;
}
