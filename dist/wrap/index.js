import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 30:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 877:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");

/***/ }),

/***/ 714:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");

/***/ }),

/***/ 919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 867:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ classify),
/* harmony export */   k: () => (/* binding */ debugWorkingDir)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(760);
/**
 * Reading a gcc/clang command line: is it a compile the cache can prove safe to reuse, and if so,
 * which source, object file and depfile it has, which arguments go into the key and which command
 * preprocesses it. Anything not understood is passed through with a reason (never guessed).
 */

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
const EXTENSION_LANGUAGE = {
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
const X_LANGUAGE = {
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
function modeReason(a) {
    if (a === '-E' || a === '--preprocess')
        return ['preprocess-only', a];
    if (a === '-S' || a === '--assemble')
        return ['assembly-output', a];
    if (a === '-M' || a === '-MM' || a === '--dependencies' || a === '--user-dependencies')
        return ['dependency-only', a];
    if (a === '-fsyntax-only')
        return ['syntax-only', a];
    if (a === '-v' || a === '-###' || a === '--verbose')
        return ['verbose', a];
    if (a === '--version' ||
        a.startsWith('--help') ||
        a.startsWith('-print-') ||
        a.startsWith('--print-') ||
        a === '-dumpversion' ||
        a === '-dumpfullversion' ||
        a === '-dumpmachine' ||
        a === '-dumpspecs')
        return ['info', a];
    return null;
}
/** Options the wrapper cannot prove safe to cache (extra outputs, hidden inputs, profiles, …). */
function optionReason(a) {
    if (a.startsWith('-save-temps') || a.startsWith('--save-temps'))
        return ['save-temps', a];
    if (a === '--coverage' ||
        /^-f(no-)?(profile|test-coverage|coverage|auto-profile|branch-probabilities|cs-profile)/.test(a))
        return ['profile-coverage', a];
    if (a === '-fpch-preprocess' || a.startsWith('-include-pch') || a.startsWith('-fpch-'))
        return ['precompiled-header', a];
    if (a.startsWith('-fplugin'))
        return ['plugin', a];
    if (/^-f(no-)?(c\+\+-)?modules?([-=]|$)/.test(a) ||
        a.startsWith('-fprebuilt-module') ||
        a === '-fcxx-modules')
        return ['modules', a];
    if (a.startsWith('-fdump-') ||
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
        a.startsWith('-dumpdir'))
        return ['extra-output', a];
    if (a.startsWith('-ftime-report') ||
        a.startsWith('-fmem-report') ||
        a.startsWith('-time') ||
        a === '-Q' ||
        a === '-fstats' ||
        a.startsWith('-fproc-stat-report'))
        return ['report', a];
    if (/^-d[A-Za-z]{1,2}$/.test(a))
        return ['unproven-option', a];
    if (a === '-MG' || a === '-gtoggle' || a.startsWith('-fcompare-debug'))
        return ['unproven-option', a];
    if (a.startsWith('-B') || a.startsWith('-specs') || a.startsWith('--specs'))
        return ['unproven-option', a];
    if (a === '-Xclang' || a === '-Xpreprocessor' || a === '-working-directory')
        return ['unproven-option', a];
    // Files read by the compiler proper that `-E` does not show (sanitizer lists, profile lists, …).
    if (/^-f[a-z0-9-]*list=/.test(a))
        return ['unproven-option', a];
    if (a.startsWith('-Wp,') && a.split(',').some(p => p.startsWith('-M')))
        return ['unproven-option', a];
    if (a.startsWith('--') && !SAFE_LONG.test(a))
        return ['unproven-option', a];
    return null;
}
/** Assembler options (`-Wa,…`, `-Xassembler …`): listings and depfiles are extra outputs; `-g` adds debug info. */
function assemblerParts(a, next) {
    if (a.startsWith('-Wa,'))
        return a.slice(4).split(',');
    if (a === '-Xassembler' && next !== undefined)
        return [next];
    return null;
}
/** The file name with its last extension replaced (gcc's rule: from the last `.` of the base name). */
function replaceExtension(file, ext) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_0__.dirname(file);
    const base = node_path__WEBPACK_IMPORTED_MODULE_0__.basename(file);
    const dot = base.lastIndexOf('.');
    const stem = dot >= 0 ? base.slice(0, dot) : base;
    const name = stem + ext;
    return dir === '.' && !file.startsWith('./') ? name : node_path__WEBPACK_IMPORTED_MODULE_0__.join(dir, name);
}
function passThrough(reason, detail) {
    return { cacheable: false, reason, detail };
}
/**
 * Classifies a compiler command line: cacheable (with what the key and the -E run need), or the
 * reason it runs uncached. Read top to bottom: the environment, every argument, the one input and
 * output, the depfile.
 */
function classify(args, env) {
    if (env.DEPENDENCIES_OUTPUT !== undefined || env.SUNPRO_DEPENDENCIES !== undefined) {
        return passThrough('unproven-option', 'DEPENDENCIES_OUTPUT/SUNPRO_DEPENDENCIES is set');
    }
    const scanned = scanArguments(args);
    if ('cacheable' in scanned)
        return scanned;
    const s = scanned;
    if (!s.compile)
        return passThrough('link', 'no -c');
    if (s.inputs.length === 0)
        return passThrough('no-input', 'no source file');
    if (s.inputs.length > 1)
        return passThrough('multiple-inputs', s.inputs.map(i => i.file).join(' '));
    const input = s.inputs[0];
    if (input.language === 'header')
        return passThrough('precompiled-header', input.file);
    if (input.language === 'none' || input.language === 'other')
        return passThrough('language', input.file);
    if (s.outputs.length > 1)
        return passThrough('multiple-outputs', s.outputs.join(' '));
    if (s.depfiles.length > 1)
        return passThrough('unproven-option', `several -MF: ${s.depfiles.join(' ')}`);
    const outputGiven = s.outputs.length === 1;
    const output = s.outputs[0] ?? replaceExtension(node_path__WEBPACK_IMPORTED_MODULE_0__.basename(input.file), '.o');
    if (output === '-')
        return passThrough('output-stdout', '-o -');
    const depfile = depfileOf(s, input.file, output, outputGiven);
    if (depfile !== null && 'cacheable' in depfile)
        return depfile;
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
function scanArguments(args) {
    const s = {
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
        const a = args[i];
        if (a.startsWith('@'))
            return passThrough('response-file', a);
        if (a === '-')
            return passThrough('stdin', a);
        if (!a.startsWith('-')) {
            const byExt = EXTENSION_LANGUAGE[node_path__WEBPACK_IMPORTED_MODULE_0__.extname(a).slice(1)];
            s.inputs.push({ file: a, language: s.xLanguage !== 'none' ? s.xLanguage : (byExt ?? 'other') });
            s.keyArgs.push(a);
            s.preprocessArgs.push(a);
            continue;
        }
        const mode = modeReason(a);
        if (mode !== null)
            return passThrough(mode[0], mode[1]);
        const reason = optionReason(a);
        if (reason !== null)
            return passThrough(reason[0], reason[1]);
        // The option and its value (separate or joined).
        let value;
        let taken = [a];
        if (SEPARATE_VALUE.has(a)) {
            value = args[i + 1];
            if (value === undefined)
                return passThrough('unproven-option', `${a} without a value`);
            taken = [a, value];
            i++;
        }
        const refused = takeOption(s, a, value, taken);
        if (refused !== undefined)
            return refused;
    }
    return s;
}
/**
 * One option: noted where it names an output, a depfile or its targets (those stay out of the key),
 * otherwise kept for the key and the -E run. Returns the reason when it makes the call uncacheable.
 */
function takeOption(s, a, value, taken) {
    const asm = assemblerParts(a, value);
    if (asm !== null) {
        if (asm.some(p => p.startsWith('-a') || p === '--MD' || p.startsWith('-MD'))) {
            return passThrough('extra-output', taken.join(' '));
        }
        if (asm.some(p => p.startsWith('-g') || p.startsWith('--g')))
            s.debug = true;
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
        if (lang === undefined)
            return passThrough('language', taken.join(' '));
        s.xLanguage = lang;
        s.keyArgs.push(...taken);
        s.preprocessArgs.push(...taken);
        return undefined;
    }
    if (a === '-MD' || a === '-MMD') {
        s.depMode = true;
        if (a === '-MMD')
            s.userHeadersOnly = true;
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
    if (a === '-include')
        s.forcedIncludes.push(value);
    const mapKind = /^-f(file|debug|macro)-prefix-map=/.exec(a)?.[1];
    if (mapKind !== undefined) {
        const spec = a.slice(a.indexOf('=') + 1);
        const eq = spec.indexOf('=');
        if (eq < 0)
            return passThrough('unproven-option', a);
        s.maps.push({ kind: mapKind, from: spec.slice(0, eq), to: spec.slice(eq + 1) });
        if (mapKind !== 'macro')
            s.prefixMaps.push([spec.slice(0, eq), spec.slice(eq + 1)]);
    }
    if (/^-f(no-)?(diagnostics-color|color-diagnostics)/.test(a))
        s.explicitColor = true;
    if (a.startsWith('-g') && !a.startsWith('-gz') && !a.startsWith('-gno-')) {
        s.debug = a !== '-g0';
    }
    s.keyArgs.push(...taken);
    s.preprocessArgs.push(...taken);
    return undefined;
}
/** The depfile -MD/-MMD asks for (path and targets), null without them, or why it is not cached. */
function depfileOf(s, source, output, outputGiven) {
    if (!s.depMode)
        return null;
    const dpath = s.depfiles[0] ?? replaceExtension(outputGiven ? output : node_path__WEBPACK_IMPORTED_MODULE_0__.basename(source), '.d');
    if (dpath === '-')
        return passThrough('unproven-option', '-MF -');
    const base = node_path__WEBPACK_IMPORTED_MODULE_0__.basename(s.depfiles[0] === undefined ? (outputGiven ? output : source) : dpath);
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
function debugWorkingDir(cwd, maps) {
    const matching = maps.filter(([from]) => from !== '' && (cwd === from || cwd.startsWith(from.endsWith('/') ? from : from + '/')));
    if (matching.length !== 1)
        return cwd;
    const [from, to] = matching[0];
    return to + cwd.slice(from.length);
}


/***/ }),

/***/ 529:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ createSession),
/* harmony export */   w: () => (/* binding */ compile)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(760);
/* harmony import */ var _store_validate_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(642);
/* harmony import */ var _compilers_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(902);
/* harmony import */ var _session_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(132);
/* harmony import */ var _stats_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(59);
/* harmony import */ var _wrap_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(830);
/**
 * The compile core: one compiler call in, its answer out, with no process-wide side effects (no
 * writes to fds 1/2, no exit, no spawnSync), so a long-lived server can run many at once. The Node
 * shim (main.ts) and the compile server both call `compile`; main.ts then writes the answer to its
 * own stdio and exits like the compiler, the server sends it over its socket.
 *
 * Here: which real compiler the call means (launcher unwrapping, shim directories skipped) and the
 * configuration the build's environment gives (disabled, nested, tenant, log). The cacheable path
 * itself is wrap.ts.
 */






/** Long-lived state a server keeps between compiles; a Node shim makes one per process. */
function createSession(cacheDir, opts = {}) {
    return (0,_session_js__WEBPACK_IMPORTED_MODULE_3__/* .newSession */ .RL)(node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(cacheDir), opts);
}
function isTrue(v) {
    return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}
/** A message from us, answered as the compile's result (nothing ran). */
function failure(message, status) {
    return {
        kind: 'done',
        status,
        signal: null,
        stdout: Buffer.alloc(0),
        stderr: Buffer.from(`compile-cache: ${message}\n`)
    };
}
/** The real compiler the request means, and the name the build gave it (for metadata). */
function resolveRequest(req) {
    const args = [...req.args];
    const abs = (p) => (p.includes('/') ? node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(req.cwd, p) : p);
    let requested;
    let skipDirs;
    if (req.mode === 'shim') {
        // The build ran `gcc` and found the shim on PATH: the name is the shim's.
        requested = node_path__WEBPACK_IMPORTED_MODULE_0__.basename(req.invokedAs);
        skipDirs = req.invokedAs.includes('/') ? [node_path__WEBPACK_IMPORTED_MODULE_0__.dirname(node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(req.cwd, req.invokedAs))] : [];
    }
    else {
        const first = args.shift();
        if (first === undefined)
            return failure('the launcher needs a compiler: compile-cache-launcher <compiler> <args...>', 2);
        requested = first;
        skipDirs = [];
        // `launcher launcher gcc …` (or CMake given the launcher twice): drop the extra launchers.
        while (requested.includes('/') && (0,_compilers_js__WEBPACK_IMPORTED_MODULE_2__/* .ourFileKind */ .Zc)(abs(requested)) === 'launcher') {
            const next = args.shift();
            if (next === undefined)
                return failure('the launcher needs a compiler: compile-cache-launcher <compiler> <args...>', 2);
            requested = next;
        }
    }
    const resolved = (0,_compilers_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveCompiler */ .QC)(abs(requested), req.env.PATH, skipDirs, req.cwd);
    if (resolved === null) {
        return failure(`${node_path__WEBPACK_IMPORTED_MODULE_0__.basename(requested)}: no real compiler of that name on PATH (shims skipped)`, 127);
    }
    return { compiler: resolved.path, requested, args };
}
/** The tenant namespace from COMPILE_CACHE_TENANT (default `local`), or null when it is not a usable name. */
function tenantOf(env) {
    const tenant = env.COMPILE_CACHE_TENANT !== undefined && env.COMPILE_CACHE_TENANT !== ''
        ? env.COMPILE_CACHE_TENANT
        : 'local';
    try {
        (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_1__/* .validateNamespace */ .qB)(tenant);
    }
    catch {
        return null;
    }
    // Dot names are reserved (the store's own directories): the store would refuse every compile.
    return tenant.startsWith('.') ? null : tenant;
}
/** One compiler call through the cache. Never rejects for cache trouble: the build always gets its compile. */
async function compile(session, req) {
    const resolved = resolveRequest(req);
    if ('kind' in resolved)
        return resolved;
    const { compiler, requested, args } = resolved;
    const { env } = req;
    if (env[_wrap_js__WEBPACK_IMPORTED_MODULE_5__/* .NESTED_ENV */ .aj] !== undefined)
        return { kind: 'run', compiler, args, reason: 'nested' };
    // Disabled: not counted at all. Nested (a compiler script calling `cc` again): counted once, by the outer call.
    if (isTrue(env.COMPILE_CACHE_DISABLE))
        return { kind: 'run', compiler, args, reason: 'disabled' };
    const tenant = tenantOf(env);
    if (tenant === null) {
        (0,_stats_js__WEBPACK_IMPORTED_MODULE_4__/* .recordEvents */ .FW)(session.cacheDir, [
            { type: 'error', kind: 'bad-tenant' },
            { type: 'uncacheable', reason: 'bad-config' }
        ]);
        return { kind: 'run', compiler, args, reason: 'bad-config' };
    }
    const logFile = session.logFile !== undefined
        ? session.logFile
        : env.COMPILE_CACHE_LOG !== undefined && env.COMPILE_CACHE_LOG !== ''
            ? node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(req.cwd, env.COMPILE_CACHE_LOG)
            : null;
    return (0,_wrap_js__WEBPACK_IMPORTED_MODULE_5__/* .wrapCompile */ .c8)(compiler, args, {
        session,
        cacheDir: session.cacheDir,
        tenant,
        cwd: req.cwd,
        env,
        // A shim passes its own basename (the build ran `gcc` and found the shim on PATH); `wrap` and
        // the launcher pass the name they were given.
        invokedAs: requested,
        stderrIsTTY: req.stderrIsTTY,
        logFile
    });
}


/***/ }),

/***/ 902:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   JM: () => (/* binding */ NATIVE_MARKER),
/* harmony export */   Ps: () => (/* binding */ SHIM_MARKER),
/* harmony export */   QC: () => (/* binding */ resolveCompiler),
/* harmony export */   Zc: () => (/* binding */ ourFileKind),
/* harmony export */   aY: () => (/* binding */ findOnPath),
/* harmony export */   wN: () => (/* binding */ LAUNCHER_MARKER),
/* harmony export */   xk: () => (/* binding */ LAUNCHER_NAME),
/* harmony export */   zx: () => (/* binding */ isKnownCompiler)
/* harmony export */ });
/* unused harmony export MAX_NATIVE_CLIENT_SIZE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(760);
/**
 * Which program the wrapper runs: recognising gcc/clang drivers, and finding the real compiler on
 * PATH without ever landing on one of our own shims (or the launcher), even when the shim directory
 * is on PATH several times, under different spellings, or shims were copied or linked elsewhere.
 */


/** Written into every shim and the launcher; how a file is recognised as ours. */
const SHIM_MARKER = '# compile-cache shim';
const LAUNCHER_MARKER = '# compile-cache launcher';
/** Carried by the native client (native/client.c, the same text), which is a binary, not a script. */
const NATIVE_MARKER = '\n# compile-cache native client (shims and launcher)\n';
/**
 * A binary bigger than this is not read whole for the marker: the native client carries it in its
 * first page too (an ELF note), and only a dynamically linked one (about 30 KiB) or a Mach-O one is
 * searched whole.
 */
const MAX_NATIVE_CLIENT_SIZE = 512 * 1024;
/** How much of a file is read first: the shims' marker line, the native client's ELF note. */
const HEAD_BYTES = 4096;
const LAUNCHER_NAME = 'compile-cache-launcher';
/** ELF and Mach-O (both byte orders, fat): the files that may be the native client. */
const BINARY_MAGIC = /^(?:\x7fELF|\xfe\xed\xfa[\xce\xcf]|[\xce\xcf]\xfa\xed\xfe|\xca\xfe\xba\xbe)/;
/**
 * Driver names the wrapper knows the command line of: gcc, g++, cc, c++, clang, clang++, with an
 * optional target prefix (`x86_64-linux-gnu-gcc`) and version suffix (`gcc-12`, `clang++-17`).
 */
