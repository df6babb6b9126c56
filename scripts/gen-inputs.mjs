/**
 * Writes what is generated from the inputs' schema (src/config/input-schema.ts):
 *   the `inputs:` blocks of action.yml, restore/action.yml and save/action.yml (everything else in
 *   them stays as it is), the README's inputs table (between `<!-- inputs:start -->` and
 *   `<!-- inputs:end -->`) and docs/cli.md's flags table (between `<!-- flags:start -->` and
 *   `<!-- flags:end -->`).
 *
 *   node scripts/gen-inputs.mjs            rewrite the files (run by `npm run build`)
 *   node scripts/gen-inputs.mjs --check    fail naming each file and input that differs (`npm run check-inputs`)
 *
 * A directory after the options is used instead of the repository (the tests check a copy); the
 * schema is always the repository's.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import * as prettier from 'prettier';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const ACTION_FILES = { main: 'action.yml', restore: 'restore/action.yml', save: 'save/action.yml' };
const README_MARKERS = ['<!-- inputs:start -->', '<!-- inputs:end -->'];
const CLI_MARKERS = ['<!-- flags:start -->', '<!-- flags:end -->'];

/** The schema module (TypeScript, loaded through tsx). */
export async function loadSchema() {
  return tsImport('../src/config/input-schema.ts', import.meta.url);
}

const yamlQuote = s => `'${s.replace(/'/g, "''")}'`;

function yamlInput(spec) {
  return [
    `  ${spec.name}:`,
    `    description: ${yamlQuote(spec.description)}`,
    '    required: false',
    `    default: ${yamlQuote(spec.default)}`
  ].join('\n');
}

/** Markdown table cell text: `|` escaped, and `<…>` kept from being read as HTML. */
const cell = s => s.replace(/\|/g, '\\|').replace(/</g, '\\<');

const ACTION_LABELS = { main: 'compile-cache', restore: 'restore', save: 'save' };

function readmeRow(spec) {
  const def = spec.default === '' ? '(empty)' : `\`${spec.default}\``;
  const actions = spec.actions.length === 3 ? 'all' : spec.actions.map(a => ACTION_LABELS[a]).join(', ');
  return `| \`${spec.name}\` | ${def} | ${actions} | ${cell(spec.description)} |`;
}

function cliRow(schema, spec) {
  const def = spec.default === '' ? '(empty)' : `\`${spec.default}\``;
  // In a code span only `|` needs its escape (`--path-style <true\|false>`).
  const flag = `--${spec.name} <${schema.valueName(spec)}>`.replace(/\|/g, '\\|');
  return `| \`${flag}\` | \`${schema.inputEnvName(spec.name)}\` | ${def} | ${cell(spec.description)} |`;
}

/** The lines of `text`'s top-level `inputs:` block: [first line after `inputs:`, end) (trailing blank lines excluded). */
function inputsBlock(text) {
  const lines = text.split('\n');
  const start = lines.indexOf('inputs:');
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || /^\s/.test(lines[end]))) end++;
  while (end > start + 1 && lines[end - 1] === '') end--;
  return { lines, start: start + 1, end };
}

function betweenMarkers(text, [open, close]) {
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a < 0 || b < a) return undefined;
  return { start: a + open.length, end: b };
}

