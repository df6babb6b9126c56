/**
 * The whole-command benchmark: what a workflow step pays, measured as a user would see it.
 *
 * - Data: real object files from Debian's static libraries, built into compile entries of six
 *   blobs (bench/real-objects.ts); the report gives their zstd -3 ratio.
 * - Servers: Ceph RGW (a real S3 implementation, testkit/rgw/rgw.js) and s3rver
 *   (testkit/s3-server.js), each in processes of their own, behind a shaped link (testkit/link-proxy.ts
 *   in a process of its own, see bench/link.ts for why not the kernel).
 * - Commands, each timed from process start to exit: ours = `node24 bin/compile-cache.js restore|save`
 *   with fresh directories; the archive a user would pick instead = `curl --aws-sigv4 … | zstd -d |
 *   tar -x` and `tar -c | zstd -3 | curl -T -`, and `aws s3 cp … - | zstd -d | tar -x` when the AWS
 *   CLI is installed; all against the same server over the same link.
 * - In turns: round 1 of every variant of a group, then round 2, …; medians of the rounds, ratios
 *   taken round by round against the archive of the same round.
 * - Per row: wall median (min–max), requests and bytes through the link, CPU (user + sys) of the
 *   whole command's process tree (`/usr/bin/time`), CPU the far side used (server + link).
 *
 * The bucket is filled once per server by our own `save` (default upload mode `auto`, which on a
 * bucket only we write is packs and the census; `--cmd-seed-mode both` writes objects too, as a
 * bucket shared with the Go fleet holds) from the cache, plus the archive; after each measured save it is put back as it was (keys
 * added are deleted, keys removed or changed are written again), so every round starts alike.
 *
 * Alone: `tsx bench/commands.ts [--quick] [--cmd-entries N] [--cmd-rounds N] [--cmd-servers rgw,s3rver]
 * [--cmd-links 20ms:100M,2ms:1G] [--cli-root DIR] [--alt-root DIR --alt-label TEXT] [--no-aws-cli]
 * [--no-drop-caches] [--label TEXT] [--out FILE]` (under Node 24: the measured commands run under scripts/node24.mjs's
 * binary either way); `npm run bench` runs it as its first section, with the same flags.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3';
import { node24Path } from '../scripts/node24.mjs';
import { startRgw } from '../testkit/rgw/rgw.js';
import { S3_TEST_CREDENTIALS } from '../testkit/s3-server.js';
import type { LinkCounts } from '../testkit/link-proxy.js';
import { parseSize } from '../src/store/size.js';
import { startFar, type FarProcess } from './link.js';
import { loadObjectPool, realEntryKey, writeRealCache, type ObjectPool } from './real-objects.js';

export type ServerName = 'rgw' | 's3rver';

export interface LinkSpec {
  latencyMs: number;
  bytesPerSecond: number;
}

export interface CommandsOptions {
  quick: boolean;
  entries: number;
  rounds: number;
  seed: number;
  servers: ServerName[];
  links: LinkSpec[];
  /** The checkout whose bin/compile-cache.js (and built dist/) is measured. */
  cliRoot: string;
  /** A second checkout measured beside it (e.g. a scratch copy patched to use the SDK alone). */
  altRoot?: string;
  altLabel?: string;
  awsCli: boolean;
  /** The upload mode of the seeding save (`--cmd-seed-mode`); default: the CLI's default. */
  seedMode?: string;
  /** Variant ids left out (`--cmd-skip ours-restore-defaults,…`), for a shorter run. */
  skip: string[];
  /**
   * Drop the page cache before each timed restore (`--no-drop-caches`: keep it); on only where
   * /proc/sys/vm/drop_caches can be written (root on Linux). See dropPageCache and inTurns.
   */
  dropCaches: boolean;
  /** Extra restore row with the default limits (max-size 5G, max-age 14d). */
  work: string;
  /** This run's own directory under `work` (runs, logs, the bucket's mirror), removed at the end. */
  scratch: string;
  label: string;
}

const BUCKET = 'bench';
const HERE = dirname(fileURLToPath(import.meta.url));
const ARCHIVE_KEY = 'archives/cache.tar.zst';
const UPLOAD_KEY = 'archives/upload.tar.zst';
const AWS_CLI = '/root/.pyenv/shims/aws';
const MiB = 1024 * 1024;