const KNOWN_DRIVER = /^(?:[\w.+]+-)*(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(?:-\d+(?:\.\d+)*)?$/;
/** Programs that are caches or distributors themselves: their identity says nothing about the compiler. */
const NOT_A_COMPILER = new Set(['ccache', 'sccache', 'distcc', 'icecc', 'buildcache', 'node']);
function isKnownCompiler(invokedPath, realPath) {
    const real = node_path__WEBPACK_IMPORTED_MODULE_1__.basename(realPath);
    if (NOT_A_COMPILER.has(real))
        return false;
    return KNOWN_DRIVER.test(node_path__WEBPACK_IMPORTED_MODULE_1__.basename(invokedPath)) || KNOWN_DRIVER.test(real);
}
/** Whether `file` is one of our shims or the launcher (by content: copies and links are caught too). */
function ourFileKind(file) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, 'r');
    }
    catch {
        return null;
    }
    try {
        const buf = Buffer.alloc(HEAD_BYTES);
        const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buf, 0, buf.length, 0);
        const head = buf.subarray(0, n).toString('latin1');
        if (head.startsWith('#!')) {
            if (head.includes(SHIM_MARKER))
                return 'shim';
            if (head.includes(LAUNCHER_MARKER))
                return 'launcher';
            return null;
        }
        // The native client: one binary for every shim name and the launcher, told apart by its name.
        if (!BINARY_MAGIC.test(head))
            return null;
        const kind = node_path__WEBPACK_IMPORTED_MODULE_1__.basename(file) === LAUNCHER_NAME ? 'launcher' : 'shim';
        if (head.includes(NATIVE_MARKER))
            return kind;
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!st.isFile() || st.size > MAX_NATIVE_CLIENT_SIZE)
            return null;
        const all = Buffer.alloc(st.size);
        const got = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, all, 0, st.size, 0);
        return all.subarray(0, got).includes(NATIVE_MARKER) ? kind : null;
    }
    catch {
        return null;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/** Files whose kind (ourFileKind) was read, by path: trusted while their stamp is unchanged. */
const kinds = new Map();
/** Kinds kept at most (a server lives long; a build has a handful of compilers). */
const MAX_KINDS = 1000;
/** A file changed this close to now may change again without its times moving (coarse timestamps). */
const TOO_NEW_NS = 1000000000n;
/**
 * ourFileKind for a file `st` describes (its stat, symlinks followed), remembered by path while its
 * size, times, inode and device stay the same: a server resolves the same compiler for every call,
 * and reading its first page (open, read, close) cost more than the rest of the PATH walk's checks.
 */
function kindOf(file, st) {
    const stamp = `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
    const known = kinds.get(file);
    if (known !== undefined && known.stamp === stamp)
        return known.kind;
    const kind = ourFileKind(file);
    const newest = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
    // A file changed within a second is read again next time (as the stat cache of headers does).
    if (newest < BigInt(Date.now()) * 1000000n - TOO_NEW_NS) {
        if (kinds.size >= MAX_KINDS)
            kinds.clear();
        kinds.set(file, { stamp, kind });
    }
    else
        kinds.delete(file);
    return kind;
}
function executableStat(file) {
    try {
        // Most PATH directories have no such file: no exception for that answer (the server pays it per call).
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(file, { bigint: true, throwIfNoEntry: false });
        // Any execute bit: the kernel decides the rest, as a shell's PATH search would.
        return st !== undefined && st.isFile() && (st.mode & 73n) !== 0n ? st : null;
    }
    catch {
        return null;
    }
}
/** A directory's identity (device and inode), or null when it is not a directory we can stat. */
function dirId(dir) {
    try {
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(dir, { bigint: true, throwIfNoEntry: false });
        return st !== undefined && st.isDirectory() ? `${st.dev}:${st.ino}` : null;
    }
    catch {
        return null;
    }
}
/**
 * The first executable `name` on PATH that is not ours: directories that are one of `skipDirs`
 * (the same directory by device and inode, whatever the path to it) are skipped, and so is any
 * file that is a shim or launcher. Null when there is none.
 */
function findOnPath(name, pathEnv, skipDirs = [], cwd = process.cwd()) {
    // Device and inode rather than real paths: one stat per directory instead of a readlink per component.
    let skip = null;
    const tried = new Set();
    for (const entry of (pathEnv ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
        // Relative entries (and the empty one, `.`) are the compile's working directory's, not ours.
        const dir = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(cwd, entry === '' ? '.' : entry);
        // A directory on PATH twice answers the same the second time.
        if (tried.has(dir))
            continue;
        tried.add(dir);
        const candidate = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, name);
        // The file first: most PATH directories have no such file, and then cost one stat, not more.
        const st = executableStat(candidate);
        if (st === null)
            continue;
        if (skipDirs.length > 0) {
            skip ??= new Set(skipDirs.map(dirId).filter((d) => d !== null));
            const id = dirId(dir);
            if (id !== null && skip.has(id))
                continue;
        }
        if (kindOf(candidate, st) !== null)
            continue;
        return node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(candidate);
    }
    return null;
}
/**
 * Resolves what `wrap <compiler>` or a shim was asked to run to a real compiler. A bare name is
 * searched on PATH; a path that is one of our shims or the launcher is replaced by the real compiler
 * of the same name further along PATH (so `launcher /path/to/shims/cc` never wraps twice).
 * Relative paths (the requested one and PATH entries) are resolved against `cwd`, the compile's.
 */
function resolveCompiler(requested, pathEnv, skipDirs = [], cwd = process.cwd()) {
    if (!requested.includes('/')) {
        const found = findOnPath(requested, pathEnv, skipDirs, cwd);
        return found === null ? null : { path: found, requested };
    }
    const abs = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(cwd, requested);
    const kind = ourFileKind(abs);
    if (kind === null)
        return { path: abs, requested };
    if (kind === 'launcher')
        return null;
    const found = findOnPath(node_path__WEBPACK_IMPORTED_MODULE_1__.basename(abs), pathEnv, [...skipDirs, node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(abs)], cwd);
    return found === null ? null : { path: found, requested };
}


/***/ }),

/***/ 567:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Py: () => (/* binding */ parseDepfile),
/* harmony export */   Xc: () => (/* binding */ PLAIN_PATH),
/* harmony export */   oS: () => (/* binding */ rewriteDepfile)
/* harmony export */ });
/* unused harmony export renderDepfile */
/**
 * Depfiles (`-MD`/`-MMD` output) as gcc and clang write them, so that a cached depfile can be given
 * the target(s) and checkout path of the call it is restored for, byte for byte as that call's own
 * compile would have written it. The object path, `-MT`/`-MQ` and `-MF` are then not in the key
 * (a build compiling one source under several object names, as fmt's tests do, hits).
 *
 * The model is checked, not trusted: a stored depfile is used only when rendering its own parsed
 * targets and dependencies in the compiler's style gives back exactly its bytes; otherwise the call
 * is a miss. Anything needing make quoting (spaces, `$`, `#`, backslash escapes) is never rewritten.
 */
/** Characters a path may have for us to rewrite it: nothing make would need quoted, no `:` or `=`. */
const PLAIN_PATH = /^[A-Za-z0-9._+\-/@~,%]+$/;
/** gcc (mkdeps.cc, make_write_name): wraps before a name that would pass column 72; continuation lines start with one space. */
function renderGcc(d) {
    const COLMAX = 72;
    let out = '';
    let col = 0;
    const name = (n) => {
        if (col !== 0) {
            if (col + n.length > COLMAX) {
                out += ' \\\n';
                col = 0;
            }
            col++;
            out += ' ';
        }
        col += n.length;
        out += n;
    };
    d.targets.forEach(name);
    out += ':';
    col++;
    d.deps.forEach(name);
    out += '\n';
    if (d.phony)
        for (const dep of d.deps.slice(1))
            out += `${dep}:\n`;
    return out;
}
/** clang (DependencyFileGenerator::outputDependencyFile): 75 columns, leaving room for ` \`; phony rules separated by blank lines. */
function renderClang(d) {
    const MAX = 75;
    let out = '';
    let col = 0;
    for (const t of d.targets) {
        if (col === 0)
            col += t.length;
        else if (col + t.length + 2 > MAX) {
            col = t.length + 2;
            out += ' \\\n  ';
        }
        else {
            col += t.length + 1;
            out += ' ';
        }
        out += t;
    }
    out += ':';
    col += 1;
    for (const dep of d.deps) {
        if (col + dep.length + 1 + 2 > MAX) {
            out += ' \\\n ';
            col = 2;
        }
        out += ' ' + dep;
        col += dep.length + 1;
    }
    out += '\n';
    if (d.phony)
        for (const dep of d.deps.slice(1))
            out += `\n${dep}:\n`;
    return out;
}
function renderDepfile(style, d) {
    return style === 'gcc' ? renderGcc(d) : renderClang(d);
}
/** Targets, dependencies and phony rules of a depfile with only plain paths; null for anything else. */
function parseDepfile(text) {
    if (!text.endsWith('\n') || /[$\t\r]|\\(?!\n)/.test(text))
        return null;
    const end = /(?<!\\)\n/.exec(text);
    if (end === null)
        return null;
    const words = text
        .slice(0, end.index)
        .replace(/\\\n/g, ' ')
        .split(' ')
        .filter(w => w !== '');
    const colon = words.findIndex(w => w.endsWith(':'));
    if (colon < 0)
        return null;
    const targets = [...words.slice(0, colon), words[colon].slice(0, -1)];
    const deps = words.slice(colon + 1);
    const rest = text
        .slice(end.index + 1)
        .split('\n')
        .filter(l => l !== '');
    if (rest.some(l => !l.endsWith(':')))
        return null;
    const all = [...targets, ...deps];
    if (all.length === 0 || all.some(p => !PLAIN_PATH.test(p)))
        return null;
    return { targets, deps, phony: rest.length > 0 };
}
/**
 * The stored depfile as this call's compile would write it: `targets` instead of the stored ones,
 * and dependencies below `fromPrefix` moved below `toPrefix` (the checkout the entry was made in and
 * this one). Null when the stored bytes are not exactly what the model renders (then: a miss).
 */
function rewriteDepfile(stored, style, targets, move) {
    const text = Buffer.from(stored).toString('latin1');
    const parsed = parseDepfile(text);
    if (parsed === null || renderDepfile(style, parsed) !== text)
        return null;
    if (targets.some(t => !PLAIN_PATH.test(t)))
        return null;
    const moved = (p) => move !== null && (p === move.from || p.startsWith(move.from.endsWith('/') ? move.from : move.from + '/'))
        ? move.to + p.slice(move.from.length)
        : p;
    const deps = parsed.deps.map(moved);
    if (deps.some(p => !PLAIN_PATH.test(p)))
        return null;
    return Buffer.from(renderDepfile(style, { targets: [...targets], deps, phony: parsed.phony }), 'latin1');
}


/***/ }),

/***/ 788:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dc: () => (/* binding */ travellingNames),
/* harmony export */   K0: () => (/* binding */ notePreprocessorLookup),
/* harmony export */   MB: () => (/* binding */ parseSearchList),
/* harmony export */   T1: () => (/* binding */ newDependPolicy),
/* harmony export */   TT: () => (/* binding */ isSystemHeader),
/* harmony export */   Ym: () => (/* binding */ dependManifestEntry),
/* harmony export */   Z_: () => (/* binding */ sourceIncludes),
/* harmony export */   _4: () => (/* binding */ hashInputs),
/* harmony export */   _m: () => (/* binding */ dependModeApplies),
/* harmony export */   lW: () => (/* binding */ dependSetting),
/* harmony export */   lf: () => (/* binding */ takeOutcomes),
/* harmony export */   lw: () => (/* binding */ seedFromStore),
/* harmony export */   o5: () => (/* binding */ adoptOutcomes),
/* harmony export */   r9: () => (/* binding */ depfileInputs),
/* harmony export */   sk: () => (/* binding */ dependKey),
/* harmony export */   vl: () => (/* binding */ chooseDependMode),
/* harmony export */   zk: () => (/* binding */ SEARCH_LIST_OPTIONS)
/* harmony export */ });
/* unused harmony exports DEPEND_AFTER_MISSES, DEPEND_PROBE_EVERY */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(760);
/* harmony import */ var _depfile_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(567);
/* harmony import */ var _key_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(43);
/* harmony import */ var _travel_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(866);
/* harmony import */ var _direct_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(535);
/* harmony import */ var _file_hash_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(989);
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






/** COMPILE_CACHE_DEPEND: `auto` (the default, also for a value we do not know), on or off. */
function dependSetting(env) {
    const v = env.COMPILE_CACHE_DEPEND?.trim() ?? '';
    if (/^(1|true|yes|on)$/i.test(v))
        return 'on';
    if (/^(0|false|no|off)$/i.test(v))
        return 'off';
    return 'auto';
}
/**
 * `auto`: depend mode once this many preprocessor lookups after direct-mode misses in a row found
 * nothing (and left nothing that only they could find).
 */
const DEPEND_AFTER_MISSES = 8;
/** `auto`, once engaged: every this-many-th direct-mode miss still runs the preprocessor, to notice when it would find entries again. */
const DEPEND_PROBE_EVERY = 8;
function newDependPolicy(share = false) {
    return { fruitlessLookups: 0, engagedMisses: 0, outcomes: share ? [] : null, storeSeen: false };
}
/**
 * Once per session, before its first choice: a store with no compile entry at all (a first build,
 * a wiped cache) has nothing a preprocessor lookup could find, so it counts as that many fruitless
 * lookups already (handed to the other threads like any outcome).
 */
function seedFromStore(state, storeIsEmpty) {
    if (state.storeSeen)
        return;
    state.storeSeen = true;
    if (state.fruitlessLookups > 0 || !storeIsEmpty())
        return;
    for (let i = 0; i < DEPEND_AFTER_MISSES; i++)
        notePreprocessorLookup(state, false);
}
/** Whether this direct-mode miss is compiled in depend mode (called once per eligible miss). */
function chooseDependMode(state, setting) {
    if (setting !== 'auto')
        return setting === 'on';
    if (state.fruitlessLookups < DEPEND_AFTER_MISSES)
        return false;
    state.engagedMisses++;
    return state.engagedMisses % DEPEND_PROBE_EVERY !== 0;
}
/**
 * The outcome of a preprocessor lookup made after a direct-mode miss. `found`: it hit, or the miss
 * left an entry without a manifest entry (a header too new, __DATE__ …), which only a later
 * preprocessor lookup can find; either way preprocessor mode is worth its `-E` here.
 */
function notePreprocessorLookup(state, found) {
    applyOutcome(state, found);
    state.outcomes?.push(found);
}
function applyOutcome(state, found) {
    if (found) {
        state.fruitlessLookups = 0;
        state.engagedMisses = 0;
    }
    else
        state.fruitlessLookups++;
}
/** The outcomes noted since the last call, for the other threads; empty when not shared. */
function takeOutcomes(state) {
    if (state.outcomes === null || state.outcomes.length === 0)
        return [];
    return state.outcomes.splice(0);
}
/** Outcomes another thread noted (not handed on again). */
function adoptOutcomes(state, outcomes) {
    for (const found of outcomes)
        applyOutcome(state, found);
}
/**
 * Whether a command can be compiled in depend mode: C or C++ (an assembler source's `.include` is
 * read by the assembler, which writes no depfile), and a depfile that lists system headers too
 * (`-MMD` leaves them out, and ours cannot be added beside the build's own).
 */
function dependModeApplies(cmd) {
    if (cmd.language !== 'c' && cmd.language !== 'c++')
        return false;
    return cmd.depfile === null || cmd.depfile.systemHeaders;
}
/**
 * The headers a source includes itself (`#include "x"` / `<x>` as written), where a `.gch` beside
 * one would be used instead; null when an include is computed (`#include MACRO`) and so cannot be
 * read from the text. Directives in comments or disabled blocks are listed too: that only makes the
 * check for a precompiled header look at more places.
 */
function sourceIncludes(source) {
    const names = [];
    const text = source.toString('latin1');
    const directive = /^[ \t]*#[ \t]*include(?:_next)?\b[ \t]*(.*)$/gm;
    for (let m = directive.exec(text); m !== null; m = directive.exec(text)) {
        const rest = m[1] ?? '';
        const named = /^(?:"([^"\n]+)"|<([^>\n]+)>)/.exec(rest);
        if (named === null)
            return null;
        names.push((named[1] ?? named[2]));
    }
    return names;
}
/** The depfile's dependencies (the source first), or null when it is not one we can read exactly. */
function depfileInputs(depfile) {
    const parsed = (0,_depfile_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDepfile */ .Py)(depfile.toString('latin1'));
    if (parsed === null || parsed.deps.length === 0)
        return null;
    return [...new Set(parsed.deps)];
}
/**
 * Hashes the inputs a depend-mode compile read, with the checks of a manifest recorded from `-E`
 * (a regular file outside the cache directory, not changed since the compile started, no
 * __DATE__/__TIME__), plus no `.incbin` (preprocessor mode finds it in the preprocessed text) and
 * no precompiled header. A reason when one fails; the files using __has_include are returned for
 * the caller to check against the compiler's search list (isSystemHeader).
 */
function hashInputs(session, inputs, includes, r) {
    const files = [];
    const probing = [];
    for (const name of inputs) {
        const file = node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(r.cwd, name);
        if ((0,_travel_js__WEBPACK_IMPORTED_MODULE_2__/* .isBelow */ .Yw)(file, session.cacheDir))
            return `${file} is in the cache directory`;
        if (/\.(gch|pch)$/.test(file))
            return `${file}: a precompiled header`;
        const h = (0,_file_hash_js__WEBPACK_IMPORTED_MODULE_4__/* .hashFile */ .DC)(session.fileHashes, file, r.startedNs);
        if (h === null)
            return `${file}: not a regular file that can be read`;
        if (h.tooNew)
            return `${file}: changed within a second of the compile`;
        if (h.volatile)
            return `${file}: uses __DATE__, __TIME__ or __TIMESTAMP__`;
        if (h.incbin)
            return `${file}: uses .incbin`;
        if (h.probes)
            probing.push(file);
        files.push([name, h.hash]);
    }
    const direct = inputs.filter(name => includes.some(inc => name === inc || name.endsWith(`/${inc}`)));
    return { files, direct, probing };
}
/** A file below one of the compiler's own include directories (parseSearchList). */
function isSystemHeader(file, systemDirs) {
    return systemDirs.some(d => (0,_travel_js__WEBPACK_IMPORTED_MODULE_2__/* .isBelow */ .Yw)(file, d));
}
/**
 * The result key of a depend-mode compile: the manifest key (which holds everything but the
 * contents of the files read) and every input with its content. `recorded` is how each path goes
 * into the key (the checkout replaced by TOKEN for a travelling key).
 */
function dependKey(manifestKey, files, recorded, cwd = null) {
    const h = new _key_js__WEBPACK_IMPORTED_MODULE_1__/* .FieldHash */ .Hg();
    h.field('version', `compile-cache depend key v1 / ${_key_js__WEBPACK_IMPORTED_MODULE_1__/* .KEY_VERSION */ .pF}`);
    h.field('manifest', manifestKey);
    // A manifest key without the working directory (anyWorkingDir) and a file named relative to it.
    if (cwd !== null)
        h.field('cwd', cwd);
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
function travellingNames(names, prefix) {
    if (names.some(n => n.startsWith(prefix) && !(0,_travel_js__WEBPACK_IMPORTED_MODULE_2__/* .isBelow */ .Yw)(n, prefix)))
        return null;
    return name => ((0,_travel_js__WEBPACK_IMPORTED_MODULE_2__/* .isBelow */ .Yw)(name, prefix) ? _travel_js__WEBPACK_IMPORTED_MODULE_2__/* .TOKEN */ .CV + name.slice(prefix.length) : name);
}
/** The manifest entry for a depend-mode result. */
function dependManifestEntry(found, r) {
    const rec = r.travel ? r.recorded : (name) => name;
    return {
        key: r.key.toString('hex'),
        travel: r.travel,
        scope: (0,_direct_js__WEBPACK_IMPORTED_MODULE_3__/* .entryScope */ .PB)(r, found.files),
        files: found.files.map(([name, hash]) => [rec(name), hash]),
        direct: found.direct.map(rec)
    };
}
/**
 * The compiler's own include directories for a language, from `<compiler> -x<lang> -E -v
 * /dev/null`'s search list (its stderr): a header below one of them is a system header, whose
 * `__has_include` probes of other system headers direct mode accepts, as from a line marker's flag.
 */
function parseSearchList(stderr) {
    const start = stderr.indexOf('#include <...> search starts here:');
    const end = stderr.indexOf('End of search list.');
    if (start < 0 || end < start)
        return [];
    return stderr
        .slice(start, end)
        .split('\n')
        .slice(1)
        .map(l => l.trim().replace(/ \(framework directory\)$/, ''))
        .filter(l => l.startsWith('/'))
        .map(l => node_path__WEBPACK_IMPORTED_MODULE_0__.normalize(l).replace(/\/$/, ''));
}
/** Options that change the compiler's own search list: with one of them, no header counts as a system header here. */
const SEARCH_LIST_OPTIONS = /^-(-?sysroot|isysroot|nostdinc|nostdlibinc|stdlib=|-?target|m(16|32|x32|64)$|B|-gcc-toolchain|iwithsysroot)/;


/***/ }),

/***/ 535:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   PB: () => (/* binding */ entryScope),
/* harmony export */   Rn: () => (/* binding */ manifestKey),
/* harmony export */   UK: () => (/* binding */ matchingEntry),
/* harmony export */   cy: () => (/* binding */ entryFor),
/* harmony export */   hn: () => (/* binding */ anyWorkingDir),
/* harmony export */   pK: () => (/* binding */ directModeApplies)
/* harmony export */ });
/* unused harmony export markedFiles */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(760);
/* harmony import */ var _key_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(43);
/* harmony import */ var _travel_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(866);
/* harmony import */ var _file_hash_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(989);
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




/** Environment variables that change which headers are found, beyond KEY_ENV. */
const INCLUDE_ENV = [
    'CPATH',
    'C_INCLUDE_PATH',
    'CPLUS_INCLUDE_PATH',
    'OBJC_INCLUDE_PATH',
    'SOURCE_DATE_EPOCH'
];
/** The environment a manifest key reads, in its order. */
const MANIFEST_ENV = [..._key_js__WEBPACK_IMPORTED_MODULE_1__/* .KEY_ENV */ .uM, ...INCLUDE_ENV];
/** Options whose files the preprocessor reads without a line marker: such a call has no manifest. */
const UNMARKED_INPUT = /^-(imacros|ivfsoverlay|fmodule-map-file=|fmodules-cache-path=)/;
/** Whether direct mode may be used for this command at all. */
function directModeApplies(cmd, env) {
    const v = env.COMPILE_CACHE_DIRECT;
    if (v !== undefined && /^(0|false|no|off)$/i.test(v.trim()))
        return false;
    return (!cmd.keyArgs.some(a => UNMARKED_INPUT.test(a)) &&
        cmd.language !== 'cpp-output' &&
        cmd.language !== 'c++-cpp-output');
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
];
/**
 * Whether the compile reads nothing through its working directory: no debug info (which records
 * it), every source and every file or directory an option names given as an absolute path, no
 * relative include path from the environment. Then its manifest key leaves the working directory
 * out, and its entries whose files are all absolute hold in any working directory: CMake's build
 * directories of one tree (absolute sources, per-directory object paths) share direct- and
 * depend-mode entries as they share preprocessor-mode ones (whose key holds the working directory
 * only with debug info). Conservative: a value this cannot read as absolute keeps the directory.
 */
function anyWorkingDir(d) {
    const c = d.command;
    if (d.prefix !== null || c.debug)
        return false;
    for (const a of [...c.keyArgs, ...d.extraArgs]) {
        if (!a.startsWith('-')) {
            // A source, or the value of an option written apart from it (`-I dir`, `-D NAME`).
            if (!node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(a))
                return false;
            continue;
        }
        const option = INPUT_PATH_OPTIONS.find(o => a.startsWith(o));
        if (option !== undefined && a.length > option.length) {
            const value = a.slice(option.length).replace(/^=/, '');
            if (!node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(value))
                return false;
        }
        // Any other `-f…=` or `--…=` option with a relative path for a value (a prefix map's relative
        // side): the working directory is kept rather than the option told apart.
        const eq = /^-(?:f|-)[^=]*=(.*)$/s.exec(a);
        if (eq !== null && eq[1].includes('/') && !node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(eq[1]))
            return false;
    }
    for (const name of PATH_LIST_ENV) {
        const v = d.env[name];
        if (v !== undefined && v.split(':').some(dir => !node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(dir)))
            return false;
    }
    // clang adds and edits arguments from it, which this cannot see.
    return d.env.CCC_OVERRIDE_OPTIONS === undefined;
}
/**
 * The scope of a manifest entry recorded in `r.cwd`: null (it holds anywhere) for a result under a
 * travelling key, or when the manifest key left the working directory out (anyWorkingDir) and
 * every file is named by an absolute path; else `r.cwd`.
 */
function entryScope(r, files) {
    if (r.travel)
        return null;
    if (!r.anywhere)
        return r.cwd;
    return files.every(([name]) => node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(name)) ? null : r.cwd;
}
/**
 * The manifest key: everything the result key depends on except what the files' contents decide.
 * `anywhere` is anyWorkingDir(d), for a caller that has it already.
 */
function manifestKey(d, anywhere = anyWorkingDir(d)) {
    const h = new _key_js__WEBPACK_IMPORTED_MODULE_1__/* .FieldHash */ .Hg();
    const c = d.command;
    h.field('version', `compile-cache manifest key v1 / ${_key_js__WEBPACK_IMPORTED_MODULE_1__/* .KEY_VERSION */ .pF}`);
    h.field('compiler', d.compilerIdentity);
    h.field('language', c.language);
    const args = d.prefix === null ? c.keyArgs : (0,_travel_js__WEBPACK_IMPORTED_MODULE_2__/* .normaliseArgs */ .UF)(c.keyArgs, d.prefix);
    for (const a of args)
        h.field('arg', a);
    for (const a of d.extraArgs)
        h.field('arg', a);
    // Relative includes are found from here (and debug info records it); '' where nothing is (anyWorkingDir).
    h.field('cwd', d.prefix !== null ? _travel_js__WEBPACK_IMPORTED_MODULE_2__/* .TOKEN */ .CV + d.cwd.slice(d.prefix.length) : anywhere ? '' : d.cwd);
    h.field('paths', d.prefix === null ? 'absolute' : 'travel');
    if (d.depfileTargets !== null)
        for (const t of d.depfileTargets)
            h.field('depfile-target', t);
    for (const name of MANIFEST_ENV) {
        const v = d.env[name];
        if (v !== undefined)
            h.field('env', `${name}=${v}`);
    }
    h.field('source', d.sourceHash);
    return h.digest();
}
/** A manifest path as a file to read here, or null (a checkout-relative path without a checkout). */
function located(p, cwd, prefix) {
    if (p.startsWith(_travel_js__WEBPACK_IMPORTED_MODULE_2__/* .TOKEN */ .CV))
        return prefix === null ? null : prefix + p.slice(1);
    return node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(cwd, p);
}
/**
 * Where each entry's files were last located: a server serves the same manifest entry to the same
 * working directory again and again, and resolving every path (a string walk each) took a tenth
 * of what the stats take. Entries are never changed once decoded (withEntry makes new ones).
 */
const locatedFiles = new WeakMap();
function locate(e, cwd, prefix, cacheDir) {
    const known = locatedFiles.get(e);
    if (known !== undefined && known.cwd === cwd && known.prefix === prefix && known.cacheDir === cacheDir)
        return known.files;
    const files = e.files.map(([p]) => {
        const file = located(p, cwd, prefix);
        // Files below the cache directory never count as matching (their content is planted, and may be a FIFO).
        return file === null || (0,_travel_js__WEBPACK_IMPORTED_MODULE_2__/* .isBelow */ .Yw)(file, cacheDir) ? null : file;
    });
    locatedFiles.set(e, { cacheDir, cwd, prefix, files });
    return files;
}
/**
 * The newest entry of `m` whose files all have their recorded content here, or null. Files below
 * the cache directory never count as matching (its content is planted, and may be a FIFO).
 */
