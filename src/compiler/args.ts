/**
 * Reading a gcc/clang command line: is it a compile the cache can prove safe to reuse, and if so,
 * which source, object file and depfile it has, which arguments go into the key and which command
 * preprocesses it. Anything not understood is passed through with a reason (never guessed).
 */
import path from 'node:path';

/** Source languages the wrapper caches; all are preprocessed with `-E` for the key. */
export type Language = 'c' | 'c++' | 'cpp-output' | 'c++-cpp-output' | 'assembler-with-cpp';

export interface Depfile {
  /** Where the compiler writes it: `-MF`, else derived from the object path (gcc and clang rule). */
  path: string;
  /**
   * The make targets the compiler writes, in order: the `-MT` values as given, the `-MQ` values
   * and, when neither is given, the object path as spelled (both quoted by the compiler when they
   * hold a character make treats specially). Not in the key: a hit writes them into the depfile.
   */
  targets: Array<{ name: string; quoted: boolean }>;
  /** `-MD` (system headers listed too), not `-MMD`: depend mode can key from it. */
  systemHeaders: boolean;
}

/** A `-ffile-prefix-map` (debug info and macros), `-fdebug-prefix-map` or `-fmacro-prefix-map`. */
export interface PrefixMap {
  kind: 'file' | 'debug' | 'macro';
  from: string;
  to: string;
}

export interface CompileCommand {
  source: string;
  language: Language;
  /** The object file as the compiler will write it (relative paths are relative to the cwd). */
  output: string;
  /** True when `-o` was given (metadata lists the output only then... and always for the key rule). */
  outputGiven: boolean;
  depfile: Depfile | null;
  /**
   * The arguments that can change the object, depfile or diagnostics, in order: everything except
   * the object path (`-o`) and the depfile path (`-MF`).
   */
  keyArgs: string[];
  /** Arguments for the `-E` run: the command without `-c`, `-o`, dependency outputs and `-P`, plus `-E`. */
  preprocessArgs: string[];
  /** Debug information is on (it embeds the working directory). */
  debug: boolean;
  /** `-fdebug-prefix-map` / `-ffile-prefix-map` pairs, in command-line order. */
  prefixMaps: Array<[string, string]>;
  /** Every prefix map (file, debug and macro), in command-line order. */
  maps: PrefixMap[];
  /** Files given with `-include` (a `.gch`/`.pch` next to them would be used instead). */
  forcedIncludes: string[];
  /** An explicit `-fdiagnostics-color`/`-fcolor-diagnostics` choice was made. */
  explicitColor: boolean;
}

export type Classification =
  { cacheable: true; command: CompileCommand } | { cacheable: false; reason: string; detail: string };

/** Options whose value is the next argument when written alone (gcc and clang). */
const SEPARATE_VALUE = new Set([
  '-o',
  '-x',
  '-I',
  '-D',
  '-U',
  '-include',
  '-imacros',
  '-idirafter',
  '-iprefix',
  '-iwithprefix',
  '-iwithprefixbefore',
  '-iwithsysroot',
  '-isystem',
  '-isystem-after',
  '-cxx-isystem',
  '-isysroot',
  '-iquote',
  '-imultilib',
  '-imultiarch',
  '-iframework',
  '-ivfsoverlay',
  '-MF',
  '-MT',
  '-MQ',
  '-MJ',
  '-Xpreprocessor',
  '-Xassembler',
  '-Xlinker',
  '-Xclang',
  '-Xanalyzer',
  '-mllvm',
  '-L',
  '-l',
  '-u',
  '-T',
  '-A',
  '-B',
  '-e',
  '-z',
  '-F',
  '-aux-info',
  '-dumpbase',
  '-dumpdir',
  '-dumpbase-ext',
  '--param',
  '--sysroot',
  '-arch',
  '-target',
  '-include-pch',
  '-working-directory',
  '-serialize-diagnostics',
  '--serialize-diagnostics',
  '-specs',
  '--specs',
  '-gcc-toolchain',
  '-main-file-name',
  '-fmodule-file'
]);

