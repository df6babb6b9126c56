/**
 * The catalog of a namespace's packs: copies of their index objects in one object, so a restore
 * reads every index in the round trip of its pack listing instead of one GET per pack after it.
 * With it, a restore of a bucket only this project writes makes a constant number of requests
 * plus one per pack (its data).
 *
 * `<pack-prefix>catalog`, beside the census and outside the pack folder (`v1/`), so no pack
 * listing, older version or `clean` takes it for a pack or an entry: the line
 * `compile-cache pack catalog 1`, then per pack a JSON line `{"id":"<pack id>","size":<n>}` and the
 * n bytes of its index object exactly as the bucket holds it (gzip, its own checksum inside).
 *
 * It is a shortcut, never the truth. A restore uses a copy only for a pack its listing shows, whose
 * index object is listed with that very size, and decodes and checks it exactly like a download
 * (the catalog is as untrusted as the rest of the bucket). A copy that is missing, of another size
 * or fails a check costs that pack one GET of its index, as before; it never makes a pack torn. So a
 * catalog that lags (two saves wrote it in the other order of their listings, a save failed to
 * write it) costs requests, nothing else, and the next save that writes packs writes it whole.
 *
 * Written by a save (CatalogKeeper) beside the index of each pack it writes, and again after the
 * pack upkeep when that merged or deleted packs; not written when the bucket's catalog already
 * holds what the save ends with.
 */
import type { PackBucket } from './bucket.js';
import { getBuffer } from './bucket.js';
import { packIndexKey, parsePackKey, type PackIndex } from './format.js';

const MAGIC = 'compile-cache pack catalog 1\n';

/**
 * The largest catalog read: the indexes downloading at once are bounded the same way
 * (INDEX_BYTES_IN_FLIGHT). A bigger one is ignored and the indexes are read one by one.
 */
export const MAX_CATALOG_BYTES = 64 * 1024 * 1024;

/** A record's header line is an id and a number. */
const MAX_HEADER_BYTES = 256;

/**
 * Records read from one catalog, at most: 3 TiB of 32 MiB packs. It bounds the map a hostile
 * catalog of tiny records could make (64 MiB of them would be a million).
 */
export const MAX_CATALOG_RECORDS = 100_000;

export function catalogKey(packPrefix: string): string {
  return `${packPrefix}catalog`;
}

/**
 * A pack as a catalog names it: a decoded index, or only the id of an index whose bytes a save
 * took from the restore's record (listing-record.ts) without decoding them.
 */
export type CataloguedPack = Pick<PackIndex, 'id'>;

/**
 * The encoded bytes each index was read from or written as. A catalog holds the bytes the bucket
 * holds, never a new encoding, so its copies have the listed size.
 */
const encoded = new WeakMap<CataloguedPack, Buffer>();

export function rememberIndexBytes(index: CataloguedPack, data: Buffer): void {
  encoded.set(index, data);
}

export function indexBytesOf(index: CataloguedPack): Buffer | undefined {
  return encoded.get(index);
}

/** What a catalog holds: index key → the bytes of that index object. */
export type CatalogCopies = Map<string, Buffer>;

/** Index key → size: what a catalog holds, to tell whether it must be written again. */
export type CatalogHeld = Map<string, number>;

export function heldOf(copies: CatalogCopies): CatalogHeld {
  return new Map([...copies].map(([k, v]) => [k, v.length]));
}

export function encodeCatalog(packPrefix: string, indexes: readonly CataloguedPack[]): Buffer {
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1')];
  for (const index of indexes) {
    const data = indexBytesOf(index);
    if (data === undefined) continue;
    parts.push(Buffer.from(`${JSON.stringify({ id: index.id, size: data.length })}\n`, 'utf8'), data);
  }
  return Buffer.concat(parts);
}

/**
 * The copies of a catalog's bytes, by index key. Records after the first malformed one, or past
 * MAX_CATALOG_RECORDS, are dropped (the ones before stand: each is checked on its own when used); a
 * body without the magic line holds nothing.
 */
