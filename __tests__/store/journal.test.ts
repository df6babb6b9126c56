/**
 * The journal of written entries (src/store/journal.ts) on a real filesystem: lines from many
 * processes at once stay whole, the cap holds, the cursor moves, and whatever a build may plant in
 * the state directory (a symlink, a FIFO, garbage) makes the journal unusable, never followed.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiskCacheStore } from '../../src/store/disk.js';
import { EntryJournal, journalLine, type JournalState } from '../../src/store/journal.js';
import { randomKey } from '../sync/helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const journalModule = path.join(repoRoot, 'src/store/journal.ts');
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-'));
  dirs.push(d);
  return d;
}

afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

function lines(state: JournalState): string[] {
  if (!state.usable) throw new Error(`journal unusable: ${state.reason}`);
  return state.read.lines;
}

describe('EntryJournal', () => {
  it('writes nothing until a journal is started, then one line per note, each once when read', async () => {
    const dir = await tempDir();
    const j = new EntryJournal(path.join(dir, 'state'));
    const k1 = randomKey();
    await j.note('written', 'compile/local', k1);
    await expect(fs.readdir(dir)).resolves.toEqual([]);
    expect(await j.read()).toEqual({ usable: false, reason: 'no journal cursor' });

    await j.start();
    await j.note('written', 'compile/local', k1);
    await j.note('written', 'compile/local', k1);
    await j.note('used', 'compile', k1);
    expect(lines(await j.read())).toEqual([
      journalLine('written', 'compile/local', k1),
      journalLine('used', 'compile', k1)
    ]);
  });

  it('moves the cursor past what a save read and keeps what it hands back', async () => {
    const j = new EntryJournal(await tempDir());
    await j.start();
    const [a, b, c] = [randomKey(), randomKey(), randomKey()];
    await j.note('written', 'compile/local', a);
    await j.note('written', 'compile/local', b);
    const first = await j.read();
    await j.note('written', 'compile/local', c); // appended while the save runs
    if (!first.usable) throw new Error(first.reason);
    await j.advance(first.read, [journalLine('written', 'compile/local', b)]);
    expect(lines(await j.read())).toEqual([
      journalLine('written', 'compile/local', c),
      journalLine('written', 'compile/local', b)
    ]);
  });

  it('a line being written (no newline yet) is left for the next read', async () => {
    const j = new EntryJournal(await tempDir());
    await j.start();
    const k = randomKey();
    await fs.appendFile(j.file, `w compile/local/${k.slice(0, 10)}`);
    expect(lines(await j.read())).toEqual([]);
  });

  it('is unusable with a line that names no entry, a foreign cursor, or over its cap', async () => {
    const j = new EntryJournal(await tempDir(), 4096);
    await j.start();
    await fs.appendFile(j.file, 'w ../../etc/passwd\n');
    expect(await j.read()).toMatchObject({
      usable: false,
      reason: expect.stringContaining('names no entry')
    });

    await j.start();
    await fs.writeFile(j.cursorFile, '0123456789abcdef 40\n');
    expect(await j.read()).toEqual({
      usable: false,
      reason: 'the journal cursor belongs to another journal'
    });

    await j.start();
    for (let i = 0; i < 60; i++) await j.note('written', 'compile/local', randomKey());
    const { size } = await fs.stat(j.file);
    expect(size).toBeLessThanOrEqual(4096);
    expect(await j.read()).toMatchObject({ usable: false, reason: expect.stringContaining('over its cap') });
  });

  it('never writes through a symlink or opens a FIFO planted as the journal', async () => {
    const dir = await tempDir();
    const j = new EntryJournal(path.join(dir, 'state'));
    await j.start();
    const target = path.join(dir, 'victim');
    await fs.writeFile(target, 'precious\n');
    await fs.rm(j.file);
    await fs.symlink(target, j.file);
    await j.note('written', 'compile/local', randomKey());
    expect(await fs.readFile(target, 'utf8')).toBe('precious\n');
    // The writer removed the link (never what it points to): the next save walks.
    await expect(fs.lstat(j.file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await j.read()).toMatchObject({ usable: false });

    execFileSync('mkfifo', [j.file]);
    await j.note('written', 'compile/local', randomKey()); // returns: O_NONBLOCK, then refused
    expect(await j.read()).toMatchObject({ usable: false });
  });

  it('keeps every line whole with many processes appending at once', async () => {
    const dir = await tempDir();
    const j = new EntryJournal(path.join(dir, 'state'));
    await j.start();
    const children = 6;
    const perChild = 200;
    const code =
      `const { EntryJournal } = await import(${JSON.stringify(journalModule)});` +
      `const { createHash } = await import('node:crypto');` +
      `const j = new EntryJournal(${JSON.stringify(j.stateDir)});` +
      `const id = process.argv[1];` +
      `await Promise.all(Array.from({ length: ${perChild} }, (_, i) =>` +
      ` j.note('written', 'compile/t' + id, createHash('sha256').update(id + ':' + i).digest('hex'))));`;
    const run = (id: number) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', code, String(id)],
          {
            cwd: repoRoot,
            stdio: ['ignore', 'ignore', 'pipe']
          }
        );
        let stderr = '';
        child.stderr.on('data', d => (stderr += d));
        child.on('error', reject);
        child.on('close', c => resolve({ code: c, stderr }));
      });
    const ids = Array.from({ length: children }, (_, i) => i);
    expect(await Promise.all(ids.map(run))).toEqual(ids.map(() => ({ code: 0, stderr: '' })));
    const read = lines(await j.read());
    expect(read).toHaveLength(children * perChild);
    for (const id of ids) expect(read.filter(l => l.startsWith(`w compile/t${id}/`))).toHaveLength(perChild);
  }, 60_000);
});

describe('the disk store journals its puts and touches', () => {
  it('names the entry by its namespace path below the cache directory', async () => {
    const dir = await tempDir();
    const journal = new EntryJournal(await tempDir());
    await journal.start();
    const store = new DiskCacheStore(dir, { journal });
    const view = store.namespace('compile').namespace('local');
    const key = randomKey();
    await view.put(key, 'output', Buffer.from('o'));
    await view.put(key, 'exit_code', Buffer.from('0'));
    await view.touch(key);
    await view.touch(randomKey()); // not there: no line
    expect(lines(await journal.read())).toEqual([
      journalLine('written', 'compile/local', key),
      journalLine('used', 'compile/local', key)
    ]);
  });

  it('without `journal: false` journals into the state directory of its cache directory', async () => {
    const dir = await tempDir();
    const store = new DiskCacheStore(dir);
    const journal = store.entryJournal()!;
    expect(journal.file).toBe(EntryJournal.of(dir).file);
    await journal.start();
    const key = randomKey();
    await store.namespace('compile').put(key, 'output', Buffer.from('o'));
    expect(lines(await journal.read())).toEqual([journalLine('written', 'compile', key)]);
    expect(new DiskCacheStore(dir, { journal: false }).entryJournal()).toBeNull();
  });
});