/** Long options known to be harmless; any other `--…` option is not proven and passes through. */
const SAFE_LONG = /^--(param|sysroot|target|gcc-toolchain|std)(=|$)/;

const EXTENSION_LANGUAGE: Record<string, Language | 'header'> = {
  c: 'c',
  i: 'cpp-output',
  ii: 'c++-cpp-output',
  cc: 'c++',
  cp: 'c++',
  cxx: 'c++',
  cpp: 'c++',
  CPP: 'c++',
  'c++': 'c++',
  C: 'c++',
  S: 'assembler-with-cpp',
  sx: 'assembler-with-cpp',
  h: 'header',
  hh: 'header',
  H: 'header',
  hp: 'header',
  hxx: 'header',
  hpp: 'header',
  HPP: 'header',
  'h++': 'header',
  tcc: 'header'
};

const X_LANGUAGE: Record<string, Language | 'header' | 'none'> = {
  c: 'c',
  'c++': 'c++',
  'cpp-output': 'cpp-output',
  'c++-cpp-output': 'c++-cpp-output',
  'assembler-with-cpp': 'assembler-with-cpp',
  'c-header': 'header',
  'c++-header': 'header',
  'c++-system-header': 'header',
  'c++-user-header': 'header',
  none: 'none'
};

/** Options that make the command something other than one compile to one object file. */
function modeReason(a: string): [string, string] | null {
  if (a === '-E' || a === '--preprocess') return ['preprocess-only', a];
  if (a === '-S' || a === '--assemble') return ['assembly-output', a];
  if (a === '-M' || a === '-MM' || a === '--dependencies' || a === '--user-dependencies')
    return ['dependency-only', a];
  if (a === '-fsyntax-only') return ['syntax-only', a];
  if (a === '-v' || a === '-###' || a === '--verbose') return ['verbose', a];
  if (
    a === '--version' ||
    a.startsWith('--help') ||
    a.startsWith('-print-') ||
    a.startsWith('--print-') ||
    a === '-dumpversion' ||
    a === '-dumpfullversion' ||
    a === '-dumpmachine' ||
    a === '-dumpspecs'
  )
    return ['info', a];
  return null;
}

/** Options the wrapper cannot prove safe to cache (extra outputs, hidden inputs, profiles, …). */
function optionReason(a: string): [string, string] | null {
  if (a.startsWith('-save-temps') || a.startsWith('--save-temps')) return ['save-temps', a];
  if (
    a === '--coverage' ||
    /^-f(no-)?(profile|test-coverage|coverage|auto-profile|branch-probabilities|cs-profile)/.test(a)
  )
    return ['profile-coverage', a];
  if (a === '-fpch-preprocess' || a.startsWith('-include-pch') || a.startsWith('-fpch-'))
    return ['precompiled-header', a];
  if (a.startsWith('-fplugin')) return ['plugin', a];
  if (
    /^-f(no-)?(c\+\+-)?modules?([-=]|$)/.test(a) ||
    a.startsWith('-fprebuilt-module') ||
    a === '-fcxx-modules'
  )
    return ['modules', a];
  if (
    a.startsWith('-fdump-') ||
    a.startsWith('-fstack-usage') ||
    a.startsWith('-fcallgraph-info') ||
    a.startsWith('-aux-info') ||
    a.startsWith('-fopt-info') ||
    a === '-gsplit-dwarf' ||
    /^-fdiagnostics-format=.*-file$/.test(a) ||
    a.startsWith('-fsave-optimization-record') ||
    a.startsWith('-ftime-trace') ||
    a.startsWith('-serialize-diagnostics') ||
    a.startsWith('--serialize-diagnostics') ||
    a.startsWith('-MJ') ||
    a.startsWith('-dumpbase') ||
    a.startsWith('-dumpdir')
  )
    return ['extra-output', a];
  if (
    a.startsWith('-ftime-report') ||
    a.startsWith('-fmem-report') ||
    a.startsWith('-time') ||
    a === '-Q' ||
    a === '-fstats' ||
    a.startsWith('-fproc-stat-report')
  )
    return ['report', a];
  if (/^-d[A-Za-z]{1,2}$/.test(a)) return ['unproven-option', a];
  if (a === '-MG' || a === '-gtoggle' || a.startsWith('-fcompare-debug')) return ['unproven-option', a];
  if (a.startsWith('-B') || a.startsWith('-specs') || a.startsWith('--specs')) return ['unproven-option', a];
  if (a === '-Xclang' || a === '-Xpreprocessor' || a === '-working-directory') return ['unproven-option', a];
  // Files read by the compiler proper that `-E` does not show (sanitizer lists, profile lists, …).
  if (/^-f[a-z0-9-]*list=/.test(a)) return ['unproven-option', a];
  if (a.startsWith('-Wp,') && a.split(',').some(p => p.startsWith('-M'))) return ['unproven-option', a];
  if (a.startsWith('--') && !SAFE_LONG.test(a)) return ['unproven-option', a];
  return null;
}

