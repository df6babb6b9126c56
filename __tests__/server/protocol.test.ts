/**
 * The wire format (docs/server.md#protocol): requests and answers survive a round trip with raw
 * bytes; a stream cut anywhere reassembles; malformed input is refused with a message that names the
 * field; the socket path follows the documented rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  decodeAnswer,
  decodeEnvironment,
  decodeRequest,
  encodeAnswer,
  encodeEnvironment,
  encodeRequest,
  FrameSplitter,
  ProtocolError,
  utf8Exact,
  type WireAnswer,
  type WireCompile
} from '../../src/server/protocol.js';
import { MAX_SOCKET_PATH, serverPaths } from '../../src/server/socket-path.js';
import { EnvironmentCache } from '../../src/server/server.js';

const compileReq: WireCompile = {
  type: 'compile',
  stderrIsTTY: true,
  mode: 'launcher',
  invokedAs: Buffer.from('/x/shims/compile-cache-launcher'),
  cwd: Buffer.from('/work/dir'),
  args: [Buffer.from('gcc'), Buffer.from([0x2d, 0x44, 0xff, 0xfe]), Buffer.alloc(0)],
  env: [Buffer.from('PATH=/usr/bin'), Buffer.from('EMPTY=')]
};

function body(frame: Buffer): Buffer {
  expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
  return frame.subarray(4);
}

it('a compile request round-trips with bytes that are not UTF-8, empty arguments and flags', () => {
  const decoded = decodeRequest(body(encodeRequest(compileReq)));
  expect({ ...decoded, envBytes: undefined }).toEqual(compileReq);
  // The environment's bytes as they came: its count, then each item.
  expect((decoded as WireCompile).envBytes).toEqual(
    Buffer.from('\0\0\0\x02\0\0\0\x0dPATH=/usr/bin\0\0\0\x06EMPTY=', 'latin1')
  );
  expect(
    decodeRequest(body(encodeRequest({ ...compileReq, stderrIsTTY: false, mode: 'shim' })))
  ).toMatchObject({
    stderrIsTTY: false,
    mode: 'shim'
  });
  expect(decodeRequest(body(encodeRequest({ type: 'stop' })))).toEqual({ type: 'stop' });
  expect(decodeRequest(body(encodeRequest({ type: 'headers' })))).toEqual({ type: 'headers' });
});

it('every answer round-trips, signals by number', () => {
  const answers: WireAnswer[] = [
    { type: 'heartbeat' },
    { type: 'done', status: 1, signal: null, stdout: Buffer.from('out'), stderr: Buffer.from([0xff, 0]) },
    { type: 'done', status: 0, signal: 'SIGSEGV', stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) },
    { type: 'run', compiler: '/usr/bin/gcc', args: ['-c', 'a b.c'], reason: 'link' },
    { type: 'direct', reason: 'non-utf8' },
    { type: 'error', message: 'no' },
    { type: 'info', text: 'compile-cache server 1 /c' }
  ];
  for (const a of answers) expect(decodeAnswer(body(encodeAnswer(a)))).toEqual(a);
  // The signal travels as its number (SIGSEGV is 11 on Linux and macOS).
  const segv = body(encodeAnswer(answers[2] as WireAnswer));
  expect(segv.readUInt32BE(5)).toBe(11);
});

it('a stream cut at every byte reassembles into the same frames', () => {
  const stream = Buffer.concat([
    encodeAnswer({ type: 'heartbeat' }),
    encodeAnswer({
      type: 'done',
      status: 2,
      signal: null,
      stdout: Buffer.alloc(300, 1),
      stderr: Buffer.from('e')
    })
  ]);
  for (const size of [1, 3, 7, stream.length]) {
    const split = new FrameSplitter(1 << 20);
    const got: WireAnswer[] = [];
    for (let i = 0; i < stream.length; i += size) {
      for (const b of split.push(stream.subarray(i, i + size))) got.push(decodeAnswer(b));
    }
    expect(got.map(a => a.type)).toEqual(['heartbeat', 'done']);
    expect(split.pending()).toBe(0);
  }
});

it('malformed input is refused, naming what is wrong', () => {
  const good = body(encodeRequest(compileReq));
  expect(() => decodeRequest(good.subarray(0, 20))).toThrow(/request: truncated at invokedAs/);
  const v2 = Buffer.from(good);
  v2.writeUInt32BE(2, 0);
  expect(() => decodeRequest(v2)).toThrow('request: protocol version 2, this server speaks 1');
  const type = Buffer.from(good);
  type[4] = 9;
  expect(() => decodeRequest(type)).toThrow('request: unknown type 9');
  expect(() => decodeRequest(Buffer.concat([good, Buffer.of(0)]))).toThrow(
    '1 unexpected bytes after the message'
  );
  // An argument count the frame cannot hold is refused before anything is allocated for it.
  const lie = Buffer.concat([
    Buffer.from(good.subarray(0, 6)),
    Buffer.alloc(8),
    Buffer.from([0xff, 0xff, 0xff, 0xff])
  ]);
  expect(() => decodeRequest(lie)).toThrow(/args count 4294967295 exceeds the frame/);
  expect(() => new FrameSplitter(100).push(Buffer.from([0, 0, 1, 0]))).toThrow(ProtocolError);
  expect(() => decodeAnswer(Buffer.of(1, 0, 0, 0, 0, 0, 0, 0, 99))).toThrow(
    'answer: unknown signal number 99'
  );
});

it('utf8Exact: a string only for bytes that are exactly UTF-8', () => {
  expect(utf8Exact(Buffer.from('héllo'))).toBe('héllo');
  expect(utf8Exact(Buffer.from([0x61, 0xff]))).toBeNull();
  expect(utf8Exact(Buffer.from([0xc3]))).toBeNull();
  // U+FFFD spelled out is valid; next to an ill-formed byte it is not.
  expect(utf8Exact(Buffer.from('a\uFFFDb'))).toBe('a\uFFFDb');
  expect(utf8Exact(Buffer.concat([Buffer.from('\uFFFD'), Buffer.from([0xff])]))).toBeNull();
  // Surrogates encoded as UTF-8 (CESU) and overlong forms are not UTF-8.
  expect(utf8Exact(Buffer.from([0xed, 0xa0, 0x80]))).toBeNull();
  expect(utf8Exact(Buffer.from([0xc0, 0xaf]))).toBeNull();
});

it('the socket path: XDG_RUNTIME_DIR when absolute, a directory and short enough, else /tmp; a hash of the resolved cache dir', () => {
  // An existing directory without regex metacharacters.
  const RUN = '/usr';
  const uid = process.getuid?.() ?? 0;
  const a = serverPaths('/c/cache', { XDG_RUNTIME_DIR: RUN + '/' });
  expect(a.dir).toBe(`${RUN}/compile-cache-${uid}`);
  expect(a.socket).toMatch(new RegExp(`^${RUN}/compile-cache-${uid}/[0-9a-f]{16}-v1\\.sock$`));
  expect(serverPaths('/c/./cache/', { XDG_RUNTIME_DIR: RUN }).socket).toBe(a.socket);
  expect(serverPaths('/c/other', { XDG_RUNTIME_DIR: RUN }).socket).not.toBe(a.socket);
  expect(serverPaths('/c/cache', { XDG_RUNTIME_DIR: `${RUN}/missing` }).dir).toBe(
    `/tmp/compile-cache-${uid}`
  );
  expect(serverPaths('/c/cache', { XDG_RUNTIME_DIR: 'relative' }).dir).toBe(`/tmp/compile-cache-${uid}`);
  expect(serverPaths('/c/cache', {}).dir).toBe(`/tmp/compile-cache-${uid}`);
  // An existing directory whose socket path would pass the limit.
  const deep = mkdtempSync(path.join(os.tmpdir(), 'x'.repeat(90)));
  const long = serverPaths('/c/cache', { XDG_RUNTIME_DIR: deep });
  rmSync(deep, { recursive: true });
  expect(long.dir).toBe(`/tmp/compile-cache-${uid}`);
  expect(Buffer.byteLength(long.socket)).toBeLessThanOrEqual(MAX_SOCKET_PATH);
  expect(path.basename(a.lock)).toBe(`${path.basename(a.socket)}.lock`);
});

it('decodeEnvironment: the variables of a list, null when one is not UTF-8, whatever bytes they hold', () => {
  const env = (...items: Array<string | Buffer>) => decodeEnvironment(encodeEnvironment(items));
  expect(env()).toEqual({});
  expect(env('A=1', 'B=x=y', 'EMPTY=', 'NOEQ', '=v', 'U=ü€😀', 'F=\uFFFD')).toEqual({
    A: '1',
    B: 'x=y',
    EMPTY: '',
    U: 'ü€😀',
    F: '\uFFFD'
  });
  // A long value (its length field has bytes above 0x7f) and many variables.
  const many = Array.from({ length: 300 }, (_, i) => `V${i}=${'é'.repeat(i)}`);
  expect(env(...many)).toEqual(Object.fromEntries(many.map(p => p.split('='))));
  expect(env('A=1', Buffer.from([0x42, 0x3d, 0xff]))).toBeNull();
  expect(env(Buffer.from([0x42, 0x3d, 0xc3]), Buffer.from([0xa9]))).toBeNull();
  expect(env('A=\uFFFD', Buffer.from([0x42, 0x3d, 0xed, 0xa0, 0x80]))).toBeNull();
  // NUL bytes inside a variable (the format allows them): decoded one by one, the same way.
  expect(env('A=x\0\0\0\0y', 'B=\0', 'C=2')).toEqual({ A: 'x\0\0\0\0y', B: '\0', C: '2' });
  expect(env('A=\0', Buffer.from([0x42, 0x3d, 0xff]))).toBeNull();
  expect(() => decodeEnvironment(Buffer.from([0, 0, 0, 2, 0, 0, 0, 1, 0x41]))).toThrow(ProtocolError);
});

it('EnvironmentCache: the same bytes give the same environment, kept frozen from the second time; other bytes their own', () => {
  const cache = new EnvironmentCache();
  const req = (env: string[]) =>
    decodeRequest(body(encodeRequest({ ...compileReq, env: env.map(e => Buffer.from(e)) }))) as WireCompile;
  const a = cache.parse(req(['PATH=/usr/bin', 'X=1']));
  expect(a).toEqual({ PATH: '/usr/bin', X: '1' });
  expect(Object.isFrozen(a)).toBe(false);
  expect(cache.parse(req(['PATH=/usr/bin', 'X=1']))).toBe(a);
  expect(Object.isFrozen(a)).toBe(true);
  expect(cache.parse(req(['PATH=/usr/bin', 'X=1']))).toBe(a);
  // Seen once: parsed, not kept; twice: kept.
  const b = cache.parse(req(['PATH=/usr/bin', 'X=2']));
  expect(b).toEqual({ PATH: '/usr/bin', X: '2' });
  expect(Object.isFrozen(b)).toBe(false);
  expect(cache.parse(req(['PATH=/usr/bin', 'X=1']))).toBe(a);
  const b2 = cache.parse(req(['PATH=/usr/bin', 'X=2']));
  expect(b2).toBe(b);
  expect(Object.isFrozen(b2)).toBe(true);
  expect(cache.parse(req(['PATH=/usr/bin', 'X=2']))).toBe(b2);
  // Another environment in between: the one seen once is parsed again.
  const c = cache.parse(req(['PATH=/usr/bin', 'X=c']));
  cache.parse(req(['PATH=/usr/bin', 'X=d']));
  expect(cache.parse(req(['PATH=/usr/bin', 'X=c']))).not.toBe(c);
  // Four kept: a fifth environment pushes out the least recently used (a).
  for (const x of ['3', '4', '5']) {
    cache.parse(req(['PATH=/usr/bin', `X=${x}`]));
    cache.parse(req(['PATH=/usr/bin', `X=${x}`]));
  }
  expect(cache.parse(req(['PATH=/usr/bin', 'X=2']))).toBe(b2);
  expect(cache.parse(req(['PATH=/usr/bin', 'X=1']))).not.toBe(a);
  expect(cache.parse(req(['X=\udc00']))).toEqual({ X: '\ufffd' });
  expect(
    cache.parse({ ...compileReq, env: [Buffer.from([0x58, 0x3d, 0xff])], envBytes: undefined })
  ).toBeNull();
});
