/**
 * The server's life and the client's fallbacks: started on demand, one per cache directory, idle
 * timeout, SIGTERM and `stop` after the compiles in flight; a server killed mid-build, one that
 * accepts and never answers, one that answers nonsense: the build goes on through the real compiler,
 * with the right bytes, and the counters say so.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, promises as fs, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { run, stats, writeFiles, type Run } from '../compiler/helpers.js';
import { serverPaths } from '../../src/server/socket-path.js';
import {
  ensureServer,
  hashServerHeaders,
  serverEnvironment,
  stopServer as stopFromNode
} from '../../src/server/start.js';
import { ping } from '../../src/server/client.js';
import { EntryJournal, journalLine } from '../../src/store/journal.js';
import { prepackedBucket, prepackedEntries } from '../../src/sync/packs/prepack.js';
import { DeferredWriter } from '../../src/store/deferred-tier.js';
import { assignStateDir } from '../../src/store/state-dir.js';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { eventually, serverPid, serverProcess, setUp, stopServer, type Setup } from './helpers.js';

let s: Setup;
/** A `gcc` before the real one on PATH that sleeps in the -E run of slow.c, after leaving a mark. */
let slowBin: string;
const started: Setup[] = [];

beforeAll(async () => {
  s = await setUp('server-life');
  slowBin = path.join(s.work, 'slowbin');
  await writeFiles(slowBin, {
    gcc: `#!/bin/sh\ncase " $* " in *" -E "*) case "$*" in *slow.c*) touch "$PWD/preprocessing"; sleep 2;; esac;; esac\nexec /usr/bin/gcc "$@"\n`
  });
  await fs.chmod(path.join(slowBin, 'gcc'), 0o755);
}, 120000);

afterAll(async () => {
  for (const x of started) stopServer(x);
  if (s) await fs.rm(s.work, { recursive: true, force: true });
});

/** The setup with its own cache directory (so its own socket and server). */
function withCache(name: string, extra: Record<string, string> = {}): Setup {
  const cacheDir = path.join(s.work, name);
  const x = { ...s, cacheDir, env: { ...s.env, COMPILE_CACHE_DIR: cacheDir, ...extra } };
  started.push(x);
  return x;
}

function runAsync(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += String(d)));
    child.stderr.on('data', d => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

async function project(dir: string, n: number): Promise<void> {
  const files: Record<string, string> = {
    Makefile:
      'SRCS := $(sort $(wildcard *.c))\nall: app\napp: $(SRCS:.c=.o)\n\tgcc -o $@ $^\n%.o: %.c\n\tgcc -O1 -MMD -c $< -o $@\n',
    'main.c': 'int main(void) { return 0; }\n',
    'slow.c': 'int slow(void) { return 1; }\n'
  };
  for (let i = 0; i < n; i++) files[`f${i}.c`] = `int f${i}(int x) { return x + ${i}; }\n`;
  await writeFiles(dir, files);
}

function objects(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of ['main.o', 'slow.o', 'f0.o', 'f1.o', 'f5.o']) out.set(f, readFileSync(path.join(dir, f)));
  return out;
}

it('on demand: the first compile starts the server, which then serves the next ones; a second server does not start', async () => {
  const x = withCache('cache-demand');
  const dir = path.join(s.work, 'demand');
  await writeFiles(dir, { 'a.c': 'int a(void) { return 1; }\n' });
  expect(await serverPid(x)).toBeNull();
  expect(run('cc', ['-c', 'a.c', '-o', 'a.o'], dir, x.env).status).toBe(0);
  const pid = await serverPid(x);
  expect(pid).not.toBeNull();
  expect(run('cc', ['-c', 'a.c', '-o', 'b.o'], dir, x.env).status).toBe(0);
  expect(await stats(x.cacheDir)).toMatchObject({ hits: 1, misses: 1, errors: 0 });

  const second = await serverProcess(x).done;
  expect(second.status).toBe(0);
  expect(second.stderr).toContain('another server already serves');
  expect(await serverPid(x)).toBe(pid);
});

