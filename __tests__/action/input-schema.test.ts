/**
 * The input schema is the one origin of the inputs: the three action.yml files, the README's table
 * and docs/cli.md's flags are what scripts/gen-inputs.mjs makes of it (`npm run check-inputs`), a
 * drift in any of them is caught naming the file and the input, and readConfig's defaults are the
 * schema's.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INPUTS } from '../../src/config/input-schema.js';
import { INPUT_DEFAULTS, readConfig } from '../../src/config/inputs.js';
import { actionDefaults, REPO_ROOT, runProcess } from '../helpers/runner.js';

const GEN = join(REPO_ROOT, 'scripts', 'gen-inputs.mjs');
const FILES = ['action.yml', 'restore/action.yml', 'save/action.yml', 'README.md', 'docs/cli.md'];
const ACTION_YML = { main: 'action.yml', restore: 'restore/action.yml', save: 'save/action.yml' } as const;

const gen = (args: string[]) =>
  runProcess(process.execPath, [GEN, ...args], { cwd: REPO_ROOT, env: process.env });

let copy: string;
beforeEach(async () => {
  copy = await mkdtemp(join(tmpdir(), 'compile-cache-inputs-'));
  for (const f of FILES) await cp(join(REPO_ROOT, f), join(copy, f));
});
afterEach(async () => {
  await rm(copy, { recursive: true, force: true });
});

async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(join(copy, file), 'utf8');
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  await writeFile(join(copy, file), changed);
}

test('the committed action.yml files, README.md and docs/cli.md are what the schema generates', async () => {
  const r = await gen(['--check']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

test.each([
  ['restore/action.yml', 'concurrency', /(concurrency:\n.*\n.*\n {4}default: )'64'/, "$1'32'"],
  ['save/action.yml', 'max-age', 'pruned, e.g. 14d, 720h', 'pruned'],
  ['action.yml', 'tenant', /\n {2}tenant:\n.*\n.*\n.*/, ''],
  ['README.md', 'refresh-after', '| `1d` ', '| `2d` '],
  ['docs/cli.md', 'bucket', /\n\| `--bucket <name>`.*/, '']
])(
  'a drift in %s is caught naming the input (%s), and generating repairs it',
  async (file, input, from, to) => {
    await edit(file, from, to);
    const r = await gen(['--check', copy]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`\n  ${file}: input ${input} `);
    // Only the drifted file is named.
    for (const other of FILES.filter(f => f !== file)) expect(r.stderr).not.toContain(`\n  ${other}:`);

    expect((await gen([copy])).code).toBe(0);
    expect((await gen(['--check', copy])).code).toBe(0);
    for (const f of FILES) {
      expect(await readFile(join(copy, f), 'utf8')).toBe(await readFile(join(REPO_ROOT, f), 'utf8'));
    }
  }
);

test('an input the schema does not have is named; missing markers are named', async () => {
  await edit(
    'save/action.yml',
    '\n  summary:\n',
    "\n  stray:\n    description: 'x'\n    required: false\n    default: ''\n  summary:\n"
  );
  await edit('README.md', '<!-- inputs:end -->', '');
  const r = await gen(['--check', copy]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('save/action.yml: input stray is not in the schema');
  expect(r.stderr).toContain('README.md has no <!-- inputs:start --> … <!-- inputs:end --> markers');
});

test('generating keeps everything outside the inputs block of an action.yml as it was', async () => {
  await edit('save/action.yml', /(concurrency:\n.*\n.*\n {4}default: )'64'/, "$1'32'");
  await edit('save/action.yml', /^inputs:\n[^]*?\n\n/m, 'inputs:\n  concurrency:\n    default: 1\n\n');
  expect((await gen([copy])).code).toBe(0);
  const outside = (t: string) => t.replace(/^inputs:\n[^]*?\n\n/m, '');
  const want = await readFile(join(REPO_ROOT, 'save/action.yml'), 'utf8');
  const got = await readFile(join(copy, 'save/action.yml'), 'utf8');
  expect(got).toBe(want);
  expect(outside(got)).toMatch(
    /^name: 'compile-cache\/save'[^]*runs:\n {2}using: 'node24'\n {2}main: '..\/dist\/action\/save.js'\n$/
  );
});

test("each action.yml has the schema's inputs and defaults (as the runner helper reads them)", async () => {
  for (const [action, file] of Object.entries(ACTION_YML)) {
    const want = Object.fromEntries(
      INPUTS.filter(i => (i.actions as readonly string[]).includes(action)).map(i => [i.name, i.default])
    );
    expect(await actionDefaults(join(REPO_ROOT, file))).toEqual(want);
  }
  // The drift this replaced: restore/ and save/ said 32 while the main action said 64.
  expect((await actionDefaults(join(REPO_ROOT, 'restore/action.yml'))).concurrency).toBe('64');
  expect((await actionDefaults(join(REPO_ROOT, 'save/action.yml'))).concurrency).toBe('64');
});

test("readConfig falls back to the schema's defaults; credentials have none there", () => {
  expect(INPUT_DEFAULTS).toEqual(
    Object.fromEntries(INPUTS.filter(i => !i.secret).map(i => [i.name, i.default]))
  );
  const c = readConfig(() => '', {});
  expect(c.concurrency).toBe(Number(INPUTS.find(i => i.name === 'concurrency')!.default));
  expect(c.prefix).toBe('cache/');
  expect(c.namespaces).toEqual(['compile', 'manifests']);
  expect(c.maxSize).toBe(5 * 1024 ** 3);
  expect(INPUTS.filter(i => i.secret).map(i => i.name)).toEqual([
    'access-key-id',
    'secret-access-key',
    'session-token'
  ]);
  expect(INPUTS.filter(i => i.secret && i.cli)).toEqual([]);
});
