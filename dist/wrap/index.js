import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

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

/***/ 233:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CA: () => (/* binding */ errorCode),
/* harmony export */   FV: () => (/* binding */ ensureDirChain),
/* harmony export */   SB: () => (/* binding */ describeKind),
/* harmony export */   XF: () => (/* binding */ readRegularFile),
/* harmony export */   dH: () => (/* binding */ checkDirChain),
/* harmony export */   k0: () => (/* binding */ UnsafePathError),
/* harmony export */   lf: () => (/* binding */ openRegular),
/* harmony export */   w5: () => (/* binding */ openRegularSync),
/* harmony export */   z2: () => (/* binding */ writeRegularFileAtomic)
/* harmony export */ });
/* unused harmony exports readRegularFileSync, appendRegularSync */
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
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(p, { mode });
            created.push(p);
            continue;
        }
        catch (err) {
            if (errorCode(err) !== 'EEXIST')
                throw err;
        }
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p);
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
    return (await openRegularStat(file, flags, mode)).handle;
}
/** openRegular, also returning the fstat it checked (a reader needs the size: no second fstat). */
async function openRegularStat(file, flags, mode = 0o644) {
    let handle;
    try {
        handle = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.open(file, flags | SAFE_FLAGS, mode);
    }
    catch (err) {
        throw refusal(file, err);
    }
    let st;
    try {
        st = await handle.stat();
        if (!st.isFile())
            throw new UnsafePathError(file, describeKind(st));
    }
    catch (err) {
        await handle.close();
        throw err;
    }
    return { handle, st };
}
/**
 * The whole content of a regular file, or null when it does not exist; refuses anything else.
 * Reads the size fstat gave (as readFile does, without its second fstat: the disk store's get is
 * on the wrapper's hot path). Cache files never change once renamed into place.
 */
async function readRegularFile(file) {
    let opened;
    try {
        opened = await openRegularStat(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY);
    }
    catch (err) {
        if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR')
            return null;
        throw err;
    }
    const { handle, st } = opened;
    try {
        const buf = Buffer.allocUnsafe(st.size);
        let len = 0;
        while (len < buf.length) {
            const { bytesRead } = await handle.read(buf, len, buf.length - len, len);
            if (bytesRead === 0)
                return buf.subarray(0, len); // shrank meanwhile
            len += bytesRead;
        }
        return buf;
    }
    finally {
        await handle.close();
    }
}
/** The synchronous form of readRegularFile. */
function readRegularFileSync(file) {
    let fd;
    try {
        fd = openRegularSync(file, C.O_RDONLY);
    }
    catch (err) {
        if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR')
            return null;
        throw err;
    }
    try {
        const chunks = [];
        const size = fstatSync(fd).size;
        let buf = Buffer.allocUnsafe(Math.max(size, 4096));
        let len = 0;
        for (;;) {
            if (len === buf.length) {
                chunks.push(buf);
                buf = Buffer.allocUnsafe(buf.length);
                len = 0;
            }
            const n = readSync(fd, buf, len, buf.length - len, null);
            if (n === 0)
                break;
            len += n;
        }
        chunks.push(buf.subarray(0, len));
        return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    }
    finally {
        closeSync(fd);
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


/***/ }),

/***/ 642:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Gs: () => (/* binding */ isTempName),
/* harmony export */   IS: () => (/* binding */ shardOf),
/* harmony export */   Lm: () => (/* binding */ validateBlobName),
/* harmony export */   N2: () => (/* binding */ isKeyHex),
/* harmony export */   fr: () => (/* binding */ keyHex),
/* harmony export */   qB: () => (/* binding */ validateNamespace)
/* harmony export */ });
/* unused harmony export splitNamespacePath */
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
        throw new InvalidInputError(`namespace path ${JSON.stringify(path)} is empty`);
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __nccwpck_require__(642);
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
    const real = external_node_path_.basename(realPath);
    if (NOT_A_COMPILER.has(real))
        return false;
    return KNOWN_DRIVER.test(external_node_path_.basename(invokedPath)) || KNOWN_DRIVER.test(real);
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
        const buf = Buffer.alloc(256);
        const n = (0,external_node_fs_.readSync)(fd, buf, 0, buf.length, 0);
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
        (0,external_node_fs_.closeSync)(fd);
    }
}
function isExecutableFile(file) {
    try {
        const st = (0,external_node_fs_.statSync)(file);
        // Any execute bit: the kernel decides the rest, as a shell's PATH search would.
        return st.isFile() && (st.mode & 0o111) !== 0;
    }
    catch {
        return false;
    }
}
function realDir(dir) {
    try {
        return (0,external_node_fs_.realpathSync)(dir);
    }
    catch {
        return external_node_path_.resolve(dir);
    }
}
/**
 * The first executable `name` on PATH that is not ours: directories whose real path is one of
 * `skipDirs` are skipped, and so is any file that is a shim or launcher. Null when there is none.
 */
