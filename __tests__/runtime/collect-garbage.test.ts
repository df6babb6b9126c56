/**
 * collectGarbage (src/runtime/collect-garbage.ts): a full collection on request, without
 * --expose-gc on the command line, as the compile server runs it after its warm-up.
 */
import { collectGarbage } from '../../src/runtime/collect-garbage.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 0));

/** A WeakRef to an object that nothing else refers to once this returns. */
function unreferenced(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill('x') });
}

it('collects an object nothing refers to any more, and says it did', async () => {
  const ref = unreferenced();
  // A WeakRef's target lives at least to the end of the job that made it.
  await tick();
  expect(collectGarbage()).toBe(true);
  await tick();
  expect(ref.deref()).toBeUndefined();
  // Again: the collector found once is reused.
  expect(collectGarbage()).toBe(true);
});
