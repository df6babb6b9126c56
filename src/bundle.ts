/**
 * The bundle of the action's steps and the CLI's bucket commands (dist/lib/index.js). The action's
 * step files and the CLI are tiny entry files that import it, so that ncc builds it once and every
 * entry shares its chunks (the AWS SDK's credential chain, @actions/cache). See scripts/build.mjs.
 *
 * The action's steps are a chunk of their own, loaded when a step runs: they bring @actions/core
 * and its HTTP client, whose loading the CLI (a save is a whole command, start to exit) would
 * otherwise pay on every run without using them.
 */
// First, before any module that touches fs or zlib: sizes libuv's thread pool.
import './runtime/threadpool.js';
import type { Step, StepOptions } from './action/steps.js';
export type { Step } from './action/steps.js';
export { runCli } from './cli/index.js';

export async function runStep(step: Step, opts: StepOptions): Promise<void> {
  const { runStep: run } = await import('./action/steps.js');
  return run(step, opts);
}
