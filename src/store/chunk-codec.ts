/**
 * The codecs of pack chunks, on the reading side: which this Node has, and decompression bounded by
 * the length a chunk declares. In the store layer because the disk store itself decompresses the
 * chunks a lazy restore kept (store/deferred-tier.ts); the sync's pack format (sync/packs/format.ts)
 * re-exports it and adds the writing side.
 */
import { builtinModule } from './builtin-module.js';

type Zlib = typeof import('node:zlib');
let loaded: Zlib | undefined;

/** `node:zlib`, loaded on first use: the compile server and the wrapper load this module on every start. */
function zlib(): Zlib {
  loaded ??= builtinModule<Zlib>('node:zlib');
  return loaded;
}

export type ChunkCodec = 'zstd' | 'gzip' | 'br';

const MiB = 1024 * 1024;

/**
 * Raw bytes of one chunk at most. The writer makes chunks of 4 MiB
 * and seals one early rather than let it pass this (sync/packs/write.ts), so only a foreign or hostile
 * index declares more; its entries are dropped and never downloaded.
 */
export const MAX_CHUNK_BYTES = 256 * MiB;

/** Whether this Node can read and write the codec (zstd needs Node ≥ 22.15 / 23.8). */
export function codecAvailable(codec: ChunkCodec): boolean {
  if (codec === 'zstd') {
    const z = zlib() as Partial<Zlib>;
    return typeof z.zstdCompress === 'function' && typeof z.zstdDecompress === 'function';
  }
  return codec === 'gzip' || codec === 'br';
}

/**
 * Decompresses one chunk, never to more than its declared raw length: zlib counts the output as it
 * goes and stops the moment it passes `rawLength` (a chunk whose declared length lies is cut off,
 * not inflated whole), and a declared length over MAX_CHUNK_BYTES is refused before any work.
 */
export async function decompressChunk(codec: ChunkCodec, data: Buffer, rawLength: number): Promise<Buffer> {
  if (!Number.isSafeInteger(rawLength) || rawLength < 0 || rawLength > MAX_CHUNK_BYTES) {
    throw new Error(`chunk declares ${rawLength} raw bytes, over the cap of ${MAX_CHUNK_BYTES}`);
  }
  try {
    return await inflate(codec, data, { maxOutputLength: Math.max(rawLength, 1) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`chunk decompresses to more than the ${rawLength} bytes it declares; cut off there`, {
        cause: err
      });
    }
    throw err;
  }
}

type Decompressor = NodeJS.ReadWriteStream & { destroy(error?: Error): void };
/**
 * The largest output piece of the decompressor: a real chunk (4 MiB raw) comes out as one piece,
 * and a chunk that lies about its size is cut off at most this far past what it declares.
 */
const INFLATE_PIECE_MAX = 4 * 1024 * 1024 + 1;
/** The smallest: never from Node's shared buffer pool (under 4 KiB), which cannot be transferred. */
const INFLATE_PIECE_MIN = 64 * 1024;

/**
 * Decompresses `data` into one buffer of its own as it streams: the output is counted piece by
 * piece and the decompressor destroyed the moment it would pass `limit.maxOutputLength`
 * (ERR_BUFFER_TOO_LARGE, like zlib's own). zlib's one-shot functions collect the pieces and then
 * concatenate them, so a chunk held twice its raw size at its peak. Here the decompressor writes
 * into buffers one byte longer than the declared size (up to 4 MiB + 1): a real chunk is then
 * written once, into one buffer, which is the result itself (no copy, no pieces for the garbage
 * collector; one byte longer, so zlib never allocates the next buffer it would not use). Only a
 * bigger chunk, or output that comes in pieces of several buffers, is copied into one buffer of its
 * own. Resolves with a view from the start of that buffer: the bytes written (fewer when the data is
 * short).
 */
function inflate(codec: ChunkCodec, data: Buffer, limit: { maxOutputLength: number }): Promise<Buffer> {
  let z: Decompressor;
  const max = limit.maxOutputLength;
  const options = { chunkSize: Math.min(INFLATE_PIECE_MAX, Math.max(INFLATE_PIECE_MIN, max + 1)) };
  switch (codec) {
    case 'gzip':
      z = zlib().createGunzip(options);
      break;
    case 'br':
      z = zlib().createBrotliDecompress(options);
      break;
    case 'zstd': {
      const createZstdDecompress = (zlib() as Partial<Zlib>).createZstdDecompress as
        ((options: object) => Decompressor) | undefined;
      if (!codecAvailable('zstd') || !createZstdDecompress) {
        return Promise.reject(new Error('zstd is not available in this Node version'));
      }
      z = createZstdDecompress(options);
      break;
    }
    default:
      return Promise.reject(new Error(`codec ${String(codec)} is not known`));
  }
  const decompressor = z;
  return new Promise((resolve, reject) => {
    /** The buffer the pieces so far were written into, from its start, while they all were. */
    let inPlace: ArrayBuffer | null = null;
    /** Otherwise one buffer of its own for the whole output (not Node's pool, not shared). */
    let out: Buffer | null = null;
    let at = 0;
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      decompressor.destroy();
      reject(err);
    };
    decompressor.on('data', (piece: Buffer) => {
      if (settled) return;
      if (at + piece.length > max) {
        fail(
          Object.assign(new RangeError('decompressed output passes the limit'), {
            code: 'ERR_BUFFER_TOO_LARGE'
          })
        );
        return;
      }
      if (out === null) {
        const next = piece.buffer instanceof ArrayBuffer && piece.byteOffset === at;
        if (next && (at === 0 ? piece.buffer.byteLength > max : piece.buffer === inPlace)) {
          inPlace = piece.buffer as ArrayBuffer;
          at += piece.length;
          return;
        }
        out = Buffer.allocUnsafeSlow(max);
        if (inPlace !== null) Buffer.from(inPlace, 0, at).copy(out, 0);
        inPlace = null;
      }
      piece.copy(out, at);
      at += piece.length;
    });
    decompressor.on('error', fail);
    decompressor.on('end', () => {
      if (settled) return;
      settled = true;
      if (out !== null) resolve(at === out.length ? out : out.subarray(0, at));
      else resolve(inPlace === null ? Buffer.allocUnsafeSlow(0) : Buffer.from(inPlace, 0, at));
    });
    decompressor.end(data);
  });
}
