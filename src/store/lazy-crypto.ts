/**
 * `node:crypto`, loaded on first use. Loading it costs a few milliseconds of a hit's start-up; the
 * wrapper first starts the preprocessor, then loads it while the preprocessor runs.
 */
import { builtinModule } from './builtin-module.js';

type Crypto = typeof import('node:crypto');

let loaded: Crypto | undefined;

export function nodeCrypto(): Crypto {
  loaded ??= builtinModule<Crypto>('node:crypto');
  return loaded;
}
