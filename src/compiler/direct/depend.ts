/**
 * Depend mode: a direct-mode miss keyed without a preprocessor run. In preprocessor mode a miss
 * pays an `-E` run (a tenth to a fifth of a C compile's CPU) only to find that the entry is not
 * there either. In depend mode the compile itself writes a depfile (`-MD`, to a temporary path when
 * the build asked for none), and the result key is computed from the manifest key (compiler,
 * arguments, working directory, environment, the source's content) and every file the depfile names
 * with its content: the same inputs a direct-mode hit checks. The result entry is in the usual
 * format; the manifest entry recorded for it makes the next compile a direct-mode hit.
 *
 * What it gives up: a depend-mode key is not the preprocessor-mode key, so such a compile cannot
 * find an entry made in preprocessor mode without its manifest (another version's entries, a
 * header changed only in its comments). Hence the policy below: `auto` uses it only once the
 * session's preprocessor runs after direct-mode misses have stopped finding anything.
 */
import path from 'node:path';
import type { CompileCommand } from '../args.js';
import { parseDepfile } from '../depfile.js';
import { FieldHash, KEY_VERSION } from '../key.js';
import type { CompileSession } from '../session.js';
import { isBelow, TOKEN } from '../travel.js';
import { entryScope } from './direct.js';
import { hashFile } from './file-hash.js';
import type { ManifestEntry } from './manifest.js';

export type DependSetting = 'auto' | 'on' | 'off';

/** COMPILE_CACHE_DEPEND: `auto` (the default, also for a value we do not know), on or off. */
export function dependSetting(env: NodeJS.ProcessEnv): DependSetting {
  const v = env.COMPILE_CACHE_DEPEND?.trim() ?? '';
  if (/^(1|true|yes|on)$/i.test(v)) return 'on';
  if (/^(0|false|no|off)$/i.test(v)) return 'off';
  return 'auto';
}

/**
 * `auto`: depend mode once this many preprocessor lookups after direct-mode misses in a row found
 * nothing (and left nothing that only they could find).
 */
export const DEPEND_AFTER_MISSES = 8;
/** `auto`, once engaged: every this-many-th direct-mode miss still runs the preprocessor, to notice when it would find entries again. */
export const DEPEND_PROBE_EVERY = 8;

/**
 * What a session remembers for the `auto` policy. A server's compile threads each have a session:
 * each hands the outcomes of its preprocessor lookups to the others (`outcomes`, as the stat cache
 * hands over header hashes), so that a build's misses count once per server, not once per thread.
 */
export interface DependPolicyState {
  /** Preprocessor lookups after a direct-mode miss, in a row, that found no entry. */
  fruitlessLookups: number;
  /** Direct-mode misses since depend mode engaged (counts the probes). */
  engagedMisses: number;
  /** This thread's lookup outcomes not yet handed to the others (null: not shared). */
  outcomes: boolean[] | null;
  /** Whether the store was looked at for any entry at all (seedFromStore). */
  storeSeen: boolean;
}

export function newDependPolicy(share = false): DependPolicyState {
  return { fruitlessLookups: 0, engagedMisses: 0, outcomes: share ? [] : null, storeSeen: false };
}

/**
 * Once per session, before its first choice: a store with no compile entry at all (a first build,
 * a wiped cache) has nothing a preprocessor lookup could find, so it counts as that many fruitless
 * lookups already (handed to the other threads like any outcome).
 */
export function seedFromStore(state: DependPolicyState, storeIsEmpty: () => boolean): void {
  if (state.storeSeen) return;
  state.storeSeen = true;
  if (state.fruitlessLookups > 0 || !storeIsEmpty()) return;
  for (let i = 0; i < DEPEND_AFTER_MISSES; i++) notePreprocessorLookup(state, false);
}

/** Whether this direct-mode miss is compiled in depend mode (called once per eligible miss). */
export function chooseDependMode(state: DependPolicyState, setting: DependSetting): boolean {
  if (setting !== 'auto') return setting === 'on';
  if (state.fruitlessLookups < DEPEND_AFTER_MISSES) return false;
  state.engagedMisses++;
  return state.engagedMisses % DEPEND_PROBE_EVERY !== 0;
}

