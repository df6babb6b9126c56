/**
 * The "remote side" of the benchmark in its own process: the S3-protocol server and the link
 * proxy in front of it. In the client's process they would share its event loop and core with
 * the code being measured, which a real bucket does not; here they run beside it, and the parent
 * talks to them over IPC (endpoints, request counts, unmeasured set-up of the bucket's contents).
 *
 * Two servers (`server`):
 * - `memory` (testkit/memory-s3.ts): objects in memory, well under a millisecond of CPU per request,
 *   so what the client feels is the link — the model of a real bucket, which serves requests in
 *   parallel on its own machines;
 * - `s3rver` (bench/server.ts): one thread and a few milliseconds of CPU per request (three files
 *   written per object, md5, koa), on the same 2 cores as the client: "server-bound".
 *
 * Run as a child: `fork('bench/remote.ts', { execArgv: ['--import', 'tsx'] })`, then send
 * `{ start: { server, directory, latencyMs, bytesPerSecond } }`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LinkShaper, startLinkProxy, type LinkCounts, type LinkProxy } from '../testkit/link-proxy.js';
import { startMemoryS3, type MemoryS3Server, type StoredObject } from '../testkit/memory-s3.js';
import { startBenchServer } from './server.js';
import { seedBucket, seedFromDisk, seedTinyEntries, tinyEntryObjects } from './seed.js';

export type ServerKind = 'memory' | 's3rver';

interface StartOptions {
  server: ServerKind;
  /** s3rver's directory (also where snapshots of it are kept); unused by the memory server. */
  directory: string;
  latencyMs: number;
  bytesPerSecond: number;
}

/** Unmeasured changes to the bucket's contents, made beside the server rather than through it. */
type SetUp =
  | { createBucket: { bucket: string } }
  | { seedFromDisk: { bucket: string; root: string; prefix: string } }
  | { seedTiny: { bucket: string; prefix: string; entries: number } }
  | { deletePrefixes: { bucket: string; prefixes: string[] } }
  | { snapshot: { bucket: string; prefix: string; name: string } }
  | { restoreSnapshot: { name: string } };

type Request = { id: number } & (
  { start: StartOptions } | { counts: true } | { reset: true } | { stop: true } | { setUp: SetUp }
);

export interface Remote {
  server: ServerKind;
  /** The server directly (set-up, not measured) and through the shaped link. */
  direct: string;
  linked: string;
  counts(): Promise<LinkCounts>;
  resetCounts(): Promise<void>;
  /** CPU time the remote side (server and link proxy together) has used so far, in ms. */
  cpuMs(): Promise<number>;
  createBucket(bucket: string): Promise<void>;
  /** Copies a disk store tree (`<root>/<ns…>/<hh>/<hex>/<name>`, file times kept) under `prefix`. */
  seedFromDisk(bucket: string, root: string, prefix: string): Promise<number>;
  /** `entries` tiny compile entries of five blobs each (the listing benchmark). */
  seedTiny(bucket: string, prefix: string, entries: number): Promise<void>;
  /** Deletes every object under each prefix. */
  deletePrefixes(bucket: string, prefixes: string[]): Promise<void>;
  /** Remembers the objects under a prefix; restoreSnapshot puts the prefix back exactly so. */
  snapshot(bucket: string, prefix: string, name: string): Promise<void>;
  restoreSnapshot(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startRemote(options: StartOptions): Promise<Remote> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx', ...process.execArgv.filter(a => a.startsWith('--openssl'))],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; value: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(`bench remote side: ${m.error}`));
    else w?.resolve(m.value);
  });
  child.on('exit', code => {
    for (const w of waiting.values()) w.reject(new Error(`bench remote side exited (${code})`));
    waiting.clear();
  });
  const call = <T>(body: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: v => resolve(v as T), reject });
      child.send({ id, ...body }, err => err && reject(err));
    });
  const setUp = <T = void>(s: SetUp): Promise<T> => call<T>({ setUp: s });
  const started = await call<{ direct: string; linked: string }>({ start: options });
  return {
    server: options.server,
    ...started,
    counts: () => call<LinkCounts>({ counts: true }),
    resetCounts: () => call<void>({ reset: true }),
    cpuMs: () => call<number>({ cpu: true }),
    createBucket: bucket => setUp({ createBucket: { bucket } }),
    seedFromDisk: (bucket, root, prefix) => setUp<number>({ seedFromDisk: { bucket, root, prefix } }),
    seedTiny: (bucket, prefix, entries) => setUp({ seedTiny: { bucket, prefix, entries } }),
    deletePrefixes: (bucket, prefixes) => setUp({ deletePrefixes: { bucket, prefixes } }),
    snapshot: (bucket, prefix, name) => setUp({ snapshot: { bucket, prefix, name } }),
    restoreSnapshot: name => setUp({ restoreSnapshot: { name } }),
    stop: async () => {
      await call<void>({ stop: true });
      child.disconnect();
    }
  };
}

/** The set-up operations for one server. */
interface Seeder {
  apply(s: SetUp): Promise<unknown>;
}

