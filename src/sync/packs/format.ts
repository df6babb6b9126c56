/**
 * The pack format: the bulk path of the sync. A pack holds many entries in a few compressed
 * objects, so a restore moves a whole cache in a handful of requests instead of one per blob.
 * The per-object layout stays the canonical, compatible format; packs are an extra copy.
 *
 * Two objects per pack, under the pack prefix (outside the entry prefix; see defaultPackPrefix):
 *
 * - `<pack-prefix>v1/<id>.pack`: an 8-byte magic, then compressed chunks one after the other.
 *   A chunk is the concatenated blob bytes of some whole entries (a few MiB raw), compressed on its
 *   own so chunks decompress in parallel and a partial restore can fetch chunks by range.
 * - `<pack-prefix>v1/<id>.index`: gzip of `<sha256 hex of the JSON>\n<JSON PackIndex>`. Always gzip,
 *   so every reader can read every index; the chunk codec is recorded inside. Written LAST: a pack
 *   whose index is missing, truncated or fails its checksum is torn and ignored.
 *
 * Ids are `p<13-digit ms time>-<random>`: they sort by creation time, and no path segment of a pack
 * key is hex, so neither the Go system nor `clean` can take a pack object for an entry blob.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { InvalidInputError } from '../../store/errors.js';
import {
  checkPackIndex,
  countJsonValues,
  MAX_INDEX_BYTES,
  MAX_INDEX_VALUES,
  PackIndexSchemaError,
  type CheckedIndex
} from './index-schema.js';

export {
  entryValues,
  MAX_CHUNK_BYTES,
  MAX_CHUNK_COMPRESSED_BYTES,
  MAX_INDEX_BYTES,
  MAX_INDEX_VALUES
} from './index-schema.js';

export const PACK_MAGIC = Buffer.from('CCPACK1\n', 'latin1');
export const PACK_FORMAT = 1;
/** Folder below the pack prefix; a new incompatible format gets a new folder, old readers skip it. */
export const PACK_DIR = 'v1/';

export type { ChunkCodec as PackCodec } from '../../store/chunk-codec.js';
import { codecAvailable, type ChunkCodec as PackCodec } from '../../store/chunk-codec.js';
export { codecAvailable, decompressChunk } from '../../store/chunk-codec.js';

export interface PackBlob {
  name: string;
  size: number;
}

export interface PackIndexEntry {
  /** Namespace path relative to the pack's namespace, `''` for the namespace itself (e.g. `local`). */
  ns: string;
  /** Lowercase hex key. */
  key: string;
  /** The entry's time (ms since epoch) when it was packed. */
  mtime: number;
  /** Blobs in write order; their bytes follow each other in the chunk. */
  blobs: PackBlob[];
  /** Which chunk, and where the first blob starts in the chunk's raw bytes. */
  chunk: number;
  offset: number;
}

export interface PackChunk {
  /** Byte range of the compressed chunk in the .pack object. */
  offset: number;
  length: number;
  /** Raw (decompressed) length and its sha256, checked on read. */
  rawLength: number;
  sha256: string;
  /**
   * The sha256 of the compressed bytes as stored (written since the catalog's version; older packs
   * lack it). A reader checks these when it is there, instead of the raw bytes: the same proof
   * that the bytes are the ones the index names (decompression is deterministic, and the raw length
   * is checked as before), over a fifth of the bytes for object files.
   */
  zsha256?: string;
}

export interface PackIndex {
  format: number;
  id: string;
  codec: PackCodec;
  /** Creation time, ms since epoch. */
  created: number;
  /** Size of the .pack object in bytes. */
  packBytes: number;
  /** Sum of the entries' raw sizes. */
  rawBytes: number;
  chunks: PackChunk[];
  entries: PackIndexEntry[];
}

/** The default pack prefix: `<root prefix>packs/<namespace>/`, beside the entries, never among them. */
export function defaultPackPrefix(rootPrefix: string, namespace: string): string {
  const root = rootPrefix === '' || rootPrefix.endsWith('/') ? rootPrefix : `${rootPrefix}/`;
  const ns = namespace.replace(/^\/+|\/+$/g, '');
  return ns === '' ? `${root}packs/` : `${root}packs/${ns}/`;
}

export function newPackId(now = Date.now()): string {
  return `p${String(now).padStart(13, '0')}-${randomBytes(6).toString('hex')}`;
}

/** The compressed size of the packs written, unless told otherwise. */
export const DEFAULT_TARGET_PACK_BYTES = 32 << 20;

