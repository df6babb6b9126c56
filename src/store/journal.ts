/**
 * The journal of written entries: every put of the disk store appends one line naming the entry
 * (`w compile/local/<hex>`: written, then the namespace path below the cache directory and the
 * key) to `<stateDir>/journal`, and every touch (a hit) one line `u …` (used), so that the save can
 * upload what the build wrote, and refresh the bucket time of what it used, without walking the
 * whole store (docs/sync.md, "The journal of written entries").
 *
 * Writers: many compiles in parallel, each its own process. A line is one write() on a descriptor
 * opened O_APPEND, and lines are far below PIPE_BUF, so lines from concurrent writers never
 * interleave. The file is never created by a writer: only a restore starts a journal (a header line
 * with an id and the time it started), so a journal that exists was complete from that time on. A
 * writer that cannot append (the file is over its cap, unwritable, not a regular file) leaves it
 * unusable rather than silently incomplete: over the cap it appends nothing (the reader sees the
 * size), and on any other failure it removes the journal (the next save walks the store).
 *
 * Reader: the save. The state directory is as untrusted as the cache directory (a build can write
 * it), so the journal is read only as a regular file (O_NOFOLLOW), only up to its cap, and any line
 * that does not parse makes the whole journal unusable; the entries it names are checked on disk
 * before anything is uploaded. A separate cursor file (`journal.cursor`: the journal's id and a byte
 * offset) records how far a save got: lines before it were uploaded; a save that could not upload
 * an entry appends its line again before moving the cursor, so only uploaded entries leave the
 * journal.
 */
