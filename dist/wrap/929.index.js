export const id = 929;
export const ids = [929];
export const modules = {

/***/ 168:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ly: () => (/* binding */ decompressChunk),
/* harmony export */   m6: () => (/* binding */ codecAvailable),
/* harmony export */   xR: () => (/* binding */ MAX_CHUNK_BYTES)
/* harmony export */ });
/* harmony import */ var _builtin_module_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(954);
/**
 * The codecs of pack chunks, on the reading side: which this Node has, and decompression bounded by
 * the length a chunk declares. In the store layer because the disk store itself decompresses the
 * chunks a lazy restore kept (store/deferred-tier.ts); the sync's pack format (sync/packs/format.ts)
 * re-exports it and adds the writing side.
 */

let loaded;
/** `node:zlib`, loaded on first use: the compile server and the wrapper load this module on every start. */
function zlib() {
    loaded ??= (0,_builtin_module_js__WEBPACK_IMPORTED_MODULE_0__/* .builtinModule */ .g)('node:zlib');
    return loaded;
}
const MiB = 1024 * 1024;
/**
 * Raw bytes of one chunk at most. The writer makes chunks of 4 MiB
 * and seals one early rather than let it pass this (sync/packs/write.ts), so only a foreign or hostile
 * index declares more; its entries are dropped and never downloaded.
 */
const MAX_CHUNK_BYTES = 256 * MiB;
/** Whether this Node can read and write the codec (zstd needs Node ≥ 22.15 / 23.8). */
function codecAvailable(codec) {
    if (codec === 'zstd') {
        const z = zlib();
        return typeof z.zstdCompress === 'function' && typeof z.zstdDecompress === 'function';
    }
    return codec === 'gzip' || codec === 'br';
}
/**
 * Decompresses one chunk, never to more than its declared raw length: zlib counts the output as it
 * goes and stops the moment it passes `rawLength` (a chunk whose declared length lies is cut off,
 * not inflated whole), and a declared length over MAX_CHUNK_BYTES is refused before any work.
 */
async function decompressChunk(codec, data, rawLength) {
    if (!Number.isSafeInteger(rawLength) || rawLength < 0 || rawLength > MAX_CHUNK_BYTES) {
        throw new Error(`chunk declares ${rawLength} raw bytes, over the cap of ${MAX_CHUNK_BYTES}`);
    }
    try {
        return await inflate(codec, data, { maxOutputLength: Math.max(rawLength, 1) });
    }
    catch (err) {
        if (err.code === 'ERR_BUFFER_TOO_LARGE') {
            throw new Error(`chunk decompresses to more than the ${rawLength} bytes it declares; cut off there`, {
                cause: err
            });
        }
        throw err;
    }
}
/**
 * The largest output piece of the decompressor: a real chunk (4 MiB raw) comes out as one piece,
 * and a chunk that lies about its size is cut off at most this far past what it declares.
 */
const INFLATE_PIECE_MAX = 4 * 1024 * 1024 + 1;
/** The smallest: never from Node's shared buffer pool (under 4 KiB), which cannot be transferred. */
const INFLATE_PIECE_MIN = 64 * 1024;
/**
 * Decompresses `data` into one buffer of its own as it streams: the output is counted piece by
 * piece and the decompressor destroyed the moment it would pass `limit.maxOutputLength`
 * (ERR_BUFFER_TOO_LARGE, like zlib's own). zlib's one-shot functions collect the pieces and then
 * concatenate them, so a chunk held twice its raw size at its peak. Here the decompressor writes
 * into buffers one byte longer than the declared size (up to 4 MiB + 1): a real chunk is then
 * written once, into one buffer, which is the result itself (no copy, no pieces for the garbage
 * collector; one byte longer, so zlib never allocates the next buffer it would not use). Only a
 * bigger chunk, or output that comes in pieces of several buffers, is copied into one buffer of its
 * own. Resolves with a view from the start of that buffer: the bytes written (fewer when the data is
 * short).
 */
function inflate(codec, data, limit) {
    let z;
    const max = limit.maxOutputLength;
    const options = { chunkSize: Math.min(INFLATE_PIECE_MAX, Math.max(INFLATE_PIECE_MIN, max + 1)) };
    switch (codec) {
        case 'gzip':
            z = zlib().createGunzip(options);
            break;
        case 'br':
            z = zlib().createBrotliDecompress(options);
            break;
        case 'zstd': {
            const createZstdDecompress = zlib().createZstdDecompress;
            if (!codecAvailable('zstd') || !createZstdDecompress) {
                return Promise.reject(new Error('zstd is not available in this Node version'));
            }
            z = createZstdDecompress(options);
            break;
        }
        default:
            return Promise.reject(new Error(`codec ${String(codec)} is not known`));
    }
    const decompressor = z;
    return new Promise((resolve, reject) => {
        /** The buffer the pieces so far were written into, from its start, while they all were. */
        let inPlace = null;
        /** Otherwise one buffer of its own for the whole output (not Node's pool, not shared). */
        let out = null;
        let at = 0;
        let settled = false;
        const fail = (err) => {
            if (settled)
                return;
            settled = true;
            decompressor.destroy();
            reject(err);
        };
        decompressor.on('data', (piece) => {
            if (settled)
                return;
            if (at + piece.length > max) {
                fail(Object.assign(new RangeError('decompressed output passes the limit'), {
                    code: 'ERR_BUFFER_TOO_LARGE'
                }));
                return;
            }
            if (out === null) {
                const next = piece.buffer instanceof ArrayBuffer && piece.byteOffset === at;
                if (next && (at === 0 ? piece.buffer.byteLength > max : piece.buffer === inPlace)) {
                    inPlace = piece.buffer;
                    at += piece.length;
                    return;
                }
                out = Buffer.allocUnsafeSlow(max);
                if (inPlace !== null)
                    Buffer.from(inPlace, 0, at).copy(out, 0);
                inPlace = null;
            }
            piece.copy(out, at);
            at += piece.length;
        });
        decompressor.on('error', fail);
        decompressor.on('end', () => {
            if (settled)
                return;
            settled = true;
            if (out !== null)
                resolve(at === out.length ? out : out.subarray(0, at));
            else
                resolve(inPlace === null ? Buffer.allocUnsafeSlow(0) : Buffer.from(inPlace, 0, at));
        });
        decompressor.end(data);
    });
}


/***/ }),

/***/ 929:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ChunkChecksumError: () => (/* binding */ ChunkChecksumError),
  DiskCacheStore: () => (/* binding */ DiskCacheStore),
  STALE_TEMP_MS: () => (/* reexport */ STALE_TEMP_MS),
  diskStoreCounters: () => (/* reexport */ diskStoreCounters),
  unsafeMessage: () => (/* binding */ unsafeMessage)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: ./build/ncc-src/store/errors.js
var errors = __webpack_require__(107);
// EXTERNAL MODULE: ./build/ncc-src/store/journal.js
var journal = __webpack_require__(153);
;// CONCATENATED MODULE: ./build/ncc-src/store/lru-order.js
/**
 * The one least-recently-used order, shared by every eviction (disk clean, bucket clean, the
 * packs a compaction rewrites) and by the restore's "newest first within a budget" selection:
 *
 *   older first (the entry's time: its newest blob's mtime or LastModified, in whole
 *   milliseconds); within one time, by namespace path; then by hex key; namespace and key compared
 *   as strings, code unit by code unit (for the ASCII names in practice, byte order).
 *
 * Ties are common, not a corner case: S3 keeps LastModified in whole seconds, a restore gives a
 * local entry its bucket time, and a build writes many entries within one millisecond. Without a
 * rule, which of the tied entries a clean evicts would follow listing order, which differs between
 * the disk walk, a bucket listing and the merged lists of a restore; a restore could then fetch
 * entries the next clean evicts at once. With it, a clean to N bytes keeps exactly the entries a
 * restore to N bytes picks, on every run.
 */
