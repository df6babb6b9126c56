/**
 * The action's steps as the runner runs them. `pre` restores and points the compilers at the cache,
 * `main` reports (or does the restore itself when pre did not run), `post` prunes, uploads and
 * writes the job summary. The `restore` and `save` sub-actions run one half each as their main.
 *
 * Resolved inputs travel through the action's state; credentials never do (each step reads them
 * from the inputs again and masks them). Cache trouble is a warning, or a failure with fail-on-error.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import { installShims } from '../compiler/shims.js';
import { MANIFESTS } from '../compiler/wrap.js';
import { ensureServer, hashServerHeaders, serverEnvironment, stopServer } from '../server/start.js';
import { readStats, zeroStats } from '../compiler/stats.js';
import { InvalidInputError } from '../store/errors.js';
import { errorText } from '../sync/failures.js';
import { checkWrapperPaths, prepareCacheDir, repairIdentityDir } from '../job/cache-dir.js';
import { type ActionConfig, readConfig, readCredentials, type StaticCredentials } from '../config/inputs.js';
import { backendFor } from '../backends/select.js';
import { defaultManifestPath, jobTempDir, restoreJob, saveJob } from '../job/job.js';
import {
  formatBytes,
  formatDuration,
  formatRate,
  renderSummary,
  type WrapperFigures
} from '../job/summary.js';
import { type RestoreState, savedConfig, savedRestoreState } from './saved-state.js';
import { threadPoolReport } from '../runtime/threadpool-report.js';
import { wrapperFigures } from '../job/wrapper-stats.js';

export type Step = 'pre' | 'main' | 'post' | 'restore' | 'save';

export interface StepOptions {
  /** Absolute path of the bundled compiler wrapper (dist/wrap/index.js), for the shims. */
  wrapperScript: string;
}

/** State names (GITHUB_STATE), read back by later steps of the same action. */
const STATE = { config: 'config', restore: 'restore', manifest: 'manifest' } as const;

/** Variables exported to the job's later steps (GITHUB_ENV). */
export const ENV = {
  dir: 'COMPILE_CACHE_DIR',
  tenant: 'COMPILE_CACHE_TENANT',
  manifest: 'COMPILE_CACHE_MANIFEST',
  saveOnFailure: 'COMPILE_CACHE_SAVE_ON_FAILURE',
  depend: 'COMPILE_CACHE_DEPEND'
} as const;

/** Whether the namespaces synced carry this tenant's manifests (direct and depend mode's). */
function syncsManifests(namespaces: readonly string[], tenant: string): boolean {
  return namespaces.some(ns => ns === MANIFESTS || ns === `${MANIFESTS}/${tenant}`);
}

/** Cache trouble: a warning, or a failed step when the user asked for fail-on-error. */
class Trouble {
  readonly warnings: string[] = [];
  constructor(private readonly failOnError: boolean) {}
  report(message: string): void {
    this.warnings.push(message);
    if (this.failOnError) core.setFailed(`compile-cache: ${message}`);
    else core.warning(`compile-cache: ${message}`);
  }
}

export async function runStep(step: Step, opts: StepOptions): Promise<void> {
  try {
    switch (step) {
      case 'pre':
        await setUp(opts);
        break;
      case 'main': {
        // The pre step's results, or (when it did not run) a restore done here.
        const stored = core.getState(STATE.config);
        if (stored) {
          const fresh = readInputs().config;
          const config = savedConfig(stored, fresh) ?? fresh;
          reportRestore(config, readRestoreState());
          await hashHeadersAgain(config);
        } else reportRestore(...(await setUp(opts)));
        break;
      }
      case 'restore':
        reportRestore(...(await setUp(opts)));
        break;
      case 'post':
        await tearDown(true);
        break;
      case 'save':
        await tearDown(false);
        break;
    }
    core.debug(`compile-cache: ${threadPoolReport()}`);
  } catch (err) {
    // Bad inputs fail fast. Anything else (an unwritable cache directory, a full disk) is cache
    // trouble: the build goes on without the cache unless the user asked for fail-on-error.
    if (err instanceof InvalidInputError) core.setFailed(`compile-cache: ${err.message}`);
    else if (failOnError) core.setFailed(`compile-cache ${step} step failed: ${errorText(err)}`);
    else
      core.warning(`compile-cache ${step} step failed: ${errorText(err)}; the job goes on without the cache`);
  }
}

