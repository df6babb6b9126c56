/**
 * Manifests (direct mode): for one compile command and source content, which files the compile
 * read with which content, and the result key that follows. Stored as entries of their own
 * namespace, `manifests/<tenant>/<hh>/<hex>/manifest` (hex: the manifest key, manifest-key.ts),
 * beside `compile/<tenant>`, so a sync carries them and a fresh runner gets direct-mode hits; the
 * Go system's `compile` readers never see them.
 *
 * The blob is JSON (version 1):
 *   {"version":1,"entries":[{"key":"<64 hex>","travel":true,"scope":null,
 *     "files":[["<path>","<64 hex sha256>"],…],"direct":["<path>",…]},…]}
 * newest entry first. A path below the checkout (keys that travel) starts with TOKEN (NUL) in
 * place of the checkout; other paths are as the compiler named them (relative to the working
 * directory when relative). `scope`: null when the entry holds in any checkout (a key that
 * travels) or any working directory (a command that reads nothing through it, direct.ts
 * anyWorkingDir, and only absolute paths here), else the working directory it holds in.
 * `direct`: the headers entered straight from the source (a `.gch` beside one would be used
 * instead). A blob read from the store is untrusted: anything not exactly this shape is no
 * manifest.
 */
import { isSha256Hex } from '../../store/validate.js';
import { TOKEN } from '../travel.js';

export interface ManifestEntry {
  key: string;
  travel: boolean;
  scope: string | null;
  files: Array<[string, string]>;
  direct: string[];
}

export interface Manifest {
  entries: ManifestEntry[];
}

/** Entries kept per manifest (newest first): several header versions of one source. */
export const MAX_ENTRIES = 16;
/** A manifest blob larger than this is not read. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const MAX_FILES = 50_000;

function validPath(p: unknown): p is string {
  return (
    typeof p === 'string' &&
    p !== '' &&
    !p.slice(1).includes(TOKEN) &&
    (p[0] !== TOKEN || p[1] === '/' || p.length === 1)
  );
}

function validEntry(e: unknown): e is ManifestEntry {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.key === 'string' &&
    isSha256Hex(o.key) &&
    typeof o.travel === 'boolean' &&
    (o.scope === null || (typeof o.scope === 'string' && o.scope.startsWith('/'))) &&
    Array.isArray(o.files) &&
    o.files.length <= MAX_FILES &&
    o.files.every(f => Array.isArray(f) && f.length === 2 && validPath(f[0]) && isSha256Hex(f[1])) &&
    Array.isArray(o.direct) &&
    o.direct.length <= MAX_FILES &&
    o.direct.every(validPath)
  );
}

/** The manifest in `bytes`, or null when they are not a well-formed one. */
export function decodeManifest(bytes: Buffer): Manifest | null {
  if (bytes.length > MAX_MANIFEST_BYTES) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const o = parsed as Record<string, unknown>;
  if (o.version !== 1 || !Array.isArray(o.entries) || o.entries.length > MAX_ENTRIES) return null;
  if (!o.entries.every(validEntry)) return null;
  return { entries: o.entries };
}

export function encodeManifest(m: Manifest): Buffer {
  return Buffer.from(JSON.stringify({ version: 1, entries: m.entries }), 'utf8');
}

/** `m` with `entry` first, replacing any entry with the same files and scope, at most MAX_ENTRIES. */
export function withEntry(m: Manifest | null, entry: ManifestEntry): Manifest {
  const same = (a: ManifestEntry) =>
    a.scope === entry.scope &&
    a.files.length === entry.files.length &&
    a.files.every((f, i) => f[0] === entry.files[i]?.[0] && f[1] === entry.files[i]?.[1]);
  const rest = (m?.entries ?? []).filter(e => !same(e));
  return { entries: [entry, ...rest].slice(0, MAX_ENTRIES) };
}
