/**
 * The job summary: one readable Markdown report per job, built from plain figures so it can be
 * rendered (and tested) without the runner. Every string that comes from outside (paths, bucket
 * names, compiler reasons, error texts) goes through escapeMarkdown.
 */

import type { WrapperStats } from '../compiler/stats.js';
import type { NamespaceRestore, NamespaceSave } from '../sync/index.js';
import type { UploadMode } from '../sync/packs/namespace-packs.js';

/** What the restore did for one namespace. */
export type RestoreFigures = NamespaceRestore;

/** What the save (or a local-only clean) did for one namespace. */
export type SaveFigures = NamespaceSave;

/** The wrapper's counters for this job. */
export type WrapperFigures = Pick<WrapperStats, 'hits' | 'misses' | 'uncacheable' | 'errors'> &
  Partial<Pick<WrapperStats, 'errorKinds'>>;

export interface SummaryData {
  /** `s3://bucket/prefix`, or '' in local-only mode. */
  location: string;
  /**
   * Where the cache went instead of a bucket, shown as is (e.g. the GitHub Actions cache and its
   * key prefix); the tables then say `remoteName` (e.g. archive) where they would say bucket.
   */
  locationLabel?: string;
  remoteName?: string;
  cacheDir: string;
  /** True when the bucket was configured but could not be used in this job. */
  remoteUnavailable: boolean;
  restore?: RestoreFigures[];
  /** Why there is no restore table (restore: false, …). */
  restoreNote?: string;
  save?: SaveFigures[];
  saveNote?: string;
  /**
   * The save's upload mode when it synced with a bucket: with `packs` or `both` the save table
   * shows the packs written per namespace.
   */
  uploadMode?: UploadMode;
  wrapper?: WrapperFigures;
  warnings: string[];
}

/** Escapes text for Markdown and the HTML GitHub renders it with, so it shows literally. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

/** Bytes in base 1024, as sizes are written in the inputs. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function formatRate(bytes: number, ms: number): string {
  if (ms <= 0 || bytes <= 0) return '–';
  return `${formatBytes((bytes * 1000) / ms)}/s`;
}

/** Hits over cacheable calls (hits + misses), or undefined when there were none. */
export function wrapperHitRate(w: WrapperFigures): number | undefined {
  const cacheable = w.hits + w.misses;
  return cacheable === 0 ? undefined : w.hits / cacheable;
}

/**
 * Inline code for a namespace name (validated: no HTML can hide in it; the rest goes through
 * escapeMarkdown, since code spans show backslash escapes literally). Backticks cannot end it
 * early, and `|` cannot split a table cell.
 */