it('from Node (the action): ensureServer starts it detached, logging to a file, and finds it the second time; stopServer stops it', async () => {
  const x = withCache('cache-node');
  const logFile = path.join(s.work, 'server-node.log');
  const opts = { cacheDir: x.cacheDir, node: process.execPath, wrapperScript: x.bundle, env: x.env, logFile };
  const first = await ensureServer(opts);
  expect(first.started).toBe(true);
  expect(first.socket).toBe(serverPaths(x.cacheDir, x.env).socket);
  const second = await ensureServer(opts);
  expect([second.started, second.info]).toEqual([false, first.info]);
  expect(readFileSync(logFile, 'utf8')).toContain(`serving ${x.cacheDir} on ${first.socket}`);
  expect(await stopFromNode(x.cacheDir, x.env)).toBe(true);
  expect(await serverPid(x)).toBeNull();
  expect(await stopFromNode(x.cacheDir, x.env)).toBe(false);
  expect(readFileSync(logFile, 'utf8')).toContain('stopped');
});

it('serverEnvironment leaves out the action inputs and the runner tokens', () => {
  expect(
    serverEnvironment({
      PATH: '/bin',
      'INPUT_AWS-SECRET-ACCESS-KEY': 'k',
      ACTIONS_RUNTIME_TOKEN: 't',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'u',
      ACTIONS_CACHE_URL: 'c',
      COMPILE_CACHE_DIR: '/c'
    })
  ).toEqual({ PATH: '/bin', ACTIONS_CACHE_URL: 'c', COMPILE_CACHE_DIR: '/c' });
});

it('COMPILE_CACHE_SERVER_THREADS that is not a number of threads: a warning naming it, and the server serves with the default', async () => {
  const x = withCache('cache-threads', { COMPILE_CACHE_SERVER_THREADS: 'many' });
  const server = serverProcess(x);
  expect(await eventually(async () => (await serverPid(x)) !== null)).toBe(true);
  const dir = path.join(s.work, 'threads-bad');
  await writeFiles(dir, { 'a.c': 'int a;\n' });
  expect(run('cc', ['-c', 'a.c', '-o', 'a.o'], dir, x.env).status).toBe(0);
  expect(await stats(x.cacheDir)).toMatchObject({ misses: 1, errors: 0 });
  run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
  const done = await server.done;
  expect(done.status).toBe(0);
  expect(done.stderr).toMatch(
    /warning: COMPILE_CACHE_SERVER_THREADS: "many" is not a whole number from 0 to 16 .*: using \d+/
  );
});

/** The server's answer to a ping, or null when none answers. */
async function serverInfo(x: Setup): Promise<string | null> {
  try {
    return await ping(serverPaths(x.cacheDir, x.env).socket, 5000);
  } catch {
    return null;
  }
}

