/**
 * Where the cache lives between jobs. A backend restores the cache directory before the build and
 * saves it after; the action's steps and the CLI pick one (select.ts) and never branch on its kind.
 * Cache trouble comes back as warnings, never as a thrown error; a remote that cannot be used at
 * all is reported as `remoteUnavailable`.
 */
import type { NamespaceRestore, NamespaceSave } from '../sync/index.js';
import type { UploadMode } from '../sync/packs/namespace-packs.js';

export type Log = (line: string) => void;

/**
 * Direct mode's namespace (src/compiler/wrap.ts MANIFESTS; the backends layer does not import the
 * compiler's). The GitHub cache backend restores older archives without it; the S3 backend always
 * installs it eagerly: every compile looks up its manifest, and the compile server's warm-up reads
 * them all, so keeping them packed would only move their files into the first lookups.
 */
export const MANIFESTS_NAMESPACE = 'manifests';

export interface RestoreRequest {
  log: Log;
  /** Where the restore records what it found, for the save to know what is new. */
  manifestPath: string;
  progressIntervalMs?: number;
}

export interface RestoreOutcome {
  figures: NamespaceRestore[];
  warnings: string[];
  /** The remote was configured but could not be used. */
  remoteUnavailable: boolean;
  /** Set when a manifest was written. */
  manifestPath?: string;
  /** One sentence for the log and the summary (restore off, no archive yet, …). */
  note?: string;
  /** A notice worth an annotation (the cache stays on this runner). */
  notice?: string;
}

export interface SaveRequest {
  log: Log;
  /** The restore's manifest, when there is one. */
  manifestPath?: string;
  progressIntervalMs?: number;
}

export interface SaveOutcome {
  figures: NamespaceSave[];
  warnings: string[];
  remoteUnavailable: boolean;
  /** Nothing went to the remote (save off, no remote, or the remote failed): the disk was cleaned only. */
  localOnly: boolean;
  note?: string;
  /** The upload mode used, when this save wrote to a bucket (the summary's pack columns). */
  uploadMode?: UploadMode;
}

export interface BackendDescription {
  /** `s3://bucket/prefix`, or '' when the cache has no remote location of that form. */
  location: string;
  /** How the summary names the location, when `location` is not the whole story. */
  label?: string;
  /** What the summary calls the remote copy ('bucket' by default). */
  remoteName?: string;
}

export interface Backend {
  readonly name: 's3' | 'github' | 'local';
  describe(): BackendDescription;
  restore(r: RestoreRequest): Promise<RestoreOutcome>;
  save(r: SaveRequest): Promise<SaveOutcome>;
}
