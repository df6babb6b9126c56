/** The wrapper's parts without a compiler: command-line classification, the entry encodings and reading, the key inputs. */
import { parseDepfile, rewriteDepfile } from '../../src/compiler/depfile.js';
import { normaliseArgs, normaliseMarkers, TOKEN, travellingPrefix } from '../../src/compiler/travel.js';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classify, debugWorkingDir } from '../../src/compiler/args.js';
import {
  decodeExtras,
  encodeExtras,
  encodeMetadata,
  readEntry,
  rfc3339Nano
} from '../../src/compiler/entry.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import { compileKey, dropWorkingDirMarker, FieldHash, KEY_VERSION } from '../../src/compiler/key.js';
import { anyWorkingDir, entryScope, manifestKey, matchingEntry } from '../../src/compiler/direct/direct.js';
import type { ManifestEntry } from '../../src/compiler/direct/manifest.js';
import { createHash } from 'node:crypto';
import { hitRate, parseStats } from '../../src/compiler/stats.js';
import {
  adoptOutcomes,
  chooseDependMode,
  DEPEND_AFTER_MISSES,
  DEPEND_PROBE_EVERY,
  dependKey,
  dependSetting,
  newDependPolicy,
  notePreprocessorLookup,
  parseSearchList,
  seedFromStore,
  sourceIncludes,
  takeOutcomes,
  travellingNames
} from '../../src/compiler/direct/depend.js';
import { newSession, rememberManifest } from '../../src/compiler/session.js';

function reasonOf(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const c = classify(args, env);
  return c.cacheable ? 'cacheable' : c.reason;
}

