/**
 * The baselines of the listing rows: the entries under a store's prefix from ONE paged
 * ListObjectsV2, read one page after another by the AWS SDK's paginator, as other tools do.
 * Bench-only: the product lists in parallel ranges (S3CacheStore.list).
 */
import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectInfo } from '../src/store/s3-bucket.js';
import { EntryCollector, isNamespaceSegment, parseEntryObject } from '../src/store/s3-entry-listing.js';
import type { S3CacheStore } from '../src/store/s3.js';
import type { EntryInfo } from '../src/store/store.js';

function collect(store: S3CacheStore, objects: ObjectInfo[]): EntryInfo[] {
  const collector = new EntryCollector();
  for (const o of objects) {
    const parts = o.key.slice(store.prefix.length).split('/');
    if (parts.length < 3) continue;
    const namespaces = parts.slice(0, -3);
    if (!namespaces.every(isNamespaceSegment)) continue;
    const parsed = parseEntryObject(parts.slice(-3).join('/'));
    if (parsed) collector.add(namespaces.join('/'), parsed.hex, o, parsed.name);
  }
  return collector.result();
}

/** One paged listing read by the AWS SDK, on the store's own client (and so its connection pool). */
export async function sdkPagedListing(store: S3CacheStore): Promise<EntryInfo[]> {
  // The bucket's SDK client is private to the product; the bench borrows it to compare like with like.
  const client = (store.bucket as unknown as { client: S3Client }).client;
  const objects: ObjectInfo[] = [];
  for await (const page of paginateListObjectsV2(
    { client },
    { Bucket: store.bucket.name, Prefix: store.prefix }
  )) {
    for (const c of page.Contents ?? [])
      objects.push({ key: c.Key!, size: c.Size!, lastModified: c.LastModified! });
  }
  return collect(store, objects);
}
