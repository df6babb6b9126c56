/**
 * Direct mode: a hit served without running the preprocessor. A manifest (manifest.ts), found by a
 * key over the command and the source's content, lists the files earlier compiles of it read and
 * the result key each set of contents gave; when every listed file still has the recorded content
 * (hashes through the session's stat cache, file-hash.ts), that result key is looked up as usual.
 *
 * Manifests are written from what preprocessor mode has anyway: the line markers of the `-E` run
 * name every file the preprocessor entered, so recording costs hashing those files, never another
 * compiler run. Any trouble (no manifest, a malformed one, a changed or unreadable file, a file
 * too new to trust) means preprocessor mode, as without direct mode.
 */
import path from 'node:path';
import type { CompileCommand } from '../args.js';
import { FieldHash, KEY_ENV, KEY_VERSION } from '../key.js';
import type { CompileSession } from '../session.js';
import { isBelow, normaliseArgs, TOKEN } from '../travel.js';
import { hashFile, nowNs } from './file-hash.js';
import type { Manifest, ManifestEntry } from './manifest.js';

/** Environment variables that change which headers are found, beyond KEY_ENV. */
const INCLUDE_ENV = [
  'CPATH',
  'C_INCLUDE_PATH',
  'CPLUS_INCLUDE_PATH',
  'OBJC_INCLUDE_PATH',
  'SOURCE_DATE_EPOCH'
] as const;

/** The environment a manifest key reads, in its order. */
const MANIFEST_ENV = [...KEY_ENV, ...INCLUDE_ENV];

/** Options whose files the preprocessor reads without a line marker: such a call has no manifest. */
const UNMARKED_INPUT = /^-(imacros|ivfsoverlay|fmodule-map-file=|fmodules-cache-path=)/;

export interface DirectInputs {
  compilerIdentity: string;
  command: CompileCommand;
  extraArgs: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The checkout prefix (travel.ts) or null. */
  prefix: string | null;
  /** Keyed depfile targets (key.ts) or null. */
  depfileTargets: string[] | null;
  /** Hex SHA-256 of the source's content. */
  sourceHash: string;
}

/** Whether direct mode may be used for this command at all. */
export function directModeApplies(cmd: CompileCommand, env: NodeJS.ProcessEnv): boolean {
  const v = env.COMPILE_CACHE_DIRECT;
  if (v !== undefined && /^(0|false|no|off)$/i.test(v.trim())) return false;
  return (
    !cmd.keyArgs.some(a => UNMARKED_INPUT.test(a)) &&
    cmd.language !== 'cpp-output' &&
    cmd.language !== 'c++-cpp-output'
  );
}

/** Options whose value names a file or directory the compile reads (a relative one: from the working directory). */
const INPUT_PATH_OPTIONS = [
  '-I',
  '-iquote',
  '-isystem-after',
  '-isystem',
  '-isysroot',
  '-idirafter',
  '-include',
  '-imacros',
  '-iprefix',
  '-iwithprefixbefore',
  '-iwithprefix',
  '-iwithsysroot',
  '-cxx-isystem',
  '--sysroot',
  '-iframework',
  '-F',
  '-B',
  '-specs',
  '-fplugin'
];

/**
 * Paths from the environment where headers or the compiler's own programs are looked for: an empty
 * element or a relative one means the working directory.
 */
const PATH_LIST_ENV = [
  'CPATH',
  'C_INCLUDE_PATH',
  'CPLUS_INCLUDE_PATH',
  'OBJC_INCLUDE_PATH',
  'GCC_EXEC_PREFIX',
  'COMPILER_PATH'
] as const;

/**
 * Whether the compile reads nothing through its working directory: no debug info (which records
 * it), every source and every file or directory an option names given as an absolute path, no
 * relative include path from the environment. Then its manifest key leaves the working directory
 * out, and its entries whose files are all absolute hold in any working directory: CMake's build
 * directories of one tree (absolute sources, per-directory object paths) share direct- and
 * depend-mode entries as they share preprocessor-mode ones (whose key holds the working directory
 * only with debug info). Conservative: a value this cannot read as absolute keeps the directory.
 */
