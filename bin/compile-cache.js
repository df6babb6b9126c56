#!/usr/bin/env node
/**
 * The `compile-cache` command. Compiler-side commands go to the small wrapper bundle (it starts
 * once per compile, so it never loads the AWS SDK); bucket-side commands go to the CLI bundle.
 *
 *   compile-cache wrap <compiler> <args…> | stats | zero-stats | install-shims <dir> | server [status|stop|headers]
 *   compile-cache restore | save | clean | ls   [--bucket … --max-size … ; see compile-cache help]
 */
import { fileURLToPath, URL } from 'node:url';

// Node's compile cache first, before either bundle is loaded (src/runtime/node-compile-cache.ts):
// the CLI bundle is parsed and compiled again in every process otherwise. The
// helper never throws; a dist/ built before it existed has no helper, and then there is no cache.
try {
  (await import('../dist/runtime/node-compile-cache.js')).enableNodeCompileCache();
} catch {
  // Only speed is lost.
}

const WRAPPER_COMMANDS = new Set(['wrap', '--shim', 'stats', 'zero-stats', 'install-shims', 'server']);

// `<command> --help` is answered by the CLI, which prints every command's usage (the wrapper would
// take `--help` as a compiler's name, a directory or nothing).
const [command = '', first] = process.argv.slice(2);
const asksHelp = command !== '--shim' && (first === '--help' || first === '-h');

if (WRAPPER_COMMANDS.has(command) && !asksHelp) {
  // The wrapper takes argv[1] for its own file: the shims it installs run it, and so do the compile
  // server's threads. That must be the bundle, not this launcher (whose threads would start the CLI).
  process.argv[1] = fileURLToPath(new URL('../dist/wrap/index.js', import.meta.url));
  await import('../dist/wrap/index.js');
} else await import('../dist/cli/index.js');