export function code(text: string): string {
  return (
    '`' +
    text
      .replace(/`/g, "'")
      .replace(/[\r\n]+/g, ' ')
      .replace(/\|/g, '\\|') +
    '`'
  );
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function count(n: number, bytes: number): string {
  return `${n} (${formatBytes(bytes)})`;
}

const UPLOAD_MODE_TEXT: Record<UploadMode, string> = {
  objects: 'new entries go up as one object per blob',
  packs: 'new entries go up as compressed packs only',
  both: 'new entries go up as one object per blob and as compressed packs',
  auto: 'new entries go up as compressed packs, and as one object per blob too where the bucket holds entries outside packs (written by the Go system, say)'
};

const UPLOADED_AS_TEXT = { objects: 'objects', packs: 'packs only', both: 'packs and objects' } as const;

export function renderSummary(d: SummaryData): string {
  const out: string[] = ['## compile-cache', ''];
  const remote = d.remoteName ?? 'bucket';
  const where = d.locationLabel
    ? escapeMarkdown(d.locationLabel)
    : d.location
      ? `Bucket ${escapeMarkdown(d.location)}${d.remoteUnavailable ? ' (unavailable in this job: nothing was synced)' : ''}`
      : 'Local only: no bucket configured, nothing was synced';
  out.push(`${where} · cache directory ${escapeMarkdown(d.cacheDir)}`, '');

  if (d.wrapper) {
    const w = d.wrapper;
    const uncacheable = Object.values(w.uncacheable).reduce((a, b) => a + b, 0);
    const rate = wrapperHitRate(w);
    out.push('### Compiler calls', '');
    out.push(
      table(
        ['hits', 'misses', 'uncacheable', 'errors', 'hit rate'],
        [
          [
            String(w.hits),
            String(w.misses),
            String(uncacheable),
            String(w.errors),
            rate === undefined ? '–' : `${(rate * 100).toFixed(1)} %`
          ]
        ]
      )
    );
    const reasons = Object.entries(w.uncacheable)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (reasons.length > 0) {
      out.push(
        '',
        `Uncacheable calls by reason: ${reasons.map(([r, n]) => `${escapeMarkdown(r)} ${n}`).join(', ')}`
      );
    }
    const kinds = Object.entries(w.errorKinds ?? {}).filter(([, n]) => n > 0);
    if (kinds.length > 0) {
      out.push(
        '',
        `Cache errors (the compiles went on uncached): ${kinds.map(([k, n]) => `${escapeMarkdown(k)} ${n}`).join(', ')}`
      );
    }
    out.push('');
  }

  if ((d.restore && d.restore.length > 0) || d.restoreNote) out.push('### Restore', '');
  if (d.restoreNote) out.push(escapeMarkdown(d.restoreNote), '');
  if (d.restore && d.restore.length > 0) {
    // Only a bucket restore reads packs (it sets restoredFromPacks); the github backend does not.
    const packRestore = d.restore.some(r => r.restoredFromPacks !== undefined);
    out.push(
      table(
        [
          'namespace',
          `in ${remote}`,
          'restored',
          ...(packRestore ? ['from packs / objects'] : []),
          'already local',
          'left out (budget / age)',
          'failed',
          'time',
          'rate'
        ],
        d.restore.map(r => [
          code(r.namespace),
          count(r.remoteEntries, r.remoteBytes),
          count(r.restoredEntries, r.restoredBytes),
          ...(packRestore
            ? [`${r.restoredFromPacks ?? 0} / ${r.restoredEntries - (r.restoredFromPacks ?? 0)}`]
            : []),
          String(r.alreadyLocal),
          `${r.skippedForBudget} / ${r.skippedForAge}`,
          String(r.failed),
          formatDuration(r.durationMs),
          formatRate(r.restoredBytes, r.durationMs)
        ])
      ),
      ''
    );
    const kept = d.restore.filter(r => (r.keptPacked ?? 0) > 0);
    if (kept.length > 0) {
      out.push(
        `Lazy install: ${kept.map(r => `${r.keptPacked} of ${code(r.namespace)}`).join(', ')} restored entries ` +
          'were kept packed; each is written into the cache directory when a compile first asks for it ' +
          '(its whole pack chunk at once). `install: eager` writes them all during the restore.',
        ''
      );
    }
  }

  if ((d.save && d.save.length > 0) || d.saveNote) out.push('### Save', '');
  if (d.saveNote) out.push(escapeMarkdown(d.saveNote), '');
  if (d.uploadMode && d.save && d.save.length > 0) {
    const resolved =
      d.uploadMode === 'auto'
        ? ` This save: ${d.save.map(s => `${code(s.namespace)} as ${UPLOADED_AS_TEXT[s.uploadedAs ?? 'both']}`).join(', ')}.`
        : '';
    out.push(`Upload mode ${code(d.uploadMode)}: ${UPLOAD_MODE_TEXT[d.uploadMode]}.${resolved}`, '');
  }
  if (d.save && d.save.length > 0) {
    const packSave = d.uploadMode !== undefined && d.uploadMode !== 'objects';
    out.push(
      table(
        [
          'namespace',
          'size before → after',
          'evicted locally (size / age)',
          'uploaded',
          ...(packSave ? ['packs written'] : []),
          `already in ${remote}`,
          'refreshed',
          `evicted in ${remote} (size / age)`,
          'failed / incomplete',
          'time'
        ],
        d.save.map(s => [
          code(s.namespace),
          `${count(s.sizeBefore.entries, s.sizeBefore.bytes)} → ${count(s.sizeAfter.entries, s.sizeAfter.bytes)}`,
          `${count(s.evictedLocal.bySize.entries, s.evictedLocal.bySize.bytes)} / ${count(s.evictedLocal.byAge.entries, s.evictedLocal.byAge.bytes)}`,
          count(s.uploadedEntries, s.uploadedBytes),
          ...(packSave ? [String(s.packsWritten ?? 0)] : []),
          String(s.alreadyRemote),
          String(s.refreshedRemote),
          s.evictedRemote
            ? `${count(s.evictedRemote.bySize.entries, s.evictedRemote.bySize.bytes)} / ${count(s.evictedRemote.byAge.entries, s.evictedRemote.byAge.bytes)}`
            : 'not pruned',
          `${s.failed} / ${s.incompleteSkipped}`,
          formatDuration(s.durationMs)
        ])
      ),
      ''
    );
  }

  if (d.warnings.length > 0) {
    out.push('### Warnings', '', ...d.warnings.map(w => `- ${escapeMarkdown(w)}`), '');
  }
  return out.join('\n') + '\n';
}