/** Assembler options (`-Wa,…`, `-Xassembler …`): listings and depfiles are extra outputs; `-g` adds debug info. */
function assemblerParts(a: string, next: string | undefined): string[] | null {
  if (a.startsWith('-Wa,')) return a.slice(4).split(',');
  if (a === '-Xassembler' && next !== undefined) return [next];
  return null;
}

/** The file name with its last extension replaced (gcc's rule: from the last `.` of the base name). */
function replaceExtension(file: string, ext: string): string {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  const stem = dot >= 0 ? base.slice(0, dot) : base;
  const name = stem + ext;
  return dir === '.' && !file.startsWith('./') ? name : path.join(dir, name);
}

function passThrough(reason: string, detail: string): NotCacheable {
  return { cacheable: false, reason, detail };
}

/**
 * Classifies a compiler command line (argv without the compiler). `env` is consulted for variables
 * that make gcc write dependency files on its own.
 */
/** What the argument scan gathered: every option kept for the key and the -E run, and what it named. */
interface Scanned {
  compile: boolean;
  inputs: Array<{ file: string; language: Language | 'header' | 'none' | 'other' }>;
  xLanguage: Language | 'header' | 'none';
  outputs: string[];
  depfiles: string[];
  depMode: boolean;
  /** `-MMD` was given: the depfile leaves system headers out. */
  userHeadersOnly: boolean;
  explicitTargets: Array<{ name: string; quoted: boolean }>;
  debug: boolean;
  explicitColor: boolean;
  prefixMaps: Array<[string, string]>;
  maps: PrefixMap[];
  forcedIncludes: string[];
  keyArgs: string[];
  preprocessArgs: string[];
}

type NotCacheable = Extract<Classification, { cacheable: false }>;

/**
 * Classifies a compiler command line: cacheable (with what the key and the -E run need), or the
 * reason it runs uncached. Read top to bottom: the environment, every argument, the one input and
 * output, the depfile.
 */