describe('classify', () => {
  it('reads a compile with -o, depfile and targets', () => {
    const c = classify(['-c', 'src/a.c', '-Iinc', '-o', 'out/a.o', '-MMD', '-MP', '-MF', 'dep/a.d'], {});
    expect(c.cacheable).toBe(true);
    if (!c.cacheable) return;
    expect(c.command.source).toBe('src/a.c');
    expect(c.command.language).toBe('c');
    expect(c.command.output).toBe('out/a.o');
    expect(c.command.depfile).toEqual({
      path: 'dep/a.d',
      targets: [{ name: 'out/a.o', quoted: true }],
      systemHeaders: false
    });
    // Output and depfile paths never reach the key; the depfile flags do.
    expect(c.command.keyArgs).toEqual(['-c', 'src/a.c', '-Iinc', '-MMD', '-MP']);
    expect(c.command.preprocessArgs).toEqual(['src/a.c', '-Iinc', '-E']);
  });

  it('derives the object and depfile paths like gcc', () => {
    const noO = classify(['-c', 'dir/x.y.cpp', '-MD'], {});
    expect(noO.cacheable && [noO.command.output, noO.command.depfile?.path]).toEqual(['x.y.o', 'x.y.d']);
    const joined = classify(['-c', '-oout/obj', 'a.c', '-MD', '-MTtgt', '-MQ', 'q$'], {});
    expect(joined.cacheable && [joined.command.output, joined.command.depfile]).toEqual([
      'out/obj',
      {
        path: 'out/obj.d',
        targets: [
          { name: 'tgt', quoted: false },
          { name: 'q$', quoted: true }
        ],
        systemHeaders: true
      }
    ]);
    // Targets are written into the depfile on a hit: not key arguments.
    expect(joined.cacheable && joined.command.keyArgs).toEqual(['-c', 'a.c', '-MD']);
  });

  it('honours -x for the files after it', () => {
    const c = classify(['-x', 'c++', '-c', 'a.inl'], {});
    expect(c.cacheable && c.command.language).toBe('c++');
    expect(reasonOf(['-c', 'a.inl', '-x', 'c++'])).toBe('language');
    expect(reasonOf(['-xassembler-with-cpp', '-c', 'a.asm'])).toBe('cacheable');
  });

  it.each([
    [['a.c', '-o', 'a'], 'link'],
    [['-c', 'a.c', 'b.c'], 'multiple-inputs'],
    [['-c', 'a.c', 'b.o'], 'multiple-inputs'],
    [['-E', 'a.c'], 'preprocess-only'],
    [['-M', 'a.c'], 'dependency-only'],
    [['-MM', '-c', 'a.c'], 'dependency-only'],
    [['-c', '-'], 'stdin'],
    [['-c', 'a.c', '-save-temps'], 'save-temps'],
    [['-c', 'a.c', '--coverage'], 'profile-coverage'],
    [['-c', 'a.c', '-fprofile-arcs'], 'profile-coverage'],
    [['-c', 'a.c', '-ftest-coverage'], 'profile-coverage'],
    [['-c', 'a.c', '-fprofile-use=x.profdata'], 'profile-coverage'],
    [['-c', 'a.h'], 'precompiled-header'],
    [['-x', 'c-header', '-c', 'a.x'], 'precompiled-header'],
    [['-c', 'a.c', '-include-pch', 'a.pch'], 'precompiled-header'],
    [['-c', 'a.c', '@args.rsp'], 'response-file'],
    [['-c', 'a.c', '-fplugin=x.so'], 'plugin'],
    [['-x', 'fortran', '-c', 'a.f'], 'language'],
    [['-c', 'a.m'], 'language'],
    [['-c', 'a.s'], 'language'],
    [['-c', 'a.c', '-S'], 'assembly-output'],
    [['-c', 'a.c', '-fsyntax-only'], 'syntax-only'],
    [['-c', 'a.c', '-v'], 'verbose'],
    [['--version'], 'info'],
    [['-c', 'a.c', '-gsplit-dwarf'], 'extra-output'],
    [['-c', 'a.c', '-fstack-usage'], 'extra-output'],
    [['-c', 'a.c', '-Wa,-adhln=a.lst'], 'extra-output'],
    [['-c', 'a.c', '-Wp,-MD,a.d'], 'unproven-option'],
    [['-c', 'a.c', '-Xclang', '-load'], 'unproven-option'],
    [['-c', 'a.c', '-fsanitize-ignorelist=x.txt'], 'unproven-option'],
    [['-c', 'a.c', '--unknown-long-option'], 'unproven-option'],
    [['-c', 'a.c', '-o', '-'], 'output-stdout'],
    [['-c', 'a.c', '-o', 'x.o', '-o', 'y.o'], 'multiple-outputs'],
    [['-c'], 'no-input']
  ])('%j passes through as %s', (args, reason) => {
    expect(reasonOf(args)).toBe(reason);
  });

  it('passes through when gcc would write dependencies because of the environment', () => {
    expect(reasonOf(['-c', 'a.c'], { DEPENDENCIES_OUTPUT: 'a.d' })).toBe('unproven-option');
  });

  it('tracks debug info and prefix maps', () => {
    const on = classify(['-c', 'a.c', '-g', '-fdebug-prefix-map=/w=.'], {});
    expect(on.cacheable && [on.command.debug, on.command.prefixMaps]).toEqual([true, [['/w', '.']]]);
    const off = classify(['-c', 'a.c', '-g', '-g0', '-gz'], {});
    expect(off.cacheable && off.command.debug).toBe(false);
    const asm = classify(['-c', 'a.S', '-Wa,--gdwarf-5'], {});
    expect(asm.cacheable && asm.command.debug).toBe(true);
  });
});

