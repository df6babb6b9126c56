/**
 * Compile entries in the store (compat with the Go system, see the store spec): the blobs `output`,
 * `stdout`, `stderr`, `exit_code`, `metadata` and `extras`, written in that order, and the reader's
 * rule for what is a usable entry.
 */
import type { CacheKey, Store } from '../store/store.js';

export interface ExtraFile {
  /** Relative to the object file's directory, `/`-separated. */
  path: string;
  data: Uint8Array;
}

/**
 * `extras` encoding: big-endian u32 count, then per file in byte-sorted path order: u32 path length,
 * path bytes, u64 value length, value bytes.
 */
export function encodeExtras(files: readonly ExtraFile[]): Buffer {
  const items = files
    .map(f => ({ path: Buffer.from(f.path, 'utf8'), data: f.data }))
    .sort((a, b) => Buffer.compare(a.path, b.path));
  const parts: Uint8Array[] = [];
  const count = Buffer.alloc(4);
  count.writeUInt32BE(items.length);
  parts.push(count);
  for (const item of items) {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(item.path.length);
    const len = Buffer.alloc(8);
    len.writeBigUInt64BE(BigInt(item.data.byteLength));
    parts.push(head, item.path, len, item.data);
  }
  return Buffer.concat(parts);
}

/** Decodes `extras`; null when the bytes are not a well-formed encoding (the entry is then a miss). */
export function decodeExtras(bytes: Buffer): ExtraFile[] | null {
  if (bytes.length < 4) return null;
  const count = bytes.readUInt32BE(0);
  let at = 4;
  const files: ExtraFile[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 4 > bytes.length) return null;
    const pathLen = bytes.readUInt32BE(at);
    at += 4;
    if (at + pathLen + 8 > bytes.length) return null;
    const p = bytes.toString('utf8', at, at + pathLen);
    at += pathLen;
    const dataLen = bytes.readBigUInt64BE(at);
    at += 8;
    if (dataLen > BigInt(bytes.length - at)) return null;
    const n = Number(dataLen);
    files.push({ path: p, data: bytes.subarray(at, at + n) });
    at += n;
  }
  return at === bytes.length ? files : null;
}

export interface Metadata {
  compiler: string;
  command: string[];
  inputs: string[];
  output: string;
  durationNs: bigint;
  time: Date;
}

/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros (none when zero). */
export function rfc3339Nano(t: Date): string {
  const iso = t.toISOString(); // 2024-01-02T03:04:05.678Z
  const [secs, frac = ''] = iso.slice(0, -1).split('.');
  const trimmed = frac.replace(/0+$/, '');
  return `${secs}${trimmed === '' ? '' : '.' + trimmed}Z`;
}

/** Compact JSON with the fields in the spec's order: timestamp, compiler, command, inputs, output, duration_ns. */
export function encodeMetadata(m: Metadata): Buffer {
  const fields: string[] = [
    `"timestamp":${JSON.stringify(rfc3339Nano(m.time))}`,
    `"compiler":${JSON.stringify(m.compiler)}`,
    `"command":${JSON.stringify(m.command)}`,
    `"inputs":${JSON.stringify(m.inputs)}`
  ];
  if (m.output !== '') fields.push(`"output":${JSON.stringify(m.output)}`);
  fields.push(`"duration_ns":${m.durationNs.toString()}`);
  return Buffer.from(`{${fields.join(',')}}`);
}

export interface CompileResult {
  output: Uint8Array;
  stdout: Uint8Array;
  stderr: Uint8Array;
  metadata: Metadata;
  /** null when the compile writes no extra files (no depfile). */
  extras: ExtraFile[] | null;
}

/** Writes a successful compile's entry, blob by blob in the spec's order. */
export async function writeEntry(store: Store, key: CacheKey, r: CompileResult): Promise<void> {
  await store.put(key, 'output', r.output);
  await store.put(key, 'stdout', r.stdout);
  await store.put(key, 'stderr', r.stderr);
  await store.put(key, 'exit_code', Buffer.from('0'));
  await store.put(key, 'metadata', encodeMetadata(r.metadata));
  if (r.extras !== null) await store.put(key, 'extras', encodeExtras(r.extras));
}

export interface CachedCompile {
  output: Buffer;
  stdout: Buffer;
  stderr: Buffer;
  extras: ExtraFile[] | null;
}

/**
 * Reads an entry for a hit, or null for a miss: no parseable `exit_code` (or not 0: failures are never
 * replayed), no `output`, or extra files expected but `extras` missing or malformed. Missing
 * `stdout`/`stderr` count as empty.
 */
export async function readEntry(
  store: Store,
  key: CacheKey,
  wantExtras: boolean
): Promise<CachedCompile | null> {
  // All blobs at once: a hit reads them all anyway, and the reads then overlap.
  const [exit, output, raw, stdout, stderr] = await Promise.all([
    store.get(key, 'exit_code'),
    store.get(key, 'output'),
    wantExtras ? store.get(key, 'extras') : null,
    store.get(key, 'stdout'),
    store.get(key, 'stderr')
  ]);
  if (exit === null) return null;
  const text = exit.toString('latin1').trim();
  if (!/^\d+$/.test(text) || Number(text) !== 0) return null;
  if (output === null) return null;
  let extras: ExtraFile[] | null = null;
  if (wantExtras) {
    if (raw === null) return null;
    extras = decodeExtras(raw);
    if (extras === null) return null;
  }
  return { output, stdout: stdout ?? Buffer.alloc(0), stderr: stderr ?? Buffer.alloc(0), extras };
}
