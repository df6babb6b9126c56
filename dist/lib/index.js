import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 8300:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 836:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ MANIFESTS_NAMESPACE)
/* harmony export */ });
/**
 * Direct mode's namespace (src/compiler/wrap.ts MANIFESTS; the backends layer does not import the
 * compiler's). The GitHub cache backend restores older archives without it; the S3 backend always
 * installs it eagerly: every compile looks up its manifest, and the compile server's warm-up reads
 * them all, so keeping them packed would only move their files into the first lookups.
 */
const MANIFESTS_NAMESPACE = 'manifests';


/***/ }),

/***/ 2991:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   fV: () => (/* binding */ cleanLocal),
/* harmony export */   gV: () => (/* binding */ localBackend),
/* harmony export */   mo: () => (/* binding */ installKept),
/* harmony export */   qE: () => (/* binding */ openLocal)
/* harmony export */ });
/* harmony import */ var _store_disk_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8584);
/* harmony import */ var _sync_entries_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1066);
/* harmony import */ var _sync_failures_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1671);
/* harmony import */ var _sync_save_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3019);




/**
 * The cache directory as a store. `warn` hears every path the store skipped or removed because a
 * build planted it (a symlink, a FIFO, …; issue 12), as a line naming the path: the steps turn each
 * into a warning.
 */
function openLocal(c, warn) {
    // No size limit on the store itself: the wrapper must never evict mid-build; the save step cleans.
    return new _store_disk_js__WEBPACK_IMPORTED_MODULE_0__.DiskCacheStore(c.cacheDir, {
        maxSize: 0,
        onUnsafe: warn === undefined ? undefined : f => warn(f.message)
    });
}
/** Cleans each namespace to max-size and max-age, least recently used first. */
async function cleanLocal(c, warnings) {
    const local = openLocal(c, m => warnings.push(m));
    const figures = [];
    for (const namespace of c.namespaces) {
        const started = Date.now();
        const view = (0,_sync_entries_js__WEBPACK_IMPORTED_MODULE_1__/* .namespaceView */ .nj)(local, namespace);
        try {
            const before = await view.stats();
            const r = await view.clean(c.maxSize, c.maxAge);
            figures.push({
                ...(0,_sync_save_js__WEBPACK_IMPORTED_MODULE_3__/* .emptyNamespaceSave */ .kP)(namespace),
                sizeBefore: before,
                sizeAfter: r.remaining,
                evictedLocal: { bySize: r.bySize, byAge: r.byAge },
                durationMs: Date.now() - started
            });
        }
        catch (err) {
            warnings.push(`cleaning the local namespace ${namespace} failed: ${(0,_sync_failures_js__WEBPACK_IMPORTED_MODULE_2__/* .errorText */ .kc)(err)}`);
        }
    }
    return figures;
}
/** Writes every entry the last lazy restore kept into the cache directory (`compile-cache install`). */
async function installKept(c, warn) {
    return (await openLocal(c, warn).installKept()).entries;
}
/** Restores nothing; the notice says why the cache stays on this runner. */
function localBackend(c) {
    return {
        name: 'local',
        describe: () => ({ location: '' }),
        restore: () => Promise.resolve({
            figures: [],
            warnings: [],
            remoteUnavailable: false,
            notice: c.bucket
                ? 'backend is local, so the cache stays on this runner: it is cleaned after the job but nothing is synced.'
                : 'no bucket is set and the GitHub Actions cache service is not available, so the cache stays on this runner: it is cleaned after the job but nothing is synced.'
        }),
        save: async () => {
            const warnings = [];
            const figures = await cleanLocal(c, warnings);
            return {
                figures,
                warnings,
                remoteUnavailable: false,
                localOnly: true,
                note: 'Local only: the cache was cleaned, nothing was uploaded.'
            };
        }
    };
}


/***/ }),

/***/ 544:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ packOptions),
/* harmony export */   d3: () => (/* binding */ openRemote),
/* harmony export */   jx: () => (/* binding */ s3Backend)
/* harmony export */ });
/* unused harmony export bucketLocation */
/* harmony import */ var _store_s3_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5051);
/* harmony import */ var _sync_failures_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1671);
/* harmony import */ var _sync_manifest_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7697);
/* harmony import */ var _sync_packs_bucket_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(969);
/* harmony import */ var _sync_packs_index_cache_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(4316);
/* harmony import */ var _sync_restore_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9661);
/* harmony import */ var _sync_save_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(3019);
/* harmony import */ var _backend_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(836);
/* harmony import */ var _local_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(2991);









/** `s3://bucket/prefix` for messages and the summary. */
function bucketLocation(c) {
    return `s3://${c.bucket}/${c.prefix}`;
}
/** Opens the bucket (checking access); throws when it cannot be reached or used. */
async function openRemote(c, credentials) {
    return _store_s3_js__WEBPACK_IMPORTED_MODULE_0__/* .S3CacheStore */ .k.open(remoteOptions(c, credentials));
}
function remoteOptions(c, credentials) {
    return {
        bucket: c.bucket,
        prefix: c.prefix,
        region: c.region,
        endpoint: c.endpoint || undefined,
        forcePathStyle: c.pathStyle,
        credentials,
        autoCreate: false,
        // Listing runs up to 64 requests at once (the store's default) even at a lower concurrency.
        maxSockets: Math.max(c.concurrency, 64)
    };
}
/**
 * The bucket's store with its access check run beside the step's work rather than before it: the
 * check is one round trip, and a step that waited for it before its first read paid that round
 * trip whole. `access()` starts the check (once) and settles with it: the restore starts it at
 * once; the save only when it may write without other proof of access (a pack listing that came
 * back, or the restore's record of one in this job: then the check would cost a request and its
 * CPU before the save's first PUT, for nothing). The step must not write before `access()` has
 * settled where it needs it, and when the check rejects reports that (the bucket cannot be used)
 * rather than whatever its reads ran into: `denied()` is the check's failure, or undefined when
 * it passed or never ran. The check never goes unhandled. Throws at once for options the store
 * refuses.
 */
function openRemoteBeside(c, credentials) {
    const remote = new _store_s3_js__WEBPACK_IMPORTED_MODULE_0__/* .S3CacheStore */ .k(remoteOptions(c, credentials));
    let check;
    const started = () => {
        if (!check) {
            const access = remote.checkAccess();
            // The failure itself, or undefined: what the step asks once it is done (or has failed).
            const denied = access.then(() => undefined, (err) => err ?? new Error('the access check failed'));
            check = { access, denied };
        }
        return check;
    };
    return {
        remote,
        access: () => started().access,
        denied: async () => (check ? check.denied : undefined)
    };
}
/**
 * The pack side of the bucket, on the store's own connection pool. Always given to a restore
 * (it reads packs whatever the upload mode: another job may have written them) and to a save.
 */
/** With `manifestPath`, the restore and the save of one job share their index copies (index-cache.ts). */
function packOptions(c, remote, manifestPath) {
    return {
        bucket: (0,_sync_packs_bucket_js__WEBPACK_IMPORTED_MODULE_7__/* .s3PackBucket */ .CY)(remote.bucket),
        rootPrefix: c.prefix,
        packPrefix: c.packPrefix,
        indexCache: manifestPath === undefined ? undefined : new _sync_packs_index_cache_js__WEBPACK_IMPORTED_MODULE_3__/* .PackIndexCache */ .q((0,_sync_packs_index_cache_js__WEBPACK_IMPORTED_MODULE_3__/* .packIndexCacheDir */ .D)(manifestPath))
    };
}
function s3Backend(c, credentials) {
    return {
        name: 's3',
        describe: () => ({ location: bucketLocation(c) }),
        restore: r => restoreFromBucket(c, credentials, r),
        save: r => saveToBucket(c, credentials, r)
    };
}
async function restoreFromBucket(c, credentials, r) {
    if (!c.restore) {
        r.log('compile-cache: restore is off; the bucket is not read.');
        return { figures: [], warnings: [], remoteUnavailable: false, note: 'Restore is off (restore: false).' };
    }
    const where = bucketLocation(c);
    r.log(`compile-cache: restoring ${c.namespaces.join(', ')} from ${where}`);
    const unusable = (err) => ({
        figures: [],
        warnings: [
            `the bucket ${where} cannot be used (${(0,_sync_failures_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(err)}); this job runs on the local cache only`
        ],
        remoteUnavailable: true
    });
    let opened;
    try {
        opened = openRemoteBeside(c, credentials);
    }
    catch (err) {
        return unusable(err);
    }
    const { remote, access, denied } = opened;
    void access();
    const unsafe = [];
    const local = (0,_local_js__WEBPACK_IMPORTED_MODULE_6__/* .openLocal */ .qE)(c, m => unsafe.push(m));
    // The journal of written entries starts before the restore looks at the disk, so the save can
    // trust it to name everything written since (src/store/journal.ts); without it the save walks.
    await local
        .entryJournal()
        ?.start()
        .catch((err) => r.log(`compile-cache: no journal of written entries (${(0,_sync_failures_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(err)})`));
    try {
        const result = await (0,_sync_restore_js__WEBPACK_IMPORTED_MODULE_4__/* .restore */ .P)(remote, local, {
            namespaces: c.namespaces,
            maxBytes: c.maxSize,
            maxAge: c.maxAge,
            concurrency: c.concurrency,
            log: r.log,
            progressIntervalMs: r.progressIntervalMs,
            packs: packOptions(c, remote, r.manifestPath),
            install: c.install,
            eagerNamespaces: [_backend_js__WEBPACK_IMPORTED_MODULE_8__/* .MANIFESTS_NAMESPACE */ .H]
        });
        // What was installed stays; without access the manifest is not written (the save then walks).
        const err = await denied();
        if (err !== undefined)
            return unusable(err);
        await (0,_sync_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .writeManifest */ .H)(r.manifestPath, result.manifest);
        return {
            figures: result.namespaces,
            warnings: [...unsafe, ...result.warnings],
            remoteUnavailable: false,
            manifestPath: r.manifestPath
        };
    }
    catch (err) {
        const deniedErr = await denied();
        if (deniedErr !== undefined)
            return unusable(deniedErr);
        return {
            figures: [],
            warnings: [
                ...unsafe,
                `restore from ${where} failed (${(0,_sync_failures_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(err)}); this job runs on the local cache only`
            ],
            remoteUnavailable: true
        };
    }
    finally {
        closeQuietly(remote);
    }
}
/**
 * Prunes the disk and, when saving is on, uploads what is new. Without a usable bucket, only the
 * local clean runs (same figures, nothing uploaded).
 */
async function saveToBucket(c, credentials, r) {
    const warnings = [];
    if (!c.save) {
        r.log('compile-cache: save is off; nothing is uploaded.');
        const figures = await (0,_local_js__WEBPACK_IMPORTED_MODULE_6__/* .cleanLocal */ .fV)(c, warnings);
        return {
            figures,
            warnings,
            remoteUnavailable: false,
            localOnly: true,
            note: 'Save is off (save: false): the cache was cleaned, nothing was uploaded.'
        };
    }
    r.log(`compile-cache: upload mode ${c.uploadMode}, packs under ${c.packPrefix}`);
    const where = bucketLocation(c);
    const unusable = (err) => warnings.push(`the bucket ${where} cannot be used (${(0,_sync_failures_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(err)}); nothing was uploaded`);
    let opened;
    try {
        opened = openRemoteBeside(c, credentials);
    }
    catch (err) {
        unusable(err);
    }
    if (opened) {
        const { remote, access, denied } = opened;
        try {
            // The save routes what it skips into its own warnings; this hears the rest (nothing reported twice).
            const local = (0,_local_js__WEBPACK_IMPORTED_MODULE_6__/* .openLocal */ .qE)(c, m => warnings.push(m));
            const manifest = r.manifestPath ? await (0,_sync_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .readManifest */ .W)(r.manifestPath, r.log) : null;
            const result = await (0,_sync_save_js__WEBPACK_IMPORTED_MODULE_5__/* .save */ .UN)(local, remote, {
                namespaces: c.namespaces,
                manifest,
                concurrency: c.concurrency,
                localMaxSize: c.maxSize,
                localMaxAge: c.maxAge,
                remoteMaxSize: c.remoteMaxSize,
                remoteMaxAge: c.remoteMaxAge,
                refreshOlderThanMs: c.refreshAfter,
                log: r.log,
                progressIntervalMs: r.progressIntervalMs,
                uploadMode: c.uploadMode,
                packs: packOptions(c, remote, r.manifestPath),
                writable: access
            });
            // A save that wrote nothing (no namespace got that far) has not waited for the check.
            const err = await denied();
            if (err !== undefined)
                throw err;
            return {
                figures: result.namespaces,
                warnings: [...warnings, ...result.warnings],
                remoteUnavailable: false,
                localOnly: false,
                uploadMode: c.uploadMode
            };
        }
        catch (err) {
            const deniedErr = await denied();
            if (deniedErr !== undefined)
                unusable(deniedErr);
            else
                warnings.push(`save to ${where} failed (${(0,_sync_failures_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(err)}); the local cache was cleaned only`);
        }
        finally {
            closeQuietly(remote);
        }
    }
    const figures = await (0,_local_js__WEBPACK_IMPORTED_MODULE_6__/* .cleanLocal */ .fV)(c, warnings);
    return { figures, warnings, remoteUnavailable: true, localOnly: true };
}
function closeQuietly(store) {
    try {
        store.destroy();
    }
    catch {
        // Closing only frees sockets; the process exits at the end of the step anyway.
    }
}


/***/ }),

/***/ 5919:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  M: () => (/* binding */ backendFor)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./build/ncc-src/store/disk.js + 2 modules
var disk = __nccwpck_require__(8584);
// EXTERNAL MODULE: ./build/ncc-src/sync/failures.js
var failures = __nccwpck_require__(1671);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./build/ncc-src/store/disk-walk.js
var disk_walk = __nccwpck_require__(1107);
// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __nccwpck_require__(3233);
// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __nccwpck_require__(2642);
// EXTERNAL MODULE: ./build/ncc-src/sync/entries.js
var entries = __nccwpck_require__(1066);
// EXTERNAL MODULE: ./build/ncc-src/sync/manifest-entries.js
var manifest_entries = __nccwpck_require__(5052);
;// CONCATENATED MODULE: ./build/ncc-src/backends/github-cache-snapshot.js
/**
 * The disk side of the GitHub Actions cache backend, which moves the whole cache directory as one
 * archive (the service takes at most 200 new entries a minute per repository, so one upload per
 * cache entry is out of the question):
 *
 * - linkSnapshot: the namespaces' entries hard-linked into a directory the archive is made from,
 *   without what must not travel (dot names: `.staging`, temporary files;
 *   the Go system's `<name>.tmp`). Links cost no copy, and the blobs keep their times, so the
 *   least-recently-used order travels with the archive.
 * - localManifest / newEntries: which entries the archive lacks, so that a job that added none does
 *   not upload the same archive again under a new key (keys are immutable, and every upload takes
 *   space from the repository's 10 GB until the service evicts it).
 */








/**
 * Links every blob below `<cacheDir>/<namespace>` into `<dir>/<namespace>` (same layout), for each
 * namespace. Where a hard link is impossible (another file system, a file system without links)
 * the blob is copied with its time. Directories and files whose names start with `.` and the Go
 * system's `.tmp` files are left out.
 *
 * Everything below `cacheDir` is untrusted (issue 12): only real directories are entered (a
 * namespace directory planted as a symlink is not followed) and only regular files are linked or
 * copied (a symlink, FIFO, socket or device is never linked, opened or archived); each one skipped
 * is passed to `onSkip` with what it is. `dir` must be a real directory (or missing): the snapshot
 * never writes through a symlink.
 */
async function linkSnapshot(cacheDir, namespaces, dir, onSkip) {
    const figures = { files: 0, bytes: 0 };
    await (0,promises_.mkdir)(dir, { recursive: true });
    const top = await (0,promises_.lstat)(dir);
    if (!top.isDirectory())
        throw new safe_fs/* UnsafePathError */.k0(dir, (0,safe_fs/* describeKind */.SB)(top));
    async function walk(from, to) {
        let items;
        try {
            items = await (0,promises_.readdir)(from, { withFileTypes: true });
        }
        catch (err) {
            if (err.code === 'ENOENT')
                return;
            throw err;
        }
        (0,safe_fs/* ensureDirChain */.FV)(dir, to);
        for (const item of items) {
            if ((0,validate/* isTempName */.Gs)(item.name))
                continue;
            const src = (0,external_node_path_.join)(from, item.name);
            const dst = (0,external_node_path_.join)(to, item.name);
            // The dirent's type is the entry's own: a symlink is never taken for what it points to.
            if (item.isDirectory()) {
                await walk(src, dst);
            }
            else if (item.isFile()) {
                const st = await (0,promises_.lstat)(src).catch(() => null);
                if (!st)
                    continue; // removed meanwhile (a concurrent clean): not part of the snapshot
                if (!st.isFile()) {
                    onSkip?.(src, (0,safe_fs/* describeKind */.SB)(st));
                    continue;
                }
                try {
                    // link(2) never follows a symlink in its source; the source is a regular file anyway.
                    await (0,promises_.link)(src, dst);
                }
                catch (err) {
                    const code = err.code;
                    if (code === 'ENOENT')
                        continue;
                    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK')
                        throw err;
                    if (!(await copyRegular(src, dst)))
                        continue;
                    await (0,promises_.utimes)(dst, st.atime, st.mtime);
                }
                figures.files++;
                figures.bytes += st.size;
            }
            else {
                onSkip?.(src, (0,disk_walk/* direntKind */.d)(item));
            }
        }
    }
    for (const ns of namespaces) {
        const parts = (0,validate/* splitNamespacePath */.NC)(ns);
        const from = (0,external_node_path_.join)(cacheDir, ...parts);
        // The namespace's own directories (`compile`, `compile/local`) are checked from the trusted
        // cache directory: one planted as a symlink is skipped whole, never followed.
        try {
            if (!(0,safe_fs/* checkDirChain */.dH)(cacheDir, from))
                continue;
        }
        catch (err) {
            if (!(err instanceof safe_fs/* UnsafePathError */.k0))
                throw err;
            onSkip?.(err.path, err.found);
            continue;
        }
        await walk(from, (0,external_node_path_.join)(dir, ...parts));
    }
    return figures;
}
/** Copies a regular file opened O_NOFOLLOW|O_NONBLOCK to a new file; false when it is gone. */
async function copyRegular(src, dst) {
    let from;
    try {
        from = await (0,safe_fs/* openRegular */.lf)(src, external_node_fs_.constants.O_RDONLY);
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return false;
        throw err;
    }
    try {
        const to = await (0,safe_fs/* openRegular */.lf)(dst, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL);
        try {
            await to.writeFile(await from.readFile());
        }
        finally {
            await to.close();
        }
    }
    finally {
        await from.close();
    }
    return true;
}
/**
 * A manifest of what is on disk now and nothing on the remote side, for a job that restored no
 * archive: the save then takes every entry as new (the service may hold none of them).
 */
async function localManifest(local, namespaces, restoredAt) {
    const manifest = { version: 2, restoredAt: restoredAt.toISOString(), namespaces: {} };
    for (const ns of namespaces) {
        const m = new Map();
        for (const e of await (0,entries/* namespaceView */.nj)(local, ns).list())
            m.set((0,entries/* entryId */.ub)(e), { local: e.mtime.getTime() });
        manifest.namespaces[ns] = { entries: manifest_entries/* ManifestEntries */.K.from(m, { sizes: false }) };
    }
    return manifest;
}
/**
 * What is on disk per namespace, and what of it the restored archive did not hold: the entries this
 * job compiled, plus, on a self-hosted runner, any that only this disk had.
 */
async function newEntries(local, namespaces, manifest) {
    const out = [];
    for (const ns of namespaces) {
        const known = manifest?.namespaces[ns]?.entries;
        const c = { namespace: ns, entries: 0, bytes: 0, newEntries: 0, newBytes: 0 };
        for (const e of await (0,entries/* namespaceView */.nj)(local, ns).list()) {
            if (!(0,entries/* isCompleteEntry */.KN)(ns, e))
                continue;
            c.entries++;
            c.bytes += e.size;
            if (!known || known.remoteTime((0,entries/* entryId */.ub)(e)) === undefined) {
                c.newEntries++;
                c.newBytes += e.size;
            }
        }
        out.push(c);
    }
    return out;
}

// EXTERNAL MODULE: ./build/ncc-src/sync/manifest.js
var sync_manifest = __nccwpck_require__(7697);
// EXTERNAL MODULE: ./build/ncc-src/sync/restore.js + 3 modules
var restore = __nccwpck_require__(9661);
// EXTERNAL MODULE: ./build/ncc-src/sync/progress.js
var progress = __nccwpck_require__(6995);
// EXTERNAL MODULE: ./build/ncc-src/backends/backend.js
var backend = __nccwpck_require__(836);
// EXTERNAL MODULE: ./build/ncc-src/backends/local.js
var backends_local = __nccwpck_require__(2991);
;// CONCATENATED MODULE: ./build/ncc-src/backends/github-cache.js
/**
 * The GitHub Actions cache backend: the default when no bucket is set and the runner offers the
 * cache service. The service's entries are immutable archives and it takes at most 200 new
 * entries a minute per repository, so the whole cache directory travels as ONE archive per save
 * (through @actions/cache: tar + zstd, the service's upload and download):
 *
 * - restore: the newest archive whose key starts with `compile-cache-v1-<os>-<arch>-<hash>-` is
 *   unpacked into `<cache-dir>/.gha-archive` and then merged into the cache directory like a
 *   bucket restore (newest first up to max-size, never over an entry already on disk), so a
 *   self-hosted runner's entries are never overwritten and the budget holds.
 * - save (after the local clean, so the archive respects max-size): only when the directory holds
 *   entries the restored archive did not, under a new key (run id, attempt and a random suffix,
 *   since keys cannot be overwritten); a job that compiled nothing new uploads nothing.
 *
 * `ACTIONS_CACHE_MODE` (read-only tokens, e.g. for untrusted pull requests) and `save: false` are
 * honoured; a rate limit (429), a denied write or any other service trouble is a warning, never a
 * failed build (unless fail-on-error).
 */











let toolkit;
function loadToolkit() {
    toolkit ??= Promise.all(/* import() */[__nccwpck_require__.e(838), __nccwpck_require__.e(255)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5255));
    return toolkit;
}
/** Bump when the archive's layout changes: old archives then simply stop matching. */
const KEY_VERSION = 'v1';
/** The directory the archive is made from and unpacked into (its path is part of the cache version). */
function archiveDir(c) {
    return (0,external_node_path_.join)(c.cacheDir, '.gha-archive');
}
/**
 * `compile-cache-v1-<os>-<arch>-<hash>-`: what every archive of this configuration starts with.
 * The hash covers the namespaces and the tenant, so a job never restores an archive made for
 * other namespaces; the OS and architecture keep incompatible objects apart.
 */
function keyPrefix(c, env = process.env) {
    return prefixFor(c.namespaces, c.tenant, env);
}
function prefixFor(namespaces, tenant, env) {
    const os = (env.RUNNER_OS || process.platform).replace(/[^A-Za-z0-9_.]/g, '_');
    const arch = (env.RUNNER_ARCH || process.arch).replace(/[^A-Za-z0-9_.]/g, '_');
    const hash = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify({ namespaces: [...namespaces].sort(), tenant }))
        .digest('hex')
        .slice(0, 16);
    return `compile-cache-${KEY_VERSION}-${os}-${arch}-${hash}-`;
}
/**
 * The restore keys, most wanted first: this configuration's prefix, then (when the namespaces
 * include `manifests`) the prefix of the same namespaces without it. `manifests` joined the default
 * namespaces later, which changed the hash: without the second key the first job after that change
 * would find no archive at all. An archive without manifests is a subset of what this job syncs
 * (its `compile` entries restore as usual, direct mode starts over), and the save then writes an
 * archive under this configuration's own prefix, which wins from the next job on.
 */
function restoreKeys(c, env = process.env) {
    const keys = [keyPrefix(c, env)];
    const without = c.namespaces.filter(ns => ns !== backend/* MANIFESTS_NAMESPACE */.H);
    if (without.length > 0 && without.length < c.namespaces.length)
        keys.push(prefixFor(without, c.tenant, env));
    return keys;
}
/** `<prefix><run id>-<attempt>`: the restore's primary key, which no saved key equals. */
function runKey(c, env = process.env) {
    return `${keyPrefix(c, env)}${env.GITHUB_RUN_ID || '0'}-${env.GITHUB_RUN_ATTEMPT || '1'}`;
}
/** A fresh key per save: matrix jobs of one run (and a re-save in one job) must not collide. */
function saveKey(c, env = process.env) {
    return `${runKey(c, env)}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
}
/** The effective cache mode the runner exports, with the toolkit's rules (unknown = permissive). */
function cacheMode(env = process.env) {
    const mode = (env.ACTIONS_CACHE_MODE || '').trim().toLowerCase();
    const known = ['none', 'read', 'write', 'write-only'].includes(mode);
    return {
        mode,
        readable: !known || mode === 'read' || mode === 'write',
        writable: !known || mode === 'write' || mode === 'write-only'
    };
}
/** Restores the newest archive (when there is one and reading is allowed) and writes the manifest. */
async function ghaRestore(c, opts) {
    const env = opts.env ?? process.env;
    const warnings = [];
    const local = (0,backends_local/* openLocal */.qE)(c, m => warnings.push(m));
    const prefix = keyPrefix(c, env);
    const started = new Date();
    await (0,promises_.rm)(opts.manifestPath, { force: true });
    const noArchive = async (note) => {
        await (0,sync_manifest/* writeManifest */.H)(opts.manifestPath, await localManifest(local, c.namespaces, started));
        return { figures: [], warnings, note, manifestPath: opts.manifestPath };
    };
    if (!c.restore)
        return noArchive('Restore is off (restore: false).');
    const cache = await loadToolkit();
    const mode = cacheMode(env);
    if (!mode.readable) {
        return noArchive(`The cache token of this run cannot read (ACTIONS_CACHE_MODE=${mode.mode}): nothing was restored.`);
    }
    if (!cache.isFeatureAvailable()) {
        warnings.push('the GitHub Actions cache service is not available on this runner; this job runs on the local cache only');
        return noArchive('The GitHub Actions cache service is not available on this runner.');
    }
    const dir = archiveDir(c);
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    try {
        let matchedKey;
        try {
            matchedKey = await cache.restoreCache([dir], runKey(c, env), restoreKeys(c, env));
        }
        catch (err) {
            warnings.push(`restore from the GitHub Actions cache failed (${(0,failures/* errorText */.kc)(err)}); this job runs on the local cache only`);
            return await noArchive('The GitHub Actions cache could not be read.');
        }
        if (!matchedKey)
            return await noArchive(`No archive in the GitHub Actions cache starts with ${prefix}.`);
        let result;
        try {
            result = await (0,restore/* restore */.P)(new disk.DiskCacheStore(dir), local, {
                namespaces: c.namespaces,
                maxBytes: c.maxSize,
                maxAge: c.maxAge,
                concurrency: c.concurrency,
                log: opts.log
            });
        }
        catch (err) {
            // The entries merged so far are whole (each is installed atomically) and stay.
            warnings.push(`unpacking the GitHub Actions cache archive ${matchedKey} failed: ${(0,failures/* errorText */.kc)(err)}`);
            return await noArchive(`The archive ${matchedKey} could not be merged into the cache directory.`);
        }
        warnings.push(...result.warnings);
        await (0,sync_manifest/* writeManifest */.H)(opts.manifestPath, result.manifest);
        return {
            figures: result.namespaces,
            warnings,
            note: `Restored from the GitHub Actions cache entry ${matchedKey}.`,
            manifestPath: opts.manifestPath,
            matchedKey
        };
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true }).catch(() => undefined);
    }
}
/**
 * Cleans the cache directory, then saves it as one archive when it holds entries the restored
 * archive did not (and saving is on and allowed). Never throws for service trouble.
 */
async function ghaSave(c, opts) {
    const env = opts.env ?? process.env;
    const warnings = [];
    const figures = await (0,backends_local/* cleanLocal */.fV)(c, warnings);
    const done = (note, savedKey) => ({ figures, warnings, note, savedKey });
    if (!c.save)
        return done('Save is off (save: false): the cache was cleaned, nothing was uploaded.');
    const cache = await loadToolkit();
    const mode = cacheMode(env);
    if (!mode.writable) {
        return done(`The cache token of this run is read-only (ACTIONS_CACHE_MODE=${mode.mode}): the cache was cleaned, nothing was uploaded.`);
    }
    if (!cache.isFeatureAvailable()) {
        return done('The GitHub Actions cache service is not available on this runner: nothing was uploaded.');
    }
    const local = (0,backends_local/* openLocal */.qE)(c, m => warnings.push(m));
    let manifest = null;
    if (opts.manifestPath)
        manifest = await (0,sync_manifest/* readManifest */.W)(opts.manifestPath, opts.log);
    const contents = await newEntries(local, c.namespaces, manifest);
    const fresh = contents.reduce((s, n) => s + n.newEntries, 0);
    if (fresh === 0) {
        return done('No new entries: the GitHub Actions cache already holds this cache, nothing was uploaded.');
    }
    const dir = archiveDir(c);
    const key = saveKey(c, env);
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    try {
        let snapshot;
        try {
            snapshot = await linkSnapshot(c.cacheDir, c.namespaces, dir);
        }
        catch (err) {
            warnings.push(`the archive could not be prepared (${(0,failures/* errorText */.kc)(err)}); nothing was saved`);
            return done('Nothing was saved: the archive could not be prepared.');
        }
        opts.log(`saving ${fresh} new entries with the rest of the cache (${snapshot.files} files, ${(0,progress/* formatBytes */.z3)(snapshot.bytes)}) as ${key}`);
        let id;
        try {
            id = await cache.saveCache([dir], key);
        }
        catch (err) {
            id = -1;
            opts.log(`the GitHub Actions cache refused the archive: ${(0,failures/* errorText */.kc)(err)}`);
        }
        if (id === -1) {
            // The toolkit logs the reason itself (a rate limit, a denied write, a full cache).
            warnings.push('the GitHub Actions cache did not take the archive (see the messages above: a rate limit, a read-only token or a service error); nothing was saved');
            return done('Nothing was saved: the GitHub Actions cache did not take the archive.');
        }
        for (const f of figures) {
            const n = contents.find(x => x.namespace === f.namespace);
            f.uploadedEntries = n?.entries ?? 0;
            f.uploadedBytes = n?.bytes ?? 0;
        }
        return done(`Saved ${contents.reduce((s, n) => s + n.entries, 0)} entries (${fresh} new) as one archive, key ${key}.`, key);
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true }).catch(() => undefined);
    }
}
/** The GitHub Actions cache as a backend: one archive per save, merged into the disk on restore. */
function githubCacheBackend(c, env = process.env) {
    // Its own lines carry the prefix the bucket's sync lines have.
    const prefixed = (log) => (line) => log(`compile-cache: ${line}`);
    return {
        name: 'github',
        describe: () => ({
            location: '',
            label: `GitHub Actions cache, keys ${keyPrefix(c, env)}…`,
            remoteName: 'archive'
        }),
        restore: async (r) => {
            r.log(`compile-cache: restoring from the GitHub Actions cache (keys ${keyPrefix(c, env)}…)`);
            const o = await ghaRestore(c, { log: prefixed(r.log), manifestPath: r.manifestPath, env });
            r.log(`compile-cache: ${o.note}`);
            return {
                figures: o.figures,
                warnings: o.warnings,
                remoteUnavailable: false,
                manifestPath: o.manifestPath,
                note: o.note
            };
        },
        save: async (r) => {
            const o = await ghaSave(c, { log: prefixed(r.log), manifestPath: r.manifestPath, env });
            r.log(`compile-cache: ${o.note}`);
            return {
                figures: o.figures,
                warnings: o.warnings,
                remoteUnavailable: false,
                localOnly: o.savedKey === undefined,
                note: o.note
            };
        }
    };
}

// EXTERNAL MODULE: ./build/ncc-src/backends/s3.js
var s3 = __nccwpck_require__(544);
;// CONCATENATED MODULE: ./build/ncc-src/backends/select.js



function backendFor(c, credentials, env = process.env) {
    switch (c.backend) {
        case 's3':
            // readConfig refuses s3 without a bucket; an empty one here would be a caller's mistake.
            return c.bucket !== '' ? (0,s3/* s3Backend */.jx)(c, credentials) : (0,backends_local/* localBackend */.gV)(c);
        case 'github':
            return githubCacheBackend(c, env);
        case 'local':
            return (0,backends_local/* localBackend */.gV)(c);
    }
}


/***/ }),

/***/ 1663:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* reexport safe */ _store_make_dir_bounded_js__WEBPACK_IMPORTED_MODULE_0__.j)
/* harmony export */ });
/* harmony import */ var _store_make_dir_bounded_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2556);
/**
 * The cache directory itself (the root the user chose), as opposed to what lies inside it: the root
 * and its ancestors are trusted (the root may be a symlink the user made), everything below it is
 * not (see src/store/safe-fs.ts). makeDirBounded lives in the store layer, which makes the state
 * directory's base the same way.
 */



/***/ }),

/***/ 9472:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ IDENTITY_DIR)
/* harmony export */ });
/* unused harmony export compilerIdentity */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3233);
/* harmony import */ var _store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(1473);
/* harmony import */ var _store_validate_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(2642);
/* harmony import */ var _lazy_crypto_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(3496);
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
const IDENTITY_DIR = _store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .STATE_SUBDIRS */ .DS.compilers;
/** The remembered digest in `memoFile`, or null (missing, unsafe, malformed). */
function readMemo(loc, memoDir, memoFile, onUnsafe) {
    try {
        if (!checkStateDir(loc, memoDir))
            return null;
    }
    catch (err) {
        if (err instanceof UnsafePathError)
            onUnsafe(err);
        return null;
    }
    let fd;
    try {
        fd = openSync(memoFile, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK);
    }
    catch (err) {
        const code = err.code;
        if (code === 'ELOOP')
            onUnsafe(new UnsafePathError(memoFile, 'a symbolic link'));
        else if (code === 'ENXIO') {
            const st = lstatSync(memoFile, { throwIfNoEntry: false });
            onUnsafe(new UnsafePathError(memoFile, st === undefined ? 'not a regular file' : describeKind(st)));
        }
        return null;
    }
    try {
        const st = fstatSync(fd);
        if (!st.isFile()) {
            onUnsafe(new UnsafePathError(memoFile, describeKind(st)));
            return null;
        }
        // One read: a memo is 64 bytes; anything longer is not one.
        const buf = Buffer.allocUnsafe(65);
        const n = readSync(fd, buf, 0, buf.length, 0);
        const text = buf.toString('latin1', 0, n);
        return isSha256Hex(text) ? text : null;
    }
    finally {
        closeSync(fd);
    }
}
function writeMemo(loc, memoDir, memoFile, digest) {
    ensureStateDir(loc, memoDir);
    // A dot name: never taken for a memo by a reader of the directory.
    const tmp = path.join(memoDir, `.${path.basename(memoFile)}.tmp-${tempSuffix()}`);
    writeRegularFileAtomicSync(memoFile, digest, tmp);
}
/**
 * The hex SHA-256 of the compiler's content, memoised per (real path, size, mtime, ctime, inode).
 * `realPath`: the caller's realpath of `compiler`, when it has one (saves a system call per compile).
 * `onUnsafe`: told about a planted `compilers` directory (or one above it) or memo (the digest is still returned).
 * `memory`: digests by memo key kept in the caller's process (a compile server's session), checked
 * before `compilers/`; the stat above is still made on every call, so a replaced compiler is seen.
 */
function compilerIdentity(compiler, cacheDir, realPath, onUnsafe = () => undefined, memory) {
    const { createHash } = nodeCrypto();
    const real = realPath ?? realpathSync.native(compiler);
    const st = statSync(real, { bigint: true });
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
    const { createHash } = nodeCrypto();
    const loc = cacheDir === null ? null : stateSubdir(cacheDir, IDENTITY_DIR);
    const memoDir = loc === null ? null : loc.sub;
    const memoFile = memoDir === null ? null : path.join(memoDir, memoKey);
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
    const digest = createHash('sha256').update(readFileSync(real)).digest('hex');
    if (loc !== null && memoDir !== null && memoFile !== null) {
        try {
            writeMemo(loc, memoDir, memoFile, digest);
        }
        catch (err) {
            if (err instanceof UnsafePathError)
                onUnsafe(err);
            // Otherwise only a lost optimisation: the next call hashes again.
        }
    }
    return digest;
}


/***/ }),

/***/ 3496:
/***/ ((__unused_webpack___webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

/* harmony import */ var _store_lazy_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8818);
/** `node:crypto`, loaded on first use: moved to the store layer, which needs it too (state-dir.ts). */



/***/ }),

/***/ 9059:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   RJ: () => (/* binding */ STATS_FILE),
/* harmony export */   kL: () => (/* binding */ STATS_DIR),
/* harmony export */   mn: () => (/* binding */ zeroStats),
/* harmony export */   uq: () => (/* binding */ readStats)
/* harmony export */ });
/* unused harmony exports statsFile, recordEvents, emptyStats, parseStats, hitRate, formatStats */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3233);
/* harmony import */ var _store_state_dir_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(1473);
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
    return path.join(stateSubdir(cacheDir, STATS_DIR, env).sub, STATS_FILE);
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
        const loc = stateSubdir(cacheDir, STATS_DIR);
        const dir = loc.sub;
        if (!checkStateDir(loc, dir))
            ensureStateDir(loc, dir);
        const fd = openSync(path.join(dir, STATS_FILE), C.O_WRONLY | C.O_APPEND | C.O_CREAT | C.O_NOFOLLOW | C.O_NONBLOCK, 0o644);
        try {
            const f = fstatSync(fd);
            if (!f.isFile() || f.nlink !== 1)
                return false;
            writeSync(fd, data, 0, data.length);
        }
        finally {
            closeSync(fd);
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

/***/ 9055:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Rv: () => (/* binding */ failInput),
/* harmony export */   XJ: () => (/* binding */ valueName),
/* harmony export */   Z9: () => (/* binding */ parseSizeInput),
/* harmony export */   dV: () => (/* binding */ CLI_INPUTS),
/* harmony export */   d_: () => (/* binding */ inputEnvName),
/* harmony export */   h4: () => (/* binding */ parseAgeInput),
/* harmony export */   k1: () => (/* binding */ parseBoolInput),
/* harmony export */   mc: () => (/* binding */ INPUTS)
/* harmony export */ });
/* unused harmony export inputSpec */
/* harmony import */ var _store_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6107);
/* harmony import */ var _store_size_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(313);
/**
 * The one definition of the action's inputs: name, description, default, which action.yml files
 * carry it (the main action, restore/ and save/), whether the `compile-cache` command takes it as a
 * flag (with its `COMPILE_CACHE_<NAME>` fallback), whether it is a secret, and its kind of value
 * (how inputs.ts parses it).
 *
 * Everything else is generated from this list by `scripts/gen-inputs.mjs` (run by `npm run build`):
 * the `inputs:` blocks of action.yml, restore/action.yml and save/action.yml, the README's inputs
 * table and docs/cli.md's flags table; `npm run check-inputs` (part of `npm test`) fails when one of
 * them differs. The CLI's help is built from it at run time.
 *
 * Imports nothing but the store layer's parsers: both the action and the CLI read it.
 */


const ALL = ['main', 'restore', 'save'];
const MAIN = ['main'];
const MAIN_SAVE = ['main', 'save'];
const MAIN_RESTORE = ['main', 'restore'];
/** In no action.yml: the CLI's own. */
const CLI_ONLY = [];
function input(name, kind, def, actions, cli, description) {
    return { name, kind, default: def, actions, cli, secret: kind === 'secret', description };
}
/** Every input, in the order of the action.yml files and the tables. */
const INPUTS = [
    input('config', 'file', '', CLI_ONLY, true, 'The Go system\'s TOML configuration (CLI only). Its [[cache]] blocks give the cache directory (type = "disk": location, max_size) and the bucket (type = "s3": bucket, region, endpoint, prefix, max_size as the bucket\'s limit, access_key with secret_key as static credentials); an optional [compile_cache] table gives any other flag by name, such as namespaces = ["compile"]. Flags and their variables take precedence over the file.'),
    input('cache-dir', 'path', '~/.cache/compile-cache', ALL, true, 'Local cache directory. The default persists across jobs on a self-hosted runner. It may be a symlink you chose; everything inside it is treated as untrusted (written by builds): symlinks, FIFOs and other non-regular files there are never followed or opened, only skipped with a warning. Must not lie under /proc, /sys or /dev (/dev/shm is fine).'),
    input('backend', 'choice', 'auto', ALL, false, 'Where the cache is kept between jobs: auto (s3 when a bucket is set, else the GitHub Actions cache when the runner offers it, else local), s3, github (the GitHub Actions cache service, one archive per save) or local (nothing is synced).'),
    input('bucket', 'text', '', ALL, true, 'S3 bucket. Empty: the GitHub Actions cache when the runner offers it, else local-only mode (the cache is cleaned and counted, nothing is synced).'),
    input('region', 'text', '', ALL, true, 'Bucket region. Empty: AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1. Cloudflare R2 wants auto.'),
    input('endpoint', 'url', '', ALL, true, 'Custom S3 endpoint (MinIO, Ceph, R2, ...), e.g. https://minio.example.com:9000. Empty: AWS S3.'),
    input('path-style', 'bool', '', ALL, true, 'Path-style addressing (endpoint/bucket/key). Empty: on when an endpoint is set, off otherwise.'),
    input('access-key-id', 'secret', '', ALL, false, 'Static access key id (use a secret). Empty: the default AWS chain (environment, OIDC via aws-actions/configure-aws-credentials, instance role).'),
    input('secret-access-key', 'secret', '', ALL, false, 'Static secret access key (use a secret); needed together with access-key-id.'),
    input('session-token', 'secret', '', ALL, false, 'Session token for temporary static credentials (use a secret).'),
    input('prefix', 'prefix', 'cache/', ALL, true, 'Key prefix in the bucket (the Go system uses cache/).'),
    input('namespaces', 'list', 'compile, manifests', ALL, true, "Namespaces to sync, separated by commas or newlines. A namespace may be a path such as compile/local; compile carries every tenant. manifests holds direct mode's manifests, never read by the Go system's compile readers; leaving it out costs a fresh runner its direct-mode hits (its hits run the preprocessor), and turns depend mode off for the job (COMPILE_CACHE_DEPEND=off, unless the workflow sets it), since only a manifest finds a depend-mode entry. Each namespace has its own max-size and remote-max-size budget. Names starting with \".\" are reserved for the cache's own directories."),
    input('upload-mode', 'choice', 'auto', MAIN_SAVE, true, 'What a save writes to the bucket: auto (packs only while every entry in the bucket is in a pack, as when only compile-cache writes there; both as soon as the bucket holds entries outside packs, as the Go system writes them), both (one object per blob, as the Go system reads, and compressed packs for fast bulk restores), objects (objects only) or packs (packs only: fewest requests, invisible to the Go system). A restore reads packs and objects whatever this is. Set both when Go system readers must see every entry this action writes.'),
    input('install', 'choice', 'lazy', MAIN_RESTORE, true, "How a restore puts the entries it reads from packs on disk: lazy (the compressed pack chunks are kept in the state directory, so the restore writes a few files instead of six per entry; the compile server writes the entries into the cache directory in the background until the build starts, and any left are written the first time a compile asks for one of their chunk) or eager (every restored entry is written into the cache directory during the restore; set this when the Go system's daemon shares the cache directory, since it does not read the kept packs). Direct mode's manifests, and entries fetched as objects, are always written at once."),
    input('pack-prefix', 'prefix', '', ALL, true, 'Key prefix of the packs, ending in /; the namespace is appended (<pack-prefix>compile/). Empty: <prefix>packs/. Must stay outside the synced namespaces.'),
    input('max-size', 'size', '5G', ALL, true, 'Local budget per namespace (restore fills up to it, the post step prunes to it), e.g. 500M, 5G. 0: no limit.'),
    input('max-age', 'age', '14d', ALL, true, 'Local entries unused for longer are pruned, e.g. 14d, 720h. 0: no limit.'),
    input('remote-max-size', 'size', '', MAIN_SAVE, true, 'Bucket budget per namespace; the post step prunes the bucket to it, least recently used first. Empty: the bucket is not pruned by size.'),
    input('remote-max-age', 'age', '', MAIN_SAVE, true, 'Bucket entries unused for longer are pruned by the post step. Empty: the bucket is not pruned by age.'),
    input('refresh-after', 'age', '1d', MAIN_SAVE, true, 'Entries hit in this job whose bucket time is older than this get their bucket time refreshed (server-side copy), so bucket pruning keeps them. 0: refresh every hit entry.'),
    input('restore', 'bool', 'true', MAIN, false, 'Restore from the bucket before the job.'),
    input('save', 'bool', 'true', MAIN, false, 'Upload new entries after the job; an expression works, e.g. only on the main branch. The local cache is pruned either way.'),
    input('concurrency', 'count', '64', ALL, true, 'Transfers in flight at most (1 to 256).'),
    input('fail-on-error', 'bool', 'false', ALL, false, 'Fail the job on cache trouble (unreachable bucket, failed transfers). Default: warn and go on.'),
    input('summary', 'bool', 'true', MAIN_SAVE, false, 'Write the job summary.'),
    input('compiler-shims', 'bool', 'true', MAIN_RESTORE, false, 'Put cc, c++, gcc, g++, clang and clang++ shims that go through the cache first on PATH.'),
    input('cmake-launcher', 'bool', 'true', MAIN_RESTORE, false, 'Export CMAKE_C_COMPILER_LAUNCHER and CMAKE_CXX_COMPILER_LAUNCHER pointing at the cache launcher.'),
    input('tenant', 'text', 'local', MAIN_RESTORE, false, 'Tenant the wrapper writes under (compile/<tenant>/...): one path segment, not starting with "." (reserved).'),
    input('save-on-failure', 'bool', 'false', MAIN, false, 'Run the post step (prune and upload) when the job failed too.')
];
/** The input named `name`, or undefined. */
function inputSpec(name) {
    return INPUTS.find(i => i.name === name);
}
/** The variable the CLI falls back to for a flag: `COMPILE_CACHE_<NAME>`, and COMPILE_CACHE_DIR for cache-dir. */
function inputEnvName(name) {
    return name === 'cache-dir'
        ? 'COMPILE_CACHE_DIR'
        : `COMPILE_CACHE_${name.toUpperCase().replace(/-/g, '_')}`;
}
/** The CLI's flags from the inputs: never a secret. */
const CLI_INPUTS = INPUTS.filter(i => i.cli && !i.secret);
/** The placeholder a flag's value is shown with in the help (`--max-size <size>`). */
function valueName(spec) {
    switch (spec.kind) {
        case 'path':
            return 'dir';
        case 'file':
            return 'file';
        case 'choice':
            return spec.name === 'upload-mode' ? 'objects|packs|both' : 'choice';
        case 'text':
            return 'name';
        case 'url':
            return 'url';
        case 'bool':
            return 'true|false';
        case 'size':
            return 'size';
        case 'age':
            return 'age';
        case 'count':
            return 'n';
        case 'list':
            return 'list';
        case 'prefix':
            return 'prefix';
        case 'secret':
            return 'secret';
    }
}
/** Throws the InvalidInputError every input check uses: `input "<name>": "<value>" <what>`. */
function failInput(name, value, what) {
    throw new _store_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`input "${name}": ${JSON.stringify(value)} ${what}`);
}
/** The parsers of the kinds that need no other input: `bool`, `size` and `age`. */
function parseBoolInput(name, v) {
    if (['true', 'True', 'TRUE'].includes(v))
        return true;
    if (['false', 'False', 'FALSE'].includes(v))
        return false;
    return failInput(name, v, 'is not a boolean: expected true or false');
}
function parseSizeInput(name, v) {
    try {
        return (0,_store_size_js__WEBPACK_IMPORTED_MODULE_1__/* .parseSize */ .D)(v);
    }
    catch {
        return failInput(name, v, 'is not a size: expected a whole number of bytes with an optional unit B, K/KB/KiB, M/MB/MiB, G/GB/GiB or T/TB/TiB (base 1024), e.g. 500M or 10G; empty or 0 for no limit');
    }
}
function parseAgeInput(name, v) {
    try {
        return (0,_store_size_js__WEBPACK_IMPORTED_MODULE_1__/* .parseAge */ .F)(v);
    }
    catch {
        return failInput(name, v, 'is not an age: expected whole days such as 14d or a duration such as 720h, 1h30m or 90s; empty or 0 for no limit');
    }
}


/***/ }),

/***/ 9794:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DK: () => (/* binding */ INSTALL_CHOICES),
/* harmony export */   L1: () => (/* binding */ readCredentials),
/* harmony export */   NA: () => (/* binding */ UPLOAD_MODE_CHOICES),
/* harmony export */   Xg: () => (/* binding */ readConfig)
/* harmony export */ });
/* unused harmony exports BACKEND_CHOICES, INPUT_DEFAULTS, parseNamespaces, ghaCacheAvailable */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3233);
/* harmony import */ var _store_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(6107);
/* harmony import */ var _input_schema_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(9055);
/* harmony import */ var _store_validate_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(2642);
/**
 * The action's inputs: read, validated and resolved once (in the first step that runs), so every
 * later step works from the same values. Credentials are kept apart from the rest: the resolved
 * configuration goes into the action's state, credentials never do.
 */







const BACKEND_CHOICES = ['auto', 's3', 'github', 'local'];
/** What a save writes to the bucket (the `upload-mode` input); see docs/packs.md. */
const UPLOAD_MODE_CHOICES = [
    'auto',
    'objects',
    'packs',
    'both'
];
/** Defaults of the inputs other than the credentials, from the schema (src/config/input-schema.ts). */
const INPUT_DEFAULTS = Object.fromEntries(_input_schema_js__WEBPACK_IMPORTED_MODULE_5__/* .INPUTS */ .mc.filter(i => !i.secret).map(i => [i.name, i.default]));
const MAX_CONCURRENCY = 256;
const fail = _input_schema_js__WEBPACK_IMPORTED_MODULE_5__/* .failInput */ .Rv;
/** The input's value, or its default when unset (the runner passes defaults too, direct callers may not). */
function value(read, name) {
    const v = read(name).trim();
    return v === '' ? INPUT_DEFAULTS[name] : v;
}
function bool(read, name) {
    return (0,_input_schema_js__WEBPACK_IMPORTED_MODULE_5__/* .parseBoolInput */ .k1)(name, value(read, name));
}
function size(read, name) {
    return (0,_input_schema_js__WEBPACK_IMPORTED_MODULE_5__/* .parseSizeInput */ .Z9)(name, value(read, name));
}
function age(read, name) {
    return (0,_input_schema_js__WEBPACK_IMPORTED_MODULE_5__/* .parseAgeInput */ .h4)(name, value(read, name));
}
function expandHome(p) {
    if (p === '~')
        return (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)();
    if (p.startsWith('~/'))
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)((0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), p.slice(2));
    return p;
}
/**
 * Kernel file systems: a cache there cannot work, and `mkdir -p` below /proc never returns.
 * /dev/shm is an ordinary tmpfs (a RAM disk someone may choose), so it is allowed.
 */
const KERNEL_DIRS = ['/proc', '/sys', '/dev'];
const ALLOWED_BELOW_KERNEL_DIRS = ['/dev/shm'];
function isBelow(p, dir) {
    return p === dir || p.startsWith(dir + node_path__WEBPACK_IMPORTED_MODULE_2__.sep);
}
/**
 * `dir` with the symlinks of its existing part resolved (the user may have chosen a symlink), the
 * missing rest appended as it is.
 */
function resolveExisting(dir) {
    const missing = [];
    let p = dir;
    for (;;) {
        try {
            return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(p), ...missing.reverse());
        }
        catch {
            const parent = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(p);
            if (parent === p)
                return dir;
            missing.push((0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(p));
            p = parent;
        }
    }
}
/**
 * The cache directory must be a directory (or not exist yet) and must not lie on a kernel file
 * system (after resolving the user's symlinks). Whether it can be created and written is checked
 * when a step uses it (see cache-dir.ts): that is cache trouble, not a wrong value.
 */
function checkCacheDirPath(raw, cacheDir) {
    const real = resolveExisting(cacheDir);
    const kernel = KERNEL_DIRS.find(k => isBelow(real, k));
    if (kernel !== undefined && !ALLOWED_BELOW_KERNEL_DIRS.some(a => isBelow(real, a))) {
        fail('cache-dir', raw, `resolves to ${real}, on the kernel file system ${kernel}: expected a directory on a normal disk, such as ~/.cache/compile-cache`);
    }
    let st;
    try {
        st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(cacheDir);
    }
    catch {
        return; // missing (made later) or unreachable (reported when a step uses it)
    }
    if (!st.isDirectory()) {
        fail('cache-dir', raw, `is ${(0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .describeKind */ .SB)(st)}, not a directory: expected a directory (or a path where one can be created), such as ~/.cache/compile-cache`);
    }
}
/** Splits `compile, source` or one namespace per line; each may be a path such as `compile/local`. */
function parseNamespaces(raw, name = 'namespaces') {
    const items = raw
        .split(/[\n,]/)
        .map(s => s.trim())
        .filter(s => s !== '');
    if (items.length === 0)
        fail(name, raw, 'names no namespace: expected one or more, such as compile');
    const paths = [];
    for (const item of items) {
        let parts;
        try {
            parts = (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_6__/* .splitNamespacePath */ .NC)(item);
        }
        catch {
            return fail(name, item, 'is not a namespace: expected a path of names such as compile or compile/local (no ".", "..", "\\" or empty parts)');
        }
        const dotted = parts.find(p => p.startsWith('.'));
        if (dotted !== undefined) {
            // The store's own directories (.staging) and other dot-names are reserved; every walk skips them.
            fail(name, item, `is not a namespace: "${dotted}" starts with ".", which is reserved for the cache's own directories; expected names such as compile or compile/local`);
        }
        const path = parts.join('/');
        if (!paths.includes(path))
            paths.push(path);
    }
    // Overlapping namespaces would sync the same entries twice and split one budget two ways.
    for (const a of paths) {
        for (const b of paths) {
            if (a !== b && b.startsWith(a + '/')) {
                fail(name, raw, `lists both "${a}" and "${b}", which lies inside it: expected namespaces that do not overlap`);
            }
        }
    }
    return paths;
}
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const REGION_NAME = /^[a-z0-9][a-z0-9-]*$/;
/**
 * Reads and validates every input. Throws InvalidInputError naming the input, the value and the
 * expected form, so the first step fails fast with a message the user can act on.
 */
function readConfig(read, env = process.env) {
    const cacheDirRaw = value(read, 'cache-dir');
    if (cacheDirRaw.includes('\0'))
        fail('cache-dir', cacheDirRaw, 'is not a path: it contains a NUL character');
    // Relative paths are taken from the workspace (the steps' working directory).
    const cacheDir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(expandHome(cacheDirRaw));
    checkCacheDirPath(cacheDirRaw, cacheDir);
    const bucket = value(read, 'bucket');
    if (bucket !== '' && !BUCKET_NAME.test(bucket)) {
        fail('bucket', bucket, 'is not a bucket name: expected 3 to 63 lowercase letters, digits, dots, hyphens or underscores, starting and ending with a letter or digit');
    }
    const endpoint = value(read, 'endpoint');
    if (endpoint !== '') {
        let url;
        try {
            url = new URL(endpoint);
        }
        catch {
            url = undefined;
        }
        if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
            fail('endpoint', endpoint, 'is not an endpoint: expected an http:// or https:// URL such as https://minio.example.com:9000');
        }
    }
    // The AWS chain's own region variables apply when the input is empty (configure-aws-credentials sets them).
    let region = value(read, 'region');
    if (region === '')
        region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1';
    if (!REGION_NAME.test(region)) {
        fail('region', region, 'is not a region: expected a name such as us-east-1, or auto for Cloudflare R2');
    }
    const pathStyleRaw = read('path-style').trim();
    const pathStyle = pathStyleRaw === '' ? endpoint !== '' : bool(read, 'path-style');
    let prefix = value(read, 'prefix');
    if (prefix !== '' && !prefix.endsWith('/'))
        prefix += '/';
    if (prefix.startsWith('/') ||
        prefix.includes('//') ||
        prefix.split('/').some(p => p === '.' || p === '..')) {
        fail('prefix', read('prefix'), 'is not a key prefix: expected names separated by "/", such as cache/ or team/cache/');
    }
    if (/[\\\0]/.test(prefix)) {
        fail('prefix', read('prefix'), 'is not a key prefix: expected names separated by "/", such as cache/');
    }
    const namespaces = parseNamespaces(value(read, 'namespaces'));
    const uploadMode = parseUploadModeInput(value(read, 'upload-mode'));
    const install = parseInstallInput(value(read, 'install'));
    const packPrefix = parsePackPrefix(value(read, 'pack-prefix'), prefix, namespaces);
    const concurrencyRaw = value(read, 'concurrency');
    const concurrency = Number(concurrencyRaw);
    if (!/^\d+$/.test(concurrencyRaw) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        fail('concurrency', concurrencyRaw, `is not a transfer count: expected a whole number from 1 to ${MAX_CONCURRENCY}`);
    }
    const backend = resolveBackend(value(read, 'backend'), bucket, env);
    const tenant = value(read, 'tenant');
    try {
        (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_6__/* .validateNamespace */ .qB)(tenant);
        if (tenant.startsWith('.'))
            throw new Error('reserved');
    }
    catch {
        fail('tenant', tenant, 'is not a tenant name: expected one path segment such as local (no "/", "\\", and not starting with ".", which is reserved for the cache\'s own directories)');
    }
    return {
        cacheDir,
        backend,
        bucket,
        region,
        endpoint,
        pathStyle,
        prefix,
        namespaces,
        uploadMode,
        install,
        packPrefix,
        maxSize: size(read, 'max-size'),
        maxAge: age(read, 'max-age'),
        remoteMaxSize: size(read, 'remote-max-size'),
        remoteMaxAge: age(read, 'remote-max-age'),
        refreshAfter: age(read, 'refresh-after'),
        restore: bool(read, 'restore'),
        save: bool(read, 'save'),
        concurrency,
        failOnError: bool(read, 'fail-on-error'),
        summary: bool(read, 'summary'),
        compilerShims: bool(read, 'compiler-shims'),
        cmakeLauncher: bool(read, 'cmake-launcher'),
        tenant,
        saveOnFailure: bool(read, 'save-on-failure')
    };
}
const INSTALL_CHOICES = ['lazy', 'eager'];
/** A choice input, case-insensitive; anything else fails naming the input, the value and `expected`. */
function parseChoice(name, raw, choices, expected) {
    const v = raw.toLowerCase();
    if (!choices.includes(v))
        fail(name, raw, expected);
    return v;
}
function parseInstallInput(raw) {
    return parseChoice('install', raw, INSTALL_CHOICES, 'is not an install mode: expected lazy (entries from packs are kept packed and written into the cache directory in the background or when a compile first asks for them) or eager (all of them during the restore)');
}
function parseUploadModeInput(raw) {
    return parseChoice('upload-mode', raw, UPLOAD_MODE_CHOICES, `is not an upload mode: expected one of ${UPLOAD_MODE_CHOICES.join(', ')} (auto: packs, plus objects when the bucket holds entries outside packs; objects: one object per blob, as the Go system reads; packs: compressed packs only; both)`);
}
/**
 * The `pack-prefix` input resolved (empty: `<prefix>packs/`). Each namespace's packs go under
 * `<packPrefix><namespace>/`, which must not lie inside a synced namespace's entries (the Go
 * system and the bucket clean would walk the pack objects) nor contain them (pack maintenance
 * would see entry objects).
 */
function parsePackPrefix(raw, prefix, namespaces) {
    if (raw !== '' &&
        (!raw.endsWith('/') ||
            raw.startsWith('/') ||
            raw.includes('//') ||
            /[\\\0]/.test(raw) ||
            raw.split('/').some(p => p === '.' || p === '..'))) {
        fail('pack-prefix', raw, 'is not a key prefix: expected names separated by "/" and ending in "/", such as cache/packs/; empty for <prefix>packs/');
    }
    const packPrefix = raw === '' ? `${prefix}packs/` : raw;
    for (const packNs of namespaces) {
        const packRoot = `${packPrefix}${packNs}/`;
        for (const ns of namespaces) {
            const entries = `${prefix}${ns}/`;
            if (packRoot.startsWith(entries) || entries.startsWith(packRoot)) {
                fail('pack-prefix', packPrefix, `puts the packs of ${packNs} at ${packRoot}, which overlaps the entries of namespace ${ns} at ${entries}: expected a pack prefix that keeps every <pack-prefix><namespace>/ apart from the synced namespaces' entries`);
            }
        }
    }
    return packPrefix;
}
/**
 * Whether the runner offers the GitHub Actions cache service to this step, by the rule of
 * @actions/cache's isFeatureAvailable (service v2 needs ACTIONS_RESULTS_URL, the legacy v1
 * ACTIONS_CACHE_URL; GHES has only v1), plus the runtime token every call needs. The runner gives
 * these to JavaScript actions only, never to `run:` steps.
 */
function ghaCacheAvailable(env) {
    if (!env.ACTIONS_RUNTIME_TOKEN)
        return false;
    const host = (() => {
        try {
            return new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase();
        }
        catch {
            return '';
        }
    })();
    const ghes = host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
    const v2 = !ghes && Boolean(env.ACTIONS_CACHE_SERVICE_V2);
    return v2 ? Boolean(env.ACTIONS_RESULTS_URL) : Boolean(env.ACTIONS_CACHE_URL);
}
/**
 * The `backend` input resolved: `auto` is s3 with a bucket, else github when the runner offers
 * the cache service, else local. An explicit `github` without the service stays `github` (the
 * step then warns and runs locally), so a misconfigured runner is visible rather than silent.
 */
function resolveBackend(raw, bucket, env) {
    if (!BACKEND_CHOICES.includes(raw)) {
        fail('backend', raw, `is not a backend: expected one of ${BACKEND_CHOICES.join(', ')}`);
    }
    if (raw === 's3' && bucket === '')
        fail('backend', raw, 'needs a bucket: set the bucket input');
    if (raw === 'auto')
        return bucket !== '' ? 's3' : ghaCacheAvailable(env) ? 'github' : 'local';
    return raw;
}
/**
 * Static credentials from the inputs, or undefined for the default AWS chain (environment, profile,
 * web identity / OIDC, instance role). Read afresh in every step: they are never stored.
 */
function readCredentials(read) {
    const accessKeyId = read('access-key-id').trim();
    const secretAccessKey = read('secret-access-key').trim();
    const sessionToken = read('session-token').trim();
    if (accessKeyId === '' && secretAccessKey === '') {
        if (sessionToken !== '') {
            throw new _store_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InvalidInputError */ .oC('input "session-token" is set but "access-key-id" and "secret-access-key" are not: expected all three, or only the key pair');
        }
        return undefined;
    }
    // The values themselves are never quoted: they are secrets.
    if (accessKeyId === '') {
        throw new _store_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InvalidInputError */ .oC('input "access-key-id" is empty but "secret-access-key" is set: expected both or neither');
    }
    if (secretAccessKey === '') {
        throw new _store_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InvalidInputError */ .oC('input "secret-access-key" is empty but "access-key-id" is set: expected both or neither');
    }
    return sessionToken === ''
        ? { accessKeyId, secretAccessKey }
        : { accessKeyId, secretAccessKey, sessionToken };
}


/***/ }),

/***/ 1676:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Hj: () => (/* binding */ prepareCacheDir),
/* harmony export */   Pj: () => (/* binding */ repairIdentityDir),
/* harmony export */   c2: () => (/* binding */ checkWrapperPaths)
/* harmony export */ });
/* unused harmony export CacheDirError */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var _compiler_cache_root_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1663);
/* harmony import */ var _compiler_identity_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9472);
/* harmony import */ var _compiler_stats_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9059);
/* harmony import */ var _store_legacy_state_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(5927);
/* harmony import */ var _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(3233);
/* harmony import */ var _store_state_dir_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(1473);
/* harmony import */ var _sync_failures_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(1671);
/**
 * The cache directory as the steps use it. The directory itself is the user's choice (it may be a
 * symlink they made) and is trusted; everything inside it was written by builds and is not (see
 * src/store/safe-fs.ts). Here: making it without a `mkdir -p` that can spin forever, proving it
 * writable within seconds, removing what earlier versions kept at its root (src/store/legacy-state.ts),
 * and checking the wrapper's own files in its state directory (src/store/state-dir.ts), which is as
 * untrusted.
 */









/** The cache directory cannot be made or written: cache trouble (a warning unless fail-on-error). */
class CacheDirError extends Error {
    name = 'CacheDirError';
}
/**
 * Makes the cache directory (one mkdir per missing component, each tried once) and proves it can
 * be written by creating and removing a probe file. Throws CacheDirError naming the input and the
 * path. Returns at once either way: nothing here can wait on a FIFO or loop. Then removes the state
 * an earlier version kept at the directory's root, and returns what it removed, naming each path
 * (for an info line).
 */
function prepareCacheDir(cacheDir) {
    const probe = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cacheDir, `.write-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
    try {
        (0,_compiler_cache_root_js__WEBPACK_IMPORTED_MODULE_2__/* .makeDirBounded */ .j)(cacheDir);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(probe, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK, 0o600));
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(probe);
    }
    catch (err) {
        throw new CacheDirError(`the cache directory ${cacheDir} (input "cache-dir") cannot be created or written: ${(0,_sync_failures_js__WEBPACK_IMPORTED_MODULE_8__/* .errorText */ .kc)(err)}`);
    }
    return (0,_store_legacy_state_js__WEBPACK_IMPORTED_MODULE_5__/* .removeLegacyState */ .j)(cacheDir);
}
/**
 * The wrapper's directories in the state directory that are not real directories (a planted
 * symlink, FIFO, file, …, the state directory itself or a directory above it included), and an
 * `events` file that is not a regular file with one name: what the wrapper skipped (it records
 * nothing, or hashes the compiler every time). One message per path.
 */
function checkWrapperPaths(cacheDir) {
    const notes = [];
    const look = (p, want) => {
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p, { throwIfNoEntry: false });
        if (st === undefined)
            return false;
        const ok = want === 'dir' ? st.isDirectory() : st.isFile() && st.nlink === 1;
        if (!ok) {
            const kind = st.isFile() ? `a hard link to a file with ${st.nlink} names` : (0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_6__/* .describeKind */ .SB)(st);
            notes.push(`${p} is ${kind}; the compiler wrapper left it alone and did not use it`);
        }
        return ok;
    };
    const loc = (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_7__/* .stateLocation */ .vJ)(cacheDir);
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(loc.base, loc.dir);
    let p = loc.base;
    for (const part of rel === '' ? [] : rel.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep)) {
        p = node_path__WEBPACK_IMPORTED_MODULE_1__.join(p, part);
        // Missing: nothing below was written. Planted: nothing below was used.
        if (!look(p, 'dir'))
            return { notes, statsUnsafe: notes.length > 0 };
    }
    const stats = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(loc.dir, _compiler_stats_js__WEBPACK_IMPORTED_MODULE_4__/* .STATS_DIR */ .kL);
    if (look(stats, 'dir'))
        look((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(stats, _compiler_stats_js__WEBPACK_IMPORTED_MODULE_4__/* .STATS_FILE */ .RJ), 'file');
    const statsUnsafe = notes.length > 0;
    look((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(loc.dir, _compiler_identity_js__WEBPACK_IMPORTED_MODULE_3__/* .IDENTITY_DIR */ .D), 'dir');
    return { notes, statsUnsafe };
}
/**
 * The pre step's repair of the wrapper's `compilers` directory: a planted non-directory there or
 * above it in the state directory is unlinked (the link itself, never what it points at), so the
 * wrapper can remember compiler hashes again. Returns what was removed, naming the path.
 */
function repairIdentityDir(cacheDir) {
    const loc = (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_7__/* .stateLocation */ .vJ)(cacheDir);
    return (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_7__/* .repairStateDir */ .Q1)(loc, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(loc.dir, _compiler_identity_js__WEBPACK_IMPORTED_MODULE_3__/* .IDENTITY_DIR */ .D));
}


/***/ }),

/***/ 6195:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   _M: () => (/* binding */ restoreJob),
/* harmony export */   p7: () => (/* binding */ saveJob),
/* harmony export */   wN: () => (/* binding */ defaultManifestPath),
/* harmony export */   z3: () => (/* binding */ jobTempDir)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1455);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6760);
/* harmony import */ var _backends_select_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(5919);
/* harmony import */ var _sync_packs_index_cache_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(4316);
/* harmony import */ var _cache_dir_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(1676);
/**
 * The two halves of a job around the build, for the action's steps and the CLI alike: restore
 * (remote → disk, write the manifest) and save (prune the disk, upload what is new), each through
 * the configured backend (src/backends). Both first make sure the cache directory is usable.
 */







/** Where this job keeps its own files (the manifest, the shims): the runner's per-job temp directory. */
function jobTempDir(c, env = process.env) {
    const base = env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)();
    const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(c.cacheDir).digest('hex').slice(0, 12);
    return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(base, 'compile-cache', id);
}
function defaultManifestPath(c, env = process.env) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(jobTempDir(c, env), 'manifest.json');
}
async function restoreJob(c, credentials, r) {
    (0,_cache_dir_js__WEBPACK_IMPORTED_MODULE_6__/* .prepareCacheDir */ .Hj)(c.cacheDir);
    // A manifest left over from an earlier run (self-hosted runner, same temp dir) must not mislead the
    // save; nor its index copies (rm removes a symlink planted in their place, never what it points at).
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(r.manifestPath, { force: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)((0,_sync_packs_index_cache_js__WEBPACK_IMPORTED_MODULE_5__/* .packIndexCacheDir */ .D)(r.manifestPath), { recursive: true, force: true });
    return (0,_backends_select_js__WEBPACK_IMPORTED_MODULE_4__/* .backendFor */ .M)(c, credentials).restore(r);
}
async function saveJob(c, credentials, r) {
    (0,_cache_dir_js__WEBPACK_IMPORTED_MODULE_6__/* .prepareCacheDir */ .Hj)(c.cacheDir);
    return (0,_backends_select_js__WEBPACK_IMPORTED_MODULE_4__/* .backendFor */ .M)(c, credentials).save(r);
}


/***/ }),

/***/ 8488:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Br: () => (/* binding */ renderSummary),
/* harmony export */   CE: () => (/* binding */ formatRate),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony exports escapeMarkdown, wrapperHitRate, code */
/**
 * The job summary: one readable Markdown report per job, built from plain figures so it can be
 * rendered (and tested) without the runner. Every string that comes from outside (paths, bucket
 * names, compiler reasons, error texts) goes through escapeMarkdown.
 */
/** Escapes text for Markdown and the HTML GitHub renders it with, so it shows literally. */
function escapeMarkdown(text) {
    return text
        .replace(/[\r\n]+/g, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}
/** Bytes in base 1024, as sizes are written in the inputs. */
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = bytes;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)} min ${s % 60} s`;
}
function formatRate(bytes, ms) {
    if (ms <= 0 || bytes <= 0)
        return '–';
    return `${formatBytes((bytes * 1000) / ms)}/s`;
}
/** Hits over cacheable calls (hits + misses), or undefined when there were none. */
function wrapperHitRate(w) {
    const cacheable = w.hits + w.misses;
    return cacheable === 0 ? undefined : w.hits / cacheable;
}
/**
 * Inline code for a namespace name (validated: no HTML can hide in it; the rest goes through
 * escapeMarkdown, since code spans show backslash escapes literally). Backticks cannot end it
 * early, and `|` cannot split a table cell.
 */
function code(text) {
    return ('`' +
        text
            .replace(/`/g, "'")
            .replace(/[\r\n]+/g, ' ')
            .replace(/\|/g, '\\|') +
        '`');
}
function table(head, rows) {
    const line = (cells) => `| ${cells.join(' | ')} |`;
    return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
function count(n, bytes) {
    return `${n} (${formatBytes(bytes)})`;
}
const UPLOAD_MODE_TEXT = {
    objects: 'new entries go up as one object per blob',
    packs: 'new entries go up as compressed packs only',
    both: 'new entries go up as one object per blob and as compressed packs',
    auto: 'new entries go up as compressed packs, and as one object per blob too where the bucket holds entries outside packs (written by the Go system, say)'
};
const UPLOADED_AS_TEXT = { objects: 'objects', packs: 'packs only', both: 'packs and objects' };
function renderSummary(d) {
    const out = ['## compile-cache', ''];
    const remote = d.remoteName ?? 'bucket';
    const where = d.locationLabel
        ? escapeMarkdown(d.locationLabel)
        : d.location
            ? `Bucket ${escapeMarkdown(d.location)}${d.remoteUnavailable ? ' (unavailable in this job: nothing was synced)' : ''}`
            : 'Local only: no bucket configured, nothing was synced';
    out.push(`${where} · cache directory ${escapeMarkdown(d.cacheDir)}`, '');
    if (d.wrapper) {
        const w = d.wrapper;
        const uncacheable = Object.values(w.uncacheable).reduce((a, b) => a + b, 0);
        const rate = wrapperHitRate(w);
        out.push('### Compiler calls', '');
        out.push(table(['hits', 'misses', 'uncacheable', 'errors', 'hit rate'], [
            [
                String(w.hits),
                String(w.misses),
                String(uncacheable),
                String(w.errors),
                rate === undefined ? '–' : `${(rate * 100).toFixed(1)} %`
            ]
        ]));
        const reasons = Object.entries(w.uncacheable)
            .filter(([, n]) => n > 0)
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        if (reasons.length > 0) {
            out.push('', `Uncacheable calls by reason: ${reasons.map(([r, n]) => `${escapeMarkdown(r)} ${n}`).join(', ')}`);
        }
        const kinds = Object.entries(w.errorKinds ?? {}).filter(([, n]) => n > 0);
        if (kinds.length > 0) {
            out.push('', `Cache errors (the compiles went on uncached): ${kinds.map(([k, n]) => `${escapeMarkdown(k)} ${n}`).join(', ')}`);
        }
        out.push('');
    }
    if ((d.restore && d.restore.length > 0) || d.restoreNote)
        out.push('### Restore', '');
    if (d.restoreNote)
        out.push(escapeMarkdown(d.restoreNote), '');
    if (d.restore && d.restore.length > 0) {
        // Only a bucket restore reads packs (it sets restoredFromPacks); the github backend does not.
        const packRestore = d.restore.some(r => r.restoredFromPacks !== undefined);
        out.push(table([
            'namespace',
            `in ${remote}`,
            'restored',
            ...(packRestore ? ['from packs / objects'] : []),
            'already local',
            'left out (budget / age)',
            'failed',
            'time',
            'rate'
        ], d.restore.map(r => [
            code(r.namespace),
            count(r.remoteEntries, r.remoteBytes),
            count(r.restoredEntries, r.restoredBytes),
            ...(packRestore
                ? [`${r.restoredFromPacks ?? 0} / ${r.restoredEntries - (r.restoredFromPacks ?? 0)}`]
                : []),
            String(r.alreadyLocal),
            `${r.skippedForBudget} / ${r.skippedForAge}`,
            String(r.failed),
            formatDuration(r.durationMs),
            formatRate(r.restoredBytes, r.durationMs)
        ])), '');
        const kept = d.restore.filter(r => (r.keptPacked ?? 0) > 0);
        if (kept.length > 0) {
            out.push(`Lazy install: ${kept.map(r => `${r.keptPacked} of ${code(r.namespace)}`).join(', ')} restored entries ` +
                'were kept packed; each is written into the cache directory when a compile first asks for it ' +
                '(its whole pack chunk at once). `install: eager` writes them all during the restore.', '');
        }
    }
    if ((d.save && d.save.length > 0) || d.saveNote)
        out.push('### Save', '');
    if (d.saveNote)
        out.push(escapeMarkdown(d.saveNote), '');
    if (d.uploadMode && d.save && d.save.length > 0) {
        const resolved = d.uploadMode === 'auto'
            ? ` This save: ${d.save.map(s => `${code(s.namespace)} as ${UPLOADED_AS_TEXT[s.uploadedAs ?? 'both']}`).join(', ')}.`
            : '';
        out.push(`Upload mode ${code(d.uploadMode)}: ${UPLOAD_MODE_TEXT[d.uploadMode]}.${resolved}`, '');
    }
    if (d.save && d.save.length > 0) {
        const packSave = d.uploadMode !== undefined && d.uploadMode !== 'objects';
        out.push(table([
            'namespace',
            'size before → after',
            'evicted locally (size / age)',
            'uploaded',
            ...(packSave ? ['packs written'] : []),
            `already in ${remote}`,
            'refreshed',
            `evicted in ${remote} (size / age)`,
            'failed / incomplete',
            'time'
        ], d.save.map(s => [
            code(s.namespace),
            `${count(s.sizeBefore.entries, s.sizeBefore.bytes)} → ${count(s.sizeAfter.entries, s.sizeAfter.bytes)}`,
            `${count(s.evictedLocal.bySize.entries, s.evictedLocal.bySize.bytes)} / ${count(s.evictedLocal.byAge.entries, s.evictedLocal.byAge.bytes)}`,
            count(s.uploadedEntries, s.uploadedBytes),
            ...(packSave ? [String(s.packsWritten ?? 0)] : []),
            String(s.alreadyRemote),
            String(s.refreshedRemote),
            s.evictedRemote
                ? `${count(s.evictedRemote.bySize.entries, s.evictedRemote.bySize.bytes)} / ${count(s.evictedRemote.byAge.entries, s.evictedRemote.byAge.bytes)}`
                : 'not pruned',
            `${s.failed} / ${s.incompleteSkipped}`,
            formatDuration(s.durationMs)
        ])), '');
    }
    if (d.warnings.length > 0) {
        out.push('### Warnings', '', ...d.warnings.map(w => `- ${escapeMarkdown(w)}`), '');
    }
    return out.join('\n') + '\n';
}


/***/ }),

/***/ 3954:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ builtinModule)
/* harmony export */ });
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8995);
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

/***/ 3168:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ly: () => (/* binding */ decompressChunk),
/* harmony export */   m6: () => (/* binding */ codecAvailable),
/* harmony export */   xR: () => (/* binding */ MAX_CHUNK_BYTES)
/* harmony export */ });
/* harmony import */ var _builtin_module_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3954);
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

/***/ 8893:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CA: () => (/* reexport safe */ _safe_fs_js__WEBPACK_IMPORTED_MODULE_4__.CA),
/* harmony export */   KZ: () => (/* binding */ writeAtomicSync),
/* harmony export */   M1: () => (/* binding */ removeDir),
/* harmony export */   Py: () => (/* binding */ makeStagingDir),
/* harmony export */   RH: () => (/* binding */ ensureStagingDir),
/* harmony export */   U6: () => (/* binding */ STALE_TEMP_MS),
/* harmony export */   V3: () => (/* binding */ removeIfEmpty),
/* harmony export */   X2: () => (/* binding */ makeDirs),
/* harmony export */   XQ: () => (/* binding */ sweepStagingDir),
/* harmony export */   Xf: () => (/* binding */ StagingGoneError),
/* harmony export */   b2: () => (/* binding */ isMissing),
/* harmony export */   k8: () => (/* binding */ writeFileLean),
/* harmony export */   kj: () => (/* binding */ diskStoreCounters),
/* harmony export */   v0: () => (/* binding */ SYNC_WRITE_MAX),
/* harmony export */   vZ: () => (/* binding */ writeAtomic),
/* harmony export */   v_: () => (/* binding */ uniqueSuffix)
/* harmony export */ });
/* unused harmony exports FILE_MODE, DIR_MODE, STAGING_DIR, writeNewFile, stagingCreator, creatorIsDead */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(7975);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3233);
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
    const code = (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(err);
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
    suffixBase ??= (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).readUIntBE(0, 6);
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
        created = (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .ensureDirChain */ .FV)(root, dir, DIR_MODE);
    }
    catch (err) {
        if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(err) !== 'ENOENT' || node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(root))
            throw err;
        // A fresh cache: the root itself is missing. It is trusted (the configured directory, which
        // may be or lie below a symlink the user chose), so it is created the ordinary way.
        node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync(root, { recursive: true, mode: DIR_MODE });
        created = (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .ensureDirChain */ .FV)(root, dir, DIR_MODE);
    }
    for (const d of created) {
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.chmodSync(d, DIR_MODE);
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
    const handle = await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.open(file, 'wx', FILE_MODE);
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
const openFd = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_1__.open);
const writeFd = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_1__.write);
const futimesFd = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_1__.futimes);
const fchmodFd = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_1__.fchmod);
const closeFd = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_1__.close);
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
    const staging = node_path__WEBPACK_IMPORTED_MODULE_2__.join(root, STAGING_DIR);
    for (let attempt = 0; attempt < 5; attempt++) {
        let st;
        try {
            st = node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync(staging);
        }
        catch (err) {
            if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(err) !== 'ENOENT')
                throw err;
            if (!create)
                return null;
            try {
                node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync(staging, { mode: DIR_MODE });
                node_fs__WEBPACK_IMPORTED_MODULE_1__.chmodSync(staging, DIR_MODE);
            }
            catch (mkErr) {
                const code = (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(mkErr);
                if (code === 'ENOENT')
                    node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync(root, { recursive: true, mode: DIR_MODE });
                else if (code !== 'EEXIST')
                    throw mkErr;
            }
            continue;
        }
        if (st.isDirectory())
            return staging;
        report(staging, (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .describeKind */ .SB)(st), 'removed');
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.unlinkSync(staging);
        }
        catch (err) {
            if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(err) !== 'ENOENT')
                throw err;
        }
    }
    throw new _safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .UnsafePathError */ .k0(staging, 'not a directory (it kept coming back)');
}
/**
 * Creates the directory `<root>/.staging/<name>` with mode 0755. The caller has checked the staging
 * directory (ensureStagingDir); when it is missing, it is checked and made here. Returns whether the
 * umask left the modes alone: when the new directory is 0755, the umask clears none of 0755's bits,
 * so files created 0644 are 0644 too and need no chmod. Otherwise the directory has been set to
 * 0755 and files must be chmodded.
 */
async function makeStagingDir(root, name, report = () => undefined) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.join(root, STAGING_DIR, name);
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.mkdir(dir, { mode: DIR_MODE });
    }
    catch (err) {
        if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(err) !== 'ENOENT')
            throw err;
        ensureStagingDir(root, report, true);
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.mkdir(dir, { mode: DIR_MODE });
    }
    const mode = (await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.lstat(dir)).mode & 0o777;
    if (mode === DIR_MODE)
        return { dir, exactModes: true };
    await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.chmod(dir, DIR_MODE);
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
        return (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(err) === 'ESRCH';
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
        children = await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.readdir(staging, { withFileTypes: true });
    }
    catch (err) {
        if (isMissing(err))
            return 0;
        throw err;
    }
    let removed = 0;
    for (const child of children) {
        const p = node_path__WEBPACK_IMPORTED_MODULE_2__.join(staging, child.name);
        try {
            const st = await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.lstat(p);
            const stale = st.mtimeMs < now - STALE_TEMP_MS;
            if (st.isDirectory()) {
                if (!stale && !creatorIsDead(child.name))
                    continue;
                // A real directory inside the checked staging directory: rm never follows links below it.
                await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rm(p, { recursive: true, force: true, maxRetries: 3 });
                removed++;
            }
            else if (st.isFile()) {
                if (stale)
                    await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.unlink(p);
            }
            else {
                report(p, (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .describeKind */ .SB)(st), 'removed');
                await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.unlink(p);
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
    const tmp = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, `.${name}.tmp-${uniqueSuffix()}`);
    try {
        // O_CREAT|O_EXCL: never through an existing path, so never through a planted link.
        const fd = node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync(tmp, 'wx', FILE_MODE);
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.fchmodSync(fd, FILE_MODE);
            for (let done = 0; done < data.byteLength;)
                done += node_fs__WEBPACK_IMPORTED_MODULE_1__.writeSync(fd, data, done);
        }
        finally {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync(fd);
        }
        node_fs__WEBPACK_IMPORTED_MODULE_1__.renameSync(tmp, node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, name));
    }
    catch (err) {
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync(tmp, { force: true });
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
    const tmp = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, `.${name}.tmp-${uniqueSuffix()}`);
    try {
        await writeNewFile(tmp, data);
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rename(tmp, node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, name));
    }
    catch (err) {
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rm(tmp, { force: true }).catch(() => undefined);
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
    const trash = node_path__WEBPACK_IMPORTED_MODULE_2__.join(staging, `trash-${uniqueSuffix()}`);
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rename(dir, trash);
    }
    catch (err) {
        const code = (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .errorCode */ .CA)(err);
        if (code === 'ENOENT') {
            try {
                await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.lstat(dir);
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
            await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rm(dir, { recursive: true, force: true, maxRetries: 3 });
            return true;
        }
        throw err;
    }
    // The entry is gone for every reader now; failing to delete the trash only leaves a stale leftover.
    await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rm(trash, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
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
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rmdir(dir);
    }
    catch {
        // ENOTEMPTY, EEXIST, ENOENT, ...: keep it.
    }
}


/***/ }),

/***/ 1107:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ walkStore),
/* harmony export */   d: () => (/* binding */ direntKind)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var _validate_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2642);
/* harmony import */ var _disk_fs_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(8893);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3233);





/** The blob a use touches first (DiskCacheStore.touch). */
const TOUCHED_BLOB = 'exit_code';
const SHARD_NAME = /^[0-9a-f]{2}$/;
/** Every entry of the store rooted at `dir` and of every namespace below it; namespaces relative to `dir`. */
async function walkStore(dir, options) {
    _disk_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .diskStoreCounters */ .kj.walks++;
    const out = [];
    if (options.root !== undefined) {
        // The view's own directory (e.g. `compile/local`) planted as a symlink: nothing there is
        // listed, uploaded, pruned or deleted.
        try {
            if (!(0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .checkDirChain */ .dH)(options.root, dir))
                return out;
        }
        catch (err) {
            if (!(err instanceof _safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .UnsafePathError */ .k0))
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
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir, { withFileTypes: true });
    }
    catch (err) {
        if ((0,_disk_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .isMissing */ .b2)(err))
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
            options.report?.(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, child.name), direntKind(child));
        }
    }
}
/** A directory below a namespace: a shard when its name is two hex characters, else a namespace. */
async function walkChild(parent, ns, name, options, out) {
    if (name.startsWith('.'))
        return;
    const p = node_path__WEBPACK_IMPORTED_MODULE_1__.join(parent, name);
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
                options.report?.(node_path__WEBPACK_IMPORTED_MODULE_1__.join(shardPath, child.name), direntKind(child));
            continue;
        }
        if ((0,_validate_js__WEBPACK_IMPORTED_MODULE_2__/* .isKeyHex */ .N2)(child.name) && child.name.startsWith(hh))
            candidates.push(child.name);
        else
            nested.push(child.name);
    }
    const scans = candidates.map(name => {
        const entryPath = `${shardPath}${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}${name}`;
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
        const entryPath = node_path__WEBPACK_IMPORTED_MODULE_1__.join(shardPath, name);
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
    const st = lstatOrNull(`${entryPath}${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}${TOUCHED_BLOB}`);
    if (st === null || !st.isFile())
        return null;
    _disk_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .diskStoreCounters */ .kj.knownEntries++;
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
        const p = `${entryPath}${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}${child.name}`;
        if ((0,_validate_js__WEBPACK_IMPORTED_MODULE_2__/* .isTempName */ .Gs)(child.name)) {
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
    const cutoff = now - _disk_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .STALE_TEMP_MS */ .U6;
    const stale = scan.temps.filter(t => t.mtimeMs < cutoff);
    const emptyAfter = scan.blobs.length === 0 && scan.others === 0 && !scan.hasSubdirs;
    if (stale.length === 0 && !(emptyAfter && scan.temps.length === 0))
        return;
    // Taken before deleting anything (which refreshes it): an entry directory is removed only when
    // nothing was created in it for a while, since a fresh one may belong to a put in progress.
    const dirStat = emptyAfter && stale.length === scan.temps.length ? lstatOrNull(entryPath) : null;
    for (const t of stale)
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(t.path, { recursive: true, force: true }).catch(() => undefined);
    if (dirStat !== null && dirStat.mtimeMs < cutoff)
        await (0,_disk_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .removeIfEmpty */ .V3)(entryPath);
}
function lstatOrNull(p) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p);
    }
    catch (err) {
        if ((0,_disk_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .isMissing */ .b2)(err))
            return null;
        throw err;
    }
}


/***/ }),

/***/ 8584:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

// ESM COMPAT FLAG
__nccwpck_require__.r(__webpack_exports__);

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  ChunkChecksumError: () => (/* binding */ ChunkChecksumError),
  DiskCacheStore: () => (/* binding */ DiskCacheStore),
  STALE_TEMP_MS: () => (/* reexport */ disk_fs/* STALE_TEMP_MS */.U6),
  diskStoreCounters: () => (/* reexport */ disk_fs/* diskStoreCounters */.kj),
  unsafeMessage: () => (/* binding */ unsafeMessage)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./build/ncc-src/store/errors.js
var errors = __nccwpck_require__(6107);
// EXTERNAL MODULE: ./build/ncc-src/store/journal.js
var journal = __nccwpck_require__(2153);
// EXTERNAL MODULE: ./build/ncc-src/store/lru-order.js
var lru_order = __nccwpck_require__(8270);
// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __nccwpck_require__(2642);
// EXTERNAL MODULE: ./build/ncc-src/store/disk-fs.js
var disk_fs = __nccwpck_require__(8893);
// EXTERNAL MODULE: ./build/ncc-src/store/disk-walk.js
var disk_walk = __nccwpck_require__(1107);
// EXTERNAL MODULE: ./build/ncc-src/store/limit.js
var limit = __nccwpck_require__(5629);
// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __nccwpck_require__(3233);
// EXTERNAL MODULE: ./build/ncc-src/store/chunk-codec.js
var chunk_codec = __nccwpck_require__(3168);
// EXTERNAL MODULE: ./build/ncc-src/store/json-values.js
var json_values = __nccwpck_require__(3697);
// EXTERNAL MODULE: ./build/ncc-src/store/lazy-crypto.js
var lazy_crypto = __nccwpck_require__(8818);
// EXTERNAL MODULE: ./build/ncc-src/store/state-dir.js
var state_dir = __nccwpck_require__(1473);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __nccwpck_require__(8995);
// EXTERNAL MODULE: ./build/ncc-src/store/builtin-module.js
var builtin_module = __nccwpck_require__(3954);
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
            (0,disk_fs/* makeDirs */.X2)(this.root, this.dirPath);
            this.viewChecked = true;
        }
        (0,disk_fs/* makeDirs */.X2)(this.dirPath, dir);
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
        this.state.staging ??= (0,disk_fs/* ensureStagingDir */.RH)(this.root, this.reporter, true);
        return this.state.staging;
    }
    /**
     * Sweeps the staging directory: leftovers of killed imports and evictions, planted
     * non-directories (a planted `.staging` itself is replaced). A missing one is not created.
     */
    async sweepStaging(now) {
        const staging = this.state.staging ?? (0,disk_fs/* ensureStagingDir */.RH)(this.root, this.reporter, false);
        if (staging === null)
            return;
        this.state.staging = staging;
        await (0,disk_fs/* sweepStagingDir */.XQ)(staging, now, this.reporter);
    }
    /** Removes an entry directory through the staging directory (checked again if it vanished). */
    async removeEntryDir(dir) {
        try {
            return await (0,disk_fs/* removeDir */.M1)(this.stagingDir(), dir);
        }
        catch (err) {
            if (!(err instanceof disk_fs/* StagingGoneError */.Xf))
                throw err;
            this.state.staging = null;
            return (0,disk_fs/* removeDir */.M1)(this.stagingDir(), dir);
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
            if ((0,disk_fs/* isMissing */.b2)(err))
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
            if ((0,disk_fs/* isMissing */.b2)(err))
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
            if ((0,disk_fs/* isMissing */.b2)(err))
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
        const entries = await (0,disk_walk/* walkStore */.R)(this.dirPath, this.walkOptions(false, Date.now()));
        const stats = totals(entries);
        this.resetEstimate(stats.bytes, writtenBefore);
        return stats;
    }
    async list() {
        return sortedInfos(await (0,disk_walk/* walkStore */.R)(this.dirPath, this.walkOptions(true, Date.now())));
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
        await (0,disk_walk/* walkStore */.R)(this.dirPath, { ...this.walkOptions(true, now, options.known), skipKnown: true });
    }
    async cleanWalk(maxSize, maxAge, known) {
        const now = Date.now();
        const writtenBefore = estimates.get(this.dirPath)?.written ?? 0;
        // Every clean sweeps the leftovers of killed restores (not only those older than an hour).
        await this.sweepStaging(now);
        const entries = await (0,disk_walk/* walkStore */.R)(this.dirPath, this.walkOptions(true, now, known));
        const before = totals(entries);
        const byAge = { entries: 0, bytes: 0 };
        const bySize = { entries: 0, bytes: 0 };
        const emptiedShards = new Set();
        const evict = async (victims, into) => {
            await (0,limit/* mapLimit */.sf)(victims, 8, async (e) => {
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
            const lru = [...kept].sort(lru_order/* compareLru */.r);
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
            await (0,disk_fs/* removeIfEmpty */.V3)(shard);
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
        await (0,limit/* mapLimit */.sf)(paths, 8, async (p) => {
            // A planted symlink on the way (namespace, shard or the entry itself) is reported and left alone.
            if (!this.skipUnsafe(() => this.dirExists(p), false))
                return;
            if (await this.removeEntryDir(p))
                await (0,disk_fs/* removeIfEmpty */.V3)(external_node_path_.dirname(p));
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
        await (0,limit/* mapLimit */.sf)(ready, 8, async (r) => {
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
                staging: external_node_path_.join(staging, `${external_node_path_.basename(r.entry)}-${(0,disk_fs/* uniqueSuffix */.v_)()}`),
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
            const staging = external_node_path_.join(this.stagingDir(), `${external_node_path_.basename(entry)}-${(0,disk_fs/* uniqueSuffix */.v_)()}`);
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
        const staging = await (0,disk_fs/* makeStagingDir */.Py)(this.root, `${external_node_path_.basename(entry)}-${(0,disk_fs/* uniqueSuffix */.v_)()}`, this.reporter);
        let installed = false;
        try {
            // One blob after the other: creating files in one directory from several threads makes them
            // contend for its lock in the kernel; the caller's entries in flight give the parallelism.
            for (const b of blobs) {
                await (0,disk_fs/* writeFileLean */.k8)(external_node_path_.join(staging.dir, b.name), b.data, mtime, staging.exactModes);
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
                    const code = (0,disk_fs/* errorCode */.CA)(err);
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
            if ((0,disk_fs/* isMissing */.b2)(err))
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
                if (value.byteLength <= disk_fs/* SYNC_WRITE_MAX */.v0)
                    (0,disk_fs/* writeAtomicSync */.KZ)(entry, name, value);
                else
                    await (0,disk_fs/* writeAtomic */.vZ)(entry, name, value);
                disk_fs/* diskStoreCounters */.kj.blobWrites++;
                return;
            }
            catch (err) {
                if ((0,disk_fs/* errorCode */.CA)(err) === 'ENOENT' && attempt < WRITE_ATTEMPTS) {
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
                const entries = await (0,disk_walk/* walkStore */.R)(this.dirPath, this.walkOptions(false, Date.now()));
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
        if ((0,disk_fs/* isMissing */.b2)(err))
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

/***/ 6107:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   jo: () => (/* binding */ BlobTooLargeError),
/* harmony export */   oC: () => (/* binding */ InvalidInputError),
/* harmony export */   xL: () => (/* binding */ ConfigError)
/* harmony export */ });
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
class ConfigError extends Error {
    name = 'ConfigError';
}


/***/ }),

/***/ 2153:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ee: () => (/* binding */ journalLine),
/* harmony export */   Iw: () => (/* binding */ EntryJournal),
/* harmony export */   Ln: () => (/* binding */ parseJournalLine)
/* harmony export */ });
/* unused harmony exports JOURNAL_FILE, JOURNAL_CURSOR_FILE, JOURNAL_MAX_BYTES, JOURNAL_MAX_LINE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7598);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var _state_dir_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(1473);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3233);
/* harmony import */ var _validate_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(2642);
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

/***/ 3697:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
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


/***/ }),

/***/ 8818:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ nodeCrypto)
/* harmony export */ });
/* harmony import */ var _builtin_module_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3954);
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

/***/ 5927:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ removeLegacyState)
/* harmony export */ });
/* unused harmony export LEGACY_STATE_NAMES */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3233);
/**
 * The migration from the layout of earlier versions, which kept compile-cache's own state at the
 * cache directory's root: `.stats/` (wrapper counters), `.compilers/` (compiler digests) and
 * `.node-compile-cache/` (Node's code cache for the wrapper). They now live in the state directory
 * (state-dir.ts) and beside the shims, so the store's tree holds entries only; what an earlier
 * version left is removed. Nothing is carried over: the counters are zeroed at the start of every
 * job anyway, and digests and code cache are remade by the first compile.
 *
 * The old names lie in the untrusted cache directory, so the removal never follows a link: a
 * symlink (or FIFO, socket, device, file) in an old name is unlinked itself, and a real directory's
 * content is removed entry by entry, each looked at with lstat, descending only into real
 * directories. Runs in the steps and commands that prepare the cache directory (the action's
 * pre/post/restore/save, the CLI's restore, save and clean), not in the wrapper nor the store's
 * clean: a library user's own dot-names are theirs.
 */



/** What earlier versions kept at the cache directory's root. */
const LEGACY_STATE_NAMES = ['.stats', '.compilers', '.node-compile-cache'];
/** Removes a real directory's content and then the directory, never following a link. */
function removeTreeNoFollow(dir) {
    for (const name of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir)) {
        const p = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, name);
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p, { throwIfNoEntry: false });
        if (st === undefined)
            continue;
        if (st.isDirectory())
            removeTreeNoFollow(p);
        else
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(p);
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmdirSync)(dir);
}
/**
 * Removes the old-layout state from the root of `cacheDir` (trusted, as the user's path). Returns
 * one line per name found, naming the path and what it was; never throws for one it cannot remove
 * (the line says so): cache trouble never fails a step.
 */
function removeLegacyState(cacheDir) {
    const notes = [];
    for (const name of LEGACY_STATE_NAMES) {
        const p = node_path__WEBPACK_IMPORTED_MODULE_1__.join(cacheDir, name);
        let st;
        try {
            st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p, { throwIfNoEntry: false });
        }
        catch (err) {
            if ((0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .errorCode */ .CA)(err) === 'ENOTDIR')
                return notes; // the cache directory itself is not one
            notes.push(`${p} could not be checked: ${err.message}`);
            continue;
        }
        if (st === undefined)
            continue;
        try {
            if (st.isDirectory()) {
                removeTreeNoFollow(p);
                notes.push(`removed ${p}, left by an earlier version (compile-cache's own state now lives outside the cache directory; nothing in it is carried over)`);
            }
            else {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(p);
                notes.push(`removed ${p}: ${(0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .describeKind */ .SB)(st)} in a name an earlier version used (the link or file itself, nothing it points to)`);
            }
        }
        catch (err) {
            notes.push(`${p}, left by an earlier version, could not be removed: ${err.message}`);
        }
    }
    return notes;
}


/***/ }),

/***/ 5629:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Gm: () => (/* binding */ forEachLimit),
/* harmony export */   jG: () => (/* binding */ Limiter),
/* harmony export */   sf: () => (/* binding */ mapLimit)
/* harmony export */ });
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


/***/ }),

/***/ 8270:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ compareNewestFirst),
/* harmony export */   r: () => (/* binding */ compareLru)
/* harmony export */ });
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


/***/ }),

/***/ 2556:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ makeDirBounded)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3233);
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

/***/ 5051:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  k: () => (/* binding */ S3CacheStore)
});

// EXTERNAL MODULE: ./build/ncc-src/store/errors.js
var errors = __nccwpck_require__(6107);
// EXTERNAL MODULE: ./build/ncc-src/store/limit.js
var limit = __nccwpck_require__(5629);
// EXTERNAL MODULE: ./build/ncc-src/store/lru-order.js
var lru_order = __nccwpck_require__(8270);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./build/ncc-src/store/s3-errors.js
/**
 * What an S3 failure is: the error a caller sees after the last attempt, and the facts (status,
 * code) that decide whether an attempt is retried, found through S3, network and own errors alike.
 */
/** An S3 request that failed for good: not retryable, or still failing after every attempt. */
class S3RequestError extends Error {
    operation;
    location;
    status;
    code;
    attempts;
    name = 'S3RequestError';
    constructor(message, 
    /** The S3 operation, e.g. `GetObject`. */
    operation, 
    /** `s3://<bucket>/<key or prefix>`. */
    location, 
    /** HTTP status, when there was a response. */
    status, 
    /** S3 error code (`SlowDown`, `NoSuchBucket`) or network error code (`ECONNRESET`). */
    code, attempts, options) {
        super(message, options);
        this.operation = operation;
        this.location = location;
        this.status = status;
        this.code = code;
        this.attempts = attempts;
    }
}
/** An answer other than 2xx: its status, and the code of its error document (or one named after the status). */
class S3ServiceError extends Error {
    status;
    code;
    requestId;
    name = 'S3ServiceError';
    constructor(message, status, code, requestId) {
        super(message);
        this.status = status;
        this.code = code;
        this.requestId = requestId;
    }
}
/** Our per-attempt deadline passed: the attempt is aborted and retried. */
class DeadlineExceededError extends Error {
    name = 'DeadlineExceeded';
    code = 'DeadlineExceeded';
}
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set([
    'SlowDown',
    'Throttling',
    'ThrottlingException',
    'TooManyRequests',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestTimeout',
    'RequestTimeoutException',
    'InternalError',
    'ServiceUnavailable',
    'ConditionalRequestConflict',
    // Our clock was off; the next attempt is signed with the server's (s3-http.ts).
    'RequestTimeTooSkewed',
    'DeadlineExceeded',
    'TruncatedBody',
    'TimeoutError',
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ERR_STREAM_PREMATURE_CLOSE',
    'UND_ERR_SOCKET'
]);
const RETRYABLE_MESSAGE = /socket hang up|aborted|premature close|ECONNRESET|EPIPE/i;
/** Answers of a store without a usable DeleteObjects (GCS interop; stores that reject its checksum). */
const BULK_DELETE_UNSUPPORTED_CODES = new Set([
    'NotImplemented',
    'MissingContentMD5',
    'InvalidDigest',
    'BadDigest',
    'XAmzContentChecksumMismatch',
    'InvalidArgument',
    'InvalidRequest'
]);
/**
 * Status, code and message of an S3 answer's, a network or an own error, looking through `cause`
 * chains (also the shape of the AWS SDK's errors, which the credential chain may still throw).
 */
function factsOf(err) {
    let status;
    let code;
    let message = String(err);
    for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
        const o = e;
        status ??= e instanceof S3ServiceError ? e.status : o.$metadata?.httpStatusCode;
        if (code === undefined) {
            if (typeof o.Code === 'string')
                code = o.Code;
            else if (typeof o.code === 'string')
                code = o.code;
            else if (o.$metadata && o.name && o.name !== 'Error' && !/^\d+$/.test(o.name))
                code = o.name;
            else if (o.name === 'AbortError' || o.name === 'TimeoutError')
                code = o.name;
        }
        if (depth === 0 && typeof o.message === 'string' && o.message !== '')
            message = o.message;
        e = o.cause;
    }
    return { status, code, message };
}
function isRetryable(f) {
    if (f.code === 'NotImplemented')
        return false;
    if (f.status !== undefined && RETRYABLE_STATUS.has(f.status))
        return true;
    if (f.code !== undefined && RETRYABLE_CODES.has(f.code))
        return true;
    return f.status === undefined && RETRYABLE_MESSAGE.test(f.message);
}
function isNotFound(f) {
    return f.status === 404 || f.code === 'NoSuchKey' || f.code === 'NotFound';
}
/** DeleteObjects is not usable on this store: fall back to one DeleteObject per key. */
class BulkDeleteUnsupported extends Error {
}

;// CONCATENATED MODULE: ./build/ncc-src/store/s3-body.js


/**
 * Reads a response body under the attempt's deadline; a short body is a retryable error. With a
 * Content-Length the bytes go straight into one buffer of that length (never over maxSize), so a
 * body costs its size once, not twice (pieces and their concatenation): a 250 MiB blob held 500 MiB.
 */
async function readBody(body, signal, expected, maxSize, location) {
    const onAbort = () => {
        body.destroy(signal.reason instanceof Error ? signal.reason : new DeadlineExceededError('aborted'));
    };
    if (signal.aborted)
        onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const mismatch = (length) => Object.assign(new Error(expected !== undefined && length > expected
        ? `body of ${location} runs past its Content-Length of ${expected} bytes`
        : `body of ${location} ended after ${length} of ${expected} bytes`), { code: 'TruncatedBody' });
    try {
        const known = expected !== undefined && Number.isSafeInteger(expected) && expected >= 0;
        if (known && maxSize !== undefined && expected > maxSize) {
            body.destroy();
            throw new errors/* BlobTooLargeError */.jo(location, expected, maxSize);
        }
        // Filled as the body arrives; returned only when every byte of it was written.
        const whole = known ? Buffer.allocUnsafe(expected) : undefined;
        const chunks = [];
        let length = 0;
        for await (const chunk of body) {
            const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
            // Without a Content-Length the limit is enforced while reading.
            if (maxSize !== undefined && length + b.length > maxSize) {
                body.destroy();
                throw new errors/* BlobTooLargeError */.jo(location, length + b.length, maxSize);
            }
            if (whole) {
                if (length + b.length > whole.length) {
                    body.destroy();
                    throw mismatch(length + b.length);
                }
                b.copy(whole, length);
            }
            else
                chunks.push(b);
            length += b.length;
        }
        if (expected !== undefined && length !== expected)
            throw mismatch(length);
        return whole ?? Buffer.concat(chunks, length);
    }
    finally {
        signal.removeEventListener('abort', onAbort);
    }
}
/** The bytes [start, end) of a stream, passed on as they arrive. */
async function* sliceStream(chunks, start, end) {
    let at = 0;
    for await (const chunk of chunks) {
        const from = Math.max(0, start - at);
        const to = Math.min(chunk.length, end - at);
        at += chunk.length;
        if (to > from)
            yield chunk.subarray(from, to);
        if (at >= end)
            return;
    }
}
/**
 * A response body read as it arrives, with the guards readBody has for whole reads: no data for
 * `idleMs` aborts it (a stalled connection), and it must end at its Content-Length.
 */
async function* guardedBody(body, expected, idleMs, location) {
    let timer;
    const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => body.destroy(new DeadlineExceededError(`no data from ${location} for ${idleMs} ms`)), idleMs);
    };
    let length = 0;
    try {
        arm();
        for await (const chunk of body) {
            arm();
            const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
            length += b.length;
            yield b;
        }
        if (expected !== undefined && length !== expected) {
            throw Object.assign(new Error(`body of ${location} ended after ${length} of ${expected} bytes`), {
                code: 'TruncatedBody'
            });
        }
    }
    finally {
        clearTimeout(timer);
        // A reader that stops early (a failed chunk) must not leave the connection half read.
        if (!body.readableEnded)
            body.destroy();
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/store/s3-deadline.js

/** One attempt's deadline: a base plus the size at a floor rate, counted from the attempt's start. */
class Deadline {
    baseMs;
    bytesPerSecond;
    controller = new AbortController();
    start = Date.now();
    timer;
    expired = false;
    constructor(baseMs, bytesPerSecond, size) {
        this.baseMs = baseMs;
        this.bytesPerSecond = bytesPerSecond;
        this.timer = this.arm(size);
    }
    get signal() {
        return this.controller.signal;
    }
    /** Once a GET knows its Content-Length, its deadline grows with it. */
    extend(size) {
        clearTimeout(this.timer);
        this.timer = this.arm(size);
    }
    clear() {
        clearTimeout(this.timer);
    }
    arm(size) {
        const totalMs = this.baseMs + (size / this.bytesPerSecond) * 1000;
        return setTimeout(() => {
            this.expired = true;
            this.controller.abort(new DeadlineExceededError(`no complete answer within ${Math.round(totalMs)} ms`));
        }, Math.max(0, this.start + totalMs - Date.now()));
    }
}
const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
;// CONCATENATED MODULE: ./build/ncc-src/store/s3-credentials.js
/** The environment's keys, read when asked (as the SDK does), or undefined without both halves. */
function environmentCredentials(env = process.env) {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey)
        return undefined;
    return env.AWS_SESSION_TOKEN
        ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN }
        : { accessKeyId, secretAccessKey };
}
/**
 * The source for one bucket. The environment is read once, on the first request; the SDK's chain,
 * when it is used, keeps and refreshes what it found itself (temporary credentials included).
 */
function credentialSource(given) {
    if (given)
        return () => Promise.resolve(given);
    let chain;
    let fromEnvironment;
    return async () => {
        if (!chain) {
            fromEnvironment = environmentCredentials();
            chain = fromEnvironment ? Promise.resolve(() => Promise.resolve(fromEnvironment)) : sdkChain();
        }
        return (await chain)();
    };
}
async function sdkChain() {
    const { defaultProvider } = await __nccwpck_require__.e(/* import() */ 861).then(__nccwpck_require__.t.bind(__nccwpck_require__, 5861, 19));
    const provider = defaultProvider();
    return async () => {
        let c;
        try {
            c = await provider();
        }
        catch (err) {
            throw Object.assign(new Error(`no AWS credentials: ${err instanceof Error ? err.message : String(err)} (looked for AWS_ACCESS_KEY_ID and ` +
                `AWS_SECRET_ACCESS_KEY, then ${process.env.AWS_PROFILE ? `profile ${JSON.stringify(process.env.AWS_PROFILE)}` : 'the default profile'} ` +
                `in the shared config and credentials files, web identity, and the container and instance roles)`, { cause: err }), { code: 'CredentialsProviderError' });
        }
        return {
            accessKeyId: c.accessKeyId,
            secretAccessKey: c.secretAccessKey,
            sessionToken: c.sessionToken,
            expiration: c.expiration
        };
    };
}

;// CONCATENATED MODULE: ./build/ncc-src/store/s3-sigv4.js
/**
 * AWS Signature Version 4 in its header form, as S3 and every look-alike check it. Our own, not the
 * SDK's: loading the SDK cost a `compile-cache save` about a third of its time (its modules, then
 * the first request's endpoint rules and middleware), for what is a few HMACs per request.
 *
 * S3's flavour differs from the generic one in two ways: the path is escaped once (not twice),
 * and the payload's hash travels in `x-amz-content-sha256`, which is itself signed.
 */

/** The hash of an empty payload, which most requests have. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const UNRESERVED_EXTRA = /[!'()*]/g;
/**
 * RFC 3986 escaping as SigV4 wants it: every byte of the UTF-8 form except A–Z a–z 0–9 `-_.~` as
 * `%XX`. encodeURIComponent leaves `!'()*` as they are, which SigV4 does not.
 */
function uriEncode(value) {
    return encodeURIComponent(value).replace(UNRESERVED_EXTRA, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/** A key's path: each segment escaped, the slashes kept (S3 escapes a key once). */
function encodeKeyPath(key) {
    return key.split('/').map(uriEncode).join('/');
}
function sha256Hex(body) {
    return (0,external_node_crypto_.createHash)('sha256').update(body).digest('hex');
}
/** `20261129T010203Z` and `20261129`. */
function amzDate(now) {
    const stamp = now
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    return { stamp, day: stamp.slice(0, 8) };
}
function canonicalQuery(query) {
    return query
        .map(([k, v]) => [uriEncode(k), uriEncode(v)])
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
}
class SigV4Signer {
    region;
    service;
    /** The last derived signing key: it changes only with the day or the secret. */
    keyFor;
    key;
    constructor(region, service = 's3') {
        this.region = region;
        this.service = service;
    }
    /**
     * The headers that authenticate the request (Authorization, X-Amz-Date, X-Amz-Content-Sha256 and,
     * for temporary credentials, X-Amz-Security-Token), to send beside `request.headers`.
     */
    sign(request, credentials, now = new Date()) {
        const { stamp, day } = amzDate(now);
        const added = {
            'x-amz-content-sha256': request.payloadHash,
            'x-amz-date': stamp
        };
        if (credentials.sessionToken)
            added['x-amz-security-token'] = credentials.sessionToken;
        const all = { ...request.headers, ...added, host: request.host };
        const names = Object.keys(all)
            .map(n => n.toLowerCase())
            .sort();
        const lower = {};
        for (const [n, v] of Object.entries(all))
            lower[n.toLowerCase()] = v;
        const canonicalHeaders = names.map(n => `${n}:${lower[n].trim().replace(/\s+/g, ' ')}\n`).join('');
        const signedHeaders = names.join(';');
        const canonicalRequest = [
            request.method,
            request.path,
            canonicalQuery(request.query),
            canonicalHeaders,
            signedHeaders,
            request.payloadHash
        ].join('\n');
        const scope = `${day}/${this.region}/${this.service}/aws4_request`;
        const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonicalRequest)].join('\n');
        const signature = (0,external_node_crypto_.createHmac)('sha256', this.signingKey(credentials.secretAccessKey, day))
            .update(stringToSign)
            .digest('hex');
        added.authorization =
            `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` +
                `SignedHeaders=${signedHeaders}, Signature=${signature}`;
        return added;
    }
    signingKey(secret, day) {
        const id = `${day}\0${secret}`;
        if (this.keyFor !== id || !this.key) {
            const hmac = (key, data) => (0,external_node_crypto_.createHmac)('sha256', key).update(data).digest();
            this.key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), this.region), this.service), 'aws4_request');
            this.keyFor = id;
        }
        return this.key;
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/store/s3-xml.js
/**
 * Reading and writing the little XML that S3 speaks: listings, errors, DeleteObjects. The answers
 * are flat and regular (no attributes we need, no CDATA, no namespaces in element names), so the
 * elements are found by name; what is found is unescaped, and nothing else is trusted: a field that
 * is missing or not what its type says is absent, never a guess.
 */
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(text) {
    if (!text.includes('&'))
        return text;
    return text.replace(ENTITY, (whole, name, dec, hex) => {
        if (name)
            return NAMED[name];
        const code = dec !== undefined ? Number(dec) : parseInt(hex, 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
}
/** Text for an element's content; control characters as references, so no parser normalises them. */
function escapeXml(text) {
    // eslint-disable-next-line no-control-regex -- control characters are what this escapes
    return text.replace(/[&<>"'\u0000-\u001f]/g, c => {
        switch (c) {
            case '&':
                return '&amp;';
            case '<':
                return '&lt;';
            case '>':
                return '&gt;';
            case '"':
                return '&quot;';
            case "'":
                return '&apos;';
            default:
                return `&#x${c.charCodeAt(0).toString(16)};`;
        }
    });
}
const patterns = new Map();
/** `<tag>…</tag>`, `<tag attr="…">…</tag>` or `<tag/>`, the inner text in group 1 (empty when self-closed). */
function elementPattern(tag) {
    let re = patterns.get(tag);
    if (!re) {
        re = new RegExp(`<${tag}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${tag}\\s*>)`, 'g');
        patterns.set(tag, re);
    }
    re.lastIndex = 0;
    return re;
}
/** The raw inner text of every `tag` element, in order (not unescaped: they may hold elements). */
function xmlElements(xml, tag) {
    const out = [];
    const re = elementPattern(tag);
    for (let m = re.exec(xml); m; m = re.exec(xml))
        out.push(m[1] ?? '');
    return out;
}
/** The unescaped text of the first `tag` element, or undefined when there is none. */
function xmlText(xml, tag) {
    const m = elementPattern(tag).exec(xml);
    return m ? unescapeXml(m[1] ?? '') : undefined;
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
// EXTERNAL MODULE: ./build/ncc-src/store/builtin-module.js
var builtin_module = __nccwpck_require__(3954);
;// CONCATENATED MODULE: ./build/ncc-src/store/s3-agent.js
/**
 * The connection pool of an S3 client: Node's keep-alive agent, plus connections opened before the
 * requests that will use them (preconnect). A job's warm save knows, before its pack is built, that
 * it will send the pack, its index and the catalog at once; opened only then, each connection costs
 * its request a round trip first (two or more with TLS). Opened ahead, they are ready when the
 * requests are.
 *
 * A connection opened ahead does not keep the process alive while it waits (unref), is dropped if
 * it fails or closes first, and is handed to the agent the next time the agent would open a
 * connection of its own; the agent then keeps it like any other. Nothing here sends a byte.
 */



/**
 * Node's TLS modules, loaded when an https endpoint first needs them: loading them took ~10 ms of
 * every command's start, which a bucket on plain http (MinIO or Ceph inside the network) never uses.
 */
function httpsModule() {
    return (0,builtin_module/* builtinModule */.g)('node:https');
}
function tlsModule() {
    return (0,builtin_module/* builtinModule */.g)('node:tls');
}
/** Connections opened ahead, waiting for the agent. */
class Waiting {
    sockets = new Map();
    add(socket) {
        const drop = () => {
            this.sockets.delete(socket);
            socket.destroy();
        };
        socket.once('error', drop);
        socket.once('close', drop);
        socket.unref();
        this.sockets.set(socket, drop);
    }
    /** One that is still open, no longer ours: its listeners removed, holding the process again. */
    take() {
        for (const [socket, drop] of this.sockets) {
            this.sockets.delete(socket);
            socket.removeListener('error', drop);
            socket.removeListener('close', drop);
            if (socket.destroyed)
                continue;
            socket.ref();
            return socket;
        }
        return undefined;
    }
    get size() {
        return this.sockets.size;
    }
    destroy() {
        for (const socket of this.sockets.keys())
            socket.destroy();
        this.sockets.clear();
    }
}
/** A keep-alive agent for the target's protocol that can open connections ahead. */
function s3Agent(target, maxSockets) {
    const waiting = new Waiting();
    const options = { keepAlive: true, maxSockets };
    const port = Number(target.port) || (target.protocol === 'http:' ? 80 : 443);
    // A name only, as the agent's own TLS connections send it (never an IP address).
    const servername = external_node_net_.isIP(target.hostname) ? undefined : target.hostname;
    const connect = () => target.protocol === 'http:'
        ? external_node_net_.connect({ host: target.hostname, port })
        : tlsModule().connect({ host: target.hostname, port, servername });
    const preconnect = (count) => {
        for (let n = waiting.size; n < count; n++)
            waiting.add(connect());
    };
    // https.Agent's own connections are TLS ones; a waiting one is handed over the same way.
    const Base = target.protocol === 'http:' ? external_node_http_.Agent : httpsModule().Agent;
    class Agent extends Base {
        preconnect = preconnect;
        createConnection(o, cb) {
            return waiting.take() ?? super.createConnection(o, cb);
        }
        destroy() {
            waiting.destroy();
            super.destroy();
        }
    }
    return new Agent(options);
}

;// CONCATENATED MODULE: ./build/ncc-src/store/s3-http.js
/**
 * One S3 request on the wire: where it goes (the endpoint and the addressing style), how it is
 * signed, and what an answer means (2xx: the answer; anything else: an S3ServiceError with the
 * status and the code from the error document). No retries and no deadline here: S3Bucket owns
 * those, around each call, and passes the attempt's AbortSignal down.
 */






/**
 * A server clock this far from ours is taken as the right one for signing (S3 refuses a signature
 * dated more than 15 minutes off with RequestTimeTooSkewed), as the AWS SDKs correct for it.
 */
const SKEW_CORRECTION_MS = 5 * 60 * 1000;
/** Error documents are small; a larger body is not one and is not read further. */
const MAX_ERROR_BODY = 64 * 1024;
const USER_AGENT = 'compile-cache';
/** Names a status has in place of a code when the answer has no error document (HEAD, or none sent). */
const STATUS_CODES = {
    301: 'PermanentRedirect',
    307: 'TemporaryRedirect',
    400: 'BadRequest',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    412: 'PreconditionFailed',
    416: 'InvalidRange',
    429: 'TooManyRequests',
    500: 'InternalError',
    501: 'NotImplemented',
    503: 'ServiceUnavailable'
};
/**
 * A bucket name that can be a DNS label under TLS (no dots: a dotted name would not match the
 * certificate's wildcard), which is when AWS's virtual-hosted style works.
 */
function virtualHostable(bucket) {
    return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket) && !bucket.includes('--');
}
function requestTarget(options) {
    const { bucket, region } = options;
    let url;
    let pathStyle = options.forcePathStyle;
    if (options.endpoint)
        url = new URL(options.endpoint);
    else {
        const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
        const service = `${options.useFips ? 's3-fips' : 's3'}${options.useDualStack ? '.dualstack' : ''}`;
        url = new URL(`https://${service}.${region}.${suffix}`);
        pathStyle ||= !virtualHostable(bucket);
    }
    const protocol = url.protocol === 'http:' ? 'http:' : 'https:';
    const basePath = url.pathname.replace(/\/+$/, '');
    const hostname = pathStyle ? url.hostname : `${bucket}.${url.hostname}`;
    const host = url.port ? `${hostname}:${url.port}` : hostname;
    return {
        protocol,
        hostname: hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        host,
        base: pathStyle ? `${basePath}/${uriEncode(bucket)}` : basePath
    };
}
class S3Http {
    target;
    signer;
    credentials;
    /** Server time minus ours, once an answer showed them minutes apart (a runner's clock off). */
    clockOffsetMs = 0;
    agent;
    constructor(options) {
        this.target = requestTarget(options);
        this.signer = new SigV4Signer(options.region);
        this.credentials = credentialSource(options.credentials);
        this.agent = s3Agent(this.target, options.maxSockets);
    }
    /**
     * Sends the call and resolves with a 2xx answer whose body is still to be read (the caller reads
     * or destroys it). Any other status rejects with an S3ServiceError once its error document is in.
     */
    async send(call, signal) {
        const credentials = await this.credentials();
        signal.throwIfAborted();
        const path = call.key === undefined ? `${this.target.base}/` : `${this.target.base}/${encodeKeyPath(call.key)}`;
        const query = [];
        for (const [k, v] of Object.entries(call.query ?? {}))
            if (v !== undefined)
                query.push([k, v]);
        const signedHeaders = {};
        for (const [k, v] of Object.entries(call.headers ?? {}))
            if (v !== undefined)
                signedHeaders[k] = v;
        const body = call.body;
        const payloadHash = body && body.length > 0 ? sha256Hex(body) : EMPTY_SHA256;
        const auth = this.signer.sign({ method: call.method, host: this.target.host, path, query, headers: signedHeaders, payloadHash }, credentials, new Date(Date.now() + this.clockOffsetMs));
        const queryString = query
            .map(([k, v]) => (v === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`))
            .join('&');
        const headers = {
            ...signedHeaders,
            ...auth,
            host: this.target.host,
            'user-agent': USER_AGENT
        };
        if (body || call.method === 'PUT' || call.method === 'POST')
            headers['content-length'] = body?.length ?? 0;
        const request = this.target.protocol === 'http:' ? external_node_http_.request : httpsModule().request;
        const answer = await new Promise((resolve, reject) => {
            const req = request({
                protocol: this.target.protocol,
                hostname: this.target.hostname,
                port: this.target.port || undefined,
                method: call.method,
                path: queryString ? `${path}?${queryString}` : path,
                headers,
                agent: this.agent,
                signal
            });
            req.on('response', resolve);
            req.on('error', reject);
            req.end(body);
        });
        this.learnClock(answer);
        const status = answer.statusCode ?? 0;
        if (status >= 200 && status < 300)
            return answer;
        throw await this.errorOf(call, answer, status);
    }
    /** Takes the server's clock when an answer's Date is minutes from ours; the next signature uses it. */
    learnClock(answer) {
        const date = answer.headers.date;
        const server = date === undefined ? NaN : Date.parse(date);
        if (Number.isNaN(server))
            return;
        const offset = server - Date.now();
        this.clockOffsetMs = Math.abs(offset) > SKEW_CORRECTION_MS ? offset : 0;
    }
    /** The error an answer of any status but 2xx stands for, from its error document when it has one. */
    async errorOf(call, answer, status) {
        let text = '';
        if (call.method !== 'HEAD') {
            try {
                text = await readText(answer, MAX_ERROR_BODY);
            }
            catch {
                // The status is the answer; an unreadable document only loses the detail.
            }
        }
        else
            answer.resume();
        const code = xmlText(text, 'Code') || STATUS_CODES[status] || `HTTP${status}`;
        let message = xmlText(text, 'Message') || (status === 404 && call.method === 'HEAD' ? 'Not Found' : code);
        const region = answer.headers['x-amz-bucket-region'];
        if ((status === 301 || code === 'AuthorizationHeaderMalformed') && typeof region === 'string') {
            message += ` (the bucket is in region ${region}: set the region to it)`;
        }
        return new S3ServiceError(message, status, code, str(answer.headers['x-amz-request-id']));
    }
}
function str(v) {
    return Array.isArray(v) ? v[0] : v;
}
/** A whole (small) body as text; past `max` bytes the answer is dropped and this rejects. */
async function readText(answer, max) {
    const parts = [];
    let length = 0;
    for await (const chunk of answer) {
        const b = chunk;
        length += b.length;
        if (length > max) {
            answer.destroy();
            throw new Error(`an S3 answer of over ${max} bytes where a small document was expected`);
        }
        parts.push(b);
    }
    return Buffer.concat(parts, length).toString('utf8');
}

;// CONCATENATED MODULE: ./build/ncc-src/store/s3-bucket.js
/**
 * Everything that talks to S3 (or an S3 look-alike: MinIO, R2, Ceph, GCS interop): the operations
 * the stores and packs use, over our own requests (s3-http.ts: SigV4, no SDK), with a sized
 * keep-alive pool, our own per-attempt deadlines that grow with the size of the transfer, and
 * our own retries with backoff, so that a throttled, reset or stalled request is retried and a
 * persistent failure surfaces as an error after a bounded number of attempts.
 */









const DEFAULT_REGION = 'us-east-1';
/** A listing page of 1000 keys is ~300 KiB; no document we read comes near this. */
const MAX_DOCUMENT = 16 * 1024 * 1024;
const MiB = 1024 * 1024;
/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;
/** Per-key deletes in flight when a store lacks DeleteObjects. */
const SINGLE_DELETE_CONCURRENCY = 16;
/** x-amz-copy-source is `<bucket>/<key>`, URL-encoded per path segment. */
function copySource(bucket, key) {
    return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
/**
 * The endpoint the AWS SDKs and CLI take from the environment when none is given: AWS_ENDPOINT_URL_S3,
 * then AWS_ENDPOINT_URL (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true).
 */
function configuredEndpoint(env = process.env) {
    if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true')
        return undefined;
    return env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}
/** A listing's number or date field: absent or malformed is the zero value, as the SDK made it. */
function sizeOf(text) {
    const n = text === undefined ? NaN : Number(text);
    return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}
function dateOf(text) {
    const d = text === undefined ? new Date(0) : new Date(text);
    return Number.isNaN(d.getTime()) ? new Date(0) : d;
}
/** The ListObjectsV2 answer (ListBucketResult) as a page. */
function parseListPage(xml) {
    const objects = [];
    for (const c of xmlElements(xml, 'Contents')) {
        const key = xmlText(c, 'Key');
        if (key !== undefined) {
            objects.push({
                key,
                size: sizeOf(xmlText(c, 'Size')),
                lastModified: dateOf(xmlText(c, 'LastModified'))
            });
        }
    }
    const prefixes = [];
    for (const p of xmlElements(xml, 'CommonPrefixes')) {
        const prefix = xmlText(p, 'Prefix');
        if (prefix !== undefined)
            prefixes.push(prefix);
    }
    return {
        objects,
        prefixes,
        isTruncated: xmlText(xml, 'IsTruncated') === 'true',
        nextContinuationToken: xmlText(xml, 'NextContinuationToken') || undefined
    };
}
class S3Bucket {
    name;
    region;
    endpoint;
    http;
    maxAttempts;
    deadlineBaseMs;
    deadlineRate;
    retryBaseDelayMs;
    retryMaxDelayMs;
    onRetry;
    maxSockets;
    requests = 0;
    /** Set once the store answered DeleteObjects as unsupported: later deletes go per key directly. */
    bulkDeleteUnsupported = false;
    constructor(options) {
        if (!options.bucket)
            throw new RangeError('S3 bucket name must not be empty');
        this.name = options.bucket;
        this.region =
            options.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || DEFAULT_REGION;
        this.endpoint = options.endpoint || configuredEndpoint() || undefined;
        this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
        this.deadlineBaseMs = options.deadlineBaseMs ?? 10_000;
        this.deadlineRate = options.deadlineMinBytesPerSecond ?? MiB;
        this.retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
        this.retryMaxDelayMs = options.retryMaxDelayMs ?? 10_000;
        this.onRetry = options.onRetry;
        this.maxSockets = options.maxSockets ?? 64;
        this.http = new S3Http({
            bucket: this.name,
            region: this.region,
            endpoint: this.endpoint,
            forcePathStyle: options.forcePathStyle ?? this.endpoint !== undefined,
            credentials: options.credentials,
            maxSockets: this.maxSockets,
            useFips: process.env.AWS_USE_FIPS_ENDPOINT?.toLowerCase() === 'true',
            useDualStack: process.env.AWS_USE_DUALSTACK_ENDPOINT?.toLowerCase() === 'true'
        });
    }
    /** One call whose answer's body is not wanted (read to its end, so the connection is kept). */
    async call(call, signal) {
        const answer = await this.http.send(call, signal);
        answer.resume();
        return answer;
    }
    /** One call whose answer is a small XML document. */
    async document(call, signal) {
        const answer = await this.http.send(call, signal);
        return readText(answer, MAX_DOCUMENT);
    }
    /** Requests sent so far, every attempt counted. */
    get requestCount() {
        return this.requests;
    }
    /** `s3://<bucket>/<key>`, for messages. */
    location(key = '') {
        return `s3://${this.name}/${key}`;
    }
    /**
     * The object's bytes (or those of `range`: first and last byte, inclusive, as in an HTTP Range
     * header); null when it does not exist; BlobTooLargeError when over maxSize.
     */
    async getObject(key, maxSize, range) {
        const location = this.location(key);
        try {
            return await this.retrying(0, async (deadline) => {
                const answer = await this.openGet(key, range, deadline.signal);
                if (!answer)
                    return Buffer.alloc(0);
                // Decided on the headers, before any of the body is read.
                if (maxSize !== undefined && answer.length !== undefined && answer.length > maxSize) {
                    answer.body.destroy();
                    throw new errors/* BlobTooLargeError */.jo(location, answer.length, maxSize);
                }
                deadline.extend(answer.length ?? 0);
                return readBody(answer.body, deadline.signal, answer.length, maxSize, location);
            });
        }
        catch (err) {
            if (err instanceof errors/* BlobTooLargeError */.jo)
                throw err;
            if (isNotFound(factsOf(err)))
                return null;
            throw this.failure('GetObject', key, err);
        }
    }
    /**
     * The object's bytes (or those of `range`) as a stream, for reading while they arrive; null when
     * it does not exist. Retried like every request until the answer's headers are in; after that a
     * failure surfaces as an error from the stream (the reader decides what to do: the pack reader
     * fetches the entries it could not read as objects). The body must keep moving: nothing for
     * `deadlineBaseMs` (10 s by default) aborts it, and a body shorter than its Content-Length is
     * an error, not a short read.
     */
    async getObjectStream(key, range) {
        const location = this.location(key);
        let answer;
        try {
            answer = await this.retrying(0, deadline => this.openGet(key, range, deadline.signal));
        }
        catch (err) {
            if (isNotFound(factsOf(err)))
                return null;
            throw this.failure('GetObject', key, err);
        }
        if (answer === null)
            return (async function* () { })();
        const body = guardedBody(answer.body, answer.length, this.deadlineBaseMs, location);
        // A server that ignores Range answers 200 with the whole object: the range is cut from it.
        return range && !answer.partial ? sliceStream(body, range.start, range.end + 1) : body;
    }
    /**
     * One GetObject attempt up to its answer's headers; an error answer is thrown as the S3 error it
     * is. Null: a 2xx answer without a body.
     */
    async openGet(key, range, signal) {
        const rangeHeader = range ? `bytes=${range.start}-${range.end}` : undefined;
        const answer = await this.http.send({ method: 'GET', key, headers: { range: rangeHeader } }, signal);
        if (answer.statusCode === 204) {
            answer.resume();
            return null;
        }
        const length = answer.headers['content-length'];
        const n = length === undefined ? NaN : Number(length);
        return {
            body: answer,
            length: Number.isSafeInteger(n) && n >= 0 ? n : undefined,
            partial: answer.statusCode === 206
        };
    }
    /**
     * Writes the object. With ifNoneMatch the write only happens when the key is absent
     * (`If-None-Match: *`); false means someone else wrote it first (412), which is not an error.
     */
    async putObject(key, body, opts = {}) {
        try {
            // The body is a buffer, so every attempt sends it whole.
            await this.retrying(body.length, async (deadline) => {
                await this.call({
                    method: 'PUT',
                    key,
                    body,
                    headers: {
                        'content-type': 'application/octet-stream',
                        'if-none-match': opts.ifNoneMatch ? '*' : undefined
                    }
                }, deadline.signal);
            });
            return true;
        }
        catch (err) {
            const f = factsOf(err);
            if (opts.ifNoneMatch && (f.status === 412 || f.code === 'PreconditionFailed'))
                return false;
            throw this.failure('PutObject', key, err);
        }
    }
    async headObject(key) {
        try {
            const answer = await this.retrying(0, deadline => this.call({ method: 'HEAD', key }, deadline.signal));
            const length = answer.headers['content-length'];
            return { key, size: sizeOf(length), lastModified: dateOf(answer.headers['last-modified']) };
        }
        catch (err) {
            if (isNotFound(factsOf(err)))
                return null;
            throw this.failure('HeadObject', key, err);
        }
    }
    /**
     * Refreshes the object's LastModified without transferring its data: a server-side copy onto
     * itself. S3 refuses a self-copy that changes nothing, hence the REPLACE metadata directive.
     */
    async copyOntoItself(key) {
        try {
            await this.retrying(0, async (deadline) => {
                const answer = await this.document({
                    method: 'PUT',
                    key,
                    headers: {
                        'x-amz-copy-source': copySource(this.name, key),
                        'x-amz-metadata-directive': 'REPLACE',
                        'content-type': 'application/octet-stream'
                    }
                }, deadline.signal);
                // S3 may fail a copy after its 200 has gone out: the error is then the answer's document.
                if (/<Error[\s>]/.test(answer)) {
                    const code = xmlText(answer, 'Code') ?? 'InternalError';
                    throw new S3ServiceError(xmlText(answer, 'Message') ?? code, 200, code);
                }
            });
        }
        catch (err) {
            throw this.failure('CopyObject', key, err);
        }
    }
    /**
     * Deletes the keys in DeleteObjects batches of 1000. A store that lacks DeleteObjects or rejects
     * its mandatory checksum gets per-key deletes instead, from then on. Missing keys are fine.
     */
    async deleteObjects(keys) {
        for (let i = 0; i < keys.length; i += DELETE_BATCH) {
            const batch = keys.slice(i, i + DELETE_BATCH);
            if (!this.bulkDeleteUnsupported) {
                try {
                    await this.deleteBatch(batch);
                    continue;
                }
                catch (err) {
                    if (!(err instanceof BulkDeleteUnsupported))
                        throw err;
                    this.bulkDeleteUnsupported = true;
                }
            }
            await (0,limit/* mapLimit */.sf)(batch, SINGLE_DELETE_CONCURRENCY, key => this.deleteObject(key));
        }
    }
    async deleteBatch(batch) {
        let answer;
        const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>` +
            batch.map(key => `<Object><Key>${escapeXml(key)}</Key></Object>`).join('') +
            `</Delete>`);
        // DeleteObjects must carry a checksum of its body; Content-MD5 is the one every look-alike knows.
        const md5 = (0,external_node_crypto_.createHash)('md5').update(body).digest('base64');
        try {
            answer = await this.retrying(body.length, deadline => this.document({
                method: 'POST',
                query: { delete: '' },
                body,
                headers: { 'content-md5': md5, 'content-type': 'application/xml' }
            }, deadline.signal));
        }
        catch (err) {
            const f = factsOf(err);
            if (f.status === 501 || f.status === 400 || (f.code && BULK_DELETE_UNSUPPORTED_CODES.has(f.code))) {
                throw new BulkDeleteUnsupported();
            }
            throw this.failure('DeleteObjects', batch[0] ?? '', err);
        }
        const failed = xmlElements(answer, 'Error')
            .map(e => ({ Key: xmlText(e, 'Key') ?? '', Code: xmlText(e, 'Code'), Message: xmlText(e, 'Message') }))
            .filter(e => e.Code !== 'NoSuchKey');
        const first = failed[0];
        if (first) {
            throw new S3RequestError(`S3 DeleteObjects could not delete ${failed.length} of ${batch.length} objects, e.g. ${this.location(first.Key)}: ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim(), 'DeleteObjects', this.location(first.Key), undefined, first.Code, 1);
        }
    }
    async deleteObject(key) {
        try {
            await this.retrying(0, deadline => this.call({ method: 'DELETE', key }, deadline.signal));
        }
        catch (err) {
            if (isNotFound(factsOf(err)))
                return;
            throw this.failure('DeleteObject', key, err);
        }
    }
    /**
     * Every object under the prefix, in key order, one paged ListObjectsV2 (at most `limit` objects).
     */
    listObjects(prefix, limit) {
        const pages = () => this.pages(prefix, undefined, limit);
        async function* objects() {
            let n = 0;
            for await (const page of pages()) {
                for (const o of page.objects) {
                    if (limit !== undefined && n++ >= limit)
                        return;
                    yield o;
                }
            }
        }
        const collect = async () => {
            const all = [];
            for await (const o of objects())
                all.push(o);
            return all;
        };
        return {
            [Symbol.asyncIterator]: objects,
            then: (onFulfilled, onRejected) => collect().then(onFulfilled, onRejected)
        };
    }
    /** One level of the tree under the prefix: common prefixes (delimiter `/`) and the objects at this level. */
    async listPrefixes(prefix) {
        const prefixes = [];
        const objects = [];
        for await (const page of this.pages(prefix, '/')) {
            prefixes.push(...page.prefixes);
            objects.push(...page.objects);
        }
        return { prefixes, objects };
    }
    async *pages(prefix, delimiter, limit) {
        let token;
        let seen = 0;
        do {
            const maxKeys = limit === undefined ? undefined : Math.min(1000, Math.max(1, limit - seen));
            const page = await this.listPage({ prefix, delimiter, continuationToken: token, maxKeys });
            seen += page.objects.length + page.prefixes.length;
            yield page;
            token = page.isTruncated ? page.nextContinuationToken : undefined;
        } while (token !== undefined && (limit === undefined || seen < limit));
    }
    /**
     * One ListObjectsV2 page, with our deadline and retries.
     */
    async listPage(request) {
        try {
            return await this.retrying(0, async (deadline) => {
                return this.fetchListPage(request, deadline.signal);
            });
        }
        catch (err) {
            throw this.failure('ListObjectsV2', request.prefix, err);
        }
    }
    async fetchListPage(request, signal) {
        const xml = await this.document({
            method: 'GET',
            query: {
                'list-type': '2',
                prefix: request.prefix || undefined,
                delimiter: request.delimiter,
                'continuation-token': request.continuationToken,
                'start-after': request.continuationToken === undefined ? request.startAfter : undefined,
                'max-keys': request.maxKeys === undefined ? undefined : String(request.maxKeys)
            }
        }, signal);
        return parseListPage(xml);
    }
    /**
     * Checks access with a one-key ListObjectsV2 on the prefix (needs no bucket-level permission, like
     * the original). A missing bucket is created when `create` is set, with the region's location
     * constraint (none for us-east-1, where S3 rejects one); otherwise it is an error saying so.
     */
    async ensureBucket(create, prefix = '') {
        try {
            await this.retrying(0, deadline => this.document({ method: 'GET', query: { 'list-type': '2', prefix: prefix || undefined, 'max-keys': '1' } }, deadline.signal));
            return;
        }
        catch (err) {
            const f = factsOf(err);
            if (!(f.code === 'NoSuchBucket' || f.status === 404))
                throw this.failure('ListObjectsV2', prefix, err);
            if (!create) {
                throw new S3RequestError(`S3 bucket ${JSON.stringify(this.name)} does not exist${this.endpoint ? ` at ${this.endpoint}` : ''}: create it, or enable auto_create`, 'ListObjectsV2', this.location(), f.status, f.code, 1, { cause: err });
            }
        }
        try {
            const body = this.region === DEFAULT_REGION
                ? undefined
                : Buffer.from(`<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
                    `<LocationConstraint>${escapeXml(this.region)}</LocationConstraint></CreateBucketConfiguration>`);
            await this.retrying(0, deadline => this.document({ method: 'PUT', body }, deadline.signal));
        }
        catch (err) {
            // Created meanwhile by another job of ours: fine.
            if (factsOf(err).code !== 'BucketAlreadyOwnedByYou')
                throw this.failure('CreateBucket', '', err);
        }
    }
    /**
     * Opens connections until `count` wait unused for the requests about to be sent (s3-agent.ts):
     * for requests sent together once something local is ready (a save's pack, its index, the catalog).
     */
    preconnect(count) {
        this.http.agent.preconnect(Math.min(count, this.maxSockets));
    }
    /** Closes the keep-alive connections. */
    destroy() {
        this.http.agent.destroy();
    }
    /**
     * Runs one request with our deadline per attempt and retries with exponential backoff and
     * jitter on throttling, 5xx, resets and deadlines. Throws the last error as it came.
     */
    async retrying(size, attempt) {
        for (let n = 1;; n++) {
            this.requests++;
            const deadline = new Deadline(this.deadlineBaseMs, this.deadlineRate, size);
            try {
                return await attempt(deadline);
            }
            catch (err) {
                deadline.clear();
                const error = deadline.expired && !(err instanceof errors/* BlobTooLargeError */.jo) ? deadline.signal.reason : err;
                if (error && typeof error === 'object')
                    error.attempts = n;
                const facts = factsOf(error);
                if (n >= this.maxAttempts || !isRetryable(facts))
                    throw error;
                const ceiling = Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** (n - 1));
                const delayMs = ceiling / 2 + Math.random() * (ceiling / 2);
                this.onRetry?.({ attempt: n, ...facts, delayMs });
                await sleep(delayMs);
            }
            finally {
                deadline.clear();
            }
        }
    }
    failure(operation, key, err) {
        if (err instanceof S3RequestError)
            return err;
        const f = factsOf(err);
        const attempts = err?.attempts ?? 1;
        const what = [f.status !== undefined ? `HTTP ${f.status}` : undefined, f.code].filter(Boolean).join(' ');
        return new S3RequestError(`S3 ${operation} of ${this.location(key)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${what ? `${what}: ` : ''}${f.message}`, operation, this.location(key), f.status, f.code, attempts, { cause: err });
    }
}

// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __nccwpck_require__(2642);
;// CONCATENATED MODULE: ./build/ncc-src/store/s3-entry-listing.js
/**
 * Listing a store's entries (S3CacheStore.list): which keys are entry objects, how they group into
 * entries, and the parallel range listing that finds them in few rounds.
 */



function isShardSegment(segment) {
    return /^[0-9a-f]{2}$/.test(segment);
}
function isBlobName(name) {
    try {
        (0,validate/* validateBlobName */.Lm)(name);
        return true;
    }
    catch {
        return false;
    }
}
/** A namespace level: a valid prefix segment that is not itself a shard name. */
function isNamespaceSegment(segment) {
    if (isShardSegment(segment))
        return false;
    try {
        (0,validate/* validateNamespace */.qB)(segment);
        return true;
    }
    catch {
        return false;
    }
}
/** `<hh>/<hex>/<name>` with `<hh>` the first two characters of `<hex>`; anything else is foreign. */
function parseEntryObject(rest) {
    const m = /^([0-9a-f]{2})\/([^/]+)\/(.+)$/.exec(rest);
    if (!m)
        return undefined;
    const [, hh, hex, name] = m;
    return (0,validate/* isKeyHex */.N2)(hex) && (0,validate/* shardOf */.IS)(hex) === hh && isBlobName(name) ? { hex, name } : undefined;
}
/** What a sub-range of a level can continue with at a position past `<hh>/<hh>`: the end of the hex, or a hex digit. */
const HEX_OR_END = '/0123456789abcdef';
/**
 * The sub-ranges of a listing range below a level (`rel` is the range without the level's prefix),
 * in key order, covering every key of the range that can be an entry object (`<hh>/<hex>/<name>`,
 * `<hex>` starting with `<hh>`): a digit `d` splits into the level's shards `d?/`, a shard `hh/` into
 * `hh/hh/` and `hh/hh<x>`, a deeper hex prefix into its next character. An entry (`…/<hex>/`) does
 * not split: its blob names are not hex. Keys outside these sub-ranges are foreign and not needed.
 */
function subRanges(rel, shards) {
    if (rel.length === 1)
        return shards.filter(s => s[0] === rel).map(s => `${s}/`);
    if (rel.length === 3)
        return [...HEX_OR_END].map(c => `${rel}${rel.slice(0, 2)}${c}`);
    if (rel.length >= 5 && !rel.endsWith('/'))
        return [...HEX_OR_END].map(c => `${rel}${c}`);
    return [];
}
/**
 * Whether a range whose first page ended at `last` is likely finished by one more page: the page
 * got through `at + ½` of the range's sub-ranges, so the rest should take (left / done) pages.
 * Then the range is continued with its continuation token (one request) rather than split into
 * its sub-ranges (one request each): a mid-sized bucket, whose digit ranges hold a little more
 * than a page, is listed in ~20 requests rather than ~250, in one more round.
 */
function nearlyDone(subs, last) {
    const at = subs.findIndex(sub => last.startsWith(sub));
    if (at < 0)
        return false;
    const done = at + 0.5;
    return (subs.length - done) / done <= 1;
}
function byNamespaceThenKey(a, b) {
    if (a.namespace !== b.namespace)
        return a.namespace < b.namespace ? -1 : 1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
/** Groups parsed objects into entries (size = sum, time = newest LastModified), sorted. */
class EntryCollector {
    entries = new Map();
    /** The entry added to last: a listing gives an entry's blobs one after another. */
    last;
    add(namespace, hex, object, name) {
        let entry = this.last;
        if (entry?.key !== hex || entry.namespace !== namespace) {
            const id = `${namespace}\0${hex}`;
            entry = this.entries.get(id);
            if (!entry) {
                entry = { key: hex, namespace, blobs: [], size: 0, mtime: object.lastModified };
                this.entries.set(id, entry);
            }
            this.last = entry;
        }
        const blob = { name, size: object.size, mtime: object.lastModified };
        entry.blobs.push(blob);
        entry.size += object.size;
        if (object.lastModified > entry.mtime)
            entry.mtime = object.lastModified;
    }
    result() {
        return [...this.entries.values()].sort(byNamespaceThenKey);
    }
}
/**
 * One listing of every entry under a prefix, in parallel ranges: each level (the root and each
 * namespace below it) is discovered with a delimiter listing and its first page in the same
 * round; a truncated first page splits the level into ranges (by digit or by shard, see
 * levelRanges), and a truncated range either continues (nearly done) or splits again. Ranges are
 * added while earlier ones run; run() waits until none is left.
 */
class EntryListing {
    bucket;
    o;
    limiter;
    collector = new EntryCollector();
    listings = [];
    constructor(bucket, o) {
        this.bucket = bucket;
        this.o = o;
        this.limiter = new limit/* Limiter */.jG(o.concurrency);
    }
    async run(prefix) {
        await this.discover(prefix, '');
        // Splits add listings while earlier ones run: wait until none is left.
        for (let done = 0; done < this.listings.length;) {
            const batch = this.listings.slice(done);
            done = this.listings.length;
            await Promise.all(batch);
        }
        return this.collector.result();
    }
    track(listing) {
        // Awaited in run(); this only keeps a failure that comes after another one from going unhandled.
        listing.catch(() => undefined);
        this.listings.push(listing);
    }
    /** A level: its namespaces below (discovered in turn), its entries in ranges once its first page is in. */
    async discover(prefix, namespace) {
        // The level's first page is asked for beside its delimiter listing, in the same round: a small
        // level is then listed whole, and a big one shows how dense it is before its ranges are chosen.
        const [level, first] = await Promise.all([
            this.limiter.run(() => this.bucket.listPrefixes(prefix)),
            this.limiter.run(() => this.bucket.listPage({ prefix, maxKeys: this.o.pageKeys }))
        ]);
        const segments = level.prefixes.map(p => p.slice(prefix.length, -1));
        const shards = segments.filter(isShardSegment);
        const sharedDigits = new Set(segments.filter(seg => !isShardSegment(seg)).map(seg => seg[0]));
        this.take(prefix, namespace, first.objects);
        if (first.isTruncated) {
            // Truncated without a key (no store does that): every range from its start.
            const last = first.objects[first.objects.length - 1]?.key ?? '';
            this.continueAfter(prefix, namespace, shards, this.levelRanges(prefix, shards, sharedDigits, last), last);
        }
        const below = segments
            .filter(isNamespaceSegment)
            .map(seg => this.discover(`${prefix}${seg}/`, namespace ? `${namespace}/${seg}` : seg));
        await Promise.all(below);
    }
    /**
     * The ranges a level is listed in after its first page, which ended at `last`: by first digit,
     * or by shard when the listing granularity says so, when a namespace shares the digit, or when
     * the first page did not get through a thirty-second of the shards (a digit then holds more
     * than two pages, and its shards would be found only after more rounds).
     */
    levelRanges(level, shards, sharedDigits, last) {
        // Where in the level's shards the first page stopped (-1: not in a shard).
        const rel = last.startsWith(level) ? last.slice(level.length) : '';
        const at = rel[2] === '/' ? shards.indexOf(rel.slice(0, 2)) : -1;
        // One page covered at + ½ shards; a digit is shards.length / 16 of them. Past two pages per
        // digit, ranges by shard save rounds; up to two, a digit range and at most one continuation
        // (see nearlyDone) save requests.
        const dense = at >= 0 && (at + 0.5) * 32 < shards.length;
        const ranges = [];
        const digits = new Set();
        for (const shard of shards) {
            const digit = shard[0];
            if (this.o.granularity === 'shard' || dense || sharedDigits.has(digit))
                ranges.push(`${level}${shard}/`);
            else if (!digits.has(digit)) {
                digits.add(digit);
                ranges.push(`${level}${digit}`);
            }
        }
        return ranges;
    }
    /**
     * After a truncated page that ended at `last`: lists the ranges not yet done, the one holding
     * `last` from just after it. Keys up to `last` came with the page; a range wholly before it is done.
     */
    continueAfter(level, namespace, shards, ranges, last) {
        for (const range of ranges) {
            if (last.startsWith(range))
                this.track(this.listRange(level, namespace, shards, range, { startAfter: last }));
            else if (range > last)
                this.track(this.listRange(level, namespace, shards, range));
        }
    }
    /** One page of a range; a truncated one continues (nearly done) or splits into its sub-ranges. */
    async listRange(level, namespace, shards, range, from = {}) {
        const page = await this.limiter.run(() => this.bucket.listPage({ prefix: range, maxKeys: this.o.pageKeys, ...from }));
        this.take(level, namespace, page.objects, from.startAfter);
        if (!page.isTruncated)
            return;
        const last = page.objects[page.objects.length - 1]?.key;
        const subs = last === undefined ? [] : subRanges(range.slice(level.length), shards).map(sub => `${level}${sub}`);
        if (last !== undefined && subs.length > 0 && !nearlyDone(subs, last)) {
            this.continueAfter(level, namespace, shards, subs, last);
            return;
        }
        if (page.nextContinuationToken === undefined) {
            throw new S3RequestError(`S3 ListObjectsV2 of ${this.bucket.location(range)} answered a truncated page without a continuation token`, 'ListObjectsV2', this.bucket.location(range), undefined, undefined, 1);
        }
        this.track(this.listRange(level, namespace, shards, range, { continuationToken: page.nextContinuationToken }));
    }
    /** Adds a page's entry objects (those after `startAfter`) to the collector. */
    take(level, namespace, objects, startAfter) {
        // An entry's blobs come one after another: the next key under the same `<hh>/<hex>/` needs
        // only its name checked.
        let entryPrefix;
        let hex = '';
        for (const o of objects) {
            // A store that ignored start-after would hand back keys already listed: never count them twice.
            if (startAfter !== undefined && o.key <= startAfter)
                continue;
            if (entryPrefix !== undefined && o.key.startsWith(entryPrefix)) {
                const name = o.key.slice(entryPrefix.length);
                if (isBlobName(name))
                    this.collector.add(namespace, hex, o, name);
                continue;
            }
            const parsed = parseEntryObject(o.key.slice(level.length));
            if (parsed) {
                this.collector.add(namespace, parsed.hex, o, parsed.name);
                hex = parsed.hex;
                entryPrefix = o.key.slice(0, o.key.length - parsed.name.length);
            }
        }
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/store/s3.js
/**
 * The S3 store: byte-compatible with the Go system's layout `<prefix><hh>/<hex>/<name>` under the
 * root prefix `cache/`, with namespaces as nested prefixes. Listing is parallel: the levels of the
 * tree are discovered with delimiter listings, their shards are listed concurrently, and a range
 * that fills a page is split into its sub-ranges instead of being paged through one by one.
 */






const GiB = 1024 ** 3;
const DEFAULT_PREFIX = 'cache/';
/** Like the original: evict once the running estimate passes the limit by 10%, then down to the limit. */
const EVICTION_SLACK = 1.1;
/** The blob a touch copies: small, and present in every compile entry. */
const TOUCH_BLOB = 'exit_code';
/** More objects than any entry has blobs; used to bound per-entry listings. */
const ENTRY_LISTING_LIMIT = 64;
function normalizePrefix(prefix) {
    return `${(0,validate/* splitNamespacePath */.NC)(prefix).join('/')}/`;
}
function evicted(entries) {
    return { entries: entries.length, bytes: entries.reduce((n, e) => n + e.size, 0) };
}
class S3CacheStore {
    bucket;
    /** Always ends in `/`, e.g. `cache/` or `cache/compile/local/`. */
    prefix;
    maxSize;
    maxBlobSize;
    listConcurrency;
    listGranularity;
    listPageKeys;
    ownsBucket;
    /** Running size estimate for maxSize; undefined until the first put lists the store once. */
    estimate;
    estimating;
    evicting;
    constructor(options) {
        if (options.bucket instanceof S3Bucket) {
            this.bucket = options.bucket;
            this.ownsBucket = false;
        }
        else {
            this.bucket = new S3Bucket(options);
            this.ownsBucket = true;
        }
        this.prefix = normalizePrefix(options.prefix ?? DEFAULT_PREFIX);
        this.maxSize = Math.max(0, options.maxSize ?? 0);
        this.maxBlobSize = options.maxBlobSize ?? GiB;
        this.listConcurrency = options.listConcurrency ?? 64;
        this.listGranularity = options.listGranularity ?? 'digit';
        this.listPageKeys = options.listPageKeys;
        if (this.listPageKeys !== undefined &&
            !(Number.isInteger(this.listPageKeys) && this.listPageKeys >= 1 && this.listPageKeys <= 1000)) {
            throw new RangeError(`listPageKeys ${this.listPageKeys} is invalid: expected a whole number from 1 to 1000`);
        }
        if (!Number.isInteger(this.listConcurrency) || this.listConcurrency < 1) {
            throw new RangeError(`listConcurrency ${this.listConcurrency} is invalid: expected a whole number >= 1`);
        }
    }
    /** Constructs the store and checks access (creating a missing bucket when autoCreate is set). */
    static async open(options) {
        const store = new S3CacheStore(options);
        try {
            await store.checkAccess(options.autoCreate ?? false);
        }
        catch (err) {
            store.destroy();
            throw err;
        }
        return store;
    }
    /**
     * The access check `open` makes (one ListObjectsV2 of a key below the prefix), for a caller that
     * runs it beside its first reads instead of before them; throws what `open` would.
     */
    checkAccess(autoCreate = false) {
        return this.bucket.ensureBucket(autoCreate, this.prefix);
    }
    /** `<prefix><hh>/<hex>/<name>` (compat). */
    objectKey(key, name) {
        (0,validate/* validateBlobName */.Lm)(name);
        return `${this.entryPrefix('', (0,validate/* keyHex */.fr)(key))}${name}`;
    }
    dir() {
        return `s3://${this.bucket.name}/${this.prefix}`;
    }
    namespace(prefix) {
        (0,validate/* validateNamespace */.qB)(prefix);
        return new S3CacheStore({
            bucket: this.bucket,
            prefix: `${this.prefix}${prefix}/`,
            maxBlobSize: this.maxBlobSize,
            listConcurrency: this.listConcurrency,
            listGranularity: this.listGranularity,
            listPageKeys: this.listPageKeys
        });
    }
    /**
     * The blob, or null. Never more than maxBlobSize bytes, nor than `maxSize` (a restore passes the
     * size the listing gave): a bigger answer is a BlobTooLargeError, decided on its Content-Length
     * before the body is read, or while reading when there is none.
     */
    async get(key, name, options = {}) {
        const limit = Math.min(this.maxBlobSize, options.maxSize ?? Number.POSITIVE_INFINITY);
        return this.bucket.getObject(this.objectKey(key, name), limit);
    }
    /**
     * Stores the blob. Returns false when `ifAbsent` was set and the key already existed (the server
     * answered 412: another writer got there first), so callers can count it as already stored.
     */
    async put(key, name, value, opts = {}) {
        const objectKey = this.objectKey(key, name);
        if (value.length > this.maxBlobSize) {
            throw new errors/* BlobTooLargeError */.jo(this.bucket.location(objectKey), value.length, this.maxBlobSize);
        }
        const written = await this.bucket.putObject(objectKey, value, { ifNoneMatch: opts.ifAbsent });
        if (written && this.maxSize > 0)
            await this.accountAndEvict(value.length);
        return written;
    }
    async has(key) {
        return (await this.entryObjects((0,validate/* keyHex */.fr)(key))).length > 0;
    }
    /**
     * The blobs the bucket holds for one entry (one listing of its prefix): the save compares them
     * with a local entry the build rewrote, to replace an entry it cannot use (issue 11).
     */
    async entryBlobs(key) {
        const hex = (0,validate/* keyHex */.fr)(key);
        const prefix = this.entryPrefix('', hex);
        return (await this.entryObjects(hex)).map(o => ({
            name: o.key.slice(prefix.length),
            size: o.size,
            mtime: o.lastModified
        }));
    }
    async stats() {
        const entries = await this.list();
        return { entries: entries.length, bytes: entries.reduce((n, e) => n + e.size, 0) };
    }
    /**
     * Every entry of this store and of every namespace below it. Each level of the tree is discovered
     * with a delimiter listing (a two-hex-character common prefix is a shard, any other valid segment
     * a namespace) and, in the same round, its first page of keys is read: a level that fits one page
     * is then done. Otherwise the rest of the level is listed in ranges, concurrently (bounded by
     * listConcurrency): by first hex digit (prefix `<level><d>`, covering the shards `<d>0/`…`<d>f/`,
     * so a mid-sized level costs 16 requests rather than 256), or by shard when listGranularity is
     * 'shard', when the first page did not get through a thirty-second of the shards (each digit would
     * hold more than two pages), or for a digit that a namespace also starts with (`c0ffee/`), so no
     * namespace is listed twice. A range whose page comes back truncated is not paged through: the
     * rest of it is split into its sub-ranges (shards, then longer hex prefixes), listed concurrently,
     * the one holding the page's last key from just after that key. A big bucket so costs a few
     * rounds of parallel requests, not 1000-key pages one after another. Keys outside the layout
     * (namespaces' keys met in a level's ranges, foreign objects) are skipped, never counted twice.
     */
    async list() {
        return new EntryListing(this.bucket, {
            concurrency: this.listConcurrency,
            granularity: this.listGranularity,
            pageKeys: this.listPageKeys
        }).run(this.prefix);
    }
    async clean(maxSize, maxAge) {
        const entries = await this.list();
        const cutoff = Date.now() - maxAge;
        const byAge = maxAge > 0 ? entries.filter(e => e.mtime.getTime() < cutoff) : [];
        const aged = new Set(byAge);
        const rest = entries
            .filter(e => !aged.has(e))
            // Ties broken by namespace, then key (lru-order.ts), as on disk: a LastModified in whole
            // seconds makes them common.
            .sort(lru_order/* compareLru */.r);
        let total = rest.reduce((n, e) => n + e.size, 0);
        let oldest = 0;
        if (maxSize > 0) {
            while (total > maxSize && oldest < rest.length)
                total -= rest[oldest++].size;
        }
        const bySize = rest.slice(0, oldest);
        // Only the objects the listing attributed to entries: foreign objects are never deleted.
        await this.bucket.deleteObjects([...byAge, ...bySize].flatMap(e => e.blobs.map(b => `${this.entryPrefix(e.namespace, e.key)}${b.name}`)));
        return {
            bySize: evicted(bySize),
            byAge: evicted(byAge),
            remaining: { entries: rest.length - oldest, bytes: total }
        };
    }
    /**
     * Refreshes the entry's time: a server-side copy of one small blob onto itself moves its
     * LastModified, and the entry's time is its newest blob's. A missing entry is left alone.
     */
    async touch(key, blob = TOUCH_BLOB) {
        (0,validate/* validateBlobName */.Lm)(blob);
        const hex = (0,validate/* keyHex */.fr)(key);
        // Every compile entry has exit_code: one request, no listing. Only when it is missing is the
        // entry listed to find another (the smallest) blob to copy.
        if (await this.copyIfPresent(this.objectKey(hex, blob)))
            return;
        const objects = await this.entryObjects(hex);
        if (objects.length === 0)
            return;
        const smallest = objects.reduce((small, o) => (o.size < small.size ? o : small));
        await this.copyIfPresent(smallest.key);
    }
    /** A copy onto itself; false when the object is not there (never written, or evicted meanwhile). */
    async copyIfPresent(objectKey) {
        try {
            await this.bucket.copyOntoItself(objectKey);
            return true;
        }
        catch (err) {
            if (err instanceof S3RequestError && (err.code === 'NoSuchKey' || err.status === 404))
                return false;
            throw err;
        }
    }
    /** Removes whole entries of this store (not of namespaces below it). */
    async remove(keys) {
        const hexes = keys.map(k => (0,validate/* keyHex */.fr)(k));
        const objects = await (0,limit/* mapLimit */.sf)(hexes, this.listConcurrency, hex => this.entryObjects(hex));
        await this.bucket.deleteObjects(objects.flat().map(o => o.key));
    }
    /** Opens connections ahead of requests about to be sent together (S3Bucket.preconnect). */
    preconnect(count) {
        this.bucket.preconnect(count);
    }
    /** Closes the connection pool when this store created it (views share their parent's). */
    destroy() {
        if (this.ownsBucket)
            this.bucket.destroy();
    }
    entryPrefix(namespace, hex) {
        return `${this.prefix}${namespace ? `${namespace}/` : ''}${(0,validate/* shardOf */.IS)(hex)}/${hex}/`;
    }
    /** The blobs of one entry at this level (objects nested deeper are foreign). */
    async entryObjects(hex) {
        const prefix = this.entryPrefix('', hex);
        const objects = await this.bucket.listObjects(prefix, ENTRY_LISTING_LIMIT);
        return objects.filter(o => isBlobName(o.key.slice(prefix.length)));
    }
    /** Keeps the running estimate and evicts once it passes the limit by 10%. */
    async accountAndEvict(bytes) {
        if (this.estimate === undefined) {
            // The first put learns the current size from one listing (which already includes this blob).
            this.estimating ??= this.stats().then(s => {
                this.estimate = s.bytes;
            }, err => {
                this.estimating = undefined;
                throw err;
            });
            await this.estimating;
        }
        else {
            this.estimate += bytes;
        }
        if ((this.estimate ?? 0) > this.maxSize * EVICTION_SLACK) {
            this.evicting ??= this.clean(this.maxSize, 0)
                .then(result => {
                this.estimate = result.remaining.bytes;
            })
                .finally(() => {
                this.evicting = undefined;
            });
            await this.evicting;
        }
    }
}


/***/ }),

/***/ 3233:
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
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
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

/***/ 313:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ parseSize),
/* harmony export */   F: () => (/* binding */ parseAge)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6107);

const UNITS = {
    '': 1,
    b: 1,
    k: 1024,
    kb: 1024,
    kib: 1024,
    m: 1024 ** 2,
    mb: 1024 ** 2,
    mib: 1024 ** 2,
    g: 1024 ** 3,
    gb: 1024 ** 3,
    gib: 1024 ** 3,
    t: 1024 ** 4,
    tb: 1024 ** 4,
    tib: 1024 ** 4
};
const SIZE_FORMS = 'a whole number of bytes with an optional unit B, K/KB/KiB, M/MB/MiB, G/GB/GiB or T/TB/TiB (base 1024), e.g. 500M or 10 GiB';
/**
 * Parses a size such as `4 GB` into bytes (compat with the Go system: base 1024, no sign, no
 * fractions). An empty string is 0, which means unlimited.
 */
function parseSize(input) {
    const s = input.trim();
    if (s === '')
        return 0;
    const m = /^(\d+)\s*([a-zA-Z]*)$/.exec(s);
    if (!m)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`invalid size ${JSON.stringify(input)}: expected ${SIZE_FORMS}`);
    const unit = UNITS[m[2].toLowerCase()];
    if (unit === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`invalid size ${JSON.stringify(input)}: unknown unit ${JSON.stringify(m[2])}; expected ${SIZE_FORMS}`);
    }
    const value = BigInt(m[1]) * BigInt(unit);
    // The Go side keeps sizes in an int64; beyond that, and beyond exact doubles, it is an overflow.
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`invalid size ${JSON.stringify(input)}: too large (overflow); expected ${SIZE_FORMS}`);
    }
    return Number(value);
}
const DURATION_UNITS = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000
};
const AGE_FORMS = 'a duration such as 720h, 1h30m, 90s or whole days such as 14d (0 or empty disables)';
/**
 * Parses an age into milliseconds: Go durations (`720h`, `1h30m`, `1.5h`, `90s`) plus days (`14d`).
 * Empty and `0` mean 0 (disabled). Negative ages are rejected.
 */
function parseAge(input) {
    const s = input.trim();
    if (s === '' || s === '0')
        return 0;
    const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/y;
    let total = 0;
    let pos = 0;
    while (pos < s.length) {
        part.lastIndex = pos;
        const m = part.exec(s);
        if (!m)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`invalid age ${JSON.stringify(input)}: expected ${AGE_FORMS}`);
        total += Number(m[1]) * DURATION_UNITS[m[2]];
        pos = part.lastIndex;
    }
    if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`invalid age ${JSON.stringify(input)}: too large; expected ${AGE_FORMS}`);
    }
    return Math.round(total);
}


/***/ }),

/***/ 1473:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DS: () => (/* binding */ STATE_SUBDIRS),
/* harmony export */   Q1: () => (/* binding */ repairStateDir),
/* harmony export */   d3: () => (/* binding */ checkStateDir),
/* harmony export */   vJ: () => (/* binding */ stateLocation),
/* harmony export */   xH: () => (/* binding */ ensureStateDir),
/* harmony export */   xp: () => (/* binding */ stateSubdir)
/* harmony export */ });
/* unused harmony exports STATE_DIR_ENV, assignStateDir, stateDirOf */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var _lazy_crypto_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(8818);
/* harmony import */ var _make_dir_bounded_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(2556);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(3233);
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
        assigned.delete(path.resolve(cacheDir));
    else
        assigned.set(path.resolve(cacheDir), path.resolve(dir));
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

/***/ 2642:
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
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6107);

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


/***/ }),

/***/ 8942:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ ByteBudget)
/* harmony export */ });
/**
 * A budget of bytes held in memory at once, shared by readers that do not know each other (the
 * packs of a restore read in parallel): a reader takes the bytes it is about to hold and gives them
 * back when done, and waits while the budget is spent. This bounds the peak memory of a restore by
 * the budget, not by what the bucket declares or sends.
 */
class ByteBudget {
    limit;
    used = 0;
    waiting = [];
    constructor(limit) {
        this.limit = limit;
        if (!Number.isSafeInteger(limit) || limit < 1) {
            throw new RangeError(`byte budget ${limit} is invalid: expected a whole number >= 1`);
        }
    }
    /** Bytes taken now. */
    get inUse() {
        return this.used;
    }
    /**
     * Takes `bytes` (at most the whole budget: a single claim bigger than it waits until nothing
     * else is held, then runs alone) and resolves with the amount taken, to give back to release().
     * First come, first served: a big claim is not starved by small ones slipping past it.
     */
    async acquire(bytes) {
        const take = Math.min(this.limit, Math.max(0, Math.ceil(bytes)));
        if (this.waiting.length === 0 && this.used + take <= this.limit) {
            this.used += take;
            return take;
        }
        await new Promise(resolve => this.waiting.push({ bytes: take, resolve }));
        return take;
    }
    release(bytes) {
        this.used = Math.max(0, this.used - bytes);
        while (this.waiting.length > 0 && this.used + this.waiting[0].bytes <= this.limit) {
            const next = this.waiting.shift();
            this.used += next.bytes;
            next.resolve();
        }
    }
}


/***/ }),

/***/ 1066:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   KN: () => (/* binding */ isCompleteEntry),
/* harmony export */   mW: () => (/* binding */ uploadOrder),
/* harmony export */   nj: () => (/* binding */ namespaceView),
/* harmony export */   pU: () => (/* binding */ SubViews),
/* harmony export */   ub: () => (/* binding */ entryId)
/* harmony export */ });
/* unused harmony export isCompileNamespace */
/* harmony import */ var _store_validate_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2642);

/** `local/abcd…` for an entry in tenant `local`, or just the hex key for one directly in the namespace. */
function entryId(entry) {
    return entry.namespace === '' ? entry.key : `${entry.namespace}/${entry.key}`;
}
/** The view of `store` at a namespace path such as `compile/local` (views take one segment each). */
function namespaceView(store, path) {
    let view = store;
    for (const segment of (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .splitNamespacePath */ .NC)(path))
        view = view.namespace(segment);
    return view;
}
/** Views of the entries' relative namespaces below one base view, made once per namespace. */
class SubViews {
    base;
    views = new Map();
    constructor(base) {
        this.base = base;
    }
    of(relative) {
        if (relative === '')
            return this.base;
        let view = this.views.get(relative);
        if (!view) {
            view = namespaceView(this.base, relative);
            this.views.set(relative, view);
        }
        return view;
    }
}
/** The compile result blobs a reader needs before it takes an entry as complete. */
const COMPILE_REQUIRED = ['exit_code', 'metadata'];
/** True when the namespace path (synced namespace + the entry's relative one) is under `compile`. */
function isCompileNamespace(syncNamespace, relative) {
    const first = (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .splitNamespacePath */ .NC)(relative === '' ? syncNamespace : `${syncNamespace}/${relative}`)[0];
    return first === 'compile';
}
/**
 * Whether an entry is whole enough to copy. Compile entries are written `metadata` last by us (and
 * `exit_code` before it by the Go system), so an entry missing either was cut off mid-write and
 * would be a miss for every reader. Other namespaces (source blobs) have no such rule.
 */
function isCompleteEntry(syncNamespace, entry) {
    if (entry.blobs.length === 0)
        return false;
    if (!isCompileNamespace(syncNamespace, entry.namespace))
        return true;
    return COMPILE_REQUIRED.every(name => entry.blobs.some(b => b.name === name));
}
/** The Go system's write order; anything unknown goes before `metadata`. */
const WRITE_ORDER = ['output', 'stdout', 'stderr', 'exit_code', 'extras'];
/**
 * The order to upload an entry's blobs in: `metadata` strictly last, so an upload cut off at any
 * point leaves an entry that every reader (ours and the Go system) takes as incomplete.
 */
function uploadOrder(names) {
    const rank = (n) => {
        if (n === 'metadata')
            return WRITE_ORDER.length + 1;
        const i = WRITE_ORDER.indexOf(n);
        return i === -1 ? WRITE_ORDER.length : i;
    };
    return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}


/***/ }),

/***/ 1671:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   W5: () => (/* binding */ SyncUnavailableError),
/* harmony export */   kc: () => (/* binding */ errorText),
/* harmony export */   oo: () => (/* binding */ Failures)
/* harmony export */ });
/* unused harmony exports ABORT_AFTER_FAILURES, isBucketLevelError */
/**
 * Failure handling for the sync. A failed entry is counted and warned about, never fatal; but when
 * the first transfers all fail for a reason that says the bucket itself cannot be used (no
 * connection, refused credentials, a server that keeps failing), going on would only repeat the
 * same error (with retries) for every entry, so the run stops with one clear error.
 *
 * A problem with one object's content (a name the disk refuses, a blob over the size limit, bad
 * data, a 404 or 400 on one key) says nothing about the bucket: it costs that entry, is warned
 * about, and never counts towards stopping the run. Otherwise a bucket whose first few (newest)
 * entries are bad would stop every restore before a single good entry came in.
 */
/** The remote store cannot be used at all: the caller warns (or fails the job, if asked to). */
class SyncUnavailableError extends Error {
    name = 'SyncUnavailableError';
    constructor(message, options) {
        super(message, options);
    }
}
/** Consecutive bucket-level failures, with not one success before them, that mean "unreachable". */
const ABORT_AFTER_FAILURES = 8;
/** Network error codes: the bucket could not be talked to. */
const TRANSPORT_CODES = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'ECONNABORTED',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'EPIPE',
    'DeadlineExceeded',
    'TimeoutError',
    'UND_ERR_SOCKET',
    'ERR_STREAM_PREMATURE_CLOSE'
]);
/**
 * Whether an error says the bucket cannot be used, rather than that one object is bad: a request
 * that got no answer, or an answer of 401/403 (credentials or policy), 429 or 5xx (after the
 * retries). A request error (S3RequestError: it carries the S3 operation) with any other status,
 * and every error that is not a request error (the disk refusing a name, a checksum, a size
 * limit), is about one object.
 */
function isBucketLevelError(err) {
    if (err instanceof SyncUnavailableError)
        return true;
    for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
        const o = e;
        if (typeof o.operation === 'string' && 'status' in o) {
            const status = typeof o.status === 'number' ? o.status : undefined;
            if (status === undefined)
                return true;
            return status === 401 || status === 403 || status === 429 || status >= 500;
        }
        if (typeof o.code === 'string' && TRANSPORT_CODES.has(o.code))
            return true;
        e = o.cause;
    }
    return false;
}
/** Individual warnings kept per run; the rest are summed up in one line. */
const MAX_WARNINGS = 20;
function errorText(err) {
    if (err instanceof Error) {
        const code = err.code;
        const msg = err.message || err.name;
        return code && !msg.includes(code) ? `${msg} (${code})` : msg;
    }
    return String(err);
}
/** Collects warnings for one restore or save, and decides when failures mean the remote is down. */
class Failures {
    operation;
    warnings;
    log;
    successes = 0;
    /** Failed entries, and of them those whose error says the bucket cannot be used. */
    failures = 0;
    bucketFailures = 0;
    bucketFailuresInRow = 0;
    lastBucketError;
    suppressed = 0;
    constructor(
    /** What is being done, for the error: `restore from s3://bucket/cache/`. */
    operation, warnings = [], log) {
        this.operation = operation;
        this.warnings = warnings;
        this.log = log;
    }
    succeeded() {
        this.successes++;
        this.bucketFailuresInRow = 0;
    }
    /** A warning that is not an entry failure (a local clean that failed, a listing of one namespace). */
    warn(message) {
        if (this.warnings.length < MAX_WARNINGS) {
            this.warnings.push(message);
            this.log?.(`warning: ${message}`);
        }
        else {
            this.suppressed++;
        }
    }
    /**
     * Records a failed entry; throws SyncUnavailableError when the first ABORT_AFTER_FAILURES
     * bucket-level failures came with nothing having worked (see isBucketLevelError).
     */
    failed(what, err) {
        this.failures++;
        this.warn(`${what}: ${errorText(err)}`);
        if (!isBucketLevelError(err))
            return;
        this.bucketFailures++;
        this.bucketFailuresInRow++;
        this.lastBucketError = err;
        if (this.successes === 0 && this.bucketFailuresInRow >= ABORT_AFTER_FAILURES) {
            throw new SyncUnavailableError(`${this.operation} stopped: the first ${this.bucketFailuresInRow} transfers all failed; last error: ${errorText(err)}`, { cause: err });
        }
    }
    /**
     * Throws SyncUnavailableError when a failure said the bucket cannot be used and nothing at all
     * worked. Entries that failed for their own content alone leave the run a success with warnings.
     */
    assertNotTotal() {
        if (this.bucketFailures > 0 && this.successes === 0) {
            throw new SyncUnavailableError(`${this.operation} failed: all ${this.failures} attempts failed; last error: ${errorText(this.lastBucketError)}`, { cause: this.lastBucketError });
        }
    }
    /** Adds the `and N more` line; call once at the end. */
    finish() {
        if (this.suppressed > 0) {
            this.warnings.push(`${this.suppressed} more warnings not shown`);
            this.suppressed = 0;
        }
        return this.warnings;
    }
}


/***/ }),

/***/ 5052:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ ManifestEntries)
/* harmony export */ });
/**
 * One namespace's entries in the sync manifest, as columns: the entry ids once, sorted, and beside
 * each its local time, its bucket time and its size (null where it has none).
 *
 * Every save reads them before it can plan (sync.md, "Save"). Keyed objects, one per column (the
 * manifest's first version), made 760 KB of JSON for 3,000 entries: ~4 ms to parse and ~2 ms to
 * check, then a map of the bucket times built again, all before the save's first request. The
 * columns are a third of the size and parse in under a millisecond; a save looks up the few ids it
 * needs by binary search and walks the rest once, so nothing is built per entry.
 */
class ManifestEntries {
    ids;
    local;
    remote;
    sizes;
    constructor(
    /** Sorted (code unit order) and unique. */
    ids, local, remote, 
    /**
     * Null when the restore recorded no sizes: the save then walks the store instead of taking
     * the entries on disk and in the bucket from here (a manifest written without a restore).
     */
    sizes) {
        this.ids = ids;
        this.local = local;
        this.remote = remote;
        this.sizes = sizes;
    }
    /** From what is known per id; `sizes: false` records none (see `sizes`). */
    static from(entries, o = { sizes: true }) {
        const ids = [...entries.keys()].sort();
        const column = (f) => ids.map(id => f(entries.get(id)) ?? null);
        return new ManifestEntries(ids, column(e => e.local), column(e => e.remote), o.sizes ? column(e => e.size) : null);
    }
    /**
     * The columns of a manifest file, checked: ids strings in strictly increasing order (the binary
     * search relies on it), every column as long, every value null or a finite number. Null when
     * they are not that.
     */
    static parse(v) {
        if (typeof v !== 'object' || v === null)
            return null;
        const c = v;
        const { ids, local, remote, sizes } = c;
        if (!Array.isArray(ids) || !isColumn(local, ids.length) || !isColumn(remote, ids.length))
            return null;
        if (sizes !== undefined && !isColumn(sizes, ids.length))
            return null;
        for (let i = 0; i < ids.length; i++) {
            const id = ids[i];
            if (typeof id !== 'string' || (i > 0 && !(ids[i - 1] < id)))
                return null;
        }
        return new ManifestEntries(ids, local, remote, sizes ?? null);
    }
    toJSON() {
        return {
            ids: [...this.ids],
            local: [...this.local],
            remote: [...this.remote],
            ...(this.sizes ? { sizes: [...this.sizes] } : {})
        };
    }
    /** The position of `id` in the columns, or -1. */
    indexOf(id) {
        const ids = this.ids;
        let lo = 0;
        let hi = ids.length - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            const at = ids[mid];
            if (at === id)
                return mid;
            if (at < id)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return -1;
    }
    localTime(id) {
        return this.at(this.local, id);
    }
    remoteTime(id) {
        return this.at(this.remote, id);
    }
    size(id) {
        return this.sizes ? this.at(this.sizes, id) : undefined;
    }
    /** The bucket times as a lookup, in place of the Map a listing gives. */
    get remoteTimes() {
        return { get: id => this.remoteTime(id) };
    }
    /** The ids of the entries that were on disk. */
    localIds() {
        return this.ids.filter((_, i) => this.local[i] !== null);
    }
    /** The ids of the entries that were complete in the bucket. */
    remoteIds() {
        return this.ids.filter((_, i) => this.remote[i] !== null);
    }
    at(column, id) {
        const i = this.indexOf(id);
        return i < 0 ? undefined : (column[i] ?? undefined);
    }
}
function isColumn(v, length) {
    if (!Array.isArray(v) || v.length !== length)
        return false;
    for (const x of v) {
        if (x !== null && (typeof x !== 'number' || !Number.isFinite(x)))
            return false;
    }
    return true;
}


/***/ }),

/***/ 7697:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ writeManifest),
/* harmony export */   W: () => (/* binding */ readManifest)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3233);
/* harmony import */ var _packs_census_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6412);
/* harmony import */ var _manifest_entries_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(5052);
/**
 * The sync manifest: what was on disk and in the bucket when the restore ran. The post step reads
 * it to know which local entries are new (not in the bucket) and which were hit during the job
 * (local time newer than the restore), without listing the whole bucket a second time.
 */





/**
 * Writes the manifest atomically (temporary file, then rename), so a reader never sees half of it.
 * The build can write where the manifest lives (the runner's temp directory): its directory must be
 * a real directory (not a planted symlink: UnsafePathError), the temporary file is created
 * O_EXCL|O_NOFOLLOW, and the rename replaces whatever is at `path` (a planted symlink itself, never
 * what it points to).
 */
async function writeManifest(path, m) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, { recursive: true });
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(dir);
    if (!st.isDirectory())
        throw new _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .UnsafePathError */ .k0(dir, (0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .describeKind */ .SB)(st));
    await (0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .writeRegularFileAtomic */ .z2)(path, JSON.stringify(m));
}
/**
 * The manifest at `path`, or null when there is none or it cannot be used (unreadable, not JSON,
 * another version): the save then lists the bucket instead, which is slower but always right.
 * `log` hears why a present file was not used.
 */
async function readManifest(path, log) {
    let text;
    try {
        // O_NOFOLLOW|O_NONBLOCK and fstat: a symlink or FIFO planted at the manifest's path is refused
        // (the save lists the bucket instead), never followed or waited on.
        const data = await (0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .readRegularFile */ .XF)(path);
        if (data === null)
            return null;
        text = data.toString('utf8');
    }
    catch (err) {
        log?.(`sync manifest ${path} is unreadable (${err.message}); listing the bucket instead`);
        return null;
    }
    try {
        const m = JSON.parse(text);
        const manifest = parseManifest(m);
        if (!manifest)
            throw new Error('not a version 2 sync manifest');
        return manifest;
    }
    catch (err) {
        log?.(`sync manifest ${path} is not usable (${err.message}); listing the bucket instead`);
        return null;
    }
}
/** The manifest in a parsed file, checked; null when it is not one. */
function parseManifest(m) {
    if (typeof m !== 'object' || m === null)
        return null;
    const r = m;
    if (r.version !== 2 || typeof r.restoredAt !== 'string' || Number.isNaN(Date.parse(r.restoredAt)))
        return null;
    if (typeof r.namespaces !== 'object' || r.namespaces === null)
        return null;
    const namespaces = {};
    for (const [name, ns] of Object.entries(r.namespaces)) {
        if (typeof ns !== 'object' || ns === null)
            return null;
        const n = ns;
        const entries = _manifest_entries_js__WEBPACK_IMPORTED_MODULE_4__/* .ManifestEntries */ .K.parse(n.entries);
        if (!entries)
            return null;
        const { outsidePacks, objects, remoteFrom, census } = n;
        if (outsidePacks !== undefined && !(0,_packs_census_js__WEBPACK_IMPORTED_MODULE_3__/* .isCount */ .my)(outsidePacks))
            return null;
        if (remoteFrom !== undefined && remoteFrom !== 'packs')
            return null;
        if (objects !== undefined && !(0,_packs_census_js__WEBPACK_IMPORTED_MODULE_3__/* .isCount */ .my)(objects))
            return null;
        if (census !== undefined && !isCensus(census))
            return null;
        namespaces[name] = {
            entries,
            ...(outsidePacks !== undefined && { outsidePacks }),
            ...(objects !== undefined && { objects }),
            ...(remoteFrom !== undefined && { remoteFrom }),
            ...(census !== undefined && { census })
        };
    }
    return { version: 2, restoredAt: r.restoredAt, namespaces };
}
function isCensus(v) {
    if (typeof v !== 'object' || v === null)
        return false;
    const c = v;
    return (typeof c.countedAt === 'number' &&
        Number.isFinite(c.countedAt) &&
        (0,_packs_census_js__WEBPACK_IMPORTED_MODULE_3__/* .isCount */ .my)(c.outsidePacks) &&
        (c.objects === undefined || (0,_packs_census_js__WEBPACK_IMPORTED_MODULE_3__/* .isCount */ .my)(c.objects)));
}


/***/ }),

/***/ 1380:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   J9: () => (/* binding */ checkNamespaces),
/* harmony export */   ab: () => (/* binding */ checkLimit),
/* harmony export */   wE: () => (/* binding */ checkCount),
/* harmony export */   ws: () => (/* binding */ checkNumber)
/* harmony export */ });
/* harmony import */ var _store_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6107);
/* harmony import */ var _store_validate_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2642);
/** Checks of the options the action passes to restore and save, with errors naming the value. */


/** The namespace paths, validated, normalised (`compile//local/` → `compile/local`) and deduplicated. */
function checkNamespaces(namespaces) {
    if (!Array.isArray(namespaces) || namespaces.length === 0) {
        throw new _store_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC('namespaces must list at least one namespace path, e.g. ["compile"]');
    }
    return [...new Set(namespaces.map(ns => (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_1__/* .splitNamespacePath */ .NC)(ns).join('/')))];
}
/** A whole number >= min. */
function checkCount(name, value, min) {
    if (!Number.isInteger(value) || value < min) {
        throw new _store_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`${name} is ${String(value)}: expected a whole number >= ${min}`);
    }
    return value;
}
/** Bytes or milliseconds: a finite number; <= 0 means no limit. */
function checkLimit(name, value) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new _store_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`${name} is ${String(value)}: expected a number (0 = no limit)`);
    }
    return Math.max(0, value);
}
/** Any finite number. */
function checkNumber(name, value) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new _store_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidInputError */ .oC(`${name} is ${String(value)}: expected a number`);
    }
    return value;
}


/***/ }),

/***/ 969:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CY: () => (/* binding */ s3PackBucket),
/* harmony export */   Zo: () => (/* binding */ getBuffer)
/* harmony export */ });
/* unused harmony export readAll */
/**
 * The whole stream as one buffer; with `maxBytes`, an error as soon as more than that has arrived
 * (what the bucket sends is never trusted to match what its listing said).
 */
async function readAll(stream, maxBytes) {
    const parts = [];
    let length = 0;
    for await (const p of stream) {
        length += p.byteLength;
        if (maxBytes !== undefined && length > maxBytes) {
            throw new Error(`the object is larger than the ${maxBytes} bytes expected`);
        }
        parts.push(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    }
    return Buffer.concat(parts, length);
}
async function getBuffer(bucket, key, range, maxBytes) {
    const s = await bucket.getStream(key, range);
    return s === null ? null : readAll(s, maxBytes);
}
/**
 * A PackBucket over the store's S3Bucket, so packs share its connection pool, deadlines and
 * retries. A pack (or the byte range of the chunks wanted) is read as it arrives, so chunks are
 * decompressed and installed while the rest is still downloading.
 */
function s3PackBucket(bucket) {
    return {
        async getStream(key, range) {
            return bucket.getObjectStream(key, range);
        },
        async put(key, body) {
            await bucket.putObject(key, body);
        },
        async list(prefix) {
            return await bucket.listObjects(prefix);
        },
        async delete(keys) {
            await bucket.deleteObjects(keys);
        }
    };
}


/***/ }),

/***/ 8620:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CV: () => (/* binding */ CatalogKeeper),
/* harmony export */   Jx: () => (/* binding */ indexBytesOf),
/* harmony export */   Le: () => (/* binding */ heldOf),
/* harmony export */   NO: () => (/* binding */ rememberIndexBytes),
/* harmony export */   uM: () => (/* binding */ readCatalog)
/* harmony export */ });
/* unused harmony exports MAX_CATALOG_BYTES, MAX_CATALOG_RECORDS, catalogKey, encodeCatalog, parseCatalog */
/* harmony import */ var _bucket_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(969);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6384);


const MAGIC = 'compile-cache pack catalog 1\n';
/**
 * The largest catalog read: the indexes downloading at once are bounded the same way
 * (INDEX_BYTES_IN_FLIGHT). A bigger one is ignored and the indexes are read one by one.
 */
const MAX_CATALOG_BYTES = 64 * 1024 * 1024;
/** A record's header line is an id and a number. */
const MAX_HEADER_BYTES = 256;
/**
 * Records read from one catalog, at most: 3 TiB of 32 MiB packs. It bounds the map a hostile
 * catalog of tiny records could make (64 MiB of them would be a million).
 */
const MAX_CATALOG_RECORDS = 100_000;
function catalogKey(packPrefix) {
    return `${packPrefix}catalog`;
}
/**
 * The encoded bytes each index was read from or written as. A catalog holds the bytes the bucket
 * holds, never a new encoding, so its copies have the listed size.
 */
const encoded = new WeakMap();
function rememberIndexBytes(index, data) {
    encoded.set(index, data);
}
function indexBytesOf(index) {
    return encoded.get(index);
}
function heldOf(copies) {
    return new Map([...copies].map(([k, v]) => [k, v.length]));
}
function encodeCatalog(packPrefix, indexes) {
    const parts = [Buffer.from(MAGIC, 'latin1')];
    for (const index of indexes) {
        const data = indexBytesOf(index);
        if (data === undefined)
            continue;
        parts.push(Buffer.from(`${JSON.stringify({ id: index.id, size: data.length })}\n`, 'utf8'), data);
    }
    return Buffer.concat(parts);
}
/**
 * The copies of a catalog's bytes, by index key. Records after the first malformed one, or past
 * MAX_CATALOG_RECORDS, are dropped (the ones before stand: each is checked on its own when used); a
 * body without the magic line holds nothing.
 */
function parseCatalog(packPrefix, data) {
    const copies = new Map();
    if (data.length < MAGIC.length || data.toString('latin1', 0, MAGIC.length) !== MAGIC)
        return copies;
    let pos = MAGIC.length;
    for (let n = 0; pos < data.length && n < MAX_CATALOG_RECORDS; n++) {
        const eol = data.indexOf(0x0a, pos);
        if (eol < 0 || eol - pos > MAX_HEADER_BYTES)
            break;
        let header;
        try {
            header = JSON.parse(data.toString('utf8', pos, eol));
        }
        catch {
            break;
        }
        const { id, size } = (header ?? {});
        if (typeof id !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
            break;
        const key = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .packIndexKey */ .Pu)(packPrefix, id);
        // Only a well-formed pack id names an index of this prefix (no `..`, no other folder).
        const parsed = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .parsePackKey */ .s3)(packPrefix, key);
        if (parsed === null || parsed.id !== id || parsed.kind !== 'index')
            break;
        const start = eol + 1;
        if (start + size > data.length)
            break;
        copies.set(key, data.subarray(start, start + size));
        pos = start + size;
    }
    return copies;
}
/**
 * The bucket's catalog: its copies (none when there is no catalog), or null when it could not be
 * read or is over MAX_CATALOG_BYTES (then nothing is known of it). Never throws.
 */
async function readCatalog(bucket, packPrefix) {
    try {
        const data = await (0,_bucket_js__WEBPACK_IMPORTED_MODULE_1__/* .getBuffer */ .Zo)(bucket, catalogKey(packPrefix), undefined, MAX_CATALOG_BYTES);
        return data === null ? new Map() : parseCatalog(packPrefix, data);
    }
    catch {
        // A reset, a 403, too big: the indexes are read one by one, as without a catalog.
        return null;
    }
}
function sameHeld(a, b) {
    if (a.size !== b.size)
        return false;
    for (const [k, n] of a)
        if (b.get(k) !== n)
            return false;
    return true;
}
/**
 * Writes a namespace's catalog during a save, one write at a time and in the order asked (a later
 * set of packs is never overwritten by an earlier one), and only when the bucket's catalog does
 * not hold that set already. `held` is what the bucket's catalog was seen to hold (the restore's
 * read, or the save's own), or null when that is not known (then the first write goes ahead).
 */
class CatalogKeeper {
    bucket;
    packPrefix;
    held;
    last = Promise.resolve();
    failed = null;
    constructor(bucket, packPrefix, held) {
        this.bucket = bucket;
        this.packPrefix = packPrefix;
        this.held = held;
    }
    /**
     * Asks for the catalog of these packs (their indexes); resolves when it is written or skipped.
     * The packs may still be on their way (a promise): the writes keep the order they were asked in.
     */
    write(indexes) {
        const run = this.last.then(async () => {
            // Never rejects: a write that fails (or packs that never came) is recorded, and the writes
            // asked for after it still run.
            try {
                const wanted = [...(await indexes)]
                    .filter(x => indexBytesOf(x) !== undefined)
                    .sort((a, b) => (a.id < b.id ? 1 : -1));
                const set = new Map(wanted.map(x => [(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .packIndexKey */ .Pu)(this.packPrefix, x.id), indexBytesOf(x).length]));
                if (this.held !== null && sameHeld(this.held, set))
                    return;
                await this.bucket.put(catalogKey(this.packPrefix), encodeCatalog(this.packPrefix, wanted));
                this.held = set;
            }
            catch (err) {
                // Not known any more what the bucket holds: the next call writes again.
                this.held = null;
                this.failed = err;
            }
        });
        this.last = run;
        return run;
    }
    /** The last write's trouble, if any (a catalog that failed only costs restores requests). */
    get error() {
        return this.failed;
    }
}


/***/ }),

/***/ 6412:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   b_: () => (/* binding */ censusAllowsSkip),
/* harmony export */   gM: () => (/* binding */ readCensus),
/* harmony export */   my: () => (/* binding */ isCount),
/* harmony export */   vE: () => (/* binding */ writeCensus)
/* harmony export */ });
/* unused harmony exports CENSUS_TRUST_MS, censusKey, parseCensus, encodeCensus */
/* harmony import */ var _bucket_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(969);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6384);


/** How long a census of zero is trusted to stand for a listing. */
const CENSUS_TRUST_MS = 24 * 60 * 60 * 1000;
/** A census is a few dozen bytes; anything bigger is not one (and is not read past this). */
const MAX_CENSUS_BYTES = 1024;
/** A census dated this far after now is not believed (a clock far ahead, or a forged body). */
const FUTURE_SLACK_MS = 10 * 60 * 1000;
function censusKey(packPrefix) {
    return `${packPrefix}census`;
}
/** The census as the bucket holds it; null when there is none or it is not a census (never throws). */
async function readCensus(bucket, packPrefix) {
    try {
        const data = await (0,_bucket_js__WEBPACK_IMPORTED_MODULE_1__/* .getBuffer */ .Zo)(bucket, censusKey(packPrefix), undefined, MAX_CENSUS_BYTES);
        return data === null ? null : parseCensus(data);
    }
    catch {
        // Unreadable, too big, a reset: the restore lists, as it would without one.
        return null;
    }
}
function parseCensus(data) {
    let v;
    try {
        v = JSON.parse(data.toString('utf8'));
    }
    catch {
        return null;
    }
    if (typeof v !== 'object' || v === null)
        return null;
    const r = v;
    const countedAt = typeof r.countedAt === 'string' ? Date.parse(r.countedAt) : NaN;
    const n = r.outsidePacks;
    if (r.version !== 1 || Number.isNaN(countedAt))
        return null;
    if (!isCount(n))
        return null;
    // A census of an older version has no `objects`; a body with a bad one says nothing of them.
    return isCount(r.objects)
        ? { countedAt, outsidePacks: n, objects: r.objects }
        : { countedAt, outsidePacks: n };
}
/** A count as the census and the manifest record one: a safe integer, 0 or more. */
function isCount(n) {
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
function encodeCensus(c) {
    return Buffer.from(JSON.stringify({
        version: 1,
        countedAt: new Date(c.countedAt).toISOString(),
        outsidePacks: c.outsidePacks,
        ...(c.objects === undefined ? {} : { objects: c.objects })
    }));
}
async function writeCensus(bucket, packPrefix, c) {
    await bucket.put(censusKey(packPrefix), encodeCensus(c));
}
/**
 * Whether a restore may take the packs for everything the bucket holds, and why not when it may
 * not (said in the log).
 */
function censusAllowsSkip(census, listing, now) {
    if (!listing)
        return { skip: false, why: 'the packs could not be listed' };
    if (census === null)
        return { skip: false, why: 'no census of the bucket' };
    if (census.outsidePacks > 0)
        return {
            skip: false,
            why: `the bucket held ${census.outsidePacks} entries outside packs at its last count`
        };
    if (census.countedAt > now + FUTURE_SLACK_MS)
        return { skip: false, why: 'the census is dated in the future' };
    if (census.countedAt < now - CENSUS_TRUST_MS)
        return { skip: false, why: 'the last count is over a day old' };
    if (listing.torn.length > 0 || listing.skipped.length > 0)
        return { skip: false, why: 'a pack is torn or unreadable' };
    // zstd packs (written under Node 24) on a Node without zstd: their entries can only come as objects.
    if (listing.indexes.some(i => !(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .codecAvailable */ .m6)(i.codec)))
        return { skip: false, why: `a pack is in a codec this Node (${process.version}) cannot read` };
    return { skip: true };
}


/***/ }),

/***/ 6302:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Cf: () => (/* binding */ liveBytesByPack),
/* harmony export */   E9: () => (/* binding */ compactPacks),
/* harmony export */   W6: () => (/* binding */ SMALL_PACK_SHARE),
/* harmony export */   Yf: () => (/* binding */ deletePacks),
/* harmony export */   al: () => (/* binding */ MIN_SMALL_PACKS),
/* harmony export */   pc: () => (/* binding */ MIN_LIVE_FRACTION)
/* harmony export */ });
/* harmony import */ var _store_lru_order_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(8270);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6384);
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1331);
/* harmony import */ var _write_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7172);
/**
 * Compaction: every save adds packs, so they accumulate; small packs are merged and packs whose
 * entries are mostly gone (evicted, or superseded by a newer pack) are rewritten with only their
 * live entries. New packs are complete (data and index both written) before the old ones go; the
 * old index is deleted before its data, so a reader sees a whole pack or a torn one it ignores,
 * never a mix.
 */




/** Packs below this share of the target size (compressed) are small. */
const SMALL_PACK_SHARE = 1 / 4;
/** Small packs are merged once there are this many (CompactOptions.minSmallPacks). */
const MIN_SMALL_PACKS = 4;
/** Packs with less than this share of live bytes are rewritten (CompactOptions.minLiveFraction). */
const MIN_LIVE_FRACTION = 0.5;
/** Live bytes of each pack: entries that are live and not held by a newer pack. */
function liveBytesByPack(indexes, live) {
    const plan = (0,_read_js__WEBPACK_IMPORTED_MODULE_1__/* .planPackReads */ .gj)(indexes, live);
    const out = new Map();
    for (const index of indexes)
        out.set(index.id, { entries: [], bytes: 0 });
    for (const [index, entries] of plan) {
        out.set(index.id, { entries, bytes: entries.reduce((n, e) => n + (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryBytes */ .eD)(e), 0) });
    }
    return out;
}
async function compactPacks(bucket, options) {
    const target = options.targetPackBytes ?? _format_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_TARGET_PACK_BYTES */ .Wx;
    const small = options.smallPackBytes ?? target * SMALL_PACK_SHARE;
    const minLive = options.minLiveFraction ?? MIN_LIVE_FRACTION;
    const maxBatch = options.maxBatchBytes ?? 256 << 20;
    const live = options.live ?? (() => true);
    const listing = options.listing ?? (await (0,_read_js__WEBPACK_IMPORTED_MODULE_1__/* .listPacks */ .Xj)(bucket, options.packPrefix));
    const liveBy = liveBytesByPack(listing.indexes, live);
    // Oldest first, so the longest-standing clutter goes first.
    const oldestFirst = [...listing.indexes].sort((a, b) => (a.id < b.id ? -1 : 1));
    const smallPacks = [];
    const sparse = [];
    for (const index of oldestFirst) {
        if (!(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .codecAvailable */ .m6)(index.codec))
            continue;
        const l = liveBy.get(index.id);
        // A pack with nothing live is the pruner's to delete, not worth rewriting.
        if (l.entries.length === 0)
            continue;
        if (l.bytes < minLive * index.rawBytes)
            sparse.push(index);
        else if (index.packBytes < small)
            smallPacks.push(index);
    }
    // Merging a single small pack into itself buys nothing; merging a few on every save costs more
    // than it saves.
    const minSmall = Math.max(2, options.minSmallPacks ?? MIN_SMALL_PACKS);
    const candidates = [...sparse, ...(smallPacks.length >= minSmall ? smallPacks : [])];
    const chosen = [];
    let batch = 0;
    for (const index of candidates) {
        const b = liveBy.get(index.id).bytes;
        if (chosen.length > 0 && batch + b > maxBatch)
            break;
        chosen.push(index);
        batch += b;
    }
    const result = { replaced: [], written: [], entries: 0, bytes: 0 };
    if (chosen.length === 0)
        return result;
    const carried = [];
    const seen = new Set();
    for (const index of chosen) {
        const entries = liveBy.get(index.id).entries;
        const r = await (0,_read_js__WEBPACK_IMPORTED_MODULE_1__/* .readPack */ .wh)(bucket, options.packPrefix, index, entries, async (e, blobs) => {
            const id = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(e.ns, e.key);
            if (seen.has(id))
                return;
            seen.add(id);
            carried.push({ ns: e.ns, key: e.key, mtime: e.mtime, blobs: blobs.map(b => ({ ...b })) });
        });
        // A pack that could not be read whole stays: deleting it would lose the entries it holds.
        if (r.failed.length > 0) {
            for (const e of r.restored) {
                const k = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(e.ns, e.key);
                const i = carried.findIndex(c => (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(c.ns, c.key) === k);
                if (i >= 0)
                    carried.splice(i, 1);
                seen.delete(k);
            }
            continue;
        }
        result.replaced.push(index.id);
    }
    if (result.replaced.length === 0)
        return result;
    // Oldest first, ties by namespace then key (lru-order.ts): which new pack, and so which pack a
    // size prune deletes first, holds an entry must not depend on the order the reads finished in.
    carried.sort((a, b) => (0,_store_lru_order_js__WEBPACK_IMPORTED_MODULE_3__/* .compareLru */ .r)({ mtime: a.mtime, namespace: a.ns, key: a.key }, { mtime: b.mtime, namespace: b.ns, key: b.key }));
    const written = await (0,_write_js__WEBPACK_IMPORTED_MODULE_2__/* .writePacks */ .mR)(bucket, carried, {
        packPrefix: options.packPrefix,
        targetPackBytes: target,
        codec: options.codec,
        level: options.level,
        now: options.now
    });
    result.written = written.packs;
    result.entries = carried.length;
    result.bytes = carried.reduce((n, e) => n + e.blobs.reduce((m, b) => m + b.data.length, 0), 0);
    await deletePacks(bucket, options.packPrefix, result.replaced);
    return result;
}
/** Deletes packs: every index first (readers stop using them), then the data objects. */
async function deletePacks(bucket, packPrefix, ids) {
    if (ids.length === 0)
        return;
    await bucket.delete(ids.map(id => (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .packIndexKey */ .Pu)(packPrefix, id)));
    await bucket.delete(ids.map(id => (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .packDataKey */ .r_)(packPrefix, id)));
}


/***/ }),

/***/ 6384:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   En: () => (/* binding */ chunkBytesFor),
/* harmony export */   HR: () => (/* binding */ TornPackError),
/* harmony export */   Ly: () => (/* reexport safe */ _store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_5__.Ly),
/* harmony export */   Mh: () => (/* binding */ checkIndexBytesAsync),
/* harmony export */   OE: () => (/* binding */ PACK_MAGIC),
/* harmony export */   Pu: () => (/* binding */ packIndexKey),
/* harmony export */   Qx: () => (/* binding */ defaultLevel),
/* harmony export */   UX: () => (/* binding */ PACK_DIR),
/* harmony export */   Wx: () => (/* binding */ DEFAULT_TARGET_PACK_BYTES),
/* harmony export */   YG: () => (/* binding */ decodeIndexChecked),
/* harmony export */   ZK: () => (/* reexport safe */ _index_schema_js__WEBPACK_IMPORTED_MODULE_4__.ZK),
/* harmony export */   bd: () => (/* binding */ newPackId),
/* harmony export */   bj: () => (/* binding */ encodeIndex),
/* harmony export */   cY: () => (/* binding */ compressChunk),
/* harmony export */   eD: () => (/* binding */ entryBytes),
/* harmony export */   fN: () => (/* reexport safe */ _index_schema_js__WEBPACK_IMPORTED_MODULE_4__.fN),
/* harmony export */   jV: () => (/* reexport safe */ _index_schema_js__WEBPACK_IMPORTED_MODULE_4__.jV),
/* harmony export */   m6: () => (/* reexport safe */ _store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_5__.m6),
/* harmony export */   oJ: () => (/* binding */ defaultCodec),
/* harmony export */   rG: () => (/* binding */ defaultPackPrefix),
/* harmony export */   r_: () => (/* binding */ packDataKey),
/* harmony export */   s3: () => (/* binding */ parsePackKey),
/* harmony export */   sc: () => (/* binding */ sha256),
/* harmony export */   uV: () => (/* binding */ PACK_FORMAT),
/* harmony export */   ub: () => (/* binding */ entryId),
/* harmony export */   w2: () => (/* reexport safe */ _index_schema_js__WEBPACK_IMPORTED_MODULE_4__.w2),
/* harmony export */   xR: () => (/* reexport safe */ _index_schema_js__WEBPACK_IMPORTED_MODULE_4__.xR)
/* harmony export */ });
/* unused harmony exports parseCodec, checkIndexBytes, decodeIndex */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7975);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8522);
/* harmony import */ var _store_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6107);
/* harmony import */ var _index_schema_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(6691);
/* harmony import */ var _store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(3168);
/**
 * The pack format: the bulk path of the sync. A pack holds many entries in a few compressed
 * objects, so a restore moves a whole cache in a handful of requests instead of one per blob.
 * The per-object layout stays the canonical, compatible format; packs are an extra copy.
 *
 * Two objects per pack, under the pack prefix (outside the entry prefix; see defaultPackPrefix):
 *
 * - `<pack-prefix>v1/<id>.pack`: an 8-byte magic, then compressed chunks one after the other.
 *   A chunk is the concatenated blob bytes of some whole entries (a few MiB raw), compressed on its
 *   own so chunks decompress in parallel and a partial restore can fetch chunks by range.
 * - `<pack-prefix>v1/<id>.index`: gzip of `<sha256 hex of the JSON>\n<JSON PackIndex>`. Always gzip,
 *   so every reader can read every index; the chunk codec is recorded inside. Written LAST: a pack
 *   whose index is missing, truncated or fails its checksum is torn and ignored.
 *
 * Ids are `p<13-digit ms time>-<random>`: they sort by creation time, and no path segment of a pack
 * key is hex, so neither the Go system nor `clean` can take a pack object for an entry blob.
 */






const PACK_MAGIC = Buffer.from('CCPACK1\n', 'latin1');
const PACK_FORMAT = 1;
/** Folder below the pack prefix; a new incompatible format gets a new folder, old readers skip it. */
const PACK_DIR = 'v1/';


/** The default pack prefix: `<root prefix>packs/<namespace>/`, beside the entries, never among them. */
function defaultPackPrefix(rootPrefix, namespace) {
    const root = rootPrefix === '' || rootPrefix.endsWith('/') ? rootPrefix : `${rootPrefix}/`;
    const ns = namespace.replace(/^\/+|\/+$/g, '');
    return ns === '' ? `${root}packs/` : `${root}packs/${ns}/`;
}
function newPackId(now = Date.now()) {
    return `p${String(now).padStart(13, '0')}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}`;
}
/** The compressed size of the packs written, unless told otherwise. */
const DEFAULT_TARGET_PACK_BYTES = 32 << 20;
/**
 * The chunk size of a pack of these entries: a quarter of their bytes, between 1 and 4 MiB. A chunk
 * is compressed (on the thread pool) once it is full, while the next one is read; with 4 MiB chunks,
 * the few MiB of a warm save's new entries made one or two chunks, the last compressed only after
 * every entry was read, and its PUT waited for that (~15 ms here). Big packs keep 4 MiB chunks.
 */
function chunkBytesFor(entries) {
    const MiB = 1024 * 1024;
    let bytes = 0;
    for (const e of entries)
        bytes += e.size;
    return Math.min(4 * MiB, Math.max(MiB, Math.ceil(bytes / 4)));
}
function packDataKey(packPrefix, id) {
    return `${packPrefix}${PACK_DIR}${id}.pack`;
}
function packIndexKey(packPrefix, id) {
    return `${packPrefix}${PACK_DIR}${id}.index`;
}
/** The pack id of a key under `<pack-prefix>v1/`, and whether it is the index or the data. */
function parsePackKey(packPrefix, key) {
    const base = `${packPrefix}${PACK_DIR}`;
    if (!key.startsWith(base))
        return null;
    const m = /^(p\d{13}-[0-9a-f]+)\.(pack|index)$/.exec(key.slice(base.length));
    return m ? { id: m[1], kind: m[2] } : null;
}
// Typed by @types/node 24, but absent at run time on a Node before 22.15 / 23.8 (the package runs on 20).
/** zstd when this Node has it (the action runs on Node 24), else gzip, which every Node reads. */
function defaultCodec() {
    return (0,_store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_5__/* .codecAvailable */ .m6)('zstd') ? 'zstd' : 'gzip';
}
function parseCodec(input) {
    if (input === 'zstd' || input === 'gzip' || input === 'br')
        return input;
    throw new InvalidInputError(`invalid pack codec ${JSON.stringify(input)}: expected zstd, gzip or br`);
}
/** A level that is fast enough to keep up with the link: compression must not be the bottleneck. */
function defaultLevel(codec) {
    return codec === 'zstd' ? 3 : codec === 'br' ? 4 : 3;
}
// Async zlib runs on the libuv thread pool, so several chunks compress on several cores at once.
const gzipAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_2__.gzip);
const brAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_2__.brotliCompress);
/**
 * Output pieces of a compression: the size of the input (at most 4 MiB). zlib's default, 16 KiB,
 * makes a trip between the thread pool and the main thread per piece (zstd -3 of 2 MB of object
 * files, Node 24, three runs: 23–34 ms with whole pieces, 29–48 ms with 16 KiB ones).
 */
function compressPiece(raw) {
    return Math.max(64 * 1024, Math.min(raw.length, 4 * 1024 * 1024));
}
async function compressChunk(codec, level, raw) {
    const chunkSize = compressPiece(raw);
    switch (codec) {
        case 'gzip':
            return gzipAsync(raw, { level, chunkSize });
        case 'br':
            return brAsync(raw, {
                chunkSize,
                params: {
                    [node_zlib__WEBPACK_IMPORTED_MODULE_2__.constants.BROTLI_PARAM_QUALITY]: level,
                    [node_zlib__WEBPACK_IMPORTED_MODULE_2__.constants.BROTLI_PARAM_SIZE_HINT]: raw.length
                }
            });
        case 'zstd': {
            if (!(0,_store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_5__/* .codecAvailable */ .m6)('zstd'))
                throw new Error('zstd is not available in this Node version');
            const fn = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_2__.zstdCompress);
            return fn(raw, { chunkSize, params: { [node_zlib__WEBPACK_IMPORTED_MODULE_2__.constants.ZSTD_c_compressionLevel]: level } });
        }
    }
}
function sha256(data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
}
function encodeIndex(index) {
    const json = JSON.stringify(index);
    return node_zlib__WEBPACK_IMPORTED_MODULE_2__.gzipSync(Buffer.from(`${sha256(Buffer.from(json))}\n${json}`), { level: 6 });
}
/**
 * Why an index cannot be used: a torn or foreign pack is skipped, never an error. `suspicious`: the
 * index is there but wrong (does not decompress, over its cap, fails its checksum or its schema),
 * which no writer of ours leaves behind: worth a warning naming it.
 */
class TornPackError extends Error {
    suspicious;
    overCap;
    name = 'TornPackError';
    constructor(message, suspicious = false, 
    /**
     * The index is over a cap of this reader (size, JSON values): maybe a bomb, maybe a very big
     * index of another version. Skipped, but not taken as torn: nothing deletes it for this.
     */
    overCap = false) {
        super(message);
        this.suspicious = suspicious;
        this.overCap = overCap;
    }
}
/**
 * An index object's text, checked as far as its bytes go: at most MAX_INDEX_BYTES compressed and
 * decompressed (gunzip stops as soon as its output passes the cap), at most MAX_INDEX_VALUES JSON
 * values, and its checksum line. Throws TornPackError. Enough to tell an intact copy of an index
 * from a cut-off or damaged one without parsing it (a save's catalog copies, listing-record.ts).
 */
function checkIndexBytes(data) {
    checkIndexSize(data);
    let raw;
    try {
        raw = node_zlib__WEBPACK_IMPORTED_MODULE_2__.gunzipSync(data, { maxOutputLength: _index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_INDEX_BYTES */ .w2 });
    }
    catch (e) {
        throw gunzipFailure(e);
    }
    return checkIndexText(raw);
}
const gunzipAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_2__.gunzip);
/**
 * checkIndexBytes with the decompression on the thread pool, in pieces of 256 KiB: each piece costs
 * the main thread a callback, and at zlib's default of 16 KiB an index of 1 MiB took ~60 of them.
 */
async function checkIndexBytesAsync(data) {
    checkIndexSize(data);
    let raw;
    try {
        raw = await gunzipAsync(data, { maxOutputLength: _index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_INDEX_BYTES */ .w2, chunkSize: 256 * 1024 });
    }
    catch (e) {
        throw gunzipFailure(e);
    }
    return checkIndexText(raw);
}
function checkIndexSize(data) {
    if (data.length > _index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_INDEX_BYTES */ .w2) {
        throw new TornPackError(`pack index is ${data.length} bytes, over the cap of ${_index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_INDEX_BYTES */ .w2}`, true, true);
    }
}
function gunzipFailure(e) {
    const over = e.code === 'ERR_BUFFER_TOO_LARGE';
    return new TornPackError(over
        ? `pack index decompresses to more than ${_index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_INDEX_BYTES */ .w2} bytes (the cap of an index)`
        : `pack index does not decompress: ${e.message}`, true, over);
}
function checkIndexText(raw) {
    // What JSON.parse would allocate is bounded before it runs, not only the text's size. Every value
    // counted takes a byte of its own, so a text no longer than the cap cannot pass it: counting it
    // (a loop over every byte) is left out then.
    if (raw.length > _index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_INDEX_VALUES */ .jV && (0,_index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .countJsonValues */ .MT)(raw, _index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_INDEX_VALUES */ .jV) > _index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_INDEX_VALUES */ .jV) {
        throw new TornPackError(`pack index holds more than ${_index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_INDEX_VALUES */ .jV} JSON values (the cap of an index)`, true, true);
    }
    // The checksum line, then the JSON whose bytes it hashes (hashed as they came, not re-encoded).
    const nl = raw.indexOf(0x0a);
    if (nl !== 64 || raw.toString('latin1', 0, 64) !== sha256(raw.subarray(65))) {
        throw new TornPackError('pack index fails its checksum', true);
    }
    return raw;
}
/**
 * Reads an index object: its bytes checked (checkIndexBytes), then its JSON against the schema
 * (index-schema.ts). Throws TornPackError when the index as a whole is unusable; bad entries are
 * dropped and reported.
 */
function decodeIndexChecked(data, expectedId) {
    const raw = checkIndexBytes(data);
    let parsed;
    try {
        parsed = JSON.parse(raw.toString('utf8', 65));
    }
    catch {
        throw new TornPackError('pack index is not JSON', true);
    }
    try {
        const checked = (0,_index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .checkPackIndex */ .O3)(parsed, {
            format: PACK_FORMAT,
            dataStart: PACK_MAGIC.length,
            id: expectedId
        });
        return { ...checked, bytes: raw.length };
    }
    catch (e) {
        if (e instanceof _index_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .PackIndexSchemaError */ .$q)
            throw new TornPackError(`pack index: ${e.message}`, true);
        throw e;
    }
}
/** decodeIndexChecked, for callers that only want the usable index. */
function decodeIndex(data, expectedId) {
    return decodeIndexChecked(data, expectedId).index;
}
/** An entry's raw size: the sum of its blobs. */
function entryBytes(e) {
    let n = 0;
    for (const b of e.blobs)
        n += b.size;
    return n;
}
/** `<ns>/<key>` or `<key>`: one entry's identity across packs and objects. */
function entryId(ns, key) {
    return ns === '' ? key : `${ns}/${key}`;
}


/***/ }),

/***/ 4316:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ packIndexCacheDir),
/* harmony export */   q: () => (/* binding */ PackIndexCache)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3233);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6384);
/**
 * Pack indexes kept on disk between the restore and the save of one job, so that the save does not
 * download again what the restore read: one round trip and the index bytes fewer on the save's
 * path (its pack listing, then the indexes, then the new pack and its index, one after another).
 *
 * A pack's index object is written once, under its pack's unique id, and never rewritten. A copy is
 * used only when the listing shows the same key, size and time as when the copy was made, and it is
 * decoded and checked exactly like a downloaded index (its checksum included): the copy is as
 * untrusted as the bucket, and a build of the job can write where it lies. A copy that fails any
 * check is ignored and the index read from the bucket. Files are opened O_NOFOLLOW|O_NONBLOCK and
 * used only when they are regular files; the directory only when lstat says it is a real one.
 *
 * The directory sits beside the restore's manifest (`<manifest>.pack-indexes`), which is what ties a
 * save to its restore; a restore removes the one an earlier run left (src/job/job.ts).
 */




/** The index copies' directory for a manifest path. */
function packIndexCacheDir(manifestPath) {
    return `${manifestPath}.pack-indexes`;
}
/** A header line is short: a key, two numbers. */
const MAX_HEADER_BYTES = 4096;
/** What a catalog can name: a catalog is at most 64 MiB, each of its records some 60 bytes. */
const MAX_CATALOG_STATE_BYTES = 64 * 1024 * 1024;
/** A listing record (listing-record.ts) is some 200 bytes a pack. */
const MAX_LISTING_RECORD_BYTES = 16 * 1024 * 1024;
class PackIndexCache {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    fileFor(key) {
        return node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, `${(0,_format_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256 */ .sc)(Buffer.from(key, 'utf8')).slice(0, 32)}.index`);
    }
    /** The directory is there and a real directory (not a symlink planted in its place). */
    usableDir() {
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(this.dir, { throwIfNoEntry: false });
        return st !== undefined && st.isDirectory();
    }
    catalogFileFor(packPrefix) {
        return node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, `${(0,_format_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256 */ .sc)(Buffer.from(packPrefix, 'utf8')).slice(0, 32)}.catalog`);
    }
    listingFileFor(packPrefix) {
        return node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, `${(0,_format_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256 */ .sc)(Buffer.from(packPrefix, 'utf8')).slice(0, 32)}.listing`);
    }
    /** Reads a regular file of at most `max` bytes; null when it is not one. Throws like readSync. */
    readRegular(file, max) {
        return this.usableDir() ? (0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .readRegularFileCapped */ .Ur)(file, max) : null;
    }
    /**
     * What the bucket's catalog of `packPrefix` held when the restore read it (catalog.ts), or null
     * when that is not known: no restore read it, or the record is not one. Never throws.
     */
    readCatalogState(packPrefix) {
        try {
            const buf = this.readRegular(this.catalogFileFor(packPrefix), MAX_CATALOG_STATE_BYTES);
            if (buf === null)
                return null;
            const v = JSON.parse(buf.toString('utf8'));
            if (v.prefix !== packPrefix || !Array.isArray(v.held))
                return null;
            const held = new Map();
            for (const pair of v.held) {
                if (!Array.isArray(pair) || typeof pair[0] !== 'string' || !Number.isSafeInteger(pair[1]))
                    return null;
                held.set(pair[0], pair[1]);
            }
            return held;
        }
        catch {
            return null;
        }
    }
    /**
     * Writes a file of the directory (made 0700 if missing, never through a planted link). Never
     * throws: what it holds is only a shortcut, and a reader without it does the longer thing.
     */
    async keep(file, data) {
        try {
            try {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(this.dir, { mode: 0o700 });
            }
            catch (err) {
                if ((0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .errorCode */ .CA)(err) !== 'EEXIST')
                    return;
            }
            if (!this.usableDir())
                return;
            await (0,_store_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .writeRegularFileAtomic */ .z2)(file, data);
        }
        catch {
            // no copy, no record: the next reader downloads the index, the save writes the catalog
        }
    }
    /**
     * The restore's record of the pack listing of `packPrefix` (listing-record.ts), as parsed JSON
     * for the caller to check, or null when there is none or it is not a regular file of JSON.
     * Never throws.
     */
    readListingRecord(packPrefix) {
        try {
            const buf = this.readRegular(this.listingFileFor(packPrefix), MAX_LISTING_RECORD_BYTES);
            return buf === null ? null : JSON.parse(buf.toString('utf8'));
        }
        catch {
            return null;
        }
    }
    /** Keeps the record of a pack listing, for the job's save. Never throws. */
    async writeListingRecord(packPrefix, record) {
        await this.keep(this.listingFileFor(packPrefix), JSON.stringify(record));
    }
    /**
     * Drops the record of `packPrefix`: once a save wrote packs, the restore's listing is no longer
     * what the bucket holds as far as this job knows. Never throws; a record that cannot be removed
     * is left (the directory is then not usable, or not there).
     */
    forgetListingRecord(packPrefix) {
        try {
            if (this.usableDir())
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(this.listingFileFor(packPrefix));
        }
        catch {
            // Gone already, or the directory went: nothing to forget.
        }
    }
    /** Records what the bucket's catalog of `packPrefix` held, for the job's save. Never throws. */
    async writeCatalogState(packPrefix, held) {
        await this.keep(this.catalogFileFor(packPrefix), JSON.stringify({ prefix: packPrefix, held: [...held] }));
    }
    /** The copy of `key` when it is the object the listing shows (`listed`), else null. Never throws. */
    read(key, listed) {
        if (listed.size > _format_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_INDEX_BYTES */ .w2)
            return null;
        try {
            const buf = this.readRegular(this.fileFor(key), listed.size + MAX_HEADER_BYTES);
            if (buf === null)
                return null;
            const eol = buf.indexOf(0x0a);
            if (eol < 0)
                return null;
            const header = JSON.parse(buf.toString('utf8', 0, eol));
            const body = buf.subarray(eol + 1);
            const same = header.key === key &&
                header.size === listed.size &&
                header.time === listed.lastModified.getTime() &&
                body.length === listed.size;
            return same ? body : null;
        }
        catch {
            // Missing, planted (a symlink, a FIFO), unreadable or malformed: the bucket's copy is read.
            return null;
        }
    }
    /** Keeps `data` as the copy of `key` (as `listed` shows it). Never throws: a copy is only a shortcut. */
    async write(key, listed, data) {
        const header = { key, size: listed.size, time: listed.lastModified.getTime() };
        await this.keep(this.fileFor(key), Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), data]));
    }
}


/***/ }),

/***/ 6691:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $q: () => (/* binding */ PackIndexSchemaError),
/* harmony export */   MT: () => (/* reexport safe */ _store_json_values_js__WEBPACK_IMPORTED_MODULE_2__.M),
/* harmony export */   O3: () => (/* binding */ checkPackIndex),
/* harmony export */   O7: () => (/* binding */ describeDropped),
/* harmony export */   ZK: () => (/* binding */ entryValues),
/* harmony export */   fN: () => (/* binding */ MAX_CHUNK_COMPRESSED_BYTES),
/* harmony export */   jV: () => (/* binding */ MAX_INDEX_VALUES),
/* harmony export */   w2: () => (/* binding */ MAX_INDEX_BYTES),
/* harmony export */   xR: () => (/* reexport safe */ _store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_1__.xR)
/* harmony export */ });
/* unused harmony exports MAX_ENTRY_BLOBS, namespacePathProblem */
/* harmony import */ var _store_validate_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2642);
/* harmony import */ var _store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3168);
/* harmony import */ var _store_json_values_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3697);



const MiB = 1024 * 1024;
/**
 * Decompressed bytes of one index at most (and compressed bytes of the index object). An entry
 * takes about 250 bytes of JSON, so this holds some 250,000 entries; a 32 MiB pack of real compile
 * entries holds a few thousand.
 */
const MAX_INDEX_BYTES = 64 * MiB;

/** Compressed bytes of one chunk at most: the raw cap plus what a codec adds to data it cannot shrink. */
const MAX_CHUNK_COMPRESSED_BYTES = _store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_CHUNK_BYTES */ .xR + 2 * MiB;
/**
 * JSON values of one index at most, counted as its `{`, `[` and `,` bytes before it is parsed:
 * JSON.parse costs up to ~32 bytes of heap per one of them (an index of `{},{},…` under the byte
 * cap would take 2 GiB), so this bounds the parse to ~64 MiB of heap besides the text. A real
 * entry with five blobs counts 22: room for some 90,000 entries; the writer seals a pack well
 * before (indexValues, packs/write.ts).
 */
const MAX_INDEX_VALUES = 2_000_000;
/** What one entry counts towards MAX_INDEX_VALUES, as the writer lays it out. */
function entryValues(blobs) {
    return 8 + 3 * blobs;
}

/** Blobs of one entry at most (a compile entry has five or six). */
const MAX_ENTRY_BLOBS = 1024;
/** Longest key (hex digits) and namespace path taken from an index. */
const MAX_KEY_LENGTH = 256;
const MAX_NAMESPACE_LENGTH = 1024;
/** A blob name is one file name on disk. */
const MAX_BLOB_NAME_LENGTH = 255;
/** The range of a JavaScript Date, in ms since the epoch. */
const MAX_TIME = 8.64e15;
const CODEC_NAME = /^[a-z0-9-]{1,16}$/;
const PACK_ID = /^p\d{13}-[0-9a-f]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The index as a whole cannot be used. */
class PackIndexSchemaError extends Error {
    name = 'PackIndexSchemaError';
}
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isCount(v) {
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
function show(v) {
    let s;
    try {
        s = JSON.stringify(v) ?? String(v);
    }
    catch {
        s = String(v);
    }
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
function formatMiB(bytes) {
    return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}
/** A namespace path relative to the pack's namespace: `''`, or segments that are safe directory names. */
function namespacePathProblem(ns) {
    if (typeof ns !== 'string')
        return `namespace ${show(ns)} is not a string`;
    if (ns === '')
        return undefined;
    if (ns.length > MAX_NAMESPACE_LENGTH)
        return `namespace of ${ns.length} characters is too long`;
    for (const segment of ns.split('/')) {
        try {
            (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .validateNamespace */ .qB)(segment);
        }
        catch {
            return `namespace ${show(ns)} is not a valid namespace path`;
        }
        // A dot directory is skipped by every walk of the disk store (and `.`/`..` would leave it).
        if (segment.startsWith('.') || CONTROL.test(segment)) {
            return `namespace ${show(ns)} is not a valid namespace path`;
        }
    }
    return undefined;
}
function blobProblem(b, names, checks) {
    if (!isRecord(b))
        return `blob ${show(b)} is not an object`;
    const name = b.name;
    if (typeof name !== 'string')
        return `blob name ${show(name)} is not a string`;
    if (!checks.blobNameValid(name))
        return `blob name ${show(name)} is not valid`;
    if (names.has(name))
        return `blob name ${show(name)} appears twice`;
    names.add(name);
    if (!isCount(b.size))
        return `blob ${show(name)} has size ${show(b.size)}, not a whole number of bytes`;
    return undefined;
}
/**
 * The checks of one index's namespaces and blob names, by value: an index repeats a handful of
 * each (`compile/local`, `output`, `stdout`, …) thousands of times, and each check is a few
 * regular expressions and a validation that throws.
 */
class NameChecks {
    namespaces = new Map();
    blobNames = new Map();
    namespaceProblem(ns) {
        if (typeof ns !== 'string')
            return namespacePathProblem(ns);
        if (!this.namespaces.has(ns))
            this.namespaces.set(ns, namespacePathProblem(ns));
        return this.namespaces.get(ns);
    }
    blobNameValid(name) {
        let ok = this.blobNames.get(name);
        if (ok === undefined) {
            ok = blobNameValid(name);
            this.blobNames.set(name, ok);
        }
        return ok;
    }
}
function blobNameValid(name) {
    try {
        (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .validateBlobName */ .Lm)(name);
    }
    catch {
        return false;
    }
    return !(name.length > MAX_BLOB_NAME_LENGTH || CONTROL.test(name) || (0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .isTempName */ .Gs)(name));
}
function checkEntry(e, chunks, unusable, checks) {
    if (!isRecord(e))
        return { kind: 'not an object', detail: `entry ${show(e)} is not an object` };
    const nsProblem = checks.namespaceProblem(e.ns);
    if (nsProblem)
        return { kind: 'bad namespace', detail: nsProblem };
    const key = e.key;
    if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH || !(0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .isKeyHex */ .N2)(key)) {
        return { kind: 'bad key', detail: `key ${show(key)} is not lowercase hex` };
    }
    const mtime = e.mtime;
    if (typeof mtime !== 'number' || !Number.isFinite(mtime) || mtime < 0 || mtime > MAX_TIME) {
        return { kind: 'bad time', detail: `entry ${key}: mtime ${show(mtime)} is not a time` };
    }
    if (!Array.isArray(e.blobs)) {
        return { kind: 'bad blobs', detail: `entry ${key}: blobs ${show(e.blobs)} is not a list` };
    }
    if (e.blobs.length === 0 || e.blobs.length > MAX_ENTRY_BLOBS) {
        return {
            kind: 'bad blobs',
            detail: `entry ${key}: ${e.blobs.length} blobs (expected 1 to ${MAX_ENTRY_BLOBS})`
        };
    }
    const blobs = [];
    const names = new Set();
    let bytes = 0;
    for (const b of e.blobs) {
        const problem = blobProblem(b, names, checks);
        if (problem)
            return { kind: 'bad blobs', detail: `entry ${key}: ${problem}` };
        const { name, size } = b;
        blobs.push({ name, size });
        bytes += size;
    }
    const chunk = e.chunk;
    if (typeof chunk !== 'number' || !Number.isInteger(chunk) || chunk < 0 || chunk >= chunks.length) {
        return {
            kind: 'missing chunk',
            detail: `entry ${key}: chunk ${show(chunk)} does not exist (the index has ${chunks.length})`
        };
    }
    const why = unusable.get(chunk);
    if (why)
        return { kind: 'chunk over the cap', detail: `entry ${key}: chunk ${chunk} ${why}` };
    const offset = e.offset;
    const rawLength = chunks[chunk].rawLength;
    if (!isCount(offset) || offset + bytes > rawLength) {
        return {
            kind: 'blobs outside the chunk',
            detail: `entry ${key}: ${bytes} bytes at offset ${show(offset)} do not fit chunk ${chunk} of ${rawLength} bytes`
        };
    }
    return { entry: { ns: e.ns, key, mtime, blobs, chunk, offset } };
}
function checkChunks(value, dataStart, packBytes) {
    if (!Array.isArray(value))
        throw new PackIndexSchemaError(`chunks ${show(value)} is not a list`);
    const chunks = [];
    const unusable = new Map();
    // Chunks follow each other without gaps from the magic to the end of the data object (as the
    // writer lays them out), so a reader streaming the pack never holds bytes that belong to none.
    let next = dataStart;
    for (const [i, c] of value.entries()) {
        if (!isRecord(c))
            throw new PackIndexSchemaError(`chunk ${i} is not an object`);
        const { offset, length, rawLength, sha256, zsha256 } = c;
        if (!isCount(offset) || !isCount(length) || !isCount(rawLength) || length === 0) {
            throw new PackIndexSchemaError(`chunk ${i}: offset ${show(offset)}, length ${show(length)}, raw length ${show(rawLength)} are not byte counts`);
        }
        if (offset !== next) {
            throw new PackIndexSchemaError(`chunk ${i} starts at ${offset}, expected ${next} (right after chunk ${i - 1})`);
        }
        if (offset + length > packBytes) {
            throw new PackIndexSchemaError(`chunk ${i} ends at ${offset + length}, past the pack's ${packBytes} bytes`);
        }
        if (!(0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .isSha256Hex */ .P4)(sha256)) {
            throw new PackIndexSchemaError(`chunk ${i}: sha256 ${show(sha256)} is not a sha256 in hex`);
        }
        if (zsha256 !== undefined && !(0,_store_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .isSha256Hex */ .P4)(zsha256)) {
            throw new PackIndexSchemaError(`chunk ${i}: zsha256 ${show(zsha256)} is not a sha256 in hex`);
        }
        if (rawLength > _store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_CHUNK_BYTES */ .xR) {
            unusable.set(i, `declares ${formatMiB(rawLength)} raw, over the cap of ${formatMiB(_store_chunk_codec_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_CHUNK_BYTES */ .xR)}`);
        }
        else if (length > MAX_CHUNK_COMPRESSED_BYTES) {
            unusable.set(i, `is ${formatMiB(length)} compressed, over the cap of ${formatMiB(MAX_CHUNK_COMPRESSED_BYTES)}`);
        }
        chunks.push(zsha256 === undefined
            ? { offset, length, rawLength, sha256 }
            : { offset, length, rawLength, sha256, zsha256 });
        next = offset + length;
    }
    if (next !== packBytes) {
        throw new PackIndexSchemaError(`the chunks end at ${next}, but the pack is ${packBytes} bytes`);
    }
    return { chunks, unusable };
}
/**
 * Checks a parsed index. Throws PackIndexSchemaError when the index as a whole is unusable;
 * otherwise returns it with its bad entries dropped and counted.
 */
function checkPackIndex(value, expect) {
    if (!isRecord(value))
        throw new PackIndexSchemaError(`the index is ${show(value)}, not an object`);
    const { format, id, codec, created, packBytes, rawBytes } = value;
    if (format !== expect.format)
        throw new PackIndexSchemaError(`pack format ${show(format)} is not known`);
    if (typeof id !== 'string' || !PACK_ID.test(id))
        throw new PackIndexSchemaError(`pack id ${show(id)} is not valid`);
    if (expect.id !== undefined && id !== expect.id) {
        throw new PackIndexSchemaError(`pack index names pack ${id}, expected ${expect.id}`);
    }
    // A codec this version does not know (a newer writer's) is a readable index whose pack this
    // reader skips (codecAvailable), as one in zstd on a Node without it: not torn, never deleted.
    if (typeof codec !== 'string' || !CODEC_NAME.test(codec)) {
        throw new PackIndexSchemaError(`codec ${show(codec)} is not a codec name`);
    }
    if (typeof created !== 'number' || !Number.isFinite(created) || created < 0 || created > MAX_TIME) {
        throw new PackIndexSchemaError(`created ${show(created)} is not a time`);
    }
    if (!isCount(packBytes) || packBytes < expect.dataStart) {
        throw new PackIndexSchemaError(`pack size ${show(packBytes)} is not valid`);
    }
    if (!isCount(rawBytes))
        throw new PackIndexSchemaError(`raw size ${show(rawBytes)} is not a byte count`);
    const { chunks, unusable } = checkChunks(value.chunks, expect.dataStart, packBytes);
    if (!Array.isArray(value.entries)) {
        throw new PackIndexSchemaError(`entries ${show(value.entries)} is not a list`);
    }
    const listed = value.entries;
    const entries = [];
    const dropped = { total: 0, reasons: new Map() };
    const checks = new NameChecks();
    for (const [i, e] of listed.entries()) {
        const r = checkEntry(e, chunks, unusable, checks);
        if ('entry' in r) {
            entries.push(r.entry);
            continue;
        }
        dropped.total++;
        const seen = dropped.reasons.get(r.kind);
        if (seen)
            seen.count++;
        else
            dropped.reasons.set(r.kind, { count: 1, first: `entry ${i}: ${r.detail}` });
    }
    return {
        index: { format, id, codec: codec, created, packBytes, rawBytes, chunks, entries },
        listed: listed.length,
        dropped
    };
}
/** One line for the entries dropped from an index: `dropped 3 of 24 entries: 2 bad namespace (first: …); …`. */
function describeDropped(listed, dropped) {
    const parts = [...dropped.reasons].map(([kind, r]) => `${r.count} with ${kind} (${r.count > 1 ? 'first: ' : ''}${r.first})`);
    return `dropped ${dropped.total} of ${listed} entries: ${parts.join('; ')}`;
}


/***/ }),

/***/ 5649:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   PU: () => (/* binding */ catalogPacksOf),
/* harmony export */   Qn: () => (/* binding */ recordedCopies),
/* harmony export */   dA: () => (/* binding */ LISTING_RECORD_MAX_AGE_MS),
/* harmony export */   i_: () => (/* binding */ recordListing),
/* harmony export */   oF: () => (/* binding */ upkeepIdleWithOneMore),
/* harmony export */   vT: () => (/* binding */ parseListingRecord)
/* harmony export */ });
/* harmony import */ var _catalog_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8620);
/* harmony import */ var _compact_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6302);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6384);
/* harmony import */ var _store_validate_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2642);
/**
 * The restore's record of a namespace's pack listing, for the save of the same job: the packs the
 * bucket held, the size and time of each index object, and what the pack upkeep would find in them
 * (compact.ts, prune.ts). With it and the copies of the indexes the restore kept (index-cache.ts),
 * a save that only adds a pack of new entries writes the pack, its index and the catalog at once,
 * without listing the packs again. On a warm save that listing (a LIST, which RGW answered in
 * 60–80 ms, then the decode of every index) stood between the pack being built and being sent.
 *
 * What the save gives up by not listing is bounded, and only ever costs requests, never an entry:
 * - packs other jobs wrote since the restore: the catalog this save writes lacks them (a restore
 *   then reads their indexes one by one until a save that lists writes the catalog whole), and an
 *   entry they hold that this job built too is packed a second time (compaction keeps one);
 * - upkeep: taken only when the record says that adding one small pack leaves nothing to merge,
 *   rewrite or delete; otherwise, and for anything the record cannot vouch for, the save lists.
 *
 * Like everything in the state directory, the record is untrusted (a build can write there): it is
 * checked for shape and ties to the job's manifest, the copies are checked before they go into the
 * catalog (against the sha256 the record gives for the bytes the restore read and checked, else as
 * index bytes; one that fails is left out of it), and readers check every catalog copy as they
 * check a download. A record planted to say "nothing to do" delays upkeep; it cannot lose an entry.
 */




const RECORD_VERSION = 1;
/** A record older than this is not used: a job that long has other jobs' packs to see. */
const LISTING_RECORD_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Packs a record may name; more than that and the save lists (upkeep is due long before). */
const MAX_RECORDED_PACKS = 10_000;
/**
 * The record of a listing, or null when the listing had anything the upkeep acts on beyond the
 * packs' contents (torn or skipped packs, dropped entries, a codec this version cannot read): a
 * save after it lists again.
 */
function recordListing(prefix, listing, listedAt) {
    if (listing.torn.length > 0 || listing.skipped.length > 0 || listing.warnings.length > 0)
        return null;
    if (listing.indexes.some(x => !(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .codecAvailable */ .m6)(x.codec)))
        return null;
    const live = (0,_compact_js__WEBPACK_IMPORTED_MODULE_1__/* .liveBytesByPack */ .Cf)(listing.indexes, () => true);
    const packs = [];
    for (const index of listing.indexes) {
        const indexObj = listing.objects.get(index.id)?.find(o => o.key === (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .packIndexKey */ .Pu)(prefix, index.id));
        if (!indexObj)
            return null;
        const l = live.get(index.id);
        const bytes = (0,_catalog_js__WEBPACK_IMPORTED_MODULE_0__/* .indexBytesOf */ .Jx)(index);
        packs.push({
            id: index.id,
            indexSize: indexObj.size,
            indexTime: indexObj.lastModified.getTime(),
            packBytes: index.packBytes,
            rawBytes: index.rawBytes,
            liveBytes: l.bytes,
            liveEntries: l.entries.length,
            ...(bytes?.length === indexObj.size ? { indexSha256: (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .sha256 */ .sc)(bytes) } : {})
        });
    }
    return { version: RECORD_VERSION, prefix, listedAt, packs };
}
const isCount = (v) => Number.isSafeInteger(v) && v >= 0;
/** `v` as the record of `prefix`'s listing, or null when it is not one. */
function parseListingRecord(prefix, v) {
    if (typeof v !== 'object' || v === null)
        return null;
    const r = v;
    if (r.version !== RECORD_VERSION || r.prefix !== prefix || !isCount(r.listedAt))
        return null;
    if (!Array.isArray(r.packs) || r.packs.length > MAX_RECORDED_PACKS)
        return null;
    const packs = [];
    const seen = new Set();
    for (const p of r.packs) {
        if (typeof p !== 'object' || p === null)
            return null;
        const x = p;
        if (typeof x.id !== 'string' || seen.has(x.id))
            return null;
        // Only a well-formed pack id names an index of this prefix (no `..`, no other folder).
        const parsed = (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePackKey */ .s3)(prefix, (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .packIndexKey */ .Pu)(prefix, x.id));
        if (parsed === null || parsed.id !== x.id || parsed.kind !== 'index')
            return null;
        const { indexSize, indexTime, packBytes, rawBytes, liveBytes, liveEntries } = x;
        if (![indexSize, indexTime, packBytes, rawBytes, liveBytes, liveEntries].every(isCount))
            return null;
        const { indexSha256 } = x;
        if (indexSha256 !== undefined && !(0,_store_validate_js__WEBPACK_IMPORTED_MODULE_3__/* .isSha256Hex */ .P4)(indexSha256))
            return null;
        seen.add(x.id);
        packs.push({
            id: x.id,
            indexSize,
            indexTime,
            packBytes,
            rawBytes,
            liveBytes,
            liveEntries,
            ...(indexSha256 === undefined ? {} : { indexSha256 })
        });
    }
    return { version: RECORD_VERSION, prefix, listedAt: r.listedAt, packs };
}
/**
 * Whether the pack upkeep (compactPacks, then prunePacks without bucket limits) would leave the
 * recorded packs and one more small pack of new entries as they are: no pack without live entries
 * (pruned), none below the live share (rewritten), and too few small packs to merge. The same rules
 * as compact.ts, applied to the record's figures.
 */
function upkeepIdleWithOneMore(record, targetPackBytes) {
    const small = (targetPackBytes ?? _format_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_TARGET_PACK_BYTES */ .Wx) * _compact_js__WEBPACK_IMPORTED_MODULE_1__/* .SMALL_PACK_SHARE */ .W6;
    let smallPacks = 1;
    for (const p of record.packs) {
        if (p.liveEntries === 0)
            return false;
        if (p.liveBytes < _compact_js__WEBPACK_IMPORTED_MODULE_1__/* .MIN_LIVE_FRACTION */ .pc * p.rawBytes)
            return false;
        if (p.packBytes < small)
            smallPacks++;
    }
    return smallPacks < Math.max(2, _compact_js__WEBPACK_IMPORTED_MODULE_1__/* .MIN_SMALL_PACKS */ .al);
}
/**
 * The restore's copy of each recorded pack's index (the object as the record describes it), or
 * null when any is missing: the save lists instead.
 */
function recordedCopies(cache, record) {
    const out = [];
    for (const p of record.packs) {
        const key = (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .packIndexKey */ .Pu)(record.prefix, p.id);
        const bytes = cache.read(key, { key, size: p.indexSize, lastModified: new Date(p.indexTime) });
        if (bytes === null)
            return null;
        out.push({ id: p.id, bytes, ...(p.indexSha256 === undefined ? {} : { sha256: p.indexSha256 }) });
    }
    return out;
}
/**
 * The copies as the catalog names them, each checked: against the sha256 the record gives for the
 * bytes the restore read and checked, else as index bytes (checkIndexBytes, decompressed on the
 * thread pool; the save asks when its first pack goes out: NamespaceCatalog). A copy that fails is
 * left out: the catalog then lacks that pack, which costs a restore one GET of its index, as any
 * lagging catalog does. (The hash takes a fraction of a millisecond where the decompression took
 * ~18 ms of a warm save, with the thread pool busy with the sweep.)
 */
async function catalogPacksOf(copies) {
    const checked = await Promise.all(copies.map(c => c.sha256 !== undefined
        ? (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .sha256 */ .sc)(c.bytes) === c.sha256
        : (0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .checkIndexBytesAsync */ .Mh)(c.bytes).then(() => true, () => false)));
    const out = [];
    copies.forEach((c, i) => {
        if (!checked[i])
            return;
        const pack = { id: c.id };
        (0,_catalog_js__WEBPACK_IMPORTED_MODULE_0__/* .rememberIndexBytes */ .NO)(pack, c.bytes);
        out.push(pack);
    });
    return out;
}


/***/ }),

/***/ 7796:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  x5: () => (/* binding */ NamespaceCatalog),
  LA: () => (/* binding */ fetchFromPacks),
  tU: () => (/* binding */ keepListingRecord),
  yL: () => (/* binding */ listNamespacePacks),
  ld: () => (/* binding */ maintainNamespacePacks),
  Kp: () => (/* binding */ packOnlyEntries),
  tP: () => (/* binding */ packPrefixFor),
  J_: () => (/* binding */ resolveUploadMode),
  t2: () => (/* binding */ restoreSawCatalog),
  JB: () => (/* binding */ writeNamespacePacks)
});

// UNUSED EXPORTS: DEFAULT_UPLOAD_MODE, IMPORTS_IN_FLIGHT, parseUploadMode

// EXTERNAL MODULE: ./build/ncc-src/store/errors.js
var errors = __nccwpck_require__(6107);
// EXTERNAL MODULE: ./build/ncc-src/sync/entries.js
var sync_entries = __nccwpck_require__(1066);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/catalog.js
var catalog = __nccwpck_require__(8620);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/listing-record.js
var listing_record = __nccwpck_require__(5649);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/compact.js
var compact = __nccwpck_require__(6302);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/format.js
var format = __nccwpck_require__(6384);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/read.js
var read = __nccwpck_require__(1331);
;// CONCATENATED MODULE: ./build/ncc-src/sync/packs/prune.js



async function prunePacks(bucket, options) {
    const now = (options.now ?? Date.now)();
    const listing = options.listing ?? (await (0,read/* listPacks */.Xj)(bucket, options.packPrefix));
    const liveBy = (0,compact/* liveBytesByPack */.Cf)(listing.indexes, options.live ?? (() => true));
    const result = { deleted: [], remaining: { packs: 0, bytes: 0 } };
    const keep = [];
    for (const index of [...listing.indexes].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        if (liveBy.get(index.id).entries.length === 0) {
            result.deleted.push({ id: index.id, reason: 'no live entries', bytes: index.packBytes });
        }
        else if (options.maxAge && options.maxAge > 0 && index.created < now - options.maxAge) {
            result.deleted.push({ id: index.id, reason: 'age', bytes: index.packBytes });
        }
        else {
            keep.push(index);
        }
    }
    if (options.maxBytes && options.maxBytes > 0) {
        let total = keep.reduce((n, i) => n + i.packBytes, 0);
        while (total > options.maxBytes && keep.length > 0) {
            const oldest = keep.shift();
            total -= oldest.packBytes;
            result.deleted.push({ id: oldest.id, reason: 'size', bytes: oldest.packBytes });
        }
    }
    await (0,compact/* deletePacks */.Yf)(bucket, options.packPrefix, result.deleted.map(d => d.id));
    const grace = options.tornGraceMs ?? 3_600_000;
    const tornKeys = [];
    for (const t of listing.torn) {
        const newest = Math.max(...t.objects.map(o => o.lastModified.getTime()));
        if (newest >= now - grace)
            continue;
        result.deleted.push({ id: t.id, reason: 'torn', bytes: t.objects.reduce((n, o) => n + o.size, 0) });
        tornKeys.push((0,format/* packIndexKey */.Pu)(options.packPrefix, t.id), (0,format/* packDataKey */.r_)(options.packPrefix, t.id));
    }
    if (tornKeys.length > 0)
        await bucket.delete(tornKeys);
    result.remaining = { packs: keep.length, bytes: keep.reduce((n, i) => n + i.packBytes, 0) };
    return result;
}

// EXTERNAL MODULE: ./build/ncc-src/sync/packs/write.js
var write = __nccwpck_require__(7172);
// EXTERNAL MODULE: ./build/ncc-src/store/limit.js
var limit = __nccwpck_require__(5629);
;// CONCATENATED MODULE: ./build/ncc-src/sync/packs/namespace-packs.js










const DEFAULT_UPLOAD_MODE = 'auto';
function parseUploadMode(input) {
    const v = input.trim().toLowerCase();
    if (v === '')
        return DEFAULT_UPLOAD_MODE;
    if (v === 'objects' || v === 'packs' || v === 'both' || v === 'auto')
        return v;
    throw new InvalidInputError(`invalid upload-mode ${JSON.stringify(input)}: expected auto, objects, packs or both`);
}
/**
 * The mode a save of one namespace uses. `auto` is `packs` only when a whole object listing found
 * every entry of the bucket in a pack (`outsidePacks` 0: the restore's, or the census it trusted),
 * so no reader of objects has written there; with any entry outside packs, or when it is not
 * known, it is `both`, which every reader sees.
 */
function resolveUploadMode(mode, outsidePacks) {
    if (mode !== 'auto')
        return mode;
    return outsidePacks === 0 ? 'packs' : 'both';
}
function packPrefixFor(p, namespace) {
    if (p.packPrefix === undefined)
        return (0,format/* defaultPackPrefix */.rG)(p.rootPrefix, namespace);
    const root = p.packPrefix === '' || p.packPrefix.endsWith('/') ? p.packPrefix : `${p.packPrefix}/`;
    const ns = namespace.replace(/^\/+|\/+$/g, '');
    return ns === '' ? root : `${root}${ns}/`;
}
/**
 * The namespace's packs, or null (with a warning) when they cannot be listed: objects still work.
 * With `catalog`, the bucket's catalog is read beside the listing (catalog.ts).
 */
async function listNamespacePacks(p, namespace, failures, options = {}) {
    let listing;
    try {
        listing = await (0,read/* listPacks */.Xj)(p.bucket, packPrefixFor(p, namespace), {
            concurrency: p.concurrency ?? 8,
            indexCache: p.indexCache,
            catalog: options.catalog
        });
    }
    catch (err) {
        failures.warn(`could not list the packs of ${namespace}: ${err.message}; using objects only`);
        return null;
    }
    // A bad index (skipped whole) or bad entries (dropped): named once here, the rest still serves.
    for (const w of listing.warnings)
        failures.warn(`${w}; the entries it cannot serve come as objects`);
    return listing;
}
/**
 * Keeps the record of a restore's pack listing (taken at `listedAt`) beside the index copies, for
 * the job's save (listing-record.ts); a listing it cannot vouch for removes an older record. Run
 * once the restore has fetched what it needed, so its CPU is not on the way to the first pack GET.
 * Never throws.
 */
async function keepListingRecord(p, namespace, listing, listedAt) {
    if (!p.indexCache)
        return;
    const prefix = packPrefixFor(p, namespace);
    const record = listing && (0,listing_record/* recordListing */.i_)(prefix, listing, listedAt);
    if (record)
        await p.indexCache.writeListingRecord(prefix, record);
    else
        p.indexCache.forgetListingRecord(prefix);
}
/**
 * What the job's restore recorded of the namespace's catalog (index-cache.ts), or null when no
 * restore read it: then the save's pack listing reads the catalog itself.
 */
function restoreSawCatalog(p, namespace) {
    return p.indexCache?.readCatalogState(packPrefixFor(p, namespace)) ?? null;
}
/**
 * A save's catalog of one namespace (catalog.ts): written beside the index of each pack the save
 * writes (the packs listed when it started, and those), and once more after the pack upkeep when
 * that changed the packs.
 */
class NamespaceCatalog {
    listed;
    added = [];
    keeper;
    listedPacks;
    /**
     * `listed`: the packs the save started from (its listing's indexes, or the restore's record of
     * its listing: then a function that checks the record's copies, called when the first pack goes
     * out, so that the check runs in that PUT's round trip instead of before it); `held`: what the
     * bucket's catalog holds as far as this job knows (the save's own read, else the restore's:
     * restoreSawCatalog), null when that is not known.
     */
    constructor(p, namespace, listed, held) {
        this.listed = listed;
        this.keeper = new catalog/* CatalogKeeper */.CV(p.bucket, packPrefixFor(p, namespace), held);
    }
    /** Beside the index write of a pack of this save. */
    wrote(index) {
        this.added.push(index);
        const added = [...this.added];
        return this.keeper.write(this.listedOnce().then(listed => [...added, ...listed]));
    }
    /** The packs the save ends with, once the upkeep is done. */
    settle(indexes) {
        return this.keeper.write(indexes);
    }
    /** Why the last write failed, if it did. */
    get error() {
        return this.keeper.error;
    }
    listedOnce() {
        const listed = this.listed;
        this.listedPacks ??= typeof listed === 'function' ? listed() : Promise.resolve(listed);
        return this.listedPacks;
    }
}
/** Entries that packs hold and the object listing lacks (written with upload mode `packs`). */
function packOnlyEntries(listing, objects) {
    if (!listing)
        return [];
    const have = new Set(objects.map(sync_entries/* entryId */.ub));
    const out = new Map();
    // An index's time is the bucket's word: never later than now (a time in the future would keep
    // the entry first in line and never evicted).
    const now = Date.now();
    for (const index of [...listing.indexes].sort((a, b) => (a.id < b.id ? 1 : -1))) {
        for (const e of index.entries) {
            const id = (0,sync_entries/* entryId */.ub)({ namespace: e.ns, key: e.key });
            if (have.has(id) || out.has(id))
                continue;
            const mtime = new Date(Math.min(e.mtime, now));
            out.set(id, {
                key: e.key,
                namespace: e.ns,
                blobs: e.blobs.map(b => ({ name: b.name, size: b.size, mtime })),
                size: e.blobs.reduce((n, b) => n + b.size, 0),
                mtime
            });
        }
    }
    return [...out.values()];
}
/**
 * Entries a pack restore installs at once: handed to the disk store's import workers in batches,
 * enough that each batch keeps a worker busy while the next is being cut from the chunk.
 */
const IMPORTS_IN_FLIGHT = 32;
/**
 * The restore's bulk path: installs every planned entry that a pack holds, from the newest such
 * pack. What it does not serve (not in any pack, a torn or unreadable pack, a failed chunk) the
 * caller fetches as objects.
 */
async function fetchFromPacks(i) {
    const planned = new Map(i.entries.map(e => [(0,sync_entries/* entryId */.ub)(e), e]));
    const localViews = new sync_entries/* SubViews */.pU(i.local);
    const out = {
        restored: [],
        served: new Set(),
        alreadyLocal: 0,
        packsRead: 0,
        bytesRead: 0,
        kept: 0
    };
    if (planned.size === 0)
        return out;
    // Entries installed at once across every pack and chunk being read: enough to keep the thread
    // pool busy (the action runs with 16 threads), few enough to bound open files.
    const imports = new limit/* Limiter */.jG(IMPORTS_IN_FLIGHT);
    /** What one entry's install means for the counts; its time is the one it was installed with. */
    const counted = (entry, mtime, installed) => {
        if (installed)
            out.restored.push(mtime === entry.mtime ? entry : { ...entry, mtime });
        else
            out.alreadyLocal++;
        // The bucket works: content problems elsewhere must not read as "unreachable".
        i.failures.succeeded();
        i.progress?.add(1, installed ? entry.size : 0);
    };
    const local = i.local;
    /**
     * A chunk's entries handed to the disk store at once (installed, or kept for a lazy install),
     * each with the bucket's time (or the pack's, until the object listing is in: it keeps LRU order
     * true), and what the store says of each counted.
     */
    const handChunk = async (entries, hand, kept) => {
        const plannedOf = entries.map(e => planned.get((0,sync_entries/* entryId */.ub)({ namespace: e.ns, key: e.key })));
        const jobs = entries.map((e, n) => ({
            namespace: e.ns,
            key: e.key,
            blobs: e.blobs,
            offset: e.offset,
            mtime: i.mtimeOf?.(plannedOf[n]) ?? plannedOf[n].mtime
        }));
        const outcomes = await hand(jobs);
        if (outcomes === null)
            return null;
        return outcomes.map((o, n) => {
            if (o instanceof Error)
                return o;
            counted(plannedOf[n], jobs[n].mtime, o);
            if (o && kept)
                out.kept++;
            return null;
        });
    };
    // A disk store installs a chunk's entries at once, in a worker that also checks the chunk's
    // sha256 (docs/packs.md, How a restore reads them); another store entry by entry.
    const chunkSink = local.importChunk
        ? async (raw, sha256, entries) => (await handChunk(entries, jobs => local.importChunk(raw, sha256, jobs), false)) ?? []
        : undefined;
    // Or keeps the chunks packed for a lazy install (docs/packs.md, Lazy install).
    const chunkKeeper = i.lazy && local.deferChunk
        ? (compressed, chunk, entries) => handChunk(entries, jobs => local.deferChunk(compressed, chunk, jobs), true)
        : undefined;
    let r;
    try {
        r = await (0,read/* restoreFromPacks */.JY)(i.packs.bucket, packPrefixFor(i.packs, i.namespace), {
            listing: i.listing,
            concurrency: i.packs.concurrency ?? 4,
            chunkSink,
            chunkKeeper,
            objectsMayHold: i.objectsMayHold,
            want: e => planned.has((0,sync_entries/* entryId */.ub)({ namespace: e.ns, key: e.key })),
            sink: (e, blobs) => imports.run(async () => {
                const entry = planned.get((0,sync_entries/* entryId */.ub)({ namespace: e.ns, key: e.key }));
                // The bucket's time (or the pack's, until the object listing is in) keeps LRU order true.
                const mtime = i.mtimeOf?.(entry) ?? entry.mtime;
                const installed = await localViews.of(e.ns).importEntry(e.key, blobs, mtime);
                counted(entry, mtime, installed);
            })
        });
    }
    catch (err) {
        // Not expected (reading a pack never throws); whatever was not installed comes as objects.
        i.failures.warn(`reading the packs of ${i.namespace} failed: ${err.message}; using objects`);
        return out;
    }
    for (const id of r.restored)
        out.served.add(id);
    out.packsRead = r.packsRead;
    out.bytesRead = r.bytesRead;
    // A damaged pack is worth one line; its entries still come as objects.
    if (r.errors.length > 0) {
        i.failures.warn(`${r.errors.length} pack read problem(s) in ${i.namespace}, served as objects instead; first: ${r.errors[0]}`);
    }
    return out;
}
/** Entries read ahead of the packer (whole entries in memory at once; new entries are small). */
const PACK_READ_AHEAD = 16;
/** The save's pack step: writes the new entries of one namespace as packs. */
async function writeNamespacePacks(i) {
    // Entries handed over by the object upload (mode `both`) were read already: none from chunks.
    const prepacked = i.source ? [] : ((await i.prepacked) ?? []);
    const inChunks = new Set(prepacked.flatMap(c => c.entries.map(e => (0,sync_entries/* entryId */.ub)({ namespace: e.ns, key: e.key }))));
    const toRead = inChunks.size === 0 ? i.entries : i.entries.filter(e => !inChunks.has((0,sync_entries/* entryId */.ub)(e)));
    const localViews = new sync_entries/* SubViews */.pU(i.local);
    const read = async (e) => {
        const view = localViews.of(e.namespace);
        const blobs = [];
        for (const b of e.blobs) {
            const data = await view.get(e.key, b.name);
            // Evicted meanwhile: an entry is packed whole or not at all.
            if (data === null)
                return null;
            blobs.push({ name: b.name, data });
        }
        return { ns: e.namespace, key: e.key, mtime: e.mtime.getTime(), blobs };
    };
    // Entries are read a few ahead of the packer, in order, so reading overlaps compressing.
    async function* source() {
        const ahead = [];
        let next = 0;
        while (next < toRead.length || ahead.length > 0) {
            while (next < toRead.length && ahead.length < PACK_READ_AHEAD) {
                const p = read(toRead[next++]);
                p.catch(() => undefined); // awaited in order below; not an unhandled rejection meanwhile
                ahead.push(p);
            }
            yield await ahead.shift();
        }
    }
    const w = await (0,write/* writePacks */.mR)(i.packs.bucket, i.source ?? source(), {
        packPrefix: packPrefixFor(i.packs, i.namespace),
        codec: i.packs.codec,
        level: i.packs.level,
        targetPackBytes: i.packs.targetPackBytes,
        chunkBytes: (0,format/* chunkBytesFor */.En)(toRead),
        concurrency: i.packs.concurrency,
        gate: i.gate,
        presealed: prepacked,
        alongsideIndex: async (index) => {
            // The catalog first (its copies may still need their check), then whatever waits for the send.
            const catalog = await i.catalog;
            const written = catalog?.wrote(index);
            i.sending?.();
            await written;
        }
    });
    return {
        packs: w.packs,
        entries: w.packs.reduce((n, p) => n + p.entries.length, 0),
        bytes: w.packs.reduce((n, p) => n + p.rawBytes, 0)
    };
}
/**
 * Keeps the namespace's packs bounded: merges small packs and rewrites sparse ones, then prunes
 * with the bucket's limits (size: packs together at most maxBytes, oldest first; age).
 *
 * `listing` is the one the save took when it started (listing and reading every index again
 * here cost the save two more round trips); `added` are the packs this save wrote since: they
 * count like the others (a small one can be merged, all of them towards the size limit).
 */
async function maintainNamespacePacks(i) {
    const packPrefix = packPrefixFor(i.packs, i.namespace);
    const newestFirst = (indexes) => indexes.sort((a, b) => (a.id < b.id ? 1 : -1));
    const withAdded = (indexes) => ({
        indexes: newestFirst(indexes),
        torn: i.listing.torn,
        skipped: i.listing.skipped,
        objects: i.listing.objects,
        warnings: i.listing.warnings
    });
    try {
        const before = withAdded([...i.added, ...i.listing.indexes]);
        const c = await (0,compact/* compactPacks */.E9)(i.packs.bucket, {
            packPrefix,
            listing: before,
            targetPackBytes: i.packs.targetPackBytes,
            codec: i.packs.codec,
            level: i.packs.level
        });
        const replaced = new Set(c.replaced);
        const kept = [...c.written, ...before.indexes.filter(x => !replaced.has(x.id))];
        const p = await prunePacks(i.packs.bucket, {
            packPrefix,
            listing: withAdded(kept),
            maxBytes: i.maxBytes,
            maxAge: i.maxAge
        });
        const deleted = new Set(p.deleted.map(d => d.id));
        await i.catalog?.settle(kept.filter(x => !deleted.has(x.id)));
        return { merged: c.replaced.length, deleted: p.deleted.length };
    }
    catch (err) {
        i.failures.warn(`could not compact or prune the packs of ${i.namespace}: ${err.message}`);
        return { merged: 0, deleted: 0 };
    }
}


/***/ }),

/***/ 2165:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  LG: () => (/* binding */ PREPACK_MAX_RAW_BYTES),
  GE: () => (/* binding */ describePrepack),
  D8: () => (/* binding */ prepackJournaled),
  qK: () => (/* binding */ prepackedBucket)
});

// UNUSED EXPORTS: MAX_PREPACKED_FILE_BYTES, PREPACKED_DIR, prepackedDir, prepackedEntries

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./build/ncc-src/store/disk.js + 2 modules
var disk = __nccwpck_require__(8584);
// EXTERNAL MODULE: ./build/ncc-src/store/journal.js
var store_journal = __nccwpck_require__(2153);
// EXTERNAL MODULE: ./build/ncc-src/store/state-dir.js
var state_dir = __nccwpck_require__(1473);
// EXTERNAL MODULE: ./build/ncc-src/sync/entries.js
var entries = __nccwpck_require__(1066);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/format.js
var format = __nccwpck_require__(6384);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/index-schema.js
var index_schema = __nccwpck_require__(6691);
// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __nccwpck_require__(3233);
;// CONCATENATED MODULE: ./build/ncc-src/sync/packs/state-bucket.js
/**
 * A PackBucket over a directory of the state directory, so that the pack writer (write.ts) can
 * write packs there exactly as it writes them to a bucket: the compile server prepacks the job's
 * new entries this way (prepack.ts), and the save sends those packs' chunks (prepacked.ts).
 *
 * The state directory is as untrusted as the cache directory (a build can write it): every
 * component below the trusted base is made or checked with lstat (state-dir.ts), files are written
 * through a temporary name and a rename, and read only as regular files (O_NOFOLLOW|O_NONBLOCK,
 * fstat), never beyond `maxFileBytes`; a listing names regular files only; a delete unlinks the
 * name itself (never what a planted link points at).
 */




/** Keys are `<folder>/<name>`: one level of folders (the packs' `v1/`), names without separators. */
const KEY = /^(?:[A-Za-z0-9._-]+\/)?[A-Za-z0-9._-]+$/;
/** A key (or folder) that stays in the bucket's directory: no `.` or `..` part. */
function isKey(key) {
    return KEY.test(key) && key.split('/').every(p => p !== '.' && p !== '..');
}
class StatePackBucket {
    loc;
    dir;
    maxFileBytes;
    constructor(loc, 
    /** The bucket's directory: below loc.dir. */
    dir, maxFileBytes) {
        this.loc = loc;
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
    }
    fileOf(key) {
        if (!isKey(key)) {
            throw new Error(`not a key of a state-directory bucket: ${JSON.stringify(key)}`);
        }
        return external_node_path_.join(this.dir, ...key.split('/'));
    }
    /** Whether the folder of `file` exists as real directories from the base (throws when planted). */
    folderReady(file) {
        return (0,state_dir/* checkStateDir */.d3)(this.loc, external_node_path_.dirname(file));
    }
    async put(key, body) {
        const file = this.fileOf(key);
        (0,state_dir/* ensureStateDir */.xH)(this.loc, external_node_path_.dirname(file));
        await (0,safe_fs/* writeRegularFileAtomic */.z2)(file, body);
    }
    /** The file's bytes, or null when it is missing, not a regular file, or over the cap. */
    read(key) {
        const file = this.fileOf(key);
        try {
            return this.folderReady(file) ? (0,safe_fs/* readRegularFileCapped */.Ur)(file, this.maxFileBytes) : null;
        }
        catch {
            return null;
        }
    }
    async getStream(key) {
        const data = this.read(key);
        if (data === null)
            return null;
        return (async function* () {
            yield data;
        })();
    }
    /** The regular files of the folder `prefix` (`v1/`, or `` for the top); nothing when it is missing or planted. */
    async list(prefix) {
        const folder = prefix.replace(/\/$/, '');
        if (folder !== '' && !isKey(folder))
            throw new Error(`not a folder of a state-directory bucket: ${JSON.stringify(prefix)}`);
        const dir = folder === '' ? this.dir : external_node_path_.join(this.dir, folder);
        try {
            if (!(0,state_dir/* checkStateDir */.d3)(this.loc, dir))
                return [];
        }
        catch {
            return [];
        }
        const out = [];
        for (const d of (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })) {
            if (!d.isFile() || !isKey(d.name))
                continue;
            const st = (0,external_node_fs_.lstatSync)(external_node_path_.join(dir, d.name), { throwIfNoEntry: false });
            if (!st?.isFile())
                continue;
            out.push({
                key: folder === '' ? d.name : `${folder}/${d.name}`,
                size: st.size,
                lastModified: st.mtime
            });
        }
        return out.sort((a, b) => (a.key < b.key ? -1 : 1));
    }
    async delete(keys) {
        // On the calling thread, like the folder checks: a save removes the packs it took from here
        // as its last step, a few files, where each thread-pool trip costs more than the unlink.
        for (const key of keys) {
            const file = this.fileOf(key);
            try {
                // Never through a folder a build replaced with a link: that would unlink outside.
                if (!this.folderReady(file))
                    continue;
                (0,external_node_fs_.unlinkSync)(file);
            }
            catch (err) {
                if ((0,safe_fs/* errorCode */.CA)(err) !== 'ENOENT')
                    throw err;
            }
        }
    }
}

// EXTERNAL MODULE: ./build/ncc-src/sync/packs/write.js
var write = __nccwpck_require__(7172);
;// CONCATENATED MODULE: ./build/ncc-src/sync/packs/prepack.js
/**
 * Prepacking: the entries a job writes are packed ahead of its save, into the state directory, so
 * that the save only has to send them. A warm save spent most of its time reading the job's new
 * entries back and compressing them (docs/speed.md); the compile server does that instead while the
 * build is idle (src/server/server.ts), and `compile-cache prepack` does it on demand.
 *
 * What is packed: the entries the journal of written entries names since the last save (the same
 * list the save starts from), complete ones only (a compile entry needs `exit_code` and
 * `metadata`), read through the disk store like the save reads them (never through a planted link,
 * only regular files). Each run packs the entries no earlier run of the same journal packed, into
 * packs of their own (one per namespace path, in the pack format of write.ts, with namespace paths
 * below the cache directory), in `<state dir>/prepacked/<journal id>/v1/`. A journal started by a
 * later restore gets a directory of its own; the others are removed. The packs hold at most
 * `maxRawBytes` of entries in all: a cold build's save packs the rest itself.
 *
 * The save takes a prepacked chunk only when it wants every entry in it, after checking it like a
 * download (prepacked.ts): nothing here is trusted more than the cache directory itself.
 */











/** The prepacked packs' directory in the state directory, one folder per journal below it. */
const PREPACKED_DIR = 'prepacked';
/**
 * Raw bytes of entries prepacked per journal at most: a few packs' worth of object files. A warm
 * build writes far less; a cold one's save packs what is beyond it.
 */
const PREPACK_MAX_RAW_BYTES = 128 * 1024 * 1024;
/** The largest file a prepacked folder may hold: a pack closes at about 32 MiB compressed. */
const MAX_PREPACKED_FILE_BYTES = Math.max(2 * format/* DEFAULT_TARGET_PACK_BYTES */.Wx + (8 << 20), index_schema/* MAX_INDEX_BYTES */.w2);
/** One line for a log: what a run packed, in how long, and why not more. */
function describePrepack(r, ms) {
    const bytes = r.bytes < 1 << 20 ? `${(r.bytes / 1024).toFixed(0)} KiB` : `${(r.bytes / (1 << 20)).toFixed(1)} MiB`;
    return (`prepacked ${r.entries} entries (${bytes}) in ${r.packs} packs in ${ms} ms` +
        (r.earlier > 0 ? `; ${r.earlier} were packed before` : '') +
        (r.note ? ` (${r.note})` : ''));
}
/** The folder of one journal's prepacked packs. */
function prepackedDir(location, journalId) {
    return external_node_path_.join(location.dir, PREPACKED_DIR, journalId);
}
/** The bucket over one journal's prepacked packs. */
function prepackedBucket(location, journalId) {
    return new StatePackBucket(location, prepackedDir(location, journalId), MAX_PREPACKED_FILE_BYTES);
}
/** Packs what the journal names since the last save and no earlier run packed. */
async function prepackJournaled(o) {
    const result = { entries: 0, bytes: 0, packs: 0, earlier: 0 };
    const journal = store_journal/* EntryJournal */.Iw.of(o.cacheDir, o.env);
    const state = await journal.read();
    if (!state.usable)
        return { ...result, note: `no journal to pack from (${state.reason})` };
    const { id, lines } = state.read;
    await removeOtherJournals(journal.location, id);
    const bucket = prepackedBucket(journal.location, id);
    const earlier = await prepackedEntries(bucket);
    result.earlier = earlier.ids.size;
    const wanted = [];
    const named = new Set();
    for (const line of lines) {
        const l = (0,store_journal/* parseJournalLine */.Ln)(line);
        if (l?.kind !== 'written')
            continue;
        const full = l.namespace === '' ? l.key : `${l.namespace}/${l.key}`;
        if (named.has(full) || earlier.ids.has(full))
            continue;
        named.add(full);
        wanted.push({ ns: l.namespace, key: l.key });
    }
    if (wanted.length === 0)
        return { ...result, note: 'nothing new since the last run' };
    const max = o.maxRawBytes ?? PREPACK_MAX_RAW_BYTES;
    let raw = earlier.rawBytes;
    const store = new disk.DiskCacheStore(o.cacheDir, { journal: false });
    // The entries' sizes first (an lstat per blob), their bytes only as the packer takes them: a run
    // then holds a pack's compressed chunks and a few raw ones, not every entry it packs.
    const byNamespace = new Map();
    for (const w of wanted) {
        if (raw >= max) {
            result.note = `the prepacked entries reached ${max} bytes; the save packs the rest`;
            break;
        }
        const size = await wholeSize(store, w.ns, w.key);
        if (size === null)
            continue;
        raw += size;
        const group = byNamespace.get(w.ns) ?? [];
        group.push({ key: w.key, size });
        byNamespace.set(w.ns, group);
    }
    const codec = o.codec ?? (0,format/* defaultCodec */.oJ)();
    const level = o.level ?? (0,format/* defaultLevel */.Qx)(codec);
    for (const [ns, group] of byNamespace) {
        const w = await (0,write/* writePacks */.mR)(bucket, readEach(store, ns, group), {
            packPrefix: '',
            codec,
            level,
            chunkBytes: (0,format/* chunkBytesFor */.En)(group),
            concurrency: 2
        });
        result.packs += w.packs.length;
        for (const p of w.packs) {
            result.entries += p.entries.length;
            result.bytes += p.rawBytes;
        }
    }
    return result;
}
/**
 * The bytes of an entry as the save would pack it, or null when it is not there or not whole (a
 * compile entry without `exit_code` or `metadata`: still being written, or cut off).
 */
async function wholeSize(store, ns, key) {
    try {
        const info = await (ns === '' ? store : (0,entries/* namespaceView */.nj)(store, ns)).entryInfo(key);
        if (info === null || !(0,entries/* isCompleteEntry */.KN)('', { namespace: ns, blobs: info.blobs }))
            return null;
        return info.size;
    }
    catch {
        return null;
    }
}
/** The entries of one namespace path, read one at a time as the packer asks (null: gone since). */
async function* readEach(store, ns, entries) {
    for (const e of entries)
        yield await readWhole(store, ns, e.key);
}
/**
 * An entry as the save would pack it, or null when it is not there, not whole, or has a blob that
 * is not a regular file (the save names those; here they are only left out).
 */
async function readWhole(store, ns, key) {
    try {
        const view = ns === '' ? store : (0,entries/* namespaceView */.nj)(store, ns);
        const info = await view.entryInfo(key);
        if (info === null || !(0,entries/* isCompleteEntry */.KN)('', { namespace: ns, blobs: info.blobs }))
            return null;
        const blobs = [];
        for (const b of info.blobs) {
            const data = await view.get(key, b.name);
            if (data === null)
                return null;
            blobs.push({ name: b.name, data });
        }
        return { ns, key, mtime: info.mtime.getTime(), blobs };
    }
    catch {
        return null;
    }
}
/** The entries (namespace path below the cache directory, then key) the folder's packs hold. */
async function prepackedEntries(bucket) {
    const ids = new Set();
    let rawBytes = 0;
    for (const o of await bucket.list('v1/')) {
        const k = (0,format/* parsePackKey */.s3)('', o.key);
        if (k?.kind !== 'index')
            continue;
        const data = bucket.read((0,format/* packIndexKey */.Pu)('', k.id));
        if (data === null)
            continue;
        try {
            const { index } = (0,format/* decodeIndexChecked */.YG)(data, k.id);
            rawBytes += index.rawBytes;
            for (const e of index.entries)
                ids.add(e.ns === '' ? e.key : `${e.ns}/${e.key}`);
        }
        catch {
            // Not an index of ours (damaged, planted): its entries are packed again, and the save skips it.
        }
    }
    return { ids, rawBytes };
}
/** Removes the folders of other journals (an earlier restore's): their entries are in the bucket or gone. */
async function removeOtherJournals(location, journalId) {
    const dir = external_node_path_.join(location.dir, PREPACKED_DIR);
    try {
        if (!(0,state_dir/* checkStateDir */.d3)(location, dir))
            return;
        for (const name of (0,external_node_fs_.readdirSync)(dir)) {
            // rm removes a link itself, never what it points at.
            if (name !== journalId)
                await (0,promises_.rm)(external_node_path_.join(dir, name), { recursive: true, force: true });
        }
    }
    catch {
        // A planted prepacked folder, or one being removed by another run: left as it is.
    }
}


/***/ }),

/***/ 1331:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   JY: () => (/* binding */ restoreFromPacks),
/* harmony export */   Xj: () => (/* binding */ listPacks),
/* harmony export */   gj: () => (/* binding */ planPackReads),
/* harmony export */   wh: () => (/* binding */ readPack)
/* harmony export */ });
/* unused harmony exports INDEX_BYTES_IN_FLIGHT, INDEXES_KEPT_BYTES, CHUNK_BYTES_IN_FLIGHT, keptBytes, MAX_PACK_ROUNDS */
/* harmony import */ var _store_limit_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(5629);
/* harmony import */ var _byte_budget_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(8942);
/* harmony import */ var _bucket_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(969);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6384);
/* harmony import */ var _index_schema_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6691);
/* harmony import */ var _catalog_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8620);
/**
 * Reading packs: list the pack folder, load the indexes (skipping torn ones), decide which pack
 * serves which entry (the newest pack holding it), and stream packs in, decompressing each chunk
 * as soon as its bytes have arrived while the rest of the pack is still downloading.
 *
 * Nothing here fails a restore: a torn index, a pack in a codec this Node lacks, a chunk that
 * fails its checksum or a connection that drops mid-pack only means those entries are not served
 * from packs, and the caller fetches them as objects.
 *
 * Everything read from the bucket is untrusted, and memory is bounded whatever it holds:
 *
 * - Indexes: each at most MAX_INDEX_BYTES (64 MiB) compressed and decompressed and
 *   MAX_INDEX_VALUES (2 M) JSON values, counted before JSON.parse (~32 bytes of heap each at
 *   worst), then checked against its schema (index-schema.ts). Index objects downloading at
 *   once hold at most INDEX_BYTES_IN_FLIGHT (64 MiB); one decompresses and parses at a time
 *   (synchronous). The indexes kept for the restore hold at most INDEXES_KEPT_BYTES (128 MiB) of
 *   kept entries and chunk tables, measured as their JSON (keptBytes: what the schema dropped or
 *   ignored costs nothing), about twice that parsed, newest first; packs past that are skipped with
 *   a warning and their entries come as objects.
 * - Chunks: each at most MAX_CHUNK_BYTES (256 MiB) raw and 258 MiB compressed, declared lengths
 *   checked before anything is downloaded, decompression cut off the moment it passes the declared
 *   raw length; the compressed and raw bytes of every chunk being read, decompressed or installed,
 *   across all packs of the restore, come out of one budget of CHUNK_BYTES_IN_FLIGHT (514 MiB).
 * - A pack that fails to serve an entry does not shadow an older pack holding it: the entry is
 *   read from the next-older one, up to MAX_PACK_ROUNDS rounds, before it falls back to objects.
 * - The catalog (catalog.ts): at most MAX_CATALOG_BYTES (64 MiB), read whole before the indexes
 *   (twice that while its parts are joined), and kept as long as an index taken from it is (its
 *   bytes are what a save writes back); at most MAX_CATALOG_RECORDS records taken from it.
 *
 * So the pack side of a restore holds at most about 256 MiB of kept indexes plus the larger of
 * index loading (64 MiB of catalog, 64 MiB downloads + 64 MiB text, its string and 64 MiB of parse)
 * and chunks in flight (514 MiB), over the process's own ~100 MiB: under 1 GiB, whatever the
 * bucket holds. In practice far less: real indexes are a few MiB and real chunks 4 MiB.
 */






const MiB = 1024 * 1024;
/** Compressed index bytes downloading at once (by the listed sizes). */
const INDEX_BYTES_IN_FLIGHT = 64 * MiB;
/**
 * Decompressed index bytes kept for one listing, newer packs first: some 400,000 entries, a
 * bucket of ~6 GiB of 16 KiB entries.
 */
const INDEXES_KEPT_BYTES = 128 * MiB;
/**
 * Compressed plus raw bytes of the chunks being read at once, across every pack of a restore: room
 * for the largest chunk allowed (514 MiB), and for some hundred real ones (4 MiB raw each).
 */
const CHUNK_BYTES_IN_FLIGHT = _format_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_CHUNK_BYTES */ .xR + _format_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_CHUNK_COMPRESSED_BYTES */ .fN;
/**
 * About the JSON size of what a checked index keeps (its good entries and its chunk table), which is
 * what its parsed copy costs, near enough: the measure of INDEXES_KEPT_BYTES.
 */
function keptBytes(index) {
    let n = 200 + index.chunks.length * 120;
    for (const e of index.entries) {
        n += 100 + e.ns.length + e.key.length;
        for (const b of e.blobs)
            n += 24 + b.name.length;
    }
    return n;
}
/**
 * Lists the packs under the prefix and loads their indexes (`concurrency` at once); with
 * `indexCache`, an index the cache holds a copy of, as listed, is not downloaded again, and every
 * index downloaded is copied there. With `catalog`, the bucket's catalog is read beside the listing
 * and its copies stand in for downloads (catalog.ts); what it held is recorded in the index cache
 * for the job's save.
 */
async function listPacks(bucket, packPrefix, options = {}) {
    // The catalog beside the listing (readCatalog never throws: nothing is left unhandled).
    const [listed, copies] = await Promise.all([
        bucket.list(`${packPrefix}${_format_js__WEBPACK_IMPORTED_MODULE_0__/* .PACK_DIR */ .UX}`),
        options.catalog ? (0,_catalog_js__WEBPACK_IMPORTED_MODULE_2__/* .readCatalog */ .uM)(bucket, packPrefix) : null
    ]);
    const objects = new Map();
    // Written while the indexes load (a few file calls on the thread pool), not before them.
    const recorded = copies === null ? undefined : options.indexCache?.writeCatalogState(packPrefix, (0,_catalog_js__WEBPACK_IMPORTED_MODULE_2__/* .heldOf */ .Le)(copies));
    for (const o of listed) {
        const parsed = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .parsePackKey */ .s3)(packPrefix, o.key);
        if (!parsed)
            continue;
        const list = objects.get(parsed.id) ?? [];
        list.push(o);
        objects.set(parsed.id, list);
    }
    const ids = [...objects.keys()].sort().reverse();
    const warnings = [];
    const downloads = new _byte_budget_js__WEBPACK_IMPORTED_MODULE_3__/* .ByteBudget */ .G(INDEX_BYTES_IN_FLIGHT);
    let kept = 0;
    /** An index's bytes, decoded and checked against its data object and the budget. Throws TornPackError. */
    const checkIndex = (id, key, data, dataObj) => {
        const checked = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeIndexChecked */ .YG)(data, id);
        const index = checked.index;
        if (dataObj.size !== index.packBytes) {
            return {
                id,
                reason: `data object is ${dataObj.size} bytes, index says ${index.packBytes}`,
                warn: false,
                torn: true
            };
        }
        if (checked.dropped.total > 0) {
            warnings.push(`pack index ${key}: ${(0,_index_schema_js__WEBPACK_IMPORTED_MODULE_1__/* .describeDropped */ .O7)(checked.listed, checked.dropped)}`);
        }
        // What is kept, counted by what the index keeps: fields the schema ignored and entries it
        // dropped cost nothing, so a few padded indexes cannot use up the budget of the good ones.
        kept += keptBytes(index);
        if (kept > INDEXES_KEPT_BYTES) {
            return {
                id,
                reason: `the indexes read so far hold more than ${INDEXES_KEPT_BYTES} bytes (the budget of indexes)`,
                warn: true,
                torn: false
            };
        }
        // The bytes as the bucket holds them, for the catalog a save writes (catalog.ts).
        (0,_catalog_js__WEBPACK_IMPORTED_MODULE_2__/* .rememberIndexBytes */ .NO)(index, data);
        return { id, index };
    };
    /** A copy (the index cache's, the catalog's) as a load, or null: then the index is downloaded. */
    const fromCopy = (id, key, copy, dataObj) => {
        if (copy === null || copy === undefined)
            return null;
        // Checked as a download is; one that fails a check is read again from the bucket: a bad copy
        // never makes a pack torn.
        try {
            const loaded = checkIndex(id, key, copy, dataObj);
            return 'index' in loaded || !loaded.torn ? loaded : null;
        }
        catch {
            return null;
        }
    };
    const results = await (0,_store_limit_js__WEBPACK_IMPORTED_MODULE_4__/* .mapLimit */ .sf)(ids, options.concurrency ?? 8, async (id) => {
        const objs = objects.get(id);
        const indexObj = objs.find(o => o.key.endsWith('.index'));
        const dataObj = objs.find(o => o.key.endsWith('.pack'));
        if (!indexObj)
            return { id, reason: 'no index', warn: false, torn: true };
        if (!dataObj)
            return { id, reason: 'no data object', warn: false, torn: true };
        const key = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .packIndexKey */ .Pu)(packPrefix, id);
        if (indexObj.size > _format_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_INDEX_BYTES */ .w2) {
            return {
                id,
                reason: `index is ${indexObj.size} bytes, over the cap of ${_format_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_INDEX_BYTES */ .w2}`,
                warn: true,
                torn: false
            };
        }
        // A copy of this very object (index-cache.ts), then the catalog's when it has the listed size.
        const cached = fromCopy(id, key, options.indexCache?.read(key, indexObj), dataObj);
        if (cached !== null)
            return cached;
        const copy = copies?.get(key);
        const catalogued = fromCopy(id, key, copy?.length === indexObj.size ? copy : null, dataObj);
        if (catalogued !== null) {
            if ('index' in catalogued)
                await options.indexCache?.write(key, indexObj, copy);
            return catalogued;
        }
        const held = await downloads.acquire(indexObj.size);
        try {
            // Never more than the listing said: an object that grew meanwhile is read next time.
            const data = await (0,_bucket_js__WEBPACK_IMPORTED_MODULE_5__/* .getBuffer */ .Zo)(bucket, key, undefined, indexObj.size);
            if (data === null)
                return { id, reason: 'index vanished', warn: false, torn: true };
            const loaded = checkIndex(id, key, data, dataObj);
            if ('index' in loaded)
                await options.indexCache?.write(key, indexObj, data);
            return loaded;
        }
        catch (err) {
            if (err instanceof _format_js__WEBPACK_IMPORTED_MODULE_0__/* .TornPackError */ .HR) {
                return { id, reason: err.message, warn: err.suspicious, torn: !err.overCap };
            }
            // One index that cannot be read (a 403 on one object, a reset) costs that pack, not the others;
            // it is not torn either (it may read fine next time), so nothing deletes it for this.
            return { id, reason: `could not read the index: ${err.message}`, warn: true, torn: false };
        }
        finally {
            downloads.release(held);
        }
    });
    const listing = { indexes: [], torn: [], skipped: [], objects, warnings };
    if (copies !== null)
        listing.catalog = (0,_catalog_js__WEBPACK_IMPORTED_MODULE_2__/* .heldOf */ .Le)(copies);
    for (const r of results) {
        if ('index' in r)
            listing.indexes.push(r.index);
        else {
            if (r.torn)
                listing.torn.push({ id: r.id, objects: objects.get(r.id), reason: r.reason });
            else
                listing.skipped.push({ id: r.id, reason: r.reason });
            if (r.warn)
                warnings.push(`skipped pack ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .packIndexKey */ .Pu)(packPrefix, r.id)}: ${r.reason}`);
        }
    }
    await recorded;
    return listing;
}
/**
 * Which pack serves which wanted entry: the newest readable pack that holds it. Packs in a codec
 * this Node cannot decompress are skipped, so their entries fall back to objects.
 */
function planPackReads(indexes, want) {
    const plan = new Map();
    const taken = new Set();
    const newestFirst = [...indexes].sort((a, b) => (a.id < b.id ? 1 : -1));
    for (const index of newestFirst) {
        if (!(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .codecAvailable */ .m6)(index.codec))
            continue;
        let list;
        for (const e of index.entries) {
            const id = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(e.ns, e.key);
            if (taken.has(id) || !want(e, index))
                continue;
            taken.add(id);
            (list ??= []).push(e);
        }
        if (list)
            plan.set(index, list);
    }
    return plan;
}
/**
 * Reads the given entries of one pack and hands each to `sink`. Needed chunks are fetched in as
 * few requests as possible (one GET for a whole-pack read); each chunk is decompressed and
 * checked as soon as it has arrived, while earlier chunks are still being written (up to
 * `decompressConcurrency` chunks at once, each handing up to `sinkConcurrency` entries to `sink`
 * at once).
 *
 * Each chunk's compressed and raw bytes are taken from `budget` before its bytes are read (so a
 * full budget pauses the download) and given back once its entries are installed. Never throws:
 * whatever goes wrong (the bucket, the data, the sink) fails the entries concerned, which the
 * caller then fetches as objects.
 */
async function readPack(bucket, packPrefix, index, entries, sink, options = {}) {
    const result = { restored: [], failed: [], bytesRead: 0, requests: 0, errors: [] };
    const dataKey = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .packDataKey */ .r_)(packPrefix, index.id);
    if (!(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .codecAvailable */ .m6)(index.codec)) {
        result.failed.push(...entries);
        result.errors.push(`pack ${dataKey}: codec ${index.codec} is not available in this Node`);
        return result;
    }
    const byChunk = new Map();
    for (const e of entries) {
        // An index that did not come through the schema check could name a chunk it lacks.
        if (index.chunks[e.chunk] === undefined) {
            result.failed.push(e);
            result.errors.push(`pack ${dataKey}: entry ${e.key} names chunk ${e.chunk}, which does not exist`);
            continue;
        }
        const list = byChunk.get(e.chunk) ?? [];
        list.push(e);
        byChunk.set(e.chunk, list);
    }
    const needed = [...byChunk.keys()].sort((a, b) => a - b);
    // Runs of adjacent chunks become one ranged GET; all chunks become one plain GET.
    const runs = [];
    for (const c of needed) {
        const last = runs[runs.length - 1];
        if (last && last[last.length - 1] === c - 1)
            last.push(c);
        else
            runs.push([c]);
    }
    const limit = Math.max(1, options.decompressConcurrency ?? 4);
    const sinkLimit = Math.max(1, options.sinkConcurrency ?? 8);
    const budget = options.budget ?? new _byte_budget_js__WEBPACK_IMPORTED_MODULE_3__/* .ByteBudget */ .G(CHUNK_BYTES_IN_FLIGHT);
    const pending = new Set();
    const done = new Set();
    const installEntry = async (e, raw) => {
        try {
            let pos = e.offset;
            const blobs = [];
            for (const b of e.blobs) {
                blobs.push({ name: b.name, data: raw.subarray(pos, pos + b.size) });
                pos += b.size;
            }
            if (pos > raw.length)
                throw new Error('runs past its chunk');
            await sink(e, blobs);
            result.restored.push(e);
        }
        catch (err) {
            result.failed.push(e);
            result.errors.push(`pack ${dataKey}: entry ${e.key}: ${err.message}`);
        }
    };
    /**
     * Hands a chunk's wanted entries on (to a ChunkSink or a ChunkKeeper) and records what became of
     * each. An entry that runs past the chunk's raw length fails alone, before it is handed on; a
     * throw (a chunk that fails its checksum, a sink that fails whole) fails every entry handed on.
     */
    const handOver = async (c, rawLength, wanted, take) => {
        const fit = [];
        for (const e of wanted) {
            if (e.offset + (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryBytes */ .eD)(e) > rawLength) {
                result.failed.push(e);
                result.errors.push(`pack ${dataKey}: entry ${e.key}: runs past its chunk`);
            }
            else
                fit.push(e);
        }
        let outcomes;
        try {
            outcomes = fit.length > 0 ? await take(fit) : [];
        }
        catch (err) {
            result.failed.push(...fit);
            result.errors.push(`pack ${dataKey} chunk ${c}: ${err.message}`);
            return;
        }
        for (const [n, e] of fit.entries()) {
            const err = outcomes[n];
            if (err === null)
                result.restored.push(e);
            else {
                result.failed.push(e);
                result.errors.push(`pack ${dataKey} chunk ${c}: entry ${e.key}: ${(err ?? new Error('no outcome')).message}`);
            }
        }
    };
    /** The chunk decompressed, to the length its index declares (else a throw). */
    const decompressed = async (data, meta) => {
        const raw = await (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .decompressChunk */ .Ly)(index.codec, data, meta.rawLength);
        if (raw.length !== meta.rawLength)
            throw new Error('chunk fails its checksum');
        return raw;
    };
    /**
     * A chunk through the ChunkKeeper, not installed: checked as an install would check it. Where
     * `decodeKept` says so (something else could serve its entries), decompression included (on the
     * thread pool, beside the download; the output is dropped), so a chunk whose bytes match its
     * index and still do not decompress to what it declares fails here and its entries come from an
     * older pack or as objects, instead of every compile that asks for one of them finding a miss.
     */
    const keepChunk = async (c, data, meta, wanted, keeper) => {
        let raw;
        try {
            if (meta.zsha256 === undefined) {
                raw = await decompressed(data, meta);
                if ((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(raw) !== meta.sha256)
                    throw new Error('chunk fails its checksum');
            }
            else {
                if ((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(data) !== meta.zsha256)
                    throw new Error('chunk fails its checksum');
                if (options.decodeKept?.(wanted) ?? true)
                    raw = await decompressed(data, meta);
            }
        }
        catch (err) {
            result.failed.push(...wanted);
            result.errors.push(`pack ${dataKey} chunk ${c}: ${err.message}`);
            return;
        }
        await handOver(c, meta.rawLength, wanted, async (fit) => {
            const kept = await keeper(data, { codec: index.codec, ...meta }, fit);
            if (kept !== null)
                return kept;
            // Nothing more can be kept: installed as without a keeper, from the bytes just checked.
            if (!options.chunkSink)
                throw new Error('the lazy install is full and nothing installs chunks here');
            return options.chunkSink(raw ?? (await decompressed(data, meta)), undefined, fit);
        });
    };
    /** Decompresses and installs one chunk; never rejects, and gives its bytes back to the budget. */
    const processChunk = async (c, data, held) => {
        const wanted = byChunk.get(c);
        try {
            const meta = index.chunks[c];
            if (options.chunkKeeper) {
                await keepChunk(c, data, meta, wanted, options.chunkKeeper);
                return;
            }
            let raw;
            // The compressed bytes' sha256 when the index has it (a fifth of the bytes to hash), else
            // the raw bytes' after decompression.
            const checked = meta.zsha256 !== undefined;
            try {
                if (checked && (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(data) !== meta.zsha256)
                    throw new Error('chunk fails its checksum');
                raw = await (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .decompressChunk */ .Ly)(index.codec, data, meta.rawLength);
                if (raw.length !== meta.rawLength)
                    throw new Error('chunk fails its checksum');
                if (!checked && !options.chunkSink && (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(raw) !== meta.sha256) {
                    throw new Error('chunk fails its checksum');
                }
            }
            catch (err) {
                result.failed.push(...wanted);
                result.errors.push(`pack ${dataKey} chunk ${c}: ${err.message}`);
                return;
            }
            if (options.chunkSink) {
                // Unchecked so far, the sink checks the raw sha256 (off this thread) before it installs
                // anything; a throw fails every entry given to it.
                const chunkSink = options.chunkSink;
                const digest = checked ? undefined : meta.sha256;
                await handOver(c, raw.length, wanted, fit => chunkSink(raw, digest, fit));
                return;
            }
            // Several entries of the chunk at once: installing one is a chain of small fs calls, and only
            // entries in flight together keep the thread pool (and both cores) busy.
            await (0,_store_limit_js__WEBPACK_IMPORTED_MODULE_4__/* .mapLimit */ .sf)(wanted, sinkLimit, e => installEntry(e, raw));
        }
        catch (err) {
            // Not expected (installEntry catches): still only this chunk's entries are lost.
            const failed = new Set(result.failed);
            const restored = new Set(result.restored);
            for (const e of wanted)
                if (!failed.has(e) && !restored.has(e))
                    result.failed.push(e);
            result.errors.push(`pack ${dataKey} chunk ${c}: ${err.message}`);
        }
        finally {
            budget.release(held);
        }
    };
    const dispatch = async (c, data, held) => {
        done.add(c);
        const p = processChunk(c, data, held).finally(() => pending.delete(p));
        pending.add(p);
        if (pending.size >= limit)
            await Promise.race(pending);
    };
    for (const run of runs) {
        const first = index.chunks[run[0]];
        const lastMeta = index.chunks[run[run.length - 1]];
        const whole = run.length === index.chunks.length;
        const start = whole ? 0 : first.offset;
        const end = lastMeta.offset + lastMeta.length - 1;
        // Budget held for the chunk whose bytes are arriving (run[i]), not yet handed on.
        let held = 0;
        try {
            result.requests++;
            const stream = await bucket.getStream(dataKey, whole ? undefined : { start, end });
            if (stream === null)
                throw new Error('pack data object is gone');
            let parts = [];
            let have = 0;
            // Position in the object of parts[0]'s first byte.
            let base = start;
            let i = 0;
            let magicChecked = !whole;
            const reserve = async () => {
                const meta = index.chunks[run[i]];
                if (meta)
                    held = await budget.acquire(meta.length + meta.rawLength);
            };
            /** Bytes [from, from + length) of parts, in one copy; the bytes after them stay in parts. */
            const takeBytes = (from, length) => {
                const data = Buffer.allocUnsafe(length);
                const rest = [];
                let at = 0;
                let skip = from;
                for (const part of parts) {
                    if (at === length) {
                        rest.push(part);
                        continue;
                    }
                    if (skip >= part.length) {
                        skip -= part.length;
                        continue;
                    }
                    const n = Math.min(part.length - skip, length - at);
                    part.copy(data, at, skip, skip + n);
                    at += n;
                    if (skip + n < part.length)
                        rest.push(part.subarray(skip + n));
                    skip = 0;
                }
                parts = rest;
                have = rest.reduce((sum, p) => sum + p.length, 0);
                return data;
            };
            await reserve();
            for await (const piece of stream) {
                const b = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
                parts.push(b);
                have += b.length;
                result.bytesRead += b.length;
                // A server that sends more than the range (or the object) the index describes is not
                // followed: those bytes would only pile up here.
                if (base + have > end + 1)
                    throw new Error(`pack data object is longer than the ${end + 1} bytes its index describes`);
                if (!magicChecked && have >= _format_js__WEBPACK_IMPORTED_MODULE_0__/* .PACK_MAGIC */ .OE.length) {
                    const head = parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
                    if (!head.subarray(0, _format_js__WEBPACK_IMPORTED_MODULE_0__/* .PACK_MAGIC */ .OE.length).equals(_format_js__WEBPACK_IMPORTED_MODULE_0__/* .PACK_MAGIC */ .OE)) {
                        throw new Error('pack data object does not start with the pack magic');
                    }
                    magicChecked = true;
                }
                while (i < run.length) {
                    const meta = index.chunks[run[i]];
                    if (base + have < meta.offset + meta.length)
                        break;
                    const data = takeBytes(meta.offset - base, meta.length);
                    base = meta.offset + meta.length;
                    const h = held;
                    held = 0;
                    i++;
                    await dispatch(run[i - 1], data, h);
                    await reserve();
                }
            }
            if (i < run.length)
                throw new Error('pack data object ended early');
        }
        catch (err) {
            result.errors.push(`pack ${dataKey}: ${err.message}`);
        }
        finally {
            budget.release(held);
        }
        // Chunks that never arrived are served as objects.
        for (const c of run)
            if (!done.has(c))
                result.failed.push(...byChunk.get(c));
    }
    await Promise.all(pending);
    return result;
}
/**
 * Rounds of pack reads per restore at most: an entry a pack failed to serve is read again from the
 * next-older pack holding it, so a newer pack that lists the same entries and cannot serve them
 * (a hostile one, or one damaged) does not shadow the good copy; this bounds what many of them cost.
 */
const MAX_PACK_ROUNDS = 8;
/**
 * The bulk path of a restore: every wanted entry that some readable pack holds is read from the
 * newest such pack (`concurrency` packs at once) and handed to `sink`; what a pack fails to serve
 * is tried from the next-older pack holding it, up to MAX_PACK_ROUNDS rounds. The caller fetches
 * what is not in `restored` as objects. All packs share one budget of chunk bytes in memory.
 */
async function restoreFromPacks(bucket, packPrefix, options) {
    const listing = options.listing ?? (await listPacks(bucket, packPrefix));
    const out = {
        restored: new Set(),
        entries: 0,
        bytes: 0,
        packsRead: 0,
        bytesRead: 0,
        requests: 0,
        errors: []
    };
    const budget = new _byte_budget_js__WEBPACK_IMPORTED_MODULE_3__/* .ByteBudget */ .G(options.budgetBytes ?? CHUNK_BYTES_IN_FLIGHT);
    const decodeKept = options.chunkKeeper && options.objectsMayHold === false ? decodingProof(listing.indexes) : undefined;
    // Entry id -> the packs that failed to serve it.
    const failedBy = new Map();
    for (let round = 0; round < MAX_PACK_ROUNDS; round++) {
        const plan = planPackReads(listing.indexes, (e, index) => {
            const id = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(e.ns, e.key);
            return !out.restored.has(id) && !failedBy.get(id)?.has(index.id) && options.want(e, index);
        });
        // Only entries that failed before are planned after the first round.
        if (round > 0) {
            for (const [index, entries] of plan) {
                const retry = entries.filter(e => failedBy.has((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(e.ns, e.key)));
                if (retry.length > 0)
                    plan.set(index, retry);
                else
                    plan.delete(index);
            }
        }
        if (plan.size === 0)
            break;
        await (0,_store_limit_js__WEBPACK_IMPORTED_MODULE_4__/* .mapLimit */ .sf)([...plan.entries()], options.concurrency ?? 4, async ([index, entries]) => {
            const r = await readPack(bucket, packPrefix, index, entries, options.sink, {
                budget,
                chunkSink: options.chunkSink,
                chunkKeeper: options.chunkKeeper,
                decodeKept
            });
            out.packsRead++;
            out.bytesRead += r.bytesRead;
            out.requests += r.requests;
            out.errors.push(...r.errors);
            for (const e of r.restored) {
                out.restored.add((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(e.ns, e.key));
                out.entries++;
                out.bytes += (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryBytes */ .eD)(e);
            }
            for (const e of r.failed) {
                const id = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(e.ns, e.key);
                const packs = failedBy.get(id) ?? new Set();
                packs.add(index.id);
                failedBy.set(id, packs);
            }
        });
    }
    return out;
}
/**
 * When a lazy restore must decompress a kept chunk (whose compressed bytes matched their
 * `zsha256`) to prove it decodes: only when another pack of the listing holds one of its entries.
 * The proof is there so that a newer pack whose chunk matches its index and still does not decode
 * does not shadow a good copy: its entries then come from the older pack at once instead of
 * becoming misses at their first ask. An entry no other pack holds (and, as the caller vouches
 * with objectsMayHold false, no object either) has no other copy to fall back on: the restore
 * would drop it either way, and the first ask finds the same miss without the restore paying for
 * a decompression of every chunk (half its CPU, bench/RESULTS.md). The install on that first ask
 * checks the chunk again, decompression included, before it writes anything.
 */
function decodingProof(indexes) {
    const holders = new Map();
    for (const index of indexes) {
        for (const e of index.entries) {
            const id = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(e.ns, e.key);
            holders.set(id, (holders.get(id) ?? 0) + 1);
        }
    }
    return wanted => wanted.some(e => (holders.get((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .entryId */ .ub)(e.ns, e.key)) ?? 0) > 1);
}


/***/ }),

/***/ 7172:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   mR: () => (/* binding */ writePacks)
/* harmony export */ });
/* unused harmony exports PackWriteCancelled, orderBlobs, readLocalEntry */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var _store_validate_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2642);
/* harmony import */ var _store_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3233);
/* harmony import */ var _catalog_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(8620);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(6384);
/**
 * Writing packs: entries go into chunks of a few MiB raw, chunks are compressed in parallel (the
 * zlib thread pool), and a pack is uploaded once its compressed size reaches the target — the data
 * object and its index side by side (uploadPack says why a reader is never misled by that).
 * The next pack is compressed while the previous one uploads.
 */







/** The gate said no: the packs built were not written. */
class PackWriteCancelled extends Error {
    name = 'PackWriteCancelled';
}
/** The spec's blob write order; other names follow, sorted, so packs are deterministic. */
const BLOB_ORDER = (/* unused pure expression or super */ null && (['output', 'stdout', 'stderr', 'exit_code', 'metadata', 'extras']));
function orderBlobs(blobs) {
    const rank = (n) => {
        const i = BLOB_ORDER.indexOf(n);
        return i < 0 ? BLOB_ORDER.length : i;
    };
    return [...blobs].sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1));
}
/**
 * Reads one entry directory of a disk store (`<root>/<ns>/<hh>/<hex>/`), skipping temporary files.
 * Null when the directory is gone (evicted meanwhile). The directory must be a real one (a symlink
 * there throws UnsafePathError), and only regular files are read, each opened O_NOFOLLOW|O_NONBLOCK
 * and fstat'ed: a planted symlink, FIFO, socket or device is passed to `onSkip`, never read or packed.
 */
async function readLocalEntry(dir, ns, key, onSkip) {
    let names;
    try {
        const st = await lstat(dir);
        if (!st.isDirectory())
            throw new UnsafePathError(dir, describeKind(st));
        names = await readdir(dir);
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return null;
        throw err;
    }
    const blobs = [];
    let mtime = 0;
    for (const name of names) {
        if (isTempName(name))
            continue;
        const file = join(dir, name);
        try {
            const handle = await openRegular(file, constants.O_RDONLY);
            try {
                const st = await handle.stat();
                mtime = Math.max(mtime, st.mtimeMs);
                blobs.push({ name, data: await handle.readFile() });
            }
            finally {
                await handle.close();
            }
        }
        catch (err) {
            if (err.code === 'ENOENT')
                continue;
            if (err instanceof UnsafePathError) {
                // A directory in an entry is nobody's blob (as in the store's walk); anything else is planted.
                if (err.found !== 'a directory')
                    onSkip?.(file, err.found);
                continue;
            }
            throw err;
        }
    }
    if (blobs.length === 0)
        return null;
    return { ns, key, mtime: Math.floor(mtime), blobs: orderBlobs(blobs) };
}
/** Writes the entries as packs; returns the indexes of the packs written. */
async function writePacks(bucket, entries, options) {
    const codec = options.codec ?? (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .defaultCodec */ .oJ)();
    const level = options.level ?? (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .defaultLevel */ .Qx)(codec);
    const target = options.targetPackBytes ?? _format_js__WEBPACK_IMPORTED_MODULE_6__/* .DEFAULT_TARGET_PACK_BYTES */ .Wx;
    const chunkBytes = options.chunkBytes ?? 4 << 20;
    const concurrency = Math.max(1, options.concurrency ?? 4);
    // Readers refuse a chunk over MAX_CHUNK_BYTES: no entry or chunk here may be bigger.
    const maxEntryBytes = Math.min(options.maxEntryBytes ?? 256 << 20, _format_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_CHUNK_BYTES */ .xR);
    const now = options.now ?? Date.now;
    const written = [];
    const skipped = [];
    const uploads = [];
    let sealed = [];
    let chunk = { parts: [], raw: 0, entries: [] };
    // Compressed bytes of the finished chunks of this pack, and the ratio seen so far, to estimate
    // the pack's compressed size while its last chunks are still compressing.
    let ratio = 2.5;
    let rawSeen = 0;
    let compressedSeen = 0;
    let estimate = 0;
    // JSON values of the pack's index so far: sealed at half the readers' cap (MAX_INDEX_VALUES).
    let packValues = 0;
    const inFlight = new Set();
    const sealChunk = async () => {
        if (chunk.entries.length === 0)
            return;
        const raw = Buffer.concat(chunk.parts, chunk.raw);
        const compressed = (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .compressChunk */ .cY)(codec, level, raw);
        const s = { compressed, rawLength: raw.length, sha256: (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .sha256 */ .sc)(raw), entries: chunk.entries };
        sealed.push(s);
        estimate += raw.length / ratio;
        inFlight.add(compressed);
        void compressed.then(c => {
            inFlight.delete(compressed);
            rawSeen += raw.length;
            compressedSeen += c.length;
            ratio = rawSeen / Math.max(1, compressedSeen);
        }, () => inFlight.delete(compressed));
        chunk = { parts: [], raw: 0, entries: [] };
        if (inFlight.size >= concurrency)
            await Promise.race(inFlight).catch(() => undefined);
    };
    const sealPack = async () => {
        await sealChunk();
        if (sealed.length === 0)
            return;
        const chunks = sealed;
        sealed = [];
        estimate = 0;
        packValues = 0;
        // Keep at most one pack uploading while the next one fills.
        if (uploads.length > 0)
            await uploads[uploads.length - 1];
        const upload = uploadPack(chunks);
        // Handled here so a failure while the next pack fills is not an unhandled rejection; the
        // failure still surfaces from the awaits below.
        upload.catch(() => undefined);
        uploads.push(upload);
    };
    const uploadPack = async (chunks) => {
        const bodies = await Promise.all(chunks.map(c => c.compressed));
        if (options.gate && !(await options.gate))
            throw new PackWriteCancelled('the packs built were not wanted');
        const id = (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .newPackId */ .bd)(now());
        let offset = _format_js__WEBPACK_IMPORTED_MODULE_6__/* .PACK_MAGIC */ .OE.length;
        const table = [];
        const indexEntries = [];
        let rawBytes = 0;
        chunks.forEach((c, i) => {
            const body = bodies[i];
            table.push({
                offset,
                length: body.length,
                rawLength: c.rawLength,
                sha256: c.sha256,
                zsha256: c.zsha256 ?? (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .sha256 */ .sc)(body)
            });
            offset += body.length;
            rawBytes += c.rawLength;
            for (const e of c.entries)
                indexEntries.push({ ...e, chunk: i });
        });
        const data = Buffer.concat([_format_js__WEBPACK_IMPORTED_MODULE_6__/* .PACK_MAGIC */ .OE, ...bodies], offset);
        const index = {
            format: _format_js__WEBPACK_IMPORTED_MODULE_6__/* .PACK_FORMAT */ .uV,
            id,
            codec,
            created: now(),
            packBytes: data.length,
            rawBytes,
            chunks: table,
            entries: indexEntries
        };
        const indexData = (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeIndex */ .bj)(index);
        (0,_catalog_js__WEBPACK_IMPORTED_MODULE_5__/* .rememberIndexBytes */ .NO)(index, indexData);
        // The data object and its index go up side by side, not one round trip after the other (on a
        // warm save, the index's PUT was a tenth of the whole command). A reader that lists the index
        // before the data object has landed takes the pack for torn, as it took one whose data had
        // landed before its index: it skips it, and nothing deletes a torn pack under an hour old
        // (prune.ts). An index whose data failed to go up is deleted; one a crash leaves is torn.
        // (The catalog written beside them names the index too early for nobody: a reader uses a
        // catalog's copy only for an index it lists.)
        const indexKey = (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .packIndexKey */ .Pu)(options.packPrefix, id);
        const [dataPut, indexPut, beside] = await Promise.allSettled([
            bucket.put((0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .packDataKey */ .r_)(options.packPrefix, id), data),
            bucket.put(indexKey, indexData),
            options.alongsideIndex?.(index)
        ]);
        if (dataPut.status === 'rejected') {
            if (indexPut.status === 'fulfilled')
                await bucket.delete([indexKey]).catch(() => undefined);
            throw dataPut.reason;
        }
        if (indexPut.status === 'rejected')
            throw indexPut.reason;
        if (beside.status === 'rejected')
            throw beside.reason;
        written.push(index);
    };
    try {
        for (const p of options.presealed ?? []) {
            let values = 0;
            for (const e of p.entries)
                values += (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .entryValues */ .ZK)(e.blobs.length);
            if (packValues > 0 && packValues + values > _format_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_INDEX_VALUES */ .jV / 2)
                await sealPack();
            packValues += values;
            sealed.push({
                compressed: Promise.resolve(p.compressed),
                zsha256: p.zsha256,
                rawLength: p.rawLength,
                sha256: p.sha256,
                entries: p.entries.map(e => ({ ...e, chunk: 0 }))
            });
            estimate += p.compressed.length;
            if (estimate >= target)
                await sealPack();
        }
        for await (const e of entries) {
            if (e === null)
                continue;
            let size = 0;
            for (const b of e.blobs)
                size += b.data.length;
            if (size > maxEntryBytes) {
                skipped.push((0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .entryId */ .ub)(e.ns, e.key));
                continue;
            }
            if (chunk.raw > 0 && chunk.raw + size > _format_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_CHUNK_BYTES */ .xR)
                await sealChunk();
            const values = (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .entryValues */ .ZK)(e.blobs.length);
            if (packValues > 0 && packValues + values > _format_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_INDEX_VALUES */ .jV / 2)
                await sealPack();
            packValues += values;
            chunk.entries.push({
                ns: e.ns,
                key: e.key,
                mtime: e.mtime,
                blobs: e.blobs.map(b => ({ name: b.name, size: b.data.length })),
                chunk: 0,
                offset: chunk.raw
            });
            for (const b of e.blobs)
                chunk.parts.push(b.data);
            chunk.raw += size;
            if (chunk.raw >= chunkBytes)
                await sealChunk();
            if (estimate + chunk.raw / ratio >= target)
                await sealPack();
        }
        await sealPack();
    }
    finally {
        // Never leave uploads running behind the caller's back, even when the source failed.
        await Promise.allSettled(uploads);
    }
    await Promise.all(uploads);
    written.sort((a, b) => (a.id < b.id ? -1 : 1));
    return { packs: written, skipped };
}


/***/ }),

/***/ 6995:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CE: () => (/* binding */ formatRate),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   ke: () => (/* binding */ Progress),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony export DEFAULT_PROGRESS_INTERVAL_MS */
/** Progress lines at a steady rate (not one per object) and human-readable figures. */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
/** 1536 → `1.5 KiB` (base 1024, like the size inputs). */
function formatBytes(bytes) {
    let v = bytes;
    let u = 0;
    while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
        v /= 1024;
        u++;
    }
    return u === 0 ? `${v} B` : `${v.toFixed(1)} ${UNITS[u]}`;
}
function formatDuration(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
/** Bytes per second as `12.3 MiB/s`; `-` when no time has passed. */
function formatRate(bytes, ms) {
    return ms > 0 ? `${formatBytes((bytes * 1000) / ms)}/s` : '-';
}
const DEFAULT_PROGRESS_INTERVAL_MS = 5000;
/**
 * Counts finished entries and bytes and logs `<label>: 120/400 entries, 12.0 MiB/40.0 MiB,
 * 3.1 MiB/s` every interval while work is going on. The timer never keeps the process alive.
 */
class Progress {
    label;
    totalEntries;
    totalBytes;
    entries = 0;
    bytes = 0;
    started = Date.now();
    timer;
    constructor(label, totalEntries, totalBytes, log, intervalMs = DEFAULT_PROGRESS_INTERVAL_MS) {
        this.label = label;
        this.totalEntries = totalEntries;
        this.totalBytes = totalBytes;
        if (log && intervalMs > 0) {
            // Silent while nothing is expected (a restore learns what it fetches in steps: see expect).
            this.timer = setInterval(() => {
                if (this.totalEntries > 0)
                    log(this.line(), this.snapshot());
            }, intervalMs);
            this.timer.unref();
        }
    }
    add(entries, bytes) {
        this.entries += entries;
        this.bytes += bytes;
    }
    /** More work planned: the totals grow by this much. */
    expect(entries, bytes) {
        this.totalEntries += entries;
        this.totalBytes += bytes;
    }
    elapsedMs() {
        return Date.now() - this.started;
    }
    snapshot() {
        return {
            label: this.label,
            entries: this.entries,
            totalEntries: this.totalEntries,
            bytes: this.bytes,
            totalBytes: this.totalBytes,
            elapsedMs: this.elapsedMs()
        };
    }
    line() {
        return (`${this.label}: ${this.entries}/${this.totalEntries} entries, ` +
            `${formatBytes(this.bytes)}/${formatBytes(this.totalBytes)}, ${formatRate(this.bytes, this.elapsedMs())}`);
    }
    stop() {
        if (this.timer)
            clearInterval(this.timer);
    }
}


/***/ }),

/***/ 9661:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  P: () => (/* binding */ restore)
});

// EXTERNAL MODULE: ./build/ncc-src/sync/entries.js
var sync_entries = __nccwpck_require__(1066);
// EXTERNAL MODULE: ./build/ncc-src/sync/failures.js
var sync_failures = __nccwpck_require__(1671);
// EXTERNAL MODULE: ./build/ncc-src/sync/options.js
var options = __nccwpck_require__(1380);
// EXTERNAL MODULE: ./build/ncc-src/sync/progress.js
var sync_progress = __nccwpck_require__(6995);
// EXTERNAL MODULE: ./build/ncc-src/store/limit.js
var limit = __nccwpck_require__(5629);
// EXTERNAL MODULE: ./build/ncc-src/sync/byte-budget.js
var byte_budget = __nccwpck_require__(8942);
;// CONCATENATED MODULE: ./build/ncc-src/sync/fetch.js



/**
 * Bytes of the entries being fetched and installed at once, by their listed sizes (an entry bigger
 * than this is fetched alone). With every GET held to its listed size, this bounds the memory of
 * the object path whatever the bucket sends.
 */
const ENTRY_BYTES_IN_FLIGHT = 256 * 1024 * 1024;
/**
 * An entry bigger than this is not restored, with a warning naming it: all its blobs are held in
 * memory until it is installed whole, so this is what one entry may cost. The same as the largest
 * entry a pack holds (packs/write.ts); the build compiles such an entry itself.
 */
const MAX_RESTORE_ENTRY_BYTES = ENTRY_BYTES_IN_FLIGHT;
async function downloadEntries(i) {
    const r = {
        restored: [],
        restoredEntries: 0,
        restoredBytes: 0,
        alreadyLocal: 0,
        vanished: 0,
        failed: 0
    };
    const remoteViews = new sync_entries/* SubViews */.pU(i.remote);
    const localViews = new sync_entries/* SubViews */.pU(i.local);
    const requests = new limit/* Limiter */.jG(i.concurrency);
    const budget = new byte_budget/* ByteBudget */.G(ENTRY_BYTES_IN_FLIGHT);
    await (0,limit/* forEachLimit */.Gm)(i.entries, i.concurrency, async (entry) => {
        if (entry.size > MAX_RESTORE_ENTRY_BYTES) {
            r.failed++;
            i.progress.add(1, 0);
            i.failures.warn(`not restoring ${i.namespace}/${(0,sync_entries/* entryId */.ub)(entry)}: its ${entry.size} bytes are over the ${MAX_RESTORE_ENTRY_BYTES} a restore holds in memory for one entry`);
            return;
        }
        let outcome;
        const held = await budget.acquire(entry.size);
        try {
            outcome = await fetchEntry(remoteViews.of(entry.namespace), localViews.of(entry.namespace), entry, requests);
        }
        catch (err) {
            r.failed++;
            i.progress.add(1, 0);
            i.failures.failed(`could not restore ${i.namespace}/${(0,sync_entries/* entryId */.ub)(entry)}`, err);
            return;
        }
        finally {
            budget.release(held);
        }
        i.failures.succeeded();
        i.progress.add(1, outcome === 'restored' ? entry.size : 0);
        if (outcome === 'restored') {
            r.restored.push(entry);
            r.restoredEntries++;
            r.restoredBytes += entry.size;
        }
        else if (outcome === 'present')
            r.alreadyLocal++;
        else
            r.vanished++;
    });
    return r;
}
/** Fetches every blob of one entry (in parallel, within the request limit), then installs it whole. */
async function fetchEntry(remote, local, entry, requests) {
    const settled = await Promise.allSettled(
    // Never more than the listing said: a bucket cannot grow a blob between listing and GET.
    entry.blobs.map(b => requests.run(() => remote.get(entry.key, b.name, { maxSize: b.size }))));
    const blobs = [];
    let missing = false;
    for (const [n, s] of settled.entries()) {
        if (s.status === 'rejected')
            throw s.reason;
        if (s.value === null)
            missing = true;
        else
            blobs.push({ name: entry.blobs[n].name, data: s.value });
    }
    if (missing)
        return 'vanished';
    return (await local.importEntry(entry.key, blobs, entry.mtime)) ? 'restored' : 'present';
}

// EXTERNAL MODULE: ./build/ncc-src/sync/manifest-entries.js
var manifest_entries = __nccwpck_require__(5052);
// EXTERNAL MODULE: ./build/ncc-src/store/lru-order.js
var lru_order = __nccwpck_require__(8270);
;// CONCATENATED MODULE: ./build/ncc-src/sync/plan.js


function planRestore(p) {
    const localIds = new Set(p.local.map(sync_entries/* entryId */.ub));
    const oldest = p.maxAgeMs > 0 ? p.now - p.maxAgeMs : -Infinity;
    let alreadyLocal = 0;
    let skippedForAge = 0;
    const leftOut = new Map();
    const candidates = p.local.map(entry => ({ entry, fetch: false }));
    for (const entry of p.remote) {
        if (localIds.has((0,sync_entries/* entryId */.ub)(entry)))
            alreadyLocal++;
        else if (entry.mtime.getTime() < oldest) {
            skippedForAge++;
            leftOut.set((0,sync_entries/* entryId */.ub)(entry), 'age');
        }
        else
            candidates.push({ entry, fetch: true });
    }
    // Exactly the reverse of the order a clean evicts in (lru-order.ts, ties included), so the entries
    // taken are the ones a clean to this budget would keep, whatever order the listings came in.
    candidates.sort((a, b) => (0,lru_order/* compareNewestFirst */.a)(a.entry, b.entry));
    const fetch = [];
    let used = 0;
    let full = false;
    let skippedForBudget = 0;
    for (const c of candidates) {
        // Once one entry does not fit, everything older stays out too: a smaller, older entry taken
        // in its place would be the first one a least-recently-used clean evicts anyway.
        if (!full && p.maxBytes > 0 && used + c.entry.size > p.maxBytes)
            full = true;
        if (full) {
            if (c.fetch) {
                skippedForBudget++;
                leftOut.set((0,sync_entries/* entryId */.ub)(c.entry), 'budget');
            }
            continue;
        }
        used += c.entry.size;
        if (c.fetch)
            fetch.push(c.entry);
    }
    return { fetch, alreadyLocal, skippedForBudget, skippedForAge, leftOut };
}

// EXTERNAL MODULE: ./build/ncc-src/sync/packs/namespace-packs.js + 1 modules
var namespace_packs = __nccwpck_require__(7796);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/census.js
var packs_census = __nccwpck_require__(6412);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/format.js
var format = __nccwpck_require__(6384);
;// CONCATENATED MODULE: ./build/ncc-src/sync/restore-namespace.js











function emptyFigures(namespace) {
    return {
        namespace,
        remoteEntries: 0,
        remoteBytes: 0,
        restoredEntries: 0,
        restoredBytes: 0,
        alreadyLocal: 0,
        skippedForBudget: 0,
        skippedForAge: 0,
        incompleteSkipped: 0,
        vanished: 0,
        failed: 0,
        durationMs: 0
    };
}
async function restoreNamespace(run) {
    const started = Date.now();
    const figures = emptyFigures(run.namespace);
    const packListing = run.packs
        ? (0,namespace_packs/* listNamespacePacks */.yL)(run.packs, run.namespace, run.failures, { catalog: true })
        : Promise.resolve(null);
    // Beside the pack listing, so it costs no round trip of its own.
    const census = run.packs
        ? (0,packs_census/* readCensus */.gM)(run.packs.bucket, (0,namespace_packs/* packPrefixFor */.tP)(run.packs, run.namespace))
        : Promise.resolve(null);
    let localList;
    try {
        localList = await run.local.list();
    }
    catch (err) {
        run.failures.warn(`could not list the local store ${run.local.dir()}: ${(0,sync_failures/* errorText */.kc)(err)}; not restoring ${run.namespace}`);
        await Promise.all([packListing, census]);
        return { figures: { ...figures, durationMs: Date.now() - started }, manifest: null, reached: true };
    }
    const listing = await packListing;
    const progress = new sync_progress/* Progress */.ke(`restore ${run.namespace}`, 0, 0, run.log, run.progressIntervalMs);
    try {
        const outcome = await restoreListed(run, listing, await census, localList, progress, figures);
        // For the job's save: what the pack listing showed (it went out at `started`).
        if (run.packs)
            await (0,namespace_packs/* keepListingRecord */.tU)(run.packs, run.namespace, listing, started);
        figures.durationMs = Date.now() - started;
        return outcome;
    }
    finally {
        progress.stop();
    }
}
async function restoreListed(run, listing, census, localList, progress, figures) {
    // Step 1: plan from the indexes.
    const packHeld = completeEntries(run.namespace, (0,namespace_packs/* packOnlyEntries */.Kp)(listing, []));
    const first = plan(run, packHeld, localList);
    progress.expect(first.fetch.length, sumSizes(first.fetch));
    const unreadable = (listing?.indexes ?? []).filter(i => !(0,format/* codecAvailable */.m6)(i.codec));
    if (unreadable.length > 0) {
        run.failures.warn(`${unreadable.length} pack(s) of ${run.namespace} are ${unreadable[0].codec}, which Node ${process.version} cannot read ` +
            `(zstd needs Node 22.15 or newer; the action runs on Node 24): their entries come as objects where the bucket has them`);
    }
    // The census says whether the packs hold everything; then the objects are not listed at all.
    const trust = run.packs ? (0,packs_census/* censusAllowsSkip */.b_)(census, listing, Date.now()) : null;
    if (listing) {
        run.log?.(`${run.namespace}: ${packHeld.length} entries in ${listing.indexes.length} pack(s), ` +
            `${localList.length} on disk; reading ${first.fetch.length} (${(0,sync_progress/* formatBytes */.z3)(sumSizes(first.fetch))}) ` +
            `from packs ` +
            (trust?.skip
                ? `(not listing ${run.remote.dir()}: at its last count, ${new Date(census.countedAt).toISOString()}, every entry was in a pack)`
                : `while ${run.remote.dir()} is listed${trust ? ` (${trust.why})` : ''}`));
    }
    // Step 2: stream the packs; list the objects once the first pack GET has been answered.
    const bucketTimes = new Map();
    const firstGet = new Gate();
    // With the listing skipped on a census that counted no objects at all, the packs are the only
    // copy: a lazy restore need not prove each kept chunk decodes (restoreFromPacks).
    const objectsMayHold = !(trust?.skip && census?.objects === 0);
    const firstPass = readFromPacks(run, listing, first.fetch, progress, bucketTimes, firstGet, objectsMayHold);
    void firstPass.finally(() => firstGet.open());
    let objects = null;
    if (trust?.skip) {
        // The pack GETs go out before the whole plan below takes the main thread (~20 ms for 3,000
        // entries): that CPU then runs while the first answer is on its way, not before it is asked for.
        await new Promise(resolve => setImmediate(resolve));
    }
    else {
        try {
            objects = await firstGet.opened.then(() => run.remote.list());
        }
        catch (err) {
            run.failures.warn(`could not list ${run.remote.dir()}: ${(0,sync_failures/* errorText */.kc)(err)}`);
            const p = await firstPass;
            addPackFigures(figures, p);
            return { figures, manifest: null, reached: (listing?.indexes.length ?? 0) > 0, listError: err };
        }
        for (const e of objects ?? [])
            bucketTimes.set((0,sync_entries/* entryId */.ub)(e), e.mtime);
    }
    // Step 3: the whole plan; what no pack holds comes as objects now, beside the packs.
    const whole = planWhole(run, listing, objects ?? [], localList, figures);
    const heldIds = new Set(packHeld.map(sync_entries/* entryId */.ub));
    const firstIds = new Set(first.fetch.map(sync_entries/* entryId */.ub));
    const asObjects = whole.plan.fetch.filter(e => !heldIds.has((0,sync_entries/* entryId */.ub)(e)));
    const fromPacksLater = whole.plan.fetch.filter(e => heldIds.has((0,sync_entries/* entryId */.ub)(e)) && !firstIds.has((0,sync_entries/* entryId */.ub)(e)));
    progress.expect(asObjects.length + fromPacksLater.length, sumSizes(asObjects) + sumSizes(fromPacksLater));
    run.log?.(`${run.namespace}: ${figures.remoteEntries} entries (${(0,sync_progress/* formatBytes */.z3)(figures.remoteBytes)}) in ` +
        (objects ? `${run.remote.dir()} and its packs` : 'the packs') +
        `; fetching ${asObjects.length} as objects` +
        (fromPacksLater.length > 0 ? `, ${fromPacksLater.length} more from packs` : '') +
        skipped(figures, whole.plan));
    const objectsNow = download(run, asObjects, progress);
    const p1 = await firstPass;
    const p2 = await readFromPacks(run, listing, fromPacksLater, progress, bucketTimes, null, true);
    // Step 4: objects for what the packs did not serve; the bucket's times on what they did.
    const served = new Set([...p1.served, ...p2.served]);
    const unserved = whole.plan.fetch.filter(e => heldIds.has((0,sync_entries/* entryId */.ub)(e)) && !served.has((0,sync_entries/* entryId */.ub)(e)));
    // Without a listing, which of them exist as objects is not known yet: the listing runs now,
    // only for this (a pack that failed mid-read, a codec this Node lacks).
    const fallbackObjects = objects ?? (unserved.length > 0 ? await listForFallback(run) : []);
    const objectIds = new Set(fallbackObjects.map(sync_entries/* entryId */.ub));
    // What packs alone hold and could not serve is not fetched as objects: there are none, and a
    // hostile index listing 100,000 made-up entries must not turn into 100,000 requests.
    const packOnlyUnserved = unserved.filter(e => !objectIds.has((0,sync_entries/* entryId */.ub)(e)));
    progress.add(packOnlyUnserved.length, 0);
    const d1 = await objectsNow;
    const d2 = await download(run, unserved.filter(e => objectIds.has((0,sync_entries/* entryId */.ub)(e))), progress);
    const fromPacks = await advanceTimes(run, [...p1.restored, ...p2.restored], bucketTimes);
    addPackFigures(figures, p1, p2);
    figures.restoredFromPacks = fromPacks.length;
    for (const d of [d1, d2]) {
        figures.restoredEntries += d.restoredEntries;
        figures.restoredBytes += d.restoredBytes;
        figures.alreadyLocal += d.alreadyLocal;
        figures.vanished += d.vanished;
        figures.failed += d.failed;
    }
    figures.failed += packOnlyUnserved.length;
    // Left out by the whole plan but installed by the first pass: restored, not skipped.
    for (const e of fromPacks) {
        const reason = whole.plan.leftOut.get((0,sync_entries/* entryId */.ub)(e));
        if (reason === 'budget')
            figures.skippedForBudget--;
        else if (reason === 'age')
            figures.skippedForAge--;
    }
    const restored = [...fromPacks, ...d1.restored, ...d2.restored];
    const manifest = namespaceManifest(whole.complete, localList, restored);
    if (objects && listing) {
        // What the save's census records: complete object entries that no pack holds (known only
        // when the packs were listed too).
        const completeObjects = completeEntries(run.namespace, objects);
        manifest.outsidePacks = completeObjects.filter(e => !heldIds.has((0,sync_entries/* entryId */.ub)(e))).length;
        manifest.objects = completeObjects.length;
    }
    else if (!objects) {
        manifest.remoteFrom = 'packs';
        // The save corrects the census it rests on when it writes objects the census says are not there.
        if (census)
            manifest.census = census;
    }
    return { figures, manifest, reached: true };
}
/** The object listing, taken only because a pack failed to serve entries; [] (warned) when it fails. */
async function listForFallback(run) {
    try {
        return await run.remote.list();
    }
    catch (err) {
        run.failures.warn(`could not list ${run.remote.dir()} for what the packs failed to serve: ${(0,sync_failures/* errorText */.kc)(err)}`);
        return [];
    }
}
/** The complete entries (an entry without `exit_code` or `metadata` under compile is never restored). */
function completeEntries(namespace, entries) {
    return entries.filter(e => (0,sync_entries/* isCompleteEntry */.KN)(namespace, e));
}
function plan(run, remote, local) {
    return planRestore({ remote, local, maxBytes: run.maxBytes, maxAgeMs: run.maxAge, now: Date.now() });
}
/** The plan over the bucket's objects and the entries only packs hold; fills the bucket figures. */
function planWhole(run, listing, objects, local, figures) {
    const all = [...objects, ...(0,namespace_packs/* packOnlyEntries */.Kp)(listing, objects)];
    const complete = completeEntries(run.namespace, all);
    const whole = plan(run, complete, local);
    figures.incompleteSkipped = all.length - complete.length;
    figures.remoteEntries = complete.length;
    figures.remoteBytes = sumSizes(complete);
    figures.alreadyLocal = whole.alreadyLocal;
    figures.skippedForBudget = whole.skippedForBudget;
    figures.skippedForAge = whole.skippedForAge;
    return { complete, plan: whole };
}
/**
 * Reads `entries` from the packs, installing each with the bucket's time when the object listing
 * has brought it by then. `firstGet` opens once the first pack GET has been answered.
 */
async function readFromPacks(run, listing, entries, progress, bucketTimes, firstGet, objectsMayHold) {
    if (!run.packs || !listing || entries.length === 0) {
        firstGet?.open();
        return { restored: [], served: new Set(), alreadyLocal: 0, packsRead: 0, bytesRead: 0, kept: 0 };
    }
    const packs = firstGet ? { ...run.packs, bucket: gated(run.packs.bucket, firstGet) } : run.packs;
    return (0,namespace_packs/* fetchFromPacks */.LA)({
        packs,
        namespace: run.namespace,
        listing,
        local: run.local,
        entries,
        progress,
        failures: run.failures,
        mtimeOf: e => newer(e.mtime, bucketTimes.get((0,sync_entries/* entryId */.ub)(e))),
        lazy: run.lazy,
        objectsMayHold
    });
}
function download(run, entries, progress) {
    return downloadEntries({
        namespace: run.namespace,
        remote: run.remote,
        local: run.local,
        entries,
        concurrency: run.concurrency,
        progress,
        failures: run.failures
    });
}
function addPackFigures(figures, ...passes) {
    for (const p of passes) {
        figures.restoredEntries += p.restored.length;
        figures.restoredBytes += sumSizes(p.restored);
        figures.alreadyLocal += p.alreadyLocal;
    }
    figures.restoredFromPacks = passes.reduce((n, p) => n + p.restored.length, 0);
    const kept = passes.reduce((n, p) => n + p.kept, 0);
    if (kept > 0)
        figures.keptPacked = kept;
}
/**
 * Entries installed from packs before the object listing brought their bucket time, which is
 * newer (a save refreshed them, or uploaded their objects after the entry's recorded time): their
 * newest blob gets the bucket's time, so local least-recently-used order stays the bucket's.
 */
async function advanceTimes(run, restored, bucketTimes) {
    const views = new sync_entries/* SubViews */.pU(run.local);
    const out = [];
    await (0,limit/* mapLimit */.sf)(restored, 16, async (e) => {
        const t = bucketTimes.get((0,sync_entries/* entryId */.ub)(e));
        const view = views.of(e.namespace);
        if (t === undefined || t.getTime() <= e.mtime.getTime() || !view.advanceTime) {
            out.push(e);
            return;
        }
        const blob = e.blobs.some(b => b.name === 'exit_code') ? 'exit_code' : e.blobs[0].name;
        try {
            if (await view.advanceTime(e.key, blob, t)) {
                out.push({ ...e, mtime: t });
                return;
            }
        }
        catch {
            // The entry keeps the pack's time: only its place in the local LRU order is older.
        }
        out.push(e);
    });
    return out;
}
function newer(a, b) {
    return b !== undefined && b.getTime() > a.getTime() ? b : a;
}
function sumSizes(entries) {
    return entries.reduce((s, e) => s + e.size, 0);
}
function skipped(f, p) {
    const parts = [];
    if (p.alreadyLocal > 0)
        parts.push(`${p.alreadyLocal} already on disk`);
    if (p.skippedForBudget > 0)
        parts.push(`${p.skippedForBudget} over the budget`);
    if (p.skippedForAge > 0)
        parts.push(`${p.skippedForAge} older than max-age`);
    if (f.incompleteSkipped > 0)
        parts.push(`${f.incompleteSkipped} incomplete`);
    return parts.length > 0 ? `; skipping ${parts.join(', ')}` : '';
}
/**
 * The bucket's complete entries with their times, and what is on disk now: the entries that were
 * there plus those just fetched (with the time they were installed with).
 */
function namespaceManifest(remote, localBefore, restored) {
    const known = new Map();
    for (const e of remote)
        known.set((0,sync_entries/* entryId */.ub)(e), { remote: e.mtime.getTime() });
    for (const e of [...localBefore, ...restored]) {
        const id = (0,sync_entries/* entryId */.ub)(e);
        const k = known.get(id);
        if (k?.local !== undefined)
            continue;
        known.set(id, { ...k, local: e.mtime.getTime(), size: e.size });
    }
    return { entries: manifest_entries/* ManifestEntries */.K.from(known) };
}
/** Opens once; `opened` resolves then. */
class Gate {
    open;
    opened = new Promise(resolve => (this.open = resolve));
}
/** The pack bucket, opening `gate` once its first GET has been answered (or has failed). */
function gated(bucket, gate) {
    return {
        getStream: async (key, range) => {
            try {
                return await bucket.getStream(key, range);
            }
            finally {
                gate.open();
            }
        },
        put: (key, body) => bucket.put(key, body),
        list: prefix => bucket.list(prefix),
        delete: keys => bucket.delete(keys)
    };
}

;// CONCATENATED MODULE: ./build/ncc-src/sync/restore.js
/**
 * Restore (the action's pre step): fill the disk store from the bucket, namespace by namespace,
 * newest entries first up to the local budget, and record what was where (the manifest) so the
 * post step knows what is new without listing the bucket again. Each namespace reads its packs
 * first, from their indexes, and lists the per-object layout beside them (restore-namespace.ts).
 */





/**
 * Restores every namespace. Failed entries are counted and warned about; throws
 * SyncUnavailableError when the bucket cannot be used at all (no namespace could be listed, or
 * the first transfers all failed), and InvalidInputError for bad options.
 */
async function restore(remote, local, o) {
    const namespaces = (0,options/* checkNamespaces */.J9)(o.namespaces);
    const maxBytes = (0,options/* checkLimit */.ab)('maxBytes', o.maxBytes);
    const maxAge = (0,options/* checkLimit */.ab)('maxAge', o.maxAge ?? 0);
    const concurrency = (0,options/* checkCount */.wE)('concurrency', o.concurrency, 1);
    const failures = new sync_failures/* Failures */.oo(`restore from ${remote.dir()}`, [], o.log);
    const manifest = { version: 2, restoredAt: new Date().toISOString(), namespaces: {} };
    const results = [];
    let reached = 0;
    let lastListError;
    let lazy = o.install === 'lazy' && o.packs !== undefined && local.beginDeferred !== undefined;
    if (lazy) {
        try {
            await local.beginDeferred();
        }
        catch (err) {
            failures.warn(`cannot keep packs for a lazy install (${(0,sync_failures/* errorText */.kc)(err)}); installing every entry now`);
            lazy = false;
        }
    }
    try {
        await restoreEach();
    }
    finally {
        if (lazy) {
            try {
                await local.finishDeferred?.();
            }
            catch (err) {
                // The index is not there, so no entry is found kept: those entries are misses this job.
                failures.warn(`could not write the index of the packs kept for a lazy install: ${(0,sync_failures/* errorText */.kc)(err)}`);
                for (const r of results) {
                    r.restoredEntries -= r.keptPacked ?? 0;
                    r.failed += r.keptPacked ?? 0;
                    r.keptPacked = 0;
                }
            }
        }
    }
    /**
     * Namespaces side by side, as the save does: the round trips of one (its pack listing, census and
     * catalog, its listing of objects) overlap the other's download, where one after the other the
     * job's small `manifests` namespace cost the restore its round trips after `compile` was done.
     * Nested ones (`compile` and `compile/local`) hold the same entries, and go one after the other.
     * Results, the manifest and the log lines keep the namespaces' order.
     */
    async function restoreEach() {
        const one = (ns) => restoreNamespace({
            namespace: ns,
            remote: (0,sync_entries/* namespaceView */.nj)(remote, ns),
            local: (0,sync_entries/* namespaceView */.nj)(local, ns),
            maxBytes,
            maxAge,
            concurrency,
            packs: o.packs,
            lazy: lazy && !(o.eagerNamespaces ?? []).includes(ns),
            failures,
            log: o.log,
            progressIntervalMs: o.progressIntervalMs
        });
        const take = (ns, outcome) => {
            results.push(outcome.figures);
            if (outcome.reached)
                reached++;
            if (outcome.listError !== undefined)
                lastListError = outcome.listError;
            if (outcome.manifest)
                manifest.namespaces[ns] = outcome.manifest;
            logRestored(outcome.figures, o.log);
        };
        const nested = namespaces.some(a => namespaces.some(b => b.startsWith(`${a}/`)));
        if (nested) {
            for (const ns of namespaces)
                take(ns, await one(ns));
            return;
        }
        const outcomes = await Promise.allSettled(namespaces.map(one));
        outcomes.forEach((r, i) => {
            if (r.status === 'fulfilled')
                take(namespaces[i], r.value);
        });
        const failed = outcomes.find(r => r.status === 'rejected');
        if (failed)
            throw failed.reason;
    }
    if (reached === 0 && lastListError !== undefined) {
        throw new sync_failures/* SyncUnavailableError */.W5(`cannot read the cache bucket ${remote.dir()}: ${(0,sync_failures/* errorText */.kc)(lastListError)}`, { cause: lastListError });
    }
    failures.assertNotTotal();
    return { namespaces: results, manifest, warnings: failures.finish() };
}
function logRestored(r, log) {
    log?.(`${r.namespace}: restored ${r.restoredEntries} entries (${(0,sync_progress/* formatBytes */.z3)(r.restoredBytes)}) in ` +
        `${(0,sync_progress/* formatDuration */.a3)(r.durationMs)}, ${(0,sync_progress/* formatRate */.CE)(r.restoredBytes, r.durationMs)}` +
        (r.restoredFromPacks ? ` (${r.restoredFromPacks} from packs)` : '') +
        (r.keptPacked ? `, ${r.keptPacked} kept packed until a compile asks for them` : '') +
        (r.failed > 0 ? `; ${r.failed} failed` : '') +
        (r.vanished > 0 ? `; ${r.vanished} disappeared from the bucket meanwhile` : ''));
}


/***/ }),

/***/ 3019:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  kP: () => (/* binding */ emptyNamespaceSave),
  UN: () => (/* binding */ save)
});

// UNUSED EXPORTS: DEFAULT_REFRESH_OLDER_THAN_MS, REPACK_AFTER_MS

// EXTERNAL MODULE: ./build/ncc-src/store/journal.js
var journal = __nccwpck_require__(2153);
// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __nccwpck_require__(3233);
// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __nccwpck_require__(2642);
// EXTERNAL MODULE: ./build/ncc-src/sync/entries.js
var sync_entries = __nccwpck_require__(1066);
// EXTERNAL MODULE: ./build/ncc-src/sync/failures.js
var sync_failures = __nccwpck_require__(1671);
// EXTERNAL MODULE: ./build/ncc-src/store/errors.js
var errors = __nccwpck_require__(6107);
// EXTERNAL MODULE: ./build/ncc-src/sync/options.js
var options = __nccwpck_require__(1380);
// EXTERNAL MODULE: ./build/ncc-src/store/limit.js
var limit = __nccwpck_require__(5629);
// EXTERNAL MODULE: ./build/ncc-src/sync/progress.js
var sync_progress = __nccwpck_require__(6995);
;// CONCATENATED MODULE: ./build/ncc-src/sync/upload.js



async function uploadEntries(i) {
    const r = {
        uploadedEntries: 0,
        uploadedBytes: 0,
        alreadyRemote: 0,
        replaced: 0,
        vanished: 0,
        unsafe: 0,
        failed: 0,
        failedIds: []
    };
    const localViews = new sync_entries/* SubViews */.pU(i.local);
    const remoteViews = new sync_entries/* SubViews */.pU(i.remote);
    const requests = new limit/* Limiter */.jG(i.concurrency);
    await (0,limit/* forEachLimit */.Gm)(i.entries, i.concurrency, async (entry) => {
        let outcome;
        try {
            outcome = await uploadEntry(localViews.of(entry.namespace), remoteViews.of(entry.namespace), entry, requests);
        }
        catch (err) {
            i.progress.add(1, 0);
            if (err instanceof safe_fs/* UnsafePathError */.k0) {
                r.unsafe++;
                i.failures.warn(`not uploading ${i.namespace}/${(0,sync_entries/* entryId */.ub)(entry)}: ${err.message}`);
                return;
            }
            r.failed++;
            r.failedIds.push((0,sync_entries/* entryId */.ub)(entry));
            i.failures.failed(`could not upload ${i.namespace}/${(0,sync_entries/* entryId */.ub)(entry)}`, err);
            return;
        }
        if (outcome === 'vanished') {
            r.vanished++;
            i.progress.add(1, 0);
            return;
        }
        i.failures.succeeded();
        if (!outcome.completed) {
            r.alreadyRemote++;
            i.progress.add(1, 0);
        }
        else {
            r.uploadedEntries++;
            if (entry.replace)
                r.replaced++;
            r.uploadedBytes += outcome.bytes;
            i.progress.add(1, outcome.bytes);
        }
    });
    return r;
}
/**
 * Reads the whole entry first (so what goes up is one consistent entry, and a blob evicted in the
 * meantime stops the upload before anything is sent), then puts every blob but `metadata` in
 * parallel, and `metadata` only once all of them are stored: a reader never sees a metadata
 * object without the rest of its entry.
 */
async function uploadEntry(local, remote, entry, requests) {
    const names = (0,sync_entries/* uploadOrder */.mW)(entry.blobs.map(b => b.name));
    const blobs = [];
    for (const name of names) {
        // The disk store opens every blob O_NOFOLLOW|O_NONBLOCK and reads it only when it is a
        // regular file (UnsafePathError otherwise): nothing reached through a symlink goes up.
        const data = await local.get(entry.key, name);
        if (data === null)
            return 'vanished';
        blobs.push({ name, data });
    }
    const last = blobs[blobs.length - 1]?.name === 'metadata' ? blobs.pop() : undefined;
    // A replacement writes what the bucket lacks or holds differently, and `metadata` always (last).
    const inBucket = new Map((entry.replace ?? []).map(b => [b.name, b.size]));
    const toWrite = entry.replace ? blobs.filter(b => inBucket.get(b.name) !== b.data.length) : blobs;
    const ifAbsent = !entry.replace;
    let written = 0;
    let bytes = 0;
    const put = async (b) => {
        const stored = await requests.run(() => remote.put(entry.key, b.name, b.data, { ifAbsent }));
        if (stored === false)
            return false;
        written++;
        bytes += b.data.length;
        return true;
    };
    const settled = await Promise.allSettled(toWrite.map(put));
    for (const s of settled)
        if (s.status === 'rejected')
            throw s.reason;
    if (last)
        return { completed: await put(last), bytes };
    return { completed: written > 0, bytes };
}

// EXTERNAL MODULE: ./build/ncc-src/sync/packs/namespace-packs.js + 1 modules
var namespace_packs = __nccwpck_require__(7796);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/census.js
var packs_census = __nccwpck_require__(6412);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/format.js
var format = __nccwpck_require__(6384);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/prepack.js + 1 modules
var prepack = __nccwpck_require__(2165);
;// CONCATENATED MODULE: ./build/ncc-src/sync/packs/prepacked.js
/**
 * The save's side of prepacking (prepack.ts): the chunks packed ahead in the state directory, each
 * checked like a download before the save may send it, and the entries they hold.
 *
 * The state directory is as untrusted as the bucket: an index is decoded and checked as one from
 * the bucket (its checksum, the schema: every entry inside its chunk's raw length; the data
 * object's size and magic), and each chunk's bytes against the sha256 of its compressed bytes the
 * index records (`zsha256`; on the thread pool for a large pack), before the save counts on it: what a reader
 * checks first, and what proves the bytes are the ones the prepacking compressed (a pack is
 * written through a temporary name and a rename, so a cut-off write leaves no pack at all). A pack
 * whose index drops an entry is left whole (its chunks hold bytes nobody names); a chunk that fails
 * is left out, and its entries are read from the cache directory as if nothing had been
 * prepacked. Whoever can rewrite a pack and its index consistently can as well rewrite the entries
 * in the cache directory, which are what the save would send otherwise: nothing here is trusted
 * more than that.
 */



/**
 * What the save reads of the prepacked folder at most: the prepacking stops at PREPACK_MAX_RAW_BYTES
 * of entries (less compressed), in packs of a few MiB; a folder with more was not filled by it.
 */
const MAX_PREPACKED_BYTES = prepack/* PREPACK_MAX_RAW_BYTES */.LG;
const MAX_PREPACKED_PACKS = 256;
/** The checked chunks of one journal's prepacked packs in `codec`. Never throws. */
async function readPrepacked(location, journalId, codec) {
    const bucket = (0,prepack/* prepackedBucket */.qK)(location, journalId);
    const out = { chunks: [], packIds: [], skipped: [], bucket };
    let listed;
    try {
        listed = await bucket.list('v1/');
    }
    catch {
        return out;
    }
    // What the listing shows of each pack; a build could plant any number of files of any size.
    const sizes = new Map(listed.map(o => [o.key, o.size]));
    const checks = [];
    let bytes = 0;
    for (const o of listed) {
        const k = (0,format/* parsePackKey */.s3)('', o.key);
        if (k?.kind !== 'index')
            continue;
        bytes += o.size + (sizes.get((0,format/* packDataKey */.r_)('', k.id)) ?? 0);
        if (checks.length >= MAX_PREPACKED_PACKS || bytes > MAX_PREPACKED_BYTES) {
            out.skipped.push(`${k.id} and the packs after it: over ${MAX_PREPACKED_PACKS} packs or ${MAX_PREPACKED_BYTES} bytes`);
            break;
        }
        checks.push(readPack(bucket, k.id, codec, out));
    }
    await Promise.all(checks);
    return out;
}
async function readPack(bucket, id, codec, out) {
    const indexBytes = bucket.read((0,format/* packIndexKey */.Pu)('', id));
    const data = bucket.read((0,format/* packDataKey */.r_)('', id));
    if (indexBytes === null || data === null) {
        out.skipped.push(`${id}: its ${indexBytes === null ? 'index' : 'data'} is not there`);
        return;
    }
    let decoded;
    try {
        decoded = (0,format/* decodeIndexChecked */.YG)(indexBytes, id);
    }
    catch (err) {
        out.skipped.push(`${id}: ${err.message}`);
        return;
    }
    const { index, dropped } = decoded;
    // Read whole: once the save has sent what it wanted of it, it goes (removePrepacked).
    out.packIds.push(id);
    if (dropped.total > 0)
        return void out.skipped.push(`${id}: its index drops ${dropped.total} entries`);
    if (index.codec !== codec)
        return void out.skipped.push(`${id}: in ${index.codec}, the save writes ${codec}`);
    if (data.length !== index.packBytes || !data.subarray(0, format/* PACK_MAGIC */.OE.length).equals(format/* PACK_MAGIC */.OE)) {
        return void out.skipped.push(`${id}: its data is not the ${index.packBytes} bytes its index names`);
    }
    const byChunk = new Map();
    for (const e of index.entries) {
        const list = byChunk.get(e.chunk) ?? [];
        list.push({ ...e, chunk: 0 });
        byChunk.set(e.chunk, list);
    }
    const onThreadPool = data.length > HASH_INLINE_MAX;
    await Promise.all(index.chunks.map(async (c, i) => {
        const entries = byChunk.get(i);
        if (!entries)
            return;
        const compressed = data.subarray(c.offset, c.offset + c.length);
        if (c.zsha256 === undefined)
            return void out.skipped.push(`${id} chunk ${i}: no checksum of its bytes`);
        const digest = onThreadPool ? await sha256Hex(compressed) : (0,format/* sha256 */.sc)(compressed);
        if (digest !== c.zsha256) {
            return void out.skipped.push(`${id} chunk ${i}: its bytes fail their checksum`);
        }
        out.chunks.push({ compressed, rawLength: c.rawLength, sha256: c.sha256, zsha256: digest, entries });
    }));
}
/**
 * A pack up to this size is hashed on the main thread: a warm save's pack of a few MiB takes about
 * a millisecond there, and the thread pool's first digest cost several (WebCrypto's set-up, and a
 * wait behind the save's other work there). Larger ones go to the thread pool.
 */
const HASH_INLINE_MAX = 8 * 1024 * 1024;
/** sha256 on the thread pool (WebCrypto's digest runs there), not on the save's main thread. */
async function sha256Hex(data) {
    return Buffer.from(await external_node_crypto_.webcrypto.subtle.digest('SHA-256', data)).toString('hex');
}
/**
 * The chunks a namespace's save can send as they are: every entry in it below `namespace`
 * (rebased to it) and wanted, each chunk once. `wanted` holds entry ids relative to the namespace.
 */
function chunksFor(chunks, namespace, wanted) {
    const below = `${namespace}/`;
    const taken = new Set();
    const out = [];
    for (const c of chunks) {
        const rebased = [];
        const ids = new Set();
        for (const e of c.entries) {
            const ns = e.ns === namespace ? '' : e.ns.startsWith(below) ? e.ns.slice(below.length) : null;
            if (ns === null)
                break;
            const id = ns === '' ? e.key : `${ns}/${e.key}`;
            if (!wanted.has(id) || taken.has(id) || ids.has(id))
                break;
            ids.add(id);
            rebased.push({ ...e, ns });
        }
        if (rebased.length !== c.entries.length)
            continue;
        for (const id of ids)
            taken.add(id);
        out.push({ ...c, entries: rebased });
    }
    return out;
}
/** Removes the packs read; what fails to go is removed with the folder by the next restore's journal. */
async function removePrepacked(p) {
    const keys = p.packIds.flatMap(id => [(0,format/* packIndexKey */.Pu)('', id), (0,format/* packDataKey */.r_)('', id)]);
    await p.bucket.delete(keys).catch(() => undefined);
}

// EXTERNAL MODULE: ./build/ncc-src/sync/packs/listing-record.js
var listing_record = __nccwpck_require__(5649);
;// CONCATENATED MODULE: ./build/ncc-src/sync/save.js















const DEFAULT_REFRESH_OLDER_THAN_MS = (/* unused pure expression or super */ null && (24 * 60 * 60 * 1000));
/** How old an entry's pack time may get before a save that used the entry packs it again. */
const REPACK_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
/** The requests that write a pack, sent together: its data, its index and the catalog. */
const PUTS_OF_A_PACK = 3;
/** Entries checked on disk at once when the journal names them (a readdir and an lstat per blob each). */
const ENTRY_CHECKS_IN_FLIGHT = 16;
const NONE = { entries: 0, bytes: 0 };
/**
 * Saves every namespace. Failed entries are counted and warned about; throws SyncUnavailableError
 * when the bucket cannot be used at all (every namespace failed to reach it, or the first
 * transfers all failed), and InvalidInputError for bad options.
 */
async function save(local, remote, o) {
    const failures = new sync_failures/* Failures */.oo(`save to ${remote.dir()}`, [], o.log);
    // What the disk store skips under the cache directory (planted symlinks, FIFOs, …) becomes a
    // warning of this save, named by path (and is not reported a second time by the store).
    const release = local.captureUnsafe?.(f => failures.warn(f.message));
    try {
        const s = await prepare(local, remote, o, failures);
        const results = await saveNamespaces(s);
        failures.assertNotTotal();
        const keep = journalLinesToKeep(s);
        // Once every entry the journal named is saved, what was packed ahead of it has done its work
        // (removed beside the journal's update: a failed update only makes the next save walk).
        const prepacked = await s.prepacked;
        await Promise.all([
            advanceJournal(s, keep),
            prepacked && keep.length === 0 ? removePrepacked(prepacked) : undefined
        ]);
        return { namespaces: results, warnings: failures.finish() };
    }
    finally {
        release?.();
    }
}
/**
 * Namespaces side by side, so that the round trips of one (its pack listing, its PUTs) overlap the
 * other's work: a job's `manifests` namespace cost a warm save ~40 ms after `compile` was done.
 * They share nothing but the journal's lines (read once, before) and the warnings. Nested ones
 * (`compile` and `compile/local`) hold the same entries, and go one after the other as before.
 */
async function saveNamespaces(s) {
    const nested = s.namespaces.some(a => s.namespaces.some(b => b.startsWith(`${a}/`)));
    if (!nested)
        return Promise.all(s.namespaces.map(ns => saveNamespace(s, ns)));
    const results = [];
    for (const ns of s.namespaces)
        results.push(await saveNamespace(s, ns));
    return results;
}
async function prepare(local, remote, o, failures) {
    const mode = o.uploadMode ?? (o.packs ? 'auto' : 'objects');
    if (mode !== 'objects' && !o.packs) {
        throw new errors/* InvalidInputError */.oC(`upload mode ${mode} needs the pack settings (packs); got none`);
    }
    const s = {
        local,
        remote,
        o,
        failures,
        namespaces: (0,options/* checkNamespaces */.J9)(o.namespaces),
        concurrency: (0,options/* checkCount */.wE)('concurrency', o.concurrency, 1),
        localMaxSize: (0,options/* checkLimit */.ab)('localMaxSize', o.localMaxSize),
        localMaxAge: (0,options/* checkLimit */.ab)('localMaxAge', o.localMaxAge),
        remoteMaxSize: (0,options/* checkLimit */.ab)('remoteMaxSize', o.remoteMaxSize),
        remoteMaxAge: (0,options/* checkLimit */.ab)('remoteMaxAge', o.remoteMaxAge),
        refreshOlderThan: (0,options/* checkNumber */.ws)('refreshOlderThanMs', o.refreshOlderThanMs),
        restoredAt: o.manifest ? Date.parse(o.manifest.restoredAt) : NaN,
        mode,
        journal: null,
        keepInJournal: [],
        packListings: new Map(),
        catalogs: new Map(),
        unlisted: new Map(),
        prepacked: Promise.resolve(null),
        writable: onceHandled(o.writable)
    };
    // The pack listings go out before anything local is read: they are a round trip or two away,
    // and the pack this save writes waits for them (uploadPacks). A namespace the job's restore
    // listed, whose save can only add a pack, is saved from that listing's record instead.
    for (const ns of s.namespaces) {
        if (!s.o.packs)
            continue;
        if (mode !== 'objects' && fromRestoreRecord(s, ns))
            continue;
        if (mode !== 'objects' || !s.o.manifest?.namespaces[ns])
            startPackListing(s, ns);
    }
    // A namespace saved from the record sends its pack, index and catalog together as soon as the
    // pack is built, with no listing before them to open connections: they are opened now.
    if (s.unlisted.size > 0)
        remote.preconnect?.(PUTS_OF_A_PACK * s.unlisted.size);
    // The access check goes out now, beside the reads, unless the record stands in for it everywhere.
    if (s.unlisted.size < s.namespaces.length)
        void s.writable();
    s.journal = await readJournal(s);
    s.prepacked = readPrepackedFor(s);
    return s;
}
/** `start` run on the first call only, its promise kept (and handled, so that one never awaited cannot go unhandled). */
function onceHandled(start) {
    let started;
    return () => {
        if (!started) {
            started = start?.() ?? Promise.resolve();
            started.catch(() => undefined);
        }
        return started;
    };
}
/**
 * The chunks the compile server (or `compile-cache prepack`) packed ahead from this journal, read
 * and checked on the thread pool while the save reads the disk store. Only with the journal (the
 * prepacked packs are the journal's) and packs to write.
 */
async function readPrepackedFor(s) {
    if (!s.journal || !s.o.packs || s.mode === 'objects')
        return null;
    try {
        const p = await readPrepacked(s.journal.journal.location, s.journal.read.id, s.o.packs.codec ?? (0,format/* defaultCodec */.oJ)());
        for (const why of p.skipped)
            s.o.log?.(`not using a prepacked pack: ${why}`);
        return p.packIds.length === 0 ? null : p;
    }
    catch (err) {
        // Only a shortcut: the entries are read from the cache directory as without it.
        s.o.log?.(`not using the prepacked packs: ${(0,sync_failures/* errorText */.kc)(err)}`);
        return null;
    }
}
/** The prepacked chunks a namespace's pack can take as they are, for these entries. */
async function prepackedChunks(s, ns, entries) {
    const p = await s.prepacked;
    return p ? chunksFor(p.chunks, ns, new Set(entries.map(sync_entries/* entryId */.ub))) : [];
}
/** Lists the namespace's packs (and, when it writes packs, makes its catalog from the listing). */
function startPackListing(s, ns) {
    const packs = s.o.packs;
    s.unlisted.delete(ns);
    // The bucket's catalog is read beside the listing unless the job's restore read it.
    const recorded = (0,namespace_packs/* restoreSawCatalog */.t2)(packs, ns);
    const listing = (0,namespace_packs/* listNamespacePacks */.yL)(packs, ns, s.failures, { catalog: recorded === null });
    s.packListings.set(ns, listing);
    if (s.mode !== 'objects') {
        s.catalogs.set(ns, listing.then(l => (l ? new namespace_packs/* NamespaceCatalog */.x5(packs, ns, l.indexes, l.catalog ?? recorded) : null)));
    }
}
/**
 * Sets the namespace up to be saved without a pack listing, from the record its restore left
 * (packs/listing-record.ts), when that can only differ from a listing in what costs requests:
 * the restore planned from the packs alone (so the new entries go in a pack), the bucket is not
 * pruned (that needs the listing), the record is this job's and recent, the upkeep would leave
 * its packs and one more as they are, and every index copy is at hand for the catalog (one that
 * fails its check is left out of the catalog, which only costs restores a GET). False
 * otherwise (the namespace is listed). What the journal says later can still send it back to the
 * listing (saveStock).
 */
function fromRestoreRecord(s, ns) {
    const packs = s.o.packs;
    const m = s.o.manifest?.namespaces[ns];
    if (!m || m.remoteFrom !== 'packs' || (0,namespace_packs/* resolveUploadMode */.J_)(s.mode, 0) !== 'packs')
        return false;
    if (s.remoteMaxSize > 0 || s.remoteMaxAge > 0 || !packs.indexCache)
        return false;
    const prefix = (0,namespace_packs/* packPrefixFor */.tP)(packs, ns);
    const record = (0,listing_record/* parseListingRecord */.vT)(prefix, packs.indexCache.readListingRecord(prefix));
    const now = Date.now();
    if (!record || record.listedAt < s.restoredAt || record.listedAt > now)
        return false;
    if (now - record.listedAt > listing_record/* LISTING_RECORD_MAX_AGE_MS */.dA)
        return false;
    if (!(0,listing_record/* upkeepIdleWithOneMore */.oF)(record, packs.targetPackBytes))
        return false;
    const copies = (0,listing_record/* recordedCopies */.Qn)(packs.indexCache, record);
    if (!copies)
        return false;
    s.unlisted.set(ns, record);
    const held = (0,namespace_packs/* restoreSawCatalog */.t2)(packs, ns);
    s.catalogs.set(ns, Promise.resolve(new namespace_packs/* NamespaceCatalog */.x5(packs, ns, () => (0,listing_record/* catalogPacksOf */.PU)(copies), held)));
    return true;
}
/**
 * The journal's lines since the last save, or null (said in the log) when it cannot be trusted to
 * name every entry written since the restore: none, unreadable or over its cap, no manifest, or
 * a journal started after the restore (a restore that was not ours, or an older manifest).
 */
async function readJournal(s) {
    const journal = s.o.useJournal === false ? null : (s.local.entryJournal?.() ?? null);
    if (!journal || !s.local.entryInfo)
        return null;
    const state = await journal.read();
    let why;
    if (!state.usable)
        why = state.reason;
    else if (!s.o.manifest)
        why = 'no restore manifest';
    else if (state.read.startedAt > s.restoredAt)
        why = 'the journal was started after the restore';
    if (why !== undefined || !state.usable) {
        s.o.log?.(`not using the journal of written entries (${why}): walking the disk store`);
        return null;
    }
    return { journal, read: state.read };
}
/** The journal's lines the next save must see: what this one could not upload, and other namespaces'. */
function journalLinesToKeep(s) {
    if (!s.journal)
        return [];
    const ours = new Set();
    for (const ns of s.namespaces) {
        for (const line of s.journal.read.lines)
            if (relativeId(line, ns))
                ours.add(line);
    }
    // Entries of namespaces this save does not sync stay for a save that does.
    return [...s.keepInJournal, ...s.journal.read.lines.filter(l => !ours.has(l))];
}
/** Moves the journal past what this save read; the lines in `keep` stay for the next one. */
async function advanceJournal(s, keep) {
    if (!s.journal)
        return;
    try {
        await s.journal.journal.advance(s.journal.read, keep);
    }
    catch (err) {
        s.failures.warn(`could not update the journal of written entries: ${(0,sync_failures/* errorText */.kc)(err)}; the next save walks`);
    }
}
/** A namespace's save figures before anything is done: what a clean-only save fills in too. */
function emptyNamespaceSave(namespace) {
    return {
        namespace,
        sizeBefore: { entries: 0, bytes: 0 },
        sizeAfter: { entries: 0, bytes: 0 },
        evictedLocal: { bySize: NONE, byAge: NONE },
        uploadedEntries: 0,
        uploadedBytes: 0,
        alreadyRemote: 0,
        incompleteSkipped: 0,
        refreshedRemote: 0,
        evictedRemote: null,
        remoteSizeAfter: null,
        failed: 0,
        durationMs: 0,
        replacedRemote: 0
    };
}
async function saveNamespace(s, ns) {
    const started = Date.now();
    const r = emptyNamespaceSave(ns);
    const stock = await takeLocalStock(s, ns, r);
    try {
        if (stock)
            await saveStock(s, ns, stock, r);
        else
            keepJournaled(s, ns);
    }
    finally {
        // The sweep ran beside the rest (LocalStock.sweep); the namespace is saved when it is done.
        await stock?.sweep?.();
    }
    r.durationMs = Date.now() - started;
    if (stock && r.uploadedAs) {
        s.o.log?.(`${ns}: uploaded ${r.uploadedEntries} entries (${(0,sync_progress/* formatBytes */.z3)(r.uploadedBytes)}) in ` +
            `${(0,sync_progress/* formatDuration */.a3)(r.durationMs)}, ${(0,sync_progress/* formatRate */.CE)(r.uploadedBytes, r.durationMs)}` +
            (r.replacedRemote ? `; replaced ${r.replacedRemote} unusable in the bucket` : '') +
            (r.alreadyRemote > 0 ? `; ${r.alreadyRemote} were in the bucket already` : '') +
            (r.refreshedRemote > 0 ? `; refreshed the bucket time of ${r.refreshedRemote} used entries` : '') +
            (r.evictedRemote ? `; pruned from the bucket: ${evictionParts(r.evictedRemote) || 'nothing'}` : '') +
            (r.failed > 0 ? `; ${r.failed} failed` : ''));
    }
    return r;
}
/** Steps 2 to 6 for the local entries of step 1. */
async function saveStock(s, ns, stock, r) {
    // The pack listing (started in prepare) runs beside the local step: the save needs it to skip
    // what packs hold, to keep the packs bounded, and without a manifest, to see pack-only entries.
    const usesPacks = s.o.packs !== undefined && s.mode !== 'objects';
    let packListing = s.packListings.get(ns);
    const bucket = await bucketEntries(s, ns, packListing, r);
    if (!bucket) {
        keepJournaled(s, ns);
        return;
    }
    const mode = (0,namespace_packs/* resolveUploadMode */.J_)(s.mode, bucket.outsidePacks);
    r.uploadedAs = mode;
    const plan = await planUploads(s, ns, stock, bucket.times, r);
    // The restore's record stands in for a listing only while this save just adds a pack of new
    // entries: an entry to replace or to pack again changes what the older packs hold (upkeep).
    if (s.unlisted.has(ns)) {
        const why = plan.toUpload.some(e => e.replace)
            ? 'entries in the bucket are replaced'
            : staleUsed(s, stock, bucket.times, id => bucket.times.get(id)).length > 0
                ? 'entries are due to be packed again'
                : undefined;
        if (why) {
            s.o.log?.(`${ns}: listing the packs (${why})`);
            startPackListing(s, ns);
            packListing = s.packListings.get(ns);
        }
        else {
            const record = s.unlisted.get(ns);
            s.o.log?.(`${ns}: writing without listing the packs: this job's restore listed them ` +
                `${(0,sync_progress/* formatDuration */.a3)(Date.now() - record.listedAt)} ago (${record.packs.length} packs, nothing to merge or prune)`);
        }
    }
    const unlisted = s.unlisted.has(ns);
    // The sweep starts as the pack goes out (LocalStock.sweep), or now when no pack is written.
    if (mode === 'objects' || plan.toUpload.length === 0)
        void stock.sweep?.();
    const sending = stock.sweep;
    const early = mode === 'objects' ? undefined : buildEarly(s, ns, plan.toUpload, packListing, sending);
    let upload;
    let repack = [];
    try {
        if (mode !== 'objects')
            repack = await staleInPacks(s, ns, stock, bucket.times, packListing);
        // Everything before this point only read the bucket; from here on the save writes to it. A pack
        // listing that came back proves what the access check would (the bucket is there and these
        // credentials list it), and so does the restore's record of one in this job; the first write
        // waits for the check only without either: the check was the slower of the two requests in
        // some warm saves here, by up to 50 ms.
        if (!unlisted && !(packListing && (await packListing)))
            await s.writable();
        upload = await uploadNew(s, ns, mode, plan.toUpload, repack, packListing, r, early, sending);
    }
    finally {
        early?.decide(false);
    }
    // What this save wrote makes the restore's record of the packs out of date for a later save.
    if (usesPacks && (plan.toUpload.length > 0 || repack.length > 0))
        s.o.packs.indexCache?.forgetListingRecord((0,namespace_packs/* packPrefixFor */.tP)(s.o.packs, ns));
    await refreshUsed(s, ns, mode, plan.hits, new Set(repack.map(sync_entries/* entryId */.ub)), r);
    await pruneBucket(s, ns, r);
    if (usesPacks)
        await keepPacksBounded(s, ns, packListing, upload.packs);
    await updateCensus(s, ns, bucket, upload);
}
// Step 1: the disk store.
/**
 * Cleans the disk store and returns the entries that survive, from the journal when it can stand
 * in for a walk, else from one walk (the clean's). Null when the store cannot be read at all.
 */
async function takeLocalStock(s, ns, r) {
    const fromManifest = s.o.manifest?.namespaces[ns];
    if (s.journal && fromManifest?.entries.sizes) {
        const fromJournal = await stockFromJournal(s, ns, fromManifest, r);
        if (fromJournal.stock) {
            // The store is still swept (its clean has nothing to do here): that walk is what finds and
            // names whatever a build planted below the cache directory (issue 12). It skips the entries
            // the restore installed, which the walk of a clean would lstat one by one (on 3,000 entries,
            // 60–100 ms of a warm save's ~0.6 s). It runs beside the upload, which needs nothing from
            // it (it reads the directories and removes only leftovers of cut-off writes, never an entry):
            // on 3,000 entries it took ~150 ms, which the pack's PUT used to wait for.
            const sweep = sweepLocal(s, ns, fromManifest, fromJournal.stock.entries);
            if (!sweep) {
                const { sizeBefore, sizeAfter } = r;
                if ((await walkLocal(s, ns, r)) === null)
                    return null;
                Object.assign(r, { sizeBefore, sizeAfter });
            }
            r.localScan = 'journal';
            return { ...fromJournal.stock, sweep };
        }
        s.o.log?.(`${ns}: walking the disk store (${fromJournal.why})`);
        const walked = await walkLocal(s, ns, r);
        return walked && { entries: walked, journaled: fromJournal.journaled };
    }
    if (s.journal) {
        s.o.log?.(`${ns}: walking the disk store (${fromManifest ? 'the manifest has no sizes' : 'the restore recorded nothing'} for ${ns})`);
    }
    const walked = await walkLocal(s, ns, r);
    return walked && { entries: walked, journaled: new Set() };
}
/**
 * The candidates without a walk: the entries the journal names as written and those on disk but
 * not in the bucket at the restore, each checked on disk (it exists, its blobs are regular files);
 * the entries it names as used are the hits. The clean is skipped only when it would evict nothing:
 * sizes from the manifest and the checked entries within maxSize, and no unused entry older than
 * maxAge (a use only makes an entry newer). Otherwise the store is walked (the clean needs it).
 */
async function stockFromJournal(s, ns, m, r) {
    // The walk this path skips would have found a namespace directory the build replaced with a
    // link: one lstat per component finds it too, and reports it.
    (0,sync_entries/* namespaceView */.nj)(s.local, ns).checkView?.();
    const journaled = new Set();
    const used = new Set();
    for (const line of s.journal.read.lines) {
        const named = relativeId(line, ns);
        if (named)
            (named.kind === 'written' ? journaled : used).add(named.id);
    }
    const now = Date.now();
    const candidates = new Set(journaled);
    // One pass over the restore's entries (thousands, read by every save): the candidates, and the
    // oldest unused time for the clean's max-age.
    let oldest = Infinity;
    const { ids, local, remote } = m.entries;
    for (let i = 0; i < ids.length; i++) {
        const time = local[i];
        if (time === null)
            continue;
        const id = ids[i];
        if (remote[i] === null)
            candidates.add(id);
        if (!used.has(id) && !journaled.has(id))
            oldest = Math.min(oldest, time);
    }
    // The candidates' sizes as checked now; every other entry's as the restore recorded it.
    const sizes = new Map();
    const entries = [];
    // What was packed ahead is taken as it was read then (packs/prepack.ts): not checked again here.
    const prepacked = prepackedInfo(await s.prepacked, ns, candidates);
    const views = new sync_entries/* SubViews */.pU((0,sync_entries/* namespaceView */.nj)(s.local, ns));
    await (0,limit/* forEachLimit */.Gm)([...candidates], ENTRY_CHECKS_IN_FLIGHT, async (id) => {
        const { namespace, key } = splitEntryId(id);
        const pre = prepacked.get(id);
        if (pre) {
            entries.push(pre);
            sizes.set(id, pre.size);
            return;
        }
        try {
            const info = await views.of(namespace).entryInfo(key);
            if (info === null)
                return;
            entries.push({ ...info, namespace });
            sizes.set(id, info.size);
        }
        catch (err) {
            if (err instanceof safe_fs/* UnsafePathError */.k0) {
                r.incompleteSkipped++;
                s.failures.warn(`not uploading ${ns}/${id}: ${err.message}`);
            }
            else {
                s.failures.warn(`could not read ${ns}/${id} on disk: ${(0,sync_failures/* errorText */.kc)(err)}`);
            }
        }
    });
    let bytes = 0;
    let count = sizes.size;
    for (const size of sizes.values())
        bytes += size;
    const recorded = m.entries.sizes ?? [];
    for (let i = 0; i < recorded.length; i++) {
        const size = recorded[i];
        if (size === null || candidates.has(ids[i]))
            continue;
        bytes += size;
        count++;
    }
    if (s.localMaxSize > 0 && bytes > s.localMaxSize) {
        return { why: 'the store is over max-size: the clean needs the walk', journaled };
    }
    if (s.localMaxAge > 0 && oldest < now - s.localMaxAge) {
        return { why: 'entries are older than max-age: the clean needs the walk', journaled };
    }
    r.sizeBefore = r.sizeAfter = { entries: count, bytes };
    entries.sort((a, b) => ((0,sync_entries/* entryId */.ub)(a) < (0,sync_entries/* entryId */.ub)(b) ? -1 : 1));
    const ahead = prepacked.size > 0 ? ` (${prepacked.size} of them packed ahead)` : '';
    s.o.log?.(`${ns}: from the journal, ${journaled.size} entries written${ahead} and ${used.size} used since the restore; ` +
        `${candidates.size - prepacked.size} checked on disk (${count} entries, ${(0,sync_progress/* formatBytes */.z3)(bytes)}: nothing to clean)`);
    return { stock: { entries, journaled, used }, why: '', journaled };
}
/**
 * The candidates a prepacked chunk holds, as the disk store would list them (ids relative to the
 * namespace), with the times and sizes they had when they were packed.
 */
function prepackedInfo(p, ns, candidates) {
    const out = new Map();
    if (!p)
        return out;
    for (const c of chunksFor(p.chunks, ns, candidates)) {
        for (const e of c.entries) {
            const mtime = new Date(e.mtime);
            const blobs = e.blobs.map(b => ({ name: b.name, size: b.size, mtime }));
            out.set((0,sync_entries/* entryId */.ub)({ namespace: e.ns, key: e.key }), {
                key: e.key,
                namespace: e.ns,
                blobs,
                size: blobs.reduce((n, b) => n + b.size, 0),
                mtime
            });
        }
    }
    return out;
}
/**
 * DiskCacheStore.sweep of one namespace, to start (once) when the save is ready for it; the
 * promise never rejects (a failure is a warning). Undefined when the store has no sweep (walk it
 * instead). Like the entries the restore installed, the `checked` ones are not entered again: this
 * save just read each of them (its blobs regular files, or it would not be in the list), or the
 * prepacking did.
 */
function sweepLocal(s, ns, m, checked) {
    const localNs = (0,sync_entries/* namespaceView */.nj)(s.local, ns);
    const sweep = localNs.sweep?.bind(localNs);
    if (!sweep)
        return undefined;
    const restored = knownEntries(m);
    const seen = new Map(checked.map(e => [(0,sync_entries/* entryId */.ub)(e), { size: e.size, mtimeMs: e.mtime.getTime() }]));
    const known = (namespace, key) => restored?.(namespace, key) ?? seen.get((0,sync_entries/* entryId */.ub)({ namespace, key }));
    let started;
    return () => (started ??= sweep({ known }).then(() => undefined, err => {
        // The entries to upload were checked one by one already: the save goes on without the sweep.
        s.failures.warn(`could not sweep the local store ${localNs.dir()}: ${(0,sync_failures/* errorText */.kc)(err)}`);
    }));
}
/**
 * One walk of the disk store gives the size before, the clean, and the surviving entries. Entries
 * the manifest vouches for cost one lstat each (knownEntries).
 */
async function walkLocal(s, ns, r) {
    const localNs = (0,sync_entries/* namespaceView */.nj)(s.local, ns);
    let list = null;
    try {
        const c = await localNs.cleanAndList(s.localMaxSize, s.localMaxAge, {
            known: knownEntries(s.o.manifest?.namespaces[ns])
        });
        r.sizeBefore = c.before;
        r.evictedLocal = { bySize: c.clean.bySize, byAge: c.clean.byAge };
        list = c.entries;
    }
    catch (err) {
        s.failures.warn(`could not clean the local store ${localNs.dir()}: ${(0,sync_failures/* errorText */.kc)(err)}`);
    }
    r.localScan = 'walk';
    try {
        // Only when the clean failed: what is there is still worth uploading.
        list ??= await localNs.list();
        r.sizeAfter = { entries: list.length, bytes: list.reduce((n, e) => n + e.size, 0) };
        return list;
    }
    catch (err) {
        s.failures.warn(`could not list the local store ${localNs.dir()}: ${(0,sync_failures/* errorText */.kc)(err)}; not saving ${ns}`);
        return null;
    }
}
/** What the bucket has: from the manifest, or by listing the bucket when the restore did not run. */
async function bucketEntries(s, ns, packListing, r) {
    const fromManifest = s.o.manifest?.namespaces[ns];
    if (fromManifest) {
        const times = fromManifest.entries.remoteTimes;
        if (fromManifest.remoteFrom === 'packs')
            return {
                times,
                outsidePacks: 0,
                countedAt: undefined,
                objects: undefined,
                trusted: fromManifest.census
            };
        return {
            times,
            outsidePacks: fromManifest.outsidePacks,
            countedAt: fromManifest.outsidePacks === undefined ? undefined : s.restoredAt,
            objects: fromManifest.objects
        };
    }
    const remoteNs = (0,sync_entries/* namespaceView */.nj)(s.remote, ns);
    try {
        const listedAt = Date.now();
        const objects = await remoteNs.list();
        // Entries held only by packs (upload mode `packs`) are in the bucket too: without them a
        // save after a skipped restore would pack every local entry again.
        const listing = s.o.packs ? await packListing : null;
        const packed = (0,namespace_packs/* packOnlyEntries */.Kp)(listing, objects);
        const complete = [...objects, ...packed].filter(e => (0,sync_entries/* isCompleteEntry */.KN)(ns, e));
        const inPacks = packedIds(listing);
        return {
            times: new Map(complete.map(e => [(0,sync_entries/* entryId */.ub)(e), e.mtime.getTime()])),
            // Without a pack listing nothing is known to be in a pack.
            outsidePacks: listing
                ? objects.filter(e => (0,sync_entries/* isCompleteEntry */.KN)(ns, e) && !inPacks.has((0,sync_entries/* entryId */.ub)(e))).length
                : undefined,
            countedAt: listing ? listedAt : undefined,
            objects: objects.filter(e => (0,sync_entries/* isCompleteEntry */.KN)(ns, e)).length
        };
        // Not counted as a success: a bucket can be readable and still refuse every write.
    }
    catch (err) {
        s.failures.failed(`could not list ${remoteNs.dir()}, not saving ${ns}`, err);
        r.failed++;
        return null;
    }
}
/**
 * New complete entries go up; an incomplete one never does. An entry the build wrote although the
 * bucket had it (the journal says so) was not usable as restored: when the local entry has a blob
 * the bucket's lacks (`extras` where the compile has a depfile, say), it replaces the bucket's.
 * Entries used in this job whose bucket time is old get it refreshed.
 */
async function planUploads(s, ns, stock, remoteTimes, r) {
    const toUpload = [];
    const hits = [];
    const rewritten = [];
    const now = Date.now();
    for (const e of stock.entries) {
        const remoteTime = remoteTimes.get((0,sync_entries/* entryId */.ub)(e));
        if (stock.used && remoteTime !== undefined && !stock.journaled.has((0,sync_entries/* entryId */.ub)(e)))
            continue;
        if (remoteTime === undefined) {
            if ((0,sync_entries/* isCompleteEntry */.KN)(ns, e))
                toUpload.push(e);
            else
                r.incompleteSkipped++;
        }
        else if (stock.journaled.has((0,sync_entries/* entryId */.ub)(e)) && (0,sync_entries/* isCompleteEntry */.KN)(ns, e)) {
            rewritten.push(e);
        }
        else if (isHit(e, remoteTime, s.restoredAt) && shouldRefresh(remoteTime, now, s.refreshOlderThan)) {
            hits.push(e);
        }
    }
    // With the journal, the hits are the entries it names as used (no walk read their times).
    for (const id of stock.used ?? []) {
        const remoteTime = remoteTimes.get(id);
        if (remoteTime === undefined || stock.journaled.has(id))
            continue;
        if (shouldRefresh(remoteTime, now, s.refreshOlderThan)) {
            hits.push({ ...splitEntryId(id), blobs: [], size: 0, mtime: new Date(now) });
        }
    }
    toUpload.push(...(await unusableInBucket(s, ns, rewritten)));
    const bytes = toUpload.reduce((n, e) => n + e.size, 0);
    s.o.log?.(`${ns}: ${r.sizeAfter.entries} entries (${(0,sync_progress/* formatBytes */.z3)(r.sizeAfter.bytes)}) on disk` +
        evictedText(r.evictedLocal) +
        `; uploading ${toUpload.length} new (${(0,sync_progress/* formatBytes */.z3)(bytes)}) to ${(0,sync_entries/* namespaceView */.nj)(s.remote, ns).dir()}` +
        (r.incompleteSkipped > 0 ? `; skipping ${r.incompleteSkipped} incomplete` : ''));
    return { toUpload, hits };
}
/** Of entries the build rewrote, those whose bucket copy lacks a blob the local one has (one LIST each). */
async function unusableInBucket(s, ns, rewritten) {
    const remoteViews = new sync_entries/* SubViews */.pU((0,sync_entries/* namespaceView */.nj)(s.remote, ns));
    const out = [];
    await (0,limit/* forEachLimit */.Gm)(rewritten, s.concurrency, async (e) => {
        const view = remoteViews.of(e.namespace);
        if (!view.entryBlobs)
            return;
        try {
            const inBucket = await view.entryBlobs(e.key);
            const names = new Set(inBucket.map(b => b.name));
            if (e.blobs.some(b => !names.has(b.name)))
                out.push({ ...e, replace: inBucket });
        }
        catch (err) {
            s.failures.warn(`could not compare ${ns}/${(0,sync_entries/* entryId */.ub)(e)} with the bucket's copy: ${(0,sync_failures/* errorText */.kc)(err)}`);
            s.keepInJournal.push(journalLineOf(ns, e));
        }
    });
    return out;
}
// Step 4: the upload.
/**
 * Mode `both`: the pack first (one PUT that every restore reads), then the objects for the Go
 * fleet. Mode `packs`: the pack only; `objects`: the objects only. Entries a pack in the bucket
 * already holds (another save just wrote it) are not packed again. Returns the packs written.
 */
async function uploadNew(s, ns, mode, toUpload, repack, packListing, r, early, sending) {
    if (toUpload.length === 0 && repack.length === 0)
        return { packs: [], outsidePacks: 0, objects: 0 };
    const progress = new sync_progress/* Progress */.ke(`save ${ns}`, toUpload.length, toUpload.reduce((n, e) => n + e.size, 0), s.o.log, s.o.progressIntervalMs);
    try {
        const packs = mode === 'objects'
            ? null
            : await uploadPacks(s, ns, mode, toUpload, repack, packListing, progress, r, early, sending);
        if (mode !== 'packs' && toUpload.length > 0)
            await uploadObjects(s, ns, toUpload, progress, r);
        // Objects uploaded without a pack that holds them: the census must count them.
        const outsidePacks = packs === null ? r.uploadedEntries : 0;
        // Entries written as objects (or meant to be: counting one that failed only costs a restore a
        // check it could have skipped, census.ts).
        const objects = mode === 'packs' ? 0 : toUpload.length;
        return { packs: packs ?? [], outsidePacks, objects };
    }
    finally {
        progress.stop();
    }
}
function buildEarly(s, ns, toUpload, packListing, sending) {
    // Without a listing (objects only, or it failed) there is nothing to wait for.
    if (!s.o.packs || !packListing || toUpload.length === 0)
        return undefined;
    let decide;
    const gate = new Promise(resolve => (decide = resolve));
    const written = (0,namespace_packs/* writeNamespacePacks */.JB)({
        packs: s.o.packs,
        namespace: ns,
        local: (0,sync_entries/* namespaceView */.nj)(s.local, ns),
        entries: toUpload,
        failures: s.failures,
        gate,
        catalog: s.catalogs.get(ns),
        sending,
        prepacked: prepackedChunks(s, ns, toUpload)
    });
    // Discarded or failed: whoever uses it awaits it; nobody else must see it as unhandled.
    written.catch(() => undefined);
    return { decide, written };
}
/** The packs written; null when writing them failed (mode `both` then uploads the objects alone). */
async function uploadPacks(s, ns, mode, toUpload, repack, packListing, progress, r, early, sending) {
    const packed = packedIds(await packListing);
    const fresh = toUpload.filter(e => e.replace || !packed.has((0,sync_entries/* entryId */.ub)(e)));
    const entries = [...fresh, ...repack];
    // The pack built early holds exactly toUpload: it is the one to write when nothing was dropped
    // or added. Otherwise it is discarded (another job packed some of these meanwhile, or entries
    // are due to be packed again) and the pack is built again from `entries`.
    const useEarly = early !== undefined && fresh.length === toUpload.length && repack.length === 0;
    early?.decide(useEarly);
    const alreadyPacked = toUpload.length - entries.length;
    if (alreadyPacked > 0)
        s.o.log?.(`${ns}: ${alreadyPacked} new entries are in a pack already; not packing them again`);
    if (mode === 'packs')
        r.alreadyRemote += alreadyPacked;
    if (repack.length > 0) {
        s.o.log?.(`${ns}: packing again ${repack.length} entries used in this job whose pack time is old`);
    }
    if (entries.length === 0) {
        r.packsWritten = 0;
        return [];
    }
    try {
        const w = useEarly
            ? await early.written
            : await (0,namespace_packs/* writeNamespacePacks */.JB)({
                packs: s.o.packs,
                namespace: ns,
                local: (0,sync_entries/* namespaceView */.nj)(s.local, ns),
                entries,
                failures: s.failures,
                catalog: s.catalogs.get(ns),
                sending,
                prepacked: prepackedChunks(s, ns, entries)
            });
        r.packsWritten = w.packs.length;
        // The entries packed again are refreshed, not uploaded (one evicted meanwhile is not packed).
        const inPacks = new Set(w.packs.flatMap(p => p.entries.map(e => (0,sync_entries/* entryId */.ub)({ namespace: e.ns, key: e.key }))));
        const repacked = repack.filter(e => inPacks.has((0,sync_entries/* entryId */.ub)(e)));
        r.refreshedRemote += repacked.length;
        if (mode === 'packs') {
            const uploaded = fresh.filter(e => inPacks.has((0,sync_entries/* entryId */.ub)(e)));
            r.uploadedEntries = uploaded.length;
            r.uploadedBytes = uploaded.reduce((n, e) => n + e.size, 0);
            r.replacedRemote = uploaded.filter(e => e.replace).length;
            progress.add(uploaded.length, r.uploadedBytes);
            s.failures.succeeded();
        }
        return w.packs;
    }
    catch (err) {
        if (mode === 'packs') {
            r.failed += fresh.length;
            for (const e of fresh)
                s.keepInJournal.push(journalLineOf(ns, e));
            s.failures.failed(`could not write the packs of ${ns}`, err);
        }
        else {
            s.failures.warn(`could not write the packs of ${ns}: ${(0,sync_failures/* errorText */.kc)(err)}; uploading the objects`);
        }
        return null;
    }
}
async function uploadObjects(s, ns, toUpload, progress, r) {
    const u = await uploadEntries({
        namespace: ns,
        local: (0,sync_entries/* namespaceView */.nj)(s.local, ns),
        remote: (0,sync_entries/* namespaceView */.nj)(s.remote, ns),
        entries: toUpload,
        concurrency: s.concurrency,
        progress,
        failures: s.failures
    });
    r.uploadedEntries = u.uploadedEntries;
    r.uploadedBytes = u.uploadedBytes;
    r.alreadyRemote += u.alreadyRemote;
    r.replacedRemote = u.replaced;
    r.incompleteSkipped += u.vanished + u.unsafe;
    r.failed += u.failed;
    for (const id of u.failedIds)
        s.keepInJournal.push(journalLineOf(ns, splitEntryId(id)));
}
/**
 * An entry's pack records its time when it was packed, and packs are never touched: an entry used
 * every day but packed weeks ago would look old to a restore that plans from the packs alone (the
 * census lets it skip the object listing, whose refreshed times would say otherwise), and fall out
 * of max-age. So the entries used in this job whose newest pack time is older than
 * REPACK_AFTER_MS (or half of max-age, when that is shorter) are packed again with their new
 * time: each at most once a week, and compaction drops the older copy.
 */
async function staleInPacks(s, ns, stock, remoteTimes, packListing) {
    const listing = await packListing;
    if (!listing)
        return [];
    const packTimes = new Map();
    for (const index of listing.indexes) {
        for (const e of index.entries) {
            const id = (0,sync_entries/* entryId */.ub)({ namespace: e.ns, key: e.key });
            packTimes.set(id, Math.max(packTimes.get(id) ?? 0, e.mtime));
        }
    }
    const stale = staleUsed(s, stock, remoteTimes, id => packTimes.get(id));
    const out = [];
    const views = new sync_entries/* SubViews */.pU((0,sync_entries/* namespaceView */.nj)(s.local, ns));
    // Read from disk again: an entry the walk took from the manifest has no blob list.
    await (0,limit/* forEachLimit */.Gm)(stale, ENTRY_CHECKS_IN_FLIGHT, async (id) => {
        const { namespace, key } = splitEntryId(id);
        const view = views.of(namespace);
        if (!view.entryInfo)
            return;
        try {
            const info = await view.entryInfo(key);
            if (info && (0,sync_entries/* isCompleteEntry */.KN)(ns, { ...info, namespace }))
                out.push({ ...info, namespace });
        }
        catch {
            // Unreadable or unsafe now: it keeps its old pack time (the walk or the upload names it).
        }
    });
    return out;
}
/**
 * Entries used in this job (not rewritten) whose newest pack time, by `packTime`, is older than
 * REPACK_AFTER_MS (or half of max-age, when that is shorter).
 */
function staleUsed(s, stock, remoteTimes, packTime) {
    const after = s.localMaxAge > 0 ? Math.min(REPACK_AFTER_MS, s.localMaxAge / 2) : REPACK_AFTER_MS;
    const cutoff = Date.now() - after;
    const used = stock.used
        ? [...stock.used]
        : stock.entries
            .filter(e => {
            const t = remoteTimes.get((0,sync_entries/* entryId */.ub)(e));
            return t !== undefined && isHit(e, t, s.restoredAt);
        })
            .map(sync_entries/* entryId */.ub);
    return used.filter(id => {
        const t = packTime(id);
        return t !== undefined && t < cutoff && !stock.journaled.has(id);
    });
}
/** Entry ids that some pack of the listing holds. */
function packedIds(listing) {
    const out = new Set();
    for (const index of listing?.indexes ?? []) {
        for (const e of index.entries)
            out.add((0,sync_entries/* entryId */.ub)({ namespace: e.ns, key: e.key }));
    }
    return out;
}
// Step 5: refresh.
/**
 * Refreshes the bucket time of entries used in this job (server-side copy, no data sent), before
 * the bucket clean, so its least-recently-used order counts this use. Packs have no per-entry
 * time: with packs only, there is nothing to refresh.
 */
async function refreshUsed(s, ns, mode, hits, repacked, r) {
    if (mode === 'packs')
        return;
    const remoteViews = new sync_entries/* SubViews */.pU((0,sync_entries/* namespaceView */.nj)(s.remote, ns));
    await (0,limit/* forEachLimit */.Gm)(hits, s.concurrency, async (entry) => {
        try {
            await remoteViews.of(entry.namespace).touch(entry.key);
            // Packed again as well (staleInPacks): one refreshed entry, counted once.
            if (!repacked.has((0,sync_entries/* entryId */.ub)(entry)))
                r.refreshedRemote++;
            s.failures.succeeded();
        }
        catch (err) {
            r.failed++;
            s.failures.failed(`could not refresh the bucket time of ${ns}/${(0,sync_entries/* entryId */.ub)(entry)}`, err);
        }
    });
}
// Step 6: prune the bucket.
async function pruneBucket(s, ns, r) {
    if (s.remoteMaxSize <= 0 && s.remoteMaxAge <= 0)
        return;
    const remoteNs = (0,sync_entries/* namespaceView */.nj)(s.remote, ns);
    try {
        const c = await remoteNs.clean(s.remoteMaxSize, s.remoteMaxAge);
        r.evictedRemote = { bySize: c.bySize, byAge: c.byAge };
        r.remoteSizeAfter = c.remaining;
        s.failures.succeeded();
    }
    catch (err) {
        s.failures.failed(`could not prune ${remoteNs.dir()}`, err);
    }
}
// Step 8: the census.
/**
 * Records what a whole object listing found (the restore's, or this save's) in the namespace's
 * census, plus the objects this save wrote (outside packs, and in all), so the next restores know
 * whether they may skip the object listing (packs/census.ts). Nothing is written when no listing
 * stands behind the count and this save left nothing outside packs: the census then ages out, and
 * a restore lists again within a day; except that objects written after a restore trusted a census
 * of zero objects are added to it, or the next restores would take the packs for the only copy of
 * those entries. A failure only costs the next restores their shortcut.
 */
async function updateCensus(s, ns, bucket, wrote) {
    if (!s.o.packs)
        return;
    const known = bucket.countedAt !== undefined && bucket.outsidePacks !== undefined;
    let census;
    if (known || wrote.outsidePacks > 0) {
        census = {
            countedAt: bucket.countedAt ?? Date.now(),
            outsidePacks: (bucket.outsidePacks ?? 0) + wrote.outsidePacks,
            ...(known && bucket.objects !== undefined ? { objects: bucket.objects + wrote.objects } : {})
        };
    }
    else if (wrote.objects > 0 && bucket.trusted?.objects === 0) {
        census = { ...bucket.trusted, objects: wrote.objects };
    }
    else
        return;
    try {
        await (0,packs_census/* writeCensus */.vE)(s.o.packs.bucket, (0,namespace_packs/* packPrefixFor */.tP)(s.o.packs, ns), census);
    }
    catch (err) {
        s.failures.warn(`could not record the census of ${ns}: ${(0,sync_failures/* errorText */.kc)(err)}; the next restore lists the bucket`);
    }
}
// Step 7: the packs.
/** Merges small packs and prunes them with the bucket limits, from the listing taken in step 1. */
async function keepPacksBounded(s, ns, packListing, added) {
    const listing = await packListing;
    const catalog = (await s.catalogs.get(ns)) ?? null;
    // Saved from the restore's record (fromRestoreRecord), the namespace has nothing to maintain.
    if (s.o.packs && listing) {
        await (0,namespace_packs/* maintainNamespacePacks */.ld)({
            packs: s.o.packs,
            namespace: ns,
            listing,
            added,
            maxBytes: s.remoteMaxSize,
            maxAge: s.remoteMaxAge,
            failures: s.failures,
            catalog
        });
    }
    if (catalog?.error) {
        s.failures.warn(`could not write the catalog of the packs of ${ns}: ${(0,sync_failures/* errorText */.kc)(catalog.error)}; ` +
            'restores read the pack indexes one by one until a save writes it');
    }
}
// Helpers.
/**
 * Entries the walk may take from the manifest (one lstat each instead of a directory listing and an
 * lstat per blob): those on disk and in the bucket at the restore, whose size it recorded. Entries
 * not in the bucket are upload candidates and are always walked in full, so what is uploaded is
 * what is on disk now. Undefined (walk everything) for a manifest without sizes.
 */
function knownEntries(m) {
    const entries = m?.entries;
    const sizes = entries?.sizes;
    if (!entries || !sizes)
        return undefined;
    return (namespace, key) => {
        const i = entries.indexOf((0,sync_entries/* entryId */.ub)({ namespace, key }));
        if (i < 0)
            return undefined;
        const size = sizes[i];
        const mtimeMs = entries.local[i];
        if (size === null || mtimeMs === null || entries.remote[i] === null)
            return undefined;
        return { size: size, mtimeMs: mtimeMs };
    };
}
/** A journal line's kind and entry id relative to the namespace (`local/<hex>`); undefined outside it. */
function relativeId(line, ns) {
    const parsed = (0,journal/* parseJournalLine */.Ln)(line);
    if (!parsed)
        return undefined;
    const base = (0,validate/* splitNamespacePath */.NC)(ns).join('/');
    const { kind, namespace, key } = parsed;
    if (namespace === base)
        return { kind, id: key };
    if (base === '')
        return { kind, id: (0,sync_entries/* entryId */.ub)({ namespace, key }) };
    if (!namespace.startsWith(`${base}/`))
        return undefined;
    return { kind, id: (0,sync_entries/* entryId */.ub)({ namespace: namespace.slice(base.length + 1), key }) };
}
/** `local/<hex>` → its relative namespace and key. */
function splitEntryId(id) {
    const at = id.lastIndexOf('/');
    return at < 0 ? { namespace: '', key: id } : { namespace: id.slice(0, at), key: id.slice(at + 1) };
}
/** The journal line of an entry of the synced namespace. */
function journalLineOf(ns, e) {
    const path = [...(0,validate/* splitNamespacePath */.NC)(ns), ...(e.namespace === '' ? [] : [e.namespace])].join('/');
    return (0,journal/* journalLine */.Ee)('written', path, e.key);
}
/** Journaled entries of a namespace that could not be saved stay for the next save. */
function keepJournaled(s, ns) {
    for (const line of s.journal?.read.lines ?? [])
        if (relativeId(line, ns))
            s.keepInJournal.push(line);
}
/**
 * Used during this job: with a manifest, the local time moved past the restore (a hit touches the
 * entry); without one, the local time is newer than the bucket's (used here since it was uploaded).
 */
function isHit(e, remoteTime, restoredAt) {
    const t = e.mtime.getTime();
    return Number.isNaN(restoredAt) ? t > remoteTime : t > restoredAt;
}
function shouldRefresh(remoteTime, now, olderThan) {
    return olderThan >= 0 && remoteTime < now - olderThan;
}
/** `3 (12 KiB) by size, 1 (4 KiB) by age`, or '' when nothing was evicted. */
function evictionParts(e) {
    const parts = [];
    if (e.bySize.entries > 0)
        parts.push(`${e.bySize.entries} (${(0,sync_progress/* formatBytes */.z3)(e.bySize.bytes)}) by size`);
    if (e.byAge.entries > 0)
        parts.push(`${e.byAge.entries} (${(0,sync_progress/* formatBytes */.z3)(e.byAge.bytes)}) by age`);
    return parts.join(', ');
}
function evictedText(e) {
    const parts = evictionParts(e);
    return parts ? `; evicted ${parts}` : '';
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
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
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
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
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
  a: () => (/* reexport */ runCli),
  e: () => (/* binding */ runStep)
});

;// CONCATENATED MODULE: ./build/ncc-src/runtime/threadpool.js
/**
 * Raises libuv's thread pool from its default of 4 threads to 16. The pool runs every fs call and
 * every zlib (de)compression of the sync, so 4 threads cap how fast a restore writes entries and
 * decompresses packs. libuv reads UV_THREADPOOL_SIZE once, when the first work item starts the
 * pool, so this module has no imports that could start it and is imported FIRST by bundle.ts (the
 * one bundle the action's steps and the CLI load), ahead of every module that touches fs or zlib.
 * A value set in the environment (by the workflow or the user) is kept.
 */
process.env.UV_THREADPOOL_SIZE ??= '16';


// EXTERNAL MODULE: ./build/ncc-src/config/inputs.js
var inputs = __nccwpck_require__(9794);
// EXTERNAL MODULE: ./build/ncc-src/config/input-schema.js
var input_schema = __nccwpck_require__(9055);
// EXTERNAL MODULE: ./build/ncc-src/backends/local.js
var backends_local = __nccwpck_require__(2991);
// EXTERNAL MODULE: ./build/ncc-src/backends/s3.js
var s3 = __nccwpck_require__(544);
// EXTERNAL MODULE: ./build/ncc-src/job/job.js
var job = __nccwpck_require__(6195);
// EXTERNAL MODULE: ./build/ncc-src/job/summary.js
var summary = __nccwpck_require__(8488);
// EXTERNAL MODULE: ./build/ncc-src/store/errors.js
var errors = __nccwpck_require__(6107);
// EXTERNAL MODULE: ./build/ncc-src/store/legacy-state.js
var legacy_state = __nccwpck_require__(5927);
// EXTERNAL MODULE: ./build/ncc-src/sync/entries.js
var sync_entries = __nccwpck_require__(1066);
// EXTERNAL MODULE: ./build/ncc-src/sync/failures.js
var sync_failures = __nccwpck_require__(1671);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/namespace-packs.js + 1 modules
var namespace_packs = __nccwpck_require__(7796);
// EXTERNAL MODULE: ./build/ncc-src/sync/packs/prepack.js + 1 modules
var prepack = __nccwpck_require__(2165);
// EXTERNAL MODULE: ./build/ncc-src/sync/progress.js
var progress = __nccwpck_require__(6995);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./build/ncc-src/store/disk.js + 2 modules
var disk = __nccwpck_require__(8584);
// EXTERNAL MODULE: ./build/ncc-src/store/s3.js + 10 modules
var store_s3 = __nccwpck_require__(5051);
// EXTERNAL MODULE: ./build/ncc-src/store/size.js
var size = __nccwpck_require__(313);
// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __nccwpck_require__(2642);
;// CONCATENATED MODULE: ./build/ncc-src/store/config.js
/**
 * Stores from configuration entries with the Go system's TOML field names, so its `[[cache]]`
 * blocks can be reused as they are:
 *
 *   [[cache]]
 *   type = "disk"
 *   location = "~/.cache/compile-cache"
 *   max_size = "10G"
 *
 *   [[cache]]
 *   type = "s3"
 *   bucket = "build-cache"
 *   region = "eu-west-1"
 *
 * Every entry is validated before anything is opened; S3 stores are then opened with an access check
 * (and bucket creation with `auto_create`), which is why fromConfig is async.
 */






const FIELDS = {
    disk: ['type', 'location', 'max_size'],
    s3: [
        'type',
        'bucket',
        'region',
        'endpoint',
        'access_key',
        'secret_key',
        'auto_create',
        'max_size',
        'prefix'
    ]
};
function stringField(raw, field, where) {
    const v = raw[field];
    if (v === undefined || v === null)
        return undefined;
    // No value in this message: the field may be a secret.
    if (typeof v !== 'string')
        throw new errors/* ConfigError */.xL(`${where}.${field} must be a string, got ${typeof v}`);
    return v.trim() === '' ? undefined : v.trim();
}
function sizeField(raw, where) {
    const v = raw.max_size;
    if (v === undefined || v === null)
        return 0;
    if (typeof v === 'number') {
        if (!Number.isSafeInteger(v) || v < 0) {
            throw new errors/* ConfigError */.xL(`${where}.max_size ${v} is invalid: expected a whole number of bytes >= 0 or a size string such as "10G"`);
        }
        return v;
    }
    if (typeof v !== 'string')
        throw new errors/* ConfigError */.xL(`${where}.max_size must be a size string or a number, got ${typeof v}`);
    try {
        return (0,size/* parseSize */.D)(v);
    }
    catch (err) {
        if (err instanceof errors/* InvalidInputError */.oC)
            throw new errors/* ConfigError */.xL(`${where}.max_size ${JSON.stringify(v)} is invalid: ${err.message}`);
        throw err;
    }
}
function booleanField(raw, field, where) {
    const v = raw[field];
    if (v === undefined || v === null || v === '')
        return false;
    if (typeof v === 'boolean')
        return v;
    if (v === 'true' || v === 'false')
        return v === 'true';
    throw new errors/* ConfigError */.xL(`${where}.${field} ${JSON.stringify(v)} is invalid: expected true or false`);
}
function expandHome(location) {
    return location === '~' || location.startsWith('~/') ? (0,external_node_os_.homedir)() + location.slice(1) : location;
}
/** Validates one entry (index i) into a spec; throws ConfigError naming the entry, field and value. */
function parseConfigEntry(entry, i) {
    const where = `cache[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw new errors/* ConfigError */.xL(`${where} must be a table of fields (type, location, bucket, ...)`);
    }
    const raw = entry;
    const type = stringField(raw, 'type', where);
    if (type === undefined)
        throw new errors/* ConfigError */.xL(`${where}.type is missing: expected "disk" or "s3"`);
    if (type !== 'disk' && type !== 's3') {
        throw new errors/* ConfigError */.xL(`${where}.type ${JSON.stringify(type)} is unknown: expected "disk" or "s3"`);
    }
    const allowed = FIELDS[type];
    for (const field of Object.keys(raw)) {
        if (!allowed.includes(field)) {
            throw new errors/* ConfigError */.xL(`${where}.${field} is not a field of a ${type} cache: expected one of ${allowed.join(', ')}`);
        }
    }
    const maxSize = sizeField(raw, where);
    if (type === 'disk') {
        const location = stringField(raw, 'location', where);
        if (location === undefined)
            throw new errors/* ConfigError */.xL(`${where}.location is empty: a disk cache needs a directory`);
        return { type, location: expandHome(location), maxSize };
    }
    const bucket = stringField(raw, 'bucket', where);
    if (bucket === undefined)
        throw new errors/* ConfigError */.xL(`${where}.bucket is empty: an s3 cache needs a bucket name`);
    const prefixValue = stringField(raw, 'prefix', where) ?? 'cache/';
    let prefix;
    try {
        prefix = `${(0,validate/* splitNamespacePath */.NC)(prefixValue).join('/')}/`;
    }
    catch (err) {
        throw new errors/* ConfigError */.xL(`${where}.prefix ${JSON.stringify(prefixValue)} is invalid: ${err.message}`);
    }
    let endpoint = stringField(raw, 'endpoint', where);
    if (endpoint !== undefined) {
        if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint))
            endpoint = `https://${endpoint}`;
        try {
            const url = new URL(endpoint);
            if (url.protocol !== 'http:' && url.protocol !== 'https:')
                throw new Error('not http(s)');
        }
        catch {
            throw new errors/* ConfigError */.xL(`${where}.endpoint ${JSON.stringify(endpoint)} is invalid: expected a URL such as https://minio.example:9000`);
        }
    }
    const accessKeyId = stringField(raw, 'access_key', where);
    const secretAccessKey = stringField(raw, 'secret_key', where);
    return {
        type,
        bucket,
        prefix,
        maxSize,
        region: stringField(raw, 'region', where),
        endpoint,
        // Static credentials only with both halves (compat); otherwise the default chain.
        credentials: accessKeyId !== undefined && secretAccessKey !== undefined
            ? { accessKeyId, secretAccessKey }
            : undefined,
        autoCreate: booleanField(raw, 'auto_create', where)
    };
}
/** Validates every entry, without opening anything. */
function parseCacheConfig(entries) {
    if (!Array.isArray(entries))
        throw new ConfigError('cache configuration must be a list of entries');
    return entries.map((e, i) => parseConfigEntry(e, i));
}
/**
 * Builds the stores of the entries, in order: `disk` → DiskCacheStore, `s3` → S3CacheStore (opened
 * with an access check, creating the bucket with auto_create). All entries are validated first; if
 * opening one fails, the ones already opened are closed and the error is thrown.
 */
async function fromConfig(entries, options = {}) {
    const specs = parseCacheConfig(entries);
    const opened = await Promise.allSettled(specs.map(async (spec) => {
        if (spec.type === 'disk')
            return new DiskCacheStore(spec.location, { maxSize: spec.maxSize });
        const { type: _type, ...s3 } = spec;
        // Fields the entry leaves unset keep the caller's defaults.
        const set = Object.fromEntries(Object.entries(s3).filter(([, v]) => v !== undefined));
        const storeOptions = { ...options.s3, ...set };
        if (options.checkAccess === false)
            return new S3CacheStore(storeOptions);
        return S3CacheStore.open(storeOptions);
    }));
    const failed = opened.find(r => r.status === 'rejected');
    if (failed) {
        for (const r of opened)
            if (r.status === 'fulfilled' && r.value instanceof S3CacheStore)
                r.value.destroy();
        throw failed.reason;
    }
    return opened.map(r => r.value);
}

;// CONCATENATED MODULE: ./build/ncc-src/cli/config-file.js
/**
 * `--config <file>`: the Go system's TOML configuration as the CLI's settings. Its `[[cache]]` blocks
 * (validated by the store's parseConfigEntry, src/store/config.ts) say where the caches are:
 *
 *   [[cache]]                      → the cache directory
 *   type = "disk"
 *   location = "~/.cache/compile-cache"   --cache-dir
 *   max_size = "10G"                      --max-size
 *
 *   [[cache]]                      → the bucket
 *   type = "s3"
 *   bucket = "build-cache"                --bucket
 *   region = "eu-west-1"                  --region
 *   endpoint = "https://minio:9000"       --endpoint
 *   prefix = "cache/"                     --prefix
 *   max_size = "200G"                     --remote-max-size
 *   access_key = "…"                      static credentials, with secret_key (never printed)
 *   secret_key = "…"
 *
 * and an optional table of ours for what the Go format has no field for (namespaces, ages, …):
 *
 *   [compile_cache]
 *   namespaces = ["compile", "source"]    any CLI flag, by its name (`-` or `_`)
 *
 * Other top-level keys (the Go system's own settings) are not ours and are ignored. A field the file
 * sets counts as the flag's value when neither the flag nor its COMPILE_CACHE_* variable is given.
 * Every error names the file, the key, the value (never a credential's) and what is expected.
 */





/** Our table in the file. */
const OWN_TABLE = 'compile_cache';
/** A bad configuration file: the message names the file. */
class ConfigFileError extends errors/* ConfigError */.xL {
    name = 'ConfigFileError';
    constructor(file, what) {
        super(`--config ${file}: ${what}`);
    }
}
/** The first line of a TOML error (the rest quotes the file's lines, which may hold a secret). */
function tomlProblem(err) {
    const first = err.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
    return `is not valid TOML: ${first} (line ${err.line}, column ${err.column})`;
}
function tableOf(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
        ? value
        : undefined;
}
/** A value of our table as an input's string; lists (namespaces) are joined with commas. */
function settingText(value, key, file) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    if (Array.isArray(value) && value.every(v => typeof v === 'string'))
        return value.join(', ');
    const kind = Array.isArray(value)
        ? 'a list with a value that is not a string'
        : value instanceof Date
            ? 'a date'
            : 'a table';
    throw new ConfigFileError(file, `${key} is ${kind}: expected a string, a number, true or false, or a list of strings`);
}
function readConfigFile(file) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (err) {
        throw new ConfigFileError(file, `cannot be read: ${err.message}`);
    }
    let doc;
    try {
        doc = parse(text);
    }
    catch (err) {
        if (err instanceof TomlError)
            throw new ConfigFileError(file, tomlProblem(err));
        throw err;
    }
    const settings = new Map();
    const set = (input, value, key) => settings.set(input, { value, key });
    let credentials;
    const caches = doc.cache;
    if (caches !== undefined) {
        if (!Array.isArray(caches)) {
            throw new ConfigFileError(file, 'cache is not a list of tables: expected [[cache]] blocks');
        }
        const seen = {};
        caches.forEach((entry, i) => {
            let spec;
            try {
                spec = parseConfigEntry(entry, i);
            }
            catch (err) {
                if (err instanceof errors/* ConfigError */.xL)
                    throw new ConfigFileError(file, err.message);
                throw err;
            }
            const where = `cache[${i}]`;
            const earlier = seen[spec.type];
            if (earlier !== undefined) {
                throw new ConfigFileError(file, `${where} is a second ${spec.type} cache (cache[${earlier}] is one): the CLI uses one cache directory and one bucket, so keep one [[cache]] of each type`);
            }
            seen[spec.type] = i;
            const raw = entry;
            const hasSize = raw.max_size !== undefined && raw.max_size !== '';
            if (spec.type === 'disk') {
                set('cache-dir', spec.location, `${where}.location`);
                if (hasSize)
                    set('max-size', String(spec.maxSize), `${where}.max_size`);
                return;
            }
            const s3 = spec;
            set('bucket', s3.bucket, `${where}.bucket`);
            if (s3.region !== undefined)
                set('region', s3.region, `${where}.region`);
            if (s3.endpoint !== undefined)
                set('endpoint', s3.endpoint, `${where}.endpoint`);
            if (raw.prefix !== undefined)
                set('prefix', s3.prefix, `${where}.prefix`);
            if (hasSize)
                set('remote-max-size', String(s3.maxSize), `${where}.max_size`);
            if (s3.credentials !== undefined)
                credentials = s3.credentials;
        });
    }
    const own = doc[OWN_TABLE];
    if (own !== undefined) {
        const table = tableOf(own);
        if (table === undefined) {
            throw new ConfigFileError(file, `${OWN_TABLE} is not a table: expected [${OWN_TABLE}] with flags by name`);
        }
        const names = input_schema/* CLI_INPUTS */.dV.map(s => s.name);
        for (const [k, v] of Object.entries(table)) {
            const name = k.replace(/_/g, '-');
            const key = `${OWN_TABLE}.${k}`;
            if (!names.includes(name)) {
                throw new ConfigFileError(file, `${key} is not a setting of the CLI: expected one of ${names.join(', ')} (credentials only as access_key and secret_key of an s3 [[cache]])`);
            }
            // [compile_cache] is the more specific place: it wins over a [[cache]] field for the same flag.
            set(name, settingText(v, key, file), key);
        }
    }
    if (settings.size === 0) {
        throw new ConfigFileError(file, `has no [[cache]] block and no [${OWN_TABLE}] table: expected [[cache]] blocks with type = "disk" or "s3"`);
    }
    return { file, settings, credentials };
}

;// CONCATENATED MODULE: ./build/ncc-src/cli/progress-bar.js
/**
 * The CLI's progress bar for restore and save on a terminal: one line on stderr, redrawn in place
 * (`\r`, then erase to the end of the line) with the entries, bytes, rate and time left. Only when
 * stderr is a terminal and the output is not `--json`; logs (not a terminal) keep the sync layer's
 * periodic progress lines.
 *
 * The sync layer's Progress hands its figures to the log with each progress line (ProgressLog): the
 * bar draws those instead of printing the line, and clears itself before any other line is printed,
 * so log lines scroll above it.
 */

/** How often the bar is redrawn (the sync layer's progress interval while the bar is up). */
const BAR_INTERVAL_MS = 200;
/** Erase from the cursor to the end of the line (ECMA-48 EL). */
const ERASE_LINE = '\x1b[K';
/** Whether a bar is drawn: stderr is a terminal that understands `\x1b[K`, and the output is not JSON. */
function wantsBar(stream, env, json) {
    return !json && stream.isTTY === true && env.TERM !== 'dumb';
}
/** The time left at the rate so far, by bytes when there are any, else by entries; null when unknown. */
function etaMs(p) {
    if (p.elapsedMs <= 0)
        return null;
    if (p.totalBytes > 0 && p.bytes > 0) {
        return (Math.max(0, p.totalBytes - p.bytes) * p.elapsedMs) / p.bytes;
    }
    if (p.totalEntries > 0 && p.entries > 0) {
        return (Math.max(0, p.totalEntries - p.entries) * p.elapsedMs) / p.entries;
    }
    return null;
}
/** `42s`, `3m05s`, `1h02m`; `--` when unknown. */
function formatEta(ms) {
    if (ms === null || !Number.isFinite(ms))
        return '--';
    const s = Math.round(ms / 1000);
    if (s < 60)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60)
        return `${m}m${String(s % 60).padStart(2, '0')}s`;
    return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
/** One frame: `[#####-----] restore compile 50% 120/240 entries, 1.0 MiB/2.0 MiB, 3.1 MiB/s, ETA 4s`, cut to `columns - 1`. */
function renderBar(p, columns) {
    const raw = p.totalBytes > 0 ? p.bytes / p.totalBytes : p.totalEntries > 0 ? p.entries / p.totalEntries : 0;
    const fraction = Math.min(1, Math.max(0, raw));
    const text = `${p.label} ${Math.floor(fraction * 100)}% ${p.entries}/${p.totalEntries} entries, ` +
        `${(0,progress/* formatBytes */.z3)(p.bytes)}/${(0,progress/* formatBytes */.z3)(p.totalBytes)}, ${(0,progress/* formatRate */.CE)(p.bytes, p.elapsedMs)}, ` +
        `ETA ${formatEta(etaMs(p))}`;
    // The bar takes what the text leaves, 10 to 30 cells, or is left out on a narrow terminal.
    const width = Math.min(30, columns - 1 - text.length - 3);
    const filled = Math.round(fraction * width);
    const bar = width >= 10 ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` : '';
    // Never wider than the terminal: a wrapped line could not be redrawn in place.
    return (bar + text).slice(0, Math.max(1, columns - 1));
}
class TerminalProgressBar {
    out;
    shown = false;
    constructor(out) {
        this.out = out;
    }
    /** A log for restore and save: progress lines become the bar, other lines are printed above it. */
    log(print) {
        return (line, progress) => {
            if (progress !== undefined) {
                this.draw(progress);
                return;
            }
            this.clear();
            print(line);
        };
    }
    draw(p) {
        this.out.write(`\r${renderBar(p, this.out.columns || 80)}${ERASE_LINE}`);
        this.shown = true;
    }
    /** Takes the bar off the screen (before another line, and when the command is done). */
    clear() {
        if (!this.shown)
            return;
        this.out.write(`\r${ERASE_LINE}`);
        this.shown = false;
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/cli/index.js
/**
 * The `compile-cache` command's sync half: restore, save, clean and ls, with flags named like the
 * action's inputs (`--bucket`, `--max-size 5G`, …) and `COMPILE_CACHE_<INPUT>` variables as
 * fallbacks, both taken from the input schema (src/config/input-schema.ts), as is the help
 * (`compile-cache --help`, `compile-cache <command> --help`). Credentials come from the environment
 * only (the default AWS chain), never from flags, so they stay out of shell history and process lists.
 * `--json` prints a command's figures as JSON on stdout for scripts.
 */
// First, before any module that touches fs or zlib: sizes libuv's thread pool (when run from source).

















const JSON_FLAG = [
    'json',
    '',
    'print the result as JSON on stdout (progress and log lines go to stderr)'
];
const MANIFEST_FLAG = [
    'manifest',
    'file',
    'the manifest restore writes and save reads (variable COMPILE_CACHE_MANIFEST; default under RUNNER_TEMP or the temp directory)'
];
/** Bucket-side commands, run here; the compiler-side ones run in the wrapper bundle (bin/compile-cache.js). */
const COMMANDS = {
    restore: {
        summary: 'fill the cache directory from the bucket (newest first, up to --max-size) and write the manifest',
        extra: [MANIFEST_FLAG, JSON_FLAG],
        inputs: true
    },
    save: {
        summary: 'clean the cache directory, upload new entries, refresh and prune the bucket',
        extra: [MANIFEST_FLAG, JSON_FLAG],
        inputs: true
    },
    clean: {
        summary: 'clean the cache directory only (--max-size, --max-age); needs no bucket',
        extra: [JSON_FLAG],
        inputs: true
    },
    prepack: {
        summary: "pack the entries written since the restore (the journal's) into the state directory now, so the save only sends them; the compile server does this when the build goes idle (needs no bucket)",
        extra: [JSON_FLAG],
        inputs: true
    },
    install: {
        summary: 'write every entry the last lazy restore kept packed into the cache directory now (needs no bucket)',
        extra: [JSON_FLAG],
        inputs: true
    },
    ls: {
        summary: 'entries and bytes per namespace in the bucket (--local: in the cache directory)',
        extra: [['local', '', 'list the cache directory instead of the bucket (needs no bucket)'], JSON_FLAG],
        inputs: true
    }
};
/** The compiler-side commands (bin/compile-cache.js sends them to the wrapper bundle). */
const WRAPPER_COMMANDS = {
    wrap: 'wrap <compiler> <args...>: run one compile through the cache',
    stats: 'stats [--json]: hits, misses and the hit rate since zero-stats (COMPILE_CACHE_DIR)',
    'zero-stats': 'zero-stats: start counting from zero (COMPILE_CACHE_DIR)',
    'install-shims': 'install-shims <dir>: write the compiler shims and compile-cache-launcher into <dir>',
    server: 'server [--idle-timeout <seconds>] [--warm-up] | server status | server stop | server headers: the compile ' +
        'server of COMPILE_CACHE_DIR, in the foreground (the native shims start one on demand; --warm-up rehearses ' +
        "the hit path before the build's first compile, as the action's pre step has it do; headers, after a " +
        "checkout that came after the start, has it hash the project's headers too)"
};
const CREDENTIALS = 'Credentials: the default AWS chain only (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, …), never flags.';
/** `text` wrapped to `width` columns, each line indented by `indent`. */
function wrapText(text, indent, width = 100) {
    const lines = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
        if (line !== '' && indent.length + line.length + 1 + word.length > width) {
            lines.push(indent + line);
            line = word;
        }
        else
            line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '')
        lines.push(indent + line);
    return lines.join('\n');
}
function inputFlagHelp(spec) {
    const def = spec.default === '' ? 'empty' : spec.default;
    return (`  --${spec.name} <${(0,input_schema/* valueName */.XJ)(spec)}>   (${(0,input_schema/* inputEnvName */.d_)(spec.name)}; default ${def})\n` +
        wrapText(spec.description, '      '));
}
/** The usage of one command, its flags generated from the input schema. */
function commandUsage(command) {
    const wrapper = WRAPPER_COMMANDS[command];
    if (wrapper !== undefined) {
        return `usage: compile-cache ${wrapper}\n(see docs/wrapper.md: COMPILE_CACHE_DIR, COMPILE_CACHE_TENANT, COMPILE_CACHE_DISABLE, COMPILE_CACHE_LOG)\n`;
    }
    const c = COMMANDS[command];
    const parts = [`usage: compile-cache ${command} [--<flag> <value>]…`, '', wrapText(c.summary, ''), ''];
    parts.push('Flags (each falls back to its variable, then to the default):');
    if (c.inputs)
        for (const spec of input_schema/* CLI_INPUTS */.dV)
            parts.push(inputFlagHelp(spec));
    for (const [name, v, text] of c.extra) {
        parts.push(`  --${name}${v === '' ? '' : ` <${v}>`}\n${wrapText(text, '      ')}`);
    }
    parts.push('  --help\n      print this help', '', CREDENTIALS, 'Exit codes: 0 done, 1 cache trouble, 2 bad usage.');
    return parts.join('\n') + '\n';
}
/** The overall usage: the commands, and the flags by name. */
function usage() {
    const width = Math.max(...Object.keys(COMMANDS).map(c => c.length));
    return [
        'usage: compile-cache <command> [--<flag> <value>]…',
        '       compile-cache <command> --help | compile-cache help <command>',
        '',
        'Commands (bucket side):',
        ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
        'Commands (compiler side):',
        ...Object.values(WRAPPER_COMMANDS).map(w => `  ${w}`),
        '',
        wrapText(`Flags of the bucket-side commands are the action's inputs: ${input_schema/* CLI_INPUTS */.dV.map(s => `--${s.name}`).join(', ')}; each falls back to its variable COMPILE_CACHE_<NAME> (COMPILE_CACHE_DIR for --cache-dir), then to the action's default. restore and save also take --manifest; every bucket-side command takes --json; ls takes --local.`, ''),
        CREDENTIALS,
        ''
    ].join('\n');
}
const INPUT_FLAGS = new Set(input_schema/* CLI_INPUTS */.dV.map(s => s.name));
const FLAGS_WITHOUT_INPUT = new Set(['manifest', 'local', 'help', 'json']);
const SWITCHES = new Set(['local', 'help', 'json']);
function unknownCommand(command) {
    return new errors/* InvalidInputError */.oC(`unknown command ${JSON.stringify(command)}: expected one of ${[...Object.keys(COMMANDS), ...Object.keys(WRAPPER_COMMANDS)].join(', ')} (see compile-cache --help)`);
}
function parseArgs(argv) {
    const [first = 'help', ...rest] = argv;
    const command = first === '--help' || first === '-h' ? 'help' : first;
    if (command === 'help') {
        if (rest.length > 1)
            throw new errors/* InvalidInputError */.oC('help takes at most one command: compile-cache help <command>');
        const topic = rest[0];
        if (topic !== undefined && !(topic in COMMANDS) && !(topic in WRAPPER_COMMANDS))
            throw unknownCommand(topic);
        return { command, flags: new Map(), topic };
    }
    // The compiler-side commands run in the wrapper bundle; only their usage is printed here.
    if (command in WRAPPER_COMMANDS && (rest[0] === '--help' || rest[0] === '-h')) {
        return { command: 'help', flags: new Map(), topic: command };
    }
    if (!(command in COMMANDS))
        throw unknownCommand(command);
    const flags = new Map();
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === '-h') {
            flags.set('help', 'true');
            continue;
        }
        if (!arg.startsWith('--'))
            throw new errors/* InvalidInputError */.oC(`unexpected argument ${JSON.stringify(arg)}: expected --<flag> <value>`);
        const eq = arg.indexOf('=');
        const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
        if (!INPUT_FLAGS.has(name) && !FLAGS_WITHOUT_INPUT.has(name)) {
            throw new errors/* InvalidInputError */.oC(`unknown flag --${name}: expected one of the flags in compile-cache ${command} --help`);
        }
        if (eq >= 0)
            flags.set(name, arg.slice(eq + 1));
        else if (SWITCHES.has(name))
            flags.set(name, 'true');
        else {
            const v = rest[++i];
            if (v === undefined)
                throw new errors/* InvalidInputError */.oC(`flag --${name} needs a value`);
            flags.set(name, v);
        }
    }
    return { command, flags };
}
/**
 * The configuration from the flags, then the `COMPILE_CACHE_<NAME>` variables, then the `--config`
 * file (src/cli/config-file.ts), then the defaults. Inputs that are not CLI flags (the job-only ones,
 * such as summary or compiler-shims) take their defaults: the variables the action itself exports
 * (COMPILE_CACHE_TENANT, …) must not steer them. Credentials: the file's static keys, or none (the
 * default AWS chain).
 */
function configFrom(flags, env) {
    const given = (name) => flags.get(name) ?? env[(0,input_schema/* inputEnvName */.d_)(name)];
    const configPath = given('config');
    const file = configPath ? readConfigFile(configPath) : undefined;
    try {
        const config = (0,inputs/* readConfig */.Xg)(name => (INPUT_FLAGS.has(name) ? (given(name) ?? file?.settings.get(name)?.value ?? '') : ''), env);
        return { config, credentials: file?.credentials };
    }
    catch (err) {
        // A bad value from the file: name the file and the key it came from.
        const name = err instanceof errors/* InvalidInputError */.oC ? /^input "([^"]+)"/.exec(err.message)?.[1] : undefined;
        const setting = name !== undefined && given(name) === undefined ? file?.settings.get(name) : undefined;
        if (file !== undefined && setting !== undefined) {
            throw new ConfigFileError(file.file, `${setting.key}: ${err.message}`);
        }
        throw err;
    }
}
const print = (line) => process.stdout.write(line + '\n');
const printErr = (line) => process.stderr.write(line + '\n');
const printJson = (value) => print(JSON.stringify(value, null, 2));
/** Runs one command; returns the exit code (0 ok, 1 cache trouble, 2 bad usage). */
async function runCli(argv, env = process.env) {
    let parsed;
    let config;
    let credentials;
    try {
        parsed = parseArgs(argv);
        if (parsed.command === 'help') {
            process.stdout.write(parsed.topic === undefined ? usage() : commandUsage(parsed.topic));
            return 0;
        }
        if (parsed.flags.has('help')) {
            process.stdout.write(commandUsage(parsed.command));
            return 0;
        }
        ({ config, credentials } = configFrom(parsed.flags, env));
    }
    catch (err) {
        process.stderr.write(`compile-cache: ${(0,sync_failures/* errorText */.kc)(err)}\n`);
        return 2;
    }
    const manifestPath = parsed.flags.get('manifest') ?? env.COMPILE_CACHE_MANIFEST ?? (0,job/* defaultManifestPath */.wN)(config, env);
    const needsBucket = ['restore', 'save', 'ls'].includes(parsed.command) && !parsed.flags.has('local');
    if (needsBucket && !config.bucket) {
        process.stderr.write(`compile-cache: ${parsed.command} needs --bucket (or COMPILE_CACHE_BUCKET, or an s3 [[cache]] in --config)\n`);
        return 2;
    }
    try {
        return await runCommand(parsed, config, credentials, manifestPath, env);
    }
    catch (err) {
        // A cache directory that cannot be made or written (named), or another failure of ours.
        process.stderr.write(`compile-cache: ${parsed.command} failed: ${(0,sync_failures/* errorText */.kc)(err)}\n`);
        return 1;
    }
}
async function runCommand(parsed, config, credentials, manifestPath, env) {
    const json = parsed.flags.has('json');
    // On a terminal, restore and save draw a progress bar on stderr (none for --json or a log).
    const bar = (parsed.command === 'restore' || parsed.command === 'save') && wantsBar(process.stderr, env, json)
        ? new TerminalProgressBar(process.stderr)
        : undefined;
    try {
        return await runCommandWith(parsed, config, credentials, manifestPath, bar);
    }
    finally {
        bar?.clear();
    }
}
async function runCommandWith(parsed, config, credentials, manifestPath, bar) {
    const json = parsed.flags.has('json');
    // With --json, stdout carries only the JSON document.
    const log = bar ? bar.log(print) : json ? printErr : print;
    const progressIntervalMs = bar ? BAR_INTERVAL_MS : undefined;
    const location = `s3://${config.bucket}/${config.prefix}`;
    switch (parsed.command) {
        case 'restore': {
            const r = await (0,job/* restoreJob */._M)(config, credentials, { log, manifestPath, progressIntervalMs });
            bar?.clear();
            if (json) {
                printJson({
                    command: 'restore',
                    location,
                    cacheDir: config.cacheDir,
                    remoteUnavailable: r.remoteUnavailable,
                    namespaces: r.figures,
                    warnings: r.warnings,
                    manifestPath: r.manifestPath ?? null
                });
            }
            else {
                print((0,summary/* renderSummary */.Br)({
                    location,
                    cacheDir: config.cacheDir,
                    remoteUnavailable: r.remoteUnavailable,
                    restore: r.figures,
                    warnings: r.warnings
                }));
                if (r.manifestPath)
                    print(`manifest: ${r.manifestPath}`);
            }
            return r.remoteUnavailable ? 1 : 0;
        }
        case 'save': {
            const s = await (0,job/* saveJob */.p7)(config, credentials, { log, manifestPath, progressIntervalMs });
            bar?.clear();
            if (json) {
                printJson({
                    command: 'save',
                    location,
                    cacheDir: config.cacheDir,
                    remoteUnavailable: s.remoteUnavailable,
                    uploadMode: s.localOnly ? null : config.uploadMode,
                    namespaces: s.figures,
                    warnings: s.warnings
                });
            }
            else {
                print((0,summary/* renderSummary */.Br)({
                    location,
                    cacheDir: config.cacheDir,
                    remoteUnavailable: s.remoteUnavailable,
                    save: s.figures,
                    uploadMode: s.localOnly ? undefined : config.uploadMode,
                    warnings: s.warnings
                }));
            }
            return s.remoteUnavailable ? 1 : 0;
        }
        case 'clean': {
            const warnings = [];
            // What an earlier version kept at the cache directory's root goes (docs/store.md).
            for (const note of (0,legacy_state/* removeLegacyState */.j)(config.cacheDir))
                log(note);
            const figures = await (0,backends_local/* cleanLocal */.fV)(config, warnings);
            if (json) {
                printJson({ command: 'clean', cacheDir: config.cacheDir, namespaces: figures, warnings });
            }
            else {
                print((0,summary/* renderSummary */.Br)({
                    location: '',
                    cacheDir: config.cacheDir,
                    remoteUnavailable: false,
                    save: figures,
                    warnings
                }));
            }
            return warnings.length > 0 ? 1 : 0;
        }
        case 'install': {
            const started = Date.now();
            const entries = await (0,backends_local/* installKept */.mo)(config, log);
            if (json)
                printJson({ command: 'install', cacheDir: config.cacheDir, entries });
            else
                print(`installed ${entries} kept entries into ${config.cacheDir} in ${Date.now() - started} ms`);
            return 0;
        }
        case 'prepack': {
            const started = Date.now();
            const r = await (0,prepack/* prepackJournaled */.D8)({ cacheDir: config.cacheDir });
            const ms = Date.now() - started;
            if (json)
                printJson({ command: 'prepack', cacheDir: config.cacheDir, ...r, durationMs: ms });
            else
                print((0,prepack/* describePrepack */.GE)(r, ms));
            return 0;
        }
        case 'ls':
            return ls(config, credentials, parsed.flags.has('local'), json);
        default:
            // parseArgs lets only known commands through.
            throw unknownCommand(parsed.command);
    }
}
async function ls(config, credentials, local, json) {
    try {
        const warn = (m) => process.stderr.write(`compile-cache: warning: ${m}\n`);
        const remote = local ? null : await (0,s3/* openRemote */.d3)(config, credentials);
        const root = remote ?? (0,backends_local/* openLocal */.qE)(config, warn);
        const location = local ? config.cacheDir : `s3://${config.bucket}/${config.prefix}`;
        const listings = [];
        for (const ns of config.namespaces) {
            let entries = await (0,sync_entries/* namespaceView */.nj)(root, ns).list();
            if (remote) {
                // The bucket's entries are its objects and what only packs hold (upload modes packs and
                // auto write no objects).
                const failures = new sync_failures/* Failures */.oo(`ls ${ns}`, [], warn);
                const packs = await (0,namespace_packs/* listNamespacePacks */.yL)((0,s3/* packOptions */.Q)(config, remote), ns, failures, { catalog: true });
                entries = [...entries, ...(0,namespace_packs/* packOnlyEntries */.Kp)(packs, entries).filter(e => (0,sync_entries/* isCompleteEntry */.KN)(ns, e))];
            }
            const bytes = entries.reduce((a, e) => a + e.size, 0);
            let newest = -Infinity;
            let oldest = Infinity;
            for (const e of entries) {
                newest = Math.max(newest, e.mtime.getTime());
                oldest = Math.min(oldest, e.mtime.getTime());
            }
            const some = entries.length > 0;
            listings.push({
                namespace: ns,
                entries: entries.length,
                bytes,
                newest: some ? new Date(newest).toISOString() : null,
                oldest: some ? new Date(oldest).toISOString() : null
            });
        }
        if (json) {
            printJson({ location, local, namespaces: listings });
            return 0;
        }
        print(location);
        for (const l of listings) {
            const span = l.newest !== null ? `, newest ${l.newest}, oldest ${l.oldest}` : '';
            print(`  ${l.namespace}: ${l.entries} entries, ${(0,progress/* formatBytes */.z3)(l.bytes)}${span}`);
        }
        return 0;
    }
    catch (err) {
        process.stderr.write(`compile-cache: ls failed: ${(0,sync_failures/* errorText */.kc)(err)}\n`);
        return 1;
    }
}

;// CONCATENATED MODULE: ./build/ncc-src/bundle.js
/**
 * The bundle of the action's steps and the CLI's bucket commands (dist/lib/index.js). The action's
 * step files and the CLI are tiny entry files that import it, so that ncc builds it once and every
 * entry shares its chunks (the AWS SDK's credential chain, @actions/cache). See scripts/build.mjs.
 *
 * The action's steps are a chunk of their own, loaded when a step runs: they bring @actions/core
 * and its HTTP client, whose loading the CLI (a save is a whole command, start to exit) would
 * otherwise pay on every run without using them.
 */
// First, before any module that touches fs or zlib: sizes libuv's thread pool.


async function runStep(step, opts) {
    const { runStep: run } = await Promise.all(/* import() */[__nccwpck_require__.e(838), __nccwpck_require__.e(555)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1555));
    return run(step, opts);
}

var __webpack_exports__runCli = __webpack_exports__.a;
var __webpack_exports__runStep = __webpack_exports__.e;
export { __webpack_exports__runCli as runCli, __webpack_exports__runStep as runStep };
