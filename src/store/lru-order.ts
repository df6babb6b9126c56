/**
 * The one least-recently-used order, shared by every eviction (disk clean, bucket clean, the
 * packs a compaction rewrites) and by the restore's "newest first within a budget" selection:
 *
 *   older first (the entry's time: its newest blob's mtime or LastModified, in whole
 *   milliseconds); within one time, by namespace path; then by hex key; namespace and key compared
 *   as strings, code unit by code unit (for the ASCII names in practice, byte order).
 *
 * Ties are common, not a corner case: S3 keeps LastModified in whole seconds, a restore gives a
 * local entry its bucket time, and a build writes many entries within one millisecond. Without a
 * rule, which of the tied entries a clean evicts would follow listing order, which differs between
 * the disk walk, a bucket listing and the merged lists of a restore; a restore could then fetch
 * entries the next clean evicts at once. With it, a clean to N bytes keeps exactly the entries a
 * restore to N bytes picks, on every run.
 */

/** What the order looks at: the entry's time (a Date, or milliseconds), namespace path and hex key. */
export interface LruPosition {
  mtime: Date | number;
  namespace: string;
  key: string;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function millis(t: Date | number): number {
  // Whole milliseconds: a disk mtime has sub-millisecond digits that a Date of it drops anyway.
  return Math.trunc(typeof t === 'number' ? t : t.getTime());
}

/** Negative when `a` goes first in an eviction (is less recently used), positive when `b` does. */
export function compareLru(a: LruPosition, b: LruPosition): number {
  return (
    millis(a.mtime) - millis(b.mtime) ||
    compareStrings(a.namespace, b.namespace) ||
    compareStrings(a.key, b.key)
  );
}

/** The reverse: most recently used first (what a restore fills its budget with). */
export function compareNewestFirst(a: LruPosition, b: LruPosition): number {
  return compareLru(b, a);
}
