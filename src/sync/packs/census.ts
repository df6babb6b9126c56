/**
 * The census of a namespace: how many complete entries the bucket's per-object layout held that no
 * pack held, when a save last knew. It lets a restore skip the object listing (18 LIST pages for
 * 18,000 objects, and seconds of server time) when the packs hold everything: a bucket only this
 * project writes in upload mode `packs`, `both` or `auto`.
 *
 * `<pack-prefix>census`: JSON `{"version":1,"countedAt":"<ISO time>","outsidePacks":<n>,"objects":<n>}`, beside the
 * pack folder (`<pack-prefix>v1/`), so the pack listing never sees it. A save writes it after it has
 * seen a whole object listing (its restore's, or its own): `countedAt` is when that listing ran.
 * Nothing else writes it; the Go system does not know it.
 *
 * The rule a restore follows (censusAllowsSkip): skip the listing only when the census says zero
 * entries outside packs, it is younger than CENSUS_TRUST_MS, and the pack listing itself was whole
 * (no torn or unreadable pack). Anything else (no census, an old one, a count above zero, a body
 * that does not parse) lists, as before. So entries another writer (the Go fleet, an `objects`
 * save of an older version) puts in a bucket that had none outside packs are found by the first
 * restore after the census ages out: at most CENSUS_TRUST_MS late, never lost. Once found, the
 * count is above zero and every restore lists, as long as they are there.
 *
 * `objects` (optional; a census without it says nothing about them) counts the complete entries of
 * the per-object layout, in packs or not: upload mode `both` writes each entry as objects and in a
 * pack, so a census of zero outside packs can stand beside as many objects as packed entries. A
 * save adds the objects it wrote; one that writes objects after a restore trusted a census of zero
 * objects writes the census again with them counted (same `countedAt`). Zero objects tells a lazy
 * restore that the packs are the only copy of what they hold (restoreFromPacks' decodingProof).
 */
import type { PackBucket } from './bucket.js';
import { getBuffer } from './bucket.js';
import type { PackListing } from './read.js';
import { codecAvailable } from './format.js';

/** How long a census of zero is trusted to stand for a listing. */
export const CENSUS_TRUST_MS = 24 * 60 * 60 * 1000;

/** A census is a few dozen bytes; anything bigger is not one (and is not read past this). */
const MAX_CENSUS_BYTES = 1024;

/** A census dated this far after now is not believed (a clock far ahead, or a forged body). */
const FUTURE_SLACK_MS = 10 * 60 * 1000;

export interface Census {
  /** When the object listing it counts ran (ms since the epoch). */
  countedAt: number;
  /** Complete entries in the per-object layout that no pack held then. */
  outsidePacks: number;
  /** Complete entries in the per-object layout then, in packs or not; undefined: not counted. */
  objects?: number;
}

export function censusKey(packPrefix: string): string {
  return `${packPrefix}census`;
}

/** The census as the bucket holds it; null when there is none or it is not a census (never throws). */
export async function readCensus(bucket: PackBucket, packPrefix: string): Promise<Census | null> {
  try {
    const data = await getBuffer(bucket, censusKey(packPrefix), undefined, MAX_CENSUS_BYTES);
    return data === null ? null : parseCensus(data);
  } catch {
    // Unreadable, too big, a reset: the restore lists, as it would without one.
    return null;
  }
}

export function parseCensus(data: Buffer): Census | null {
  let v: unknown;
  try {
    v = JSON.parse(data.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const countedAt = typeof r.countedAt === 'string' ? Date.parse(r.countedAt) : NaN;
  const n = r.outsidePacks;
  if (r.version !== 1 || Number.isNaN(countedAt)) return null;
  if (!isCount(n)) return null;
  // A census of an older version has no `objects`; a body with a bad one says nothing of them.
  return isCount(r.objects)
    ? { countedAt, outsidePacks: n, objects: r.objects }
    : { countedAt, outsidePacks: n };
}

/** A count as the census and the manifest record one: a safe integer, 0 or more. */
export function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function encodeCensus(c: Census): Buffer {
  return Buffer.from(
    JSON.stringify({
      version: 1,
      countedAt: new Date(c.countedAt).toISOString(),
      outsidePacks: c.outsidePacks,
      ...(c.objects === undefined ? {} : { objects: c.objects })
    })
  );
}

export async function writeCensus(bucket: PackBucket, packPrefix: string, c: Census): Promise<void> {
  await bucket.put(censusKey(packPrefix), encodeCensus(c));
}

/**
 * Whether a restore may take the packs for everything the bucket holds, and why not when it may
 * not (said in the log).
 */
export function censusAllowsSkip(
  census: Census | null,
  listing: PackListing | null,
  now: number
): { skip: true } | { skip: false; why: string } {
  if (!listing) return { skip: false, why: 'the packs could not be listed' };
  if (census === null) return { skip: false, why: 'no census of the bucket' };
  if (census.outsidePacks > 0)
    return {
      skip: false,
      why: `the bucket held ${census.outsidePacks} entries outside packs at its last count`
    };
  if (census.countedAt > now + FUTURE_SLACK_MS)
    return { skip: false, why: 'the census is dated in the future' };
  if (census.countedAt < now - CENSUS_TRUST_MS)
    return { skip: false, why: 'the last count is over a day old' };
  if (listing.torn.length > 0 || listing.skipped.length > 0)
    return { skip: false, why: 'a pack is torn or unreadable' };
  // zstd packs (written under Node 24) on a Node without zstd: their entries can only come as objects.
  if (listing.indexes.some(i => !codecAvailable(i.codec)))
    return { skip: false, why: `a pack is in a codec this Node (${process.version}) cannot read` };
  return { skip: true };
}