/**
 * The outcome of a preprocessor lookup made after a direct-mode miss. `found`: it hit, or the miss
 * left an entry without a manifest entry (a header too new, __DATE__ …), which only a later
 * preprocessor lookup can find; either way preprocessor mode is worth its `-E` here.
 */
export function notePreprocessorLookup(state: DependPolicyState, found: boolean): void {
  applyOutcome(state, found);
  state.outcomes?.push(found);
}

function applyOutcome(state: DependPolicyState, found: boolean): void {
  if (found) {
    state.fruitlessLookups = 0;
    state.engagedMisses = 0;
  } else state.fruitlessLookups++;
}

/** The outcomes noted since the last call, for the other threads; empty when not shared. */
export function takeOutcomes(state: DependPolicyState): boolean[] {
  if (state.outcomes === null || state.outcomes.length === 0) return [];
  return state.outcomes.splice(0);
}

/** Outcomes another thread noted (not handed on again). */
export function adoptOutcomes(state: DependPolicyState, outcomes: readonly boolean[]): void {
  for (const found of outcomes) applyOutcome(state, found);
}

/**
 * Whether a command can be compiled in depend mode: C or C++ (an assembler source's `.include` is
 * read by the assembler, which writes no depfile), and a depfile that lists system headers too
 * (`-MMD` leaves them out, and ours cannot be added beside the build's own).
 */
export function dependModeApplies(cmd: CompileCommand): boolean {
  if (cmd.language !== 'c' && cmd.language !== 'c++') return false;
  return cmd.depfile === null || cmd.depfile.systemHeaders;
}

/**
 * The headers a source includes itself (`#include "x"` / `<x>` as written), where a `.gch` beside
 * one would be used instead; null when an include is computed (`#include MACRO`) and so cannot be
 * read from the text. Directives in comments or disabled blocks are listed too: that only makes the
 * check for a precompiled header look at more places.
 */
export function sourceIncludes(source: Buffer): string[] | null {
  const names: string[] = [];
  const text = source.toString('latin1');
  const directive = /^[ \t]*#[ \t]*include(?:_next)?\b[ \t]*(.*)$/gm;
  for (let m = directive.exec(text); m !== null; m = directive.exec(text)) {
    const rest = m[1] ?? '';
    const named = /^(?:"([^"\n]+)"|<([^>\n]+)>)/.exec(rest);
    if (named === null) return null;
    names.push((named[1] ?? named[2]) as string);
  }
  return names;
}

/** The depfile's dependencies (the source first), or null when it is not one we can read exactly. */
export function depfileInputs(depfile: Buffer): string[] | null {
  const parsed = parseDepfile(depfile.toString('latin1'));
  if (parsed === null || parsed.deps.length === 0) return null;
  return [...new Set(parsed.deps)];
}

export interface DependFiles {
  /** The inputs as the depfile names them, with their content hashes, in its order. */
  files: Array<[string, string]>;
  /** Which of them the source includes itself (for the precompiled-header check of a hit). */
  direct: string[];
  /** Inputs (absolute) that use __has_include: allowed only when they are the compiler's own headers. */
  probing: string[];
}

/**
 * Hashes the inputs a depend-mode compile read, with the checks of a manifest recorded from `-E`
 * (a regular file outside the cache directory, not changed since the compile started, no
 * __DATE__/__TIME__), plus no `.incbin` (preprocessor mode finds it in the preprocessed text) and
 * no precompiled header. A reason when one fails; the files using __has_include are returned for
 * the caller to check against the compiler's search list (isSystemHeader).
 */
