/**
 * The save's side of prepacking (prepack.ts): the chunks packed ahead in the state directory, each
 * checked like a download before the save may send it, and the entries they hold.
 *
 * The state directory is as untrusted as the bucket: an index is decoded and checked as one from
 * the bucket (its checksum, the schema: every entry inside its chunk's raw length; the data
 * object's size and magic), and each chunk's bytes against the sha256 of its compressed bytes the
 * index records (`zsha256`; on the thread pool for a large pack), before the save counts on it: what a reader
 * checks first, and what proves the bytes are the ones the prepacking compressed (a pack is
 * written through a temporary name and a rename, so a cut-off write leaves no pack at all). A pack
 * whose index drops an entry is left whole (its chunks hold bytes nobody names); a chunk that fails
 * is left out, and its entries are read from the cache directory as if nothing had been
 * prepacked. Whoever can rewrite a pack and its index consistently can as well rewrite the entries
 * in the cache directory, which are what the save would send otherwise: nothing here is trusted
 * more than that.
 */
import { webcrypto } from 'node:crypto';
import type { StateLocation } from '../../store/state-dir.js';
import {
  decodeIndexChecked,
  PACK_MAGIC,
  sha256,
  packDataKey,
  packIndexKey,
  parsePackKey,
  type PackCodec,
  type PackIndexEntry
} from './format.js';
import { PREPACK_MAX_RAW_BYTES, prepackedBucket } from './prepack.js';
import type { StatePackBucket } from './state-bucket.js';
import type { PresealedChunk } from './write.js';

/**
 * What the save reads of the prepacked folder at most: the prepacking stops at PREPACK_MAX_RAW_BYTES
 * of entries (less compressed), in packs of a few MiB; a folder with more was not filled by it.
 */
const MAX_PREPACKED_BYTES = PREPACK_MAX_RAW_BYTES;
const MAX_PREPACKED_PACKS = 256;

export interface Prepacked {
  /** The chunks that passed their checks; entries with namespace paths below the cache directory. */
  chunks: PresealedChunk[];
  /** The packs read whole (removed once the save has sent what it wanted of them). */
  packIds: string[];
  /** What was left out, and why, for the log. */
  skipped: string[];
  bucket: StatePackBucket;
}

/** The checked chunks of one journal's prepacked packs in `codec`. Never throws. */
export async function readPrepacked(
  location: StateLocation,
  journalId: string,
  codec: PackCodec
): Promise<Prepacked> {
  const bucket = prepackedBucket(location, journalId);
  const out: Prepacked = { chunks: [], packIds: [], skipped: [], bucket };
  let listed;
  try {
    listed = await bucket.list('v1/');
  } catch {
    return out;
  }
  // What the listing shows of each pack; a build could plant any number of files of any size.
  const sizes = new Map(listed.map(o => [o.key, o.size]));
  const checks: Promise<void>[] = [];
  let bytes = 0;
  for (const o of listed) {
    const k = parsePackKey('', o.key);
    if (k?.kind !== 'index') continue;
    bytes += o.size + (sizes.get(packDataKey('', k.id)) ?? 0);
    if (checks.length >= MAX_PREPACKED_PACKS || bytes > MAX_PREPACKED_BYTES) {
      out.skipped.push(
        `${k.id} and the packs after it: over ${MAX_PREPACKED_PACKS} packs or ${MAX_PREPACKED_BYTES} bytes`
      );
      break;
    }
    checks.push(readPack(bucket, k.id, codec, out));
  }
  await Promise.all(checks);
  return out;
}

async function readPack(
  bucket: StatePackBucket,
  id: string,
  codec: PackCodec,
  out: Prepacked
): Promise<void> {
  const indexBytes = bucket.read(packIndexKey('', id));
  const data = bucket.read(packDataKey('', id));
  if (indexBytes === null || data === null) {
    out.skipped.push(`${id}: its ${indexBytes === null ? 'index' : 'data'} is not there`);
    return;
  }
  let decoded;
  try {
    decoded = decodeIndexChecked(indexBytes, id);
  } catch (err) {
    out.skipped.push(`${id}: ${(err as Error).message}`);
    return;
  }
  const { index, dropped } = decoded;
  // Read whole: once the save has sent what it wanted of it, it goes (removePrepacked).
  out.packIds.push(id);
  if (dropped.total > 0) return void out.skipped.push(`${id}: its index drops ${dropped.total} entries`);
  if (index.codec !== codec)
    return void out.skipped.push(`${id}: in ${index.codec}, the save writes ${codec}`);
  if (data.length !== index.packBytes || !data.subarray(0, PACK_MAGIC.length).equals(PACK_MAGIC)) {
    return void out.skipped.push(`${id}: its data is not the ${index.packBytes} bytes its index names`);
  }
  const byChunk = new Map<number, PackIndexEntry[]>();
  for (const e of index.entries) {
    const list = byChunk.get(e.chunk) ?? [];
    list.push({ ...e, chunk: 0 });
    byChunk.set(e.chunk, list);
  }
  const onThreadPool = data.length > HASH_INLINE_MAX;
  await Promise.all(
    index.chunks.map(async (c, i) => {
      const entries = byChunk.get(i);
      if (!entries) return;
      const compressed = data.subarray(c.offset, c.offset + c.length);
      if (c.zsha256 === undefined) return void out.skipped.push(`${id} chunk ${i}: no checksum of its bytes`);
      const digest = onThreadPool ? await sha256Hex(compressed) : sha256(compressed);
      if (digest !== c.zsha256) {
        return void out.skipped.push(`${id} chunk ${i}: its bytes fail their checksum`);
      }
      out.chunks.push({ compressed, rawLength: c.rawLength, sha256: c.sha256, zsha256: digest, entries });
    })
  );
}

/**
 * A pack up to this size is hashed on the main thread: a warm save's pack of a few MiB takes about
 * a millisecond there, and the thread pool's first digest cost several (WebCrypto's set-up, and a
 * wait behind the save's other work there). Larger ones go to the thread pool.
 */
const HASH_INLINE_MAX = 8 * 1024 * 1024;

/** sha256 on the thread pool (WebCrypto's digest runs there), not on the save's main thread. */
async function sha256Hex(data: Buffer): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
}

/**
 * The chunks a namespace's save can send as they are: every entry in it below `namespace`
 * (rebased to it) and wanted, each chunk once. `wanted` holds entry ids relative to the namespace.
 */
export function chunksFor(
  chunks: readonly PresealedChunk[],
  namespace: string,
  wanted: ReadonlySet<string>
): PresealedChunk[] {
  const below = `${namespace}/`;
  const taken = new Set<string>();
  const out: PresealedChunk[] = [];
  for (const c of chunks) {
    const rebased: PackIndexEntry[] = [];
    const ids = new Set<string>();
    for (const e of c.entries) {
      const ns = e.ns === namespace ? '' : e.ns.startsWith(below) ? e.ns.slice(below.length) : null;
      if (ns === null) break;
      const id = ns === '' ? e.key : `${ns}/${e.key}`;
      if (!wanted.has(id) || taken.has(id) || ids.has(id)) break;
      ids.add(id);
      rebased.push({ ...e, ns });
    }
    if (rebased.length !== c.entries.length) continue;
    for (const id of ids) taken.add(id);
    out.push({ ...c, entries: rebased });
  }
  return out;
}

/** Removes the packs read; what fails to go is removed with the folder by the next restore's journal. */
export async function removePrepacked(p: Prepacked): Promise<void> {
  const keys = p.packIds.flatMap(id => [packIndexKey('', id), packDataKey('', id)]);
  await p.bucket.delete(keys).catch(() => undefined);
}