function matchingEntry(m, session, cwd, prefix) {
    const seen = new Map();
    const reference = (0,_file_hash_js__WEBPACK_IMPORTED_MODULE_3__/* .nowNs */ .Ck)();
    const hashOf = (file) => {
        let h = seen.get(file);
        if (h === undefined) {
            h = (0,_file_hash_js__WEBPACK_IMPORTED_MODULE_3__/* .hashFile */ .DC)(session.fileHashes, file, reference)?.hash ?? null;
            seen.set(file, h);
        }
        return h;
    };
    for (const e of m.entries) {
        if (e.scope !== null && e.scope !== cwd)
            continue;
        if (e.travel && prefix === null)
            continue;
        const files = locate(e, cwd, prefix, session.cacheDir);
        let ok = true;
        for (let i = 0; ok && i < files.length; i++) {
            const file = files[i];
            ok = file !== null && file !== undefined && hashOf(file) === e.files[i][1];
        }
        if (ok)
            return e;
    }
    return null;
}
/** The files the preprocessor entered, from its line markers: [name as written, system header]. */
function markedFiles(preprocessed) {
    const files = new Map();
    const text = preprocessed.toString('latin1');
    const marker = /^# \d+ "((?:[^"\\\n]|\\.)*)"((?: \d)*)$/gm;
    for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
        const name = (m[1] ?? '').replace(/\\(.)/g, '$1');
        if (name === '' || name.startsWith('<'))
            continue;
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
function entryFor(session, preprocessed, directIncludes, r) {
    const latin1 = (s) => Buffer.from(s, 'latin1').toString('utf8');
    const recorded = (name) => r.travel && r.prefix !== null && (0,_travel_js__WEBPACK_IMPORTED_MODULE_2__/* .isBelow */ .Yw)(name, r.prefix) ? _travel_js__WEBPACK_IMPORTED_MODULE_2__/* .TOKEN */ .CV + name.slice(r.prefix.length) : name;
    const files = [];
    for (const [rawName, system] of markedFiles(preprocessed)) {
        const name = latin1(rawName);
        const file = node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(r.cwd, name);
        if ((0,_travel_js__WEBPACK_IMPORTED_MODULE_2__/* .isBelow */ .Yw)(file, session.cacheDir))
            return `${file} is in the cache directory`;
        const h = (0,_file_hash_js__WEBPACK_IMPORTED_MODULE_3__/* .hashFile */ .DC)(session.fileHashes, file, r.startedNs);
        if (h === null)
            return `${file}: not a regular file that can be read`;
        if (h.tooNew)
            return `${file}: changed within a second of the compile`;
        if (h.volatile)
            return `${file}: uses __DATE__, __TIME__ or __TIMESTAMP__`;
        if (h.probes && !system)
            return `${file}: uses __has_include`;
        files.push([recorded(name), h.hash]);
    }
    if (files.length === 0)
        return 'no line markers';
    return {
        key: r.key,
        travel: r.travel,
        scope: entryScope(r, files),
        files,
        direct: directIncludes.map(d => recorded(latin1(d)))
    };
}


/***/ }),

/***/ 989:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ck: () => (/* binding */ nowNs),
/* harmony export */   DC: () => (/* binding */ hashFile),
/* harmony export */   XO: () => (/* binding */ StatCache)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var _lazy_crypto_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(496);
/**
 * Content hashes of the files a compile read, through a stat cache: a file whose (size, mtime,
 * ctime, inode, device) are what they were when it was hashed is not read again, nor opened: it
 * costs one stat, which is what a direct-mode hit pays per header. A server keeps the cache for its
 * life; a one-shot shim's lasts one compile.
 *
 * "Too new" (as ccache): a file changed within a second of the moment it is compared with (the start
 * of the compile that read it, or the hashing itself) may change again without its times moving on
 * a file system with coarse timestamps. Its hash is used for this comparison but never cached, and a
 * compile that read such a file records no manifest.
 *
 * A server's threads each keep a cache (compile-pool.ts): what one thread hashes, it hands to the
 * others (`takeLearned`, `adopt`), so that a build's first hits hash each header once per server
 * rather than once per thread. An adopted entry is checked against `stat` like any other: it only
 * says what a file with that stamp held.
 *
 * The paths come from a manifest, which is untrusted: a file is read only when it is a regular file
 * (opened O_NONBLOCK, so a FIFO never blocks), at most MAX_FILE bytes, and never below the cache
 * directory (whose content a build plants).
 */


/** Headers larger than this are not hashed (the call then uses preprocessor mode). */
const MAX_FILE = 64 * 1024 * 1024;
/** A file changed this close to the reference time is too new to trust (covers 1 s timestamps). */
const TOO_NEW_NS = 1000000000n;
/** Entries kept per session before the cache starts over (bounds a server's memory). */
const MAX_ENTRIES = 200_000;
/** Milliseconds as `stat` computes them from seconds and nanoseconds (the same double). */
function msOf(ns) {
    return Number(ns / 1000000000n) * 1e3 + Number(ns % 1000000000n) / 1e6;
}
/** Hashes by path; with `recordLearned`, what it hashes is also kept for other threads to adopt. */
class StatCache {
    entries = new Map();
    quick = new Map();
    learned;
    constructor(options = {}) {
        this.learned = options.recordLearned === true ? [] : null;
    }
    get size() {
        return this.entries.size;
    }
    get(file) {
        return this.entries.get(file);
    }
    /** A file this thread hashed. */
    remember(file, entry) {
        this.put(file, entry);
        this.learned?.push([file, entry]);
    }
    /** Files another thread hashed (not recorded again). */
    adopt(hashes) {
        for (const [file, entry] of hashes)
            this.put(file, entry);
    }
    /** What this thread hashed since the last call; empty when it records nothing. */
    takeLearned() {
        if (this.learned === null || this.learned.length === 0)
            return [];
        const out = this.learned;
        this.learned = [];
        return out;
    }
    /** Whether `st` (a plain stat of `file`) shows the file as it was when its entry was made. */
    unchanged(file, st) {
        const q = this.quick.get(file);
        return (q !== undefined &&
            q.size === st.size &&
            q.mtimeMs === st.mtimeMs &&
            q.ctimeMs === st.ctimeMs &&
            q.ino === st.ino &&
            q.dev === st.dev);
    }
    put(file, entry) {
        if (this.entries.size >= MAX_ENTRIES && !this.entries.has(file)) {
            this.entries.clear();
            this.quick.clear();
        }
        this.entries.set(file, entry);
        // Negative times (before 1970) may round differently: then the full check below decides.
        this.quick.set(file, {
            size: Number(entry.size),
            mtimeMs: msOf(entry.mtimeNs),
            ctimeMs: msOf(entry.ctimeNs),
            ino: Number(entry.ino),
            dev: Number(entry.dev)
        });
    }
}
function sameStamp(a, b) {
    return (a.size === b.size &&
        a.mtimeNs === b.mtimeNs &&
        a.ctimeNs === b.ctimeNs &&
        a.ino === b.ino &&
        a.dev === b.dev);
}
/** A remembered hash as a result (a remembered file is never too new: see hashFile). */
function knownHash(known) {
    return {
        hash: known.hash,
        volatile: known.volatile,
        probes: known.probes,
        incbin: known.incbin,
        tooNew: false
    };
}
/** Wall-clock now in nanoseconds, comparable with file times. */
function nowNs() {
    return BigInt(Date.now()) * 1000000n;
}
/**
 * The hash of the regular file at `file` (absolute), or null when it is missing, not a regular file
 * or too large. `referenceNs`: when the compile that read it started.
 */
function hashFile(cache, file, referenceNs) {
    // The common case, a header hashed before and unchanged, costs one stat: no open, no exception.
    const known = cache.get(file);
    if (known !== undefined) {
        let st;
        try {
            st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(file, { throwIfNoEntry: false });
        }
        catch {
            return null;
        }
        if (st === undefined || !st.isFile())
            return null;
        if (cache.unchanged(file, st)) {
            return knownHash(known);
        }
    }
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK);
    }
    catch {
        return null;
    }
    try {
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd, { bigint: true });
        if (!st.isFile() || st.size > BigInt(MAX_FILE))
            return null;
        const stamp = {
            size: st.size,
            mtimeNs: st.mtimeNs,
            ctimeNs: st.ctimeNs,
            ino: st.ino,
            dev: st.dev
        };
        if (known !== undefined && sameStamp(known, stamp)) {
            return knownHash(known);
        }
        const size = Number(st.size);
        const buf = Buffer.allocUnsafe(size);
        let len = 0;
        while (len < size) {
            const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buf, len, size - len, len);
            if (n === 0)
                return null; // shrank while read: changing under us
            len += n;
        }
        const hash = (0,_lazy_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .nodeCrypto */ .S)().createHash('sha256').update(buf).digest('hex');
        const flags = {
            volatile: buf.includes('__DATE__') || buf.includes('__TIME__') || buf.includes('__TIMESTAMP__'),
            probes: buf.includes('__has_include'),
            incbin: buf.includes('.incbin')
        };
        const newest = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
        const limit = (referenceNs < nowNs() ? referenceNs : nowNs()) - TOO_NEW_NS;
        const tooNew = newest >= limit;
        if (!tooNew)
            cache.remember(file, { ...stamp, ...flags, hash });
        return { hash, ...flags, tooNew };
    }
    catch {
        return null;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}


/***/ }),

/***/ 783:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Gb: () => (/* binding */ encodeManifest),
/* harmony export */   MK: () => (/* binding */ decodeManifest),
/* harmony export */   rM: () => (/* binding */ withEntry)
/* harmony export */ });
/* unused harmony exports MAX_ENTRIES, MAX_MANIFEST_BYTES */
/* harmony import */ var _store_validate_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(642);
/* harmony import */ var _travel_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(866);
/**
 * Manifests (direct mode): for one compile command and source content, which files the compile
 * read with which content, and the result key that follows. Stored as entries of their own
 * namespace, `manifests/<tenant>/<hh>/<hex>/manifest` (hex: the manifest key, manifest-key.ts),
 * beside `compile/<tenant>`, so a sync carries them and a fresh runner gets direct-mode hits; the
 * Go system's `compile` readers never see them.
 *
 * The blob is JSON (version 1):
 *   {"version":1,"entries":[{"key":"<64 hex>","travel":true,"scope":null,
 *     "files":[["<path>","<64 hex sha256>"],…],"direct":["<path>",…]},…]}
 * newest entry first. A path below the checkout (keys that travel) starts with TOKEN (NUL) in
 * place of the checkout; other paths are as the compiler named them (relative to the working
 * directory when relative). `scope`: null when the entry holds in any checkout (a key that
 * travels) or any working directory (a command that reads nothing through it, direct.ts
 * anyWorkingDir, and only absolute paths here), else the working directory it holds in.
 * `direct`: the headers entered straight from the source (a `.gch` beside one would be used
 * instead). A blob read from the store is untrusted: anything not exactly this shape is no
 * manifest.
 */


/** Entries kept per manifest (newest first): several header versions of one source. */
const MAX_ENTRIES = 16;
/** A manifest blob larger than this is not read. */
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const MAX_FILES = 50_000;
function validPath(p) {
    return (typeof p === 'string' &&
        p !== '' &&
        !p.slice(1).includes(_travel_js__WEBPACK_IMPORTED_MODULE_1__/* .TOKEN */ .CV) &&
        (p[0] !== _travel_js__WEBPACK_IMPORTED_MODULE_1__/* .TOKEN */ .CV || p[1] === '/' || p.length === 1));
}
function validEntry(e) {
    if (typeof e !== 'object' || e === null)
        return false;
    const o = e;
    return (typeof o.key === 'string' &&
        (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .isSha256Hex */ .P4)(o.key) &&
        typeof o.travel === 'boolean' &&
        (o.scope === null || (typeof o.scope === 'string' && o.scope.startsWith('/'))) &&
        Array.isArray(o.files) &&
        o.files.length <= MAX_FILES &&
        o.files.every(f => Array.isArray(f) && f.length === 2 && validPath(f[0]) && (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .isSha256Hex */ .P4)(f[1])) &&
        Array.isArray(o.direct) &&
        o.direct.length <= MAX_FILES &&
        o.direct.every(validPath));
}
/** The manifest in `bytes`, or null when they are not a well-formed one. */
function decodeManifest(bytes) {
    if (bytes.length > MAX_MANIFEST_BYTES)
        return null;
    let parsed;
    try {
        parsed = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        return null;
    }
    if (typeof parsed !== 'object' || parsed === null)
        return null;
    const o = parsed;
    if (o.version !== 1 || !Array.isArray(o.entries) || o.entries.length > MAX_ENTRIES)
        return null;
    if (!o.entries.every(validEntry))
        return null;
    return { entries: o.entries };
}
function encodeManifest(m) {
    return Buffer.from(JSON.stringify({ version: 1, entries: m.entries }), 'utf8');
}
/** `m` with `entry` first, replacing any entry with the same files and scope, at most MAX_ENTRIES. */
function withEntry(m, entry) {
    const same = (a) => a.scope === entry.scope &&
        a.files.length === entry.files.length &&
        a.files.every((f, i) => f[0] === entry.files[i]?.[0] && f[1] === entry.files[i]?.[1]);
    const rest = (m?.entries ?? []).filter(e => !same(e));
    return { entries: [entry, ...rest].slice(0, MAX_ENTRIES) };
}


/***/ }),

/***/ 43:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Hg: () => (/* binding */ FieldHash),
/* harmony export */   iY: () => (/* binding */ dropWorkingDirMarker),
/* harmony export */   lM: () => (/* binding */ compileKey),
/* harmony export */   pF: () => (/* binding */ KEY_VERSION),
/* harmony export */   uM: () => (/* binding */ KEY_ENV)
/* harmony export */ });
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(867);
/* harmony import */ var _lazy_crypto_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(496);


/** Bump when anything about what goes into the key changes: old entries then simply miss. */
const KEY_VERSION = 'compile-cache compile key v2';
/** Environment variables that change what the compiler does or says, beyond the command line. */
const KEY_ENV = [
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
];
/**
 * gcc writes the working directory into `-E` output as `# 1 "<cwd>//"` when debug info is on. The key
 * holds the directory as debug info records it instead (after prefix maps), so this line is dropped.
 */
function dropWorkingDirMarker(preprocessed, cwd) {
    const marker = Buffer.from(`"${cwd}//"\n`);
    const limit = Math.min(preprocessed.length, 4096);
    const at = preprocessed.subarray(0, limit).indexOf(marker);
    if (at < 0)
        return preprocessed;
    const lineStart = preprocessed.lastIndexOf(0x0a, at) + 1;
    const prefix = preprocessed.toString('latin1', lineStart, at);
    if (!/^# \d+ $/.test(prefix))
        return preprocessed;
    return Buffer.concat([preprocessed.subarray(0, lineStart), preprocessed.subarray(at + marker.length)]);
}
/** Text that is all ASCII: its UTF-8 bytes are its latin1 bytes, one per character. */
const ASCII = /^[^\u0080-\uffff]*$/;
/** A length as the eight bytes of a big-endian u64, one latin1 character each. */
function u64Chars(n) {
    const hi = Math.floor(n / 0x1_0000_0000);
    const lo = n >>> 0;
    return String.fromCharCode(hi >>> 24, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff, lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff);
}
/**
 * A SHA-256 over length-prefixed fields: per field its name (latin1), a zero byte, the value's byte
 * length as a big-endian u64, then the value's bytes (UTF-8 for text). Fields are gathered as one
 * latin1 string while their values are ASCII (names, flags, paths, hex: nearly always) and hashed
 * with one update: a hit computes a key of some thirty fields, and two updates per field, each a
 * call into the native hash with two small buffers made for it, cost a tenth of a millisecond.
 */
class FieldHash {
    h = (0,_lazy_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .nodeCrypto */ .S)().createHash('sha256');
    text = '';
    field(name, value) {
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
    digest() {
        if (this.text !== '')
            this.h.update(this.text, 'latin1');
        return this.h.digest();
    }
}
function compileKey(k) {
    const h = new FieldHash();
    const c = k.command;
    h.field('version', KEY_VERSION);
    h.field('compiler', k.compilerIdentity);
    h.field('language', c.language);
    for (const a of k.keyArgs)
        h.field('arg', a);
    for (const a of k.extraArgs)
        h.field('arg', a);
    if (c.debug)
        h.field('cwd', (0,_args_js__WEBPACK_IMPORTED_MODULE_0__/* .debugWorkingDir */ .k)(k.cwd, c.prefixMaps));
    h.field('paths', k.paths);
    if (k.depfileTargets !== null)
        for (const t of k.depfileTargets)
            h.field('depfile-target', t);
    for (const name of KEY_ENV) {
        const v = k.env[name];
        if (v !== undefined)
            h.field('env', `${name}=${v}`);
    }
    h.field('preprocessed', k.preprocessed);
    return h.digest();
}


/***/ }),

/***/ 496:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* reexport safe */ _store_lazy_crypto_js__WEBPACK_IMPORTED_MODULE_0__.S)
/* harmony export */ });
/* harmony import */ var _store_lazy_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(818);
/** `node:crypto`, loaded on first use: moved to the store layer, which needs it too (state-dir.ts). */



/***/ }),

/***/ 132:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ed: () => (/* binding */ installKeptEntries),
/* harmony export */   L6: () => (/* binding */ openCompileStore),
/* harmony export */   RL: () => (/* binding */ newSession),
/* harmony export */   Rq: () => (/* binding */ runDeferred),
/* harmony export */   XO: () => (/* binding */ afterAnswer),
/* harmony export */   fg: () => (/* binding */ rememberManifest)
/* harmony export */ });
/* harmony import */ var _direct_depend_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(788);
/* harmony import */ var _direct_file_hash_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(989);
/* harmony import */ var _stats_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(59);



function newSession(cacheDir, opts = {}) {
    return {
        cacheDir,
        logFile: opts.logFile,
        longLived: opts.longLived ?? false,
        identities: new Map(),
        storeModule: null,
        fileHashes: new _direct_file_hash_js__WEBPACK_IMPORTED_MODULE_1__/* .StatCache */ .XO({ recordLearned: opts.shareHashes === true }),
        manifests: new Map(),
        manifestBytes: 0,
        deferred: [],
        dependPolicy: (0,_direct_depend_js__WEBPACK_IMPORTED_MODULE_0__/* .newDependPolicy */ .T1)(opts.shareHashes === true),
        searchLists: new Map()
    };
}
/**
 * Work a compile owes that its caller does not wait for: a hit's touches (the entry's time, which
 * keeps it in the least-recently-used order and within max-age, and the journal's `used` line). In
 * a server it runs once the answer is written (runDeferred), while the client replays it and exits:
 * a hit answers a quarter of a millisecond sooner. In a one-shot shim it runs at once, since the
 * process ends with its compile. `work` is told which (`deferred`): the compile's own statistics
 * are written by then, so its trouble must be recorded on its own.
 */
function afterAnswer(session, work) {
    if (!session.longLived)
        return work(false);
    session.deferred.push(() => work(true));
    return Promise.resolve();
}
/**
 * Runs the work afterAnswer put off: called by whoever wrote the answer (the server's main thread, a
 * compile thread, the rehearsal). Started in order on the calling thread (the touches are
 * synchronous calls); resolves when all have finished. Each piece handles its own errors.
 */
async function runDeferred(session) {
    if (session.deferred.length === 0)
        return;
    const work = session.deferred.splice(0);
    await Promise.all(work.map(w => w().catch(() => undefined)));
}
/** Manifests a session keeps, at most, in number and in the bytes of their blobs. */
const MAX_REMEMBERED = 10_000;
const MAX_REMEMBERED_BYTES = 32 * 1024 * 1024;
/**
 * Keeps a manifest read or written (`bytes`: its blob's size), by hex manifest key. Bounded, since a
 * server lives long: a C++ manifest names hundreds of headers (tens of KB of JSON, more decoded), so
 * a project of thousands of sources would otherwise hold hundreds of MB. Past either bound the
 * session starts over (a forgotten manifest is read from the store again), or, with `onlyIfRoom`
 * (the warm-up's, which must not push out what the build uses), the manifest is not kept. Whether
 * it was kept.
 */
function rememberManifest(session, hex, m, bytes, onlyIfRoom = false) {
    if (session.manifests.size >= MAX_REMEMBERED || session.manifestBytes + bytes > MAX_REMEMBERED_BYTES) {
        if (onlyIfRoom)
            return false;
        session.manifests.clear();
        session.manifestBytes = 0;
    }
    session.manifests.set(hex, m);
    session.manifestBytes += bytes;
    return true;
}
/**
 * A fresh view of the disk store for one compile (of one namespace's tenant; without `tenant`, of
 * the namespace with every tenant in it). The module is loaded once per session; the store
 * object is not kept, because it remembers which directories below the cache directory it found to
 * be real, and in a long-lived server a build could replace one with a symlink later.
 */
async function openCompileStore(session, namespace, tenant) {
    session.storeModule ??= __nccwpck_require__.e(/* import() */ 929).then(__nccwpck_require__.bind(__nccwpck_require__, 929));
    const { DiskCacheStore } = await session.storeModule;
    const store = new DiskCacheStore(session.cacheDir, { onKeptRefused: keptRefused(session) }).namespace(namespace);
    return tenant === undefined ? store : store.namespace(tenant);
}
/**
 * What a lazy restore kept and failed its check at install (a chunk that does not decode, say): its
 * entries are misses, compiled again; counted as a cache error (`kept-chunk`), so the job summary
 * and `compile-cache stats` say so.
 */
function keptRefused(session) {
    return () => {
        (0,_stats_js__WEBPACK_IMPORTED_MODULE_2__/* .recordEvents */ .FW)(session.cacheDir, [{ type: 'error', kind: 'kept-chunk' }]);
    };
}
/**
 * Installs the entries a lazy restore kept (store/deferred-tier.ts) into the cache directory, chunk
 * after chunk, until `stop` names a reason: the compile server's warm-up does this while the job's
 * first steps run, so that the build's hits find their entries on disk. Through the import worker
 * (off this thread: the server keeps answering). Never throws: what is not installed stays kept.
 */
async function installKeptEntries(session, stop) {
    const started = Date.now();
    try {
        session.storeModule ??= __nccwpck_require__.e(/* import() */ 929).then(__nccwpck_require__.bind(__nccwpck_require__, 929));
        const { DiskCacheStore } = await session.storeModule;
        const r = await new DiskCacheStore(session.cacheDir, { onKeptRefused: keptRefused(session) }).installKept(stop);
        return { ...r, ms: Date.now() - started };
    }
    catch (err) {
        return { entries: 0, stopped: `it failed: ${err.message}`, ms: Date.now() - started };
    }
}


/***/ }),