function compareStrings(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function millis(t) {
    // Whole milliseconds: a disk mtime has sub-millisecond digits that a Date of it drops anyway.
    return Math.trunc(typeof t === 'number' ? t : t.getTime());
}
/** Negative when `a` goes first in an eviction (is less recently used), positive when `b` does. */
function compareLru(a, b) {
    return (millis(a.mtime) - millis(b.mtime) ||
        compareStrings(a.namespace, b.namespace) ||
        compareStrings(a.key, b.key));
}
/** The reverse: most recently used first (what a restore fills its budget with). */
function compareNewestFirst(a, b) {
    return compareLru(b, a);
}

// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __webpack_require__(642);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(975);
// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __webpack_require__(233);
;// CONCATENATED MODULE: ./build/ncc-src/store/disk-fs.js
/**
 * Filesystem primitives of the disk store: modes applied explicitly (umask-independent), atomic blob
 * writes through unique temporary names, and whole-directory removal that is atomic for readers.
 *
 * Everything below the store's root is untrusted (see safe-fs.ts): directories are created one
 * component at a time and never through a symlink, and the staging directory is checked before
 * anything is moved into or deleted in it.
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
 * (stats, list, clean, the first size estimate), blob files written (coalesced puts count once) and
 * entries a walk took as known (one lstat; see KnownEntry).
 */
const diskStoreCounters = { walks: 0, blobWrites: 0, knownEntries: 0 };

/** ENOENT or ENOTDIR: the path (or one of its parents) does not exist as a directory. */
function isMissing(err) {
    const code = (0,safe_fs/* errorCode */.CA)(err);
    return code === 'ENOENT' || code === 'ENOTDIR';
}
/** Read once: `process.pid` is a getpid() call each time, and an import names one directory per entry. */
const PID = process.pid;
/** Where this process's suffixes start (random, drawn once) and how many it has handed out. */
let suffixBase;
let suffixCount = 0;
/**
 * A short suffix for unique temporary names: the pid and 12 hex digits, a random start drawn once
 * per process counted up (a restore names 3,000 staging directories: one getrandom each showed).
 */
function uniqueSuffix() {
    suffixBase ??= (0,external_node_crypto_.randomBytes)(6).readUIntBE(0, 6);
    const n = (suffixBase + suffixCount++) % 2 ** 48;
    return `${PID}-${n.toString(16).padStart(12, '0')}`;
}
/**
 * Creates `dir` below the trusted `root` one component at a time (an existing component must be a
 * real directory: a symlink or anything else throws UnsafePathError, so no mkdir goes through a
 * planted link), and gives every directory this call created the mode 0755 explicitly (mkdir's
 * mode is masked by the umask). Existing directories keep their modes.
 */
function makeDirs(root, dir) {
    let created;
    try {
        created = (0,safe_fs/* ensureDirChain */.FV)(root, dir, DIR_MODE);
    }
    catch (err) {
        if ((0,safe_fs/* errorCode */.CA)(err) !== 'ENOENT' || external_node_fs_.existsSync(root))
            throw err;
        // A fresh cache: the root itself is missing. It is trusted (the configured directory, which
        // may be or lie below a symlink the user chose), so it is created the ordinary way.
        external_node_fs_.mkdirSync(root, { recursive: true, mode: DIR_MODE });
        created = (0,safe_fs/* ensureDirChain */.FV)(root, dir, DIR_MODE);
    }
    for (const d of created) {
        try {
            external_node_fs_.chmodSync(d, DIR_MODE);
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
    const handle = await external_node_fs_.promises.open(file, 'wx', FILE_MODE);
    try {
        await handle.chmod(FILE_MODE);
        await handle.writeFile(data);
    }
    finally {
        await handle.close();
    }
}
// The fd-level calls of a lean write, on the callback API: FileHandle adds a tracked object and
// extra promise machinery per file, which shows when a restore writes 15,000 files.
const openFd = (0,external_node_util_.promisify)(external_node_fs_.open);
const writeFd = (0,external_node_util_.promisify)(external_node_fs_.write);
const futimesFd = (0,external_node_util_.promisify)(external_node_fs_.futimes);
const fchmodFd = (0,external_node_util_.promisify)(external_node_fs_.fchmod);
const closeFd = (0,external_node_util_.promisify)(external_node_fs_.close);
/**
 * Writes `data` to a new file at `file` (which must not exist) in the fewest calls: open with mode
 * 0644, write, set the times through the open fd when `mtime` is given, close. `exactModes` says
 * that the umask leaves 0644 alone (see makeStagingDir); otherwise the mode is set through the fd.
 */
async function writeFileLean(file, data, mtime, exactModes) {
    const fd = await openFd(file, 'wx', FILE_MODE);
    try {
        if (!exactModes)
            await fchmodFd(fd, FILE_MODE);
        // One write() moves the whole blob on a regular file; the loop covers short writes.
        for (let off = 0; off < data.byteLength;) {
            off += (await writeFd(fd, data, off, data.byteLength - off)).bytesWritten;
        }
        // After the last write, which would otherwise move the mtime again.
        if (mtime !== undefined)
            await futimesFd(fd, mtime, mtime);
    }
    finally {
        await closeFd(fd);
    }
}
function ensureStagingDir(root, report, create) {
    const staging = external_node_path_.join(root, STAGING_DIR);
    for (let attempt = 0; attempt < 5; attempt++) {
        let st;
        try {
            st = external_node_fs_.lstatSync(staging);
        }
        catch (err) {
            if ((0,safe_fs/* errorCode */.CA)(err) !== 'ENOENT')
                throw err;
            if (!create)
                return null;
            try {
                external_node_fs_.mkdirSync(staging, { mode: DIR_MODE });
                external_node_fs_.chmodSync(staging, DIR_MODE);
            }
            catch (mkErr) {
                const code = (0,safe_fs/* errorCode */.CA)(mkErr);
                if (code === 'ENOENT')
                    external_node_fs_.mkdirSync(root, { recursive: true, mode: DIR_MODE });
                else if (code !== 'EEXIST')
                    throw mkErr;
            }
            continue;
        }
        if (st.isDirectory())
            return staging;
        report(staging, (0,safe_fs/* describeKind */.SB)(st), 'removed');
        try {
            external_node_fs_.unlinkSync(staging);
        }
        catch (err) {
            if ((0,safe_fs/* errorCode */.CA)(err) !== 'ENOENT')
                throw err;
        }
    }
    throw new safe_fs/* UnsafePathError */.k0(staging, 'not a directory (it kept coming back)');
}
/**
 * Creates the directory `<root>/.staging/<name>` with mode 0755. The caller has checked the staging
 * directory (ensureStagingDir); when it is missing, it is checked and made here. Returns whether the
 * umask left the modes alone: when the new directory is 0755, the umask clears none of 0755's bits,
 * so files created 0644 are 0644 too and need no chmod. Otherwise the directory has been set to
 * 0755 and files must be chmodded.
 */
async function makeStagingDir(root, name, report = () => undefined) {
    const dir = external_node_path_.join(root, STAGING_DIR, name);
    try {
        await external_node_fs_.promises.mkdir(dir, { mode: DIR_MODE });
    }
    catch (err) {
        if ((0,safe_fs/* errorCode */.CA)(err) !== 'ENOENT')
            throw err;
        ensureStagingDir(root, report, true);
        await external_node_fs_.promises.mkdir(dir, { mode: DIR_MODE });
    }
    const mode = (await external_node_fs_.promises.lstat(dir)).mode & 0o777;
    if (mode === DIR_MODE)
        return { dir, exactModes: true };
    await external_node_fs_.promises.chmod(dir, DIR_MODE);
    return { dir, exactModes: false };
}
/**
 * The pid in a staging directory's name (`<hex>-<pid>-<rand>` for an import, `trash-<pid>-<rand>`
 * for an eviction; see uniqueSuffix), or null when the name has none.
 */
function stagingCreator(name) {
    const m = /-(\d+)-[0-9a-f]{12}$/.exec(name);
    if (!m)
        return null;
    const pid = Number(m[1]);
    return Number.isSafeInteger(pid) && pid > 1 ? pid : null;
}
/**
 * True when the process named by a staging directory is certainly gone on this host (kill(pid, 0)
 * says ESRCH). This process's own directories are never taken for dead ones. A pid may have been
 * reused by an unrelated process, which keeps a leftover alive until the age bound removes it.
 */
function creatorIsDead(name) {
    const pid = stagingCreator(name);
    if (pid === null || pid === PID)
        return false;
    try {
        process.kill(pid, 0);
        return false;
    }
    catch (err) {
        return (0,safe_fs/* errorCode */.CA)(err) === 'ESRCH';
    }
}
/**
 * Removes leftovers from `staging` (checked by ensureStagingDir): directories of killed imports and
 * undeleted evictions (their creator is dead, or they are older than STALE_TEMP_MS), stale files,
 * and, at once, anything that is neither a directory nor a regular file (a planted symlink, FIFO,
 * socket or device: unlinked, never followed or opened, and reported). Returns the directories removed.
 */
async function sweepStagingDir(staging, now, report) {
    let children;
    try {
        children = await external_node_fs_.promises.readdir(staging, { withFileTypes: true });
    }
    catch (err) {
        if (isMissing(err))
            return 0;
        throw err;
    }
    let removed = 0;
    for (const child of children) {
        const p = external_node_path_.join(staging, child.name);
        try {
            const st = await external_node_fs_.promises.lstat(p);
            const stale = st.mtimeMs < now - STALE_TEMP_MS;
            if (st.isDirectory()) {
                if (!stale && !creatorIsDead(child.name))
                    continue;
                // A real directory inside the checked staging directory: rm never follows links below it.
                await external_node_fs_.promises.rm(p, { recursive: true, force: true, maxRetries: 3 });
                removed++;
            }
            else if (st.isFile()) {
                if (stale)
                    await external_node_fs_.promises.unlink(p);
            }
            else {
                report(p, (0,safe_fs/* describeKind */.SB)(st), 'removed');
                await external_node_fs_.promises.unlink(p);
            }
        }
        catch (err) {
            if (!isMissing(err))
                throw err;
        }
    }
    return removed;
}
/**
 * Blobs up to this size are written by writeAtomicSync: a compile server writes an entry of six
 * blobs and a manifest per miss, and on the thread pool each blob cost five round trips (open,
 * chmod, write, close, rename) whose promise and hand-over cost more than the calls themselves.
 * Larger blobs keep the thread pool, so that one big object does not hold its thread.
 */
const SYNC_WRITE_MAX = 1024 * 1024;
/** writeAtomic with synchronous calls on the calling thread (for blobs up to SYNC_WRITE_MAX). */
function writeAtomicSync(dir, name, data) {
    const tmp = external_node_path_.join(dir, `.${name}.tmp-${uniqueSuffix()}`);
    try {
        // O_CREAT|O_EXCL: never through an existing path, so never through a planted link.
        const fd = external_node_fs_.openSync(tmp, 'wx', FILE_MODE);
        try {
            external_node_fs_.fchmodSync(fd, FILE_MODE);
            for (let done = 0; done < data.byteLength;)
                done += external_node_fs_.writeSync(fd, data, done);
        }
        finally {
            external_node_fs_.closeSync(fd);
        }
        external_node_fs_.renameSync(tmp, external_node_path_.join(dir, name));
    }
    catch (err) {
        try {
            external_node_fs_.rmSync(tmp, { force: true });
        }
        catch {
            // the error that matters is the first one
        }
        throw err;
    }
}
/**
 * Writes a blob atomically: a temporary file with a unique name starting with `.` in the same
 * directory, then a rename over the blob. Readers see the old blob or the new one, never a part.
 * The directory must exist; ENOENT (e.g. the entry was evicted meanwhile) propagates for a retry.
 */
async function writeAtomic(dir, name, data) {
    const tmp = external_node_path_.join(dir, `.${name}.tmp-${uniqueSuffix()}`);
    try {
        await writeNewFile(tmp, data);
        await external_node_fs_.promises.rename(tmp, external_node_path_.join(dir, name));
    }
    catch (err) {
        await external_node_fs_.promises.rm(tmp, { force: true }).catch(() => undefined);
        throw err;
    }
}
/**
 * Removes a directory tree so that readers never see a half-removed one: it is first renamed into
 * the staging directory (atomic), then deleted there. `staging` must have been checked by
 * ensureStagingDir, and every component of `dir` below the root by the caller (a walk or
 * checkDirChain): a rename moves a symlink itself, and rm never follows one below what it deletes.
 * Returns false when `dir` did not exist. Falls back to deleting in place when the rename is
 * impossible (another filesystem). ENOENT with `dir` still there means the staging directory
 * vanished: thrown as StagingGoneError for the caller to check it again.
 */
async function removeDir(staging, dir) {
    const trash = external_node_path_.join(staging, `trash-${uniqueSuffix()}`);
    try {
        await external_node_fs_.promises.rename(dir, trash);
    }
    catch (err) {
        const code = (0,safe_fs/* errorCode */.CA)(err);
        if (code === 'ENOENT') {
            try {
                await external_node_fs_.promises.lstat(dir);
            }
            catch (statErr) {
                if (isMissing(statErr))
                    return false;
                throw statErr;
            }
            throw new StagingGoneError(staging);
        }
        if (isMissing(err))
            return false;
        if (code === 'EXDEV' || code === 'EPERM' || code === 'EACCES' || code === 'EBUSY') {
            await external_node_fs_.promises.rm(dir, { recursive: true, force: true, maxRetries: 3 });
            return true;
        }
        throw err;
    }
    // The entry is gone for every reader now; failing to delete the trash only leaves a stale leftover.
    await external_node_fs_.promises.rm(trash, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    return true;
}
/** The staging directory disappeared while in use (removed by someone else): check it again. */
class StagingGoneError extends Error {
    staging;
    name = 'StagingGoneError';
    constructor(staging) {
        super(`${staging} disappeared`);
        this.staging = staging;
    }
}
/** Removes an empty directory; a directory that is not empty (or already gone) is left alone. */
async function removeIfEmpty(dir) {
    try {
        await external_node_fs_.promises.rmdir(dir);
    }
    catch {
        // ENOTEMPTY, EEXIST, ENOENT, ...: keep it.
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/store/disk-walk.js





/** The blob a use touches first (DiskCacheStore.touch). */
const TOUCHED_BLOB = 'exit_code';
const SHARD_NAME = /^[0-9a-f]{2}$/;
/** Every entry of the store rooted at `dir` and of every namespace below it; namespaces relative to `dir`. */
async function walkStore(dir, options) {
    diskStoreCounters.walks++;
    const out = [];
    if (options.root !== undefined) {
        // The view's own directory (e.g. `compile/local`) planted as a symlink: nothing there is
        // listed, uploaded, pruned or deleted.
        try {
            if (!(0,safe_fs/* checkDirChain */.dH)(options.root, dir))
                return out;
        }
        catch (err) {
            if (!(err instanceof safe_fs/* UnsafePathError */.k0))
                throw err;
            options.report?.(err.path, err.found);
            return out;
        }
    }
    await walkDir(dir, '', options, out);
    return out;
}
/** What a dirent is, in words for a warning (its own type: a symlink is never resolved). */
function direntKind(d) {
    if (d.isSymbolicLink())
        return 'a symbolic link';
    if (d.isFIFO())
        return 'a FIFO';
    if (d.isSocket())
        return 'a socket';
    if (d.isCharacterDevice())
        return 'a character device';
    if (d.isBlockDevice())
        return 'a block device';
    if (d.isDirectory())
        return 'a directory';
    if (d.isFile())
        return 'a regular file';
    return 'an unknown kind of file';
}
/** Neither a directory nor a regular file: something a walk must never enter, open or count. */
function isForeign(d) {
    return !d.isDirectory() && !d.isFile();
}
/*
 * Directories are read and blobs stat'ed with synchronous calls, one shard at a time, yielding to the
 * event loop between shards. A walk is tens of thousands of tiny calls; through the thread pool each
 * costs a round trip and a promise, and the whole walk took 2–3× as long (3,000 entries / 15,000 blobs:
 * ~45 ms instead of ~120 ms on the benchmark machine, where it was most of a warm save's local work).
 * A shard is a few hundred calls at most for stores of 100,000s of entries, so the loop is never held
 * for long and transfers running beside the walk keep moving.
 */
function readDirents(dir) {
    try {
        return (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    }
    catch (err) {
        if (isMissing(err))
            return null;
        throw err;
    }
}
const yieldToLoop = () => new Promise(resolve => setImmediate(resolve));
async function walkDir(dir, ns, options, out) {
    const children = readDirents(dir);
    if (children === null)
        return;
    for (const child of sortByName(children)) {
        if (child.isDirectory())
            await walkChild(dir, ns, child.name, options, out);
        else if (isForeign(child) && !child.name.startsWith('.')) {
            options.report?.(external_node_path_.join(dir, child.name), direntKind(child));
        }
    }
}
/** A directory below a namespace: a shard when its name is two hex characters, else a namespace. */
async function walkChild(parent, ns, name, options, out) {
    if (name.startsWith('.'))
        return;
    const p = external_node_path_.join(parent, name);
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
    await yieldToLoop();
    const children = readDirents(shardPath);
    if (children === null)
        return;
    const candidates = [];
    const nested = [];
    for (const child of sortByName(children)) {
        if (child.name.startsWith('.'))
            continue;
        if (!child.isDirectory()) {
            // A stray file is nobody's blob; a symlink or a FIFO here is planted: say so.
            if (isForeign(child))
                options.report?.(external_node_path_.join(shardPath, child.name), direntKind(child));
            continue;
        }
        if ((0,validate/* isKeyHex */.N2)(child.name) && child.name.startsWith(hh))
            candidates.push(child.name);
        else
            nested.push(child.name);
    }
    const scans = candidates.map(name => {
        const entryPath = `${shardPath}${external_node_path_.sep}${name}`;
        const known = options.known?.(ns, name);
        if (known && options.skipKnown)
            return null;
        return (known && knownEntry(entryPath, known)) || scanEntry(entryPath, options);
    });
    const cleanups = [];
    scans.forEach((scan, i) => {
        if (scan === null)
            return; // removed meanwhile, or known and skipped
        const name = candidates[i];
        if (scan.hasSubdirs && scan.blobs.length === 0) {
            nested.push(name);
            return;
        }
        const entryPath = external_node_path_.join(shardPath, name);
        let size = 0;
        let mtimeMs = 0;
        if (scan.known) {
            size = scan.known.size;
            mtimeMs = scan.known.mtimeMs;
        }
        else {
            if (options.removeStale)
                cleanups.push(removeStale(entryPath, scan, options.now));
            if (scan.blobs.length === 0)
                return; // only leftovers: not an entry
            for (const b of scan.blobs) {
                size += b.size;
                mtimeMs = Math.max(mtimeMs, b.mtime.getTime());
            }
        }
        out.push({
            key: name,
            namespace: ns,
            blobs: scan.blobs,
            size,
            mtime: new Date(mtimeMs),
            path: entryPath,
            shardPath,
            foreign: scan.others
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
/** A known entry's scan from one lstat: no blob list, its time moved up to its latest use. */
function knownEntry(entryPath, known) {
    const st = lstatOrNull(`${entryPath}${external_node_path_.sep}${TOUCHED_BLOB}`);
    if (st === null || !st.isFile())
        return null;
    diskStoreCounters.knownEntries++;
    return {
        blobs: [],
        temps: [],
        hasSubdirs: false,
        others: 0,
        known: { size: known.size, mtimeMs: Math.max(known.mtimeMs, st.mtimeMs) }
    };
}
function scanEntry(entryPath, options) {
    const children = readDirents(entryPath);
    if (children === null)
        return null;
    const scan = { blobs: [], temps: [], hasSubdirs: false, others: 0 };
    for (const child of children) {
        // Plain concatenation: path.join (normalising every path) was a tenth of the walk's time.
        const p = `${entryPath}${external_node_path_.sep}${child.name}`;
        if ((0,validate/* isTempName */.Gs)(child.name)) {
            if (!options.removeStale)
                continue;
            const st = lstatOrNull(p);
            if (st !== null)
                scan.temps.push({ path: p, mtimeMs: st.mtimeMs });
            continue;
        }
        if (child.isDirectory()) {
            scan.hasSubdirs = true;
            continue;
        }
        if (!child.isFile()) {
            scan.others++;
            options.report?.(p, direntKind(child));
            continue;
        }
        const st = lstatOrNull(p);
        if (st === null)
            continue; // replaced or evicted meanwhile
        if (!st.isFile()) {
            scan.others++;
            options.report?.(p, 'not a regular file');
            continue;
        }
        scan.blobs.push({ name: child.name, size: st.size, mtime: st.mtime });
    }
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
    const dirStat = emptyAfter && stale.length === scan.temps.length ? lstatOrNull(entryPath) : null;
    for (const t of stale)
        await external_node_fs_.promises.rm(t.path, { recursive: true, force: true }).catch(() => undefined);
    if (dirStat !== null && dirStat.mtimeMs < cutoff)
        await removeIfEmpty(entryPath);
}
function lstatOrNull(p) {
    try {
        return (0,external_node_fs_.lstatSync)(p);
    }
    catch (err) {
        if (isMissing(err))
            return null;
        throw err;
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/store/limit.js
/** Bounded concurrency, shared by the store (shard listing, disk walks, deletes) and the sync above it (transfers). */
/** Runs at most `limit` of the functions given to it at once; the others wait in order. */
class Limiter {
    active = 0;
    waiting = [];
    limit;
    constructor(limit) {
        checkLimit(limit);
        this.limit = limit;
    }
    async run(fn) {
        // A finishing call hands its slot straight to the next waiter, so a newcomer cannot slip in between.
        if (this.active >= this.limit)
            await new Promise(resolve => this.waiting.push(resolve));
        else
            this.active++;
        try {
            return await fn();
        }
        finally {
            const next = this.waiting.shift();
            if (next)
                next();
            else
                this.active--;
        }
    }
}
/**
 * Maps every item through `fn` with at most `limit` calls in flight; results keep the input order.
 * A fixed set of workers takes the items in turn, so a long list costs no promise per item up front.
 */
async function mapLimit(items, limit, fn) {
    checkLimit(limit);
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
/**
 * Runs `fn` over `items` with at most `limit` calls in flight. When a call throws, no new item is
 * started, the calls in flight are awaited, and the first error is rethrown: `fn` handles the
 * failures it can live with itself and throws only to stop the whole run.
 */
async function forEachLimit(items, limit, fn) {
    const it = items[Symbol.iterator]();
    let stopped = false;
    let firstError;
    const worker = async () => {
        while (!stopped) {
            const next = it.next();
            if (next.done)
                return;
            try {
                await fn(next.value);
            }
            catch (err) {
                if (!stopped)
                    firstError = err;
                stopped = true;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
    if (stopped)
        throw firstError;
}
function checkLimit(limit) {
    if (!Number.isInteger(limit) || limit < 1) {
        throw new RangeError(`concurrency limit ${limit} is invalid: expected a whole number >= 1`);
    }
}

// EXTERNAL MODULE: ./build/ncc-src/store/chunk-codec.js
var chunk_codec = __webpack_require__(168);
// EXTERNAL MODULE: ./build/ncc-src/store/json-values.js
var json_values = __webpack_require__(697);
// EXTERNAL MODULE: ./build/ncc-src/store/lazy-crypto.js
var lazy_crypto = __webpack_require__(818);
// EXTERNAL MODULE: ./build/ncc-src/store/state-dir.js
var state_dir = __webpack_require__(473);
;// CONCATENATED MODULE: ./build/ncc-src/store/deferred-tier.js
/**
 * Entries a restore kept packed: the lazy install (docs/packs.md, "Lazy install"). A restore that
 * installs every entry writes some 18,000 files for 3,000 entries, and on a fresh runner that file
 * creation, not the download, is what a restore costs (as much as `tar -x` of the same files). With
 * `install: lazy` the restore writes each pack chunk it downloaded, still compressed, into one file
 * of the state directory, and an index of the entries in it; the disk store installs a chunk's
 * entries into the cache directory the first time a compile asks for one of them
 * (DiskCacheStore.get), and entries no compile asks for cost no file at all.
 *
 * Files, in `<state dir>/deferred/` (the state directory, not the cache directory: the Go system,
 * opened on the same cache directory, must count, walk and evict nothing of ours):
 *
 * - `chunks-<16 hex>`: the compressed chunks one after the other, as the pack held them.
 * - `index`: JSON (below), written last and atomically, so a reader finds a whole index or none. It
 *   names its chunk file.
 *
 * Both are as untrusted as the cache directory (a build can write the state directory): the index is
 * read only as a regular file, up to a cap, and checked whole (names, keys, ranges) before any of it
 * is used; a chunk is read as a regular file and checked against its recorded sha256 (of the
 * compressed bytes, or of the raw ones after decompression) before any of its entries is installed.
 * An index that fails a check is ignored whole: those entries are misses, compiled again.
 */








/** The state directory's subdirectory of the lazy install. */
const DEFERRED_DIR = 'deferred';
const INDEX_FILE = 'index';
const DATA_PATTERN = /^chunks-[0-9a-f]{16}$/;
/** The index's size at most: ~120 bytes an entry, so ~130,000 entries. */
const DEFERRED_INDEX_MAX_BYTES = 16 * 1024 * 1024;
/**
 * JSON values of the index at most (countJsonValues, before it is parsed: ~64 MiB of heap at
 * worst). An entry of six blobs counts 19: room for some 100,000 entries.
 */
const DEFERRED_INDEX_MAX_VALUES = 2_000_000;
const CODECS = ['zstd', 'gzip', 'br'];
/** Counters for tests: the chunks this process installed, and the indexes and chunks it refused. */
const deferredCounters = { chunksInstalled: 0, refused: 0 };
function sha256Hex(data) {
    return (0,lazy_crypto/* nodeCrypto */.S)().createHash('sha256').update(data).digest('hex');
}
function isCount(n) {
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
/** Removes what a restore kept (the index first, so no reader finds an index without its data). */
function clearDir(dir) {
    for (const name of [INDEX_FILE, ...listNames(dir).filter(n => n !== INDEX_FILE)]) {
        if (name !== INDEX_FILE && !DATA_PATTERN.test(name) && !name.startsWith(`${INDEX_FILE}.tmp-`))
            continue;
        try {
            (0,external_node_fs_.unlinkSync)(external_node_path_.join(dir, name)); // a planted link is removed itself, never what it points at
        }
        catch (err) {
            if ((0,safe_fs/* errorCode */.CA)(err) !== 'ENOENT')
                throw err;
        }
    }
}
function listNames(dir) {
    try {
        return (0,external_node_fs_.readdirSync)(dir);
    }
    catch (err) {
        if ((0,safe_fs/* errorCode */.CA)(err) === 'ENOENT')
            return [];
        throw err;
    }
}
/**
 * The writing side, one per restore: `begin` removes what an earlier restore kept and opens a new
 * chunk file, `keep` appends a chunk and records its entries, `finish` writes the index.
 */
class DeferredWriter {
    cacheDir;
    dir;
    dataName;
    handle;
    limits;
    end = 0;
    chunks = [];
    entries = [];
    closed = false;
    /** What the index will count (countJsonValues) and weigh once written, so far: under the caps. */
    values = 16;
    bytes = 256;
    constructor(cacheDir, dir, dataName, handle, limits) {
        this.cacheDir = cacheDir;
        this.dir = dir;
        this.dataName = dataName;
        this.handle = handle;
        this.limits = limits;
    }
    /** `limits`: the index's size at most (the readers' caps less a tenth, unless told otherwise). */
    static async begin(cacheRoot, limits = {}) {
        const loc = (0,state_dir/* stateSubdir */.xp)(cacheRoot, DEFERRED_DIR);
        (0,state_dir/* ensureStateDir */.xH)(loc, loc.sub);
        clearDir(loc.sub);
        const name = `chunks-${(0,lazy_crypto/* nodeCrypto */.S)().randomBytes(8).toString('hex')}`;
        const handle = await (0,safe_fs/* openRegular */.lf)(external_node_path_.join(loc.sub, name), external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL, 0o600);
        return new DeferredWriter(external_node_path_.resolve(cacheRoot), loc.sub, name, handle, {
            maxValues: limits.maxValues ?? DEFERRED_INDEX_MAX_VALUES * 0.9,
            maxBytes: limits.maxBytes ?? DEFERRED_INDEX_MAX_BYTES * 0.9
        });
    }
    /**
     * Whether a chunk with these entries still fits the index a reader takes (DEFERRED_INDEX_MAX_BYTES
     * and DEFERRED_INDEX_MAX_VALUES, with room to spare): past that, a restore installs the rest as an
     * eager one does, rather than write an index every reader would refuse.
     */
    fits(entries) {
        return this.fitsWeight(weigh(entries));
    }
    fitsWeight(w) {
        return this.values + w.values <= this.limits.maxValues && this.bytes + w.bytes <= this.limits.maxBytes;
    }
    /** Appends one compressed chunk and records its entries (namespaces below the cache directory). */
    async keep(compressed, info, entries) {
        if (this.closed)
            throw new Error('the lazy install of this restore is already finished');
        const weight = weigh(entries);
        if (!this.fitsWeight(weight))
            throw new Error('the index of the lazy install is full');
        this.values += weight.values;
        this.bytes += weight.bytes;
        const at = this.end;
        this.end += compressed.byteLength;
        let done = 0;
        while (done < compressed.byteLength) {
            const { bytesWritten } = await this.handle.write(compressed, done, compressed.byteLength - done, at + done);
            done += bytesWritten;
        }
        const n = this.chunks.length;
        this.chunks.push({ ...info, offset: at, length: compressed.byteLength });
        for (const e of entries)
            this.entries.push([n, e]);
    }
    /** Writes the index (nothing when no chunk was kept); returns the number of entries kept. */
    async finish() {
        if (this.closed)
            return this.entries.length;
        this.closed = true;
        await this.handle.close();
        if (this.entries.length === 0) {
            clearDir(this.dir);
            return 0;
        }
        const doc = {
            version: 1,
            cacheDir: this.cacheDir,
            data: this.dataName,
            chunks: this.chunks.map(c => [c.codec, c.offset, c.length, c.rawLength, c.sha256, c.zsha256 ?? '']),
            entries: this.entries.map(([c, e]) => [
                c,
                e.namespace,
                e.key,
                e.mtime,
                e.offset,
                e.blobs.flatMap(b => [b.name, b.size])
            ])
        };
        await (0,safe_fs/* writeRegularFileAtomic */.z2)(external_node_path_.join(this.dir, INDEX_FILE), JSON.stringify(doc));
        return this.entries.length;
    }
}
/**
 * What a chunk with these entries adds to the index: its records' JSON as the reader counts it
 * (countJsonValues: every `{`, `[` and `,`, inside strings too) and its bytes, plus the chunk's own
 * record (~200 bytes, 6 values).
 */
function weigh(entries) {
    let values = 7;
    let bytes = 200;
    for (const e of entries) {
        const record = Buffer.from(JSON.stringify([0, e.namespace, e.key, e.mtime, e.offset, e.blobs.flatMap(b => [b.name, b.size])]));
        values += (0,json_values/* countJsonValues */.M)(record, Number.MAX_SAFE_INTEGER) + 1;
        bytes += record.length + 1;
    }
    return { values, bytes };
}
/** Checks an index document whole; null when anything in it is off. */
function checkIndex(doc, cacheDir) {
    if (typeof doc !== 'object' || doc === null)
        return null;
    const d = doc;
    if (d.version !== 1 || typeof d.data !== 'string' || !DATA_PATTERN.test(d.data))
        return null;
    if (d.cacheDir !== cacheDir)
        return null;
    if (!Array.isArray(d.chunks) || !Array.isArray(d.entries))
        return null;
    const chunks = [];
    for (const c of d.chunks) {
        if (!Array.isArray(c) || c.length !== 6)
            return null;
        const [codec, offset, length, rawLength, sha, zsha] = c;
        if (typeof codec !== 'string' || !CODECS.includes(codec))
            return null;
        if (!isCount(offset) || !isCount(length) || !isCount(rawLength))
            return null;
        if (rawLength > chunk_codec/* MAX_CHUNK_BYTES */.xR || length > chunk_codec/* MAX_CHUNK_BYTES */.xR + 2 * 1024 * 1024)
            return null;
        if (!(0,validate/* isSha256Hex */.P4)(sha) || (zsha !== '' && !(0,validate/* isSha256Hex */.P4)(zsha)))
            return null;
        chunks.push({
            codec: codec,
            offset,
            length,
            rawLength,
            sha256: sha,
            zsha256: zsha === '' ? undefined : zsha
        });
    }
    const entries = new Map();
    const byChunk = chunks.map(() => []);
    for (const e of d.entries) {
        if (!Array.isArray(e) || e.length !== 6)
            return null;
        const [chunk, namespace, key, mtime, offset, flat] = e;
        if (!isCount(chunk) || chunk >= chunks.length)
            return null;
        if (typeof namespace !== 'string' || typeof key !== 'string' || !(0,validate/* isKeyHex */.N2)(key))
            return null;
        if (!isCount(mtime) ||
            !isCount(offset) ||
            !Array.isArray(flat) ||
            flat.length === 0 ||
            flat.length % 2 !== 0)
            return null;
        try {
            if (namespace !== '')
                (0,validate/* splitNamespacePath */.NC)(namespace);
            if (namespace.startsWith('/') || namespace.endsWith('/') || namespace.includes('//'))
                return null;
        }
        catch {
            return null;
        }
        const blobs = [];
        const names = new Set();
        let end = offset;
        for (let i = 0; i < flat.length; i += 2) {
            const name = flat[i];
            const size = flat[i + 1];
            if (typeof name !== 'string' || !isCount(size) || names.has(name) || (0,validate/* isTempName */.Gs)(name))
                return null;
            try {
                (0,validate/* validateBlobName */.Lm)(name);
            }
            catch {
                return null;
            }
            names.add(name);
            blobs.push({ name, size });
            end += size;
        }
        if (end > chunks[chunk].rawLength)
            return null;
        const entry = { namespace, key, mtime, blobs, offset };
        entries.set(`${namespace}\0${key}`, { chunk, entry });
        byChunk[chunk].push(entry);
    }
    return { data: d.data, chunks, entries, byChunk };
}
/**
 * The reading side, one per state directory and process: which entries are kept, and the install
 * of a chunk's entries on the first ask. The index is looked at (one lstat) on every ask for an
 * entry the cache directory lacks, and read again when it changed (a restore ran meanwhile).
 */
class DeferredTier {
    cacheDir;
    dir;
    static tiers = new Map();
    signature = '';
    index = null;
    /** Installs of chunks begun by this process, by chunk: each resolves to the entries it installed. */
    installing = new Map();
    constructor(cacheDir, dir) {
        this.cacheDir = cacheDir;
        this.dir = dir;
    }
    /** The tier of a cache directory (its state directory's `deferred/`, kept for this directory). */
    static of(cacheRoot) {
        const cacheDir = external_node_path_.resolve(cacheRoot);
        const dir = (0,state_dir/* stateSubdir */.xp)(cacheDir, DEFERRED_DIR).sub;
        const id = `${cacheDir}\0${dir}`;
        let tier = DeferredTier.tiers.get(id);
        if (tier === undefined) {
            if (DeferredTier.tiers.size >= 16)
                DeferredTier.tiers.clear();
            tier = new DeferredTier(cacheDir, dir);
            DeferredTier.tiers.set(id, tier);
        }
        return tier;
    }
    /** Looks at the index file; reads it again when it is not the one read last. */
    refresh(onRefused) {
        const file = external_node_path_.join(this.dir, INDEX_FILE);
        let st;
        try {
            st = (0,external_node_fs_.lstatSync)(file, { throwIfNoEntry: false });
        }
        catch {
            st = undefined; // ENOTDIR and the like: no index
        }
        if (st === undefined || !st.isFile()) {
            this.signature = '';
            this.index = null;
            return null;
        }
        const signature = `${st.ino}:${st.size}:${st.mtimeMs}`;
        if (signature === this.signature)
            return this.index;
        this.signature = signature;
        this.index = null;
        this.installing.clear();
        if (st.size > DEFERRED_INDEX_MAX_BYTES) {
            deferredCounters.refused++;
            onRefused?.(`the lazy install's index ${file} is over ${DEFERRED_INDEX_MAX_BYTES} bytes`);
            return null;
        }
        try {
            const bytes = (0,safe_fs/* readRegularFileSync */.cG)(file);
            const bounded = bytes !== null &&
                bytes.length <= DEFERRED_INDEX_MAX_BYTES &&
                (0,json_values/* countJsonValues */.M)(bytes, DEFERRED_INDEX_MAX_VALUES) <= DEFERRED_INDEX_MAX_VALUES;
            this.index = bounded ? checkIndex(JSON.parse(bytes.toString('utf8')), this.cacheDir) : null;
        }
        catch {
            this.index = null;
        }
        if (this.index === null) {
            deferredCounters.refused++;
            onRefused?.(`the lazy install's index ${file} fails its checks`);
        }
        return this.index;
    }
    /**
     * The entries kept in `namespace` and below it (and not installed yet by this process), with
     * their namespaces below the cache directory: for the compile server's warm-up, which reads a
     * namespace's manifests.
     */
    keptIn(namespace) {
        return [...(this.refresh()?.entries.values() ?? [])]
            .map(x => x.entry)
            .filter(e => isWithin(e, namespace));
    }
    /** Whether any entry is kept in `namespace` or below it (DiskCacheStore.isEmpty). */
    holdsAnyIn(namespace) {
        for (const { entry } of this.refresh()?.entries.values() ?? [])
            if (isWithin(entry, namespace))
                return true;
        return false;
    }
    /**
     * Installs the chunk that holds the entry, all its kept entries at once, through `installer`;
     * false when the entry is not kept here or its chunk fails a check. Concurrent asks for entries of
     * one chunk share one install. Entries leave the tier once their chunk was tried, installed or not:
     * an entry that could not be installed is a miss, never tried again by this process.
     */
    async install(namespace, key, installer) {
        const index = this.refresh(why => installer.refused?.(why));
        const found = index?.entries.get(`${namespace}\0${key}`);
        if (index === null || index === undefined || found === undefined)
            return false;
        let job = this.installing.get(found.chunk);
        if (job === undefined) {
            job = this.installChunk(index, found.chunk, installer);
            this.installing.set(found.chunk, job);
        }
        await job;
        return true;
    }
    /**
     * Installs every kept entry now (`compile-cache install`, the compile server's idle warm-up), two
     * chunks in flight: one is read and decompressed while the other's entries are written. `stop`
     * is asked before each chunk; once it names a reason, no further chunk is begun. Returns how many
     * entries were installed and why it stopped early (null: it did not).
     */
    async installAll(installer, stop = () => null) {
        const index = this.refresh(why => installer.refused?.(why));
        if (index === null)
            return { entries: 0, stopped: null };
        let entries = 0;
        const chunks = index.byChunk.map((entries, n) => (entries.length > 0 ? n : -1)).filter(n => n >= 0);
        let next = 0;
        let stopped = null;
        const lane = async () => {
            while (next < chunks.length && (stopped ??= stop()) === null) {
                const n = chunks[next++];
                let job = this.installing.get(n);
                if (job === undefined) {
                    job = this.installChunk(index, n, installer);
                    this.installing.set(n, job);
                }
                // Awaited first: `entries += await job` would read `entries` before the other lane adds to it.
                const installed = await job;
                entries += installed;
            }
        };
        await Promise.all([lane(), lane()]);
        return { entries, stopped };
    }
    /** Installs one chunk's missing entries; how many it installed (0 when the chunk fails a check). */
    async installChunk(index, n, installer) {
        const entries = index.byChunk[n].filter(e => installer.missing(e));
        try {
            if (entries.length === 0)
                return 0;
            const chunk = index.chunks[n];
            const compressed = readChunk(external_node_path_.join(this.dir, index.data), chunk);
            if (chunk.zsha256 !== undefined && sha256Hex(compressed) !== chunk.zsha256) {
                throw new Error('chunk fails its checksum');
            }
            const raw = await (0,chunk_codec/* decompressChunk */.Ly)(chunk.codec, compressed, chunk.rawLength);
            if (raw.length !== chunk.rawLength)
                throw new Error('chunk fails its checksum');
            // Without the compressed bytes' sha256 the installer checks the raw bytes' before it writes.
            const outcomes = await installer.install(raw, chunk.zsha256 === undefined ? chunk.sha256 : undefined, entries);
            deferredCounters.chunksInstalled++;
            return outcomes.filter(o => o === true).length;
        }
        catch (err) {
            deferredCounters.refused++;
            installer.refused?.(`a chunk the lazy install kept (${entries.length} entries, ${external_node_path_.join(this.dir, index.data)}) ` +
                `was not installed: ${err.message}`);
            return 0;
        }
        finally {
            for (const e of index.byChunk[n])
                index.entries.delete(`${e.namespace}\0${e.key}`);
        }
    }
}
/** Whether a kept entry lies in `namespace` (a path below the cache directory; '' is all of it) or below it. */
function isWithin(e, namespace) {
    return namespace === '' || e.namespace === namespace || e.namespace.startsWith(`${namespace}/`);
}
/** A kept chunk's compressed bytes: read as a regular file, never past its end. */
function readChunk(file, chunk) {
    const fd = (0,safe_fs/* openRegularSync */.w5)(file, external_node_fs_.constants.O_RDONLY);
    try {
        if ((0,external_node_fs_.fstatSync)(fd).size < chunk.offset + chunk.length)
            throw new Error('the chunk file is shorter than its index says');
        const buf = Buffer.allocUnsafe(chunk.length);
        let at = 0;
        while (at < chunk.length) {
            const n = (0,external_node_fs_.readSync)(fd, buf, at, chunk.length - at, chunk.offset + at);
            if (n === 0)
                throw new Error('the chunk file ended early');
            at += n;
        }
        return buf;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}

// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(995);
// EXTERNAL MODULE: ./build/ncc-src/store/builtin-module.js
var builtin_module = __webpack_require__(954);
;// CONCATENATED MODULE: ./build/ncc-src/store/import-workers.js
/**
 * Installing restored entries off the main thread. A restore writes some 18,000 small files for
 * 3,000 entries; through the libuv thread pool each file costs four round trips between the main
 * thread and the pool (open, write, futimes, close), a promise each, and 16 pool threads contending
 * for 2 cores: that, not the syscalls, was most of the restore's CPU. Here a few worker threads
 * make the same syscalls synchronously, as `tar -x` does, and the main thread sends them whole
 * entries in batches (one message per batch, the bytes transferred, not copied).
 *
 * The worker only ever does, per entry: mkdir of a fresh staging directory (a unique name in the
 * store's checked `.staging/`), create each blob there with O_CREAT|O_EXCL (never through an
 * existing path, so never through a planted link), write, set its times through the fd, close,
 * then one rename of the staging directory onto the entry's path in a shard the main thread has
 * checked. What that rename finds (an entry already there, a shard removed meanwhile) goes back to
 * the main thread, which decides (DiskCacheStore.importEntry). A staging directory that did not
 * become the entry is removed at once; one left by a killed process is swept by the next import.
 *
 * The worker's code is a plain JavaScript string (`eval` worker) so the bundles need no second
 * entry file; it uses nothing but node:fs and node:worker_threads.
 */


/** The worker could not be started or died: the caller installs in process instead. */
class ImportWorkerGoneError extends Error {
    name = 'ImportWorkerGoneError';
}
/** The install itself (functions `install` and `installChunk`): the worker's, and runInThisThread's. */
const INSTALL_SOURCE = String.raw `
'use strict';
const fs = require('node:fs');
const crypto = require('node:crypto');
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;

function failure(stage, err) {
  return { status: 'error', stage, code: err && err.code, message: String(err && err.message) };
}

function install(job) {
  try {
    fs.mkdirSync(job.staging, DIR_MODE);
  } catch (err) {
    return failure('mkdir', err);
  }
  let done = false;
  try {
    let exact = job.exactModes;
    if (exact === undefined) exact = (fs.lstatSync(job.staging).mode & 0o777) === DIR_MODE;
    if (!exact) fs.chmodSync(job.staging, DIR_MODE);
    const t = job.mtimeMs === undefined ? undefined : job.mtimeMs / 1000;
    for (let i = 0; i < job.names.length; i++) {
      const data = job.data[i];
      const fd = fs.openSync(job.staging + '/' + job.names[i], 'wx', FILE_MODE);
      try {
        if (!exact) fs.fchmodSync(fd, FILE_MODE);
        for (let off = 0; off < data.byteLength; ) off += fs.writeSync(fd, data, off, data.byteLength - off);
        if (t !== undefined) fs.futimesSync(fd, t, t);
      } finally {
        fs.closeSync(fd);
      }
    }
    try {
      fs.renameSync(job.staging, job.entry);
    } catch (err) {
      if (err.code === 'ENOTEMPTY' || err.code === 'EEXIST') return { status: 'present' };
      return failure('rename', err);
    }
    done = true;
    return { status: 'installed', exactModes: exact };
  } catch (err) {
    return failure('write', err);
  } finally {
    if (!done) {
      try {
        fs.rmSync(job.staging, { recursive: true, force: true });
      } catch {}
    }
  }
}

// A whole pack chunk: its bytes are checked against their sha256 before any entry of it is
// installed (a chunk that fails installs nothing), then each entry is installed from views of it.
// The chunk's buffer was transferred to this thread; it is released (detached) as soon as the
// entries are written, not left for this thread's garbage collection: a worker allocates little
// JavaScript, so its collections are rare, and chunks waiting for one held hundreds of MiB.
function installChunk(msg) {
  const raw = msg.raw;
  try {
    if (msg.sha256 !== undefined) {
      const digest = crypto.createHash('sha256').update(raw).digest('hex');
      if (digest !== msg.sha256) return { corrupt: true, outcomes: [] };
    }
    const outcomes = msg.jobs.map(job => {
      const data = [];
      let at = job.offset;
      for (const size of job.sizes) {
        data.push(raw.subarray(at, at + size));
        at += size;
      }
      return install({ ...job, data });
    });
    return { corrupt: false, outcomes };
  } finally {
    const buffer = raw.buffer;
    if (typeof buffer.transfer === 'function' && !buffer.detached) buffer.transfer(0);
  }
}

`;
const WORKER_SOURCE = `${INSTALL_SOURCE}
const { parentPort } = require('node:worker_threads');
parentPort.on('message', batch => {
  if (batch.chunk) {
    let reply;
    try {
      reply = installChunk(batch.chunk);
    } catch (err) {
      reply = { corrupt: false, outcomes: batch.chunk.jobs.map(() => failure('write', err)) };
    }
    parentPort.postMessage({ id: batch.id, chunk: reply });
    return;
  }
  parentPort.postMessage({ id: batch.id, outcomes: batch.jobs.map(install) });
});
`;
/**
 * A chunk installed on the calling thread, with the worker's own code and synchronous calls (the
 * way `tar -x` makes them), for a process that installs a chunk now and then (a compile that asks
 * for an entry a lazy restore kept): starting a worker for it would cost more than the chunk, and
 * the thread pool's trips (one per call) cost about half as much again as these calls. The chunk's
 * buffer is released afterwards as the worker releases it. Blocks the thread for the install
 * (a ~4 MiB chunk of object files: ~55 entries, tens of milliseconds).
 */
function installChunkHere(job) {
    localInstaller ??= new Function('require', `${INSTALL_SOURCE}\nreturn installChunk;`)((0,external_node_module_.createRequire)(import.meta.url));
    return localInstaller(job);
}
let localInstaller;
/** Batches sent to one worker and not answered yet, at most: one being installed, one waiting. */
const MAX_BATCHES_IN_FLIGHT = 2;
/** Worker threads that install entries; created on first use, kept referenced only while busy. */
class ImportWorkers {
    count;
    slots = null;
    queue = [];
    flushScheduled = false;
    nextId = 1;
    broken = null;
    constructor(count) {
        this.count = count;
    }
    /** Installs one entry in a worker; rejects with ImportWorkerGoneError when no worker can do it. */
    install(job) {
        if (this.broken)
            return Promise.reject(new ImportWorkerGoneError(this.broken.message));
        return new Promise((resolve, reject) => {
            this.queue.push({ job, resolve, reject });
            if (!this.flushScheduled) {
                this.flushScheduled = true;
                // Entries handed over in the same turn of the event loop go as one message per worker.
                setImmediate(() => this.flush());
            }
        });
    }
    /**
     * Installs the entries of one chunk in the least busy worker. `job.raw`'s buffer is transferred
     * (the caller's view is empty afterwards). Rejects with ImportWorkerGoneError when no worker can
     * take it: when `job.raw` still has its bytes then, the caller can install in process.
     */
    installChunk(job) {
        if (this.broken)
            return Promise.reject(new ImportWorkerGoneError(this.broken.message));
        let slots;
        try {
            slots = this.start();
        }
        catch (err) {
            this.fail(err, []);
            return Promise.reject(new ImportWorkerGoneError(err.message));
        }
        const slot = slots.reduce((a, b) => (b.jobs < a.jobs ? b : a));
        const buffer = job.raw.buffer;
        // The whole buffer goes (the decompressor's holds a byte more than the chunk: format.ts).
        if (!(buffer instanceof ArrayBuffer) || job.raw.byteOffset !== 0) {
            return Promise.reject(new ImportWorkerGoneError('the chunk is not a buffer of its own'));
        }
        return new Promise((resolve, reject) => {
            const id = this.nextId++;
            slot.chunks.set(id, { entries: job.jobs.length, resolve, reject });
            slot.jobs += job.jobs.length;
            if (slot.jobs === job.jobs.length)
                slot.worker.ref();
            try {
                slot.worker.postMessage({ id, chunk: job }, [buffer]);
            }
            catch (err) {
                slot.chunks.delete(id);
                slot.jobs -= job.jobs.length;
                if (slot.jobs === 0)
                    slot.worker.unref();
                reject(new ImportWorkerGoneError(err.message));
            }
        });
    }
    /** Stops the workers (tests; a process that exits needs not: idle workers are unreferenced). */
    async close() {
        const slots = this.slots ?? [];
        this.slots = null;
        await Promise.all(slots.map(s => s.worker.terminate()));
    }
    /**
     * Hands queued jobs to workers with fewer than MAX_BATCHES_IN_FLIGHT batches: while a worker is
     * busy, what arrives meanwhile waits and goes as one batch (one message) when it answers.
     */
    flush() {
        this.flushScheduled = false;
        if (this.queue.length === 0)
            return;
        let slots;
        try {
            slots = this.start();
        }
        catch (err) {
            const queue = this.queue;
            this.queue = [];
            this.fail(err, queue);
            return;
        }
        const ready = slots.filter(s => s.inFlight.size < MAX_BATCHES_IN_FLIGHT).sort((a, b) => a.jobs - b.jobs);
        if (ready.length === 0)
            return;
        const queue = this.queue;
        this.queue = [];
        const per = Math.ceil(queue.length / ready.length);
        for (let i = 0, s = 0; i < queue.length; i += per, s++)
            this.send(ready[s], queue.slice(i, i + per));
    }
    send(slot, batch) {
        const id = this.nextId++;
        slot.inFlight.set(id, batch);
        slot.jobs += batch.length;
        if (slot.jobs === batch.length)
            slot.worker.ref();
        const jobs = batch.map(p => p.job);
        // The jobs' own buffers move to the worker; shared ones (pack chunks) are shared, not copied.
        const transfer = new Set();
        for (const j of jobs)
            for (const d of j.data)
                if (d.buffer instanceof ArrayBuffer)
                    transfer.add(d.buffer);
        try {
            slot.worker.postMessage({ id, jobs }, [...transfer]);
        }
        catch (err) {
            slot.inFlight.delete(id);
            slot.jobs -= batch.length;
            for (const p of batch)
                p.reject(new ImportWorkerGoneError(err.message));
        }
    }
    start() {
        if (this.slots)
            return this.slots;
        const slots = [];
        // Loaded here, on first use: a command that installs nothing (a save) does not load it.
        const { Worker } = (0,builtin_module/* builtinModule */.g)('node:worker_threads');
        for (let i = 0; i < this.count; i++) {
            const worker = new Worker(WORKER_SOURCE, { eval: true });
            const slot = { worker, inFlight: new Map(), chunks: new Map(), jobs: 0 };
            worker.on('message', (m) => {
                if (m.chunk !== undefined) {
                    const pending = slot.chunks.get(m.id);
                    if (!pending)
                        return;
                    slot.chunks.delete(m.id);
                    slot.jobs -= pending.entries;
                    if (slot.jobs === 0)
                        worker.unref();
                    pending.resolve(m.chunk);
                    return;
                }
                const batch = slot.inFlight.get(m.id);
                if (!batch)
                    return;
                slot.inFlight.delete(m.id);
                slot.jobs -= batch.length;
                if (slot.jobs === 0)
                    worker.unref();
                for (const [n, p] of batch.entries())
                    p.resolve(m.outcomes[n]);
                if (this.queue.length > 0)
                    this.flush();
            });
            const gone = (err) => {
                const pending = [...slot.inFlight.values()].flat();
                slot.inFlight.clear();
                for (const c of slot.chunks.values())
                    c.reject(new ImportWorkerGoneError(err.message));
                slot.chunks.clear();
                slot.jobs = 0;
                this.fail(err, pending);
            };
            worker.on('error', gone);
            worker.on('exit', code => gone(new Error(`import worker exited with code ${code}`)));
            // After the listeners: adding a 'message' listener refs the worker again, and an idle worker
            // left referenced (one of two that got no chunk) would keep the process from exiting.
            worker.unref();
            slots.push(slot);
        }
        this.slots = slots;
        return slots;
    }
    fail(err, pending) {
        this.broken ??= err;
        const slots = this.slots ?? [];
        this.slots = null;
        // Jobs still queued (waiting for a busy worker) would wait forever: they go back too, and
        // every caller installs on its main thread instead.
        const queued = this.queue;
        this.queue = [];
        const inFlight = slots.flatMap(s => [...s.inFlight.values()].flat());
        for (const s of slots) {
            for (const c of s.chunks.values())
                c.reject(new ImportWorkerGoneError(err.message));
            s.chunks.clear();
            s.inFlight.clear();
            void s.worker.terminate().catch(() => undefined);
        }
        for (const p of [...pending, ...inFlight, ...queued])
            p.reject(new ImportWorkerGoneError(err.message));
    }
}
/**
 * Worker threads for imports: `COMPILE_CACHE_IMPORT_WORKERS`. Unset: pack chunks are installed
 * by DEFAULT_CHUNK_WORKERS workers (sharedChunkWorkers) and single entries (objects, importEntry)
 * on the main thread through the thread pool; `0`: everything on the main thread; `N`: N workers
 * for both.
 *
 * Why chunks by default and single entries not: a worker makes the calls synchronously, one after
 * the other, as `tar -x` does, while each call through the thread pool costs the main thread a
 * submission and a wake-up (futexes: 327,000 of them for a 3,000-entry restore). A chunk goes to
 * the worker whole, as one transferred buffer, and the worker checks its sha256 and releases it as
 * soon as its entries are written, so memory stays what it is without workers. Single entries are
 * copied into a buffer each, which the worker keeps until its own garbage collection; with
 * SharedArrayBuffer chunks handed over entry by entry a restore peaked at ~930 MiB (three honest
 * 256 MiB chunks), over the 900 MiB bound, which is why that path stays opt-in.
 *
 * Why one chunk worker: two threads creating files at once contend in the kernel. Restoring the
 * bench's 18,000 files with the page cache fresh (a new runner's state), one worker took 1.37–1.65
 * s and 0.9–1.2 s of system time, two took 1.8–2.2 s and 1.9–2.6 s, the same with each entry
 * staged in its own shard directory (so it is not the rename across directories), against 1.85 s
 * and 1.75 s for `zstd -d | tar -x`. Two came out ahead only on this VM once its file creation had
 * slowed to ~0.8 ms of kernel time per file (a state `echo 1 > /proc/sys/vm/drop_caches` ends),
 * where splitting that time over two cores halved the wall time; bench/RESULTS.md has both.
 */
const DEFAULT_CHUNK_WORKERS = 1;
/** Workers for single-entry imports: COMPILE_CACHE_IMPORT_WORKERS, default 0 (none). */
function importWorkerCount(env = process.env) {
    const v = env.COMPILE_CACHE_IMPORT_WORKERS?.trim();
    if (v !== undefined && /^\d+$/.test(v))
        return Math.min(Number(v), 8);
    return 0;
}
/** Workers for pack chunks: COMPILE_CACHE_IMPORT_WORKERS when set, else DEFAULT_CHUNK_WORKERS. */
function chunkWorkerCount(env = process.env) {
    const v = env.COMPILE_CACHE_IMPORT_WORKERS?.trim();
    if (v !== undefined && /^\d+$/.test(v))
        return Math.min(Number(v), 8);
    return DEFAULT_CHUNK_WORKERS;
}
let shared;
function sharedWorkers() {
    if (shared === undefined) {
        const n = chunkWorkerCount();
        shared = n > 0 ? new ImportWorkers(n) : null;
    }
    return shared;
}
/** The process's workers for single-entry imports, or null when they are turned off (the default). */
function sharedImportWorkers() {
    return importWorkerCount() > 0 ? sharedWorkers() : null;
}
/** The process's workers for pack chunks, or null when they are turned off. */
function sharedChunkWorkers() {
    return sharedWorkers();
}

;// CONCATENATED MODULE: ./build/ncc-src/store/disk.js
/**
 * The disk store: the Go system's on-disk layout (compat), `<dir>/<hh>/<hex>/<name>`, with namespaces
 * as plain subdirectories, and without the original's known weaknesses (see the store spec):
 * unique temporary names whose leftovers are never served or counted, stats/list/clean that see every
 * namespace below, least-recently-used order refreshed by touch, and a size limit that does not
 * rescan the store on every put.
 *
 * The store trusts only its root (the configured directory, which may be a symlink the user chose).
 * Everything below was written by builds (issue 12): every namespace, shard and entry directory is
 * checked with lstat before it is entered, created one component at a time, blobs are opened with
 * O_NOFOLLOW|O_NONBLOCK and fstat'ed, and the staging directory is checked before anything is moved
 * into it. What is skipped is reported through `onUnsafe`; per-key calls (get, put, has, touch) throw
 * UnsafePathError instead, which callers already treat as a failed cache operation.
 */














/** The bytes given to importChunk fail their sha256: nothing of them was installed. */
class ChunkChecksumError extends Error {
    name = 'ChunkChecksumError';
    constructor() {
        super('chunk fails its checksum');
    }
}
/** The warning line of a finding. */
function unsafeMessage(p, kind, action) {
    return action === 'removed'
        ? `removed ${p}: ${kind} in the cache's own staging area (the link or file itself was removed, nothing it points to)`
        : `skipped ${p}: ${kind}, not a real directory or regular file; nothing under the cache directory is followed or opened`;
}
/**
 * Directories checked per view and remembered (the wrapper calls get and put several times per
 * compile, the sync several times per entry): a directory found real once stays real, since nothing
 * rewrites the tree while a step runs (see safe-fs.ts). ENOENT forgets it again.
 */
const CHECKED_DIRS_MAX = 1024;
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
    return p.startsWith(dir.endsWith(external_node_path_.sep) ? dir : dir + external_node_path_.sep);
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
    /** The top store directory: views share it (trusted), and its `.staging/` holds imports and evicted entries. */
    root;
    state;
    maxSize;
    /** The chain from the root to this view's directory was found to be real directories (cached: see CHECKED_DIRS_MAX). */
    viewChecked = false;
    /** Shard and entry directories below this view found real (cached likewise). */
    checkedDirs = new Set();
    /** Views below this one by namespace path, made once (importChunk; each keeps its checked dirs). */
    subViews = new Map();
    constructor(dir, options = {}) {
        if (dir === '')
            throw new errors/* InvalidInputError */.oC('disk store directory must not be empty');
        const maxSize = options.maxSize ?? 0;
        if (!Number.isFinite(maxSize)) {
            throw new errors/* InvalidInputError */.oC(`invalid maxSize ${maxSize}: expected a number of bytes (0 = unlimited)`);
        }
        this.dirPath = external_node_path_.resolve(dir);
        this.root = this.dirPath;
        this.state = {
            root: this.root,
            onUnsafe: options.onUnsafe,
            onKeptRefused: options.onKeptRefused,
            captures: [],
            reported: new Set(),
            staging: null,
            importSweep: null,
            journal: options.journal === false ? null : (options.journal ?? journal/* EntryJournal */.Iw.of(this.root))
        };
        this.maxSize = Math.max(0, Math.floor(maxSize));
    }
    /**
     * Sends the findings of this store and all its views to `listener` instead of onUnsafe until
     * the returned function is called (the sync's save routes them into its own warnings this way,
     * so they are not reported twice).
     */
    captureUnsafe(listener) {
        this.state.captures.push(listener);
        return () => {
            const i = this.state.captures.lastIndexOf(listener);
            if (i >= 0)
                this.state.captures.splice(i, 1);
        };
    }
    /** Reports an unsafe path once per store. */
    report(p, kind, action = 'skipped') {
        const key = `${action}:${p}`;
        if (this.state.reported.has(key))
            return;
        this.state.reported.add(key);
        const listener = this.state.captures[this.state.captures.length - 1] ?? this.state.onUnsafe;
        listener?.({ path: p, kind, action, message: unsafeMessage(p, kind, action) });
    }
    reporter = (p, kind, action) => this.report(p, kind, action);
    /** Runs `fn`; an UnsafePathError is reported and turns into `fallback`. */
    skipUnsafe(fn, fallback) {
        try {
            return fn();
        }
        catch (err) {
            if (!(err instanceof safe_fs/* UnsafePathError */.k0))
                throw err;
            this.report(err.path, err.found);
            return fallback;
        }
    }
    /**
     * Whether the view's directory exists as real directories from the root (lstat per component).
     * A planted symlink or other non-directory on the way is reported (onUnsafe) and counts as
     * missing: for a caller that skips the walk, which would otherwise have found it.
     */
    checkView() {
        return this.skipUnsafe(() => this.viewExists(), false);
    }
    /** True when the view's directory exists as real directories from the root; false when missing; UnsafePathError otherwise. */
    viewExists() {
        if (this.viewChecked)
            return true;
        const ok = (0,safe_fs/* checkDirChain */.dH)(this.root, this.dirPath);
        if (ok)
            this.viewChecked = true;
        return ok;
    }
    /**
     * The same for a shard or entry directory below the view. A regular file on the way counts as
     * missing (ENOTDIR: nothing to follow there); a symlink, FIFO, … throws UnsafePathError.
     */
    dirExists(dir) {
        if (this.checkedDirs.has(dir))
            return true;
        try {
            if (!this.viewExists())
                return false;
            if (!(0,safe_fs/* checkDirChain */.dH)(this.dirPath, dir))
                return false;
        }
        catch (err) {
            if (err instanceof safe_fs/* UnsafePathError */.k0 && err.found === 'a regular file')
                return false;
            throw err;
        }
        this.remember(dir);
        return true;
    }
    /** Creates a shard or entry directory below the view, never through anything but real directories. */
    ensureDir(dir) {
        if (this.checkedDirs.has(dir))
            return;
        if (!this.viewChecked) {
            makeDirs(this.root, this.dirPath);
            this.viewChecked = true;
        }
        makeDirs(this.dirPath, dir);
        this.remember(dir);
    }
    remember(dir) {
        if (this.checkedDirs.size >= CHECKED_DIRS_MAX)
            this.checkedDirs.clear();
        this.checkedDirs.add(dir);
    }
    /** After ENOENT: something below (or the whole cache directory) was removed; check again next time. */
    forget(dir) {
        this.checkedDirs.delete(dir);
        this.checkedDirs.delete(external_node_path_.dirname(dir));
        this.viewChecked = false;
    }
    /** `<root>/.staging`, checked to be a real directory (once per process; again after it vanished). */
    stagingDir() {
        this.state.staging ??= ensureStagingDir(this.root, this.reporter, true);
        return this.state.staging;
    }
    /**
     * Sweeps the staging directory: leftovers of killed imports and evictions, planted
     * non-directories (a planted `.staging` itself is replaced). A missing one is not created.
     */
    async sweepStaging(now) {
        const staging = this.state.staging ?? ensureStagingDir(this.root, this.reporter, false);
        if (staging === null)
            return;
        this.state.staging = staging;
        await sweepStagingDir(staging, now, this.reporter);
    }
    /** Removes an entry directory through the staging directory (checked again if it vanished). */
    async removeEntryDir(dir) {
        try {
            return await removeDir(this.stagingDir(), dir);
        }
        catch (err) {
            if (!(err instanceof StagingGoneError))
                throw err;
            this.state.staging = null;
            return removeDir(this.stagingDir(), dir);
        }
    }
    /** Walk options that check the view's chain and report what is skipped. */
    walkOptions(removeStale, now, known) {
        return { removeStale, now, known, root: this.root, report: this.reporter };
    }
    dir() {
        return this.dirPath;
    }
    /** A view of the subdirectory `prefix` (one path segment); it has no size limit of its own. */
    namespace(prefix) {
        (0,validate/* validateNamespace */.qB)(prefix);
        if (prefix.startsWith('.')) {
            // A dot directory is skipped by every walk, so its data would be invisible to the parent.
            throw new errors/* InvalidInputError */.oC(`invalid namespace prefix ${JSON.stringify(prefix)}: names starting with "." are reserved`);
        }
        // The view shares the root's state (its journal too): no journal of its own to look up.
        const view = new DiskCacheStore(external_node_path_.join(this.dirPath, prefix), { journal: false });
        view.root = this.root;
        view.state = this.state;
        return view;
    }
    /** Path of the entry directory `<dir>/<hh>/<hex>` (does not create it). */
    entryPath(key) {
        const hex = (0,validate/* keyHex */.fr)(key);
        return external_node_path_.join(this.dirPath, (0,validate/* shardOf */.IS)(hex), hex);
    }
    async get(key, name) {
        (0,validate/* validateBlobName */.Lm)(name);
        const entry = this.entryPath(key);
        if ((0,validate/* isTempName */.Gs)(name))
            return null; // leftovers are never served
        if (!this.dirExists(entry) && !(await this.fromDeferred(key, entry)))
            return null;
        // O_NOFOLLOW|O_NONBLOCK then fstat: a symlink or a FIFO planted as a blob is refused, never read.
        return (0,safe_fs/* readRegularFile */.XF)(external_node_path_.join(entry, name));
    }
    async put(key, name, value) {
        validateStoredName(name);
        const entry = this.entryPath(key);
        const file = external_node_path_.join(entry, name);
        const inflight = inflightWrites.get(file);
        if (inflight !== undefined) {
            await inflight;
        }
        else {
            const write = this.writeBlob(entry, name, value).finally(() => inflightWrites.delete(file));
            inflightWrites.set(file, write);
            await write;
            noteWritten(file, value.byteLength);
        }
        // After the write: a save that reads the line finds the blob on disk.
        await this.state.journal?.note('written', this.namespacePath(), (0,validate/* keyHex */.fr)(key));
        if (this.maxSize > 0)
            await this.evictIfOver();
    }
    /** The journal of this store and its views (null when it has none). */
    entryJournal() {
        return this.state.journal;
    }
    /** This view's namespace path below the root, `compile/local` ('' for the root). */
    namespacePath() {
        return external_node_path_.relative(this.root, this.dirPath).split(external_node_path_.sep).join('/');
    }
    /**
     * One entry as `list` gives it (blobs, size, time; namespace '' for this view), or null when it
     * is not on disk or holds no blob. Costs a listing of the entry's directory and an lstat per
     * blob: the save checks the entries the journal names this way instead of walking the store. A
     * blob that is not a regular file (a planted symlink, FIFO, …) throws UnsafePathError: such an
     * entry is never uploaded.
     */
    async entryInfo(key) {
        const hex = (0,validate/* keyHex */.fr)(key);
        const entry = this.entryPath(key);
        if (!this.dirExists(entry))
            return null;
        // Synchronous calls, as the walk makes them: a save checks every journaled entry this way, and
        // a trip through the thread pool per call took most of that (60 entries: ~30 ms, now ~5).
        let children;
        try {
            children = (0,external_node_fs_.readdirSync)(entry, { withFileTypes: true });
        }
        catch (err) {
            if (isMissing(err))
                return null;
            throw err;
        }
        const blobs = [];
        for (const c of children) {
            if ((0,validate/* isTempName */.Gs)(c.name) || c.isDirectory())
                continue;
            const p = `${entry}${external_node_path_.sep}${c.name}`;
            const st = (0,external_node_fs_.lstatSync)(p, { throwIfNoEntry: false });
            if (st === undefined)
                continue; // evicted meanwhile
            if (!st.isFile())
                throw new safe_fs/* UnsafePathError */.k0(p, (0,safe_fs/* describeKind */.SB)(st));
            blobs.push({ name: c.name, size: st.size, mtime: st.mtime });
        }
        if (blobs.length === 0)
            return null;
        blobs.sort((a, b) => compare(a.name, b.name));
        const mtime = new Date(Math.max(...blobs.map(b => b.mtime.getTime())));
        return { key: hex, namespace: '', blobs, size: blobs.reduce((n, b) => n + b.size, 0), mtime };
    }
    async has(key) {
        const entry = this.entryPath(key);
        if (!this.dirExists(entry) && !(await this.fromDeferred(key, entry)))
            return false;
        let children;
        try {
            children = await external_node_fs_.promises.readdir(entry, { withFileTypes: true });
        }
        catch (err) {
            if (isMissing(err))
                return false;
            throw err;
        }
        return children.some(c => c.isFile() && !(0,validate/* isTempName */.Gs)(c.name));
    }
    /**
     * Sets the entry's time to now. The entry time is its newest blob mtime, so one utimes is enough:
     * `blob` first (`exit_code`, which every compile entry has, unless the caller names another), a
     * directory listing only when that is missing.
     * An entry that does not exist is left alone.
     */
    async touch(key, blob = 'exit_code') {
        (0,validate/* validateBlobName */.Lm)(blob);
        const entry = this.entryPath(key);
        if (!this.dirExists(entry))
            return;
        const now = new Date();
        if (await touchFile(external_node_path_.join(entry, blob), now))
            return this.noteUsed(key);
        let children;
        try {
            children = await external_node_fs_.promises.readdir(entry, { withFileTypes: true });
        }
        catch (err) {
            if (isMissing(err))
                return;
            throw err;
        }
        for (const c of children) {
            if (c.isFile() && !(0,validate/* isTempName */.Gs)(c.name) && (await touchFile(external_node_path_.join(entry, c.name), now))) {
                return this.noteUsed(key);
            }
        }
    }
    /** A hit goes into the journal too: the save refreshes the bucket time of used entries from it. */
    async noteUsed(key) {
        await this.state.journal?.note('used', this.namespacePath(), (0,validate/* keyHex */.fr)(key));
    }
    async stats() {
        const writtenBefore = estimates.get(this.dirPath)?.written ?? 0;
        const entries = await walkStore(this.dirPath, this.walkOptions(false, Date.now()));
        const stats = totals(entries);
        this.resetEstimate(stats.bytes, writtenBefore);
        return stats;
    }
    async list() {
        return sortedInfos(await walkStore(this.dirPath, this.walkOptions(true, Date.now())));
    }
    async clean(maxSize, maxAge) {
        return (await this.cleanWalk(maxSize, maxAge)).result;
    }
    /**
     * `stats`, `clean` and `list` in one walk of the store (the save's first step): the totals
     * before the clean, what the clean evicted, and the surviving entries in `list` order. Same
     * results as the three calls in a row, at a third of the cost. With `known`, entries the caller
     * vouches for cost one lstat each and come back without a blob list (see KnownEntry).
     */
    async cleanAndList(maxSize, maxAge, options = {}) {
        const { before, result, kept } = await this.cleanWalk(maxSize, maxAge, options.known);
        return { before, clean: result, entries: sortedInfos(kept) };
    }
    /**
     * The walk of a clean that has nothing to evict, for a caller that needs no list (a save whose
     * journal names the new entries): it sweeps the leftovers of killed restores and puts and reports
     * what a build planted (issue 12), and does not enter the entries `known` vouches for (the
     * restore installed them, and blobs never change), so it costs a directory listing per shard
     * instead of an lstat per entry on top.
     */
    async sweep(options = {}) {
        const now = Date.now();
        await this.sweepStaging(now);
        await walkStore(this.dirPath, { ...this.walkOptions(true, now, options.known), skipKnown: true });
    }
    async cleanWalk(maxSize, maxAge, known) {
        const now = Date.now();
        const writtenBefore = estimates.get(this.dirPath)?.written ?? 0;
        // Every clean sweeps the leftovers of killed restores (not only those older than an hour).
        await this.sweepStaging(now);
        const entries = await walkStore(this.dirPath, this.walkOptions(true, now, known));
        const before = totals(entries);
        const byAge = { entries: 0, bytes: 0 };
        const bySize = { entries: 0, bytes: 0 };
        const emptiedShards = new Set();
        const evict = async (victims, into) => {
            await mapLimit(victims, 8, async (e) => {
                if (await this.removeEntryDir(e.path)) {
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
            // Ties broken by namespace, then key (lru-order.ts): the same victims whatever the walk's order.
            const lru = [...kept].sort(compareLru);
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
        return { before, result: { bySize, byAge, remaining }, kept };
    }
    /** Removes whole entries of this store (not of namespaces below it) by hex key. */
    async remove(keys) {
        const paths = keys.map(k => this.entryPath(k));
        await mapLimit(paths, 8, async (p) => {
            // A planted symlink on the way (namespace, shard or the entry itself) is reported and left alone.
            if (!this.skipUnsafe(() => this.dirExists(p), false))
                return;
            if (await this.removeEntryDir(p))
                await removeIfEmpty(external_node_path_.dirname(p));
        });
    }
    /**
     * Installs a whole entry atomically (used by the restore): writes all blobs into a staging
     * directory under `<root>/.staging/`, with every file's mtime set to `mtime` (default now), then
     * renames the directory into `<dir>/<hh>/<hex>`. Returns false and changes nothing when the entry
     * directory already exists with something in it. Never leaves a partial entry visible.
     *
     * A restore calls this 3,000 times for 3,000 entries, so it makes as few fs calls as it can
     * (mkdir, 4 per blob, rename): no existence check up front (the final rename refuses a non-empty
     * entry anyway), `.staging` and each shard checked (and made) once per process and view, no
     * chmod when the umask leaves the modes alone, and times set through the fd. The calls run
     * synchronously in worker threads (import-workers.ts), as `tar -x` makes them; without workers
     * (COMPILE_CACHE_IMPORT_WORKERS=0, or one could not start) on the main thread through the pool.
     *
     * A namespace or shard directory that is not a real directory (a planted symlink) is reported
     * and the entry skipped (false): the rename would otherwise install it wherever the link points.
     * The first import of a process sweeps the staging directory of killed restores' leftovers.
     */
    async importEntry(key, blobs, mtime) {
        const entry = this.entryPath(key);
        if (blobs.length === 0)
            throw new errors/* InvalidInputError */.oC('an imported cache entry needs at least one blob');
        const names = new Set();
        for (const b of blobs) {
            validateStoredName(b.name);
            if (names.has(b.name))
                throw new errors/* InvalidInputError */.oC(`duplicate cache blob name ${JSON.stringify(b.name)}`);
            names.add(b.name);
        }
        this.state.importSweep ??= this.sweepStaging(Date.now());
        await this.state.importSweep;
        const shard = external_node_path_.dirname(entry);
        if (!this.skipUnsafe(() => (this.ensureDir(shard), true), false))
            return false;
        const workers = sharedImportWorkers();
        let installed;
        try {
            if (!workers)
                throw new ImportWorkerGoneError('no import workers');
            installed = await this.importInWorker(workers, entry, shard, blobs, mtime);
        }
        catch (err) {
            if (!(err instanceof ImportWorkerGoneError))
                throw err;
            installed = await this.importInProcess(entry, shard, blobs, mtime);
        }
        if (!installed)
            return false;
        noteWritten(entry, blobs.reduce((n, b) => n + b.data.byteLength, 0));
        if (this.maxSize > 0)
            await this.evictIfOver();
        return true;
    }
    /**
     * Installs the entries of one decompressed pack chunk (the restore's bulk path), each atomically
     * as importEntry does, from views of `raw`. When `sha256` is given, `raw` is checked against it
     * first and, when it differs, nothing is installed (ChunkChecksumError). Returns one outcome per
     * entry; an entry that fails (a bad name, a write error) fails alone.
     *
     * The checking and the writing run in a worker thread (import-workers.ts) with synchronous calls,
     * the way `tar -x` makes them: `raw` must be a view from the start of a buffer of its own, which is transferred there
     * (empty afterwards), and the worker releases it once the entries are written. Without workers
     * (COMPILE_CACHE_IMPORT_WORKERS=0, or none could start) on the main thread, through importEntry.
     * The same checks as importEntry come first on the main thread: names, the namespace and shard
     * directories (real directories, made once per view), the staging directory.
     */
    async importChunk(raw, sha256, entries, options = {}) {
        const outcomes = entries.map(() => false);
        const ready = [];
        for (const [n, e] of entries.entries()) {
            try {
                const view = this.subView(e.namespace);
                const entry = view.entryPath(e.key);
                checkChunkEntry(e, raw.byteLength);
                ready.push({ n, view, entry, shard: external_node_path_.dirname(entry), e });
            }
            catch (err) {
                outcomes[n] = err;
            }
        }
        this.state.importSweep ??= this.sweepStaging(Date.now());
        await this.state.importSweep;
        // In process: the worker's code on this thread (installChunkHere), without a worker to start.
        const workers = options.inProcess
            ? { installChunk: async (job) => installChunkHere(job) }
            : sharedChunkWorkers();
        if (workers !== null) {
            const length = raw.byteLength;
            try {
                await this.importChunkInWorker(workers, raw, sha256, ready, outcomes);
                return outcomes;
            }
            catch (err) {
                // Not handed over (no worker could start): the bytes are still here, installed below.
                if (!(err instanceof ImportWorkerGoneError) || raw.byteLength !== length)
                    throw err;
            }
        }
        if (sha256 !== undefined && (0,external_node_crypto_.createHash)('sha256').update(raw).digest('hex') !== sha256) {
            throw new ChunkChecksumError();
        }
        await mapLimit(ready, 8, async (r) => {
            const blobs = [];
            let at = r.e.offset;
            for (const b of r.e.blobs) {
                blobs.push({ name: b.name, data: raw.subarray(at, at + b.size) });
                at += b.size;
            }
            try {
                outcomes[r.n] = await r.view.importEntry(r.e.key, blobs, r.e.mtime);
            }
            catch (err) {
                outcomes[r.n] = err;
            }
        });
        return outcomes;
    }
    /** The view at a namespace path below this store, made once. */
    subView(namespace) {
        if (namespace === '')
            return this;
        let view = this.subViews.get(namespace);
        if (view === undefined) {
            const [first, ...rest] = (0,validate/* splitNamespacePath */.NC)(namespace);
            view = this.namespace(first);
            for (const segment of rest)
                view = view.namespace(segment);
            this.subViews.set(namespace, view);
        }
        return view;
    }
    /**
     * importChunk through a worker: the shards are checked (made) here, the worker checks the bytes
     * and writes every entry, and what it found comes back here to be judged as importEntry judges
     * it. An entry whose install failed in the worker fails (the restore fetches it as an object):
     * the bytes went with the worker and are not retried here.
     */
    async importChunkInWorker(workers, raw, sha256, ready, outcomes) {
        const sent = [];
        const jobs = [];
        const staging = this.stagingDir(); // checked (a planted link replaced) before anything goes in
        for (const r of ready) {
            // A planted link as the namespace or shard: reported, the entry skipped (false).
            if (!r.view.skipUnsafe(() => (r.view.ensureDir(r.shard), true), false))
                continue;
            sent.push(r);
            jobs.push({
                staging: external_node_path_.join(staging, `${external_node_path_.basename(r.entry)}-${uniqueSuffix()}`),
                entry: r.entry,
                names: r.e.blobs.map(b => b.name),
                sizes: r.e.blobs.map(b => b.size),
                offset: r.e.offset,
                mtimeMs: r.e.mtime?.getTime(),
                exactModes: this.state.exactModes
            });
        }
        if (sent.length === 0)
            return;
        let reply;
        try {
            reply = await workers.installChunk({ raw, sha256, jobs });
        }
        catch (err) {
            if (err instanceof ImportWorkerGoneError && raw.byteLength === 0) {
                // The bytes were handed over and the worker died: those entries come as objects.
                for (const r of sent)
                    outcomes[r.n] = err;
                return;
            }
            throw err;
        }
        if (reply.corrupt)
            throw new ChunkChecksumError();
        for (const [j, r] of sent.entries()) {
            outcomes[r.n] = await r.view.judgeChunkOutcome(reply.outcomes[j], r.entry, r.e);
        }
    }
    /** What a worker's install of one chunk entry means here (see importInWorker, the same cases). */
    async judgeChunkOutcome(outcome, entry, e) {
        if (outcome.status === 'installed') {
            this.state.exactModes = outcome.exactModes;
            noteWritten(entry, e.blobs.reduce((n, b) => n + b.size, 0));
            if (this.maxSize > 0)
                await this.evictIfOver();
            return true;
        }
        if (outcome.status === 'present')
            return false;
        if (outcome.code === 'ENOENT' && outcome.stage === 'mkdir')
            this.state.staging = null;
        if (outcome.code === 'ENOENT' && outcome.stage === 'rename')
            this.forget(entry);
        if (outcome.stage === 'rename' && outcome.code === 'ENOTDIR') {
            // Something that is not a directory sits at the entry's path: a rename never follows it.
            const st = await external_node_fs_.promises.lstat(entry).catch(() => null);
            if (st && !st.isDirectory()) {
                this.report(entry, (0,safe_fs/* describeKind */.SB)(st));
                return false;
            }
        }
        return Object.assign(new Error(`could not install ${entry}: ${outcome.message}`), { code: outcome.code });
    }
    /** importEntry's install through a worker thread; false when the entry was there (or is unsafe). */
    async importInWorker(workers, entry, shard, blobs, mtime) {
        for (let attempt = 1;; attempt++) {
            // Checked (a planted link replaced) before anything goes in.
            const staging = external_node_path_.join(this.stagingDir(), `${external_node_path_.basename(entry)}-${uniqueSuffix()}`);
            const data = jobData(blobs);
            const outcome = await workers.install({
                staging,
                entry,
                names: blobs.map(b => b.name),
                data,
                mtimeMs: mtime?.getTime(),
                exactModes: this.state.exactModes
            });
            if (outcome.status === 'installed') {
                this.state.exactModes = outcome.exactModes;
                return true;
            }
            if (outcome.status === 'present')
                return false;
            const retry = attempt < WRITE_ATTEMPTS && outcome.code === 'ENOENT';
            if (retry && outcome.stage === 'mkdir') {
                // The staging directory vanished (removed by someone else): check it again.
                this.state.staging = null;
                continue;
            }
            if (retry && outcome.stage === 'rename') {
                // A concurrent clean removed the shard after emptying it.
                this.forget(entry);
                if (!this.skipUnsafe(() => (this.ensureDir(shard), true), false))
                    return false;
                continue;
            }
            if (outcome.stage === 'rename' && outcome.code === 'ENOTDIR') {
                // Something that is not a directory sits at the entry's path: a rename never follows it.
                const st = await external_node_fs_.promises.lstat(entry).catch(() => null);
                if (st && !st.isDirectory()) {
                    this.report(entry, (0,safe_fs/* describeKind */.SB)(st));
                    return false;
                }
            }
            throw Object.assign(new Error(`could not install ${entry}: ${outcome.message}`), {
                code: outcome.code
            });
        }
    }
    /** importEntry's install on the main thread, through the thread pool. */
    async importInProcess(entry, shard, blobs, mtime) {
        this.stagingDir(); // checked (a planted link replaced) before anything goes in
        const staging = await makeStagingDir(this.root, `${external_node_path_.basename(entry)}-${uniqueSuffix()}`, this.reporter);
        let installed = false;
        try {
            // One blob after the other: creating files in one directory from several threads makes them
            // contend for its lock in the kernel; the caller's entries in flight give the parallelism.
            for (const b of blobs) {
                await writeFileLean(external_node_path_.join(staging.dir, b.name), b.data, mtime, staging.exactModes);
            }
            for (let attempt = 1;; attempt++) {
                // A non-empty entry directory (a put or another import got there first) makes the rename
                // fail (ENOTEMPTY) and the staging copy is discarded; an empty one (a put between its mkdir
                // and its write) is replaced, and that put then writes the same bytes into the installed entry.
                // The shard was checked to be a real directory, and rename never follows a symlink at the
                // entry's own path (ENOTDIR: a directory cannot replace a non-directory).
                try {
                    await external_node_fs_.promises.rename(staging.dir, entry);
                    installed = true;
                    return true;
                }
                catch (err) {
                    const code = (0,safe_fs/* errorCode */.CA)(err);
                    if (code === 'ENOTEMPTY' || code === 'EEXIST')
                        return false;
                    if (code === 'ENOTDIR') {
                        const st = await external_node_fs_.promises.lstat(entry).catch(() => null);
                        if (st && !st.isDirectory()) {
                            this.report(entry, (0,safe_fs/* describeKind */.SB)(st));
                            return false;
                        }
                        throw err;
                    }
                    // ENOENT: a concurrent clean removed the shard after emptying it.
                    if (code === 'ENOENT' && attempt < WRITE_ATTEMPTS) {
                        this.forget(entry);
                        if (!this.skipUnsafe(() => (this.ensureDir(shard), true), false))
                            return false;
                        continue;
                    }
                    throw err;
                }
            }
        }
        finally {
            if (!installed)
                await external_node_fs_.promises.rm(staging.dir, { recursive: true, force: true }).catch(() => undefined);
        }
    }
    /**
     * An entry the cache directory lacks may be one a lazy restore kept packed (deferred-tier.ts):
     * then its chunk's entries are installed now, as a restore installs them (importChunk, with the
     * times the restore gave them), and the entry is there. True when the entry directory exists
     * afterwards. One lstat of the index when nothing is kept.
     */
    async fromDeferred(key, entry) {
        this.state.deferred ??= DeferredTier.of(this.root);
        // On this thread, with the import worker's code and synchronous calls: a compile asks, and
        // starting a worker for one chunk costs more than the chunk (in every wrapper process that asks).
        const installed = await this.state.deferred.install(this.namespacePath(), (0,validate/* keyHex */.fr)(key), this.keptInstaller(true));
        return installed && this.dirExists(entry);
    }
    /**
     * Whether this view holds no entry at all: its directory missing or empty, and nothing a lazy
     * restore kept for it. Anything else (a file, a link, an error, shard directories that may be
     * empty) counts as not empty. Synchronous: depend mode asks once per session (depend.ts).
     */
    isEmpty() {
        try {
            // Each level lstat-checked (never a listing through a planted link); false: one is missing.
            const none = !(0,safe_fs/* checkDirChain */.dH)(this.root, this.dirPath) || (0,external_node_fs_.readdirSync)(this.dirPath).length === 0;
            this.state.deferred ??= DeferredTier.of(this.root);
            return none && !this.state.deferred.holdsAnyIn(this.namespacePath());
        }
        catch {
            return false;
        }
    }
    /**
     * Entries of this view that a lazy restore kept packed and nobody has asked for yet (namespace
     * below the view, as `list` gives it): not in the cache directory, but a get installs them.
     */
    kept() {
        this.state.deferred ??= DeferredTier.of(this.root);
        const base = this.namespacePath();
        return this.state.deferred.keptIn(base).map(e => ({
            namespace: base === '' ? e.namespace : e.namespace.slice(base.length + 1),
            key: e.key,
            mtime: new Date(e.mtime)
        }));
    }
    /**
     * Installs every entry a lazy restore kept (all namespaces), until `stop` names a reason: how many
     * it installed, and why it stopped early (null: it did not).
     */
    async installKept(stop) {
        this.state.deferred ??= DeferredTier.of(this.root);
        return this.state.deferred.installAll(this.keptInstaller(false), stop);
    }
    /** Installs kept entries as a restore installs a chunk (importChunk at the root), skipping those on disk. */
    keptInstaller(inProcess) {
        const root = this.rootStore();
        return {
            missing: e => {
                const view = root.subView(e.namespace);
                return !view.skipUnsafe(() => view.dirExists(view.entryPath(e.key)), true);
            },
            install: (raw, sha256, entries) => root.importChunk(raw, sha256, entries.map(deferredImport), { inProcess }),
            refused: why => this.state.onKeptRefused?.(why)
        };
    }
    /** A view of the root directory sharing this store's state. */
    rootStore() {
        if (this.dirPath === this.root)
            return this;
        if (this.state.rootView === undefined) {
            const view = new DiskCacheStore(this.root, { journal: false });
            view.state = this.state;
            this.state.rootView = view;
        }
        return this.state.rootView;
    }
    /**
     * Starts a lazy install (a restore with `install: lazy`): what an earlier one kept is removed,
     * and deferChunk then keeps chunks until finishDeferred writes their index.
     */
    async beginDeferred(limits) {
        await this.finishDeferred();
        this.state.deferredWriter = await DeferredWriter.begin(this.root, limits);
    }
    /**
     * Keeps one compressed pack chunk for a lazy install instead of installing its entries (namespaces
     * below this view, as importChunk takes them). The same checks as importChunk come first; one
     * outcome per entry: true kept, or why not. Null when the lazy install's index is full (the
     * caller installs the chunk instead). Throws when no lazy install was begun.
     */
    async deferChunk(compressed, info, entries) {
        const writer = this.state.deferredWriter;
        if (!writer)
            throw new Error('no lazy install was begun (beginDeferred)');
        const outcomes = entries.map(() => false);
        const kept = [];
        const keptAt = [];
        const base = this.namespacePath();
        for (const [n, e] of entries.entries()) {
            try {
                checkChunkEntry(e, info.rawLength);
                const namespace = [base, ...(e.namespace === '' ? [] : (0,validate/* splitNamespacePath */.NC)(e.namespace))]
                    .filter(p => p !== '')
                    .join('/');
                kept.push({
                    namespace,
                    key: (0,validate/* keyHex */.fr)(e.key),
                    mtime: (e.mtime ?? new Date()).getTime(),
                    blobs: e.blobs.map(b => ({ name: b.name, size: b.size })),
                    offset: e.offset
                });
                keptAt.push(n);
            }
            catch (err) {
                outcomes[n] = err;
            }
        }
        if (kept.length === 0)
            return outcomes;
        // An index the readers would refuse (over their caps) helps nobody: the caller installs the rest.
        if (!writer.fits(kept))
            return null;
        await writer.keep(compressed, info, kept);
        for (const n of keptAt)
            outcomes[n] = true;
        return outcomes;
    }
    /** Writes the index of the lazy install begun (no-op without one); the number of entries kept. */
    async finishDeferred() {
        const writer = this.state.deferredWriter;
        this.state.deferredWriter = null;
        return writer ? writer.finish() : 0;
    }
    /**
     * Moves an entry's time forward to `mtime` (never back): the restore installs an entry from a
     * pack with the pack's time and learns the bucket's (newer) time later. The entry time is its
     * newest blob mtime, so one lutimes of `name` is enough (never through a link: the entry
     * directory is real, lutimes does not follow the blob). False when the entry or blob is gone.
     */
    async advanceTime(key, name, mtime) {
        validateStoredName(name);
        const entry = this.entryPath(key);
        if (!this.dirExists(entry))
            return false;
        const file = external_node_path_.join(entry, name);
        try {
            const st = await external_node_fs_.promises.lstat(file);
            if (!st.isFile())
                return false;
            if (st.mtimeMs >= mtime.getTime())
                return true;
            await external_node_fs_.promises.lutimes(file, mtime, mtime);
            return true;
        }
        catch (err) {
            if (isMissing(err))
                return false;
            throw err;
        }
    }
    /**
     * Writes one blob atomically, creating the entry directory (never through a planted symlink:
     * UnsafePathError); retried when a clean removes it meanwhile.
     */
    async writeBlob(entry, name, value) {
        for (let attempt = 1;; attempt++) {
            try {
                this.ensureDir(entry);
                if (value.byteLength <= SYNC_WRITE_MAX)
                    writeAtomicSync(entry, name, value);
                else
                    await writeAtomic(entry, name, value);
                diskStoreCounters.blobWrites++;
                return;
            }
            catch (err) {
                if ((0,safe_fs/* errorCode */.CA)(err) === 'ENOENT' && attempt < WRITE_ATTEMPTS) {
                    this.forget(entry);
                    continue;
                }
                throw err;
            }
        }
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
                const entries = await walkStore(this.dirPath, this.walkOptions(false, Date.now()));
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
 * What importChunk and deferChunk check of an entry before anything of it is written: at least one
 * blob, names a blob may have (no temporary names), none twice, and the blobs within the chunk's
 * `rawLength` raw bytes. Throws InvalidInputError.
 */
function checkChunkEntry(e, rawLength) {
    if (e.blobs.length === 0)
        throw new errors/* InvalidInputError */.oC('an imported cache entry needs at least one blob');
    const names = new Set();
    let end = e.offset;
    for (const b of e.blobs) {
        validateStoredName(b.name);
        if (names.has(b.name))
            throw new errors/* InvalidInputError */.oC(`duplicate cache blob name ${JSON.stringify(b.name)}`);
        names.add(b.name);
        end += b.size;
    }
    if (!Number.isSafeInteger(e.offset) || e.offset < 0 || end > rawLength) {
        throw new errors/* InvalidInputError */.oC('the entry runs past its chunk');
    }
}
/** A kept entry as importChunk takes it (its namespace below the root). */
function deferredImport(e) {
    return { namespace: e.namespace, key: e.key, blobs: e.blobs, offset: e.offset, mtime: new Date(e.mtime) };
}
/**
 * A blob name the disk store can keep: valid per the contract, and not a temporary file's name
 * (`.x` or `x.tmp`), which would be neither served nor counted.
 */
function validateStoredName(name) {
    (0,validate/* validateBlobName */.Lm)(name);
    if ((0,validate/* isTempName */.Gs)(name)) {
        throw new errors/* InvalidInputError */.oC(`invalid cache blob name ${JSON.stringify(name)}: names starting with "." or ending in ".tmp" are temporary files`);
    }
}
/**
 * The bytes of an import job: views of shared memory as they are (a decompressed pack chunk is a
 * SharedArrayBuffer: the worker reads it in place), anything else copied into one buffer of the
 * job's own, which is handed over to the worker (so a retry copies again).
 */
function jobData(blobs) {
    if (blobs.every(b => b.data.buffer instanceof SharedArrayBuffer))
        return blobs.map(b => b.data);
    const all = new Uint8Array(blobs.reduce((n, b) => n + b.data.byteLength, 0));
    const views = [];
    let at = 0;
    for (const b of blobs) {
        all.set(b.data, at);
        views.push(all.subarray(at, at + b.data.byteLength));
        at += b.data.byteLength;
    }
    return views;
}
/**
 * Sets a regular file's times to `now`; false when it does not exist or is not a regular file
 * (utimes would set the times of whatever a planted symlink points to; lutimes never follows).
 * On the calling thread: two quick system calls cost less than two thread-pool trips (a hit of the
 * compile server touches twice).
 */
async function touchFile(file, now) {
    try {
        const st = (0,external_node_fs_.lstatSync)(file, { throwIfNoEntry: false });
        if (st === undefined || !st.isFile())
            return false;
        (0,external_node_fs_.lutimesSync)(file, now, now);
        return true;
    }
    catch (err) {
        if (isMissing(err))
            return false;
        throw err;
    }
}
/**
 * What `list` returns: the entries without their paths, by namespace, then key. An entry holding
 * something that is not a regular file (a planted symlink or FIFO, reported by the walk) is left out:
 * it is never served whole or uploaded (stats count it and a clean may evict it).
 */
function sortedInfos(entries) {
    return entries
        .filter(e => e.foreign === 0)
        .map(({ key, namespace, blobs, size, mtime }) => ({ key, namespace, blobs, size, mtime }))
        .sort((a, b) => compare(a.namespace, b.namespace) || compare(a.key, b.key));
}
function totals(entries) {
    return { entries: entries.length, bytes: entries.reduce((sum, e) => sum + e.size, 0) };
}


/***/ }),

/***/ 153:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Iw: () => (/* binding */ EntryJournal),
/* harmony export */   Ln: () => (/* binding */ parseJournalLine)
/* harmony export */ });
/* unused harmony exports JOURNAL_FILE, JOURNAL_CURSOR_FILE, JOURNAL_MAX_BYTES, JOURNAL_MAX_LINE, journalLine */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(598);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(760);
/* harmony import */ var _state_dir_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(473);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(233);
/* harmony import */ var _validate_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(642);
/**
 * The journal of written entries: every put of the disk store appends one line naming the entry
 * (`w compile/local/<hex>`: written, then the namespace path below the cache directory and the
 * key) to `<stateDir>/journal`, and every touch (a hit) one line `u …` (used), so that the save can
 * upload what the build wrote, and refresh the bucket time of what it used, without walking the
 * whole store (docs/sync.md, "The journal of written entries").
 *
 * Writers: many compiles in parallel, each its own process. A line is one write() on a descriptor
 * opened O_APPEND, and lines are far below PIPE_BUF, so lines from concurrent writers never
 * interleave. The file is never created by a writer: only a restore starts a journal (a header line
 * with an id and the time it started), so a journal that exists was complete from that time on. A
 * writer that cannot append (the file is over its cap, unwritable, not a regular file) leaves it
 * unusable rather than silently incomplete: over the cap it appends nothing (the reader sees the
 * size), and on any other failure it removes the journal (the next save walks the store).
 *
 * Reader: the save. The state directory is as untrusted as the cache directory (a build can write
 * it), so the journal is read only as a regular file (O_NOFOLLOW), only up to its cap, and any line
 * that does not parse makes the whole journal unusable; the entries it names are checked on disk
 * before anything is uploaded. A separate cursor file (`journal.cursor`: the journal's id and a byte
 * offset) records how far a save got: lines before it were uploaded; a save that could not upload
 * an entry appends its line again before moving the cursor, so only uploaded entries leave the
 * journal.
 */






const JOURNAL_FILE = 'journal';
const JOURNAL_CURSOR_FILE = 'journal.cursor';
/**
 * The journal's cap. A line is ~80 bytes and every blob put writes one (~6 per compile), so this
 * holds the puts of ~30,000 compiles; a bigger build (a cold one) is saved by a walk instead.
 */
const JOURNAL_MAX_BYTES = 16 * 1024 * 1024;
/** The longest line a writer appends (far below PIPE_BUF, so one write() stays whole). */
const JOURNAL_MAX_LINE = 1024;
const HEADER = 'compile-cache journal v1';
/** A journal line without its newline: `w compile/local/<hex>` (`w <hex>` at the root). */
function journalLine(kind, namespacePath, hex) {
    return `${kind === 'written' ? 'w' : 'u'} ${namespacePath === '' ? hex : `${namespacePath}/${hex}`}`;
}
/** A journal line's kind, namespace path and key; undefined when it is not one. */
function parseJournalLine(line) {
    if (line.length < 3 || line.length >= JOURNAL_MAX_LINE)
        return undefined;
    const kind = line.startsWith('w ') ? 'written' : line.startsWith('u ') ? 'used' : undefined;
    if (!kind)
        return undefined;
    const parts = line.slice(2).split('/');
    const key = parts.pop();
    if (!(0,_validate_js__WEBPACK_IMPORTED_MODULE_5__/* .isKeyHex */ .N2)(key))
        return undefined;
    for (const segment of parts) {
        try {
            (0,_validate_js__WEBPACK_IMPORTED_MODULE_5__/* .validateNamespace */ .qB)(segment);
        }
        catch {
            return undefined;
        }
        if (segment.startsWith('.'))
            return undefined;
    }
    return { kind, namespace: parts.join('/'), key };
}
class EntryJournal {
    stateDir;
    maxBytes;
    file;
    cursorFile;
    /** The state directory with its trusted base: the base and the directory itself when not told. */
    location;
    constructor(stateDir, maxBytes = JOURNAL_MAX_BYTES, location) {
        this.stateDir = stateDir;
        this.maxBytes = maxBytes;
        this.file = node_path__WEBPACK_IMPORTED_MODULE_2__.join(stateDir, JOURNAL_FILE);
        this.cursorFile = node_path__WEBPACK_IMPORTED_MODULE_2__.join(stateDir, JOURNAL_CURSOR_FILE);
        this.location = location ?? { base: stateDir, dir: stateDir };
    }
    /** The journal of a cache directory: in its state directory (stateLocation). */
    static of(cacheDir, env = process.env) {
        const location = (0,_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .stateLocation */ .vJ)(cacheDir, env);
        return new EntryJournal(location.dir, JOURNAL_MAX_BYTES, location);
    }
    /**
     * Appends the entry's line (the disk store calls this after every blob it wrote). Never throws:
     * journaling must not fail a compile. No journal: nothing to do. Over the cap: nothing appended
     * (the save sees the size and walks). Any other failure removes the journal, so that no save
     * trusts a journal missing this line.
     */
    async note(kind, namespacePath, hex) {
        const line = `${journalLine(kind, namespacePath, hex)}\n`;
        if (line.length > JOURNAL_MAX_LINE)
            return this.invalidate();
        // On the calling thread: an append of one line is a few system calls, and each thread-pool trip
        // would cost more than the call (a compile server's hit notes two lines).
        let fd;
        try {
            // O_APPEND without O_CREAT: only a restore starts a journal. O_NOFOLLOW|O_NONBLOCK and fstat
            // (openRegularSync): a planted symlink or FIFO is refused, never written through or waited on.
            fd = (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .openRegularSync */ .w5)(this.file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_APPEND);
        }
        catch (err) {
            if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(err) === 'ENOENT')
                return;
            return this.invalidate();
        }
        try {
            const { size } = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
            if (size + line.length > this.maxBytes)
                return;
            const bytesWritten = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, line);
            if (bytesWritten !== line.length)
                await this.invalidate();
        }
        catch {
            await this.invalidate();
        }
        finally {
            try {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
            }
            catch {
                // nothing left to do with it
            }
        }
    }
    /** Removes the journal (unlink never follows a symlink); the next save walks the store. */
    async invalidate() {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.unlink(this.file).catch(() => undefined);
    }
    /**
     * Starts a new journal (the restore does, before it looks at the disk): an empty journal whose
     * header names a new id and `now`, and a cursor at its first line. Whatever the old journal held
     * is dropped: the restore's manifest records what is on disk and not in the bucket.
     */
    async start(now = Date.now()) {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdir(this.stateDir, { recursive: true, mode: 0o700 });
        const st = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.lstat(this.stateDir);
        if (!st.isDirectory())
            throw new _safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .UnsafePathError */ .k0(this.stateDir, 'not a directory');
        const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(8).toString('hex');
        const header = `# ${HEADER} ${id} ${now}\n`;
        await (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .writeRegularFileAtomic */ .z2)(this.file, header);
        await (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .writeRegularFileAtomic */ .z2)(this.cursorFile, `${id} ${Buffer.byteLength(header)}\n`);
    }
    /** The journal's lines since the cursor, or why it cannot be used (the save then walks). */
    async read() {
        const unusable = (reason) => ({ usable: false, reason });
        let cursorText;
        let fd;
        try {
            const cursor = await (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .readRegularFile */ .XF)(this.cursorFile);
            if (cursor === null)
                return unusable('no journal cursor');
            if (cursor.length > 128)
                return unusable('the journal cursor is not one');
            cursorText = cursor.toString('utf8');
            // On the calling thread, like the cursor: a save's journal is some tens of KiB, and each
            // thread-pool trip waited behind the save's other work there (~8 ms in a warm save).
            fd = (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .openRegularSync */ .w5)(this.file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY);
        }
        catch (err) {
            if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(err) === 'ENOENT')
                return unusable('no journal');
            return unusable(`the journal is unreadable (${err.message})`);
        }
        try {
            const { size } = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
            if (size + JOURNAL_MAX_LINE > this.maxBytes)
                return unusable(`the journal is over its cap of ${this.maxBytes} bytes`);
            const data = Buffer.alloc(size);
            let len = 0;
            while (len < size) {
                const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, data, len, size - len, len);
                if (n === 0)
                    break;
                len += n;
            }
            return parseJournal(data.subarray(0, len).toString('latin1'), cursorText);
        }
        catch (err) {
            return unusable(`the journal is unreadable (${err.message})`);
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        }
    }
    /**
     * After a save: the entries it could not upload are appended again (so the next save retries
     * them), then the cursor moves past what it read. Lines appended meanwhile stay after the cursor.
     */
    async advance(read, retry) {
        for (const line of retry) {
            const parsed = parseJournalLine(line);
            if (parsed)
                await this.note(parsed.kind, parsed.namespace, parsed.key);
        }
        // On the calling thread: the save's last write, a few bytes (see writeRegularFileAtomicSync).
        (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .writeRegularFileAtomicSync */ .K_)(this.cursorFile, `${read.id} ${read.end}\n`);
    }
}
/** Parses a journal's text (latin1: bytes stay bytes) against its cursor. */
function parseJournal(text, cursorText) {
    const unusable = (reason) => ({ usable: false, reason });
    const headerEnd = text.indexOf('\n');
    const header = /^# compile-cache journal v1 ([0-9a-f]{16}) (\d{1,15})$/.exec(text.slice(0, headerEnd));
    if (headerEnd < 0 || !header)
        return unusable('the journal has no header');
    const [, id, started] = header;
    const cursor = /^([0-9a-f]{16}) (\d{1,15})\n?$/.exec(cursorText);
    if (!cursor || cursor[1] !== id)
        return unusable('the journal cursor belongs to another journal');
    const from = Number(cursor[2]);
    if (from < headerEnd + 1 || from > text.length || text[from - 1] !== '\n') {
        return unusable('the journal cursor is not at a line of the journal');
    }
    // A last line without its newline is a write in progress: it is read next time.
    const end = text.lastIndexOf('\n') + 1;
    const seen = new Set();
    const lines = [];
    for (const line of text.slice(from, Math.max(from, end)).split('\n')) {
        // Every put of a blob writes its entry's line: most lines repeat one parsed already.
        if (line === '' || seen.has(line))
            continue;
        if (!parseJournalLine(line))
            return unusable(`the journal has a line that names no entry (${JSON.stringify(line.slice(0, 80))})`);
        seen.add(line);
        lines.push(line);
    }
    return { usable: true, read: { id, startedAt: Number(started), lines, end: Math.max(from, end) } };
}


/***/ }),

/***/ 697:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ countJsonValues)
/* harmony export */ });
/**
 * A bound on what JSON.parse of an untrusted text costs: it takes up to ~32 bytes of heap per
 * value, so a text of `[],[],…` under a byte cap can still take gigabytes. Counting the bytes that
 * open or separate values first bounds the parse (pack indexes: sync/packs/index-schema.ts; the
 * lazy install's index: deferred-tier.ts).
 */
/** `{`, `[` and `,` bytes of a JSON text; stops counting once past `limit`. */
function countJsonValues(text, limit) {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === 0x7b || c === 0x5b || c === 0x2c) {
            n++;
            if (n > limit)
                return n;
        }
    }
    return n;
}


/***/ })

};
