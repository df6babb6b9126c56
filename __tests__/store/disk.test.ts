import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DiskCacheStore } from '../../src/store/disk.js';
import { InvalidInputError } from '../../src/store/errors.js';
import { makeStagingDir, SYNC_WRITE_MAX, writeFileLean } from '../../src/store/disk-fs.js';
import { HOUR, exists, hexKey, removeTempDirs, setEntryTime, tempDir, tree } from './disk-helpers.js';

afterAll(removeTempDirs);

describe('disk layout (compat)', () => {
  it('writes <dir>/<ns…>/<hh>/<hex>/<name> byte for byte, files 0644 and dirs 0755 whatever the umask', async () => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    const compile = store.namespace('compile').namespace('local');
    const source = store.namespace('source').namespace('local');
    const objKey = Buffer.from(hexKey(0xab), 'hex');
    const srcKey = hexKey(0x0c);
    const rootKey = hexKey(0xef);

    const oldUmask = process.umask(0o077);
    try {
      await compile.put(objKey, 'output', Buffer.from('OBJECT'));
      await compile.put(objKey, 'stdout', Buffer.from(''));
      await compile.put(objKey, 'exit_code', Buffer.from('0'));
      await source.put(srcKey, 'data', Buffer.from('int main() {}\n'));
      await store.put(rootKey, 'output', new Uint8Array([0x41, 0x42]));
    } finally {
      process.umask(oldUmask);
    }

    const ab = hexKey(0xab);
    const c0 = hexKey(0x0c);
    const ef = hexKey(0xef);
    expect(await tree(root)).toEqual([
      { path: 'compile/', mode: 0o755 },
      { path: 'compile/local/', mode: 0o755 },
      { path: 'compile/local/ab/', mode: 0o755 },
      { path: `compile/local/ab/${ab}/`, mode: 0o755 },
      { path: `compile/local/ab/${ab}/exit_code`, mode: 0o644, content: '0' },
      { path: `compile/local/ab/${ab}/output`, mode: 0o644, content: 'OBJECT' },
      { path: `compile/local/ab/${ab}/stdout`, mode: 0o644, content: '' },
      { path: 'ef/', mode: 0o755 },
      { path: `ef/${ef}/`, mode: 0o755 },
      { path: `ef/${ef}/output`, mode: 0o644, content: 'AB' },
      { path: 'source/', mode: 0o755 },
      { path: 'source/local/', mode: 0o755 },
      { path: 'source/local/0c/', mode: 0o755 },
      { path: `source/local/0c/${c0}/`, mode: 0o755 },
      { path: `source/local/0c/${c0}/data`, mode: 0o644, content: 'int main() {}\n' }
    ]);

    expect(store.dir()).toBe(root);
    expect(compile.dir()).toBe(path.join(root, 'compile', 'local'));
    expect(compile.entryPath(objKey)).toBe(path.join(root, 'compile', 'local', 'ab', ab));
    expect(compile.entryPath(ab)).toBe(compile.entryPath(objKey));
  });

  it('writes blobs either side of the synchronous-write limit the same way: whole, 0644, no temp file left', async () => {
    const root = await tempDir();
    const compile = new DiskCacheStore(root).namespace('compile');
    const key = hexKey(0x5e);
    const small = Buffer.alloc(SYNC_WRITE_MAX, 7);
    const large = Buffer.alloc(SYNC_WRITE_MAX + 1, 9);
    const oldUmask = process.umask(0o077);
    try {
      await compile.put(key, 'output', small);
      await compile.put(key, 'extras', large);
      // A second put replaces the blob (rename over it), on both paths.
      await compile.put(key, 'output', large);
      await compile.put(key, 'extras', small);
    } finally {
      process.umask(oldUmask);
    }
    const entry = compile.entryPath(key);
    expect((await fs.readdir(entry)).sort()).toEqual(['extras', 'output']);
    expect((await compile.get(key, 'output'))?.equals(large)).toBe(true);
    expect((await compile.get(key, 'extras'))?.equals(small)).toBe(true);
    for (const name of ['extras', 'output'])
      expect((await fs.stat(path.join(entry, name))).mode & 0o777).toBe(0o644);
  });

  it('creates namespace directories lazily, on the first put', async () => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    const view = store.namespace('compile').namespace('tenant');
    expect(await view.get(hexKey(1), 'output')).toBeNull();
    expect(await view.has(hexKey(1))).toBe(false);
    expect(await view.stats()).toEqual({ entries: 0, bytes: 0 });
    expect(await view.list()).toEqual([]);
    expect(await fs.readdir(root)).toEqual([]);
    await view.put(hexKey(1), 'output', Buffer.from('x'));
    expect(await exists(path.join(root, 'compile', 'tenant', '01', hexKey(1), 'output'))).toBe(true);
  });

  it('overwrites a blob in place through a rename', async () => {
    const store = new DiskCacheStore(await tempDir());
    await store.put(hexKey(2), 'output', Buffer.from('first'));
    await store.put(hexKey(2), 'output', Buffer.from('second, longer'));
    expect((await store.get(hexKey(2), 'output'))!.toString()).toBe('second, longer');
    expect(await fs.readdir(store.entryPath(hexKey(2)))).toEqual(['output']);
  });
});