/**
 * The chunk size of a pack of these entries: a quarter of their bytes, between 1 and 4 MiB. A chunk
 * is compressed (on the thread pool) once it is full, while the next one is read; with 4 MiB chunks,
 * the few MiB of a warm save's new entries made one or two chunks, the last compressed only after
 * every entry was read, and its PUT waited for that (~15 ms here). Big packs keep 4 MiB chunks.
 */
export function chunkBytesFor(entries: readonly { size: number }[]): number {
  const MiB = 1024 * 1024;
  let bytes = 0;
  for (const e of entries) bytes += e.size;
  return Math.min(4 * MiB, Math.max(MiB, Math.ceil(bytes / 4)));
}

export function packDataKey(packPrefix: string, id: string): string {
  return `${packPrefix}${PACK_DIR}${id}.pack`;
}

export function packIndexKey(packPrefix: string, id: string): string {
  return `${packPrefix}${PACK_DIR}${id}.index`;
}

/** The pack id of a key under `<pack-prefix>v1/`, and whether it is the index or the data. */
export function parsePackKey(packPrefix: string, key: string): { id: string; kind: 'pack' | 'index' } | null {
  const base = `${packPrefix}${PACK_DIR}`;
  if (!key.startsWith(base)) return null;
  const m = /^(p\d{13}-[0-9a-f]+)\.(pack|index)$/.exec(key.slice(base.length));
  return m ? { id: m[1]!, kind: m[2] as 'pack' | 'index' } : null;
}

type ZlibAsync = (buf: Buffer, opts: object) => Promise<Buffer>;
// Typed by @types/node 24, but absent at run time on a Node before 22.15 / 23.8 (the package runs on 20).
/** zstd when this Node has it (the action runs on Node 24), else gzip, which every Node reads. */
export function defaultCodec(): PackCodec {
  return codecAvailable('zstd') ? 'zstd' : 'gzip';
}

export function parseCodec(input: string): PackCodec {
  if (input === 'zstd' || input === 'gzip' || input === 'br') return input;
  throw new InvalidInputError(`invalid pack codec ${JSON.stringify(input)}: expected zstd, gzip or br`);
}

/** A level that is fast enough to keep up with the link: compression must not be the bottleneck. */
export function defaultLevel(codec: PackCodec): number {
  return codec === 'zstd' ? 3 : codec === 'br' ? 4 : 3;
}

// Async zlib runs on the libuv thread pool, so several chunks compress on several cores at once.
const gzipAsync = promisify(zlib.gzip) as ZlibAsync;
const brAsync = promisify(zlib.brotliCompress) as ZlibAsync;

/**
 * Output pieces of a compression: the size of the input (at most 4 MiB). zlib's default, 16 KiB,
 * makes a trip between the thread pool and the main thread per piece (zstd -3 of 2 MB of object
 * files, Node 24, three runs: 23–34 ms with whole pieces, 29–48 ms with 16 KiB ones).
 */
function compressPiece(raw: Buffer): number {
  return Math.max(64 * 1024, Math.min(raw.length, 4 * 1024 * 1024));
}

export async function compressChunk(codec: PackCodec, level: number, raw: Buffer): Promise<Buffer> {
  const chunkSize = compressPiece(raw);
  switch (codec) {
    case 'gzip':
      return gzipAsync(raw, { level, chunkSize });
    case 'br':
      return brAsync(raw, {
        chunkSize,
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: level,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length
        }
      });
    case 'zstd': {
      if (!codecAvailable('zstd')) throw new Error('zstd is not available in this Node version');
      const fn = promisify(zlib.zstdCompress);
      return fn(raw, { chunkSize, params: { [zlib.constants.ZSTD_c_compressionLevel]: level } });
    }
  }
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function encodeIndex(index: PackIndex): Buffer {
  const json = JSON.stringify(index);
  return zlib.gzipSync(Buffer.from(`${sha256(Buffer.from(json))}\n${json}`), { level: 6 });
}

/**
 * Why an index cannot be used: a torn or foreign pack is skipped, never an error. `suspicious`: the
 * index is there but wrong (does not decompress, over its cap, fails its checksum or its schema),
 * which no writer of ours leaves behind: worth a warning naming it.
 */
export class TornPackError extends Error {
  override name = 'TornPackError';
  constructor(
    message: string,
    readonly suspicious = false,
    /**
     * The index is over a cap of this reader (size, JSON values): maybe a bomb, maybe a very big
     * index of another version. Skipped, but not taken as torn: nothing deletes it for this.
     */
    readonly overCap = false
  ) {
    super(message);
  }
}

