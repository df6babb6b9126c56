/**
 * The compiler cache benchmark: whole builds of real projects from Debian's source packages
 * (bench/compile-projects.ts: Lua with make, fmt with CMake + Ninja) with no cache, with Debian's
 * ccache (direct mode on, its default) and with our wrapper, cold (an empty cache for every build)
 * and warm (a filled cache; `clean`, then the build), all builds in turns (run 1 of every row, then
 * run 2, …), medians. Two more cold rows: ours with COMPILE_CACHE_DEPEND=off (every miss runs `-E`
 * first, as before depend mode) and ccache with its depend mode (CCACHE_DEPEND=true). Each build is timed from outside (wall) and its CPU is the user + system time
 * of the build's process tree (the shell's `times`) plus, when the compile server is in use, the
 * server's own CPU and its compilers' (from /proc: it is not a child of the build). Hits and misses
 * come from each tool's statistics; every build's object files are compared byte for byte with the
 * uncached build's.
 *
 * Ours runs the way the action sets it up: the shims first on PATH (and, for the CMake project, also
 * through CMAKE_<LANG>_COMPILER_LAUNCHER=compile-cache-launcher), installed with Node 24 (the action's
 * runtime). When install-shims builds the native client (docs/server.md), the shims are that client
 * and a compile server runs for the cache directory: it is started before each build and stopped
 * after it, as the action's pre and post steps do, so its start is not in the build's wall time (its
 * CPU is in the CPU column). Otherwise the shims start the Node wrapper for every compile.
 *
 * One hit: one compile that hits (the shim or launcher started, the whole process to its exit),
 * timed in a loop, median; with the breakdown the tool logs (the Node wrapper's COMPILE_CACHE_LOG
 * phases; the native client's COMPILE_CACHE_CLIENT_TIMING spans).
 *
 *   npx tsx bench/compile.ts [--runs N] [--warm-runs N] [--quick] [--project lua,fmt] [--node20]
 *                            [--wrapper LABEL=SOURCE_TREE ...] [--hit-samples N] [--results]
 *                            [--fmt-targets a,b,...] [--no-warmup]
 *
 * Default: both projects, 3 runs of every row and 9 of every warm row (a warm build takes about a
 * second, and single builds of it spread by half on a shared machine: three were too few to tell a
 * tenth apart), the wrapper of this working tree's src/ under Node 24 (about 30–40 minutes on 2 idle
 * cores, most of it fmt's cold builds). --quick: Lua only, 1 run.
 * --node20 adds rows for the wrapper under the Node that runs this script (20 on the project's
 * machines). --wrapper (repeatable) measures the wrapper of other source trees (a checkout or `git
 * archive` of another commit, node_modules linked) in the same turns, e.g. before and after a
 * change. The warm rows reuse the cache their cold row's first build filled. --results writes the
 * section into bench/RESULTS.md in place of the old one.
 *
 * `benchCompile()` returns the Markdown section (bench/run.ts includes it in the report).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import ts from 'typescript';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { node24Path } from '../scripts/node24.mjs';
import { ensurePackages, fmtProject, hasCommand, luaProject, sh, type Project } from './compile-projects.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'bench', 'work', 'compile');

export interface CompileBenchOptions {
  runs?: number;
  /** Builds of each warm row (at least `runs`): the rounds after `runs` have the warm rows only, in turns. */
  warmRuns?: number;
  quick?: boolean;
  projects?: Array<'lua' | 'fmt'>;
  node20?: boolean;
  /** Source trees whose wrapper is measured (default: this one), labelled in the rows. */
  wrappers?: Array<{ label: string; source: string }>;
  /** fmt's ninja targets (default FMT_TARGETS). */
  fmtTargets?: string[];
  /** Skip the untimed build that warms the page cache (the first timed no-cache build is the reference either way). */
  noWarmup?: boolean;
  /** One-hit loop length. */
  hitSamples?: number;
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
  for (const k of Object.keys(env)) {
    if (
      k.startsWith('CCACHE_') ||
      k.startsWith('COMPILE_CACHE_') ||
      k.startsWith('MAKE') ||
      k === 'MFLAGS' ||
      k === 'NODE_COMPILE_CACHE' ||
      k === 'CC' ||
      k === 'CXX'
    ) {
      delete env[k];
    }
  }
  return env;
}

/**
 * The wrapper bundle (wrap/index.js, and native/client.c beside it as in dist/), bundled with ncc from
 * a source tree's src/wrapper-bundle.ts: this working tree, or a checkout of another commit (its
 * node_modules may be a link to this one's).
 */
