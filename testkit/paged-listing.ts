/**
 * The entries under a store's prefix from ONE paged listing, read one page after another: what any
 * other S3 tool does. The tests hold S3CacheStore.list() (parallel ranges, splits, continuations)
 * against it, and the bench's listing rows take it as their baseline.
 */
import type { S3CacheStore } from '../src/store/s3.js';
import { EntryCollector, isNamespaceSegment, parseEntryObject } from '../src/store/s3-entry-listing.js';
import type { EntryInfo } from '../src/store/store.js';

export async function listSequentially(store: S3CacheStore): Promise<EntryInfo[]> {
  const collector = new EntryCollector();
  for await (const o of store.bucket.listObjects(store.prefix)) {
    const parts = o.key.slice(store.prefix.length).split('/');
    if (parts.length < 3) continue;
    const namespaces = parts.slice(0, -3);
    if (!namespaces.every(isNamespaceSegment)) continue;
    const parsed = parseEntryObject(parts.slice(-3).join('/'));
    if (parsed) collector.add(namespaces.join('/'), parsed.hex, o, parsed.name);
  }
  return collector.result();
}