async function format(text, file) {
  const options = (await prettier.resolveConfig(join(ROOT, file))) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

/**
 * What each generated file should hold, given its current text: `{ file: { text, region, entries } }`
 * where `entries` maps each input name to the text generated for it (for naming differences).
 * A file whose markers or inputs block are missing gets `error`.
 */
export async function generate(root, schema) {
  const out = {};
  for (const [action, file] of Object.entries(ACTION_FILES)) {
    const current = await readFile(join(root, file), 'utf8');
    const block = inputsBlock(current);
    if (!block) {
      out[file] = { current, error: 'has no top-level inputs: block' };
      continue;
    }
    const specs = schema.INPUTS.filter(s => s.actions.includes(action));
    const lines = [...block.lines];
    lines.splice(block.start, block.end - block.start, ...specs.map(yamlInput));
    out[file] = { current, text: await format(lines.join('\n'), file), kind: 'yaml' };
  }
  for (const [file, markers, header, rows] of [
    [
      'README.md',
      README_MARKERS,
      ['| input | default | in | meaning |', '| --- | --- | --- | --- |'],
      // The action's inputs: the CLI's own (in no action.yml) are in docs/cli.md only.
      schema.INPUTS.filter(s => s.actions.length > 0).map(readmeRow)
    ],
    [
      'docs/cli.md',
      CLI_MARKERS,
      ['| flag | variable | default | meaning |', '| --- | --- | --- | --- |'],
      schema.CLI_INPUTS.map(s => cliRow(schema, s))
    ]
  ]) {
    const current = await readFile(join(root, file), 'utf8');
    const region = betweenMarkers(current, markers);
    if (!region) {
      out[file] = { current, error: `has no ${markers[0]} … ${markers[1]} markers` };
      continue;
    }
    const table = ['', ...header, ...rows, ''].join('\n');
    const text = current.slice(0, region.start) + '\n' + table + '\n' + current.slice(region.end);
    out[file] = { current, text: await format(text, file), kind: 'table', markers };
  }
  return out;
}

/** `name → text` of each input in a generated part: YAML entries, or table rows named by their first cell. */
function entriesOf(text, g) {
  const map = new Map();
  if (g.kind === 'yaml') {
    const block = inputsBlock(text);
    if (!block) return map;
    let name;
    for (const line of block.lines.slice(block.start, block.end)) {
      const m = /^ {2}([\w-]+):\s*$/.exec(line);
      if (m) {
        name = m[1];
        map.set(name, []);
      } else if (name) map.get(name).push(line.trim());
    }
  } else {
    const region = betweenMarkers(text, g.markers);
    if (!region) return map;
    for (const line of text.slice(region.start, region.end).split('\n')) {
      const m = /^\|\s*`(?:--)?([\w-]+)[^`]*`\s*\|(.*)$/.exec(line);
      if (m) map.set(m[1], [m[2].replace(/\s+/g, ' ').trim()]);
    }
  }
  return new Map([...map].map(([k, v]) => [k, v.join('\n')]));
}

/** Every difference between the files under `root` and what the schema generates, one line each. */
export async function check(root, schema) {
  const problems = [];
  for (const [file, g] of Object.entries(await generate(root, schema))) {
    if (g.error) {
      problems.push(`${file} ${g.error}`);
      continue;
    }
    if (g.text === g.current) continue;
    const want = entriesOf(g.text, g);
    const have = entriesOf(g.current, g);
    const before = problems.length;
    for (const [name, text] of want) {
      if (!have.has(name)) problems.push(`${file}: input ${name} is missing`);
      else if (have.get(name) !== text) {
        problems.push(
          `${file}: input ${name} differs from the schema:\n      have ${have.get(name).replace(/\n/g, '\n           ')}\n      want ${text.replace(/\n/g, '\n           ')}`
        );
      }
    }
    for (const name of have.keys()) {
      if (!want.has(name)) problems.push(`${file}: input ${name} is not in the schema (or not in this file)`);
    }
    if (problems.length === before) {
      problems.push(`${file}: the generated inputs differ from the schema (order or layout)`);
    }
  }
  return problems;
}

/** Rewrites every generated file under `root` that differs; returns the files written. */
export async function write(root, schema) {
  const written = [];
  for (const [file, g] of Object.entries(await generate(root, schema))) {
    if (g.error) throw new Error(`gen-inputs: ${file} ${g.error}`);
    if (g.text !== g.current) {
      await writeFile(join(root, file), g.text);
      written.push(file);
    }
  }
  return written;
}

async function main() {
  const args = process.argv.slice(2);
  const checking = args.includes('--check');
  const root = resolve(args.find(a => !a.startsWith('--')) ?? ROOT);
  const schema = await loadSchema();
  if (checking) {
    const problems = await check(root, schema);
    if (problems.length > 0) {
      console.error(
        `check-inputs: these differ from src/config/input-schema.ts:\n  ${problems.join('\n  ')}\nRun npm run build (or node scripts/gen-inputs.mjs) and commit the result.`
      );
      process.exit(1);
    }
    console.log('check-inputs: the action.yml files, README.md and docs/cli.md match the inputs schema');
  } else {
    const written = await write(root, schema);
    console.log(written.length > 0 ? `gen-inputs: wrote ${written.join(', ')}` : 'gen-inputs: up to date');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
