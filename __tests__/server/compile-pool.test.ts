/**
 * The compile server's threads (src/server/compile-pool.ts), with worker scripts of the test's own
 * that follow the pool's protocol: answers come back as Buffers; a thread that dies mid-compile
 * fails that compile only and is replaced; threads that never come up leave every compile to the
 * main thread; the thread count and its bad values.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CompileAnswer, CompileRequest } from '../../src/compiler/compile.js';
import { newDependPolicy, type DependPolicyState } from '../../src/compiler/direct/depend.js';
import { StatCache, type StatCacheEntry } from '../../src/compiler/direct/file-hash.js';
import { CompilePool, threadCount } from '../../src/server/compile-pool.js';
import { COMPILE_WORKER_ROLE } from '../../src/server/worker-role.js';

let dir: string;
const pools: CompilePool[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'compile-pool-'));
});

afterAll(async () => {
  for (const p of pools) await p.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A worker script: `ready` once loaded, then `onMessage` (its body) for each compile; a close closes its port. */
function script(name: string, onLoad: string, onMessage: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `import { parentPort, workerData } from 'node:worker_threads';\n` +
      `if (workerData.role !== '${COMPILE_WORKER_ROLE}') throw new Error('no role');\n` +
      `${onLoad}\n` +
      `parentPort.postMessage('ready');\n` +
      `parentPort.on('message', m => { if (m.close) { parentPort.close(); return; } ${onMessage} });\n`
  );
  return file;
}

const request: CompileRequest = {
  invokedAs: 'cc',
  mode: 'launcher',
  args: ['cc', '-c', 'a.c'],
  cwd: '/',
  env: {},
  stderrIsTTY: false
};

const fromMain: CompileAnswer = {
  kind: 'done',
  status: 0,
  signal: null,
  stdout: Buffer.from('main thread'),
  stderr: Buffer.alloc(0)
};

function pool(
  file: string,
  threads: number,
  log: string[] = [],
  hashes: StatCache | null = null,
  policy: DependPolicyState | null = null
): CompilePool {
  const p = new CompilePool(
    file,
    { role: COMPILE_WORKER_ROLE, cacheDir: dir },
    threads,
    async () => fromMain,
    line => log.push(line),
    hashes,
    policy
  );
  pools.push(p);
  return p;
}

/** Runs compiles until one is answered by a thread (the threads start at the first call). */
async function untilThreaded(p: CompilePool): Promise<CompileAnswer> {
  for (let i = 0; i < 200; i++) {
    const a = await p.run(request);
    if (a !== fromMain) return a; // the fallback answers with this very object
    await new Promise(r => setTimeout(r, 25));
  }
  throw new Error('no compile thread became ready');
}

it("a thread's answer comes back with Buffers, as the main thread's would", async () => {
  const file = script(
    'echo.mjs',
    '',
    "parentPort.postMessage({ id: m.id, learned: [], lookups: [], answer: { kind: 'done', status: 3, signal: null, stdout: Buffer.from('out ' + m.request.args.join(' ')), stderr: Buffer.from('err') } });"
  );
  const a = await untilThreaded(pool(file, 2));
  expect(a.kind).toBe('done');
  if (a.kind !== 'done') return;
  expect(a.status).toBe(3);
  expect(Buffer.isBuffer(a.stdout)).toBe(true);
  expect(a.stdout.toString()).toBe('out cc -c a.c');
  expect(Buffer.isBuffer(a.stderr)).toBe(true);
  expect(a.stderr.toString()).toBe('err');
});

it('the header hashes and depend-mode lookups a thread makes reach the main thread and every other thread, never their maker', async () => {
  // Each thread answers a compile with one hash of its own (a file named after it) and one fruitless
  // preprocessor lookup, and a compile of `report` with the files and lookups other threads handed
  // it so far.
  const file = script(
    'learns.mjs',
    "import { threadId } from 'node:worker_threads';\nconst got = [];\nlet lookups = 0;\n" +
      "const entry = { size: 1n, mtimeNs: 2n, ctimeNs: 3n, ino: 4n, dev: 5n, volatile: false, probes: false, incbin: false, hash: 'a'.repeat(64) };",
    'if (m.learn) { for (const [f] of m.learn) got.push(f); lookups += m.lookups.length; return; }\n' +
      "const report = m.request.args.includes('report');\n" +
      "setTimeout(() => parentPort.postMessage({ id: m.id, learned: report ? [] : [['/t' + threadId + '.h', entry]], lookups: report ? [] : [false], answer: { kind: 'done', status: 0, signal: null, stdout: Buffer.from(JSON.stringify({ threadId, got, lookups })), stderr: Buffer.alloc(0) } }), 20);"
  );
  const hashes = new StatCache();
  const policy = newDependPolicy(true);
  const p = pool(file, 2, [], hashes, policy);
  const seen = new Set<number>();
  const reports = new Map<number, string[]>();
  for (let i = 0; i < 200 && seen.size < 2; i++) {
    // Two at once: the pool sends the second to the other thread once both are ready.
    for (const a of await Promise.all([p.run(request), p.run(request)])) {
      if (a !== fromMain && a.kind === 'done')
        seen.add((JSON.parse(a.stdout.toString()) as { threadId: number }).threadId);
    }
    await new Promise(r => setTimeout(r, 25));
  }
  expect(seen.size).toBe(2);
  const ids = [...seen];
  // What the main thread hashed reaches both threads too.
  const own: StatCacheEntry = {
    size: 1n,
    mtimeNs: 2n,
    ctimeNs: 3n,
    ino: 4n,
    dev: 5n,
    volatile: false,
    probes: false,
    incbin: false,
    hash: 'b'.repeat(64)
  };
  p.share([['/main.h', own]], [true]);
  const report = { ...request, args: ['cc', 'report'] };
  const lookupsGot = new Map<number, number>();
  for (let i = 0; i < 200 && reports.size < 2; i++) {
    for (const a of await Promise.all([p.run(report), p.run(report)])) {
      if (a === fromMain || a.kind !== 'done') continue;
      const r = JSON.parse(a.stdout.toString()) as { threadId: number; got: string[]; lookups: number };
      reports.set(r.threadId, r.got);
      lookupsGot.set(r.threadId, r.lookups);
    }
  }
  // Every compile a thread answered (not reports) carried one fruitless lookup to the main thread's policy.
  expect(policy.fruitlessLookups).toBeGreaterThan(0);
  for (const id of ids) {
    expect(hashes.get(`/t${id}.h`)?.hash).toBe('a'.repeat(64));
    const other = ids.find(x => x !== id) as number;
    const got = reports.get(id) ?? [];
    expect(got).toContain(`/t${other}.h`);
    expect(got).toContain('/main.h');
    expect(got).not.toContain(`/t${id}.h`);
    // The other thread's lookups and the main thread's one.
    expect(lookupsGot.get(id)).toBeGreaterThan(1);
  }
});

