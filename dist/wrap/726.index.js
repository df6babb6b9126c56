export const id = 726;
export const ids = [726];
export const modules = {

/***/ 726:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   serveCompiles: () => (/* binding */ serveCompiles)
/* harmony export */ });
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(919);
/* harmony import */ var _compiler_compile_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(529);
/* harmony import */ var _compiler_session_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(132);
/* harmony import */ var _worker_role_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(331);
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
    void (0,_compiler_session_js__WEBPACK_IMPORTED_MODULE_2__/* .openCompileStore */ .L)(session, 'compile', 'local').then(() => port.postMessage(_worker_role_js__WEBPACK_IMPORTED_MODULE_3__/* .WORKER_READY */ .hz), () => port.postMessage(_worker_role_js__WEBPACK_IMPORTED_MODULE_3__/* .WORKER_READY */ .hz));
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