describe('get, put and has', () => {
  it('tells a missing blob (null) from an empty one (zero-length buffer)', async () => {
    const store = new DiskCacheStore(await tempDir());
    const key = hexKey(3);
    expect(await store.get(key, 'stdout')).toBeNull();
    expect(await store.has(key)).toBe(false);
    await store.put(key, 'stdout', new Uint8Array(0));
    const empty = await store.get(key, 'stdout');
    expect(empty).not.toBeNull();
    expect(Buffer.isBuffer(empty)).toBe(true);
    expect(empty!.length).toBe(0);
    expect(await store.has(key)).toBe(true);
    expect(await store.get(key, 'stderr')).toBeNull();
  });

  it('returns null when a path component is a file (ENOTDIR) and propagates real errors', async () => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    await fs.writeFile(path.join(root, '04'), 'not a shard');
    expect(await store.get(hexKey(4), 'output')).toBeNull();
    expect(await store.has(hexKey(4))).toBe(false);

    await fs.mkdir(path.join(store.entryPath(hexKey(5)), 'output'), { recursive: true });
    await expect(store.get(hexKey(5), 'output')).rejects.toMatchObject({ code: 'EISDIR' });
  });

  const badNames: [string, string][] = [
    ['', 'cache blob name must not be empty'],
    ['.', 'invalid cache blob name "."'],
    ['..', 'invalid cache blob name ".."'],
    ['a/b', 'invalid cache blob name "a/b"'],
    ['a\\b', 'invalid cache blob name "a\\\\b"'],
    ['a\0b', 'invalid cache blob name "a\\u0000b"']
  ];

  it.each(badNames)('rejects the blob name %j with the spec text', async (name, text) => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    for (const call of [
      () => store.put(hexKey(6), name, Buffer.from('x')),
      () => store.get(hexKey(6), name),
      () => store.importEntry(hexKey(6), [{ name, data: Buffer.from('x') }])
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as Error).message).toBe(text);
    }
    expect(await fs.readdir(root)).toEqual([]);
  });

  it.each(['.output.tmp-1-abc', 'output.tmp', '.hidden'])(
    'refuses to store the temporary-file name %j and never serves it',
    async name => {
      const store = new DiskCacheStore(await tempDir());
      await expect(store.put(hexKey(7), name, Buffer.from('x'))).rejects.toThrow(
        new RegExp(`^invalid cache blob name ${JSON.stringify(name).replace(/\./g, '\\.')}`)
      );
      await store.put(hexKey(7), 'output', Buffer.from('x'));
      await fs.writeFile(path.join(store.entryPath(hexKey(7)), name), 'leftover');
      expect(await store.get(hexKey(7), name)).toBeNull();
    }
  );

  const badNamespaces: [string, string][] = [
    ['', 'namespace prefix must not be empty'],
    ['.', 'invalid namespace prefix "."'],
    ['..', 'invalid namespace prefix ".."'],
    ['compile/local', 'invalid namespace prefix "compile/local"'],
    ['a\\b', 'invalid namespace prefix "a\\\\b"'],
    ['a\0b', 'invalid namespace prefix "a\\u0000b"']
  ];

  it.each(badNamespaces)('rejects the namespace %j with the spec text', (prefix, text) => {
    const store = new DiskCacheStore('/nonexistent');
    expect(() => store.namespace(prefix)).toThrow(InvalidInputError);
    expect(() => store.namespace(prefix)).toThrow(new Error(text));
    expect(() => store.namespace('ok').namespace(prefix)).toThrow(new Error(text));
  });

  it('rejects namespaces that a walk would skip (leading dot), and bad keys', async () => {
    const store = new DiskCacheStore(await tempDir());
    expect(() => store.namespace('.stats')).toThrow(/^invalid namespace prefix "\.stats"/);
    await expect(store.put('xyz', 'output', Buffer.from('x'))).rejects.toThrow(InvalidInputError);
    await expect(store.get(new Uint8Array(0), 'output')).rejects.toThrow(InvalidInputError);
    expect(() => store.entryPath('../ab')).toThrow(InvalidInputError);
  });
});

