/**
 * Stores from configuration entries with the Go system's TOML field names, so its `[[cache]]`
 * blocks can be reused as they are:
 *
 *   [[cache]]
 *   type = "disk"
 *   location = "~/.cache/compile-cache"
 *   max_size = "10G"
 *
 *   [[cache]]
 *   type = "s3"
 *   bucket = "build-cache"
 *   region = "eu-west-1"
 *
 * Every entry is validated before anything is opened; S3 stores are then opened with an access check
 * (and bucket creation with `auto_create`), which is why fromConfig is async.
 */
import { homedir } from 'node:os';
import { DiskCacheStore } from './disk.js';
import { ConfigError, InvalidInputError } from './errors.js';
import type { S3BucketOptions } from './s3-bucket.js';
import { S3CacheStore, type S3StoreOptions } from './s3.js';
import { parseSize } from './size.js';
import { splitNamespacePath } from './validate.js';

/** One `[[cache]]` block. Sizes are size strings (`10G`, `500 MiB`) or numbers of bytes. */
export interface CacheConfigEntry {
  type?: string;
  /** disk: the directory (`~/` is expanded). */
  location?: string;
  /** Size limit; empty or 0 = unlimited. */
  max_size?: string | number;
  /** s3: */
  bucket?: string;
  region?: string;
  endpoint?: string;
  access_key?: string;
  secret_key?: string;
  auto_create?: boolean | string;
  /** Ours: the root prefix (default `cache/`). */
  prefix?: string;
}

export type DiskStoreSpec = { type: 'disk'; location: string; maxSize: number };
export type S3StoreSpec = { type: 's3' } & S3StoreOptions & {
    bucket: string;
    prefix: string;
    maxSize: number;
  };
/** A validated entry, ready to open. */
export type StoreSpec = DiskStoreSpec | S3StoreSpec;

export type ConfiguredStore = DiskCacheStore | S3CacheStore;

export interface FromConfigOptions {
  /** Extra S3 client settings for every S3 entry (deadlines, retries, pool size). */
  s3?: Partial<Omit<S3BucketOptions, 'bucket'>>;
  /** Check access to every S3 bucket (and create it with auto_create). Default true. */
  checkAccess?: boolean;
}

const FIELDS = {
  disk: ['type', 'location', 'max_size'],
  s3: [
    'type',
    'bucket',
    'region',
    'endpoint',
    'access_key',
    'secret_key',
    'auto_create',
    'max_size',
    'prefix'
  ]
} as const;

type Raw = Record<string, unknown>;

function stringField(raw: Raw, field: string, where: string): string | undefined {
  const v = raw[field];
  if (v === undefined || v === null) return undefined;
  // No value in this message: the field may be a secret.
  if (typeof v !== 'string') throw new ConfigError(`${where}.${field} must be a string, got ${typeof v}`);
  return v.trim() === '' ? undefined : v.trim();
}

function sizeField(raw: Raw, where: string): number {
  const v = raw.max_size;
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new ConfigError(
        `${where}.max_size ${v} is invalid: expected a whole number of bytes >= 0 or a size string such as "10G"`
      );
    }
    return v;
  }
  if (typeof v !== 'string')
    throw new ConfigError(`${where}.max_size must be a size string or a number, got ${typeof v}`);
  try {
    return parseSize(v);
  } catch (err) {
    if (err instanceof InvalidInputError)
      throw new ConfigError(`${where}.max_size ${JSON.stringify(v)} is invalid: ${err.message}`);
    throw err;
  }
}

function booleanField(raw: Raw, field: string, where: string): boolean {
  const v = raw[field];
  if (v === undefined || v === null || v === '') return false;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new ConfigError(`${where}.${field} ${JSON.stringify(v)} is invalid: expected true or false`);
}

function expandHome(location: string): string {
  return location === '~' || location.startsWith('~/') ? homedir() + location.slice(1) : location;
}