/***/ 59:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FW: () => (/* binding */ recordEvents),
/* harmony export */   Kx: () => (/* binding */ statsFile),
/* harmony export */   aK: () => (/* binding */ hitRate),
/* harmony export */   mn: () => (/* binding */ zeroStats),
/* harmony export */   uq: () => (/* binding */ readStats),
/* harmony export */   zF: () => (/* binding */ formatStats)
/* harmony export */ });
/* unused harmony exports STATS_DIR, STATS_FILE, emptyStats, parseStats */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(760);
/* harmony import */ var _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(233);
/* harmony import */ var _store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(473);
/**
 * Wrapper statistics, safe under `make -j`: every wrapper process appends one short line per event
 * to `<state dir>/stats/events` (opened with O_APPEND, one write() per line, so concurrent appends
 * never interleave or overwrite); readers count the lines. No locks, no read-modify-write. The state
 * directory belongs to the cache directory but lies outside it (src/store/state-dir.ts), so the
 * store's tree holds entries only.
 *
 * Line format: `hit`, `miss`, `uncacheable <reason>`, `error <kind>`. Unknown lines are ignored, so
 * later versions can add events.
 *
 * The state directory is as untrusted as the cache directory (a build can write it, and it persists
 * between jobs on a self-hosted runner): any directory on the way or `events` may be a planted
 * symlink (a write through it would land elsewhere), a FIFO (an open or read would block), a socket,
 * a device or a hard link to a file elsewhere. The wrapper then records nothing (statistics never
 * slow or fail a compile); the steps say so, naming the path; zeroing replaces the planted thing
 * (unlinked, or swapped out by a rename), never writing into it.
 */




/** The statistics' directory in the state directory, and the file in it. */
const STATS_DIR = _store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .STATE_SUBDIRS */ .DS.stats;
const STATS_FILE = 'events';
/** `<state dir of cacheDir>/stats/events`. */
function statsFile(cacheDir, env = process.env) {
    return node_path__WEBPACK_IMPORTED_MODULE_1__.join((0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .stateSubdir */ .xp)(cacheDir, STATS_DIR, env).sub, STATS_FILE);
}
/** More than any job's wrapper writes (a line is at most ~80 bytes): a bigger file was planted. */
const MAX_EVENTS_BYTES = 64 << 20;
/** A reason or kind as one token (no spaces or newlines can break the line format). */
function token(s) {
    return s.replace(/[^\w.+-]/g, '_').slice(0, 64) || '_';
}
function eventLine(e) {
    switch (e.type) {
        case 'hit':
            return 'hit\n';
        case 'miss':
            return 'miss\n';
        case 'uncacheable':
            return `uncacheable ${token(e.reason)}\n`;
        case 'error':
            return `error ${token(e.kind)}\n`;
    }
}
/**
 * Appends events (one write). Returns false when the stats could not be written (a planted directory
 * on the way or `events`, an unwritable state directory); the caller goes on (statistics are never
 * a reason to fail or slow a build). Costs an lstat per directory below the state directory's base
 * (O_NOFOLLOW guards only the last component), open, fstat, write and close: the fstat to refuse a
 * FIFO with a reader, a device or a hard link.
 */
function recordEvents(cacheDir, events) {
    if (events.length === 0)
        return true;
    const data = Buffer.from(events.map(eventLine).join(''));
    try {
        const loc = (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .stateSubdir */ .xp)(cacheDir, STATS_DIR);
        const dir = loc.sub;
        if (!(0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .checkStateDir */ .d3)(loc, dir))
            (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureStateDir */ .xH)(loc, dir);
        const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, STATS_FILE), node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_APPEND | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK, 0o644);
        try {
            const f = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
            if (!f.isFile() || f.nlink !== 1)
                return false;
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, data, 0, data.length);
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        }
        return true;
    }
    catch {
        return false;
    }
}
function emptyStats() {
    return { hits: 0, misses: 0, uncacheable: {}, errors: 0, errorKinds: {}, calls: 0 };
}
function parseStats(text) {
    const s = emptyStats();
    for (const line of text.split('\n')) {
        const [kind, arg = ''] = line.split(' ', 2);
        if (kind === 'hit')
            s.hits++;
        else if (kind === 'miss')
            s.misses++;
        else if (kind === 'uncacheable')
            s.uncacheable[arg] = (s.uncacheable[arg] ?? 0) + 1;
        else if (kind === 'error') {
            s.errors++;
            s.errorKinds[arg] = (s.errorKinds[arg] ?? 0) + 1;
        }
    }
    s.calls = s.hits + s.misses + Object.values(s.uncacheable).reduce((a, b) => a + b, 0);
    return s;
}
/**
 * The statistics since the last zeroStats; all zero when there are none yet. Throws UnsafePathError
 * naming a directory on the way or `events` when it is not what the wrapper writes (never blocks on
 * a FIFO).
 */
async function readStats(cacheDir) {
    const loc = (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .stateSubdir */ .xp)(cacheDir, STATS_DIR);
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(loc.sub, STATS_FILE);
    if (!(0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .checkStateDir */ .d3)(loc, loc.sub))
        return emptyStats();
    let handle;
    try {
        handle = await (0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .openRegular */ .lf)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY);
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return emptyStats();
        throw err;
    }
    try {
        const { size } = await handle.stat();
        if (size > MAX_EVENTS_BYTES)
            throw new _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .UnsafePathError */ .k0(file, `a file of ${size} bytes`);
        return parseStats(await handle.readFile('utf8'));
    }
    finally {
        await handle.close();
    }
}
/**
 * Starts counting from zero (the action's pre step, `zero-stats`). A planted directory on the way (a
 * symlink, a file in place of `stats` or of the state directory) is unlinked and made again as a
 * directory; `events` is replaced through a rename, so a symlink, FIFO, device or hard link there is
 * swapped out, never written through or opened. Returns what was replaced, in words naming the path,
 * for a warning.
 */
async function zeroStats(cacheDir) {
    const loc = (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .stateSubdir */ .xp)(cacheDir, STATS_DIR);
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(loc.sub, STATS_FILE);
    const replaced = (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .repairStateDir */ .Q1)(loc, loc.sub);
    const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(file, { throwIfNoEntry: false });
    if (st !== undefined && (!st.isFile() || st.nlink !== 1)) {
        const kind = st.isFile() ? `a hard link to a file with ${st.nlink} names` : (0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .describeKind */ .SB)(st);
        replaced.push(`${file} was ${kind}; replaced with an empty file (nothing was written through it)`);
        if (st.isDirectory())
            await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(file, { recursive: true, force: true });
    }
    await (0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .writeRegularFileAtomic */ .z2)(file, '');
    return replaced;
}
/** hits / (hits + misses), or null when nothing cacheable was compiled. */
function hitRate(s) {
    const lookups = s.hits + s.misses;
    return lookups === 0 ? null : s.hits / lookups;
}
/** Human-readable statistics, as `compile-cache stats` prints them. */
function formatStats(s) {
    const rate = hitRate(s);
    const lines = [
        `calls:        ${s.calls}`,
        `hits:         ${s.hits}`,
        `misses:       ${s.misses}`,
        `hit rate:     ${rate === null ? 'n/a' : (rate * 100).toFixed(1) + '%'}`,
        `uncacheable:  ${s.calls - s.hits - s.misses}`
    ];
    for (const [reason, n] of Object.entries(s.uncacheable).sort((a, b) => b[1] - a[1])) {
        lines.push(`  ${reason}: ${n}`);
    }
    lines.push(`errors:       ${s.errors}`);
    for (const [kind, n] of Object.entries(s.errorKinds).sort((a, b) => b[1] - a[1])) {
        lines.push(`  ${kind}: ${n}`);
    }
    return lines.join('\n') + '\n';
}


/***/ }),

/***/ 270:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ tempSuffix)
/* harmony export */ });
/**
 * Suffixes for temporary file names (written, then renamed into place). No node:crypto: it is not
 * loaded yet when these are needed (see lazy-crypto.ts), and the pid already separates processes.
 */
function tempSuffix() {
    return `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}


/***/ }),

/***/ 866:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CV: () => (/* binding */ TOKEN),
/* harmony export */   UF: () => (/* binding */ normaliseArgs),
/* harmony export */   WK: () => (/* binding */ normaliseMarkers),
/* harmony export */   Yw: () => (/* binding */ isBelow),
/* harmony export */   np: () => (/* binding */ travellingPrefix)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(760);
/* harmony import */ var _depfile_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(567);
/**
 * Keys that travel between checkouts: with `-ffile-prefix-map=<checkout>=<to>` (or the debug and
 * macro maps together) gcc and clang write no path below the checkout into the object, so the
 * checkout's own path is taken out of the key: in the arguments and in the preprocessed text's
 * line markers it becomes TOKEN. See docs/wrapper.md, "Keys that travel", for the rules and why
 * each is sound.
 */


/** Stands for the checkout in the key: no path or argument can hold a NUL byte. */
const TOKEN = '\0';
/** `p` is `prefix` or below it, as both gcc and clang map it (gcc alone would also map `/a/bc` by `/a/b`). */
function isBelow(p, prefix) {
    return prefix.endsWith('/') ? p.startsWith(prefix) : p === prefix || p.startsWith(prefix + '/');
}
function canonicalAbsolute(p) {
    return node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(p) && p.length > 1 && _depfile_js__WEBPACK_IMPORTED_MODULE_1__/* .PLAIN_PATH */ .Xc.test(p) && !/\/\/|\/\.\.?(\/|$)/.test(p);
}
/**
 * The checkout prefix this command's paths may be normalised by, or null: the left side of the one
 * prefix map covering the working directory, mapped for debug info and for macros alike
 * (`-ffile-prefix-map`, or `-fdebug-prefix-map` and `-fmacro-prefix-map` with the same left side,
 * each once), absolute and plain, with no other map whose left side overlaps it (compilers differ on
 * which of two matching maps wins). Never for an assembler source with debug info.
 */
function travellingPrefix(cmd, cwd) {
    // clang's integrated assembler (clang 14) writes the absolute paths of a `.S` file's debug info
    // whatever the maps say: assembler sources with debug info keep the absolute key.
    if (cmd.language === 'assembler-with-cpp' && cmd.debug)
        return null;
    // Preprocessed sources (.i, .ii) were not compared at two paths: keyed as written.
    if (cmd.language === 'cpp-output' || cmd.language === 'c++-cpp-output')
        return null;
    const covers = (from) => from !== '' && (isBelow(cwd, from) || cwd + '/' === from);
    const covering = [...new Set(cmd.maps.map(m => m.from).filter(covers))];
    if (covering.length !== 1)
        return null;
    const prefix = covering[0];
    if (!canonicalAbsolute(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix))
        return null;
    const at = (kind) => cmd.maps.filter(m => m.from === prefix && m.kind === kind).length;
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
function normaliseArgs(keyArgs, prefix) {
    const swap = (p) => TOKEN + p.slice(prefix.length);
    return keyArgs.map(a => {
        if (isBelow(a, prefix))
            return swap(a);
        const map = /^-f(file|debug|macro)-prefix-map=/.exec(a);
        if (map !== null && a.startsWith(`${map[0]}${prefix}=`))
            return map[0] + TOKEN + a.slice(map[0].length + prefix.length);
        for (const opt of JOINED_PATH_OPTIONS) {
            if (a.startsWith(opt) && isBelow(a.slice(opt.length), prefix))
                return opt + swap(a.slice(opt.length));
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
function normaliseMarkers(preprocessed, prefix) {
    const text = preprocessed.toString('latin1');
    let refused = false;
    let changed = false;
    const out = text.replace(MARKER, (whole, head, file, tail) => {
        if (!file.startsWith(prefix))
            return whole;
        if (!isBelow(file, prefix)) {
            refused = true;
            return whole;
        }
        changed = true;
        return head + TOKEN + file.slice(prefix.length) + tail;
    });
    if (refused)
        return null;
    return changed ? Buffer.from(out, 'latin1') : preprocessed;
}


/***/ }),

/***/ 830:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  V4: () => (/* binding */ MANIFESTS),
  aj: () => (/* binding */ NESTED_ENV),
  O3: () => (/* binding */ NODE_COMPILE_CACHE_DIR),
  gf: () => (/* binding */ childEnv),
  c8: () => (/* binding */ wrapCompile),
  Ud: () => (/* binding */ writeAllSync)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __nccwpck_require__(919);
// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __nccwpck_require__(233);
// EXTERNAL MODULE: ./build/ncc-src/compiler/args.js
var compiler_args = __nccwpck_require__(867);
// EXTERNAL MODULE: ./build/ncc-src/store/make-dir-bounded.js
var make_dir_bounded = __nccwpck_require__(556);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/cache-root.js
/**
 * The cache directory itself (the root the user chose), as opposed to what lies inside it: the root
 * and its ancestors are trusted (the root may be a symlink the user made), everything below it is
 * not (see src/store/safe-fs.ts). makeDirBounded lives in the store layer, which makes the state
 * directory's base the same way.
 */


// EXTERNAL MODULE: ./build/ncc-src/compiler/compilers.js
var compilers = __nccwpck_require__(902);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/entry.js
/**
 * `extras` encoding: big-endian u32 count, then per file in byte-sorted path order: u32 path length,
 * path bytes, u64 value length, value bytes.
 */
function encodeExtras(files) {
    const items = files
        .map(f => ({ path: Buffer.from(f.path, 'utf8'), data: f.data }))
        .sort((a, b) => Buffer.compare(a.path, b.path));
    const parts = [];
    const count = Buffer.alloc(4);
    count.writeUInt32BE(items.length);
    parts.push(count);
    for (const item of items) {
        const head = Buffer.alloc(4);
        head.writeUInt32BE(item.path.length);
        const len = Buffer.alloc(8);
        len.writeBigUInt64BE(BigInt(item.data.byteLength));
        parts.push(head, item.path, len, item.data);
    }
    return Buffer.concat(parts);
}
/** Decodes `extras`; null when the bytes are not a well-formed encoding (the entry is then a miss). */
function decodeExtras(bytes) {
    if (bytes.length < 4)
        return null;
    const count = bytes.readUInt32BE(0);
    let at = 4;
    const files = [];
    for (let i = 0; i < count; i++) {
        if (at + 4 > bytes.length)
            return null;
        const pathLen = bytes.readUInt32BE(at);
        at += 4;
        if (at + pathLen + 8 > bytes.length)
            return null;
        const p = bytes.toString('utf8', at, at + pathLen);
        at += pathLen;
        const dataLen = bytes.readBigUInt64BE(at);
        at += 8;
        if (dataLen > BigInt(bytes.length - at))
            return null;
        const n = Number(dataLen);
        files.push({ path: p, data: bytes.subarray(at, at + n) });
        at += n;
    }
    return at === bytes.length ? files : null;
}
const HEX = '0123456789abcdef';
/**
 * Length of the valid UTF-8 sequence starting at `b[i]` (a byte >= 0x80), or 0 when Go's
 * utf8.DecodeRune would call it invalid (RuneError, size 1): a stray continuation byte, an overlong
 * form, a surrogate (U+D800–DFFF), a value above U+10FFFF or a sequence cut short.
 */
function utf8SequenceLength(b, i) {
    const c0 = b[i];
    const cont = (j, lo = 0x80, hi = 0xbf) => {
        const c = b[i + j];
        return c !== undefined && c >= lo && c <= hi;
    };
    if (c0 >= 0xc2 && c0 <= 0xdf)
        return cont(1) ? 2 : 0;
    if (c0 >= 0xe0 && c0 <= 0xef) {
        const lo = c0 === 0xe0 ? 0xa0 : 0x80;
        const hi = c0 === 0xed ? 0x9f : 0xbf;
        return cont(1, lo, hi) && cont(2) ? 3 : 0;
    }
    if (c0 >= 0xf0 && c0 <= 0xf4) {
        const lo = c0 === 0xf0 ? 0x90 : 0x80;
        const hi = c0 === 0xf4 ? 0x8f : 0xbf;
        return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}
/**
 * A JSON string exactly as Go's encoding/json writes it with json.Marshal's defaults (HTML escaping
 * on; appendString in encode.go, Go 1.22 and later), so that `metadata` blobs are byte-identical to
 * the Go system's:
 * - `"` and `\` as `\"` and `\\`; \b \f \n \r \t as those two-character escapes (Go before 1.22
 *   wrote \u0008 and \u000c; current Go writes \b and \f);
 * - every other byte below 0x20 as `\u00xx` with lowercase hex, and `<` `>` `&` as `\u003c`
 *   `\u003e` `\u0026` (JSON.stringify writes those three raw);
 * - U+2028 and U+2029 as `\u2028` and `\u2029` (JSON.stringify writes them raw);
 * - each byte that is not part of valid UTF-8 as `\ufffd` (one per byte, as Go decodes);
 * - everything else (DEL, all other non-ASCII) raw, as UTF-8.
 * A JavaScript string is encoded to UTF-8 first (a lone surrogate becomes U+FFFD, written raw).
 */
function goJsonString(value) {
    const src = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    const out = [0x22];
    const escape = (ascii) => {
        for (let k = 0; k < ascii.length; k++)
            out.push(ascii.charCodeAt(k));
    };
    for (let i = 0; i < src.length;) {
        const b = src[i];
        if (b < 0x80) {
            if (b >= 0x20 && b !== 0x22 && b !== 0x5c && b !== 0x3c && b !== 0x3e && b !== 0x26)
                out.push(b);
            else if (b === 0x22 || b === 0x5c)
                out.push(0x5c, b);
            else if (b === 0x08)
                escape('\\b');
            else if (b === 0x0c)
                escape('\\f');
            else if (b === 0x0a)
                escape('\\n');
            else if (b === 0x0d)
                escape('\\r');
            else if (b === 0x09)
                escape('\\t');
            else
                escape(`\\u00${HEX[b >> 4]}${HEX[b & 0xf]}`);
            i++;
            continue;
        }
        const n = utf8SequenceLength(src, i);
        if (n === 0) {
            escape('\\ufffd');
            i++;
        }
        else if (n === 3 && b === 0xe2 && src[i + 1] === 0x80 && (src[i + 2] === 0xa8 || src[i + 2] === 0xa9)) {
            escape(`\\u202${HEX[src[i + 2] & 0xf]}`);
            i += 3;
        }
        else {
            for (let j = 0; j < n; j++)
                out.push(src[i + j]);
            i += n;
        }
    }
    out.push(0x22);
    return Buffer.from(out);
}
/** Go's encoding of a []string: `[` the strings `,`-separated `]` (a nil slice would be `null`; ours never are). */
function goJsonStrings(values) {
    const parts = [Buffer.from('[')];
    values.forEach((v, i) => {
        if (i > 0)
            parts.push(Buffer.from(','));
        parts.push(goJsonString(v));
    });
    parts.push(Buffer.from(']'));
    return Buffer.concat(parts);
}
/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros (none when zero). */
function rfc3339Nano(t) {
    const iso = t.toISOString(); // 2024-01-02T03:04:05.678Z
    const [secs, frac = ''] = iso.slice(0, -1).split('.');
    const trimmed = frac.replace(/0+$/, '');
    return `${secs}${trimmed === '' ? '' : '.' + trimmed}Z`;
}
function goLength(v) {
    return typeof v === 'string' ? v.length : v.byteLength;
}
/**
 * Compact JSON with the fields in the spec's order (timestamp, compiler, command, inputs, output,
 * duration_ns), every string written by goJsonString: the bytes json.Marshal gives the Go system's
 * struct for the same values.
 */
function encodeMetadata(m) {
    const parts = [
        Buffer.from('{"timestamp":'),
        goJsonString(rfc3339Nano(m.time)),
        Buffer.from(',"compiler":'),
        goJsonString(m.compiler),
        Buffer.from(',"command":'),
        goJsonStrings(m.command),
        Buffer.from(',"inputs":'),
        goJsonStrings(m.inputs)
    ];
    // `omitempty` on the Go side.
    if (goLength(m.output) > 0)
        parts.push(Buffer.from(',"output":'), goJsonString(m.output));
    parts.push(Buffer.from(`,"duration_ns":${m.durationNs.toString()}}`));
    return Buffer.concat(parts);
}
/** Writes a successful compile's entry, blob by blob in the spec's order. */
async function writeEntry(store, key, r) {
    await store.put(key, 'output', r.output);
    await store.put(key, 'stdout', r.stdout);
    await store.put(key, 'stderr', r.stderr);
    await store.put(key, 'exit_code', Buffer.from('0'));
    await store.put(key, 'metadata', encodeMetadata(r.metadata));
    if (r.extras !== null)
        await store.put(key, 'extras', encodeExtras(r.extras));
}
/**
 * Reads an entry for a hit, or null for a miss: no parseable `exit_code` (or not 0: failures are never
 * replayed), no `output`, or extra files expected but `extras` missing or malformed. Missing
 * `stdout`/`stderr` count as empty.
 */
async function readEntry(store, key, wantExtras) {
    // All blobs at once: a hit reads them all anyway, and the reads then overlap.
    const [exit, output, raw, stdout, stderr] = await Promise.all([
        store.get(key, 'exit_code'),
        store.get(key, 'output'),
        wantExtras ? store.get(key, 'extras') : null,
        store.get(key, 'stdout'),
        store.get(key, 'stderr')
    ]);
    if (exit === null)
        return null;
    const text = exit.toString('latin1').trim();
    if (!/^\d+$/.test(text) || Number(text) !== 0)
        return null;
    if (output === null)
        return null;
    let extras = null;
    if (wantExtras) {
        if (raw === null)
            return null;
        extras = decodeExtras(raw);
        if (extras === null)
            return null;
    }
    return { output, stdout: stdout ?? Buffer.alloc(0), stderr: stderr ?? Buffer.alloc(0), extras };
}

// EXTERNAL MODULE: ./build/ncc-src/compiler/direct/depend.js
var depend = __nccwpck_require__(788);
// EXTERNAL MODULE: ./build/ncc-src/compiler/direct/direct.js
var direct_direct = __nccwpck_require__(535);
// EXTERNAL MODULE: ./build/ncc-src/compiler/direct/file-hash.js
var file_hash = __nccwpck_require__(989);
// EXTERNAL MODULE: ./build/ncc-src/compiler/direct/manifest.js
var manifest = __nccwpck_require__(783);
// EXTERNAL MODULE: ./build/ncc-src/store/state-dir.js
var state_dir = __nccwpck_require__(473);
// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __nccwpck_require__(642);
// EXTERNAL MODULE: ./build/ncc-src/compiler/lazy-crypto.js
var lazy_crypto = __nccwpck_require__(496);
// EXTERNAL MODULE: ./build/ncc-src/compiler/temp-name.js
var temp_name = __nccwpck_require__(270);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/identity.js
/**
 * The compiler's identity for the key: a SHA-256 of the compiler binary's content. Hashing a driver
 * on every call would cost more than the rest of a hit, so the digest is remembered in
 * `<state dir>/compilers/` (the cache directory's state directory, outside its tree:
 * src/store/state-dir.ts), under a name derived from the real path and everything `stat` says
 * changes when the file is replaced (size, mtime, ctime, inode, device).
 *
 * The state directory is as untrusted as the cache directory: `compilers` is used only when lstat
 * says it and every directory above it below the state directory's base are real directories
 * (O_NOFOLLOW guards only a path's last component), a memo is read only from a
 * regular file opened with O_NOFOLLOW|O_NONBLOCK (a FIFO never blocks the compile), and a new memo
 * is written through an exclusive temporary file and a rename. Anything else there is left alone
 * and reported through `onUnsafe`; the digest is then computed, as without a memo.
 */







