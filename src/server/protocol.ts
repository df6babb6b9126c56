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
import { isUtf8 } from 'node:buffer';
import os from 'node:os';

export const PROTOCOL_VERSION = 1;

/** Bigger frames are refused: stdout and stderr are capped at 1 GiB each by the wrapper. */
export const MAX_FRAME = (1 << 30) * 2 + (1 << 20);
/** A request is argv, cwd and the environment: far below this. */
export const MAX_REQUEST = 64 << 20;

export const RequestType = { compile: 1, stop: 2, ping: 3, headers: 4 } as const;
export const AnswerType = { heartbeat: 0, done: 1, run: 2, direct: 3, error: 4, info: 5 } as const;

export interface WireCompile {
  type: 'compile';
  stderrIsTTY: boolean;
  mode: 'shim' | 'launcher';
  invokedAs: Buffer;
  cwd: Buffer;
  args: Buffer[];
  env: Buffer[];
  /**
   * The environment list as it came (its count and items), set by decodeRequest: the server keeps
   * the environments it parsed by these bytes, since a build sends the same one with every compile.
   */
  envBytes?: Buffer;
}

export type WireRequest = WireCompile | { type: 'stop' } | { type: 'ping' } | { type: 'headers' };

export type WireAnswer =
  | { type: 'heartbeat' }
  | { type: 'done'; status: number; signal: NodeJS.Signals | null; stdout: Buffer; stderr: Buffer }
  | { type: 'run'; compiler: string; args: string[]; reason: string }
  | { type: 'direct'; reason: string }
  | { type: 'error'; message: string }
  | { type: 'info'; text: string };

/** The request or answer does not follow the format; the message says where. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

class Writer {
  private readonly parts: Buffer[] = [];
  u8(n: number): this {
    this.parts.push(Buffer.of(n));
    return this;
  }
  u32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    this.parts.push(b);
    return this;
  }
  str(s: string | Uint8Array): this {
    const b = typeof s === 'string' ? Buffer.from(s) : Buffer.from(s.buffer, s.byteOffset, s.byteLength);
    this.u32(b.length);
    this.parts.push(b);
    return this;
  }
  list(items: ReadonlyArray<string | Uint8Array>): this {
    this.u32(items.length);
    for (const s of items) this.str(s);
    return this;
  }
  /** The bytes so far, without a frame. */
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
  /** The frame: length, then body. */
  frame(): Buffer {
    const body = Buffer.concat(this.parts);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    return Buffer.concat([head, body]);
  }
}

class Reader {
  private off = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly what: string
  ) {}
  private need(n: number, field: string): void {
    if (this.off + n > this.buf.length)
      throw new ProtocolError(
        `${this.what}: truncated at ${field} (offset ${this.off}, ${this.buf.length} bytes)`
      );
  }
  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.off++] as number;
  }
  u32(field: string): number {
    this.need(4, field);
    const n = this.buf.readUInt32BE(this.off);
    this.off += 4;
    return n;
  }
  bytes(field: string): Buffer {
    const n = this.u32(`${field} length`);
    this.need(n, field);
    const b = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }
  list(field: string): Buffer[] {
    const n = this.u32(`${field} count`);
    // Each item takes at least its 4-byte length: a count beyond that is a lie.
    if (n > (this.buf.length - this.off) / 4)
      throw new ProtocolError(`${this.what}: ${field} count ${n} exceeds the frame`);
    const out: Buffer[] = [];
    for (let i = 0; i < n; i++) out.push(this.bytes(`${field}[${i}]`));
    return out;
  }
  /** The bytes from `start` to where the reader is now. */
  since(start: number): Buffer {
    return this.buf.subarray(start, this.off);
  }
  get offset(): number {
    return this.off;
  }
  end(): void {
    if (this.off !== this.buf.length)
      throw new ProtocolError(
        `${this.what}: ${this.buf.length - this.off} unexpected bytes after the message`
      );
  }
}

/** An environment list's bytes (count, then items), as WireCompile.envBytes holds them. */
export function encodeEnvironment(env: ReadonlyArray<string | Uint8Array>): Buffer {
  return new Writer().list(env).bytes();
}

export function encodeRequest(req: WireRequest): Buffer {
  const w = new Writer().u32(PROTOCOL_VERSION).u8(RequestType[req.type]);
  if (req.type === 'compile') {
    w.u8((req.stderrIsTTY ? 1 : 0) | (req.mode === 'launcher' ? 2 : 0));
    w.str(req.invokedAs).str(req.cwd).list(req.args).list(req.env);
  }
  return w.frame();
}

