export const id = 555;
export const ids = [555];
export const modules = {

/***/ 1555:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runStep: () => (/* binding */ runStep)
});

// UNUSED EXPORTS: ENV

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/compilers.js
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
function compilers_isKnownCompiler(invokedPath, realPath) {
    const real = path.basename(realPath);
    if (NOT_A_COMPILER.has(real))
        return false;
    return KNOWN_DRIVER.test(path.basename(invokedPath)) || KNOWN_DRIVER.test(real);
}
/** Whether `file` is one of our shims or the launcher (by content: copies and links are caught too). */
function ourFileKind(file) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(file, 'r');
    }
    catch {
        return null;
    }
    try {
        const buf = Buffer.alloc(HEAD_BYTES);
        const n = (0,external_node_fs_.readSync)(fd, buf, 0, buf.length, 0);
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
        const kind = external_node_path_.basename(file) === LAUNCHER_NAME ? 'launcher' : 'shim';
        if (head.includes(NATIVE_MARKER))
            return kind;
        const st = (0,external_node_fs_.fstatSync)(fd);
        if (!st.isFile() || st.size > MAX_NATIVE_CLIENT_SIZE)
            return null;
        const all = Buffer.alloc(st.size);
        const got = (0,external_node_fs_.readSync)(fd, all, 0, st.size, 0);
        return all.subarray(0, got).includes(NATIVE_MARKER) ? kind : null;
    }
    catch {
        return null;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
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
        const st = (0,external_node_fs_.statSync)(file, { bigint: true, throwIfNoEntry: false });
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
        const st = (0,external_node_fs_.statSync)(dir, { bigint: true, throwIfNoEntry: false });
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
    for (const entry of (pathEnv ?? '').split(external_node_path_.delimiter)) {
        // Relative entries (and the empty one, `.`) are the compile's working directory's, not ours.
        const dir = external_node_path_.resolve(cwd, entry === '' ? '.' : entry);
        // A directory on PATH twice answers the same the second time.
        if (tried.has(dir))
            continue;
        tried.add(dir);
        const candidate = external_node_path_.join(dir, name);
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
        return external_node_path_.resolve(candidate);
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
    const abs = path.resolve(cwd, requested);
    const kind = ourFileKind(abs);
    if (kind === null)
        return { path: abs, requested };
    if (kind === 'launcher')
        return null;
    const found = findOnPath(path.basename(abs), pathEnv, [...skipDirs, path.dirname(abs)], cwd);
    return found === null ? null : { path: found, requested };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./build/ncc-src/store/lazy-crypto.js
var lazy_crypto = __webpack_require__(8818);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/temp-name.js
/**
 * Suffixes for temporary file names (written, then renamed into place). No node:crypto: it is not
 * loaded yet when these are needed (see lazy-crypto.ts), and the pid already separates processes.
 */
function temp_name_tempSuffix() {
    return `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

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
    return `${NATIVE_MARKER.slice(1)}${node}\n${wrapperScript}\n`;
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
        compiler = findOnPath(name, pathEnv, [dir]);
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
        const tmp = `${binary}.tmp-${temp_name_tempSuffix()}`;
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

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(8300);
// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __webpack_require__(3233);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/args.js
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
    const dir = path.dirname(file);
    const base = path.basename(file);
    const dot = base.lastIndexOf('.');
    const stem = dot >= 0 ? base.slice(0, dot) : base;
    const name = stem + ext;
    return dir === '.' && !file.startsWith('./') ? name : path.join(dir, name);
}
function passThrough(reason, detail) {
    return { cacheable: false, reason, detail };
}
/**
 * Classifies a compiler command line: cacheable (with what the key and the -E run need), or the
 * reason it runs uncached. Read top to bottom: the environment, every argument, the one input and
 * output, the depfile.
 */
function args_classify(args, env) {
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
    const output = s.outputs[0] ?? replaceExtension(path.basename(input.file), '.o');
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
            const byExt = EXTENSION_LANGUAGE[path.extname(a).slice(1)];
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
    const dpath = s.depfiles[0] ?? replaceExtension(outputGiven ? output : path.basename(source), '.d');
    if (dpath === '-')
        return passThrough('unproven-option', '-MF -');
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
function args_debugWorkingDir(cwd, maps) {
    const matching = maps.filter(([from]) => from !== '' && (cwd === from || cwd.startsWith(from.endsWith('/') ? from : from + '/')));
    if (matching.length !== 1)
        return cwd;
    const [from, to] = matching[0];
    return to + cwd.slice(from.length);
}

// EXTERNAL MODULE: ./build/ncc-src/compiler/cache-root.js
var cache_root = __webpack_require__(1663);
// EXTERNAL MODULE: ./build/ncc-src/compiler/lazy-crypto.js
var compiler_lazy_crypto = __webpack_require__(3496);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/key.js


/** Bump when anything about what goes into the key changes: old entries then simply miss. */
const key_KEY_VERSION = 'compile-cache compile key v2';
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
function key_dropWorkingDirMarker(preprocessed, cwd) {
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
class key_FieldHash {
    h = nodeCrypto().createHash('sha256');
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
function key_compileKey(k) {
    const h = new key_FieldHash();
    const c = k.command;
    h.field('version', key_KEY_VERSION);
    h.field('compiler', k.compilerIdentity);
    h.field('language', c.language);
    for (const a of k.keyArgs)
        h.field('arg', a);
    for (const a of k.extraArgs)
        h.field('arg', a);
    if (c.debug)
        h.field('cwd', debugWorkingDir(k.cwd, c.prefixMaps));
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

;// CONCATENATED MODULE: ./build/ncc-src/compiler/travel.js
/**
 * Keys that travel between checkouts: with `-ffile-prefix-map=<checkout>=<to>` (or the debug and
 * macro maps together) gcc and clang write no path below the checkout into the object, so the
 * checkout's own path is taken out of the key: in the arguments and in the preprocessed text's
 * line markers it becomes TOKEN. See docs/wrapper.md, "Keys that travel", for the rules and why
 * each is sound.
 */


/** Stands for the checkout in the key: no path or argument can hold a NUL byte. */
const travel_TOKEN = '\0';
/** `p` is `prefix` or below it, as both gcc and clang map it (gcc alone would also map `/a/bc` by `/a/b`). */
function travel_isBelow(p, prefix) {
    return prefix.endsWith('/') ? p.startsWith(prefix) : p === prefix || p.startsWith(prefix + '/');
}
function canonicalAbsolute(p) {
    return path.isAbsolute(p) && p.length > 1 && PLAIN_PATH.test(p) && !/\/\/|\/\.\.?(\/|$)/.test(p);
}
/**
 * The checkout prefix this command's paths may be normalised by, or null: the left side of the one
 * prefix map covering the working directory, mapped for debug info and for macros alike
 * (`-ffile-prefix-map`, or `-fdebug-prefix-map` and `-fmacro-prefix-map` with the same left side,
 * each once), absolute and plain, with no other map whose left side overlaps it (compilers differ on
 * which of two matching maps wins). Never for an assembler source with debug info.
 */
function travel_travellingPrefix(cmd, cwd) {
    // clang's integrated assembler (clang 14) writes the absolute paths of a `.S` file's debug info
    // whatever the maps say: assembler sources with debug info keep the absolute key.
    if (cmd.language === 'assembler-with-cpp' && cmd.debug)
        return null;
    // Preprocessed sources (.i, .ii) were not compared at two paths: keyed as written.
    if (cmd.language === 'cpp-output' || cmd.language === 'c++-cpp-output')
        return null;
    const covers = (from) => from !== '' && (travel_isBelow(cwd, from) || cwd + '/' === from);
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
const JOINED_PATH_OPTIONS = (/* unused pure expression or super */ null && ([
    '-I',
    '-isystem',
    '-iquote',
    '-idirafter',
    '-iframework',
    '-isysroot',
    '--sysroot='
]));
/** The key arguments with the checkout replaced by TOKEN in paths and in the prefix maps' left sides. */
function travel_normaliseArgs(keyArgs, prefix) {
    const swap = (p) => travel_TOKEN + p.slice(prefix.length);
    return keyArgs.map(a => {
        if (travel_isBelow(a, prefix))
            return swap(a);
        const map = /^-f(file|debug|macro)-prefix-map=/.exec(a);
        if (map !== null && a.startsWith(`${map[0]}${prefix}=`))
            return map[0] + travel_TOKEN + a.slice(map[0].length + prefix.length);
        for (const opt of JOINED_PATH_OPTIONS) {
            if (a.startsWith(opt) && travel_isBelow(a.slice(opt.length), prefix))
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
function travel_normaliseMarkers(preprocessed, prefix) {
    const text = preprocessed.toString('latin1');
    let refused = false;
    let changed = false;
    const out = text.replace(MARKER, (whole, head, file, tail) => {
        if (!file.startsWith(prefix))
            return whole;
        if (!travel_isBelow(file, prefix)) {
            refused = true;
            return whole;
        }
        changed = true;
        return head + travel_TOKEN + file.slice(prefix.length) + tail;
    });
    if (refused)
        return null;
    return changed ? Buffer.from(out, 'latin1') : preprocessed;
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/direct/file-hash.js
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
const MAX_FILE = (/* unused pure expression or super */ null && (64 * 1024 * 1024));
/** A file changed this close to the reference time is too new to trust (covers 1 s timestamps). */
const file_hash_TOO_NEW_NS = 1000000000n;
/** Entries kept per session before the cache starts over (bounds a server's memory). */
const MAX_ENTRIES = 200_000;
/** Milliseconds as `stat` computes them from seconds and nanoseconds (the same double). */
function msOf(ns) {
    return Number(ns / 1000000000n) * 1e3 + Number(ns % 1000000000n) / 1e6;
}
/** Hashes by path; with `recordLearned`, what it hashes is also kept for other threads to adopt. */
class file_hash_StatCache {
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
function file_hash_nowNs() {
    return BigInt(Date.now()) * 1000000n;
}
/**
 * The hash of the regular file at `file` (absolute), or null when it is missing, not a regular file
 * or too large. `referenceNs`: when the compile that read it started.
 */
function file_hash_hashFile(cache, file, referenceNs) {
    // The common case, a header hashed before and unchanged, costs one stat: no open, no exception.
    const known = cache.get(file);
    if (known !== undefined) {
        let st;
        try {
            st = statSync(file, { throwIfNoEntry: false });
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
        fd = openSync(file, C.O_RDONLY | C.O_NONBLOCK);
    }
    catch {
        return null;
    }
    try {
        const st = fstatSync(fd, { bigint: true });
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
            const n = readSync(fd, buf, len, size - len, len);
            if (n === 0)
                return null; // shrank while read: changing under us
            len += n;
        }
        const hash = nodeCrypto().createHash('sha256').update(buf).digest('hex');
        const flags = {
            volatile: buf.includes('__DATE__') || buf.includes('__TIME__') || buf.includes('__TIMESTAMP__'),
            probes: buf.includes('__has_include'),
            incbin: buf.includes('.incbin')
        };
        const newest = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
        const limit = (referenceNs < file_hash_nowNs() ? referenceNs : file_hash_nowNs()) - file_hash_TOO_NEW_NS;
        const tooNew = newest >= limit;
        if (!tooNew)
            cache.remember(file, { ...stamp, ...flags, hash });
        return { hash, ...flags, tooNew };
    }
    catch {
        return null;
    }
    finally {
        closeSync(fd);
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/direct/direct.js
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
const MANIFEST_ENV = [...KEY_ENV, ...INCLUDE_ENV];
/** Options whose files the preprocessor reads without a line marker: such a call has no manifest. */
const UNMARKED_INPUT = /^-(imacros|ivfsoverlay|fmodule-map-file=|fmodules-cache-path=)/;
/** Whether direct mode may be used for this command at all. */
function direct_directModeApplies(cmd, env) {
    const v = env.COMPILE_CACHE_DIRECT;
    if (v !== undefined && /^(0|false|no|off)$/i.test(v.trim()))
        return false;
    return (!cmd.keyArgs.some(a => UNMARKED_INPUT.test(a)) &&
        cmd.language !== 'cpp-output' &&
        cmd.language !== 'c++-cpp-output');
}
/** Options whose value names a file or directory the compile reads (a relative one: from the working directory). */
const INPUT_PATH_OPTIONS = (/* unused pure expression or super */ null && ([
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
]));
/**
 * Paths from the environment where headers or the compiler's own programs are looked for: an empty
 * element or a relative one means the working directory.
 */
const PATH_LIST_ENV = (/* unused pure expression or super */ null && ([
    'CPATH',
    'C_INCLUDE_PATH',
    'CPLUS_INCLUDE_PATH',
    'OBJC_INCLUDE_PATH',
    'GCC_EXEC_PREFIX',
    'COMPILER_PATH'
]));
/**
 * Whether the compile reads nothing through its working directory: no debug info (which records
 * it), every source and every file or directory an option names given as an absolute path, no
 * relative include path from the environment. Then its manifest key leaves the working directory
 * out, and its entries whose files are all absolute hold in any working directory: CMake's build
 * directories of one tree (absolute sources, per-directory object paths) share direct- and
 * depend-mode entries as they share preprocessor-mode ones (whose key holds the working directory
 * only with debug info). Conservative: a value this cannot read as absolute keeps the directory.
 */
function direct_anyWorkingDir(d) {
    const c = d.command;
    if (d.prefix !== null || c.debug)
        return false;
    for (const a of [...c.keyArgs, ...d.extraArgs]) {
        if (!a.startsWith('-')) {
            // A source, or the value of an option written apart from it (`-I dir`, `-D NAME`).
            if (!path.isAbsolute(a))
                return false;
            continue;
        }
        const option = INPUT_PATH_OPTIONS.find(o => a.startsWith(o));
        if (option !== undefined && a.length > option.length) {
            const value = a.slice(option.length).replace(/^=/, '');
            if (!path.isAbsolute(value))
                return false;
        }
        // Any other `-f…=` or `--…=` option with a relative path for a value (a prefix map's relative
        // side): the working directory is kept rather than the option told apart.
        const eq = /^-(?:f|-)[^=]*=(.*)$/s.exec(a);
        if (eq !== null && eq[1].includes('/') && !path.isAbsolute(eq[1]))
            return false;
    }
    for (const name of PATH_LIST_ENV) {
        const v = d.env[name];
        if (v !== undefined && v.split(':').some(dir => !path.isAbsolute(dir)))
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
function direct_entryScope(r, files) {
    if (r.travel)
        return null;
    if (!r.anywhere)
        return r.cwd;
    return files.every(([name]) => path.isAbsolute(name)) ? null : r.cwd;
}
/**
 * The manifest key: everything the result key depends on except what the files' contents decide.
 * `anywhere` is anyWorkingDir(d), for a caller that has it already.
 */
function direct_manifestKey(d, anywhere = direct_anyWorkingDir(d)) {
    const h = new FieldHash();
    const c = d.command;
    h.field('version', `compile-cache manifest key v1 / ${KEY_VERSION}`);
    h.field('compiler', d.compilerIdentity);
    h.field('language', c.language);
    const args = d.prefix === null ? c.keyArgs : normaliseArgs(c.keyArgs, d.prefix);
    for (const a of args)
        h.field('arg', a);
    for (const a of d.extraArgs)
        h.field('arg', a);
    // Relative includes are found from here (and debug info records it); '' where nothing is (anyWorkingDir).
    h.field('cwd', d.prefix !== null ? TOKEN + d.cwd.slice(d.prefix.length) : anywhere ? '' : d.cwd);
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
    if (p.startsWith(TOKEN))
        return prefix === null ? null : prefix + p.slice(1);
    return path.resolve(cwd, p);
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
        return file === null || isBelow(file, cacheDir) ? null : file;
    });
    locatedFiles.set(e, { cacheDir, cwd, prefix, files });
    return files;
}
/**
 * The newest entry of `m` whose files all have their recorded content here, or null. Files below
 * the cache directory never count as matching (its content is planted, and may be a FIFO).
 */
function direct_matchingEntry(m, session, cwd, prefix) {
    const seen = new Map();
    const reference = nowNs();
    const hashOf = (file) => {
        let h = seen.get(file);
        if (h === undefined) {
            h = hashFile(session.fileHashes, file, reference)?.hash ?? null;
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
function direct_entryFor(session, preprocessed, directIncludes, r) {
    const latin1 = (s) => Buffer.from(s, 'latin1').toString('utf8');
    const recorded = (name) => r.travel && r.prefix !== null && isBelow(name, r.prefix) ? TOKEN + name.slice(r.prefix.length) : name;
    const files = [];
    for (const [rawName, system] of markedFiles(preprocessed)) {
        const name = latin1(rawName);
        const file = path.resolve(r.cwd, name);
        if (isBelow(file, session.cacheDir))
            return `${file} is in the cache directory`;
        const h = hashFile(session.fileHashes, file, r.startedNs);
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
        scope: direct_entryScope(r, files),
        files,
        direct: directIncludes.map(d => recorded(latin1(d)))
    };
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/direct/depend.js
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
function depend_dependSetting(env) {
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
function depend_newDependPolicy(share = false) {
    return { fruitlessLookups: 0, engagedMisses: 0, outcomes: share ? [] : null, storeSeen: false };
}
/**
 * Once per session, before its first choice: a store with no compile entry at all (a first build,
 * a wiped cache) has nothing a preprocessor lookup could find, so it counts as that many fruitless
 * lookups already (handed to the other threads like any outcome).
 */
function depend_seedFromStore(state, storeIsEmpty) {
    if (state.storeSeen)
        return;
    state.storeSeen = true;
    if (state.fruitlessLookups > 0 || !storeIsEmpty())
        return;
    for (let i = 0; i < DEPEND_AFTER_MISSES; i++)
        depend_notePreprocessorLookup(state, false);
}
/** Whether this direct-mode miss is compiled in depend mode (called once per eligible miss). */
function depend_chooseDependMode(state, setting) {
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
function depend_notePreprocessorLookup(state, found) {
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
function depend_dependModeApplies(cmd) {
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
function depend_sourceIncludes(source) {
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
function depend_depfileInputs(depfile) {
    const parsed = parseDepfile(depfile.toString('latin1'));
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
function depend_hashInputs(session, inputs, includes, r) {
    const files = [];
    const probing = [];
    for (const name of inputs) {
        const file = path.resolve(r.cwd, name);
        if (isBelow(file, session.cacheDir))
            return `${file} is in the cache directory`;
        if (/\.(gch|pch)$/.test(file))
            return `${file}: a precompiled header`;
        const h = hashFile(session.fileHashes, file, r.startedNs);
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
function depend_isSystemHeader(file, systemDirs) {
    return systemDirs.some(d => isBelow(file, d));
}
/**
 * The result key of a depend-mode compile: the manifest key (which holds everything but the
 * contents of the files read) and every input with its content. `recorded` is how each path goes
 * into the key (the checkout replaced by TOKEN for a travelling key).
 */
function depend_dependKey(manifestKey, files, recorded, cwd = null) {
    const h = new FieldHash();
    h.field('version', `compile-cache depend key v1 / ${KEY_VERSION}`);
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
function depend_travellingNames(names, prefix) {
    if (names.some(n => n.startsWith(prefix) && !isBelow(n, prefix)))
        return null;
    return name => (isBelow(name, prefix) ? TOKEN + name.slice(prefix.length) : name);
}
/** The manifest entry for a depend-mode result. */
function depend_dependManifestEntry(found, r) {
    const rec = r.travel ? r.recorded : (name) => name;
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
function depend_parseSearchList(stderr) {
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
        .map(l => path.normalize(l).replace(/\/$/, ''));
}
/** Options that change the compiler's own search list: with one of them, no header counts as a system header here. */
const depend_SEARCH_LIST_OPTIONS = /^-(-?sysroot|isysroot|nostdinc|nostdlibinc|stdlib=|-?target|m(16|32|x32|64)$|B|-gcc-toolchain|iwithsysroot)/;

// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __webpack_require__(2642);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/direct/manifest.js
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
const manifest_MAX_ENTRIES = 16;
/** A manifest blob larger than this is not read. */
const MAX_MANIFEST_BYTES = (/* unused pure expression or super */ null && (8 * 1024 * 1024));
const MAX_FILES = 50_000;
function validPath(p) {
    return (typeof p === 'string' &&
        p !== '' &&
        !p.slice(1).includes(TOKEN) &&
        (p[0] !== TOKEN || p[1] === '/' || p.length === 1));
}
function validEntry(e) {
    if (typeof e !== 'object' || e === null)
        return false;
    const o = e;
    return (typeof o.key === 'string' &&
        isSha256Hex(o.key) &&
        typeof o.travel === 'boolean' &&
        (o.scope === null || (typeof o.scope === 'string' && o.scope.startsWith('/'))) &&
        Array.isArray(o.files) &&
        o.files.length <= MAX_FILES &&
        o.files.every(f => Array.isArray(f) && f.length === 2 && validPath(f[0]) && isSha256Hex(f[1])) &&
        Array.isArray(o.direct) &&
        o.direct.length <= MAX_FILES &&
        o.direct.every(validPath));
}
/** The manifest in `bytes`, or null when they are not a well-formed one. */
function manifest_decodeManifest(bytes) {
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
    if (o.version !== 1 || !Array.isArray(o.entries) || o.entries.length > manifest_MAX_ENTRIES)
        return null;
    if (!o.entries.every(validEntry))
        return null;
    return { entries: o.entries };
}
function manifest_encodeManifest(m) {
    return Buffer.from(JSON.stringify({ version: 1, entries: m.entries }), 'utf8');
}
/** `m` with `entry` first, replacing any entry with the same files and scope, at most MAX_ENTRIES. */
function manifest_withEntry(m, entry) {
    const same = (a) => a.scope === entry.scope &&
        a.files.length === entry.files.length &&
        a.files.every((f, i) => f[0] === entry.files[i]?.[0] && f[1] === entry.files[i]?.[1]);
    const rest = (m?.entries ?? []).filter(e => !same(e));
    return { entries: [entry, ...rest].slice(0, manifest_MAX_ENTRIES) };
}

// EXTERNAL MODULE: ./build/ncc-src/compiler/identity.js
var identity = __webpack_require__(9472);
// EXTERNAL MODULE: ./build/ncc-src/compiler/stats.js
var stats = __webpack_require__(9059);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/session.js



function newSession(cacheDir, opts = {}) {
    return {
        cacheDir,
        logFile: opts.logFile,
        longLived: opts.longLived ?? false,
        identities: new Map(),
        storeModule: null,
        fileHashes: new StatCache({ recordLearned: opts.shareHashes === true }),
        manifests: new Map(),
        manifestBytes: 0,
        deferred: [],
        dependPolicy: newDependPolicy(opts.shareHashes === true),
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
function session_afterAnswer(session, work) {
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
const MAX_REMEMBERED_BYTES = (/* unused pure expression or super */ null && (32 * 1024 * 1024));
/**
 * Keeps a manifest read or written (`bytes`: its blob's size), by hex manifest key. Bounded, since a
 * server lives long: a C++ manifest names hundreds of headers (tens of KB of JSON, more decoded), so
 * a project of thousands of sources would otherwise hold hundreds of MB. Past either bound the
 * session starts over (a forgotten manifest is read from the store again), or, with `onlyIfRoom`
 * (the warm-up's, which must not push out what the build uses), the manifest is not kept. Whether
 * it was kept.
 */
function session_rememberManifest(session, hex, m, bytes, onlyIfRoom = false) {
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
async function session_openCompileStore(session, namespace, tenant) {
    session.storeModule ??= Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8584));
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
        recordEvents(session.cacheDir, [{ type: 'error', kind: 'kept-chunk' }]);
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
        session.storeModule ??= Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8584));
        const { DiskCacheStore } = await session.storeModule;
        const r = await new DiskCacheStore(session.cacheDir, { onKeptRefused: keptRefused(session) }).installKept(stop);
        return { ...r, ms: Date.now() - started };
    }
    catch (err) {
        return { entries: 0, stopped: `it failed: ${err.message}`, ms: Date.now() - started };
    }
}

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
const MAX_BUFFER = (/* unused pure expression or super */ null && (1 << 30));
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
    if (path.basename(env.NODE_COMPILE_CACHE ?? '') === NODE_COMPILE_CACHE_DIR)
        delete child.NODE_COMPILE_CACHE;
    return child;
}
/**
 * Starts `compiler args` with its output piped into memory (at most MAX_BUFFER bytes per stream:
 * beyond that it is killed and `error` set). `keepStderr` false only drains stderr.
 */
function startCaptured(compiler, args, ctx, keepStderr) {
    let error;
    const child = spawn(compiler, args, {
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
            off += writeSync(fd, data, off, data.byteLength - off);
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
        if (!recordEvents(this.ctx.cacheDir, this.events)) {
            this.note(`statistics not recorded: ${statsFile(this.ctx.cacheDir)} (or its directory) is not a regular file this wrapper can append to, or cannot be created`);
        }
        if (this.ctx.logFile === null || this.log.length === 0)
            return;
        // A compile thread of the server says which (`[pid/t2]`): the main thread and the shim give the pid.
        const who = threadId === 0 ? `${process.pid}` : `${process.pid}/t${threadId}`;
        const head = `${new Date().toISOString()} [${who}] ${this.ctx.cwd}: ${compiler} ${args.join(' ')}`;
        try {
            writeFileSync(this.ctx.logFile, `${head}\n${this.log.map(l => `  ${l}\n`).join('')}`, { flag: 'a' });
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
    return afterAnswer(call.ctx.session, async (deferred) => {
        try {
            await touch();
        }
        catch (err) {
            if (deferred)
                recordEvents(call.ctx.cacheDir, [troubleEvent('touch', err)]);
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
        return lstatSync(file).isFile();
    }
    catch (err) {
        return err.code === 'ENOENT';
    }
}
/** Outputs up to this size are written on the calling thread (see writeFileAtomic). */
const INLINE_WRITE_MAX = (/* unused pure expression or super */ null && (1 << 20));
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
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.compile-cache-${tempSuffix()}`);
    try {
        if (data.byteLength <= INLINE_WRITE_MAX) {
            writeFileSync(tmp, data);
            // unlink(2) itself rather than rmSync, which stats the file first: resolve() checked that it
            // is a regular file or missing.
            try {
                unlinkSync(file);
            }
            catch (err) {
                if (err.code !== 'ENOENT')
                    throw err;
            }
            renameSync(tmp, file);
        }
        else {
            await writeFile(tmp, data);
            await rm(file, { force: true });
            await rename(tmp, file);
        }
    }
    catch (err) {
        await rm(tmp, { force: true });
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
const FORCED_INCLUDE_PCH = (/* unused pure expression or super */ null && (['.gch', '.pch']));
const DIRECT_INCLUDE_PCH = (/* unused pure expression or super */ null && (['.gch']));
function hasPrecompiledHeader(headers, cwd, exts) {
    for (const h of headers) {
        for (const ext of exts) {
            // No exception for the usual answer (none): a hit checks every direct include this way.
            try {
                if (statSync(path.resolve(cwd, h + ext), { throwIfNoEntry: false }) !== undefined)
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
    return path.relative(path.resolve(cwd, outputDir), path.resolve(cwd, file)).split(path.sep).join('/');
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
    const c = classify(args, ctx.env);
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
    if (store !== null && direct !== null && !direct.sourceTooNew && dependModeApplies(call.cmd)) {
        const setting = dependSetting(ctx.env);
        if (setting === 'auto')
            seedFromStore(ctx.session.dependPolicy, () => storeIsEmpty(store));
        if (chooseDependMode(ctx.session.dependPolicy, setting)) {
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
                    notePreprocessorLookup(ctx.session.dependPolicy, true);
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
            notePreprocessorLookup(ctx.session.dependPolicy, stored !== null && !manifested);
    }
    return compiled.answer;
}
/**
 * direct: the manifest for this command and source, and the result its unchanged files name. Null
 * when direct mode does not apply or anything about it goes wrong (then: preprocessor mode).
 */
async function directLookup(call, identity, store) {
    const { cmd, ctx, rec } = call;
    if (!directModeApplies(cmd, ctx.env))
        return null;
    try {
        const depfileTargets = keyedTargets(cmd);
        const prefix = depfileTargets === null ? travellingPrefix(cmd, ctx.cwd) : null;
        const source = hashFile(ctx.session.fileHashes, path.resolve(ctx.cwd, cmd.source), nowNs());
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
        const anywhere = anyWorkingDir(inputs);
        const mkey = manifestKey(inputs, anywhere);
        const hex = mkey.toString('hex');
        const manifests = await openCompileStore(ctx.session, MANIFESTS, ctx.tenant);
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
            entry = matchingEntry(remembered, ctx.session, ctx.cwd, prefix);
        if (entry === null) {
            // Another process may have added an entry since: the stored manifest is the truth.
            const bytes = await manifests.get(mkey, 'manifest');
            const m = bytes === null ? null : decodeManifest(bytes);
            if (bytes !== null && m === null)
                rec.note(`manifest ${hex} malformed: ignored`);
            if (m !== null) {
                rememberManifest(ctx.session, hex, m, bytes?.length ?? 0);
                entry = matchingEntry(m, ctx.session, ctx.cwd, prefix);
            }
        }
        rec.phase('direct');
        if (entry === null)
            return state;
        const located = entry.direct.map(d => (d.startsWith(TOKEN) && prefix !== null ? prefix + d.slice(1) : d));
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
        const entry = entryFor(ctx.session, prepared.preprocessed, directIncludes(prepared.preprocessed), {
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
    const m = withEntry(bytes === null ? null : decodeManifest(bytes), entry);
    makeDirBounded(ctx.cacheDir);
    ensureDirChain(ctx.cacheDir, path.join(ctx.cacheDir, MANIFESTS, ctx.tenant));
    const encoded = encodeManifest(m);
    await direct.manifests.put(direct.manifestKey, 'manifest', encoded);
    rememberManifest(ctx.session, hex, m, encoded.length);
    rec.note(`manifest ${hex} updated`);
}
/** The depfile's targets keyed (restored as stored) only when one needs make quoting: otherwise a hit writes them. */
function keyedTargets(cmd) {
    if (cmd.depfile === null)
        return null;
    const targets = cmd.depfile.targets;
    return targets.every(t => PLAIN_PATH.test(t.name))
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
    const absolute = compileKey({ ...base, keyArgs: cmd.keyArgs, paths: 'absolute', preprocessed });
    // A depfile restored as stored cannot be moved to another checkout.
    const prefix = depfileTargets === null ? travellingPrefix(cmd, ctx.cwd) : null;
    const markers = prefix === null ? null : normaliseMarkers(preprocessed, prefix);
    if (prefix === null || markers === null)
        return { primary: absolute, travel: null, absolute, lookups: [[absolute, false]] };
    const travelling = compileKey({
        ...base,
        keyArgs: normaliseArgs(cmd.keyArgs, prefix),
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
        realCompiler = realpathSync.native(compiler);
    }
    catch {
        return new PassThrough('unknown-compiler', `${compiler} not found`);
    }
    if (!isKnownCompiler(compiler, realCompiler))
        return new PassThrough('unknown-compiler', realCompiler);
    for (const f of [cmd.output, cmd.depfile?.path]) {
        if (f !== undefined && !replaceable(path.resolve(ctx.cwd, f)))
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
    const store = openCompileStore(ctx.session, 'compile', ctx.tenant).catch((err) => {
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
    const startedNs = nowNs();
    const pp = await startCaptured(compiler, cmd.preprocessArgs, ctx, false).done;
    rec.phase('preprocessed');
    if (pp.error !== undefined || pp.status !== 0) {
        // The compile fails the same way; its own diagnostics are what the user must see.
        return new PassThrough('preprocess-failed', pp.error?.message ?? `exit ${pp.status ?? pp.signal}`);
    }
    const preprocessed = dropWorkingDirMarker(pp.stdout, ctx.cwd);
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
    return /clang/.test(path.basename(realCompiler)) ? 'clang' : 'gcc';
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
    if (travel !== null && isBelow(cmd.source, travel)) {
        const first = parseDepfile(Buffer.from(stored).toString('latin1'))?.deps[0];
        const suffix = cmd.source.slice(travel.length);
        if (first === undefined || !first.endsWith(suffix))
            return null;
        move = { from: first.slice(0, first.length - suffix.length), to: travel };
    }
    return rewriteDepfile(stored, call.style, cmd.depfile.targets.map(t => t.name), move);
}
/** Writes a hit's object file and depfile; false when the entry lacks the depfile this call needs. */
async function restoreFiles(call, hit, travel) {
    const { cmd, ctx } = call;
    const cwd = ctx.cwd;
    let depData = null;
    if (cmd.depfile !== null) {
        const expected = relativeExtraPath(path.dirname(cmd.output), cmd.depfile.path, cwd);
        const stored = pickDepfile(hit.extras ?? [], expected);
        depData = stored === null ? null : depfileFor(call, stored, travel);
        if (depData === null) {
            call.rec.note('stored depfile not usable for this call: a miss');
            return false;
        }
    }
    await writeFileAtomic(path.resolve(cwd, cmd.output), hit.output);
    if (cmd.depfile !== null && depData !== null) {
        await writeFileAtomic(path.resolve(cwd, cmd.depfile.path), depData);
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
        return sourceIncludes(readFileSync(path.resolve(call.ctx.cwd, call.cmd.source)));
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
    const startedNs = nowNs();
    const object = path.resolve(ctx.cwd, cmd.output);
    const ownDepfile = cmd.depfile === null
        ? path.join(path.dirname(object), `.${path.basename(object)}.compile-cache-${tempSuffix()}.d`)
        : null;
    try {
        const compiled = await compileMiss(call, ownDepfile === null ? [] : ['-MD', '-MF', ownDepfile], false);
        if (!compiled.stored)
            return compiled.answer;
        const depfile = ownDepfile ?? path.resolve(ctx.cwd, cmd.depfile.path);
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
                await addManifestEntry(call, direct, dependManifestEntry(keyed.found, {
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
                unlinkSync(ownDepfile);
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
            notePreprocessorLookup(ctx.session.dependPolicy, true);
            rec.note('an entry was there already: preprocessor mode would have hit');
            await recordManifest(call, direct, prepared, { key, travel: travelling });
            return;
        }
    }
    const stored = await storeResult(call, store, keys, compiled);
    const manifested = stored !== null && (await recordManifest(call, direct, prepared, stored));
    // Stored without a manifest entry: only a preprocessor lookup finds it (as in wrapRecorded).
    notePreprocessorLookup(ctx.session.dependPolicy, stored !== null && !manifested);
}
/** The depend-mode keys of a compile from its depfile, or why its inputs cannot make one. */
async function dependKeys(call, identity, direct, includes, depfile, startedNs) {
    const { cmd, ctx } = call;
    let bytes;
    try {
        bytes = readFileSync(depfile);
    }
    catch (err) {
        return `depfile ${depfile} not read: ${errorDetail(err)}`;
    }
    const inputs = depfileInputs(bytes);
    if (inputs === null)
        return `depfile ${depfile} not in a form read exactly`;
    const found = hashInputs(ctx.session, inputs, includes, { cwd: ctx.cwd, startedNs });
    if (typeof found === 'string')
        return found;
    if (found.probing.length > 0) {
        const dirs = cmd.keyArgs.some(a => SEARCH_LIST_OPTIONS.test(a)) ? [] : await searchList(call, identity);
        const project = found.probing.find(f => !isSystemHeader(f, dirs));
        if (project !== undefined)
            return `${project}: uses __has_include`;
    }
    const pch = hasPrecompiledHeader(found.direct, ctx.cwd, DIRECT_INCLUDE_PCH);
    if (pch !== null)
        return `${pch} beside an included header`;
    const asWritten = (name) => name;
    const absoluteInputs = direct.prefix === null ? direct.inputs : { ...direct.inputs, prefix: null };
    const absoluteManifest = direct.prefix === null ? direct.manifestKey : manifestKey(absoluteInputs);
    // A file named relative to the working directory, where the manifest key left it out.
    const relative = found.files.some(([name]) => !path.isAbsolute(name));
    const absolute = dependKey(absoluteManifest, found.files, asWritten, relative && anyWorkingDir(absoluteInputs) ? ctx.cwd : null);
    const recorded = direct.prefix === null ? null : travellingNames(inputs, direct.prefix);
    if (direct.prefix === null || recorded === null) {
        return {
            keys: { primary: absolute, travel: null, absolute, lookups: [[absolute, false]] },
            found,
            recorded: asWritten
        };
    }
    const travelling = dependKey(direct.manifestKey, found.files, recorded);
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
            .done.then(r => (r.status === 0 ? parseSearchList(r.stderr.toString('utf8')) : []))
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
    if (dep === null || isBelow(call.cmd.source, prefix))
        return true;
    const deps = parseDepfile(Buffer.from(dep).toString('latin1'))?.deps;
    return deps !== undefined && !deps.some(d => d.startsWith(prefix));
}
/** store: the object file, depfile and diagnostics as a Go-compatible entry. Trouble is counted, never fatal. */
async function storeResult(call, store, keys, compiled) {
    const { args, cmd, ctx, rec } = call;
    let output;
    let extras = null;
    try {
        output = readFileSync(path.resolve(ctx.cwd, cmd.output));
        if (cmd.depfile !== null) {
            const dep = readFileSync(path.resolve(ctx.cwd, cmd.depfile.path));
            extras = [{ path: relativeExtraPath(path.dirname(cmd.output), cmd.depfile.path, ctx.cwd), data: dep }];
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
        makeDirBounded(ctx.cacheDir);
        ensureDirChain(ctx.cacheDir, path.join(ctx.cacheDir, 'compile', ctx.tenant));
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
        `${SHIM_MARKER}: runs the real compiler of this name further along PATH through the cache (generated)`,
        ...nodeCompileCacheLines(ncc),
        `exec ${shQuote(node)} ${shQuote(wrapperScript)} --shim "$0" "$@"`,
        ''
    ].join('\n');
}
function launcherScript(node, wrapperScript, ncc) {
    return [
        '#!/bin/sh',
        `${LAUNCHER_MARKER}: usage: compile-cache-launcher <compiler> <args...> (generated)`,
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
    const tmp = `${file}.tmp-${temp_name_tempSuffix()}`;
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
    const ncc = external_node_path_.join(abs, NODE_COMPILE_CACHE_DIR);
    await privateDir(ncc);
    const launcher = external_node_path_.join(abs, LAUNCHER_NAME);
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
            for (const name of [...SHIM_NAMES, LAUNCHER_NAME])
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

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./build/ncc-src/server/protocol.js
/**
 * The compile server's wire format (docs/server.md#protocol). Every message is a frame: a 4-byte
 * big-endian length, then that many bytes of body. All integers are big-endian u32; a string is a
 * u32 length and that many raw bytes (no terminator, no encoding assumed: argv and the environment
 * travel as the bytes the client got). One connection carries one request and its answer.
 *
 * Request body:  u32 version, u8 type, then by type:
 *   compile (1): u8 flags (bit 0: stderr is a terminal; bit 1: launcher mode), str invokedAs,
 *                str cwd, u32 argc, argc × str arg, u32 envc, envc × str "NAME=value"
 *   stop (2):    nothing (the answer comes once in-flight compiles finished and stats are flushed)
 *   ping (3):    nothing
 *   headers (4): nothing: hash the headers the cache's manifests name, in the background (the
 *                action's main step asks once the checkout is in place); answered at once
 * Answer frames: u8 type, then by type:
 *   heartbeat (0): nothing; sent every second while a compile runs, so the client can tell a long
 *                  compile from a hung server
 *   done (1):      u32 status, u32 signal number (0: none), str stdout, str stderr
 *   run (2):       str compiler, u32 argc, argc × str arg, str reason: exec it with our stdio
 *   direct (3):    str reason: counted already; run the real compiler yourself (resolved on PATH)
 *   error (4):     str message: the server could not take the request; fall back (and count it)
 *   info (5):      str text (the answer to ping, stop and headers)
 */


const PROTOCOL_VERSION = 1;
/** Bigger frames are refused: stdout and stderr are capped at 1 GiB each by the wrapper. */
const MAX_FRAME = (1 << 30) * 2 + (1 << 20);
/** A request is argv, cwd and the environment: far below this. */
const MAX_REQUEST = (/* unused pure expression or super */ null && (64 << 20));
const RequestType = { compile: 1, stop: 2, ping: 3, headers: 4 };
const AnswerType = { heartbeat: 0, done: 1, run: 2, direct: 3, error: 4, info: 5 };
/** The request or answer does not follow the format; the message says where. */
class ProtocolError extends Error {
    name = 'ProtocolError';
}
class Writer {
    parts = [];
    u8(n) {
        this.parts.push(Buffer.of(n));
        return this;
    }
    u32(n) {
        const b = Buffer.alloc(4);
        b.writeUInt32BE(n >>> 0);
        this.parts.push(b);
        return this;
    }
    str(s) {
        const b = typeof s === 'string' ? Buffer.from(s) : Buffer.from(s.buffer, s.byteOffset, s.byteLength);
        this.u32(b.length);
        this.parts.push(b);
        return this;
    }
    list(items) {
        this.u32(items.length);
        for (const s of items)
            this.str(s);
        return this;
    }
    /** The bytes so far, without a frame. */
    bytes() {
        return Buffer.concat(this.parts);
    }
    /** The frame: length, then body. */
    frame() {
        const body = Buffer.concat(this.parts);
        const head = Buffer.alloc(4);
        head.writeUInt32BE(body.length);
        return Buffer.concat([head, body]);
    }
}
class Reader {
    buf;
    what;
    off = 0;
    constructor(buf, what) {
        this.buf = buf;
        this.what = what;
    }
    need(n, field) {
        if (this.off + n > this.buf.length)
            throw new ProtocolError(`${this.what}: truncated at ${field} (offset ${this.off}, ${this.buf.length} bytes)`);
    }
    u8(field) {
        this.need(1, field);
        return this.buf[this.off++];
    }
    u32(field) {
        this.need(4, field);
        const n = this.buf.readUInt32BE(this.off);
        this.off += 4;
        return n;
    }
    bytes(field) {
        const n = this.u32(`${field} length`);
        this.need(n, field);
        const b = this.buf.subarray(this.off, this.off + n);
        this.off += n;
        return b;
    }
    list(field) {
        const n = this.u32(`${field} count`);
        // Each item takes at least its 4-byte length: a count beyond that is a lie.
        if (n > (this.buf.length - this.off) / 4)
            throw new ProtocolError(`${this.what}: ${field} count ${n} exceeds the frame`);
        const out = [];
        for (let i = 0; i < n; i++)
            out.push(this.bytes(`${field}[${i}]`));
        return out;
    }
    /** The bytes from `start` to where the reader is now. */
    since(start) {
        return this.buf.subarray(start, this.off);
    }
    get offset() {
        return this.off;
    }
    end() {
        if (this.off !== this.buf.length)
            throw new ProtocolError(`${this.what}: ${this.buf.length - this.off} unexpected bytes after the message`);
    }
}
/** An environment list's bytes (count, then items), as WireCompile.envBytes holds them. */
function encodeEnvironment(env) {
    return new Writer().list(env).bytes();
}
function encodeRequest(req) {
    const w = new Writer().u32(PROTOCOL_VERSION).u8(RequestType[req.type]);
    if (req.type === 'compile') {
        w.u8((req.stderrIsTTY ? 1 : 0) | (req.mode === 'launcher' ? 2 : 0));
        w.str(req.invokedAs).str(req.cwd).list(req.args).list(req.env);
    }
    return w.frame();
}
/** Decodes a request body (the frame without its length). */
function decodeRequest(body) {
    const r = new Reader(body, 'request');
    const version = r.u32('version');
    if (version !== PROTOCOL_VERSION)
        throw new ProtocolError(`request: protocol version ${version}, this server speaks ${PROTOCOL_VERSION}`);
    const type = r.u8('type');
    let req;
    if (type === RequestType.compile) {
        const flags = r.u8('flags');
        const invokedAs = r.bytes('invokedAs');
        const cwd = r.bytes('cwd');
        const args = r.list('args');
        const envStart = r.offset;
        const env = r.list('env');
        req = {
            type: 'compile',
            stderrIsTTY: (flags & 1) !== 0,
            mode: (flags & 2) !== 0 ? 'launcher' : 'shim',
            invokedAs,
            cwd,
            args,
            env,
            envBytes: r.since(envStart)
        };
    }
    else if (type === RequestType.stop)
        req = { type: 'stop' };
    else if (type === RequestType.ping)
        req = { type: 'ping' };
    else if (type === RequestType.headers)
        req = { type: 'headers' };
    else
        throw new ProtocolError(`request: unknown type ${type}`);
    r.end();
    return req;
}
function signalNumber(signal) {
    return signal === null ? 0 : (os.constants.signals[signal] ?? 0);
}
function signalName(n) {
    if (n === 0)
        return null;
    for (const [name, num] of Object.entries(external_node_os_.constants.signals))
        if (num === n)
            return name;
    throw new ProtocolError(`answer: unknown signal number ${n}`);
}
function encodeAnswer(a) {
    const w = new Writer().u8(AnswerType[a.type]);
    switch (a.type) {
        case 'heartbeat':
            break;
        case 'done':
            w.u32(a.status).u32(signalNumber(a.signal)).str(a.stdout).str(a.stderr);
            break;
        case 'run':
            w.str(a.compiler).list(a.args).str(a.reason);
            break;
        case 'direct':
            w.str(a.reason);
            break;
        case 'error':
            w.str(a.message);
            break;
        case 'info':
            w.str(a.text);
            break;
    }
    return w.frame();
}
/** Decodes an answer body (the TypeScript side of the client: the action's start/stop, tests). */
function decodeAnswer(body) {
    const r = new Reader(body, 'answer');
    const type = r.u8('type');
    let a;
    switch (type) {
        case AnswerType.heartbeat:
            a = { type: 'heartbeat' };
            break;
        case AnswerType.done:
            a = {
                type: 'done',
                status: r.u32('status'),
                signal: signalName(r.u32('signal')),
                stdout: r.bytes('stdout'),
                stderr: r.bytes('stderr')
            };
            break;
        case AnswerType.run:
            a = {
                type: 'run',
                compiler: r.bytes('compiler').toString(),
                args: r.list('args').map(b => b.toString()),
                reason: r.bytes('reason').toString()
            };
            break;
        case AnswerType.direct:
            a = { type: 'direct', reason: r.bytes('reason').toString() };
            break;
        case AnswerType.error:
            a = { type: 'error', message: r.bytes('message').toString() };
            break;
        case AnswerType.info:
            a = { type: 'info', text: r.bytes('text').toString() };
            break;
        default:
            throw new ProtocolError(`answer: unknown type ${type}`);
    }
    r.end();
    return a;
}
/**
 * Splits a byte stream into frame bodies. `push` returns the bodies completed by a chunk; a length
 * above `max` throws (a peer sending nonsense is cut off, not buffered).
 */
class FrameSplitter {
    max;
    chunks = [];
    size = 0;
    constructor(max) {
        this.max = max;
    }
    push(chunk) {
        this.chunks.push(chunk);
        this.size += chunk.length;
        const out = [];
        // Chunks are joined only once a whole frame is there (a big answer arrives in many pieces).
        while (this.size >= 4) {
            const first = this.chunks[0];
            const len = (first.length >= 4 ? first : Buffer.concat(this.chunks)).readUInt32BE(0);
            if (len > this.max)
                throw new ProtocolError(`frame of ${len} bytes exceeds the limit of ${this.max}`);
            if (this.size < 4 + len)
                break;
            const all = this.chunks.length === 1 ? first : Buffer.concat(this.chunks);
            out.push(all.subarray(4, 4 + len));
            const rest = all.subarray(4 + len);
            this.chunks = rest.length > 0 ? [rest] : [];
            this.size = rest.length;
        }
        return out;
    }
    /** Bytes received that do not form a whole frame yet. */
    pending() {
        return this.size;
    }
}
/**
 * The environment of a compile request from its list's bytes (WireCompile.envBytes: count, then
 * each `NAME=value`), or null when a variable is not valid UTF-8. A variable without `=` (or with
 * an empty name) is left out.
 *
 * One decode for the whole list, not one per variable: the copy's length fields become four NUL
 * bytes, which no multi-byte sequence can span, so the copy is valid UTF-8 exactly when every
 * variable is, and one split gives them all back (a CI runner's environment has a hundred).
 */
function decodeEnvironment(envBytes) {
    const r = new Reader(envBytes, 'environment');
    const n = r.u32('env count');
    const copy = Buffer.from(envBytes);
    let off = 4;
    for (let i = 0; i < n; i++) {
        if (off + 4 > copy.length)
            throw new ProtocolError(`environment: truncated at env[${i}]`);
        const len = copy.readUInt32BE(off);
        copy[off] = copy[off + 1] = copy[off + 2] = copy[off + 3] = 0;
        off += 4 + len;
    }
    if (off !== copy.length)
        throw new ProtocolError('environment: the items do not fill the list');
    const text = copy.toString('utf8', 4);
    const parts = text.split('\0\0\0\0');
    // A variable with a NUL in it (not from a C client, but the format allows it) would split wrong:
    // then every part is decoded on its own.
    if (parts.length !== n + 1 || parts.some(p => p.includes('\0')))
        return decodeEnvironmentItems(envBytes);
    if (text.includes('\uFFFD') && !isUtf8(copy.subarray(4)))
        return null;
    const env = {};
    for (let i = 1; i < parts.length; i++) {
        const pair = parts[i];
        const eq = pair.indexOf('=');
        if (eq > 0)
            env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return env;
}
/** decodeEnvironment one variable at a time. */
function decodeEnvironmentItems(envBytes) {
    const r = new Reader(envBytes, 'environment');
    const env = {};
    for (const b of r.list('env')) {
        const pair = utf8Exact(b);
        if (pair === null)
            return null;
        const eq = pair.indexOf('=');
        if (eq > 0)
            env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    r.end();
    return env;
}
/** Bytes that are valid UTF-8 decode to a string that encodes back to the same bytes. */
function utf8Exact(b) {
    const s = b.toString('utf8');
    // Decoding replaces every ill-formed sequence (overlong forms, surrogates, truncated ones) with
    // U+FFFD: a string without one came from valid UTF-8. Only one with it (the bytes may spell
    // U+FFFD itself) needs the strict check, which would otherwise be a second native call per string.
    return !s.includes('\uFFFD') || isUtf8(b) ? s : null;
}

;// CONCATENATED MODULE: ./build/ncc-src/server/client.js
/**
 * The TypeScript side of talking to a compile server: ping, stop and a raw request (the action's
 * pre and post steps, `compile-cache-wrap server stop|status`, the tests). Compiles go through the
 * native client (native/client.c); this one is for control. Every wait is bounded.
 */


/** The server could not be reached or did not answer in time; `code` is the socket error, if any. */
class ServerUnavailableError extends Error {
    code;
    name = 'ServerUnavailableError';
    constructor(message, code) {
        super(message);
        this.code = code;
    }
}
/**
 * Sends one request and resolves with the final answer (heartbeats only extend the wait). Rejects
 * with ServerUnavailableError after `silenceMs` without a byte from the server, or when the
 * connection fails or closes early.
 */
function request(socket, req, silenceMs) {
    return new Promise((resolve, reject) => {
        const conn = external_node_net_.createConnection(socket);
        const frames = new FrameSplitter(MAX_FRAME);
        let settled = false;
        const finish = (err, answer) => {
            if (settled)
                return;
            settled = true;
            conn.destroy();
            if (err !== null)
                reject(err);
            else
                resolve(answer);
        };
        conn.setTimeout(silenceMs, () => finish(new ServerUnavailableError(`${socket}: no answer within ${silenceMs} ms`, 'ETIMEDOUT')));
        conn.on('error', (err) => finish(new ServerUnavailableError(`${socket}: ${err.message}`, err.code)));
        conn.on('connect', () => conn.write(encodeRequest(req)));
        conn.on('data', (chunk) => {
            try {
                for (const body of frames.push(chunk)) {
                    const a = decodeAnswer(body);
                    if (a.type !== 'heartbeat')
                        return finish(null, a);
                }
            }
            catch (err) {
                finish(err);
            }
        });
        conn.on('close', () => finish(new ServerUnavailableError(`${socket}: the server closed the connection without an answer`, 'ECONNRESET')));
    });
}
/** The server's `info` text (pid and cache directory); rejects when none answers. */
async function ping(socket, timeoutMs) {
    const a = await request(socket, { type: 'ping' }, timeoutMs);
    if (a.type !== 'info')
        throw new ServerUnavailableError(`${socket}: unexpected answer ${a.type} to ping`);
    return a.text;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./build/ncc-src/server/socket-path.js
/**
 * Where the compile server of a cache directory listens, and the checks that keep other local users
 * out. The native client (native/client.c) computes the same path by the same rules; a change here
 * must be made there too (and the protocol version in the file name bumped when the wire changes).
 *
 *   <base>/compile-cache-<uid>/<first 16 hex of sha256(cache dir)>-v<protocol>.sock
 *
 * `<base>` is $XDG_RUNTIME_DIR when it is set, absolute and a directory, else /tmp; when the whole path would not
 * fit in sun_path (104 bytes on macOS, 108 on Linux; we keep under 100), /tmp. The cache directory is
 * the resolved path (path.resolve: absolute, normalised, symlinks not resolved), as cacheDirFrom
 * gives it.
 *
 * The directory is the fence: 0700, owned by the user, a real directory (never a symlink). The
 * socket inside is 0600 as well, but a Unix socket's own mode is not honoured everywhere (BSDs
 * ignore it); the directory's is. A directory that is a symlink, is owned by someone else or lets
 * group or others in is refused by the server (it does not start) and by the client (it runs the
 * compiler without the server); it is never repaired or used, since whoever made it can watch it.
 */





/** Longest socket path we use (sun_path is 104 bytes on macOS, 108 on Linux, with the NUL). */
const MAX_SOCKET_PATH = 100;
function isDir(p) {
    try {
        return (0,external_node_fs_.statSync)(p).isDirectory();
    }
    catch {
        return false;
    }
}
function uid() {
    return process.getuid?.() ?? 0;
}
/** The private runtime directory for this user below `base`. */
function runtimeDirIn(base) {
    return external_node_path_.join(base, `compile-cache-${uid()}`);
}
function socketName(cacheDir) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(external_node_path_.resolve(cacheDir)).digest('hex').slice(0, 16);
    return `${hash}-v${PROTOCOL_VERSION}.sock`;
}
/** The socket and its directory for `cacheDir`, by the rules above. */
function serverPaths(cacheDir, env = process.env) {
    const name = socketName(cacheDir);
    const xdg = env.XDG_RUNTIME_DIR;
    let dir = runtimeDirIn(xdg !== undefined && xdg.startsWith('/') && isDir(xdg) ? external_node_path_.resolve(xdg) : '/tmp');
    if (Buffer.byteLength(external_node_path_.join(dir, name)) > MAX_SOCKET_PATH)
        dir = runtimeDirIn('/tmp');
    const socket = external_node_path_.join(dir, name);
    return { dir, socket, lock: `${socket}.lock` };
}
/** The runtime directory is not one we may use; the message names it and says why. */
class UnsafeRuntimeDirError extends Error {
    dir;
    why;
    name = 'UnsafeRuntimeDirError';
    constructor(dir, why) {
        super(`${dir} ${why}; expected a directory owned by uid ${uid()} with mode 0700 (the compile server's socket lives there). Remove it to let compile-cache make it again.`);
        this.dir = dir;
        this.why = why;
    }
}
/**
 * Throws UnsafeRuntimeDirError unless `dir` is a real directory (lstat: not a symlink) owned by
 * this user with no group or other permission bits; ENOENT passes through as is.
 */
function checkRuntimeDir(dir) {
    const st = lstatSync(dir);
    if (st.isSymbolicLink() || !st.isDirectory())
        throw new UnsafeRuntimeDirError(dir, `is ${describeKind(st)}`);
    if (st.uid !== uid())
        throw new UnsafeRuntimeDirError(dir, `is owned by uid ${st.uid}`);
    if ((st.mode & 0o077) !== 0)
        throw new UnsafeRuntimeDirError(dir, `has mode 0${(st.mode & 0o777).toString(8)}`);
}
/** Makes the runtime directory (0700) when missing, then checks it as the client will. */
function ensureRuntimeDir(dir) {
    try {
        mkdirSync(dir, { mode: 0o700 });
    }
    catch (err) {
        if (errorCode(err) !== 'EEXIST')
            throw err;
    }
    checkRuntimeDir(dir);
}

;// CONCATENATED MODULE: ./build/ncc-src/server/start.js
/**
 * Starting and stopping the compile server from Node: the action's pre step starts it (detached, so
 * it outlives the step and serves the whole job), post stops it before reading the statistics. The
 * native client starts it on demand the same way (node <bundle> server) when none answers.
 */





/**
 * The environment to start the server with from an action step: the step's own, without the
 * action's inputs (INPUT_*: credentials among them) and the runner's tokens, none of which the
 * server needs (each compile brings the build's environment with it).
 */
function serverEnvironment(env) {
    const out = {};
    for (const [name, value] of Object.entries(env)) {
        if (name.startsWith('INPUT_') || /^ACTIONS_(?:RUNTIME_TOKEN|ID_TOKEN_REQUEST_)/.test(name))
            continue;
        out[name] = value;
    }
    return out;
}
function sleep(ms) {
    return new Promise(r => setTimeout(r, ms));
}
/** Starts the server for `cacheDir` unless one answers already; resolves once it answers a ping. */
async function ensureServer(opts) {
    const env = opts.env ?? process.env;
    const cacheDir = external_node_path_.resolve(opts.cacheDir);
    const { socket } = serverPaths(cacheDir, env);
    try {
        return { socket, info: await ping(socket, 2000), started: false };
    }
    catch {
        // none yet
    }
    const args = [opts.wrapperScript, 'server'];
    if (opts.idleSeconds !== undefined)
        args.push('--idle-timeout', String(opts.idleSeconds));
    if (opts.warmUp === true)
        args.push('--warm-up');
    const logFd = opts.logFile === undefined ? 'ignore' : (0,external_node_fs_.openSync)(opts.logFile, 'a', 0o600);
    let exited = null;
    try {
        const child = (0,external_node_child_process_.spawn)(opts.node, args, {
            detached: true,
            stdio: ['ignore', logFd, logFd],
            env: { ...env, COMPILE_CACHE_DIR: cacheDir },
            cwd: '/'
        });
        child.on('exit', (code, signal) => {
            exited = signal ?? `exit ${code}`;
        });
        child.on('error', err => {
            exited = err.message;
        });
        child.unref();
    }
    finally {
        if (typeof logFd === 'number')
            (0,external_node_fs_.closeSync)(logFd);
    }
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    let last = '';
    while (Date.now() < deadline) {
        try {
            return { socket, info: await ping(socket, 1000), started: true };
        }
        catch (err) {
            last = err.message;
        }
        // Exit 0 is another server winning the start race: the next ping finds it.
        if (exited !== null && exited !== 'exit 0')
            break;
        await sleep(25);
    }
    let tail = '';
    if (opts.logFile !== undefined) {
        try {
            tail = (0,external_node_fs_.readFileSync)(opts.logFile, 'utf8').trim().split('\n').slice(-3).join(' / ');
        }
        catch {
            // no log
        }
    }
    throw new ServerUnavailableError(`the compile server for ${cacheDir} did not start` +
        (exited !== null ? ` (${exited})` : ` within ${opts.timeoutMs ?? 10_000} ms (${last})`) +
        (tail !== '' ? `: ${tail}` : ''));
}
/** Sends `req` to the server for `cacheDir`; null when no server is running there. */
async function requestIfRunning(cacheDir, env, req, timeoutMs) {
    const { socket } = serverPaths(external_node_path_.resolve(cacheDir), env);
    try {
        return await request(socket, req, timeoutMs);
    }
    catch (err) {
        if (err instanceof ServerUnavailableError && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED'))
            return null;
        throw err;
    }
}
/**
 * Asks the server for `cacheDir`, if one runs, to hash the headers the cache's manifests name again
 * (the action's main step: the checkout is in place by then, so the project's own headers exist).
 * It answers at once and hashes in the background. Resolves with false when no server was running.
 */
async function hashServerHeaders(cacheDir, env = process.env, timeoutMs = 10_000) {
    return (await requestIfRunning(cacheDir, env, { type: 'headers' }, timeoutMs))?.type === 'info';
}
/**
 * Stops the server for `cacheDir`: it answers once the compiles in flight have finished and the
 * statistics are flushed. Resolves with false when no server was running.
 */
async function stopServer(cacheDir, env = process.env, timeoutMs = 120_000) {
    return (await requestIfRunning(cacheDir, env, { type: 'stop' }, timeoutMs)) !== null;
}

// EXTERNAL MODULE: ./build/ncc-src/store/errors.js
var errors = __webpack_require__(6107);
// EXTERNAL MODULE: ./build/ncc-src/sync/failures.js
var failures = __webpack_require__(1671);
// EXTERNAL MODULE: ./build/ncc-src/job/cache-dir.js
var cache_dir = __webpack_require__(1676);
// EXTERNAL MODULE: ./build/ncc-src/config/inputs.js
var inputs = __webpack_require__(9794);
// EXTERNAL MODULE: ./build/ncc-src/backends/select.js + 2 modules
var backends_select = __webpack_require__(5919);
// EXTERNAL MODULE: ./build/ncc-src/job/job.js
var job = __webpack_require__(6195);
// EXTERNAL MODULE: ./build/ncc-src/job/summary.js
var summary = __webpack_require__(8488);
;// CONCATENATED MODULE: ./build/ncc-src/action/saved-state.js
/**
 * What one step hands the next through GITHUB_STATE (and the save sub-action's report file), read
 * back with a check rather than trusted as typed: the state file sits in the runner's temp
 * directory, and a report file on a self-hosted runner may be left over from another version.
 * Anything that does not have the expected shape is dropped (the step falls back to what it can
 * read itself), never used half-typed.
 */


const CHOICES = {
    backend: ['s3', 'github', 'local'],
    uploadMode: inputs/* UPLOAD_MODE_CHOICES */.NA,
    install: inputs/* INSTALL_CHOICES */.DK
};
function parse(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isStringArray(v) {
    return Array.isArray(v) && v.every(s => typeof s === 'string');
}
/**
 * The configuration pre saved, checked field by field against the one this step read from its own
 * inputs (same fields, same types, choices within their sets); undefined when it does not match.
 */
function savedConfig(text, fresh) {
    const saved = parse(text);
    if (!isRecord(saved))
        return undefined;
    const out = {};
    for (const [name, expected] of Object.entries(fresh)) {
        const v = saved[name];
        if (Array.isArray(expected)) {
            if (!isStringArray(v))
                return undefined;
        }
        else if (typeof v !== typeof expected)
            return undefined;
        if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0))
            return undefined;
        const choices = CHOICES[name];
        if (choices !== undefined && !choices.includes(v))
            return undefined;
        out[name] = v;
    }
    const config = out;
    return (0,external_node_path_.isAbsolute)(config.cacheDir) ? config : undefined;
}
function isNamespaceRestore(v) {
    if (!isRecord(v) || typeof v.namespace !== 'string')
        return false;
    // The figures the steps add up and print must be numbers; the rest only flat values.
    const counted = ['remoteEntries', 'restoredEntries', 'restoredBytes', 'alreadyLocal', 'skippedForBudget'];
    if (!counted.every(k => typeof v[k] === 'number' && Number.isFinite(v[k])))
        return false;
    for (const k of ['restoredFromPacks', 'keptPacked']) {
        if (v[k] !== undefined && !(typeof v[k] === 'number' && Number.isFinite(v[k]) && v[k] >= 0))
            return false;
    }
    return Object.values(v).every(x => x === null || ['number', 'string', 'boolean'].includes(typeof x));
}
/** The restore's state or report, checked; undefined when absent or not of that shape. */
function savedRestoreState(text) {
    const v = parse(text);
    if (!isRecord(v))
        return undefined;
    if (!Array.isArray(v.figures) || !v.figures.every(isNamespaceRestore))
        return undefined;
    if (!isStringArray(v.warnings) || typeof v.remoteUnavailable !== 'boolean')
        return undefined;
    if (v.note !== undefined && typeof v.note !== 'string')
        return undefined;
    return {
        figures: v.figures,
        warnings: v.warnings,
        remoteUnavailable: v.remoteUnavailable,
        ...(v.note !== undefined ? { note: v.note } : {})
    };
}

;// CONCATENATED MODULE: ./build/ncc-src/runtime/threadpool-report.js
/** A debug line about libuv's thread pool (see threadpool.ts): the setting, and on Linux the threads. */

/**
 * `UV_THREADPOOL_SIZE=16, 16 libuv worker threads`: the second half only on Linux, where the
 * threads can be counted by name (`libuv-worker`, Node 22+); 0 means no fs or zlib work ran yet.
 */
function threadPoolReport() {
    const setting = `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '(unset)'}`;
    if (process.platform !== 'linux')
        return setting;
    try {
        const workers = (0,external_node_fs_.readdirSync)('/proc/self/task').filter(t => {
            try {
                return (0,external_node_fs_.readFileSync)(`/proc/self/task/${t}/comm`, 'utf8').trim() === 'libuv-worker';
            }
            catch {
                return false;
            }
        }).length;
        return `${setting}, ${workers} libuv worker threads`;
    }
    catch {
        return setting;
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/job/wrapper-stats.js
/** The counters, or undefined when no compiler went through the wrapper in this job. */
function wrapperFigures(stats) {
    return stats.calls + stats.errors > 0 ? stats : undefined;
}

;// CONCATENATED MODULE: ./build/ncc-src/action/steps.js
/**
 * The action's steps as the runner runs them. `pre` restores and points the compilers at the cache,
 * `main` reports (or does the restore itself when pre did not run), `post` prunes, uploads and
 * writes the job summary. The `restore` and `save` sub-actions run one half each as their main.
 *
 * Resolved inputs travel through the action's state; credentials never do (each step reads them
 * from the inputs again and masks them). Cache trouble is a warning, or a failure with fail-on-error.
 */


















/** State names (GITHUB_STATE), read back by later steps of the same action. */
const STATE = { config: 'config', restore: 'restore', manifest: 'manifest' };
/** Variables exported to the job's later steps (GITHUB_ENV). */
const ENV = {
    dir: 'COMPILE_CACHE_DIR',
    tenant: 'COMPILE_CACHE_TENANT',
    manifest: 'COMPILE_CACHE_MANIFEST',
    saveOnFailure: 'COMPILE_CACHE_SAVE_ON_FAILURE',
    depend: 'COMPILE_CACHE_DEPEND'
};
/** Whether the namespaces synced carry this tenant's manifests (direct and depend mode's). */
function syncsManifests(namespaces, tenant) {
    return namespaces.some(ns => ns === MANIFESTS || ns === `${MANIFESTS}/${tenant}`);
}
/** Cache trouble: a warning, or a failed step when the user asked for fail-on-error. */
class Trouble {
    failOnError;
    warnings = [];
    constructor(failOnError) {
        this.failOnError = failOnError;
    }
    report(message) {
        this.warnings.push(message);
        if (this.failOnError)
            core/* setFailed */.C1(`compile-cache: ${message}`);
        else
            core/* warning */.$e(`compile-cache: ${message}`);
    }
}
async function runStep(step, opts) {
    try {
        switch (step) {
            case 'pre':
                await setUp(opts);
                break;
            case 'main': {
                // The pre step's results, or (when it did not run) a restore done here.
                const stored = core/* getState */.Gu(STATE.config);
                if (stored) {
                    const fresh = readInputs().config;
                    const config = savedConfig(stored, fresh) ?? fresh;
                    reportRestore(config, readRestoreState());
                    await hashHeadersAgain(config);
                }
                else
                    reportRestore(...(await setUp(opts)));
                break;
            }
            case 'restore':
                reportRestore(...(await setUp(opts)));
                break;
            case 'post':
                await tearDown(true);
                break;
            case 'save':
                await tearDown(false);
                break;
        }
        core/* debug */.Yz(`compile-cache: ${threadPoolReport()}`);
    }
    catch (err) {
        // Bad inputs fail fast. Anything else (an unwritable cache directory, a full disk) is cache
        // trouble: the build goes on without the cache unless the user asked for fail-on-error.
        if (err instanceof errors/* InvalidInputError */.oC)
            core/* setFailed */.C1(`compile-cache: ${err.message}`);
        else if (failOnError)
            core/* setFailed */.C1(`compile-cache ${step} step failed: ${(0,failures/* errorText */.kc)(err)}`);
        else
            core/* warning */.$e(`compile-cache ${step} step failed: ${(0,failures/* errorText */.kc)(err)}; the job goes on without the cache`);
    }
}
/** Set once the inputs are read: whether cache trouble fails the step. */
let failOnError = false;
function readInputs() {
    const read = (name) => core/* getInput */.V4(name);
    const credentials = (0,inputs/* readCredentials */.L1)(read);
    // Masked before anything else can print them (an SDK error, a debug line).
    if (credentials) {
        core/* setSecret */.Pq(credentials.secretAccessKey);
        if (credentials.sessionToken)
            core/* setSecret */.Pq(credentials.sessionToken);
    }
    const config = (0,inputs/* readConfig */.Xg)(read);
    failOnError = config.failOnError;
    return { config, credentials };
}
/** Pre (or main without pre, or the restore sub-action): validate, restore, point compilers at the cache. */
async function setUp(opts) {
    const { config, credentials } = readInputs();
    // post-if cannot read inputs, so the save-on-failure choice travels as a variable.
    core/* exportVariable */.dN(ENV.saveOnFailure, String(config.saveOnFailure));
    core/* saveState */.LZ(STATE.config, JSON.stringify(config));
    const trouble = new Trouble(config.failOnError);
    // Bounded (no `mkdir -p` that can spin) and proven writable: a CacheDirError names the input.
    // What an earlier version kept at its root goes (docs/store.md, "The cache directory").
    for (const note of (0,cache_dir/* prepareCacheDir */.Hj)(config.cacheDir))
        core/* info */.pq(`compile-cache: ${note}`);
    await (0,promises_.mkdir)((0,job/* jobTempDir */.z3)(config), { recursive: true });
    core/* exportVariable */.dN(ENV.dir, config.cacheDir);
    core/* exportVariable */.dN(ENV.tenant, config.tenant);
    // An entry made in depend mode is found only through its manifest: where the manifests are not
    // synced, a later runner would find none of them (docs/wrapper.md, "Depend mode").
    if (!syncsManifests(config.namespaces, config.tenant) && process.env[ENV.depend] === undefined) {
        core/* exportVariable */.dN(ENV.depend, 'off');
        core/* info */.pq(`compile-cache: "manifests" is not among the namespaces, so depend mode is off (${ENV.depend}=off): every entry stays one the preprocessor finds`);
    }
    const outcome = await (0,job/* restoreJob */._M)(config, credentials, {
        log: line => core/* info */.pq(line),
        manifestPath: (0,job/* defaultManifestPath */.wN)(config)
    });
    if (outcome.notice !== undefined)
        core/* notice */.lm(`compile-cache: ${outcome.notice}`);
    for (const w of outcome.warnings)
        trouble.report(w);
    if (outcome.manifestPath) {
        core/* saveState */.LZ(STATE.manifest, outcome.manifestPath);
        core/* exportVariable */.dN(ENV.manifest, outcome.manifestPath);
    }
    const state = {
        figures: outcome.figures,
        warnings: trouble.warnings,
        remoteUnavailable: outcome.remoteUnavailable,
        note: outcome.note
    };
    core/* saveState */.LZ(STATE.restore, JSON.stringify(state));
    // The save sub-action is another action instance without this state: it finds the figures here.
    await (0,promises_.writeFile)(restoreReportPath(config), JSON.stringify(state)).catch(() => undefined);
    let nativeShims = false;
    if (config.compilerShims || config.cmakeLauncher) {
        try {
            const shims = await installShims((0,external_node_path_.join)((0,job/* jobTempDir */.z3)(config), 'shims'), {
                node: process.execPath,
                wrapperScript: opts.wrapperScript
            });
            if (shims.note !== undefined)
                core/* notice */.lm(`compile-cache: ${shims.note}`);
            nativeShims = shims.client === 'native';
            if (config.compilerShims) {
                core/* addPath */.fM(shims.dir);
                core/* info */.pq(`compile-cache: compiler shims (cc, c++, gcc, g++, clang, clang++) in ${shims.dir} are on PATH`);
            }
            if (config.cmakeLauncher) {
                core/* exportVariable */.dN('CMAKE_C_COMPILER_LAUNCHER', shims.launcher);
                core/* exportVariable */.dN('CMAKE_CXX_COMPILER_LAUNCHER', shims.launcher);
            }
        }
        catch (err) {
            trouble.report(`the compiler shims could not be installed (${(0,failures/* errorText */.kc)(err)}); compilers run uncached`);
        }
    }
    // A build of an earlier job may have planted the state directory, `stats`, `events` or
    // `compilers`: the planted thing itself is replaced (never written through), and the warning
    // names it.
    try {
        for (const note of await (0,stats/* zeroStats */.mn)(config.cacheDir))
            trouble.report(note);
    }
    catch (err) {
        trouble.report(`the wrapper statistics could not be zeroed: ${(0,failures/* errorText */.kc)(err)}`);
    }
    try {
        for (const note of (0,cache_dir/* repairIdentityDir */.Pj)(config.cacheDir))
            trouble.report(note);
    }
    catch (err) {
        trouble.report(`the wrapper's compiler hashes could not be checked: ${(0,failures/* errorText */.kc)(err)}`);
    }
    // The native shims hand every compile to the compile server (docs/server.md): started here,
    // detached, it serves the whole job; post stops it.
    if (nativeShims) {
        try {
            const server = await ensureServer({
                cacheDir: config.cacheDir,
                node: process.execPath,
                wrapperScript: opts.wrapperScript,
                env: serverEnvironment(process.env),
                logFile: (0,external_node_path_.join)((0,job/* jobTempDir */.z3)(config), 'server.log'),
                // The build is steps away (checkout, set-up, configure): time enough to rehearse the hit path.
                warmUp: true
            });
            core/* info */.pq(`compile-cache: the compile server is running (${server.info}, socket ${server.socket})`);
        }
        catch (err) {
            trouble.report(`the compile server did not start (${(0,failures/* errorText */.kc)(err)}); the first compile tries again`);
        }
    }
    return [config, state];
}
/**
 * Main, after pre: the pre step's server hashed the headers the restored manifests name before the
 * checkout, so it found the system's and toolchain's but not the project's. The checkout usually
 * comes before this step (the README's workflow): the server hashes them again, in its background.
 */
async function hashHeadersAgain(config) {
    try {
        if (await hashServerHeaders(config.cacheDir, serverEnvironment(process.env)))
            core/* info */.pq("compile-cache: the compile server is hashing the headers the cache's manifests name");
    }
    catch (err) {
        // Only speed is lost: the build's compiles hash what they need.
        core/* debug */.Yz(`compile-cache: the compile server did not take the headers request: ${(0,failures/* errorText */.kc)(err)}`);
    }
}
function restoreReportPath(config) {
    return (0,external_node_path_.join)((0,job/* jobTempDir */.z3)(config), 'restore.json');
}
function readRestoreState() {
    const raw = core/* getState */.Gu(STATE.restore);
    return raw ? savedRestoreState(raw) : undefined;
}
async function readRestoreReport(config) {
    try {
        return savedRestoreState(await (0,promises_.readFile)(restoreReportPath(config), 'utf8'));
    }
    catch {
        return undefined;
    }
}
/** Main: say what the restore did and set the outputs. */
function reportRestore(config, state) {
    let entries = 0;
    let bytes = 0;
    let fromPacks = 0;
    for (const r of state?.figures ?? []) {
        entries += r.restoredEntries;
        bytes += r.restoredBytes;
        fromPacks += r.restoredFromPacks ?? 0;
        const packs = r.restoredFromPacks === undefined
            ? ''
            : ` (${r.restoredFromPacks} from packs, ${r.restoredEntries - r.restoredFromPacks} as objects)`;
        core/* info */.pq(`compile-cache: ${r.namespace}: restored ${r.restoredEntries} entries${packs} (${(0,summary/* formatBytes */.z3)(r.restoredBytes)}) ` +
            `of ${r.remoteEntries} in the bucket in ${(0,summary/* formatDuration */.a3)(r.durationMs)} (${(0,summary/* formatRate */.CE)(r.restoredBytes, r.durationMs)}); ` +
            `${r.alreadyLocal} already local, ${r.skippedForBudget} left out for the budget`);
    }
    if (state?.note)
        core/* info */.pq(`compile-cache: ${state.note}`);
    core/* info */.pq(`compile-cache: cache directory ${config.cacheDir}`);
    core/* setOutput */.uH('cache-dir', config.cacheDir);
    core/* setOutput */.uH('restored-entries', String(entries));
    core/* setOutput */.uH('restored-bytes', String(bytes));
    core/* setOutput */.uH('restored-from-packs', String(fromPacks));
    core/* setOutput */.uH('cache-hit', String(entries > 0));
}
/** Post (or the save sub-action): clean, upload what is new, refresh and prune the bucket, summary. */
async function tearDown(fromState) {
    const stored = fromState ? core/* getState */.Gu(STATE.config) : '';
    if (fromState && !stored) {
        core/* info */.pq('compile-cache: the pre step did not complete, so there is nothing to save.');
        return;
    }
    const inputs = readInputs();
    const config = (stored ? savedConfig(stored, inputs.config) : undefined) ?? inputs.config;
    const trouble = new Trouble(config.failOnError);
    for (const note of (0,cache_dir/* prepareCacheDir */.Hj)(config.cacheDir))
        core/* info */.pq(`compile-cache: ${note}`);
    // The compile server finishes its compiles in flight and writes their counts before it stops.
    try {
        if (await stopServer(config.cacheDir))
            core/* info */.pq('compile-cache: the compile server stopped');
    }
    catch (err) {
        core/* info */.pq(`compile-cache: the compile server did not answer the stop request: ${(0,failures/* errorText */.kc)(err)}`);
    }
    // What the build may have planted among the wrapper's files: each named, the counters then
    // reported as unavailable rather than read through a symlink or blocked on a FIFO.
    const unsafe = (0,cache_dir/* checkWrapperPaths */.c2)(config.cacheDir);
    for (const note of unsafe.notes)
        trouble.report(note);
    let wrapper;
    if (unsafe.statsUnsafe) {
        core/* info */.pq('compile-cache: the wrapper statistics are unavailable (see the warning above)');
    }
    else {
        try {
            wrapper = wrapperFigures(await (0,stats/* readStats */.uq)(config.cacheDir));
        }
        catch (err) {
            trouble.report(`the wrapper statistics are unavailable: ${(0,failures/* errorText */.kc)(err)}`);
        }
    }
    const manifestPath = core/* getState */.Gu(STATE.manifest) || process.env[ENV.manifest] || (0,job/* defaultManifestPath */.wN)(config);
    const backend = (0,backends_select/* backendFor */.M)(config, inputs.credentials);
    const outcome = await (0,job/* saveJob */.p7)(config, inputs.credentials, {
        log: line => core/* info */.pq(line),
        manifestPath: (0,external_node_fs_.existsSync)(manifestPath) ? manifestPath : undefined
    });
    for (const w of outcome.warnings)
        trouble.report(w);
    await (0,promises_.rm)(manifestPath, { force: true }).catch(() => undefined);
    const restored = readRestoreState() ?? (await readRestoreReport(config));
    await (0,promises_.rm)(restoreReportPath(config), { force: true }).catch(() => undefined);
    for (const s of outcome.figures) {
        core/* info */.pq(`compile-cache: ${s.namespace}: ${(0,summary/* formatBytes */.z3)(s.sizeBefore.bytes)} → ${(0,summary/* formatBytes */.z3)(s.sizeAfter.bytes)} on disk, ` +
            `uploaded ${s.uploadedEntries} entries (${(0,summary/* formatBytes */.z3)(s.uploadedBytes)})` +
            (s.packsWritten !== undefined ? `, ${s.packsWritten} packs written` : ''));
    }
    if (!config.summary)
        return;
    const where = backend.describe();
    const markdown = (0,summary/* renderSummary */.Br)({
        location: where.location,
        locationLabel: where.label,
        remoteName: where.remoteName,
        cacheDir: config.cacheDir,
        remoteUnavailable: (restored?.remoteUnavailable ?? false) || outcome.remoteUnavailable,
        restore: restored?.figures,
        restoreNote: restored?.note,
        save: outcome.figures,
        saveNote: outcome.note,
        // The pack columns only when this save wrote to a bucket.
        uploadMode: outcome.uploadMode,
        wrapper,
        warnings: [...(restored?.warnings ?? []), ...trouble.warnings]
    });
    try {
        await core/* summary */.z.addRaw(markdown).write();
    }
    catch (err) {
        core/* info */.pq(`compile-cache: the job summary could not be written: ${(0,failures/* errorText */.kc)(err)}`);
    }
}


/***/ })

};