/** Set once the inputs are read: whether cache trouble fails the step. */
let failOnError = false;

function readInputs(): { config: ActionConfig; credentials: StaticCredentials | undefined } {
  const read = (name: string) => core.getInput(name);
  const credentials = readCredentials(read);
  // Masked before anything else can print them (an SDK error, a debug line).
  if (credentials) {
    core.setSecret(credentials.secretAccessKey);
    if (credentials.sessionToken) core.setSecret(credentials.sessionToken);
  }
  const config = readConfig(read);
  failOnError = config.failOnError;
  return { config, credentials };
}

/** Pre (or main without pre, or the restore sub-action): validate, restore, point compilers at the cache. */
async function setUp(opts: StepOptions): Promise<[ActionConfig, RestoreState]> {
  const { config, credentials } = readInputs();
  // post-if cannot read inputs, so the save-on-failure choice travels as a variable.
  core.exportVariable(ENV.saveOnFailure, String(config.saveOnFailure));
  core.saveState(STATE.config, JSON.stringify(config));
  const trouble = new Trouble(config.failOnError);

  // Bounded (no `mkdir -p` that can spin) and proven writable: a CacheDirError names the input.
  // What an earlier version kept at its root goes (docs/store.md, "The cache directory").
  for (const note of prepareCacheDir(config.cacheDir)) core.info(`compile-cache: ${note}`);
  await mkdir(jobTempDir(config), { recursive: true });
  core.exportVariable(ENV.dir, config.cacheDir);
  core.exportVariable(ENV.tenant, config.tenant);
  // An entry made in depend mode is found only through its manifest: where the manifests are not
  // synced, a later runner would find none of them (docs/wrapper.md, "Depend mode").
  if (!syncsManifests(config.namespaces, config.tenant) && process.env[ENV.depend] === undefined) {
    core.exportVariable(ENV.depend, 'off');
    core.info(
      `compile-cache: "manifests" is not among the namespaces, so depend mode is off (${ENV.depend}=off): every entry stays one the preprocessor finds`
    );
  }

  const outcome = await restoreJob(config, credentials, {
    log: line => core.info(line),
    manifestPath: defaultManifestPath(config)
  });
  if (outcome.notice !== undefined) core.notice(`compile-cache: ${outcome.notice}`);
  for (const w of outcome.warnings) trouble.report(w);
  if (outcome.manifestPath) {
    core.saveState(STATE.manifest, outcome.manifestPath);
    core.exportVariable(ENV.manifest, outcome.manifestPath);
  }
  const state: RestoreState = {
    figures: outcome.figures,
    warnings: trouble.warnings,
    remoteUnavailable: outcome.remoteUnavailable,
    note: outcome.note
  };
  core.saveState(STATE.restore, JSON.stringify(state));
  // The save sub-action is another action instance without this state: it finds the figures here.
  await writeFile(restoreReportPath(config), JSON.stringify(state)).catch(() => undefined);

  let nativeShims = false;
  if (config.compilerShims || config.cmakeLauncher) {
    try {
      const shims = await installShims(join(jobTempDir(config), 'shims'), {
        node: process.execPath,
        wrapperScript: opts.wrapperScript
      });
      if (shims.note !== undefined) core.notice(`compile-cache: ${shims.note}`);
      nativeShims = shims.client === 'native';
      if (config.compilerShims) {
        core.addPath(shims.dir);
        core.info(
          `compile-cache: compiler shims (cc, c++, gcc, g++, clang, clang++) in ${shims.dir} are on PATH`
        );
      }
      if (config.cmakeLauncher) {
        core.exportVariable('CMAKE_C_COMPILER_LAUNCHER', shims.launcher);
        core.exportVariable('CMAKE_CXX_COMPILER_LAUNCHER', shims.launcher);
      }
    } catch (err) {
      trouble.report(`the compiler shims could not be installed (${errorText(err)}); compilers run uncached`);
    }
  }
  // A build of an earlier job may have planted the state directory, `stats`, `events` or
  // `compilers`: the planted thing itself is replaced (never written through), and the warning
  // names it.
  try {
    for (const note of await zeroStats(config.cacheDir)) trouble.report(note);
  } catch (err) {
    trouble.report(`the wrapper statistics could not be zeroed: ${errorText(err)}`);
  }
  try {
    for (const note of repairIdentityDir(config.cacheDir)) trouble.report(note);
  } catch (err) {
    trouble.report(`the wrapper's compiler hashes could not be checked: ${errorText(err)}`);
  }
  // The native shims hand every compile to the compile server (docs/server.md): started here,
  // detached, it serves the whole job; post stops it.
  if (nativeShims) {
    try {
      const server = await ensureServer({
        cacheDir: config.cacheDir,
        node: process.execPath,
        wrapperScript: opts.wrapperScript,
        env: serverEnvironment(process.env),
        logFile: join(jobTempDir(config), 'server.log'),
        // The build is steps away (checkout, set-up, configure): time enough to rehearse the hit path.
        warmUp: true
      });
      core.info(`compile-cache: the compile server is running (${server.info}, socket ${server.socket})`);
    } catch (err) {
      trouble.report(`the compile server did not start (${errorText(err)}); the first compile tries again`);
    }
  }
  return [config, state];
}

