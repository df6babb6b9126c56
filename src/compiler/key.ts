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

/** Text that is all ASCII: its UTF-8 bytes are its latin1 bytes, one per character. */
const ASCII = /^[^\u0080-\uffff]*$/;

/** A length as the eight bytes of a big-endian u64, one latin1 character each. */
function u64Chars(n: number): string {
  const hi = Math.floor(n / 0x1_0000_0000);
  const lo = n >>> 0;
  return String.fromCharCode(
    hi >>> 24,
    (hi >>> 16) & 0xff,
    (hi >>> 8) & 0xff,
    hi & 0xff,
    lo >>> 24,
    (lo >>> 16) & 0xff,
    (lo >>> 8) & 0xff,
    lo & 0xff
  );
}

/**
 * A SHA-256 over length-prefixed fields: per field its name (latin1), a zero byte, the value's byte
 * length as a big-endian u64, then the value's bytes (UTF-8 for text). Fields are gathered as one
 * latin1 string while their values are ASCII (names, flags, paths, hex: nearly always) and hashed
 * with one update: a hit computes a key of some thirty fields, and two updates per field, each a
 * call into the native hash with two small buffers made for it, cost a tenth of a millisecond.
 */
export class FieldHash {
  private readonly h = nodeCrypto().createHash('sha256');
  private text = '';

  field(name: string, value: string | Uint8Array): this {
    if (typeof value === 'string' && ASCII.test(value)) {
      this.text += `${name}\0${u64Chars(value.length)}${value}`;
      return this;
    }
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.h.update(`${this.text}${name}\0${u64Chars(bytes.byteLength)}`, 'latin1');
    this.text = '';
    this.h.update(bytes);
    return this;
  }

  digest(): Buffer {
    if (this.text !== '') this.h.update(this.text, 'latin1');
    return this.h.digest();
  }
}

export function compileKey(k: KeyInputs): Buffer {
  const h = new FieldHash();
  const c = k.command;
  h.field('version', KEY_VERSION);
  h.field('compiler', k.compilerIdentity);
  h.field('language', c.language);
  for (const a of k.keyArgs) h.field('arg', a);
  for (const a of k.extraArgs) h.field('arg', a);
  if (c.debug) h.field('cwd', debugWorkingDir(k.cwd, c.prefixMaps));
  h.field('paths', k.paths);
  if (k.depfileTargets !== null) for (const t of k.depfileTargets) h.field('depfile-target', t);
  for (const name of KEY_ENV) {
    const v = k.env[name];
    if (v !== undefined) h.field('env', `${name}=${v}`);
  }
  h.field('preprocessed', k.preprocessed);
  return h.digest();
}