describe('crash leftovers', () => {
  it('are never served, counted or listed, and stale ones are removed by clean and list', async () => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    const view = store.namespace('compile').namespace('local');
    const key = hexKey(0x10);
    await view.put(key, 'output', Buffer.from('12345'));
    const entry = view.entryPath(key);
    // Ours (unique temp name), the Go system's fixed `<name>.tmp`, an entry holding only a leftover,
    // and a crashed import in the staging directory.
    await fs.writeFile(path.join(entry, '.stderr.tmp-999-deadbeef'), 'partial stderr');
    await fs.writeFile(path.join(entry, 'stdout.tmp'), 'partial stdout');
    const orphan = view.entryPath(hexKey(0x11));
    await fs.mkdir(orphan, { recursive: true });
    await fs.writeFile(path.join(orphan, 'output.tmp'), 'partial object');
    const staged = path.join(root, '.staging', `${hexKey(0x12)}-abcdef`);
    await fs.mkdir(staged, { recursive: true });
    await fs.writeFile(path.join(staged, 'output'), 'staged object');
    await fs.mkdir(path.join(root, '.stats'));
    await fs.writeFile(path.join(root, '.stats', 'counters.json'), '{}');

    expect(await view.get(key, 'stderr')).toBeNull();
    expect(await view.get(key, 'stdout')).toBeNull();
    expect(await view.get(key, 'stdout.tmp')).toBeNull();
    expect(await view.has(hexKey(0x11))).toBe(false);
    expect(await view.get(hexKey(0x11), 'output')).toBeNull();
    expect(await store.has(hexKey(0x12))).toBe(false);

    for (const s of [store, view]) expect(await s.stats()).toEqual({ entries: 1, bytes: 5 });
    const listed = await store.list();
    expect(listed.map(e => [e.namespace, e.key, e.size, e.blobs.map(b => b.name)])).toEqual([
      ['compile/local', key, 5, ['output']]
    ]);

    // Fresh leftovers may belong to a write in progress: a clean keeps them.
    let result = await store.clean(0, 0);
    expect(result.remaining).toEqual({ entries: 1, bytes: 5 });
    expect(await exists(path.join(entry, 'stdout.tmp'))).toBe(true);
    expect(await exists(staged)).toBe(true);

    // Once they are old, list and clean remove them (and the entry directory left empty).
    const old = new Date(Date.now() - 2 * HOUR);
    for (const f of ['.stderr.tmp-999-deadbeef', 'stdout.tmp'])
      await fs.utimes(path.join(entry, f), old, old);
    await view.list();
    expect((await fs.readdir(entry)).sort()).toEqual(['output']);

    await fs.utimes(path.join(orphan, 'output.tmp'), old, old);
    await fs.utimes(orphan, old, old);
    await fs.utimes(staged, old, old);
    result = await store.clean(0, 0);
    expect(result).toEqual({
      bySize: { entries: 0, bytes: 0 },
      byAge: { entries: 0, bytes: 0 },
      remaining: { entries: 1, bytes: 5 }
    });
    expect(await exists(orphan)).toBe(false);
    expect(await exists(staged)).toBe(false);
    expect(await fs.readdir(path.join(root, '.stats'))).toEqual(['counters.json']);
    expect((await view.get(key, 'output'))!.toString()).toBe('12345');
  });
});