describe('--warm-up (the action starts the server so)', () => {
  /** A setup whose temporary directory and state directory are its own, so that leftovers show. */
  async function warmSetup(name: string, extra: Record<string, string> = {}) {
    const tmp = path.join(s.work, `${name}-tmp`);
    const state = path.join(s.work, `${name}-state`);
    mkdirSync(tmp, { recursive: true });
    // COMPILE_CACHE_STATE_DIR names the real cache directory's state directory outright: the
    // rehearsal's own statistics and journal must still not land there.
    const x = withCache(name, { TMPDIR: tmp, COMPILE_CACHE_STATE_DIR: state, ...extra });
    return { x, tmp, state };
  }

  it('rehearses on a throwaway project (status says "warming up" meanwhile), leaves no trace, then serves the build', async () => {
    const { x, tmp, state } = await warmSetup('cache-warm');
    const server = serverProcess(x, ['--warm-up']);
    expect(await eventually(async () => (await serverInfo(x))?.endsWith(' (warming up)') === true)).toBe(
      true
    );
    expect(await eventually(async () => (await serverInfo(x))?.endsWith(x.cacheDir) === true, 60000)).toBe(
      true
    );
    // Nothing of the rehearsal is left: not in the temporary directory, not in the cache
    // directory, not in the state directory (no statistics, no journal of entries).
    expect(await fs.readdir(tmp)).toEqual([]);
    expect(existsSync(x.cacheDir) ? await fs.readdir(x.cacheDir) : []).toEqual([]);
    expect(existsSync(path.join(state, 'stats'))).toBe(false);
    expect(existsSync(path.join(state, 'journal'))).toBe(false);

    const dir = path.join(s.work, 'warm');
    await writeFiles(dir, { 'a.c': '#include <stdio.h>\nint a(void) { return puts("a"); }\n' });
    // A source changed within a second of its compile gets no manifest ("too new"): wait that out.
    await new Promise(r => setTimeout(r, 1100));
    expect(run('cc', ['-c', 'a.c', '-o', 'a.o'], dir, x.env).status).toBe(0);
    expect(run('cc', ['-c', 'a.c', '-o', 'b.o'], dir, x.env).status).toBe(0);
    expect(readFileSync(path.join(dir, 'b.o'))).toEqual(readFileSync(path.join(dir, 'a.o')));
    // The counters of the state directory COMPILE_CACHE_STATE_DIR names: the build's two compiles only.
    const counted = run(process.execPath, [x.bundle, 'stats', '--json'], s.work, x.env);
    expect(JSON.parse(counted.stdout)).toMatchObject({ hits: 1, misses: 1, errors: 0 });
    run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
    const done = await server.done;
    expect(done.status).toBe(0);
    // Every thread ran the whole rehearsal: the two misses and 150 hits.
    expect(done.stderr).toMatch(/warmed up: main thread 152 compiles in \d+ ms(;|\n)/);
    for (const m of done.stderr.matchAll(
      /compile thread \d+ (\d+) compiles in \d+ ms(, stopped: [^;\n]*)?/g
    )) {
      expect([m[1], m[2]]).toEqual(['152', undefined]);
    }
    // Undisturbed, the warm-up ends with a garbage collection (not left to the build's first compiles).
    expect(done.stderr).toMatch(
      /headers: 0 manifests read, 0 of the 0 files they name hashed in \d+ ms; garbage collected\n/
    );

    // The next server's warm-up hashes the headers the manifest of a.c names (<stdio.h> and what it
    // includes: absolute paths), and the build's compile is still a hit with the same bytes.
    const next = serverProcess(x, ['--warm-up']);
    expect(await eventually(async () => (await serverInfo(x))?.endsWith(x.cacheDir) === true, 60000)).toBe(
      true
    );
    expect(run('cc', ['-c', 'a.c', '-o', 'c.o'], dir, x.env).status).toBe(0);
    expect(readFileSync(path.join(dir, 'c.o'))).toEqual(readFileSync(path.join(dir, 'a.o')));
    run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
    const nextDone = await next.done;
    const headers = /headers: 1 manifests read, (\d+) of the (\d+) files they name hashed/.exec(
      nextDone.stderr
    );
    expect(headers).not.toBeNull();
    expect(Number(headers?.[1])).toBeGreaterThan(0);
    expect(headers?.[1]).toBe(headers?.[2]);
    expect(
      JSON.parse(run(process.execPath, [x.bundle, 'stats', '--json'], s.work, x.env).stdout)
    ).toMatchObject({
      hits: 2,
      misses: 1
    });
  }, 120000);

  it('then installs what a lazy restore kept, while nothing compiles, and says so', async () => {
    const { x, state } = await warmSetup('cache-warm-kept');
    // Two entries kept as a lazy restore keeps them: one gzip chunk in the state directory.
    const object = Buffer.from('an object file, or its stand-in');
    const raw = Buffer.concat([object, Buffer.from('0'), object, Buffer.from('0')]);
    const compressed = gzipSync(raw);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const blobs = [
      { name: 'output', size: object.length },
      { name: 'exit_code', size: 1 }
    ];
    const keys = ['aa'.repeat(32), 'bb'.repeat(32)];
    const kept = await keepAsRestored(
      x.cacheDir,
      state,
      compressed,
      { rawLength: raw.length, sha256: sha(raw), zsha256: sha(compressed) },
      keys.map((key, n) => ({ key, blobs, offset: n * (object.length + 1) }))
    );
    expect(kept).toBe(2);
    const server = serverProcess(x, ['--warm-up']);
    expect(await eventually(async () => (await serverInfo(x))?.endsWith(x.cacheDir) === true, 60000)).toBe(
      true
    );
    for (const key of keys) {
      const entry = path.join(x.cacheDir, 'compile', 'local', key.slice(0, 2), key);
      expect(readFileSync(path.join(entry, 'output'))).toEqual(object);
      expect(readFileSync(path.join(entry, 'exit_code'), 'latin1')).toBe('0');
    }
    run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
    const done = await server.done;
    expect(done.status).toBe(0);
    expect(done.stderr).toMatch(/; kept entries: 2 installed in \d+ ms(;|\n)/);
  }, 120000);

  it('a kept chunk that does not decode installs nothing, and is counted as a cache error', async () => {
    const { x, state } = await warmSetup('cache-warm-kept-bad');
    // Bytes that match the zsha256 the restore recorded and are not gzip: a writer's bug.
    const junk = Buffer.from('not a gzip stream, though its checksum matches');
    const key = 'cc'.repeat(32);
    const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
    const blobs = [
      { name: 'output', size: 1 },
      { name: 'exit_code', size: 1 }
    ];
    const kept = await keepAsRestored(
      x.cacheDir,
      state,
      junk,
      { rawLength: 2, sha256: sha('x0'), zsha256: sha(junk) },
      [{ key, blobs, offset: 0 }]
    );
    expect(kept).toBe(1);
    const server = serverProcess(x, ['--warm-up']);
    expect(await eventually(async () => (await serverInfo(x))?.endsWith(x.cacheDir) === true, 60000)).toBe(
      true
    );
    run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
    expect((await server.done).status).toBe(0);
    expect(existsSync(path.join(x.cacheDir, 'compile', 'local', key.slice(0, 2), key))).toBe(false);
    expect(
      JSON.parse(run(process.execPath, [x.bundle, 'stats', '--json'], s.work, x.env).stdout)
    ).toMatchObject({ errors: 1, errorKinds: { 'kept-chunk': 1 } });
  }, 120000);

  it("the build's first compile ends the rehearsal; a stop during one leaves nothing behind", async () => {
    const { x, tmp } = await warmSetup('cache-warm-busy', {
      PATH: `${s.shims}:${slowBin}:${process.env.PATH}`
    });
    const server = serverProcess(x, ['--warm-up']);
    expect(await eventually(async () => (await serverInfo(x)) !== null)).toBe(true);
    // The rehearsal waits a second before its first compile; this one is still running then.
    const dir = path.join(s.work, 'warm-busy');
    await writeFiles(dir, { 'slow.c': 'int slow(void) { return 1; }\n' });
    const r = await runAsync('gcc', ['-c', 'slow.c', '-o', 'slow.o'], dir, x.env);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(await eventually(async () => (await serverInfo(x))?.endsWith(x.cacheDir) === true)).toBe(true);
    run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
    const done = await server.done;
    expect(done.stderr).toMatch(
      /warmed up: main thread 0 compiles in \d+ ms, stopped: the build started compiling/
    );
    // The build started: no collection pause of ours among its compiles.
    expect(done.stderr).not.toContain('garbage collected');
    expect(await fs.readdir(tmp)).toEqual([]);

    // Stopped while warming up: the server still exits at once and removes the rehearsal's directories.
    const again = serverProcess(x, ['--warm-up']);
    expect(await eventually(async () => (await serverInfo(x))?.endsWith(' (warming up)') === true)).toBe(
      true
    );
    run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
    const stopped = await again.done;
    expect(stopped.status).toBe(0);
    expect(stopped.stderr).toMatch(/stopped: the server is stopping/);
    expect(await fs.readdir(tmp)).toEqual([]);
  }, 120000);
});