async function wrapperBundle(label: string, source: string): Promise<{ script: string; commit: string }> {
  const out = path.join(WORK, `wrapper-${label.replace(/[^\w.-]/g, '_')}`);
  rmSync(out, { recursive: true, force: true });
  // As scripts/build.mjs builds dist/wrap: the sources transpiled file by file to ES modules, then
  // one ncc bundle (ESM) with its chunks (a plain `ncc build file.ts` gives a bundle whose lazy
  // store chunk fails to load). The JavaScript goes inside the source tree, so that packages
  // resolve from its node_modules.
  const js = path.join(source, 'build', `bench-wrapper-${process.pid}`);
  rmSync(js, { recursive: true, force: true });
  try {
    const listTs = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap(d =>
        d.isDirectory()
          ? listTs(path.join(dir, d.name))
          : d.name.endsWith('.ts') && !d.name.endsWith('.d.ts')
            ? [path.join(dir, d.name)]
            : []
      );
    for (const file of listTs(path.join(source, 'src'))) {
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.ES2022,
          target: ts.ScriptTarget.ES2022,
          isolatedModules: true,
          verbatimModuleSyntax: false,
          sourceMap: false
        }
      });
      const dest = path.join(js, path.relative(path.join(source, 'src'), file)).replace(/\.ts$/, '.js');
      mkdirSync(path.dirname(dest), { recursive: true });
      writeFileSync(dest, outputText);
    }
    // ncc ships no types.
    type Ncc = (
      entry: string,
      opts: Record<string, unknown>
    ) => Promise<{ code: string; assets: Record<string, { source: string | Buffer; permissions?: number }> }>;
    const nccModule: string = '@vercel/ncc';
    const ncc = ((await import(nccModule)) as { default: Ncc }).default;
    // src/wrapper-bundle.ts since the layers were split (issue 9); src/compiler/main.ts before.
    const entry = existsSync(path.join(js, 'wrapper-bundle.js'))
      ? path.join(js, 'wrapper-bundle.js')
      : path.join(js, 'compiler', 'main.js');
    const { code, assets } = await ncc(entry, {
      cache: false,
      minify: false,
      sourceMap: false,
      quiet: true,
      esm: true,
      filterAssetBase: source,
      target: 'es2022'
    });
    mkdirSync(path.join(out, 'wrap'), { recursive: true });
    writeFileSync(path.join(out, 'wrap', 'index.js'), code);
    for (const [name, asset] of Object.entries(assets)) {
      const file = path.join(out, 'wrap', name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, asset.source, { mode: asset.permissions });
    }
    writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
  } finally {
    rmSync(js, { recursive: true, force: true });
  }
  // install-shims builds the native client from ../native/client.c beside the bundle, when there is one.
  const client = path.join(source, 'native', 'client.c');
  if (existsSync(client)) {
    mkdirSync(path.join(out, 'native'), { recursive: true });
    copyFileSync(client, path.join(out, 'native', 'client.c'));
  }
  let commit = 'unknown';
  try {
    commit = sh('git', ['rev-parse', '--short', 'HEAD'], { cwd: source }).trim();
    if (sh('git', ['status', '--porcelain', '--', 'src', 'native'], { cwd: source }).trim() !== '') {
      commit += ' + uncommitted changes in src/ or native/';
    }
  } catch {
    const marker = path.join(source, '.commit');
    if (existsSync(marker)) commit = readFileSync(marker, 'utf8').trim();
  }
  return { script: path.join(out, 'wrap', 'index.js'), commit };
}

interface Shims {
  dir: string;
  launcher: string;
  node: string;
  native: boolean;
}

function installShims(node: string, script: string, dir: string): Shims {
  rmSync(dir, { recursive: true, force: true });
  const r = spawnSync(node, [script, 'install-shims', dir], { encoding: 'utf8', env: baseEnv() });
  if (r.status !== 0) throw new Error(`install-shims failed: ${r.stderr}`);
  const native = lstatSync(path.join(dir, 'gcc')).isSymbolicLink();
  return { dir, launcher: path.join(dir, 'compile-cache-launcher'), node, native };
}