function log(msg: string): void {
  console.log(`[commands ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

// ---------------------------------------------------------------------------------------------
// The data

interface Dataset {
  base: string;
  fresh: string;
  archive: string;
  archiveBytes: number;
  rawTarBytes: number;
  entries: number;
  newEntries: number;
  pool: { objects: number; bytes: number; packages: string[] };
}

async function sh(cmd: string): Promise<string> {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', cmd], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

async function prepareData(o: CommandsOptions): Promise<Dataset> {
  const newEntries = Math.max(1, Math.round(o.entries * 0.02));
  const base = join(o.work, `real-s${o.seed}-n${o.entries}`);
  const fresh = join(o.work, `real-new-s${o.seed}-n${o.entries}`);
  let pool: ObjectPool | undefined;
  const getPool = (): ObjectPool => (pool ??= loadObjectPool(o.work));
  // Entry times spread over the week before they were made; older than a week, they are made again
  // (the default max-age is 14 days).
  const current = (dir: string): boolean => {
    const marker = join(dir, '.complete');
    return existsSync(marker) && Date.now() - statSync(marker).mtimeMs < 6 * 86_400_000;
  };
  const now = new Date();
  if (!current(base)) {
    log(`building ${o.entries} entries of real object files in ${base}`);
    await rm(base, { recursive: true, force: true });
    await writeRealCache(getPool(), { root: base, count: o.entries, seed: o.seed, now });
    await writeFile(join(base, '.complete'), '');
  }
  if (!current(fresh)) {
    await rm(fresh, { recursive: true, force: true });
    await writeRealCache(getPool(), { root: fresh, first: o.entries, count: newEntries, seed: o.seed, now });
    await writeFile(join(fresh, '.complete'), '');
  }
  const poolInfo = join(o.work, 'real-pool.json');
  if (!existsSync(poolInfo) || pool) {
    const p = getPool();
    await writeFile(
      poolInfo,
      JSON.stringify({
        objects: p.objects.length,
        bytes: p.objects.reduce((a, x) => a + x.data.length, 0),
        packages: p.packages
      })
    );
  }
  const archive = join(o.work, `real-s${o.seed}-n${o.entries}.tar.zst`);
  if (!existsSync(archive) || statSync(archive).mtimeMs < statSync(join(base, '.complete')).mtimeMs) {
    await sh(`tar --posix -cf - -C ${q(base)} compile | zstd -3 -T0 -q -f -o ${q(archive)}`);
  }
  const rawTarBytes = Number(await sh(`tar --posix -cf - -C ${q(base)} compile | wc -c`));
  return {
    base,
    fresh,
    archive,
    archiveBytes: statSync(archive).size,
    rawTarBytes,
    entries: o.entries,
    newEntries,
    pool: JSON.parse(readFileSync(poolInfo, 'utf8')) as Dataset['pool']
  };
}

/** Entries (directories with an `exit_code`) under `<dir>/compile/local`. */
/** Entries a lazy restore kept packed: the index in the state directory (store/deferred-tier.ts). */
function countKept(stateDir: string): number {
  try {
    const doc = JSON.parse(readFileSync(join(stateDir, 'deferred', 'index'), 'utf8')) as {
      entries?: unknown[];
    };
    return doc.entries?.length ?? 0;
  } catch {
    return 0;
  }
}

function countEntries(dir: string): number {
  const root = join(dir, 'compile', 'local');
  let n = 0;
  let shards: string[];
  try {
    shards = readdirSync(root);
  } catch {
    return 0;
  }
  for (const hh of shards) {
    let keys: string[];
    try {
      keys = readdirSync(join(root, hh));
    } catch {
      continue;
    }
    for (const k of keys) if (existsSync(join(root, hh, k, 'exit_code'))) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// The far side

interface Server {
  name: ServerName;
  label: string;
  direct: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  pids: () => number[];
  stop(): Promise<void>;
}

async function startServer(name: ServerName, work: string): Promise<Server> {
  if (name === 'rgw') {
    const rgw = await startRgw({ log: l => log(l) });
    return {
      name,
      label: 'Ceph RGW 16.2 (memstore OSD, one mon)',
      direct: rgw.endpoint,
      credentials: rgw.credentials,
      pids: () => Object.values(rgw.pids),
      stop: () => rgw.stop()
    };
  }
  const dir = join(work, 's3rver-data');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const far = await startFar(['--s3rver', dir]);
  return {
    name,
    label: 's3rver 3 (one Node thread, objects as files; testkit/s3-server.js)',
    direct: far.endpoint,
    credentials: S3_TEST_CREDENTIALS,
    pids: () => [far.pid],
    stop: async () => {
      await far.stop();
      await rm(dir, { recursive: true, force: true });
    }
  };
}

function cpuOfPids(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux: ms
}

function client(server: Server): S3Client {
  return new S3Client({
    endpoint: server.direct,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: server.credentials
  });
}

interface KeyState {
  etag: string;
  size: number;
}

async function listAll(s3: S3Client): Promise<Map<string, KeyState>> {
  const out = new Map<string, KeyState>();
  let token: string | undefined;
  do {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }));
    for (const o of res.Contents ?? []) out.set(o.Key!, { etag: o.ETag ?? '', size: o.Size ?? 0 });
    token = res.IsTruncated ? res.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/**
 * The bucket as seeding left it: every key and ETag, and a copy of each object that is not an
 * entry blob of the base cache (packs, their indexes, the archive), so that a measured save can be
 * undone: what it added is deleted, what it removed or rewrote is put back.
 */
class BucketSnapshot {
  private keys = new Map<string, KeyState>();
  constructor(
    private readonly s3: S3Client,
    private readonly mirror: string,
    private readonly base: string
  ) {}

  private localFile(key: string): string {
    return key.startsWith('cache/compile/')
      ? join(this.base, key.slice('cache/'.length))
      : join(this.mirror, encodeURIComponent(key));
  }

  async take(): Promise<void> {
    this.keys = await listAll(this.s3);
    await rm(this.mirror, { recursive: true, force: true });
    await mkdir(this.mirror, { recursive: true });
    for (const key of this.keys.keys()) {
      if (key.startsWith('cache/compile/') && existsSync(this.localFile(key))) continue;
      const res = await this.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      await writeFile(join(this.mirror, encodeURIComponent(key)), await res.Body!.transformToByteArray());
    }
  }

  /**
   * Every key outside the entries' tree (`cache/compile/`, 18,000 keys that only grow by the new
   * entries, deleted by name): a delimiter listing level by level, so a prefix a save starts to
   * write (new in some version) is seen too.
   */
  private async outsideEntries(): Promise<Map<string, KeyState>> {
    const out = new Map<string, KeyState>();
    const walk = async (prefix: string): Promise<void> => {
      let token: string | undefined;
      do {
        const res = await this.s3.send(
          new ListObjectsV2Command({
            Bucket: BUCKET,
            Prefix: prefix,
            Delimiter: '/',
            ContinuationToken: token
          })
        );
        for (const o of res.Contents ?? []) out.set(o.Key!, { etag: o.ETag ?? '', size: o.Size ?? 0 });
        for (const p of res.CommonPrefixes ?? []) if (p.Prefix !== 'cache/compile/') await walk(p.Prefix!);
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
    };
    await walk('');
    return out;
  }

  /**
   * Puts the bucket back: the blobs of `newKeys` (the warm save's new entries) and every key added
   * outside the entries' tree are deleted; keys removed or rewritten there are written again.
   */
  async restore(newKeys: string[]): Promise<{ deleted: number; written: number }> {
    const now = await this.outsideEntries();
    const extra = [...now.keys()].filter(k => !this.keys.has(k));
    for (const key of newKeys)
      for (const name of ['output', 'stdout', 'stderr', 'exit_code', 'metadata', 'extras'])
        extra.push(`cache/compile/local/${key.slice(0, 2)}/${key}/${name}`);
    for (let i = 0; i < extra.length; i += 1000) {
      await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: BUCKET,
          Delete: { Objects: extra.slice(i, i + 1000).map(Key => ({ Key })), Quiet: true }
        })
      );
    }
    let written = 0;
    for (const [key, state] of this.keys) {
      if (key.startsWith('cache/compile/')) continue;
      const cur = now.get(key);
      if (cur && cur.etag === state.etag) continue;
      await this.s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: await readFile(this.localFile(key)) })
      );
      written++;
    }
    return { deleted: extra.length, written };
  }
}

// ---------------------------------------------------------------------------------------------
// Running one command

interface Sample {
  ms: number;
  userMs: number;
  sysMs: number;
  farCpuMs: number;
  counts: LinkCounts;
  load: number;
  entries?: number;
}

interface Ctx {
  o: CommandsOptions;
  server: Server;
  link: FarProcess;
  linked: string;
  node24: string;
  data: Dataset;
  run: string;
  env: NodeJS.ProcessEnv;
}

function baseEnv(server: Server): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('COMPILE_CACHE_') || k.startsWith('AWS_') || k.startsWith('RUNNER_')) continue;
    if (k.startsWith('GITHUB_') || k.startsWith('INPUT_') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  env.AWS_ACCESS_KEY_ID = server.credentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = server.credentials.secretAccessKey;
  env.AWS_REGION = 'us-east-1';
  env.AWS_DEFAULT_REGION = 'us-east-1';
  return env;
}

/** Runs `cmd` under bash and /usr/bin/time; wall time from spawn to exit, CPU of the whole tree. */
async function timed(ctx: Ctx, cmd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<Sample> {
  const timeFile = `${logFile}.time`;
  await ctx.link.ask('reset');
  const pids = [ctx.link.pid, ...ctx.server.pids()];
  const farBefore = cpuOfPids(pids);
  const load = loadavg()[0]!;
  const started = performance.now();
  const code = await new Promise<number>((resolveCode, reject) => {
    const out = openSync(logFile, 'w');
    const p = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, 'bash', '-o', 'pipefail', '-c', cmd], {
      env,
      stdio: ['ignore', out, out]
    });
    closeSync(out);
    p.on('error', reject);
    p.on('exit', c => resolveCode(c ?? 1));
  });
  const ms = performance.now() - started;
  const farCpuMs = cpuOfPids(pids) - farBefore;
  const counts = (await ctx.link.ask('counts')) as LinkCounts;
  if (code !== 0) {
    let tail = '';
    try {
      tail = (await readFile(logFile, 'utf8')).split('\n').slice(-15).join('\n');
    } catch {
      // no log
    }
    throw new Error(`command failed (exit ${code}): ${cmd}\n${tail}`);
  }
  const lines = (await readFile(timeFile, 'utf8')).trim().split('\n');
  const [user, sys] = lines[lines.length - 1]!.split(' ').map(Number) as [number, number];
  return { ms, userMs: user * 1000, sysMs: sys * 1000, farCpuMs, counts, load };
}

const curlAuth = (): string =>
  `--aws-sigv4 'aws:amz:us-east-1:s3' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD'`;

interface Variant {
  id: string;
  label: string;
  /** The archive row the ratio is taken against (by id), when this row is ours. */
  vs?: string;
  prepare(ctx: Ctx): Promise<void>;
  command(ctx: Ctx): string;
  env?(ctx: Ctx): NodeJS.ProcessEnv;
  /** Checks the outcome (untimed); returns the entry count when it is a restore. */
  check?(ctx: Ctx): number;
}

function ourCli(root: string, node24: string): string {
  return `${q(node24)} ${q(join(root, 'bin', 'compile-cache.js'))}`;
}

/** rm -rf and mkdir -p (the tools: fs.rm of 18,000 files takes several times longer). */
async function freshDir(dir: string): Promise<void> {
  spawnSync('rm', ['-rf', dir]);
  await mkdir(dir, { recursive: true });
}

function restoreVariants(o: CommandsOptions): Variant[] {
  const ours = (id: string, label: string, root: string, flags: string, then = ''): Variant => ({
    id,
    label,
    vs: 'archive-restore',
    async prepare(ctx) {
      await freshDir(ctx.run);
    },
    command: ctx =>
      `${ourCli(root, ctx.node24)} restore --bucket ${BUCKET} --endpoint ${ctx.linked} --cache-dir ${q(join(ctx.run, 'cache'))} --manifest ${q(join(ctx.run, 'manifest.json'))} ${flags}` +
      (then === '' ? '' : ` && ${ourCli(root, ctx.node24)} ${then} --cache-dir ${q(join(ctx.run, 'cache'))}`),
    env: ctx => ({ ...ctx.env, COMPILE_CACHE_STATE_DIR: join(ctx.run, 'state') }),
    // On disk, plus what a lazy install keeps packed (none once `install` has run).
    check: ctx => countEntries(join(ctx.run, 'cache')) + (then === '' ? countKept(join(ctx.run, 'state')) : 0)
  });
  const v: Variant[] = [
    ours(
      'ours-restore',
      'ours: full restore, lazy install (the default; `restore --max-size 0 --max-age 0`)',
      o.cliRoot,
      '--max-size 0 --max-age 0'
    ),
    ours(
      'ours-restore-eager',
      'ours: full restore, `--install eager` (every entry written during the restore)',
      o.cliRoot,
      '--max-size 0 --max-age 0 --install eager'
    ),
    ours(
      'ours-restore-install',
      'ours: lazy restore, then `compile-cache install` (every entry written: what a build that hits all of them pays in total)',
      o.cliRoot,
      '--max-size 0 --max-age 0',
      'install'
    ),
    ours(
      'ours-restore-defaults',
      'ours: full restore, default limits (max-size 5G, max-age 14d)',
      o.cliRoot,
      ''
    )
  ];
  if (o.altRoot)
    v.push(
      ours(
        'alt-restore',
        `${o.altLabel ?? 'alternative'}: full restore, as ours above (\`--max-size 0 --max-age 0\`)`,
        o.altRoot,
        '--max-size 0 --max-age 0'
      )
    );
  v.push({
    id: 'archive-restore',
    label: 'archive: `curl --aws-sigv4 … | zstd -d | tar -x`',
    async prepare(ctx) {
      await freshDir(join(ctx.run, 'cache'));
    },
    command: ctx =>
      `curl -sSf ${curlAuth()} ${ctx.linked}/${BUCKET}/${ARCHIVE_KEY} | zstd -d -q | tar -xf - -C ${q(join(ctx.run, 'cache'))}`,
    check: ctx => countEntries(join(ctx.run, 'cache'))
  });
  if (o.awsCli && existsSync(AWS_CLI)) {
    v.push({
      id: 'awscli-restore',
      label: 'archive: `aws s3 cp s3://… - | zstd -d | tar -x` (aws-cli 1.x)',
      vs: 'archive-restore',
      async prepare(ctx) {
        await freshDir(join(ctx.run, 'cache'));
      },
      command: ctx =>
        `${AWS_CLI} --endpoint-url ${ctx.linked} s3 cp s3://${BUCKET}/${ARCHIVE_KEY} - | zstd -d -q | tar -xf - -C ${q(join(ctx.run, 'cache'))}`,
      check: ctx => countEntries(join(ctx.run, 'cache'))
    });
  }
  return v;
}

/**
 * The warm state's manifest as `root` reads it. The measured checkout's restore wrote it; a
 * checkout from before the manifest's version 2 (src/sync/manifest-entries.ts: the entries as
 * columns) reads version 1 only, and would list the bucket instead: its copy is written back as
 * version 1, keyed by id, the same entries and times.
 */
async function manifestAsReadBy(root: string, file: string): Promise<void> {
  if (existsSync(join(root, 'src', 'sync', 'manifest-entries.ts'))) return;
  const m = JSON.parse(await readFile(file, 'utf8')) as {
    version: number;
    namespaces: Record<string, { entries: Record<string, (string | number | null)[]> }>;
  };
  if (m.version !== 2) return;
  const namespaces: Record<string, unknown> = {};
  for (const [ns, { entries, ...rest }] of Object.entries(m.namespaces)) {
    const column = (name: string): Record<string, number> | undefined => {
      const values = entries[name];
      if (!values) return undefined;
      const out: Record<string, number> = {};
      entries.ids!.forEach((id, i) => {
        if (values[i] !== null) out[id as string] = values[i] as number;
      });
      return out;
    };
    namespaces[ns] = { ...rest, local: column('local'), remote: column('remote'), sizes: column('sizes') };
  }
  await writeFile(file, JSON.stringify({ ...m, version: 1, namespaces }));
}

function saveVariants(
  o: CommandsOptions,
  warm: string,
  snapshot: BucketSnapshot,
  newKeys: string[]
): Variant[] {
  const stateEnv = (ctx: Ctx) => ({ ...ctx.env, COMPILE_CACHE_STATE_DIR: join(ctx.run, 'state') });
  // What the compile server does when the build goes idle, as its own command.
  const prepack = (ctx: Ctx, root: string) =>
    `${ourCli(root, ctx.node24)} prepack --cache-dir ${q(join(ctx.run, 'cache'))}`;
  const warmCopy = async (ctx: Ctx) => {
    await snapshot.restore(newKeys);
    spawnSync('rm', ['-rf', ctx.run]);
    const r = spawnSync('cp', ['-a', warm, ctx.run]);
    if (r.status !== 0) throw new Error(`cp -a ${warm} ${ctx.run} failed`);
  };
  const ours = (id: string, label: string, root: string, flags: string, prepacked = false): Variant => ({
    id,
    label,
    vs: 'archive-upload',
    async prepare(ctx) {
      await warmCopy(ctx);
      await manifestAsReadBy(root, join(ctx.run, 'manifest.json'));
      if (prepacked) {
        const r = spawnSync('sh', ['-c', prepack(ctx, root)], { env: stateEnv(ctx), encoding: 'utf8' });
        if (r.status !== 0 || !/prepacked [1-9]/.test(r.stdout))
          throw new Error(`${prepack(ctx, root)} failed: ${r.stdout}${r.stderr}`);
      }
    },
    command: ctx =>
      `${ourCli(root, ctx.node24)} save --bucket ${BUCKET} --endpoint ${ctx.linked} --cache-dir ${q(join(ctx.run, 'cache'))} --manifest ${q(join(ctx.run, 'manifest.json'))} ${flags}`,
    env: stateEnv
  });
  const v: Variant[] = [
    ours('ours-save-auto', 'ours: warm save, 2% new, `auto` (default; here: packs)', o.cliRoot, ''),
    ours('ours-save-both', 'ours: warm save, 2% new, `--upload-mode both`', o.cliRoot, '--upload-mode both'),
    ours(
      'ours-save-packs',
      'ours: warm save, 2% new, `--upload-mode packs`',
      o.cliRoot,
      '--upload-mode packs'
    ),
    ours(
      'ours-save-prepacked',
      'ours: warm save, 2% new, default mode, the new entries prepacked (as the compile server does when the build goes idle)',
      o.cliRoot,
      '',
      true
    ),
    {
      id: 'ours-prepack',
      label: 'ours: `compile-cache prepack` of the 2% new (during the build, not in the save step)',
      prepare: warmCopy,
      command: ctx => prepack(ctx, o.cliRoot),
      env: stateEnv
    }
  ];
  if (o.altRoot)
    v.push(
      ours('alt-save-both', `${o.altLabel ?? 'alternative'}: warm save, its default mode`, o.altRoot, ''),
      // Only for an alternative that has `compile-cache prepack` (c4588af and later).
      ours(
        'alt-save-prepacked',
        `${o.altLabel ?? 'alternative'}: warm save, default mode, the new entries prepacked`,
        o.altRoot,
        '',
        true
      )
    );
  v.push({
    id: 'archive-upload',
    label: 'archive: `tar -c | zstd -3 -T0 -o file && curl -T file` (whole cache re-uploaded)',
    async prepare(ctx) {
      await snapshot.restore(newKeys);
      await freshDir(ctx.run);
    },
    // RGW, as S3, refuses an upload of unknown length (411 for curl's chunked encoding), so the
    // archive is written first, as actions/cache does.
    command: ctx =>
      `tar --posix -cf - -C ${q(join(warm, 'cache'))} . | zstd -3 -T0 -q -o ${q(join(ctx.run, 'upload.tar.zst'))} && curl -sSf ${curlAuth()} -T ${q(join(ctx.run, 'upload.tar.zst'))} ${ctx.linked}/${BUCKET}/${UPLOAD_KEY} >/dev/null`
  });
  if (o.awsCli && existsSync(AWS_CLI)) {
    v.push({
      id: 'awscli-upload',
      label: 'archive: `tar -c | zstd -3 -T0 | aws s3 cp - s3://…` (streamed, multipart)',
      vs: 'archive-upload',
      async prepare() {
        await snapshot.restore(newKeys);
      },
      command: ctx =>
        `tar --posix -cf - -C ${q(join(warm, 'cache'))} . | zstd -3 -T0 -q | ${AWS_CLI} --endpoint-url ${ctx.linked} s3 cp - s3://${BUCKET}/${UPLOAD_KEY} >/dev/null`
    });
  }
  return v;
}

interface Row {
  id: string;
  label: string;
  vs?: string;
  samples: Sample[];
  ratios: number[];
}

/** Runs the variants in turns, `rounds` times; `sync` before each run. */
const DROP_CACHES = '/proc/sys/vm/drop_caches';

function canDropCaches(): boolean {
  try {
    closeSync(openSync(DROP_CACHES, 'w'));
    return true;
  } catch {
    return false;
  }
}

/**
 * A restore starts from the same page cache every time: emptied, then the commands' own programs
 * read back in (Node and the measured bundles, curl, zstd, tar), as a new runner that has run its
 * checkout step holds them. Without it, this VM's file creation slowed down run after run (a
 * restore of 18,000 files took 1.0 s of kernel time, then 6, 10, 15 s: fresh pages for the page
 * cache got dearer as it filled), which decided more of a restore's time than anything it did,
 * and favoured whichever side split that kernel time over more threads.
 */
function dropPageCache(ctx: Omit<Ctx, 'run'>): void {
  spawnSync('sync');
  try {
    const fd = openSync(DROP_CACHES, 'w');
    try {
      writeSync(fd, '1\n');
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new Error(`could not drop the page cache (${(err as Error).message}); run with --no-drop-caches`, {
      cause: err
    });
  }
  spawnSync(ctx.node24, ['-e', '0']);
  for (const root of [ctx.o.cliRoot, ctx.o.altRoot]) {
    if (!root) continue;
    const dir = join(root, 'dist', 'lib');
    for (const f of existsSync(dir) ? readdirSync(dir) : []) readFileSync(join(dir, f));
  }
  for (const tool of ['curl', 'zstd', 'tar']) spawnSync(tool, ['--version'], { stdio: 'ignore' });
}

/**
 * `freshPageCache`: each command starts from an emptied page cache (dropPageCache, when the run
 * can drop it): the restores, which a new runner runs into empty memory. Not the saves: a job's
 * save reads what its build has just written, which the page cache holds.
 */
async function inTurns(
  ctx: Omit<Ctx, 'run'>,
  variants: Variant[],
  rounds: number,
  freshPageCache: boolean
): Promise<Row[]> {
  const rows: Row[] = variants.map(v => ({ id: v.id, label: v.label, vs: v.vs, samples: [], ratios: [] }));
  for (let r = 0; r < rounds; r++) {
    for (const [i, v] of variants.entries()) {
      const run = join(ctx.o.scratch, 'run');
      const c: Ctx = { ...ctx, run };
      await v.prepare(c);
      await mkdir(run, { recursive: true });
      if (freshPageCache && ctx.o.dropCaches) dropPageCache(ctx);
      else spawnSync('sync');
      const s = await timed(c, v.command(c), v.env?.(c) ?? c.env, join(ctx.o.scratch, `log-${v.id}`));
      if (v.check) s.entries = v.check(c);
      rows[i]!.samples.push(s);
      log(
        `  round ${r + 1} ${v.id}: ${(s.ms / 1000).toFixed(2)} s, ${s.counts.total} requests, cpu ${((s.userMs + s.sysMs) / 1000).toFixed(2)} s` +
          (s.entries !== undefined ? `, ${s.entries} entries` : '')
      );
    }
    for (const row of rows) {
      const base = row.vs ? rows.find(x => x.id === row.vs) : undefined;
      if (base) row.ratios.push(row.samples[r]!.ms / base.samples[r]!.ms);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// One server: seed, then every link

interface SetResult {
  server: Server;
  link: LinkSpec;
  groups: { name: string; rows: Row[] }[];
  seedMs: number;
}

async function seed(
  o: CommandsOptions,
  server: Server,
  data: Dataset,
  node24: string
): Promise<BucketSnapshot> {
  const s3 = client(server);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  // Our save writes what a first job would, in the default upload mode (`auto`: on a bucket only
  // we write, packs and the census; before `auto`, `both`: objects and packs).
  const dir = join(o.scratch, 'seed');
  await freshDir(dir);
  spawnSync('cp', ['-a', data.base, join(dir, 'cache')]);
  await rm(join(dir, 'cache', '.complete'), { force: true });
  const env = { ...baseEnv(server), COMPILE_CACHE_STATE_DIR: join(dir, 'state') };
  const r = spawnSync(
    node24,
    [
      join(o.cliRoot, 'bin', 'compile-cache.js'),
      'save',
      '--bucket',
      BUCKET,
      '--endpoint',
      server.direct,
      '--cache-dir',
      join(dir, 'cache'),
      '--manifest',
      join(dir, 'no-manifest.json'),
      ...(o.seedMode ? ['--upload-mode', o.seedMode] : [])
    ],
    { env, encoding: 'utf8', maxBuffer: 64 << 20 }
  );
  if (r.status !== 0) throw new Error(`seeding save failed: ${r.stdout}\n${r.stderr}`);
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: ARCHIVE_KEY, Body: await readFile(data.archive) })
  );
  const snapshot = new BucketSnapshot(s3, join(o.scratch, `mirror-${server.name}`), data.base);
  await snapshot.take();
  await rm(dir, { recursive: true, force: true });
  return snapshot;
}

async function runServer(
  o: CommandsOptions,
  name: ServerName,
  data: Dataset,
  node24: string,
  onSet: (s: SetResult) => Promise<void>
): Promise<SetResult[]> {
  log(`starting ${name}`);
  const server = await startServer(name, o.scratch);
  const out: SetResult[] = [];
  try {
    const t0 = performance.now();
    const snapshot = await seed(o, server, data, node24);
    const seedMs = performance.now() - t0;
    log(`${name}: bucket seeded in ${(seedMs / 1000).toFixed(1)} s`);
    for (const spec of o.links) {
      const link = await startFar([
        '--link',
        '--upstream',
        server.direct,
        '--latency',
        String(spec.latencyMs),
        '--bandwidth',
        String(spec.bytesPerSecond)
      ]);
      try {
        log(`${name} behind ${linkLabel(spec)}`);
        const ctx = { o, server, link, linked: link.endpoint, node24, data, env: baseEnv(server) };
        const keep = (v: Variant): boolean => !o.skip.includes(v.id);
        const restores = await inTurns(ctx, restoreVariants(o).filter(keep), o.rounds, true);
        // The state a warm save starts from: a restore (ours, default limits), then a build that
        // used every entry and wrote 2% new ones (times now, as a build just made them). Every
        // restored entry is on disk, as after a build that hit them all (`--install eager`: a lazy
        // restore would leave only the new ones there, and the archive re-upload would then tar
        // those alone). A checkout from before the lazy install has no such flag and installs all.
        const eager = existsSync(join(o.cliRoot, 'src', 'store', 'deferred-tier.ts'));
        const warm = join(o.scratch, 'warm');
        const run = join(o.scratch, 'run');
        await freshDir(run);
        const env = { ...ctx.env, COMPILE_CACHE_STATE_DIR: join(run, 'state') };
        const r = spawnSync(
          node24,
          [
            join(o.cliRoot, 'bin', 'compile-cache.js'),
            'restore',
            '--bucket',
            BUCKET,
            '--endpoint',
            server.direct,
            '--cache-dir',
            join(run, 'cache'),
            '--manifest',
            join(run, 'manifest.json'),
            ...(eager ? ['--install', 'eager'] : [])
          ],
          { env, encoding: 'utf8' }
        );
        if (r.status !== 0) throw new Error(`warm restore failed: ${r.stdout}\n${r.stderr}`);
        // The build: the new entries go in through the measured checkout's own store (its puts
        // journal them, where that version keeps a journal), as the compiler wrapper writes them.
        const add = spawnSync(
          node24,
          ['--import', 'tsx', join(HERE, 'add-entries.ts'), o.cliRoot, join(run, 'cache'), data.fresh],
          { env, encoding: 'utf8' }
        );
        if (add.status !== 0) throw new Error(`adding the new entries failed: ${add.stdout}\n${add.stderr}`);
        await rm(warm, { recursive: true, force: true });
        spawnSync('mv', [run, warm]);
        const newKeys = Array.from({ length: data.newEntries }, (_, i) =>
          realEntryKey(o.seed, o.entries + i)
        );
        const saves = await inTurns(
          ctx,
          saveVariants(o, warm, snapshot, newKeys).filter(keep),
          o.rounds,
          false
        );
        await snapshot.restore(newKeys);
        const set: SetResult = {
          server,
          link: spec,
          groups: [
            { name: 'restore', rows: restores },
            { name: 'save', rows: saves }
          ],
          seedMs
        };
        out.push(set);
        await onSet(set);
      } finally {
        await link.stop();
      }
    }
  } finally {
    await server.stop();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Report

function linkLabel(l: LinkSpec): string {
  const bw =
    l.bytesPerSecond >= 1024 * MiB
      ? `${l.bytesPerSecond / (1024 * MiB)} GiB/s`
      : `${l.bytesPerSecond / MiB} MiB/s`;
  return `${l.latencyMs} ms round trip, ${bw}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const fmt = (ms: number): string => (ms / 1000).toFixed(2);
const range = (xs: number[], f: (x: number) => string): string =>
  `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;

function opsOf(c: LinkCounts): string {
  return Object.entries(c.byOperation)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
}

export interface CommandsResult {
  sets: SetResult[];
  data: Dataset;
  options: CommandsOptions;
  startedAt: string;
  ms: number;
  loads: number[];
  node24: string;
}

export function renderCommands(r: CommandsResult): string {
  const { data, options: o } = r;
  const L: string[] = [];
  const ratio = data.rawTarBytes / data.archiveBytes;
  L.push(`Run ${r.startedAt}, ${fmt(r.ms)} s; label: ${o.label}.`, '');
  L.push(
    `- Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 1024 ** 3).toFixed(1)} GiB; 1-minute load average ${Math.min(...r.loads).toFixed(1)}–${Math.max(...r.loads).toFixed(1)} at the starts of the runs (the bench's own server and link processes count in it; whether other work shared the machine, the one who ran it says). Running in turns keeps the comparisons fair; the absolute times move with the load.`
  );
  L.push(
    o.dropCaches
      ? '- Page cache: emptied before every timed restore (`echo 1 > /proc/sys/vm/drop_caches`), then Node, the measured bundles, curl, zstd and tar read back in: every restore starts from the same state, as on a new runner after its checkout step. Not before the saves: a save reads what the build has just written, which the page cache holds.'
      : '- Page cache: kept between commands (`--no-drop-caches`, or /proc/sys/vm/drop_caches not writable): on this VM, file creation then slows down run after run, which decides the restores more than anything they do.'
  );
  L.push(
    `- Measured: \`${o.cliRoot}/bin/compile-cache.js\` under Node 24 (${r.node24})${o.altRoot ? `; beside it ${o.altLabel}: \`${o.altRoot}/bin/compile-cache.js\`` : ''}`,
    `- Bucket: seeded by our own \`save\` in upload mode ${o.seedMode ? `\`${o.seedMode}\`` : 'the default (`auto`: on a bucket only we write, packs and the census, no objects)'}`
  );
  L.push(
    `- Data: ${data.entries} entries (+${data.newEntries} new for the warm save) of real object files, seed ${o.seed}, from ${data.pool.objects} objects (${(data.pool.bytes / MiB).toFixed(0)} MiB) in the static libraries of ${data.pool.packages.join(', ')}; 6 blobs per entry (depfile in \`extras\`); ${(data.rawTarBytes / MiB).toFixed(1)} MiB as tar, **zstd -3 ratio ${ratio.toFixed(2)}×** (archive ${(data.archiveBytes / MiB).toFixed(1)} MiB)`
  );
  L.push(
    `- Rounds: ${o.rounds} per row, in turns (every variant of a group, then again); wall = process start to exit; CPU = user + sys of the whole process tree (\`/usr/bin/time\`); ratios are taken round by round against the archive of the same round (median, min–max)`
  );
  L.push(
    '- Link: testkit/link-proxy.ts in its own process (one round trip per request, one bandwidth shared by all connections and both directions); this kernel has no `netem`, so no kernel-shaped delay. "far CPU" = CPU of the server and link processes during the run, on the same 2 cores',
    ''
  );
  for (const s of r.sets) {
    L.push(`#### ${s.server.label}, ${linkLabel(s.link)}`, '');
    L.push(
      '| command | wall s, median (min–max) | vs archive | requests | by operation | client CPU s | far CPU s | MiB down | MiB up | entries |'
    );
    L.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const g of s.groups) {
      for (const row of g.rows) {
        const sm = row.samples;
        const mid = sm[Math.floor(sm.length / 2)]!;
        const cpu = sm.map(x => x.userMs + x.sysMs);
        const reqs = sm.map(x => x.counts.total);
        L.push(
          `| ${row.label.replace(/\|/g, '\\|')} | ${range(
            sm.map(x => x.ms),
            fmt
          )} | ${row.ratios.length ? range(row.ratios, x => x.toFixed(2)) : row.id.startsWith('ours-') ? '—' : '1'} | ${Math.min(...reqs) === Math.max(...reqs) ? reqs[0] : `${Math.min(...reqs)}–${Math.max(...reqs)}`} | ${opsOf(mid.counts)} | ${range(cpu, fmt)} | ${fmt(median(sm.map(x => x.farCpuMs)))} | ${(median(sm.map(x => x.counts.bytesDown)) / MiB).toFixed(1)} | ${(median(sm.map(x => x.counts.bytesUp)) / MiB).toFixed(1)} | ${sm[0]!.entries ?? ''} |`
        );
      }
    }
    L.push('');
  }
  return L.join('\n');
}

/** The headline rows: one line per target, one column per server and link. */
export function headline(r: CommandsResult): string {
  const L: string[] = [];
  const cols = r.sets.map(s => `${s.server.name === 'rgw' ? 'RGW' : 's3rver'}, ${linkLabel(s.link)}`);
  L.push(`| whole commands, real object files | ${cols.join(' | ')} |`);
  L.push(`|---|${cols.map(() => '---').join('|')}|`);
  const cell = (s: SetResult, id: string, what: 'ratio' | 'wall' | 'requests' | 'cpu'): string => {
    const row = s.groups.flatMap(g => g.rows).find(x => x.id === id);
    if (!row) return '—';
    if (what === 'ratio')
      return row.ratios.length
        ? `${median(row.ratios).toFixed(2)}× (${fmt(median(row.samples.map(x => x.ms)))} s)`
        : '—';
    if (what === 'wall') return `${fmt(median(row.samples.map(x => x.ms)))} s`;
    if (what === 'requests') return String(median(row.samples.map(x => x.counts.total)));
    return `${fmt(median(row.samples.map(x => x.userMs + x.sysMs)))} s`;
  };
  const line = (name: string, f: (s: SetResult) => string): void => {
    L.push(`| ${name.replace(/\|/g, '\\|')} | ${r.sets.map(f).join(' | ')} |`);
  };
  line('full restore, ours / archive (`curl | zstd -d | tar -x`)', s => cell(s, 'ours-restore', 'ratio'));
  line('the same, `--install eager`', s => cell(s, 'ours-restore-eager', 'ratio'));
  line('lazy restore, then `compile-cache install` (two commands)', s =>
    cell(s, 'ours-restore-install', 'ratio')
  );
  line('the same, default limits (5G, 14d)', s => cell(s, 'ours-restore-defaults', 'ratio'));
  line('archive restore', s => cell(s, 'archive-restore', 'wall'));
  line('requests of our full restore (archive: 1)', s => cell(s, 'ours-restore', 'requests'));
  line(
    'client CPU, our restore / archive pipeline',
    s => `${cell(s, 'ours-restore', 'cpu')} / ${cell(s, 'archive-restore', 'cpu')}`
  );
  line(
    'client CPU, eager restore / lazy restore and install',
    s => `${cell(s, 'ours-restore-eager', 'cpu')} / ${cell(s, 'ours-restore-install', 'cpu')}`
  );
  line('warm save, 2% new, `auto` (default) / archive re-upload', s => cell(s, 'ours-save-auto', 'ratio'));
  line('warm save, `both` / archive re-upload', s => cell(s, 'ours-save-both', 'ratio'));
  line('warm save, `packs` / archive re-upload', s => cell(s, 'ours-save-packs', 'ratio'));
  line('warm save, new entries prepacked / archive re-upload', s => cell(s, 'ours-save-prepacked', 'ratio'));
  line(
    'the prepacking, in the build (`compile-cache prepack`): wall, CPU',
    s => `${cell(s, 'ours-prepack', 'wall')}, ${cell(s, 'ours-prepack', 'cpu')}`
  );
  line('archive re-upload (`tar | zstd | curl -T -`)', s => cell(s, 'archive-upload', 'wall'));
  line(
    'requests of the warm save, `auto` / `both` / `packs`',
    s =>
      `${cell(s, 'ours-save-auto', 'requests')} / ${cell(s, 'ours-save-both', 'requests')} / ${cell(s, 'ours-save-packs', 'requests')}`
  );
  if (r.options.altRoot) {
    line(`${r.options.altLabel}: full restore / archive`, s => cell(s, 'alt-restore', 'ratio'));
    line(`${r.options.altLabel}: warm save, its default mode / archive`, s =>
      cell(s, 'alt-save-both', 'ratio')
    );
    line(`${r.options.altLabel}: warm save, new entries prepacked / archive`, s =>
      cell(s, 'alt-save-prepacked', 'ratio')
    );
  }
  return L.join('\n');
}

/** Measures every server and link; `partial` gets the result so far after each server and link. */
export async function benchCommands(
  o: CommandsOptions,
  partial: (r: CommandsResult) => Promise<void> = async () => {}
): Promise<CommandsResult> {
  const started = Date.now();
  const startedAt = new Date().toISOString();
  await mkdir(o.work, { recursive: true });
  const node24 = node24Path();
  const data = await prepareData(o);
  log(
    `data: ${data.entries} entries, ${(data.rawTarBytes / MiB).toFixed(1)} MiB as tar, zstd -3 ratio ${(data.rawTarBytes / data.archiveBytes).toFixed(2)}`
  );
  const loads: number[] = [];
  const sets: SetResult[] = [];
  await mkdir(o.scratch, { recursive: true });
  try {
    await measureAll();
  } finally {
    spawnSync('rm', ['-rf', o.scratch]);
  }
  return { sets, data, options: o, startedAt, ms: Date.now() - started, loads, node24 };

  async function measureAll(): Promise<void> {
    for (const name of o.servers) {
      await runServer(o, name, data, node24, async s => {
        sets.push(s);
        for (const g of s.groups) for (const row of g.rows) for (const x of row.samples) loads.push(x.load);
        await partial({ sets, data, options: o, startedAt, ms: Date.now() - started, loads, node24 });
      });
    }
  }
}

export function parseLinks(v: string): LinkSpec[] {
  return v.split(',').map(part => {
    const m = /^(\d+(?:\.\d+)?)ms:(.+)$/.exec(part.trim());
    if (!m) throw new Error(`--links ${JSON.stringify(v)}: expected e.g. 20ms:100M,2ms:1G`);
    return { latencyMs: Number(m[1]), bytesPerSecond: parseSize(m[2]!) };
  });
}

function parseServers(v: string): ServerName[] {
  const out = v.split(',');
  for (const x of out)
    if (x !== 'rgw' && x !== 's3rver')
      throw new Error(`--cmd-servers ${JSON.stringify(v)}: expected rgw, s3rver`);
  return out as ServerName[];
}

export function commandsOptions(argv: string[]): CommandsOptions {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  return {
    quick,
    entries: Number(get('cmd-entries') ?? (quick ? 300 : 3000)),
    rounds: Number(get('cmd-rounds') ?? (quick ? 1 : 3)),
    seed: Number(get('seed') ?? 1),
    servers: parseServers(get('cmd-servers') ?? 'rgw,s3rver'),
    links: parseLinks(get('cmd-links') ?? (quick ? '20ms:100M' : '20ms:100M,2ms:1G')),
    cliRoot: resolve(get('cli-root') ?? '.'),
    altRoot: get('alt-root') ? resolve(get('alt-root')!) : undefined,
    altLabel: get('alt-label'),
    awsCli: !argv.includes('--no-aws-cli') && !quick,
    skip: (get('cmd-skip') ?? '').split(',').filter(Boolean),
    seedMode: get('cmd-seed-mode'),
    dropCaches: !argv.includes('--no-drop-caches') && canDropCaches(),
    work: resolve('bench/work'),
    scratch: resolve('bench/work', `commands-${process.pid}`),
    label: get('label') ?? `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const o = commandsOptions(argv);
  const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1]! : 'bench/work/commands.md';
  const write = async (r: CommandsResult): Promise<void> => {
    await mkdir(dirname(resolve(out)), { recursive: true });
    await writeFile(out, `# Whole commands (${o.label})\n\n${headline(r)}\n\n${renderCommands(r)}\n`);
    await writeFile(
      `${out}.json`,
      JSON.stringify({ ...r, sets: r.sets.map(s => ({ ...s, server: s.server.label })) }, null, 1)
    );
    log(`wrote ${out}`);
  };
  benchCommands(o, write)
    .then(async r => {
      await write(r);
      process.exit(0);
    })
    .catch(err => {
      console.error(err);
      process.exit(1);
    });
}
