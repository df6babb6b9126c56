/**
 * `metadata` byte for byte as the Go system writes it: our encoder against fixtures of Go-encoded
 * metadata (derived from encoding/json's appendString, see fixtures/go-metadata/README.md), and the
 * wrapper as it ships (real gcc, a real cache directory) storing those bytes for a define with `<&>`
 * and recording the compiler under the name the build called it by.
 */
import { existsSync, promises as fs, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMetadata, goJsonString, type Metadata } from '../../src/compiler/entry.js';
import {
  buildBundle,
  entries,
  installTestShims,
  run,
  tempDir,
  which,
  wrapper,
  wrapperEnv,
  writeFiles
} from './helpers.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'go-metadata');

function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/ /g, ''), 'hex');

/** The values each fixture encodes (what the Go system's struct held). */
const CASES: Record<string, Metadata> = {
  'html.json': {
    time: new Date('2024-05-06T07:08:09.120Z'),
    compiler: 'gcc',
    command: ['-DX="<a&b>"', '-DCOND=(A>1&&B<2)', '-c', 'a.c', '-o', 'o/a.o'],
    inputs: ['a.c'],
    output: 'o/a.o',
    durationNs: 15_000_000n
  },
  'separators.json': {
    time: new Date('2024-05-06T07:08:09.001Z'),
    compiler: 'cc',
    command: ['-DS="a\u2028b\u2029c"', '-c', 'x.c'],
    inputs: ['x.c'],
    output: '',
    durationNs: 1n
  },
  'control.json': {
    time: new Date('2024-05-06T07:08:09.000Z'),
    compiler: '/usr/bin/gcc',
    command: ['-DC=\u0000\u0001\b\t\n\u000b\f\r\u001b\u001f\u007f', '-DQ="q" \\ end', '-c', 'a.c'],
    inputs: ['a.c'],
    output: '',
    durationNs: 0n
  },
  'non-ascii.json': {
    time: new Date('1999-12-31T23:59:59.999Z'),
    compiler: 'x86_64-linux-gnu-gcc-12',
    command: ['-DNAME="café 中文 😀 \ufffd"', '-c', 'src/grüße.c', '-o', 'out/grüße.o'],
    inputs: ['src/grüße.c'],
    output: 'out/grüße.o',
    durationNs: 9_223_372_036_854_775_807n
  },
  // Go strings are bytes: each byte that is not valid UTF-8 becomes one \ufffd.
  'invalid-utf8.json': {
    time: new Date('2024-05-06T07:08:09.500Z'),
    compiler: 'gcc',
    command: [
      bytes('2d 44 4c 3d 63 61 66 e9'), // -DL=caf + Latin-1 é
      bytes('2d 44 54 3d e2 82 78'), // a three-byte sequence cut short: two bytes, two \ufffd
      bytes('2d 44 53 3d ed a0 80'), // U+D800 encoded (a surrogate): three
      bytes('2d 44 4f 3d c0 af'), // overlong '/': two
      bytes('2d 44 42 3d f4 90 80 80'), // above U+10FFFF: four
      bytes('2d 44 45 3d c3 a9'), // valid é: raw
      '-c',
      bytes('63 61 66 e9 2e 63')
    ],
    inputs: [bytes('63 61 66 e9 2e 63')],
    output: '',
    durationNs: 42n
  }
};

describe('metadata encoding against Go-encoded fixtures', () => {
  it.each(Object.keys(CASES))('%s: our bytes are exactly Go’s', name => {
    const ours = encodeMetadata(CASES[name]!);
    const go = fixture(name);
    // As text first: a mismatch then shows where.
    expect(ours.toString('latin1')).toBe(go.toString('latin1'));
    expect(ours.equals(go)).toBe(true);
  });

  it('the fixtures are valid JSON holding the values they claim (a check on the hand-derived bytes)', () => {
    // Not invalid-utf8.json: its inputs are bytes no JSON string can hold (the point of that case).
    for (const [name, m] of Object.entries(CASES).filter(([n]) => n !== 'invalid-utf8.json')) {
      const parsed = JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;
      const text = (v: string | Uint8Array) => (typeof v === 'string' ? v : Buffer.from(v).toString('utf8'));
      expect({ name, ...parsed }).toEqual({
        name,
        timestamp: expect.any(String) as unknown,
        compiler: text(m.compiler),
        command: m.command.map(text),
        inputs: m.inputs.map(text),
        ...(m.output === '' ? {} : { output: text(m.output) }),
        duration_ns: Number(m.durationNs)
      });
      expect(new Date(parsed.timestamp as string).getTime()).toBe(m.time.getTime());
    }
  });

  it('goJsonString escapes what Go escapes and nothing else', () => {
    const go = (v: string | Uint8Array) => goJsonString(v).toString('utf8');
    expect(go('<>&')).toBe('"\\u003c\\u003e\\u0026"');
    expect(go('\u2028\u2029\u2027\u202a')).toBe('"\\u2028\\u2029\u2027\u202a"');
    // Every byte below 0x20: the five short escapes, the rest \u00xx in lowercase hex.
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    expect(go(controls)).toBe(
      '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
        '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"'
    );
    // The rest of ASCII is raw but for the quote and the backslash (and <>& above); DEL too.
    const printable = Array.from({ length: 96 }, (_, i) => String.fromCharCode(32 + i))
      .join('')
      .replace(/[<>&]/g, '');
    expect(go(printable)).toBe(`"${printable.replace(/["\\]/g, c => `\\${c}`)}"`);
    // A lone surrogate cannot reach Go; ours is encoded to UTF-8 first (U+FFFD, valid, raw).
    expect(go('a\ud800b')).toBe('"a\ufffdb"');
    expect(go(bytes('ef bf bd'))).toBe('"\ufffd"');
    expect(go(bytes('ff fe'))).toBe('"\\ufffd\\ufffd"');
    expect(go(bytes('f0 9f 98'))).toBe('"\\ufffd\\ufffd\\ufffd"'); // a four-byte sequence cut short
    expect(go(bytes('f0 9f 98 80'))).toBe('"😀"');
    expect(go(bytes('e2 80 a8'))).toBe('"\\u2028"');
    expect(go('')).toBe('""');
  });
});