it('a thread that dies during a compile fails that compile only, and is replaced', async () => {
  // Each thread dies on its first compile: one death per compile sent to a thread.
  const file = script('dies.mjs', '', 'process.exit(7);');
  const p = pool(file, 1);
  // The first calls run on the main thread until the thread is ready; the first one sent to it fails.
  let failure: unknown;
  for (let i = 0; i < 200 && failure === undefined; i++) {
    await p.run(request).catch((err: unknown) => (failure = err));
    await new Promise(r => setTimeout(r, 25));
  }
  expect(String(failure)).toMatch(/the compile thread exited \(code 7\) during this compile/);
  // A replacement came up and fails its compile the same way: the pool went on using threads.
  let again: unknown;
  for (let i = 0; i < 200 && again === undefined; i++) {
    await p.run(request).catch((err: unknown) => (again = err));
    await new Promise(r => setTimeout(r, 25));
  }
  expect(String(again)).toMatch(/exited \(code 7\)/);
});

it('threads that never come up: every compile runs on the main thread, and the pool gives up on them', async () => {
  const file = script('broken.mjs', "throw new Error('cannot load');", '');
  const log: string[] = [];
  const p = pool(file, 2, log);
  const gaveUp = () =>
    log.some(l => /compile threads died \d+ times: compiling on the main thread from now on/.test(l));
  for (let i = 0; i < 400 && !gaveUp(); i++) {
    expect(await p.run(request)).toBe(fromMain);
    await new Promise(r => setTimeout(r, 25));
  }
  expect(gaveUp()).toBe(true);
  expect(log.some(l => /a compile thread failed: .*cannot load/.test(l))).toBe(true);
  // From then on too.
  expect(await p.run(request)).toBe(fromMain);
});

it('close lets a thread finish the work it does after an answer before it ends', async () => {
  // Answers, then writes a mark 300 ms later (as a compile thread touches a hit's entry after its
  // answer): a pool that terminated its threads at once would lose the mark.
  const mark = path.join(dir, 'after-answer');
  const file = script(
    'after.mjs',
    "import { writeFileSync } from 'node:fs';",
    "parentPort.postMessage({ id: m.id, learned: [], lookups: [], answer: { kind: 'done', status: 0, signal: null, stdout: Buffer.from('thread'), stderr: Buffer.alloc(0) } });\n" +
      `setTimeout(() => writeFileSync(${JSON.stringify(mark)}, 'done'), 300);`
  );
  const p = pool(file, 1);
  await untilThreaded(p);
  await p.close();
  expect(readFileSync(mark, 'utf8')).toBe('done');
});

it('the thread count: the cores by default, 0 to 16 as given, a warning and the default otherwise', () => {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const cores = Math.min(16, os.availableParallelism());
  expect(threadCount({}, warn)).toBe(cores);
  expect(threadCount({ COMPILE_CACHE_SERVER_THREADS: '0' }, warn)).toBe(0);
  expect(threadCount({ COMPILE_CACHE_SERVER_THREADS: '16' }, warn)).toBe(16);
  expect(warnings).toEqual([]);
  for (const bad of ['17', '-1', '1.5', 'two']) {
    expect(threadCount({ COMPILE_CACHE_SERVER_THREADS: bad }, warn)).toBe(cores);
  }
  expect(warnings).toHaveLength(4);
  expect(warnings[3]).toBe(
    `COMPILE_CACHE_SERVER_THREADS: "two" is not a whole number from 0 to 16 (the compile threads of the server; 0 compiles on its main thread): using ${cores}`
  );
});