it("a headers request (`server headers`): the server hashes the headers of the cache's manifests in its background, answering at once", async () => {
  const x = withCache('cache-headers');
  const dir = path.join(s.work, 'headers');
  await writeFiles(dir, {
    'inc/h.h': '#define H 1\n',
    'a.c': '#include "h.h"\n#include <stdio.h>\nint a(void) { return H + puts("a"); }\n'
  });
  // Old enough for a manifest (a file changed within a second of its compile is too new).
  await new Promise(r => setTimeout(r, 1100));
  expect(run('cc', ['-c', 'a.c', '-Iinc', '-o', 'a.o'], dir, x.env).status).toBe(0);
  run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
  expect(await eventually(async () => (await serverPid(x)) === null)).toBe(true);

  // No server: nothing to ask (the call, and the command that makes it).
  expect(await hashServerHeaders(x.cacheDir, x.env)).toBe(false);
  const none = run(process.execPath, [x.bundle, 'server', 'headers'], s.work, x.env);
  expect([none.status, none.stdout]).toEqual([1, `no server is running for ${x.cacheDir}\n`]);
  const server = serverProcess(x, []);
  expect(await eventually(async () => (await serverInfo(x)) !== null)).toBe(true);
  const asked = run(process.execPath, [x.bundle, 'server', 'headers'], s.work, x.env);
  expect([asked.status, asked.stdout]).toEqual([
    0,
    `the server for ${x.cacheDir} is hashing the headers its manifests name\n`
  ]);
  // inc/h.h is relative to the compile's working directory, which the manifest's entry records.
  const told =
    /asked to hash the manifests' headers: headers: 1 manifests read, (\d+) of the (\d+) files[^\n]*\n/;
  expect(await eventually(async () => told.test(server.log()))).toBe(true);
  const [, hashed, files] = told.exec(server.log()) as unknown as [string, string, string];
  expect(Number(hashed)).toBeGreaterThan(1);
  expect(hashed).toBe(files);
  // The build's compile is a hit with the same bytes.
  expect(run('cc', ['-c', 'a.c', '-Iinc', '-o', 'b.o'], dir, x.env).status).toBe(0);
  expect(readFileSync(path.join(dir, 'b.o'))).toEqual(readFileSync(path.join(dir, 'a.o')));
  run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
  expect((await server.done).status).toBe(0);
  expect(
    JSON.parse(run(process.execPath, [x.bundle, 'stats', '--json'], s.work, x.env).stdout)
  ).toMatchObject({
    hits: 1,
    misses: 1
  });
}, 60000);