/** A build timed from outside; CPU of its process tree from the shell's `times` (10 ms ticks). */
function timedRun(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv
): { wall: number; cpu: number; stderr: string } {
  const file = path.join(WORK, `times-${process.pid}.txt`);
  rmSync(file, { force: true });
  const t = process.hrtime.bigint();
  const r = spawnSync(
    'sh',
    ['-c', 'f=$1; shift; "$@"; s=$?; times > "$f"; exit $s', 'sh', file, cmd, ...args],
    {
      cwd,
      env,
      encoding: 'utf8',
      maxBuffer: 256 << 20
    }
  );
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${(r.stdout + r.stderr).slice(-3000)}`);
  }
  // Two lines: the shell's own user/sys, then its children's (the whole build).
  const secs = [...readFileSync(file, 'utf8').matchAll(/(\d+)m([\d.]+)s/g)].map(
    m => Number(m[1]) * 60 + Number(m[2])
  );
  rmSync(file, { force: true });
  return { wall, cpu: (secs[2] ?? Number.NaN) + (secs[3] ?? Number.NaN), stderr: r.stderr };
}

const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** user + system CPU of a process and of its children it waited for, in seconds (Linux /proc). */
function procCpu(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of stat(5): utime stime cutime cstime; f[0] is field 3.
    return [11, 12, 13, 14].reduce((s, i) => s + Number(f[i]), 0) / TICK;
  } catch {
    return Number.NaN;
  }
}

/** Whether a wrapper bundle's server takes `--warm-up` (older commits, compared with --wrapper, do not). */
const warmUpSupport = new Map<string, boolean>();
function takesWarmUp(node: string, script: string): boolean {
  let yes = warmUpSupport.get(script);
  if (yes === undefined) {
    const r = spawnSync(node, [script, 'server', '--help'], { encoding: 'utf8' });
    yes = (r.stdout ?? '').includes('--warm-up');
    warmUpSupport.set(script, yes);
  }
  return yes;
}

/** Whether a wrapper bundle has `server headers` (older commits, compared with --wrapper, do not). */
function takesHeadersRequest(node: string, script: string): boolean {
  const r = spawnSync(node, [script, 'server', '--help'], { encoding: 'utf8' });
  return (r.stdout ?? '').includes('server headers');
}

/** The server's warm-up CPU (seconds) of every start in this run: the pre step's, outside the builds. */
export const warmUpCpu: number[] = [];

/**
 * The compile server of a cache directory, started as the action's pre step does (with --warm-up
 * where the wrapper has it, waiting until the warm-up is done: the pre step runs steps before the
 * build), stopped after the build. Its CPU counts from the end of the warm-up.
 */
class Server {
  pid: number | undefined;
  private cpuAtStart = 0;
  constructor(
    private shims: Shims,
    private script: string,
    private env: NodeJS.ProcessEnv
  ) {}
  async start(): Promise<void> {
    const warmUp = takesWarmUp(this.shims.node, this.script);
    const child = spawn(this.shims.node, [this.script, 'server', ...(warmUp ? ['--warm-up'] : [])], {
      env: this.env,
      detached: true,
      stdio: 'ignore'
    });
    child.unref();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = spawnSync(this.shims.node, [this.script, 'server', 'status'], {
        env: this.env,
        encoding: 'utf8'
      });
      const pid = /server (\d+)/.exec(r.stdout ?? '')?.[1];
      if (r.status === 0 && pid !== undefined && !(r.stdout ?? '').includes('(warming up)')) {
        this.pid = Number(pid);
        this.cpuAtStart = procCpu(this.pid);
        if (warmUp) warmUpCpu.push(this.cpuAtStart);
        return;
      }
      if (Date.now() > deadline) throw new Error(`the compile server did not answer: ${r.stdout}${r.stderr}`);
      await new Promise(res => setTimeout(res, 50));
    }
  }
  cpu(): number {
    return this.pid === undefined ? 0 : procCpu(this.pid) - this.cpuAtStart;
  }
  stop(): void {
    spawnSync(this.shims.node, [this.script, 'server', 'stop'], { env: this.env, stdio: 'ignore' });
    this.pid = undefined;
  }
}

interface Counts {
  hits: number;
  misses: number;
  other: number;
}

function ccacheCounts(env: NodeJS.ProcessEnv): Counts {
  const text = sh('ccache', ['--print-stats'], { env });
  const get = (k: string) => Number(new RegExp(`^${k}\\t(\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const hits = get('direct_cache_hit') + get('preprocessed_cache_hit');
  const misses = get('cache_miss');
  return { hits, misses, other: 0 };
}

function oursCounts(node: string, script: string, env: NodeJS.ProcessEnv): Counts {
  const s = JSON.parse(sh(node, [script, 'stats', '--json'], { env })) as {
    hits: number;
    misses: number;
    uncacheable?: Record<string, number>;
  };
  const other = Object.values(s.uncacheable ?? {}).reduce((a, b) => a + b, 0);
  return { hits: s.hits, misses: s.misses, other };
}

function digestObjects(p: Project): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of p.objects()) {
    out.set(
      rel,
      createHash('sha256')
        .update(readFileSync(path.join(p.buildDir, rel)))
        .digest('hex')
    );
  }
  return out;
}

interface Row {
  name: string;
  tool: 'none' | 'ccache' | 'ours';
  warm: boolean;
  note: string;
  /** The build directory's configuration (CMake: PATH and launcher at configure time). */
  config: string;
  /** The environment of run i (a cold row gets an empty cache every run). */
  env: (run: number) => NodeJS.ProcessEnv;
  wrapper?: Wrapper;
  /**
   * The server starts (and warms up) while the project's tree is away, as the action's pre step
   * starts it before the checkout; then the tree comes back, `server headers` is asked as the main
   * step asks it, and the build starts at once (no step in between: the least favourable case).
   */
  serverBeforeTree?: boolean;
  wall: number[];
  cpu: number[];
  counts: Counts[];
  identical: boolean[];
}

/** One build of our wrapper under test: its bundle and the shims installed from it. */
interface Wrapper {
  label: string;
  script: string;
  commit: string;
  shims: Shims;
}

interface ProjectResult {
  project: Project;
  rows: Row[];
  objects: number;
  smoke: boolean;
  hit: HitResult[];
}

interface HitResult {
  name: string;
  wholeMs: number;
  spans: Array<[string, number]>;
}

