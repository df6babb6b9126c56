export const id = 726;
export const ids = [726];
export const modules = {

/***/ 51:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ collectGarbage)
/* harmony export */ });
/* harmony import */ var node_v8__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(877);
/* harmony import */ var node_vm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(714);
/**
 * A full garbage collection on request, for the compile server's idle moments. The warm-up
 * (rehearsals, hashing the manifests' headers) leaves garbage that V8 otherwise collects during the
 * first build: ~40 ms of collector pauses in the compile threads of a fresh server's first fmt build
 * (a CPU profile; none in the second). Collecting it at the end of the warm-up, while the job runs
 * its other steps, keeps those pauses off the build.
 *
 * Node exposes `gc` only with --expose-gc. The flag is set at run time (V8 flags are per process,
 * so the compile threads see it too) and `gc` taken from a fresh context, as jest's leak detector
 * does. Where that fails, nothing is collected early: only a pause moves back into the build.
 */


let gc;
/** Runs a full collection now; false where the runtime does not allow it. */
function collectGarbage() {
    if (gc === undefined) {
        try {
            node_v8__WEBPACK_IMPORTED_MODULE_0__.setFlagsFromString('--expose-gc');
            const found = node_vm__WEBPACK_IMPORTED_MODULE_1__.runInNewContext('gc');
            gc = typeof found === 'function' ? found : null;
        }
        catch {
            gc = null;
        }
    }
    if (gc === null)
        return false;
    gc();
    return true;
}


/***/ }),

/***/ 726:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   serveCompiles: () => (/* binding */ serveCompiles)
/* harmony export */ });
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(919);
/* harmony import */ var _compiler_compile_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(529);
/* harmony import */ var _compiler_direct_depend_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(788);
/* harmony import */ var _compiler_session_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(132);
/* harmony import */ var _runtime_collect_garbage_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(51);
/* harmony import */ var _rehearsal_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(517);
/* harmony import */ var _worker_role_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(331);
/**
 * One compile thread of the server (compile-pool.ts): a compile core with its own session (stat
 * cache, manifests, compiler identities), answering the compiles the main thread posts, as many at
 * once as arrive (a miss waits on its compiler without holding the thread).
 */







function serveCompiles() {
    const port = node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.parentPort;
    if (port === null)
        throw new Error('serveCompiles runs in a worker thread');
    const data = node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.workerData;
    const session = (0,_compiler_compile_js__WEBPACK_IMPORTED_MODULE_1__/* .createSession */ .j)(data.cacheDir, { longLived: true, shareHashes: true });
    // Ready once the store's code is loaded too: a hit needs it, and the pool sends nothing before.
    void (0,_compiler_session_js__WEBPACK_IMPORTED_MODULE_3__/* .openCompileStore */ .L6)(session, 'compile', 'local').then(() => port.postMessage(_worker_role_js__WEBPACK_IMPORTED_MODULE_6__/* .WORKER_READY */ .hz), () => port.postMessage(_worker_role_js__WEBPACK_IMPORTED_MODULE_6__/* .WORKER_READY */ .hz));
    let rehearsalStopped = null;
    /** The rehearsal in progress: a close waits for its answer. */
    let rehearsing = Promise.resolve();
    port.on('message', (m) => {
        if ('stopRehearsal' in m) {
            rehearsalStopped = m.stopRehearsal;
            return;
        }
        if ('learn' in m) {
            session.fileHashes.adopt(m.learn);
            (0,_compiler_direct_depend_js__WEBPACK_IMPORTED_MODULE_2__/* .adoptOutcomes */ .o5)(session.dependPolicy, m.lookups);
            return;
        }
        if ('close' in m) {
            // Every message before this one has been handled, and the work put off after their answers
            // started (runDeferred): without the port, the thread exits once that work is done. A
            // rehearsal (told to stop just before) answers first.
            void rehearsing.finally(() => port.close());
            return;
        }
        if ('rehearse' in m) {
            // The directory is the main thread's to remove: a terminated worker runs no cleanup.
            rehearsing = (0,_rehearsal_js__WEBPACK_IMPORTED_MODULE_5__/* .rehearse */ .Km)(m.rehearse, process.env, () => rehearsalStopped).then(rehearsed => {
                // The rehearsal's garbage, collected now rather than in the build's first compiles; not
                // when the build has started (the pause would be the build's).
                if (rehearsed.skipped === null && rehearsalStopped === null)
                    (0,_runtime_collect_garbage_js__WEBPACK_IMPORTED_MODULE_4__/* .collectGarbage */ .i)();
                port.postMessage({ id: m.id, rehearsed });
            });
            return;
        }
        (0,_compiler_compile_js__WEBPACK_IMPORTED_MODULE_1__/* .compile */ .w)(session, m.request)
            .then(answer => port.postMessage({
            id: m.id,
            answer,
            learned: session.fileHashes.takeLearned(),
            lookups: (0,_compiler_direct_depend_js__WEBPACK_IMPORTED_MODULE_2__/* .takeOutcomes */ .lf)(session.dependPolicy)
        }), (err) => {
            session.fileHashes.takeLearned();
            (0,_compiler_direct_depend_js__WEBPACK_IMPORTED_MODULE_2__/* .takeOutcomes */ .lf)(session.dependPolicy);
            port.postMessage({
                id: m.id,
                error: err instanceof Error ? err.message : String(err),
                stack: err instanceof Error ? err.stack : undefined
            });
        })
            // After the answer is posted: the main thread writes it to the client meanwhile.
            .then(() => (0,_compiler_session_js__WEBPACK_IMPORTED_MODULE_3__/* .runDeferred */ .Rq)(session));
    });
}


