/**
 * The `compile-cache` command's help, run as users run it (`node bin/compile-cache.js`, the built
 * dist/): every way of asking for help exits 0 and prints the flags the input schema defines; an
 * unknown command or flag is bad usage (exit 2) and is named.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI_INPUTS, INPUTS, inputEnvName, valueName } from '../../src/config/input-schema.js';
import { REPO_ROOT, runProcess } from '../helpers/runner.js';

const BIN = join(REPO_ROOT, 'bin', 'compile-cache.js');
const BUCKET_COMMANDS = ['restore', 'save', 'clean', 'ls'];

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  // No COMPILE_CACHE_* from the outer environment: help must not depend on them.
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('COMPILE_CACHE_'))
  );
  return runProcess(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...clean, ...env } });
}

test.each([['--help'], ['help'], ['-h'], ['(no arguments)']])(
  'compile-cache %s exits 0 with the usage and every flag',
  async (...args) => {
    const r = await cli(args.filter(a => a !== '(no arguments)'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: compile-cache <command>/);
    for (const c of [...BUCKET_COMMANDS, 'wrap', 'stats', 'zero-stats', 'install-shims', 'server']) {
      expect(r.stdout).toContain(`  ${c}`);
    }
    for (const spec of CLI_INPUTS) expect(r.stdout).toContain(`--${spec.name}`);
  }
);

test.each(BUCKET_COMMANDS)(
  "compile-cache %s --help (and help <command>) print that command with the schema's flags, defaults and variables",
  async command => {
    const viaFlag = await cli([command, '--help'], { COMPILE_CACHE_CONCURRENCY: 'not a number' });
    expect(viaFlag.stderr).toBe('');
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stdout).toMatch(new RegExp(`^usage: compile-cache ${command} `));
    for (const spec of CLI_INPUTS) {
      const def = spec.default === '' ? 'empty' : spec.default;
      expect(viaFlag.stdout).toContain(
        `--${spec.name} <${valueName(spec)}>   (${inputEnvName(spec.name)}; default ${def})`
      );
      // The description, however it is wrapped.
      expect(viaFlag.stdout.replace(/\s+/g, ' ')).toContain(spec.description);
    }
    expect(viaFlag.stdout).toContain('--concurrency <n>   (COMPILE_CACHE_CONCURRENCY; default 64)');
    expect(viaFlag.stdout).toContain('--json');
    // Credentials are never flags.
    for (const spec of INPUTS.filter(s => s.secret)) expect(viaFlag.stdout).not.toContain(`--${spec.name}`);

    const viaHelp = await cli(['help', command]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  }
);

test('the job-only inputs are not flags of the command', () => {
  const names = CLI_INPUTS.map(s => s.name);
  for (const jobOnly of [
    'summary',
    'compiler-shims',
    'cmake-launcher',
    'save-on-failure',
    'restore',
    'save'
  ]) {
    expect(names).not.toContain(jobOnly);
  }
  expect(names).toEqual(
    expect.arrayContaining(['cache-dir', 'bucket', 'max-size', 'concurrency', 'upload-mode'])
  );
});

test.each(['wrap', 'stats', 'zero-stats', 'install-shims', 'server'])(
  'compile-cache help %s exits 0 with its usage',
  async c => {
    const r = await cli(['help', c]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: compile-cache ${c}`));
  }
);

test('an unknown command exits 2 naming it, with or without --help', async () => {
  for (const args of [['frobnicate'], ['frobnicate', '--help'], ['help', 'frobnicate']]) {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown command "frobnicate"');
  }
});

test('an unknown flag and a credential given as a flag are bad usage (exit 2), named', async () => {
  const unknown = await cli(['clean', '--frobnicate', 'x']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown flag --frobnicate');
  const secret = await cli(['ls', '--secret-access-key', 'hunter2', '--bucket', 'b']);
  expect(secret.code).toBe(2);
  expect(secret.stderr).toContain('unknown flag --secret-access-key');
  expect(secret.stderr).not.toContain('hunter2');
});

test("a bad flag value still fails with the input's own message (exit 2)", async () => {
  const r = await cli(['clean', '--concurrency', '0']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(
    'input "concurrency": "0" is not a transfer count: expected a whole number from 1 to 256'
  );
});

test.each(['wrap', 'stats', 'zero-stats', 'install-shims', 'server'])(
  'compile-cache %s --help prints that command and touches nothing',
  async command => {
    const cwdBefore = await readdir(REPO_ROOT);
    const r = await cli([command, '--help']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: compile-cache ${command}`));
    // install-shims used to create a directory named --help; wrap looked for a compiler of that name.
    expect(await readdir(REPO_ROOT)).toEqual(cwdBefore);
  }
);