function timeMs(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}) in ${cwd}`);
  return ms;
}

/**
 * hyperfine, when installed (benchCompile installs Debian's where it can): it starts each run
 * without a shell and times it to the microsecond. Asked once, after that install.
 */
let hyperfineThere: boolean | undefined;
function hasHyperfine(): boolean {
  hyperfineThere ??= spawnSync('hyperfine', ['--version'], { stdio: 'ignore' }).status === 0;
  return hyperfineThere;
}

/**
 * Median time of one command over n runs (after warm-up runs): with hyperfine (`-N`: no shell, as
 * make and ninja start a compiler), else a loop of spawnSync from this Node process, whose own
 * cost (several ms, the `/bin/true` row shows it) is then in every figure.
 */
function microMs(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, n: number): number {
  if (hasHyperfine() && [cmd, ...args].every(a => /^[\w./+=,:@%-]+$/.test(a))) {
    const out = path.join(WORK, `hyperfine-${process.pid}.json`);
    const r = spawnSync(
      'hyperfine',
      ['-N', '--warmup', '5', '--runs', String(n), '--export-json', out, '--', [cmd, ...args].join(' ')],
      { cwd, env, stdio: 'ignore' }
    );
    if (r.status !== 0) throw new Error(`hyperfine ${cmd} ${args.join(' ')} failed (${r.status}) in ${cwd}`);
    const res = JSON.parse(readFileSync(out, 'utf8')) as { results: Array<{ median: number }> };
    rmSync(out, { force: true });
    return (res.results[0]?.median ?? NaN) * 1000;
  }
  timeMs(cmd, args, cwd, env);
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(timeMs(cmd, args, cwd, env));
  return median(times);
}

/** The `  <phase> at <ms> ms` lines of COMPILE_CACHE_LOG, medians per phase, in the order logged. */
function logPhases(text: string): Array<[string, number]> {
  const at = new Map<string, number[]>();
  for (const m of text.matchAll(/^ {2}(\w+) at (\d+(?:\.\d+)?) ms$/gm)) {
    const name = m[1] as string;
    if (!at.has(name)) at.set(name, []);
    at.get(name)?.push(Number(m[2]));
  }
  const med = [...at.entries()].map(([k, v]) => [k, median(v)] as [string, number]);
  med.sort((a, b) => a[1] - b[1]);
  const spans: Array<[string, number]> = [];
  let prev: [string, number] = ['start', 0];
  for (const p of med) {
    spans.push([`${prev[0]} → ${p[0]}`, p[1] - prev[1]]);
    prev = p;
  }
  return spans;
}

/** "connect X server Y replay Z" lines of COMPILE_CACHE_CLIENT_TIMING, medians. */
function clientSpans(text: string): Array<[string, number]> {
  const cols = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(/(\w+) (\d+(?:\.\d+)?)/g)) {
      const k = m[1] as string;
      if (!cols.has(k)) cols.set(k, []);
      cols.get(k)?.push(Number(m[2]));
    }
  }
  return [...cols.entries()].map(([k, v]) => [`client: ${k}`, median(v)] as [string, number]);
}

async function oneHit(
  p: Project,
  name: string,
  w: Wrapper,
  via: 'shim' | 'launcher',
  env: NodeJS.ProcessEnv,
  n: number
): Promise<HitResult> {
  const s = p.sampleCompile();
  const cmd = via === 'shim' ? path.join(w.shims.dir, s.compiler) : w.shims.launcher;
  const args = via === 'shim' ? s.args : [s.compiler, ...s.args];
  const server = w.shims.native ? new Server(w.shims, w.script, env) : undefined;
  await server?.start();
  try {
    const wholeMs = microMs(cmd, args, s.cwd, env, n);
    const log = path.join(WORK, `hit-${process.pid}.log`);
    const timing = path.join(WORK, `hit-${process.pid}.timing`);
    rmSync(log, { force: true });
    rmSync(timing, { force: true });
    const logged = { ...env, COMPILE_CACHE_LOG: log, COMPILE_CACHE_CLIENT_TIMING: timing };
    for (let i = 0; i < Math.min(n, 21); i++) timeMs(cmd, args, s.cwd, logged);
    const spans = [
      ...(existsSync(timing) ? clientSpans(readFileSync(timing, 'utf8')) : []),
      ...(existsSync(log) ? logPhases(readFileSync(log, 'utf8')) : [])
    ];
    rmSync(log, { force: true });
    rmSync(timing, { force: true });
    return { name, wholeMs, spans };
  } finally {
    server?.stop();
  }
}

async function benchProject(
  p: Project,
  runs: number,
  ctx: { wrappers: Wrapper[]; hitSamples: number; noWarmup: boolean; warmRuns: number },
  log: (s: string) => void
): Promise<ProjectResult> {
  const plain = baseEnv();
  const caches = path.join(WORK, 'caches', p.id);
  const pathWith = (dir: string) => `${dir}${path.delimiter}${plain.PATH ?? ''}`;
  const fresh = (name: string) => {
    const d = path.join(caches, name);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    return d;
  };
  const ccacheEnv = (dir: string): NodeJS.ProcessEnv => ({
    ...plain,
    ...(p.cmake ? {} : { PATH: pathWith('/usr/lib/ccache') }),
    CCACHE_DIR: dir
  });
  const runDir = path.join(WORK, 'run');
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const oursEnv = (dir: string, w: Wrapper, onPath: boolean): NodeJS.ProcessEnv => ({
    ...plain,
    ...(onPath ? { PATH: pathWith(w.shims.dir) } : {}),
    COMPILE_CACHE_DIR: dir,
    // The server's socket and our state (statistics) under the bench's work tree.
    XDG_RUNTIME_DIR: runDir,
    XDG_STATE_HOME: path.join(WORK, 'state')
  });
  const rows: Row[] = [];
  const row = (r: Omit<Row, 'wall' | 'cpu' | 'counts' | 'identical'>) =>
    rows.push({ ...r, wall: [], cpu: [], counts: [], identical: [] });
  const clientName = (s: Shims) => (s.native ? 'native client + server' : 'Node wrapper');
  const ccacheHow = p.cmake ? 'CMAKE_CXX_COMPILER_LAUNCHER=ccache' : '/usr/lib/ccache first on PATH';

  // The warm rows use the cache that the cold row's first build filled (its first warm build is
  // thus also the first build after the fill, as a CI job's would be).
  row({ name: 'no cache', tool: 'none', warm: false, note: '', config: 'plain', env: () => plain });
  const ccacheCold = (i: number) => path.join(caches, `ccache-cold-${i}`);
  row({
    name: 'ccache, cold',
    tool: 'ccache',
    warm: false,
    note: `${ccacheHow}; empty cache every build`,
    config: 'ccache',
    env: i => ccacheEnv(fresh(`ccache-cold-${i}`))
  });
  row({
    name: 'ccache, cold, depend mode',
    tool: 'ccache',
    warm: false,
    note: `${ccacheHow}; empty cache every build; CCACHE_DEPEND=true (its depend_mode: no preprocessor run on a miss, where the build asks for a depfile)`,
    config: 'ccache',
    env: i => ({ ...ccacheEnv(fresh(`ccache-cold-depend-${i}`)), CCACHE_DEPEND: 'true' })
  });
  row({
    name: 'ccache, warm',
    tool: 'ccache',
    warm: true,
    note: `${ccacheHow}; direct mode (its default); the cache of the first cold build`,
    config: 'ccache',
    env: () => ccacheEnv(ccacheCold(0))
  });
  for (const w of ctx.wrappers) {
    const tag = w.label.replace(/[^\w.-]/g, '_');
    const label = (via: string) => `compile-cache ${w.label} (${clientName(w.shims)}, ${via})`;
    const cold = (i: number) => path.join(caches, `ours-${tag}-cold-${i}`);
    row({
      name: `${label('shims')}, cold`,
      tool: 'ours',
      warm: false,
      note: 'shims first on PATH; empty cache every build',
      config: `ours-shims-${tag}`,
      wrapper: w,
      env: i => oursEnv(fresh(`ours-${tag}-cold-${i}`), w, true)
    });
    row({
      name: `${label('shims')}, cold, COMPILE_CACHE_DEPEND=off`,
      tool: 'ours',
      warm: false,
      note: 'as the cold row, with depend mode off: every miss runs -E first (preprocessor mode, the behaviour before depend mode)',
      config: `ours-shims-${tag}`,
      wrapper: w,
      env: i => ({ ...oursEnv(fresh(`ours-${tag}-cold-pp-${i}`), w, true), COMPILE_CACHE_DEPEND: 'off' })
    });
    row({
      name: `${label('shims')}, warm`,
      tool: 'ours',
      warm: true,
      note: 'shims first on PATH; the cache of the first cold build',
      config: `ours-shims-${tag}`,
      wrapper: w,
      env: () => oursEnv(cold(0), w, true)
    });
    if (w.shims.native && takesHeadersRequest(w.shims.node, w.script)) {
      row({
        name: `${label('shims')}, warm, server started before the tree`,
        tool: 'ours',
        warm: true,
        note:
          "the shims row's cache; the server warmed up with the source tree away (the action's pre step, " +
          'before the checkout), then the tree back, `server headers`, and the build at once',
        config: `ours-shims-${tag}`,
        wrapper: w,
        serverBeforeTree: true,
        env: () => oursEnv(cold(0), w, true)
      });
    }
    if (p.cmake) {
      row({
        name: `${label('launcher')}, warm`,
        tool: 'ours',
        warm: true,
        note: "CMAKE_CXX_COMPILER_LAUNCHER=compile-cache-launcher, shims not on PATH; the shims row's cache",
        config: `ours-launcher-${tag}`,
        wrapper: w,
        env: () => oursEnv(cold(0), w, false)
      });
    }
  }

  // Configure each build directory once (CMake), with its PATH and launcher.
  const configs = new Map<string, Row>();
  for (const r of rows) if (!configs.has(r.config)) configs.set(r.config, r);
  for (const [config, r] of configs) {
    const env = { ...r.env(0) };
    if (r.tool === 'ours') env.COMPILE_CACHE_DIR = fresh(`${config}-configure`);
    if (r.tool === 'ccache') env.CCACHE_DIR = fresh(`${config}-configure`);
    const launcher =
      r.tool === 'ccache' && p.cmake
        ? 'ccache'
        : config.startsWith('ours-launcher')
          ? r.wrapper?.shims.launcher
          : undefined;
    log(`${p.id}: configuring ${config}`);
    const server = r.wrapper?.shims.native ? new Server(r.wrapper.shims, r.wrapper.script, env) : undefined;
    await server?.start();
    try {
      p.prepare(config, env, launcher);
    } finally {
      server?.stop();
    }
  }

  const build = async (r: Row, env: NodeJS.ProcessEnv) => {
    p.use(r.config);
    sh(p.clean.cmd, p.clean.args, { cwd: p.buildDir, env });
    const w = r.wrapper;
    const server = w?.shims.native ? new Server(w.shims, w.script, env) : undefined;
    if (r.serverBeforeTree && w && server) {
      const away = p.checkout().map(dir => [dir, `${dir}.away-${process.pid}`] as const);
      for (const [dir, aside] of away) renameSync(dir, aside);
      try {
        await server.start();
      } finally {
        for (const [dir, aside] of away) renameSync(aside, dir);
      }
      sh(w.shims.node, [w.script, 'server', 'headers'], { env });
    } else await server?.start();
    try {
      const t = timedRun(p.build.cmd, p.build.args, p.buildDir, env);
      return { ...t, cpu: t.cpu + (server?.cpu() ?? 0) };
    } finally {
      server?.stop();
    }
  };

  // Warms the page cache and checks the build; the reference objects are the first timed no-cache build's.
  if (!ctx.noWarmup) {
    log(`${p.id}: untimed build (no cache)`);
    await build(rows[0] as Row, plain);
  }
  let reference: Map<string, string> | undefined;
  const smoke = p.smoke();

  const measure = async (r: Row, i: number, of: number) => {
    const env = r.env(i);
    if (r.tool === 'ccache') sh('ccache', ['-z'], { env });
    if (r.tool === 'ours' && r.wrapper) sh(r.wrapper.shims.node, [r.wrapper.script, 'zero-stats'], { env });
    const t = await build(r, env);
    r.wall.push(t.wall);
    r.cpu.push(t.cpu);
    if (r.tool === 'ccache') r.counts.push(ccacheCounts(env));
    if (r.tool === 'ours' && r.wrapper)
      r.counts.push(oursCounts(r.wrapper.shims.node, r.wrapper.script, env));
    const got = digestObjects(p);
    reference ??= got;
    r.identical.push(got.size === reference.size && [...reference].every(([k, v]) => got.get(k) === v));
    log(`${p.id} run ${i + 1}/${of}: ${r.name}: ${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU`);
  };
  for (let i = 0; i < runs; i++) for (const r of rows) await measure(r, i, runs);
  // More rounds of the warm rows alone, still in turns: they take a second each.
  for (let i = runs; i < ctx.warmRuns; i++)
    for (const r of rows.filter(x => x.warm)) await measure(r, i, ctx.warmRuns);

  // One hit through our shim (and launcher), against the warm cache.
  const hit: HitResult[] = [];
  // The server-before-the-tree row differs only in how its builds start: its hit would repeat the shims row's.
  for (const r of rows.filter(
    x => x.tool === 'ours' && x.warm && x.wrapper !== undefined && !x.serverBeforeTree
  )) {
    p.use(r.config);
    const via = r.config.startsWith('ours-launcher') ? 'launcher' : 'shim';
    log(`${p.id}: one hit, ${r.name}`);
    hit.push(
      await oneHit(p, r.name.replace(/, warm$/, ''), r.wrapper as Wrapper, via, r.env(0), ctx.hitSamples)
    );
  }
  // ccache's one hit the same way, for comparison: its masquerade link (make) or itself as the launcher (CMake).
  for (const r of rows.filter(x => x.tool === 'ccache' && x.warm)) {
    p.use(r.config);
    const s = p.sampleCompile();
    const env = r.env(0);
    const masquerade = path.join('/usr/lib/ccache', s.compiler);
    const [cmd, args] = p.cmake ? ['ccache', [s.compiler, ...s.args]] : [masquerade, s.args];
    log(`${p.id}: one hit, ${r.name}`);
    hit.push({
      name: r.name.replace(/, warm$/, ''),
      wholeMs: microMs(cmd, args, s.cwd, env, ctx.hitSamples),
      spans: []
    });
  }
  // The caches are not kept.
  for (let i = 0; i < runs; i++) {
    for (const r of rows.filter(x => !x.warm && x.tool !== 'none')) {
      const e = r.env(i);
      rmSync((e.COMPILE_CACHE_DIR ?? e.CCACHE_DIR) as string, { recursive: true, force: true });
    }
  }
  return { project: p, rows, objects: reference?.size ?? 0, smoke, hit };
}

function fmtRuns(xs: number[]): string {
  return xs.map(x => x.toFixed(2)).join(', ');
}

function renderProject(
  res: ProjectResult,
  runs: number,
  warmRuns: number,
  extra: { floorMs: number; preMs: number; nodeMs: number }
) {
  const { project: p, rows } = res;
  const lines: string[] = [];
  const base = rows[0] as Row;
  const baseWall = median(base.wall);
  const baseCpu = median(base.cpu);
  const ccWarm = rows.find(r => r.tool === 'ccache' && r.warm);
  lines.push(`### ${p.title}`);
  lines.push('');
  lines.push(
    `${p.language}, ${res.objects} object files; ${p.commandText}, timed; median of ${runs} builds per row` +
      (warmRuns > runs ? ` (of ${warmRuns} per warm row: further rounds of the warm rows alone)` : '') +
      `, the rows in turns. The built program ${res.smoke ? 'runs' : 'DOES NOT RUN'}.`
  );
  lines.push('');
  lines.push(
    '| build | wall (s) | CPU (s) | wall vs no cache | CPU vs no cache | wall vs ccache warm | hits / misses per build | objects identical | wall runs (s) | note |'
  );
  lines.push('|---|---:|---:|---:|---:|---:|---|---|---|---|');
  for (const r of rows) {
    const w = median(r.wall);
    const c = median(r.cpu);
    const counts =
      r.counts.length === 0
        ? '–'
        : r.counts.map(k => `${k.hits}/${k.misses}${k.other > 0 ? ` (+${k.other} other)` : ''}`).join(', ');
    const vsWarm = r.warm && ccWarm !== undefined ? `${(w / median(ccWarm.wall)).toFixed(2)}×` : '';
    const same = r.identical.every(Boolean)
      ? 'yes'
      : `NO (${r.identical.filter(x => !x).length} builds differ)`;
    lines.push(
      `| ${r.name} | ${w.toFixed(2)} | ${c.toFixed(2)} | ${(w / baseWall).toFixed(2)}× | ${(c / baseCpu).toFixed(2)}× | ${vsWarm} | ${counts} | ${same} | ${fmtRuns(r.wall)} | ${r.note} |`
    );
  }
  lines.push('');
  const s = p.sampleCompile();
  lines.push(
    `One hit (${s.label}, \`${s.compiler}\` with the build's flags, against the warm cache): the whole process ` +
      `from start to exit, median of the loop${hasHyperfine() ? ' (hyperfine -N: no shell)' : ' (spawnSync from Node)'}, ms. For scale: starting \`/bin/true\` the same way ${extra.floorMs.toFixed(1)}; ` +
      `\`gcc -E\` of lapi.c ${extra.preMs.toFixed(1)}; \`node -e 0\` (Node 24) ${extra.nodeMs.toFixed(1)}.`
  );
  lines.push('');
  lines.push('| one hit | ms |');
  lines.push('|---|---:|');
  for (const h of res.hit) {
    lines.push(`| **${h.name}: whole hit** | **${h.wholeMs.toFixed(1)}** |`);
    for (const [span, ms] of h.spans) lines.push(`| ${h.name}: ${span} | ${ms.toFixed(1)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

export async function benchCompile(options: CompileBenchOptions = {}): Promise<string> {
  // bench/run.ts calls benchCompile() with no options: its --quick applies here too.
  const quick = options.quick ?? process.argv.includes('--quick');
  const runs = options.runs ?? (quick ? 1 : 3);
  const warmRuns = Math.max(runs, options.warmRuns ?? (quick ? runs : 9));
  const ids = options.projects ?? (quick ? ['lua'] : ['lua', 'fmt']);
  const hitSamples = options.hitSamples ?? (quick ? 11 : 31);
  const log = (s: string) =>
    process.stderr.write(`[compile bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
  mkdirSync(WORK, { recursive: true });
  ensurePackages([{ pkg: 'ccache', present: () => hasCommand('ccache') }]);
  // The one-hit rows time a process of a millisecond or two: a loop of spawnSync from this Node
  // adds more than that, so hyperfine is installed too; without it the rows say how they were timed.
  try {
    ensurePackages([{ pkg: 'hyperfine', present: () => hasCommand('hyperfine') }]);
  } catch (err) {
    log(
      `hyperfine could not be installed (${(err as Error).message.split('\n')[0]}): one hits are timed from Node`
    );
  }
  const ccacheVersion = (sh('ccache', ['--version']).split('\n')[0] ?? '').trim();
  const node24 = node24Path();
  const node24Version = sh(node24, ['--version']).trim();
  const sources = options.wrappers ?? [{ label: '', source: ROOT }];
  const wrappers: Wrapper[] = [];
  for (const { label, source } of sources) {
    const { script, commit } = await wrapperBundle(label || 'this', source);
    const tag = (label || 'this').replace(/[^\w.-]/g, '_');
    wrappers.push({
      label,
      script,
      commit,
      shims: installShims(node24, script, path.join(WORK, `shims-${tag}`))
    });
    if (options.node20) {
      const other = process.env.BENCH_NODE20 || process.execPath;
      const major = sh(other, ['-p', 'process.versions.node.split(".")[0]']).trim();
      if (major !== '24') {
        wrappers.push({
          label: `${label ? `${label}, ` : ''}Node ${major}`,
          script,
          commit,
          shims: installShims(other, script, path.join(WORK, `shims-${tag}-node${major}`))
        });
      }
    }
  }
  const load = () =>
    os
      .loadavg()
      .map(x => x.toFixed(1))
      .join(', ');
  const loadBefore = load();
  const started = new Date();

  const results: ProjectResult[] = [];
  const failures: string[] = [];
  for (const id of ids) {
    try {
      const p =
        id === 'lua'
          ? luaProject(path.join(WORK, 'lua'))
          : fmtProject(path.join(WORK, 'fmt'), options.fmtTargets);
      results.push(
        await benchProject(
          p,
          runs,
          { wrappers, hitSamples, noWarmup: options.noWarmup ?? false, warmRuns },
          log
        )
      );
    } catch (err) {
      // One project's failure does not lose the others' figures.
      log(`${id} failed: ${(err as Error).stack ?? String(err)}`);
      failures.push(`The ${id} benchmark failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  const plain = baseEnv();
  const floorMs = microMs('/bin/true', [], WORK, plain, hitSamples);
  const nodeMs = microMs(node24, ['-e', '0'], WORK, plain, 11);
  const lua = results.find(r => r.project.id === 'lua')?.project ?? luaProject(path.join(WORK, 'lua'));
  const s = lua.sampleCompile();
  const preMs = microMs(
    'gcc',
    [...s.args.filter(a => a !== '-c' && a !== '-o' && a !== 'lapi.o'), '-E', '-o', '/dev/null'],
    s.cwd,
    plain,
    11
  );

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const gccVersion = (sh('gcc', ['--version']).split('\n')[0] ?? '').trim();
  const lines: string[] = [];
  lines.push('## Compiler cache: whole builds against ccache');
  lines.push('');
  const described = wrappers.map(
    w =>
      `${w.label ? `"${w.label}"` : 'compile-cache'} = commit ${w.commit}, shims installed with node ` +
      `${sh(w.shims.node, ['--version']).trim()}: ${
        w.shims.native
          ? 'the native client, with the compile server of the cache directory started before each build and stopped after it'
          : '/bin/sh scripts starting the Node wrapper for every compile'
      }`
  );
  lines.push(
    `${described.join('; ')}. ${gccVersion}; ${ccacheVersion}; Node 24 is ${node24Version}. ` +
      `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}. ` +
      `Started ${started.toISOString().slice(0, 16)} UTC; load average ${loadBefore} before, ${load()} after: ` +
      `the 2 cores are shared with other work, so compare rows of one table (measured in turns), not tables of different runs.`
  );
  lines.push('');
  lines.push(
    'CPU = user + system time of the build command and every process it waited for, plus the compile ' +
      "server's (and its compilers') when the native client is used. Hits / misses: ccache's " +
      "`--print-stats` (direct + preprocessed hits) and ours' `stats --json` (+ calls passed straight to the compiler, " +
      'links mostly), zeroed before each build. "Objects identical": every object file of every build of the row ' +
      "equals the first uncached build's, byte for byte." +
      (warmUpCpu.length > 0
        ? ` The server is started with --warm-up before each build, and the build starts once the warm-up is done ` +
          `(the action's pre step starts it so, steps before the build); the warm-up's CPU is not in the rows: ` +
          `median ${median(warmUpCpu).toFixed(2)} s per start (${warmUpCpu.length} starts), the server's start included.`
        : '')
  );
  lines.push('');
  for (const r of results) lines.push(renderProject(r, runs, warmRuns, { floorMs, preMs, nodeMs }));
  for (const f of failures) lines.push(f, '');
  return lines.join('\n');
}

function splice(section: string): void {
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = text.search(/^## Compiler (wrapper|cache)\b/m);
  const head = at >= 0 ? text.slice(0, at) : `${text}\n`;
  writeFileSync(file, `${head}${section.trim()}\n`);
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const argv = process.argv.slice(2);
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  /** A count flag's value: a whole number from 1, or exit naming the flag and the value. */
  const count = (name: string): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      process.stderr.write(`--${name}: ${JSON.stringify(v)} is not a whole number of at least 1\n`);
      process.exit(2);
    }
    return n;
  };
  // --wrapper LABEL=SOURCE_TREE, repeatable: each one's rows are measured in the same turns.
  const wrappers: Array<{ label: string; source: string }> = [];
  argv.forEach((a, i) => {
    const v = argv[i + 1];
    if (a !== '--wrapper' || v === undefined) return;
    const eq = v.indexOf('=');
    wrappers.push(eq < 0 ? { label: '', source: v } : { label: v.slice(0, eq), source: v.slice(eq + 1) });
  });
  const projects = get('project')?.split(',') as Array<'lua' | 'fmt'> | undefined;
  benchCompile({
    runs: count('runs'),
    warmRuns: count('warm-runs'),
    quick: argv.includes('--quick'),
    projects,
    node20: argv.includes('--node20'),
    wrappers: wrappers.length > 0 ? wrappers : undefined,
    hitSamples: count('hit-samples'),
    fmtTargets: get('fmt-targets')?.split(','),
    noWarmup: argv.includes('--no-warmup')
  }).then(
    text => {
      process.stdout.write(text + '\n');
      if (argv.includes('--results')) splice(text);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    }
  );
}