describe('matchingEntry (paths located once per entry, working directory, checkout and cache)', () => {
  it('the same entry read from two checkouts and two working directories checks each one’s files', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ccw-match-'));
    try {
      const [one, two] = [path.join(root, 'one'), path.join(root, 'two')];
      for (const [dir, text] of [
        [one, 'one'],
        [two, 'two']
      ] as const) {
        await fs.mkdir(path.join(dir, 'inc'), { recursive: true });
        await fs.writeFile(path.join(dir, 'inc/a.h'), text);
      }
      const sha = (t: string) => createHash('sha256').update(t).digest('hex');
      const entry: ManifestEntry = {
        key: 'a'.repeat(64),
        travel: true,
        scope: null,
        files: [
          [`${TOKEN}/inc/a.h`, sha('one')],
          ['inc/a.h', sha('one')]
        ],
        direct: []
      };
      const m = { entries: [entry] };
      const session = newSession(path.join(root, 'cache'));
      expect(matchingEntry(m, session, one, one)).toBe(entry);
      expect(matchingEntry(m, session, two, two)).toBeNull();
      expect(matchingEntry(m, session, one, one)).toBe(entry);
      // The checkout's file is one's, the relative one is found from the working directory (two's).
      expect(matchingEntry(m, session, two, one)).toBeNull();
      expect(matchingEntry(m, session, one, null)).toBeNull();
      // A session whose cache directory holds the files: they never match.
      expect(matchingEntry(m, newSession(one), one, one)).toBeNull();
      expect(matchingEntry(m, session, one, one)).toBe(entry);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('rememberManifest (a server keeps manifests within bounds)', () => {
  it('starts over past 32 MiB of manifest blobs, and keeps what fits', () => {
    const session = newSession('/cache');
    const m = { entries: [] };
    rememberManifest(session, 'a', m, 20 * 1024 * 1024);
    rememberManifest(session, 'b', m, 10 * 1024 * 1024);
    expect([...session.manifests.keys()]).toEqual(['a', 'b']);
    // One more MiB than fits: the session starts over with this one.
    rememberManifest(session, 'c', m, 3 * 1024 * 1024);
    expect([...session.manifests.keys()]).toEqual(['c']);
    expect(session.manifestBytes).toBe(3 * 1024 * 1024);
  });

  it("only if there is room (the warm-up's): what the session keeps stays", () => {
    const session = newSession('/cache');
    const m = { entries: [] };
    expect(rememberManifest(session, 'a', m, 30 * 1024 * 1024, true)).toBe(true);
    expect(rememberManifest(session, 'b', m, 3 * 1024 * 1024, true)).toBe(false);
    expect([...session.manifests.keys()]).toEqual(['a']);
    expect(rememberManifest(session, 'c', m, 2 * 1024 * 1024, true)).toBe(true);
    expect([...session.manifests.keys()]).toEqual(['a', 'c']);
  });
});

describe('key hashing (FieldHash)', () => {
  /** The field layout as the keys were first computed, field by field: existing entries must keep their keys. */
  function reference(fields: Array<[string, string | Uint8Array]>): string {
    const h = createHash('sha256');
    for (const [name, value] of fields) {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
      const head = Buffer.alloc(name.length + 1 + 8);
      head.write(name, 0, 'latin1');
      head.writeBigUInt64BE(BigInt(bytes.byteLength), name.length + 1);
      h.update(head);
      h.update(bytes);
    }
    return h.digest('hex');
  }

  it('hashes the same bytes as field-by-field updates, for small, multi-byte, empty and large values', () => {
    const big = Buffer.alloc(200_000, 7);
    const fields: Array<[string, string | Uint8Array]> = [
      ['version', 'v'],
      ['arg', ''],
      ['arg', 'ü€😀 \ud800'],
      ['arg', 'x'.repeat(10_000)],
      ['preprocessed', big],
      ['after', Buffer.from('tail')],
      ['small', new Uint8Array([1, 2, 3])]
    ];
    const h = new FieldHash();
    for (const [n, v] of fields) h.field(n, v);
    expect(h.digest().toString('hex')).toBe(reference(fields));
  });

  it('gives compileKey and manifestKey the layout they had', () => {
    const c = classify(['-c', 'a.c', '-O2', '-DX=ä'], {});
    if (!c.cacheable) throw new Error('not cacheable');
    const env = { LANG: 'C.UTF-8', CPATH: '/inc', SOURCE_DATE_EPOCH: '1' };
    const pre = Buffer.from('# 1 "a.c"\nint x;\n');
    expect(
      compileKey({
        compilerIdentity: 'id',
        command: c.command,
        extraArgs: ['-fdiagnostics-color=always'],
        cwd: '/w',
        env,
        preprocessed: pre,
        paths: 'absolute',
        keyArgs: c.command.keyArgs,
        depfileTargets: ['Tout.o']
      }).toString('hex')
    ).toBe(
      reference([
        ['version', KEY_VERSION],
        ['compiler', 'id'],
        ['language', 'c'],
        ...c.command.keyArgs.map((a): [string, string] => ['arg', a]),
        ['arg', '-fdiagnostics-color=always'],
        ['paths', 'absolute'],
        ['depfile-target', 'Tout.o'],
        ['env', 'LANG=C.UTF-8'],
        ['preprocessed', pre]
      ])
    );
    expect(
      manifestKey({
        compilerIdentity: 'id',
        command: c.command,
        extraArgs: [],
        cwd: '/w',
        env,
        prefix: null,
        depfileTargets: null,
        sourceHash: 'ab'
      }).toString('hex')
    ).toBe(
      reference([
        ['version', `compile-cache manifest key v1 / ${KEY_VERSION}`],
        ['compiler', 'id'],
        ['language', 'c'],
        ...c.command.keyArgs.map((a): [string, string] => ['arg', a]),
        ['cwd', '/w'],
        ['paths', 'absolute'],
        ['env', 'LANG=C.UTF-8'],
        ['env', 'CPATH=/inc'],
        ['env', 'SOURCE_DATE_EPOCH=1'],
        ['source', 'ab']
      ])
    );
  });
});

describe('anyWorkingDir and entryScope (entries two build directories share)', () => {
  const inputs = (args: string[], env: NodeJS.ProcessEnv = {}, prefix: string | null = null) => {
    const c = classify(args, env);
    if (!c.cacheable) throw new Error(c.reason);
    return {
      compilerIdentity: 'id',
      command: c.command,
      extraArgs: [],
      cwd: '/w/b1',
      env,
      prefix,
      depfileTargets: null,
      sourceHash: 'ab'
    };
  };
  const cmake = ['-I/w/inc', '-isystem', '/usr/x', '-DNAME=a/b', '-O2', '-o', 'o/a.o', '-c', '/w/src/a.c'];

  it('absolute sources and include paths, no debug info: no working directory in the manifest key', () => {
    expect(anyWorkingDir(inputs(cmake))).toBe(true);
    expect(anyWorkingDir(inputs([...cmake, '--sysroot=/sys', '-include', '/w/pre.h']))).toBe(true);
    expect(anyWorkingDir(inputs(cmake, { CPATH: '/inc:/more' }))).toBe(true);
    const one = manifestKey(inputs(cmake));
    expect(manifestKey({ ...inputs(cmake), cwd: '/w/b2' }).equals(one)).toBe(true);
  });

  it('anything read through the working directory keeps it in the key', () => {
    const relative = [
      ['-c', 'src/a.c'],
      ['-Iinc', '-c', '/w/src/a.c'],
      ['-I', 'inc', '-c', '/w/src/a.c'],
      ['-iquoteinc', '-c', '/w/src/a.c'],
      ['-include', 'pre.h', '-c', '/w/src/a.c'],
      ['--sysroot=sys', '-c', '/w/src/a.c'],
      ['-isystem', '../x', '-c', '/w/src/a.c'],
      ['-fmacro-prefix-map=src/=x', '-c', '/w/src/a.c'],
      // A value written apart from its option is taken for a path, whatever it is: conservative.
      ['-D', 'NAME', '-c', '/w/src/a.c'],
      ['-g', '-c', '/w/src/a.c']
    ];
    for (const args of relative) {
      expect([args, anyWorkingDir(inputs(args))]).toEqual([args, false]);
      const i = inputs(args);
      expect(manifestKey({ ...i, cwd: '/w/b2' }).equals(manifestKey(i))).toBe(false);
    }
    // An empty element of an include path list is the working directory.
    for (const CPATH of ['inc', '/inc::/more', '/inc:'])
      expect(anyWorkingDir(inputs(cmake, { CPATH }))).toBe(false);
    expect(anyWorkingDir(inputs(cmake, { COMPILER_PATH: 'tools' }))).toBe(false);
    expect(anyWorkingDir(inputs(cmake, { CCC_OVERRIDE_OPTIONS: '+-Iinc' }))).toBe(false);
    // A key that travels has its own working-directory rule (travel.ts).
    expect(anyWorkingDir(inputs(cmake, {}, '/w'))).toBe(false);
  });

  it('entryScope: any working directory only when the key left it out and every file is absolute', () => {
    const at = (travel: boolean, anywhere: boolean) => ({ travel, anywhere, cwd: '/w/b1' });
    const abs: Array<[string, string]> = [
      ['/w/src/a.c', 'aa'],
      ['/usr/include/stdio.h', 'bb']
    ];
    const rel: Array<[string, string]> = [...abs, ['inc/conf.h', 'cc']];
    expect(entryScope(at(false, true), abs)).toBeNull();
    expect(entryScope(at(false, true), rel)).toBe('/w/b1');
    expect(entryScope(at(false, false), abs)).toBe('/w/b1');
    expect(entryScope(at(true, false), rel)).toBeNull();
  });
});

describe('debugWorkingDir', () => {
  it('applies the one matching map, and leaves ambiguous or unmatched directories alone', () => {
    expect(debugWorkingDir('/home/u/src/p', [['/home/u/src', '/src']])).toBe('/src/p');
    expect(debugWorkingDir('/home/u/srcx', [['/home/u/src', '/src']])).toBe('/home/u/srcx');
    expect(
      debugWorkingDir('/home/u/src/p', [
        ['/home', '/H'],
        ['/home/u/src', '/src']
      ])
    ).toBe('/home/u/src/p');
  });
});

describe('dropWorkingDirMarker', () => {
  it('removes only the working-directory line gcc adds with -g', () => {
    const text = '# 0 "a.c"\n# 1 "/w/p//"\n# 0 "<built-in>"\nint x;\n';
    expect(dropWorkingDirMarker(Buffer.from(text), '/w/p').toString()).toBe(
      '# 0 "a.c"\n# 0 "<built-in>"\nint x;\n'
    );
    expect(dropWorkingDirMarker(Buffer.from(text), '/w').toString()).toBe(text);
  });
});

describe('extras encoding', () => {
  it('is big-endian, sorted by path bytes, and round-trips', () => {
    const enc = encodeExtras([
      { path: 'b.d', data: Buffer.from('xy') },
      { path: 'a.d', data: Buffer.from('') }
    ]);
    const expected = Buffer.concat([
      Buffer.from([0, 0, 0, 2]),
      Buffer.from([0, 0, 0, 3]),
      Buffer.from('a.d'),
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]),
      Buffer.from([0, 0, 0, 3]),
      Buffer.from('b.d'),
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 2]),
      Buffer.from('xy')
    ]);
    expect(enc.equals(expected)).toBe(true);
    const dec = decodeExtras(enc);
    expect(dec?.map(f => [f.path, Buffer.from(f.data).toString()])).toEqual([
      ['a.d', ''],
      ['b.d', 'xy']
    ]);
  });

  it('rejects truncated or padded encodings', () => {
    const enc = encodeExtras([{ path: 'a.d', data: Buffer.from('xyz') }]);
    expect(decodeExtras(enc.subarray(0, enc.length - 1))).toBeNull();
    expect(decodeExtras(Buffer.concat([enc, Buffer.from([0])]))).toBeNull();
    expect(decodeExtras(Buffer.alloc(2))).toBeNull();
  });
});

