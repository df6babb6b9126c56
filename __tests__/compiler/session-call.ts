/**
 * One compile through the compile core (as a server or a shim calls it) with what it did read back:
 * the statistics' change (hit, miss or the uncacheable reason) and the call's COMPILE_CACHE_LOG
 * block. For the direct-mode and depend-mode tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compile, createSession, type CompileSession } from '../../src/compiler/compile.js';
import { stats, which, wrapperEnv } from './helpers.js';

/** gcc and clang where installed; a missing one is named in a warning and its cases skipped. */
export function compilersHere(what: string): string[] {
  return ['gcc', 'clang'].filter(cc => {
    const present = which(cc) !== null;
    if (!present) console.warn(`${cc} not installed: its ${what} cases are skipped`);
    return present;
  });
}

/** Files changed within a second of a compile are "too new" for a manifest or a depend key: wait that second out. */
export const settle = (): Promise<void> => new Promise(resolve => setTimeout(resolve, 1100));

/** A session logging to `<cacheDir>/../<name>.log`. */
export function loggedSession(cacheDir: string, name: string): CompileSession {
  return createSession(cacheDir, { logFile: path.join(path.dirname(cacheDir), `${name}.log`) });
}

export interface LoggedCall {
  /** `hit`, `miss`, or the uncacheable reasons counted by this call. */
  result: string;
  /** The call's log block: phases and notes. */
  log: string[];
  status: number;
  stdout: string;
  stderr: string;
}

/** One compile of `cc args` in `cwd` through `session` (made by loggedSession). */
export async function loggedCall(
  session: CompileSession,
  cc: string,
  cwd: string,
  args: string[],
  env: Record<string, string> = {}
): Promise<LoggedCall> {
  const log = session.logFile as string;
  const before = existsSync(log) ? readFileSync(log, 'utf8').length : 0;
  const s0 = await stats(session.cacheDir);
  const answer = await compile(session, {
    invokedAs: 'launcher',
    mode: 'launcher',
    args: [cc, ...args],
    cwd,
    env: wrapperEnv(session.cacheDir, env),
    stderrIsTTY: false
  });
  if (answer.kind !== 'done') throw new Error(`not compiled through the cache: ${JSON.stringify(answer)}`);
  const s1 = await stats(session.cacheDir);
  const changed = Object.keys(s1.uncacheable).filter(k => s1.uncacheable[k] !== s0.uncacheable[k]);
  const result = s1.hits > s0.hits ? 'hit' : s1.misses > s0.misses ? 'miss' : changed.join(',');
  const block = readFileSync(log, 'utf8')
    .slice(before)
    .split('\n')
    .slice(1)
    .map(l => l.trim())
    .filter(l => l !== '');
  return {
    result,
    log: block,
    status: answer.status,
    stdout: answer.stdout.toString(),
    stderr: answer.stderr.toString()
  };
}