it("a hit's touches and journal lines, made after its answer: none is lost when the server stops", async () => {
  const x = withCache('cache-touches', { COMPILE_CACHE_SERVER_THREADS: '2' });
  // As a restore leaves it: the journal the save reads to know what the job used.
  const journal = EntryJournal.of(x.cacheDir, x.env);
  await journal.start();
  const dir = path.join(s.work, 'touches');
  const names = ['t0', 't1', 't2', 't3', 't4', 't5'];
  await writeFiles(dir, {
    'common.h': '#define TWICE(x) ((x) * 2)\n',
    ...Object.fromEntries(
      names.map(n => [`${n}.c`, `#include "common.h"\nint ${n}(int v) { return TWICE(v); }\n`])
    )
  });
  // Old enough for a manifest (a file changed within a second of its compile is too new).
  await new Promise(r => setTimeout(r, 1100));
  for (const n of names) {
    const r = run('gcc', ['-O1', '-c', `${n}.c`, '-o', `${n}.o`], dir, x.env);
    expect([r.status, r.stderr]).toEqual([0, '']);
  }
  // Every blob of every entry and manifest made old.
  const old = new Date('2020-01-02T03:04:05Z');
  const entryDirs = async (ns: string): Promise<string[]> => {
    const root = path.join(x.cacheDir, ns, 'local');
    const out: string[] = [];
    for (const shard of await fs.readdir(root))
      for (const key of await fs.readdir(path.join(root, shard))) out.push(path.join(root, shard, key));
    return out;
  };
  const results = await entryDirs('compile');
  const manifests = await entryDirs('manifests');
  expect([results.length, manifests.length]).toEqual([6, 6]);
  for (const d of [...results, ...manifests])
    for (const b of await fs.readdir(d)) await fs.utimes(path.join(d, b), old, old);

  // The hits all at once: the main thread and the compile threads answer them.
  const hits = await Promise.all(
    names.map(n => runAsync('gcc', ['-O1', '-c', `${n}.c`, '-o', `${n}.o`], dir, x.env))
  );
  for (const r of hits) expect([r.status, r.stderr]).toEqual([0, '']);
  run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
  expect(await serverPid(x)).toBeNull();
  expect(await stats(x.cacheDir)).toMatchObject({ hits: 6, misses: 6, errors: 0 });

  // Each entry's time (its newest blob) and each manifest's is the hit's, not 2020's.
  for (const d of [...results, ...manifests]) {
    const newest = Math.max(
      ...(await Promise.all((await fs.readdir(d)).map(async b => (await fs.stat(path.join(d, b))).mtimeMs)))
    );
    expect(newest).toBeGreaterThan(Date.parse('2025-01-01'));
  }
  // And the journal names each as used, for the save to refresh its time in the bucket.
  const text = readFileSync(journal.file, 'utf8');
  for (const d of results) expect(text).toContain(journalLine('used', 'compile/local', path.basename(d)));
  for (const d of manifests) expect(text).toContain(journalLine('used', 'manifests/local', path.basename(d)));
}, 120000);

