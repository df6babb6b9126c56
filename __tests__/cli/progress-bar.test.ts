/**
 * The CLI's progress bar (issue 9): restore and save on a terminal redraw one line in place on
 * stderr (`\r`, the bar, erase to the end of the line); a run whose stderr is not a terminal, and a
 * `--json` run on a terminal, print no bar. The terminal is a real pseudo-terminal (`script` from
 * util-linux), the CLI the built one (`bin/compile-cache.js`), the bucket the loopback S3 server,
 * reached through a proxy that adds latency to every request so the transfer outlasts a redraw
 * interval by construction (no timing is asserted). The frame itself is checked as a unit.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BAR_INTERVAL_MS, etaMs, formatEta, renderBar } from '../../src/cli/progress-bar.js';
import { DiskCacheStore } from '../../src/store/disk.js';
import type { ProgressSnapshot } from '../../src/sync/progress.js';
import { FaultProxy } from '../../testkit/fault-proxy.js';
import { REPO_ROOT, runProcess } from '../helpers/runner.js';
import { freshBucket, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';
import { writeCompileEntry } from '../sync/helpers.js';

const BIN = join(REPO_ROOT, 'bin', 'compile-cache.js');
/** Every request waits this long: a restore (a listing, then GETs) lasts several redraw intervals. */
const LATENCY_MS = 2 * BAR_INTERVAL_MS;

describe('a frame', () => {
  const half: ProgressSnapshot = {
    label: 'restore compile',
    entries: 120,
    totalEntries: 240,
    bytes: 1024 * 1024,
    totalBytes: 2 * 1024 * 1024,
    elapsedMs: 4000
  };

  test('entries, bytes, rate, time left and a bar, within the terminal width', () => {
    const line = renderBar(half, 120);
    expect(line).toBe(
      '[###############---------------] restore compile 50% 120/240 entries, 1.0 MiB/2.0 MiB, 256.0 KiB/s, ETA 4s'
    );
    expect(line.length).toBeLessThan(120);
  });

  test('a narrow terminal: no bar, the text cut to the width (a wrapped line could not be redrawn)', () => {
    const line = renderBar(half, 40);
    expect(line).toBe('restore compile 50% 120/240 entries, 1.');
    expect(line.length).toBe(39);
  });

  test('time left by bytes, else by entries, else unknown', () => {
    expect(etaMs(half)).toBe(4000);
    expect(etaMs({ ...half, bytes: 0, totalBytes: 0 })).toBe(4000);
    expect(etaMs({ ...half, entries: 0, bytes: 0 })).toBeNull();
    expect(etaMs({ ...half, elapsedMs: 0 })).toBeNull();
    expect([42_000, 185_000, 3_720_000, null].map(formatEta)).toEqual(['42s', '3m05s', '1h02m', '--']);
  });
});

describe('the CLI under a pseudo-terminal and without one', () => {
  let root: string;
  let proxy: FaultProxy;
  let bucket: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'compile-cache-cli-bar-'));
    proxy = await FaultProxy.start(testEndpoint());
    bucket = await freshBucket('cli-bar');
    const outer = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('COMPILE_CACHE_'))
    );
    env = {
      ...outer,
      AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      COMPILE_CACHE_ENDPOINT: proxy.endpoint,
      COMPILE_CACHE_BUCKET: bucket,
      // Objects only: one GET per blob, so a restore is many requests.
      COMPILE_CACHE_UPLOAD_MODE: 'objects',
      COMPILE_CACHE_CONCURRENCY: '4',
      RUNNER_TEMP: root,
      TERM: 'xterm'
    };
    const source = new DiskCacheStore(join(root, 'source'));
    for (let i = 0; i < 8; i++) await writeCompileEntry(source, 'compile', 20_000);
  });
  afterAll(async () => {
    await proxy?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** The CLI with stdout and stderr on a pseudo-terminal: everything it wrote, as the terminal got it. */
  function underTerminal(args: string[]): Promise<{ code: number; output: string }> {
    const quoted = [process.execPath, BIN, ...args].map(a => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    return new Promise((resolve, reject) => {
      const child = spawn('script', ['-qefc', quoted, '/dev/null'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe']
      });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
      child.on('error', reject);
      child.on('close', code => resolve({ code: code ?? -1, output }));
    });
  }

  const plain = (args: string[]) => runProcess(process.execPath, [BIN, ...args], { cwd: root, env });

  /** Redrawn frames: a carriage return, then a frame of the bar. */
  const FRAME = /\r\[[#-]+\] (restore|save) compile \d+% \d+\/\d+ entries, .*, ETA /g;

  test('save without a terminal: the log lines, no bar', async () => {
    proxy.setLatency(LATENCY_MS);
    const r = await plain(['save', '--cache-dir', join(root, 'source')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| `compile` |');
    expect(r.stdout + r.stderr).not.toContain('\r');
    expect(r.stdout + r.stderr).not.toContain('\x1b[K');
  }, 120_000);

  test('restore on a terminal: the bar is redrawn in place, then erased before the summary', async () => {
    proxy.setLatency(LATENCY_MS);
    const r = await underTerminal(['restore', '--cache-dir', join(root, 'restored-tty')]);
    expect(r.code).toBe(0);
    const frames = r.output.match(FRAME) ?? [];
    expect(frames.length).toBeGreaterThanOrEqual(1);
    expect(r.output).toContain('\x1b[K');
    // The summary comes after the bar was taken off the line.
    const summary = r.output.indexOf('| `compile` |');
    expect(summary).toBeGreaterThan(r.output.lastIndexOf('\r\x1b[K'));
    expect((await new DiskCacheStore(join(root, 'restored-tty')).stats()).entries).toBe(8);
  }, 120_000);

  test('save on a terminal: the bar too', async () => {
    proxy.setLatency(LATENCY_MS);
    const cache = join(root, 'second');
    const store = new DiskCacheStore(cache);
    for (let i = 0; i < 6; i++) await writeCompileEntry(store, 'compile', 20_000);
    const r = await underTerminal(['save', '--cache-dir', cache]);
    expect(r.code).toBe(0);
    expect(
      (r.output.match(FRAME) ?? []).filter(f => f.includes('save compile')).length
    ).toBeGreaterThanOrEqual(1);
  }, 120_000);

  test('--json on a terminal, and a restore without one: no bar', async () => {
    proxy.setLatency(LATENCY_MS);
    const json = await underTerminal(['restore', '--json', '--cache-dir', join(root, 'restored-json')]);
    expect(json.code).toBe(0);
    expect(json.output).not.toMatch(FRAME);
    expect(json.output).not.toContain('\x1b[K');
    const piped = await plain(['restore', '--cache-dir', join(root, 'restored-pipe')]);
    expect(piped.code).toBe(0);
    expect(piped.stdout + piped.stderr).not.toContain('\r');
  }, 120_000);
});
