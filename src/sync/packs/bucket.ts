/**
 * The few bucket operations packs need, as an interface, so the pack code does not depend on one
 * client: whole and ranged reads as streams (a restore decompresses chunks while the rest of the
 * pack is still arriving), plain writes, a paged listing of the pack folder and batched deletes.
 */
import type { S3Bucket } from '../../store/s3-bucket.js';

export interface PackObject {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ByteRange {
  /** First byte and last byte, inclusive (as in an HTTP Range header). */
  start: number;
  end: number;
}

export interface PackBucket {
  /** The object's bytes as a stream, or null when it does not exist. */
  getStream(key: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array> | null>;
  put(key: string, body: Buffer): Promise<void>;
  /** Every object under the prefix (paged). */
  list(prefix: string): Promise<PackObject[]>;
  delete(keys: string[]): Promise<void>;
}

/**
 * The whole stream as one buffer; with `maxBytes`, an error as soon as more than that has arrived
 * (what the bucket sends is never trusted to match what its listing said).
 */
export async function readAll(stream: AsyncIterable<Uint8Array>, maxBytes?: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const p of stream) {
    length += p.byteLength;
    if (maxBytes !== undefined && length > maxBytes) {
      throw new Error(`the object is larger than the ${maxBytes} bytes expected`);
    }
    parts.push(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  }
  return Buffer.concat(parts, length);
}

export async function getBuffer(
  bucket: PackBucket,
  key: string,
  range?: ByteRange,
  maxBytes?: number
): Promise<Buffer | null> {
  const s = await bucket.getStream(key, range);
  return s === null ? null : readAll(s, maxBytes);
}

/**
 * A PackBucket over the store's S3Bucket, so packs share its connection pool, deadlines and
 * retries. A pack (or the byte range of the chunks wanted) is read as it arrives, so chunks are
 * decompressed and installed while the rest is still downloading.
 */
export function s3PackBucket(bucket: S3Bucket): PackBucket {
  return {
    async getStream(key, range) {
      return bucket.getObjectStream(key, range);
    },
    async put(key, body) {
      await bucket.putObject(key, body);
    },
    async list(prefix) {
      return await bucket.listObjects(prefix);
    },
    async delete(keys) {
      await bucket.deleteObjects(keys);
    }
  };
}