/** The memos' directory in the state directory. */
const IDENTITY_DIR = state_dir/* STATE_SUBDIRS */.DS.compilers;
/** The remembered digest in `memoFile`, or null (missing, unsafe, malformed). */
function readMemo(loc, memoDir, memoFile, onUnsafe) {
    try {
        if (!(0,state_dir/* checkStateDir */.d3)(loc, memoDir))
            return null;
    }
    catch (err) {
        if (err instanceof safe_fs/* UnsafePathError */.k0)
            onUnsafe(err);
        return null;
    }
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(memoFile, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (err) {
        const code = err.code;
        if (code === 'ELOOP')
            onUnsafe(new safe_fs/* UnsafePathError */.k0(memoFile, 'a symbolic link'));
        else if (code === 'ENXIO') {
            const st = (0,external_node_fs_.lstatSync)(memoFile, { throwIfNoEntry: false });
            onUnsafe(new safe_fs/* UnsafePathError */.k0(memoFile, st === undefined ? 'not a regular file' : (0,safe_fs/* describeKind */.SB)(st)));
        }
        return null;
    }
    try {
        const st = (0,external_node_fs_.fstatSync)(fd);
        if (!st.isFile()) {
            onUnsafe(new safe_fs/* UnsafePathError */.k0(memoFile, (0,safe_fs/* describeKind */.SB)(st)));
            return null;
        }
        // One read: a memo is 64 bytes; anything longer is not one.
        const buf = Buffer.allocUnsafe(65);
        const n = (0,external_node_fs_.readSync)(fd, buf, 0, buf.length, 0);
        const text = buf.toString('latin1', 0, n);
        return (0,validate/* isSha256Hex */.P4)(text) ? text : null;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
function writeMemo(loc, memoDir, memoFile, digest) {
    (0,state_dir/* ensureStateDir */.xH)(loc, memoDir);
    // A dot name: never taken for a memo by a reader of the directory.
    const tmp = external_node_path_.join(memoDir, `.${external_node_path_.basename(memoFile)}.tmp-${(0,temp_name/* tempSuffix */.Q)()}`);
    (0,safe_fs/* writeRegularFileAtomicSync */.K_)(memoFile, digest, tmp);
}
/**
 * The hex SHA-256 of the compiler's content, memoised per (real path, size, mtime, ctime, inode).
 * `realPath`: the caller's realpath of `compiler`, when it has one (saves a system call per compile).
 * `onUnsafe`: told about a planted `compilers` directory (or one above it) or memo (the digest is still returned).
 * `memory`: digests by memo key kept in the caller's process (a compile server's session), checked
 * before `compilers/`; the stat above is still made on every call, so a replaced compiler is seen.
 */
function compilerIdentity(compiler, cacheDir, realPath, onUnsafe = () => undefined, memory) {
    const { createHash } = (0,lazy_crypto/* nodeCrypto */.S)();
    const real = realPath ?? external_node_fs_.realpathSync.native(compiler);
    const st = (0,external_node_fs_.statSync)(real, { bigint: true });
    const stamp = [real, st.size, st.mtimeNs, st.ctimeNs, st.ino, st.dev].join('\0');
    // A server's memory is keyed by the stamp itself: the memo file's name (its hash) is needed only
    // on the way to disk, and a hit would otherwise hash it every time.
    const known = memory?.get(stamp);
    if (known !== undefined)
        return known;
    const memoKey = createHash('sha256').update(stamp).digest('hex');
    const digest = identityByMemo(real, memoKey, cacheDir, onUnsafe);
    memory?.set(stamp, digest);
    return digest;
}
function identityByMemo(real, memoKey, cacheDir, onUnsafe) {
    const { createHash } = (0,lazy_crypto/* nodeCrypto */.S)();
    const loc = cacheDir === null ? null : (0,state_dir/* stateSubdir */.xp)(cacheDir, IDENTITY_DIR);
    const memoDir = loc === null ? null : loc.sub;
    const memoFile = memoDir === null ? null : external_node_path_.join(memoDir, memoKey);
    if (loc !== null && memoDir !== null && memoFile !== null) {
        try {
            const remembered = readMemo(loc, memoDir, memoFile, onUnsafe);
            if (remembered !== null)
                return remembered;
        }
        catch {
            // unreadable: hash below
        }
    }
    const digest = createHash('sha256').update((0,external_node_fs_.readFileSync)(real)).digest('hex');
    if (loc !== null && memoDir !== null && memoFile !== null) {
        try {
            writeMemo(loc, memoDir, memoFile, digest);
        }
        catch (err) {
            if (err instanceof safe_fs/* UnsafePathError */.k0)
                onUnsafe(err);
            // Otherwise only a lost optimisation: the next call hashes again.
        }
    }
    return digest;
}

// EXTERNAL MODULE: ./build/ncc-src/compiler/depfile.js
var depfile = __nccwpck_require__(567);
// EXTERNAL MODULE: ./build/ncc-src/compiler/key.js
var key = __nccwpck_require__(43);
// EXTERNAL MODULE: ./build/ncc-src/compiler/session.js
var session = __nccwpck_require__(132);
// EXTERNAL MODULE: ./build/ncc-src/compiler/stats.js
var stats = __nccwpck_require__(59);
// EXTERNAL MODULE: ./build/ncc-src/compiler/travel.js
var compiler_travel = __nccwpck_require__(866);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/wrap.js
/**
 * One cacheable compiler call, in the order a reader follows it:
 *
 *   classify -> resolve -> identity -> direct (manifest) -> preprocess -> key -> lookup/restore
 *     -> compile -> store -> manifest
 *
 * and for a direct-mode miss in depend mode (direct/depend.ts), no preprocess:
 *
 *   ... -> direct (manifest) -> compile (with a depfile) -> key from its inputs -> store -> manifest
 *
 * Each step is one function below; a step either hands the next what it needs or ends the call
 * with an answer (a pass-through the caller runs itself, a hit, the miss's compile). Whatever goes
 * wrong with the cache, the real compiler still runs and its output and exit status reach the caller
 * unchanged: the cache never fails a build. Nothing here writes to this process's stdio or blocks
 * the event loop on a compiler: a server runs many of these at once.
 */





















/** The namespace beside `compile` that holds direct mode's manifests (direct/manifest.ts). */
const MANIFESTS = 'manifests';
/** Set for the compiler and everything it runs: a wrapper that sees it is nested and runs the compiler directly. */
const NESTED_ENV = 'COMPILE_CACHE_WRAPPED';
const MAX_BUFFER = 1 << 30;
/**
 * Node's compile cache for the wrapper's own code: a 0700 directory of this name beside the shims
 * (see shims.ts), never below the cache directory, whose content a build can plant (Node would load
 * a planted V8 code cache and write through a planted symlink).
 */
const NODE_COMPILE_CACHE_DIR = '.node-compile-cache';
/** The environment the compiler runs with: the build's, marked as nested. */
function childEnv(env) {
    const child = { ...env, [NESTED_ENV]: '1' };
    // The shims' compile cache is for the wrapper only, not for whatever the compiler runs.
    if (external_node_path_.basename(env.NODE_COMPILE_CACHE ?? '') === NODE_COMPILE_CACHE_DIR)
        delete child.NODE_COMPILE_CACHE;
    return child;
}
/**
 * Starts `compiler args` with its output piped into memory (at most MAX_BUFFER bytes per stream:
 * beyond that it is killed and `error` set). `keepStderr` false only drains stderr.
 */
function startCaptured(compiler, args, ctx, keepStderr) {
    let error;
    const child = (0,external_node_child_process_.spawn)(compiler, args, {
        cwd: ctx.cwd,
        env: childEnv(ctx.env),
        stdio: ['ignore', 'pipe', 'pipe']
    });
    const collect = (stream, name) => {
        const chunks = [];
        let size = 0;
        stream.on('data', (c) => {
            size += c.length;
            if (size > MAX_BUFFER) {
                error ??= new Error(`${name} larger than ${MAX_BUFFER} bytes`);
                child.kill('SIGKILL');
            }
            else
                chunks.push(c);
        });
        return chunks;
    };
    const out = collect(child.stdout, 'output');
    const err = keepStderr ? collect(child.stderr, 'diagnostics') : [];
    if (!keepStderr)
        child.stderr.resume();
    const done = new Promise(resolve => {
        child.on('error', e => {
            error ??= e;
        });
        child.on('close', (status, signal) => {
            resolve({ status, signal, error, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
        });
    });
    return {
        done,
        cancel: () => {
            child.kill('SIGKILL');
        }
    };
}
/** Writes all of `data` to a file descriptor, also when it is a non-blocking pipe. */
function writeAllSync(fd, data) {
    let off = 0;
    while (off < data.byteLength) {
        try {
            off += (0,external_node_fs_.writeSync)(fd, data, off, data.byteLength - off);
        }
        catch (err) {
            if (err.code !== 'EAGAIN')
                throw err;
        }
    }
}
/** The compile's answer as the caller reports it: the shell's 127/126 when it could not be started. */
function answerOf(r, compiler) {
    if (r.error !== undefined && r.status === null && r.signal === null) {
        const code = r.error.code;
        const message = Buffer.from(`compile-cache: cannot run ${compiler}: ${r.error.message}\n`);
        return {
            kind: 'done',
            status: code === 'ENOENT' ? 127 : code === 'EACCES' ? 126 : 1,
            signal: null,
            stdout: r.stdout,
            stderr: Buffer.concat([r.stderr, message])
        };
    }
    return { kind: 'done', status: r.status ?? 1, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
class Recorder {
    ctx;
    events = [];
    /** Set once the real compiler has run: after that, a failure of ours must not run it again. */
    ran = null;
    log = [];
    started = performance.now();
    constructor(ctx) {
        this.ctx = ctx;
    }
    add(e, detail = '') {
        this.events.push(e);
        if (this.ctx.logFile !== null) {
            const what = e.type === 'uncacheable'
                ? `uncacheable ${e.reason}`
                : e.type === 'error'
                    ? `error ${e.kind}`
                    : e.type;
            this.log.push(`${what}${detail === '' ? '' : ' ' + detail}`);
        }
    }
    note(text) {
        if (this.ctx.logFile !== null)
            this.log.push(text);
    }
    /**
     * Milliseconds in the log: where a call's time goes. Counted from the process start in a one-shot
     * shim (Node's start-up shows), from the call's start in a server.
     */
    phase(name) {
        if (this.ctx.logFile !== null) {
            const at = this.ctx.session.longLived ? performance.now() - this.started : performance.now();
            this.log.push(`${name} at ${at.toFixed(1)} ms`);
        }
    }
    /** A planted symlink or FIFO the store refused (issue 12) is counted as such, whatever the operation. */
    trouble(kind, err) {
        this.add(troubleEvent(kind, err), errorDetail(err));
    }
    flush(compiler, args) {
        if (!(0,stats/* recordEvents */.FW)(this.ctx.cacheDir, this.events)) {
            this.note(`statistics not recorded: ${(0,stats/* statsFile */.Kx)(this.ctx.cacheDir)} (or its directory) is not a regular file this wrapper can append to, or cannot be created`);
        }
        if (this.ctx.logFile === null || this.log.length === 0)
            return;
        // A compile thread of the server says which (`[pid/t2]`): the main thread and the shim give the pid.
        const who = external_node_worker_threads_.threadId === 0 ? `${process.pid}` : `${process.pid}/t${external_node_worker_threads_.threadId}`;
        const head = `${new Date().toISOString()} [${who}] ${this.ctx.cwd}: ${compiler} ${args.join(' ')}`;
        try {
            (0,external_node_fs_.writeFileSync)(this.ctx.logFile, `${head}\n${this.log.map(l => `  ${l}\n`).join('')}`, { flag: 'a' });
        }
        catch {
            // the log is for debugging only
        }
    }
}
function troubleEvent(kind, err) {
    return {
        type: 'error',
        kind: err instanceof Error && err.name === 'UnsafePathError' ? 'unsafe-path' : kind
    };
}
/**
 * A hit's touch (its entry's or its manifest's), after the answer in a server (afterAnswer in
 * session.ts). Trouble is counted as a `touch` error either way: with the compile's events when it
 * runs at once, on its own when it runs after them.
 */
function touchAfterAnswer(call, touch) {
    return (0,session/* afterAnswer */.XO)(call.ctx.session, async (deferred) => {
        try {
            await touch();
        }
        catch (err) {
            if (deferred)
                (0,stats/* recordEvents */.FW)(call.ctx.cacheDir, [troubleEvent('touch', err)]);
            else
                call.rec.trouble('touch', err);
        }
    });
}
function errorDetail(err) {
    return err instanceof Error ? err.message : String(err);
}
/** A path the wrapper may replace with a renamed file: missing or a regular file (not a device, link, dir). */
function replaceable(file) {
    try {
        return (0,external_node_fs_.lstatSync)(file).isFile();
    }
    catch (err) {
        return err.code === 'ENOENT';
    }
}
/** Outputs up to this size are written on the calling thread (see writeFileAtomic). */
const INLINE_WRITE_MAX = 1 << 20;
/**
 * Writes a file the way a reader never sees half of it: a temporary name in the same directory,
 * then rename. A small file on the calling thread: open, write, close and rename take a fraction of
 * a millisecond, less than the four thread-pool trips (each a wake-up of another thread) would.
 * A large one through the thread pool, so the server's next hit is not kept waiting behind it.
 *
 * The old file is unlinked before the rename rather than replaced by it: on ext4, a rename over an
 * existing file starts writeback of the new one (auto_da_alloc, there so that a power cut does not
 * leave an empty file where an old one was), which costs 0.3-0.8 ms per hit on a CI machine's disk,
 * more than the rest of the write. A build output needs no such care: the compiler itself
 * truncates and rewrites it in place. Between the unlink and the rename the output is missing,
 * never partial; make reads it only after the compile has answered.
 */
async function writeFileAtomic(file, data) {
    const tmp = external_node_path_.join(external_node_path_.dirname(file), `.${external_node_path_.basename(file)}.compile-cache-${(0,temp_name/* tempSuffix */.Q)()}`);
    try {
        if (data.byteLength <= INLINE_WRITE_MAX) {
            (0,external_node_fs_.writeFileSync)(tmp, data);
            // unlink(2) itself rather than rmSync, which stats the file first: resolve() checked that it
            // is a regular file or missing.
            try {
                (0,external_node_fs_.unlinkSync)(file);
            }
            catch (err) {
                if (err.code !== 'ENOENT')
                    throw err;
            }
            (0,external_node_fs_.renameSync)(tmp, file);
        }
        else {
            await (0,promises_.writeFile)(tmp, data);
            await (0,promises_.rm)(file, { force: true });
            await (0,promises_.rename)(tmp, file);
        }
    }
    catch (err) {
        await (0,promises_.rm)(tmp, { force: true });
        throw err;
    }
}
/** The headers entered straight from the source or the command line (where gcc and clang look for a PCH). */
function directIncludes(preprocessed) {
    const found = [];
    const text = preprocessed.toString('latin1');
    const marker = /^# \d+ "((?:[^"\\]|\\.)*)"((?: \d)*)$/gm;
    let depth = 0;
    for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
        const flags = (m[2] ?? '').trim().split(' ');
        if (flags.includes('1')) {
            depth++;
            if (depth === 1)
                found.push((m[1] ?? '').replace(/\\(.)/g, '$1'));
        }
        else if (flags.includes('2')) {
            depth = Math.max(0, depth - 1);
        }
    }
    return found;
}
/**
 * Where a precompiled header could stand in for a header: beside an `-include` file, gcc uses
 * `<file>.gch` and clang `<file>.pch` (or `.gch`); beside a header included straight from the source,
 * only gcc uses one (`.gch`, which clang ignores there, as it does `.pch`).
 */
const FORCED_INCLUDE_PCH = ['.gch', '.pch'];
const DIRECT_INCLUDE_PCH = ['.gch'];
function hasPrecompiledHeader(headers, cwd, exts) {
    for (const h of headers) {
        for (const ext of exts) {
            // No exception for the usual answer (none): a hit checks every direct include this way.
            try {
                if ((0,external_node_fs_.statSync)(external_node_path_.resolve(cwd, h + ext), { throwIfNoEntry: false }) !== undefined)
                    return h + ext;
            }
            catch {
                // not reachable (ENOTDIR, EACCES): none
            }
        }
    }
    return null;
}
function relativeExtraPath(outputDir, file, cwd) {
    return external_node_path_.relative(external_node_path_.resolve(cwd, outputDir), external_node_path_.resolve(cwd, file)).split(external_node_path_.sep).join('/');
}
/** The depfile's bytes in a cached entry: the file stored under the expected path, else its only file. */
function pickDepfile(extras, expected) {
    const exact = extras.find(f => f.path === expected);
    if (exact !== undefined)
        return exact.data;
    return extras.length === 1 ? extras[0].data : null;
}
/** Ends a call without the cache: counted here, run by the caller. */
class PassThrough {
    reason;
    detail;
    constructor(reason, detail) {
        this.reason = reason;
        this.detail = detail;
    }
}
/** The wrapped call; `compiler` is the real compiler (already resolved past any shim). */
async function wrapCompile(compiler, args, ctx) {
    const rec = new Recorder(ctx);
    const run = (reason) => ({ kind: 'run', compiler, args: [...args], reason });
    try {
        const answer = await wrapRecorded(compiler, args, ctx, rec);
        if (answer instanceof PassThrough) {
            rec.add({ type: 'uncacheable', reason: answer.reason }, answer.detail);
            return run(answer.reason);
        }
        return answer;
    }
    catch (err) {
        // A bug or an unexpected failure of ours: the build still gets its compile.
        rec.add({ type: 'error', kind: 'internal' }, err instanceof Error ? (err.stack ?? err.message) : String(err));
        if (rec.ran !== null)
            return rec.ran;
        rec.add({ type: 'uncacheable', reason: 'internal-error' });
        return run('internal-error');
    }
    finally {
        rec.flush(compiler, args);
    }
}
async function wrapRecorded(compiler, args, ctx, rec) {
    rec.phase('classify');
    const c = (0,compiler_args/* classify */.L)(args, ctx.env);
    if (!c.cacheable)
        return new PassThrough(c.reason, c.detail);
    const resolved = resolve(compiler, c.command, ctx);
    if (resolved instanceof PassThrough)
        return resolved;
    const call = {
        compiler,
        args,
        ctx,
        rec,
        cmd: c.command,
        extraArgs: colourArgs(c.command, ctx),
        style: depfileStyle(resolved.realCompiler)
    };
    const opened = identifyAndOpen(call, resolved.realCompiler);
    if (opened instanceof PassThrough)
        return opened;
    const { identity } = opened;
    const store = await opened.store;
    rec.phase('identity');
    // direct mode: the manifest's files unchanged -> the result key without running -E.
    const direct = store === null ? null : await directLookup(call, identity, store);
    if (direct?.hit)
        return direct.hit;
    // depend mode: a direct-mode miss keyed from the compile's own depfile, with no `-E` run.
    if (store !== null && direct !== null && !direct.sourceTooNew && (0,depend/* dependModeApplies */._m)(call.cmd)) {
        const setting = (0,depend/* dependSetting */.lW)(ctx.env);
        if (setting === 'auto')
            (0,depend/* seedFromStore */.lw)(ctx.session.dependPolicy, () => storeIsEmpty(store));
        if ((0,depend/* chooseDependMode */.vl)(ctx.session.dependPolicy, setting)) {
            const includes = includesOfSource(call);
            if (includes !== null)
                return dependMiss(call, identity, store, direct, includes);
        }
    }
    const prepared = await preprocess(call);
    if (prepared instanceof PassThrough)
        return prepared;
    const { preprocessed } = prepared;
    const keys = resultKeys(call, identity, preprocessed);
    rec.note(`key ${keys.primary.toString('hex')}${keys.travel === null ? '' : ' (travelling)'}`);
    rec.phase('lookup');
    if (store !== null) {
        for (const [key, travelling] of keys.lookups) {
            const hit = await lookupAndRestore(call, store, key, travelling ? keys.travel : null);
            if (hit !== null) {
                if (direct !== null) {
                    (0,depend/* notePreprocessorLookup */.K0)(ctx.session.dependPolicy, true);
                    await recordManifest(call, direct, prepared, { key, travel: travelling });
                }
                return hit;
            }
        }
    }
    const compiled = await compileMiss(call);
    let manifested = false;
    if (compiled.stored && store !== null) {
        const stored = await storeResult(call, store, keys, compiled);
        if (stored !== null && direct !== null)
            manifested = await recordManifest(call, direct, prepared, stored);
        // The lookup found nothing; but an entry stored without a manifest entry (a header too new,
        // __DATE__ …) is one only a preprocessor lookup finds later: depend mode must not take over.
        if (direct !== null)
            (0,depend/* notePreprocessorLookup */.K0)(ctx.session.dependPolicy, stored !== null && !manifested);
    }
    return compiled.answer;
}
/**
 * direct: the manifest for this command and source, and the result its unchanged files name. Null
 * when direct mode does not apply or anything about it goes wrong (then: preprocessor mode).
 */
async function directLookup(call, identity, store) {
    const { cmd, ctx, rec } = call;
    if (!(0,direct_direct/* directModeApplies */.pK)(cmd, ctx.env))
        return null;
    try {
        const depfileTargets = keyedTargets(cmd);
        const prefix = depfileTargets === null ? (0,compiler_travel/* travellingPrefix */.np)(cmd, ctx.cwd) : null;
        const source = (0,file_hash/* hashFile */.DC)(ctx.session.fileHashes, external_node_path_.resolve(ctx.cwd, cmd.source), (0,file_hash/* nowNs */.Ck)());
        if (source === null)
            return null;
        const inputs = {
            compilerIdentity: identity,
            command: cmd,
            extraArgs: call.extraArgs,
            cwd: ctx.cwd,
            env: ctx.env,
            prefix,
            depfileTargets,
            sourceHash: source.hash
        };
        const anywhere = (0,direct_direct/* anyWorkingDir */.hn)(inputs);
        const mkey = (0,direct_direct/* manifestKey */.Rn)(inputs, anywhere);
        const hex = mkey.toString('hex');
        const manifests = await (0,session/* openCompileStore */.L6)(ctx.session, MANIFESTS, ctx.tenant);
        const state = {
            manifestKey: mkey,
            inputs,
            prefix,
            manifests,
            anywhere,
            hit: null,
            sourceTooNew: source.tooNew
        };
        let entry = null;
        const remembered = ctx.session.manifests.get(hex);
        if (remembered !== undefined)
            entry = (0,direct_direct/* matchingEntry */.UK)(remembered, ctx.session, ctx.cwd, prefix);
        if (entry === null) {
            // Another process may have added an entry since: the stored manifest is the truth.
            const bytes = await manifests.get(mkey, 'manifest');
            const m = bytes === null ? null : (0,manifest/* decodeManifest */.MK)(bytes);
            if (bytes !== null && m === null)
                rec.note(`manifest ${hex} malformed: ignored`);
            if (m !== null) {
                (0,session/* rememberManifest */.fg)(ctx.session, hex, m, bytes?.length ?? 0);
                entry = (0,direct_direct/* matchingEntry */.UK)(m, ctx.session, ctx.cwd, prefix);
            }
        }
        rec.phase('direct');
        if (entry === null)
            return state;
        const located = entry.direct.map(d => (d.startsWith(compiler_travel/* TOKEN */.CV) && prefix !== null ? prefix + d.slice(1) : d));
        if (hasPrecompiledHeader(located, ctx.cwd, DIRECT_INCLUDE_PCH) !== null)
            return state;
        rec.note(`manifest ${hex} names result ${entry.key}`);
        rec.phase('lookup');
        state.hit = await lookupAndRestore(call, store, Buffer.from(entry.key, 'hex'), entry.travel ? prefix : null);
        if (state.hit !== null) {
            // The manifest served this hit as much as the result did: its time keeps it in the local
            // least-recently-used order and within max-age for the next restore, and the journal's
            // `used` line has the save refresh its bucket time, as for the result.
            await touchAfterAnswer(call, () => manifests.touch(mkey, 'manifest'));
        }
        return state;
    }
    catch (err) {
        rec.trouble('manifest', err);
        return null;
    }
}
/**
 * The manifest gets an entry for this compile: the files its `-E` run entered, with their content,
 * and the result key. Skipped (with the reason in the log) when a file cannot be trusted to say
 * what the compile read; trouble is counted, never fatal. Whether the entry was written.
 */
async function recordManifest(call, direct, prepared, result) {
    const { ctx, rec } = call;
    try {
        const entry = (0,direct_direct/* entryFor */.cy)(ctx.session, prepared.preprocessed, directIncludes(prepared.preprocessed), {
            key: result.key.toString('hex'),
            travel: result.travel && direct.prefix !== null,
            prefix: direct.prefix,
            cwd: ctx.cwd,
            anywhere: direct.anywhere,
            startedNs: prepared.startedNs
        });
        if (typeof entry === 'string') {
            rec.note(`no manifest entry: ${entry}`);
            return false;
        }
        await addManifestEntry(call, direct, entry);
        return true;
    }
    catch (err) {
        rec.trouble('manifest', err);
        return false;
    }
}
/** Adds `entry` to the stored manifest (newest first) and to the session's. */
async function addManifestEntry(call, direct, entry) {
    const { ctx, rec } = call;
    const hex = direct.manifestKey.toString('hex');
    const bytes = await direct.manifests.get(direct.manifestKey, 'manifest');
    const m = (0,manifest/* withEntry */.rM)(bytes === null ? null : (0,manifest/* decodeManifest */.MK)(bytes), entry);
    (0,make_dir_bounded/* makeDirBounded */.j)(ctx.cacheDir);
    (0,safe_fs/* ensureDirChain */.FV)(ctx.cacheDir, external_node_path_.join(ctx.cacheDir, MANIFESTS, ctx.tenant));
    const encoded = (0,manifest/* encodeManifest */.Gb)(m);
    await direct.manifests.put(direct.manifestKey, 'manifest', encoded);
    (0,session/* rememberManifest */.fg)(ctx.session, hex, m, encoded.length);
    rec.note(`manifest ${hex} updated`);
}
/** The depfile's targets keyed (restored as stored) only when one needs make quoting: otherwise a hit writes them. */
function keyedTargets(cmd) {
    if (cmd.depfile === null)
        return null;
    const targets = cmd.depfile.targets;
    return targets.every(t => depfile/* PLAIN_PATH */.Xc.test(t.name))
        ? null
        : targets.map(t => `${t.quoted ? 'Q' : 'T'}${t.name}`);
}
/** key: the result keys of this call; see docs/wrapper.md, "What goes into the key". */
function resultKeys(call, identity, preprocessed) {
    const { cmd, ctx, extraArgs } = call;
    const depfileTargets = keyedTargets(cmd);
    const base = {
        compilerIdentity: identity,
        command: cmd,
        extraArgs,
        cwd: ctx.cwd,
        env: ctx.env,
        depfileTargets
    };
    const absolute = (0,key/* compileKey */.lM)({ ...base, keyArgs: cmd.keyArgs, paths: 'absolute', preprocessed });
    // A depfile restored as stored cannot be moved to another checkout.
    const prefix = depfileTargets === null ? (0,compiler_travel/* travellingPrefix */.np)(cmd, ctx.cwd) : null;
    const markers = prefix === null ? null : (0,compiler_travel/* normaliseMarkers */.WK)(preprocessed, prefix);
    if (prefix === null || markers === null)
        return { primary: absolute, travel: null, absolute, lookups: [[absolute, false]] };
    const travelling = (0,key/* compileKey */.lM)({
        ...base,
        keyArgs: (0,compiler_travel/* normaliseArgs */.UF)(cmd.keyArgs, prefix),
        paths: 'travel',
        preprocessed: markers
    });
    return {
        primary: travelling,
        travel: prefix,
        absolute,
        lookups: [
            [travelling, true],
            [absolute, false]
        ]
    };
}
/**
 * A terminal gets coloured diagnostics from the compiler; ask for them explicitly, so they are
 * produced (and keyed) the same through our pipe.
 */
function colourArgs(cmd, ctx) {
    return ctx.stderrIsTTY && !cmd.explicitColor && ctx.env.TERM !== 'dumb'
        ? ['-fdiagnostics-color=always']
        : [];
}
/** resolve: a known gcc/clang driver, outputs we may replace, no precompiled header beside a forced include. */
function resolve(compiler, cmd, ctx) {
    let realCompiler;
    try {
        // realpath(3): the JavaScript walk took ~25 µs of every call for /usr/bin/gcc's two links.
        realCompiler = external_node_fs_.realpathSync.native(compiler);
    }
    catch {
        return new PassThrough('unknown-compiler', `${compiler} not found`);
    }
    if (!(0,compilers/* isKnownCompiler */.zx)(compiler, realCompiler))
        return new PassThrough('unknown-compiler', realCompiler);
    for (const f of [cmd.output, cmd.depfile?.path]) {
        if (f !== undefined && !replaceable(external_node_path_.resolve(ctx.cwd, f)))
            return new PassThrough('output-not-regular', f);
    }
    const pch = hasPrecompiledHeader(cmd.forcedIncludes, ctx.cwd, FORCED_INCLUDE_PCH);
    if (pch !== null)
        return new PassThrough('precompiled-header', pch);
    return { realCompiler };
}
/**
 * identity: the compiler's digest (memoised), and the store opening (its module, with node:crypto,
 * loads meanwhile).
 */
function identifyAndOpen(call, realCompiler) {
    const { compiler, ctx, rec } = call;
    const store = (0,session/* openCompileStore */.L6)(ctx.session, 'compile', ctx.tenant).catch((err) => {
        rec.trouble('store-open', err);
        return null;
    });
    try {
        // A planted `compilers` directory (or memo) in the state directory is skipped, and counted with its path in the log.
        const identity = compilerIdentity(compiler, ctx.cacheDir, realCompiler, err => rec.trouble('unsafe-path', err), ctx.session.identities);
        return { identity, store };
    }
    catch (err) {
        rec.trouble('compiler-identity', err);
        return new PassThrough('unknown-compiler', realCompiler);
    }
}
/** preprocess: the `-E` run, then a check of its text for what the key cannot see. */
async function preprocess(call) {
    const { compiler, cmd, ctx, rec } = call;
    rec.phase('preprocess');
    const startedNs = (0,file_hash/* nowNs */.Ck)();
    const pp = await startCaptured(compiler, cmd.preprocessArgs, ctx, false).done;
    rec.phase('preprocessed');
    if (pp.error !== undefined || pp.status !== 0) {
        // The compile fails the same way; its own diagnostics are what the user must see.
        return new PassThrough('preprocess-failed', pp.error?.message ?? `exit ${pp.status ?? pp.signal}`);
    }
    const preprocessed = (0,key/* dropWorkingDirMarker */.iY)(pp.stdout, ctx.cwd);
    const hidden = hiddenInput(cmd, preprocessed, ctx.cwd);
    if (hidden !== null)
        return hidden;
    return { preprocessed, startedNs };
}
/** Inputs the preprocessed text does not show: files the assembler reads itself, a precompiled header. */
function hiddenInput(cmd, preprocessed, cwd) {
    if (preprocessed.includes('.incbin'))
        return new PassThrough('incbin', cmd.source);
    if (cmd.language === 'assembler-with-cpp' && /^\s*\.include\b/m.test(preprocessed.toString('latin1'))) {
        return new PassThrough('incbin', `${cmd.source}: .include`);
    }
    if (cmd.language === 'c' || cmd.language === 'c++') {
        const gch = hasPrecompiledHeader(directIncludes(preprocessed), cwd, DIRECT_INCLUDE_PCH);
        if (gch !== null)
            return new PassThrough('precompiled-header', gch);
    }
    return null;
}
/** The compiler family, for its depfile layout: clang by its real name, gcc otherwise. */
function depfileStyle(realCompiler) {
    return /clang/.test(external_node_path_.basename(realCompiler)) ? 'clang' : 'gcc';
}
/**
 * The depfile this call's compile would write, from a stored one: as stored when its targets are
 * keyed; else with this call's targets and, for a travelling entry, its dependencies moved from the
 * checkout they were made in (found from the source, the first dependency) to this one. Null when
 * that cannot be done exactly.
 */
function depfileFor(call, stored, travel) {
    const { cmd } = call;
    if (cmd.depfile === null || keyedTargets(cmd) !== null)
        return stored;
    let move = null;
    if (travel !== null && (0,compiler_travel/* isBelow */.Yw)(cmd.source, travel)) {
        const first = (0,depfile/* parseDepfile */.Py)(Buffer.from(stored).toString('latin1'))?.deps[0];
        const suffix = cmd.source.slice(travel.length);
        if (first === undefined || !first.endsWith(suffix))
            return null;
        move = { from: first.slice(0, first.length - suffix.length), to: travel };
    }
    return (0,depfile/* rewriteDepfile */.oS)(stored, call.style, cmd.depfile.targets.map(t => t.name), move);
}
/** Writes a hit's object file and depfile; false when the entry lacks the depfile this call needs. */
async function restoreFiles(call, hit, travel) {
    const { cmd, ctx } = call;
    const cwd = ctx.cwd;
    let depData = null;
    if (cmd.depfile !== null) {
        const expected = relativeExtraPath(external_node_path_.dirname(cmd.output), cmd.depfile.path, cwd);
        const stored = pickDepfile(hit.extras ?? [], expected);
        depData = stored === null ? null : depfileFor(call, stored, travel);
        if (depData === null) {
            call.rec.note('stored depfile not usable for this call: a miss');
            return false;
        }
    }
    await writeFileAtomic(external_node_path_.resolve(cwd, cmd.output), hit.output);
    if (cmd.depfile !== null && depData !== null) {
        await writeFileAtomic(external_node_path_.resolve(cwd, cmd.depfile.path), depData);
    }
    return true;
}
/** lookup/restore: the entry under `key`, written into place; null for a miss (or an entry we could not use). */
async function lookupAndRestore(call, store, key, travel) {
    const { cmd, rec } = call;
    let hit = null;
    try {
        hit = await readEntry(store, key, cmd.depfile !== null);
    }
    catch (err) {
        rec.trouble('read', err);
    }
    if (hit === null)
        return null;
    // Diagnostics name the files of the checkout they were made in: never replayed in another.
    if (travel !== null && (hit.stdout.length > 0 || hit.stderr.length > 0))
        return null;
    let restored = false;
    try {
        restored = await restoreFiles(call, hit, travel);
    }
    catch (err) {
        // e.g. the output directory does not exist: the compiler reports that the usual way.
        rec.note(`restore failed: ${errorDetail(err)}`);
    }
    rec.phase('restored');
    if (!restored)
        return null;
    await touchAfterAnswer(call, () => store.touch(key));
    rec.add({ type: 'hit' });
    rec.phase('done');
    return { kind: 'done', status: 0, signal: null, stdout: hit.stdout, stderr: hit.stderr };
}
/**
 * compile: the real compiler on a miss, its output captured for the entry and the caller.
 * `depArgs`: depend mode's own depfile. `countMiss` false: the caller counts the call once it knows
 * whether the result can be kept.
 */
async function compileMiss(call, depArgs = [], countMiss = true) {
    const { compiler, args, ctx, rec, extraArgs } = call;
    const started = process.hrtime.bigint();
    const r = await startCaptured(compiler, [...args, ...extraArgs, ...depArgs], ctx, true).done;
    const durationNs = process.hrtime.bigint() - started;
    const answer = answerOf(r, compiler);
    rec.ran = answer;
    if (answer.status !== 0 || answer.signal !== null || r.error !== undefined) {
        const why = r.error !== undefined ? r.error.message : `exit ${answer.signal ?? answer.status}`;
        rec.add({ type: 'uncacheable', reason: 'compile-failed' }, why);
        return { answer, stored: false, durationNs };
    }
    if (countMiss)
        rec.add({ type: 'miss' });
    return { answer, stored: true, durationNs };
}
/**
 * Whether the compile store holds no entry at all, on disk or kept by a lazy restore
 * (DiskCacheStore.isEmpty); of another store that is not known, so it does not count as empty.
 */
function storeIsEmpty(store) {
    return store.isEmpty?.() ?? false;
}
/** The headers the source includes itself, or null when it cannot be read or computes an include. */
function includesOfSource(call) {
    try {
        return (0,depend/* sourceIncludes */.Z_)((0,external_node_fs_.readFileSync)(external_node_path_.resolve(call.ctx.cwd, call.cmd.source)));
    }
    catch {
        return null;
    }
}
/**
 * depend mode (direct/depend.ts): the compile runs at once, writing a depfile (the build's own with
 * `-MD`, else ours beside the object, removed afterwards); the result is keyed from the files it
 * names. When they cannot be trusted for a key (too new, __DATE__, `.incbin`, a project header's
 * __has_include …), the key comes from an `-E` run after the compile, as in preprocessor mode: a
 * depend-mode call never keeps less than a preprocessor-mode one would.
 */
async function dependMiss(call, identity, store, direct, includes) {
    const { cmd, ctx, rec } = call;
    rec.phase('compile');
    rec.note('depend mode: no -E before the compile');
    const startedNs = (0,file_hash/* nowNs */.Ck)();
    const object = external_node_path_.resolve(ctx.cwd, cmd.output);
    const ownDepfile = cmd.depfile === null
        ? external_node_path_.join(external_node_path_.dirname(object), `.${external_node_path_.basename(object)}.compile-cache-${(0,temp_name/* tempSuffix */.Q)()}.d`)
        : null;
    try {
        const compiled = await compileMiss(call, ownDepfile === null ? [] : ['-MD', '-MF', ownDepfile], false);
        if (!compiled.stored)
            return compiled.answer;
        const depfile = ownDepfile ?? external_node_path_.resolve(ctx.cwd, cmd.depfile.path);
        const keyed = await dependKeys(call, identity, direct, includes, depfile, startedNs);
        rec.phase('keyed');
        if (typeof keyed === 'string') {
            rec.note(`depend mode: ${keyed}; keyed by -E after the compile`);
            await keyAfterCompile(call, identity, store, direct, compiled);
            return compiled.answer;
        }
        rec.add({ type: 'miss' });
        rec.note(`key ${keyed.keys.primary.toString('hex')} (depend mode${keyed.keys.travel === null ? '' : ', travelling'})`);
        const stored = await storeResult(call, store, keyed.keys, compiled);
        if (stored !== null) {
            try {
                await addManifestEntry(call, direct, (0,depend/* dependManifestEntry */.Ym)(keyed.found, {
                    key: stored.key,
                    travel: stored.travel && direct.prefix !== null,
                    cwd: ctx.cwd,
                    anywhere: direct.anywhere,
                    recorded: keyed.recorded
                }));
            }
            catch (err) {
                rec.trouble('manifest', err);
            }
        }
        return compiled.answer;
    }
    finally {
        // On this thread: a trip through the thread pool would cost more than the unlink.
        if (ownDepfile !== null) {
            try {
                (0,external_node_fs_.unlinkSync)(ownDepfile);
            }
            catch {
                // not made (a failed compile) or gone: nothing of ours is left
            }
        }
    }
}
/**
 * A depend-mode compile whose inputs could not key it: the `-E` run it skipped, now, for the usual
 * key. If an entry is already there, preprocessor mode would have found it: the policy hears so.
 */
async function keyAfterCompile(call, identity, store, direct, compiled) {
    const { ctx, rec } = call;
    const prepared = await preprocess(call);
    if (prepared instanceof PassThrough) {
        rec.add({ type: 'uncacheable', reason: prepared.reason }, prepared.detail);
        return;
    }
    rec.add({ type: 'miss' });
    const keys = resultKeys(call, identity, prepared.preprocessed);
    rec.note(`key ${keys.primary.toString('hex')}${keys.travel === null ? '' : ' (travelling)'}`);
    for (const [key, travelling] of keys.lookups) {
        const there = await readEntry(store, key, call.cmd.depfile !== null).catch(() => null);
        if (there !== null) {
            (0,depend/* notePreprocessorLookup */.K0)(ctx.session.dependPolicy, true);
            rec.note('an entry was there already: preprocessor mode would have hit');
            await recordManifest(call, direct, prepared, { key, travel: travelling });
            return;
        }
    }
    const stored = await storeResult(call, store, keys, compiled);
    const manifested = stored !== null && (await recordManifest(call, direct, prepared, stored));
    // Stored without a manifest entry: only a preprocessor lookup finds it (as in wrapRecorded).
    (0,depend/* notePreprocessorLookup */.K0)(ctx.session.dependPolicy, stored !== null && !manifested);
}
/** The depend-mode keys of a compile from its depfile, or why its inputs cannot make one. */
async function dependKeys(call, identity, direct, includes, depfile, startedNs) {
    const { cmd, ctx } = call;
    let bytes;
    try {
        bytes = (0,external_node_fs_.readFileSync)(depfile);
    }
    catch (err) {
        return `depfile ${depfile} not read: ${errorDetail(err)}`;
    }
    const inputs = (0,depend/* depfileInputs */.r9)(bytes);
    if (inputs === null)
        return `depfile ${depfile} not in a form read exactly`;
    const found = (0,depend/* hashInputs */._4)(ctx.session, inputs, includes, { cwd: ctx.cwd, startedNs });
    if (typeof found === 'string')
        return found;
    if (found.probing.length > 0) {
        const dirs = cmd.keyArgs.some(a => depend/* SEARCH_LIST_OPTIONS */.zk.test(a)) ? [] : await searchList(call, identity);
        const project = found.probing.find(f => !(0,depend/* isSystemHeader */.TT)(f, dirs));
        if (project !== undefined)
            return `${project}: uses __has_include`;
    }
    const pch = hasPrecompiledHeader(found.direct, ctx.cwd, DIRECT_INCLUDE_PCH);
    if (pch !== null)
        return `${pch} beside an included header`;
    const asWritten = (name) => name;
    const absoluteInputs = direct.prefix === null ? direct.inputs : { ...direct.inputs, prefix: null };
    const absoluteManifest = direct.prefix === null ? direct.manifestKey : (0,direct_direct/* manifestKey */.Rn)(absoluteInputs);
    // A file named relative to the working directory, where the manifest key left it out.
    const relative = found.files.some(([name]) => !external_node_path_.isAbsolute(name));
    const absolute = (0,depend/* dependKey */.sk)(absoluteManifest, found.files, asWritten, relative && (0,direct_direct/* anyWorkingDir */.hn)(absoluteInputs) ? ctx.cwd : null);
    const recorded = direct.prefix === null ? null : (0,depend/* travellingNames */.Dc)(inputs, direct.prefix);
    if (direct.prefix === null || recorded === null) {
        return {
            keys: { primary: absolute, travel: null, absolute, lookups: [[absolute, false]] },
            found,
            recorded: asWritten
        };
    }
    const travelling = (0,depend/* dependKey */.sk)(direct.manifestKey, found.files, recorded);
    return {
        keys: {
            primary: travelling,
            travel: direct.prefix,
            absolute,
            lookups: [
                [travelling, true],
                [absolute, false]
            ]
        },
        found,
        recorded
    };
}
/**
 * The compiler's own include directories for this call's language (`-E -v` of an empty input, once
 * per compiler and language in a session), without the build's include-path variables: a header
 * below one is a system header. Empty when they cannot be found (then none is).
 */
function searchList(call, identity) {
    const { cmd, ctx, compiler } = call;
    const env = ctx.env;
    const memo = [identity, cmd.language, env.GCC_EXEC_PREFIX ?? '', env.COMPILER_PATH ?? ''].join('\0');
    let dirs = ctx.session.searchLists.get(memo);
    if (dirs === undefined) {
        const plain = { ...env };
        for (const name of ['CPATH', 'C_INCLUDE_PATH', 'CPLUS_INCLUDE_PATH', 'OBJC_INCLUDE_PATH'])
            delete plain[name];
        dirs = startCaptured(compiler, ['-x', cmd.language, '-E', '-v', '/dev/null'], { ...ctx, env: plain }, true)
            .done.then(r => (r.status === 0 ? (0,depend/* parseSearchList */.MB)(r.stderr.toString('utf8')) : []))
            .catch(() => []);
        ctx.session.searchLists.set(memo, dirs);
    }
    return dirs;
}
/**
 * A result may go under the travelling key when nothing in it names this checkout: no diagnostics,
 * and a depfile whose dependencies below the checkout can be moved (the source is below it too, so
 * a hit finds the checkout the entry was made in from the first dependency).
 */
function travellingResult(call, keys, answer, dep) {
    const prefix = keys.travel;
    if (prefix === null)
        return false;
    if (answer.stdout.length > 0 || answer.stderr.length > 0)
        return false;
    if (dep === null || (0,compiler_travel/* isBelow */.Yw)(call.cmd.source, prefix))
        return true;
    const deps = (0,depfile/* parseDepfile */.Py)(Buffer.from(dep).toString('latin1'))?.deps;
    return deps !== undefined && !deps.some(d => d.startsWith(prefix));
}
/** store: the object file, depfile and diagnostics as a Go-compatible entry. Trouble is counted, never fatal. */
async function storeResult(call, store, keys, compiled) {
    const { args, cmd, ctx, rec } = call;
    let output;
    let extras = null;
    try {
        output = (0,external_node_fs_.readFileSync)(external_node_path_.resolve(ctx.cwd, cmd.output));
        if (cmd.depfile !== null) {
            const dep = (0,external_node_fs_.readFileSync)(external_node_path_.resolve(ctx.cwd, cmd.depfile.path));
            extras = [{ path: relativeExtraPath(external_node_path_.dirname(cmd.output), cmd.depfile.path, ctx.cwd), data: dep }];
        }
    }
    catch (err) {
        rec.trouble('output-missing', err);
        return null;
    }
    const dep = extras?.[0]?.data ?? null;
    if (dep !== null && keyedTargets(cmd) === null && depfileFor(call, dep, null) === null) {
        // Every hit would fail to rewrite it: storing it would only cost.
        rec.note('depfile not in the layout this wrapper can rewrite: not stored');
        return null;
    }
    const travel = travellingResult(call, keys, compiled.answer, dep);
    const key = travel ? keys.primary : keys.absolute;
    try {
        // One mkdir per component, each tried once, before the store's own recursive mkdir below:
        // where a parent keeps saying ENOENT (a cache directory under /proc), `mkdir -p` never returns.
        // lstat-checked below the cache directory (never through a planted symlink). Misses only.
        (0,make_dir_bounded/* makeDirBounded */.j)(ctx.cacheDir);
        (0,safe_fs/* ensureDirChain */.FV)(ctx.cacheDir, external_node_path_.join(ctx.cacheDir, 'compile', ctx.tenant));
    }
    catch (err) {
        rec.trouble('cache-dir', err);
        return null;
    }
    try {
        await writeEntry(store, key, {
            output,
            stdout: compiled.answer.stdout,
            stderr: compiled.answer.stderr,
            extras,
            metadata: {
                time: new Date(),
                compiler: ctx.invokedAs,
                // The build's argv only: a colour flag of ours is not part of what the build asked for.
                command: [...args],
                inputs: [cmd.source],
                output: cmd.output,
                durationNs: compiled.durationNs
            }
        });
    }
    catch (err) {
        rec.trouble('write', err);
        return null;
    }
    return { key, travel };
}


/***/ }),

/***/ 331:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A5: () => (/* binding */ isCompileWorker),
/* harmony export */   hz: () => (/* binding */ WORKER_READY),
/* harmony export */   qb: () => (/* binding */ COMPILE_WORKER_ROLE)
/* harmony export */ });
/**
 * The mark of a compile thread: the server starts its compile threads from the wrapper bundle itself
 * (compile-pool.ts), and the bundle's entry (wrapper-bundle.ts) checks `workerData.role` before it
 * does anything else. Its own module, so the per-compile entry point loads nothing of the pool.
 */
const COMPILE_WORKER_ROLE = 'compile-cache-compile-worker';
/** What a compile thread posts once its compile core is loaded (the pool sends it nothing before). */
const WORKER_READY = 'ready';
/** Whether this thread was started as a compile thread. */
function isCompileWorker(isMainThread, workerData) {
    return (!isMainThread &&
        typeof workerData === 'object' &&
        workerData !== null &&
        workerData.role === COMPILE_WORKER_ROLE);
}


/***/ }),