/***/ }),

/***/ 517:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Km: () => (/* binding */ rehearse),
/* harmony export */   b: () => (/* binding */ removeRehearsalDir),
/* harmony export */   ds: () => (/* binding */ makeRehearsalDir)
/* harmony export */ });
/* unused harmony export REHEARSAL_HITS */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(760);
/* harmony import */ var _compiler_compile_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(529);
/* harmony import */ var _compiler_session_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(132);
/* harmony import */ var _store_state_dir_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(473);
/**
 * The server's warm-up: a rehearsal of the hit path on a throwaway project, so that the build's first
 * hits meet compiled code. A freshly started Node runs the compile core through its interpreter:
 * on a fresh server, the first warm build of a small project (Lua, 34 hits) cost ~250 ms of server
 * CPU against ~100 ms for the same build on a server that had served one before; the difference is
 * V8's tiers and the built-in modules a first hit loads (node:crypto, node:child_process), not I/O.
 * Both are per process and per thread, and nothing on disk can carry them over: the code has to run.
 *
 * The action's pre step starts the server long before the build (checkout, set-up and configure
 * steps come between), so it asks for a rehearsal (`server --warm-up`); a server started on demand
 * by a build's first compile does not rehearse, which would only compete with that build.
 *
 * The rehearsal never touches the cache directory it serves, nor its statistics: it compiles a small
 * generated source (one header of its own and <stdio.h>) with `cc` from the server's PATH, into a
 * cache directory inside a private temporary directory, through a session of its own, with that
 * cache directory's state directory (statistics, journal, compiler memos) assigned inside it too.
 * The caller makes the directory and removes it, so that a rehearsal stopped half-way (the server
 * stopping, a worker terminated) leaves nothing behind.
 */






/** Compiles after the first (a miss): enough for V8 to optimise what every hit runs. */
const REHEARSAL_HITS = 150;
/**
 * The sources must be older than this before the first compile: a file changed within a second of a
 * compile is "too new" for a direct-mode manifest (file-hash.ts), and the rehearsal would then warm
 * the preprocessor path instead of the hit's.
 */