export function anyWorkingDir(d: DirectInputs): boolean {
  const c = d.command;
  if (d.prefix !== null || c.debug) return false;
  for (const a of [...c.keyArgs, ...d.extraArgs]) {
    if (!a.startsWith('-')) {
      // A source, or the value of an option written apart from it (`-I dir`, `-D NAME`).
      if (!path.isAbsolute(a)) return false;
      continue;
    }
    const option = INPUT_PATH_OPTIONS.find(o => a.startsWith(o));
    if (option !== undefined && a.length > option.length) {
      const value = a.slice(option.length).replace(/^=/, '');
      if (!path.isAbsolute(value)) return false;
    }
    // Any other `-f…=` or `--…=` option with a relative path for a value (a prefix map's relative
    // side): the working directory is kept rather than the option told apart.
    const eq = /^-(?:f|-)[^=]*=(.*)$/s.exec(a);
    if (eq !== null && (eq[1] as string).includes('/') && !path.isAbsolute(eq[1] as string)) return false;
  }
  for (const name of PATH_LIST_ENV) {
    const v = d.env[name];
    if (v !== undefined && v.split(':').some(dir => !path.isAbsolute(dir))) return false;
  }
  // clang adds and edits arguments from it, which this cannot see.
  return d.env.CCC_OVERRIDE_OPTIONS === undefined;
}

/**
 * The scope of a manifest entry recorded in `r.cwd`: null (it holds anywhere) for a result under a
 * travelling key, or when the manifest key left the working directory out (anyWorkingDir) and
 * every file is named by an absolute path; else `r.cwd`.
 */
export function entryScope(
  r: { travel: boolean; anywhere: boolean; cwd: string },
  files: ReadonlyArray<readonly [string, string]>
): string | null {
  if (r.travel) return null;
  if (!r.anywhere) return r.cwd;
  return files.every(([name]) => path.isAbsolute(name)) ? null : r.cwd;
}

/**
 * The manifest key: everything the result key depends on except what the files' contents decide.
 * `anywhere` is anyWorkingDir(d), for a caller that has it already.
 */
export function manifestKey(d: DirectInputs, anywhere = anyWorkingDir(d)): Buffer {
  const h = new FieldHash();
  const c = d.command;
  h.field('version', `compile-cache manifest key v1 / ${KEY_VERSION}`);
  h.field('compiler', d.compilerIdentity);
  h.field('language', c.language);
  const args = d.prefix === null ? c.keyArgs : normaliseArgs(c.keyArgs, d.prefix);
  for (const a of args) h.field('arg', a);
  for (const a of d.extraArgs) h.field('arg', a);
  // Relative includes are found from here (and debug info records it); '' where nothing is (anyWorkingDir).
  h.field('cwd', d.prefix !== null ? TOKEN + d.cwd.slice(d.prefix.length) : anywhere ? '' : d.cwd);
  h.field('paths', d.prefix === null ? 'absolute' : 'travel');
  if (d.depfileTargets !== null) for (const t of d.depfileTargets) h.field('depfile-target', t);
  for (const name of MANIFEST_ENV) {
    const v = d.env[name];
    if (v !== undefined) h.field('env', `${name}=${v}`);
  }
  h.field('source', d.sourceHash);
  return h.digest();
}

/** A manifest path as a file to read here, or null (a checkout-relative path without a checkout). */
function located(p: string, cwd: string, prefix: string | null): string | null {
  if (p.startsWith(TOKEN)) return prefix === null ? null : prefix + p.slice(1);
  return path.resolve(cwd, p);
}

/** An entry's files as located for one working directory and prefix (null: never matches). */
interface Located {
  cacheDir: string;
  cwd: string;
  prefix: string | null;
  files: Array<string | null>;
}

/**
 * Where each entry's files were last located: a server serves the same manifest entry to the same
 * working directory again and again, and resolving every path (a string walk each) took a tenth
 * of what the stats take. Entries are never changed once decoded (withEntry makes new ones).
 */
const locatedFiles = new WeakMap<ManifestEntry, Located>();