describe('importEntry', () => {
  const blobs = [
    { name: 'output', data: Buffer.from('OBJECT') },
    { name: 'stdout', data: Buffer.from('') },
    { name: 'exit_code', data: Buffer.from('0') }
  ];

  it('installs a whole entry with the given mtime, modes 0644/0755, and leaves no staging behind', async () => {
    const root = await tempDir();
    const view = new DiskCacheStore(root).namespace('compile').namespace('local');
    const key = hexKey(0x20);
    const mtime = new Date('2024-05-06T07:08:09.000Z');
    const oldUmask = process.umask(0o077);
    try {
      expect(await view.importEntry(key, blobs, mtime)).toBe(true);
    } finally {
      process.umask(oldUmask);
    }

    const entry = view.entryPath(key);
    expect((await fs.stat(entry)).mode & 0o777).toBe(0o755);
    for (const b of blobs) {
      const st = await fs.stat(path.join(entry, b.name));
      expect(st.mode & 0o777).toBe(0o644);
      expect(st.mtime.getTime()).toBe(mtime.getTime());
      expect(await view.get(key, b.name)).toEqual(b.data);
    }
    // Staging lives below the store root, never below the view, and is empty afterwards.
    expect(await fs.readdir(path.join(root, '.staging'))).toEqual([]);
    expect(await exists(path.join(view.dir(), '.staging'))).toBe(false);
    const [listed] = await view.list();
    expect(listed).toMatchObject({ key, namespace: '', size: 7, mtime });
  });

  it('defaults the mtime to now', async () => {
    const store = new DiskCacheStore(await tempDir());
    const before = Date.now() - 1000;
    expect(await store.importEntry(hexKey(0x21), blobs)).toBe(true);
    const [listed] = await store.list();
    expect(listed!.mtime.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('returns false and changes nothing when the entry directory exists', async () => {
    const store = new DiskCacheStore(await tempDir());
    const key = hexKey(0x22);
    await store.put(key, 'output', Buffer.from('local'));
    expect(await store.importEntry(key, blobs)).toBe(false);
    expect(await fs.readdir(store.entryPath(key))).toEqual(['output']);
    expect((await store.get(key, 'output'))!.toString()).toBe('local');

    const other = hexKey(0x23);
    expect(await store.importEntry(other, blobs, new Date(0))).toBe(true);
    expect(await store.importEntry(other, [{ name: 'output', data: Buffer.from('changed') }])).toBe(false);
    expect((await store.get(other, 'output'))!.toString()).toBe('OBJECT');
    expect((await store.list()).find(e => e.key === other)!.mtime.getTime()).toBe(0);
  });

  it('is all or nothing: a failure while staging leaves no entry and no staging directory', async () => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    const key = hexKey(0x24);
    const failing = [
      { name: 'output', data: Buffer.from('OBJECT') },
      {
        name: 'stdout',
        get data(): Uint8Array {
          throw new Error('download failed');
        }
      }
    ];
    await expect(store.importEntry(key, failing)).rejects.toThrow('download failed');
    expect(await exists(store.entryPath(key))).toBe(false);
    expect(await store.has(key)).toBe(false);
    expect(await fs.readdir(path.join(root, '.staging'))).toEqual([]);

    // Bad input is refused before anything is written.
    await expect(
      store.importEntry(key, [
        { name: 'output', data: Buffer.from('x') },
        { name: 'output', data: Buffer.from('y') }
      ])
    ).rejects.toThrow('duplicate cache blob name "output"');
    await expect(store.importEntry(key, [])).rejects.toThrow(InvalidInputError);
    expect(await exists(store.entryPath(key))).toBe(false);
  });

  it('does not corrupt an entry when racing with puts of the same key', async () => {
    const store = new DiskCacheStore(await tempDir());
    for (let i = 0; i < 20; i++) {
      const key = hexKey(0x30 + i);
      const data = Buffer.alloc(64 * 1024, i);
      const [imported] = await Promise.all([
        store.importEntry(key, [
          { name: 'output', data },
          { name: 'exit_code', data: Buffer.from('0') }
        ]),
        store.put(key, 'output', data)
      ]);
      expect(typeof imported).toBe('boolean');
      expect(await store.get(key, 'output')).toEqual(data);
      const names = (await fs.readdir(store.entryPath(key))).sort();
      expect(imported ? names : ['output']).toEqual(names);
      expect(names.every(n => n === 'output' || n === 'exit_code')).toBe(true);
    }
    expect(await fs.readdir(path.join(store.dir(), '.staging'))).toEqual([]);
  });
});

describe('lean import primitives', () => {
  it('makeStagingDir says whether the umask leaves 0755/0644 alone, and the modes end up right either way', async () => {
    const root = await tempDir();
    // `.staging` does not exist yet: it is created on demand.
    let old = process.umask(0o022);
    let plain;
    try {
      plain = await makeStagingDir(root, 'a');
    } finally {
      process.umask(old);
    }
    expect(plain).toEqual({ dir: path.join(root, '.staging', 'a'), exactModes: true });
    old = process.umask(0o077);
    let masked;
    try {
      masked = await makeStagingDir(root, 'b');
      await writeFileLean(path.join(masked.dir, 'f'), Buffer.from('x'), undefined, masked.exactModes);
    } finally {
      process.umask(old);
    }
    expect(masked.exactModes).toBe(false);
    expect((await fs.stat(masked.dir)).mode & 0o777).toBe(0o755);
    expect((await fs.stat(path.join(masked.dir, 'f'))).mode & 0o777).toBe(0o644);
  });

  it('writeFileLean writes the bytes with the given mtime, and refuses an existing file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'blob');
    const data = Buffer.alloc(3 * 1024 * 1024, 7);
    const mtime = new Date('2023-01-02T03:04:05.000Z');
    await writeFileLean(file, data, mtime, false);
    expect((await fs.readFile(file)).equals(data)).toBe(true);
    const st = await fs.stat(file);
    expect(st.mtime.getTime()).toBe(mtime.getTime());
    expect(st.mode & 0o777).toBe(0o644);
    await writeFileLean(path.join(dir, 'empty'), new Uint8Array(0), mtime, true);
    expect((await fs.stat(path.join(dir, 'empty'))).size).toBe(0);
    await expect(writeFileLean(file, data, undefined, true)).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('importEntry creates missing shard and namespace directories 0755, and replaces an empty entry directory', async () => {
    const root = await tempDir();
    const view = new DiskCacheStore(root).namespace('compile').namespace('t');
    const key = hexKey(0x41);
    const old = process.umask(0o077);
    try {
      expect(await view.importEntry(key, [{ name: 'exit_code', data: Buffer.from('0') }], new Date(0))).toBe(
        true
      );
    } finally {
      process.umask(old);
    }
    for (const d of ['compile', 'compile/t', 'compile/t/41', `compile/t/41/${key}`]) {
      expect((await fs.stat(path.join(root, d))).mode & 0o777).toBe(0o755);
    }
    // An empty entry directory (a put between its mkdir and its write) holds nothing to keep.
    const other = hexKey(0x42);
    await fs.mkdir(view.entryPath(other), { recursive: true });
    expect(await view.importEntry(other, [{ name: 'exit_code', data: Buffer.from('0') }])).toBe(true);
    expect(await fs.readdir(view.entryPath(other))).toEqual(['exit_code']);
    expect(await fs.readdir(path.join(root, '.staging'))).toEqual([]);
  });
});

describe('touch', () => {
  it('refreshes the entry time through exit_code, or through any blob when there is none', async () => {
    const store = new DiskCacheStore(await tempDir());
    const old = new Date(Date.now() - 5 * HOUR);
    await store.put(hexKey(0x40), 'output', Buffer.from('o'));
    await store.put(hexKey(0x40), 'exit_code', Buffer.from('0'));
    await store.put(hexKey(0x41), 'data', Buffer.from('source'));
    await setEntryTime(store.entryPath(hexKey(0x40)), old);
    await setEntryTime(store.entryPath(hexKey(0x41)), old);

    const before = Date.now() - 1000;
    await store.touch(hexKey(0x40));
    await store.touch(hexKey(0x41));
    await store.touch(hexKey(0x42)); // missing: nothing happens
    const exitCode = await fs.stat(path.join(store.entryPath(hexKey(0x40)), 'exit_code'));
    const output = await fs.stat(path.join(store.entryPath(hexKey(0x40)), 'output'));
    expect(exitCode.mtimeMs).toBeGreaterThanOrEqual(before);
    expect(Math.round(output.mtimeMs)).toBe(old.getTime()); // one utimes is enough
    const times = new Map((await store.list()).map(e => [e.key, e.mtime.getTime()]));
    expect(times.get(hexKey(0x40))).toBeGreaterThanOrEqual(before);
    expect(times.get(hexKey(0x41))).toBeGreaterThanOrEqual(before);
    expect(await exists(store.entryPath(hexKey(0x42)))).toBe(false);
  });

  it('refreshes through the blob the caller names, and refuses a name that is not a blob name', async () => {
    const store = new DiskCacheStore(await tempDir());
    const old = new Date(Date.now() - 5 * HOUR);
    await store.put(hexKey(0x43), 'manifest', Buffer.from('m'));
    await store.put(hexKey(0x43), 'notes', Buffer.from('n'));
    await setEntryTime(store.entryPath(hexKey(0x43)), old);
    const before = Date.now() - 1000;
    await store.touch(hexKey(0x43), 'manifest');
    const manifest = await fs.stat(path.join(store.entryPath(hexKey(0x43)), 'manifest'));
    const notes = await fs.stat(path.join(store.entryPath(hexKey(0x43)), 'notes'));
    expect(manifest.mtimeMs).toBeGreaterThanOrEqual(before);
    expect(Math.round(notes.mtimeMs)).toBe(old.getTime());
    await expect(store.touch(hexKey(0x43), '../escape')).rejects.toThrow(/escape/);
  });
});

describe('remove', () => {
  it('removes whole entries of this store only, and emptied shard directories', async () => {
    const root = await tempDir();
    const store = new DiskCacheStore(root);
    const view = store.namespace('compile');
    await store.put(hexKey(0x50), 'output', Buffer.from('root'));
    await view.put(hexKey(0x50), 'output', Buffer.from('view'));
    await view.put(hexKey(0x51), 'output', Buffer.from('view'));
    await view.remove([hexKey(0x50), hexKey(0x52)]);
    expect(await view.has(hexKey(0x50))).toBe(false);
    expect(await exists(path.join(view.dir(), '50'))).toBe(false);
    expect(await view.has(hexKey(0x51))).toBe(true);
    expect((await store.get(hexKey(0x50), 'output'))!.toString()).toBe('root');
    await expect(view.remove(['not-hex'])).rejects.toThrow(InvalidInputError);
  });
});