describe('the wrapper stores Go’s bytes', () => {
  let bundle: string;
  let work: string;
  let shims: string;
  let launcher: string;

  beforeAll(async () => {
    bundle = buildBundle();
    work = await tempDir('go-metadata');
    ({ shims, launcher } = installTestShims(bundle, work, path.join(work, 'c0')));
  }, 60000);

  afterAll(async () => {
    if (work) await fs.rm(work, { recursive: true, force: true });
    if (bundle) await fs.rm(path.dirname(bundle), { recursive: true, force: true });
  });

  /** Compiles once into a fresh cache directory; returns the one stored entry's `metadata` blob. */
  async function storedMetadata(
    name: string,
    how: (dir: string, env: NodeJS.ProcessEnv, args: string[]) => { status: number | null; stderr: string }
  ): Promise<Buffer> {
    const dir = path.join(work, name);
    await writeFiles(dir, { 'a.c': 'const char *x = X;\n' });
    await fs.mkdir(path.join(dir, 'o'));
    const cache = path.join(work, `cache-${name}`);
    const env = wrapperEnv(cache, { PATH: `${shims}:${process.env.PATH ?? ''}` });
    const r = how(dir, env, ['-DX="<a&b>"', '-c', 'a.c', '-o', 'o/a.o']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const found = entries(cache);
    expect(found).toHaveLength(1);
    return readFileSync(path.join(found[0]!.dir, 'metadata'));
  }

  /** The bytes Go writes for this compile; the time and duration are taken from the blob itself. */
  function expected(blob: Buffer, compiler: string): Buffer {
    const m = /^\{"timestamp":"([^"]+)",.*,"duration_ns":(\d+)\}$/.exec(blob.toString('utf8'));
    expect(m).not.toBeNull();
    const [, timestamp, duration] = m!;
    expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/);
    return Buffer.from(
      `{"timestamp":"${timestamp}","compiler":"${compiler}",` +
        `"command":["-DX=\\"\\u003ca\\u0026b\\u003e\\"","-c","a.c","-o","o/a.o"],` +
        `"inputs":["a.c"],"output":"o/a.o","duration_ns":${duration}}`
    );
  }

  it('wrap gcc: the compiler is `gcc` as called, not the path it resolves to', async () => {
    const blob = await storedMetadata('wrap-name', (dir, env, args) =>
      wrapper(bundle, ['wrap', 'gcc', ...args], dir, env)
    );
    expect(blob.toString()).toBe(expected(blob, 'gcc').toString());
  }, 30000);

  it('the launcher given a full path records that path, however many links it goes through', async () => {
    const gcc = which('gcc')!;
    const blob = await storedMetadata('launcher-path', (dir, env, args) =>
      run(launcher, [gcc, ...args], dir, env)
    );
    expect(blob.toString()).toBe(expected(blob, gcc).toString());
    // Where gcc is a link (Debian: gcc -> gcc-12 -> x86_64-linux-gnu-gcc-12), the real path is not it.
    if (realpathSync(gcc) !== gcc) expect(blob.includes(realpathSync(gcc))).toBe(false);
  }, 30000);

  it('a shim on PATH records the name the build ran (`cc`), not the real compiler behind it', async () => {
    expect(existsSync(path.join(shims, 'cc'))).toBe(true);
    const blob = await storedMetadata('shim', (dir, env, args) => run('cc', args, dir, env));
    expect(blob.toString()).toBe(expected(blob, 'cc').toString());
  }, 30000);
});
