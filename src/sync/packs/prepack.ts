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
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DiskCacheStore } from '../../store/disk.js';
import { EntryJournal, parseJournalLine } from '../../store/journal.js';
import { checkStateDir, type StateLocation } from '../../store/state-dir.js';
import { isCompleteEntry, namespaceView } from '../entries.js';
import {
  chunkBytesFor,
  decodeIndexChecked,
  defaultCodec,
  defaultLevel,
  DEFAULT_TARGET_PACK_BYTES,
  packIndexKey,
  parsePackKey,
  type PackCodec
} from './format.js';
import { MAX_INDEX_BYTES } from './index-schema.js';
import { StatePackBucket } from './state-bucket.js';
import { writePacks, type PackSourceEntry } from './write.js';

/** The prepacked packs' directory in the state directory, one folder per journal below it. */
export const PREPACKED_DIR = 'prepacked';

/**
 * Raw bytes of entries prepacked per journal at most: a few packs' worth of object files. A warm
 * build writes far less; a cold one's save packs what is beyond it.
 */
export const PREPACK_MAX_RAW_BYTES = 128 * 1024 * 1024;

/** The largest file a prepacked folder may hold: a pack closes at about 32 MiB compressed. */
export const MAX_PREPACKED_FILE_BYTES = Math.max(2 * DEFAULT_TARGET_PACK_BYTES + (8 << 20), MAX_INDEX_BYTES);

export interface PrepackOptions {
  cacheDir: string;
  env?: NodeJS.ProcessEnv;
  /** The codec and level of the packs: the save uses a prepacked pack only in its own codec. */
  codec?: PackCodec;
  level?: number;
  maxRawBytes?: number;
}

export interface PrepackResult {
  /** Entries this run packed, and their raw bytes. */
  entries: number;
  bytes: number;
  /** Packs this run wrote. */
  packs: number;
  /** Entries earlier runs of this journal packed. */
  earlier: number;
  /** Why this run packed nothing, or not everything. */
  note?: string;
}

/** One line for a log: what a run packed, in how long, and why not more. */
export function describePrepack(r: PrepackResult, ms: number): string {
  const bytes =
    r.bytes < 1 << 20 ? `${(r.bytes / 1024).toFixed(0)} KiB` : `${(r.bytes / (1 << 20)).toFixed(1)} MiB`;
  return (
    `prepacked ${r.entries} entries (${bytes}) in ${r.packs} packs in ${ms} ms` +
    (r.earlier > 0 ? `; ${r.earlier} were packed before` : '') +
    (r.note ? ` (${r.note})` : '')
  );
}

/** The folder of one journal's prepacked packs. */
export function prepackedDir(location: StateLocation, journalId: string): string {
  return path.join(location.dir, PREPACKED_DIR, journalId);
}

/** The bucket over one journal's prepacked packs. */
export function prepackedBucket(location: StateLocation, journalId: string): StatePackBucket {
  return new StatePackBucket(location, prepackedDir(location, journalId), MAX_PREPACKED_FILE_BYTES);
}

