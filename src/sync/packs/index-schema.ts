/**
 * The schema check of a pack index. An index comes from the bucket, and whoever can write the bucket
 * can write any index: every field is checked before anything uses it, by hand (a few dozen lines
 * buy no dependency). Two levels:
 *
 * - The index as a whole (format, id, codec, sizes, the chunk table): one fault and the index is
 *   unusable, so the caller skips the pack whole with a warning naming its key.
 * - Each entry on its own (namespace, key, time, blobs, chunk, offset): a bad entry is dropped and
 *   counted by reason (an index with 100,000 bad entries makes one warning, not 100,000), and the
 *   good entries of the same index are still served.
 *
 * What comes out is a fresh object holding only the known fields, so nothing else the bucket put in
 * the JSON (extra keys, `__proto__`) reaches the code that uses it.
 */
import type { PackBlob, PackChunk, PackCodec, PackIndex, PackIndexEntry } from './format.js';
import {
  isKeyHex,
  isSha256Hex,
  isTempName,
  validateBlobName,
  validateNamespace
} from '../../store/validate.js';
import { MAX_CHUNK_BYTES } from '../../store/chunk-codec.js';
import { countJsonValues } from '../../store/json-values.js';

const MiB = 1024 * 1024;

/**
 * Decompressed bytes of one index at most (and compressed bytes of the index object). An entry
 * takes about 250 bytes of JSON, so this holds some 250,000 entries; a 32 MiB pack of real compile
 * entries holds a few thousand.
 */
export const MAX_INDEX_BYTES = 64 * MiB;

export { MAX_CHUNK_BYTES };

/** Compressed bytes of one chunk at most: the raw cap plus what a codec adds to data it cannot shrink. */
export const MAX_CHUNK_COMPRESSED_BYTES = MAX_CHUNK_BYTES + 2 * MiB;

/**
 * JSON values of one index at most, counted as its `{`, `[` and `,` bytes before it is parsed:
 * JSON.parse costs up to ~32 bytes of heap per one of them (an index of `{},{},…` under the byte
 * cap would take 2 GiB), so this bounds the parse to ~64 MiB of heap besides the text. A real
 * entry with five blobs counts 22: room for some 90,000 entries; the writer seals a pack well
 * before (indexValues, packs/write.ts).
 */
export const MAX_INDEX_VALUES = 2_000_000;

/** What one entry counts towards MAX_INDEX_VALUES, as the writer lays it out. */
export function entryValues(blobs: number): number {
  return 8 + 3 * blobs;
}

export { countJsonValues };

/** Blobs of one entry at most (a compile entry has five or six). */
export const MAX_ENTRY_BLOBS = 1024;

/** Longest key (hex digits) and namespace path taken from an index. */
const MAX_KEY_LENGTH = 256;
const MAX_NAMESPACE_LENGTH = 1024;
/** A blob name is one file name on disk. */
const MAX_BLOB_NAME_LENGTH = 255;
/** The range of a JavaScript Date, in ms since the epoch. */
const MAX_TIME = 8.64e15;

const CODEC_NAME = /^[a-z0-9-]{1,16}$/;
const PACK_ID = /^p\d{13}-[0-9a-f]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The index as a whole cannot be used. */
export class PackIndexSchemaError extends Error {
  override name = 'PackIndexSchemaError';
}

/** Entries dropped from one index, counted by reason, with the first example of each. */
export interface DroppedEntries {
  total: number;
  reasons: Map<string, { count: number; first: string }>;
}

export interface CheckedIndex {
  /** The index with only its good entries. */
  index: PackIndex;
  /** Entries the index listed, good and bad. */
  listed: number;
  dropped: DroppedEntries;
}