describe('metadata', () => {
  it('is compact JSON with the fields in the spec order, output omitted when empty', () => {
    const m = {
      time: new Date('2024-05-06T07:08:09.120Z'),
      compiler: '/usr/bin/gcc',
      command: ['-c', 'a.c'],
      inputs: ['a.c'],
      output: '',
      durationNs: 1500n
    };
    expect(encodeMetadata(m).toString()).toBe(
      '{"timestamp":"2024-05-06T07:08:09.12Z","compiler":"/usr/bin/gcc","command":["-c","a.c"],"inputs":["a.c"],"duration_ns":1500}'
    );
    expect(encodeMetadata({ ...m, output: 'a.o' }).toString()).toContain(
      '"inputs":["a.c"],"output":"a.o","duration_ns"'
    );
    expect(rfc3339Nano(new Date('2024-05-06T07:08:09.000Z'))).toBe('2024-05-06T07:08:09Z');
  });
});

describe('stats lines', () => {
  it('count by kind and ignore unknown lines', () => {
    const s = parseStats('hit\nmiss\nhit\nuncacheable link\nuncacheable link\nerror write\nfuture thing\n');
    expect(s).toMatchObject({ hits: 2, misses: 1, uncacheable: { link: 2 }, errors: 1, calls: 5 });
    expect(hitRate(s)).toBeCloseTo(2 / 3);
    expect(hitRate(parseStats(''))).toBeNull();
  });
});