/** Validates one entry (index i) into a spec; throws ConfigError naming the entry, field and value. */
export function parseConfigEntry(entry: unknown, i: number): StoreSpec {
  const where = `cache[${i}]`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ConfigError(`${where} must be a table of fields (type, location, bucket, ...)`);
  }
  const raw = entry as Raw;
  const type = stringField(raw, 'type', where);
  if (type === undefined) throw new ConfigError(`${where}.type is missing: expected "disk" or "s3"`);
  if (type !== 'disk' && type !== 's3') {
    throw new ConfigError(`${where}.type ${JSON.stringify(type)} is unknown: expected "disk" or "s3"`);
  }
  const allowed: readonly string[] = FIELDS[type];
  for (const field of Object.keys(raw)) {
    if (!allowed.includes(field)) {
      throw new ConfigError(
        `${where}.${field} is not a field of a ${type} cache: expected one of ${allowed.join(', ')}`
      );
    }
  }
  const maxSize = sizeField(raw, where);
  if (type === 'disk') {
    const location = stringField(raw, 'location', where);
    if (location === undefined)
      throw new ConfigError(`${where}.location is empty: a disk cache needs a directory`);
    return { type, location: expandHome(location), maxSize };
  }

  const bucket = stringField(raw, 'bucket', where);
  if (bucket === undefined)
    throw new ConfigError(`${where}.bucket is empty: an s3 cache needs a bucket name`);
  const prefixValue = stringField(raw, 'prefix', where) ?? 'cache/';
  let prefix: string;
  try {
    prefix = `${splitNamespacePath(prefixValue).join('/')}/`;
  } catch (err) {
    throw new ConfigError(
      `${where}.prefix ${JSON.stringify(prefixValue)} is invalid: ${(err as Error).message}`
    );
  }
  let endpoint = stringField(raw, 'endpoint', where);
  if (endpoint !== undefined) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) endpoint = `https://${endpoint}`;
    try {
      const url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      throw new ConfigError(
        `${where}.endpoint ${JSON.stringify(endpoint)} is invalid: expected a URL such as https://minio.example:9000`
      );
    }
  }
  const accessKeyId = stringField(raw, 'access_key', where);
  const secretAccessKey = stringField(raw, 'secret_key', where);
  return {
    type,
    bucket,
    prefix,
    maxSize,
    region: stringField(raw, 'region', where),
    endpoint,
    // Static credentials only with both halves (compat); otherwise the default chain.
    credentials:
      accessKeyId !== undefined && secretAccessKey !== undefined
        ? { accessKeyId, secretAccessKey }
        : undefined,
    autoCreate: booleanField(raw, 'auto_create', where)
  };
}

/** Validates every entry, without opening anything. */
export function parseCacheConfig(entries: readonly unknown[]): StoreSpec[] {
  if (!Array.isArray(entries)) throw new ConfigError('cache configuration must be a list of entries');
  return entries.map((e, i) => parseConfigEntry(e, i));
}

/**
 * Builds the stores of the entries, in order: `disk` → DiskCacheStore, `s3` → S3CacheStore (opened
 * with an access check, creating the bucket with auto_create). All entries are validated first; if
 * opening one fails, the ones already opened are closed and the error is thrown.
 */
export async function fromConfig(
  entries: readonly CacheConfigEntry[],
  options: FromConfigOptions = {}
): Promise<ConfiguredStore[]> {
  const specs = parseCacheConfig(entries);
  const opened = await Promise.allSettled(
    specs.map(async (spec): Promise<ConfiguredStore> => {
      if (spec.type === 'disk') return new DiskCacheStore(spec.location, { maxSize: spec.maxSize });
      const { type: _type, ...s3 } = spec;
      // Fields the entry leaves unset keep the caller's defaults.
      const set = Object.fromEntries(Object.entries(s3).filter(([, v]) => v !== undefined));
      const storeOptions = { ...options.s3, ...set } as S3StoreOptions;
      if (options.checkAccess === false) return new S3CacheStore(storeOptions);
      return S3CacheStore.open(storeOptions);
    })
  );
  const failed = opened.find(r => r.status === 'rejected');
  if (failed) {
    for (const r of opened)
      if (r.status === 'fulfilled' && r.value instanceof S3CacheStore) r.value.destroy();
    throw failed.reason;
  }
  return opened.map(r => (r as PromiseFulfilledResult<ConfiguredStore>).value);
}
