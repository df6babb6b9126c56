/**
 * A realistic compile cache for the benchmark, deterministic from a seed: compile entries of five
 * blobs in the store's disk layout (`<root>/compile/<tenant>/<hh>/<hex>/<name>`).
 *
 * `output` imitates an object file: sizes spread log-normally from a few KiB to a few MiB, and
 * content that compresses like machine code does (2–4× with zstd): instruction-like byte patterns
 * with random immediates, symbol-name strings drawn from one project-wide vocabulary (so files
 * share names, as objects built from the same headers do), relocation-table records, zero padding
 * and some incompressible constants. The other blobs are small: `stdout` and `stderr` are mostly
 * empty, `exit_code` is `0`, `metadata` is ~300 bytes of JSON.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface GenerateOptions {
  /** Root directory of the disk store. */
  root: string;
  /** Namespace path below the root; the Go system's single-machine tenant is `compile/local`. */
  namespace?: string;
  /** First entry index (to add entries to an existing cache) and how many entries. */
  first?: number;
  count: number;
  seed?: number;
  /** Median `output` size in bytes (log-normal spread around it). */
  medianOutputBytes?: number;
  /** Base time: entry mtimes spread over the week before it. */
  now?: Date;
}

export interface GeneratedEntry {
  namespace: string;
  key: string;
  bytes: number;
}

/** A small deterministic generator (mulberry32): the benchmark must be repeatable from a seed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** Deterministic incompressible bytes: AES-CTR over zeros, keyed by the seed and a label. */
function randomBytesFrom(seed: string, n: number): Buffer {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  return cipher.update(Buffer.alloc(n));
}

const WORDS = (
  'llvm clang std vector string basic allocator char traits map unordered hash node iterator ' +
  'const value type size operator new delete begin end push back emplace insert erase find ' +
  'compiler frontend sema parser lexer token decl expr stmt type context module builder ir ' +
  'pass manager analysis function block instruction operand use user metadata debug info ' +
  'target machine register selection dag schedule emit object file section symbol reloc ' +
  'shared ptr unique weak optional variant tuple pair array span view ref impl detail internal'
).split(' ');

/** One project's vocabulary of mangled symbol names, shared by all its object files. */
function makeSymbols(rng: Rng, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    let s = '_ZN';
    const parts = 2 + rng.int(4);
    for (let p = 0; p < parts; p++) {
      const w = WORDS[rng.int(WORDS.length)]!;
      s += `${w.length}${w}`;
    }
    s += `E${['v', 'i', 'RKS_', 'PKc', 'm', 'b'][rng.int(6)]}\0`;
    out.push(Buffer.from(s, 'latin1'));
  }
  return out;
}

/** Instruction-like byte patterns: opcodes and ModRM bytes recur, operands vary. */
function makePatterns(rng: Rng, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const len = 2 + rng.int(5);
    const b = Buffer.alloc(len);
    for (let j = 0; j < len; j++) b[j] = rng.int(256);
    out.push(b);
  }
  return out;
}

interface Vocabulary {
  symbols: Buffer[];
  patterns: Buffer[];
}

function vocabulary(seed: number): Vocabulary {
  const rng = new Rng(seed ^ 0x5eed);
  return { symbols: makeSymbols(rng, 4000), patterns: makePatterns(rng, 400) };
}

/** An object file's bytes: sections of code, symbol strings, relocations, padding and constants. */
export function objectFileBytes(size: number, rng: Rng, vocab: Vocabulary, label: string): Buffer {
  const out = Buffer.alloc(size);
  const noise = randomBytesFrom(label, Math.ceil(size * 0.45) + 64);
  let noisePos = 0;
  // ELF-like header.
  out.write('\x7fELF\x02\x01\x01', 0, 'latin1');
  let pos = 64;
  while (pos < size) {
    const kind = rng.next();
    const section = Math.min(size - pos, 512 + rng.int(16384));
    const end = pos + section;
    if (kind < 0.45) {
      // Code: a recurring opcode pattern, then a 1–4 byte operand that is mostly random.
      while (pos < end) {
        const p = vocab.patterns[Math.min(vocab.patterns.length - 1, Math.floor(rng.next() ** 2 * 400))]!;
        pos += p.copy(out, pos, 0, Math.min(p.length, end - pos));
        // Operands: half are small displacements / register numbers, half are arbitrary.
        const imm = Math.min(1 + rng.int(4), end - pos);
        if (imm > 0 && rng.next() < 0.7) {
          out[pos] = rng.int(64);
          pos += imm;
        } else if (imm > 0) {
          pos += noise.copy(out, pos, noisePos, noisePos + imm);
          noisePos = (noisePos + imm) % (noise.length - 8);
        }
      }
    } else if (kind < 0.65) {
      // String table: symbol names from the shared vocabulary.
      while (pos < end) {
        const s = vocab.symbols[rng.int(vocab.symbols.length)]!;
        pos += s.copy(out, pos, 0, Math.min(s.length, end - pos));
      }
    } else if (kind < 0.82) {
      // Relocations / symbol table: 24-byte records with growing offsets and small indexes.
      let offset = rng.int(1 << 16);
      while (pos + 24 <= end) {
        offset += 1 + rng.int(64);
        out.writeUInt32LE(offset, pos);
        out.writeUInt32LE((rng.int(300) << 8) | [1, 2, 4, 9, 10][rng.int(5)]!, pos + 8);
        out.writeInt32LE(rng.int(64) - 8, pos + 16);
        pos += 24;
      }
      pos = end;
    } else if (kind < 0.95) {
      // Alignment padding and .bss-like zeros (already zero).
      pos = end;
    } else {
      // Constants, hashes, compressed debug info: incompressible.
      const n = Math.min(end - pos, noise.length - noisePos);
      pos += noise.copy(out, pos, noisePos, noisePos + n);
      noisePos = (noisePos + n) % (noise.length - 8);
    }
  }
  return out;
}

