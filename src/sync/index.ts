/** The sync layer: restore the disk store from the bucket before a job, prune and upload after it. */
export { restore } from './restore.js';
export type { RestoreOptions, RestoreResult, NamespaceRestore } from './restore.js';
export { save, DEFAULT_REFRESH_OLDER_THAN_MS } from './save.js';
export type { SaveOptions, SaveResult, NamespaceSave } from './save.js';
export { readManifest, writeManifest } from './manifest.js';
export type { SyncManifest, NamespaceManifest } from './manifest.js';
export { ManifestEntries } from './manifest-entries.js';
export type { EntryTimes, ManifestEntry } from './manifest-entries.js';
export { SyncUnavailableError } from './failures.js';
export { formatBytes, formatDuration, formatRate } from './progress.js';
export type { LocalStore, RemoteStore } from './stores.js';