export interface DecodedIndex extends CheckedIndex {
  /** Decompressed size of the index. */
  bytes: number;
}

/**
 * An index object's text, checked as far as its bytes go: at most MAX_INDEX_BYTES compressed and
 * decompressed (gunzip stops as soon as its output passes the cap), at most MAX_INDEX_VALUES JSON
 * values, and its checksum line. Throws TornPackError. Enough to tell an intact copy of an index
 * from a cut-off or damaged one without parsing it (a save's catalog copies, listing-record.ts).
 */
export function checkIndexBytes(data: Buffer): Buffer {
  checkIndexSize(data);
  let raw: Buffer;
  try {
    raw = zlib.gunzipSync(data, { maxOutputLength: MAX_INDEX_BYTES });
  } catch (e) {
    throw gunzipFailure(e);
  }
  return checkIndexText(raw);
}

const gunzipAsync = promisify(zlib.gunzip) as (data: Buffer, o: zlib.ZlibOptions) => Promise<Buffer>;

/**
 * checkIndexBytes with the decompression on the thread pool, in pieces of 256 KiB: each piece costs
 * the main thread a callback, and at zlib's default of 16 KiB an index of 1 MiB took ~60 of them.
 */
export async function checkIndexBytesAsync(data: Buffer): Promise<Buffer> {
  checkIndexSize(data);
  let raw: Buffer;
  try {
    raw = await gunzipAsync(data, { maxOutputLength: MAX_INDEX_BYTES, chunkSize: 256 * 1024 });
  } catch (e) {
    throw gunzipFailure(e);
  }
  return checkIndexText(raw);
}

function checkIndexSize(data: Buffer): void {
  if (data.length > MAX_INDEX_BYTES) {
    throw new TornPackError(
      `pack index is ${data.length} bytes, over the cap of ${MAX_INDEX_BYTES}`,
      true,
      true
    );
  }
}

function gunzipFailure(e: unknown): TornPackError {
  const over = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
  return new TornPackError(
    over
      ? `pack index decompresses to more than ${MAX_INDEX_BYTES} bytes (the cap of an index)`
      : `pack index does not decompress: ${(e as Error).message}`,
    true,
    over
  );
}

function checkIndexText(raw: Buffer): Buffer {
  // What JSON.parse would allocate is bounded before it runs, not only the text's size. Every value
  // counted takes a byte of its own, so a text no longer than the cap cannot pass it: counting it
  // (a loop over every byte) is left out then.
  if (raw.length > MAX_INDEX_VALUES && countJsonValues(raw, MAX_INDEX_VALUES) > MAX_INDEX_VALUES) {
    throw new TornPackError(
      `pack index holds more than ${MAX_INDEX_VALUES} JSON values (the cap of an index)`,
      true,
      true
    );
  }
  // The checksum line, then the JSON whose bytes it hashes (hashed as they came, not re-encoded).
  const nl = raw.indexOf(0x0a);
  if (nl !== 64 || raw.toString('latin1', 0, 64) !== sha256(raw.subarray(65))) {
    throw new TornPackError('pack index fails its checksum', true);
  }
  return raw;
}

/**
 * Reads an index object: its bytes checked (checkIndexBytes), then its JSON against the schema
 * (index-schema.ts). Throws TornPackError when the index as a whole is unusable; bad entries are
 * dropped and reported.
 */
export function decodeIndexChecked(data: Buffer, expectedId?: string): DecodedIndex {
  const raw = checkIndexBytes(data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8', 65));
  } catch {
    throw new TornPackError('pack index is not JSON', true);
  }
  try {
    const checked = checkPackIndex(parsed, {
      format: PACK_FORMAT,
      dataStart: PACK_MAGIC.length,
      id: expectedId
    });
    return { ...checked, bytes: raw.length };
  } catch (e) {
    if (e instanceof PackIndexSchemaError) throw new TornPackError(`pack index: ${e.message}`, true);
    throw e;
  }
}

/** decodeIndexChecked, for callers that only want the usable index. */
export function decodeIndex(data: Buffer, expectedId?: string): PackIndex {
  return decodeIndexChecked(data, expectedId).index;
}

/** An entry's raw size: the sum of its blobs. */
export function entryBytes(e: { blobs: PackBlob[] }): number {
  let n = 0;
  for (const b of e.blobs) n += b.size;
  return n;
}

/** `<ns>/<key>` or `<key>`: one entry's identity across packs and objects. */
export function entryId(ns: string, key: string): string {
  return ns === '' ? key : `${ns}/${key}`;
}