export function parseCatalog(packPrefix: string, data: Buffer): CatalogCopies {
  const copies: CatalogCopies = new Map();
  if (data.length < MAGIC.length || data.toString('latin1', 0, MAGIC.length) !== MAGIC) return copies;
  let pos = MAGIC.length;
  for (let n = 0; pos < data.length && n < MAX_CATALOG_RECORDS; n++) {
    const eol = data.indexOf(0x0a, pos);
    if (eol < 0 || eol - pos > MAX_HEADER_BYTES) break;
    let header: unknown;
    try {
      header = JSON.parse(data.toString('utf8', pos, eol));
    } catch {
      break;
    }
    const { id, size } = (header ?? {}) as { id?: unknown; size?: unknown };
    if (typeof id !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) break;
    const key = packIndexKey(packPrefix, id);
    // Only a well-formed pack id names an index of this prefix (no `..`, no other folder).
    const parsed = parsePackKey(packPrefix, key);
    if (parsed === null || parsed.id !== id || parsed.kind !== 'index') break;
    const start = eol + 1;
    if (start + size > data.length) break;
    copies.set(key, data.subarray(start, start + size));
    pos = start + size;
  }
  return copies;
}

/**
 * The bucket's catalog: its copies (none when there is no catalog), or null when it could not be
 * read or is over MAX_CATALOG_BYTES (then nothing is known of it). Never throws.
 */
export async function readCatalog(bucket: PackBucket, packPrefix: string): Promise<CatalogCopies | null> {
  try {
    const data = await getBuffer(bucket, catalogKey(packPrefix), undefined, MAX_CATALOG_BYTES);
    return data === null ? new Map() : parseCatalog(packPrefix, data);
  } catch {
    // A reset, a 403, too big: the indexes are read one by one, as without a catalog.
    return null;
  }
}

function sameHeld(a: CatalogHeld, b: CatalogHeld): boolean {
  if (a.size !== b.size) return false;
  for (const [k, n] of a) if (b.get(k) !== n) return false;
  return true;
}

/**
 * Writes a namespace's catalog during a save, one write at a time and in the order asked (a later
 * set of packs is never overwritten by an earlier one), and only when the bucket's catalog does
 * not hold that set already. `held` is what the bucket's catalog was seen to hold (the restore's
 * read, or the save's own), or null when that is not known (then the first write goes ahead).
 */
export class CatalogKeeper {
  private last: Promise<void> = Promise.resolve();
  private failed: unknown = null;

  constructor(
    private readonly bucket: PackBucket,
    private readonly packPrefix: string,
    private held: CatalogHeld | null
  ) {}

  /**
   * Asks for the catalog of these packs (their indexes); resolves when it is written or skipped.
   * The packs may still be on their way (a promise): the writes keep the order they were asked in.
   */
  write(indexes: readonly CataloguedPack[] | Promise<readonly CataloguedPack[]>): Promise<void> {
    const run = this.last.then(async () => {
      // Never rejects: a write that fails (or packs that never came) is recorded, and the writes
      // asked for after it still run.
      try {
        const wanted = [...(await indexes)]
          .filter(x => indexBytesOf(x) !== undefined)
          .sort((a, b) => (a.id < b.id ? 1 : -1));
        const set: CatalogHeld = new Map(
          wanted.map(x => [packIndexKey(this.packPrefix, x.id), indexBytesOf(x)!.length])
        );
        if (this.held !== null && sameHeld(this.held, set)) return;
        await this.bucket.put(catalogKey(this.packPrefix), encodeCatalog(this.packPrefix, wanted));
        this.held = set;
      } catch (err) {
        // Not known any more what the bucket holds: the next call writes again.
        this.held = null;
        this.failed = err;
      }
    });
    this.last = run;
    return run;
  }

  /** The last write's trouble, if any (a catalog that failed only costs restores requests). */
  get error(): unknown {
    return this.failed;
  }
}
