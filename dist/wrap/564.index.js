export const id = 564;
export const ids = [564];
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

/***/ 564:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  serverCommand: () => (/* binding */ serverCommand)
});

// UNUSED EXPORTS: SERVER_USAGE

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(30);
// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(573);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
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
const MAX_REQUEST = 64 << 20;
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
    return signal === null ? 0 : (external_node_os_.constants.signals[signal] ?? 0);
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
    if (text.includes('\uFFFD') && !(0,external_node_buffer_.isUtf8)(copy.subarray(4)))
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
    return !s.includes('\uFFFD') || (0,external_node_buffer_.isUtf8)(b) ? s : null;
}

;// CONCATENATED MODULE: ./build/ncc-src/server/client.js
/**
 * The TypeScript side of talking to a compile server: ping, stop and a raw request (the action's
 * pre and post steps, `compile-cache-wrap server stop|status`, the tests). Compiles go through the
 * native client (native/client.c); this one is for control. Every wait is bounded.
 */


/** The server could not be reached or did not answer in time; `code` is the socket error, if any. */
class client_ServerUnavailableError extends Error {
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
        conn.setTimeout(silenceMs, () => finish(new client_ServerUnavailableError(`${socket}: no answer within ${silenceMs} ms`, 'ETIMEDOUT')));
        conn.on('error', (err) => finish(new client_ServerUnavailableError(`${socket}: ${err.message}`, err.code)));
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
        conn.on('close', () => finish(new client_ServerUnavailableError(`${socket}: the server closed the connection without an answer`, 'ECONNRESET')));
    });
}
/** The server's `info` text (pid and cache directory); rejects when none answers. */
async function client_ping(socket, timeoutMs) {
    const a = await request(socket, { type: 'ping' }, timeoutMs);
    if (a.type !== 'info')
        throw new client_ServerUnavailableError(`${socket}: unexpected answer ${a.type} to ping`);
    return a.text;
}

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(919);
// EXTERNAL MODULE: ./build/ncc-src/compiler/direct/depend.js
var depend = __webpack_require__(788);
// EXTERNAL MODULE: ./build/ncc-src/server/worker-role.js
var worker_role = __webpack_require__(331);
;// CONCATENATED MODULE: ./build/ncc-src/server/compile-pool.js
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
 * Each thread keeps its own stat cache of header hashes (file-hash.ts), and hands what it hashed to
 * the others with its answer: without that, a build's first hits hashed each header once per thread
 * (fmt's tests read 319 files, 4 MB, per compile), and a fresh server's first warm build paid that
 * several times over.
 *
 * A worker that dies (a bug, memory) fails only its compiles in flight, as `error` answers: the
 * client then runs the compiler itself and counts it. It is replaced; after MAX_RESTARTS deaths the
 * pool stops starting workers and the server compiles on its main thread, as with 0 threads.
 */




/** Most threads a server starts, whatever the machine has. */
const MAX_THREADS = 16;
/** Deaths after which no worker is started again. */
const MAX_RESTARTS = 8;
/** How long close() lets a worker finish what it put off before terminating it. */
const CLOSE_GRACE_MS = 5_000;
/**
 * The number of compile threads: COMPILE_CACHE_SERVER_THREADS (0: compile on the main thread),
 * by default the cores Node may use, at most MAX_THREADS. A value that is not one is reported
 * through `warn` and the default used: a server started on demand by a build must not refuse to
 * start over it (every compile would wait for it first).
 */
function threadCount(env, warn) {
    const fallback = Math.min(MAX_THREADS, Math.max(1, external_node_os_.availableParallelism()));
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
    hashes;
    policy;
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
     * `hashes`: the main thread's stat cache, which adopts what the workers hash (the main thread
     * compiles too); what the main thread hashes reaches the workers through `share`.
     *
     * The workers start at the first compile that overlaps another, not with the server: each loads
     * the bundle and warms up on its own (tens of milliseconds of CPU), which a server started just
     * before a short warm build would otherwise spend beside that build. Until one is ready, compiles
     * run on the main thread as they would without threads. A server told to warm up (rehearse)
     * starts them at once instead.
     */
    constructor(script, data, threads, fallback, log, hashes = null, policy = null) {
        this.script = script;
        this.data = data;
        this.threads = threads;
        this.fallback = fallback;
        this.log = log;
        this.hashes = hashes;
        this.policy = policy;
    }
    /** Hands header hashes and depend-mode lookup outcomes the main thread made to the workers. */
    share(learned, lookups = []) {
        this.spread(learned, lookups, null);
    }
    spread(learned, lookups, from) {
        if (learned.length === 0 && lookups.length === 0)
            return;
        for (const s of this.slots)
            if (s !== from)
                s.worker.postMessage({ learn: learned, lookups });
    }
    /**
     * Starts the workers now (not at the first overlap) and has each rehearse in the directory of the
     * same index (rehearsal.ts): the server's warm-up. Resolves with what each one did.
     */
    async rehearse(dirs) {
        this.startWorkers();
        return Promise.all(this.slots.slice(0, dirs.length).map(async (slot, i) => {
            const reply = await this.post(slot, { id: this.nextId++, rehearse: dirs[i] });
            if ('rehearsed' in reply)
                return reply.rehearsed;
            return { compiles: 0, skipped: 'error' in reply ? reply.error : 'no answer', ms: 0 };
        }));
    }
    /** Ends the rehearsals in progress after their current compile. */
    stopRehearsals(why = 'the build started compiling') {
        for (const s of this.slots)
            s.worker.postMessage({ stopRehearsal: why });
    }
    /** Posts a message that has an answer, keeping the worker (and so the server) alive until it comes. */
    post(slot, message) {
        return new Promise(resolve => {
            slot.pending.set(message.id, resolve);
            slot.worker.ref();
            slot.worker.postMessage(message);
        }).finally(() => {
            if (slot.pending.size === 0)
                slot.worker.unref();
        });
    }
    startWorkers() {
        if (this.started)
            return;
        this.started = true;
        for (let i = 0; i < this.threads; i++)
            this.slots.push(this.startWorker());
    }
    startWorker() {
        const worker = new external_node_worker_threads_.Worker(this.script, { workerData: this.data, argv: [], stdout: false, stderr: false });
        const slot = { worker, ready: false, pending: new Map() };
        worker.on('message', (reply) => {
            if (reply === worker_role/* WORKER_READY */.hz) {
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
        const reply = await this.post(slot, { id: this.nextId++, request: req });
        if ('error' in reply) {
            const err = new Error(reply.error);
            if (reply.stack !== undefined)
                err.stack = reply.stack;
            throw err;
        }
        if (!('answer' in reply))
            throw new Error('a compile thread answered a compile with something else');
        if (reply.learned.length > 0 || reply.lookups.length > 0) {
            this.hashes?.adopt(reply.learned);
            if (this.policy !== null)
                (0,depend/* adoptOutcomes */.o5)(this.policy, reply.lookups);
            this.spread(reply.learned, reply.lookups, slot);
        }
        const a = reply.answer;
        return a.kind === 'done' ? { ...a, stdout: asBuffer(a.stdout), stderr: asBuffer(a.stderr) } : a;
    }
    /**
     * Stops the workers (call when no compile is in flight). Each first finishes the work it put off
     * after its last answers (a hit's touches: session.ts afterAnswer), which terminating it at once
     * could cut short; one that does not exit within CLOSE_GRACE_MS (a rehearsal still running, a
     * stuck file system) is terminated.
     */
    async close() {
        this.closing = true;
        this.stopRehearsals('the server is stopping');
        await Promise.all(this.slots.splice(0).map(async (s) => {
            const exited = new Promise(resolve => s.worker.once('exit', () => resolve()));
            s.worker.postMessage({ close: true });
            let timer;
            const late = new Promise(resolve => {
                timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS);
            });
            if ((await Promise.race([exited, late])) === 'late')
                await s.worker.terminate();
            clearTimeout(timer);
        }));
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __webpack_require__(233);
// EXTERNAL MODULE: ./build/ncc-src/compiler/stats.js
var stats = __webpack_require__(59);
// EXTERNAL MODULE: ./build/ncc-src/compiler/compile.js
var compile = __webpack_require__(529);
// EXTERNAL MODULE: ./build/ncc-src/runtime/collect-garbage.js
var collect_garbage = __webpack_require__(51);
// EXTERNAL MODULE: ./build/ncc-src/compiler/session.js
var compiler_session = __webpack_require__(132);
// EXTERNAL MODULE: ./build/ncc-src/compiler/travel.js
var travel = __webpack_require__(866);
// EXTERNAL MODULE: ./build/ncc-src/compiler/direct/file-hash.js
var file_hash = __webpack_require__(989);
// EXTERNAL MODULE: ./build/ncc-src/compiler/direct/manifest.js
var manifest = __webpack_require__(783);
;// CONCATENATED MODULE: ./build/ncc-src/compiler/direct/prehash.js
/**
 * The headers a build will check, hashed before it starts: part of the compile server's warm-up
 * (server.ts). A direct-mode hit checks every file its manifest names through the stat cache
 * (file-hash.ts); a fresh server's cache is empty, so its first build hashed every header once
 * (a fmt test compile reads 319 files, 4 MB) where a later build only stats them. The manifests
 * the restore brought name those files: the warm-up reads them, newest first, hashes the files they
 * name that exist here, and keeps the decoded manifests while they fit in what a session keeps
 * (session.ts: 32 MiB of blobs), so the build's first hits on this thread read none from disk.
 *
 * What the warm-up can reach is what exists when it runs. In the action that is before the
 * checkout: system and toolchain headers (most of a C++ compile's), not the project's own files,
 * which the build hashes as before. A server warmed up beside an existing tree (other CI systems,
 * a developer's machine) also gets the project's headers: a path relative to the working directory
 * is resolved against the one the entry records. Paths relative to the checkout (keys that travel)
 * are skipped: which checkout a build will use is not known before it asks.
 *
 * Everything here is read from the cache directory, whose content a build planted: a manifest is
 * decoded like any other (manifest.ts), files below the cache directory are never read, and
 * hashFile opens only regular files, without blocking. The work is bounded in files and time, gives
 * way to the event loop between manifests (the server answers meanwhile), and stops as soon as
 * `interrupted` names a reason (the build's first compile, the server stopping).
 */





const PREHASH_LIMITS = { maxFiles: 50_000, maxMs: 3_000 };
function yieldToLoop() {
    return new Promise(r => setImmediate(r));
}
/**
 * Hashes into `session`'s stat cache the files named by the manifests in `namespace` (every
 * tenant), newest manifest first, and keeps the manifests while they fit. Never throws: a warm-up that fails
 * only leaves the cache colder.
 */
async function prehashManifestFiles(session, namespace, interrupted, limits = PREHASH_LIMITS) {
    const started = Date.now();
    const seen = new Set();
    let manifests = 0;
    let hashed = 0;
    let keep = true;
    const result = (stopped) => ({
        manifests,
        files: seen.size,
        hashed,
        stopped,
        ms: Date.now() - started
    });
    try {
        const store = await (0,compiler_session/* openCompileStore */.L6)(session, namespace);
        // What a lazy restore kept packed counts too: the first get of one installs its chunk.
        const kept = store.kept?.() ?? [];
        const infos = [...(await store.list()), ...kept].sort((a, b) => b.mtime.getTime() - a.mtime.getTime());
        for (const info of infos) {
            await yieldToLoop();
            const why = interrupted() ??
                (Date.now() - started > limits.maxMs ? `the time limit (${limits.maxMs} ms)` : null) ??
                (seen.size >= limits.maxFiles ? `the file limit (${limits.maxFiles})` : null);
            if (why !== null)
                return result(why);
            const bytes = await store.namespace(info.namespace).get(Buffer.from(info.key, 'hex'), 'manifest');
            const m = bytes === null ? null : (0,manifest/* decodeManifest */.MK)(bytes);
            if (m === null)
                continue;
            manifests++;
            if (keep)
                keep = (0,compiler_session/* rememberManifest */.fg)(session, info.key, m, bytes?.length ?? 0, true);
            const reference = (0,file_hash/* nowNs */.Ck)();
            for (const e of m.entries) {
                for (const [named] of e.files) {
                    // The path as a hit looks it up (direct.ts resolves what the manifest names against the
                    // compile's working directory, which an entry that does not travel records as its scope).
                    if (named.startsWith(travel/* TOKEN */.CV) || (!external_node_path_.isAbsolute(named) && e.scope === null))
                        continue;
                    const file = external_node_path_.resolve(e.scope ?? '/', named);
                    if (seen.has(file))
                        continue;
                    seen.add(file);
                    if ((0,travel/* isBelow */.Yw)(file, session.cacheDir) || session.fileHashes.get(file) !== undefined)
                        continue;
                    if ((0,file_hash/* hashFile */.DC)(session.fileHashes, file, reference) !== null)
                        hashed++;
                }
            }
        }
        return result(null);
    }
    catch (err) {
        return result(`it failed: ${err instanceof Error ? err.message : String(err)}`);
    }
}

// EXTERNAL MODULE: ./build/ncc-src/compiler/lazy-crypto.js
var lazy_crypto = __webpack_require__(496);
// EXTERNAL MODULE: ./build/ncc-src/compiler/wrap.js + 3 modules
var wrap = __webpack_require__(830);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
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
function socket_path_serverPaths(cacheDir, env = process.env) {
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
    const st = (0,external_node_fs_.lstatSync)(dir);
    if (st.isSymbolicLink() || !st.isDirectory())
        throw new UnsafeRuntimeDirError(dir, `is ${(0,safe_fs/* describeKind */.SB)(st)}`);
    if (st.uid !== uid())
        throw new UnsafeRuntimeDirError(dir, `is owned by uid ${st.uid}`);
    if ((st.mode & 0o077) !== 0)
        throw new UnsafeRuntimeDirError(dir, `has mode 0${(st.mode & 0o777).toString(8)}`);
}
/** Makes the runtime directory (0700) when missing, then checks it as the client will. */
function ensureRuntimeDir(dir) {
    try {
        (0,external_node_fs_.mkdirSync)(dir, { mode: 0o700 });
    }
    catch (err) {
        if ((0,safe_fs/* errorCode */.CA)(err) !== 'EEXIST')
            throw err;
    }
    checkRuntimeDir(dir);
}

// EXTERNAL MODULE: ./build/ncc-src/server/rehearsal.js
var rehearsal = __webpack_require__(517);
;// CONCATENATED MODULE: ./build/ncc-src/server/server.js
/**
 * The compile server: one long-lived process per cache directory that runs the compile core for the
 * native client, so a hit no longer pays a Node start. It listens on a Unix socket in a private
 * directory (socket-path.ts), takes one request per connection (protocol.ts), runs every compile as
 * soon as it arrives (make -j and ninja get all the parallelism they ask for), and exits after an idle
 * time, on SIGTERM/SIGINT or on a `stop` request, always after the compiles in flight have answered
 * and the statistics are flushed.
 *
 * The server never prints or logs a request's environment: it carries the build's secrets.
 */


















/** Default idle time before the server exits (no request for this long). */
const DEFAULT_IDLE_SECONDS = 600;
/** How often (at most) a running compile's client hears that the server is alive. */
const HEARTBEAT_MS = 1000;
/** A connection that sends no whole request in this time is closed. */
const REQUEST_READ_MS = 30_000;
/** A lock left by a server that died while replacing a stale socket is taken over after this. */
const STALE_LOCK_MS = 10_000;
/**
 * How long the build must be quiet (no compile in flight, none arriving) before the server packs
 * the entries it wrote (ServerOptions.prepack): longer than the pause between two compiles of a
 * busy make, shorter than the gap between the build step and the save.
 */
const PREPACK_AFTER_QUIET_MS = 300;
function sleep(ms) {
    return new Promise(r => setTimeout(r, ms));
}
function listen(server, socket) {
    return new Promise((resolve, reject) => {
        const onError = (err) => reject(err);
        server.once('error', onError);
        // The directory already keeps others out; the umask makes the socket 0600 from its first moment.
        const old = process.umask(0o077);
        try {
            server.listen(socket, () => {
                server.off('error', onError);
                resolve();
            });
        }
        finally {
            process.umask(old);
        }
    });
}
/** Takes the short-lived lock for replacing a stale socket (O_EXCL); false when someone holds it. */
function takeLock(lock) {
    try {
        (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(lock, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW, 0o600));
        return true;
    }
    catch (err) {
        if ((0,safe_fs/* errorCode */.CA)(err) !== 'EEXIST')
            throw err;
        try {
            if (Date.now() - (0,external_node_fs_.lstatSync)(lock).mtimeMs > STALE_LOCK_MS)
                (0,external_node_fs_.unlinkSync)(lock);
        }
        catch {
            // gone meanwhile
        }
        return false;
    }
}
/**
 * Listens on the socket unless another server already answers there (then null). A socket file
 * nobody answers on (a server that was killed) is replaced, under a lock so that two servers
 * starting at once never both replace it and one end up listening on a removed path.
 */
async function listenExclusive(paths) {
    for (let attempt = 0; attempt < 200; attempt++) {
        const server = external_node_net_.createServer({ pauseOnConnect: false });
        try {
            await listen(server, paths.socket);
            return server;
        }
        catch (err) {
            if ((0,safe_fs/* errorCode */.CA)(err) !== 'EADDRINUSE')
                throw err;
        }
        if (await client_ping(paths.socket, 2000).then(() => true, () => false))
            return null;
        if (!takeLock(paths.lock)) {
            await sleep(50);
            continue;
        }
        try {
            const alive = await client_ping(paths.socket, 2000).then(() => true, () => false);
            if (alive)
                return null;
            try {
                (0,external_node_fs_.unlinkSync)(paths.socket);
            }
            catch (err) {
                if ((0,safe_fs/* errorCode */.CA)(err) !== 'ENOENT')
                    throw err;
            }
        }
        finally {
            try {
                (0,external_node_fs_.unlinkSync)(paths.lock);
            }
            catch {
                // taken over as stale meanwhile
            }
        }
    }
    throw new Error(`${paths.socket}: could not listen (another server keeps starting there)`);
}
/** The cache directory a request's environment names, resolved against its working directory (as the client does). */
function requestCacheDir(env, cwd) {
    const dir = env.COMPILE_CACHE_DIR;
    if (dir !== undefined && dir !== '')
        return external_node_path_.resolve(cwd, dir);
    const xdg = env.XDG_CACHE_HOME;
    if (xdg !== undefined && xdg !== '')
        return external_node_path_.resolve(cwd, xdg, 'compile-cache');
    const home = env.HOME;
    return home !== undefined && home !== '' ? external_node_path_.resolve(cwd, home, '.cache', 'compile-cache') : null;
}
/** Environments parsed lately, kept by their bytes on the wire (at most this many). */
const KEPT_ENVIRONMENTS = 4;
/** A request's buffer is held until the next request only up to this size (EnvironmentCache). */
const MAX_HELD_REQUEST = 1 << 20;
/**
 * The environments of recent requests, parsed, by their bytes: a build sends the same environment
 * with every compile, and parsing it (a string and an object property per variable: a hundred on a
 * CI runner) cost more than comparing its bytes. An environment is kept once a second request
 * brings it (copied and frozen then: the compile core only reads it, and a compile thread gets a
 * copy anyway), so that one that changes with every call (hyperfine adds a variable of random
 * length to each run) costs no copy and no freeze.
 */
class EnvironmentCache {
    kept = [];
    /** The last environment parsed and not kept, with its bytes as the request had them. */
    last = null;
    /** The environment `w` carries, or null when one of its variables is not UTF-8. */
    parse(w) {
        // decodeRequest always sets the list's bytes; a request built otherwise is encoded for them.
        const bytes = w.envBytes ?? encodeEnvironment(w.env);
        for (let i = 0; i < this.kept.length; i++) {
            const k = this.kept[i];
            if (k.bytes.equals(bytes)) {
                // Most recently used first.
                if (i > 0)
                    this.kept.unshift(...this.kept.splice(i, 1));
                return k.env;
            }
        }
        if (this.last !== null && this.last.bytes.equals(bytes)) {
            // The second time: kept from now on (the bytes copied, the request's buffer is not ours).
            const env = Object.freeze(this.last.env);
            this.last = null;
            this.kept.unshift({ bytes: Buffer.from(bytes), env });
            if (this.kept.length > KEPT_ENVIRONMENTS)
                this.kept.pop();
            return env;
        }
        const env = decodeEnvironment(bytes);
        if (env === null)
            return null;
        // Referring to the request's bytes holds its buffer until the next request: only a small one.
        this.last = bytes.buffer.byteLength <= MAX_HELD_REQUEST ? { bytes, env } : null;
        return env;
    }
}
/** The core's request from the wire's bytes; or the answer when it cannot be one. */
function prepare(w, cacheDir, envs) {
    const invokedAs = utf8Exact(w.invokedAs);
    const cwd = utf8Exact(w.cwd);
    const args = [];
    let utf8 = invokedAs !== null && cwd !== null;
    for (let i = 0; utf8 && i < w.args.length; i++) {
        const a = utf8Exact(w.args[i]);
        if (a === null)
            utf8 = false;
        else
            args.push(a);
    }
    const env = utf8 ? envs.parse(w) : null;
    // Node carries strings as UTF-8: bytes that are not would reach the compiler changed. Such a
    // call runs the real compiler with the client's own bytes instead.
    if (invokedAs === null || cwd === null || env === null || !utf8) {
        (0,stats/* recordEvents */.FW)(cacheDir, [{ type: 'uncacheable', reason: 'non-utf8' }]);
        return { answer: { type: 'direct', reason: 'non-utf8' } };
    }
    if (!cwd.startsWith('/'))
        return { answer: { type: 'error', message: `cwd ${JSON.stringify(cwd)} is not absolute` } };
    const asked = requestCacheDir(env, cwd);
    if (asked !== cacheDir) {
        // Only a hash collision of socket names, or a client computing the path differently, gets here.
        return {
            answer: {
                type: 'error',
                message: `this server serves ${cacheDir}, not ${asked ?? '(no cache directory)'}`
            }
        };
    }
    return {
        request: {
            invokedAs,
            mode: w.mode,
            args,
            cwd,
            env,
            stderrIsTTY: w.stderrIsTTY
        }
    };
}
/**
 * Loads what every hit needs before the first one arrives: the store's code (a chunk of its own)
 * and node:crypto. The action starts the server long before the build; a server started on demand
 * listens a few milliseconds later, which the waiting client's bound covers.
 */
async function preload(session) {
    try {
        await (0,compiler_session/* openCompileStore */.L6)(session, 'compile', 'local');
        (0,lazy_crypto/* nodeCrypto */.S)().createHash('sha256').update('warm-up').digest();
    }
    catch {
        // The first compile meets the same trouble and reports it.
    }
}
/** Starts the server; null when another server already serves this cache directory. */
async function startServer(opts) {
    const log = opts.log ?? (() => undefined);
    const cacheDir = external_node_path_.resolve(opts.cacheDir);
    const idleMs = (opts.idleSeconds ?? DEFAULT_IDLE_SECONDS) * 1000;
    const paths = socket_path_serverPaths(cacheDir, opts.env ?? process.env);
    ensureRuntimeDir(paths.dir);
    // Before listening: between the listen and the connection handler below nothing may await (a
    // connection accepted then would never be read), and a client's wait for the socket covers this.
    const threads = opts.threads ?? 0;
    const pooled = opts.workerScript !== undefined && threads > 0;
    const session = (0,compile/* createSession */.j)(cacheDir, { longLived: true, shareHashes: pooled });
    await preload(session);
    const server = await listenExclusive(paths);
    if (server === null) {
        log(`another server already serves ${cacheDir} on ${paths.socket}`);
        return null;
    }
    (0,external_node_fs_.chmodSync)(paths.socket, 0o600);
    const own = (0,external_node_fs_.statSync)(paths.socket);
    let pool = null;
    const onMainThread = async (req) => {
        try {
            return await (0,compile/* compile */.w)(session, req);
        }
        finally {
            // Taken after every compile, shared or not: the list must not grow in a server whose threads all died.
            const learned = session.fileHashes.takeLearned();
            pool?.share(learned, (0,depend/* takeOutcomes */.lf)(session.dependPolicy));
        }
    };
    if (pooled)
        pool = new CompilePool(opts.workerScript, { role: worker_role/* COMPILE_WORKER_ROLE */.qb, cacheDir }, threads, onMainThread, log, session.fileHashes, session.dependPolicy);
    // A compile runs on the main thread when that has none in flight (the lowest latency: no trip to
    // a thread), in a compile thread when it has: parallel hits then use more than one core.
    let onMain = 0;
    const runCompile = async (req) => {
        if (pool !== null && onMain > 0)
            return pool.run(req);
        onMain++;
        try {
            return await onMainThread(req);
        }
        finally {
            onMain--;
        }
    };
    const envs = new EnvironmentCache();
    let inFlight = 0;
    let lastActivity = Date.now();
    let stopping = null;
    /** The warm-up in progress (then `status` says so), or null. */
    let warming = null;
    const idleWaiters = [];
    /** Connections that have not sent a whole request yet: closed at once when the server stops. */
    const waiting = new Set();
    const settle = () => {
        if (inFlight === 0)
            for (const w of idleWaiters.splice(0))
                w();
    };
    /** The socket path still names our socket (not removed, not replaced by a newer server). */
    const stillOurs = () => {
        try {
            const st = (0,external_node_fs_.lstatSync)(paths.socket);
            return st.ino === own.ino && st.dev === own.dev;
        }
        catch {
            return false;
        }
    };
    /**
     * The packing of the job's new entries ahead of its save, once the build is quiet: the save then
     * sends them instead of reading and compressing them (docs/server.md, "Prepacking").
     */
    let prepackTimer = null;
    let prepacking = Promise.resolve();
    const schedulePrepack = () => {
        const run = opts.prepack;
        if (run === undefined || stopping !== null)
            return;
        if (prepackTimer !== null)
            clearTimeout(prepackTimer);
        prepackTimer = setTimeout(() => {
            prepackTimer = null;
            // A compile came in meanwhile: its end schedules the next try.
            if (inFlight > 0 || stopping !== null)
                return;
            prepacking = prepacking.then(() => run().then(line => log(line), err => log(`prepacking failed: ${err instanceof Error ? err.message : String(err)}`)));
        }, PREPACK_AFTER_QUIET_MS);
        prepackTimer.unref();
    };
    const stop = (reason) => {
        if (stopping !== null)
            return stopping;
        log(`stopping (${reason})`);
        stopping = (async () => {
            clearInterval(ticker);
            if (prepackTimer !== null)
                clearTimeout(prepackTimer);
            // No new connections; the ones already accepted still get their answers.
            server.close();
            if (inFlight > 0)
                await new Promise(r => idleWaiters.push(r));
            // The core appends each compile's events as it answers; a flush hook, when it has one, runs here.
            await session.flush?.();
            await pool?.close();
            // After the pool: a terminated thread's rehearsal answers at once, and its directory goes.
            await warming;
            await hashing;
            // A packing in progress finishes (its packs are written whole or not at all either way).
            await prepacking;
            if (stillOurs()) {
                try {
                    (0,external_node_fs_.unlinkSync)(paths.socket);
                }
                catch {
                    // already gone
                }
            }
            for (const s of waiting)
                s.destroy();
            log('stopped');
        })();
        return stopping;
    };
    /** Why a warm-up's work should stop now (the server stopping, the build compiling), or null. */
    const busy = () => stopping !== null ? 'the server is stopping' : inFlight > 0 ? 'the build started compiling' : null;
    /**
     * Hashes the headers the cache's manifests name (prehash.ts), then hands the hashes to the compile
     * threads. One run at a time, each after the one before: the main step's request may come while
     * the warm-up's run, made before the checkout, is still going, and must still look at the files
     * the checkout brought (a file hashed already costs a lookup).
     */
    let hashing = Promise.resolve();
    const hashHeaders = () => {
        const run = hashing
            .then(() => prehashManifestFiles(session, wrap/* MANIFESTS */.V4, busy))
            .then(r => {
            pool?.share(session.fileHashes.takeLearned());
            return r;
        });
        hashing = run.catch(() => undefined);
        return run;
    };
    const toldHeaders = (r) => `headers: ${r.manifests} manifests read, ${r.hashed} of the ${r.files} files they name hashed in ${r.ms} ms` +
        (r.stopped === null ? '' : `, stopped: ${r.stopped}`);
    const ticker = setInterval(() => {
        if (!stillOurs())
            void stop('the socket was removed or taken over');
        else if (inFlight === 0 && Date.now() - lastActivity >= idleMs)
            void stop(`idle for ${idleMs / 1000} s`);
    }, Math.max(50, Math.min(5000, idleMs / 4)));
    ticker.unref();
    const handleCompile = async (conn, w) => {
        const prepared = prepare(w, cacheDir, envs);
        if ('answer' in prepared) {
            conn.end(encodeAnswer(prepared.answer));
            return;
        }
        // Well inside the client's silence limit (COMPILE_CACHE_SERVER_TIMEOUT_MS, 10 s by default).
        const limit = Number(prepared.request.env.COMPILE_CACHE_SERVER_TIMEOUT_MS);
        const every = limit > 0 ? Math.max(50, Math.min(HEARTBEAT_MS, limit / 3)) : HEARTBEAT_MS;
        const beat = setInterval(() => conn.write(encodeAnswer({ type: 'heartbeat' })), every);
        let answer;
        try {
            const a = await runCompile(prepared.request);
            answer =
                a.kind === 'done'
                    ? { type: 'done', ...a }
                    : { type: 'run', compiler: a.compiler, args: a.args, reason: a.reason };
        }
        catch (err) {
            // A bug of ours: the client runs the compiler itself and counts it.
            answer = {
                type: 'error',
                message: `internal error: ${err instanceof Error ? err.message : String(err)}`
            };
            log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
        finally {
            clearInterval(beat);
        }
        conn.end(encodeAnswer(answer));
        // The answer is written (libuv writes at once to an idle socket): the client replays it while
        // the main thread's put-off work (a hit's touches) runs. A compile thread runs its own.
        await (0,compiler_session/* runDeferred */.Rq)(session);
    };
    server.on('connection', conn => {
        if (stopping !== null) {
            conn.destroy();
            return;
        }
        waiting.add(conn);
        conn.on('close', () => waiting.delete(conn));
        conn.on('error', () => undefined); // a client that went away (make interrupted): nothing to tell
        conn.setTimeout(REQUEST_READ_MS, () => conn.destroy());
        const frames = new FrameSplitter(MAX_REQUEST);
        let taken = false;
        conn.on('data', (chunk) => {
            if (taken)
                return;
            let body;
            try {
                body = frames.push(chunk)[0];
            }
            catch (err) {
                conn.end(encodeAnswer({ type: 'error', message: err.message }));
                taken = true;
                waiting.delete(conn);
                return;
            }
            if (body === undefined)
                return;
            taken = true;
            waiting.delete(conn);
            conn.setTimeout(0);
            let req;
            try {
                req = decodeRequest(body);
            }
            catch (err) {
                conn.end(encodeAnswer({ type: 'error', message: err.message }));
                return;
            }
            if (req.type === 'ping') {
                const text = `compile-cache server ${process.pid} ${cacheDir}${warming !== null ? ' (warming up)' : ''}`;
                conn.end(encodeAnswer({ type: 'info', text }));
                return;
            }
            if (req.type === 'headers') {
                if (stopping !== null) {
                    conn.end(encodeAnswer({ type: 'error', message: 'the server is stopping' }));
                    return;
                }
                void hashHeaders().then(r => log(`asked to hash the manifests' headers: ${toldHeaders(r)}`));
                conn.end(encodeAnswer({ type: 'info', text: "hashing the headers the cache's manifests name" }));
                return;
            }
            if (req.type === 'stop') {
                void stop('stop request').then(() => conn.end(encodeAnswer({ type: 'info', text: 'stopped' })));
                return;
            }
            if (stopping !== null) {
                conn.end(encodeAnswer({ type: 'error', message: 'the server is stopping' }));
                return;
            }
            // Only compiles keep the server alive: status checks (ping) do not.
            lastActivity = Date.now();
            inFlight++;
            // The build's own compiles warm the code from here on; a rehearsal would only compete with them.
            if (warming !== null)
                pool?.stopRehearsals();
            void handleCompile(conn, req).finally(() => {
                inFlight--;
                lastActivity = Date.now();
                settle();
                if (inFlight === 0)
                    schedulePrepack();
            });
        });
    });
    const warmUp = async () => {
        const dirs = [];
        try {
            for (let i = 0; i <= (pool?.threads ?? 0); i++)
                dirs.push((0,rehearsal/* makeRehearsalDir */.ds)());
            // In this order: the compile threads start before the headers are hashed, which they then get.
            const [main, threads, headers] = await Promise.all([
                (0,rehearsal/* rehearse */.Km)(dirs[0], process.env, busy),
                pool?.rehearse(dirs.slice(1)) ?? [],
                hashHeaders()
            ]);
            // Then, while the job's first steps run, the entries a lazy restore kept go into the cache
            // directory (docs/packs.md, "Lazy install"), until the build's first compile.
            const kept = busy() === null ? await (0,compiler_session/* installKeptEntries */.Ed)(session, busy) : null;
            const told = (r) => `${r.compiles} compiles in ${r.ms} ms${r.skipped === null ? '' : `, stopped: ${r.skipped}`}`;
            // The warm-up's garbage, collected before the build rather than during it (collect-garbage.ts),
            // unless the build has started; the compile threads collected theirs after their rehearsals.
            const undisturbed = [main, ...threads].every(r => r.skipped === null) && busy() === null;
            const collected = undisturbed && (0,collect_garbage/* collectGarbage */.i)();
            log(`warmed up: main thread ${told(main)}` +
                threads.map((r, i) => `; compile thread ${i + 1} ${told(r)}`).join('') +
                `; ${toldHeaders(headers)}` +
                (kept !== null && (kept.entries > 0 || kept.stopped !== null)
                    ? `; kept entries: ${kept.entries} installed in ${kept.ms} ms${kept.stopped === null ? '' : `, stopped: ${kept.stopped}`}`
                    : '') +
                (collected ? '; garbage collected' : ''));
        }
        catch (err) {
            log(`the warm-up failed: ${err instanceof Error ? err.message : String(err)}`);
        }
        finally {
            for (const d of dirs) {
                try {
                    (0,rehearsal/* removeRehearsalDir */.b)(d);
                }
                catch (err) {
                    log(`the warm-up's directory ${d} could not be removed: ${err.message}`);
                }
            }
        }
    };
    if (opts.warmUp === true)
        warming = warmUp().finally(() => (warming = null));
    const onSignal = (sig) => void stop(sig);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    log(`serving ${cacheDir} on ${paths.socket} (pid ${process.pid}, idle timeout ${idleMs / 1000} s, ` +
        `${pool === null ? 'compiles on the main thread' : `${pool.threads} compile threads`})`);
    const stopped = new Promise(resolve => {
        server.on('close', () => {
            void (stopping ?? stop('closed')).then(() => {
                process.off('SIGTERM', onSignal);
                process.off('SIGINT', onSignal);
                resolve();
            });
        });
    });
    return { paths, stopped, stop };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(421);
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
function start_sleep(ms) {
    return new Promise(r => setTimeout(r, ms));
}
/** Starts the server for `cacheDir` unless one answers already; resolves once it answers a ping. */
async function ensureServer(opts) {
    const env = opts.env ?? process.env;
    const cacheDir = path.resolve(opts.cacheDir);
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
    const logFd = opts.logFile === undefined ? 'ignore' : openSync(opts.logFile, 'a', 0o600);
    let exited = null;
    try {
        const child = spawn(opts.node, args, {
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
            closeSync(logFd);
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
        await start_sleep(25);
    }
    let tail = '';
    if (opts.logFile !== undefined) {
        try {
            tail = readFileSync(opts.logFile, 'utf8').trim().split('\n').slice(-3).join(' / ');
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
    const { socket } = socket_path_serverPaths(external_node_path_.resolve(cacheDir), env);
    try {
        return await request(socket, req, timeoutMs);
    }
    catch (err) {
        if (err instanceof client_ServerUnavailableError && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED'))
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

;// CONCATENATED MODULE: ./build/ncc-src/server/main.js
/**
 * `compile-cache-wrap server …` (src/wrapper-bundle.ts loads this on demand, so a compile never loads
 * the server's code):
 *
 *   server [--idle-timeout <seconds>] [--warm-up]
 *                                       serve the cache directory (COMPILE_CACHE_DIR) in the foreground;
 *                                       --warm-up: rehearse the hit path first (rehearsal.ts)
 *   server status                       print the running server's pid and cache directory
 *   server stop                         stop it (after its compiles in flight; statistics flushed)
 *   server headers                      have it hash the headers the cache's manifests name, in the
 *                                       background (after a checkout that came after its start)
 *
 * The idle timeout is also read from COMPILE_CACHE_SERVER_IDLE (seconds); the flag wins. The number
 * of compile threads from COMPILE_CACHE_SERVER_THREADS (compile-pool.ts).
 */






const SERVER_USAGE = `usage: compile-cache-wrap server [--idle-timeout <seconds>] [--warm-up]
       compile-cache-wrap server status
       compile-cache-wrap server stop
       compile-cache-wrap server headers
`;
function say(fd, text) {
    (fd === 1 ? process.stdout : process.stderr).write(text);
}
function parseSeconds(what, value) {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n <= 0) {
        throw new Error(`${what}: ${JSON.stringify(value ?? '')} is not a number of seconds above 0 (e.g. 600)`);
    }
    return n;
}
/**
 * What the server runs when the build goes quiet: the packing of the job's new entries ahead of the
 * save (src/sync/packs/prepack.ts, loaded then: a compile never loads it). Off with
 * COMPILE_CACHE_SERVER_PREPACK=0.
 */
function prepackerFor(cacheDir, env) {
    if (env.COMPILE_CACHE_SERVER_PREPACK === '0')
        return undefined;
    return async () => {
        const { prepackJournaled, describePrepack } = await Promise.all(/* import() */[__webpack_require__.e(929), __webpack_require__.e(439)]).then(__webpack_require__.bind(__webpack_require__, 439));
        const started = Date.now();
        return describePrepack(await prepackJournaled({ cacheDir, env }), Date.now() - started);
    };
}
/** Runs the command; resolves with the exit status. */
async function serverCommand(args, cacheDir) {
    const [first, ...rest] = args;
    if (first === '--help' || first === '-h') {
        say(1, SERVER_USAGE);
        return 0;
    }
    if (first === 'status' || first === 'stop' || first === 'headers') {
        if (rest.length > 0) {
            say(2, SERVER_USAGE);
            return 2;
        }
        if (first === 'headers') {
            // What the action's main step asks after the checkout; the answer comes before the hashing.
            if (await hashServerHeaders(cacheDir)) {
                say(1, `the server for ${cacheDir} is hashing the headers its manifests name\n`);
                return 0;
            }
            say(1, `no server is running for ${cacheDir}\n`);
            return 1;
        }
        if (first === 'stop') {
            const was = await stopServer(cacheDir);
            say(1, was ? `stopped the server for ${cacheDir}\n` : `no server was running for ${cacheDir}\n`);
            return 0;
        }
        try {
            say(1, `${await client_ping(socket_path_serverPaths(cacheDir).socket, 5000)}\n`);
            return 0;
        }
        catch (err) {
            if (!(err instanceof client_ServerUnavailableError))
                throw err;
            say(1, `no server is running for ${cacheDir}\n`);
            return 1;
        }
    }
    let idleSeconds = DEFAULT_IDLE_SECONDS;
    const fromEnv = process.env.COMPILE_CACHE_SERVER_IDLE;
    if (fromEnv !== undefined && fromEnv !== '')
        idleSeconds = parseSeconds('COMPILE_CACHE_SERVER_IDLE', fromEnv);
    let warmUp = false;
    for (let i = 0; i < args.length; i++) {
        if (args[i] === '--idle-timeout')
            idleSeconds = parseSeconds('--idle-timeout', args[++i]);
        else if (args[i] === '--warm-up')
            warmUp = true;
        else {
            say(2, `compile-cache: server: unknown argument ${JSON.stringify(args[i])}\n${SERVER_USAGE}`);
            return 2;
        }
    }
    const log = (line) => say(2, `${new Date().toISOString()} compile-cache server: ${line}\n`);
    const threads = threadCount(process.env, message => log(`warning: ${message}`));
    // The compile threads are this bundle again (wrapper-bundle.ts starts a worker's loop instead of main).
    const workerScript = (0,external_node_fs_.realpathSync)(process.argv[1]);
    const running = await startServer({
        cacheDir,
        idleSeconds,
        log,
        threads,
        workerScript,
        warmUp,
        prepack: prepackerFor(cacheDir, process.env)
    });
    if (running === null)
        return 0;
    await running.stopped;
    return 0;
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