/***/ 954:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ builtinModule)
/* harmony export */ });
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(995);
/**
 * A Node built-in module loaded when first needed instead of with the bundle (whose every import
 * is loaded at start-up): for modules only some commands use, whose loading costs milliseconds of
 * every start. process.getBuiltinModule: Node ≥ 20.16 / 22.3; a module-relative require before that.
 */

function builtinModule(id) {
    const get = process.getBuiltinModule;
    return (get?.(id) ?? (0,node_module__WEBPACK_IMPORTED_MODULE_0__.createRequire)(import.meta.url)(id));
}


/***/ }),

/***/ 107:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   oC: () => (/* binding */ InvalidInputError)
/* harmony export */ });
/* unused harmony exports BlobTooLargeError, ConfigError */
/** Typed errors of the store layer, so callers can tell bad input from cache trouble. */
/** A blob name, namespace prefix, key, size or age that the contract does not accept. */
class InvalidInputError extends Error {
    name = 'InvalidInputError';
}
/** A blob larger than the store's blob size limit: an error, never a hit. */
class BlobTooLargeError extends Error {
    location;
    size;
    limit;
    name = 'BlobTooLargeError';
    constructor(location, size, limit) {
        super(`cache blob ${location} is ${size} bytes, over the limit of ${limit} bytes`);
        this.location = location;
        this.size = size;
        this.limit = limit;
    }
}
/** A configuration entry (see fromConfig) that cannot be turned into a store. */
class ConfigError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'ConfigError';
}


