/**
 * `node:crypto`, loaded on first use. Loading it costs a few milliseconds of a hit's start-up; the
 * wrapper first starts the preprocessor, then loads it while the preprocessor runs.
 */
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');

let loaded: Crypto | undefined;

export function nodeCrypto(): Crypto {
  // process.getBuiltinModule: Node ≥ 20.16 / 22.3; a module-relative require before that.
  loaded ??=
    (process.getBuiltinModule as ((id: 'node:crypto') => Crypto) | undefined)?.('node:crypto') ??
    (createRequire(import.meta.url)('node:crypto') as Crypto);
  return loaded;
}
