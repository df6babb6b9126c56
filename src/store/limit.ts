/** Bounded concurrency, shared by the store (shard listing, disk walks, deletes) and the sync above it (transfers). */

/** Runs at most `limit` of the functions given to it at once; the others wait in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  readonly limit: number;

  constructor(limit: number) {
    checkLimit(limit);
    this.limit = limit;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    // A finishing call hands its slot straight to the next waiter, so a newcomer cannot slip in between.
    if (this.active >= this.limit) await new Promise<void>(resolve => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * Maps every item through `fn` with at most `limit` calls in flight; results keep the input order.
 * A fixed set of workers takes the items in turn, so a long list costs no promise per item up front.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  checkLimit(limit);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

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

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency limit ${limit} is invalid: expected a whole number >= 1`);
  }
}
