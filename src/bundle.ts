/**
 * The one bundle that carries the AWS SDK (dist/lib/index.js). The action's step files and the CLI
 * are tiny entry files that import it, because every ncc build with the SDK costs time and
 * bytes; one shared bundle keeps both down. See scripts/build.mjs.
 */
// First, before any module that touches fs or zlib: sizes libuv's thread pool.
import './runtime/threadpool.js';
export { runStep, type Step } from './action/steps.js';
export { runCli } from './cli/index.js';
