/** Helpers for the sync tests: compile entries on disk, a recording store decorator, aged objects. */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { RunningS3Server } from '../../testkit/s3-server.js';
import type { DiskCacheStore } from '../../src/store/disk.js';
import type { BlobInfo, CacheKey, CleanResult, EntryInfo, StoreStats } from '../../src/store/store.js';
import { namespaceView } from '../../src/sync/entries.js';
import type { PutOptions, RemoteStore } from '../../src/sync/stores.js';

export const COMPILE_BLOBS = ['output', 'stdout', 'stderr', 'exit_code', 'metadata'] as const;

/**
 * The save most sync tests start from: the `compile` namespace, no manifest, no limits, no refresh,
 * no progress lines (spread it and override what a test is about).
 */
export const SAVE_OPTIONS = {
  namespaces: ['compile'],
  manifest: null,
  concurrency: 8,
  localMaxSize: 0,
  localMaxAge: 0,
  remoteMaxSize: 0,
  remoteMaxAge: 0,
  refreshOlderThanMs: -1,
  progressIntervalMs: 0
};

/** The restore most sync tests start from: the `compile` namespace, no budget, no progress lines. */
export const RESTORE_OPTIONS = {
  namespaces: ['compile'],
  maxBytes: 0,
  concurrency: 8,
  progressIntervalMs: 0
};

/** Every blob of every entry is in the store layout under `root`, byte for byte. */
export async function expectEntriesOnDisk(root: string, entries: readonly WrittenEntry[]): Promise<void> {
  for (const e of entries) {
    for (const [name, data] of Object.entries(e.blobs)) {
      const got = await readFile(join(root, e.namespace, e.key.slice(0, 2), e.key, name));
      expect(got.equals(data)).toBe(true);
    }
  }
}

export function randomKey(): string {
  return randomBytes(32).toString('hex');
}

export interface WrittenEntry {
  /** Namespace path below the store root, e.g. `compile/local`. */
  namespace: string;
  key: string;
  blobs: Record<string, Buffer>;
  size: number;
}

/**
 * Writes a compile entry through DiskCacheStore.put in the Go system's order (`omit` leaves blobs
 * out, to make a partial entry).
 */
export async function writeCompileEntry(
  root: DiskCacheStore,
  namespace: string,
  outputSize = 1000,
  omit: string[] = []
): Promise<WrittenEntry> {
  const key = randomKey();
  const blobs: Record<string, Buffer> = {
    output: randomBytes(outputSize),
    stdout: Buffer.from(''),
    stderr: Buffer.from('warning: something\n'),
    exit_code: Buffer.from('0'),
    metadata: Buffer.from(JSON.stringify({ timestamp: new Date().toISOString(), compiler: 'gcc' }))
  };
  for (const name of omit) delete blobs[name];
  const view = namespaceView(root, namespace);
  for (const [name, data] of Object.entries(blobs)) await view.put(key, name, data);
  const size = Object.values(blobs).reduce((s, b) => s + b.length, 0);
  return { namespace, key, blobs, size };
}

export interface PutEvent {
  kind: 'start' | 'end';
  /** `<namespace path>/<hex>` below the decorated store. */
  entry: string;
  name: string;
  /** What put returned (end events). */
  stored?: boolean | void;
}

/**
 * A Store decorator that records every put (start and end, in order) and passes everything
 * through to the real store underneath: it observes, it does not fake.
 */
export class RecordingStore implements RemoteStore {
  constructor(
    private readonly inner: RemoteStore,
    readonly events: PutEvent[] = [],
    private readonly path = ''
  ) {}

  namespace(prefix: string): RecordingStore {
    return new RecordingStore(
      this.inner.namespace(prefix),
      this.events,
      this.path ? `${this.path}/${prefix}` : prefix
    );
  }
  async put(key: CacheKey, name: string, value: Uint8Array, options?: PutOptions): Promise<boolean | void> {
    const entry = `${this.path}/${String(key)}`;
    this.events.push({ kind: 'start', entry, name });
    const stored = await this.inner.put(key, name, value, options);
    this.events.push({ kind: 'end', entry, name, stored });
    return stored;
  }
  get(key: CacheKey, name: string): Promise<Buffer | null> {
    return this.inner.get(key, name);
  }
  has(key: CacheKey): Promise<boolean> {
    return this.inner.has(key);
  }
  stats(): Promise<StoreStats> {
    return this.inner.stats();
  }
  clean(maxSize: number, maxAge: number): Promise<CleanResult> {
    return this.inner.clean(maxSize, maxAge);
  }
  dir(): string {
    return this.inner.dir();
  }
  list(): Promise<EntryInfo[]> {
    return this.inner.list();
  }
  touch(key: CacheKey, blob?: string): Promise<void> {
    return this.inner.touch(key, blob);
  }
  remove(keys: string[]): Promise<void> {
    return this.inner.remove(keys);
  }
  async entryBlobs(key: CacheKey): Promise<BlobInfo[]> {
    return this.inner.entryBlobs ? this.inner.entryBlobs(key) : [];
  }
}

/** Every object key in the bucket (through an independent client). */
export async function bucketKeys(client: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })
    );
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Sets the bucket time (LastModified) of every object under `prefix`, through the test server. */
export async function ageObjects(
  server: RunningS3Server,
  client: S3Client,
  bucket: string,
  prefix: string,
  time: Date
): Promise<number> {
  const keys = await bucketKeys(client, bucket, prefix);
  for (const key of keys) await server.setLastModified(bucket, key, time);
  return keys.length;
}
