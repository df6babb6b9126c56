/**
 * The store contract (see the project's store spec): a content-addressed key/value store where
 * each key holds a few named blobs, and all blobs of one key form an entry that is evicted whole.
 */

/** A key is opaque bytes (a 32-byte digest in practice), or the same bytes written as lowercase hex. */
export type CacheKey = Uint8Array | string;

export interface StoreStats {
  /** Entries in this store and every namespace below it. */
  entries: number;
  /** Sum of the sizes of their blobs. */
  bytes: number;
}

export interface BlobInfo {
  name: string;
  size: number;
  mtime: Date;
}

/** One entry as a listing sees it. */
export interface EntryInfo {
  /** Lowercase hex of the key. */
  key: string;
  /** Namespace path relative to the listed store, `''` for the store itself, e.g. `compile/local`. */
  namespace: string;
  blobs: BlobInfo[];
  /** Sum of the blob sizes. */
  size: number;
  /** The newest blob time: the entry's time for least-recently-used order. */
  mtime: Date;
}

export interface Evicted {
  entries: number;
  bytes: number;
}

export interface CleanResult {
  /** Entries removed because the store was over maxSize (least recently used first). */
  bySize: Evicted;
  /** Entries removed because their newest blob was older than now - maxAge. */
  byAge: Evicted;
  /** Entries and bytes left after the clean. */
  remaining: StoreStats;
}

export interface Store {
  /** The blob's bytes; null when it does not exist. An existing empty blob is a zero-length buffer. */
  get(key: CacheKey, name: string): Promise<Buffer | null>;
  /**
   * Stores the blob; a store with a size limit evicts afterwards to stay within it. A store that
   * supports conditional writes may resolve to false when it wrote nothing because the blob was
   * there already (S3CacheStore with `ifAbsent`); otherwise it resolves to true or nothing.
   */
  put(key: CacheKey, name: string, value: Uint8Array): Promise<boolean | void>;
  /** True when any blob of the entry exists. */
  has(key: CacheKey): Promise<boolean>;
  /** Entries and bytes, including every namespace below this store. */
  stats(): Promise<StoreStats>;
  /**
   * Evicts whole entries, in this store and every namespace below it: with maxSize > 0 the least
   * recently used until the total is at or below maxSize (bytes); with maxAge > 0 (milliseconds)
   * every entry whose newest blob is older than now - maxAge. A value <= 0 disables that limit.
   */
  clean(maxSize: number, maxAge: number): Promise<CleanResult>;
  /** Where the store lives: a directory, or `s3://<bucket>/<prefix>`. */
  dir(): string;
  /** A view rooted at `prefix` below this store. Views nest and do not inherit the size limit. */
  namespace(prefix: string): Store;
  /** Every entry of this store and of every namespace below it (foreign objects and leftovers skipped). */
  list(): Promise<EntryInfo[]>;
  /**
   * Refreshes the entry's time to now, so least-recently-used order counts this use. `blob`: one
   * the caller knows the entry holds (`exit_code`, which every compile entry has, by default); the
   * entry is listed to find another only when that one is missing.
   */
  touch(key: CacheKey, blob?: string): Promise<void>;
  /** Removes whole entries of this store (not of namespaces below it) by hex key. */
  remove(keys: string[]): Promise<void>;
}
