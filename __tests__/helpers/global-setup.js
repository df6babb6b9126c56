/**
 * Starts, once for the whole test run, the loopback S3-protocol server every S3 test uses (s3rver)
 * and, when the run has RGW cases and radosgw is installed, a real Ceph RADOS Gateway
 * (testkit/rgw/rgw.js). Tests read endpoints and keys from the environment (helpers/s3.ts).
 *
 * COMPILE_CACHE_TEST_RGW: unset = start RGW when radosgw is on PATH; 1 = required (a missing or
 * failing RGW fails the run: CI sets it); 0 = never. A gateway already given in the environment
 * (COMPILE_CACHE_TEST_RGW_ENDPOINT and keys, from `node testkit/rgw/rgw.js start`) is used as it is.
 *
 * compile-cache keeps its own state (wrapper counters, compiler digests) outside the cache directory,
 * under $XDG_STATE_HOME (src/store/state-dir.ts): the run points XDG_STATE_HOME at a temporary
 * directory (removed by the teardown), so no test writes to the real ~/.local/state, and drops a
 * COMPILE_CACHE_STATE_DIR from the caller's environment. The workers and every process the tests
 * start inherit both.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startS3Server } from '../../testkit/s3-server.js';
import { missingBinaries, startRgw } from '../../testkit/rgw/rgw.js';

/** Test files that use the RGW (they name one of these helpers of helpers/s3.ts). */
const RGW_MARKER = /\b(rgwTarget|testTargets|describeRgw|describeEachTarget)\b/;

function testFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(path));
    else if (e.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/**
 * Whether a test file this run may run uses the RGW: a run of other files (`npm run jest --
 * __tests__/store/disk.test.ts`) does not pay the gateway's start-up. When unsure, yes.
 */
function runUsesRgw(globalConfig) {
  try {
    const patterns = globalConfig?.testPathPatterns;
    const matcher = patterns?.toExecutor?.({ rootDir: globalConfig.rootDir });
    const root = join(globalConfig.rootDir, '__tests__');
    return testFiles(root).some(
      f =>
        (!matcher || matcher.isMatch(f)) &&
        !relative(root, f).startsWith('helpers') &&
        RGW_MARKER.test(readFileSync(f, 'utf8'))
    );
  } catch {
    return true;
  }
}

async function setUpRgw(globalConfig) {
  const mode = (process.env.COMPILE_CACHE_TEST_RGW ?? '').trim().toLowerCase();
  const required = mode === '1' || mode === 'required' || mode === 'true';
  const skip = (reason, quiet = false) => {
    process.env.COMPILE_CACHE_TEST_RGW_SKIPPED = `RGW cases skipped: ${reason}`;
    if (!quiet) console.log(`\n${process.env.COMPILE_CACHE_TEST_RGW_SKIPPED}`);
  };
  if (process.env.COMPILE_CACHE_TEST_RGW_ENDPOINT) {
    console.log(
      `\nRGW cases run against ${process.env.COMPILE_CACHE_TEST_RGW_ENDPOINT} (given in the environment)`
    );
    return;
  }
  if (mode === '0' || mode === 'off' || mode === 'false') return skip('COMPILE_CACHE_TEST_RGW=0');
  if (!required && !runUsesRgw(globalConfig)) return skip('no RGW test file in this run', true);
  const missing = missingBinaries();
  if (missing.length > 0) {
    const what = missing.includes('radosgw') ? 'radosgw' : missing.join(', ');
    if (required) throw new Error(`COMPILE_CACHE_TEST_RGW=1 but ${what} not on PATH`);
    return skip(`${what} not on PATH`);
  }
  let rgw;
  try {
    rgw = await startRgw();
  } catch (err) {
    // Installed but broken is a failure, not a skip: set COMPILE_CACHE_TEST_RGW=0 to run without it.
    err.message += '\n(set COMPILE_CACHE_TEST_RGW=0 to run the tests without RGW)';
    throw err;
  }
  globalThis.__RGW__ = rgw;
  process.env.COMPILE_CACHE_TEST_RGW_ENDPOINT = rgw.endpoint;
  process.env.COMPILE_CACHE_TEST_RGW_ACCESS_KEY_ID = rgw.credentials.accessKeyId;
  process.env.COMPILE_CACHE_TEST_RGW_SECRET_ACCESS_KEY = rgw.credentials.secretAccessKey;
  const rss = Object.values(rgw.memory()).reduce((a, b) => a + b, 0);
  console.log(
    `\nRGW up on ${rgw.endpoint} in ${(rgw.startMs / 1000).toFixed(1)} s, ` +
      `${(rss / 2 ** 20).toFixed(0)} MiB resident`
  );
}

export default async function globalSetup(globalConfig) {
  const stateHome = mkdtempSync(join(tmpdir(), 'compile-cache-test-state-'));
  globalThis.__STATE_HOME__ = stateHome;
  process.env.XDG_STATE_HOME = stateHome;
  delete process.env.COMPILE_CACHE_STATE_DIR;
  const server = await startS3Server();
  globalThis.__S3_SERVER__ = server;
  process.env.COMPILE_CACHE_TEST_S3_ENDPOINT = server.endpoint;
  try {
    await setUpRgw(globalConfig);
  } catch (err) {
    await server.stop();
    throw err;
  }
}
