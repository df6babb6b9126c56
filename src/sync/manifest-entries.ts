/**
 * One namespace's entries in the sync manifest, as columns: the entry ids once, sorted, and beside
 * each its local time, its bucket time and its size (null where it has none).
 *
 * Every save reads them before it can plan (sync.md, "Save"). Keyed objects, one per column (the
 * manifest's first version), made 760 KB of JSON for 3,000 entries: ~4 ms to parse and ~2 ms to
 * check, then a map of the bucket times built again, all before the save's first request. The
 * columns are a third of the size and parse in under a millisecond; a save looks up the few ids it
 * needs by binary search and walks the rest once, so nothing is built per entry.
 */

/** A lookup of bucket times by entry id: these columns, or a Map built from a listing. */
export type EntryTimes = Pick<ReadonlyMap<string, number>, 'get'>;

/** What the restore knows of one entry. */
export interface ManifestEntry {
  /** Its time on disk (ms), when it is on disk. */
  local?: number;
  /** Its time in the bucket (newest LastModified, ms), when it is complete there. */
  remote?: number;
  /** Its size on disk in bytes, when it is on disk and the restore recorded it. */
  size?: number;
}

/** The columns as the manifest file holds them. */
interface EntryColumnsJson {
  ids: string[];
  local: (number | null)[];
  remote: (number | null)[];
  sizes?: (number | null)[];
}

export class ManifestEntries {
  private constructor(
    /** Sorted (code unit order) and unique. */
    readonly ids: readonly string[],
    readonly local: readonly (number | null)[],
    readonly remote: readonly (number | null)[],
    /**
     * Null when the restore recorded no sizes: the save then walks the store instead of taking
     * the entries on disk and in the bucket from here (a manifest written without a restore).
     */
    readonly sizes: readonly (number | null)[] | null
  ) {}

  /** From what is known per id; `sizes: false` records none (see `sizes`). */
  static from(
    entries: ReadonlyMap<string, ManifestEntry>,
    o: { sizes: boolean } = { sizes: true }
  ): ManifestEntries {
    const ids = [...entries.keys()].sort();
    const column = (f: (e: ManifestEntry) => number | undefined): (number | null)[] =>
      ids.map(id => f(entries.get(id)!) ?? null);
    return new ManifestEntries(
      ids,
      column(e => e.local),
      column(e => e.remote),
      o.sizes ? column(e => e.size) : null
    );
  }

  /**
   * The columns of a manifest file, checked: ids strings in strictly increasing order (the binary
   * search relies on it), every column as long, every value null or a finite number. Null when
   * they are not that.
   */
  static parse(v: unknown): ManifestEntries | null {
    if (typeof v !== 'object' || v === null) return null;
    const c = v as Record<string, unknown>;
    const { ids, local, remote, sizes } = c;
    if (!Array.isArray(ids) || !isColumn(local, ids.length) || !isColumn(remote, ids.length)) return null;
    if (sizes !== undefined && !isColumn(sizes, ids.length)) return null;
    for (let i = 0; i < ids.length; i++) {
      const id: unknown = ids[i];
      if (typeof id !== 'string' || (i > 0 && !((ids[i - 1] as string) < id))) return null;
    }
    return new ManifestEntries(ids as string[], local, remote, sizes ?? null);
  }

  toJSON(): EntryColumnsJson {
    return {
      ids: [...this.ids],
      local: [...this.local],
      remote: [...this.remote],
      ...(this.sizes ? { sizes: [...this.sizes] } : {})
    };
  }

  /** The position of `id` in the columns, or -1. */
  indexOf(id: string): number {
    const ids = this.ids;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = ids[mid]!;
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  localTime(id: string): number | undefined {
    return this.at(this.local, id);
  }

  remoteTime(id: string): number | undefined {
    return this.at(this.remote, id);
  }

  size(id: string): number | undefined {
    return this.sizes ? this.at(this.sizes, id) : undefined;
  }

  /** The bucket times as a lookup, in place of the Map a listing gives. */
  get remoteTimes(): EntryTimes {
    return { get: id => this.remoteTime(id) };
  }

  /** The ids of the entries that were on disk. */
  localIds(): string[] {
    return this.ids.filter((_, i) => this.local[i] !== null);
  }

  /** The ids of the entries that were complete in the bucket. */
  remoteIds(): string[] {
    return this.ids.filter((_, i) => this.remote[i] !== null);
  }

  private at(column: readonly (number | null)[], id: string): number | undefined {
    const i = this.indexOf(id);
    return i < 0 ? undefined : (column[i] ?? undefined);
  }
}

function isColumn(v: unknown, length: number): v is (number | null)[] {
  if (!Array.isArray(v) || v.length !== length) return false;
  for (const x of v) {
    if (x !== null && (typeof x !== 'number' || !Number.isFinite(x))) return false;
  }
  return true;
}
