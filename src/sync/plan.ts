/**
 * Which bucket entries a restore fetches: newest first until the local budget is full, counting
 * what is already on disk, so the disk ends up holding the newest entries of the two together
 * (the same entries a least-recently-used clean to that budget would keep, ties included: see
 * src/store/lru-order.ts).
 */
import type { EntryInfo } from '../store/store.js';
import { compareNewestFirst } from '../store/lru-order.js';
import { entryId } from './entries.js';

export interface RestorePlan {
  /** Entries to fetch, newest first. */
  fetch: EntryInfo[];
  /** Bucket entries that are on disk already. */
  alreadyLocal: number;
  /** Bucket entries left out because the budget was full. */
  skippedForBudget: number;
  /** Bucket entries left out because they are older than the local max age (a clean would drop them). */
  skippedForAge: number;
  /** The bucket entries left out (for the budget or for age), by entry id. */
  leftOut: Map<string, 'budget' | 'age'>;
}

export interface PlanInput {
  /** Complete bucket entries. */
  remote: readonly EntryInfo[];
  /** Entries on disk, complete or not (they take room either way). */
  local: readonly EntryInfo[];
  /** Local budget in bytes; 0 = unlimited. */
  maxBytes: number;
  /** Leave out bucket entries older than this (ms); 0 = no limit. */
  maxAgeMs: number;
  now: number;
}

export function planRestore(p: PlanInput): RestorePlan {
  const localIds = new Set(p.local.map(entryId));
  const oldest = p.maxAgeMs > 0 ? p.now - p.maxAgeMs : -Infinity;
  let alreadyLocal = 0;
  let skippedForAge = 0;
  const leftOut = new Map<string, 'budget' | 'age'>();
  const candidates: { entry: EntryInfo; fetch: boolean }[] = p.local.map(entry => ({ entry, fetch: false }));
  for (const entry of p.remote) {
    if (localIds.has(entryId(entry))) alreadyLocal++;
    else if (entry.mtime.getTime() < oldest) {
      skippedForAge++;
      leftOut.set(entryId(entry), 'age');
    } else candidates.push({ entry, fetch: true });
  }
  // Exactly the reverse of the order a clean evicts in (lru-order.ts, ties included), so the entries
  // taken are the ones a clean to this budget would keep, whatever order the listings came in.
  candidates.sort((a, b) => compareNewestFirst(a.entry, b.entry));
  const fetch: EntryInfo[] = [];
  let used = 0;
  let full = false;
  let skippedForBudget = 0;
  for (const c of candidates) {
    // Once one entry does not fit, everything older stays out too: a smaller, older entry taken
    // in its place would be the first one a least-recently-used clean evicts anyway.
    if (!full && p.maxBytes > 0 && used + c.entry.size > p.maxBytes) full = true;
    if (full) {
      if (c.fetch) {
        skippedForBudget++;
        leftOut.set(entryId(c.entry), 'budget');
      }
      continue;
    }
    used += c.entry.size;
    if (c.fetch) fetch.push(c.entry);
  }
  return { fetch, alreadyLocal, skippedForBudget, skippedForAge, leftOut };
}
