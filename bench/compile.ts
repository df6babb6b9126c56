/**
 * The compiler wrapper benchmark: Lua (upstream sources from Debian's lua5.4 source package, fetched
 * here with `apt-get source` through a private deb-src list) built with `make -j2` with no cache, with
 * Debian's ccache, and with our wrapper (shims first on PATH, as the action sets it up), cold (empty
 * cache) and warm (`make clean`, then a build against the filled cache). Median of `runs` builds each.
 * The wrapper runs under Node 24, the action's runtime (the shims run it with the action's node), and,
 * for comparison, under the Node that runs this script (20 on the project's machines). Where one hit's
 * time goes comes from the wrapper's own COMPILE_CACHE_LOG phases.
 *
 *   npx tsx bench/compile.ts [--runs N]
 *
 * `benchCompile()` returns the Markdown section (bench/run.ts includes it in the report).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { node24Path } from '../scripts/node24.mjs';
import { readStats } from '../src/compiler/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'bench', 'work', 'compile');
const MAKE_ARGS = ['-j2', 'linux'];

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync(cmd, args, { ...opts, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Fetches and unpacks Lua's upstream tarball from Debian's source package (cached in bench/work). */
function fetchLua(): string {
  const srcRoot = path.join(WORK, 'src');
  const existing = existsSync(srcRoot) ? readdirSync(srcRoot).find(n => /^lua-\d/.test(n)) : undefined;
  if (existing !== undefined) return path.join(srcRoot, existing);
  const apt = path.join(WORK, 'apt');
  mkdirSync(path.join(apt, 'lists', 'partial'), { recursive: true });
  mkdirSync(path.join(apt, 'cache', 'archives', 'partial'), { recursive: true });
  mkdirSync(srcRoot, { recursive: true });
  const list = path.join(apt, 'sources.list');
  const suite = /VERSION_CODENAME=(\w+)/.exec(sh('cat', ['/etc/os-release']))?.[1] ?? 'bookworm';
  writeFileSync(list, `deb-src http://deb.debian.org/debian ${suite} main\n`);
  // A private list and state: the machine's apt configuration is left alone.
  const o = [
    `-o`,
    `Dir::Etc::SourceList=${list}`,
    `-o`,
    `Dir::Etc::SourceParts=${path.join(apt, 'none')}`,
    `-o`,
    `Dir::State::Lists=${path.join(apt, 'lists')}`,
    `-o`,
    `Dir::Cache=${path.join(apt, 'cache')}`,
    `-o`,
    `APT::Sandbox::User=root`
  ];
  try {
    sh('apt-get', [...o, 'update']);
    sh('apt-get', [...o, 'source', '--download-only', 'lua5.4'], { cwd: srcRoot });
  } catch (err) {
    throw new Error(`cannot fetch lua5.4 from Debian's source packages: ${(err as Error).message}`, {
      cause: err
    });
  }
  const orig = readdirSync(srcRoot).find(n => /^lua5\.4_.*\.orig\.tar\.gz$/.test(n));
  if (orig === undefined) throw new Error(`no lua5.4 .orig.tar.gz in ${srcRoot}`);
  // The upstream tarball (Debian's patches switch the build to libtool; upstream's Makefile is plainer).
  sh('tar', ['xzf', orig], { cwd: srcRoot });
  const dir = readdirSync(srcRoot).find(n => /^lua-\d/.test(n));
  if (dir === undefined) throw new Error(`${orig} did not unpack to lua-<version>`);
  return path.join(srcRoot, dir);
}