/**
 * Main, after pre: the pre step's server hashed the headers the restored manifests name before the
 * checkout, so it found the system's and toolchain's but not the project's. The checkout usually
 * comes before this step (the README's workflow): the server hashes them again, in its background.
 */
async function hashHeadersAgain(config: ActionConfig): Promise<void> {
  try {
    if (await hashServerHeaders(config.cacheDir, serverEnvironment(process.env)))
      core.info("compile-cache: the compile server is hashing the headers the cache's manifests name");
  } catch (err) {
    // Only speed is lost: the build's compiles hash what they need.
    core.debug(`compile-cache: the compile server did not take the headers request: ${errorText(err)}`);
  }
}

function restoreReportPath(config: ActionConfig): string {
  return join(jobTempDir(config), 'restore.json');
}

function readRestoreState(): RestoreState | undefined {
  const raw = core.getState(STATE.restore);
  return raw ? savedRestoreState(raw) : undefined;
}

async function readRestoreReport(config: ActionConfig): Promise<RestoreState | undefined> {
  try {
    return savedRestoreState(await readFile(restoreReportPath(config), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Main: say what the restore did and set the outputs. */
function reportRestore(config: ActionConfig, state: RestoreState | undefined): void {
  let entries = 0;
  let bytes = 0;
  let fromPacks = 0;
  for (const r of state?.figures ?? []) {
    entries += r.restoredEntries;
    bytes += r.restoredBytes;
    fromPacks += r.restoredFromPacks ?? 0;
    const packs =
      r.restoredFromPacks === undefined
        ? ''
        : ` (${r.restoredFromPacks} from packs, ${r.restoredEntries - r.restoredFromPacks} as objects)`;
    core.info(
      `compile-cache: ${r.namespace}: restored ${r.restoredEntries} entries${packs} (${formatBytes(r.restoredBytes)}) ` +
        `of ${r.remoteEntries} in the bucket in ${formatDuration(r.durationMs)} (${formatRate(r.restoredBytes, r.durationMs)}); ` +
        `${r.alreadyLocal} already local, ${r.skippedForBudget} left out for the budget`
    );
  }
  if (state?.note) core.info(`compile-cache: ${state.note}`);
  core.info(`compile-cache: cache directory ${config.cacheDir}`);
  core.setOutput('cache-dir', config.cacheDir);
  core.setOutput('restored-entries', String(entries));
  core.setOutput('restored-bytes', String(bytes));
  core.setOutput('restored-from-packs', String(fromPacks));
  core.setOutput('cache-hit', String(entries > 0));
}

/** Post (or the save sub-action): clean, upload what is new, refresh and prune the bucket, summary. */
async function tearDown(fromState: boolean): Promise<void> {
  const stored = fromState ? core.getState(STATE.config) : '';
  if (fromState && !stored) {
    core.info('compile-cache: the pre step did not complete, so there is nothing to save.');
    return;
  }
  const inputs = readInputs();
  const config = (stored ? savedConfig(stored, inputs.config) : undefined) ?? inputs.config;
  const trouble = new Trouble(config.failOnError);
  for (const note of prepareCacheDir(config.cacheDir)) core.info(`compile-cache: ${note}`);

  // The compile server finishes its compiles in flight and writes their counts before it stops.
  try {
    if (await stopServer(config.cacheDir)) core.info('compile-cache: the compile server stopped');
  } catch (err) {
    core.info(`compile-cache: the compile server did not answer the stop request: ${errorText(err)}`);
  }

  // What the build may have planted among the wrapper's files: each named, the counters then
  // reported as unavailable rather than read through a symlink or blocked on a FIFO.
  const unsafe = checkWrapperPaths(config.cacheDir);
  for (const note of unsafe.notes) trouble.report(note);
  let wrapper: WrapperFigures | undefined;
  if (unsafe.statsUnsafe) {
    core.info('compile-cache: the wrapper statistics are unavailable (see the warning above)');
  } else {
    try {
      wrapper = wrapperFigures(await readStats(config.cacheDir));
    } catch (err) {
      trouble.report(`the wrapper statistics are unavailable: ${errorText(err)}`);
    }
  }

  const manifestPath =
    core.getState(STATE.manifest) || process.env[ENV.manifest] || defaultManifestPath(config);
  const backend = backendFor(config, inputs.credentials);
  const outcome = await saveJob(config, inputs.credentials, {
    log: line => core.info(line),
    manifestPath: existsSync(manifestPath) ? manifestPath : undefined
  });
  for (const w of outcome.warnings) trouble.report(w);
  await rm(manifestPath, { force: true }).catch(() => undefined);

  const restored = readRestoreState() ?? (await readRestoreReport(config));
  await rm(restoreReportPath(config), { force: true }).catch(() => undefined);
  for (const s of outcome.figures) {
    core.info(
      `compile-cache: ${s.namespace}: ${formatBytes(s.sizeBefore.bytes)} → ${formatBytes(s.sizeAfter.bytes)} on disk, ` +
        `uploaded ${s.uploadedEntries} entries (${formatBytes(s.uploadedBytes)})` +
        (s.packsWritten !== undefined ? `, ${s.packsWritten} packs written` : '')
    );
  }
  if (!config.summary) return;
  const where = backend.describe();
  const markdown = renderSummary({
    location: where.location,
    locationLabel: where.label,
    remoteName: where.remoteName,
    cacheDir: config.cacheDir,
    remoteUnavailable: (restored?.remoteUnavailable ?? false) || outcome.remoteUnavailable,
    restore: restored?.figures,
    restoreNote: restored?.note,
    save: outcome.figures,
    saveNote: outcome.note,
    // The pack columns only when this save wrote to a bucket.
    uploadMode: outcome.uploadMode,
    wrapper,
    warnings: [...(restored?.warnings ?? []), ...trouble.warnings]
  });
  try {
    await core.summary.addRaw(markdown).write();
  } catch (err) {
    core.info(`compile-cache: the job summary could not be written: ${errorText(err)}`);
  }
}
