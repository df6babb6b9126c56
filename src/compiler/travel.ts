/**
 * Keys that travel between checkouts: with `-ffile-prefix-map=<checkout>=<to>` (or the debug and
 * macro maps together) gcc and clang write no path below the checkout into the object, so the
 * checkout's own path is taken out of the key: in the arguments and in the preprocessed text's
 * line markers it becomes TOKEN. See docs/wrapper.md, "Keys that travel", for the rules and why
 * each is sound.
 */
import path from 'node:path';
import type { CompileCommand, PrefixMap } from './args.js';
import { PLAIN_PATH } from './depfile.js';

/** Stands for the checkout in the key: no path or argument can hold a NUL byte. */
export const TOKEN = '\0';

/** `p` is `prefix` or below it, as both gcc and clang map it (gcc alone would also map `/a/bc` by `/a/b`). */
export function isBelow(p: string, prefix: string): boolean {
  return prefix.endsWith('/') ? p.startsWith(prefix) : p === prefix || p.startsWith(prefix + '/');
}

function canonicalAbsolute(p: string): boolean {
  return path.isAbsolute(p) && p.length > 1 && PLAIN_PATH.test(p) && !/\/\/|\/\.\.?(\/|$)/.test(p);
}

/**
 * The checkout prefix this command's paths may be normalised by, or null: the left side of the one
 * prefix map covering the working directory, mapped for debug info and for macros alike
 * (`-ffile-prefix-map`, or `-fdebug-prefix-map` and `-fmacro-prefix-map` with the same left side,
 * each once), absolute and plain, with no other map whose left side overlaps it (compilers differ on
 * which of two matching maps wins). Never for an assembler source with debug info.
 */
export function travellingPrefix(cmd: CompileCommand, cwd: string): string | null {
  // clang's integrated assembler (clang 14) writes the absolute paths of a `.S` file's debug info
  // whatever the maps say: assembler sources with debug info keep the absolute key.
  if (cmd.language === 'assembler-with-cpp' && cmd.debug) return null;
  // Preprocessed sources (.i, .ii) were not compared at two paths: keyed as written.
  if (cmd.language === 'cpp-output' || cmd.language === 'c++-cpp-output') return null;
  const covers = (from: string) => from !== '' && (isBelow(cwd, from) || cwd + '/' === from);
  const covering = [...new Set(cmd.maps.map(m => m.from).filter(covers))];
  if (covering.length !== 1) return null;
  const prefix = covering[0] as string;
  if (!canonicalAbsolute(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix)) return null;
  const at = (kind: PrefixMap['kind']) => cmd.maps.filter(m => m.from === prefix && m.kind === kind).length;
  const [file, debug, macro] = [at('file'), at('debug'), at('macro')];
  if (!((file === 1 && debug === 0 && macro === 0) || (file === 0 && debug === 1 && macro === 1)))
    return null;
  if (cmd.maps.some(m => m.from !== prefix && (m.from.startsWith(prefix) || prefix.startsWith(m.from))))
    return null;
  return prefix;
}

/** Options whose joined value is a directory or file to search (never written into the object). */
const JOINED_PATH_OPTIONS = [
  '-I',
  '-isystem',
  '-iquote',
  '-idirafter',
  '-iframework',
  '-isysroot',
  '--sysroot='
];

/** The key arguments with the checkout replaced by TOKEN in paths and in the prefix maps' left sides. */
export function normaliseArgs(keyArgs: readonly string[], prefix: string): string[] {
  const swap = (p: string) => TOKEN + p.slice(prefix.length);
  return keyArgs.map(a => {
    if (isBelow(a, prefix)) return swap(a);
    const map = /^-f(file|debug|macro)-prefix-map=/.exec(a);
    if (map !== null && a.startsWith(`${map[0]}${prefix}=`))
      return map[0] + TOKEN + a.slice(map[0].length + prefix.length);
    for (const opt of JOINED_PATH_OPTIONS) {
      if (a.startsWith(opt) && isBelow(a.slice(opt.length), prefix)) return opt + swap(a.slice(opt.length));
    }
    return a;
  });
}

const MARKER = /^(# \d+ ")((?:[^"\\\n]|\\.)*)(")/gm;

/**
 * The preprocessed text with the checkout replaced by TOKEN in line-marker paths; null when a marker
 * names a path that starts with the prefix's characters without being below it (gcc would map it,
 * clang not: such a command keeps its absolute key).
 */
export function normaliseMarkers(preprocessed: Buffer, prefix: string): Buffer | null {
  const text = preprocessed.toString('latin1');
  let refused = false;
  let changed = false;
  const out = text.replace(MARKER, (whole, head: string, file: string, tail: string) => {
    if (!file.startsWith(prefix)) return whole;
    if (!isBelow(file, prefix)) {
      refused = true;
      return whole;
    }
    changed = true;
    return head + TOKEN + file.slice(prefix.length) + tail;
  });
  if (refused) return null;
  return changed ? Buffer.from(out, 'latin1') : preprocessed;
}