const SETTLE_MS = 1100;
const HEADER = `#ifndef REHEARSAL_H
#define REHEARSAL_H
struct rehearsal { int hits; const char *name; };
int rehearsal_count(const struct rehearsal *r);
#endif
`;
const SOURCE = `#include <stdio.h>
#include "rehearsal.h"
int rehearsal_count(const struct rehearsal *r) {
  printf("%s\\n", r->name);
  return r->hits + 1;
}
`;
/** A private directory for one rehearsal (mode 0700, in the system's temporary directory). */
function makeRehearsalDir() {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir(), 'compile-cache-rehearsal-'));
}
/** Removes a rehearsal's directory (its cache directory and that one's state directory are inside). */
function removeRehearsalDir(dir) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(dir, { recursive: true, force: true });
}
function sleep(ms) {
    return new Promise(r => setTimeout(r, ms).unref());
}
/**
 * Runs the rehearsal in `dir` (from makeRehearsalDir, empty): one miss, then `hits` compiles that
 * should hit, half of them with a depfile. `interrupted()` is asked between compiles: once it names
 * a reason (the server stops; the build's own compiles arrive, which warm the code as well as this
 * would), the rest is skipped. Never throws: a rehearsal that fails only leaves the code colder.
 */
async function rehearse(dir, env, interrupted, hits = REHEARSAL_HITS) {
    const started = Date.now();
    const result = (compiles, skipped) => ({
        compiles,
        skipped,
        ms: Date.now() - started
    });
    const src = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'src');
    const cacheDir = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'cache');
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(src, { mode: 0o700 });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(src, 'rehearsal.h'), HEADER);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(src, 'rehearsal.c'), SOURCE);
    }
    catch (err) {
        return result(0, `its files could not be written: ${err.message}`);
    }
    await sleep(SETTLE_MS);
    // Its statistics, journal and compiler memos stay inside `dir` too, whatever COMPILE_CACHE_STATE_DIR says.
    (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_5__/* .assignStateDir */ .cv)(cacheDir, node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'state'));
    try {
        return await rehearseIn(src, cacheDir, dir, env, interrupted, hits, result);
    }
    catch (err) {
        return result(0, `it failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    finally {
        (0,_store_state_dir_js__WEBPACK_IMPORTED_MODULE_5__/* .assignStateDir */ .cv)(cacheDir, null);
    }
}
async function rehearseIn(src, cacheDir, dir, env, interrupted, hits, result) {
    const session = (0,_compiler_compile_js__WEBPACK_IMPORTED_MODULE_3__/* .createSession */ .j)(cacheDir, { longLived: true, logFile: null });
    // Only what a compiler needs to run: the server's own environment may carry the job's secrets,
    // and nothing here needs them.
    const compileEnv = {
        PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        HOME: dir,
        LC_ALL: 'C',
        COMPILE_CACHE_DIR: cacheDir
    };
    const request = (depfile) => ({
        invokedAs: 'compile-cache-launcher',
        mode: 'launcher',
        args: [
            'cc',
            '-O2',
            '-Wall',
            ...(depfile ? ['-MMD', '-MT', 'rehearsal.o', '-MF', 'rehearsal.d'] : []),
            '-c',
            'rehearsal.c',
            '-o',
            'rehearsal.o'
        ],
        cwd: src,
        env: compileEnv,
        stderrIsTTY: false
    });
    let compiles = 0;
    // The two commands' misses first, then their hits in turns.
    for (let i = 0; i < hits + 2; i++) {
        const why = interrupted();
        if (why !== null)
            return result(compiles, why);
        const answer = await (0,_compiler_compile_js__WEBPACK_IMPORTED_MODULE_3__/* .compile */ .w)(session, request(i % 2 === 1));
        // As a server does after each answer: the hit's touches are part of the path being warmed.
        await (0,_compiler_session_js__WEBPACK_IMPORTED_MODULE_4__/* .runDeferred */ .Rq)(session);
        compiles++;
        if (answer.kind !== 'done')
            return result(compiles, `cc was not cached (${answer.reason})`);
        if (answer.status !== 0) {
            const first = answer.stderr.toString('utf8').trim().split('\n')[0] ?? '';
            return result(compiles, `cc failed (exit ${answer.status}${first === '' ? '' : `: ${first}`})`);
        }
    }
    return result(compiles, null);
}


/***/ })

};