function locate(
  e: ManifestEntry,
  cwd: string,
  prefix: string | null,
  cacheDir: string
): Array<string | null> {
  const known = locatedFiles.get(e);
  if (known !== undefined && known.cwd === cwd && known.prefix === prefix && known.cacheDir === cacheDir)
    return known.files;
  const files = e.files.map(([p]) => {
    const file = located(p, cwd, prefix);
    // Files below the cache directory never count as matching (their content is planted, and may be a FIFO).
    return file === null || isBelow(file, cacheDir) ? null : file;
  });
  locatedFiles.set(e, { cacheDir, cwd, prefix, files });
  return files;
}

/**
 * The newest entry of `m` whose files all have their recorded content here, or null. Files below
 * the cache directory never count as matching (its content is planted, and may be a FIFO).
 */
export function matchingEntry(
  m: Manifest,
  session: CompileSession,
  cwd: string,
  prefix: string | null
): ManifestEntry | null {
  const seen = new Map<string, string | null>();
  const reference = nowNs();
  const hashOf = (file: string): string | null => {
    let h = seen.get(file);
    if (h === undefined) {
      h = hashFile(session.fileHashes, file, reference)?.hash ?? null;
      seen.set(file, h);
    }
    return h;
  };
  for (const e of m.entries) {
    if (e.scope !== null && e.scope !== cwd) continue;
    if (e.travel && prefix === null) continue;
    const files = locate(e, cwd, prefix, session.cacheDir);
    let ok = true;
    for (let i = 0; ok && i < files.length; i++) {
      const file = files[i];
      ok = file !== null && file !== undefined && hashOf(file) === (e.files[i] as [string, string])[1];
    }
    if (ok) return e;
  }
  return null;
}

/** The files the preprocessor entered, from its line markers: [name as written, system header]. */
export function markedFiles(preprocessed: Buffer): Map<string, boolean> {
  const files = new Map<string, boolean>();
  const text = preprocessed.toString('latin1');
  const marker = /^# \d+ "((?:[^"\\\n]|\\.)*)"((?: \d)*)$/gm;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    const name = (m[1] ?? '').replace(/\\(.)/g, '$1');
    if (name === '' || name.startsWith('<')) continue;
    const system = (m[2] ?? '').split(' ').includes('3');
    files.set(name, (files.get(name) ?? false) || system);
  }
  return files;
}

/**
 * The manifest entry for a compile whose `-E` run gave `preprocessed`, or a reason there is none:
 * a file that cannot be hashed, that changed since the compile started (too new), that uses
 * __DATE__/__TIME__, or a header of the project probing with __has_include.
 */
export function entryFor(
  session: CompileSession,
  preprocessed: Buffer,
  directIncludes: readonly string[],
  r: {
    key: string;
    travel: boolean;
    prefix: string | null;
    cwd: string;
    anywhere: boolean;
    startedNs: bigint;
  }
): ManifestEntry | string {
  const latin1 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
  const recorded = (name: string) =>
    r.travel && r.prefix !== null && isBelow(name, r.prefix) ? TOKEN + name.slice(r.prefix.length) : name;
  const files: Array<[string, string]> = [];
  for (const [rawName, system] of markedFiles(preprocessed)) {
    const name = latin1(rawName);
    const file = path.resolve(r.cwd, name);
    if (isBelow(file, session.cacheDir)) return `${file} is in the cache directory`;
    const h = hashFile(session.fileHashes, file, r.startedNs);
    if (h === null) return `${file}: not a regular file that can be read`;
    if (h.tooNew) return `${file}: changed within a second of the compile`;
    if (h.volatile) return `${file}: uses __DATE__, __TIME__ or __TIMESTAMP__`;
    if (h.probes && !system) return `${file}: uses __has_include`;
    files.push([recorded(name), h.hash]);
  }
  if (files.length === 0) return 'no line markers';
  return {
    key: r.key,
    travel: r.travel,
    scope: entryScope(r, files),
    files,
    direct: directIncludes.map(d => recorded(latin1(d)))
  };
}