export interface IndexExpectation {
  /** The pack format this reader knows. */
  format: number;
  /** Where the first chunk starts in the data object (after its magic). */
  dataStart: number;
  /** The pack id the index's key names. */
  id?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function show(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function formatMiB(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** A namespace path relative to the pack's namespace: `''`, or segments that are safe directory names. */
export function namespacePathProblem(ns: unknown): string | undefined {
  if (typeof ns !== 'string') return `namespace ${show(ns)} is not a string`;
  if (ns === '') return undefined;
  if (ns.length > MAX_NAMESPACE_LENGTH) return `namespace of ${ns.length} characters is too long`;
  for (const segment of ns.split('/')) {
    try {
      validateNamespace(segment);
    } catch {
      return `namespace ${show(ns)} is not a valid namespace path`;
    }
    // A dot directory is skipped by every walk of the disk store (and `.`/`..` would leave it).
    if (segment.startsWith('.') || CONTROL.test(segment)) {
      return `namespace ${show(ns)} is not a valid namespace path`;
    }
  }
  return undefined;
}

function blobProblem(b: unknown, names: Set<string>, checks: NameChecks): string | undefined {
  if (!isRecord(b)) return `blob ${show(b)} is not an object`;
  const name = b.name;
  if (typeof name !== 'string') return `blob name ${show(name)} is not a string`;
  if (!checks.blobNameValid(name)) return `blob name ${show(name)} is not valid`;
  if (names.has(name)) return `blob name ${show(name)} appears twice`;
  names.add(name);
  if (!isCount(b.size)) return `blob ${show(name)} has size ${show(b.size)}, not a whole number of bytes`;
  return undefined;
}

type EntryResult = { entry: PackIndexEntry } | { kind: string; detail: string };

/**
 * The checks of one index's namespaces and blob names, by value: an index repeats a handful of
 * each (`compile/local`, `output`, `stdout`, …) thousands of times, and each check is a few
 * regular expressions and a validation that throws.
 */
class NameChecks {
  private readonly namespaces = new Map<string, string | undefined>();
  private readonly blobNames = new Map<string, boolean>();

  namespaceProblem(ns: unknown): string | undefined {
    if (typeof ns !== 'string') return namespacePathProblem(ns);
    if (!this.namespaces.has(ns)) this.namespaces.set(ns, namespacePathProblem(ns));
    return this.namespaces.get(ns);
  }

  blobNameValid(name: string): boolean {
    let ok = this.blobNames.get(name);
    if (ok === undefined) {
      ok = blobNameValid(name);
      this.blobNames.set(name, ok);
    }
    return ok;
  }
}

function blobNameValid(name: string): boolean {
  try {
    validateBlobName(name);
  } catch {
    return false;
  }
  return !(name.length > MAX_BLOB_NAME_LENGTH || CONTROL.test(name) || isTempName(name));
}

function checkEntry(
  e: unknown,
  chunks: readonly PackChunk[],
  unusable: Map<number, string>,
  checks: NameChecks
): EntryResult {
  if (!isRecord(e)) return { kind: 'not an object', detail: `entry ${show(e)} is not an object` };
  const nsProblem = checks.namespaceProblem(e.ns);
  if (nsProblem) return { kind: 'bad namespace', detail: nsProblem };
  const key = e.key;
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH || !isKeyHex(key)) {
    return { kind: 'bad key', detail: `key ${show(key)} is not lowercase hex` };
  }
  const mtime = e.mtime;
  if (typeof mtime !== 'number' || !Number.isFinite(mtime) || mtime < 0 || mtime > MAX_TIME) {
    return { kind: 'bad time', detail: `entry ${key}: mtime ${show(mtime)} is not a time` };
  }
  if (!Array.isArray(e.blobs)) {
    return { kind: 'bad blobs', detail: `entry ${key}: blobs ${show(e.blobs)} is not a list` };
  }
  if (e.blobs.length === 0 || e.blobs.length > MAX_ENTRY_BLOBS) {
    return {
      kind: 'bad blobs',
      detail: `entry ${key}: ${e.blobs.length} blobs (expected 1 to ${MAX_ENTRY_BLOBS})`
    };
  }
  const blobs: PackBlob[] = [];
  const names = new Set<string>();
  let bytes = 0;
  for (const b of e.blobs as unknown[]) {
    const problem = blobProblem(b, names, checks);
    if (problem) return { kind: 'bad blobs', detail: `entry ${key}: ${problem}` };
    const { name, size } = b as PackBlob;
    blobs.push({ name, size });
    bytes += size;
  }
  const chunk = e.chunk;
  if (typeof chunk !== 'number' || !Number.isInteger(chunk) || chunk < 0 || chunk >= chunks.length) {
    return {
      kind: 'missing chunk',
      detail: `entry ${key}: chunk ${show(chunk)} does not exist (the index has ${chunks.length})`
    };
  }
  const why = unusable.get(chunk);
  if (why) return { kind: 'chunk over the cap', detail: `entry ${key}: chunk ${chunk} ${why}` };
  const offset = e.offset;
  const rawLength = chunks[chunk]!.rawLength;
  if (!isCount(offset) || offset + bytes > rawLength) {
    return {
      kind: 'blobs outside the chunk',
      detail: `entry ${key}: ${bytes} bytes at offset ${show(offset)} do not fit chunk ${chunk} of ${rawLength} bytes`
    };
  }
  return { entry: { ns: e.ns as string, key, mtime, blobs, chunk, offset } };
}

function checkChunks(
  value: unknown,
  dataStart: number,
  packBytes: number
): { chunks: PackChunk[]; unusable: Map<number, string> } {
  if (!Array.isArray(value)) throw new PackIndexSchemaError(`chunks ${show(value)} is not a list`);
  const chunks: PackChunk[] = [];
  const unusable = new Map<number, string>();
  // Chunks follow each other without gaps from the magic to the end of the data object (as the
  // writer lays them out), so a reader streaming the pack never holds bytes that belong to none.
  let next = dataStart;
  for (const [i, c] of (value as unknown[]).entries()) {
    if (!isRecord(c)) throw new PackIndexSchemaError(`chunk ${i} is not an object`);
    const { offset, length, rawLength, sha256, zsha256 } = c;
    if (!isCount(offset) || !isCount(length) || !isCount(rawLength) || length === 0) {
      throw new PackIndexSchemaError(
        `chunk ${i}: offset ${show(offset)}, length ${show(length)}, raw length ${show(rawLength)} are not byte counts`
      );
    }
    if (offset !== next) {
      throw new PackIndexSchemaError(
        `chunk ${i} starts at ${offset}, expected ${next} (right after chunk ${i - 1})`
      );
    }
    if (offset + length > packBytes) {
      throw new PackIndexSchemaError(
        `chunk ${i} ends at ${offset + length}, past the pack's ${packBytes} bytes`
      );
    }
    if (!isSha256Hex(sha256)) {
      throw new PackIndexSchemaError(`chunk ${i}: sha256 ${show(sha256)} is not a sha256 in hex`);
    }
    if (zsha256 !== undefined && !isSha256Hex(zsha256)) {
      throw new PackIndexSchemaError(`chunk ${i}: zsha256 ${show(zsha256)} is not a sha256 in hex`);
    }
    if (rawLength > MAX_CHUNK_BYTES) {
      unusable.set(i, `declares ${formatMiB(rawLength)} raw, over the cap of ${formatMiB(MAX_CHUNK_BYTES)}`);
    } else if (length > MAX_CHUNK_COMPRESSED_BYTES) {
      unusable.set(
        i,
        `is ${formatMiB(length)} compressed, over the cap of ${formatMiB(MAX_CHUNK_COMPRESSED_BYTES)}`
      );
    }
    chunks.push(
      zsha256 === undefined
        ? { offset, length, rawLength, sha256 }
        : { offset, length, rawLength, sha256, zsha256 }
    );
    next = offset + length;
  }
  if (next !== packBytes) {
    throw new PackIndexSchemaError(`the chunks end at ${next}, but the pack is ${packBytes} bytes`);
  }
  return { chunks, unusable };
}

/**
 * Checks a parsed index. Throws PackIndexSchemaError when the index as a whole is unusable;
 * otherwise returns it with its bad entries dropped and counted.
 */
export function checkPackIndex(value: unknown, expect: IndexExpectation): CheckedIndex {
  if (!isRecord(value)) throw new PackIndexSchemaError(`the index is ${show(value)}, not an object`);
  const { format, id, codec, created, packBytes, rawBytes } = value;
  if (format !== expect.format) throw new PackIndexSchemaError(`pack format ${show(format)} is not known`);
  if (typeof id !== 'string' || !PACK_ID.test(id))
    throw new PackIndexSchemaError(`pack id ${show(id)} is not valid`);
  if (expect.id !== undefined && id !== expect.id) {
    throw new PackIndexSchemaError(`pack index names pack ${id}, expected ${expect.id}`);
  }
  // A codec this version does not know (a newer writer's) is a readable index whose pack this
  // reader skips (codecAvailable), as one in zstd on a Node without it: not torn, never deleted.
  if (typeof codec !== 'string' || !CODEC_NAME.test(codec)) {
    throw new PackIndexSchemaError(`codec ${show(codec)} is not a codec name`);
  }
  if (typeof created !== 'number' || !Number.isFinite(created) || created < 0 || created > MAX_TIME) {
    throw new PackIndexSchemaError(`created ${show(created)} is not a time`);
  }
  if (!isCount(packBytes) || packBytes < expect.dataStart) {
    throw new PackIndexSchemaError(`pack size ${show(packBytes)} is not valid`);
  }
  if (!isCount(rawBytes)) throw new PackIndexSchemaError(`raw size ${show(rawBytes)} is not a byte count`);
  const { chunks, unusable } = checkChunks(value.chunks, expect.dataStart, packBytes);
  if (!Array.isArray(value.entries)) {
    throw new PackIndexSchemaError(`entries ${show(value.entries)} is not a list`);
  }
  const listed = value.entries as unknown[];
  const entries: PackIndexEntry[] = [];
  const dropped: DroppedEntries = { total: 0, reasons: new Map() };
  const checks = new NameChecks();
  for (const [i, e] of listed.entries()) {
    const r = checkEntry(e, chunks, unusable, checks);
    if ('entry' in r) {
      entries.push(r.entry);
      continue;
    }
    dropped.total++;
    const seen = dropped.reasons.get(r.kind);
    if (seen) seen.count++;
    else dropped.reasons.set(r.kind, { count: 1, first: `entry ${i}: ${r.detail}` });
  }
  return {
    index: { format, id, codec: codec as PackCodec, created, packBytes, rawBytes, chunks, entries },
    listed: listed.length,
    dropped
  };
}

/** One line for the entries dropped from an index: `dropped 3 of 24 entries: 2 bad namespace (first: …); …`. */
export function describeDropped(listed: number, dropped: DroppedEntries): string {
  const parts = [...dropped.reasons].map(
    ([kind, r]) => `${r.count} with ${kind} (${r.count > 1 ? 'first: ' : ''}${r.first})`
  );
  return `dropped ${dropped.total} of ${listed} entries: ${parts.join('; ')}`;
}
