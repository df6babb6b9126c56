/** The byte budget shared by the pack readers: claims wait while it is spent, first come first served. */
import { ByteBudget } from '../../src/sync/byte-budget.js';

test('claims wait while the budget is spent and are served in order; a claim over the budget runs alone', async () => {
  const budget = new ByteBudget(100);
  const order: string[] = [];
  const a = await budget.acquire(60);
  const big = budget.acquire(500).then(n => (order.push(`big ${n}`), n));
  // A small claim that would fit does not slip past the big one waiting before it.
  const small = budget.acquire(10).then(n => (order.push(`small ${n}`), n));
  await new Promise(r => setImmediate(r));
  expect(order).toEqual([]);
  expect(budget.inUse).toBe(60);
  budget.release(a);
  const bigTaken = await big;
  expect(bigTaken).toBe(100);
  expect(budget.inUse).toBe(100);
  await new Promise(r => setImmediate(r));
  expect(order).toEqual(['big 100']);
  budget.release(bigTaken);
  expect(await small).toBe(10);
  expect(order).toEqual(['big 100', 'small 10']);
  expect(() => new ByteBudget(0)).toThrow(/invalid/);
});