/***/ }),

/***/ 818:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ nodeCrypto)
/* harmony export */ });
/* harmony import */ var _builtin_module_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(954);
/**
 * `node:crypto`, loaded on first use. Loading it costs a few milliseconds of a hit's start-up; the
 * wrapper first starts the preprocessor, then loads it while the preprocessor runs.
 */

let loaded;
function nodeCrypto() {
    loaded ??= (0,_builtin_module_js__WEBPACK_IMPORTED_MODULE_0__/* .builtinModule */ .g)('node:crypto');
    return loaded;
}


/***/ }),

/***/ 556:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ makeDirBounded)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(760);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(233);
/**
 * A trusted directory (the cache directory the user chose, the state directory's base) made the
 * way nothing can hang: the directory and its ancestors are the user's path, followed as they are;
 * what lies below them is not trusted (see safe-fs.ts).
 */



/**
 * Creates `dir` and its missing ancestors, top down, with one mkdir per component and no retry.
 * `mkdir -p` (Node's recursive mkdir) can spin forever where mkdir keeps saying ENOENT for a parent
 * that exists (below `/proc`, for instance); here every component is tried once, so a directory that
 * cannot be made is an error at once. Existing components are followed (they are the user's path).
 */
function makeDirBounded(dir, mode = 0o755) {
    const abs = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(dir);
    try {
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(abs).isDirectory())
            return;
    }
    catch (err) {
        if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .errorCode */ .CA)(err) !== 'ENOENT')
            throw err;
    }
    const { root } = node_path__WEBPACK_IMPORTED_MODULE_1__.parse(abs);
    let p = root;
    for (const part of abs.slice(root.length).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep)) {
        if (part === '')
            continue;
        p = node_path__WEBPACK_IMPORTED_MODULE_1__.join(p, part);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(p, { mode });
            continue;
        }
        catch (err) {
            if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .errorCode */ .CA)(err) !== 'EEXIST')
                throw err;
        }
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(p).isDirectory()) {
            throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${abs}' (${p} is not a directory)`), {
                code: 'ENOTDIR'
            });
        }
    }
}


/***/ }),

/***/ 233:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CA: () => (/* binding */ errorCode),
/* harmony export */   FV: () => (/* binding */ ensureDirChain),
/* harmony export */   K_: () => (/* binding */ writeRegularFileAtomicSync),
/* harmony export */   SB: () => (/* binding */ describeKind),
/* harmony export */   Ur: () => (/* binding */ readRegularFileCapped),
/* harmony export */   XF: () => (/* binding */ readRegularFile),
/* harmony export */   cG: () => (/* binding */ readRegularFileSync),
/* harmony export */   dH: () => (/* binding */ checkDirChain),
/* harmony export */   k0: () => (/* binding */ UnsafePathError),
/* harmony export */   lf: () => (/* binding */ openRegular),
/* harmony export */   w5: () => (/* binding */ openRegularSync),
/* harmony export */   z2: () => (/* binding */ writeRegularFileAtomic)
/* harmony export */ });
/* unused harmony export appendRegularSync */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(760);
/**
 * File access under an untrusted directory. Everything below the cache directory was written by a
 * build (and on a self-hosted runner persists from one job to the next), so a path there may be a
 * symlink planted to send a write, a delete or an upload elsewhere, or a FIFO planted to hang a
 * read. These helpers refuse both:
 *
 * - directories from the trusted root down are checked with lstat, one component at a time, and
 *   created one at a time (never `mkdir -p` through a symlink);
 * - files are opened with O_NOFOLLOW (a symlink as the last component fails with ELOOP) and
 *   O_NONBLOCK (a FIFO opens at once instead of waiting for a writer), then fstat'ed: only a
 *   regular file is read or written.
 *
 * The root itself is trusted: it is the directory the user configured, and may be a symlink they
 * chose. The checks assume nobody rewrites the tree while a step runs (a build that planted
 * something has finished by then); they are about what is found, not about races with a live
 * attacker.
 */



/** Something under the cache directory that is not what it must be (a symlink, a FIFO, a file where a directory belongs). */
class UnsafePathError extends Error {
    path;
    found;
    name = 'UnsafePathError';
    /** `EISDIR` when a directory was found where a file belongs (callers that checked the code for that keep working). */
    code;
    constructor(path, found) {
        super(`${path} is ${found}, not what belongs there; left alone (nothing under the cache directory is trusted)`);
        this.path = path;
        this.found = found;
        this.code = found === 'a directory' ? 'EISDIR' : undefined;
    }
}
/** What lstat says a path is, in words for a warning. */
function describeKind(st) {
    if (st.isSymbolicLink())
        return 'a symbolic link';
    if (st.isFIFO())
        return 'a FIFO';
    if (st.isSocket())
        return 'a socket';
    if (st.isCharacterDevice())
        return 'a character device';
    if (st.isBlockDevice())
        return 'a block device';
    if (st.isDirectory())
        return 'a directory';
    if (st.isFile())
        return 'a regular file';
    return 'an unknown kind of file';
}
/** The error code of a failed fs call, if any. */
function errorCode(err) {
    return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}
/** The components of `dir` below `root`, outermost first; throws when `dir` is not inside `root`. */
function componentsBelow(root, dir) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(root, dir);
    if (rel === '')
        return [];
    if (rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(rel)) {
        throw new UnsafePathError(dir, `outside ${root}`);
    }
    const out = [];
    let p = root;
    for (const part of rel.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep)) {
        p = node_path__WEBPACK_IMPORTED_MODULE_1__.join(p, part);
        out.push(p);
    }
    return out;
}
/**
 * Checks that every component of `dir` below the trusted `root` is a real directory (not a
 * symlink, not anything else). Returns false when one of them does not exist (nothing below it
 * can exist either); throws UnsafePathError naming the first component that is not a directory.
 */
function checkDirChain(root, dir) {
    for (const p of componentsBelow(root, dir)) {
        let st;
        try {
            st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p);
        }
        catch (err) {
            if (errorCode(err) === 'ENOENT')
                return false;
            throw err;
        }
        if (!st.isDirectory())
            throw new UnsafePathError(p, describeKind(st));
    }
    return true;
}
/**
 * Creates `dir` below the trusted `root` one component at a time with `mode` (what exists is checked
 * with lstat and must be a real directory), so no mkdir ever goes through a planted symlink.
 * Returns the directories it created, outermost first (the caller may chmod them).
 */
function ensureDirChain(root, dir, mode = 0o755) {
    const created = [];
    for (const p of componentsBelow(root, dir)) {
        // lstat first: most components exist (a compile server writes an entry per miss into shards
        // that are there), and a failed mkdir costs a thrown error where this costs no exception.
        let st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p, { throwIfNoEntry: false });
        if (st === undefined) {
            try {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(p, { mode });
                created.push(p);
                continue;
            }
            catch (err) {
                if (errorCode(err) !== 'EEXIST')
                    throw err;
            }
            // Made meanwhile by someone else: what it is decides.
            st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p);
        }
        if (!st.isDirectory())
            throw new UnsafePathError(p, describeKind(st));
    }
    return created;
}
/** Open flags that never follow a symlink in the last component and never wait on a FIFO. */
const SAFE_FLAGS = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK;
/** Turns ELOOP (O_NOFOLLOW met a symlink) and ENXIO (a socket, or a FIFO opened for writing) into UnsafePathError. */
function refusal(file, err) {
    const c = errorCode(err);
    if (c === 'ELOOP')
        return new UnsafePathError(file, 'a symbolic link');
    if (c === 'ENXIO' || c === 'EOPNOTSUPP') {
        let kind = 'not a regular file';
        try {
            kind = describeKind((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(file));
        }
        catch {
            // keep the generic words
        }
        return new UnsafePathError(file, kind);
    }
    return err;
}
/**
 * Opens `file` with `flags` (O_RDONLY, O_WRONLY|O_APPEND|O_CREAT, …) plus O_NOFOLLOW|O_NONBLOCK and
 * returns the descriptor only when it is a regular file; anything else is closed again and refused
 * with UnsafePathError. A missing file's ENOENT propagates.
 */
function openRegularSync(file, flags, mode = 0o644) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, flags | SAFE_FLAGS, mode);
    }
    catch (err) {
        throw refusal(file, err);
    }
    try {
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!st.isFile())
            throw new UnsafePathError(file, describeKind(st));
    }
    catch (err) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        throw err;
    }
    return fd;
}
/** The promise form of openRegularSync. */
async function openRegular(file, flags, mode = 0o644) {
    let handle;
    try {
        handle = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.open(file, flags | SAFE_FLAGS, mode);
    }
    catch (err) {
        throw refusal(file, err);
    }
    try {
        const st = await handle.stat();
        if (!st.isFile())
            throw new UnsafePathError(file, describeKind(st));
    }
    catch (err) {
        await handle.close();
        throw err;
    }
    return handle;
}
/** Blobs up to this size are read without a trip through the thread pool (see readRegularFile). */
const INLINE_READ_MAX = 1 << 20;
/** One positioned read through the thread pool. */
function readAt(fd, buf, offset, length, position) {
    return new Promise((resolve, reject) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.read)(fd, buf, offset, length, position, (err, n) => (err ? reject(err) : resolve(n))));
}
/**
 * The whole content of a regular file, or null when it does not exist; refuses anything else.
 * Reads the size fstat gave (as readFile does, without its second fstat). Cache files never change
 * once renamed into place.
 *
 * The disk store's get is the compile server's hot path: a hit reads four or five blobs. Opening,
 * checking and reading a small one on the calling thread costs a few microseconds of system time;
 * each thread-pool trip costs more than that in wake-ups, so only large blobs are read there.
 */
async function readRegularFile(file) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | SAFE_FLAGS);
    }
    catch (err) {
        if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR')
            return null;
        throw refusal(file, err);
    }
    try {
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!st.isFile())
            throw new UnsafePathError(file, describeKind(st));
        const buf = Buffer.allocUnsafe(st.size);
        const inline = st.size <= INLINE_READ_MAX;
        let len = 0;
        while (len < buf.length) {
            const want = buf.length - len;
            const n = inline ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buf, len, want, len) : await readAt(fd, buf, len, want, len);
            if (n === 0)
                return buf.subarray(0, len); // shrank meanwhile
            len += n;
        }
        return buf;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/** The synchronous form of readRegularFile. */
function readRegularFileSync(file) {
    let fd;
    try {
        fd = openRegularSync(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY);
    }
    catch (err) {
        if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR')
            return null;
        throw err;
    }
    try {
        const chunks = [];
        const size = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd).size;
        let buf = Buffer.allocUnsafe(Math.max(size, 4096));
        let len = 0;
        for (;;) {
            if (len === buf.length) {
                chunks.push(buf);
                buf = Buffer.allocUnsafe(buf.length);
                len = 0;
            }
            const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buf, len, buf.length - len, null);
            if (n === 0)
                break;
            len += n;
        }
        chunks.push(buf.subarray(0, len));
        return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/**
 * A regular file's bytes on the calling thread, or null when it is larger than `max` or shrank
 * while it was read; throws like openRegularSync (ENOENT, UnsafePathError for a link or FIFO, …).
 * For small files of the state directory, which a build may have planted at any size.
 */
function readRegularFileCapped(file, max) {
    const fd = openRegularSync(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY);
    try {
        const size = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd).size;
        if (size > max)
            return null;
        const buf = Buffer.allocUnsafe(size);
        let len = 0;
        while (len < size) {
            const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buf, len, size - len, len);
            if (n === 0)
                return null;
            len += n;
        }
        return buf;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/** Appends `data` to a regular file (created 0644 when missing) in one write(); refuses anything else. */
function appendRegularSync(file, data) {
    const fd = openRegularSync(file, C.O_WRONLY | C.O_APPEND | C.O_CREAT);
    try {
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        writeSync(fd, bytes, 0, bytes.byteLength);
    }
    finally {
        closeSync(fd);
    }
}
/**
 * Writes a regular file through a unique temporary name and a rename (the target, if it exists,
 * must be a regular file or absent: rename replaces a symlink itself, never what it points at).
 * The directory must already have been checked (checkDirChain / ensureDirChain).
 */
async function writeRegularFileAtomic(file, data) {
    const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const handle = await openRegular(tmp, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL);
    try {
        await handle.writeFile(data);
    }
    finally {
        await handle.close();
    }
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(tmp, file);
    }
    catch (err) {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(tmp, { force: true }).catch(() => undefined);
        throw err;
    }
}
/**
 * writeRegularFileAtomic on the calling thread, for a small file where each thread-pool trip costs
 * more than the calls themselves (the journal's cursor as a save ends, the compiler memo of a
 * compile). `tmp`: the temporary name, in the same directory, when the caller needs its own form.
 */
function writeRegularFileAtomicSync(file, data, tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`) {
    const fd = openRegularSync(tmp, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL);
    try {
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        let off = 0;
        while (off < bytes.byteLength)
            off += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, bytes, off, bytes.byteLength - off);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, file);
    }
    catch (err) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(tmp, { force: true });
        throw err;
    }
}


/***/ }),

/***/ 473:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DS: () => (/* binding */ STATE_SUBDIRS),
/* harmony export */   Q1: () => (/* binding */ repairStateDir),
/* harmony export */   cv: () => (/* binding */ assignStateDir),
/* harmony export */   d3: () => (/* binding */ checkStateDir),
/* harmony export */   vJ: () => (/* binding */ stateLocation),
/* harmony export */   xH: () => (/* binding */ ensureStateDir),
/* harmony export */   xp: () => (/* binding */ stateSubdir)
/* harmony export */ });
/* unused harmony exports STATE_DIR_ENV, stateDirOf */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(760);
/* harmony import */ var _lazy_crypto_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(818);
/* harmony import */ var _make_dir_bounded_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(556);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(233);
/**
 * Where compile-cache keeps its own state for a cache directory: wrapper counters, compiler identity
 * memos, the journal of entries written since the last save. None of it belongs in the store's
 * tree, which holds entries only, so that the Go system's store, opened on the same directory,
 * counts, walks and evicts nothing of ours (docs/store.md, "The cache directory").
 *
 * The state lives outside the cache directory rather than beside it as a sibling: the cache
 * directory is often a mount point on self-hosted runners, whose parent the user cannot write.
 * `COMPILE_CACHE_STATE_DIR` names it outright; otherwise it is
 * `$XDG_STATE_HOME/compile-cache/<16 hex digits of the cache directory's path hash>` (XDG_STATE_HOME
 * defaulting to ~/.local/state; a relative one is ignored, as the XDG specification says), one per
 * cache directory.
 *
 * The state directory is as untrusted as the cache directory: a build runs as the same user and can
 * plant anything there. Its base (COMPILE_CACHE_STATE_DIR itself, or the XDG state home) is the
 * user's path and trusted, like the cache directory; every component below it is checked with lstat
 * and made one at a time (safe-fs.ts), mode 0700, and files in it are opened the safe-fs way.
 */






const STATE_DIR_ENV = 'COMPILE_CACHE_STATE_DIR';
/** Directories the state directory holds (no dots: nothing else shares it). */
const STATE_SUBDIRS = {
    /** The wrapper's statistics (`stats/events`, src/compiler/stats.ts). */
    stats: 'stats',
    /** Remembered compiler digests (src/compiler/identity.ts). */
    compilers: 'compilers'
};
/**
 * State directories assigned to particular cache directories, ahead of any environment: the compile
 * server's rehearsal (src/server/rehearsal.ts) compiles into a throwaway cache directory whose state
 * must not land in the state directory COMPILE_CACHE_STATE_DIR names for the real one. Per thread.
 */
const assigned = new Map();
/** Assigns `dir` (absolute, trusted) as the state directory of `cacheDir`; null takes the assignment back. */
function assignStateDir(cacheDir, dir) {
    if (dir === null)
        assigned.delete(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(cacheDir));
    else
        assigned.set(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(cacheDir), node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(dir));
}
function stateLocation(cacheDir, env = process.env) {
    const own = assigned.size === 0 ? undefined : assigned.get(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(cacheDir));
    if (own !== undefined)
        return { base: own, dir: own };
    const explicit = env[STATE_DIR_ENV];
    if (explicit !== undefined && explicit !== '') {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(explicit);
        return { base: dir, dir };
    }
    const xdg = env.XDG_STATE_HOME;
    const base = xdg !== undefined && xdg !== '' && node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute(xdg)
        ? node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(xdg)
        : node_path__WEBPACK_IMPORTED_MODULE_2__.join(node_os__WEBPACK_IMPORTED_MODULE_1__.homedir(), '.local', 'state');
    return { base, dir: node_path__WEBPACK_IMPORTED_MODULE_2__.join(base, 'compile-cache', stateId(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(cacheDir))) };
}
/** Ids by resolved cache directory: a compile server asks for the same few several times per hit. */
const ids = new Map();
/** The state directory's name for a cache directory: 16 hex digits of its path's SHA-256. */
function stateId(resolved) {
    let id = ids.get(resolved);
    if (id === undefined) {
        // Loaded lazily: the wrapper records statistics for calls that never hash anything else.
        id = (0,_lazy_crypto_js__WEBPACK_IMPORTED_MODULE_3__/* .nodeCrypto */ .S)().createHash('sha256').update(resolved).digest('hex').slice(0, 16);
        if (ids.size >= 64)
            ids.clear();
        ids.set(resolved, id);
    }
    return id;
}
function stateDirOf(cacheDir, env = process.env) {
    return stateLocation(cacheDir, env).dir;
}
/** `<state dir>/<sub>` with its location. */
function stateSubdir(cacheDir, sub, env = process.env) {
    const loc = stateLocation(cacheDir, env);
    return { ...loc, sub: node_path__WEBPACK_IMPORTED_MODULE_2__.join(loc.dir, sub) };
}
/**
 * Makes `target` (the state directory or a directory in it): the base with makeDirBounded, then each
 * component below it with one mkdir (0700), each checked with lstat. Throws UnsafePathError naming
 * the first component that is not a real directory (nothing is made through it).
 */
function ensureStateDir(loc, target = loc.dir) {
    (0,_make_dir_bounded_js__WEBPACK_IMPORTED_MODULE_4__/* .makeDirBounded */ .j)(loc.base, 0o700);
    (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_5__/* .ensureDirChain */ .FV)(loc.base, target, 0o700);
}
/**
 * True when every component of `target` below the base is a real directory, false when one is
 * missing; throws UnsafePathError naming the first that is something else.
 */
function checkStateDir(loc, target = loc.dir) {
    return (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_5__/* .checkDirChain */ .dH)(loc.base, target);
}
/**
 * Makes `target` as ensureStateDir does, but a component below the base that is not a real directory
 * (a planted symlink, file, FIFO, …) is unlinked first (the link itself, never what it points at)
 * and made again. Returns what was removed, in words naming the path, for a warning.
 */
function repairStateDir(loc, target = loc.dir) {
    (0,_make_dir_bounded_js__WEBPACK_IMPORTED_MODULE_4__/* .makeDirBounded */ .j)(loc.base, 0o700);
    const notes = [];
    const rel = node_path__WEBPACK_IMPORTED_MODULE_2__.relative(loc.base, target);
    if (rel === '')
        return notes;
    let p = loc.base;
    for (const part of rel.split(node_path__WEBPACK_IMPORTED_MODULE_2__.sep)) {
        p = node_path__WEBPACK_IMPORTED_MODULE_2__.join(p, part);
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p, { throwIfNoEntry: false });
        if (st?.isDirectory())
            continue;
        if (st !== undefined) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(p);
            notes.push(`${p} was ${(0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_5__/* .describeKind */ .SB)(st)}; removed (the link itself, not what it points at)`);
        }
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(p, { mode: 0o700 });
        }
        catch (err) {
            // Someone made it meanwhile: ensureDirChain below checks what it is.
            if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_5__/* .errorCode */ .CA)(err) !== 'EEXIST')
                throw err;
        }
    }
    (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_5__/* .ensureDirChain */ .FV)(loc.base, target, 0o700);
    return notes;
}


/***/ }),