function ensureCcache(): string {
  const found = spawnSync('ccache', ['--version'], { encoding: 'utf8' });
  if (found.status !== 0) {
    const r = spawnSync('apt-get', ['install', '-y', 'ccache'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`apt-get install -y ccache failed: ${r.stderr}`);
  }
  return (sh('ccache', ['--version']).split('\n')[0] ?? '').trim();
}

function buildBundle(): string {
  const out = path.join(WORK, 'bundle');
  rmSync(out, { recursive: true, force: true });
  sh(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      'src/compiler/main.ts',
      '-o',
      out,
      '-q',
      '--transpile-only'
    ],
    { cwd: ROOT }
  );
  return path.join(out, 'index.js');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function timed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function make(lua: string, env: NodeJS.ProcessEnv, args: string[] = MAKE_ARGS): void {
  const r = spawnSync('make', args, { cwd: lua, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make ${args.join(' ')} failed in ${lua}:\n${r.stderr.slice(-2000)}`);
}

function clean(lua: string, env: NodeJS.ProcessEnv): void {
  make(lua, env, ['clean']);
}

interface Row {
  name: string;
  times: number[];
  note: string;
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
  for (const k of Object.keys(env)) {
    if (k.startsWith('CCACHE_') || k.startsWith('COMPILE_CACHE_') || k.startsWith('MAKE') || k === 'MFLAGS') {
      delete env[k];
    }
  }
  return env;
}

/** The phases a wrapped hit logs (COMPILE_CACHE_LOG), in order; `start` is the process start. */
const PHASES = ['classify', 'preprocess', 'identity', 'preprocessed', 'lookup', 'restored', 'done'] as const;

/** What each span of a hit means in the report. */
const SPANS: Array<[from: string, to: string, label: string]> = [
  ['start', 'classify', 'node start-up and bundle load'],
  ['classify', 'preprocess', 'classify, resolve, checks'],
  ['preprocess', 'identity', 'compiler identity + store load (while -E runs)'],
  ['preprocess', 'preprocessed', '`-E` (spawn to exit)'],
  ['preprocessed', 'lookup', 'key hash'],
  ['lookup', 'restored', 'entry read + object written'],
  ['restored', 'done', 'replay + touch']
];

/** Median time of each logged phase over `n` hits, in ms since the wrapper process started. */
function hitPhases(
  node: string,
  bundle: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  n = 11
) {
  const log = path.join(WORK, `hit-${process.pid}-${Math.random().toString(36).slice(2)}.log`);
  rmSync(log, { force: true });
  for (let i = 0; i < n; i++) {
    const r = spawnSync(node, [bundle, 'wrap', ...args], {
      cwd,
      env: { ...env, COMPILE_CACHE_LOG: log },
      stdio: 'ignore'
    });
    if (r.status !== 0) throw new Error(`wrapped hit under ${node} failed`);
  }
  const at: Record<string, number[]> = { start: [0] };
  for (const m of readFileSync(log, 'utf8').matchAll(/^ {2}(\w+) at (\d+(?:\.\d+)?) ms$/gm)) {
    (at[m[1] as string] ??= []).push(Number(m[2]));
  }
  rmSync(log, { force: true });
  const med: Record<string, number> = {};
  for (const p of ['start', ...PHASES]) med[p] = median(at[p] ?? [Number.NaN]);
  return med;
}

/** Median of a few runs of one small command, in milliseconds. */
function microMs(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, n = 11): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    times.push(
      timed(() => {
        const r = spawnSync(cmd, args, { cwd, env, stdio: 'ignore' });
        if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
      }) * 1000
    );
  }
  return median(times);
}

export async function benchCompile(options: { runs?: number } = {}): Promise<string> {
  const runs = options.runs ?? 3;
  mkdirSync(WORK, { recursive: true });
  const lua = fetchLua();
  const ccacheVersion = ensureCcache();
  const bundle = buildBundle();
  // The action's runtime first; the shims run the wrapper with the node that installed them.
  const node24 = node24Path();
  const node24Version = sh(node24, ['--version']).trim();
  const shims = path.join(WORK, 'shims-node24');
  sh(node24, [bundle, 'install-shims', shims]);
  // The comparison runtime: the Node the benchmark was started with (npm run bench relaunches
  // itself under Node 24 and passes the original one as BENCH_NODE20).
  const otherNode = process.env.BENCH_NODE20 || process.execPath;
  const otherVersion = sh(otherNode, ['--version']).trim();
  const shims20 = path.join(WORK, 'shims-this-node');
  sh(otherNode, [bundle, 'install-shims', shims20]);
  const caches = path.join(WORK, 'caches');

  const plain = baseEnv();
  const pathWith = (dir: string) => `${dir}${path.delimiter}${plain.PATH ?? ''}`;
  const ccacheEnv = (dir: string, extra: NodeJS.ProcessEnv = {}) => ({
    ...plain,
    PATH: pathWith('/usr/lib/ccache'),
    CCACHE_DIR: dir,
    ...extra
  });
  const oursEnv = (dir: string, shimDir = shims) => ({
    ...plain,
    PATH: pathWith(shimDir),
    COMPILE_CACHE_DIR: dir
  });
  const thisNode = `Node ${otherVersion.replace(/^v/, '').split('.')[0]}`;
  const fresh = (name: string) => {
    const d = path.join(caches, name);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    return d;
  };

  clean(lua, plain);
  make(lua, plain); // warms the page cache and checks the build works
  const objects = readdirSync(path.join(lua, 'src')).filter(f => f.endsWith('.o')).length;
  const rows: Row[] = [];

  const measure = (name: string, note: string, prepare: (i: number) => NodeJS.ProcessEnv) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const env = prepare(i);
      clean(lua, env);
      times.push(timed(() => make(lua, env)));
    }
    rows.push({ name, times, note });
  };

  measure('no cache', '', () => plain);
  measure('ccache, cold', 'empty cache dir per run', i => ccacheEnv(fresh(`ccache-cold-${i}`)));
  const ccacheWarm = fresh('ccache-warm');
  clean(lua, plain);
  make(lua, ccacheEnv(ccacheWarm));
  measure('ccache, warm', 'direct mode (default): no preprocessing on a hit', () => ccacheEnv(ccacheWarm));
  const ccacheNoDirect = fresh('ccache-nodirect');
  clean(lua, plain);
  make(lua, ccacheEnv(ccacheNoDirect, { CCACHE_NODIRECT: '1' }));
  measure('ccache, warm, CCACHE_NODIRECT=1', 'preprocessor mode, like ours', () =>
    ccacheEnv(ccacheNoDirect, { CCACHE_NODIRECT: '1' })
  );
  measure('compile-cache, cold (Node 24)', 'empty cache dir per run', i => oursEnv(fresh(`ours-cold-${i}`)));
  measure(`compile-cache, cold (${thisNode})`, 'empty cache dir per run', i =>
    oursEnv(fresh(`ours-cold-20-${i}`), shims20)
  );
  const oursWarm = fresh('ours-warm');
  clean(lua, plain);
  make(lua, oursEnv(oursWarm));
  // A second warm-up build fills Node's compile cache (`.node-compile-cache` beside the shims, made
  // by install-shims), so the timed warm builds see what a user's later warm builds see.
  clean(lua, plain);
  make(lua, oursEnv(oursWarm));
  const before = await readStats(oursWarm);
  measure('compile-cache, warm (Node 24)', 'shims on PATH, what the action sets up', () => oursEnv(oursWarm));
  const after = await readStats(oursWarm);
  measure(`compile-cache, warm (${thisNode})`, 'shims on PATH', () => oursEnv(oursWarm, shims20));
  const warmHits = after.hits - before.hits;
  const warmMisses = after.misses - before.misses;
  const luaOk =
    spawnSync(path.join(lua, 'src', 'lua'), ['-e', 'print(1+1)'], { encoding: 'utf8' }).stdout.trim() === '2';

  // Where a hit's time goes: node start-up, the -E run, one whole hit through a shim (lapi.c), and
  // the wrapper's own phase timings.
  const src = path.join(lua, 'src');
  const cc = ['-std=gnu99', '-O2', '-Wall', '-Wextra', '-DLUA_COMPAT_5_3', '-DLUA_USE_LINUX', '-c', 'lapi.c'];
  const preprocess = microMs('gcc', [...cc.filter(a => a !== '-c'), '-E', '-o', '/dev/null'], src, plain);
  const compile = microMs('gcc', [...cc, '-o', '/tmp/compile-cache-bench-lapi.o'], src, plain, 5);
  const runtimes = [
    { name: 'Node 24', version: node24Version, node: node24, shimDir: shims },
    { name: thisNode, version: otherVersion, node: otherNode, shimDir: shims20 }
  ].map(rt => ({
    ...rt,
    start: microMs(rt.node, ['-e', '0'], src, plain),
    hit: microMs(path.join(rt.shimDir, 'gcc'), [...cc, '-o', 'lapi.o'], src, oursEnv(oursWarm, rt.shimDir)),
    phases: hitPhases(rt.node, bundle, ['gcc', ...cc, '-o', 'lapi.o'], src, {
      ...oursEnv(oursWarm, rt.shimDir),
      NODE_COMPILE_CACHE: path.join(rt.shimDir, '.node-compile-cache')
    })
  }));
  const hitStats = await readStats(oursWarm);

  const noCache = median(rows[0]?.times ?? [1]);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const gccVersion = (sh('gcc', ['--version']).split('\n')[0] ?? '').trim();
  const lines: string[] = [];
  lines.push('## Compiler wrapper: Lua built with make -j2');
  lines.push('');
  lines.push(
    `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}; ` +
      `wrapper under node ${node24Version} (and ${otherVersion}); ${gccVersion}; ${ccacheVersion}. ` +
      `Shared machine: other work may run at the same time.`
  );
  lines.push('');
  lines.push(
    `Project: ${path.basename(lua)} (upstream tarball of Debian's lua5.4 source package), ${objects} object files. ` +
      `Command: \`make clean; make ${MAKE_ARGS.join(' ')}\` in the source tree, timed; median of ${runs} runs. ` +
      `ccache through /usr/lib/ccache on PATH, compile-cache through its shims on PATH (wrapper bundle ` +
      `${(statSync(bundle).size / 1024).toFixed(0)} KiB).`
  );
  lines.push('');
  lines.push('| build | median (s) | runs (s) | vs no cache | note |');
  lines.push('|---|---:|---|---:|---|');
  for (const r of rows) {
    const m = median(r.times);
    lines.push(
      `| ${r.name} | ${m.toFixed(2)} | ${r.times.map(t => t.toFixed(2)).join(', ')} | ${(m / noCache).toFixed(2)}× | ${r.note} |`
    );
  }
  lines.push('');
  lines.push(
    `Warm compile-cache builds: ${warmHits} hits, ${warmMisses} misses over ${runs} builds ` +
      `(${objects} objects each); the built lua ${luaOk ? 'runs' : 'DOES NOT RUN'}.`
  );
  lines.push('');
  lines.push(
    `One hit, lapi.c (medians of 11, ms): \`gcc -E\` alone ${preprocess.toFixed(1)}; the uncached compile ` +
      `${compile.toFixed(1)}. Whole hit through a shim, and the wrapper's phases from COMPILE_CACHE_LOG ` +
      `(ms since the wrapper process started; the identity/store span overlaps the \`-E\` run):`
  );
  lines.push('');
  lines.push(`| | ${runtimes.map(rt => `${rt.name} (${rt.version})`).join(' | ')} |`);
  lines.push(`|---|${runtimes.map(() => '---:').join('|')}|`);
  lines.push(`| bare \`node -e 0\` | ${runtimes.map(rt => rt.start.toFixed(1)).join(' | ')} |`);
  lines.push(`| whole hit through the shim | ${runtimes.map(rt => rt.hit.toFixed(1)).join(' | ')} |`);
  for (const [from, to, label] of SPANS) {
    const span = (rt: (typeof runtimes)[number]) =>
      ((rt.phases[to] ?? Number.NaN) - (rt.phases[from] ?? Number.NaN)).toFixed(1);
    lines.push(`| ${from} → ${to}: ${label} | ${runtimes.map(span).join(' | ')} |`);
  }
  lines.push('');
  lines.push(`(${hitStats.hits - after.hits} hits counted in these builds and measurements.)`);
  lines.push('');
  return lines.join('\n');
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const i = process.argv.indexOf('--runs');
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 3;
  benchCompile({ runs }).then(
    text => process.stdout.write(text + '\n'),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  );
}