/** s3rver keeps `<bucket>/<key>._S3rver_object` files: set-up writes and copies them directly. */
function s3rverSeeder(directory: string): Seeder {
  const snapshots = new Map<string, { from: string; copy: string }>();
  const dirOf = (bucket: string, prefix: string): string =>
    join(directory, bucket, ...prefix.split('/').filter(Boolean));
  return {
    async apply(s) {
      if ('createBucket' in s) return seedBucket(directory, s.createBucket.bucket);
      if ('seedFromDisk' in s) {
        const { bucket, root, prefix } = s.seedFromDisk;
        return seedFromDisk(directory, bucket, root, prefix);
      }
      if ('seedTiny' in s) {
        const { bucket, prefix, entries } = s.seedTiny;
        return seedTinyEntries(directory, bucket, prefix, entries);
      }
      if ('deletePrefixes' in s) {
        // Prefixes here are whole folders (`…/<hex>/`), which s3rver keeps as directories.
        for (const p of s.deletePrefixes.prefixes) {
          await rm(dirOf(s.deletePrefixes.bucket, p), { recursive: true, force: true });
        }
        return;
      }
      if ('snapshot' in s) {
        const from = dirOf(s.snapshot.bucket, s.snapshot.prefix);
        const copy = join(`${directory}-snapshots`, s.snapshot.name);
        await rm(copy, { recursive: true, force: true });
        await mkdir(copy, { recursive: true });
        await cp(from, copy, { recursive: true });
        snapshots.set(s.snapshot.name, { from, copy });
        return;
      }
      const snap = snapshots.get(s.restoreSnapshot.name);
      if (!snap) throw new Error(`no snapshot ${JSON.stringify(s.restoreSnapshot.name)}`);
      await rm(snap.from, { recursive: true, force: true });
      await cp(snap.copy, snap.from, { recursive: true });
    }
  };
}

function memorySeeder(server: MemoryS3Server): Seeder {
  const { store } = server;
  const snapshots = new Map<string, { bucket: string; prefix: string; objects: Map<string, StoredObject> }>();
  return {
    async apply(s) {
      if ('createBucket' in s) return void store.createBucket(s.createBucket.bucket);
      if ('seedFromDisk' in s) {
        const { bucket, root, prefix } = s.seedFromDisk;
        let n = 0;
        const walk = async (rel: string): Promise<void> => {
          for (const d of await readdir(join(root, rel), { withFileTypes: true })) {
            const r = rel ? `${rel}/${d.name}` : d.name;
            if (d.isDirectory()) await walk(r);
            else if (d.isFile()) {
              const file = join(root, r);
              const [data, st] = await Promise.all([readFile(file), stat(file)]);
              store.putObject(bucket, `${prefix}${r}`, data, { lastModified: st.mtime });
              n++;
            }
          }
        };
        await walk('');
        return n;
      }
      if ('seedTiny' in s) {
        const { bucket, prefix, entries } = s.seedTiny;
        for (const [key, data] of tinyEntryObjects(prefix, entries)) store.putObject(bucket, key, data);
        return;
      }
      if ('deletePrefixes' in s) {
        for (const p of s.deletePrefixes.prefixes) store.deletePrefix(s.deletePrefixes.bucket, p);
        return;
      }
      if ('snapshot' in s) {
        const { bucket, prefix, name } = s.snapshot;
        snapshots.set(name, { bucket, prefix, objects: store.snapshot(bucket, prefix) });
        return;
      }
      const snap = snapshots.get(s.restoreSnapshot.name);
      if (!snap) throw new Error(`no snapshot ${JSON.stringify(s.restoreSnapshot.name)}`);
      store.restoreSnapshot(snap.bucket, snap.prefix, snap.objects);
    }
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.send) {
  let stopServer: (() => Promise<void>) | undefined;
  let proxy: Pick<LinkProxy, 'counts' | 'resetCounts' | 'stop'> | undefined;
  let seeder: Seeder | undefined;
  process.on('message', (m: Request) => {
    void (async () => {
      let value: unknown;
      try {
        if ('start' in m) {
          if (m.start.server === 'memory') {
            // The memory server shapes its own second endpoint (the same link model as the proxy,
            // without the proxy's HTTP hop and its CPU on the shared cores).
            const server = await startMemoryS3();
            const shaper = new LinkShaper(m.start.latencyMs, m.start.bytesPerSecond);
            const shaped = await startMemoryS3({ store: server.store, link: shaper });
            stopServer = async () => {
              await shaped.stop();
              await server.stop();
            };
            seeder = memorySeeder(server);
            proxy = {
              counts: () => shaper.counts(),
              resetCounts: () => shaper.resetCounts(),
              stop: async () => {}
            };
            value = { direct: server.endpoint, linked: shaped.endpoint };
          } else {
            const server = await startBenchServer(m.start.directory);
            stopServer = () => server.stop();
            seeder = s3rverSeeder(m.start.directory);
            const linkProxy = await startLinkProxy({
              upstream: server.endpoint,
              latencyMs: m.start.latencyMs,
              bytesPerSecond: m.start.bytesPerSecond
            });
            proxy = linkProxy;
            value = { direct: server.endpoint, linked: linkProxy.endpoint };
          }
        } else if ('counts' in m) value = proxy?.counts();
        else if ('cpu' in m) {
          const u = process.cpuUsage();
          value = (u.user + u.system) / 1000;
        } else if ('reset' in m) proxy?.resetCounts();
        else if ('setUp' in m) {
          if (!seeder) throw new Error('set-up before start');
          value = await seeder.apply(m.setUp);
        } else if ('stop' in m) {
          await proxy?.stop();
          await stopServer?.();
        }
        process.send!({ id: m.id, value: value ?? null });
      } catch (err) {
        process.send!({ id: m.id, value: null, error: err instanceof Error ? err.stack : String(err) });
      }
    })();
  });
}
