/**
 * The store library's public API: the Store contract, the disk and S3 stores, building stores from
 * configuration, and the size/age/name helpers they share.
 */
export * from './store.js';
export * from './errors.js';
export * from './validate.js';
export * from './size.js';
export * from './disk.js';
export type { KnownEntries, KnownEntry } from './disk-walk.js';
export * from './s3-bucket.js';
export * from './s3.js';
export * from './config.js';