export function entryKey(seed: number, index: number): string {
  return createHash('sha256').update(`compile-cache-bench:${seed}:${index}`).digest('hex');
}

/** The five blobs of one compile entry, in the spec's write order. */
export function entryBlobs(
  index: number,
  opts: { seed: number; medianOutputBytes: number; vocab: Vocabulary; now: Date }
): { name: string; data: Buffer }[] {
  const rng = new Rng(opts.seed * 1_000_003 + index);
  // Log-normal around the median, clamped to what object files look like: 4 KiB … 8 MiB.
  const size = Math.round(
    Math.min(8 << 20, Math.max(4096, opts.medianOutputBytes * Math.exp(1.15 * rng.normal())))
  );
  const output = objectFileBytes(size, rng, opts.vocab, `${opts.seed}:${index}`);
  const warn = rng.next() < 0.05;
  const stderr = warn
    ? Buffer.from(
        `src/module_${index}.cpp:${1 + rng.int(900)}:${1 + rng.int(80)}: warning: unused variable 'tmp${rng.int(99)}' [-Wunused-variable]\n`
      )
    : Buffer.alloc(0);
  const stdout = rng.next() < 0.01 ? Buffer.from('note: generated by a code generator\n') : Buffer.alloc(0);
  const metadata = Buffer.from(
    JSON.stringify({
      timestamp: new Date(opts.now.getTime() - rng.int(7 * 86_400_000)).toISOString(),
      compiler: '/usr/bin/g++',
      command: [
        '-O2',
        '-g',
        '-std=c++20',
        '-Iinclude',
        '-Ithird_party/include',
        '-DNDEBUG',
        '-c',
        `src/module_${index}.cpp`,
        '-o',
        `build/module_${index}.o`
      ],
      inputs: [`src/module_${index}.cpp`, 'include/common.h', 'include/config.h'],
      output: `build/module_${index}.o`,
      duration_ns: 50_000_000 + rng.int(4_000_000_000)
    })
  );
  return [
    { name: 'output', data: output },
    { name: 'stdout', data: stdout },
    { name: 'stderr', data: stderr },
    { name: 'exit_code', data: Buffer.from('0') },
    { name: 'metadata', data: metadata }
  ];
}

/** Writes entries `first … first+count-1` into the disk layout; returns them with their sizes. */
export async function generateCache(opts: GenerateOptions): Promise<GeneratedEntry[]> {
  const seed = opts.seed ?? 1;
  const namespace = opts.namespace ?? 'compile/local';
  const now = opts.now ?? new Date('2026-11-20T12:00:00Z');
  const vocab = vocabulary(seed);
  const medianOutputBytes = opts.medianOutputBytes ?? 40 * 1024;
  const first = opts.first ?? 0;
  const out: GeneratedEntry[] = [];
  for (let i = first; i < first + opts.count; i++) {
    const key = entryKey(seed, i);
    const dir = join(opts.root, namespace, key.slice(0, 2), key);
    await mkdir(dir, { recursive: true });
    const blobs = entryBlobs(i, { seed, medianOutputBytes, vocab, now });
    // Older entries first: entry i was last used i minutes after the start of the week.
    const mtime = new Date(now.getTime() - 7 * 86_400_000 + i * 60_000);
    let bytes = 0;
    for (const b of blobs) {
      const file = join(dir, b.name);
      await writeFile(file, b.data);
      await utimes(file, mtime, mtime);
      bytes += b.data.length;
    }
    out.push({ namespace, key, bytes });
  }
  return out;
}

export { vocabulary };