it('when the build goes quiet, the server packs the entries it wrote ahead of the save, and packs each once', async () => {
  const x = withCache('cache-prepack');
  const journal = EntryJournal.of(x.cacheDir, x.env);
  await journal.start();
  const dir = path.join(s.work, 'prepack');
  // Each source written just before its compile: too new for a direct-mode manifest, so one entry each.
  const compile = async (n: string) => {
    await writeFiles(dir, { [`${n}.c`]: `int ${n}(void) { return 0; }\n` });
    const r = run('gcc', ['-O1', '-c', `${n}.c`, '-o', `${n}.o`], dir, x.env);
    expect([r.status, r.stderr]).toEqual([0, '']);
  };
  const state = await journal.read();
  if (!state.usable) throw new Error(state.reason);
  const bucket = prepackedBucket(journal.location, state.read.id);
  const results = async (): Promise<string[]> => {
    const root = path.join(x.cacheDir, 'compile', 'local');
    const out: string[] = [];
    for (const shard of await fs.readdir(root))
      for (const key of await fs.readdir(path.join(root, shard))) out.push(`compile/local/${key}`);
    return out.sort();
  };
  const packed = async () =>
    [...(await prepackedEntries(bucket)).ids].filter(id => id.startsWith('compile/')).sort();

  await compile('p0');
  const first = await results();
  expect(first).toHaveLength(1);
  expect(await eventually(async () => (await packed()).length === 1)).toBe(true);
  expect(await packed()).toEqual(first);

  // The next quiet spell packs only the entry written since.
  await compile('p1');
  const both = await results();
  expect(await eventually(async () => (await packed()).length === 2)).toBe(true);
  expect(await packed()).toEqual(both);
  const indexes = (await bucket.list('v1/')).filter(o => o.key.endsWith('.index'));
  // One pack per quiet spell (the sources are too new for direct mode's manifests: compile/local only).
  expect(indexes).toHaveLength(2);
  run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env);
  expect(await serverPid(x)).toBeNull();
}, 120000);