export function classify(args: readonly string[], env: NodeJS.ProcessEnv): Classification {
  if (env.DEPENDENCIES_OUTPUT !== undefined || env.SUNPRO_DEPENDENCIES !== undefined) {
    return passThrough('unproven-option', 'DEPENDENCIES_OUTPUT/SUNPRO_DEPENDENCIES is set');
  }
  const scanned = scanArguments(args);
  if ('cacheable' in scanned) return scanned;
  const s = scanned;

  if (!s.compile) return passThrough('link', 'no -c');
  if (s.inputs.length === 0) return passThrough('no-input', 'no source file');
  if (s.inputs.length > 1) return passThrough('multiple-inputs', s.inputs.map(i => i.file).join(' '));
  const input = s.inputs[0] as (typeof s.inputs)[number];
  if (input.language === 'header') return passThrough('precompiled-header', input.file);
  if (input.language === 'none' || input.language === 'other') return passThrough('language', input.file);
  if (s.outputs.length > 1) return passThrough('multiple-outputs', s.outputs.join(' '));
  if (s.depfiles.length > 1) return passThrough('unproven-option', `several -MF: ${s.depfiles.join(' ')}`);

  const outputGiven = s.outputs.length === 1;
  const output = s.outputs[0] ?? replaceExtension(path.basename(input.file), '.o');
  if (output === '-') return passThrough('output-stdout', '-o -');

  const depfile = depfileOf(s, input.file, output, outputGiven);
  if (depfile !== null && 'cacheable' in depfile) return depfile;
  s.preprocessArgs.push('-E');
  return {
    cacheable: true,
    command: {
      source: input.file,
      language: input.language,
      output,
      outputGiven,
      depfile,
      keyArgs: s.keyArgs,
      preprocessArgs: s.preprocessArgs,
      debug: s.debug,
      prefixMaps: s.prefixMaps,
      maps: s.maps,
      forcedIncludes: s.forcedIncludes,
      explicitColor: s.explicitColor
    }
  };
}

/** Every argument in turn: a file, or an option (with its value) that is kept, noted or refused. */
function scanArguments(args: readonly string[]): Scanned | NotCacheable {
  const s: Scanned = {
    compile: false,
    inputs: [],
    xLanguage: 'none',
    outputs: [],
    depfiles: [],
    depMode: false,
    userHeadersOnly: false,
    explicitTargets: [],
    debug: false,
    explicitColor: false,
    prefixMaps: [],
    maps: [],
    forcedIncludes: [],
    keyArgs: [],
    preprocessArgs: []
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('@')) return passThrough('response-file', a);
    if (a === '-') return passThrough('stdin', a);
    if (!a.startsWith('-')) {
      const byExt = EXTENSION_LANGUAGE[path.extname(a).slice(1)];
      s.inputs.push({ file: a, language: s.xLanguage !== 'none' ? s.xLanguage : (byExt ?? 'other') });
      s.keyArgs.push(a);
      s.preprocessArgs.push(a);
      continue;
    }
    const mode = modeReason(a);
    if (mode !== null) return passThrough(mode[0], mode[1]);
    const reason = optionReason(a);
    if (reason !== null) return passThrough(reason[0], reason[1]);

    // The option and its value (separate or joined).
    let value: string | undefined;
    let taken: string[] = [a];
    if (SEPARATE_VALUE.has(a)) {
      value = args[i + 1];
      if (value === undefined) return passThrough('unproven-option', `${a} without a value`);
      taken = [a, value];
      i++;
    }
    const refused = takeOption(s, a, value, taken);
    if (refused !== undefined) return refused;
  }
  return s;
}

/**
 * One option: noted where it names an output, a depfile or its targets (those stay out of the key),
 * otherwise kept for the key and the -E run. Returns the reason when it makes the call uncacheable.
 */
