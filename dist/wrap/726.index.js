export const id = 726;
export const ids = [726];
export const modules = {

/***/ 622:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cc: () => (/* binding */ threadCount),
/* harmony export */   hz: () => (/* binding */ WORKER_READY),
/* harmony export */   yo: () => (/* binding */ CompilePool)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(161);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(919);
/**
 * The compile server's threads. The main thread only accepts connections, reads requests, sends
 * heartbeats and writes answers; the compiles themselves run in worker threads, one compile core
 * (compile.ts) with its own session in each, so a build's parallel hits use as many cores as make -j
 * or ninja give them instead of taking turns on one thread. A hit is mostly short synchronous work
 * (a stat per header, small reads): on one thread, two hits at once cost twice one hit.
 *
 * Each worker is the wrapper bundle itself, started with `workerData.role` set (wrapper-bundle.ts
 * branches on it), so the shipped layout needs no second entry point.
 *
 * A worker that dies (a bug, memory) fails only its compiles in flight, as `error` answers: the
 * client then runs the compiler itself and counts it. It is replaced; after MAX_RESTARTS deaths the
 * pool stops starting workers and the server compiles on its main thread, as with 0 threads.
 */


/** Most threads a server starts, whatever the machine has. */
const MAX_THREADS = 16;
/** Deaths after which no worker is started again. */
const MAX_RESTARTS = 8;
/**
 * The number of compile threads: COMPILE_CACHE_SERVER_THREADS (0: compile on the main thread),
 * by default the cores Node may use, at most MAX_THREADS. A value that is not one is reported
 * through `warn` and the default used: a server started on demand by a build must not refuse to
 * start over it (every compile would wait for it first).
 */
function threadCount(env, warn) {
    const fallback = Math.min(MAX_THREADS, Math.max(1, node_os__WEBPACK_IMPORTED_MODULE_0__.availableParallelism()));
    const raw = env.COMPILE_CACHE_SERVER_THREADS;
    if (raw === undefined || raw.trim() === '')
        return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > MAX_THREADS) {
        warn(`COMPILE_CACHE_SERVER_THREADS: ${JSON.stringify(raw)} is not a whole number from 0 to ${MAX_THREADS} ` +
            `(the compile threads of the server; 0 compiles on its main thread): using ${fallback}`);
        return fallback;
    }
    return n;
}
/** What a worker posts once its compile core is loaded. */
const WORKER_READY = 'ready';
/** A copy that is a Buffer again (structured cloning turns Buffers into plain Uint8Arrays). */
function asBuffer(u) {
    return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
class CompilePool {
    script;
    data;
    threads;
    fallback;
    log;
    slots = [];
    started = false;
    nextId = 1;
    turn = 0;
    deaths = 0;
    closing = false;
    /**
     * `fallback` runs a compile on the calling thread: used until a worker is ready and when the pool
     * has none (every worker died too often).
     *
     * The workers start at the first compile that overlaps another, not with the server: each loads
     * the bundle and warms up on its own (tens of milliseconds of CPU), which a server started just
     * before a short warm build would otherwise spend beside that build. Until one is ready, compiles
     * run on the main thread as they would without threads.
     */
    constructor(script, data, threads, fallback, log) {
        this.script = script;
        this.data = data;
        this.threads = threads;
        this.fallback = fallback;
        this.log = log;
    }
    startWorkers() {
        if (this.started)
            return;
        this.started = true;
        for (let i = 0; i < this.threads; i++)
            this.slots.push(this.startWorker());
    }
    startWorker() {
        const worker = new node_worker_threads__WEBPACK_IMPORTED_MODULE_1__.Worker(this.script, { workerData: this.data, argv: [], stdout: false, stderr: false });
        const slot = { worker, ready: false, pending: new Map() };
        worker.on('message', (reply) => {
            if (reply === WORKER_READY) {
                slot.ready = true;
                return;
            }
            const done = slot.pending.get(reply.id);
            slot.pending.delete(reply.id);
            done?.(reply);
        });
        worker.on('error', err => this.log(`a compile thread failed: ${err.stack ?? err.message}`));
        worker.on('exit', code => this.onExit(slot, code));
        // Idle workers must not keep a stopping server alive.
        worker.unref();
        return slot;
    }
    onExit(slot, code) {
        const at = this.slots.indexOf(slot);
        if (at >= 0)
            this.slots.splice(at, 1);
        for (const [id, done] of slot.pending) {
            done({ id, error: `the compile thread exited (code ${code}) during this compile` });
        }
        slot.pending.clear();
        if (this.closing)
            return;
        this.deaths++;
        if (this.deaths <= MAX_RESTARTS) {
            this.slots.push(this.startWorker());
        }
        else if (this.slots.length === 0) {
            this.log(`compile threads died ${this.deaths} times: compiling on the main thread from now on`);
        }
    }
    /** The ready worker with the fewest compiles in flight (a miss waiting on its compiler counts), in turns among equals. */
    pick() {
        let best;
        const n = this.slots.length;
        for (let k = 0; k < n; k++) {
            const s = this.slots[(this.turn + k) % n];
            if (s.ready && (best === undefined || s.pending.size < best.pending.size))
                best = s;
        }
        this.turn = n === 0 ? 0 : (this.turn + 1) % n;
        return best;
    }
    /** Runs a compile in a worker, or with `fallback` when none is ready (starting them the first time). */
    async run(req) {
        this.startWorkers();
        const slot = this.pick();
        if (slot === undefined)
            return this.fallback(req);
        const id = this.nextId++;
        const reply = await new Promise(resolve => {
            slot.pending.set(id, resolve);
            slot.worker.ref();
            slot.worker.postMessage({ id, request: req });
        }).finally(() => {
            if (slot.pending.size === 0)
                slot.worker.unref();
        });
        if ('error' in reply) {
            const err = new Error(reply.error);
            if (reply.stack !== undefined)
                err.stack = reply.stack;
            throw err;
        }
        const a = reply.answer;
        return a.kind === 'done' ? { ...a, stdout: asBuffer(a.stdout), stderr: asBuffer(a.stderr) } : a;
    }
    /** Stops the workers (call when no compile is in flight). */
    async close() {
        this.closing = true;
        await Promise.all(this.slots.splice(0).map(s => s.worker.terminate()));
    }
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
/* harmony import */ var _compiler_session_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(132);
/* harmony import */ var _compile_pool_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(622);
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
    const session = (0,_compiler_compile_js__WEBPACK_IMPORTED_MODULE_1__/* .createSession */ .j)(data.cacheDir, { longLived: true });
    // Ready once the store's code is loaded too: a hit needs it, and the pool sends nothing before.
    void (0,_compiler_session_js__WEBPACK_IMPORTED_MODULE_3__/* .openCompileStore */ .L)(session, 'compile', 'local').then(() => port.postMessage(_compile_pool_js__WEBPACK_IMPORTED_MODULE_2__/* .WORKER_READY */ .hz), () => port.postMessage(_compile_pool_js__WEBPACK_IMPORTED_MODULE_2__/* .WORKER_READY */ .hz));
    port.on('message', (m) => {
        (0,_compiler_compile_js__WEBPACK_IMPORTED_MODULE_1__/* .compile */ .w)(session, m.request).then(answer => port.postMessage({ id: m.id, answer }), (err) => port.postMessage({
            id: m.id,
            error: err instanceof Error ? err.message : String(err),
            stack: err instanceof Error ? err.stack : undefined
        }));
    });
}


/***/ })

};