describe('readEntry (all blobs read at once)', () => {
  it('hits only on a complete entry with exit code 0; stdout and stderr may be missing', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ccw-entry-'));
    try {
      const store = new DiskCacheStore(dir).namespace('compile').namespace('local');
      const key = (n: number) => Buffer.alloc(32, n);
      const put = async (k: Buffer, blobs: Record<string, string | Buffer>) => {
        for (const [name, v] of Object.entries(blobs)) await store.put(k, name, Buffer.from(v));
      };
      const extras = encodeExtras([{ path: 'a.d', data: Buffer.from('a.o: a.c\n') }]);
      await put(key(1), { output: 'OBJ', stdout: 'out', stderr: 'warn', exit_code: '0', extras });
      await put(key(2), { output: 'OBJ', exit_code: '0\n' });
      await put(key(3), { output: 'OBJ', exit_code: '1' });
      await put(key(4), { output: 'OBJ' });
      await put(key(5), { exit_code: '0' });
      await put(key(6), { output: 'OBJ', exit_code: '0', extras: Buffer.from([0, 0]) });
      expect(await readEntry(store, key(1), true)).toEqual({
        output: Buffer.from('OBJ'),
        stdout: Buffer.from('out'),
        stderr: Buffer.from('warn'),
        extras: [{ path: 'a.d', data: Buffer.from('a.o: a.c\n') }]
      });
      expect(await readEntry(store, key(2), false)).toEqual({
        output: Buffer.from('OBJ'),
        stdout: Buffer.alloc(0),
        stderr: Buffer.alloc(0),
        extras: null
      });
      expect(await readEntry(store, key(2), true)).toBeNull(); // a depfile expected, no extras
      expect(await readEntry(store, key(3), false)).toBeNull(); // failures are never replayed
      expect(await readEntry(store, key(4), false)).toBeNull(); // no exit_code
      expect(await readEntry(store, key(5), false)).toBeNull(); // no output
      expect(await readEntry(store, key(6), true)).toBeNull(); // malformed extras
      expect(await readEntry(store, key(7), false)).toBeNull(); // nothing at all
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('travellingPrefix (keys that travel)', () => {
  const prefixOf = (args: string[], cwd = '/w/proj/build') => {
    const c = classify(['-c', '/w/proj/a.c', ...args], {});
    if (!c.cacheable) throw new Error(c.reason);
    return travellingPrefix(c.command, cwd);
  };
  it('is the left side of the one map covering the working directory, for debug info and macros alike', () => {
    expect(prefixOf(['-ffile-prefix-map=/w/proj=.'])).toBe('/w/proj');
    expect(prefixOf(['-fdebug-prefix-map=/w/proj=.', '-fmacro-prefix-map=/w/proj=src'])).toBe('/w/proj');
    expect(prefixOf(['-ffile-prefix-map=/w/proj/=./'])).toBe('/w/proj/');
    expect(prefixOf(['-ffile-prefix-map=/w/proj=.'], '/w/proj')).toBe('/w/proj');
  });
  it.each([
    ['debug map only (macros and __builtin_FILE keep the path)', ['-fdebug-prefix-map=/w/proj=.']],
    ['macro map only (debug info keeps the path)', ['-fmacro-prefix-map=/w/proj=.']],
    ['the working directory outside', ['-ffile-prefix-map=/elsewhere=.']],
    ['a second map overlapping it', ['-ffile-prefix-map=/w/proj=.', '-ffile-prefix-map=/w=w']],
    ['a map below it', ['-ffile-prefix-map=/w/proj=.', '-fdebug-prefix-map=/w/proj/build=b']],
    ['the same map twice', ['-ffile-prefix-map=/w/proj=.', '-ffile-prefix-map=/w/proj=x']],
    ['a relative left side', ['-ffile-prefix-map=proj=.']],
    ['a path make would quote', ['-ffile-prefix-map=/w/pr oj=.']]
  ])('is null for %s', (_, args) => {
    const cwd = args.some(a => a.includes('pr oj'))
      ? '/w/pr oj/build'
      : args.some(a => a.includes('=proj='))
        ? 'proj/build'
        : '/w/proj/build';
    expect(prefixOf(args, cwd)).toBeNull();
  });
  it('replaces the checkout in arguments and line markers, and refuses a marker that only starts like it', () => {
    expect(
      normaliseArgs(
        [
          '-I/w/proj/inc',
          '-isystem',
          '/w/proj/sys',
          '-ffile-prefix-map=/w/proj=.',
          '/w/proj/a.c',
          '-DX=/w/proj'
        ],
        '/w/proj'
      )
    ).toEqual(['-I\0/inc', '-isystem', '\0/sys', '-ffile-prefix-map=\0=.', '\0/a.c', '-DX=/w/proj']);
    const text = Buffer.from(
      '# 1 "/w/proj/a.c"\n# 1 "/usr/include/stdio.h" 1 3 4\nint x;\n# 3 "/w/proj/inc/h.h" 2\n'
    );
    expect(normaliseMarkers(text, '/w/proj')?.toString()).toBe(
      '# 1 "\0/a.c"\n# 1 "/usr/include/stdio.h" 1 3 4\nint x;\n# 3 "\0/inc/h.h" 2\n'
    );
    expect(normaliseMarkers(Buffer.from('# 1 "/w/projects/x.h" 1\n'), '/w/proj')).toBeNull();
  });
});

describe('depfile model', () => {
  it('renders what it parsed in the compiler’s layout, and refuses what needs make quoting', () => {
    const gcc = 'o/a.o: a.c inc/conf.h\n';
    expect(rewriteDepfile(Buffer.from(gcc), 'gcc', ['t.o'], null)?.toString()).toBe('t.o: a.c inc/conf.h\n');
    expect(parseDepfile('o/$$x.o: a.c\n')).toBeNull();
    expect(parseDepfile('o/x.o: a\\ b.c\n')).toBeNull();
    // Not what gcc would write for these names (a wrap too early): not rewritten.
    expect(rewriteDepfile(Buffer.from('o/a.o: \\\n a.c\n'), 'gcc', ['t.o'], null)).toBeNull();
    const moved = rewriteDepfile(Buffer.from('x.o: /a/p/s.c /a/p/i.h /usr/x.h\n'), 'gcc', ['x.o'], {
      from: '/a/p',
      to: '/b/q'
    });
    expect(moved?.toString()).toBe('x.o: /b/q/s.c /b/q/i.h /usr/x.h\n');
  });
});

describe('depend mode (direct/depend.ts)', () => {
  it('auto: preprocessor mode until 8 lookups in a row found nothing, then depend mode with every 8th a probe', () => {
    const p = newDependPolicy();
    for (let i = 0; i < DEPEND_AFTER_MISSES; i++) {
      expect(chooseDependMode(p, 'auto')).toBe(false);
      notePreprocessorLookup(p, false);
    }
    const choices = Array.from({ length: 2 * DEPEND_PROBE_EVERY }, () => chooseDependMode(p, 'auto'));
    expect(choices.filter(c => !c)).toHaveLength(2);
    expect(choices[DEPEND_PROBE_EVERY - 1]).toBe(false);
    // A probe that finds an entry: preprocessor mode again.
    notePreprocessorLookup(p, true);
    expect(chooseDependMode(p, 'auto')).toBe(false);
    expect([chooseDependMode(p, 'on'), chooseDependMode(p, 'off')]).toEqual([true, false]);
  });

  it('an empty store counts as fruitless lookups, once, and is handed to the other threads', () => {
    const p = newDependPolicy(true);
    let looked = 0;
    seedFromStore(p, () => (looked++, true));
    seedFromStore(p, () => (looked++, true));
    expect(looked).toBe(1);
    expect(chooseDependMode(p, 'auto')).toBe(true);
    const other = newDependPolicy(true);
    adoptOutcomes(other, takeOutcomes(p));
    expect(chooseDependMode(other, 'auto')).toBe(true);
    expect(takeOutcomes(other)).toEqual([]);
    const full = newDependPolicy();
    seedFromStore(full, () => false);
    expect(chooseDependMode(full, 'auto')).toBe(false);
  });

  it('the setting: on, off, and auto for anything else', () => {
    expect(['1', 'ON', ' yes', 'true'].map(v => dependSetting({ COMPILE_CACHE_DEPEND: v }))).toEqual([
      'on',
      'on',
      'on',
      'on'
    ]);
    expect(['0', 'off', 'No'].map(v => dependSetting({ COMPILE_CACHE_DEPEND: v }))).toEqual([
      'off',
      'off',
      'off'
    ]);
    expect([dependSetting({}), dependSetting({ COMPILE_CACHE_DEPEND: 'maybe' })]).toEqual(['auto', 'auto']);
  });

  it('reads the includes of a source, and refuses a computed one', () => {
    const src = Buffer.from(
      '#include "a.h"\n  #  include <sys/b.h>\n#include_next <c.h>\nint x; // #include "no"\n'
    );
    expect(sourceIncludes(src)).toEqual(['a.h', 'sys/b.h', 'c.h']);
    expect(sourceIncludes(Buffer.from('#define H "a.h"\n#include H\n'))).toBeNull();
  });

  it('reads the compiler’s own search list from -E -v', () => {
    const stderr =
      'ignoring nonexistent directory "/x"\n#include "..." search starts here:\n#include <...> search starts here:\n' +
      ' /usr/lib/gcc/x86_64-linux-gnu/12/include\n /usr/include/\n /Library/Frameworks (framework directory)\nEnd of search list.\n';
    expect(parseSearchList(stderr)).toEqual([
      '/usr/lib/gcc/x86_64-linux-gnu/12/include',
      '/usr/include',
      '/Library/Frameworks'
    ]);
    expect(parseSearchList('nothing')).toEqual([]);
  });

  it('keys travel only when no input merely starts like the checkout', () => {
    const rec = travellingNames(['/w/p/src/a.c', '/usr/include/stdio.h', 'rel.h'], '/w/p');
    expect(rec?.('/w/p/src/a.c')).toBe('\0/src/a.c');
    expect(rec?.('/usr/include/stdio.h')).toBe('/usr/include/stdio.h');
    expect(travellingNames(['/w/p/a.c', '/w/pq/b.h'], '/w/p')).toBeNull();
    const files: Array<[string, string]> = [['/w/p/a.c', 'a'.repeat(64)]];
    const m = Buffer.alloc(32, 1);
    expect(dependKey(m, files, n => n).equals(dependKey(m, files, n => n))).toBe(true);
    expect(dependKey(m, files, n => n).equals(dependKey(m, [['/w/p/a.c', 'b'.repeat(64)]], n => n))).toBe(
      false
    );
    expect(dependKey(m, files, n => n).equals(dependKey(m, files, rec ?? (n => n)))).toBe(false);
  });
});
