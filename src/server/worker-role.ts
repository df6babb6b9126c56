/**
 * The mark of a compile thread: the server starts its compile threads from the wrapper bundle itself
 * (compile-pool.ts), and the bundle's entry (wrapper-bundle.ts) checks `workerData.role` before it
 * does anything else. Its own module, so the per-compile entry point loads nothing of the pool.
 */
export const COMPILE_WORKER_ROLE = 'compile-cache-compile-worker';

/** What a compile thread posts once its compile core is loaded (the pool sends it nothing before). */
export const WORKER_READY = 'ready';

/** Whether this thread was started as a compile thread. */
export function isCompileWorker(isMainThread: boolean, workerData: unknown): boolean {
  return (
    !isMainThread &&
    typeof workerData === 'object' &&
    workerData !== null &&
    (workerData as { role?: unknown }).role === COMPILE_WORKER_ROLE
  );
}
