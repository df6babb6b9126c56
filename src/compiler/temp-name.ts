/**
 * Suffixes for temporary file names (written, then renamed into place). No node:crypto: it is not
 * loaded yet when these are needed (see lazy-crypto.ts), and the pid already separates processes.
 */
export function tempSuffix(): string {
  return `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}