import { closeSync, constants as C, fstatSync, promises as fs, readSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { stateLocation, type StateLocation } from './state-dir.js';
import {
  errorCode,
  openRegularSync,
  readRegularFile,
  UnsafePathError,
  writeRegularFileAtomic,
  writeRegularFileAtomicSync
} from './safe-fs.js';
import { isKeyHex, validateNamespace } from './validate.js';

export const JOURNAL_FILE = 'journal';
export const JOURNAL_CURSOR_FILE = 'journal.cursor';
/**
 * The journal's cap. A line is ~80 bytes and every blob put writes one (~6 per compile), so this
 * holds the puts of ~30,000 compiles; a bigger build (a cold one) is saved by a walk instead.
 */
export const JOURNAL_MAX_BYTES = 16 * 1024 * 1024;
/** The longest line a writer appends (far below PIPE_BUF, so one write() stays whole). */
export const JOURNAL_MAX_LINE = 1024;
const HEADER = 'compile-cache journal v1';

/** A journal's lines since the cursor, read by a save. */
export interface JournalRead {
  id: string;
  /** When the restore started it (ms): it covers every put since. */
  startedAt: number;
  /** The lines since the cursor (`w compile/local/<hex>`, `u …`), each once, in first-seen order. */
  lines: string[];
  /** Byte offset just past the last whole line read: where the next save starts. */
  end: number;
}

export type JournalState = { usable: true; read: JournalRead } | { usable: false; reason: string };

/** `written`: a put stored a blob of the entry; `used`: a touch marked a hit. */
export type JournalKind = 'written' | 'used';

/** A journal line without its newline: `w compile/local/<hex>` (`w <hex>` at the root). */
export function journalLine(kind: JournalKind, namespacePath: string, hex: string): string {
  return `${kind === 'written' ? 'w' : 'u'} ${namespacePath === '' ? hex : `${namespacePath}/${hex}`}`;
}

/** A journal line's kind, namespace path and key; undefined when it is not one. */
export function parseJournalLine(
  line: string
): { kind: JournalKind; namespace: string; key: string } | undefined {
  if (line.length < 3 || line.length >= JOURNAL_MAX_LINE) return undefined;
  const kind = line.startsWith('w ') ? 'written' : line.startsWith('u ') ? 'used' : undefined;
  if (!kind) return undefined;
  const parts = line.slice(2).split('/');
  const key = parts.pop()!;
  if (!isKeyHex(key)) return undefined;
  for (const segment of parts) {
    try {
      validateNamespace(segment);
    } catch {
      return undefined;
    }
    if (segment.startsWith('.')) return undefined;
  }
  return { kind, namespace: parts.join('/'), key };
}

export class EntryJournal {
  readonly file: string;
  readonly cursorFile: string;

  /** The state directory with its trusted base: the base and the directory itself when not told. */
  readonly location: StateLocation;

  constructor(
    readonly stateDir: string,
    private readonly maxBytes = JOURNAL_MAX_BYTES,
    location?: StateLocation
  ) {
    this.file = path.join(stateDir, JOURNAL_FILE);
    this.cursorFile = path.join(stateDir, JOURNAL_CURSOR_FILE);
    this.location = location ?? { base: stateDir, dir: stateDir };
  }

  /** The journal of a cache directory: in its state directory (stateLocation). */
  static of(cacheDir: string, env: NodeJS.ProcessEnv = process.env): EntryJournal {
    const location = stateLocation(cacheDir, env);
    return new EntryJournal(location.dir, JOURNAL_MAX_BYTES, location);
  }

  /**
   * Appends the entry's line (the disk store calls this after every blob it wrote). Never throws:
   * journaling must not fail a compile. No journal: nothing to do. Over the cap: nothing appended
   * (the save sees the size and walks). Any other failure removes the journal, so that no save
   * trusts a journal missing this line.
   */
  async note(kind: JournalKind, namespacePath: string, hex: string): Promise<void> {
    const line = `${journalLine(kind, namespacePath, hex)}\n`;
    if (line.length > JOURNAL_MAX_LINE) return this.invalidate();
    // On the calling thread: an append of one line is a few system calls, and each thread-pool trip
    // would cost more than the call (a compile server's hit notes two lines).
    let fd: number;
    try {
      // O_APPEND without O_CREAT: only a restore starts a journal. O_NOFOLLOW|O_NONBLOCK and fstat
      // (openRegularSync): a planted symlink or FIFO is refused, never written through or waited on.
      fd = openRegularSync(this.file, C.O_WRONLY | C.O_APPEND);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return;
      return this.invalidate();
    }
    try {
      const { size } = fstatSync(fd);
      if (size + line.length > this.maxBytes) return;
      const bytesWritten = writeSync(fd, line);
      if (bytesWritten !== line.length) await this.invalidate();
    } catch {
      await this.invalidate();
    } finally {
      try {
        closeSync(fd);
      } catch {
        // nothing left to do with it
      }
    }
  }

  /** Removes the journal (unlink never follows a symlink); the next save walks the store. */
  private async invalidate(): Promise<void> {
    await fs.unlink(this.file).catch(() => undefined);
  }

  /**
   * Starts a new journal (the restore does, before it looks at the disk): an empty journal whose
   * header names a new id and `now`, and a cursor at its first line. Whatever the old journal held
   * is dropped: the restore's manifest records what is on disk and not in the bucket.
   */
  async start(now = Date.now()): Promise<void> {
    await fs.mkdir(this.stateDir, { recursive: true, mode: 0o700 });
    const st = await fs.lstat(this.stateDir);
    if (!st.isDirectory()) throw new UnsafePathError(this.stateDir, 'not a directory');
    const id = randomBytes(8).toString('hex');
    const header = `# ${HEADER} ${id} ${now}\n`;
    await writeRegularFileAtomic(this.file, header);
    await writeRegularFileAtomic(this.cursorFile, `${id} ${Buffer.byteLength(header)}\n`);
  }

  /** The journal's lines since the cursor, or why it cannot be used (the save then walks). */
  async read(): Promise<JournalState> {
    const unusable = (reason: string): JournalState => ({ usable: false, reason });
    let cursorText: string;
    let fd: number;
    try {
      const cursor = await readRegularFile(this.cursorFile);
      if (cursor === null) return unusable('no journal cursor');
      if (cursor.length > 128) return unusable('the journal cursor is not one');
      cursorText = cursor.toString('utf8');
      // On the calling thread, like the cursor: a save's journal is some tens of KiB, and each
      // thread-pool trip waited behind the save's other work there (~8 ms in a warm save).
      fd = openRegularSync(this.file, C.O_RDONLY);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return unusable('no journal');
      return unusable(`the journal is unreadable (${(err as Error).message})`);
    }
    try {
      const { size } = fstatSync(fd);
      if (size + JOURNAL_MAX_LINE > this.maxBytes)
        return unusable(`the journal is over its cap of ${this.maxBytes} bytes`);
      const data = Buffer.alloc(size);
      let len = 0;
      while (len < size) {
        const n = readSync(fd, data, len, size - len, len);
        if (n === 0) break;
        len += n;
      }
      return parseJournal(data.subarray(0, len).toString('latin1'), cursorText);
    } catch (err) {
      return unusable(`the journal is unreadable (${(err as Error).message})`);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * After a save: the entries it could not upload are appended again (so the next save retries
   * them), then the cursor moves past what it read. Lines appended meanwhile stay after the cursor.
   */
  async advance(read: JournalRead, retry: readonly string[]): Promise<void> {
    for (const line of retry) {
      const parsed = parseJournalLine(line);
      if (parsed) await this.note(parsed.kind, parsed.namespace, parsed.key);
    }
    // On the calling thread: the save's last write, a few bytes (see writeRegularFileAtomicSync).
    writeRegularFileAtomicSync(this.cursorFile, `${read.id} ${read.end}\n`);
  }
}

/** Parses a journal's text (latin1: bytes stay bytes) against its cursor. */
function parseJournal(text: string, cursorText: string): JournalState {
  const unusable = (reason: string): JournalState => ({ usable: false, reason });
  const headerEnd = text.indexOf('\n');
  const header = /^# compile-cache journal v1 ([0-9a-f]{16}) (\d{1,15})$/.exec(text.slice(0, headerEnd));
  if (headerEnd < 0 || !header) return unusable('the journal has no header');
  const [, id, started] = header as unknown as [string, string, string];
  const cursor = /^([0-9a-f]{16}) (\d{1,15})\n?$/.exec(cursorText);
  if (!cursor || cursor[1] !== id) return unusable('the journal cursor belongs to another journal');
  const from = Number(cursor[2]);
  if (from < headerEnd + 1 || from > text.length || text[from - 1] !== '\n') {
    return unusable('the journal cursor is not at a line of the journal');
  }
  // A last line without its newline is a write in progress: it is read next time.
  const end = text.lastIndexOf('\n') + 1;
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const line of text.slice(from, Math.max(from, end)).split('\n')) {
    // Every put of a blob writes its entry's line: most lines repeat one parsed already.
    if (line === '' || seen.has(line)) continue;
    if (!parseJournalLine(line))
      return unusable(`the journal has a line that names no entry (${JSON.stringify(line.slice(0, 80))})`);
    seen.add(line);
    lines.push(line);
  }
  return { usable: true, read: { id, startedAt: Number(started), lines, end: Math.max(from, end) } };
}