export function hashInputs(
  session: CompileSession,
  inputs: readonly string[],
  includes: readonly string[],
  r: { cwd: string; startedNs: bigint }
): DependFiles | string {
  const files: Array<[string, string]> = [];
  const probing: string[] = [];
  for (const name of inputs) {
    const file = path.resolve(r.cwd, name);
    if (isBelow(file, session.cacheDir)) return `${file} is in the cache directory`;
    if (/\.(gch|pch)$/.test(file)) return `${file}: a precompiled header`;
    const h = hashFile(session.fileHashes, file, r.startedNs);
    if (h === null) return `${file}: not a regular file that can be read`;
    if (h.tooNew) return `${file}: changed within a second of the compile`;
    if (h.volatile) return `${file}: uses __DATE__, __TIME__ or __TIMESTAMP__`;
    if (h.incbin) return `${file}: uses .incbin`;
    if (h.probes) probing.push(file);
    files.push([name, h.hash]);
  }
  const direct = inputs.filter(name => includes.some(inc => name === inc || name.endsWith(`/${inc}`)));
  return { files, direct, probing };
}

/** A file below one of the compiler's own include directories (parseSearchList). */
export function isSystemHeader(file: string, systemDirs: readonly string[]): boolean {
  return systemDirs.some(d => isBelow(file, d));
}

/**
 * The result key of a depend-mode compile: the manifest key (which holds everything but the
 * contents of the files read) and every input with its content. `recorded` is how each path goes
 * into the key (the checkout replaced by TOKEN for a travelling key).
 */
export function dependKey(
  manifestKey: Buffer,
  files: ReadonlyArray<[string, string]>,
  recorded: (name: string) => string,
  cwd: string | null = null
): Buffer {
  const h = new FieldHash();
  h.field('version', `compile-cache depend key v1 / ${KEY_VERSION}`);
  h.field('manifest', manifestKey);
  // A manifest key without the working directory (anyWorkingDir) and a file named relative to it.
  if (cwd !== null) h.field('cwd', cwd);
  for (const [name, hash] of files) {
    h.field('file', recorded(name));
    h.field('content', hash);
  }
  return h.digest();
}

/**
 * How a path goes into a travelling key and manifest (TOKEN for the checkout), or null when a path
 * starts with the checkout's characters without being below it (gcc would map it, clang not: such
 * a compile keeps its absolute key, as in preprocessor mode).
 */
export function travellingNames(names: readonly string[], prefix: string): ((name: string) => string) | null {
  if (names.some(n => n.startsWith(prefix) && !isBelow(n, prefix))) return null;
  return name => (isBelow(name, prefix) ? TOKEN + name.slice(prefix.length) : name);
}

/** The manifest entry for a depend-mode result. */
export function dependManifestEntry(
  found: DependFiles,
  r: { key: Buffer; travel: boolean; cwd: string; anywhere: boolean; recorded: (name: string) => string }
): ManifestEntry {
  const rec = r.travel ? r.recorded : (name: string) => name;
  return {
    key: r.key.toString('hex'),
    travel: r.travel,
    scope: entryScope(r, found.files),
    files: found.files.map(([name, hash]) => [rec(name), hash]),
    direct: found.direct.map(rec)
  };
}

/**
 * The compiler's own include directories for a language, from `<compiler> -x<lang> -E -v
 * /dev/null`'s search list (its stderr): a header below one of them is a system header, whose
 * `__has_include` probes of other system headers direct mode accepts, as from a line marker's flag.
 */
export function parseSearchList(stderr: string): string[] {
  const start = stderr.indexOf('#include <...> search starts here:');
  const end = stderr.indexOf('End of search list.');
  if (start < 0 || end < start) return [];
  return stderr
    .slice(start, end)
    .split('\n')
    .slice(1)
    .map(l => l.trim().replace(/ \(framework directory\)$/, ''))
    .filter(l => l.startsWith('/'))
    .map(l => path.normalize(l).replace(/\/$/, ''));
}

/** Options that change the compiler's own search list: with one of them, no header counts as a system header here. */
export const SEARCH_LIST_OPTIONS =
  /^-(-?sysroot|isysroot|nostdinc|nostdlibinc|stdlib=|-?target|m(16|32|x32|64)$|B|-gcc-toolchain|iwithsysroot)/;
