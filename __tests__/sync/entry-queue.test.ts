/** The hand-over queue between the object upload and the pack writer (upload mode `both`). */
import { EntryQueue } from '../../src/sync/entry-queue.js';

const tick = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

test('hands items over in order and ends when closed and drained', async () => {
  const q = new EntryQueue<number>(100);
  const got: number[] = [];
  const consumer = (async () => {
    for await (const n of q) got.push(n);
  })();
  for (let i = 0; i < 5; i++) await q.push(i, 10);
  q.close();
  await consumer;
  expect(got).toEqual([0, 1, 2, 3, 4]);
});

test('a producer over the bound waits until the consumer has taken enough', async () => {
  const q = new EntryQueue<string>(100);
  let second = false;
  await q.push('a', 80);
  const p = q.push('b', 80).then(() => (second = true));
  await tick();
  expect(second).toBe(false); // 160 bytes held: over the bound
  const it = q[Symbol.asyncIterator]();
  expect((await it.next()).value).toBe('a');
  await p;
  expect(second).toBe(true);
  expect((await it.next()).value).toBe('b');
  q.close();
  expect((await it.next()).done).toBe(true);
});

test('a consumer that stops early (a failed pack write) never leaves the producer waiting', async () => {
  const q = new EntryQueue<number>(10);
  const consumer = (async () => {
    for await (const n of q) if (n === 1) throw new Error('pack write failed');
  })();
  await q.push(0, 5);
  await q.push(1, 5);
  await expect(consumer).rejects.toThrow('pack write failed');
  // Far over the bound, yet no wait: nobody is consuming any more.
  await q.push(2, 1000);
  await q.push(3, 1000);
});

test('end() releases a waiting producer, and later pushes return at once', async () => {
  const q = new EntryQueue<number>(10);
  const waiting = q.push(1, 50);
  q.end();
  await waiting;
  await q.push(2, 50);
  const got: number[] = [];
  for await (const n of q) got.push(n);
  expect(got).toEqual([]);
});
