/**
 * A compile cache made of real object files, for the whole-command benchmark (bench/commands.ts).
 *
 * The object files come from Debian's static libraries: `apt-get download` fetches a few -dev
 * packages (LLVM 14, libstdc++, OpenSSL, CPython, protobuf) into bench/work/debs (git-ignored),
 * `dpkg-deb -x` unpacks them, and every member of every `.a` is read out (the `ar` format is parsed
 * here, so members that share a name in one archive all count). Those are object files from real
 * compiles of real projects, built the way Debian builds them (optimised, debug info stripped):
 * they compress about 5× with zstd -3, where the older generated data (bench/generate.ts) compressed
 * 2.5×.
 *
 * Entries: a seeded shuffle of the pool; entry i takes object perm[i] as its `output`, and gets the
 * other five blobs a compile through the wrapper writes: empty `stdout`, `stderr` (a warning in 5%
 * of entries), `exit_code` `0`, `metadata` as the Go system encodes it (src/compiler/entry.ts), and
 * `extras` holding the compile's depfile (`-MD`): the object's rule over 20–400 real header paths
 * from the same packages' include trees. Deterministic from the seed and the package versions.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { encodeExtras, encodeMetadata } from '../src/compiler/entry.js';
import { Rng } from './generate.js';

/** The -dev packages whose static libraries give the object files (Debian 12 names). */
export const OBJECT_PACKAGES = [
  'llvm-14-dev',
  'libstdc++-12-dev',
  'libssl-dev',
  'libpython3.11-dev',
  'libprotobuf-dev'
];

export interface ObjectFile {
  /** `<library>/<member>`, e.g. `libLLVMCodeGen/MachineFunction.cpp.o`. */
  name: string;
  data: Buffer;
}

export interface ObjectPool {
  objects: ObjectFile[];
  /** Header paths (absolute, as a compiler writes them into a depfile). */
  headers: string[];
  /** `name=version` of each package used. */
  packages: string[];
}

function run(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')}: exit ${r.status ?? r.signal}: ${r.stderr || r.error?.message}`
    );
  return r.stdout;
}

/** Downloads (once) and unpacks the packages; returns the unpacked trees. */
function fetchPackages(work: string): { root: string; packages: string[] } {
  const debs = join(work, 'debs');
  const root = join(work, 'debs-unpacked');
  spawnSync('mkdir', ['-p', debs, root]);
  const have = (): string[] => readdirSync(debs).filter(f => f.endsWith('.deb'));
  const missing = OBJECT_PACKAGES.filter(p => !have().some(f => f.startsWith(`${p}_`)));
  if (missing.length > 0) {
    const r = spawnSync('apt-get', ['download', ...missing], { cwd: debs, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(
        `apt-get download ${missing.join(' ')} failed (run apt-get update first?): ${r.stderr || r.error?.message}`
      );
  }
  const packages: string[] = [];
  for (const p of OBJECT_PACKAGES) {
    const deb = have().find(f => f.startsWith(`${p}_`));
    if (!deb) throw new Error(`${p}: no .deb in ${debs}`);
    packages.push(`${p}=${decodeURIComponent(deb.split('_')[1] ?? '?')}`);
    const dest = join(root, p);
    if (!existsSync(join(dest, '.complete'))) {
      spawnSync('rm', ['-rf', dest]);
      run('dpkg-deb', ['-x', join(debs, deb), dest]);
      spawnSync('touch', [join(dest, '.complete')]);
    }
  }
  return { root, packages };
}

/** The members of a `.a` archive (System V / GNU format): the object files, in archive order. */
export function arMembers(bytes: Buffer): { name: string; data: Buffer }[] {
  if (bytes.toString('latin1', 0, 8) !== '!<arch>\n') return [];
  const out: { name: string; data: Buffer }[] = [];
  let longNames = '';
  let at = 8;
  while (at + 60 <= bytes.length) {
    const head = bytes.toString('latin1', at, at + 60);
    const size = Number(head.slice(48, 58).trim());
    let name = head.slice(0, 16).trimEnd();
    const data = bytes.subarray(at + 60, at + 60 + size);
    at += 60 + size + (size % 2);
    if (name === '/' || name === '/SYM64/') continue; // symbol table
    if (name === '//') {
      longNames = data.toString('latin1');
      continue;
    }
    if (/^\/\d+$/.test(name)) {
      const off = Number(name.slice(1));
      name = longNames.slice(off, longNames.indexOf('\n', off));
    }
    name = name.replace(/\/$/, '');
    if (name.endsWith('.o') && data.length > 0) out.push({ name, data: Buffer.from(data) });
  }
  return out;
}

function walkFiles(dir: string, test: (path: string) => boolean, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) walkFiles(p, test, out);
    else if (st.isFile() && test(p)) out.push(p);
  }
  return out;
}

