import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
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
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ cacheDirFrom)
});

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./build/ncc-src/store/errors.js
/** Typed errors of the store layer, so callers can tell bad input from cache trouble. */
/** A blob name, namespace prefix, key, size or age that the contract does not accept. */
class errors_InvalidInputError extends Error {
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

;// CONCATENATED MODULE: ./build/ncc-src/store/validate.js

/**
 * Blob names and namespace prefixes become one path segment on disk and in S3, so the
 * contract (compat with the Go system) forbids anything that could escape that segment.
 */
function isBadSegment(s) {
    return s === '.' || s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0');
}
function validateBlobName(name) {
    if (name === '')
        throw new errors_InvalidInputError('cache blob name must not be empty');
    if (isBadSegment(name))
        throw new errors_InvalidInputError(`invalid cache blob name ${JSON.stringify(name)}`);
}
function validateNamespace(prefix) {
    if (prefix === '')
        throw new errors_InvalidInputError('namespace prefix must not be empty');
    if (isBadSegment(prefix))
        throw new errors_InvalidInputError(`invalid namespace prefix ${JSON.stringify(prefix)}`);
}
/** A namespace path such as `compile/local`: each segment must be a valid prefix. */
function splitNamespacePath(path) {
    const parts = path.split('/').filter(p => p !== '');
    if (parts.length === 0)
        throw new InvalidInputError(`namespace path ${JSON.stringify(path)} is empty`);
    for (const p of parts)
        validateNamespace(p);
    return parts;
}
/** Keys are opaque bytes; on disk and in S3 they are written as lowercase hex. */
function keyHex(key) {
    if (typeof key === 'string') {
        if (!isKeyHex(key))
            throw new errors_InvalidInputError(`invalid cache key ${JSON.stringify(key)}: expected hex`);
        return key.toLowerCase();
    }
    if (key.length === 0)
        throw new errors_InvalidInputError('cache key must not be empty');
    return Buffer.from(key).toString('hex');
}
/** A directory or key segment that can be an entry's hex key: at least two lowercase hex digits, even length. */
function isKeyHex(s) {
    return s.length >= 2 && s.length % 2 === 0 && /^[0-9a-f]+$/.test(s);
}
/** The two-character shard of a hex key (`<hh>` in `<hh>/<hex>/`). */
function shardOf(hex) {
    return hex.slice(0, 2);
}
/** Temporary files are never blobs: ours (`.<name>.tmp-…`) and the Go system's fixed `<name>.tmp`. */
function isTempName(name) {
    return name.startsWith('.') || name.endsWith('.tmp');
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/compilers.js
/**
 * Which program the wrapper runs: recognising gcc/clang drivers, and finding the real compiler on
 * PATH without ever landing on one of our own shims (or the launcher), even when the shim directory
 * is on PATH several times, under different spellings, or shims were copied or linked elsewhere.
 */


/** Written into every shim and the launcher; how a file is recognised as ours. */
const SHIM_MARKER = '# compile-cache shim';
const LAUNCHER_MARKER = '# compile-cache launcher';
/**
 * Driver names the wrapper knows the command line of: gcc, g++, cc, c++, clang, clang++, with an
 * optional target prefix (`x86_64-linux-gnu-gcc`) and version suffix (`gcc-12`, `clang++-17`).
 */
const KNOWN_DRIVER = /^(?:[\w.+]+-)*(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(?:-\d+(?:\.\d+)*)?$/;
/** Programs that are caches or distributors themselves: their identity says nothing about the compiler. */
const NOT_A_COMPILER = new Set(['ccache', 'sccache', 'distcc', 'icecc', 'buildcache', 'node']);
function isKnownCompiler(invokedPath, realPath) {
    const real = external_node_path_namespaceObject.basename(realPath);
    if (NOT_A_COMPILER.has(real))
        return false;
    return KNOWN_DRIVER.test(external_node_path_namespaceObject.basename(invokedPath)) || KNOWN_DRIVER.test(real);
}
/** Whether `file` is one of our shims or the launcher (by content: copies and links are caught too). */
function ourFileKind(file) {
    let fd;
    try {
        fd = (0,external_node_fs_namespaceObject.openSync)(file, 'r');
    }
    catch {
        return null;
    }
    try {
        const buf = Buffer.alloc(256);
        const n = (0,external_node_fs_namespaceObject.readSync)(fd, buf, 0, buf.length, 0);
        const head = buf.subarray(0, n).toString('latin1');
        if (!head.startsWith('#!'))
            return null;
        if (head.includes(SHIM_MARKER))
            return 'shim';
        if (head.includes(LAUNCHER_MARKER))
            return 'launcher';
        return null;
    }
    catch {
        return null;
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}
function isExecutableFile(file) {
    try {
        const st = (0,external_node_fs_namespaceObject.statSync)(file);
        // Any execute bit: the kernel decides the rest, as a shell's PATH search would.
        return st.isFile() && (st.mode & 0o111) !== 0;
    }
    catch {
        return false;
    }
}
function realDir(dir) {
    try {
        return (0,external_node_fs_namespaceObject.realpathSync)(dir);
    }
    catch {
        return external_node_path_namespaceObject.resolve(dir);
    }
}
/**
 * The first executable `name` on PATH that is not ours: directories whose real path is one of
 * `skipDirs` are skipped, and so is any file that is a shim or launcher. Null when there is none.
 */
function findOnPath(name, pathEnv, skipDirs = []) {
    const skip = new Set(skipDirs.map(realDir));
    for (const entry of (pathEnv ?? '').split(external_node_path_namespaceObject.delimiter)) {
        const dir = entry === '' ? '.' : entry;
        if (skip.has(realDir(dir)))
            continue;
        const candidate = external_node_path_namespaceObject.join(dir, name);
        if (!isExecutableFile(candidate))
            continue;
        if (ourFileKind(candidate) !== null)
            continue;
        return external_node_path_namespaceObject.resolve(candidate);
    }
    return null;
}
/**
 * Resolves what `wrap <compiler>` or a shim was asked to run to a real compiler. A bare name is
 * searched on PATH; a path that is one of our shims or the launcher is replaced by the real compiler
 * of the same name further along PATH (so `launcher /path/to/shims/cc` never wraps twice).
 */
function resolveCompiler(requested, pathEnv, skipDirs = []) {
    if (!requested.includes('/')) {
        const found = findOnPath(requested, pathEnv, skipDirs);
        return found === null ? null : { path: found, requested };
    }
    const kind = ourFileKind(requested);
    if (kind === null)
        return { path: requested, requested };
    if (kind === 'launcher')
        return null;
    const found = findOnPath(external_node_path_namespaceObject.basename(requested), pathEnv, [...skipDirs, external_node_path_namespaceObject.dirname(requested)]);
    return found === null ? null : { path: found, requested };
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/shims.js
/**
 * Masquerade shims: a directory with `cc`, `c++`, `gcc`, `g++`, `clang`, `clang++` that run the
 * wrapper, which finds the real compiler of the same name further along PATH (never a shim), plus
 * `compile-cache-launcher` for `CMAKE_<LANG>_COMPILER_LAUNCHER` and scripts (`launcher gcc -c …`).
 */



const SHIM_NAMES = ['cc', 'c++', 'gcc', 'g++', 'clang', 'clang++'];
const LAUNCHER_NAME = 'compile-cache-launcher';
/** Single-quoted for /bin/sh. */
function shQuote(s) {
    return `'${s.replace(/'/g, `'\\''`)}'`;
}
function shimScript(node, wrapperScript) {
    // "$0" is the shim's own path: the wrapper skips its directory (by real path) on PATH.
    return [
        '#!/bin/sh',
        `${SHIM_MARKER}: runs the real compiler of this name further along PATH through the cache (generated)`,
        `exec ${shQuote(node)} ${shQuote(wrapperScript)} --shim "$0" "$@"`,
        ''
    ].join('\n');
}
function launcherScript(node, wrapperScript) {
    return [
        '#!/bin/sh',
        `${LAUNCHER_MARKER}: usage: compile-cache-launcher <compiler> <args...> (generated)`,
        `exec ${shQuote(node)} ${shQuote(wrapperScript)} wrap "$@"`,
        ''
    ].join('\n');
}
async function writeExecutable(file, text) {
    const tmp = `${file}.tmp-${process.pid}`;
    await external_node_fs_namespaceObject.promises.writeFile(tmp, text, { mode: 0o755 });
    await external_node_fs_namespaceObject.promises.chmod(tmp, 0o755);
    await external_node_fs_namespaceObject.promises.rename(tmp, file);
}
/** Writes cc, c++, gcc, g++, clang, clang++ and a `compile-cache-launcher` into dir; returns paths. */
async function installShims(dir, opts) {
    const abs = external_node_path_namespaceObject.resolve(dir);
    await external_node_fs_namespaceObject.promises.mkdir(abs, { recursive: true });
    const node = external_node_path_namespaceObject.resolve(opts.node);
    const script = external_node_path_namespaceObject.resolve(opts.wrapperScript);
    for (const name of SHIM_NAMES)
        await writeExecutable(external_node_path_namespaceObject.join(abs, name), shimScript(node, script));
    const launcher = external_node_path_namespaceObject.join(abs, LAUNCHER_NAME);
    await writeExecutable(launcher, launcherScript(node, script));
    return { dir: abs, launcher };
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/stats.js
/**
 * Wrapper statistics, safe under `make -j`: every wrapper process appends one short line per event
 * to `<cacheDir>/.stats/events` (opened with O_APPEND, one write() per line, so concurrent appends
 * never interleave or overwrite); readers count the lines. No locks, no read-modify-write.
 *
 * Line format: `hit`, `miss`, `uncacheable <reason>`, `error <kind>`. Unknown lines are ignored, so
 * later versions can add events.
 */


const STATS_DIR = '.stats';
const STATS_FILE = 'events';
function statsFile(cacheDir) {
    return external_node_path_namespaceObject.join(cacheDir, STATS_DIR, STATS_FILE);
}
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
 * Appends events (one write). Returns false when the stats could not be written; the caller goes on
 * (statistics are never a reason to fail a build).
 */
function recordEvents(cacheDir, events) {
    if (events.length === 0)
        return true;
    const file = statsFile(cacheDir);
    const data = events.map(eventLine).join('');
    try {
        (0,external_node_fs_namespaceObject.appendFileSync)(file, data);
        return true;
    }
    catch {
        try {
            (0,external_node_fs_namespaceObject.mkdirSync)(external_node_path_namespaceObject.dirname(file), { recursive: true });
            (0,external_node_fs_namespaceObject.appendFileSync)(file, data);
            return true;
        }
        catch {
            return false;
        }
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
/** The statistics since the last zeroStats; all zero when there are none yet. */
async function readStats(cacheDir) {
    try {
        return parseStats(await external_node_fs_namespaceObject.promises.readFile(statsFile(cacheDir), 'utf8'));
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return emptyStats();
        throw err;
    }
}
/** Starts counting from zero (the action's pre step). */
async function zeroStats(cacheDir) {
    await external_node_fs_namespaceObject.promises.mkdir(external_node_path_namespaceObject.join(cacheDir, STATS_DIR), { recursive: true });
    await external_node_fs_namespaceObject.promises.writeFile(statsFile(cacheDir), '');
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

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./build/ncc-src/store/disk-fs.js
/**
 * Filesystem primitives of the disk store: modes applied explicitly (umask-independent), atomic blob
 * writes through unique temporary names, and whole-directory removal that is atomic for readers.
 */



/** Blob files are 0644 and every directory 0755 (compat), whatever the process umask. */
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
/** Temporary files and staging directories older than this are crash leftovers and may be removed. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** The directory below a store root where whole entries are assembled (import) and dropped (eviction). */
const STAGING_DIR = '.staging';
/**
 * What the disk store did in this process, for tests and benchmarks: full walks of a store
 * (stats, list, clean, the first size estimate) and blob files written (coalesced puts count once).
 */
const diskStoreCounters = { walks: 0, blobWrites: 0 };
/** The error code of a failed fs call, if any. */
function errorCode(err) {
    return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}
/** ENOENT or ENOTDIR: the path (or one of its parents) does not exist as a directory. */
function isMissing(err) {
    const code = errorCode(err);
    return code === 'ENOENT' || code === 'ENOTDIR';
}
/** A short random suffix for unique temporary names. */
function uniqueSuffix() {
    return `${process.pid}-${(0,external_node_crypto_namespaceObject.randomBytes)(6).toString('hex')}`;
}
/**
 * Creates `dir` and any missing parents, and gives every directory this call created the mode 0755
 * explicitly (mkdir's mode is masked by the umask). Existing directories keep their modes.
 */
async function makeDirs(dir) {
    const first = await external_node_fs_namespaceObject.promises.mkdir(dir, { recursive: true, mode: DIR_MODE });
    if (first === undefined)
        return;
    const created = [];
    for (let d = dir;; d = external_node_path_namespaceObject.dirname(d)) {
        created.push(d);
        if (d === first || external_node_path_namespaceObject.dirname(d) === d)
            break;
    }
    for (const d of created.reverse()) {
        try {
            await external_node_fs_namespaceObject.promises.chmod(d, DIR_MODE);
        }
        catch (err) {
            // A concurrent clean may remove an emptied shard at once; the caller's write then retries.
            if (!isMissing(err))
                throw err;
        }
    }
}
/** Writes `data` to a new file at `file` (which must not exist) with mode 0644. */
async function writeNewFile(file, data) {
    const handle = await external_node_fs_namespaceObject.promises.open(file, 'wx', FILE_MODE);
    try {
        await handle.chmod(FILE_MODE);
        await handle.writeFile(data);
    }
    finally {
        await handle.close();
    }
}
/**
 * Writes a blob atomically: a temporary file with a unique name starting with `.` in the same
 * directory, then a rename over the blob. Readers see the old blob or the new one, never a part.
 * The directory must exist; ENOENT (e.g. the entry was evicted meanwhile) propagates for a retry.
 */
async function writeAtomic(dir, name, data) {
    const tmp = external_node_path_namespaceObject.join(dir, `.${name}.tmp-${uniqueSuffix()}`);
    try {
        await writeNewFile(tmp, data);
        await external_node_fs_namespaceObject.promises.rename(tmp, external_node_path_namespaceObject.join(dir, name));
    }
    catch (err) {
        await external_node_fs_namespaceObject.promises.rm(tmp, { force: true }).catch(() => undefined);
        throw err;
    }
}
/**
 * Removes a directory tree so that readers never see a half-removed one: it is first renamed into
 * `<root>/.staging/` (atomic), then deleted there. Returns false when `dir` did not exist.
 * Falls back to deleting in place when the rename is impossible (another filesystem).
 */
async function removeDir(root, dir) {
    const staging = external_node_path_namespaceObject.join(root, STAGING_DIR);
    const trash = external_node_path_namespaceObject.join(staging, `trash-${uniqueSuffix()}`);
    for (let attempt = 0;; attempt++) {
        try {
            await external_node_fs_namespaceObject.promises.rename(dir, trash);
            break;
        }
        catch (err) {
            const code = errorCode(err);
            if (code === 'ENOENT' && attempt === 0) {
                // Either `dir` is gone or the staging directory does not exist yet.
                try {
                    await external_node_fs_namespaceObject.promises.lstat(dir);
                }
                catch (statErr) {
                    if (isMissing(statErr))
                        return false;
                    throw statErr;
                }
                await makeDirs(staging);
                continue;
            }
            if (isMissing(err))
                return false;
            if (code === 'EXDEV' || code === 'EPERM' || code === 'EACCES' || code === 'EBUSY') {
                await external_node_fs_namespaceObject.promises.rm(dir, { recursive: true, force: true, maxRetries: 3 });
                return true;
            }
            throw err;
        }
    }
    // The entry is gone for every reader now; failing to delete the trash only leaves a stale leftover.
    await external_node_fs_namespaceObject.promises.rm(trash, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    return true;
}
/** Removes an empty directory; a directory that is not empty (or already gone) is left alone. */
async function removeIfEmpty(dir) {
    try {
        await external_node_fs_namespaceObject.promises.rmdir(dir);
    }
    catch {
        // ENOTEMPTY, EEXIST, ENOENT, ...: keep it.
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/store/disk-walk.js




const SHARD_NAME = /^[0-9a-f]{2}$/;
const PARALLEL = 16;
/** Every entry of the store rooted at `dir` and of every namespace below it; namespaces relative to `dir`. */
async function walkStore(dir, options) {
    diskStoreCounters.walks++;
    const out = [];
    await walkDir(dir, '', options, out);
    return out;
}
async function readDirents(dir) {
    try {
        return await external_node_fs_namespaceObject.promises.readdir(dir, { withFileTypes: true });
    }
    catch (err) {
        if (isMissing(err))
            return null;
        throw err;
    }
}
async function walkDir(dir, ns, options, out) {
    const children = await readDirents(dir);
    if (children === null)
        return;
    for (const child of sortByName(children)) {
        if (child.isDirectory())
            await walkChild(dir, ns, child.name, options, out);
    }
}
/** A directory below a namespace: a shard when its name is two hex characters, else a namespace. */
async function walkChild(parent, ns, name, options, out) {
    if (name.startsWith('.'))
        return;
    const p = external_node_path_namespaceObject.join(parent, name);
    if (SHARD_NAME.test(name))
        await walkShard(p, name, ns, options, out);
    else
        await walkDir(p, joinNamespace(ns, name), options, out);
}
/**
 * The entries of a shard. A child that is not an entry (not `<hh>…` hex, or holding directories and
 * no blobs) means the shard directory is also a namespace of that name (e.g. `ab/ab/ab12…` for a
 * namespace `ab`): such children are walked as part of it.
 */
async function walkShard(shardPath, hh, ns, options, out) {
    const children = await readDirents(shardPath);
    if (children === null)
        return;
    const candidates = [];
    const nested = [];
    for (const child of sortByName(children)) {
        if (child.name.startsWith('.') || !child.isDirectory())
            continue; // a stray file is nobody's blob
        if (isKeyHex(child.name) && child.name.startsWith(hh))
            candidates.push(child.name);
        else
            nested.push(child.name);
    }
    const scans = await mapLimit(candidates, PARALLEL, name => scanEntry(external_node_path_namespaceObject.join(shardPath, name), options));
    const cleanups = [];
    scans.forEach((scan, i) => {
        if (scan === null)
            return; // removed meanwhile
        const name = candidates[i];
        if (scan.hasSubdirs && scan.blobs.length === 0) {
            nested.push(name);
            return;
        }
        const entryPath = external_node_path_namespaceObject.join(shardPath, name);
        if (options.removeStale)
            cleanups.push(removeStale(entryPath, scan, options.now));
        if (scan.blobs.length === 0)
            return; // only leftovers: not an entry
        let size = 0;
        let mtimeMs = 0;
        for (const b of scan.blobs) {
            size += b.size;
            mtimeMs = Math.max(mtimeMs, b.mtime.getTime());
        }
        out.push({
            key: name,
            namespace: ns,
            blobs: scan.blobs,
            size,
            mtime: new Date(mtimeMs),
            path: entryPath,
            shardPath
        });
    });
    await Promise.all(cleanups);
    const shardNs = joinNamespace(ns, hh);
    for (const name of nested.sort())
        await walkChild(shardPath, shardNs, name, options, out);
}
function joinNamespace(ns, name) {
    return ns === '' ? name : `${ns}/${name}`;
}
function sortByName(dirents) {
    return dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
async function scanEntry(entryPath, options) {
    const children = await readDirents(entryPath);
    if (children === null)
        return null;
    const scan = { blobs: [], temps: [], hasSubdirs: false, others: 0 };
    await Promise.all(children.map(async (child) => {
        const p = external_node_path_namespaceObject.join(entryPath, child.name);
        if (isTempName(child.name)) {
            if (!options.removeStale)
                return;
            const st = await lstatOrNull(p);
            if (st !== null)
                scan.temps.push({ path: p, mtimeMs: st.mtimeMs });
            return;
        }
        if (child.isDirectory()) {
            scan.hasSubdirs = true;
            return;
        }
        if (!child.isFile()) {
            scan.others++;
            return;
        }
        const st = await lstatOrNull(p);
        if (st === null)
            return; // replaced or evicted meanwhile
        if (!st.isFile()) {
            scan.others++;
            return;
        }
        scan.blobs.push({ name: child.name, size: st.size, mtime: st.mtime });
    }));
    scan.blobs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return scan;
}
/** Deletes stale leftovers of one entry directory, and the directory itself when that leaves it empty. */
async function removeStale(entryPath, scan, now) {
    const cutoff = now - STALE_TEMP_MS;
    const stale = scan.temps.filter(t => t.mtimeMs < cutoff);
    const emptyAfter = scan.blobs.length === 0 && scan.others === 0 && !scan.hasSubdirs;
    if (stale.length === 0 && !(emptyAfter && scan.temps.length === 0))
        return;
    // Taken before deleting anything (which refreshes it): an entry directory is removed only when
    // nothing was created in it for a while, since a fresh one may belong to a put in progress.
    const dirStat = emptyAfter && stale.length === scan.temps.length ? await lstatOrNull(entryPath) : null;
    for (const t of stale)
        await external_node_fs_namespaceObject.promises.rm(t.path, { recursive: true, force: true }).catch(() => undefined);
    if (dirStat !== null && dirStat.mtimeMs < cutoff)
        await removeIfEmpty(entryPath);
}
async function lstatOrNull(p) {
    try {
        return await external_node_fs_namespaceObject.promises.lstat(p);
    }
    catch (err) {
        if (isMissing(err))
            return null;
        throw err;
    }
}
/** Maps with at most `limit` calls in flight, keeping the order of `items`. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

;// CONCATENATED MODULE: ./build/ncc-src/store/disk.js
/**
 * The disk store: the Go system's on-disk layout (compat), `<dir>/<hh>/<hex>/<name>`, with namespaces
 * as plain subdirectories, and without the original's known weaknesses (see the store spec):
 * unique temporary names whose leftovers are never served or counted, stats/list/clean that see every
 * namespace below, least-recently-used order refreshed by touch, and a size limit that does not
 * rescan the store on every put.
 */







/**
 * A put evicts (a real clean down to maxSize) only once the running size estimate passes the limit
 * by this factor, so the cost of eviction is spread over many writes (compat with the Go S3 store).
 */
const EVICT_SLACK = 1.1;
/** Attempts of a write that keeps failing with ENOENT because a concurrent clean removed its directory. */
const WRITE_ATTEMPTS = 5;
/**
 * Blob writes in flight in this process, by absolute blob path. Module-level so that every store
 * and every view (a server builds a fresh view per request) shares it: concurrent puts of one blob
 * become one write. Keys are content addresses, so one key and name always carry the same bytes.
 */
const inflightWrites = new Map();
const estimates = new Map();
function isInside(dir, p) {
    return p.startsWith(dir.endsWith(external_node_path_namespaceObject.sep) ? dir : dir + external_node_path_namespaceObject.sep);
}
/** Adds a write's bytes to the estimate of every limited store that holds `p`. */
function noteWritten(p, bytes) {
    for (const [dir, est] of estimates) {
        if (!isInside(dir, p))
            continue;
        est.written += bytes;
        if (est.bytes !== null)
            est.bytes += bytes;
    }
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
class DiskCacheStore {
    dirPath;
    /** The top store directory: views share it, and its `.staging/` holds imports and evicted entries. */
    root;
    maxSize;
    constructor(dir, options = {}) {
        if (dir === '')
            throw new errors_InvalidInputError('disk store directory must not be empty');
        const maxSize = options.maxSize ?? 0;
        if (!Number.isFinite(maxSize)) {
            throw new errors_InvalidInputError(`invalid maxSize ${maxSize}: expected a number of bytes (0 = unlimited)`);
        }
        this.dirPath = external_node_path_namespaceObject.resolve(dir);
        this.root = this.dirPath;
        this.maxSize = Math.max(0, Math.floor(maxSize));
    }
    dir() {
        return this.dirPath;
    }
    /** A view of the subdirectory `prefix` (one path segment); it has no size limit of its own. */
    namespace(prefix) {
        validateNamespace(prefix);
        if (prefix.startsWith('.')) {
            // A dot directory is skipped by every walk, so its data would be invisible to the parent.
            throw new errors_InvalidInputError(`invalid namespace prefix ${JSON.stringify(prefix)}: names starting with "." are reserved`);
        }
        const view = new DiskCacheStore(external_node_path_namespaceObject.join(this.dirPath, prefix));
        view.root = this.root;
        return view;
    }
    /** Path of the entry directory `<dir>/<hh>/<hex>` (does not create it). */
    entryPath(key) {
        const hex = keyHex(key);
        return external_node_path_namespaceObject.join(this.dirPath, shardOf(hex), hex);
    }
    async get(key, name) {
        validateBlobName(name);
        const entry = this.entryPath(key);
        if (isTempName(name))
            return null; // leftovers are never served
        try {
            return await external_node_fs_namespaceObject.promises.readFile(external_node_path_namespaceObject.join(entry, name));
        }
        catch (err) {
            if (isMissing(err))
                return null;
            throw err;
        }
    }
    async put(key, name, value) {
        validateStoredName(name);
        const entry = this.entryPath(key);
        const file = external_node_path_namespaceObject.join(entry, name);
        const inflight = inflightWrites.get(file);
        if (inflight !== undefined) {
            await inflight;
        }
        else {
            const write = writeBlob(entry, name, value).finally(() => inflightWrites.delete(file));
            inflightWrites.set(file, write);
            await write;
            noteWritten(file, value.byteLength);
        }
        if (this.maxSize > 0)
            await this.evictIfOver();
    }
    async has(key) {
        const entry = this.entryPath(key);
        let children;
        try {
            children = await external_node_fs_namespaceObject.promises.readdir(entry, { withFileTypes: true });
        }
        catch (err) {
            if (isMissing(err))
                return false;
            throw err;
        }
        return children.some(c => c.isFile() && !isTempName(c.name));
    }
    /**
     * Sets the entry's time to now. The entry time is its newest blob mtime, so one utimes is enough:
     * `exit_code` first (every compile entry has it), a directory listing only when that is missing.
     * An entry that does not exist is left alone.
     */
    async touch(key) {
        const entry = this.entryPath(key);
        const now = new Date();
        if (await touchFile(external_node_path_namespaceObject.join(entry, 'exit_code'), now))
            return;
        let children;
        try {
            children = await external_node_fs_namespaceObject.promises.readdir(entry, { withFileTypes: true });
        }
        catch (err) {
            if (isMissing(err))
                return;
            throw err;
        }
        for (const c of children) {
            if (c.isFile() && !isTempName(c.name) && (await touchFile(external_node_path_namespaceObject.join(entry, c.name), now)))
                return;
        }
    }
    async stats() {
        const writtenBefore = estimates.get(this.dirPath)?.written ?? 0;
        const entries = await walkStore(this.dirPath, { removeStale: false, now: Date.now() });
        const stats = totals(entries);
        this.resetEstimate(stats.bytes, writtenBefore);
        return stats;
    }
    async list() {
        const entries = await walkStore(this.dirPath, { removeStale: true, now: Date.now() });
        return entries
            .map(({ key, namespace, blobs, size, mtime }) => ({ key, namespace, blobs, size, mtime }))
            .sort((a, b) => compare(a.namespace, b.namespace) || compare(a.key, b.key));
    }
    async clean(maxSize, maxAge) {
        const now = Date.now();
        const writtenBefore = estimates.get(this.dirPath)?.written ?? 0;
        await sweepStaging(this.root, now);
        const entries = await walkStore(this.dirPath, { removeStale: true, now });
        const byAge = { entries: 0, bytes: 0 };
        const bySize = { entries: 0, bytes: 0 };
        const emptiedShards = new Set();
        const evict = async (victims, into) => {
            await mapLimit(victims, 8, async (e) => {
                if (await removeDir(this.root, e.path)) {
                    into.entries++;
                    into.bytes += e.size;
                }
                emptiedShards.add(e.shardPath);
            });
        };
        let kept = entries;
        if (maxAge > 0) {
            const cutoff = now - maxAge;
            const old = entries.filter(e => e.mtime.getTime() < cutoff);
            kept = entries.filter(e => e.mtime.getTime() >= cutoff);
            await evict(old, byAge);
        }
        let bytes = kept.reduce((sum, e) => sum + e.size, 0);
        if (maxSize > 0 && bytes > maxSize) {
            const lru = [...kept].sort((a, b) => a.mtime.getTime() - b.mtime.getTime() || compare(a.namespace, b.namespace) || compare(a.key, b.key));
            const victims = [];
            for (const e of lru) {
                if (bytes <= maxSize)
                    break;
                victims.push(e);
                bytes -= e.size;
            }
            const gone = new Set(victims);
            kept = kept.filter(e => !gone.has(e));
            await evict(victims, bySize);
        }
        // Only shards: a namespace directory is never removed, even when a clean emptied it.
        for (const shard of emptiedShards)
            await removeIfEmpty(shard);
        const remaining = { entries: kept.length, bytes };
        this.resetEstimate(bytes, writtenBefore);
        const evicted = byAge.bytes + bySize.bytes;
        for (const [dir, est] of estimates) {
            if (dir !== this.dirPath && isInside(dir, this.dirPath) && est.bytes !== null) {
                est.bytes = Math.max(0, est.bytes - evicted);
            }
        }
        return { bySize, byAge, remaining };
    }
    /** Removes whole entries of this store (not of namespaces below it) by hex key. */
    async remove(keys) {
        const paths = keys.map(k => this.entryPath(k));
        await mapLimit(paths, 8, async (p) => {
            if (await removeDir(this.root, p))
                await removeIfEmpty(external_node_path_namespaceObject.dirname(p));
        });
    }
    /**
     * Installs a whole entry atomically (used by the restore from S3): writes all blobs into a staging
     * directory under `<root>/.staging/`, sets every file's mtime to `mtime` (default now), then renames the
     * directory into `<dir>/<hh>/<hex>`. Returns false and changes nothing when the entry directory already
     * exists. Never leaves a partial entry visible.
     */
    async importEntry(key, blobs, mtime) {
        const entry = this.entryPath(key);
        if (blobs.length === 0)
            throw new errors_InvalidInputError('an imported cache entry needs at least one blob');
        const names = new Set();
        for (const b of blobs) {
            validateStoredName(b.name);
            if (names.has(b.name))
                throw new errors_InvalidInputError(`duplicate cache blob name ${JSON.stringify(b.name)}`);
            names.add(b.name);
        }
        if (await exists(entry))
            return false;
        const time = mtime ?? new Date();
        const stagingRoot = external_node_path_namespaceObject.join(this.root, STAGING_DIR);
        await makeDirs(stagingRoot);
        const staging = await external_node_fs_namespaceObject.promises.mkdtemp(external_node_path_namespaceObject.join(stagingRoot, `${external_node_path_namespaceObject.basename(entry)}-`));
        let installed = false;
        try {
            await external_node_fs_namespaceObject.promises.chmod(staging, DIR_MODE);
            let bytes = 0;
            for (const b of blobs) {
                const file = external_node_path_namespaceObject.join(staging, b.name);
                await writeNewFile(file, b.data);
                await external_node_fs_namespaceObject.promises.utimes(file, time, time);
                bytes += b.data.byteLength;
            }
            for (let attempt = 1;; attempt++) {
                // Checked again just before the rename: a put or another import may have created it. A
                // non-empty directory that appears in between makes the rename fail (ENOTEMPTY) and the
                // staging copy is discarded; an empty one (a put between its mkdir and its write) is
                // replaced, and that put then writes the same bytes into the installed entry.
                if (await exists(entry))
                    return false;
                try {
                    await makeDirs(external_node_path_namespaceObject.dirname(entry));
                    await external_node_fs_namespaceObject.promises.rename(staging, entry);
                    installed = true;
                    break;
                }
                catch (err) {
                    const code = errorCode(err);
                    if (code === 'ENOTEMPTY' || code === 'EEXIST')
                        return false;
                    // ENOENT: a concurrent clean removed the emptied shard between mkdir and rename.
                    if (isMissing(err) && attempt < WRITE_ATTEMPTS)
                        continue;
                    throw err;
                }
            }
            noteWritten(entry, bytes);
        }
        finally {
            if (!installed)
                await external_node_fs_namespaceObject.promises.rm(staging, { recursive: true, force: true }).catch(() => undefined);
        }
        if (this.maxSize > 0)
            await this.evictIfOver();
        return true;
    }
    /** After a put: a real clean only when the running estimate passes the limit by 10%. */
    async evictIfOver() {
        let est = estimates.get(this.dirPath);
        if (est === undefined) {
            est = { bytes: null, written: 0, init: null, evicting: null };
            estimates.set(this.dirPath, est);
        }
        const e = est;
        if (e.bytes === null) {
            e.init ??= (async () => {
                const before = e.written;
                const entries = await walkStore(this.dirPath, { removeStale: false, now: Date.now() });
                e.bytes = totals(entries).bytes + (e.written - before);
            })().finally(() => {
                e.init = null;
            });
            await e.init;
        }
        if (e.evicting !== null)
            return e.evicting;
        if (e.bytes === null || e.bytes <= this.maxSize * EVICT_SLACK)
            return;
        e.evicting = this.clean(this.maxSize, 0)
            .then(() => undefined)
            .finally(() => {
            e.evicting = null;
        });
        return e.evicting;
    }
    /** A full walk of this directory knows its size: the estimate restarts from there. */
    resetEstimate(bytes, writtenBefore) {
        const est = estimates.get(this.dirPath);
        if (est !== undefined)
            est.bytes = bytes + (est.written - writtenBefore);
    }
}
/**
 * A blob name the disk store can keep: valid per the contract, and not a temporary file's name
 * (`.x` or `x.tmp`), which would be neither served nor counted.
 */
function validateStoredName(name) {
    validateBlobName(name);
    if (isTempName(name)) {
        throw new errors_InvalidInputError(`invalid cache blob name ${JSON.stringify(name)}: names starting with "." or ending in ".tmp" are temporary files`);
    }
}
/** Writes one blob atomically, creating the entry directory; retried when a clean removes it meanwhile. */
async function writeBlob(entry, name, value) {
    for (let attempt = 1;; attempt++) {
        try {
            await makeDirs(entry);
            await writeAtomic(entry, name, value);
            diskStoreCounters.blobWrites++;
            return;
        }
        catch (err) {
            if (errorCode(err) === 'ENOENT' && attempt < WRITE_ATTEMPTS)
                continue;
            throw err;
        }
    }
}
/** Sets a file's times to `now`; false when it does not exist. */
async function touchFile(file, now) {
    try {
        await external_node_fs_namespaceObject.promises.utimes(file, now, now);
        return true;
    }
    catch (err) {
        if (isMissing(err))
            return false;
        throw err;
    }
}
async function exists(p) {
    try {
        await external_node_fs_namespaceObject.promises.lstat(p);
        return true;
    }
    catch (err) {
        if (isMissing(err))
            return false;
        throw err;
    }
}
function totals(entries) {
    return { entries: entries.length, bytes: entries.reduce((sum, e) => sum + e.size, 0) };
}
/** Removes staging directories (crashed imports, undeleted evictions) older than STALE_TEMP_MS. */
async function sweepStaging(root, now) {
    const staging = external_node_path_namespaceObject.join(root, STAGING_DIR);
    let children;
    try {
        children = await external_node_fs_namespaceObject.promises.readdir(staging);
    }
    catch (err) {
        if (isMissing(err))
            return;
        throw err;
    }
    for (const name of children) {
        const p = external_node_path_namespaceObject.join(staging, name);
        try {
            const st = await external_node_fs_namespaceObject.promises.lstat(p);
            if (st.mtimeMs < now - STALE_TEMP_MS)
                await external_node_fs_namespaceObject.promises.rm(p, { recursive: true, force: true });
        }
        catch (err) {
            if (!isMissing(err))
                throw err;
        }
    }
}

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
    const dir = external_node_path_namespaceObject.dirname(file);
    const base = external_node_path_namespaceObject.basename(file);
    const dot = base.lastIndexOf('.');
    const stem = dot >= 0 ? base.slice(0, dot) : base;
    const name = stem + ext;
    return dir === '.' && !file.startsWith('./') ? name : external_node_path_namespaceObject.join(dir, name);
}
function passThrough(reason, detail) {
    return { cacheable: false, reason, detail };
}
/**
 * Classifies a compiler command line (argv without the compiler). `env` is consulted for variables
 * that make gcc write dependency files on its own.
 */
function classify(args, env) {
    if (env.DEPENDENCIES_OUTPUT !== undefined || env.SUNPRO_DEPENDENCIES !== undefined) {
        return passThrough('unproven-option', 'DEPENDENCIES_OUTPUT/SUNPRO_DEPENDENCIES is set');
    }
    let compile = false;
    const inputs = [];
    let xLanguage = 'none';
    const outputs = [];
    const depfiles = [];
    let depMode = false;
    let explicitTargets = false;
    let debug = false;
    let explicitColor = false;
    const prefixMaps = [];
    const forcedIncludes = [];
    const keyArgs = [];
    const preprocessArgs = [];
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a.startsWith('@'))
            return passThrough('response-file', a);
        if (a === '-')
            return passThrough('stdin', a);
        if (!a.startsWith('-')) {
            const ext = external_node_path_namespaceObject.extname(a).slice(1);
            const byExt = EXTENSION_LANGUAGE[ext];
            inputs.push({ file: a, language: xLanguage !== 'none' ? xLanguage : (byExt ?? 'other') });
            keyArgs.push(a);
            preprocessArgs.push(a);
            continue;
        }
        const mode = modeReason(a);
        if (mode !== null)
            return passThrough(mode[0], mode[1]);
        const reason = optionReason(a);
        if (reason !== null)
            return passThrough(reason[0], reason[1]);
        // The option and its value (separate or joined), and what to do with them.
        let value;
        let taken = [a];
        if (SEPARATE_VALUE.has(a)) {
            value = args[i + 1];
            if (value === undefined)
                return passThrough('unproven-option', `${a} without a value`);
            taken = [a, value];
            i++;
        }
        const asm = assemblerParts(a, value);
        if (asm !== null) {
            if (asm.some(p => p.startsWith('-a') || p === '--MD' || p.startsWith('-MD'))) {
                return passThrough('extra-output', taken.join(' '));
            }
            if (asm.some(p => p.startsWith('-g') || p.startsWith('--g')))
                debug = true;
        }
        if (a === '-c' || a === '--compile') {
            compile = true;
            keyArgs.push(a);
            continue;
        }
        if (a === '-o' || (a.startsWith('-o') && a.length > 2)) {
            outputs.push(value ?? a.slice(2));
            continue;
        }
        if (a === '-x' || (a.startsWith('-x') && a.length > 2)) {
            const lang = X_LANGUAGE[value ?? a.slice(2)];
            if (lang === undefined)
                return passThrough('language', taken.join(' '));
            xLanguage = lang;
            keyArgs.push(...taken);
            preprocessArgs.push(...taken);
            continue;
        }
        if (a === '-MD' || a === '-MMD') {
            depMode = true;
            keyArgs.push(a);
            continue;
        }
        if (a === '-MF' || (a.startsWith('-MF') && a.length > 3)) {
            depfiles.push(value ?? a.slice(3));
            continue;
        }
        if (a === '-MT' || a === '-MQ' || ((a.startsWith('-MT') || a.startsWith('-MQ')) && a.length > 3)) {
            explicitTargets = true;
            keyArgs.push(...taken);
            continue;
        }
        if (a === '-MP') {
            keyArgs.push(a);
            continue;
        }
        if (a === '-P') {
            // Only meaningful with -E; dropped from our -E run so line markers (paths) stay in the key.
            keyArgs.push(a);
            continue;
        }
        if (a === '-include')
            forcedIncludes.push(value);
        if (a.startsWith('-fdebug-prefix-map=') || a.startsWith('-ffile-prefix-map=')) {
            const spec = a.slice(a.indexOf('=') + 1);
            const eq = spec.indexOf('=');
            if (eq < 0)
                return passThrough('unproven-option', a);
            prefixMaps.push([spec.slice(0, eq), spec.slice(eq + 1)]);
        }
        if (/^-f(no-)?(diagnostics-color|color-diagnostics)/.test(a))
            explicitColor = true;
        if (a.startsWith('-g') && !a.startsWith('-gz') && !a.startsWith('-gno-')) {
            debug = a !== '-g0';
        }
        keyArgs.push(...taken);
        preprocessArgs.push(...taken);
    }
    if (!compile)
        return passThrough('link', 'no -c');
    if (inputs.length === 0)
        return passThrough('no-input', 'no source file');
    if (inputs.length > 1)
        return passThrough('multiple-inputs', inputs.map(i => i.file).join(' '));
    const input = inputs[0];
    if (input.language === 'header')
        return passThrough('precompiled-header', input.file);
    if (input.language === 'none' || input.language === 'other')
        return passThrough('language', input.file);
    if (outputs.length > 1)
        return passThrough('multiple-outputs', outputs.join(' '));
    if (depfiles.length > 1)
        return passThrough('unproven-option', `several -MF: ${depfiles.join(' ')}`);
    const outputGiven = outputs.length === 1;
    const output = outputs[0] ?? replaceExtension(external_node_path_namespaceObject.basename(input.file), '.o');
    if (output === '-')
        return passThrough('output-stdout', '-o -');
    let depfile = null;
    if (depMode) {
        const dpath = depfiles[0] ?? replaceExtension(outputGiven ? output : external_node_path_namespaceObject.basename(input.file), '.d');
        if (dpath === '-')
            return passThrough('unproven-option', '-MF -');
        const base = external_node_path_namespaceObject.basename(depfiles[0] === undefined ? (outputGiven ? output : input.file) : dpath);
        if (depfiles[0] === undefined && base.startsWith('.') && base.indexOf('.', 1) < 0) {
            // gcc gives `.d`, clang `<name>.d`: not worth guessing.
            return passThrough('unproven-option', `depfile name for ${output}`);
        }
        depfile = { path: dpath, defaultTarget: explicitTargets ? null : output };
    }
    preprocessArgs.push('-E');
    return {
        cacheable: true,
        command: {
            source: input.file,
            language: input.language,
            output,
            outputGiven,
            depfile,
            keyArgs,
            preprocessArgs,
            debug,
            prefixMaps,
            forcedIncludes,
            explicitColor
        }
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
/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros (none when zero). */
function rfc3339Nano(t) {
    const iso = t.toISOString(); // 2024-01-02T03:04:05.678Z
    const [secs, frac = ''] = iso.slice(0, -1).split('.');
    const trimmed = frac.replace(/0+$/, '');
    return `${secs}${trimmed === '' ? '' : '.' + trimmed}Z`;
}
/** Compact JSON with the fields in the spec's order: timestamp, compiler, command, inputs, output, duration_ns. */
function encodeMetadata(m) {
    const fields = [
        `"timestamp":${JSON.stringify(rfc3339Nano(m.time))}`,
        `"compiler":${JSON.stringify(m.compiler)}`,
        `"command":${JSON.stringify(m.command)}`,
        `"inputs":${JSON.stringify(m.inputs)}`
    ];
    if (m.output !== '')
        fields.push(`"output":${JSON.stringify(m.output)}`);
    fields.push(`"duration_ns":${m.durationNs.toString()}`);
    return Buffer.from(`{${fields.join(',')}}`);
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
    const exit = await store.get(key, 'exit_code');
    if (exit === null)
        return null;
    const text = exit.toString('latin1').trim();
    if (!/^\d+$/.test(text) || Number(text) !== 0)
        return null;
    const output = await store.get(key, 'output');
    if (output === null)
        return null;
    let extras = null;
    if (wantExtras) {
        const raw = await store.get(key, 'extras');
        if (raw === null)
            return null;
        extras = decodeExtras(raw);
        if (extras === null)
            return null;
    }
    const stdout = (await store.get(key, 'stdout')) ?? Buffer.alloc(0);
    const stderr = (await store.get(key, 'stderr')) ?? Buffer.alloc(0);
    return { output, stdout, stderr, extras };
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/identity.js
/**
 * The compiler's identity for the key: a SHA-256 of the compiler binary's content. Hashing a driver
 * on every call would cost more than the rest of a hit, so the digest is remembered in
 * `<cacheDir>/.compilers/`, under a name derived from the real path and everything `stat` says
 * changes when the file is replaced (size, mtime, ctime, inode, device).
 */




const IDENTITY_DIR = '.compilers';
/** The hex SHA-256 of the compiler's content, memoised per (real path, size, mtime, ctime, inode). */
function compilerIdentity(compiler, cacheDir) {
    const real = (0,external_node_fs_namespaceObject.realpathSync)(compiler);
    const st = (0,external_node_fs_namespaceObject.statSync)(real, { bigint: true });
    const memoKey = (0,external_node_crypto_namespaceObject.createHash)('sha256')
        .update([real, st.size, st.mtimeNs, st.ctimeNs, st.ino, st.dev].join('\0'))
        .digest('hex');
    const memoDir = cacheDir === null ? null : external_node_path_namespaceObject.join(cacheDir, IDENTITY_DIR);
    const memoFile = memoDir === null ? null : external_node_path_namespaceObject.join(memoDir, memoKey);
    if (memoFile !== null) {
        try {
            const remembered = (0,external_node_fs_namespaceObject.readFileSync)(memoFile, 'latin1');
            if (/^[0-9a-f]{64}$/.test(remembered))
                return remembered;
        }
        catch {
            // not remembered yet (or unreadable): hash below
        }
    }
    const digest = (0,external_node_crypto_namespaceObject.createHash)('sha256').update((0,external_node_fs_namespaceObject.readFileSync)(real)).digest('hex');
    if (memoDir !== null && memoFile !== null) {
        try {
            (0,external_node_fs_namespaceObject.mkdirSync)(memoDir, { recursive: true });
            const tmp = external_node_path_namespaceObject.join(memoDir, `.${memoKey}.tmp-${uniqueSuffix()}`);
            (0,external_node_fs_namespaceObject.writeFileSync)(tmp, digest);
            (0,external_node_fs_namespaceObject.renameSync)(tmp, memoFile);
        }
        catch {
            // Only a lost optimisation: the next call hashes again.
        }
    }
    return digest;
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/key.js
/**
 * The compile key: a SHA-256 (32 bytes) over length-prefixed fields, so no two different field lists
 * hash the same byte stream. See docs/compiler.md for the exact list.
 */


/** Bump when anything about what goes into the key changes: old entries then simply miss. */
const KEY_VERSION = 'compile-cache compile key v1';
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
function compileKey(k) {
    const h = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    const field = (name, value) => {
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
    for (const a of [...c.keyArgs, ...k.extraArgs])
        field('arg', a);
    if (c.debug)
        field('cwd', debugWorkingDir(k.cwd, c.prefixMaps));
    if (c.depfile !== null)
        field('depfile-target', c.depfile.defaultTarget ?? '');
    for (const name of KEY_ENV) {
        const v = k.env[name];
        if (v !== undefined)
            field('env', `${name}=${v}`);
    }
    field('preprocessed', k.preprocessed);
    return h.digest();
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/wrap.js
/**
 * One wrapped compiler call: classify, preprocess, look up, and either restore a hit or compile and
 * store. Whatever goes wrong with the cache, the real compiler still runs and its output and exit
 * status reach the caller unchanged: the cache never fails a build.
 */











/** Set for the compiler and everything it runs: a wrapper that sees it is nested and runs the compiler directly. */
const NESTED_ENV = 'COMPILE_CACHE_WRAPPED';
const MAX_BUFFER = 1 << 30;
function childEnv(env) {
    return { ...env, [NESTED_ENV]: '1' };
}
/** Writes all of `data` to a file descriptor, also when it is a non-blocking pipe. */
function writeAllSync(fd, data) {
    let off = 0;
    while (off < data.byteLength) {
        try {
            off += (0,external_node_fs_namespaceObject.writeSync)(fd, data, off, data.byteLength - off);
        }
        catch (err) {
            if (err.code !== 'EAGAIN')
                throw err;
        }
    }
}
function outcomeOf(r, compiler) {
    if (r.error !== undefined) {
        const code = r.error.code;
        writeAllSync(2, Buffer.from(`compile-cache: cannot run ${compiler}: ${r.error.message}\n`));
        return { status: code === 'ENOENT' ? 127 : code === 'EACCES' ? 126 : 1, signal: null };
    }
    return { status: r.status ?? 1, signal: r.signal };
}
/** Runs the compiler with the caller's stdio, as if the wrapper were not there. */
function runDirect(compiler, args, ctx) {
    const r = (0,external_node_child_process_namespaceObject.spawnSync)(compiler, args, { stdio: 'inherit', env: childEnv(ctx.env), cwd: ctx.cwd });
    return outcomeOf(r, compiler);
}
class Recorder {
    ctx;
    events = [];
    /** Set once the real compiler has run: after that, a failure of ours must not run it again. */
    ran = null;
    log = [];
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
    /** Milliseconds since the process started, in the log: where a call's time goes. */
    phase(name) {
        if (this.ctx.logFile !== null)
            this.log.push(`${name} at ${performance.now().toFixed(1)} ms`);
    }
    flush(compiler, args) {
        recordEvents(this.ctx.cacheDir, this.events);
        if (this.ctx.logFile === null || this.log.length === 0)
            return;
        const head = `${new Date().toISOString()} [${process.pid}] ${this.ctx.cwd}: ${compiler} ${args.join(' ')}`;
        try {
            (0,external_node_fs_namespaceObject.writeFileSync)(this.ctx.logFile, `${head}\n${this.log.map(l => `  ${l}\n`).join('')}`, { flag: 'a' });
        }
        catch {
            // the log is for debugging only
        }
    }
}
function errorDetail(err) {
    return err instanceof Error ? err.message : String(err);
}
/** A path the wrapper may replace with a renamed file: missing or a regular file (not a device, link, dir). */
function replaceable(file) {
    try {
        return (0,external_node_fs_namespaceObject.lstatSync)(file).isFile();
    }
    catch (err) {
        return err.code === 'ENOENT';
    }
}
/** Writes a file the way a reader never sees half of it: a temporary name in the same directory, then rename. */
function writeFileAtomic(file, data) {
    const tmp = external_node_path_namespaceObject.join(external_node_path_namespaceObject.dirname(file), `.${external_node_path_namespaceObject.basename(file)}.compile-cache-${uniqueSuffix()}`);
    try {
        (0,external_node_fs_namespaceObject.writeFileSync)(tmp, data);
        (0,external_node_fs_namespaceObject.renameSync)(tmp, file);
    }
    catch (err) {
        (0,external_node_fs_namespaceObject.rmSync)(tmp, { force: true });
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
function hasPrecompiledHeader(headers, cwd) {
    for (const h of headers) {
        for (const ext of ['.gch', '.pch']) {
            try {
                (0,external_node_fs_namespaceObject.statSync)(external_node_path_namespaceObject.resolve(cwd, h + ext));
                return h + ext;
            }
            catch {
                // none
            }
        }
    }
    return null;
}
function relativeExtraPath(outputDir, file, cwd) {
    return external_node_path_namespaceObject.relative(external_node_path_namespaceObject.resolve(cwd, outputDir), external_node_path_namespaceObject.resolve(cwd, file)).split(external_node_path_namespaceObject.sep).join('/');
}
/** The depfile's bytes in a cached entry: the file stored under the expected path, else its only file. */
function pickDepfile(extras, expected) {
    const exact = extras.find(f => f.path === expected);
    if (exact !== undefined)
        return exact.data;
    return extras.length === 1 ? extras[0].data : null;
}
function restore(cmd, hit, ctx) {
    let depData = null;
    if (cmd.depfile !== null) {
        const expected = relativeExtraPath(external_node_path_namespaceObject.dirname(cmd.output), cmd.depfile.path, ctx.cwd);
        depData = pickDepfile(hit.extras ?? [], expected);
        if (depData === null)
            return false;
    }
    writeFileAtomic(external_node_path_namespaceObject.resolve(ctx.cwd, cmd.output), hit.output);
    if (cmd.depfile !== null && depData !== null)
        writeFileAtomic(external_node_path_namespaceObject.resolve(ctx.cwd, cmd.depfile.path), depData);
    return true;
}
function openStore(ctx) {
    return new DiskCacheStore(ctx.cacheDir).namespace('compile').namespace(ctx.tenant);
}
/** The wrapped call; `compiler` is the real compiler (already resolved past any shim). */
async function wrapCompile(compiler, args, ctx) {
    const rec = new Recorder(ctx);
    try {
        return await wrapRecorded(compiler, args, ctx, rec);
    }
    catch (err) {
        // A bug or an unexpected failure of ours: the build still gets its compile.
        rec.add({ type: 'error', kind: 'internal' }, err instanceof Error ? (err.stack ?? err.message) : String(err));
        if (rec.ran !== null)
            return rec.ran;
        rec.add({ type: 'uncacheable', reason: 'internal-error' });
        return runDirect(compiler, args, ctx);
    }
    finally {
        rec.flush(compiler, args);
    }
}
async function wrapRecorded(compiler, args, ctx, rec) {
    const passThrough = (reason, detail) => {
        rec.add({ type: 'uncacheable', reason }, detail);
        rec.ran = runDirect(compiler, args, ctx);
        return rec.ran;
    };
    const trouble = (kind, err) => rec.add({ type: 'error', kind }, errorDetail(err));
    rec.phase('classify');
    const c = classify(args, ctx.env);
    if (!c.cacheable)
        return passThrough(c.reason, c.detail);
    const cmd = c.command;
    let realCompiler;
    try {
        realCompiler = (0,external_node_fs_namespaceObject.realpathSync)(compiler);
    }
    catch {
        return passThrough('unknown-compiler', `${compiler} not found`);
    }
    if (!isKnownCompiler(compiler, realCompiler))
        return passThrough('unknown-compiler', realCompiler);
    for (const f of [cmd.output, cmd.depfile?.path]) {
        if (f !== undefined && !replaceable(external_node_path_namespaceObject.resolve(ctx.cwd, f)))
            return passThrough('output-not-regular', f);
    }
    const pch = hasPrecompiledHeader(cmd.forcedIncludes, ctx.cwd);
    if (pch !== null)
        return passThrough('precompiled-header', pch);
    let identity;
    try {
        identity = compilerIdentity(realCompiler, ctx.cacheDir);
    }
    catch (err) {
        trouble('compiler-identity', err);
        return passThrough('unknown-compiler', realCompiler);
    }
    // A terminal gets coloured diagnostics from the compiler; ask for them explicitly, so they are
    // produced (and keyed) the same through our pipe.
    const extraArgs = ctx.stderrIsTTY && !cmd.explicitColor && ctx.env.TERM !== 'dumb' ? ['-fdiagnostics-color=always'] : [];
    rec.phase('preprocess');
    const pp = (0,external_node_child_process_namespaceObject.spawnSync)(compiler, cmd.preprocessArgs, {
        cwd: ctx.cwd,
        env: childEnv(ctx.env),
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: MAX_BUFFER
    });
    if (pp.error !== undefined || pp.status !== 0) {
        // The compile fails the same way; its own diagnostics are what the user must see.
        return passThrough('preprocess-failed', pp.error?.message ?? `exit ${pp.status ?? pp.signal}`);
    }
    const preprocessed = dropWorkingDirMarker(pp.stdout, ctx.cwd);
    // Files the assembler reads itself are invisible in -E output.
    if (preprocessed.includes('.incbin'))
        return passThrough('incbin', cmd.source);
    if (cmd.language === 'assembler-with-cpp' && /^\s*\.include\b/m.test(preprocessed.toString('latin1'))) {
        return passThrough('incbin', `${cmd.source}: .include`);
    }
    if (cmd.language === 'c' || cmd.language === 'c++') {
        const gch = hasPrecompiledHeader(directIncludes(preprocessed), ctx.cwd);
        if (gch !== null)
            return passThrough('precompiled-header', gch);
    }
    const key = compileKey({
        compilerIdentity: identity,
        command: cmd,
        extraArgs,
        cwd: ctx.cwd,
        env: ctx.env,
        preprocessed
    });
    const keyHex = key.toString('hex');
    rec.note(`key ${keyHex}`);
    rec.phase('lookup');
    let store = null;
    try {
        store = openStore(ctx);
    }
    catch (err) {
        trouble('store-open', err);
    }
    if (store !== null) {
        let hit = null;
        try {
            hit = await readEntry(store, key, cmd.depfile !== null);
        }
        catch (err) {
            trouble('read', err);
        }
        if (hit !== null) {
            let restored = false;
            try {
                restored = restore(cmd, hit, ctx);
            }
            catch (err) {
                // e.g. the output directory does not exist: the compiler reports that the usual way below.
                rec.note(`restore failed: ${errorDetail(err)}`);
            }
            rec.phase('restored');
            if (restored) {
                writeAllSync(1, hit.stdout);
                writeAllSync(2, hit.stderr);
                try {
                    await store.touch(key);
                }
                catch (err) {
                    trouble('touch', err);
                }
                rec.add({ type: 'hit' });
                rec.phase('done');
                return { status: 0, signal: null };
            }
        }
    }
    // Miss: the real compile, its output captured for the entry and passed on.
    const compileArgs = [...args, ...extraArgs];
    const started = process.hrtime.bigint();
    const r = (0,external_node_child_process_namespaceObject.spawnSync)(compiler, compileArgs, {
        cwd: ctx.cwd,
        env: childEnv(ctx.env),
        stdio: ['inherit', 'pipe', 'pipe'],
        maxBuffer: MAX_BUFFER
    });
    const durationNs = process.hrtime.bigint() - started;
    if (r.stdout)
        writeAllSync(1, r.stdout);
    if (r.stderr)
        writeAllSync(2, r.stderr);
    const outcome = outcomeOf(r, compiler);
    rec.ran = outcome;
    if (outcome.status !== 0 || outcome.signal !== null) {
        rec.add({ type: 'uncacheable', reason: 'compile-failed' }, `exit ${outcome.signal ?? outcome.status}`);
        return outcome;
    }
    rec.add({ type: 'miss' });
    if (store === null)
        return outcome;
    let output;
    let extras = null;
    try {
        output = (0,external_node_fs_namespaceObject.readFileSync)(external_node_path_namespaceObject.resolve(ctx.cwd, cmd.output));
        if (cmd.depfile !== null) {
            const dep = (0,external_node_fs_namespaceObject.readFileSync)(external_node_path_namespaceObject.resolve(ctx.cwd, cmd.depfile.path));
            extras = [{ path: relativeExtraPath(external_node_path_namespaceObject.dirname(cmd.output), cmd.depfile.path, ctx.cwd), data: dep }];
        }
    }
    catch (err) {
        trouble('output-missing', err);
        return outcome;
    }
    try {
        await writeEntry(store, key, {
            output,
            stdout: r.stdout,
            stderr: r.stderr,
            extras,
            metadata: {
                time: new Date(),
                compiler,
                command: [...compileArgs],
                inputs: [cmd.source],
                output: cmd.output,
                durationNs
            }
        });
    }
    catch (err) {
        trouble('write', err);
    }
    return outcome;
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/main.js
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
 * (see docs/compiler.md).
 */








const USAGE = `usage: compile-cache-wrap wrap <compiler> <args...>
       compile-cache-wrap --shim <shim path> <args...>
       compile-cache-wrap stats [--json]
       compile-cache-wrap zero-stats
       compile-cache-wrap install-shims <dir>
`;
function cacheDirFrom(env) {
    const dir = env.COMPILE_CACHE_DIR;
    if (dir !== undefined && dir !== '')
        return external_node_path_namespaceObject.resolve(dir);
    const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
        ? env.XDG_CACHE_HOME
        : external_node_path_namespaceObject.join(external_node_os_namespaceObject.homedir(), '.cache');
    return external_node_path_namespaceObject.join(base, 'compile-cache');
}
function isTrue(v) {
    return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}
function fail(message, status = 2) {
    writeAllSync(2, Buffer.from(`compile-cache: ${message}\n`));
    return { status, signal: null };
}
/** Runs `requested` (a name or path, possibly one of our shims) with `args` through the cache. */
async function runCompiler(requested, args, skipDirs) {
    const env = process.env;
    // `launcher launcher gcc …` (or CMake given the launcher twice): drop the extra launchers.
    while (requested.includes('/') && ourFileKind(requested) === 'launcher') {
        const next = args.shift();
        if (next === undefined)
            return fail('the launcher needs a compiler: compile-cache-launcher <compiler> <args...>');
        requested = next;
    }
    const resolved = resolveCompiler(requested, env.PATH, skipDirs);
    if (resolved === null) {
        return fail(`${external_node_path_namespaceObject.basename(requested)}: no real compiler of that name on PATH (shims skipped)`, 127);
    }
    const cwd = process.cwd();
    if (env[NESTED_ENV] !== undefined || isTrue(env.COMPILE_CACHE_DISABLE)) {
        // Nested (a compiler script calling `cc` again) or disabled: counted once, by the outer wrapper, or not at all.
        return runDirect(resolved.path, args, { env, cwd });
    }
    const cacheDir = cacheDirFrom(env);
    const tenant = env.COMPILE_CACHE_TENANT !== undefined && env.COMPILE_CACHE_TENANT !== ''
        ? env.COMPILE_CACHE_TENANT
        : 'local';
    try {
        validateNamespace(tenant);
    }
    catch {
        recordEvents(cacheDir, [
            { type: 'error', kind: 'bad-tenant' },
            { type: 'uncacheable', reason: 'bad-config' }
        ]);
        return runDirect(resolved.path, args, { env, cwd });
    }
    const logFile = env.COMPILE_CACHE_LOG !== undefined && env.COMPILE_CACHE_LOG !== ''
        ? external_node_path_namespaceObject.resolve(env.COMPILE_CACHE_LOG)
        : null;
    return wrapCompile(resolved.path, args, {
        cacheDir,
        tenant,
        cwd,
        env,
        stderrIsTTY: process.stderr.isTTY === true,
        logFile
    });
}
async function main(argv) {
    const [command, ...rest] = argv;
    switch (command) {
        case 'wrap': {
            const [compiler, ...args] = rest;
            if (compiler === undefined)
                return fail('wrap needs a compiler: wrap <compiler> <args...>');
            return runCompiler(compiler, args, []);
        }
        case '--shim': {
            const [shim, ...args] = rest;
            if (shim === undefined)
                return fail('--shim needs the shim path');
            return runCompiler(external_node_path_namespaceObject.basename(shim), args, [external_node_path_namespaceObject.dirname(external_node_path_namespaceObject.resolve(shim))]);
        }
        case 'stats': {
            const dir = cacheDirFrom(process.env);
            const s = await readStats(dir);
            const text = rest.includes('--json')
                ? JSON.stringify({ ...s, hitRate: hitRate(s) }, null, 2) + '\n'
                : formatStats(s);
            writeAllSync(1, Buffer.from(text));
            return { status: 0, signal: null };
        }
        case 'zero-stats':
            await zeroStats(cacheDirFrom(process.env));
            return { status: 0, signal: null };
        case 'install-shims': {
            const [dir] = rest;
            if (dir === undefined)
                return fail('install-shims needs a directory');
            const script = (0,external_node_fs_namespaceObject.realpathSync)(process.argv[1]);
            const r = await installShims(dir, { node: process.execPath, wrapperScript: script });
            writeAllSync(1, Buffer.from(`${r.dir}\n${r.launcher}\n`));
            return { status: 0, signal: null };
        }
        case '--help':
        case '-h':
        case 'help':
            writeAllSync(1, Buffer.from(USAGE));
            return { status: 0, signal: null };
        default:
            writeAllSync(2, Buffer.from(USAGE));
            return { status: 2, signal: null };
    }
}
main(process.argv.slice(2)).then(outcome => {
    if (outcome.signal !== null) {
        // End the way the compiler did, so make sees the same signal.
        process.kill(process.pid, outcome.signal);
    }
    process.exit(outcome.status);
}, (err) => {
    writeAllSync(2, Buffer.from(`compile-cache: ${err instanceof Error ? err.message : String(err)}\n`));
    process.exit(1);
});

var __webpack_exports__cacheDirFrom = __webpack_exports__.e;
export { __webpack_exports__cacheDirFrom as cacheDirFrom };
