/**
 * The "remote side" of the benchmark in its own process: the S3-protocol server and the link
 * proxy in front of it. In the client's process they would share its event loop and core with
 * the code being measured, which a real bucket does not; here they run beside it, and the parent
 * talks to them over IPC (endpoints, request counts).
 *
 * Run as a child: `fork('bench/remote.ts', { execArgv: ['--import', 'tsx'] })`, then send
 * `{ start: { directory, latencyMs, bytesPerSecond } }`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startLinkProxy, type LinkCounts, type LinkProxy } from '../dev/link-proxy.js';
import { startBenchServer, type BenchServer } from './server.js';

type Request =
  | { id: number; start: { directory: string; latencyMs: number; bytesPerSecond: number } }
  | { id: number; counts: true }
  | { id: number; reset: true }
  | { id: number; stop: true };

export interface Remote {
  /** The server directly (set-up, not measured) and through the shaped link. */
  direct: string;
  linked: string;
  counts(): Promise<LinkCounts>;
  resetCounts(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRemote(options: {
  directory: string;
  latencyMs: number;
  bytesPerSecond: number;
}): Promise<Remote> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx', ...process.execArgv.filter(a => a.startsWith('--openssl'))],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  let next = 1;
  const waiting = new Map<number, (v: unknown) => void>();
  child.on('message', (m: { id: number; value: unknown }) => {
    waiting.get(m.id)?.(m.value);
    waiting.delete(m.id);
  });
  const call = <T>(body: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, v => resolve(v as T));
      child.send({ id, ...body }, err => err && reject(err));
    });
  const started = await call<{ direct: string; linked: string }>({ start: options });
  return {
    ...started,
    counts: () => call<LinkCounts>({ counts: true }),
    resetCounts: () => call<void>({ reset: true }),
    stop: async () => {
      await call<void>({ stop: true });
      child.disconnect();
    }
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.send) {
  let server: BenchServer | undefined;
  let proxy: LinkProxy | undefined;
  process.on('message', (m: Request) => {
    void (async () => {
      let value: unknown;
      if ('start' in m) {
        server = await startBenchServer(m.start.directory);
        proxy = await startLinkProxy({
          upstream: server.endpoint,
          latencyMs: m.start.latencyMs,
          bytesPerSecond: m.start.bytesPerSecond
        });
        value = { direct: server.endpoint, linked: proxy.endpoint };
      } else if ('counts' in m) value = proxy?.counts();
      else if ('reset' in m) proxy?.resetCounts();
      else if ('stop' in m) {
        await proxy?.stop();
        await server?.stop();
      }
      process.send!({ id: m.id, value: value ?? null });
    })();
  });
}
