/**
 * The server's warm-up: a rehearsal of the hit path on a throwaway project, so that the build's first
 * hits meet compiled code. A freshly started Node runs the compile core through its interpreter:
 * on a fresh server, the first warm build of a small project (Lua, 34 hits) cost ~250 ms of server
 * CPU against ~100 ms for the same build on a server that had served one before; the difference is
 * V8's tiers and the built-in modules a first hit loads (node:crypto, node:child_process), not I/O.
 * Both are per process and per thread, and nothing on disk can carry them over: the code has to run.
 *
 * The action's pre step starts the server long before the build (checkout, set-up and configure
 * steps come between), so it asks for a rehearsal (`server --warm-up`); a server started on demand
 * by a build's first compile does not rehearse, which would only compete with that build.
 *
 * The rehearsal never touches the cache directory it serves, nor its statistics: it compiles a small
 * generated source (one header of its own and <stdio.h>) with `cc` from the server's PATH, into a
 * cache directory inside a private temporary directory, through a session of its own, with that
 * cache directory's state directory (statistics, journal, compiler memos) assigned inside it too.
 * The caller makes the directory and removes it, so that a rehearsal stopped half-way (the server
 * stopping, a worker terminated) leaves nothing behind.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile, createSession, type CompileRequest } from '../compiler/compile.js';
import { runDeferred } from '../compiler/session.js';
import { assignStateDir } from '../store/state-dir.js';

/** Compiles after the first (a miss): enough for V8 to optimise what every hit runs. */
export const REHEARSAL_HITS = 150;
/**
 * The sources must be older than this before the first compile: a file changed within a second of a
 * compile is "too new" for a direct-mode manifest (file-hash.ts), and the rehearsal would then warm
 * the preprocessor path instead of the hit's.
 */
const SETTLE_MS = 1100;

const HEADER = `#ifndef REHEARSAL_H
#define REHEARSAL_H
struct rehearsal { int hits; const char *name; };
int rehearsal_count(const struct rehearsal *r);
#endif
`;

const SOURCE = `#include <stdio.h>
#include "rehearsal.h"
int rehearsal_count(const struct rehearsal *r) {
  printf("%s\\n", r->name);
  return r->hits + 1;
}
`;

export interface RehearsalResult {
  /** Compiles that ran (0 when skipped). */
  compiles: number;
  /** Why the rehearsal stopped early or did not run; null when it ran to the end. */
  skipped: string | null;
  ms: number;
}

/** A private directory for one rehearsal (mode 0700, in the system's temporary directory). */
export function makeRehearsalDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'compile-cache-rehearsal-'));
}

/** Removes a rehearsal's directory (its cache directory and that one's state directory are inside). */
export function removeRehearsalDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms).unref());
}

/**
 * Runs the rehearsal in `dir` (from makeRehearsalDir, empty): one miss, then `hits` compiles that
 * should hit, half of them with a depfile. `interrupted()` is asked between compiles: once it names
 * a reason (the server stops; the build's own compiles arrive, which warm the code as well as this
 * would), the rest is skipped. Never throws: a rehearsal that fails only leaves the code colder.
 */
export async function rehearse(
  dir: string,
  env: NodeJS.ProcessEnv,
  interrupted: () => string | null,
  hits = REHEARSAL_HITS
): Promise<RehearsalResult> {
  const started = Date.now();
  const result = (compiles: number, skipped: string | null): RehearsalResult => ({
    compiles,
    skipped,
    ms: Date.now() - started
  });
  const src = path.join(dir, 'src');
  const cacheDir = path.join(dir, 'cache');
  try {
    mkdirSync(src, { mode: 0o700 });
    writeFileSync(path.join(src, 'rehearsal.h'), HEADER);
    writeFileSync(path.join(src, 'rehearsal.c'), SOURCE);
  } catch (err) {
    return result(0, `its files could not be written: ${(err as Error).message}`);
  }
  await sleep(SETTLE_MS);
  // Its statistics, journal and compiler memos stay inside `dir` too, whatever COMPILE_CACHE_STATE_DIR says.
  assignStateDir(cacheDir, path.join(dir, 'state'));
  try {
    return await rehearseIn(src, cacheDir, dir, env, interrupted, hits, result);
  } catch (err) {
    return result(0, `it failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    assignStateDir(cacheDir, null);
  }
}

async function rehearseIn(
  src: string,
  cacheDir: string,
  dir: string,
  env: NodeJS.ProcessEnv,
  interrupted: () => string | null,
  hits: number,
  result: (compiles: number, skipped: string | null) => RehearsalResult
): Promise<RehearsalResult> {
  const session = createSession(cacheDir, { longLived: true, logFile: null });
  // Only what a compiler needs to run: the server's own environment may carry the job's secrets,
  // and nothing here needs them.
  const compileEnv: NodeJS.ProcessEnv = {
    PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: dir,
    LC_ALL: 'C',
    COMPILE_CACHE_DIR: cacheDir
  };
  const request = (depfile: boolean): CompileRequest => ({
    invokedAs: 'compile-cache-launcher',
    mode: 'launcher',
    args: [
      'cc',
      '-O2',
      '-Wall',
      ...(depfile ? ['-MMD', '-MT', 'rehearsal.o', '-MF', 'rehearsal.d'] : []),
      '-c',
      'rehearsal.c',
      '-o',
      'rehearsal.o'
    ],
    cwd: src,
    env: compileEnv,
    stderrIsTTY: false
  });
  let compiles = 0;
  // The two commands' misses first, then their hits in turns.
  for (let i = 0; i < hits + 2; i++) {
    const why = interrupted();
    if (why !== null) return result(compiles, why);
    const answer = await compile(session, request(i % 2 === 1));
    // As a server does after each answer: the hit's touches are part of the path being warmed.
    await runDeferred(session);
    compiles++;
    if (answer.kind !== 'done') return result(compiles, `cc was not cached (${answer.reason})`);
    if (answer.status !== 0) {
      const first = answer.stderr.toString('utf8').trim().split('\n')[0] ?? '';
      return result(compiles, `cc failed (exit ${answer.status}${first === '' ? '' : `: ${first}`})`);
    }
  }
  return result(compiles, null);
}