/***/ 642:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Gs: () => (/* binding */ isTempName),
/* harmony export */   IS: () => (/* binding */ shardOf),
/* harmony export */   Lm: () => (/* binding */ validateBlobName),
/* harmony export */   N2: () => (/* binding */ isKeyHex),
/* harmony export */   NC: () => (/* binding */ splitNamespacePath),
/* harmony export */   P4: () => (/* binding */ isSha256Hex),
/* harmony export */   fr: () => (/* binding */ keyHex),
/* harmony export */   qB: () => (/* binding */ validateNamespace)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(107);

/**
 * Blob names and namespace prefixes become one path segment on disk and in S3, so the
 * contract (compat with the Go system) forbids anything that could escape that segment.
 */
function isBadSegment(s) {
    return s === '.' || s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0');
}
function validateBlobName(name) {
    if (name === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC('cache blob name must not be empty');
    if (isBadSegment(name))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`invalid cache blob name ${JSON.stringify(name)}`);
}
function validateNamespace(prefix) {
    if (prefix === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC('namespace prefix must not be empty');
    if (isBadSegment(prefix))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`invalid namespace prefix ${JSON.stringify(prefix)}`);
}
/** A namespace path such as `compile/local`: each segment must be a valid prefix. */
function splitNamespacePath(path) {
    const parts = path.split('/').filter(p => p !== '');
    if (parts.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`namespace path ${JSON.stringify(path)} is empty`);
    for (const p of parts)
        validateNamespace(p);
    return parts;
}
/** Keys are opaque bytes; on disk and in S3 they are written as lowercase hex. */
function keyHex(key) {
    if (typeof key === 'string') {
        if (!isKeyHex(key))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`invalid cache key ${JSON.stringify(key)}: expected hex`);
        return key.toLowerCase();
    }
    if (key.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC('cache key must not be empty');
    return Buffer.from(key).toString('hex');
}
/** A directory or key segment that can be an entry's hex key: at least two lowercase hex digits, even length. */
function isKeyHex(s) {
    return s.length >= 2 && s.length % 2 === 0 && /^[0-9a-f]+$/.test(s);
}
/** A sha256 digest as this project writes it: 64 lowercase hex digits. */
function isSha256Hex(s) {
    return typeof s === 'string' && SHA256_HEX.test(s);
}
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** The two-character shard of a hex key (`<hh>` in `<hh>/<hex>/`). */
function shardOf(hex) {
    return hex.slice(0, 2);
}
/** Temporary files are never blobs: ours (`.<name>.tmp-…`) and the Go system's fixed `<name>.tmp`. */
function isTempName(name) {
    return name.startsWith('.') || name.endsWith('.tmp');
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ cacheDirFrom)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __nccwpck_require__(919);
// EXTERNAL MODULE: ./build/ncc-src/compiler/compile.js
var compile = __nccwpck_require__(529);
// EXTERNAL MODULE: ./build/ncc-src/compiler/compilers.js
var compilers = __nccwpck_require__(902);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(975);
// EXTERNAL MODULE: ./build/ncc-src/store/lazy-crypto.js
var lazy_crypto = __nccwpck_require__(818);
// EXTERNAL MODULE: ./build/ncc-src/compiler/temp-name.js
var temp_name = __nccwpck_require__(270);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/native-client.js
/**
 * Builds the native client (native/client.c: the shims and the launcher as one small program that
 * talks to the compile server) with the system C compiler, on the machine that runs the builds.
 *
 * The compiler is `cc` (else `gcc`, `clang`) found on PATH past our own shims and files, never the
 * build's $CC (which may be a launcher, ccache or our shims). The node binary and the wrapper bundle
 * that the client starts the server with are baked in (-D). The result is kept in the shims
 * directory under a name carrying a hash of the source, the compiler's content and those two
 * paths, so installing again into the same directory does not rebuild. Every binary, fresh or kept,
 * must pass its self-test (it runs and prints what it was built with) before it is used.
 *
 * Linked statically where the machine allows it (`-static-pie`: glibc's libc.a, gcc 8 or later),
 * else dynamically (macOS, no static libc): a statically linked client starts without the dynamic
 * loader, which was half a millisecond of every compile's whole cost (docs/speed.md), and a hit is a
 * few milliseconds. The client calls nothing that glibc loads at run time (no getpwuid: without HOME
 * it hands the compile to the Node wrapper), so a static binary does not depend on the machine's
 * libc staying the version it was built against.
 *
 * Never below the cache directory: a build writes there and (on self-hosted runners) it persists,
 * so a planted binary would be run by a later job. The shims directory is as trusted as the shims.
 */







const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** Where the C source ships relative to the wrapper bundle: dist/wrap/index.js -> dist/native/client.c. */
function clientSourceFor(wrapperScript) {
    return external_node_path_.resolve(external_node_path_.dirname(wrapperScript), '..', 'native', 'client.c');
}
/** A C string literal for -D (no shell is involved: execFile passes it as one argument). */
function cString(s) {
    let out = '"';
    for (const byte of Buffer.from(s)) {
        const c = String.fromCharCode(byte);
        out +=
            byte < 0x20 || byte >= 0x7f || c === '"' || c === '\\' || c === '?'
                ? `\\${byte.toString(8).padStart(3, '0')}`
                : c;
    }
    return out + '"';
}
/**
 * How the client is linked, tried in this order: the first whose build and self-test pass is kept.
 * Part of the binary's name (its hash), so a client built before static linking is built again.
 */
const LINKINGS = [
    { linked: 'static', flags: ['-static-pie'] },
    { linked: 'dynamic', flags: [] }
];
/** The expected self-test output of a binary built with these paths. */
function selfTestText(node, wrapperScript) {
    return `${compilers/* NATIVE_MARKER */.JM.slice(1)}${node}\n${wrapperScript}\n`;
}
async function selfTest(binary, expected) {
    try {
        const { stdout } = await run(binary, ['--compile-cache-self-test'], {
            timeout: 10_000,
            encoding: 'utf8'
        });
        return stdout === expected ? null : `its self-test printed ${JSON.stringify(stdout.slice(0, 200))}`;
    }
    catch (err) {
        return `its self-test failed: ${err.message.split('\n')[0]}`;
    }
}
/** Builds (or reuses) the client; never throws: `ok: false` says why not, in words. */
async function buildNativeClient(opts) {
    const dir = external_node_path_.resolve(opts.dir);
    const source = opts.source ?? clientSourceFor(opts.wrapperScript);
    let code;
    try {
        code = await external_node_fs_.promises.readFile(source);
    }
    catch (err) {
        return {
            ok: false,
            reason: `its source ${source} cannot be read (${err.code})`
        };
    }
    const pathEnv = opts.pathEnv ?? process.env.PATH;
    let compiler = null;
    for (const name of ['cc', 'gcc', 'clang']) {
        compiler = (0,compilers/* findOnPath */.aY)(name, pathEnv, [dir]);
        if (compiler !== null)
            break;
    }
    if (compiler === null)
        return { ok: false, reason: 'no C compiler (cc, gcc, clang) is on PATH' };
    let compilerContent;
    try {
        compilerContent = await external_node_fs_.promises.readFile(await external_node_fs_.promises.realpath(compiler));
    }
    catch (err) {
        return { ok: false, reason: `${compiler} cannot be read (${err.code})` };
    }
    const node = external_node_path_.resolve(opts.node);
    const bundle = external_node_path_.resolve(opts.wrapperScript);
    const hash = (0,lazy_crypto/* nodeCrypto */.S)().createHash('sha256');
    const linkings = Buffer.from(LINKINGS.map(l => l.flags.join(' ')).join(','));
    for (const part of [code, compilerContent, Buffer.from(node), Buffer.from(bundle), linkings]) {
        hash.update(String(part.length)).update(':').update(part);
    }
    const binary = external_node_path_.join(dir, `.compile-cache-client-${hash.digest('hex').slice(0, 16)}`);
    const expected = selfTestText(node, bundle);
    const kept = await external_node_fs_.promises.lstat(binary).catch(() => undefined);
    if (kept !== undefined && kept.isFile() && kept.uid === process.getuid?.() && (kept.mode & 0o022) === 0) {
        if ((await selfTest(binary, expected)) === null)
            return { ok: true, binary, built: false, compiler };
    }
    if (kept !== undefined)
        await external_node_fs_.promises.rm(binary, { recursive: true, force: true });
    try {
        await external_node_fs_.promises.mkdir(dir, { recursive: true });
    }
    catch (err) {
        return { ok: false, reason: `${dir} cannot be made (${err.code})` };
    }
    let failure = '';
    for (const { linked, flags } of LINKINGS) {
        const tmp = `${binary}.tmp-${(0,temp_name/* tempSuffix */.Q)()}`;
        try {
            await run(compiler, [
                '-std=c99',
                '-O2',
                ...flags,
                `-DCOMPILE_CACHE_NODE=${cString(node)}`,
                `-DCOMPILE_CACHE_BUNDLE=${cString(bundle)}`,
                '-o',
                tmp,
                source
            ], 
            // The compiler runs bare: no nesting marker or wrapper variables matter, but make sure no
            // wrapper of ours is entered if `cc` is itself a script calling a shim.
            { timeout: 120_000, env: { ...process.env, COMPILE_CACHE_WRAPPED: '1' }, maxBuffer: 1 << 20 });
            await external_node_fs_.promises.chmod(tmp, 0o755);
            const bad = await selfTest(tmp, expected);
            if (bad !== null) {
                await external_node_fs_.promises.rm(tmp, { force: true });
                failure = `the binary built by ${compiler} does not work (${bad})`;
                continue;
            }
            await external_node_fs_.promises.rename(tmp, binary);
            return { ok: true, binary, built: true, compiler, linked };
        }
        catch (err) {
            await external_node_fs_.promises.rm(tmp, { force: true });
            const e = err;
            // The line that says what went wrong (gcc and clang begin with "In function …" context lines).
            const lines = (e.stderr ?? '').split('\n').filter(l => l.trim() !== '');
            const first = lines.find(l => /error/i.test(l)) ?? lines[0] ?? e.message.split('\n')[0];
            failure = `${compiler} could not build ${source}: ${first}`;
        }
    }
    // The last linking's failure: the plainest build's reason is the one that says what is wrong.
    return { ok: false, reason: failure };
}

// EXTERNAL MODULE: ./build/ncc-src/compiler/wrap.js + 3 modules
var wrap = __nccwpck_require__(830);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/shims.js
/**
 * Masquerade shims: a directory with `cc`, `c++`, `gcc`, `g++`, `clang`, `clang++` that run the
 * wrapper, which finds the real compiler of the same name further along PATH (never a shim), plus
 * `compile-cache-launcher` for `CMAKE_<LANG>_COMPILER_LAUNCHER` and scripts (`launcher gcc -c …`).
 *
 * Two kinds: the native client (native/client.c, built here with the system C compiler; the shims
 * are symlinks to it, and it asks the compile server, docs/server.md), or, where it cannot be built,
 * `/bin/sh` scripts that start the Node wrapper for every compile (docs/wrapper.md).
 */






const SHIM_NAMES = ['cc', 'c++', 'gcc', 'g++', 'clang', 'clang++'];

/** Single-quoted for /bin/sh. */
function shQuote(s) {
    return `'${s.replace(/'/g, `'\\''`)}'`;
}
/**
 * Points Node's compile cache (Node ≥ 22.1; older versions ignore the variable) at a private
 * directory beside the shims: the wrapper's bundle is then not parsed and compiled again by every
 * call. It is set from the start, before the bundle loads, which `module.enableCompileCache()`
 * inside the one-file bundle could not do. The directory is made (0700) when the shims are
 * installed, so Node never has to create it; the user's own NODE_COMPILE_CACHE is left alone.
 *
 * Not below the cache directory: a build writes there (and on a self-hosted runner it persists
 * between jobs), so a planted symlink would send Node's writes elsewhere and a planted V8 code
 * cache would be loaded and run by a later, trusted job. Beside the shims it is as trusted as the
 * shims themselves (whoever can write there can replace the shims), and the action's shims live in
 * the runner's per-job temp directory, which the runner empties for every job.
 */
function nodeCompileCacheLines(dir) {
    const q = shQuote(dir);
    return [
        `if [ -z "\${NODE_COMPILE_CACHE-}" ] && [ -d ${q} ] && [ ! -h ${q} ]; then NODE_COMPILE_CACHE=${q}; export NODE_COMPILE_CACHE; fi`
    ];
}
function shimScript(node, wrapperScript, ncc) {
    // "$0" is the shim's own path: the wrapper skips its directory (by real path) on PATH.
    return [
        '#!/bin/sh',
        `${compilers/* SHIM_MARKER */.Ps}: runs the real compiler of this name further along PATH through the cache (generated)`,
        ...nodeCompileCacheLines(ncc),
        `exec ${shQuote(node)} ${shQuote(wrapperScript)} --shim "$0" "$@"`,
        ''
    ].join('\n');
}
function launcherScript(node, wrapperScript, ncc) {
    return [
        '#!/bin/sh',
        `${compilers/* LAUNCHER_MARKER */.wN}: usage: compile-cache-launcher <compiler> <args...> (generated)`,
        ...nodeCompileCacheLines(ncc),
        `exec ${shQuote(node)} ${shQuote(wrapperScript)} wrap "$@"`,
        ''
    ].join('\n');
}
async function writeExecutable(file, text) {
    const tmp = `${file}.tmp-${process.pid}`;
    await external_node_fs_.promises.writeFile(tmp, text, { mode: 0o755 });
    await external_node_fs_.promises.chmod(tmp, 0o755);
    await external_node_fs_.promises.rename(tmp, file);
}
/** `<dir>/.node-compile-cache` as a real 0700 directory of this user (anything else there is removed first). */
async function privateDir(dir) {
    const st = await external_node_fs_.promises.lstat(dir).catch(() => undefined);
    const uid = process.getuid?.();
    if (st !== undefined && (!st.isDirectory() || (uid !== undefined && st.uid !== uid))) {
        await external_node_fs_.promises.rm(dir, { recursive: true, force: true });
    }
    await external_node_fs_.promises.mkdir(dir, { mode: 0o700 }).catch((err) => {
        if (err.code !== 'EEXIST')
            throw err;
    });
    await external_node_fs_.promises.chmod(dir, 0o700);
}
/** Points `file` at `target` (a name in the same directory) by a symlink made under a temporary name and renamed over it. */
async function linkTo(file, target) {
    const tmp = `${file}.tmp-${(0,temp_name/* tempSuffix */.Q)()}`;
    await external_node_fs_.promises.symlink(target, tmp);
    try {
        await external_node_fs_.promises.rename(tmp, file);
    }
    catch (err) {
        await external_node_fs_.promises.rm(tmp, { force: true });
        throw err;
    }
}
/**
 * Writes cc, c++, gcc, g++, clang, clang++ and a `compile-cache-launcher` into dir, with Node's
 * compile cache for the wrapper in `<dir>/.node-compile-cache`; returns paths. With `client:
 * 'auto'` (the default) they are the native client when it builds and passes its self-test, else
 * the Node scripts, and `note` says why.
 */
async function installShims(dir, opts) {
    const abs = external_node_path_.resolve(dir);
    await external_node_fs_.promises.mkdir(abs, { recursive: true });
    const node = external_node_path_.resolve(opts.node);
    const script = external_node_path_.resolve(opts.wrapperScript);
    const ncc = external_node_path_.join(abs, wrap/* NODE_COMPILE_CACHE_DIR */.O3);
    await privateDir(ncc);
    const launcher = external_node_path_.join(abs, compilers/* LAUNCHER_NAME */.xk);
    let note;
    if (opts.client !== 'node') {
        const built = await buildNativeClient({
            dir: abs,
            node,
            wrapperScript: script,
            source: opts.clientSource,
            pathEnv: opts.pathEnv
        });
        if (built.ok) {
            const target = external_node_path_.basename(built.binary);
            for (const name of [...SHIM_NAMES, compilers/* LAUNCHER_NAME */.xk])
                await linkTo(external_node_path_.join(abs, name), target);
            return { dir: abs, launcher, nodeCompileCache: ncc, client: 'native' };
        }
        note = `the native compiler client could not be built (${built.reason}); the shims start the Node wrapper for every compile instead`;
    }
    for (const name of SHIM_NAMES)
        await writeExecutable(external_node_path_.join(abs, name), shimScript(node, script, ncc));
    await writeExecutable(launcher, launcherScript(node, script, ncc));
    return {
        dir: abs,
        launcher,
        nodeCompileCache: ncc,
        client: 'node',
        ...(note === undefined ? {} : { note })
    };
}

// EXTERNAL MODULE: ./build/ncc-src/compiler/stats.js
var stats = __nccwpck_require__(59);
// EXTERNAL MODULE: ./build/ncc-src/server/worker-role.js
var worker_role = __nccwpck_require__(331);
;// CONCATENATED MODULE: ./build/ncc-src/wrapper-bundle.js
/**
 * The per-compile entry point, bundled alone into `dist/wrap/index.js` (no AWS SDK, no @actions/*):
 *
 *   wrap <compiler> <args…>        run one compile through the cache (the launcher calls this)
 *   --shim <shim path> <args…>     what a masquerade shim runs: the compiler named like the shim
 *   stats [--json]                 the counters since the last zero-stats, with the hit rate
 *   zero-stats                     start counting from zero
 *   install-shims <dir>            write the shims and the launcher into <dir>
 *
 * Environment: COMPILE_CACHE_DIR, COMPILE_CACHE_TENANT, COMPILE_CACHE_DISABLE, COMPILE_CACHE_LOG
 * (see docs/wrapper.md).
 */










const USAGE = `usage: compile-cache-wrap wrap <compiler> <args...>
       compile-cache-wrap --shim <shim path> <args...>
       compile-cache-wrap stats [--json]
       compile-cache-wrap zero-stats
       compile-cache-wrap install-shims <dir>
       compile-cache-wrap server [--idle-timeout <seconds>] [--warm-up] | server status | server stop | server headers
`;
function cacheDirFrom(env) {
    const dir = env.COMPILE_CACHE_DIR;
    if (dir !== undefined && dir !== '')
        return external_node_path_.resolve(dir);
    const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
        ? env.XDG_CACHE_HOME
        : external_node_path_.join(external_node_os_.homedir(), '.cache');
    return external_node_path_.join(base, 'compile-cache');
}
function fail(message, status = 2) {
    (0,wrap/* writeAllSync */.Ud)(2, Buffer.from(`compile-cache: ${message}\n`));
    return { status, signal: null };
}
/** One compile through the core (compile.ts), answered on this process's stdio. */
async function runCompile(invokedAs, mode, args) {
    const env = process.env;
    const session = (0,compile/* createSession */.j)(cacheDirFrom(env));
    const answer = await (0,compile/* compile */.w)(session, {
        invokedAs,
        mode,
        args,
        cwd: process.cwd(),
        env,
        stderrIsTTY: process.stderr.isTTY === true
    });
    if (answer.kind === 'done') {
        (0,wrap/* writeAllSync */.Ud)(1, answer.stdout);
        (0,wrap/* writeAllSync */.Ud)(2, answer.stderr);
        return { status: answer.status, signal: answer.signal };
    }
    // Not for the cache: the compiler with our stdio, as if the wrapper were not there.
    const r = (0,external_node_child_process_.spawnSync)(answer.compiler, answer.args, { stdio: 'inherit', env: (0,wrap/* childEnv */.gf)(env) });
    if (r.error !== undefined) {
        const code = r.error.code;
        (0,wrap/* writeAllSync */.Ud)(2, Buffer.from(`compile-cache: cannot run ${answer.compiler}: ${r.error.message}\n`));
        return { status: code === 'ENOENT' ? 127 : code === 'EACCES' ? 126 : 1, signal: null };
    }
    return { status: r.status ?? 1, signal: r.signal };
}
async function main(argv) {
    const [command, ...rest] = argv;
    switch (command) {
        case 'wrap': {
            if (rest[0] === undefined)
                return fail('wrap needs a compiler: wrap <compiler> <args...>');
            // As the launcher: the compiler is the first argument.
            return runCompile('wrap', 'launcher', rest);
        }
        case '--shim': {
            const [shim, ...args] = rest;
            if (shim === undefined)
                return fail('--shim needs the shim path');
            return runCompile(shim, 'shim', args);
        }
        case 'stats': {
            const dir = cacheDirFrom(process.env);
            const s = await (0,stats/* readStats */.uq)(dir);
            const text = rest.includes('--json')
                ? JSON.stringify({ ...s, hitRate: (0,stats/* hitRate */.aK)(s) }, null, 2) + '\n'
                : (0,stats/* formatStats */.zF)(s);
            (0,wrap/* writeAllSync */.Ud)(1, Buffer.from(text));
            return { status: 0, signal: null };
        }
        case 'zero-stats':
            for (const note of await (0,stats/* zeroStats */.mn)(cacheDirFrom(process.env))) {
                (0,wrap/* writeAllSync */.Ud)(2, Buffer.from(`compile-cache: warning: ${note}\n`));
            }
            return { status: 0, signal: null };
        case 'install-shims': {
            const [dir] = rest;
            if (dir === undefined)
                return fail('install-shims needs a directory');
            const script = (0,external_node_fs_.realpathSync)(process.argv[1]);
            const r = await installShims(dir, { node: process.execPath, wrapperScript: script });
            if (r.note !== undefined)
                (0,wrap/* writeAllSync */.Ud)(2, Buffer.from(`compile-cache: ${r.note}\n`));
            (0,wrap/* writeAllSync */.Ud)(1, Buffer.from(`${r.dir}\n${r.launcher}\n`));
            return { status: 0, signal: null };
        }
        case 'server': {
            // Loaded on demand: a compile never loads the server's code (docs/server.md).
            const { serverCommand } = await __nccwpck_require__.e(/* import() */ 564).then(__nccwpck_require__.bind(__nccwpck_require__, 564));
            return { status: await serverCommand(rest, cacheDirFrom(process.env)), signal: null };
        }
        case '--help':
        case '-h':
        case 'help':
            (0,wrap/* writeAllSync */.Ud)(1, Buffer.from(USAGE));
            return { status: 0, signal: null };
        default:
            (0,wrap/* writeAllSync */.Ud)(2, Buffer.from(USAGE));
            return { status: 2, signal: null };
    }
}
if ((0,worker_role/* isCompileWorker */.A5)(external_node_worker_threads_.isMainThread, external_node_worker_threads_.workerData)) {
    // A compile thread of the server (src/server/compile-pool.ts): its loop, not a command.
    void __nccwpck_require__.e(/* import() */ 726).then(__nccwpck_require__.bind(__nccwpck_require__, 726)).then(m => m.serveCompiles());
}
else {
    runMain();
}
function runMain() {
    main(process.argv.slice(2)).then(outcome => {
        if (outcome.signal !== null) {
            // End the way the compiler did, so make sees the same signal.
            process.kill(process.pid, outcome.signal);
        }
        process.exit(outcome.status);
    }, (err) => {
        (0,wrap/* writeAllSync */.Ud)(2, Buffer.from(`compile-cache: ${err instanceof Error ? err.message : String(err)}\n`));
        process.exit(1);
    });
}

var __webpack_exports__cacheDirFrom = __webpack_exports__.e;
export { __webpack_exports__cacheDirFrom as cacheDirFrom };