/** Packs what the journal names since the last save and no earlier run packed. */
export async function prepackJournaled(o: PrepackOptions): Promise<PrepackResult> {
  const result: PrepackResult = { entries: 0, bytes: 0, packs: 0, earlier: 0 };
  const journal = EntryJournal.of(o.cacheDir, o.env);
  const state = await journal.read();
  if (!state.usable) return { ...result, note: `no journal to pack from (${state.reason})` };
  const { id, lines } = state.read;
  await removeOtherJournals(journal.location, id);
  const bucket = prepackedBucket(journal.location, id);
  const earlier = await prepackedEntries(bucket);
  result.earlier = earlier.ids.size;

  const wanted: { ns: string; key: string }[] = [];
  const named = new Set<string>();
  for (const line of lines) {
    const l = parseJournalLine(line);
    if (l?.kind !== 'written') continue;
    const full = l.namespace === '' ? l.key : `${l.namespace}/${l.key}`;
    if (named.has(full) || earlier.ids.has(full)) continue;
    named.add(full);
    wanted.push({ ns: l.namespace, key: l.key });
  }
  if (wanted.length === 0) return { ...result, note: 'nothing new since the last run' };

  const max = o.maxRawBytes ?? PREPACK_MAX_RAW_BYTES;
  let raw = earlier.rawBytes;
  const store = new DiskCacheStore(o.cacheDir, { journal: false });
  // The entries' sizes first (an lstat per blob), their bytes only as the packer takes them: a run
  // then holds a pack's compressed chunks and a few raw ones, not every entry it packs.
  const byNamespace = new Map<string, { key: string; size: number }[]>();
  for (const w of wanted) {
    if (raw >= max) {
      result.note = `the prepacked entries reached ${max} bytes; the save packs the rest`;
      break;
    }
    const size = await wholeSize(store, w.ns, w.key);
    if (size === null) continue;
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
async function wholeSize(store: DiskCacheStore, ns: string, key: string): Promise<number | null> {
  try {
    const info = await (ns === '' ? store : namespaceView(store, ns)).entryInfo(key);
    if (info === null || !isCompleteEntry('', { namespace: ns, blobs: info.blobs })) return null;
    return info.size;
  } catch {
    return null;
  }
}

/** The entries of one namespace path, read one at a time as the packer asks (null: gone since). */
async function* readEach(
  store: DiskCacheStore,
  ns: string,
  entries: readonly { key: string }[]
): AsyncGenerator<PackSourceEntry | null> {
  for (const e of entries) yield await readWhole(store, ns, e.key);
}

/**
 * An entry as the save would pack it, or null when it is not there, not whole, or has a blob that
 * is not a regular file (the save names those; here they are only left out).
 */
async function readWhole(store: DiskCacheStore, ns: string, key: string): Promise<PackSourceEntry | null> {
  try {
    const view = ns === '' ? store : namespaceView(store, ns);
    const info = await view.entryInfo(key);
    if (info === null || !isCompleteEntry('', { namespace: ns, blobs: info.blobs })) return null;
    const blobs: { name: string; data: Buffer }[] = [];
    for (const b of info.blobs) {
      const data = await view.get(key, b.name);
      if (data === null) return null;
      blobs.push({ name: b.name, data });
    }
    return { ns, key, mtime: info.mtime.getTime(), blobs };
  } catch {
    return null;
  }
}

/** The entries (namespace path below the cache directory, then key) the folder's packs hold. */
export async function prepackedEntries(
  bucket: StatePackBucket
): Promise<{ ids: Set<string>; rawBytes: number }> {
  const ids = new Set<string>();
  let rawBytes = 0;
  for (const o of await bucket.list('v1/')) {
    const k = parsePackKey('', o.key);
    if (k?.kind !== 'index') continue;
    const data = bucket.read(packIndexKey('', k.id));
    if (data === null) continue;
    try {
      const { index } = decodeIndexChecked(data, k.id);
      rawBytes += index.rawBytes;
      for (const e of index.entries) ids.add(e.ns === '' ? e.key : `${e.ns}/${e.key}`);
    } catch {
      // Not an index of ours (damaged, planted): its entries are packed again, and the save skips it.
    }
  }
  return { ids, rawBytes };
}

/** Removes the folders of other journals (an earlier restore's): their entries are in the bucket or gone. */
async function removeOtherJournals(location: StateLocation, journalId: string): Promise<void> {
  const dir = path.join(location.dir, PREPACKED_DIR);
  try {
    if (!checkStateDir(location, dir)) return;
    for (const name of readdirSync(dir)) {
      // rm removes a link itself, never what it points at.
      if (name !== journalId) await rm(path.join(dir, name), { recursive: true, force: true });
    }
  } catch {
    // A planted prepacked folder, or one being removed by another run: left as it is.
  }
}
