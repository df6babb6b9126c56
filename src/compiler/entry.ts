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

/**
 * A string as the Go system has it: text, or raw bytes (Go strings are bytes and need not be valid
 * UTF-8; a JavaScript string always is once encoded, see goJsonString).
 */
export type GoString = string | Uint8Array;

export interface Metadata {
  /** The compiler as the build named it (argv[0]: `gcc`, `/usr/bin/cc`, …), not the resolved real path. */
  compiler: GoString;
  /** The build's arguments after argv[0], as given (nothing of ours added). */
  command: GoString[];
  inputs: GoString[];
  output: GoString;
  durationNs: bigint;
  time: Date;
}

const HEX = '0123456789abcdef';

/**
 * Length of the valid UTF-8 sequence starting at `b[i]` (a byte >= 0x80), or 0 when Go's
 * utf8.DecodeRune would call it invalid (RuneError, size 1): a stray continuation byte, an overlong
 * form, a surrogate (U+D800–DFFF), a value above U+10FFFF or a sequence cut short.
 */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c0 = b[i]!;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => {
    const c = b[i + j];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (c0 >= 0xc2 && c0 <= 0xdf) return cont(1) ? 2 : 0;
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const lo = c0 === 0xe0 ? 0xa0 : 0x80;
    const hi = c0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const lo = c0 === 0xf0 ? 0x90 : 0x80;
    const hi = c0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * A JSON string exactly as Go's encoding/json writes it with json.Marshal's defaults (HTML escaping
 * on; appendString in encode.go, Go 1.22 and later), so that `metadata` blobs are byte-identical to
 * the Go system's:
 * - `"` and `\` as `\"` and `\\`; \b \f \n \r \t as those two-character escapes (Go before 1.22
 *   wrote \u0008 and \u000c; current Go writes \b and \f);
 * - every other byte below 0x20 as `\u00xx` with lowercase hex, and `<` `>` `&` as `\u003c`
 *   `\u003e` `\u0026` (JSON.stringify writes those three raw);
 * - U+2028 and U+2029 as `\u2028` and `\u2029` (JSON.stringify writes them raw);
 * - each byte that is not part of valid UTF-8 as `\ufffd` (one per byte, as Go decodes);
 * - everything else (DEL, all other non-ASCII) raw, as UTF-8.
 * A JavaScript string is encoded to UTF-8 first (a lone surrogate becomes U+FFFD, written raw).
 */
export function goJsonString(value: GoString): Buffer {
  const src = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const out: number[] = [0x22];
  const escape = (ascii: string): void => {
    for (let k = 0; k < ascii.length; k++) out.push(ascii.charCodeAt(k));
  };
  for (let i = 0; i < src.length;) {
    const b = src[i]!;
    if (b < 0x80) {
      if (b >= 0x20 && b !== 0x22 && b !== 0x5c && b !== 0x3c && b !== 0x3e && b !== 0x26) out.push(b);
      else if (b === 0x22 || b === 0x5c) out.push(0x5c, b);
      else if (b === 0x08) escape('\\b');
      else if (b === 0x0c) escape('\\f');
      else if (b === 0x0a) escape('\\n');
      else if (b === 0x0d) escape('\\r');
      else if (b === 0x09) escape('\\t');
      else escape(`\\u00${HEX[b >> 4]!}${HEX[b & 0xf]!}`);
      i++;
      continue;
    }
    const n = utf8SequenceLength(src, i);
    if (n === 0) {
      escape('\\ufffd');
      i++;
    } else if (n === 3 && b === 0xe2 && src[i + 1] === 0x80 && (src[i + 2] === 0xa8 || src[i + 2] === 0xa9)) {
      escape(`\\u202${HEX[src[i + 2]! & 0xf]!}`);
      i += 3;
    } else {
      for (let j = 0; j < n; j++) out.push(src[i + j]!);
      i += n;
    }
  }
  out.push(0x22);
  return Buffer.from(out);
}

/** Go's encoding of a []string: `[` the strings `,`-separated `]` (a nil slice would be `null`; ours never are). */
function goJsonStrings(values: readonly GoString[]): Buffer {
  const parts: Buffer[] = [Buffer.from('[')];
  values.forEach((v, i) => {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(goJsonString(v));
  });
  parts.push(Buffer.from(']'));
  return Buffer.concat(parts);
}

/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros (none when zero). */
export function rfc3339Nano(t: Date): string {
  const iso = t.toISOString(); // 2024-01-02T03:04:05.678Z
  const [secs, frac = ''] = iso.slice(0, -1).split('.');
  const trimmed = frac.replace(/0+$/, '');
  return `${secs}${trimmed === '' ? '' : '.' + trimmed}Z`;
}

function goLength(v: GoString): number {
  return typeof v === 'string' ? v.length : v.byteLength;
}

/**
 * Compact JSON with the fields in the spec's order (timestamp, compiler, command, inputs, output,
 * duration_ns), every string written by goJsonString: the bytes json.Marshal gives the Go system's
 * struct for the same values.
 */
export function encodeMetadata(m: Metadata): Buffer {
  const parts: Buffer[] = [
    Buffer.from('{"timestamp":'),
    goJsonString(rfc3339Nano(m.time)),
    Buffer.from(',"compiler":'),
    goJsonString(m.compiler),
    Buffer.from(',"command":'),
    goJsonStrings(m.command),
    Buffer.from(',"inputs":'),
    goJsonStrings(m.inputs)
  ];
  // `omitempty` on the Go side.
  if (goLength(m.output) > 0) parts.push(Buffer.from(',"output":'), goJsonString(m.output));
  parts.push(Buffer.from(`,"duration_ns":${m.durationNs.toString()}}`));
  return Buffer.concat(parts);
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
