import { InvalidInputError } from './errors.js';

/**
 * Blob names and namespace prefixes become one path segment on disk and in S3, so the
 * contract (compat with the Go system) forbids anything that could escape that segment.
 */
function isBadSegment(s: string): boolean {
  return s === '.' || s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0');
}

export function validateBlobName(name: string): void {
  if (name === '') throw new InvalidInputError('cache blob name must not be empty');
  if (isBadSegment(name)) throw new InvalidInputError(`invalid cache blob name ${JSON.stringify(name)}`);
}

export function validateNamespace(prefix: string): void {
  if (prefix === '') throw new InvalidInputError('namespace prefix must not be empty');
  if (isBadSegment(prefix)) throw new InvalidInputError(`invalid namespace prefix ${JSON.stringify(prefix)}`);
}

/** A namespace path such as `compile/local`: each segment must be a valid prefix. */
export function splitNamespacePath(path: string): string[] {
  const parts = path.split('/').filter(p => p !== '');
  if (parts.length === 0) throw new InvalidInputError(`namespace path ${JSON.stringify(path)} is empty`);
  for (const p of parts) validateNamespace(p);
  return parts;
}

/** Keys are opaque bytes; on disk and in S3 they are written as lowercase hex. */
export function keyHex(key: Uint8Array | string): string {
  if (typeof key === 'string') {
    if (!isKeyHex(key)) throw new InvalidInputError(`invalid cache key ${JSON.stringify(key)}: expected hex`);
    return key.toLowerCase();
  }
  if (key.length === 0) throw new InvalidInputError('cache key must not be empty');
  return Buffer.from(key).toString('hex');
}

/** A directory or key segment that can be an entry's hex key: at least two lowercase hex digits, even length. */
export function isKeyHex(s: string): boolean {
  return s.length >= 2 && s.length % 2 === 0 && /^[0-9a-f]+$/.test(s);
}

/** A sha256 digest as this project writes it: 64 lowercase hex digits. */
export function isSha256Hex(s: unknown): s is string {
  return typeof s === 'string' && SHA256_HEX.test(s);
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The two-character shard of a hex key (`<hh>` in `<hh>/<hex>/`). */
export function shardOf(hex: string): string {
  return hex.slice(0, 2);
}

/** Temporary files are never blobs: ours (`.<name>.tmp-…`) and the Go system's fixed `<name>.tmp`. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') || name.endsWith('.tmp');
}
