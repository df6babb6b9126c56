/**
 * The compile key: a SHA-256 (32 bytes) over length-prefixed fields, so no two different field lists
 * hash the same byte stream. See docs/wrapper.md, "What goes into the key", for the exact list.
 */
import type { CompileCommand } from './args.js';
import { debugWorkingDir } from './args.js';
import { nodeCrypto } from './lazy-crypto.js';

/** Bump when anything about what goes into the key changes: old entries then simply miss. */
export const KEY_VERSION = 'compile-cache compile key v2';

/** Environment variables that change what the compiler does or says, beyond the command line. */
export const KEY_ENV = [
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'LC_MESSAGES',
  'GCC_COLORS',
  'GCC_URLS',
  'TERM_URLS',
  'GCC_EXEC_PREFIX',
  'COMPILER_PATH',
  'GCC_COMPARE_DEBUG',
  'CCC_OVERRIDE_OPTIONS'
] as const;

/**
 * gcc writes the working directory into `-E` output as `# 1 "<cwd>//"` when debug info is on. The key
 * holds the directory as debug info records it instead (after prefix maps), so this line is dropped.
 */
export function dropWorkingDirMarker(preprocessed: Buffer, cwd: string): Buffer {
  const marker = Buffer.from(`"${cwd}//"\n`);
  const limit = Math.min(preprocessed.length, 4096);
  const at = preprocessed.subarray(0, limit).indexOf(marker);
  if (at < 0) return preprocessed;
  const lineStart = preprocessed.lastIndexOf(0x0a, at) + 1;
  const prefix = preprocessed.toString('latin1', lineStart, at);
  if (!/^# \d+ $/.test(prefix)) return preprocessed;
  return Buffer.concat([preprocessed.subarray(0, lineStart), preprocessed.subarray(at + marker.length)]);
}

export interface KeyInputs {
  /** Hex SHA-256 of the compiler binary. */
  compilerIdentity: string;
  command: CompileCommand;
  /** Arguments actually used beyond the command (e.g. a colour flag added for a terminal). */
  extraArgs: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The `-E` output, working-directory marker already dropped (and line markers normalised when `travel`). */
  preprocessed: Buffer;
  /**
   * How paths are keyed: 'absolute' as written; 'travel': the checkout below a covering prefix map
   * is TOKEN in the arguments and line markers (travel.ts), `keyArgs` already normalised.
   */
  paths: 'absolute' | 'travel';
  /** The key arguments to use (the command's, or normalised by travel.ts). */
  keyArgs: readonly string[];
  /**
   * The depfile's targets when they are keyed (a target make would need quoted: the stored depfile
   * is then restored as it is); null when a hit writes the targets into the depfile itself.
   */
  depfileTargets: string[] | null;
}

export function compileKey(k: KeyInputs): Buffer {
  const h = nodeCrypto().createHash('sha256');
  const field = (name: string, value: string | Uint8Array) => {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    const head = Buffer.alloc(name.length + 1 + 8);
    head.write(name, 0, 'latin1');
    head.writeBigUInt64BE(BigInt(bytes.byteLength), name.length + 1);
    h.update(head);
    h.update(bytes);
  };
  const c = k.command;
  field('version', KEY_VERSION);
  field('compiler', k.compilerIdentity);
  field('language', c.language);
  for (const a of [...k.keyArgs, ...k.extraArgs]) field('arg', a);
  if (c.debug) field('cwd', debugWorkingDir(k.cwd, c.prefixMaps));
  field('paths', k.paths);
  if (k.depfileTargets !== null) for (const t of k.depfileTargets) field('depfile-target', t);
  for (const name of KEY_ENV) {
    const v = k.env[name];
    if (v !== undefined) field('env', `${name}=${v}`);
  }
  field('preprocessed', k.preprocessed);
  return h.digest();
}
