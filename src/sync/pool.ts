/** Bounded concurrency for transfers: a fixed number of workers and a shared request limiter. */

/**
 * Runs `fn` over `items` with at most `limit` calls in flight. When a call throws, no new item is
 * started, the calls in flight are awaited, and the first error is rethrown: `fn` handles the
 * failures it can live with itself and throws only to stop the whole run.
 */
export async function forEachLimit<T>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>
): Promise<void> {
  const it = items[Symbol.iterator]();
  let stopped = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!stopped) {
      const next = it.next();
      if (next.done) return;
      try {
        await fn(next.value);
      } catch (err) {
        if (!stopped) firstError = err;
        stopped = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (stopped) throw firstError;
}

/**
 * Caps the requests in flight across entries: each entry fetches its blobs in parallel, and the
 * store's Limiter keeps the total at the transfer concurrency so the pool stays full but not flooded.
 */
export { Limiter } from '../store/limit.js';
