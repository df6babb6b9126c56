/** The job summary from plain figures: what it shows, and that untrusted strings stay literal. */
import { escapeMarkdown, formatBytes, renderSummary, type SaveFigures } from '../../src/job/summary.js';

const none = { entries: 0, bytes: 0 };

function saveRow(namespace: string): SaveFigures {
  return {
    namespace,
    sizeBefore: { entries: 12, bytes: 3 * 1024 * 1024 },
    sizeAfter: { entries: 9, bytes: 2 * 1024 * 1024 },
    evictedLocal: { bySize: { entries: 2, bytes: 700 * 1024 }, byAge: { entries: 1, bytes: 1024 } },
    uploadedEntries: 4,
    uploadedBytes: 4096,
    alreadyRemote: 1,
    incompleteSkipped: 0,
    refreshedRemote: 3,
    evictedRemote: { bySize: { entries: 5, bytes: 5120 }, byAge: none },
    remoteSizeAfter: { entries: 40, bytes: 1 << 20 },
    failed: 0,
    durationMs: 1500
  };
}

test('the summary shows the wrapper counters, the save figures per namespace and the warnings', () => {
  const md = renderSummary({
    location: 's3://bucket/cache/',
    cacheDir: '/home/runner/.cache/compile-cache',
    remoteUnavailable: false,
    save: [saveRow('compile')],
    wrapper: { hits: 90, misses: 10, uncacheable: { link: 4, 'multiple-inputs': 1 }, errors: 0 },
    warnings: ['could not upload 1 entry: SlowDown']
  });
  expect(md).toContain('| 90 | 10 | 5 | 0 | 90.0 % |');
  expect(md).toContain('Uncacheable calls by reason: link 4, multiple-inputs 1');
  expect(md).toContain(
    '| `compile` | 12 (3.00 MiB) → 9 (2.00 MiB) | 2 (700.0 KiB) / 1 (1.00 KiB) | 4 (4.00 KiB) | 1 | 3 | 5 (5.00 KiB) / 0 (0 B) | 0 / 0 | 1.5 s |'
  );
  expect(md).toContain('- could not upload 1 entry: SlowDown');
});

test('untrusted strings are escaped: no HTML, no table breaks, no code-span escapes', () => {
  const md = renderSummary({
    location: 's3://b/p|x`/',
    cacheDir: '/tmp/<script>alert(1)</script>',
    remoteUnavailable: false,
    save: [saveRow('compile')],
    wrapper: { hits: 0, misses: 1, uncacheable: { '<img src=x onerror=alert(1)>': 1 }, errors: 0 },
    warnings: ['entry | broken\nnext line <b>bold</b>']
  });
  expect(md).not.toMatch(/<script>|<img|<b>/);
  expect(md).toContain(
    'Bucket s3://b/p\\|x\\`/ · cache directory /tmp/&lt;script&gt;alert\\(1\\)&lt;/script&gt;'
  );
  expect(md).toContain('- entry \\| broken next line &lt;b&gt;bold&lt;/b&gt;');
  expect(escapeMarkdown('*a* _b_ [c](d)')).toBe('\\*a\\* \\_b\\_ \\[c\\]\\(d\\)');
});

test('sizes are written in base 1024', () => {
  expect(formatBytes(0)).toBe('0 B');
  expect(formatBytes(1536)).toBe('1.50 KiB');
  expect(formatBytes(5 * 1024 ** 3)).toBe('5.00 GiB');
});

test('with packs, the summary shows entries restored from packs vs objects and packs written per namespace', () => {
  const md = renderSummary({
    location: 's3://bucket/cache/',
    cacheDir: '/c',
    remoteUnavailable: false,
    restore: [
      {
        namespace: 'compile',
        remoteEntries: 10,
        remoteBytes: 10240,
        restoredEntries: 9,
        restoredBytes: 9216,
        alreadyLocal: 1,
        skippedForBudget: 0,
        skippedForAge: 0,
        incompleteSkipped: 0,
        vanished: 0,
        failed: 0,
        durationMs: 200,
        restoredFromPacks: 7
      }
    ],
    save: [{ ...saveRow('compile'), packsWritten: 2 }],
    uploadMode: 'both',
    warnings: []
  });
  expect(md).toContain('| restored | from packs / objects | already local |');
  expect(md).toContain('| 9 (9.00 KiB) | 7 / 2 | 1 |');
  expect(md).toContain('| uploaded | packs written | already in bucket |');
  expect(md).toContain('| 4 (4.00 KiB) | 2 | 1 |');
  expect(md).toContain(
    'Upload mode `both`: new entries go up as one object per blob and as compressed packs.'
  );
  // An explicit mode needs no resolution per namespace.
  expect(md).not.toContain('This save:');
  // The default, auto, says what it resolved to in each namespace.
  const auto = renderSummary({
    location: 's3://bucket/cache/',
    cacheDir: '/c',
    remoteUnavailable: false,
    save: [
      { ...saveRow('compile'), packsWritten: 1, uploadedAs: 'packs' },
      { ...saveRow('manifests'), packsWritten: 1, uploadedAs: 'both' }
    ],
    uploadMode: 'auto',
    warnings: []
  });
  expect(auto).toContain('| uploaded | packs written | already in bucket |');
  expect(auto).toContain(
    'Upload mode `auto`: new entries go up as compressed packs, and as one object per blob too where the bucket holds entries outside packs (written by the Go system, say). This save: `compile` as packs only, `manifests` as packs and objects.'
  );
  // Objects only: no pack column.
  const objects = renderSummary({
    location: 's3://bucket/cache/',
    cacheDir: '/c',
    remoteUnavailable: false,
    save: [saveRow('compile')],
    uploadMode: 'objects',
    warnings: []
  });
  expect(objects).not.toContain('packs written');
});
