/**
 * How the sync names, views and judges entries. An entry is identified by its namespace path
 * relative to the synced namespace plus its hex key: syncing `compile` carries every tenant
 * (`compile/<tenant>/<hh>/<hex>/`), so the same key under two tenants is two entries.
 */
import type { EntryInfo } from '../store/store.js';
import { splitNamespacePath } from '../store/validate.js';

/** `local/abcd…` for an entry in tenant `local`, or just the hex key for one directly in the namespace. */
export function entryId(entry: Pick<EntryInfo, 'key' | 'namespace'>): string {
  return entry.namespace === '' ? entry.key : `${entry.namespace}/${entry.key}`;
}

/** Anything with nestable one-segment namespace views (both stores). */
export interface Namespaced<S> {
  namespace(prefix: string): S;
}

/** The view of `store` at a namespace path such as `compile/local` (views take one segment each). */
export function namespaceView<S extends Namespaced<S>>(store: S, path: string): S {
  let view = store;
  for (const segment of splitNamespacePath(path)) view = view.namespace(segment);
  return view;
}

/** Views of the entries' relative namespaces below one base view, made once per namespace. */
export class SubViews<S extends Namespaced<S>> {
  private readonly views = new Map<string, S>();
  constructor(private readonly base: S) {}

  of(relative: string): S {
    if (relative === '') return this.base;
    let view = this.views.get(relative);
    if (!view) {
      view = namespaceView(this.base, relative);
      this.views.set(relative, view);
    }
    return view;
  }
}

/** The compile result blobs a reader needs before it takes an entry as complete. */
const COMPILE_REQUIRED = ['exit_code', 'metadata'];

/** True when the namespace path (synced namespace + the entry's relative one) is under `compile`. */
export function isCompileNamespace(syncNamespace: string, relative: string): boolean {
  const first = splitNamespacePath(relative === '' ? syncNamespace : `${syncNamespace}/${relative}`)[0];
  return first === 'compile';
}

/**
 * Whether an entry is whole enough to copy. Compile entries are written `metadata` last by us (and
 * `exit_code` before it by the Go system), so an entry missing either was cut off mid-write and
 * would be a miss for every reader. Other namespaces (source blobs) have no such rule.
 */
export function isCompleteEntry(
  syncNamespace: string,
  entry: Pick<EntryInfo, 'namespace' | 'blobs'>
): boolean {
  if (entry.blobs.length === 0) return false;
  if (!isCompileNamespace(syncNamespace, entry.namespace)) return true;
  return COMPILE_REQUIRED.every(name => entry.blobs.some(b => b.name === name));
}

/** The Go system's write order; anything unknown goes before `metadata`. */
const WRITE_ORDER = ['output', 'stdout', 'stderr', 'exit_code', 'extras'];

/**
 * The order to upload an entry's blobs in: `metadata` strictly last, so an upload cut off at any
 * point leaves an entry that every reader (ours and the Go system) takes as incomplete.
 */
export function uploadOrder(names: readonly string[]): string[] {
  const rank = (n: string): number => {
    if (n === 'metadata') return WRITE_ORDER.length + 1;
    const i = WRITE_ORDER.indexOf(n);
    return i === -1 ? WRITE_ORDER.length : i;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