/** Every object file of the packages' static libraries, and their header paths. */
export function loadObjectPool(work: string): ObjectPool {
  const { root, packages } = fetchPackages(work);
  const objects: ObjectFile[] = [];
  const headers: string[] = [];
  for (const p of OBJECT_PACKAGES) {
    const tree = join(root, p);
    // -pic duplicates of the same sources (libpython3.11-pic.a) would be near-copies of the others.
    for (const a of walkFiles(tree, f => f.endsWith('.a') && !f.endsWith('-pic.a'))) {
      const lib = basename(a, '.a');
      for (const m of arMembers(readFileSync(a))) objects.push({ name: `${lib}/${m.name}`, data: m.data });
    }
    for (const h of walkFiles(tree, f => /\.(h|hpp|def|inc)$/.test(f) || f.includes('/include/c++/')))
      headers.push(`/${relative(tree, h)}`);
  }
  if (objects.length === 0) throw new Error(`no object files found in ${root}`);
  return { objects, headers, packages };
}

export interface RealCacheOptions {
  /** Root of the disk store; entries go to `<root>/<namespace>/<hh>/<hex>/`. */
  root: string;
  namespace?: string;
  /** Entries `first … first+count-1` of the seeded sequence. */
  first?: number;
  count: number;
  seed: number;
  /** Entry times: entry i was last used i minutes after `now` minus a week. */
  now: Date;
}

export function realEntryKey(seed: number, index: number): string {
  return createHash('sha256').update(`compile-cache-bench-real:${seed}:${index}`).digest('hex');
}

/** The seeded order of the pool (Fisher–Yates on a seeded generator). */
function permutation(n: number, seed: number): number[] {
  const rng = new Rng(seed ^ 0x0b1ec7);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** The six blobs of entry `index`, in the spec's write order. */
export function realEntryBlobs(
  pool: ObjectPool,
  perm: number[],
  index: number,
  seed: number,
  now: Date
): { name: string; data: Buffer }[] {
  const obj = pool.objects[perm[index % perm.length]!]!;
  // Past the pool's size objects repeat; the round number appended keeps every output distinct.
  const round = Math.floor(index / perm.length);
  const output = round === 0 ? obj.data : Buffer.concat([obj.data, Buffer.from(`\0${round}`)]);
  const rng = new Rng(seed * 1_000_003 + index);
  const [lib, member] = obj.name.split('/') as [string, string];
  const src = `src/${lib}/${member.replace(/\.o$/, '').replace(/\.(cpp|cc|c)$/, '')}.${lib.includes('LLVM') || lib.includes('++') || lib.includes('protobuf') ? 'cpp' : 'c'}`;
  const out = `build/${lib}/${member}${round ? `.${round}` : ''}`;
  const dep = `${basename(out)}.d`;
  const nHeaders = 20 + Math.floor(rng.next() ** 1.5 * 380);
  const picked = new Set<string>();
  for (let i = 0; i < nHeaders && pool.headers.length > 0; i++)
    picked.add(pool.headers[rng.int(pool.headers.length)]!);
  const depfile = Buffer.from(`${out}: ${src}${[...picked].map(h => ` \\\n ${h}`).join('')}\n`);
  const warn = rng.next() < 0.05;
  const stderr = warn
    ? Buffer.from(
        `${src}:${1 + rng.int(900)}:${1 + rng.int(80)}: warning: unused variable 'tmp${rng.int(99)}' [-Wunused-variable]\n`
      )
    : Buffer.alloc(0);
  const metadata = encodeMetadata({
    time: new Date(now.getTime() - rng.int(7 * 86_400_000)),
    compiler: 'c++',
    command: [
      '-O2',
      '-g0',
      '-std=c++17',
      '-Iinclude',
      '-DNDEBUG',
      '-MD',
      '-MF',
      `${out}.d`,
      '-c',
      src,
      '-o',
      out
    ],
    inputs: [src],
    output: out,
    durationNs: BigInt(50_000_000 + rng.int(4_000_000_000))
  });
  return [
    { name: 'output', data: output },
    { name: 'stdout', data: Buffer.alloc(0) },
    { name: 'stderr', data: stderr },
    { name: 'exit_code', data: Buffer.from('0') },
    { name: 'metadata', data: metadata },
    { name: 'extras', data: encodeExtras([{ path: dep, data: depfile }]) }
  ];
}

/** Writes entries `first … first+count-1` into the disk layout; returns their total bytes. */
export async function writeRealCache(pool: ObjectPool, o: RealCacheOptions): Promise<number> {
  const namespace = o.namespace ?? 'compile/local';
  const perm = permutation(pool.objects.length, o.seed);
  const first = o.first ?? 0;
  let total = 0;
  for (let i = first; i < first + o.count; i++) {
    const key = realEntryKey(o.seed, i);
    const dir = join(o.root, namespace, key.slice(0, 2), key);
    await mkdir(dir, { recursive: true });
    const mtime = new Date(o.now.getTime() - 7 * 86_400_000 + i * 60_000);
    for (const b of realEntryBlobs(pool, perm, i, o.seed, o.now)) {
      const file = join(dir, b.name);
      await writeFile(file, b.data);
      await utimes(file, mtime, mtime);
      total += b.data.length;
    }
  }
  return total;
}