it('idle timeout: the server exits after the configured idle time and removes its socket', async () => {
  const x = withCache('cache-idle', { COMPILE_CACHE_SERVER_IDLE: '1' });
  const dir = path.join(s.work, 'idle');
  await writeFiles(dir, { 'a.c': 'int a;\n' });
  expect(run('cc', ['-c', 'a.c', '-o', 'a.o'], dir, x.env).status).toBe(0);
  expect(await eventually(async () => (await serverPid(x)) === null)).toBe(true);
  expect(existsSync(serverPaths(x.cacheDir, x.env).socket)).toBe(false);
});

it('SIGTERM while a compile runs: that compile still gets its answer, then the server exits', async () => {
  const x = withCache('cache-term', { PATH: `${s.shims}:${slowBin}:${process.env.PATH}` });
  const server = serverProcess(x);
  expect(await eventually(async () => (await serverPid(x)) !== null)).toBe(true);
  const dir = path.join(s.work, 'term');
  await writeFiles(dir, { 'slow.c': 'int slow(void) { return 1; }\n' });
  const compile = runAsync('gcc', ['-c', 'slow.c', '-o', 'slow.o'], dir, x.env);
  expect(await eventually(() => existsSync(path.join(dir, 'preprocessing')))).toBe(true);
  process.kill(server.pid, 'SIGTERM');
  const r = await compile;
  expect([r.status, r.stderr]).toEqual([0, '']);
  expect((await server.done).status).toBe(0);
  expect(await stats(x.cacheDir)).toMatchObject({ misses: 1, errors: 0 });
  expect(existsSync(serverPaths(x.cacheDir, x.env).socket)).toBe(false);
});

it('`server stop`: the server exits; `server status` then says none runs', async () => {
  const x = withCache('cache-stop');
  const server = serverProcess(x);
  expect(await eventually(async () => (await serverPid(x)) !== null)).toBe(true);
  expect(run(process.execPath, [x.bundle, 'server', 'stop'], s.work, x.env).stdout).toContain(
    'stopped the server'
  );
  expect((await server.done).status).toBe(0);
  const status = run(process.execPath, [x.bundle, 'server', 'status'], s.work, x.env);
  expect([status.status, status.stdout]).toEqual([1, `no server is running for ${x.cacheDir}\n`]);
});

it('a server killed with SIGKILL mid-build: the build finishes with the right objects, the lost compile is counted', async () => {
  const x = withCache('cache-kill', { PATH: `${s.shims}:${slowBin}:${process.env.PATH}` });
  const dir = path.join(s.work, 'kill');
  await project(dir, 12);
  const ref = path.join(s.work, 'kill-ref');
  await fs.cp(dir, ref, { recursive: true });
  expect(run('make', ['-j2'], ref, { ...x.env, PATH: process.env.PATH }).status).toBe(0);

  const server = serverProcess(x);
  expect(await eventually(async () => (await serverPid(x)) !== null)).toBe(true);
  const build = runAsync('make', ['-j2'], dir, x.env);
  // slow.c's -E run is under way in the server: its compile is in flight.
  expect(await eventually(() => existsSync(path.join(dir, 'preprocessing')))).toBe(true);
  process.kill(server.pid, 'SIGKILL');
  const b = await build;
  expect([b.status, b.stderr]).toEqual([0, '']);
  expect(objects(dir)).toEqual(objects(ref));
  const st = await stats(x.cacheDir);
  expect(st.errorKinds['server-lost']).toBeGreaterThanOrEqual(1);
  expect(st.uncacheable['server-unavailable']).toBe(st.errorKinds['server-lost']);
  // 14 compiles and the link; a compile whose events the server wrote just before it died is counted twice.
  expect(st.calls).toBeGreaterThanOrEqual(15);

  // Whatever the dead server stored is whole: a clean rebuild from the cache gives the same bytes.
  for (const f of await fs.readdir(dir))
    if (f.endsWith('.o') || f.endsWith('.d')) await fs.rm(path.join(dir, f));
  await fs.rm(path.join(dir, 'preprocessing'));
  const again = await runAsync('make', ['-j2'], dir, { ...x.env, PATH: `${s.shims}:${process.env.PATH}` });
  expect([again.status, again.stderr]).toEqual([0, '']);
  expect(objects(dir)).toEqual(objects(ref));
}, 120000);

