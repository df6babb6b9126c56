export const id = 439;
export const ids = [439];
export const modules = {

/***/ 439:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  describePrepack: () => (/* binding */ describePrepack),
  prepackJournaled: () => (/* binding */ prepackJournaled)
});

// UNUSED EXPORTS: MAX_PREPACKED_FILE_BYTES, PREPACKED_DIR, PREPACK_MAX_RAW_BYTES, prepackedBucket, prepackedDir, prepackedEntries

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: ./build/ncc-src/store/disk.js + 6 modules
var disk = __webpack_require__(929);
// EXTERNAL MODULE: ./build/ncc-src/store/journal.js
var store_journal = __webpack_require__(153);
// EXTERNAL MODULE: ./build/ncc-src/store/state-dir.js
var state_dir = __webpack_require__(473);
// EXTERNAL MODULE: ./build/ncc-src/store/validate.js
var validate = __webpack_require__(642);
;// CONCATENATED MODULE: ./build/ncc-src/sync/entries.js

/** `local/abcd…` for an entry in tenant `local`, or just the hex key for one directly in the namespace. */
function entryId(entry) {
    return entry.namespace === '' ? entry.key : `${entry.namespace}/${entry.key}`;
}
/** The view of `store` at a namespace path such as `compile/local` (views take one segment each). */
function namespaceView(store, path) {
    let view = store;
    for (const segment of (0,validate/* splitNamespacePath */.NC)(path))
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
    const first = (0,validate/* splitNamespacePath */.NC)(relative === '' ? syncNamespace : `${syncNamespace}/${relative}`)[0];
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
const WRITE_ORDER = (/* unused pure expression or super */ null && (['output', 'stdout', 'stderr', 'exit_code', 'extras']));
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(522);
// EXTERNAL MODULE: ./build/ncc-src/store/errors.js
var errors = __webpack_require__(107);
// EXTERNAL MODULE: ./build/ncc-src/store/chunk-codec.js
var chunk_codec = __webpack_require__(168);
// EXTERNAL MODULE: ./build/ncc-src/store/json-values.js
var json_values = __webpack_require__(697);
;// CONCATENATED MODULE: ./build/ncc-src/sync/packs/index-schema.js



const MiB = 1024 * 1024;
/**
 * Decompressed bytes of one index at most (and compressed bytes of the index object). An entry
 * takes about 250 bytes of JSON, so this holds some 250,000 entries; a 32 MiB pack of real compile
 * entries holds a few thousand.
 */
const index_schema_MAX_INDEX_BYTES = 64 * MiB;

/** Compressed bytes of one chunk at most: the raw cap plus what a codec adds to data it cannot shrink. */
const MAX_CHUNK_COMPRESSED_BYTES = chunk_codec/* MAX_CHUNK_BYTES */.xR + 2 * MiB;
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
            (0,validate/* validateNamespace */.qB)(segment);
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
        (0,validate/* validateBlobName */.Lm)(name);
    }
    catch {
        return false;
    }
    return !(name.length > MAX_BLOB_NAME_LENGTH || CONTROL.test(name) || (0,validate/* isTempName */.Gs)(name));
}
function checkEntry(e, chunks, unusable, checks) {
    if (!isRecord(e))
        return { kind: 'not an object', detail: `entry ${show(e)} is not an object` };
    const nsProblem = checks.namespaceProblem(e.ns);
    if (nsProblem)
        return { kind: 'bad namespace', detail: nsProblem };
    const key = e.key;
    if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH || !(0,validate/* isKeyHex */.N2)(key)) {
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
        if (!(0,validate/* isSha256Hex */.P4)(sha256)) {
            throw new PackIndexSchemaError(`chunk ${i}: sha256 ${show(sha256)} is not a sha256 in hex`);
        }
        if (zsha256 !== undefined && !(0,validate/* isSha256Hex */.P4)(zsha256)) {
            throw new PackIndexSchemaError(`chunk ${i}: zsha256 ${show(zsha256)} is not a sha256 in hex`);
        }
        if (rawLength > chunk_codec/* MAX_CHUNK_BYTES */.xR) {
            unusable.set(i, `declares ${formatMiB(rawLength)} raw, over the cap of ${formatMiB(chunk_codec/* MAX_CHUNK_BYTES */.xR)}`);
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

;// CONCATENATED MODULE: ./build/ncc-src/sync/packs/format.js
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
    return `p${String(now).padStart(13, '0')}-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
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
function format_packIndexKey(packPrefix, id) {
    return `${packPrefix}${PACK_DIR}${id}.index`;
}
/** The pack id of a key under `<pack-prefix>v1/`, and whether it is the index or the data. */
function format_parsePackKey(packPrefix, key) {
    const base = `${packPrefix}${PACK_DIR}`;
    if (!key.startsWith(base))
        return null;
    const m = /^(p\d{13}-[0-9a-f]+)\.(pack|index)$/.exec(key.slice(base.length));
    return m ? { id: m[1], kind: m[2] } : null;
}
// Typed by @types/node 24, but absent at run time on a Node before 22.15 / 23.8 (the package runs on 20).
/** zstd when this Node has it (the action runs on Node 24), else gzip, which every Node reads. */
function defaultCodec() {
    return (0,chunk_codec/* codecAvailable */.m6)('zstd') ? 'zstd' : 'gzip';
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
const gzipAsync = (0,external_node_util_.promisify)(external_node_zlib_.gzip);
const brAsync = (0,external_node_util_.promisify)(external_node_zlib_.brotliCompress);
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
                    [external_node_zlib_.constants.BROTLI_PARAM_QUALITY]: level,
                    [external_node_zlib_.constants.BROTLI_PARAM_SIZE_HINT]: raw.length
                }
            });
        case 'zstd': {
            if (!(0,chunk_codec/* codecAvailable */.m6)('zstd'))
                throw new Error('zstd is not available in this Node version');
            const fn = (0,external_node_util_.promisify)(external_node_zlib_.zstdCompress);
            return fn(raw, { chunkSize, params: { [external_node_zlib_.constants.ZSTD_c_compressionLevel]: level } });
        }
    }
}
function sha256(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}
function encodeIndex(index) {
    const json = JSON.stringify(index);
    return external_node_zlib_.gzipSync(Buffer.from(`${sha256(Buffer.from(json))}\n${json}`), { level: 6 });
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
        raw = external_node_zlib_.gunzipSync(data, { maxOutputLength: index_schema_MAX_INDEX_BYTES });
    }
    catch (e) {
        throw gunzipFailure(e);
    }
    return checkIndexText(raw);
}
const gunzipAsync = (0,external_node_util_.promisify)(external_node_zlib_.gunzip);
/**
 * checkIndexBytes with the decompression on the thread pool, in pieces of 256 KiB: each piece costs
 * the main thread a callback, and at zlib's default of 16 KiB an index of 1 MiB took ~60 of them.
 */
async function checkIndexBytesAsync(data) {
    checkIndexSize(data);
    let raw;
    try {
        raw = await gunzipAsync(data, { maxOutputLength: MAX_INDEX_BYTES, chunkSize: 256 * 1024 });
    }
    catch (e) {
        throw gunzipFailure(e);
    }
    return checkIndexText(raw);
}
function checkIndexSize(data) {
    if (data.length > index_schema_MAX_INDEX_BYTES) {
        throw new TornPackError(`pack index is ${data.length} bytes, over the cap of ${index_schema_MAX_INDEX_BYTES}`, true, true);
    }
}
function gunzipFailure(e) {
    const over = e.code === 'ERR_BUFFER_TOO_LARGE';
    return new TornPackError(over
        ? `pack index decompresses to more than ${index_schema_MAX_INDEX_BYTES} bytes (the cap of an index)`
        : `pack index does not decompress: ${e.message}`, true, over);
}
function checkIndexText(raw) {
    // What JSON.parse would allocate is bounded before it runs, not only the text's size. Every value
    // counted takes a byte of its own, so a text no longer than the cap cannot pass it: counting it
    // (a loop over every byte) is left out then.
    if (raw.length > MAX_INDEX_VALUES && (0,json_values/* countJsonValues */.M)(raw, MAX_INDEX_VALUES) > MAX_INDEX_VALUES) {
        throw new TornPackError(`pack index holds more than ${MAX_INDEX_VALUES} JSON values (the cap of an index)`, true, true);
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
        const checked = checkPackIndex(parsed, {
            format: PACK_FORMAT,
            dataStart: PACK_MAGIC.length,
            id: expectedId
        });
        return { ...checked, bytes: raw.length };
    }
    catch (e) {
        if (e instanceof PackIndexSchemaError)
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
function format_entryId(ns, key) {
    return ns === '' ? key : `${ns}/${key}`;
}

// EXTERNAL MODULE: ./build/ncc-src/store/safe-fs.js
var safe_fs = __webpack_require__(233);
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

;// CONCATENATED MODULE: ./build/ncc-src/sync/packs/catalog.js


const MAGIC = 'compile-cache pack catalog 1\n';
/**
 * The largest catalog read: the indexes downloading at once are bounded the same way
 * (INDEX_BYTES_IN_FLIGHT). A bigger one is ignored and the indexes are read one by one.
 */
const MAX_CATALOG_BYTES = (/* unused pure expression or super */ null && (64 * 1024 * 1024));
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
        const key = packIndexKey(packPrefix, id);
        // Only a well-formed pack id names an index of this prefix (no `..`, no other folder).
        const parsed = parsePackKey(packPrefix, key);
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
        const data = await getBuffer(bucket, catalogKey(packPrefix), undefined, MAX_CATALOG_BYTES);
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
                const set = new Map(wanted.map(x => [packIndexKey(this.packPrefix, x.id), indexBytesOf(x).length]));
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

;// CONCATENATED MODULE: ./build/ncc-src/sync/packs/write.js
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
    const codec = options.codec ?? defaultCodec();
    const level = options.level ?? defaultLevel(codec);
    const target = options.targetPackBytes ?? DEFAULT_TARGET_PACK_BYTES;
    const chunkBytes = options.chunkBytes ?? 4 << 20;
    const concurrency = Math.max(1, options.concurrency ?? 4);
    // Readers refuse a chunk over MAX_CHUNK_BYTES: no entry or chunk here may be bigger.
    const maxEntryBytes = Math.min(options.maxEntryBytes ?? 256 << 20, chunk_codec/* MAX_CHUNK_BYTES */.xR);
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
        const compressed = compressChunk(codec, level, raw);
        const s = { compressed, rawLength: raw.length, sha256: sha256(raw), entries: chunk.entries };
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
        const id = newPackId(now());
        let offset = PACK_MAGIC.length;
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
                zsha256: c.zsha256 ?? sha256(body)
            });
            offset += body.length;
            rawBytes += c.rawLength;
            for (const e of c.entries)
                indexEntries.push({ ...e, chunk: i });
        });
        const data = Buffer.concat([PACK_MAGIC, ...bodies], offset);
        const index = {
            format: PACK_FORMAT,
            id,
            codec,
            created: now(),
            packBytes: data.length,
            rawBytes,
            chunks: table,
            entries: indexEntries
        };
        const indexData = encodeIndex(index);
        rememberIndexBytes(index, indexData);
        // The data object and its index go up side by side, not one round trip after the other (on a
        // warm save, the index's PUT was a tenth of the whole command). A reader that lists the index
        // before the data object has landed takes the pack for torn, as it took one whose data had
        // landed before its index: it skips it, and nothing deletes a torn pack under an hour old
        // (prune.ts). An index whose data failed to go up is deleted; one a crash leaves is torn.
        // (The catalog written beside them names the index too early for nobody: a reader uses a
        // catalog's copy only for an index it lists.)
        const indexKey = format_packIndexKey(options.packPrefix, id);
        const [dataPut, indexPut, beside] = await Promise.allSettled([
            bucket.put(packDataKey(options.packPrefix, id), data),
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
                values += entryValues(e.blobs.length);
            if (packValues > 0 && packValues + values > MAX_INDEX_VALUES / 2)
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
                skipped.push(format_entryId(e.ns, e.key));
                continue;
            }
            if (chunk.raw > 0 && chunk.raw + size > chunk_codec/* MAX_CHUNK_BYTES */.xR)
                await sealChunk();
            const values = entryValues(e.blobs.length);
            if (packValues > 0 && packValues + values > MAX_INDEX_VALUES / 2)
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
const MAX_PREPACKED_FILE_BYTES = Math.max(2 * DEFAULT_TARGET_PACK_BYTES + (8 << 20), index_schema_MAX_INDEX_BYTES);
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
    const codec = o.codec ?? defaultCodec();
    const level = o.level ?? defaultLevel(codec);
    for (const [ns, group] of byNamespace) {
        const w = await writePacks(bucket, readEach(store, ns, group), {
            packPrefix: '',
            codec,
            level,
            chunkBytes: chunkBytesFor(group),
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
        const info = await (ns === '' ? store : namespaceView(store, ns)).entryInfo(key);
        if (info === null || !isCompleteEntry('', { namespace: ns, blobs: info.blobs }))
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
        const view = ns === '' ? store : namespaceView(store, ns);
        const info = await view.entryInfo(key);
        if (info === null || !isCompleteEntry('', { namespace: ns, blobs: info.blobs }))
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
        const k = format_parsePackKey('', o.key);
        if (k?.kind !== 'index')
            continue;
        const data = bucket.read(format_packIndexKey('', k.id));
        if (data === null)
            continue;
        try {
            const { index } = decodeIndexChecked(data, k.id);
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


/***/ })

};
