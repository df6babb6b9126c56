/**
 * Wrapper statistics, safe under `make -j`: every wrapper process appends one short line per event
 * to `<cacheDir>/.stats/events` (opened with O_APPEND, one write() per line, so concurrent appends
 * never interleave or overwrite); readers count the lines. No locks, no read-modify-write.
 *
 * Line format: `hit`, `miss`, `uncacheable <reason>`, `error <kind>`. Unknown lines are ignored, so
 * later versions can add events.
 */
import { appendFileSync, mkdirSync, promises as fs } from 'node:fs';
import path from 'node:path';

export const STATS_DIR = '.stats';
export const STATS_FILE = 'events';

export interface WrapperStats {
  hits: number;
  misses: number;
  /** Calls passed straight to the compiler, by reason (`link`, `multiple-inputs`, `compile-failed`, …). */
  uncacheable: Record<string, number>;
  /** Cache trouble (unreadable entry, failed write, broken cache directory, …); the compile went on. */
  errors: number;
  /** Errors by kind. */
  errorKinds: Record<string, number>;
  /** Every wrapped call: hits + misses + the sum of uncacheable. */
  calls: number;
}

export type StatEvent =
  | { type: 'hit' }
  | { type: 'miss' }
  | { type: 'uncacheable'; reason: string }
  | { type: 'error'; kind: string };

function statsFile(cacheDir: string): string {
  return path.join(cacheDir, STATS_DIR, STATS_FILE);
}

/** A reason or kind as one token (no spaces or newlines can break the line format). */
function token(s: string): string {
  return s.replace(/[^\w.+-]/g, '_').slice(0, 64) || '_';
}

function eventLine(e: StatEvent): string {
  switch (e.type) {
    case 'hit':
      return 'hit\n';
    case 'miss':
      return 'miss\n';
    case 'uncacheable':
      return `uncacheable ${token(e.reason)}\n`;
    case 'error':
      return `error ${token(e.kind)}\n`;
  }
}

/**
 * Appends events (one write). Returns false when the stats could not be written; the caller goes on
 * (statistics are never a reason to fail a build).
 */
export function recordEvents(cacheDir: string, events: readonly StatEvent[]): boolean {
  if (events.length === 0) return true;
  const file = statsFile(cacheDir);
  const data = events.map(eventLine).join('');
  try {
    appendFileSync(file, data);
    return true;
  } catch {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      appendFileSync(file, data);
      return true;
    } catch {
      return false;
    }
  }
}

export function emptyStats(): WrapperStats {
  return { hits: 0, misses: 0, uncacheable: {}, errors: 0, errorKinds: {}, calls: 0 };
}

export function parseStats(text: string): WrapperStats {
  const s = emptyStats();
  for (const line of text.split('\n')) {
    const [kind, arg = ''] = line.split(' ', 2);
    if (kind === 'hit') s.hits++;
    else if (kind === 'miss') s.misses++;
    else if (kind === 'uncacheable') s.uncacheable[arg] = (s.uncacheable[arg] ?? 0) + 1;
    else if (kind === 'error') {
      s.errors++;
      s.errorKinds[arg] = (s.errorKinds[arg] ?? 0) + 1;
    }
  }
  s.calls = s.hits + s.misses + Object.values(s.uncacheable).reduce((a, b) => a + b, 0);
  return s;
}

/** The statistics since the last zeroStats; all zero when there are none yet. */
export async function readStats(cacheDir: string): Promise<WrapperStats> {
  try {
    return parseStats(await fs.readFile(statsFile(cacheDir), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyStats();
    throw err;
  }
}

/** Starts counting from zero (the action's pre step). */
export async function zeroStats(cacheDir: string): Promise<void> {
  await fs.mkdir(path.join(cacheDir, STATS_DIR), { recursive: true });
  await fs.writeFile(statsFile(cacheDir), '');
}

/** hits / (hits + misses), or null when nothing cacheable was compiled. */
export function hitRate(s: WrapperStats): number | null {
  const lookups = s.hits + s.misses;
  return lookups === 0 ? null : s.hits / lookups;
}

/** Human-readable statistics, as `compile-cache stats` prints them. */
export function formatStats(s: WrapperStats): string {
  const rate = hitRate(s);
  const lines = [
    `calls:        ${s.calls}`,
    `hits:         ${s.hits}`,
    `misses:       ${s.misses}`,
    `hit rate:     ${rate === null ? 'n/a' : (rate * 100).toFixed(1) + '%'}`,
    `uncacheable:  ${s.calls - s.hits - s.misses}`
  ];
  for (const [reason, n] of Object.entries(s.uncacheable).sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${reason}: ${n}`);
  }
  lines.push(`errors:       ${s.errors}`);
  for (const [kind, n] of Object.entries(s.errorKinds).sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${kind}: ${n}`);
  }
  return lines.join('\n') + '\n';
}