/** A fake "server" on the cache directory's socket; `onConnection` decides what it does. */
async function fakeServer(x: Setup, onConnection: (c: net.Socket) => void): Promise<net.Server> {
  const { dir, socket } = serverPaths(x.cacheDir, x.env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const server = net.createServer(c => {
    c.on('error', () => undefined); // the client hangs up when it gives up
    onConnection(c);
  });
  await new Promise<void>(r => server.listen(socket, r));
  return server;
}

describe.each([
  {
    what: 'accepts and never answers',
    kind: 'server-timeout',
    behave: (c: net.Socket) => c.on('data', () => undefined)
  },
  {
    what: 'answers nonsense',
    kind: 'server-protocol',
    behave: (c: net.Socket) => c.on('data', () => c.end(Buffer.from('\x00\x00\x00\x05\x09garbage')))
  },
  {
    what: 'closes the connection mid-request',
    kind: 'server-lost',
    behave: (c: net.Socket) => c.on('data', () => c.destroy())
  }
])('a server that $what', ({ kind, behave }) => {
  it('the client waits a bounded time, then runs the real compiler: right object, counted', async () => {
    const x = withCache(`cache-${kind}`, { COMPILE_CACHE_SERVER_TIMEOUT_MS: '1000' });
    const fake = await fakeServer(x, behave);
    try {
      const dir = path.join(s.work, kind);
      await writeFiles(dir, { 'a.c': 'int a(void) { return 3; }\n' });
      const r = await runAsync('cc', ['-c', 'a.c', '-o', 'a.o'], dir, x.env);
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(run('cc', ['-c', 'a.c', '-o', 'ref.o'], dir, { ...x.env, PATH: process.env.PATH }).status).toBe(
        0
      );
      expect(readFileSync(path.join(dir, 'a.o')).equals(readFileSync(path.join(dir, 'ref.o')))).toBe(true);
      expect(await stats(x.cacheDir)).toMatchObject({
        calls: 1,
        errorKinds: { [kind]: 1 },
        uncacheable: { 'server-unavailable': 1 }
      });
    } finally {
      fake.close();
    }
  });
});

/**
 * One gzip chunk and its `compile/local` entries kept as a lazy restore keeps them, in the state
 * directory `state` of `cacheDir`: how many entries were kept.
 */
async function keepAsRestored(
  cacheDir: string,
  state: string,
  compressed: Buffer,
  chunk: { rawLength: number; sha256: string; zsha256: string },
  entries: { key: string; blobs: { name: string; size: number }[]; offset: number }[]
): Promise<number> {
  assignStateDir(cacheDir, state);
  try {
    const writer = await DeferredWriter.begin(cacheDir);
    await writer.keep(
      compressed,
      { codec: 'gzip', ...chunk },
      entries.map(e => ({ namespace: 'compile/local', mtime: Date.now() - 60_000, ...e }))
    );
    return await writer.finish();
  } finally {
    assignStateDir(cacheDir, null);
  }
}