function takeOption(
  s: Scanned,
  a: string,
  value: string | undefined,
  taken: string[]
): NotCacheable | undefined {
  const asm = assemblerParts(a, value);
  if (asm !== null) {
    if (asm.some(p => p.startsWith('-a') || p === '--MD' || p.startsWith('-MD'))) {
      return passThrough('extra-output', taken.join(' '));
    }
    if (asm.some(p => p.startsWith('-g') || p.startsWith('--g'))) s.debug = true;
  }
  if (a === '-c' || a === '--compile') {
    s.compile = true;
    s.keyArgs.push(a);
    return undefined;
  }
  if (a === '-o' || (a.startsWith('-o') && a.length > 2)) {
    s.outputs.push(value ?? a.slice(2));
    return undefined;
  }
  if (a === '-x' || (a.startsWith('-x') && a.length > 2)) {
    const lang = X_LANGUAGE[value ?? a.slice(2)];
    if (lang === undefined) return passThrough('language', taken.join(' '));
    s.xLanguage = lang;
    s.keyArgs.push(...taken);
    s.preprocessArgs.push(...taken);
    return undefined;
  }
  if (a === '-MD' || a === '-MMD') {
    s.depMode = true;
    if (a === '-MMD') s.userHeadersOnly = true;
    s.keyArgs.push(a);
    return undefined;
  }
  if (a === '-MF' || (a.startsWith('-MF') && a.length > 3)) {
    s.depfiles.push(value ?? a.slice(3));
    return undefined;
  }
  if (a === '-MT' || a === '-MQ' || ((a.startsWith('-MT') || a.startsWith('-MQ')) && a.length > 3)) {
    // Written into the depfile only: a hit rewrites the stored depfile's targets (depfile.ts).
    s.explicitTargets.push({ name: value ?? a.slice(3), quoted: a.startsWith('-MQ') });
    return undefined;
  }
  if (a === '-MP') {
    s.keyArgs.push(a);
    return undefined;
  }
  if (a === '-P') {
    // Only meaningful with -E; dropped from our -E run so line markers (paths) stay in the key.
    s.keyArgs.push(a);
    return undefined;
  }
  if (a === '-include') s.forcedIncludes.push(value as string);
  const mapKind = /^-f(file|debug|macro)-prefix-map=/.exec(a)?.[1] as PrefixMap['kind'] | undefined;
  if (mapKind !== undefined) {
    const spec = a.slice(a.indexOf('=') + 1);
    const eq = spec.indexOf('=');
    if (eq < 0) return passThrough('unproven-option', a);
    s.maps.push({ kind: mapKind, from: spec.slice(0, eq), to: spec.slice(eq + 1) });
    if (mapKind !== 'macro') s.prefixMaps.push([spec.slice(0, eq), spec.slice(eq + 1)]);
  }
  if (/^-f(no-)?(diagnostics-color|color-diagnostics)/.test(a)) s.explicitColor = true;
  if (a.startsWith('-g') && !a.startsWith('-gz') && !a.startsWith('-gno-')) {
    s.debug = a !== '-g0';
  }
  s.keyArgs.push(...taken);
  s.preprocessArgs.push(...taken);
  return undefined;
}

/** The depfile -MD/-MMD asks for (path and targets), null without them, or why it is not cached. */
function depfileOf(
  s: Scanned,
  source: string,
  output: string,
  outputGiven: boolean
): Depfile | NotCacheable | null {
  if (!s.depMode) return null;
  const dpath = s.depfiles[0] ?? replaceExtension(outputGiven ? output : path.basename(source), '.d');
  if (dpath === '-') return passThrough('unproven-option', '-MF -');
  const base = path.basename(s.depfiles[0] === undefined ? (outputGiven ? output : source) : dpath);
  if (s.depfiles[0] === undefined && base.startsWith('.') && base.indexOf('.', 1) < 0) {
    // gcc gives `.d`, clang `<name>.d`: not worth guessing.
    return passThrough('unproven-option', `depfile name for ${output}`);
  }
  return {
    path: dpath,
    targets: s.explicitTargets.length > 0 ? s.explicitTargets : [{ name: output, quoted: true }],
    systemHeaders: !s.userHeadersOnly
  };
}

/**
 * The working directory as debug information records it: rewritten by the one prefix map that
 * matches it. When several match, compilers differ on which wins, so the unmapped directory is used.
 */
export function debugWorkingDir(cwd: string, maps: Array<[string, string]>): string {
  const matching = maps.filter(
    ([from]) => from !== '' && (cwd === from || cwd.startsWith(from.endsWith('/') ? from : from + '/'))
  );
  if (matching.length !== 1) return cwd;
  const [from, to] = matching[0] as [string, string];
  return to + cwd.slice(from.length);
}
