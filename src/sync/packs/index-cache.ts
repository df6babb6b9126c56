/**
 * Pack indexes kept on disk between the restore and the save of one job, so that the save does not
 * download again what the restore read: one round trip and the index bytes fewer on the save's
 * path (its pack listing, then the indexes, then the new pack and its index, one after another).
 *
 * A pack's index object is written once, under its pack's unique id, and never rewritten. A copy is
 * used only when the listing shows the same key, size and time as when the copy was made, and it is
 * decoded and checked exactly like a downloaded index (its checksum included): the copy is as
 * untrusted as the bucket, and a build of the job can write where it lies. A copy that fails any
 * check is ignored and the index read from the bucket. Files are opened O_NOFOLLOW|O_NONBLOCK and
 * used only when they are regular files; the directory only when lstat says it is a real one.
 *
 * The directory sits beside the restore's manifest (`<manifest>.pack-indexes`), which is what ties a
 * save to its restore; a restore removes the one an earlier run left (src/job/job.ts).
 */
import { lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { errorCode, readRegularFileCapped, writeRegularFileAtomic } from '../../store/safe-fs.js';
import type { PackObject } from './bucket.js';
import type { CatalogHeld } from './catalog.js';
import { MAX_INDEX_BYTES, sha256 } from './format.js';

/** The index copies' directory for a manifest path. */
export function packIndexCacheDir(manifestPath: string): string {
  return `${manifestPath}.pack-indexes`;
}

/** The first line of a copy: what the listing said of the object when it was read. */
interface CopyHeader {
  key: string;
  size: number;
  time: number;
}

/** A header line is short: a key, two numbers. */
const MAX_HEADER_BYTES = 4096;

/** What a catalog can name: a catalog is at most 64 MiB, each of its records some 60 bytes. */
const MAX_CATALOG_STATE_BYTES = 64 * 1024 * 1024;

/** A listing record (listing-record.ts) is some 200 bytes a pack. */
const MAX_LISTING_RECORD_BYTES = 16 * 1024 * 1024;

export class PackIndexCache {
  constructor(readonly dir: string) {}

  private fileFor(key: string): string {
    return path.join(this.dir, `${sha256(Buffer.from(key, 'utf8')).slice(0, 32)}.index`);
  }

  /** The directory is there and a real directory (not a symlink planted in its place). */
  private usableDir(): boolean {
    const st = lstatSync(this.dir, { throwIfNoEntry: false });
    return st !== undefined && st.isDirectory();
  }

  private catalogFileFor(packPrefix: string): string {
    return path.join(this.dir, `${sha256(Buffer.from(packPrefix, 'utf8')).slice(0, 32)}.catalog`);
  }

  private listingFileFor(packPrefix: string): string {
    return path.join(this.dir, `${sha256(Buffer.from(packPrefix, 'utf8')).slice(0, 32)}.listing`);
  }

  /** Reads a regular file of at most `max` bytes; null when it is not one. Throws like readSync. */
  private readRegular(file: string, max: number): Buffer | null {
    return this.usableDir() ? readRegularFileCapped(file, max) : null;
  }

  /**
   * What the bucket's catalog of `packPrefix` held when the restore read it (catalog.ts), or null
   * when that is not known: no restore read it, or the record is not one. Never throws.
   */
  readCatalogState(packPrefix: string): CatalogHeld | null {
    try {
      const buf = this.readRegular(this.catalogFileFor(packPrefix), MAX_CATALOG_STATE_BYTES);
      if (buf === null) return null;
      const v = JSON.parse(buf.toString('utf8')) as { prefix?: unknown; held?: unknown };
      if (v.prefix !== packPrefix || !Array.isArray(v.held)) return null;
      const held: CatalogHeld = new Map();
      for (const pair of v.held as unknown[]) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'string' || !Number.isSafeInteger(pair[1]))
          return null;
        held.set(pair[0], pair[1] as number);
      }
      return held;
    } catch {
      return null;
    }
  }

  /**
   * Writes a file of the directory (made 0700 if missing, never through a planted link). Never
   * throws: what it holds is only a shortcut, and a reader without it does the longer thing.
   */
  private async keep(file: string, data: string | Uint8Array): Promise<void> {
    try {
      try {
        mkdirSync(this.dir, { mode: 0o700 });
      } catch (err) {
        if (errorCode(err) !== 'EEXIST') return;
      }
      if (!this.usableDir()) return;
      await writeRegularFileAtomic(file, data);
    } catch {
      // no copy, no record: the next reader downloads the index, the save writes the catalog
    }
  }

  /**
   * The restore's record of the pack listing of `packPrefix` (listing-record.ts), as parsed JSON
   * for the caller to check, or null when there is none or it is not a regular file of JSON.
   * Never throws.
   */
  readListingRecord(packPrefix: string): unknown {
    try {
      const buf = this.readRegular(this.listingFileFor(packPrefix), MAX_LISTING_RECORD_BYTES);
      return buf === null ? null : (JSON.parse(buf.toString('utf8')) as unknown);
    } catch {
      return null;
    }
  }

  /** Keeps the record of a pack listing, for the job's save. Never throws. */
  async writeListingRecord(packPrefix: string, record: unknown): Promise<void> {
    await this.keep(this.listingFileFor(packPrefix), JSON.stringify(record));
  }

  /**
   * Drops the record of `packPrefix`: once a save wrote packs, the restore's listing is no longer
   * what the bucket holds as far as this job knows. Never throws; a record that cannot be removed
   * is left (the directory is then not usable, or not there).
   */
  forgetListingRecord(packPrefix: string): void {
    try {
      if (this.usableDir()) unlinkSync(this.listingFileFor(packPrefix));
    } catch {
      // Gone already, or the directory went: nothing to forget.
    }
  }

  /** Records what the bucket's catalog of `packPrefix` held, for the job's save. Never throws. */
  async writeCatalogState(packPrefix: string, held: CatalogHeld): Promise<void> {
    await this.keep(this.catalogFileFor(packPrefix), JSON.stringify({ prefix: packPrefix, held: [...held] }));
  }

  /** The copy of `key` when it is the object the listing shows (`listed`), else null. Never throws. */
  read(key: string, listed: PackObject): Buffer | null {
    if (listed.size > MAX_INDEX_BYTES) return null;
    try {
      const buf = this.readRegular(this.fileFor(key), listed.size + MAX_HEADER_BYTES);
      if (buf === null) return null;
      const eol = buf.indexOf(0x0a);
      if (eol < 0) return null;
      const header = JSON.parse(buf.toString('utf8', 0, eol)) as Partial<CopyHeader>;
      const body = buf.subarray(eol + 1);
      const same =
        header.key === key &&
        header.size === listed.size &&
        header.time === listed.lastModified.getTime() &&
        body.length === listed.size;
      return same ? body : null;
    } catch {
      // Missing, planted (a symlink, a FIFO), unreadable or malformed: the bucket's copy is read.
      return null;
    }
  }

  /** Keeps `data` as the copy of `key` (as `listed` shows it). Never throws: a copy is only a shortcut. */
  async write(key: string, listed: PackObject, data: Buffer): Promise<void> {
    const header: CopyHeader = { key, size: listed.size, time: listed.lastModified.getTime() };
    await this.keep(
      this.fileFor(key),
      Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), data])
    );
  }
}
