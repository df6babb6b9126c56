/**
 * One compile thread of the server (compile-pool.ts): a compile core with its own session (stat
 * cache, manifests, compiler identities), answering the compiles the main thread posts, as many at
 * once as arrive (a miss waits on its compiler without holding the thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compile, createSession, type CompileRequest } from '../compiler/compile.js';
import { openCompileStore } from '../compiler/session.js';
import type { CompileWorkerData, WorkerReply } from './compile-pool.js';
import { WORKER_READY } from './worker-role.js';

export function serveCompiles(): void {
  const port = parentPort;
  if (port === null) throw new Error('serveCompiles runs in a worker thread');
  const data = workerData as CompileWorkerData;
  const session = createSession(data.cacheDir, { longLived: true });
  // Ready once the store's code is loaded too: a hit needs it, and the pool sends nothing before.
  void openCompileStore(session, 'compile', 'local').then(
    () => port.postMessage(WORKER_READY),
    () => port.postMessage(WORKER_READY)
  );
  port.on('message', (m: { id: number; request: CompileRequest }) => {
    compile(session, m.request).then(
      answer => port.postMessage({ id: m.id, answer } satisfies WorkerReply),
      (err: unknown) =>
        port.postMessage({
          id: m.id,
          error: err instanceof Error ? err.message : String(err),
          stack: err instanceof Error ? err.stack : undefined
        } satisfies WorkerReply)
    );
  });
}