/** Decodes a request body (the frame without its length). */
export function decodeRequest(body: Buffer): WireRequest {
  const r = new Reader(body, 'request');
  const version = r.u32('version');
  if (version !== PROTOCOL_VERSION)
    throw new ProtocolError(`request: protocol version ${version}, this server speaks ${PROTOCOL_VERSION}`);
  const type = r.u8('type');
  let req: WireRequest;
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
  } else if (type === RequestType.stop) req = { type: 'stop' };
  else if (type === RequestType.ping) req = { type: 'ping' };
  else if (type === RequestType.headers) req = { type: 'headers' };
  else throw new ProtocolError(`request: unknown type ${type}`);
  r.end();
  return req;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : (os.constants.signals[signal] ?? 0);
}

function signalName(n: number): NodeJS.Signals | null {
  if (n === 0) return null;
  for (const [name, num] of Object.entries(os.constants.signals))
    if (num === n) return name as NodeJS.Signals;
  throw new ProtocolError(`answer: unknown signal number ${n}`);
}

export function encodeAnswer(a: WireAnswer): Buffer {
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
export function decodeAnswer(body: Buffer): WireAnswer {
  const r = new Reader(body, 'answer');
  const type = r.u8('type');
  let a: WireAnswer;
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
export class FrameSplitter {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const out: Buffer[] = [];
    // Chunks are joined only once a whole frame is there (a big answer arrives in many pieces).
    while (this.size >= 4) {
      const first = this.chunks[0] as Buffer;
      const len = (first.length >= 4 ? first : Buffer.concat(this.chunks)).readUInt32BE(0);
      if (len > this.max) throw new ProtocolError(`frame of ${len} bytes exceeds the limit of ${this.max}`);
      if (this.size < 4 + len) break;
      const all = this.chunks.length === 1 ? first : Buffer.concat(this.chunks);
      out.push(all.subarray(4, 4 + len));
      const rest = all.subarray(4 + len);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
    }
    return out;
  }
  /** Bytes received that do not form a whole frame yet. */
  pending(): number {
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
export function decodeEnvironment(envBytes: Buffer): NodeJS.ProcessEnv | null {
  const r = new Reader(envBytes, 'environment');
  const n = r.u32('env count');
  const copy = Buffer.from(envBytes);
  let off = 4;
  for (let i = 0; i < n; i++) {
    if (off + 4 > copy.length) throw new ProtocolError(`environment: truncated at env[${i}]`);
    const len = copy.readUInt32BE(off);
    copy[off] = copy[off + 1] = copy[off + 2] = copy[off + 3] = 0;
    off += 4 + len;
  }
  if (off !== copy.length) throw new ProtocolError('environment: the items do not fill the list');
  const text = copy.toString('utf8', 4);
  const parts = text.split('\0\0\0\0');
  // A variable with a NUL in it (not from a C client, but the format allows it) would split wrong:
  // then every part is decoded on its own.
  if (parts.length !== n + 1 || parts.some(p => p.includes('\0'))) return decodeEnvironmentItems(envBytes);
  if (text.includes('\uFFFD') && !isUtf8(copy.subarray(4))) return null;
  const env: NodeJS.ProcessEnv = {};
  for (let i = 1; i < parts.length; i++) {
    const pair = parts[i] as string;
    const eq = pair.indexOf('=');
    if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/** decodeEnvironment one variable at a time. */
function decodeEnvironmentItems(envBytes: Buffer): NodeJS.ProcessEnv | null {
  const r = new Reader(envBytes, 'environment');
  const env: NodeJS.ProcessEnv = {};
  for (const b of r.list('env')) {
    const pair = utf8Exact(b);
    if (pair === null) return null;
    const eq = pair.indexOf('=');
    if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  r.end();
  return env;
}

/** Bytes that are valid UTF-8 decode to a string that encodes back to the same bytes. */
export function utf8Exact(b: Buffer): string | null {
  const s = b.toString('utf8');
  // Decoding replaces every ill-formed sequence (overlong forms, surrogates, truncated ones) with
  // U+FFFD: a string without one came from valid UTF-8. Only one with it (the bytes may spell
  // U+FFFD itself) needs the strict check, which would otherwise be a second native call per string.
  return !s.includes('\uFFFD') || isUtf8(b) ? s : null;
}
