/**
 * One compile thread of the server (compile-pool.ts): a compile core with its own session (stat
 * cache, manifests, compiler identities), answering the compiles the main thread posts, as many at
 * once as arrive (a miss waits on its compiler without holding the thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compile, createSession } from '../compiler/compile.js';
import { adoptOutcomes, takeOutcomes } from '../compiler/direct/depend.js';
import { openCompileStore, runDeferred } from '../compiler/session.js';
import { collectGarbage } from '../runtime/collect-garbage.js';
import type { CompileWorkerData, WorkerMessage, WorkerReply } from './compile-pool.js';
import { rehearse } from './rehearsal.js';
import { WORKER_READY } from './worker-role.js';

export function serveCompiles(): void {
  const port = parentPort;
  if (port === null) throw new Error('serveCompiles runs in a worker thread');
  const data = workerData as CompileWorkerData;
  const session = createSession(data.cacheDir, { longLived: true, shareHashes: true });
  // Ready once the store's code is loaded too: a hit needs it, and the pool sends nothing before.
  void openCompileStore(session, 'compile', 'local').then(
    () => port.postMessage(WORKER_READY),
    () => port.postMessage(WORKER_READY)
  );
  let rehearsalStopped: string | null = null;
  /** The rehearsal in progress: a close waits for its answer. */
  let rehearsing: Promise<unknown> = Promise.resolve();
  port.on('message', (m: WorkerMessage) => {
    if ('stopRehearsal' in m) {
      rehearsalStopped = m.stopRehearsal;
      return;
    }
    if ('learn' in m) {
      session.fileHashes.adopt(m.learn);
      adoptOutcomes(session.dependPolicy, m.lookups);
      return;
    }
    if ('close' in m) {
      // Every message before this one has been handled, and the work put off after their answers
      // started (runDeferred): without the port, the thread exits once that work is done. A
      // rehearsal (told to stop just before) answers first.
      void rehearsing.finally(() => port.close());
      return;
    }
    if ('rehearse' in m) {
      // The directory is the main thread's to remove: a terminated worker runs no cleanup.
      rehearsing = rehearse(m.rehearse, process.env, () => rehearsalStopped).then(rehearsed => {
        // The rehearsal's garbage, collected now rather than in the build's first compiles; not
        // when the build has started (the pause would be the build's).
        if (rehearsed.skipped === null && rehearsalStopped === null) collectGarbage();
        port.postMessage({ id: m.id, rehearsed } satisfies WorkerReply);
      });
      return;
    }
    compile(session, m.request)
      .then(
        answer =>
          port.postMessage({
            id: m.id,
            answer,
            learned: session.fileHashes.takeLearned(),
            lookups: takeOutcomes(session.dependPolicy)
          } satisfies WorkerReply),
        (err: unknown) => {
          session.fileHashes.takeLearned();
          takeOutcomes(session.dependPolicy);
          port.postMessage({
            id: m.id,
            error: err instanceof Error ? err.message : String(err),
            stack: err instanceof Error ? err.stack : undefined
          } satisfies WorkerReply);
        }
      )
      // After the answer is posted: the main thread writes it to the client meanwhile.
      .then(() => runDeferred(session));
  });
}