function findOnPath(name, pathEnv, skipDirs = []) {
    const skip = new Set(skipDirs.map(realDir));
    for (const entry of (pathEnv ?? '').split(external_node_path_.delimiter)) {
        const dir = entry === '' ? '.' : entry;
        const candidate = external_node_path_.join(dir, name);
        // The file first: most PATH directories have no such file, and then cost one stat, not a realpath too.
        if (!isExecutableFile(candidate))
            continue;
        if (skip.has(realDir(dir)))
            continue;
        if (ourFileKind(candidate) !== null)
            continue;
        return external_node_path_.resolve(candidate);
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
    const found = findOnPath(external_node_path_.basename(requested), pathEnv, [...skipDirs, external_node_path_.dirname(requested)]);
    return found === null ? null : { path: found, requested };
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __nccwpck_require__(233);
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
    const dir = external_node_path_.dirname(file);
    const base = external_node_path_.basename(file);
    const dot = base.lastIndexOf('.');
    const stem = dot >= 0 ? base.slice(0, dot) : base;
    const name = stem + ext;
    return dir === '.' && !file.startsWith('./') ? name : external_node_path_.join(dir, name);
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
            const ext = external_node_path_.extname(a).slice(1);
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
    const output = outputs[0] ?? replaceExtension(external_node_path_.basename(input.file), '.o');
    if (output === '-')
        return passThrough('output-stdout', '-o -');
    let depfile = null;
    if (depMode) {
        const dpath = depfiles[0] ?? replaceExtension(outputGiven ? output : external_node_path_.basename(input.file), '.d');
        if (dpath === '-')
            return passThrough('unproven-option', '-MF -');
        const base = external_node_path_.basename(depfiles[0] === undefined ? (outputGiven ? output : input.file) : dpath);
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

;// CONCATENATED MODULE: ./build/ncc-src/compiler/cache-root.js
/**
 * The cache directory itself (the root the user chose), as opposed to what lies inside it: the root
 * and its ancestors are trusted (the root may be a symlink the user made), everything below it is
 * not (see src/store/safe-fs.ts).
 */



/**
 * Creates `dir` and its missing ancestors, top down, with one mkdir per component and no retry.
 * `mkdir -p` (Node's recursive mkdir) can spin forever where mkdir keeps saying ENOENT for a parent
 * that exists (below `/proc`, for instance); here every component is tried once, so a directory that
 * cannot be made is an error at once. Existing components are followed (they are the user's path).
 */
function makeDirBounded(dir, mode = 0o755) {
    const abs = external_node_path_.resolve(dir);
    try {
        if ((0,external_node_fs_.statSync)(abs).isDirectory())
            return;
    }
    catch (err) {
        if ((0,safe_fs/* errorCode */.CA)(err) !== 'ENOENT')
            throw err;
    }
    const { root } = external_node_path_.parse(abs);
    let p = root;
    for (const part of abs.slice(root.length).split(external_node_path_.sep)) {
        if (part === '')
            continue;
        p = external_node_path_.join(p, part);
        try {
            (0,external_node_fs_.mkdirSync)(p, { mode });
            continue;
        }
        catch (err) {
            if ((0,safe_fs/* errorCode */.CA)(err) !== 'EEXIST')
                throw err;
        }
        if (!(0,external_node_fs_.statSync)(p).isDirectory()) {
            throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${abs}' (${p} is not a directory)`), {
                code: 'ENOTDIR'
            });
        }
    }
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

;// CONCATENATED MODULE: external "node:module"
const external_node_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");
;// CONCATENATED MODULE: ./build/ncc-src/compiler/lazy-crypto.js
/**
 * `node:crypto`, loaded on first use. Loading it costs a few milliseconds of a hit's start-up; the
 * wrapper first starts the preprocessor, then loads it while the preprocessor runs.
 */

let loaded;
function nodeCrypto() {
    // process.getBuiltinModule: Node ≥ 20.16 / 22.3; a module-relative require before that.
    loaded ??=
        process.getBuiltinModule?.('node:crypto') ??
            (0,external_node_module_namespaceObject.createRequire)(import.meta.url)('node:crypto');
    return loaded;
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/temp-name.js
/**
 * Suffixes for temporary file names (written, then renamed into place). No node:crypto: it is not
 * loaded yet when these are needed (see lazy-crypto.ts), and the pid already separates processes.
 */
function tempSuffix() {
    return `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/identity.js
/**
 * The compiler's identity for the key: a SHA-256 of the compiler binary's content. Hashing a driver
 * on every call would cost more than the rest of a hit, so the digest is remembered in
 * `<cacheDir>/.compilers/`, under a name derived from the real path and everything `stat` says
 * changes when the file is replaced (size, mtime, ctime, inode, device).
 *
 * `.compilers` lies inside the untrusted cache directory: it is used only when lstat says it is a
 * real directory (O_NOFOLLOW guards only a path's last component), a memo is read only from a
 * regular file opened with O_NOFOLLOW|O_NONBLOCK (a FIFO never blocks the compile), and a new memo
 * is written through an exclusive temporary file and a rename. Anything else there is left alone
 * and reported through `onUnsafe`; the digest is then computed, as without a memo.
 */






const IDENTITY_DIR = '.compilers';
const HEX_DIGEST = /^[0-9a-f]{64}$/;
/** The remembered digest in `memoFile`, or null (missing, unsafe, malformed). */
function readMemo(memoDir, memoFile, onUnsafe) {
    const dirSt = (0,external_node_fs_.lstatSync)(memoDir, { throwIfNoEntry: false });
    if (dirSt === undefined)
        return null;
    if (!dirSt.isDirectory()) {
        onUnsafe(new safe_fs/* UnsafePathError */.k0(memoDir, (0,safe_fs/* describeKind */.SB)(dirSt)));
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
        return HEX_DIGEST.test(text) ? text : null;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
function writeMemo(cacheDir, memoDir, memoFile, digest) {
    // The first compile into a new cache directory runs this before the store has made the directory.
    makeDirBounded(cacheDir);
    (0,safe_fs/* ensureDirChain */.FV)(cacheDir, memoDir);
    const tmp = external_node_path_.join(memoDir, `.${external_node_path_.basename(memoFile)}.tmp-${tempSuffix()}`);
    const fd = (0,safe_fs/* openRegularSync */.w5)(tmp, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL);
    try {
        (0,external_node_fs_.writeSync)(fd, digest);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    try {
        (0,external_node_fs_.renameSync)(tmp, memoFile);
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
        throw err;
    }
}
/**
 * The hex SHA-256 of the compiler's content, memoised per (real path, size, mtime, ctime, inode).
 * `realPath`: the caller's realpath of `compiler`, when it has one (saves a system call per compile).
 * `onUnsafe`: told about a planted `.compilers` or memo (the digest is still returned).
 */
function compilerIdentity(compiler, cacheDir, realPath, onUnsafe = () => undefined) {
    const { createHash } = nodeCrypto();
    const real = realPath ?? (0,external_node_fs_.realpathSync)(compiler);
    const st = (0,external_node_fs_.statSync)(real, { bigint: true });
    const memoKey = createHash('sha256')
        .update([real, st.size, st.mtimeNs, st.ctimeNs, st.ino, st.dev].join('\0'))
        .digest('hex');
    const memoDir = cacheDir === null ? null : external_node_path_.join(cacheDir, IDENTITY_DIR);
    const memoFile = memoDir === null ? null : external_node_path_.join(memoDir, memoKey);
    if (memoDir !== null && memoFile !== null) {
        try {
            const remembered = readMemo(memoDir, memoFile, onUnsafe);
            if (remembered !== null)
                return remembered;
        }
        catch {
            // unreadable: hash below
        }
    }
    const digest = createHash('sha256').update((0,external_node_fs_.readFileSync)(real)).digest('hex');
    if (cacheDir !== null && memoDir !== null && memoFile !== null) {
        try {
            writeMemo(cacheDir, memoDir, memoFile, digest);
        }
        catch (err) {
            if (err instanceof safe_fs/* UnsafePathError */.k0)
                onUnsafe(err);
            // Otherwise only a lost optimisation: the next call hashes again.
        }
    }
    return digest;
}

;// CONCATENATED MODULE: ./build/ncc-src/compiler/key.js


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
    const h = nodeCrypto().createHash('sha256');
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

;// CONCATENATED MODULE: ./build/ncc-src/compiler/stats.js
/**
 * Wrapper statistics, safe under `make -j`: every wrapper process appends one short line per event
 * to `<cacheDir>/.stats/events` (opened with O_APPEND, one write() per line, so concurrent appends
 * never interleave or overwrite); readers count the lines. No locks, no read-modify-write.
 *
 * Line format: `hit`, `miss`, `uncacheable <reason>`, `error <kind>`. Unknown lines are ignored, so
 * later versions can add events.
 *
 * `.stats` and `events` lie inside the cache directory, which a build can write (and which persists
 * between jobs on a self-hosted runner): either may be a planted symlink (a write through it would
 * land outside), a FIFO (an open or read would block), a socket, a device or a hard link to a file
 * elsewhere. The wrapper then records nothing (statistics never slow or fail a compile); the
 * steps say so, naming the path; zeroing replaces the planted thing by a rename, never writing
 * into it.
 */




const STATS_DIR = '.stats';
const STATS_FILE = 'events';
function statsFile(cacheDir) {
    return external_node_path_.join(cacheDir, STATS_DIR, STATS_FILE);
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
 * Appends events (one write). Returns false when the stats could not be written (a planted `.stats`
 * or `events`, an unwritable cache directory); the caller goes on (statistics are never a reason to
 * fail or slow a build). Costs lstat, open, fstat, write and close: the lstat because O_NOFOLLOW
 * guards only the last component, the fstat to refuse a FIFO with a reader, a device or a hard link.
 */
function recordEvents(cacheDir, events) {
    if (events.length === 0)
        return true;
    const dir = external_node_path_.join(cacheDir, STATS_DIR);
    const data = Buffer.from(events.map(eventLine).join(''));
    try {
        let st = (0,external_node_fs_.lstatSync)(dir, { throwIfNoEntry: false });
        if (st === undefined) {
            makeDirBounded(cacheDir);
            (0,safe_fs/* ensureDirChain */.FV)(cacheDir, dir);
            st = (0,external_node_fs_.lstatSync)(dir);
        }
        if (!st.isDirectory())
            return false;
        const fd = (0,external_node_fs_.openSync)(external_node_path_.join(dir, STATS_FILE), external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_APPEND | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK, 0o644);
        try {
            const f = (0,external_node_fs_.fstatSync)(fd);
            if (!f.isFile() || f.nlink !== 1)
                return false;
            (0,external_node_fs_.writeSync)(fd, data, 0, data.length);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
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
 * naming `.stats` or `events` when either is not what the wrapper writes (never blocks on a FIFO).
 */
async function readStats(cacheDir) {
    const file = statsFile(cacheDir);
    if (!(0,safe_fs/* checkDirChain */.dH)(cacheDir, external_node_path_.dirname(file)))
        return emptyStats();
    let handle;
    try {
        handle = await (0,safe_fs/* openRegular */.lf)(file, external_node_fs_.constants.O_RDONLY);
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return emptyStats();
        throw err;
    }
    try {
        const { size } = await handle.stat();
        if (size > MAX_EVENTS_BYTES)
            throw new safe_fs/* UnsafePathError */.k0(file, `a file of ${size} bytes`);
        return parseStats(await handle.readFile('utf8'));
    }
    finally {
        await handle.close();
    }
}
/**
 * Starts counting from zero (the action's pre step, `zero-stats`). A planted `.stats` (a symlink, a
 * file) is unlinked and made again as a directory; `events` is replaced through a rename, so a
 * symlink, FIFO, device or hard link there is swapped out, never written through or opened.
 * Returns what was replaced, in words naming the path, for a warning.
 */
async function zeroStats(cacheDir) {
    const replaced = [];
    makeDirBounded(cacheDir);
    const dir = external_node_path_.join(cacheDir, STATS_DIR);
    const file = external_node_path_.join(dir, STATS_FILE);
    const dirSt = (0,external_node_fs_.lstatSync)(dir, { throwIfNoEntry: false });
    if (dirSt !== undefined && !dirSt.isDirectory()) {
        await external_node_fs_.promises.unlink(dir);
        replaced.push(`${dir} was ${(0,safe_fs/* describeKind */.SB)(dirSt)}; removed (the link itself, not what it points at)`);
    }
    (0,safe_fs/* ensureDirChain */.FV)(cacheDir, dir);
    const st = (0,external_node_fs_.lstatSync)(file, { throwIfNoEntry: false });
    if (st !== undefined && (!st.isFile() || st.nlink !== 1)) {
        const kind = st.isFile() ? `a hard link to a file with ${st.nlink} names` : (0,safe_fs/* describeKind */.SB)(st);
        replaced.push(`${file} was ${kind}; replaced with an empty file (nothing was written through it)`);
        if (st.isDirectory())
            await external_node_fs_.promises.rm(file, { recursive: true, force: true });
    }
    await (0,safe_fs/* writeRegularFileAtomic */.z2)(file, '');
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

;// CONCATENATED MODULE: ./build/ncc-src/compiler/wrap.js
/**
 * One wrapped compiler call: classify, preprocess, look up, and either restore a hit or compile and
 * store. Whatever goes wrong with the cache, the real compiler still runs and its output and exit
 * status reach the caller unchanged: the cache never fails a build.
 */












/** Set for the compiler and everything it runs: a wrapper that sees it is nested and runs the compiler directly. */
const NESTED_ENV = 'COMPILE_CACHE_WRAPPED';
const MAX_BUFFER = 1 << 30;
/**
 * Node's compile cache for the wrapper's own code: a 0700 directory of this name beside the shims
 * (see shims.ts), never below the cache directory, whose content a build can plant (Node would load
 * a planted V8 code cache and write through a planted symlink).
 */
const NODE_COMPILE_CACHE_DIR = '.node-compile-cache';
function childEnv(env) {
    const child = { ...env, [NESTED_ENV]: '1' };
    // The shims' compile cache is for the wrapper only, not for whatever the compiler runs.
    if (external_node_path_.basename(env.NODE_COMPILE_CACHE ?? '') === NODE_COMPILE_CACHE_DIR)
        delete child.NODE_COMPILE_CACHE;
    return child;
}
/**
 * Starts the `-E` run without waiting for it: the wrapper hashes the compiler and loads what the key
 * needs while the preprocessor works. stderr is only drained (a failed -E is followed by the real
 * compile, whose diagnostics the user sees).
 */
function startPreprocessor(compiler, args, ctx) {
    let error;
    const chunks = [];
    let size = 0;
    const child = (0,external_node_child_process_namespaceObject.spawn)(compiler, args, {
        cwd: ctx.cwd,
        env: childEnv(ctx.env),
        stdio: ['ignore', 'pipe', 'pipe']
    });
    child.stdout.on('data', (c) => {
        size += c.length;
        if (size > MAX_BUFFER) {
            error ??= new Error(`preprocessed output larger than ${MAX_BUFFER} bytes`);
            child.kill('SIGKILL');
        }
        else
            chunks.push(c);
    });
    child.stderr.resume();
    const done = new Promise(resolve => {
        child.on('error', err => {
            error ??= err;
        });
        child.on('close', (status, signal) => {
            resolve({ status, signal, error, stdout: Buffer.concat(chunks) });
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
        if (!recordEvents(this.ctx.cacheDir, this.events)) {
            this.note(`statistics not recorded: ${external_node_path_.join(this.ctx.cacheDir, STATS_DIR, STATS_FILE)} (or its directory) is not a regular file this wrapper can append to, or cannot be created`);
        }
        if (this.ctx.logFile === null || this.log.length === 0)
            return;
        const head = `${new Date().toISOString()} [${process.pid}] ${this.ctx.cwd}: ${compiler} ${args.join(' ')}`;
        try {
            (0,external_node_fs_.writeFileSync)(this.ctx.logFile, `${head}\n${this.log.map(l => `  ${l}\n`).join('')}`, { flag: 'a' });
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
        return (0,external_node_fs_.lstatSync)(file).isFile();
    }
    catch (err) {
        return err.code === 'ENOENT';
    }
}
/** Writes a file the way a reader never sees half of it: a temporary name in the same directory, then rename. */
function writeFileAtomic(file, data) {
    const tmp = external_node_path_.join(external_node_path_.dirname(file), `.${external_node_path_.basename(file)}.compile-cache-${tempSuffix()}`);
    try {
        (0,external_node_fs_.writeFileSync)(tmp, data);
        (0,external_node_fs_.renameSync)(tmp, file);
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
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
                (0,external_node_fs_.statSync)(external_node_path_.resolve(cwd, h + ext));
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
    return external_node_path_.relative(external_node_path_.resolve(cwd, outputDir), external_node_path_.resolve(cwd, file)).split(external_node_path_.sep).join('/');
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
        const expected = relativeExtraPath(external_node_path_.dirname(cmd.output), cmd.depfile.path, ctx.cwd);
        depData = pickDepfile(hit.extras ?? [], expected);
        if (depData === null)
            return false;
    }
    writeFileAtomic(external_node_path_.resolve(ctx.cwd, cmd.output), hit.output);
    if (cmd.depfile !== null && depData !== null)
        writeFileAtomic(external_node_path_.resolve(ctx.cwd, cmd.depfile.path), depData);
    return true;
}
/** The disk store, loaded on first use: its module (and node:crypto with it) loads while -E runs. */
async function openStore(ctx) {
    const { DiskCacheStore } = await __nccwpck_require__.e(/* import() */ 471).then(__nccwpck_require__.bind(__nccwpck_require__, 471));
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
    // A planted symlink or FIFO the store refused (issue 12) is counted as such, whatever the operation.
    const trouble = (kind, err) => rec.add({ type: 'error', kind: err instanceof Error && err.name === 'UnsafePathError' ? 'unsafe-path' : kind }, errorDetail(err));
    rec.phase('classify');
    const c = classify(args, ctx.env);
    if (!c.cacheable)
        return passThrough(c.reason, c.detail);
    const cmd = c.command;
    let realCompiler;
    try {
        realCompiler = (0,external_node_fs_.realpathSync)(compiler);
    }
    catch {
        return passThrough('unknown-compiler', `${compiler} not found`);
    }
    if (!isKnownCompiler(compiler, realCompiler))
        return passThrough('unknown-compiler', realCompiler);
    for (const f of [cmd.output, cmd.depfile?.path]) {
        if (f !== undefined && !replaceable(external_node_path_.resolve(ctx.cwd, f)))
            return passThrough('output-not-regular', f);
    }
    const pch = hasPrecompiledHeader(cmd.forcedIncludes, ctx.cwd);
    if (pch !== null)
        return passThrough('precompiled-header', pch);
    // A terminal gets coloured diagnostics from the compiler; ask for them explicitly, so they are
    // produced (and keyed) the same through our pipe.
    const extraArgs = ctx.stderrIsTTY && !cmd.explicitColor && ctx.env.TERM !== 'dumb' ? ['-fdiagnostics-color=always'] : [];
    rec.phase('preprocess');
    const preprocessor = startPreprocessor(compiler, cmd.preprocessArgs, ctx);
    // While -E runs: the compiler's identity (node:crypto loads here) and the store.
    let identity;
    try {
        // A planted `.compilers` (or memo) is skipped, and counted with its path in the log.
        identity = compilerIdentity(compiler, ctx.cacheDir, realCompiler, err => trouble('unsafe-path', err));
    }
    catch (err) {
        trouble('compiler-identity', err);
        preprocessor.cancel();
        await preprocessor.done;
        return passThrough('unknown-compiler', realCompiler);
    }
    let store = null;
    try {
        store = await openStore(ctx);
    }
    catch (err) {
        trouble('store-open', err);
    }
    rec.phase('identity');
    const pp = await preprocessor.done;
    rec.phase('preprocessed');
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
        output = (0,external_node_fs_.readFileSync)(external_node_path_.resolve(ctx.cwd, cmd.output));
        if (cmd.depfile !== null) {
            const dep = (0,external_node_fs_.readFileSync)(external_node_path_.resolve(ctx.cwd, cmd.depfile.path));
            extras = [{ path: relativeExtraPath(external_node_path_.dirname(cmd.output), cmd.depfile.path, ctx.cwd), data: dep }];
        }
    }
    catch (err) {
        trouble('output-missing', err);
        return outcome;
    }
    try {
        // One mkdir per component, each tried once, before the store's own recursive mkdir below:
        // where a parent keeps saying ENOENT (a cache directory under /proc), `mkdir -p` never returns.
        // lstat-checked below the cache directory (never through a planted symlink). Misses only.
        makeDirBounded(ctx.cacheDir);
        (0,safe_fs/* ensureDirChain */.FV)(ctx.cacheDir, external_node_path_.join(ctx.cacheDir, 'compile', ctx.tenant));
    }
    catch (err) {
        trouble('cache-dir', err);
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
                compiler: ctx.invokedAs,
                // The build's argv only: a colour flag of ours is not part of what the build asked for.
                command: [...args],
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
/**
 * Writes cc, c++, gcc, g++, clang, clang++ and a `compile-cache-launcher` into dir, with Node's
 * compile cache for the wrapper in `<dir>/.node-compile-cache`; returns paths.
 */
async function installShims(dir, opts) {
    const abs = external_node_path_.resolve(dir);
    await external_node_fs_.promises.mkdir(abs, { recursive: true });
    const node = external_node_path_.resolve(opts.node);
    const script = external_node_path_.resolve(opts.wrapperScript);
    const ncc = external_node_path_.join(abs, NODE_COMPILE_CACHE_DIR);
    await privateDir(ncc);
    for (const name of SHIM_NAMES)
        await writeExecutable(external_node_path_.join(abs, name), shimScript(node, script, ncc));
    const launcher = external_node_path_.join(abs, LAUNCHER_NAME);
    await writeExecutable(launcher, launcherScript(node, script, ncc));
    return { dir: abs, launcher, nodeCompileCache: ncc };
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
 * (see docs/wrapper.md).
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
        return external_node_path_.resolve(dir);
    const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
        ? env.XDG_CACHE_HOME
        : external_node_path_.join(external_node_os_namespaceObject.homedir(), '.cache');
    return external_node_path_.join(base, 'compile-cache');
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
        return fail(`${external_node_path_.basename(requested)}: no real compiler of that name on PATH (shims skipped)`, 127);
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
        (0,validate/* validateNamespace */.qB)(tenant);
        // Dot names are reserved (the store's own directories): the store would refuse every compile.
        if (tenant.startsWith('.'))
            throw new Error('reserved');
    }
    catch {
        recordEvents(cacheDir, [
            { type: 'error', kind: 'bad-tenant' },
            { type: 'uncacheable', reason: 'bad-config' }
        ]);
        return runDirect(resolved.path, args, { env, cwd });
    }
    const logFile = env.COMPILE_CACHE_LOG !== undefined && env.COMPILE_CACHE_LOG !== ''
        ? external_node_path_.resolve(env.COMPILE_CACHE_LOG)
        : null;
    return wrapCompile(resolved.path, args, {
        cacheDir,
        tenant,
        cwd,
        env,
        // A shim passes its own basename (the build ran `gcc` and found the shim on PATH); `wrap` and
        // the launcher pass the name they were given.
        invokedAs: resolved.requested,
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
            return runCompiler(external_node_path_.basename(shim), args, [external_node_path_.dirname(external_node_path_.resolve(shim))]);
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
            for (const note of await zeroStats(cacheDirFrom(process.env))) {
                writeAllSync(2, Buffer.from(`compile-cache: warning: ${note}\n`));
            }
            return { status: 0, signal: null };
        case 'install-shims': {
            const [dir] = rest;
            if (dir === undefined)
                return fail('install-shims needs a directory');
            const script = (0,external_node_fs_.realpathSync)(process.argv[1]);
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
