/**
 * A PackBucket over an AWS SDK v3 client: for tests and the benchmark, an independent client (the
 * store talks to buckets through its own requests, src/store/s3-http.ts) that writes and reads packs
 * the way another tool would.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client
} from '@aws-sdk/client-s3';
import type { PackBucket, PackObject } from '../src/sync/packs/bucket.js';

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err instanceof NoSuchKey || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

/** A PackBucket over an AWS SDK v3 client. */
export function sdkPackBucket(client: S3Client, bucket: string): PackBucket {
  return {
    async getStream(key, range) {
      try {
        const res = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            Range: range ? `bytes=${range.start}-${range.end}` : undefined
          })
        );
        return (res.Body ?? null) as AsyncIterable<Uint8Array> | null;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    async put(key, body) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: 'application/octet-stream'
        })
      );
    },
    async list(prefix) {
      const out: PackObject[] = [];
      let token: string | undefined;
      do {
        const res = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })
        );
        for (const o of res.Contents ?? []) {
          if (o.Key === undefined) continue;
          out.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) });
        }
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
      return out;
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        const res = await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map(Key => ({ Key })), Quiet: true }
          })
        );
        const failed = (res.Errors ?? []).filter(e => e.Code !== 'NoSuchKey');
        if (failed.length > 0) {
          throw new Error(
            `could not delete ${failed.length} pack object(s), first ${failed[0]!.Key}: ${failed[0]!.Message ?? failed[0]!.Code}`
          );
        }
      }
    }
  };
}
